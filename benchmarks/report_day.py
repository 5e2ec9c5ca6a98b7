"""`report` for a day of 10,000 payments in a ledger of 1,000,000 (goal: under 50 ms).

Builds the ledger once (100 days of 10,000 payments, a tenth of them partly refunded) in a
scratch file, then times day_report for one day.

    python benchmarks/report_day.py [--days 100] [--per-day 10000] [--keep FILE]
"""

import argparse
import json
import platform
import random
import statistics
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from payments.ledger import Ledger
from payments.reports import day_report


def build(ledger: Ledger, days: int, per_day: int) -> str:
    rng = random.Random(1)
    items = json.dumps([{"name": "커피", "unit_price": 4500, "quantity": 1}])
    first = date(2026, 1, 1)
    conn = ledger.db
    conn.execute("PRAGMA synchronous=OFF")  # a scratch file: speed of building only
    for day in range(days):
        business_date = (first + timedelta(days=day)).isoformat()
        payments, transfers = [], []
        for n in range(per_day):
            payment_id = f"{business_date.replace('-', '')}-{n + 1:05d}"
            amount = rng.randrange(1_000, 60_000)
            status = "approved" if rng.random() < 0.95 else "declined"
            hour = rng.choice((8, 9, 10, 12, 12, 13, 15, 18, 19))
            method = "qr" if rng.random() < 0.7 else "nfc"
            payments.append((payment_id, 0.0, business_date, hour, items, amount,
                             amount * 10 // 11, amount - amount * 10 // 11, method, "1" * 24,
                             status))
            bank_date = business_date.replace("-", "")
            transfers.append((f"{payment_id}W", payment_id, "withdraw", amount, bank_date, 0.0,
                              business_date, hour, status))
            if status == "approved" and rng.random() < 0.1:
                transfers.append((f"{payment_id}R", payment_id, "deposit", amount // 2,
                                  bank_date, 0.0, business_date, hour + 1, "approved"))
        with ledger.transaction():
            conn.executemany("INSERT INTO payments (id, created_at, business_date, hour, "
                             "items, amount, supply_value, vat, method, fintech_use_num, "
                             "status) VALUES (?,?,?,?,?,?,?,?,?,?,?)", payments)
            conn.executemany("INSERT INTO transfers (bank_tran_id, payment_id, kind, amount, "
                             "bank_tran_date, sent_at, business_date, hour, status) "
                             "VALUES (?,?,?,?,?,?,?,?,?)", transfers)
    conn.execute("ANALYZE")
    return (first + timedelta(days=days // 2)).isoformat()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--days", type=int, default=100)
    parser.add_argument("--per-day", type=int, default=10_000)
    parser.add_argument("--keep", metavar="FILE", help="build the ledger here and keep it")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        path = Path(args.keep or Path(scratch) / "ledger.sqlite3")
        ledger = Ledger(path)
        started = time.perf_counter()
        day = build(ledger, args.days, args.per_day)
        built = time.perf_counter() - started
        total = ledger.row("SELECT count(*) AS n FROM payments")["n"]
        times = []
        for _ in range(20):
            started = time.perf_counter()
            report = day_report(ledger, day)
            times.append((time.perf_counter() - started) * 1000)
        ledger.close()
    print(f"machine: {platform.machine()}, Python {platform.python_version()}, "
          f"{platform.system()} {platform.release()}")
    print(f"ledger: {total:,} payments (built in {built:.0f} s); day {day}: "
          f"{report['count']:,} approved, net {report['net']:,} won")
    print(f"day_report ms: median {statistics.median(times):.1f}, max {max(times):.1f}")


if __name__ == "__main__":
    main()
