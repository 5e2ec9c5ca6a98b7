"""The day report: approved money only, refunds on the day they were paid back."""

from payments.money import LineItem, Sale
from payments.reports import day_report, render_report
from tests.conftest import demo_code, set_faults
from tests.payments.conftest import fintech


def test_a_day_of_sales_and_refunds(engine, testbed, minjun):
    first = engine.pay(Sale((LineItem("라떼", 5000, 2),)), demo_code(minjun), "qr")
    engine.pay(Sale.keyed(3000), f"kpay:{minjun}", "nfc")
    engine.pay(Sale.keyed(2000), demo_code(fintech(testbed, "박지호")), "qr")  # declined
    engine.refund(first.payment_id, 4000)
    set_faults(testbed, {"api": "withdraw", "fault": "drop", "apply": True},
               {"api": "result", "fault": "http_error"})
    engine.pay(Sale.keyed(7000), demo_code(minjun), "qr")  # stays unknown

    report = day_report(engine.ledger, engine.business_date())
    assert (report["count"], report["gross"], report["refunds"], report["net"]) == (
        2, 13_000, 4_000, 9_000)
    assert report["by_method"]["qr"] == {"count": 1, "gross": 10_000, "refunds": 4_000,
                                         "net": 6_000}
    assert report["by_method"]["nfc"]["net"] == 3_000
    assert (report["declined"], report["pending"], report["pending_amount"]) == (1, 1, 7_000)
    assert sum(hour["net"] for hour in report["by_hour"]) == 9_000
    text = render_report(report)
    assert "순 매출" in text and "9,000원" in text and "kiosk reconcile" in text


def test_an_empty_day(engine):
    report = day_report(engine.ledger, "2020-01-01")
    assert (report["count"], report["net"], report["pending"]) == (0, 0, 0)
    assert "0원" in render_report(report)
