"""The ledger's file as several processes share it (the kiosk, `kiosk pay`, the wallet)."""

import sqlite3
import subprocess
import sys

import pytest

from payments.database import open_database, write_transaction


@pytest.mark.integration  # another process closes the books
def test_a_process_that_opened_the_books_twice_keeps_its_writes_when_another_closes(tmp_path):
    """Before: opening the ledger again (`open_payments` opens it for the client, then for
    the books) closed a descriptor of the file, which drops every POSIX lock this process
    held on it. The next process to close the ledger then took itself for the last user and
    deleted the WAL this process went on writing to: the wallet's bank_tran_ids were lost,
    and the kiosk sent one the bank had seen (A0326)."""
    path = tmp_path / "ledger.sqlite3"
    first = open_database(path)
    second = open_database(path)
    subprocess.run([sys.executable, "-c", "from payments.database import open_database; "
                    f"open_database({str(path)!r}).close()"], check=True)
    with write_transaction(first):
        first.execute("UPDATE tran_id_sequence SET last = 41")
    other = sqlite3.connect(path)
    assert other.execute("SELECT last FROM tran_id_sequence").fetchone()[0] == 41
    for db in (first, second, other):
        db.close()
