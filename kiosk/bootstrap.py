"""The composition root: the one place where the configuration becomes the ledger, the bank
client and the payment engine, for every command, the app and the wallet.

Commands that only read the books open the ledger alone; commands that move money open the
services. In a demo with no `base_url`, the testbed starts inside this process on a free
loopback port with auto-consent, its books kept in the data directory so that payments made
in one run can be queried in the next, and its customers are enrolled on first use, so a
demo code can be paid at once. No other module of the kiosk reaches the testbed.
"""

from __future__ import annotations

import logging
from collections import ChainMap
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from kiosk.config import Config, ConfigError, client_secret, sealing_key_path
from kiosk.context import Context
from payments.bootstrap import BankAccess, Payments, open_payments
from payments.codes import CodePolicy
from payments.database import Connection
from payments.engine import EngineSettings, PaymentEngine
from payments.enrollment import complete_enrollment
from payments.ledger import Ledger
from payments.openbanking.client import OpenBankingClient
from payments.receipts import Merchant
from payments.sealing import PREFIX, KeyFileError, SealingKey, load_key
from payments.signing_keys import KeyFileError as SigningKeyError
from payments.signing_keys import load_or_create_key
from server.terminal import OUTBOX_FILE, Outbox, RemoteEngine, TerminalClient
from wallet.issuer import wallet_keys

if TYPE_CHECKING:  # the testbed itself is imported only where a demo starts it
    from testbed.server import TestbedServer

log = logging.getLogger(__name__)

LEDGER_FILE = "ledger.sqlite3"
TERMINAL_KEY_FILE = "terminal.key"
TESTBED_FILE = "testbed.sqlite3"


@dataclass
class TerminalPayments:
    """A terminal's side of the chain: the server charges; the terminal keeps a copy."""

    engine: RemoteEngine
    ledger: Ledger  # the copy of this terminal's own payments
    client: TerminalClient
    outbox: Outbox

    def close(self) -> None:
        self.client.close()
        self.outbox.close()
        self.ledger.close()


@dataclass
class Services:
    payments: Payments | TerminalPayments
    merchant: Merchant
    testbed: TestbedServer | None  # the in-process testbed of a demo, if one runs

    @property
    def is_terminal(self) -> bool:
        return isinstance(self.payments, TerminalPayments)

    @property
    def engine(self) -> PaymentEngine | RemoteEngine:
        return self.payments.engine

    @property
    def ledger(self) -> Ledger:
        return self.payments.ledger

    @property
    def client(self) -> OpenBankingClient | TerminalClient:
        return self.payments.client

    def close(self) -> None:
        self.payments.close()
        if self.testbed is not None:
            self.testbed.stop()

    def __enter__(self) -> Services:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def open_ledger(context: Context, days: Iterable[str] = ()) -> Ledger:
    """The kiosk's books. A chain's terminal keeps a copy of its own sales: the business
    `days` a command reads are fetched from the server first, so that a refund made at
    another counter shows. With the server away the copy is read as it was, and a warning
    says so."""
    if days and context.config.server.url:
        services = _terminal(context)
        try:
            if not all(services.engine.sync(day) for day in days):
                log.warning("the chain's server cannot be reached: these are this counter's "
                            "copies of its sales as they were when it last could")
        finally:
            services.close()
    return Ledger(context.data_dir / LEDGER_FILE)


def merchant_of(config: Config) -> Merchant:
    m = config.merchant
    return Merchant(m.name, m.business_number, m.address, m.phone, m.representative)


def bootstrap(context: Context) -> Services:
    if context.config.server.url:
        return _terminal(context)
    return _bank_client(context, context.data_dir / LEDGER_FILE)


def bootstrap_server(context: Context, db_url: str) -> Services:
    """The chain's server: the engine on the books at `db_url` (PostgreSQL), migrated."""
    # Imported here: psycopg is a tenth of a second of every other command's start.
    from server.migrate import migrate
    from server.postgres import PostgresBooks

    migrate(db_url)
    return _bank_client(context, partial(PostgresBooks, db_url))


def terminal_key_path(context: Context) -> Path:
    """`server.key_file`; a relative name is in the data directory."""
    return context.data_dir / Path(context.config.server.key_file or TERMINAL_KEY_FILE
                                   ).expanduser()


