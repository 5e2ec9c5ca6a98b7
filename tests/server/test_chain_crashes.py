"""The chain's database killed -9 mid-charge: no charge lost or doubled, and the terminal
recovers by itself once PostgreSQL is back (issue 21). The books equal the bank's journal
at the end of each (running_chain checks)."""

import os
import signal
import socket
import subprocess
import sys
import threading
import time

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
from tests.books import fresh_database
from tests.conftest import accounts, demo_code, journal
from tests.ports import free_port
from tests.server.conftest import customer_fin, running_chain, server_config
from tests.server.test_chain import enroll_at

# What the bank did when the database died at each step: the request left the server only
# once the books had it, and the server needed the books (the token) to send it.
OUTCOME = {"charge-admitted": ("approved", 4500), "charge-committed": ("declined", 0),
           "charge-answered": ("approved", 4500)}


@pytest.mark.parametrize("step", list(OUTCOME))
def test_postgresql_killed_mid_charge_charges_once(own_cluster, tmp_path, step):
    with running_chain(own_cluster.url, tmp_path) as chain:
        counter = chain.terminal("a", deadline_s=30, poll_s=0.2)
        enroll_at(chain, counter)
        fin = customer_fin(chain.bank)
        engine = chain.chain.engine
        back = threading.Event()

        def kill_then_restart(name: str) -> None:
            if name == step and not back.is_set():
                back.set()
                own_cluster.kill()
                threading.Timer(1.0, own_cluster.start).start()
        engine.checkpoint = kill_then_restart
        paid = counter.pay(4500, demo_code(fin))
        assert back.is_set()
        if paid.status == "unknown":  # the books could not take the bank's answer
            chain.chain.settle()
            counter.engine.reconcile()
            paid = counter.engine.result(paid.payment_id)
        # Charged once or not at all (the database gone before the request left the
        # server: declined once the bank surely has nothing), and the counter knows which.
        moved = chain.moved()
        assert (paid.status, moved) == OUTCOME[step]
        assert counter.engine.outbox.waiting() == []
        again = counter.pay(3000, demo_code(fin))  # and the counter goes on by itself
        assert again.status == "approved" and chain.moved() == moved + 3000


@pytest.mark.parametrize("step", ["charge-committed", "charge-answered"])
def test_a_server_process_killed_mid_charge_charges_once(postgres_server, tmp_path, step):
    """`kiosk server` dies (SIGKILL) at `step`; another takes its place on the same books.
    The terminal's charge is settled by its key: once, or not at all, never twice."""
    port = free_port(socket.SOCK_STREAM)
    url, redirect = f"http://127.0.0.1:{port}", f"http://127.0.0.1:{port}/enroll/done"
    books = fresh_database(postgres_server)
    processes: list[subprocess.Popen] = []
    try:
        with make_testbed(BankSettings(auto_consent=True, redirect_uris=(redirect,))) as bank:
            config = server_config(tmp_path, bank.url, redirect)
            key = Ed25519PrivateKey.generate()
            Terminals(Ledger(PostgresBooks(books))).add("a", public_key_text(key))

            def server(crash_at: str = "") -> subprocess.Popen:
                process = subprocess.Popen(
                    [sys.executable, "-m", "kiosk", "--config", str(config), "--data-dir",
                     str(tmp_path / "server"), "server", "--port", str(port), "--db", books],
                    env={**os.environ, "KIOSK_CRASH_AT": crash_at}, stderr=subprocess.DEVNULL)
                while not _answers(url):
                    assert process.poll() is None, "the server did not start"
                    time.sleep(0.1)
                return process

            first = server(crash_at=step)
            processes.append(first)
            counter = RemoteEngine(TerminalClient(url, key, timeout_s=5),
                                   Ledger(tmp_path / "copy.sqlite3"), Outbox(tmp_path / "out"),
                                   deadline_s=1, poll_s=0.1)
            customer = next(a for a in accounts(bank) if a["holder_name"] == "김민준")
            consent, state = counter.begin_enrollment()
            httpx.get(f"{redirect}?code={auto_consent(consent, customer['user_seq_no'])}"
                      f"&state={state}").raise_for_status()
            paid = counter.pay(Sale.keyed(4500), demo_code(customer["fintech_use_num"]), "qr")
            assert paid.status == "unknown" and first.wait(10) == -signal.SIGKILL
            processes.append(server())
            deadline = time.monotonic() + 60
            while counter.outbox.waiting() and time.monotonic() < deadline:
                counter.reconcile()
                time.sleep(0.5)
            settled = counter.result(paid.payment_id)
            moved = sum(t["tran_amt"] for t in journal(bank))
                # Killed before the request left: the bank never had it; after: it did, once.
            assert (settled.status, moved) == {"charge-committed": ("declined", 0),
                                               "charge-answered": ("approved", 4500)}[step]
            assert counter.outbox.waiting() == []

    finally:
        for process in processes:
            process.kill()
            process.wait(30)

def _answers(url: str) -> bool:
    try:
        return httpx.get(f"{url}/healthz", timeout=1).status_code == 200
    except httpx.HTTPError:
        return False
