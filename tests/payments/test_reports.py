"""The day report: approved money only, refunds on the day they were paid back, and the
closing (Z) slip a shop and its accountant keep."""

import re

from payments.koreatime import now_kst
from payments.money import LineItem, Sale, manwon
from payments.receipts import Merchant
from payments.report_layout import lay_out_report, render_report
from payments.reports import day_report
from payments.textlayout import width
from tests.conftest import demo_code, set_faults
from tests.payments.conftest import fintech

SHOP = Merchant("데모 카페", "123-45-67890", "서울특별시 중구 세종대로 110", "02-1234-5678",
                "홍길동")
PRINTED_AT = 1_795_000_000.0


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
    assert report["by_method"]["qr"] == {"count": 1, "gross": 10_000, "refund_count": 1,
                                         "refunds": 4_000, "net": 6_000,
                                         "supply_value": 5_455, "vat": 545}
    assert report["by_method"]["nfc"]["net"] == 3_000
    assert (report["declined"], report["pending"], report["pending_amount"]) == (1, 1, 7_000)
    assert sum(hour["net"] for hour in report["by_hour"]) == 9_000
    assert (report["supply_value"], report["vat"]) == (8_182, 818)  # the net's, by the rule


def test_the_z_slip_names_the_shop_the_day_and_when_it_was_printed(engine, testbed, minjun):
    engine.pay(Sale.keyed(335_000), demo_code(minjun), "qr")
    set_faults(testbed, {"api": "withdraw", "fault": "drop", "apply": True},
               {"api": "result", "fault": "http_error"})
    engine.pay(Sale.keyed(7000), demo_code(minjun), "qr")  # stays unknown
    report = day_report(engine.ledger, engine.business_date())
    for columns in (32, 42):
        layout = lay_out_report(report, SHOP, PRINTED_AT, columns)
        text = layout.text
        assert all(width(line) <= columns for line in text.splitlines())
        assert layout.lines[0].strip() == "일일 마감 보고서 (Z)"
        for expected in ("상호: 데모 카페", "대표자: 홍길동", "사업자등록번호: 123-45-67890",
                         report["date"], now_kst(PRINTED_AT).strftime("%Y-%m-%d %H:%M:%S"),
                         "UTC+9", "QR 1건", "335,000원", "공급가액", "304,545원", "부가세",
                         "30,455원", "확인 중", "kiosk reconcile", "33.5만"):
            assert expected in text, expected
        assert "NFC" not in text  # no empty "NFC 0건 0원" row
        assert ["순", "매출", "335,000원"] in [layout.lines[i].split() for i in layout.strong]
        assert re.search(r"\d\d시 +33\.5만 #+$", text, re.M)


def test_an_empty_day(engine):
    report = day_report(engine.ledger, "2020-01-01")
    assert (report["count"], report["net"], report["pending"]) == (0, 0, 0)
    text = render_report(report, SHOP, PRINTED_AT)
    assert "0원" in text and "(거래 없음)" in text and "※" not in text


def test_amounts_in_manwon_round_half_up():
    assert [manwon(w) for w in (335_000, 4_500, 4_449, 0, -12_000, 1_234_567_890)] == [
        "33.5만", "0.5만", "0.4만", "0.0만", "-1.2만", "123,456.8만"]
