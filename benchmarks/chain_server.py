"""Charges per second through the chain's server, and what a terminal pays for going through it.

Starts, each as its own process: a throwaway PostgreSQL (server/cluster.py), the testbed
(`kiosk sim bank`), and `--servers` processes of `kiosk server` on that one database. It
registers `--terminals` terminal keys, enrolls the testbed's customers through the server
(the consent page, then the bank's redirect to the server), and has every terminal charge
signed one-time codes, each on its own keep-alive connection, for `--seconds`. The server's
own time is its Server-Timing header; the terminal's is the round trip. Afterwards it checks
that the books equal the bank's journal.

Then, one charge at a time: a kiosk's own engine (SQLite books) charging the same testbed
directly, against a terminal's charge through the server (`--overhead N` of each).

    python benchmarks/chain_server.py [--terminals 200] [--servers 2] [--seconds 20]
"""

import argparse
import http.client
import json
import os
import platform
import secrets
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import httpx
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from benchmarks.cpu_use import CpuMeter
from kiosk.bootstrap import bootstrap
from kiosk.context import make_context
from payments.enrollment import complete_enrollment
from payments.ledger import Ledger, TransferStatus
from payments.money import Sale
from server.cluster import PostgresCluster, free_loopback_port
from server.migrate import migrate
from server.postgres import PostgresBooks
from server.terminal import Outbox, RemoteEngine, TerminalClient
from server.terminal_auth import KEY, SIGNATURE, TERMINAL, public_key_text, sign
from server.terminals import Terminals
from testbed.consent import auto_consent
from testbed.demo_wallet import demo_code
from tests.server.conftest import server_config


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * share))]


def wait_healthy(url: str, process: subprocess.Popen) -> None:
    for _ in range(600):
        if process.poll() is not None:
            raise SystemExit(f"{url} did not start (exit {process.returncode})")
        try:
            if httpx.get(f"{url}/healthz", timeout=1).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.1)
    raise SystemExit(f"{url} did not answer in a minute")


def signed_request(conn: http.client.HTTPConnection, key: Ed25519PrivateKey, method: str,
                   path: str, body: dict | None) -> tuple[int, dict, float]:
    data = json.dumps(body).encode() if body is not None else b""
    request_key = secrets.token_hex(16)
    conn.request(method, path, body=data, headers={
        TERMINAL: public_key_text(key), KEY: request_key, "Content-Type": "application/json",
        SIGNATURE: sign(key, method, path.split("?")[0], request_key, data)})
    response = conn.getresponse()
    answer = json.loads(response.read() or b"{}")
    timing = response.getheader("Server-Timing", "app;dur=nan").split("dur=")[1]
    return response.status, answer, float(timing)


def terminal_loop(port: int, key: Ed25519PrivateKey, payers: list[str], until: float,
                  results: list, lock: threading.Lock) -> None:
    conn = http.client.HTTPConnection("127.0.0.1", port)
    mine = []
    number = 0
    while time.perf_counter() < until:
        number += 1
        code = demo_code(payers[number % len(payers)])
        body = {"items": [{"name": "아메리카노", "unit_price": 10, "quantity": 1}],
                "code": code, "method": "qr"}
        started = time.perf_counter()
        status, answer, server_ms = signed_request(conn, key, "POST", "/v1/charges", body)
        took = (time.perf_counter() - started) * 1000
        result = answer.get("result", {})
        outcome = result.get("status", f"http {status}")
        if outcome != "approved":
            outcome += ": " + (result.get("reason") or answer.get("error", ""))[:50]
        mine.append((took, server_ms, outcome))
    with lock:
        results.extend(mine)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--terminals", type=int, default=200)
    parser.add_argument("--servers", type=int, default=2)
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--overhead", type=int, default=200,
                        help="charges one at a time, direct and through the server")
    args = parser.parse_args()

    folder = Path(tempfile.mkdtemp(prefix="kiosk-chain-bench-"))
    os.chmod(folder, 0o755)  # PostgreSQL's own user passes through when we are root
    processes: list[subprocess.Popen] = []
    with PostgresCluster(settings={"max_connections": 200}) as cluster:
        try:
            return run(args, folder, cluster, processes)
        finally:
            for process in processes:
                process.terminate()
            for process in processes:
                process.wait(30)


