"""Receipts to Korean norms: every line fits the paper (Hangul is two columns), nothing is cut,
and a refund or a decline says exactly what it is."""

import re

import pytest

from payments.approval import approval_code
from payments.money import LineItem, Sale
from payments.reasons import Refused
from payments.receipt_layout import lay_out, render_text
from payments.receipts import Merchant, receipt_for, refund_receipt, sale_receipt
from payments.textlayout import width
from tests.conftest import demo_code
from tests.payments.conftest import fintech

SHOP = Merchant("데모 카페", "123-45-67890", "서울특별시 중구 세종대로 110", "02-1234-5678",
                "홍길동")
LONG_NAME = "시그니처 흑임자 크림 콜드브루 디카페인 변경"
ORDER = Sale((LineItem("아이스 아메리카노 (벤티 사이즈, 샷 추가)", 5500, 2),
              LineItem("크루아상", 3800), LineItem("Lemonade", 4200, 3)))


@pytest.fixture
def paid(engine, minjun):
    return engine.pay(ORDER, demo_code(minjun), "qr")


def joined(text: str) -> str:
    """The receipt's words with line breaks and padding gone: a wrapped name reads whole."""
    return " ".join(" ".join(text.split()).split())


@pytest.mark.parametrize("columns", [32, 42])
def test_a_sale_receipt_carries_what_a_korean_receipt_must_and_fits_the_paper(
        engine, paid, columns, minjun):
    text = render_text(sale_receipt(engine.ledger, paid.payment_id, SHOP), columns)
    assert all(width(line) <= columns for line in text.splitlines())
    assert text.splitlines()[0].strip() == "영수증 [고객용]"
    for expected in ("상호: 데모 카페", "대표자: 홍길동", "사업자등록번호: 123-45-67890",
                     "주소: 서울특별시", "전화: 02-1234-5678", "거래일시", "거래번호",
                     paid.payment_id, "공급가액", "24,909원", "부가세", "2,491원", "27,400원",
                     "QR 계좌이체", "KB국민은행", "승인번호", "거래고유번호", paid.approval_no):
        assert expected in text, expected
    assert re.search(rf"승인번호 +{approval_code(paid.approval_no)}\n", text)
    assert minjun not in text and paid.account_masked in text  # the account shows masked


def test_the_total_is_emphasised(engine, paid):
    layout = lay_out(sale_receipt(engine.ledger, paid.payment_id, SHOP), 42)
    emphasised = [layout.lines[i].split() for i in layout.strong]
    assert ["합계", "27,400원"] in emphasised and ["영수증", "[고객용]"] in emphasised
    assert "=" * 42 + "\n합계" in layout.text  # plain text sets it between double rules


@pytest.mark.parametrize("columns", [32, 42])
def test_long_item_names_wrap_whole_and_the_amounts_line_up(engine, minjun, columns):
    sale = engine.pay(Sale((LineItem(LONG_NAME, 6500, 2), LineItem("크루아상", 3800))),
                      demo_code(minjun), "qr")
    text = render_text(sale_receipt(engine.ledger, sale.payment_id, SHOP), columns)
    assert LONG_NAME in joined(text)
    amounts = [line for line in text.splitlines() if line.endswith(("13,000", " 3,800"))]
    assert len(amounts) == 2 and len({width(line) for line in amounts}) == 1
    assert all(width(line) <= columns for line in text.splitlines())


def test_receipt_data_splits_vat_by_the_rule(engine, paid):
    receipt = sale_receipt(engine.ledger, paid.payment_id, SHOP)
    assert (receipt.total, receipt.supply_value, receipt.vat) == (27_400, 24_909, 2_491)
    assert receipt.to_json()["items"][0]["quantity"] == 2
    assert receipt.to_json()["approval_code"] == approval_code(paid.approval_no)


