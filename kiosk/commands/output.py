"""How a command says it could not do its job: one line on stderr, exit status 1."""

import sys
from pathlib import Path


def fail(message: str) -> int:
    print(f"kiosk: {message}", file=sys.stderr)
    return 1


def unwritten(path: str, data: bytes) -> str:
    """Writes `data` to the file `path` (an --out or --png): "" when it did, else why not,
    as the line `fail` says: a missing folder or a folder given for a file is the user's
    typo, not a crash."""
    try:
        Path(path).write_bytes(data)
    except OSError as exc:
        return f"cannot write {path}: {exc.strerror or exc}; give a file in a folder that exists"
    return ""
