"""`kiosk backup`, as kiosk-backup.service runs it every hour."""

import sqlite3

from tests.kiosk.conftest import kiosk


def tables(path) -> set[str]:
    with sqlite3.connect(path) as db:
        return {row[0] for row in db.execute("SELECT name FROM sqlite_master "
                                             "WHERE type = 'table'")}


def test_a_backup_on_the_ledgers_own_disk_is_refused_with_what_to_do(env, tmp_path):
    assert kiosk("payments", env=env).returncode == 0  # the demo's ledger exists
    (tmp_path / "usb").mkdir()
    run = kiosk("backup", "--to", str(tmp_path / "usb"), env=env)
    assert run.returncode == 1
    assert "same disk as the ledger" in run.stderr and "mount a second disk" in run.stderr
    assert list((tmp_path / "usb").iterdir()) == []


def test_a_backup_keeps_the_last_copies_and_each_opens(env, tmp_path):
    assert kiosk("payments", env=env).returncode == 0
    usb = tmp_path / "usb"
    usb.mkdir()
    run = kiosk("backup", "--to", str(usb), "--keep", "1", "--same-disk", env=env)
    assert run.returncode == 0, run.stderr
    [copy] = usb.iterdir()
    assert f"backed up the ledger to {copy}" in run.stderr
    assert tables(copy) == tables(tmp_path / "data" / "ledger.sqlite3") >= {"payments",
                                                                              "transfers"}


def test_a_backup_disk_that_is_not_there_is_said(env, tmp_path):
    assert kiosk("payments", env=env).returncode == 0
    run = kiosk("backup", "--to", str(tmp_path / "gone"), env=env)
    assert run.returncode == 1 and "is the backup disk plugged in and mounted" in run.stderr
