"""The kiosk's one SQLite file: opened the same way everywhere, migrated forward at open.

WAL with `synchronous=FULL` so that a committed row (a `bank_tran_id` written before its
request leaves) survives a power cut; a busy timeout so that a second process (a `kiosk pay`
beside a running kiosk) waits for the lock instead of failing.

The books are written through the port `Connection`: sqlite3's own shape (`execute` with
`?` placeholders, rows read by name or position, autocommit outside `write_transaction`).
A chain's server passes a PostgreSQL connection of that shape (server/postgres.py), so the
ledger, the token store and the transfer ids are one code for both. The SQL they share is
what both databases speak: `ON CONFLICT`, `RETURNING`, and a `rowid` column that
PostgreSQL's schema spells out where SQLite has it built in.
"""

import errno
import os
import sqlite3
import threading
from collections.abc import Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager, nullcontext
from pathlib import Path
from typing import Any, Protocol


class Cursor(Protocol):
    rowcount: int

    def fetchone(self) -> Any: ...

    def fetchall(self) -> list[Any]: ...


class Connection(Protocol):
    """What the books need of a database: sqlite3.Connection is one."""

    def execute(self, sql: str, params: Sequence[Any] = ..., /) -> Cursor: ...

    def close(self) -> None: ...


class StorageError(Exception):
    """A database other than SQLite failed (lost, restarted, refused): what the engine
    treats as it treats sqlite3.Error, "the books could not be written"."""


def connection_lock(db: Connection) -> AbstractContextManager:
    """What keeps this process's threads from interleaving statements on `db`: a lock for a
    connection they share (SQLite's), nothing for one that gives each thread a connection
    of its own (`per_thread`, PostgreSQL's), whose threads then wait only on each other's
    write transactions, in the database."""
    return nullcontext() if getattr(db, "per_thread", False) else threading.RLock()


# What a write to the books may raise, whichever database keeps them.
STORAGE_ERRORS: tuple[type[Exception], ...] = (sqlite3.Error, StorageError)

