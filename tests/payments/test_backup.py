"""Hourly copies of the ledger: consistent while sales go on, checked, and only N kept."""

import sqlite3
import threading

import pytest

from payments.backup import BackupError, backup_ledger
from payments.ledger import Ledger
from payments.money import Sale


def copies(folder):
    return sorted(p.name for p in folder.iterdir())


def test_a_copy_taken_while_sales_are_written_is_whole_and_checked(tmp_path):
    ledger = Ledger(tmp_path / "ledger.sqlite3")
    target = tmp_path / "usb"
    target.mkdir()
    first = ledger.new_payment(Sale.keyed(1000), 0.0)
    stop = threading.Event()

    def sell() -> None:
        while not stop.is_set():
            ledger.new_payment(Sale.keyed(500), 1.0)

    seller = threading.Thread(target=sell)
    seller.start()
    try:
        copy = backup_ledger(tmp_path / "ledger.sqlite3", target, keep=3)
    finally:
        stop.set()
        seller.join()
    with sqlite3.connect(copy) as db:
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert db.execute("SELECT id FROM payments ORDER BY created_at LIMIT 1").fetchone()[0] \
            == first
    assert copies(target) == [copy.name]  # no partial file left behind


def test_only_the_newest_copies_are_kept(tmp_path):
    Ledger(tmp_path / "ledger.sqlite3").close()
    target = tmp_path / "usb"
    target.mkdir()
    for hour in range(5):
        backup_ledger(tmp_path / "ledger.sqlite3", target, keep=2,
                      at=1_800_000_000 + 3600 * hour)
    assert copies(target) == ["ledger-20270115-200000.sqlite3", "ledger-20270115-210000.sqlite3"]


def test_a_missing_backup_disk_or_ledger_is_said_plainly(tmp_path):
    Ledger(tmp_path / "ledger.sqlite3").close()
    with pytest.raises(BackupError, match="plugged in and mounted"):
        backup_ledger(tmp_path / "ledger.sqlite3", tmp_path / "not-mounted", keep=2)
    with pytest.raises(BackupError, match="no ledger at"):
        backup_ledger(tmp_path / "nothing.sqlite3", tmp_path, keep=2)
