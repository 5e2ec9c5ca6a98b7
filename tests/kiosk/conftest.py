"""A bank in its own process and a kiosk configured for it, driven as a tester would."""

import contextlib
import json
import os
import socket
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from testbed import demo_data
from tests.ports import free_port


@dataclass
class Counter:
    """The kiosk at a shop counter: its command, its data directory, and its bank."""

    env: dict
    data_dir: Path
    bank_url: str

    def run(self, *args: str, crash_at: str = "", **kwargs) -> subprocess.CompletedProcess:
        env = {**self.env, "KIOSK_CRASH_AT": crash_at}
        kwargs.setdefault("text", True)  # text=False for a command that writes bytes
        return subprocess.run([sys.executable, "-m", "kiosk", *args], capture_output=True,
                              env=env, timeout=120, **kwargs)

    def start(self, *args: str) -> subprocess.Popen:
        return subprocess.Popen([sys.executable, "-m", "kiosk", *args], env=self.env,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)

    def journal(self) -> list[dict]:
        return httpx.get(f"{self.bank_url}/_sim/transfers").json()

    def faults(self, *rules: dict) -> None:
        httpx.post(f"{self.bank_url}/_sim/faults", json={"rules": list(rules)})

    def accounts(self) -> list[dict]:
        return httpx.get(f"{self.bank_url}/_sim/accounts").json()

    def assert_books_agree(self) -> None:
        """Every transfer the bank applied is approved in the ledger, and nothing else is."""
        db = sqlite3.connect(self.data_dir / "ledger.sqlite3")
        booked = {row for row in db.execute(
            "SELECT bank_tran_id, kind, amount FROM transfers WHERE status = 'approved'")}
        open_ones = db.execute("SELECT count(*) FROM transfers WHERE status IN "
                               "('sending', 'unknown')").fetchone()[0]
        paid = db.execute("SELECT coalesce(sum(amount), 0) FROM payments "
                          "WHERE status = 'approved'").fetchone()[0]
        refunded = db.execute("SELECT coalesce(sum(amount), 0) FROM transfers "
                              "WHERE kind = 'deposit' AND status = 'approved'").fetchone()[0]
        twice = db.execute("SELECT payment_id FROM transfers WHERE kind = 'withdraw' AND "
                           "status = 'approved' GROUP BY payment_id HAVING count(*) > 1"
                           ).fetchall()
        db.close()
        moved = {(t["bank_tran_id"], t["kind"], t["tran_amt"]) for t in self.journal()}
        assert open_ones == 0
        assert booked == moved
        assert paid - refunded == sum(a if k == "withdraw" else -a for _, k, a in moved)
        assert twice == []


@contextlib.contextmanager
def holding(data_dir: Path) -> Iterator[subprocess.Popen]:
    """Another process holding `data_dir` as a running kiosk does (kiosk/instance.py)."""
    holder = subprocess.Popen(
        [sys.executable, "-c", "import sys, pathlib\n"
         "from kiosk.instance import only_kiosk_on\n"
         "with only_kiosk_on(pathlib.Path(sys.argv[1])):\n"
         "    print('holding', flush=True); sys.stdin.read()", str(data_dir)],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline() == "holding\n"
        yield holder
    finally:
        holder.stdin.close()
        holder.wait(timeout=10)


def kiosk(*args, env=None, **kwargs) -> subprocess.CompletedProcess:
    """The kiosk command in its own process, as a user types it."""
    kwargs.setdefault("timeout", 60)
    return subprocess.run([sys.executable, "-m", "kiosk", *args], capture_output=True,
                          text=True, env=env, **kwargs)


@pytest.fixture
def env(tmp_path):
    """A user with no configuration of their own: the demo, data in tmp_path/data."""
    return {**os.environ, "HOME": str(tmp_path), "KIOSK_DATA_DIR": str(tmp_path / "data"),
            "KIOSK_CONFIG": ""}


@contextlib.contextmanager
def counter_at(home: Path) -> Iterator[Counter]:
    """A bank in its own process (its books in `home`) and a kiosk configured for it, with
    its configuration (and sealing key) in `home` and its data in `home/data`."""
    redirect_uri = f"http://127.0.0.1:{free_port(socket.SOCK_STREAM)}/callback"
    bank = subprocess.Popen(
        [sys.executable, "-m", "kiosk", "--data-dir", str(home / "bank-logs"), "sim", "bank",
         "--port", "0", "--json", "--auto-consent", "--state", str(home / "bank.sqlite3"),
         "--redirect-uri", redirect_uri],
        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    url = json.loads(bank.stdout.readline())["url"]
    config = home / "kiosk.toml"
    config.write_text(f"""
[merchant]
name = "테스트 상점"
business_number = "123-45-67890"
[openbanking]
base_url = "{url}"
client_id = "{demo_data.DEMO_CLIENT_ID}"
institution_code = "{demo_data.DEMO_INSTITUTION_CODE}"
contract_account_num = "{demo_data.DEMO_CONTRACT_ACCOUNT}"
contract_bank_code = "011"
redirect_uri = "{redirect_uri}"
timeout_s = 2
connect_timeout_s = 1
terminal_id = "T01"
[payments]
accept_static_codes = true
result_deadline_s = 1
result_poll_s = 0.1
result_not_found_after_s = 0.5
""", encoding="utf-8")
    env = {**os.environ, "HOME": str(home), "KIOSK_CONFIG": str(config),
           "KIOSK_DATA_DIR": str(home / "data"),
           "KIOSK_CLIENT_SECRET": demo_data.DEMO_CLIENT_SECRET}
    try:
        yield Counter(env, home / "data", url)
    finally:
        bank.terminate()
        bank.wait(timeout=10)


@pytest.fixture(scope="module")
def counter(tmp_path_factory):
    with counter_at(tmp_path_factory.mktemp("counter")) as at_the_counter:
        yield at_the_counter
