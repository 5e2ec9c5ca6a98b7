"""What the daily limits read: the books keep each payer's and everyone's money of a day as
the payments change (migration 7 on SQLite, 0004 on PostgreSQL), and a writer that marks a
charge `sending` holds those totals until it commits, so no second writer reads them
half-done. Run on both databases (tests/books.py)."""

import random
import sqlite3
import threading

import psycopg
import pytest

from payments.database import MIGRATIONS, StorageError, _statements, open_database
from payments.ledger import Ledger
from payments.money import Sale
from server.postgres import WRITE_LOCK, PostgresBooks
from tests.books import fresh_database, totals_off

PAYER, OTHER = "1" * 24, "2" * 24
AT = 1_795_186_800.0 + 3600  # 2026-11-21 01:00 Korea time
DAY = "2026-11-21"


def charged(ledger: Ledger, amount: int, payer: str = PAYER, status: str = "sending") -> str:
    with ledger.transaction(exclusive=False):
        payment = ledger.new_payment(Sale.keyed(amount), AT)
        assert ledger.set_payment(payment.id, AT, while_uncharged=True, status=status,
                                  fintech_use_num=payer)
    return payment.id


def test_the_totals_follow_every_change_of_a_payment(books):
    ledger = Ledger(books.open())
    first = charged(ledger, 1000)
    charged(ledger, 500, OTHER)
    assert ledger.spending(DAY, PAYER) == (1000, 1500)
    with ledger.transaction(exclusive=False):
        ledger.set_payment(first, AT, status="approved")  # no money moves: no change
    assert ledger.spending(DAY, PAYER) == (1000, 1500)
    declined = charged(ledger, 300)
    with ledger.transaction(exclusive=False):
        ledger.set_payment(declined, AT, status="declined")  # frees what it held
    assert ledger.spending(DAY, PAYER) == (1000, 1500)
    with ledger.transaction(exclusive=False):
        ledger.set_payment(declined, AT, status="unknown")  # a late word from the bank
    assert ledger.spending(DAY, PAYER) == (1300, 1800)
    with ledger.transaction(exclusive=False):
        ledger.db.execute("DELETE FROM payments WHERE id = ?", (first,))
    assert ledger.spending(DAY, PAYER) == (300, 800)
    assert ledger.spending("2026-11-22", PAYER) == (0, 0)


def test_a_charged_payment_is_not_charged_again_by_a_second_writer(books):
    ledger = Ledger(books.open())
    payment = charged(ledger, 1000, status="new")
    with ledger.transaction(exclusive=False):
        assert ledger.set_payment(payment, AT, while_uncharged=True, status="sending")
    with ledger.transaction(exclusive=False):
        assert not ledger.set_payment(payment, AT, while_uncharged=True, status="sending")
    assert ledger.spending(DAY, PAYER) == (1000, 1000)


@pytest.mark.integration  # a second writer, in a thread
def test_a_second_writer_reads_the_totals_only_once_the_first_has_committed(books):
    first, second = Ledger(books.open()), Ledger(books.open())
    mine, theirs = charged(first, 10, status="new"), charged(first, 20, status="new")
    read: list[tuple[int, int]] = []

    def other_counter() -> None:
        with second.transaction(exclusive=False):
            second.set_payment(theirs, AT, while_uncharged=True, status="sending",
                               fintech_use_num=PAYER)
            read.append(second.spending(DAY, PAYER))

    with first.transaction(exclusive=False):
        first.set_payment(mine, AT, while_uncharged=True, status="sending",
                          fintech_use_num=PAYER)
        other = threading.Thread(target=other_counter)
        other.start()
        other.join(0.5)
        assert other.is_alive() and not read  # waiting on this payer's and day's totals
        assert first.spending(DAY, PAYER) == (10, 10)
    other.join(10)
    assert read == [(30, 30)]


def books_before_the_totals(path) -> sqlite3.Connection:
    """A kiosk's ledger file as the version before made it (schema 6: no daily_spent)."""
    old = sqlite3.connect(path, isolation_level=None)
    for number, script in enumerate(MIGRATIONS[:6], start=1):
        for statement in _statements(script):
            old.execute(statement)
        old.execute(f"PRAGMA user_version = {number}")
    return old


def test_a_kiosks_older_books_get_their_totals_and_go_on_numbering(tmp_path):
    path = tmp_path / "ledger.sqlite3"
    old = books_before_the_totals(path)
    for number, (status, payer, amount) in enumerate(
            [("approved", PAYER, 1000), ("unknown", PAYER, 200), ("declined", PAYER, 50),
             ("approved", OTHER, 7)], start=9998):
        old.execute("INSERT INTO payments (id, created_at, business_date, hour, items, amount, "
                    "supply_value, vat, status, fintech_use_num) VALUES (?, ?, ?, 1, '[]', ?, "
                    "?, 0, ?, ?)", (f"20261121-{number:04d}", AT, DAY, amount, amount, status,
                                    payer))
    old.close()
    ledger = Ledger(open_database(path))
    assert ledger.spending(DAY, PAYER) == (1200, 1207)
    with ledger.transaction():
        assert ledger.new_payment(Sale.keyed(10), AT).id == "20261121-10002"


