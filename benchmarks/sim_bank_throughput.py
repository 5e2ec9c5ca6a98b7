"""Withdrawals per second and latency of the testbed under concurrent clients, on loopback.

Starts `kiosk sim bank` as its own process (as a load test of many kiosks would), enrolls the
demo customer with no limits, then has N client threads, each on its own keep-alive
connection, send withdrawals with fresh bank_tran_ids for a fixed time. Afterwards it checks
that the bank's journal holds exactly the approved withdrawals.

    python benchmarks/sim_bank_throughput.py [--clients 20] [--seconds 10] [--state FILE]
"""

import argparse
import http.client
import json
import platform
import statistics
import subprocess
import sys
import threading
import time
from datetime import datetime, timedelta, timezone
from urllib.parse import urlencode, urlsplit

from testbed import demo_data

KST = timezone(timedelta(hours=9))


def request(conn: http.client.HTTPConnection, method: str, path: str, body=None,
            headers=None) -> tuple[int, dict, http.client.HTTPResponse]:
    conn.request(method, path, body=body, headers=headers or {})
    response = conn.getresponse()
    data = response.read()
    return response.status, (json.loads(data) if data else {}), response


def enroll(host: str, port: int, name: str) -> tuple[str, str]:
    conn = http.client.HTTPConnection(host, port)
    _, accounts, _ = request(conn, "GET", "/_sim/accounts")
    account = next(a for a in accounts if a["holder_name"] == name)
    query = urlencode({"response_type": "code", "client_id": demo_data.DEMO_CLIENT_ID,
                       "redirect_uri": demo_data.DEMO_REDIRECT_URI, "scope": "transfer",
                       "state": "b" * 32, "sim_user": account["user_seq_no"]})
    _, _, redirect = request(conn, "GET", f"/oauth/2.0/authorize?{query}")
    code = dict(p.split("=") for p in redirect.getheader("Location").split("?")[1].split("&"))
    form = urlencode({"grant_type": "authorization_code", "code": code["code"],
                      "client_id": demo_data.DEMO_CLIENT_ID,
                      "client_secret": demo_data.DEMO_CLIENT_SECRET,
                      "redirect_uri": demo_data.DEMO_REDIRECT_URI})
    _, token, _ = request(conn, "POST", "/oauth/2.0/token", form,
                          {"Content-Type": "application/x-www-form-urlencoded"})
    return token["access_token"], account["fintech_use_num"]


def client(host: str, port: int, number: int, token: str, fintech: str, until: float,
           latencies: list[float], outcomes: dict[str, int], lock: threading.Lock) -> None:
    conn = http.client.HTTPConnection(host, port)
    headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
    mine, seen, sequence = [], {}, 0
    while time.perf_counter() < until:
        sequence += 1
        body = json.dumps({
            "bank_tran_id": f"{demo_data.DEMO_INSTITUTION_CODE}UB{number:02d}{sequence:06d}",
            "cntr_account_type": "N", "cntr_account_num": demo_data.DEMO_CONTRACT_ACCOUNT,
            "dps_print_content": "벤치마크", "fintech_use_num": fintech, "tran_amt": "1",
            "tran_dtime": datetime.now(KST).strftime("%Y%m%d%H%M%S"),
            "req_client_name": "정예준", "req_client_fintech_use_num": fintech,
            "req_client_num": "BENCH", "transfer_purpose": "ST", "recv_client_name": "데모 카페",
            "recv_client_bank_code": "011",
            "recv_client_account_num": demo_data.DEMO_CONTRACT_ACCOUNT})
        started = time.perf_counter()
        _, answer, _ = request(conn, "POST", "/v2.0/transfer/withdraw/fin_num", body, headers)
        mine.append(time.perf_counter() - started)
        code = answer.get("rsp_code", "?") + "/" + answer.get("bank_rsp_code", "")
        seen[code] = seen.get(code, 0) + 1
    with lock:
        latencies.extend(mine)
        for code, count in seen.items():
            outcomes[code] = outcomes.get(code, 0) + count


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--state", help="give the testbed a state file (default: in memory)")
    args = parser.parse_args()

    command = [sys.executable, "-m", "kiosk", "--data-dir", "/tmp/kiosk-bench", "sim", "bank",
               "--port", "0", "--json", "--auto-consent"]
    if args.state:
        command += ["--state", args.state]
    server = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                              text=True)
    try:
        url = urlsplit(json.loads(server.stdout.readline())["url"])
        token, fintech = enroll(url.hostname, url.port, "정예준")
        latencies: list[float] = []
        outcomes: dict[str, int] = {}
        lock = threading.Lock()
        start = time.perf_counter()
        until = start + args.seconds
        threads = [threading.Thread(target=client, args=(url.hostname, url.port, n, token,
                                                         fintech, until, latencies, outcomes,
                                                         lock)) for n in range(args.clients)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        elapsed = time.perf_counter() - start
        conn = http.client.HTTPConnection(url.hostname, url.port)
        _, journal, _ = request(conn, "GET", "/_sim/transfers")
    finally:
        server.terminate()
        server.wait()

    latencies.sort()
    approved = outcomes.get("A0000/000", 0)
    p99 = latencies[int(len(latencies) * 0.99) - 1]
    print(f"machine: {platform.machine()}, {platform.processor() or '?'}, "
          f"Python {platform.python_version()}, {platform.system()} {platform.release()}")
    print(f"clients: {args.clients}, seconds: {elapsed:.1f}, state: {args.state or 'memory'}")
    print(f"withdrawals: {len(latencies)} ({approved} approved), answers: {outcomes}")
    print(f"withdrawals/s: {len(latencies) / elapsed:.0f}")
    print(f"latency ms: p50 {statistics.median(latencies) * 1000:.1f}, "
          f"p99 {p99 * 1000:.1f}, max {latencies[-1] * 1000:.1f}")
    exactly_once = len(journal) == approved
    print(f"journal holds exactly the approved withdrawals: {exactly_once}")
    return 0 if exactly_once else 1


if __name__ == "__main__":
    sys.exit(main())
