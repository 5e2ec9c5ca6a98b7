"""How long the throwaway PostgreSQL cluster (server/cluster.py) takes to be there: a new
cluster (initdb and the first start), a start after a clean stop, a start after a kill -9
(crash recovery), and a fresh database for one test.

Wall-clock times (PostgreSQL's own CPU is spent in other processes); the machine is shared,
so the median of a few rounds.

    python benchmarks/postgres_cluster.py [--rounds 5]
"""

import argparse
import os
import platform
import statistics
import time

import psycopg

from server.cluster import PostgresCluster


def timed(action, *args) -> float:
    start = time.perf_counter()
    action(*args)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    rounds = parser.parse_args().rounds
    times: dict[str, list[float]] = {"new cluster (initdb + start)": [],
                                     "start after a clean stop": [],
                                     "start after kill -9 (recovery)": [],
                                     "CREATE DATABASE (one test's)": []}
    for number in range(rounds):
        cluster = PostgresCluster()
        try:
            times["new cluster (initdb + start)"].append(timed(cluster.start))
            with psycopg.connect(cluster.url) as db:
                db.execute("CREATE TABLE sales (amount BIGINT)")
                db.execute("INSERT INTO sales SELECT g FROM generate_series(1, 10000) g")
            cluster.stop()
            times["start after a clean stop"].append(timed(cluster.start))
            cluster.kill()
            times["start after kill -9 (recovery)"].append(timed(cluster.start))
            times["CREATE DATABASE (one test's)"].append(
                timed(cluster.create_database, f"test_{number}"))
        finally:
            cluster.remove()
    print(f"{platform.node()}: {os.cpu_count()} cores, {platform.python_version()}, "
          f"{rounds} rounds, median (min-max) wall time")
    for what, values in times.items():
        print(f"  {what:34} {statistics.median(values) * 1000:7.0f} ms "
              f"({min(values) * 1000:.0f}-{max(values) * 1000:.0f})")


if __name__ == "__main__":
    main()
