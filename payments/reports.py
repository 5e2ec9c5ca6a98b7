"""The books added up: the day's (the Z report) count, gross, refunds and net, by method and
by hour, over the same buckets a chain's report adds up by day and counter (chain_report.py).

A payment counts on the day and hour it was made; a refund on the day and hour it was paid
back, as on a till's closing report. Only what the bank approved is money; payments still
being checked are counted apart so the clerk knows the day is not yet closed.

VAT adds up: a bucket's VAT is its sales' own VAT (each split once, by the rule in
money.py) less each refund's, so buckets sum to their total and the accountant's CSV of
single payments (export.py) agrees with both, to the won.
"""

from collections.abc import Callable, Hashable

from payments.figures import Figures, figures_of
from payments.ledger import Ledger

ALL = "all"  # the key of the one bucket that holds everything


def day_report(ledger: Ledger, business_date: str) -> dict:
    figures = figures_of(ledger, business_date, business_date)
    hours = tally(figures, lambda row: row["hour"])
    return {"date": business_date, **totals(figures),
            "by_method": {"qr": bucket(), "nfc": bucket()} | tally(figures, by_method),
            "by_hour": [{"hour": hour, **hours.get(hour, bucket())} for hour in range(24)]}


def by_method(row: dict) -> str:
    return row["method"]


def totals(figures: Figures) -> dict:
    """Everything in one bucket, and what is not money yet: declined and still open."""
    return {**tally(figures, lambda row: ALL).get(ALL, bucket()),
            "declined": sum(int(row["count"]) for row in figures.declined),
            "pending": sum(int(row["count"]) for row in figures.pending),
            "pending_amount": sum(int(row["amount"]) for row in figures.pending)}


def tally(figures: Figures, key: Callable[[dict], Hashable]) -> dict[Hashable, dict]:
    """The approved money of `figures` in one bucket per `key(row)`: only keys that saw
    money (a sale or a refund) get a bucket."""
    buckets: dict[Hashable, dict] = {}
    for row in figures.sales:
        adding = buckets.setdefault(key(row), bucket())
        adding["count"] += int(row["count"])
        adding["gross"] += int(row["gross"])  # int(): PostgreSQL sums a BIGINT as NUMERIC
        adding["vat"] += int(row["vat"])
    for row in figures.refunds:
        adding = buckets.setdefault(key(row), bucket())
        adding["refund_count"] += int(row["count"])
        adding["refunds"] += int(row["refunds"])
        adding["vat"] -= int(row["vat"])
    for adding in buckets.values():
        adding["net"] = adding["gross"] - adding["refunds"]
        adding["supply_value"] = adding["net"] - adding["vat"]
    return buckets


def bucket() -> dict[str, int]:
    return {"count": 0, "gross": 0, "refund_count": 0, "refunds": 0, "net": 0,
            "supply_value": 0, "vat": 0}