def test_a_reprint_after_a_partial_refund_shows_the_net(engine, paid):
    engine.refund(paid.payment_id, 3800)
    receipt = sale_receipt(engine.ledger, paid.payment_id, SHOP, reprint=True)
    assert (receipt.status, receipt.refunded, receipt.remaining) == (
        "partly_refunded", 3800, 23_600)
    text = render_text(receipt)
    assert text.splitlines()[0].strip() == "** 재발행 (REPRINT) **"
    assert "-3,800원" in text and "23,600원" in text and "부분 환불" in text


def test_a_partial_refund_receipt_names_the_sale_it_pays_back(engine, paid):
    refund = engine.refund(paid.payment_id, 3800)
    receipt = refund_receipt(engine.ledger, refund.bank_tran_id, SHOP)
    sale = sale_receipt(engine.ledger, paid.payment_id, SHOP)
    assert (receipt.total, receipt.remaining, receipt.original_total) == (3800, 23_600, 27_400)
    assert receipt.original_issued_at == sale.issued_at
    assert receipt.original_approval_code == sale.approval_code
    text = render_text(receipt, 32)
    assert text.splitlines()[0].strip() == "취소(환불) 영수증 [고객용]"
    for expected in ("원거래일시", sale.issued_at, "원승인번호", sale.approval_code,
                     "-3,800원", "환불 후 결제 잔액", "23,600원", "크루아상",
                     approval_code(refund.approval_no)):
        assert expected in text, expected
    assert "상태" not in text  # an approved refund needs no status line
    assert all(width(line) <= 32 for line in text.splitlines())


def test_a_full_refund_leaves_nothing_and_the_sale_reads_refunded(engine, paid):
    refund = engine.refund(paid.payment_id)
    text = render_text(refund_receipt(engine.ledger, refund.bank_tran_id, SHOP))
    assert "-27,400원" in text and re.search(r"환불 후 결제 잔액 +0원", text)
    assert sale_receipt(engine.ledger, paid.payment_id, SHOP).status == "refunded"


def test_a_declined_slip_gives_the_whole_reason_and_is_no_receipt(engine, testbed):
    declined = engine.pay(ORDER, demo_code(fintech(testbed, "박지호")), "nfc")
    receipt = sale_receipt(engine.ledger, declined.payment_id, SHOP)
    text = render_text(receipt, 32)
    assert text.splitlines()[0].strip() == "결제 거절 안내"
    assert "(영수증이 아닙니다)" in text and "영수증 [고객용]" not in text
    assert receipt.reason and receipt.reason in joined(text)
    assert "승인번호" not in text and all(width(line) <= 32 for line in text.splitlines())


def test_a_receipt_is_found_by_any_number_printed_on_it(engine, paid):
    refund = engine.refund(paid.payment_id, 1000)
    ledger = engine.ledger
    for number in (refund.bank_tran_id, refund.approval_no, approval_code(refund.approval_no),
                   refund.approval_no.lower()):
        found = receipt_for(ledger, number, SHOP)
        assert (found.kind, found.refund_id) == ("refund", refund.bank_tran_id), number
    for number in (paid.payment_id, paid.approval_no, paid.bank_tran_id,
                   approval_code(paid.approval_no)):
        assert receipt_for(ledger, number, SHOP).kind == "sale", number
    with pytest.raises(Refused, match="no payment, refund or approval number"):
        receipt_for(ledger, "12345", SHOP)


def test_last_is_the_newest_approved_payment(engine, paid, testbed):
    engine.pay(ORDER, demo_code(fintech(testbed, "박지호")), "nfc")  # declined, newer
    assert receipt_for(engine.ledger, "last", SHOP).payment_id == paid.payment_id
    engine.refund(paid.payment_id)  # refunded, still the last one the bank approved
    assert receipt_for(engine.ledger, "last", SHOP).payment_id == paid.payment_id


def test_last_with_nothing_approved_says_so(engine):
    with pytest.raises(Refused, match="no payment has been approved yet"):
        receipt_for(engine.ledger, "last", SHOP)
