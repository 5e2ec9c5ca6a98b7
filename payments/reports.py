"""The day's books: count, gross, refunds and net, by method and by hour (the Z report).

A payment counts on the day and hour it was made; a refund on the day and hour it was paid
back, as on a till's closing report. Only what the bank approved is money; payments still
being checked are counted apart so the clerk knows the day is not yet closed.
"""

from payments.ledger import Ledger
from payments.money import vat_split


def day_report(ledger: Ledger, business_date: str) -> dict:
    day = ledger.day_figures(business_date)
    sales, refunds = day.sales, day.refunds
    pending, declined = day.pending, day.declined

    by_method = {method: _bucket() for method in ("qr", "nfc")}
    by_hour = [{"hour": hour, **_bucket()} for hour in range(24)]
    for rows, key in ((sales, "gross"), (refunds, "refunds")):
        for row in rows:
            for bucket in (by_method.setdefault(row["method"], _bucket()), by_hour[row["hour"]]):
                bucket[key] += row[key]
                if key == "gross":
                    bucket["count"] += row["count"]
    for bucket in [*by_method.values(), *by_hour]:
        bucket["net"] = bucket["gross"] - bucket["refunds"]
    gross = sum(row["gross"] for row in sales)
    refunded = sum(row["refunds"] for row in refunds)
    net = gross - refunded
    # The VAT in the day's net (a day of refunds of earlier days' sales can be negative).
    supply, vat = vat_split(abs(net))
    if net < 0:
        supply, vat = -supply, -vat
    return {"date": business_date, "count": sum(row["count"] for row in sales),
            "gross": gross, "refunds": refunded, "refund_count": sum(r["count"] for r in refunds),
            "net": net, "supply_value": supply, "vat": vat, "declined": declined["count"],
            "pending": pending["count"], "pending_amount": pending["amount"],
            "by_method": by_method, "by_hour": by_hour}


def _bucket() -> dict[str, int]:
    return {"count": 0, "gross": 0, "refunds": 0, "net": 0}