# Each entry moves the schema one version forward; never edit one that has shipped.
MIGRATIONS: tuple[str, ...] = (
    """
    CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);
    CREATE TABLE tran_id_sequence (id INTEGER PRIMARY KEY CHECK (id = 1), last INTEGER NOT NULL);
    INSERT INTO tran_id_sequence VALUES (1, 0);
    CREATE TABLE tokens (
        owner TEXT PRIMARY KEY,          -- 'institution' or a user_seq_no
        access_token TEXT NOT NULL,
        refresh_token TEXT NOT NULL DEFAULT '',
        scope TEXT NOT NULL,
        expires_at REAL NOT NULL
    );
    """,
    """
    CREATE TABLE customers (
        fintech_use_num TEXT PRIMARY KEY,
        user_seq_no TEXT NOT NULL,
        holder_name TEXT NOT NULL,
        bank_code_std TEXT NOT NULL,
        bank_name TEXT NOT NULL,
        account_num_masked TEXT NOT NULL,
        enrolled_at REAL NOT NULL
    );
    CREATE TABLE payments (
        id TEXT PRIMARY KEY,                 -- YYYYMMDD-NNNN, the day's sequence
        created_at REAL NOT NULL,
        business_date TEXT NOT NULL,         -- YYYY-MM-DD, Korea time
        hour INTEGER NOT NULL,
        items TEXT NOT NULL,                 -- JSON line items
        amount INTEGER NOT NULL,
        supply_value INTEGER NOT NULL,
        vat INTEGER NOT NULL,
        method TEXT NOT NULL DEFAULT '',     -- qr | nfc, once a code is presented
        fintech_use_num TEXT NOT NULL DEFAULT '',
        status TEXT NOT NULL,                -- new sending approved declined unknown error
        reason_ko TEXT NOT NULL DEFAULT '',
        reason_en TEXT NOT NULL DEFAULT ''
    );
    -- Covering indexes: the day's limits are summed on every charge, and the report groups
    -- the day by method and hour, without reading the table itself.
    CREATE INDEX payments_by_day ON payments (business_date, status, method, hour, amount);
    CREATE INDEX payments_by_payer ON payments (fintech_use_num, business_date, status, amount);
    CREATE TABLE transfers (
        bank_tran_id TEXT PRIMARY KEY,
        payment_id TEXT NOT NULL REFERENCES payments (id),
        kind TEXT NOT NULL,                  -- withdraw (a charge) | deposit (a refund)
        amount INTEGER NOT NULL,
        bank_tran_date TEXT NOT NULL,        -- YYYYMMDD, what transfer/result is asked with
        sent_at REAL NOT NULL,
        business_date TEXT NOT NULL,
        hour INTEGER NOT NULL,
        status TEXT NOT NULL,                -- sending approved declined unknown failed
        rsp_code TEXT NOT NULL DEFAULT '',
        bank_rsp_code TEXT NOT NULL DEFAULT '',
        approval_no TEXT NOT NULL DEFAULT '',
        account_masked TEXT NOT NULL DEFAULT '',
        bank_name TEXT NOT NULL DEFAULT '',
        reason_ko TEXT NOT NULL DEFAULT '',
        reason_en TEXT NOT NULL DEFAULT '',
        settled_at REAL
    );
    CREATE INDEX transfers_open ON transfers (status) WHERE status IN ('sending', 'unknown');
    CREATE INDEX transfers_by_payment ON transfers (payment_id);
    CREATE INDEX transfers_by_day ON transfers (business_date, kind, status);
    CREATE TABLE events (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        at REAL NOT NULL,
        payment_id TEXT NOT NULL,
        bank_tran_id TEXT NOT NULL DEFAULT '',
        event TEXT NOT NULL,
        detail TEXT NOT NULL DEFAULT '{}'
    );
    CREATE TRIGGER events_are_never_changed BEFORE UPDATE ON events
        BEGIN SELECT RAISE(ABORT, 'the event log is append-only'); END;
    CREATE TRIGGER events_are_never_deleted BEFORE DELETE ON events
        BEGIN SELECT RAISE(ABORT, 'the event log is append-only'); END;
    CREATE TABLE seen_codes (jti TEXT PRIMARY KEY, forget_after REAL NOT NULL);
    """,
    # How long ago a transfer left, on a clock that never steps: "the bank has no such
    # transfer" is believed only once the bank has surely had time to book it.
    """
    ALTER TABLE transfers ADD COLUMN sent_monotonic REAL;
    ALTER TABLE transfers ADD COLUMN boot_id TEXT NOT NULL DEFAULT '';
    """,
    # Which counter rang the sale up: a chain's server keeps every counter's sales in one
    # set of books and reports them per counter. A kiosk on its own books leaves it empty.
    """
    ALTER TABLE payments ADD COLUMN counter TEXT NOT NULL DEFAULT '';
    """,
    # The key of the terminal's request that made a transfer: a refund asked again with
    # the same key is that refund, never a second one.
    """
    ALTER TABLE transfers ADD COLUMN request_key TEXT NOT NULL DEFAULT '';
    CREATE INDEX transfers_by_request ON transfers (request_key) WHERE request_key != '';
    """,
    # The reports add up a span of days (a chain's, or the Z report's one), by counter too,
    # with the VAT: covering indexes that seek the status first, then the span, and hand
    # the rows over in the order they are grouped in, never reading the tables themselves.
    """
    DROP INDEX payments_by_day;
    CREATE INDEX payments_by_day ON payments
        (status, business_date, hour, counter, method, amount, vat);
    DROP INDEX transfers_by_day;
    CREATE INDEX transfers_by_day ON transfers
        (kind, status, business_date, hour, amount, payment_id);
    """,
    # What the daily limits read, kept as it changes instead of summed on every charge: a
    # chain's writers then wait only on the rows of their own payer and day, not on one
    # lock for the whole books. The triggers keep each row equal to the sum of the day's
    # payments charged or maybe charged (sending, unknown, approved) of that payer, and
    # payer '*' for everyone's. Sales are numbered from a row per day, not by max(id).
    """
    CREATE TABLE daily_spent (
        business_date TEXT NOT NULL,
        payer TEXT NOT NULL,                 -- a fintech_use_num, or '*' for everyone
        spent INTEGER NOT NULL,
        PRIMARY KEY (business_date, payer)
    );
    INSERT INTO daily_spent (business_date, payer, spent)
        SELECT business_date, fintech_use_num, sum(amount) FROM payments
        WHERE status IN ('sending', 'unknown', 'approved') GROUP BY business_date, fintech_use_num;
    INSERT INTO daily_spent (business_date, payer, spent)
        SELECT business_date, '*', sum(amount) FROM payments
        WHERE status IN ('sending', 'unknown', 'approved') GROUP BY business_date;
    CREATE TRIGGER daily_spent_on_insert AFTER INSERT ON payments
        WHEN new.status IN ('sending', 'unknown', 'approved')
    BEGIN
        INSERT INTO daily_spent VALUES (new.business_date, new.fintech_use_num, new.amount)
            ON CONFLICT DO UPDATE SET spent = spent + excluded.spent;
        INSERT INTO daily_spent VALUES (new.business_date, '*', new.amount)
            ON CONFLICT DO UPDATE SET spent = spent + excluded.spent;
    END;
    CREATE TRIGGER daily_spent_on_delete AFTER DELETE ON payments
        WHEN old.status IN ('sending', 'unknown', 'approved')
    BEGIN
        UPDATE daily_spent SET spent = spent - old.amount
            WHERE business_date = old.business_date AND payer IN (old.fintech_use_num, '*');
    END;
    CREATE TRIGGER daily_spent_on_update
        AFTER UPDATE OF status, amount, fintech_use_num, business_date ON payments
        WHEN (old.status IN ('sending', 'unknown', 'approved'))
             != (new.status IN ('sending', 'unknown', 'approved'))
             OR (new.status IN ('sending', 'unknown', 'approved')
                 AND (old.amount, old.fintech_use_num, old.business_date)
                     != (new.amount, new.fintech_use_num, new.business_date))
    BEGIN
        UPDATE daily_spent SET spent = spent - old.amount
            WHERE old.status IN ('sending', 'unknown', 'approved')
            AND business_date = old.business_date AND payer IN (old.fintech_use_num, '*');
        INSERT INTO daily_spent SELECT new.business_date, new.fintech_use_num, new.amount
            WHERE new.status IN ('sending', 'unknown', 'approved')
            ON CONFLICT DO UPDATE SET spent = spent + excluded.spent;
        INSERT INTO daily_spent SELECT new.business_date, '*', new.amount
            WHERE new.status IN ('sending', 'unknown', 'approved')
            ON CONFLICT DO UPDATE SET spent = spent + excluded.spent;
    END;
    CREATE TABLE payment_numbers (day TEXT PRIMARY KEY, last INTEGER NOT NULL);
    INSERT INTO payment_numbers (day, last)
        SELECT substr(id, 1, 8), max(CAST(substr(id, 10) AS INTEGER)) FROM payments
        GROUP BY substr(id, 1, 8);
    """,
    # A kiosk process of the version before may still write beside this one while the
    # kiosk is upgraded, numbering its sales by max(id), as PostgreSQL's 0004 allows for:
    # its sales (and any row inserted otherwise) move the day's number on too.
    """
    CREATE TRIGGER payment_numbers_follow AFTER INSERT ON payments
    BEGIN
        INSERT INTO payment_numbers VALUES (substr(new.id, 1, 8),
                                            CAST(substr(new.id, 10) AS INTEGER))
            ON CONFLICT (day) DO UPDATE SET last = max(last, excluded.last);
    END;
    INSERT INTO payment_numbers (day, last)
        SELECT substr(id, 1, 8), max(CAST(substr(id, 10) AS INTEGER)) FROM payments
        WHERE true GROUP BY substr(id, 1, 8)
        ON CONFLICT (day) DO UPDATE SET last = max(last, excluded.last);
    """,
    # When a transfer was committed on the clock of books that several machines share (a
    # chain's, PostgreSQL's 0005). A kiosk's own books are one machine's, which times its
    # transfers on its clock that never steps: here the column stays empty, but for the
    # copies a terminal keeps of the chain's transfers.
    """
    ALTER TABLE transfers ADD COLUMN sent_books_at REAL;
    """,
)

