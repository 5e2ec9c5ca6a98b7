"""Access tokens with their expiry, kept in the ledger so a restart does not re-issue them."""

import sqlite3
import threading
from dataclasses import dataclass

INSTITUTION = "institution"  # the owner of the client_credentials (scope oob) token
RENEW_MARGIN_S = 300.0  # renew this long before expiry, so no call goes out on a dying token


@dataclass(frozen=True, repr=False)
class Token:
    owner: str  # INSTITUTION or a user_seq_no
    access_token: str
    scope: str
    expires_at: float  # seconds since the epoch
    refresh_token: str = ""

    def fresh(self, now: float) -> bool:
        return now < self.expires_at - RENEW_MARGIN_S

    def __repr__(self) -> str:  # a token must never reach a log by way of a repr
        return f"Token(owner={self.owner!r}, scope={self.scope!r}, expires_at={self.expires_at})"


class TokenStore:
    def __init__(self, db: sqlite3.Connection) -> None:
        self._db = db
        self._lock = threading.Lock()

    def get(self, owner: str) -> Token | None:
        with self._lock:
            row = self._db.execute(
                "SELECT owner, access_token, scope, expires_at, refresh_token FROM tokens "
                "WHERE owner = ?", (owner,)).fetchone()
        return Token(*row) if row else None

    def put(self, token: Token) -> None:
        with self._lock:
            self._db.execute(
                "INSERT OR REPLACE INTO tokens (owner, access_token, refresh_token, scope, "
                "expires_at) VALUES (?, ?, ?, ?, ?)",
                (token.owner, token.access_token, token.refresh_token, token.scope,
                 token.expires_at))

    def expire(self, owner: str) -> None:
        """Mark a token the bank rejected as lapsed, keeping its refresh token."""
        with self._lock:
            self._db.execute("UPDATE tokens SET expires_at = 0 WHERE owner = ?", (owner,))
