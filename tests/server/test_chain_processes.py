"""Two `kiosk server` processes on one PostgreSQL database, as a chain runs them (docs/server.md,
"Several processes, one database"), and six terminals charging one customer through both
at the same instant, round after round (seeded): one code presented at every terminal at
once is charged once, the customer's daily limit holds exactly (a charge it turns away
would not have fitted), and the books equal the bank's journal."""

import os
import random
import socket
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from payments.ledger import Ledger
from payments.money import Sale
from server.postgres import PostgresBooks
from server.terminal import Outbox, RemoteEngine, TerminalClient
from server.terminal_auth import public_key_text
from server.terminals import Terminals
from testbed.consent import auto_consent
from testbed.server import make_testbed
from testbed.settings import BankSettings
from tests.books import fresh_database, totals_off
from tests.conftest import accounts, demo_code
from tests.payments.test_fault_storm import assert_books_equal_the_journal
from tests.ports import free_port
from tests.server.conftest import server_config

pytestmark = pytest.mark.integration  # server processes

LIMIT, TERMINALS, ROUNDS = 1_000_000, 6, 8


def test_two_server_processes_charge_a_code_once_and_fit_a_customers_limit_exactly(
        postgres_server, tmp_path):
    ports = [free_port(socket.SOCK_STREAM) for _ in range(2)]
    urls = [f"http://127.0.0.1:{port}" for port in ports]
    redirect = f"{urls[0]}/enroll/done"
    books = fresh_database(postgres_server)
    servers: list[subprocess.Popen] = []
    closing = []
    try:
        with make_testbed(BankSettings(auto_consent=True, redirect_uris=(redirect,))) as bank:
            config = server_config(tmp_path, bank.url, redirect)
            config.write_text(config.read_text(encoding="utf-8").replace(
                "max_per_payer_per_day = 999999999999", f"max_per_payer_per_day = {LIMIT}"),
                encoding="utf-8")
            chain_books = Ledger(PostgresBooks(books))
            closing.append(chain_books.close)
            keys = [Ed25519PrivateKey.generate() for _ in range(TERMINALS)]
            for number, key in enumerate(keys):
                Terminals(chain_books).add(f"t{number}", public_key_text(key))
            for number, port in enumerate(ports):
                servers.append(subprocess.Popen(
                    [sys.executable, "-m", "kiosk", "--config", str(config), "--data-dir",
                     str(tmp_path / f"server{number}"), "server", "--port", str(port),
                     "--db", books], env=dict(os.environ), stderr=subprocess.DEVNULL))
            for server, url in zip(servers, urls, strict=True):
                while not _answers(url):
                    assert server.poll() is None, "the server did not start"
                    time.sleep(0.1)
            counters = []
            for number, key in enumerate(keys):  # half the counters on each server
                client = TerminalClient(urls[number % 2], key, timeout_s=10)
                ledger = Ledger(tmp_path / f"t{number}.sqlite3")
                outbox = Outbox(tmp_path / f"t{number}-outbox.sqlite3")
                counters.append(RemoteEngine(client, ledger, outbox, deadline_s=5, poll_s=0.1))
                closing += [client.close, outbox.close, ledger.close]
            customer = next(a for a in accounts(bank) if a["holder_name"] == "김민준")
            consent, state = counters[0].begin_enrollment()
            httpx.get(f"{redirect}?code={auto_consent(consent, customer['user_seq_no'])}"
                      f"&state={state}").raise_for_status()
            fin = customer["fintech_use_num"]

            rng, start = random.Random(31), threading.Barrier(TERMINALS)
            charges = []
            for _ in range(ROUNDS):
                one = demo_code(fin) if rng.random() < 0.5 else None
                round_ = [(counter, one or demo_code(fin), rng.randint(5, 30) * 10_000)
                          for counter in counters]

                def pay(counter, code, amount):
                    start.wait(30)
                    return code, amount, counter.pay(Sale.keyed(amount), code, "qr")

                with ThreadPoolExecutor(TERMINALS) as pool:
                    charges += list(pool.map(lambda charge: pay(*charge), round_))

            assert_books_equal_the_journal(chain_books, bank)
            assert totals_off(chain_books) == 0
            approved = [(code, amount) for code, amount, paid in charges
                        if paid.status == "approved"]
            assert len({code for code, _ in approved}) == len(approved), "a code used twice"
            total = sum(amount for _, amount in approved)
            assert total <= LIMIT
            turned_away = [amount for _, amount, paid in charges
                           if paid.status == "declined" and "daily limit" in paid.reason.en]
            assert turned_away and all(total + amount > LIMIT for amount in turned_away)
            assert {paid.status for *_, paid in charges} == {"approved", "declined"}
    finally:
        for server in servers:
            server.kill()
            server.wait(30)
        for close in closing:
            close()


def _answers(url: str) -> bool:
    try:
        return httpx.get(f"{url}/healthz", timeout=1).status_code == 200
    except httpx.HTTPError:
        return False