BUSY_TIMEOUT_S = 30.0  # how long a second process waits for the books before it gives up


class LedgerError(RuntimeError):
    """The ledger cannot be used; the message is the one line that says what to do."""


def is_busy(exc: sqlite3.Error) -> bool:
    """Whether `exc` only says another connection held the books past the busy timeout."""
    return getattr(exc, "sqlite_errorcode", 0) & 0xFF in (sqlite3.SQLITE_BUSY,
                                                          sqlite3.SQLITE_LOCKED)


def in_use(path: Path | str, exc: sqlite3.Error) -> LedgerError:
    """Never "restore a backup" for books that are merely busy: that advice would lose the
    payments made since the backup."""
    return LedgerError(f"the books in {path} are in use by another process ({exc}) and were "
                       "left as they were: try again when it is done")


def open_database(path: Path | str) -> sqlite3.Connection:
    """Open (creating if need be) and migrate the ledger database at `path`. A new ledger is
    made 0600 in a 0700 folder (SQLite gives its -wal and -shm files the same mode); an
    older one open to others is closed to them."""
    if str(path) != ":memory:":
        _private_file(Path(path))
    try:
        db = sqlite3.connect(path, timeout=BUSY_TIMEOUT_S, isolation_level=None,
                             check_same_thread=False)
        db.row_factory = sqlite3.Row
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA synchronous=FULL")
        db.execute("PRAGMA foreign_keys=ON")
        db.execute("PRAGMA secure_delete=ON")  # a replaced token leaves no trace in free pages
        check_integrity(db)
        _migrate(db)
    except sqlite3.DatabaseError as exc:
        if is_busy(exc):
            raise in_use(path, exc) from None
        raise LedgerError(f"{path} is not a kiosk ledger ({exc}): restore the latest backup "
                          "there (kiosk restore), or choose another --data-dir") from None
    return db


