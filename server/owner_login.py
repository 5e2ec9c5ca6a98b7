"""The owner's login: one password, kept as a slow hash in a file only the server reads, wrong
tries slowed down, and a signed session cookie.

The hash file (`pbkdf2-sha256$...`, payments/passwords.py) is made 0600 by the installer
(`write_password_file`); it is read at every login, so a new password takes effect at once
and ends every session signed under the old one. A file others may read is refused, not
used: its hash could be guessed offline.

Wrong tries: the first FREE_TRIES in a row cost nothing (fingers slip); after that the login
is locked for 2, 4, 8 ... seconds, up to MAX_LOCK_S, and a try while locked is not even
checked. The count is this process's: behind a load balancer each process counts its own,
which multiplies an attacker's rate by the number of processes but keeps it exponentially
slow. It is kept for everyone, not per address (an attacker has many addresses); the price is
that one can lock the owner out for at most MAX_LOCK_S at a time.

The session is stateless, so any server process accepts it: `EXPIRES.SIGNATURE`, an HMAC
under a key derived from the server's session secret over the expiry and the password hash.
"""

import base64
import hashlib
import hmac
import os
import stat
import threading
import time
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from payments.passwords import hash_password, verify_password

FREE_TRIES = 3
MAX_LOCK_S = 900.0
SESSION_S = 12 * 3600  # a working day: the owner signs in again the next morning
MIN_PASSWORD = 10  # characters: the page is on the internet, not behind a keypad
MAX_PASSWORD = 256


class LoginUnavailable(Exception):
    """The owner cannot sign in at all until the server is set up; the message says how."""


@dataclass(frozen=True)
class Verdict:
    accepted: bool
    wait_s: float = 0.0  # how long the login stays locked; 0 when it is open


def lock_for(failures: int) -> float:
    """How long the login stays locked after `failures` wrong tries in a row."""
    if failures <= FREE_TRIES:
        return 0.0
    return min(2.0 ** min(failures - FREE_TRIES, 20), MAX_LOCK_S)


class OwnerLogin:
    def __init__(self, password_hash_file: Path, session_secret: bytes,
                 clock: Callable[[], float] = time.time,
                 monotonic: Callable[[], float] = time.monotonic) -> None:
        if len(session_secret) < 16:
            raise ValueError("the session secret must be at least 16 bytes")
        self._file = Path(password_hash_file)
        self._key = hmac.new(session_secret, b"kiosk owner session", hashlib.sha256).digest()
        self._clock, self._monotonic = clock, monotonic
        self._lock = threading.Lock()
        self._failures, self._locked_until = 0, 0.0

    def password_hash(self) -> str:
        """The hash in the file; LoginUnavailable saying what to do when there is none."""
        try:
            mode = self._file.stat().st_mode
            text = self._file.read_text(encoding="ascii").strip()
        except FileNotFoundError:
            raise LoginUnavailable(f"{self._file} is missing: set the owner's password on "
                                   "the server first") from None
        except (OSError, UnicodeDecodeError) as exc:
            raise LoginUnavailable(f"{self._file} cannot be read ({exc}): set the owner's "
                                   "password again") from None
        if mode & (stat.S_IRWXG | stat.S_IRWXO):
            raise LoginUnavailable(f"{self._file} may be read by others: chmod 600 it "
                                   "(or set the password again)")
        if not text.startswith("pbkdf2-sha256$"):
            raise LoginUnavailable(f"{self._file} holds no password hash: set the owner's "
                                   "password again")
        return text

    def attempt(self, password: str) -> Verdict:
        """Check one try (slowly: run it off the event loop). LoginUnavailable when no
        password is set."""
        stored = self.password_hash()
        with self._lock:
            wait = self._locked_until - self._monotonic()
            if wait > 0:
                return Verdict(False, wait)
            accepted = verify_password(_typed(password), stored)
            if accepted:
                self._failures, self._locked_until = 0, 0.0
                return Verdict(True)
            self._failures += 1
            lock = lock_for(self._failures)
            self._locked_until = self._monotonic() + lock
            return Verdict(False, lock)

    @property
    def failures(self) -> int:
        return self._failures

    def new_session(self) -> str:
        expires = int(self._clock()) + SESSION_S
        return f"{expires}.{self._sign(expires, self.password_hash())}"

    def signed_in(self, session: str) -> bool:
        expires, _, signature = session.partition(".")
        if not expires.isascii() or not expires.isdigit() or int(expires) <= self._clock():
            return False
        try:
            stored = self.password_hash()
        except LoginUnavailable:
            return False
        return hmac.compare_digest(signature.encode(), self._sign(int(expires), stored).encode())

    def _sign(self, expires: int, stored: str) -> str:
        mac = hmac.new(self._key, f"{expires}\n{stored}".encode(), hashlib.sha256).digest()
        return base64.urlsafe_b64encode(mac).decode().rstrip("=")


def write_password_file(path: Path, password: str) -> None:
    """Set the owner's password: its hash in `path`, made 0600 before anything is written
    and replaced whole (a crash leaves the old password or the new one). ValueError, saying
    why, for a password too short to be on the internet."""
    password = _typed(password)
    if not MIN_PASSWORD <= len(password) <= MAX_PASSWORD:
        raise ValueError(f"the owner's password needs {MIN_PASSWORD} to {MAX_PASSWORD} "
                         "characters")
    path = Path(path)
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    new = path.with_name(path.name + ".new")
    new.unlink(missing_ok=True)
    descriptor = os.open(new, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "w", encoding="ascii") as out:
        out.write(hash_password(password) + "\n")
        out.flush()
        os.fsync(out.fileno())
    new.replace(path)


def _typed(password: str) -> str:
    """The password as composed text: a Hangul password typed on one device (composed
    syllables) matches the same typed on another (which may send the letters apart)."""
    return unicodedata.normalize("NFC", password)