def run(args: argparse.Namespace, folder: Path, cluster: PostgresCluster,
        processes: list[subprocess.Popen]) -> int:
    ports = [free_loopback_port() for _ in range(args.servers)]
    redirect = f"http://127.0.0.1:{ports[0]}/enroll/done"
    bank = subprocess.Popen([sys.executable, "-m", "kiosk", "--data-dir", str(folder / "bank"),
                             "sim", "bank", "--port", "0", "--json", "--auto-consent",
                             "--redirect-uri", redirect], stdout=subprocess.PIPE, text=True)
    processes.append(bank)
    bank_url = json.loads(bank.stdout.readline())["url"]
    config = server_config(folder, bank_url, redirect)
    migrate(cluster.url)
    for number, port in enumerate(ports):
        server = subprocess.Popen([sys.executable, "-m", "kiosk", "--config", str(config),
                                   "--data-dir", str(folder / f"server-{number}"), "server",
                                   "--port", str(port), "--db", cluster.url],
                                  stderr=subprocess.DEVNULL)
        processes.append(server)
        wait_healthy(f"http://127.0.0.1:{port}", server)

    books = Ledger(PostgresBooks(cluster.url))
    keys = [Ed25519PrivateKey.generate() for _ in range(args.terminals)]
    for number, key in enumerate(keys):
        Terminals(books).add(f"t{number:03d}", public_key_text(key))

    # The testbed's customers, enrolled through the server as a register screen does.
    payers = []
    for account in httpx.get(f"{bank_url}/_sim/accounts").json():
        if account["merchant"]:
            continue
        conn = http.client.HTTPConnection("127.0.0.1", ports[0])
        _, begun, _ = signed_request(conn, keys[0], "POST", "/v1/enrollments", {})
        code = auto_consent(begun["consent_url"], account["user_seq_no"])
        httpx.get(f"{redirect}?code={code}&state={begun['state']}").raise_for_status()
        payers.append(account["fintech_use_num"])

    meter = CpuMeter({"terminals": (os.getpid(), False), "bank": (bank.pid, False),
                      **{f"server {n}": (p.pid, False) for n, p in enumerate(processes[1:])},
                      "postgres": (cluster.pid, True)})
    results: list = []
    lock = threading.Lock()
    meter.start()
    start = time.perf_counter()
    until = start + args.seconds
    threads = [threading.Thread(target=terminal_loop, args=(
        ports[number % len(ports)], key, payers, until, results, lock))
        for number, key in enumerate(keys)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - start
    meter.stop()

    outcomes: dict[str, int] = {}
    for _, _, outcome in results:
        outcomes[outcome] = outcomes.get(outcome, 0) + 1
    round_trip = [took for took, _, _ in results]
    at_server = [server_ms for _, server_ms, _ in results]
    print(f"machine: {os.cpu_count()} cores, {platform.machine()}, Python "
          f"{platform.python_version()}, {platform.system()} {platform.release()}")
    print(f"terminals: {args.terminals}, server processes: {args.servers}, seconds: "
          f"{elapsed:.1f}, customers: {len(payers)}")
    print(f"charges: {len(results)} {outcomes}")
    print(f"charges/s: {len(results) / elapsed:.0f}")
    print(f"at the server ms: p50 {statistics.median(at_server):.1f}, p99 "
          f"{percentile(at_server, 0.99):.1f}; round trip ms: p50 "
          f"{statistics.median(round_trip):.1f}, p99 {percentile(round_trip, 0.99):.1f}")

    print(meter.report(len(results), elapsed))

    journal = httpx.get(f"{bank_url}/_sim/transfers").json()
    moved = {(t["bank_tran_id"], t["tran_amt"]) for t in journal}
    booked = {(t.bank_tran_id, t.amount) for t in books.transfers(TransferStatus.APPROVED)}
    equal = moved == booked and not books.open_transfers()
    print(f"the books equal the bank's journal: {equal} ({len(booked)} transfers)")
    overhead(args.overhead, folder, keys[0], ports[0], payers, config, bank_url)
    books.close()
    return 0 if equal else 1


def overhead(count: int, folder: Path, key: Ed25519PrivateKey, port: int, payers: list[str],
             config: Path, bank_url: str) -> None:
    """One charge at a time: a kiosk's own engine straight to the bank, then a terminal."""
    context = make_context(str(config), str(folder / "direct"), False)
    with bootstrap(context) as services:
        _enroll_direct(services, bank_url, payers)  # the kiosk's own books know the customers too
        direct = []
        for number in range(count):
            code = demo_code(payers[number % len(payers)])
            started = time.perf_counter()
            services.engine.pay(Sale.keyed(4500), code, "qr")
            direct.append((time.perf_counter() - started) * 1000)
    client = TerminalClient(f"http://127.0.0.1:{port}", key)
    ledger = Ledger(folder / "terminal.sqlite3")
    engine = RemoteEngine(client, ledger, Outbox(folder / "outbox.sqlite3"))
    through = []
    for number in range(count):
        code = demo_code(payers[number % len(payers)])
        started = time.perf_counter()
        engine.pay(Sale.keyed(4500), code, "qr")
        through.append((time.perf_counter() - started) * 1000)
    client.close()
    print(f"one at a time, {count} each: direct p50 {statistics.median(direct):.1f} ms, "
          f"through the server p50 {statistics.median(through):.1f} ms: "
          f"+{statistics.median(through) - statistics.median(direct):.1f} ms")


def _enroll_direct(services, bank_url: str, payers: list[str]) -> None:
    client, ledger = services.client, services.ledger
    for account in httpx.get(f"{bank_url}/_sim/accounts").json():
        if account["fintech_use_num"] in payers:
            code = auto_consent(client.authorize_url(), account["user_seq_no"])
            complete_enrollment(client, ledger, code)


if __name__ == "__main__":
    sys.exit(main())
