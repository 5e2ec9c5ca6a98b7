"""One wiring of the ledger, the Open Banking client and the payment engine.

The kiosk's commands, its app, the wallet, the tests and the benchmarks all build their
engine here, so a rule about how the parts fit (which connection keeps the tokens, how long
one call to the bank may take) is written once and holds everywhere.
"""

import dataclasses
import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path

import httpx

from payments.database import Connection, open_database
from payments.engine import EngineSettings, PaymentEngine
from payments.ledger import Ledger
from payments.masking import Secret
from payments.openbanking.client import ClientSettings, OpenBankingClient
from payments.openbanking.tokens import TokenStore
from payments.openbanking.tran_ids import BankTranIds
from payments.sealing import SealingKey


@dataclass(frozen=True)
class BankAccess:
    """Who this kiosk is at the Open Banking centre, and how long it waits for it."""

    base_url: str
    client_id: str
    client_secret: Secret
    redirect_uri: str
    institution_code: str
    terminal_id: str = ""
    timeout_s: float = 10.0
    connect_timeout_s: float = 5.0

    @property
    def call_limit_s(self) -> float:
        """The longest one call may take: a token renewal and the request, each bounded by
        the client's timeouts. The engine waits this long before it believes a transfer whose
        call never ended is not still on its way."""
        return 2 * (self.timeout_s + self.connect_timeout_s)


def connect(access: BankAccess, db: Connection, key: SealingKey, *,
            transport: httpx.BaseTransport | None = None,
            clock: Callable[[], float] = time.time) -> OpenBankingClient:
    """The client, keeping its sealed tokens and its transfer ids in the ledger's database.
    `transport` and `clock` are for tests: a bank that answers from a script, a clock that
    steps."""
    settings = ClientSettings(access.base_url, access.client_id, access.client_secret,
                              access.redirect_uri, access.timeout_s, access.connect_timeout_s)
    return OpenBankingClient(settings, TokenStore(db, key),
                             BankTranIds(db, access.institution_code, access.terminal_id),
                             transport=transport, clock=clock)


@dataclass
class Payments:
    """What moves and records money: close it when done (it holds two connections)."""

    engine: PaymentEngine
    ledger: Ledger
    client: OpenBankingClient
    db: Connection

    def close(self) -> None:
        self.client.close()
        self.ledger.close()
        self.db.close()


def open_payments(books: Path | Callable[[], Connection], access: BankAccess,
                  settings: EngineSettings, sealing_key: Callable[[Connection], SealingKey]
                  ) -> Payments:
    """`books` is a kiosk's SQLite file, or what opens a connection to a chain's books.
    `sealing_key` is asked with the ledger open, because whether a missing key may be made
    depends on whether the ledger already holds tokens sealed with one."""
    opener = partial(open_database, books) if isinstance(books, Path) else books
    db = opener()
    try:
        client = connect(access, db, sealing_key(db))
    except BaseException:
        db.close()
        raise
    ledger = Ledger(opener())
    settings = dataclasses.replace(settings, call_limit_s=access.call_limit_s)
    return Payments(PaymentEngine(ledger, client, settings), ledger, client, db)
