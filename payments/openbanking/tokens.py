"""Access tokens with their expiry, kept in the ledger so a restart does not re-issue them.

The tokens themselves are sealed (payments/sealing.py): the ledger and its backups hold
nothing a finder could present to the bank. A token sealed with another key (a ledger
restored onto a kiosk without its key) reads as absent: the customer registers again.
"""

import logging
from dataclasses import dataclass

from payments.database import Connection, connection_lock
from payments.sealing import SealingKey, is_sealed

INSTITUTION = "institution"  # the owner of the client_credentials (scope oob) token
RENEW_MARGIN_S = 300.0  # renew this long before expiry, so no call goes out on a dying token
log = logging.getLogger(__name__)


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
    def __init__(self, db: Connection, key: SealingKey) -> None:
        self._db = db
        self._key = key
        self._lock = connection_lock(db)
        self._seal_clear_rows()

    def get(self, owner: str) -> Token | None:
        with self._lock:
            row = self._db.execute(
                "SELECT owner, access_token, scope, expires_at, refresh_token FROM tokens "
                "WHERE owner = ?", (owner,)).fetchone()
        if row is None:
            return None
        access = self._key.unseal(row[1], f"{owner}:access")
        refresh = self._key.unseal(row[4], f"{owner}:refresh") if row[4] else ""
        if access is None or refresh is None:
            log.warning("the token of %s was sealed with another key (a ledger restored "
                        "without its key?): it cannot be used; that customer registers "
                        "again", owner)
            return None
        return Token(owner, access, row[2], row[3], refresh)

    def put(self, token: Token) -> None:
        refresh = (self._key.seal(token.refresh_token, f"{token.owner}:refresh")
                   if token.refresh_token else "")
        with self._lock:
            self._db.execute(
                "INSERT INTO tokens (owner, access_token, refresh_token, scope, expires_at) "
                "VALUES (?, ?, ?, ?, ?) ON CONFLICT (owner) DO UPDATE SET "
                "access_token = excluded.access_token, refresh_token = excluded.refresh_token, "
                "scope = excluded.scope, expires_at = excluded.expires_at",
                (token.owner, self._key.seal(token.access_token, f"{token.owner}:access"),
                 refresh, token.scope, token.expires_at))

    def expire(self, owner: str) -> None:
        """Mark a token the bank rejected as lapsed, keeping its refresh token."""
        with self._lock:
            self._db.execute("UPDATE tokens SET expires_at = 0 WHERE owner = ?", (owner,))

    def _seal_clear_rows(self) -> None:
        """Seal the tokens a kiosk from before sealing left in the clear."""
        with self._lock:
            rows = self._db.execute("SELECT owner, access_token, scope, expires_at, "
                                    "refresh_token FROM tokens").fetchall()
        for row in rows:
            if not is_sealed(row[1]):
                self.put(Token(row[0], row[1], row[2], row[3], row[4]))
