"""The least CPU a charge through the chain's server can cost on this stack, with no rules.

A charge through the server crosses two HTTP hops (terminal to server, server to bank) and
writes the books at least twice: the transfer committed before its request leaves, the
bank's answer after (docs/exactly-once.md). This measures those parts alone, each as the
server uses it, with nothing of the engine:
- one HTTP hop: an httpx client (keep-alive) posting a small JSON body to uvicorn and
  Starlette, whose endpoint runs in a worker thread, as the server's do;
- the books: two write transactions of one statement each, through psycopg, on a
  throwaway PostgreSQL with fsync on (server/cluster.py), counting the database's CPU.

Their sum, two hops and the two transactions, is a floor under the CPU of one charge: on
two cores, 2,000 ms divided by it is the most charges per second any server written on
this stack could make, before it checks a code, a signature or a limit.

    python benchmarks/charge_floor.py [--requests 3000]
"""

import argparse
import os
import platform
import subprocess
import sys
import time

import httpx
import psycopg

from benchmarks.cpu_use import cpu_seconds
from server.cluster import PostgresCluster, free_loopback_port

ENDPOINT = """
import sys
import uvicorn
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.responses import JSONResponse
from starlette.routing import Route

def answer(body):
    return JSONResponse({"status": "approved", "amount": body["amount"]})

async def charge(request):
    return await run_in_threadpool(answer, await request.json())

app = Starlette(routes=[Route("/charge", charge, methods=["POST"])])
uvicorn.run(app, host="127.0.0.1", port=int(sys.argv[1]), log_level="warning",
            access_log=False)
"""
BODY = {"amount": 4500, "code": "x" * 300, "key": "k" * 32}  # a charge's size, about


def http_hop(requests: int) -> tuple[float, float]:
    """CPU ms per request: (the client's, the server's)."""
    port = free_loopback_port()
    server = subprocess.Popen([sys.executable, "-c", ENDPOINT, str(port)])
    try:
        with httpx.Client(base_url=f"http://127.0.0.1:{port}") as client:
            for _ in range(100):
                try:
                    client.post("/charge", json=BODY)
                except httpx.TransportError:
                    time.sleep(0.1)  # still starting
            server_before, client_before = cpu_seconds(server.pid), time.process_time()
            for _ in range(requests):
                client.post("/charge", json=BODY, headers={"Authorization": "Bearer " + "t" * 40})
            server_spent = cpu_seconds(server.pid) - server_before
            client_spent = time.process_time() - client_before
    finally:
        server.terminate()
        server.wait()
    return 1000 * client_spent / requests, 1000 * server_spent / requests


def two_transactions(charges: int) -> tuple[float, float]:
    """CPU ms per charge of two one-statement write transactions: (psycopg's, PostgreSQL's)."""
    with PostgresCluster() as cluster, psycopg.connect(cluster.url, autocommit=True) as conn:
        conn.execute("CREATE TABLE transfers (id TEXT PRIMARY KEY, amount INTEGER NOT NULL, "
                     "status TEXT NOT NULL)")
        database_before, client_before = cpu_seconds(cluster.pid, tree=True), time.process_time()
        for number in range(charges):
            with conn.transaction():
                conn.execute("INSERT INTO transfers VALUES (%s, %s, 'sending')",
                             (f"T{number}", 4500))
            with conn.transaction():
                conn.execute("UPDATE transfers SET status = 'approved' WHERE id = %s",
                             (f"T{number}",))
        database_spent = cpu_seconds(cluster.pid, tree=True) - database_before
        client_spent = time.process_time() - client_before
    return 1000 * client_spent / charges, 1000 * database_spent / charges


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=3000)
    args = parser.parse_args()
    print(f"machine: {os.cpu_count()} cores, {platform.machine()}, Python "
          f"{platform.python_version()}; load average "
          f"{' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    client, server = http_hop(args.requests)
    print(f"one HTTP hop: client {client:.2f} ms + server {server:.2f} ms CPU")
    psycopg_ms, database = two_transactions(args.requests)
    print(f"two write transactions: psycopg {psycopg_ms:.2f} ms + PostgreSQL {database:.2f} ms "
          "CPU")
    floor = 2 * (client + server) + psycopg_ms + database
    print(f"floor under a charge: {floor:.2f} ms CPU; on 2 cores at most "
          f"{2000 / floor:.0f} charges/s")


if __name__ == "__main__":
    main()
