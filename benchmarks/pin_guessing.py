"""How long guessing the clerk's PIN takes: at the counter, and offline from its hash.

At the counter every guess goes through the kiosk's lockout (kiosk/pin_lockout.py), so the
time is the sum of the locks, whatever the attacker's speed. Offline, from the hash in the
configuration file, it is the PBKDF2 cost of each guess, measured here in CPU time (the
machine is shared, so wall time would flatter nobody).

    python benchmarks/pin_guessing.py [--rounds 20]
"""

import argparse
import hashlib
import os
import platform
import time

from kiosk.pin_lockout import lock_for
from payments.passwords import ITERATIONS


def counter_seconds(tries: int) -> float:
    """The locks an attacker sits through to make `tries` wrong guesses in a row."""
    return sum(lock_for(n) for n in range(1, tries))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=20)
    args = parser.parse_args()
    salt = os.urandom(16)
    started = time.process_time()
    for n in range(args.rounds):
        hashlib.pbkdf2_hmac("sha256", f"{n:04d}".encode(), salt, ITERATIONS)
    per_hash = (time.process_time() - started) / args.rounds
    print(f"machine: {os.cpu_count()} cores, {platform.machine()}, "
          f"Python {platform.python_version()}")
    print(f"PBKDF2-SHA256 x {ITERATIONS:,}: {per_hash * 1000:.0f} ms CPU per guess")
    for digits in (4, 6, 8):
        space = 10 ** digits
        whole, half = counter_seconds(space), counter_seconds(space // 2)
        print(f"{digits} digits at the counter: all {whole / 86400:,.0f} days, "
              f"on average {half / 86400:,.0f} days; offline on one core: all "
              f"{space * per_hash / 3600:,.1f} h")


if __name__ == "__main__":
    main()
