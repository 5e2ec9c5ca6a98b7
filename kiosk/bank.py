"""The kiosk's connection to Open Banking: the configured bank, or the demo's own testbed.

With no `base_url` in a demo, the testbed simulator starts inside this process on a free
loopback port with auto-consent, its books kept in the data directory so that payments made
in one run can be queried in the next.
"""

from dataclasses import dataclass

from kiosk.config import ConfigError, client_secret, sealing_key_path
from kiosk.context import Context
from payments.database import open_database
from payments.openbanking.client import ClientSettings, OpenBankingClient
from payments.openbanking.tokens import TokenStore
from payments.openbanking.tran_ids import BankTranIds
from payments.sealing import PREFIX, KeyFileError, SealingKey, load_key
from testbed.server import TestbedServer, make_testbed
from testbed.settings import BankSettings

LEDGER_FILE = "ledger.sqlite3"
TESTBED_FILE = "testbed.sqlite3"


@dataclass
class BankConnection:
    client: OpenBankingClient
    testbed: TestbedServer | None  # the in-process testbed of a demo, if one runs

    def close(self) -> None:
        self.client.close()
        if self.testbed is not None:
            self.testbed.stop()


def connect_bank(context: Context) -> BankConnection:
    config = context.config
    settings = config.openbanking
    secret = client_secret(config)
    testbed = None
    base_url = settings.base_url
    if not base_url:
        if not context.demo:
            raise ConfigError(f"{config.source}: openbanking.base_url: missing: set the bank's "
                              "URL, or run with --demo to use the built-in testbed")
        try:
            bank = BankSettings(client_id=settings.client_id, client_secret=secret.reveal(),
                                institution_code=settings.institution_code,
                                contract_account=settings.contract_account_num,
                                auto_consent=True, redirect_uris=(settings.redirect_uri,))
        except ValueError as exc:
            raise ConfigError(f"{config.source}: openbanking.redirect_uri: {exc}") from None
        testbed = make_testbed(bank, state_path=str(context.data_dir / TESTBED_FILE)).start()
        base_url = testbed.url
    db = open_database(context.data_dir / LEDGER_FILE)
    client = OpenBankingClient(
        ClientSettings(base_url, settings.client_id, secret, settings.redirect_uri,
                       settings.timeout_s, settings.connect_timeout_s),
        TokenStore(db, sealing_key(context, db)),
        BankTranIds(db, settings.institution_code, settings.terminal_id))
    return BankConnection(client, testbed)


def sealing_key(context: Context, db) -> SealingKey:
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
