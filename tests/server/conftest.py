"""A chain as it runs: the server's app under uvicorn on loopback, its books in a real
PostgreSQL database, the testbed as the bank, and terminals (each with its own key, its own
copy of the books and its outbox) that reach the server over HTTP."""

import random
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

import httpx
import pytest
import uvicorn
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from kiosk.config import DEMO_CONFIG
from payments.bootstrap import BankAccess, open_payments
from payments.ledger import Ledger
from payments.masking import Secret
from payments.money import Sale
from server.app import create_app
from server.chain import Chain
from server.cluster import PostgresCluster
from server.migrate import migrate
from server.postgres import PostgresBooks
from server.terminal import Outbox, RemoteEngine, TerminalClient
from server.terminal_auth import public_key_text
from testbed import demo_data
from testbed.server import TestbedServer, make_testbed
from testbed.settings import BankSettings
from tests.books import fresh_database
from tests.conftest import SEALING_KEY, accounts, journal
from tests.payments.conftest import SETTINGS
from tests.payments.test_fault_storm import assert_books_equal_the_journal
from tests.ports import free_port


class Dropping(httpx.BaseTransport):
    """The network between a terminal and the server: loses the next `drops` answers on the
    way back (the server did the work), and, drawn from `chance` (a seeded generator, with
    `odds`), loses requests on the way there or answers on the way back."""

    def __init__(self, inner: httpx.BaseTransport) -> None:
        self.inner, self.drops = inner, 0
        self.chance: random.Random | None = None
        self.odds = 0.0

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        fate = self.chance.random() if self.chance else 1.0
        if fate < self.odds / 2:
            raise httpx.ReadTimeout("the request was lost on the way", request=request)
        response = self.inner.handle_request(request)
        if self.drops or fate < self.odds:
            self.drops = max(0, self.drops - 1)
            response.read()
            raise httpx.ReadTimeout("the answer was lost on the way back", request=request)
        return response


@dataclass
class Terminal:
    name: str
    engine: RemoteEngine
    transport: Dropping

    def pay(self, amount: int, code: str):
        return self.engine.pay(Sale.keyed(amount), code, "qr")


@dataclass
class Shops:
    """The chain: its bank, its server, and the counters made with `terminal`."""

    bank: TestbedServer
    chain: Chain
    url: str
    folder: Path
    closing: list = field(default_factory=list)

    def terminal(self, name: str, register: bool = True, **options) -> Terminal:
        key = Ed25519PrivateKey.generate()
        if register:
            self.chain.terminals.add(name, public_key_text(key))
        transport = Dropping(httpx.HTTPTransport())
        client = TerminalClient(self.url, key, timeout_s=5, transport=transport)
        ledger = Ledger(self.folder / f"{name}.sqlite3")
        outbox = Outbox(self.folder / f"{name}-outbox.sqlite3")
        engine = RemoteEngine(client, ledger, outbox, **{"deadline_s": 3, "poll_s": 0.1,
                                                           **options})
        self.closing += [client.close, outbox.close, ledger.close]
        return Terminal(name, engine, transport)

    def moved(self) -> int:
        """What the bank has taken from customers for this shop: charges minus refunds."""
        return sum(t["tran_amt"] if t["kind"] == "withdraw" else -t["tran_amt"]
                   for t in journal(self.bank))


def customer_fin(bank: TestbedServer, name: str = "김민준") -> str:
    return next(a["fintech_use_num"] for a in accounts(bank) if a["holder_name"] == name)


@contextmanager
def running_chain(books_url: str, folder: Path) -> Iterator[Shops]:
    """The chain on the books at `books_url`; on leaving, the books must equal the bank's
    journal, whatever happened in between."""
    port = free_port(socket.SOCK_STREAM)
    callback = f"http://127.0.0.1:{port}/enroll/done"
    with make_testbed(BankSettings(auto_consent=True, redirect_uris=(callback,))) as bank:
        access = BankAccess(bank.url, demo_data.DEMO_CLIENT_ID,
                            Secret(demo_data.DEMO_CLIENT_SECRET), callback,
                            demo_data.DEMO_INSTITUTION_CODE, "S01", timeout_s=5,
                            connect_timeout_s=2)
        payments = open_payments(partial(PostgresBooks, books_url), access, SETTINGS,
                                 lambda db: SEALING_KEY)
        chain = Chain(payments.engine, payments.client)
        server = uvicorn.Server(uvicorn.Config(create_app(chain), host="127.0.0.1", port=port,
                                               log_config=None, access_log=False))
        thread = threading.Thread(target=server.run, daemon=True)
        thread.start()
        while not server.started:
            time.sleep(0.01)
        made = Shops(bank, chain, f"http://127.0.0.1:{port}", folder)
        yield made
        chain.settle()
        assert_books_equal_the_journal(chain.ledger, bank)
        server.should_exit = True
        thread.join(10)
        for close in made.closing:
            close()
        payments.close()


@pytest.fixture
def chain(postgres_server, tmp_path) -> Iterator[Shops]:
    with running_chain(fresh_database(postgres_server), tmp_path) as shops:
        yield shops


@pytest.fixture
def own_cluster() -> Iterator[PostgresCluster]:
    """A PostgreSQL of the test's own, to kill."""
    with PostgresCluster() as cluster:  # a temporary folder PostgreSQL can reach
        migrate(cluster.url)
        yield cluster


SERVER_LIMITS = """
[payments]
accept_static_codes = true
issuer_public_keys = { "demo-1" = "m4Z0bF6FZVQsD90wLJCrPKVnSDcPxZZbH6w/jt9wqms=" }
max_per_payer_per_day = 999999999999
max_per_day = 999999999999
result_deadline_s = 2
result_poll_s = 0.2
result_not_found_after_s = 1
"""


def server_config(folder: Path, bank_url: str, redirect: str) -> Path:
    """A `kiosk server`'s configuration: the demo's, against the bank at `bank_url`, with no
    daily limits and short waits (a transfer the bank never had is called off in seconds)."""
    text = DEMO_CONFIG.read_text(encoding="utf-8")
    head, _, tail = text.partition("[payments]")
    head = head.replace('client_secret_file = "client_secret"',
                        f'client_secret_file = "{DEMO_CONFIG.parent / "client_secret"}"')
    head = head.replace('redirect_uri = "http://localhost:8765/callback"',
                        f'redirect_uri = "{redirect}"\nbase_url = "{bank_url}"\n'
                        f'sealing_key_file = "{folder / "ledger.key"}"\n'
                        'connect_timeout_s = 1')
    head = head.replace("timeout_s = 10", "timeout_s = 2")
    config = folder / "server.toml"
    config.write_text(head + SERVER_LIMITS + tail[tail.index("\n[devices]"):],
                      encoding="utf-8")
    return config
