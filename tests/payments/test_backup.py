"""Hourly copies of the ledger: consistent while sales go on, checked, and only N kept."""

import sqlite3
import stat
import threading

import pytest

from payments.backup import BackupError, backup_ledger, restore_ledger
from payments.database import open_database
from payments.ledger import Ledger
from payments.money import Sale
from payments.openbanking.tokens import Token, TokenStore
from tests.conftest import SEALING_KEY


def copies(folder):
    return sorted(p.name for p in folder.iterdir())


@pytest.mark.integration
def test_a_copy_taken_while_sales_are_written_is_whole_and_checked(tmp_path):
    ledger = Ledger(tmp_path / "ledger.sqlite3")
    target = tmp_path / "usb"
    target.mkdir()
    first = ledger.new_payment(Sale.keyed(1000), 0.0).id
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


def test_a_copy_is_0600_and_carries_no_token_in_the_clear(tmp_path):
    """Before: the copy was world-readable and its tokens table held every customer's
    access and refresh token, ready to use with the client secret."""
    path = tmp_path / "ledger.sqlite3"
    db = open_database(path)
    TokenStore(db, SEALING_KEY).put(Token("u1", "live-access", "transfer", 9e9, "live-refresh"))
    db.execute("INSERT INTO tokens VALUES ('u2', 'left-clear', '', 'transfer', 9e9)")
    db.close()
    target = tmp_path / "usb"
    target.mkdir()
    copy = backup_ledger(path, target, keep=1)
    assert stat.S_IMODE(copy.stat().st_mode) == 0o600
    raw = copy.read_bytes()
    for secret in (b"live-access", b"live-refresh", b"left-clear"):
        assert secret not in raw
    with sqlite3.connect(copy) as restored:
        assert [row[0] for row in restored.execute("SELECT owner FROM tokens")] == ["u1"]


def test_a_restore_puts_the_copy_in_place_and_keeps_what_was_there(tmp_path):
    ledger = Ledger(tmp_path / "data" / "ledger.sqlite3")
    kept_sale = ledger.new_payment(Sale.keyed(1000), 0.0).id
    ledger.close()
    (tmp_path / "usb").mkdir()
    copy = backup_ledger(tmp_path / "data" / "ledger.sqlite3", tmp_path / "usb", keep=1)
    later = Ledger(tmp_path / "data" / "ledger.sqlite3")
    later.new_payment(Sale.keyed(2000), 1.0)  # written after the copy: lost by a restore
    later.close()
    kept = restore_ledger(copy, tmp_path / "data" / "ledger.sqlite3", at=1_800_000_000)
    assert kept.name == "ledger-before-restore-20270115-170000.sqlite3" and kept.exists()
    back = Ledger(tmp_path / "data" / "ledger.sqlite3")
    assert [p.id for p in back.payments()] == [kept_sale]
    assert stat.S_IMODE((tmp_path / "data" / "ledger.sqlite3").stat().st_mode) == 0o600
    assert len(Ledger(kept).payments()) == 2


@pytest.mark.parametrize("junk", [b"", b"not a database at all", b"SQLite format 3\x00" * 8])
def test_a_restore_refuses_what_is_not_a_whole_ledger_and_changes_nothing(tmp_path, junk):
    Ledger(tmp_path / "ledger.sqlite3").close()
    before = (tmp_path / "ledger.sqlite3").read_bytes()
    (tmp_path / "junk.sqlite3").write_bytes(junk)
    with pytest.raises(BackupError, match="not a"):
        restore_ledger(tmp_path / "junk.sqlite3", tmp_path / "ledger.sqlite3")
    assert (tmp_path / "ledger.sqlite3").read_bytes() == before
