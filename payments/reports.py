"""The day's books: count, gross, refunds and net, by method and by hour (the Z report).

A payment counts on the day and hour it was made; a refund on the day and hour it was paid
back, as on a till's closing report. Only what the bank approved is money; payments still
being checked are counted apart so the clerk knows the day is not yet closed.
"""

from payments.ledger import Ledger
from payments.textlayout import pair


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
    return {"date": business_date, "count": sum(row["count"] for row in sales),
            "gross": gross, "refunds": refunded, "refund_count": sum(r["count"] for r in refunds),
            "net": gross - refunded, "declined": declined["count"],
            "pending": pending["count"], "pending_amount": pending["amount"],
            "by_method": by_method, "by_hour": by_hour}


def render_report(report: dict, columns: int = 42) -> str:
    """The report as text, with an hourly bar chart of net sales."""
    lines = [f"일일 마감 (Z) {report['date']}", "-" * columns,
             pair("결제 건수", f"{report['count']:,}건", columns),
             pair("총 매출", f"{report['gross']:,}원", columns),
             pair(f"환불 ({report['refund_count']}건)", f"{-report['refunds']:,}원", columns),
             pair("순 매출", f"{report['net']:,}원", columns)]
    for method, bucket in report["by_method"].items():
        lines.append(pair(f"  {method.upper()} {bucket['count']}건", f"{bucket['net']:,}원",
                          columns))
    if report["declined"]:
        lines.append(pair("거절", f"{report['declined']}건", columns))
    if report["pending"]:
        lines.append(pair(f"확인 중 {report['pending']}건 (kiosk reconcile)",
                          f"{report['pending_amount']:,}원", columns))
    lines.append("-" * columns)
    busiest = max((h["net"] for h in report["by_hour"]), default=0)
    bar_w = columns - 18
    for hour in report["by_hour"]:
        if hour["count"] or hour["refunds"]:
            bar = "#" * round(bar_w * hour["net"] / busiest) if busiest > 0 else ""
            lines.append(f"{hour['hour']:02d}시 {hour['net']:>12,} {bar}")
    return "\n".join(lines) + "\n"


def _bucket() -> dict[str, int]:
    return {"count": 0, "gross": 0, "refunds": 0, "net": 0}
