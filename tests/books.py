"""The books on either database: a kiosk's SQLite file or a chain's PostgreSQL.

`books` is parametrized over both, so a test of the engine's rules written once proves them
on each. `books.at(name)` is where the books called `name` live (the same place for the same
name, so two kiosks can share one set); `books.open(name)` is a connection to them.
"""

import itertools
import os
import sqlite3
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import psycopg
import pytest

from payments.database import Connection, open_database
from payments.ledger import Ledger
from server.cluster import PostgresCluster
from server.migrate import migrate
from server.postgres import WRITE_LOCK, PostgresBooks

_numbers = itertools.count()

COUNTED = "('sending', 'unknown', 'approved')"
OFF_BY = f"""
    SELECT count(*) AS off FROM (SELECT business_date, payer FROM (
        SELECT business_date, payer, spent FROM daily_spent
        UNION ALL SELECT business_date, fintech_use_num, -amount FROM payments
            WHERE status IN {COUNTED}
        UNION ALL SELECT business_date, '*', -amount FROM payments WHERE status IN {COUNTED}
    ) AS money GROUP BY business_date, payer HAVING sum(spent) != 0) AS off"""


def totals_off(ledger: Ledger) -> int:
    """How many of the daily limits' totals (`daily_spent`) differ from the sums of the
    payments they count, read in one statement: one moment, whoever writes meanwhile."""
    return ledger.row(OFF_BY)["off"]


@dataclass
class Books:
    kind: str  # "sqlite" | "postgresql"
    folder: Path
    server: str = ""  # a cluster's URL, for postgresql
    made: dict[str, str | Path] = field(default_factory=dict)
    opened: list[Connection] = field(default_factory=list)

    def at(self, name: str = "ledger") -> str | Path:
        if name not in self.made:
            self.made[name] = (self.folder / f"{name}.sqlite3" if self.kind == "sqlite"
                               else fresh_database(self.server))
        return self.made[name]

    def open(self, name: str = "ledger") -> Connection:
        where = self.at(name)
        connection = (PostgresBooks(where) if isinstance(where, str)
                      else open_database(where))
        self.opened.append(connection)
        return connection

    def lock(self, name: str = "ledger") -> Callable[[], None]:
        """Another process takes the books' write lock and keeps it: call what is returned
        to let go."""
        where = self.at(name)
        if isinstance(where, str):
            other = psycopg.connect(where)  # in a transaction until closed
            other.execute("SELECT pg_advisory_xact_lock(%s)", (WRITE_LOCK,))
            other.execute("LOCK TABLE payments, transfers, events IN EXCLUSIVE MODE")
            return other.close
        blocker = sqlite3.connect(where, timeout=0)
        blocker.execute("BEGIN EXCLUSIVE")
        return blocker.rollback

    @staticmethod
    def impatient(connection: Connection) -> None:
        """Waits 50 ms for the write lock, not half a minute."""
        connection.execute("SET lock_timeout = '50ms'" if isinstance(connection, PostgresBooks)
                           else "PRAGMA busy_timeout = 50")

    def close(self) -> None:
        for connection in self.opened:
            connection.close()


def fresh_database(server: str) -> str:
    """A new, migrated database on the cluster at `server`."""
    name = f"books_{os.getpid()}_{next(_numbers)}"
    with psycopg.connect(server, autocommit=True) as admin:
        admin.execute(f"CREATE DATABASE {name}")
    url = server.rsplit("/", 1)[0] + "/" + name
    migrate(url)
    return url


@pytest.fixture(scope="session")
def postgres_server(postgres_cluster: PostgresCluster) -> str:
    """The URL of the tests' throwaway cluster (tests/postgres.py), with its superuser."""
    return postgres_cluster.url


# PostgreSQL's side starts a server: integration (tests/tiers.py), chosen when collected.
@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.integration)])
def books(request, tmp_path) -> Iterator[Books]:
    server = request.getfixturevalue("postgres_server") if request.param == "postgresql" else ""
    made = Books(request.param, tmp_path, server)
    yield made
    made.close()
