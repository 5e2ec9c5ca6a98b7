"""Copies of the ledger, taken while the kiosk keeps selling.

SQLite's online backup reads a consistent snapshot page by page, so a sale written meanwhile
is either in the copy or not, never half. A copy is checked before it counts, written under
a temporary name and renamed, so a pulled USB stick leaves no file that looks whole; the
oldest copies beyond `keep` are removed only after a new one is safe.
"""

import os
import sqlite3
import time
from pathlib import Path

from payments.koreatime import now_kst

PREFIX, SUFFIX = "ledger-", ".sqlite3"


class BackupError(Exception):
    """No copy was made: the message says why and what to do."""


def backup_ledger(ledger: Path, target: Path, keep: int, at: float | None = None) -> Path:
    """A checked copy of `ledger` in `target`, leaving the newest `keep` copies there."""
    if keep < 1:
        raise BackupError("keep at least one copy")
    if not ledger.is_file():
        raise BackupError(f"there is no ledger at {ledger} yet: nothing to back up")
    if not target.is_dir():
        raise BackupError(f"{target} is not a folder: is the backup disk plugged in and "
                          "mounted?")
    stamp = now_kst(time.time() if at is None else at).strftime("%Y%m%d-%H%M%S")
    final = target / f"{PREFIX}{stamp}{SUFFIX}"
    partial = target / f".{final.name}.partial"
    try:
        source = sqlite3.connect(f"file:{ledger}?mode=ro", uri=True)
        try:
            copy = sqlite3.connect(partial)
            try:
                source.backup(copy)
                copy.execute("PRAGMA journal_mode=DELETE")  # one self-contained file
                verdict = copy.execute("PRAGMA integrity_check").fetchone()[0]
            finally:
                copy.close()
        finally:
            source.close()
        if verdict != "ok":
            raise BackupError(f"the copy failed its integrity check ({verdict}); the ledger "
                              "itself may be damaged: run `kiosk reconcile` and call support")
        with open(partial, "rb") as written:
            os.fsync(written.fileno())
        partial.replace(final)
    except (sqlite3.Error, OSError) as exc:
        raise BackupError(f"cannot copy the ledger to {target}: {exc}") from None
    finally:
        partial.unlink(missing_ok=True)
    for old in sorted(target.glob(f"{PREFIX}*{SUFFIX}"))[:-keep]:
        old.unlink()
    return final


def on_another_disk(ledger: Path, target: Path) -> bool:
    """A copy on the ledger's own disk (or the system's) dies with it."""
    device = target.stat().st_dev
    return device not in (ledger.parent.stat().st_dev, Path("/").stat().st_dev)
