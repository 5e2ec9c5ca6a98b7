"""The clerk's PIN, kept only as a salted PBKDF2 hash: `pbkdf2-sha256$ITERATIONS$SALT$HASH`.

A four-digit PIN is easy to guess from its hash by trying all 10,000, so the hash is slow on
purpose; at the counter, wrong tries lock the keypad for longer and longer (kiosk/clerk_pin.py).
The cost is bounded both ways: below the minimum the hash falls to a laptop in seconds, above
the maximum one try would stall the kiosk.
"""

import base64
import hashlib
import hmac
import os

ITERATIONS = 200_000
PIN_ITERATIONS_MIN = 100_000
PIN_ITERATIONS_MAX = 2_000_000


def hash_pin(pin: str, salt: bytes | None = None, iterations: int = ITERATIONS) -> str:
    salt = salt or os.urandom(16)
    digest = hashlib.pbkdf2_hmac("sha256", pin.encode(), salt, iterations)
    return (f"pbkdf2-sha256${iterations}${base64.b64encode(salt).decode()}$"
            f"{base64.b64encode(digest).decode()}")


def verify_pin(pin: str, stored: str) -> bool:
    """Whether `pin` is the one `stored` was made from; False for a hash whose cost is out
    of bounds (the configuration refuses those at start, so this is a second lock)."""
    try:
        scheme, iterations, salt, digest = stored.split("$")
        if not PIN_ITERATIONS_MIN <= int(iterations) <= PIN_ITERATIONS_MAX:
            return False
        expected = base64.b64decode(digest)
        got = hashlib.pbkdf2_hmac("sha256", pin.encode(), base64.b64decode(salt),
                                  int(iterations))
    except ValueError:
        return False
    return scheme == "pbkdf2-sha256" and hmac.compare_digest(got, expected)
