"""`bank_tran_id`s that are never used twice.

The reference's format: the 10-character institution code, `U`, then 9 upper-case letters or
digits of our choosing, unique within a day. Ours are 3 characters naming the terminal (so
kiosks sharing an institution code never collide) and a 6-character base-36 counter kept in
the ledger and bumped inside a write transaction, so it is unique across restarts, threads
and processes; it never resets, so an id is unique forever, not only within its day.
"""

import re
import secrets
import string

from payments.database import Connection, connection_lock

_DIGITS = string.digits + string.ascii_uppercase
COUNTER_WIDTH = 6
TERMINAL_ID = re.compile(r"[0-9A-Z]{3}")


def base36(number: int, width: int) -> str:
    chars = []
    for _ in range(width):
        number, digit = divmod(number, 36)
        chars.append(_DIGITS[digit])
    if number:
        raise OverflowError("the bank_tran_id counter has run out")
    return "".join(reversed(chars))


class BankTranIds:
    def __init__(self, db: Connection, institution_code: str,
                 terminal_id: str = "") -> None:
        if not re.fullmatch(r"[A-Z0-9]{10}", institution_code):
            raise ValueError(f"institution code {institution_code!r} is not 10 upper-case "
                             "letters and digits")
        self._db = db
        self._lock = connection_lock(db)
        self._prefix = institution_code + "U" + (terminal_id or self._own_terminal_id())
        if not TERMINAL_ID.fullmatch(self._prefix[11:]):
            raise ValueError(f"terminal id {terminal_id!r} is not 3 upper-case letters/digits")

    def _own_terminal_id(self) -> str:
        """A random terminal id, chosen once per ledger and kept in it."""
        candidate = "".join(secrets.choice(_DIGITS) for _ in range(3))
        self._db.execute("INSERT INTO settings (key, value) VALUES ('terminal_id', ?) "
                         "ON CONFLICT DO NOTHING", (candidate,))
        return self._db.execute(
            "SELECT value FROM settings WHERE key = 'terminal_id'").fetchone()[0]

    def next(self) -> str:
        """A fresh id, committed to the ledger before it is returned: one statement, its
        own transaction, whose row is the lock (held only through its own commit)."""
        with self._lock:
            [(value,)] = self._db.execute(
                "UPDATE tran_id_sequence SET last = last + 1 WHERE id = 1 RETURNING last"
            ).fetchall()
        return self._prefix + base36(value, COUNTER_WIDTH)
