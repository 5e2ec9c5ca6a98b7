"""The figures every report adds up: a span of business days' approved sales and refunds,
summed by day, hour, counter and method, and what is still open or was declined. The day's
report (reports.py) and the chain's (chain_report.py) add them up further."""

from dataclasses import dataclass

from payments.ledger import Ledger
from payments.money import vat_sql


@dataclass(frozen=True)
class Figures:
    """The approved money of a span of business days, summed in groups a report adds up
    further (by day, hour, counter, method or all together)."""
    sales: list[dict]  # business_date, hour, counter, method, count, gross, vat
    refunds: list[dict]  # business_date, hour, counter, method, count, refunds, vat
    pending: list[dict]  # counter, count, amount: charges the bank has not answered yet
    declined: list[dict]  # counter, count


def figures_of(ledger: Ledger, first_day: str, last_day: str, counter: str | None = None
               ) -> Figures:
    """Business days `first_day` to `last_day` (YYYY-MM-DD), of every counter or of
    `counter` only: approved sales on the day and hour they were made, approved refunds
    on the day and hour they were paid back (under the counter and method of the
    payment they return money of), and the counts of what is still open or was
    declined: what the day's and the chain's reports add up. A refund's VAT is split as
    its own (money.py), never that of a sum."""
    where, params = "business_date BETWEEN ? AND ?", (first_day, last_day)
    if counter is not None:
        where, params = f"{where} AND counter = ?", (*params, counter)
    sales = ledger.rows(
        "SELECT business_date, hour, counter, method, count(*) AS count, "
        "sum(amount) AS gross, sum(vat) AS vat FROM payments "
        f"WHERE {where} AND status = 'approved' "
        "GROUP BY business_date, hour, counter, method", params)
    refunds = ledger.rows(
        "SELECT t.business_date AS business_date, t.hour AS hour, p.counter AS counter, "
        "p.method AS method, count(*) AS count, sum(t.amount) AS refunds, "
        f"sum({vat_sql('t.amount')}) AS vat "
        "FROM transfers t JOIN payments p ON p.id = t.payment_id "
        "WHERE t.business_date BETWEEN ? AND ? AND t.kind = 'deposit' "
        "AND t.status = 'approved'" + (" AND p.counter = ?" if counter is not None else "")
        + " GROUP BY t.business_date, t.hour, p.counter, p.method", params)
    pending = ledger.rows(
        "SELECT counter, count(*) AS count, sum(amount) AS amount FROM payments "
        f"WHERE {where} AND status IN ('sending', 'unknown') GROUP BY counter", params)
    declined = ledger.rows(
        "SELECT counter, count(*) AS count FROM payments "
        f"WHERE {where} AND status = 'declined' GROUP BY counter", params)
    return Figures(sales, refunds, pending, declined)