def _terminal(context: Context) -> Services:
    config = context.config
    path = terminal_key_path(context)
    if not path.exists():
        raise ConfigError(f"{config.source}: server.key_file: {path} does not exist: make the "
                          "terminal's key with `kiosk terminal key` and register it on the "
                          "server")
    try:
        key = load_or_create_key(path)
    except SigningKeyError as exc:
        raise ConfigError(f"{config.source}: server.key_file: {exc}") from None
    ledger = open_ledger(context)
    outbox = Outbox(context.data_dir / OUTBOX_FILE)
    client = TerminalClient(config.server.url, key, timeout_s=config.openbanking.timeout_s)
    engine = RemoteEngine(client, ledger, outbox, deadline_s=config.payments.result_deadline_s,
                          poll_s=config.payments.result_poll_s)
    return Services(TerminalPayments(engine, ledger, client, outbox), merchant_of(config), None)


def _bank_client(context: Context, books: Path | Callable[[], Connection]) -> Services:
    config = context.config
    testbed = _demo_testbed(context) if not config.openbanking.base_url else None
    try:
        payments = open_payments(
            books,
            bank_access(config, testbed.url if testbed else config.openbanking.base_url),
            engine_settings(context),
            lambda db: _sealing_key(context, db))
    except BaseException:
        if testbed is not None:
            testbed.stop()
        raise
    if testbed is not None:
        _enroll_testbed_customers(testbed, payments)
    return Services(payments, merchant_of(config), testbed)


def bank_access(config: Config, base_url: str) -> BankAccess:
    settings = config.openbanking
    return BankAccess(base_url, settings.client_id, client_secret(config),
                      settings.redirect_uri, settings.institution_code, settings.terminal_id,
                      settings.timeout_s, settings.connect_timeout_s)


def engine_settings(context: Context) -> EngineSettings:
    config = context.config
    payments = config.payments
    return EngineSettings(
        merchant_name=config.merchant.name,
        contract_account_num=config.openbanking.contract_account_num,
        contract_bank_code=config.openbanking.contract_bank_code,
        # The configured issuers, and the wallet's of this machine (same data directory),
        # including a wallet key made after the kiosk started.
        codes=CodePolicy(payments.accept_static_codes, ChainMap(
            CodePolicy.from_config(False, payments.issuer_public_keys).public_keys,
            wallet_keys(context.data_dir))),
        max_per_payment=payments.max_per_payment,
        max_per_payer_per_day=payments.max_per_payer_per_day,
        max_per_day=payments.max_per_day, confirm_above=payments.confirm_above,
        result_deadline_s=payments.result_deadline_s,
        result_poll_s=payments.result_poll_s,
        not_found_after_s=payments.result_not_found_after_s)


def _demo_testbed(context: Context) -> TestbedServer:
    from testbed.server import make_testbed
    from testbed.settings import BankSettings

    config = context.config
    if not context.demo:
        raise ConfigError(f"{config.source}: openbanking.base_url: missing: set the bank's "
                          "URL, or run with --demo to use the built-in testbed")
    settings = config.openbanking
    try:
        bank = BankSettings(client_id=settings.client_id,
                            client_secret=client_secret(config).reveal(),
                            institution_code=settings.institution_code,
                            contract_account=settings.contract_account_num,
                            auto_consent=True, redirect_uris=(settings.redirect_uri,))
    except ValueError as exc:
        raise ConfigError(f"{config.source}: openbanking.redirect_uri: {exc}") from None
    return make_testbed(bank, state_path=str(context.data_dir / TESTBED_FILE)).start()


def _sealing_key(context: Context, db: Connection) -> SealingKey:
    """The ledger's sealing key. A missing one is made only while the ledger holds no sealed
    token (a new kiosk, the demo); otherwise making one would orphan every customer's
    tokens without a word, so the kiosk stops and says where the key should be."""
    path = sealing_key_path(context.config)
    holds_tokens = db.execute("SELECT 1 FROM tokens WHERE access_token LIKE ? LIMIT 1",
                              (f"{PREFIX}%",)).fetchone() is not None
    try:
        return load_key(path, create=context.demo or not holds_tokens)
    except KeyFileError as exc:
        raise ConfigError(f"{context.config.source}: openbanking.sealing_key_file: {exc}") \
            from None


def _enroll_testbed_customers(testbed: TestbedServer, payments: Payments) -> None:
    """The demo's customers, registered as if each had consented (the testbed auto-consents)."""
    from testbed.consent import auto_consent

    for account in testbed.bank.accounts():
        if account["merchant"] or payments.ledger.customer(account["fintech_use_num"]):
            continue
        code = auto_consent(payments.client.authorize_url(), account["user_seq_no"])
        complete_enrollment(payments.client, payments.ledger, code)


def demo_code(fintech_use_num: str | None = None) -> str:
    """A fresh code of a demo customer (the first, or the one of `fintech_use_num`), signed
    with the demo's published test key: what the demo customer strip and a scenario step
    without `code` show."""
    from testbed import demo_wallet

    return demo_wallet.demo_code(fintech_use_num)