@pytest.mark.integration
def test_during_an_upgrade_the_version_befores_writers_never_write_beside_a_charge(
        postgres_server):
    """While one server process is upgraded the other still runs the version before: its
    writers take the writers' lock exclusive and sum the payments for the limits, and
    number sales by max(id). A charge of this version waits for them, and their sales move
    the day's number on."""
    url = fresh_database(postgres_server)
    ledger = Ledger(PostgresBooks(url))
    first = charged(ledger, 10, status="new")
    with psycopg.connect(url) as older:  # in a transaction until the block ends
        older.execute("SELECT pg_advisory_xact_lock(%s)", (WRITE_LOCK,))
        ledger.db.execute("SET lock_timeout = '200ms'")
        with pytest.raises(StorageError, match="lock timeout"):
            charged(ledger, 20)
        older.execute("INSERT INTO payments (id, created_at, business_date, hour, items, "
                      "amount, supply_value, vat, status) VALUES (%s, %s, %s, 1, '[]', 5, 5, "
                      "0, 'new')", (f"{first[:9]}{int(first[9:]) + 1:04d}", AT, DAY))
    ledger.db.execute("SET lock_timeout = 0")
    assert charged(ledger, 20) == f"{first[:9]}{int(first[9:]) + 2:04d}"
    ledger.close()


# ------------------------------------------------------------ random runs

STATUSES = ("new", "sending", "unknown", "approved", "declined", "error")


def random_steps(ledger: Ledger, rng: random.Random, steps: int) -> None:
    """Every way the books change a payment, at random (a charge, a settling, a terminal's
    copy of the chain's row upserted or dropped, a payment deleted, across midnight), and
    after every step the totals equal what the payments say."""
    for _ in range(steps):
        ids = [row["id"] for row in ledger.rows("SELECT id FROM payments")]
        step = rng.choice(["open", "charge", "settle", "copy", "drop", "delete"])
        at = AT - 3600 + rng.uniform(-3600, 3600)  # an hour either side of midnight
        with ledger.transaction(exclusive=False):
            if step == "open" or not ids:
                ledger.new_payment(Sale.keyed(rng.randint(1, 50) * 100), at,
                                   rng.choice(["", "A", "B"]))
            elif step == "charge":
                ledger.set_payment(rng.choice(ids), at, while_uncharged=True,
                                   status=rng.choice(STATUSES),
                                   fintech_use_num=rng.choice([PAYER, OTHER]))
            elif step == "settle":
                ledger.set_payment(rng.choice(ids), at, status=rng.choice(STATUSES))
            elif step == "copy":
                row = ledger.row("SELECT * FROM payments WHERE id = ?", (rng.choice(ids),))
                changed = {"amount": rng.randint(1, 50) * 100, "status": rng.choice(STATUSES),
                           "business_date": rng.choice([DAY, "2026-11-20"]),
                           "fintech_use_num": rng.choice([PAYER, OTHER, ""])}
                row |= dict(rng.sample(sorted(changed.items()), rng.randint(1, 4)))
                if rng.random() < 0.3:
                    row["id"] = f"20261119-{rng.randint(1, 9999):04d}"  # a copy never seen
                ledger.keep_copy(row, [])
            elif step == "drop":
                ledger.drop_others_copies(rng.choice([DAY, "2026-11-20"]), rng.choice("AB"))
            else:
                ledger.db.execute("DELETE FROM payments WHERE id = ?", (rng.choice(ids),))
        assert totals_off(ledger) == 0, f"after {step}"


@pytest.mark.parametrize("seed", range(3))
def test_the_totals_equal_the_payments_after_every_step_of_a_random_run(books, seed):
    random_steps(Ledger(books.open()), random.Random(seed), 150)


def test_older_books_of_random_payments_get_their_totals_and_keep_them(tmp_path):
    rng = random.Random(7)
    path = tmp_path / "ledger.sqlite3"
    old = books_before_the_totals(path)
    for number in range(1, 200):
        old.execute(*older_payment(rng, number, "?"))
    old.close()
    ledger = Ledger(open_database(path))
    assert totals_off(ledger) == 0
    random_steps(ledger, rng, 60)


def older_payment(rng: random.Random, number: int, mark: str) -> tuple[str, tuple]:
    """A payment as the version before wrote it: the statement and its values."""
    amount = rng.randint(1, 50) * 100
    return (f"INSERT INTO payments (id, created_at, business_date, hour, items, amount, "
            f"supply_value, vat, status, fintech_use_num) VALUES ({mark}, {mark}, {mark}, 1, "
            f"'[]', {mark}, {mark}, 0, {mark}, {mark})",
            (f"2026112{rng.randint(0, 1)}-{number:04d}", AT, rng.choice([DAY, "2026-11-20"]),
             amount, amount, rng.choice(STATUSES), rng.choice([PAYER, OTHER, ""])))


def test_a_kiosk_process_of_the_version_before_moves_the_days_number_on(tmp_path):
    """While a kiosk is upgraded, a process of the version before may still write to the
    same ledger file: it numbers its sales by max(id). The next sale of this version takes
    the number after it, not the same one (which the books would refuse all day)."""
    path = tmp_path / "ledger.sqlite3"
    ledger = Ledger(open_database(path))
    first = charged(ledger, 10, status="new")
    older = sqlite3.connect(path, isolation_level=None)
    older.execute("INSERT INTO payments (id, created_at, business_date, hour, items, amount, "
                  "supply_value, vat, status) VALUES ((SELECT substr(max(id), 1, 9) || "
                  "printf('%04d', substr(max(id), 10) + 1) FROM payments), ?, ?, 1, '[]', 5, "
                  "5, 0, 'new')", (AT, DAY))
    older.close()
    assert charged(ledger, 20) == f"{first[:9]}{int(first[9:]) + 2:04d}"
