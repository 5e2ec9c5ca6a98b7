"""Receipts: every line fits the paper, Hangul counted as two columns, and say what they are."""

import pytest

from payments.money import LineItem, Sale
from payments.receipts import Merchant, refund_receipt, render_text, sale_receipt
from payments.textlayout import width
from tests.conftest import demo_code

SHOP = Merchant("데모 카페", "123-45-67890", "서울특별시 중구 세종대로 110", "02-1234-5678")
ORDER = Sale((LineItem("아이스 아메리카노 (벤티 사이즈, 샷 추가)", 5500, 2),
              LineItem("크루아상", 3800), LineItem("Lemonade", 4200, 3)))


@pytest.fixture
def paid(engine, minjun):
    return engine.pay(ORDER, demo_code(minjun), "qr")


@pytest.mark.parametrize("columns", [32, 42])
def test_a_sale_receipt_fits_the_paper(engine, paid, columns):
    text = render_text(sale_receipt(engine.ledger, paid.payment_id, SHOP), columns)
    assert all(width(line) <= columns for line in text.splitlines())
    for expected in ("데모 카페", "123-45-67890", "공급가액", "부가세", "27,400원", "QR 계좌이체",
                     "KB국민은행", paid.approval_no, paid.payment_id, "승인"):
        assert expected in text
    assert "120295815923150192272959" not in text  # the account shows masked only


def test_the_amount_column_lines_up(engine, paid):
    text = render_text(sale_receipt(engine.ledger, paid.payment_id, SHOP), 42)
    amounts = [line for line in text.splitlines() if line.endswith(("11,000", "3,800",
                                                                    "12,600"))]
    assert len(amounts) == 3 and len({width(line) for line in amounts}) == 1


def test_receipt_data_splits_vat_by_the_rule(engine, paid):
    receipt = sale_receipt(engine.ledger, paid.payment_id, SHOP)
    assert (receipt.total, receipt.supply_value, receipt.vat) == (27_400, 24_909, 2_491)
    assert receipt.to_json()["items"][0]["quantity"] == 2


def test_reprints_and_refunds_say_so(engine, paid):
    reprint = render_text(sale_receipt(engine.ledger, paid.payment_id, SHOP, reprint=True))
    assert reprint.splitlines()[0].strip() == "** 재발행 (REPRINT) **"
    refund = engine.refund(paid.payment_id, 3800)
    text = render_text(refund_receipt(engine.ledger, refund.bank_tran_id, SHOP))
    assert "[ 환불 영수증 ]" in text and "-3,800원" in text


def test_a_declined_payment_shows_why(engine, testbed):
    from tests.payments.conftest import fintech
    declined = engine.pay(ORDER, demo_code(fintech(testbed, "박지호")), "nfc")
    text = render_text(sale_receipt(engine.ledger, declined.payment_id, SHOP), 32)
    assert "거절" in text and "잔액이 부족합니다" in text
