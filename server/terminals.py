"""The chain's terminals, each known by its Ed25519 public key: registered by the owner
(`kiosk terminal add`), revoked there when a terminal is lost or retired."""

import time
from collections.abc import Callable

from payments.ledger import Ledger
from server.terminal_auth import NAME, read_public_key


class Terminals:
    def __init__(self, ledger: Ledger, clock: Callable[[], float] = time.time) -> None:
        self._ledger, self._clock = ledger, clock

    def named_by(self, public_key: str) -> str | None:
        """The name of the terminal holding this key; None when unknown or revoked."""
        row = self._ledger.row("SELECT name FROM terminals WHERE public_key = ? AND "
                               "revoked_at IS NULL", (public_key,))
        return row["name"] if row else None

    def add(self, name: str, public_key: str) -> None:
        """Raises ValueError with a line that says what is wrong."""
        if not NAME.fullmatch(name):
            raise ValueError(f"{name!r} cannot name a terminal: use up to 40 letters, digits, "
                             "'-', '_' or '.', e.g. gangnam-1")
        read_public_key(public_key)
        with self._ledger.transaction() as db:
            known = self._ledger.row("SELECT name FROM terminals WHERE name = ? OR "
                                     "public_key = ?", (name, public_key.strip()))
            if known is not None:
                raise ValueError(f"a terminal {known['name']!r} is already registered with "
                                 "this name or key: revoke it first, or choose another name")
            db.execute("INSERT INTO terminals (name, public_key, added_at) VALUES (?, ?, ?)",
                       (name, public_key.strip(), self._clock()))

    def revoke(self, name: str) -> bool:
        with self._ledger.transaction() as db:
            return db.execute("UPDATE terminals SET revoked_at = ? WHERE name = ? AND "
                              "revoked_at IS NULL", (self._clock(), name)).rowcount == 1

    def listed(self) -> list[dict]:
        return self._ledger.rows("SELECT name, public_key, added_at, revoked_at FROM "
                                 "terminals ORDER BY name")
