"""The books on PostgreSQL, through the same port as SQLite (payments/database.py).

`PostgresBooks` gives psycopg 3 the shape the ledger, the token store and the transfer ids
already speak: `execute` with `?` placeholders, rows read by name or by position, autocommit
outside a write transaction. Exclusive writers (refunds, enrollments, the terminals'
register) take one transaction-scoped advisory lock, as SQLite's BEGIN IMMEDIATE takes its
write lock; a charge shares it with the other charges and locks only the rows it writes,
reading the daily limits' totals after it has locked them (payments/database.py, migration
7), so the limits every server process sees are the same (docs/exactly-once.md, rule 1).

A lost connection (PostgreSQL restarted, a network cut) fails the statement under way with
StorageError, which the engine treats as "the books could not be written"; the thread's next
statement connects again, so the server recovers by itself.
"""

import functools
import logging
import threading
from collections.abc import Sequence
from typing import Any

import psycopg
from psycopg.rows import RowMaker

from payments.database import StorageError

WRITE_LOCK = 0x6B696F736B  # "kiosk": the advisory lock every exclusive writer takes
CONNECT_TIMEOUT_S = 5
log = logging.getLogger(__name__)


class Row(tuple):
    """A row read by position (`row[0]`) or by name (`row["id"]`, `dict(row)`), as
    sqlite3.Row is."""

    _names: tuple[str, ...] = ()

    def __getitem__(self, key: Any) -> Any:
        if isinstance(key, str):
            try:
                return tuple.__getitem__(self, self._names.index(key))
            except ValueError:
                raise KeyError(key) from None
        return tuple.__getitem__(self, key)

    def keys(self) -> tuple[str, ...]:
        return self._names


@functools.cache
def _row_kind(names: tuple[str, ...]) -> type[Row]:
    return type("Row", (Row,), {"_names": names})


def _rows(cursor: psycopg.Cursor) -> RowMaker[Row]:
    """The names straight from the result: `cursor.description` makes a Column object,
    looked up in the type registry, for each column of each statement (about a seventh of
    the server's CPU per charge, docs/benchmarks.md)."""
    result = cursor.pgresult
    if result is None or not result.nfields:
        return _row_kind(())
    return _row_kind(tuple(result.fname(number).decode() for number in range(result.nfields)))


def placeholders(sql: str) -> str:
    """sqlite3's `?` as psycopg's `%s` (a literal `%` doubled). The shared SQL has no `?`
    inside a string literal; parameters carry every value."""
    return sql.replace("%", "%%").replace("?", "%s")


class PostgresBooks:
    """Connections to the books on PostgreSQL, in sqlite3's shape: one per thread, so the
    server's threads wait only on each other's write transactions, in the database."""

    per_thread = True  # payments.database.connection_lock: no lock in this process
    # payments.ledger.Ledger.books_clock: one clock for the server processes of every machine
    clock_sql = "SELECT extract(epoch FROM clock_timestamp())::float8"

    def __init__(self, url: str) -> None:
        self.url = url
        self._mine = threading.local()
        self._all: list[psycopg.Connection] = []
        self._all_lock = threading.Lock()
        self._conn()  # a wrong URL or a database that is away says so now

    def _conn(self) -> psycopg.Connection:
        conn = getattr(self._mine, "conn", None)
        if conn is not None and not conn.closed:
            return conn
        try:
            conn = psycopg.connect(self.url, autocommit=True, row_factory=_rows,
                                   connect_timeout=CONNECT_TIMEOUT_S)
        except psycopg.Error as exc:
            raise StorageError(f"cannot reach the books at {safe_url(self.url)}: "
                               f"{_first_line(exc)}") from None
        self._mine.conn = conn
        with self._all_lock:
            self._all = [c for c in self._all if not c.closed] + [conn]
        return conn

    def execute(self, sql: str, params: Sequence[Any] | None = (), /) -> psycopg.Cursor:
        """`params` None sends `sql` as it is, which may then be several statements."""
        mine = self._mine
        if getattr(mine, "lost", False):
            # The transaction went with its connection: nothing more of it may run on a new
            # one (a COMMIT there would "succeed" with nothing to commit).
            if sql == "ROLLBACK":
                mine.lost = mine.writing = False
                return _NO_ROWS
            raise StorageError("the connection to the books was lost in a transaction")
        writing = getattr(mine, "writing", False)
        # Outside a transaction a statement is a read or an upsert the books take twice
        # alike, so one that met a connection the database dropped meanwhile (restarted)
        # is sent once more on a new one; inside, the transaction is gone with it.
        for attempt in (1, 2):
            conn = self._conn()
            try:
                cursor = conn.execute(placeholders(sql), tuple(params)) if params is not None \
                    else conn.execute(sql.encode())
                break
            except psycopg.OperationalError as exc:
                if not (conn.closed or conn.broken):
                    raise StorageError(_first_line(exc)) from exc
                log.warning("lost the connection to the books: %s", _first_line(exc))
                conn.close()
                mine.lost = writing
                if writing or attempt == 2 or sql in ("BEGIN", "COMMIT", "ROLLBACK"):
                    raise StorageError(_first_line(exc)) from exc
            except psycopg.Error as exc:
                raise StorageError(_first_line(exc)) from exc
        if sql in ("COMMIT", "ROLLBACK"):
            mine.writing = False
        return cursor

    def begin_write(self, exclusive: bool = True) -> None:
        """BEGIN and the writers' lock, held until COMMIT or ROLLBACK, in one round trip.
        Exclusive, or shared among the writers that lock the rows they write (a charge),
        which then run side by side, but never beside an exclusive one: a refund, or any
        writer of a server process of the version before, still running while the other
        is upgraded (its writers all took the lock exclusive, and checked the limits by
        summing the payments)."""
        lock = "pg_advisory_xact_lock" if exclusive else "pg_advisory_xact_lock_shared"
        self._mine.writing = True
        try:
            self.execute(f"BEGIN; SELECT {lock}({WRITE_LOCK})", None)
        except StorageError:
            self.execute("ROLLBACK")  # not begun, for the caller: nothing left open
            raise

    def close(self) -> None:
        with self._all_lock:
            for conn in self._all:
                conn.close()
            self._all = []


class _NoRows:
    rowcount = 0

    def fetchone(self) -> None:
        return None

    def fetchall(self) -> list:
        return []


_NO_ROWS = _NoRows()


def safe_url(url: str) -> str:
    """The URL as it may be logged or shown: without its password."""
    info = psycopg.conninfo.conninfo_to_dict(url)
    host = info.get("host", "localhost")
    return f"postgresql://{info.get('user', '')}@{host}:{info.get('port', 5432)}/" \
           f"{info.get('dbname', '')}"


def _first_line(exc: BaseException) -> str:
    return (str(exc).strip().splitlines() or [type(exc).__name__])[0]
