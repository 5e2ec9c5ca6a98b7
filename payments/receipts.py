"""Receipts as data, and as text for 58 mm (32 columns) and 80 mm (42 columns) paper.

Hangul takes two columns on a receipt printer, so every line is measured in display
columns (East Asian width), not characters. A reprint and a refund say so at the top.
"""

from dataclasses import asdict, dataclass

from payments.koreatime import now_kst
from payments.ledger import Ledger, TransferKind
from payments.money import vat_split
from payments.reasons import Refused
from payments.textlayout import center, fit, ljust, pair, rjust

METHODS = {"qr": "QR", "nfc": "NFC"}


@dataclass(frozen=True)
class Merchant:
    name: str
    business_number: str = ""
    address: str = ""
    phone: str = ""


@dataclass(frozen=True)
class ReceiptItem:
    name: str
    quantity: int
    unit_price: int
    amount: int


@dataclass(frozen=True)
class Receipt:
    kind: str  # "sale" | "refund"
    reprint: bool
    merchant: Merchant
    payment_id: str
    issued_at: str  # YYYY-MM-DD hh:mm:ss, Korea time, of the payment or the refund
    status: str
    items: tuple[ReceiptItem, ...]
    total: int  # the sale's total; for a refund, the amount refunded
    supply_value: int
    vat: int
    method: str
    bank_name: str
    account_masked: str
    approval_no: str
    reason: str = ""  # a decline's, in Korean

    def to_json(self) -> dict:
        return asdict(self)


def sale_receipt(ledger: Ledger, payment_id: str, merchant: Merchant,
                 reprint: bool = False) -> Receipt:
    payment = ledger.payment(payment_id)
    if payment is None:
        raise Refused("없는 결제 번호입니다", f"there is no payment {payment_id!r}")
    charges = [t for t in ledger.transfers_of(payment_id) if t.kind is TransferKind.WITHDRAW]
    charge = charges[-1] if charges else None
    items = tuple(ReceiptItem(i["name"], i["quantity"], i["unit_price"],
                              i["unit_price"] * i["quantity"])
                  for i in payment.line_items())
    return Receipt("sale", reprint, merchant, payment_id, _when(payment.created_at),
                   payment.status, items, payment.amount, payment.supply_value, payment.vat,
                   payment.method, charge.bank_name if charge else "",
                   charge.account_masked if charge else "", charge.approval_no if charge else "",
                   payment.reason_ko if payment.status != "approved" else "")


def refund_receipt(ledger: Ledger, bank_tran_id: str, merchant: Merchant,
                   reprint: bool = False) -> Receipt:
    refund = ledger.refund(bank_tran_id)
    if refund is None:
        raise Refused("없는 환불입니다", f"there is no refund {bank_tran_id!r}")
    payment = ledger.payment(refund.payment_id)
    supply, vat = vat_split(refund.amount)
    return Receipt("refund", reprint, merchant, payment.id, _when(refund.sent_at),
                   refund.status, (), refund.amount, supply, vat, payment.method,
                   refund.bank_name, refund.account_masked, refund.approval_no,
                   refund.reason_ko if refund.status != "approved" else "")


def receipt_for(ledger: Ledger, wanted: str, merchant: Merchant,
                reprint: bool = False) -> Receipt:
    """A payment's receipt, or a refund's when `wanted` is the refund's bank_tran_id (every
    bank_tran_id has a U after the institution code; a payment id never does)."""
    if "U" in wanted:
        return refund_receipt(ledger, wanted, merchant, reprint)
    return sale_receipt(ledger, wanted, merchant, reprint)


def _when(epoch: float) -> str:
    return now_kst(epoch).strftime("%Y-%m-%d %H:%M:%S")


# ------------------------------------------------------------------ text


def render_text(receipt: Receipt, columns: int = 42) -> str:
    rule = "-" * columns
    refund = receipt.kind == "refund"
    sign = -1 if refund else 1
    lines = []
    if receipt.reprint:
        lines.append(center("** 재발행 (REPRINT) **", columns))
    lines.append(center(receipt.merchant.name, columns))
    if refund:
        lines.append(center("[ 환불 영수증 ]", columns))
    for label, value in (("사업자번호", receipt.merchant.business_number),
                         ("주소", receipt.merchant.address), ("전화", receipt.merchant.phone)):
        if value:
            lines.append(fit(f"{label} {value}", columns))
    lines += [rule, pair("일시", receipt.issued_at, columns),
              pair("결제번호", receipt.payment_id, columns), rule]
    if receipt.items:
        name_w, qty_w, amount_w = columns - 15, 4, 11
        lines.append(ljust("상품명", name_w) + rjust("수량", qty_w) + rjust("금액", amount_w))
        for item in receipt.items:
            lines.append(ljust(item.name, name_w - 1) + " " + rjust(str(item.quantity), qty_w)
                         + rjust(f"{item.amount:,}", amount_w))
            if item.quantity > 1:
                lines.append(f"  @{item.unit_price:,}")
        lines.append(rule)
    lines += [pair("공급가액", f"{sign * receipt.supply_value:,}", columns),
              pair("부가세", f"{sign * receipt.vat:,}", columns),
              pair("환불 금액" if refund else "합계", f"{sign * receipt.total:,}원", columns),
              rule,
              pair("결제수단", f"{METHODS.get(receipt.method, receipt.method)} 계좌이체",
                   columns)]
    if receipt.account_masked:
        lines.append(pair(receipt.bank_name or "은행", receipt.account_masked, columns))
    if receipt.approval_no:
        lines.append(pair("승인번호", receipt.approval_no, columns))
    lines.append(pair("상태", STATUS_WORDS.get(receipt.status, receipt.status), columns))
    if receipt.reason:
        lines.append(fit(f"사유: {receipt.reason}", columns))
    return "\n".join(lines) + "\n"


STATUS_WORDS = {"approved": "승인", "declined": "거절", "unknown": "확인 중",
                "sending": "확인 중", "failed": "오류", "error": "오류", "new": "미결제"}
