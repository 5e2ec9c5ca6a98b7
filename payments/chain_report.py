"""A chain's books over a span of business days, of every counter or of one: the totals, and
the same money by day, by hour, by method and by counter, for the owner's page and its CSV.

The buckets are the day report's (reports.py): approved money only, refunds on the day and
hour they were paid back under the counter and method of the payment they return, VAT that
adds up. Every day and hour of the span has its bucket, empty or not, so a chart shows a
quiet day as a gap; methods and counters only when they moved money (or, for a counter,
left a charge open or had one declined).

The CSV has one row per business day, counter, method and hour that moved money, amounts in
whole won, written as the accountant's export is (export.py): its rows add up to the totals.
"""

from datetime import date

from payments.export import to_csv
from payments.figures import figures_of
from payments.koreatime import business_days
from payments.ledger import Ledger
from payments.reports import bucket, by_method, tally, totals

MAX_DAYS = 366  # a year (and a leap day): the longest span one report adds up

CSV_HEADER = ("영업일", "시", "계산대", "결제수단", "결제 건수", "매출", "환불 건수", "환불",
              "순매출", "공급가액", "부가세")
CSV_FIGURES = ("count", "gross", "refund_count", "refunds", "net", "supply_value", "vat")


def chain_report(ledger: Ledger, first_day: str, last_day: str,
                 counter: str | None = None) -> dict:
    """Business days `first_day` to `last_day` (YYYY-MM-DD, at most MAX_DAYS of them), of
    the whole chain or of one `counter`."""
    days = span(first_day, last_day)
    figures = figures_of(ledger, first_day, last_day, counter)
    by_day = tally(figures, lambda row: row["business_date"])
    by_hour = tally(figures, lambda row: row["hour"])
    counters = tally(figures, by_counter)
    for row in figures.pending:
        open_at = counters.setdefault(row["counter"], bucket())
        open_at["pending"] = int(row["count"])
        open_at["pending_amount"] = int(row["amount"])
    for row in figures.declined:
        counters.setdefault(row["counter"], bucket())["declined"] = int(row["count"])
    cells = tally(figures, lambda row: (row["business_date"], row["counter"], row["method"],
                                        row["hour"]))
    return {"first_day": first_day, "last_day": last_day, "counter": counter,
            **totals(figures),
            "by_day": [{"date": day, **by_day.get(day, bucket())} for day in days],
            "by_hour": [{"hour": hour, **by_hour.get(hour, bucket())} for hour in range(24)],
            "by_method": dict(sorted(tally(figures, by_method).items())),
            "by_counter": {name: {"pending": 0, "pending_amount": 0, "declined": 0, **money}
                           for name, money in sorted(counters.items())},
            "cells": [{"date": day, "counter": counter, "method": method, "hour": hour,
                       **money}
                      for (day, counter, method, hour), money in sorted(cells.items())]}


def by_counter(row: dict) -> str:
    return row["counter"]


def span(first_day: str, last_day: str) -> list[str]:
    """Every business day from `first_day` to `last_day`; ValueError with what is wrong
    when they are not dates, are in the wrong order, or span more than MAX_DAYS."""
    first, last = _day(first_day), _day(last_day)
    if last < first:
        raise ValueError(f"the span ends ({last_day}) before it starts ({first_day})")
    if (last - first).days >= MAX_DAYS:
        raise ValueError(f"{first_day} to {last_day} is more than {MAX_DAYS} days")
    return business_days(first_day, last_day)


def _day(text: str) -> date:
    """Only YYYY-MM-DD: the books' form (fromisoformat alone takes 20261122 and 2026-W47-1)."""
    try:
        day = date.fromisoformat(text)
    except ValueError:
        day = None
    if day is None or day.isoformat() != text:
        raise ValueError(f"{text[:20]!r} is not a date (YYYY-MM-DD)")
    return day


def report_csv(report: dict) -> bytes:
    return to_csv([[cell["date"], cell["hour"], cell["counter"], cell["method"],
                    *(cell[figure] for figure in CSV_FIGURES)] for cell in report["cells"]],
                  CSV_HEADER)