def _private_file(path: Path) -> None:
    if path.is_dir():
        raise LedgerError(f"{path} is a folder, not a ledger: move it away, or choose "
                          "another --data-dir")
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        # Never open and close a descriptor of a ledger this process may have open already:
        # closing any descriptor of a file drops every POSIX lock the process holds on it,
        # and the next process to close the ledger would take itself for the last user and
        # delete the WAL this one still writes to. Only a missing file is made here.
        if not path.exists():
            os.close(os.open(path, os.O_RDWR | os.O_CREAT, 0o600))
        elif not os.access(path, os.R_OK | os.W_OK):
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(path))
        for part in (path, path.with_name(path.name + "-wal"),
                     path.with_name(path.name + "-shm")):
            if part.exists():
                status = part.stat()
                if status.st_mode & 0o077 and status.st_uid == os.geteuid():
                    part.chmod(0o600)
    except OSError as exc:
        raise LedgerError(f"cannot open the ledger {path}: {exc.strerror}; choose another "
                          "--data-dir") from None


@contextmanager
def write_transaction(db: Connection, lock: AbstractContextManager | None = None,
                      exclusive: bool = True) -> Iterator[Connection]:
    """One writer at a time on a shared connection: BEGIN IMMEDIATE takes SQLite's write
    lock at once (other processes wait; a connection to another database says how it
    does the same with `begin_write`), `lock` keeps this process's threads from
    interleaving statements, and any exception rolls everything back.

    SQLite has one writer at a time whatever is asked. Where writers can run side by side
    (PostgreSQL), `exclusive=False` says this transaction locks what it reads by writing
    it first (a payment changed only while uncharged, the daily totals its trigger keeps,
    the day's sale number) or only records what happened to rows it names, so it need not
    wait for every other writer of the books."""
    with lock or nullcontext():
        begin_write = getattr(db, "begin_write", None)
        if begin_write is None:
            db.execute("BEGIN IMMEDIATE")
        else:
            begin_write(exclusive)
        try:
            yield db
        except BaseException:
            db.execute("ROLLBACK")
            raise
        db.execute("COMMIT")


def _statements(script: str) -> list[str]:
    """A script's statements, keeping a trigger's `BEGIN … END;` body whole."""
    statements, current = [], ""
    for line in script.splitlines(keepends=True):
        current += line
        if sqlite3.complete_statement(current):
            statements.append(current.strip())
            current = ""
    if current.strip():
        statements.append(current.strip())
    return statements


def check_integrity(db: sqlite3.Connection) -> None:
    """Refuse to work on a damaged ledger rather than make it worse."""
    problems = [row[0] for row in db.execute("PRAGMA quick_check").fetchall()]
    if problems != ["ok"]:
        raise LedgerError("the ledger is damaged (" + "; ".join(problems[:3]) + "): "
                          "restore it from the latest backup (kiosk restore)")


def _migrate(db: sqlite3.Connection) -> None:
    with write_transaction(db):
        version = db.execute("PRAGMA user_version").fetchone()[0]
        if version > len(MIGRATIONS):
            raise LedgerError(
                f"the ledger is at schema version {version}, newer than this kiosk knows "
                f"({len(MIGRATIONS)}): install the newer kiosk version again")
        for number, script in enumerate(MIGRATIONS[version:], start=version + 1):
            for statement in _statements(script):
                db.execute(statement)
            db.execute(f"PRAGMA user_version = {number}")
