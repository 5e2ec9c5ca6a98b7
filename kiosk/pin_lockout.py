"""The clerk's PIN at the counter: wrong tries counted in the ledger, locking for longer and
longer, so neither patience nor pulling the plug guesses a four-digit PIN.

The first four wrong tries in a row cost nothing (fingers slip); the fifth locks the keypad
for a minute, and each further one doubles the lock, up to an hour. The count and the lock
live in the ledger's settings table, so a restart does not forget them, and each wrong try
and each lock is written to the event log (never the digits tried). A try while locked is
not even checked. `attempt` hashes for a tenth of a second: call it off the screen's thread.
"""

import json
import logging
import sqlite3
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from payments.database import open_database, write_transaction
from payments.passwords import verify_password

FREE_TRIES = 4
FIRST_LOCK_S = 60.0
MAX_LOCK_S = 3600.0
FAILURES, LOCKED_UNTIL = "clerk_pin.failures", "clerk_pin.locked_until"
EVENTS_ID = "clerk"  # the event log's payment_id for the clerk's own events
log = logging.getLogger(__name__)


@dataclass(frozen=True)
class PinVerdict:
    accepted: bool
    failures: int  # wrong tries in a row, this one included
    locked_until: float = 0.0  # seconds since the epoch; 0 when the keypad is open

    def locked(self, now: float) -> bool:
        return now < self.locked_until


def lock_for(failures: int) -> float:
    """How long the keypad stays locked after `failures` wrong tries in a row."""
    if failures <= FREE_TRIES:
        return 0.0
    return min(FIRST_LOCK_S * 2 ** min(failures - FREE_TRIES - 1, 20), MAX_LOCK_S)


class PinLockout:
    def __init__(self, db: sqlite3.Connection, pin_hash: str | Callable[[], str],
                 clock: Callable[[], float] = time.time) -> None:
        """`pin_hash` may be a function: the owner can change the PIN while the kiosk runs."""
        self._db = db
        self._hash = pin_hash
        self._clock = clock
        self._lock = threading.Lock()

    def state(self) -> PinVerdict:
        """The count and the lock as they stand, for the devices screen."""
        with self._lock:
            failures, until = self._read(self._clock())
        return PinVerdict(False, failures, until)

    def attempt(self, pin: str) -> PinVerdict:
        now = self._clock()
        with self._lock:
            failures, until = self._read(now)
        if now < until:
            return PinVerdict(False, failures, until)
        accepted = verify_password(pin, self._hash() if callable(self._hash) else self._hash)
        with write_transaction(self._db, self._lock):
            failures, until = self._read(now)
            if accepted:
                self._write(0, 0.0)
                if failures:
                    self._event(now, "clerk pin accepted", after_failures=failures)
                return PinVerdict(True, 0)
            failures += 1
            lock_s = lock_for(failures)
            until = now + lock_s if lock_s else 0.0
            self._write(failures, until)
            self._event(now, "clerk pin wrong", failures=failures)
            if lock_s:
                self._event(now, "clerk pin locked", failures=failures, seconds=lock_s)
        log.warning("a wrong clerk PIN (%d in a row)%s", failures,
                    f": the keypad is locked for {lock_s:.0f} s" if lock_s else "")
        return PinVerdict(False, failures, until)

    def _read(self, now: float) -> tuple[int, float]:
        rows = dict(self._db.execute("SELECT key, value FROM settings WHERE key IN (?, ?)",
                                     (FAILURES, LOCKED_UNTIL)).fetchall())
        failures = int(rows.get(FAILURES, 0))
        # A clock stepped back must not lock the keypad for days: never past the longest lock.
        until = min(float(rows.get(LOCKED_UNTIL, 0.0)), now + MAX_LOCK_S)
        return failures, until

    def _write(self, failures: int, until: float) -> None:
        self._db.executemany("INSERT OR REPLACE INTO settings (key, value) VALUES (?, ?)",
                             [(FAILURES, str(failures)), (LOCKED_UNTIL, repr(until))])

    def _event(self, now: float, event: str, **detail: object) -> None:
        self._db.execute("INSERT INTO events (at, payment_id, event, detail) VALUES "
                         "(?, ?, ?, ?)", (now, EVENTS_ID, event, json.dumps(detail)))


def opened_on_first_use(ledger: Path, pin_hash: str | Callable[[], str]
                        ) -> Callable[[], PinLockout]:
    """The lockout over its own connection to the ledger, opened (which checks the ledger)
    by the first caller: the checking thread, never the screen's."""
    made: list[PinLockout] = []
    lock = threading.Lock()

    def lockout() -> PinLockout:
        with lock:
            if not made:
                made.append(PinLockout(open_database(ledger), pin_hash))
            return made[0]
    return lockout
