"""python-escpos's printer database, read once per user instead of once per process.

When it is imported, python-escpos parses its printer database (a YAML file): half a second
of CPU on a desktop, seconds on a Pi, for every `kiosk` command that can print. It skips that
when it finds a pickle of the database, but by default it looks for one in a new temporary
folder of each process, which it leaves behind: one more folder in /tmp for every command.

So escpos is imported here first, pointed at a pickle in the user's cache folder; the first
time, the pickle is written in a folder of this process and moved there whole, so a process
starting beside it never reads half of one. Where the cache cannot be written (a read-only
root), the database is parsed as before and nothing is kept.
"""

import os
import platform
import shutil
import tempfile
from importlib.metadata import version
from pathlib import Path

PICKLE_DIR = "ESCPOS_CAPABILITIES_PICKLE_DIR"  # python-escpos's own setting


def use_cached_capabilities() -> None:
    chosen = os.environ.get(PICKLE_DIR)  # by the tests, or by the process that started this
    home_cache = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    cache = home_cache / "kiosk" / f"python-escpos-{version('python-escpos')}"
    name = f"{platform.python_version()}.capabilities.pickle"
    scratch = tempfile.mkdtemp(prefix="kiosk-escpos-")
    if chosen is None:
        os.environ[PICKLE_DIR] = str(cache) if (cache / name).exists() else scratch
    # escpos makes a temporary folder when it is imported even when told where to look:
    # it is made in the scratch folder, removed below.
    tempdir, tempfile.tempdir = tempfile.tempdir, scratch
    try:
        import escpos.capabilities  # noqa: F401  (reads the pickle, or parses and writes it)
    finally:
        tempfile.tempdir = tempdir
    if os.environ[PICKLE_DIR] == scratch:
        try:
            cache.mkdir(parents=True, exist_ok=True)
            os.replace(Path(scratch) / name, cache / name)
            os.environ[PICKLE_DIR] = str(cache)  # for the commands this process starts
        except OSError:
            del os.environ[PICKLE_DIR]  # the database is in memory; nothing is kept
    shutil.rmtree(scratch, ignore_errors=True)
