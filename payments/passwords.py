"""Secrets a person types (the clerk's PIN, the owner's password on a chain's server), kept
only as a salted PBKDF2 hash: `pbkdf2-sha256$ITERATIONS$SALT$HASH`.

A four-digit PIN is easy to guess from its hash by trying all 10,000, so the hash is slow on
purpose; where it is typed, wrong tries are slowed down further (kiosk/pin_lockout.py at the
counter, server/owner_login.py on the owner's page). The cost is bounded both ways: below
the minimum the hash falls to a laptop in seconds, above the maximum one try would stall the
kiosk.
"""

import base64
import hashlib
import hmac
import os

ITERATIONS = 200_000
ITERATIONS_MIN = 100_000
ITERATIONS_MAX = 2_000_000


def hash_password(password: str, salt: bytes | None = None,
                  iterations: int = ITERATIONS) -> str:
    salt = salt or os.urandom(16)
    digest = hashlib.pbkdf2_hmac("sha256", password.encode(), salt, iterations)
    return (f"pbkdf2-sha256${iterations}${base64.b64encode(salt).decode()}$"
            f"{base64.b64encode(digest).decode()}")


def verify_password(password: str, stored: str) -> bool:
    """Whether `password` is the one `stored` was made from; False for a hash whose cost is
    out of bounds (the configuration refuses those at start, so this is a second lock)."""
    try:
        scheme, iterations, salt, digest = stored.split("$")
        if not ITERATIONS_MIN <= int(iterations) <= ITERATIONS_MAX:
            return False
        expected = base64.b64decode(digest)
        got = hashlib.pbkdf2_hmac("sha256", password.encode(), base64.b64decode(salt),
                                  int(iterations))
    except ValueError:
        return False
    return scheme == "pbkdf2-sha256" and hmac.compare_digest(got, expected)
