"""How a command says it could not do its job: one line on stderr, exit status 1."""

import sys


def fail(message: str) -> int:
    print(f"kiosk: {message}", file=sys.stderr)
    return 1
