"""python-escpos's printer database is parsed once per user, and no command leaves a folder
behind in the temporary directory."""

import os
import subprocess
import sys

import pytest

pytestmark = pytest.mark.integration  # fresh processes: the tests' own escpos is loaded


def import_printers(tmp_path) -> None:
    env = {key: value for key, value in os.environ.items()
           if key != "ESCPOS_CAPABILITIES_PICKLE_DIR"}
    env.update(XDG_CACHE_HOME=str(tmp_path / "cache"), TMPDIR=str(tmp_path / "tmp"))
    subprocess.run([sys.executable, "-c", "import hardware.printer.factory"], env=env,
                   check=True, timeout=60)


def test_the_database_is_cached_for_the_next_command_and_nothing_is_left_in_tmp(tmp_path):
    (tmp_path / "tmp").mkdir()
    import_printers(tmp_path)
    cached = list((tmp_path / "cache" / "kiosk").glob("python-escpos-*/*.capabilities.pickle"))
    assert len(cached) == 1 and cached[0].stat().st_size > 10_000
    made = cached[0].stat().st_mtime_ns
    import_printers(tmp_path)
    assert cached[0].stat().st_mtime_ns == made  # read, not parsed and written again
    assert list((tmp_path / "tmp").iterdir()) == []


def test_a_cache_that_cannot_be_written_still_leaves_nothing_in_tmp(tmp_path):
    (tmp_path / "tmp").mkdir()
    (tmp_path / "cache").write_text("a file where the cache folder would go")
    import_printers(tmp_path)
    assert list((tmp_path / "tmp").iterdir()) == []
