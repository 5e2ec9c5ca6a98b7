"""Copies of the ledger, taken while the kiosk keeps selling, and a copy put back.

SQLite's online backup reads a consistent snapshot page by page, so a sale written meanwhile
is either in the copy or not, never half. A copy is checked before it counts, written under
a temporary name and renamed, so a pulled USB stick leaves no file that looks whole; the
oldest copies beyond `keep` are removed only after a new one is safe.

A copy carries nothing that moves money: customers' tokens are sealed with a key that stays
in the configuration directory (payments/sealing.py), a token left in the clear by an older
kiosk is dropped from the copy, and the copy is vacuumed so no free page keeps an old one.
It is made 0600. Restored on its own kiosk, whose key it was sealed with, every customer pays
again at once; on another, each registers again.
"""

import os
import sqlite3
import time
from pathlib import Path

from payments.database import MIGRATIONS
from payments.koreatime import now_kst
from payments.sealing import PREFIX as SEALED

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
            os.close(os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600))
            copy = sqlite3.connect(partial, isolation_level=None)
            try:
                source.backup(copy)
                copy.execute("PRAGMA journal_mode=DELETE")  # one self-contained file
                copy.execute("DELETE FROM tokens WHERE access_token NOT LIKE ? OR "
                             "(refresh_token != '' AND refresh_token NOT LIKE ?)",
                             (f"{SEALED}%", f"{SEALED}%"))
                copy.execute("VACUUM")
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


def restore_ledger(copy: Path, ledger: Path, at: float | None = None) -> Path | None:
    """Put the checked `copy` in the ledger's place; the ledger that was there (with its
    -wal and -shm files, which belong to it and not to the copy) is kept beside it, renamed
    with `before-restore` and the time. Returns that name, or None when there was none.
    The kiosk must be stopped: the caller holds the data directory (kiosk/instance.py)."""
    if not copy.is_file():
        raise BackupError(f"there is no backup at {copy}: give one of the ledger-*.sqlite3 "
                          "files on the backup disk")
    try:
        check = sqlite3.connect(f"file:{copy}?mode=ro", uri=True)
        try:
            verdict = check.execute("PRAGMA integrity_check").fetchone()[0]
            version = check.execute("PRAGMA user_version").fetchone()[0]
            tables = {row[0] for row in check.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table'")}
        finally:
            check.close()
    except sqlite3.DatabaseError as exc:
        raise BackupError(f"{copy} is not a ledger backup ({exc})") from None
    if verdict != "ok" or not {"payments", "transfers", "tokens"} <= tables:
        raise BackupError(f"{copy} is not a whole ledger backup ({verdict}): try an older "
                          "copy")
    if version > len(MIGRATIONS):
        raise BackupError(f"{copy} is from a newer kiosk version: install that version first")
    stamp = now_kst(time.time() if at is None else at).strftime("%Y%m%d-%H%M%S")
    kept = ledger.with_name(f"{ledger.stem}-before-restore-{stamp}{ledger.suffix}")
    partial = ledger.with_name(f".{ledger.name}.restoring")
    try:
        ledger.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(descriptor, "wb") as written, open(copy, "rb") as read:
            while chunk := read.read(1 << 20):
                written.write(chunk)
            written.flush()
            os.fsync(written.fileno())
        had_one = ledger.exists()
        for suffix in ("", "-wal", "-shm"):
            part = ledger.with_name(ledger.name + suffix)
            if part.exists():
                part.replace(kept.with_name(kept.name + suffix))
        partial.replace(ledger)
    except OSError as exc:
        raise BackupError(f"cannot restore into {ledger.parent}: {exc.strerror}") from None
    finally:
        partial.unlink(missing_ok=True)
    return kept if had_one else None
