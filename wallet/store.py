"""What the wallet remembers: phones (device sessions), enrollments under way, passkeys and
their one-time challenges, rate limits.

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
CREATE TABLE IF NOT EXISTS passkeys (
    credential_id TEXT PRIMARY KEY,   -- base64url, as the browser names it
    user_seq_no TEXT NOT NULL,
    public_key BLOB NOT NULL,         -- COSE: a public key, nothing secret
    sign_count INTEGER NOT NULL,
    label TEXT NOT NULL,
    created_at REAL NOT NULL,
    last_used REAL
);
CREATE TABLE IF NOT EXISTS challenges (
    challenge TEXT PRIMARY KEY,       -- base64url, sent to the browser once
    subject TEXT NOT NULL,            -- what it may be used for: see wallet/passkeys.py
    created_at REAL NOT NULL,
    used_at REAL
);
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


@dataclass(frozen=True)
class Passkey:
    credential_id: str
    user_seq_no: str
    public_key: bytes
    sign_count: int
    label: str
    created_at: float
    last_used: float | None


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
    def add_passkey(self, passkey: Passkey) -> None: ...
    def passkey(self, credential_id: str) -> Passkey | None: ...
    def passkeys(self, user_seq_no: str) -> list[Passkey]: ...
    def used_passkey(self, credential_id: str, sign_count: int, now: float) -> None: ...
    def begin_challenge(self, challenge: str, subject: str, now: float) -> None: ...
    def use_challenge(self, challenge: str, subject: str, now: float,
                      lifetime_s: float) -> bool: ...


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


    def add_passkey(self, passkey: Passkey) -> None:
        with write_transaction(self._db, self._lock):
            self._db.execute("INSERT INTO passkeys VALUES (?, ?, ?, ?, ?, ?, ?)",
                             (passkey.credential_id, passkey.user_seq_no, passkey.public_key,
                              passkey.sign_count, passkey.label[:80], passkey.created_at,
                              passkey.last_used))

    def passkey(self, credential_id: str) -> Passkey | None:
        with self._lock:
            row = self._db.execute("SELECT * FROM passkeys WHERE credential_id = ?",
                                   (credential_id,)).fetchone()
        return Passkey(**dict(row)) if row else None

    def passkeys(self, user_seq_no: str) -> list[Passkey]:
        with self._lock:
            rows = self._db.execute("SELECT * FROM passkeys WHERE user_seq_no = ? "
                                    "ORDER BY created_at", (user_seq_no,)).fetchall()
        return [Passkey(**dict(row)) for row in rows]

    def used_passkey(self, credential_id: str, sign_count: int, now: float) -> None:
        with write_transaction(self._db, self._lock):
            self._db.execute("UPDATE passkeys SET sign_count = ?, last_used = ? WHERE "
                             "credential_id = ?", (sign_count, now, credential_id))

    def begin_challenge(self, challenge: str, subject: str, now: float) -> None:
        with write_transaction(self._db, self._lock):
            self._db.execute("DELETE FROM challenges WHERE created_at < ?", (now - 86400,))
            self._db.execute("INSERT INTO challenges VALUES (?, ?, ?, NULL)",
                             (challenge, subject, now))

    def use_challenge(self, challenge: str, subject: str, now: float,
                      lifetime_s: float) -> bool:
        """Marks `challenge` used, once: True only when it was issued here for `subject`
        within `lifetime_s` and never used before."""
        with write_transaction(self._db, self._lock):
            used = self._db.execute(
                "UPDATE challenges SET used_at = ? WHERE challenge = ? AND subject = ? AND "
                "used_at IS NULL AND created_at >= ?",
                (now, challenge, subject, now - lifetime_s))
        return used.rowcount == 1


def _device(row: sqlite3.Row) -> Device:
    return Device(row["id"], row["user_seq_no"], row["label"], row["created_at"],
                  row["last_seen"], row["expires_at"], row["revoked_at"])
