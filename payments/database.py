"""The kiosk's one SQLite file: opened the same way everywhere, migrated forward at open.

WAL with `synchronous=FULL` so that a committed row (a `bank_tran_id` written before its
request leaves) survives a power cut; a busy timeout so that a second process (a `kiosk pay`
beside a running kiosk) waits for the lock instead of failing.
"""

import sqlite3
from pathlib import Path

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
)


def open_database(path: Path | str) -> sqlite3.Connection:
    """Open (creating if need be) and migrate the ledger database at `path`."""
    if str(path) != ":memory:":
        Path(path).parent.mkdir(parents=True, exist_ok=True)
    db = sqlite3.connect(path, timeout=30, isolation_level=None, check_same_thread=False)
    db.row_factory = sqlite3.Row
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA synchronous=FULL")
    db.execute("PRAGMA foreign_keys=ON")
    _migrate(db)
    return db


def _migrate(db: sqlite3.Connection) -> None:
    db.execute("BEGIN IMMEDIATE")
    try:
        version = db.execute("PRAGMA user_version").fetchone()[0]
        if version > len(MIGRATIONS):
            raise RuntimeError(
                f"the ledger is at schema version {version}, newer than this kiosk knows "
                f"({len(MIGRATIONS)}): install the newer kiosk version again")
        for number, script in enumerate(MIGRATIONS[version:], start=version + 1):
            for statement in script.split(";"):
                if statement.strip():
                    db.execute(statement)
            db.execute(f"PRAGMA user_version = {number}")
        db.execute("COMMIT")
    except BaseException:
        db.execute("ROLLBACK")
        raise
