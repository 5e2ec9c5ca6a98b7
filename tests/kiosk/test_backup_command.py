"""`kiosk backup`, as kiosk-backup.service runs it every hour."""

import json
import shutil
import sqlite3
import stat
from pathlib import Path

import pytest

from payments.sealing import load_key
from tests.kiosk.conftest import counter_at, holding, kiosk


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


def enroll(counter, name: str) -> str:
    account = next(a for a in counter.accounts() if a["holder_name"] == name)
    run = counter.run("enroll", "--follow", "--user-hint", account["user_seq_no"], "--json")
    assert run.returncode == 0, run.stderr
    return account["fintech_use_num"]


def pay(counter, code: str) -> dict:
    return json.loads(counter.run("pay", "--amount", "1000", "--code", code, "--json").stdout)


def back_up_and_lose_the_data_disk(counter, usb: Path) -> Path:
    usb.mkdir()
    assert counter.run("backup", "--to", str(usb), "--same-disk").returncode == 0
    [copy] = usb.iterdir()
    assert stat.S_IMODE(copy.stat().st_mode) == 0o600
    shutil.rmtree(counter.data_dir)
    return copy


@pytest.mark.integration
def test_a_kiosk_restored_from_its_backup_takes_payments_again(tmp_path):
    """The data disk dies; the configuration (and its sealing key) survives; the newest
    backup is put back and the same customer pays at once, without registering again."""
    with counter_at(tmp_path) as counter:
        minjun = enroll(counter, "김민준")
        assert pay(counter, minjun)["status"] == "approved"
        copy = back_up_and_lose_the_data_disk(counter, tmp_path / "usb")
        run = counter.run("restore", str(copy))
        assert run.returncode == 0 and f"restored {copy}" in run.stderr
        assert pay(counter, minjun)["status"] == "approved"
        assert len(json.loads(counter.run("payments", "--json").stdout)) == 2
        counter.assert_books_agree()


@pytest.mark.integration
def test_a_backup_restored_without_its_key_moves_no_money_until_the_customer_registers(
        tmp_path):
    """Whoever has the stick but not /etc/kiosk/ledger.key has no usable token: on a kiosk
    installed afresh (a key of its own), each customer registers again, then pays."""
    with counter_at(tmp_path) as counter:
        minjun = enroll(counter, "김민준")
        copy = back_up_and_lose_the_data_disk(counter, tmp_path / "usb")
        (tmp_path / "ledger.key").unlink()
        assert counter.run("restore", str(copy)).returncode == 0
        gone = counter.run("pay", "--amount", "1000", "--code", minjun, "--json")
        assert "no sealing key at" in gone.stderr and "ledger.key" in gone.stderr
        assert len(gone.stderr.strip().splitlines()) == 1
        load_key(tmp_path / "ledger.key", create=True)  # what install.sh does on a new kiosk
        refused = pay(counter, minjun)
        assert refused["status"] != "approved" and "not registered here" in refused["reason"]
        assert enroll(counter, "김민준") == minjun
        assert pay(counter, minjun)["status"] == "approved"


def test_a_restore_while_the_kiosk_runs_is_refused(tmp_path, env):
    assert kiosk("payments", env=env).returncode == 0
    with holding(tmp_path / "data"):
        run = kiosk("restore", str(tmp_path / "data" / "ledger.sqlite3"), env=env)
    assert run.returncode == 1 and "another kiosk (process" in run.stderr
