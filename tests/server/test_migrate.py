"""Upgrading a chain's books while a server process of the version before still writes to
them (docs/server.md): what it commits during the upgrade is in the daily limits' totals
the new version checks against, and upgraded books of random payments get totals equal to
them, kept so by every change after."""

import random
import threading
from urllib.parse import urlsplit

import psycopg
import pytest

from payments.database import LedgerError
from payments.ledger import Ledger
from server.migrate import migrate, migrations
from server.postgres import WRITE_LOCK, PostgresBooks
from tests.books import totals_off
from tests.payments.test_daily_spent import older_payment, random_steps

pytestmark = pytest.mark.integration  # an upgrade in a thread beside an older writer

PAYER = "1" * 24
AT = 1_795_186_800.0 + 3600  # 2026-11-21 01:00 Korea time
DAY = "2026-11-21"


def books_of_the_version_before(postgres_url: str) -> None:
    with psycopg.connect(postgres_url, autocommit=True) as conn:
        conn.execute("CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT "
                     "NOT NULL, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())")
        for number, name, sql in migrations():
            if name.startswith("0004"):
                break
            with conn.transaction():
                conn.execute(sql)
                conn.execute("INSERT INTO schema_migrations (version, name) VALUES (%s, %s)",
                             (number, name))


def test_a_charge_the_version_before_commits_during_the_upgrade_is_in_the_daily_totals(
        postgres_url):
    books_of_the_version_before(postgres_url)
    with psycopg.connect(postgres_url) as older:  # a charge of the version before, under way
        older.execute("SELECT pg_advisory_xact_lock(%s)", (WRITE_LOCK,))
        older.execute("INSERT INTO payments (id, created_at, business_date, hour, items, "
                      "amount, supply_value, vat, status, fintech_use_num) VALUES "
                      "('20261121-0001', %s, %s, 1, '[]', 9000, 9000, 0, 'sending', %s)",
                      (AT, DAY, PAYER))
        upgrade = threading.Thread(target=migrate, args=(postgres_url,))
        upgrade.start()
        upgrade.join(1.0)  # the upgrade gets as far as it can beside the older writer
        older.commit()
    upgrade.join(30)
    assert not upgrade.is_alive()
    ledger = Ledger(PostgresBooks(postgres_url))
    assert ledger.spending(DAY, PAYER) == (9000, 9000)
    ledger.close()


def test_older_books_of_random_payments_get_their_totals_and_keep_them(postgres_url):
    rng = random.Random(8)
    books_of_the_version_before(postgres_url)
    with psycopg.connect(postgres_url, autocommit=True) as older:
        for number in range(1, 200):
            older.execute(*older_payment(rng, number, "%s"))
    migrate(postgres_url)
    ledger = Ledger(PostgresBooks(postgres_url))
    assert totals_off(ledger) == 0
    random_steps(ledger, rng, 60)
    ledger.close()



def test_books_that_want_a_password_say_where_to_give_it_and_never_show_it(
        postgres_url, monkeypatch, tmp_path):
    monkeypatch.delenv("PGPASSWORD", raising=False)
    monkeypatch.setenv("PGPASSFILE", str(tmp_path / "none"))
    given = urlsplit(postgres_url)
    where = f"{given.hostname}:{given.port}"
    for login in (f"{given.username}@", f"{given.username}:not-{given.password}@"):
        with pytest.raises(LedgerError) as refused:
            migrate(given._replace(netloc=login + where).geturl())
        said = str(refused.value)
        assert said.endswith("give it in the URL (postgresql://USER:PASSWORD@HOST/DB), in "
                             "~/.pgpass or in $PGPASSWORD"), said
        assert given.password not in said
