"""One kiosk per data directory: a second would share its ledger's devices and its demo
reader's port, and a restore under a running kiosk would be overwritten by it.

The holder keeps an exclusive lock on `kiosk.lock` in the data directory for as long as it
runs; the kernel lets go when the process ends, however it ends, so a crash never leaves a
stale lock behind.
"""

import contextlib
import fcntl
import os
from collections.abc import Iterator
from pathlib import Path

from kiosk.config import ConfigError

LOCK_FILE = "kiosk.lock"


@contextlib.contextmanager
def only_kiosk_on(data_dir: Path, doing: str = "start") -> Iterator[None]:
    """Hold the data directory; ConfigError naming the process that already holds it."""
    try:
        data_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
        descriptor = os.open(data_dir / LOCK_FILE, os.O_RDWR | os.O_CREAT, 0o600)
    except OSError as exc:
        raise ConfigError(f"cannot use the data directory {data_dir}: {exc.strerror}; "
                          "choose another with --data-dir") from None
    try:
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(descriptor, 32, 0).decode(errors="replace").strip() or "?"
            raise ConfigError(
                f"cannot {doing}: another kiosk (process {holder}) is running on the data "
                f"directory {data_dir}; stop it first (Ctrl-C where it runs, or `sudo "
                "systemctl stop kiosk` on an installed kiosk), or give this one its own "
                "--data-dir") from None
        os.ftruncate(descriptor, 0)
        os.pwrite(descriptor, f"{os.getpid()}\n".encode(), 0)
        yield
    finally:
        os.close(descriptor)
