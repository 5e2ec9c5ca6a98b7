"""The demo chain as the README runs it: `kiosk server` with two counters' configurations,
a customer registered at one counter pays at the other, a refund at the first, and the
owner's report and CSV show both counters (issue 21's "done when")."""

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from kiosk.commands.server_command import DEMO_OWNER_PASSWORD, demo_cluster_folder
from kiosk.context import make_context
from tests.books import fresh_database
from tests.ports import free_port, free_port_pair

pytestmark = pytest.mark.integration


def kiosk(*args: str, home: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "kiosk", *args], capture_output=True,
                          text=True, timeout=120, env={**os.environ, "HOME": str(home)})


def _healthy(url: str) -> bool:
    try:
        return httpx.get(url).status_code == 200
    except httpx.ConnectError:
        return False


def test_a_customer_registered_at_one_counter_pays_at_the_other(postgres_server, tmp_path):
    port = free_port(socket.SOCK_STREAM)
    server = subprocess.Popen(
        [sys.executable, "-m", "kiosk", "--data-dir", str(tmp_path / "chain"), "server",
         "--port", str(port), "--db", fresh_database(postgres_server)],
        stderr=subprocess.PIPE, text=True, env={**os.environ, "HOME": str(tmp_path)})
    try:
        said = [server.stderr.readline() for _ in range(4)]
        assert any("counter-2.toml run" in line for line in said), said
        assert any(DEMO_OWNER_PASSWORD in line for line in said), said
        while not _healthy(f"http://127.0.0.1:{port}/healthz"):  # it says so before it listens
            time.sleep(0.1)
        first, second = (str(tmp_path / "chain" / "counters" / f"counter-{n}.toml")
                         for n in (1, 2))
        shown = kiosk("--config", first, "config", home=tmp_path).stdout
        assert f"through the chain's server http://127.0.0.1:{port}" in shown, shown
        assert "not needed: the chain's server holds it" in shown and "[server]" in shown
        enrolled = kiosk("--config", first, "enroll", "--follow", "--json", home=tmp_path)
        assert enrolled.returncode == 0, enrolled.stderr
        code = kiosk("sim", "code", home=tmp_path).stdout.splitlines()[0]
        paid = kiosk("--config", second, "pay", "--amount", "9000", "--code", code, "--json",
                     home=tmp_path)
        assert paid.returncode == 0, paid.stderr + paid.stdout
        payment = paid.stdout.split('"payment_id": "')[1].split('"')[0]
        refunded = kiosk("--config", first, "refund", payment, "--amount", "2000",
                         home=tmp_path)
        assert refunded.returncode == 0 and "refunded" in refunded.stdout, refunded.stderr
        # Counter 2's own books (its copy of the chain's) show the refund made at counter 1.
        listed = kiosk("--config", second, "payments", "--json", home=tmp_path)
        (row,) = [p for p in json.loads(listed.stdout) if p["payment_id"] == payment]
        assert (row["status"], row["refunded"], row["remaining"]) == (
            "partly_refunded", 2000, 7000)
        reprint = kiosk("--config", second, "receipt", payment, home=tmp_path).stdout
        assert "7,000" in reprint, reprint
        code = kiosk("sim", "code", home=tmp_path).stdout.splitlines()[0]
        assert kiosk("--config", first, "pay", "--amount", "4500", "--code", code,
                     home=tmp_path).returncode == 0

        owner = httpx.Client(base_url=f"http://127.0.0.1:{port}")
        signed_in = owner.post("/owner/login", data={"password": DEMO_OWNER_PASSWORD})
        assert signed_in.status_code == 303
        # The cookie is Secure; a browser sends it to 127.0.0.1 over http, httpx does not.
        owner.cookies = dict(signed_in.cookies)
        csv = owner.get("/owner/report.csv").text
        assert "counter-1" in csv and "counter-2" in csv
        report = owner.get("/owner/report").text
        assert "11,500원" in report  # 9,000 + 4,500 − 2,000, both counters in one report
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(30)


def test_the_terminal_commands_find_the_books_of_the_demo_chain_beside_them(tmp_path):
    """The README's demo chain keeps its books in a PostgreSQL of its own: `kiosk terminal`
    on the same data directory reaches them with no --db and no password to look for."""
    data = tmp_path / "chain"
    stopped = kiosk("--data-dir", str(data), "terminal", "list", home=tmp_path)
    assert (stopped.returncode, stopped.stderr) == (1, (
        f"kiosk: the demo chain's server is not running on {data}: start it (kiosk "
        f"--data-dir {data} server), or say where the chain's books are with --db "
        "postgresql://USER@HOST/DB\n"))
    port = free_port_pair()
    server = subprocess.Popen(
        [sys.executable, "-m", "kiosk", "--data-dir", str(data), "server", "--port", str(port)],
        stderr=subprocess.DEVNULL, env={**os.environ, "HOME": str(tmp_path)})
    try:
        while not _healthy(f"http://127.0.0.1:{port}/healthz"):
            assert server.poll() is None, "the demo server did not start"
            time.sleep(0.1)
        listed = kiosk("--data-dir", str(data), "terminal", "list", home=tmp_path)
        assert [line.split()[0] for line in listed.stdout.splitlines()] == [
            "counter-1", "counter-2"], listed.stderr
        revoked = kiosk("--data-dir", str(data), "terminal", "revoke", "counter-2",
                        home=tmp_path)
        assert revoked.stdout.startswith("revoked terminal counter-2"), revoked.stderr
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(60)
        shutil.rmtree(demo_cluster_folder(make_context(None, str(data), True)),
                      ignore_errors=True)
