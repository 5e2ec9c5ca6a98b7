"""What the wallet remembers: phones (device sessions), enrollments under way, rate limits.

`WalletStore` is the port; `SqliteWalletStore` is the adapter for a wallet beside one kiosk.
A wallet serving a chain of shops would add a PostgreSQL adapter of the same methods: the
rules (what expires, what a revoked phone may do) live in the callers, the SQL only here.
Device tokens are kept as SHA-256 hashes, so a copy of this file signs no phone in.
"""

import hashlib
import sqlite3
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from payments.database import write_transaction

_SCHEMA = """
CREATE TABLE IF NOT EXISTS devices (
    id TEXT PRIMARY KEY,              -- a short public id a clerk can read out
    token_hash TEXT UNIQUE NOT NULL,
    user_seq_no TEXT NOT NULL,
    label TEXT NOT NULL,
    created_at REAL NOT NULL,
    last_seen REAL NOT NULL,
    expires_at REAL NOT NULL,
    revoked_at REAL
);
-- enrolments: the old spelling's table of enrollments under way (each lives 10 minutes).
DROP TABLE IF EXISTS enrolments;
CREATE TABLE IF NOT EXISTS enrollments (
    state TEXT PRIMARY KEY,
    created_at REAL NOT NULL,
    used_at REAL
);
CREATE TABLE IF NOT EXISTS hidden_accounts (
    user_seq_no TEXT NOT NULL,
    fintech_use_num TEXT NOT NULL,
    PRIMARY KEY (user_seq_no, fintech_use_num)
);
CREATE TABLE IF NOT EXISTS hits (
    bucket TEXT NOT NULL,
    at REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS hits_by_bucket ON hits (bucket, at);
"""


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@dataclass(frozen=True)
class Device:
    id: str
    user_seq_no: str
    label: str
    created_at: float
    last_seen: float
    expires_at: float
    revoked_at: float | None


class EnrollmentState:
    """What became of an enrollment's `state` when the bank's redirect brought it back."""

    FRESH = "fresh"
    UNKNOWN = "unknown"  # never issued here (forged, or another wallet's)
    EXPIRED = "expired"
    USED = "used"  # a replayed redirect


class WalletStore(Protocol):
    def add_device(self, device_id: str, token: str, user_seq_no: str, label: str,
                   now: float, lifetime_s: float) -> None: ...
    def device_by_token(self, token: str) -> Device | None: ...
    def touch(self, device_id: str, now: float) -> None: ...
    def revoke(self, device_id: str, now: float) -> bool: ...
    def devices(self) -> list[Device]: ...
    def begin_enrollment(self, state: str, now: float) -> None: ...
    def use_enrollment(self, state: str, now: float, lifetime_s: float) -> str: ...
    def hide_account(self, user_seq_no: str, fintech_use_num: str) -> None: ...
    def hidden_accounts(self, user_seq_no: str) -> set[str]: ...
    def hit(self, bucket: str, now: float, window_s: float, limit: int) -> bool: ...


class SqliteWalletStore:
    def __init__(self, path: Path | str) -> None:
        self._db = sqlite3.connect(path, timeout=30, isolation_level=None,
                                   check_same_thread=False)
        self._db.row_factory = sqlite3.Row
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=FULL")
        self._lock = threading.RLock()
        with write_transaction(self._db, self._lock):
            for statement in _SCHEMA.split(";"):
                if statement.strip():
                    self._db.execute(statement)

    def close(self) -> None:
        self._db.close()

    def add_device(self, device_id: str, token: str, user_seq_no: str, label: str,
                   now: float, lifetime_s: float) -> None:
        with write_transaction(self._db, self._lock):
            self._db.execute("INSERT INTO devices VALUES (?, ?, ?, ?, ?, ?, ?, NULL)",
                             (device_id, token_hash(token), user_seq_no, label[:80], now, now,
                              now + lifetime_s))

    def device_by_token(self, token: str) -> Device | None:
        with self._lock:
            row = self._db.execute("SELECT * FROM devices WHERE token_hash = ?",
                                   (token_hash(token),)).fetchone()
        return _device(row) if row else None

    def touch(self, device_id: str, now: float) -> None:
        with write_transaction(self._db, self._lock):
            self._db.execute("UPDATE devices SET last_seen = ? WHERE id = ?", (now, device_id))

    def revoke(self, device_id: str, now: float) -> bool:
        with write_transaction(self._db, self._lock):
            done = self._db.execute("UPDATE devices SET revoked_at = ? WHERE id = ? AND "
                                    "revoked_at IS NULL", (now, device_id))
        return done.rowcount == 1

    def devices(self) -> list[Device]:
        with self._lock:
            rows = self._db.execute("SELECT * FROM devices ORDER BY created_at").fetchall()
        return [_device(row) for row in rows]

    def begin_enrollment(self, state: str, now: float) -> None:
        with write_transaction(self._db, self._lock):
            self._db.execute("INSERT INTO enrollments VALUES (?, ?, NULL)", (state, now))

    def use_enrollment(self, state: str, now: float, lifetime_s: float) -> str:
        """Marks `state` used, once: what it was before (an `EnrollmentState`)."""
        with write_transaction(self._db, self._lock):
            row = self._db.execute("SELECT * FROM enrollments WHERE state = ?",
                                   (state,)).fetchone()
            if row is None:
                return EnrollmentState.UNKNOWN
            if row["used_at"] is not None:
                return EnrollmentState.USED
            self._db.execute("UPDATE enrollments SET used_at = ? WHERE state = ?", (now, state))
            if now - row["created_at"] > lifetime_s:
                return EnrollmentState.EXPIRED
            return EnrollmentState.FRESH

    def hide_account(self, user_seq_no: str, fintech_use_num: str) -> None:
        with write_transaction(self._db, self._lock):
            self._db.execute("INSERT OR IGNORE INTO hidden_accounts VALUES (?, ?)",
                             (user_seq_no, fintech_use_num))

    def hidden_accounts(self, user_seq_no: str) -> set[str]:
        with self._lock:
            rows = self._db.execute("SELECT fintech_use_num FROM hidden_accounts WHERE "
                                    "user_seq_no = ?", (user_seq_no,)).fetchall()
        return {row[0] for row in rows}

    def hit(self, bucket: str, now: float, window_s: float, limit: int) -> bool:
        """Counts one request in `bucket`: False when `limit` were already made within the
        last `window_s` seconds (the request is then not counted)."""
        with write_transaction(self._db, self._lock):
            self._db.execute("DELETE FROM hits WHERE bucket = ? AND at <= ?",
                             (bucket, now - window_s))
            count = self._db.execute("SELECT count(*) FROM hits WHERE bucket = ?",
                                     (bucket,)).fetchone()[0]
            if count >= limit:
                return False
            self._db.execute("INSERT INTO hits VALUES (?, ?)", (bucket, now))
            return True


def _device(row: sqlite3.Row) -> Device:
    return Device(row["id"], row["user_seq_no"], row["label"], row["created_at"],
                  row["last_seen"], row["expires_at"], row["revoked_at"])
