"""The accountant's CSV: one row per payment and per refund, Korean intact in a spreadsheet,
and approved rows adding up to the Z report's net."""

import csv
import io

from payments.approval import approval_code
from payments.export import HEADER, rows, to_csv
from payments.ledger import Ledger
from payments.money import LineItem, Sale
from payments.reports import day_report
from tests.conftest import demo_code
from tests.payments.conftest import fintech


def read(data: bytes) -> list[dict]:
    assert data.startswith(b"\xef\xbb\xbf")  # the BOM a spreadsheet needs to read UTF-8
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def test_payments_and_refunds_one_row_each_adding_up_to_the_net(engine, minjun, testbed):
    paid = engine.pay(Sale((LineItem("아이스 아메리카노", 4500, 2),)), demo_code(minjun), "qr")
    refund = engine.refund(paid.payment_id, 1500)
    engine.pay(Sale.keyed(2000), demo_code(fintech(testbed, "박지호")), "nfc")  # declined
    day = engine.business_date()
    table = read(to_csv(rows(engine.ledger, day, day)))
    assert [(r["구분"], r["상태"], r["금액"]) for r in table] == [
        ("결제", "approved", "9000"), ("환불", "approved", "-1500"),
        ("결제", "declined", "2000")]
    assert table[0]["품목"] == "아이스 아메리카노 x2" and table[1]["거래번호"] == paid.payment_id
    assert table[1]["승인번호"] == approval_code(refund.approval_no)
    assert table[1]["원승인번호"] == table[0]["승인번호"] == approval_code(paid.approval_no)
    assert int(table[1]["공급가액"]) + int(table[1]["부가세"]) == -1500
    approved = sum(int(r["금액"]) for r in table if r["상태"] == "approved")
    assert approved == day_report(engine.ledger, day)["net"] == 7500
    assert minjun not in to_csv(rows(engine.ledger, day, day)).decode("utf-8-sig")


def test_an_empty_span_is_just_the_header():
    ledger = Ledger(":memory:")
    assert to_csv(rows(ledger, "2020-01-01", "2020-01-31")).decode("utf-8-sig") == \
        ",".join(HEADER) + "\r\n"


def test_an_item_name_a_spreadsheet_would_run_as_a_formula_is_quoted(engine, minjun):
    paid = engine.pay(Sale((LineItem("=HYPERLINK(\"http://x\")", 1000),)), demo_code(minjun),
                      "qr")
    day = engine.business_date()
    row = next(r for r in read(to_csv(rows(engine.ledger, day, day)))
               if r["거래번호"] == paid.payment_id)
    assert row["품목"].startswith("'=")
