"""Receipts as data: what a Korean customer's receipt, refund receipt or declined slip says.

Laying them out on paper is receipt_layout's. A sale's receipt reprinted after a refund
tells the refund and what remains; a refund's receipt names the sale it pays back (its
date, approval number and items), as a 취소 영수증 must.
"""

from dataclasses import asdict, dataclass

from payments.approval import approval_code, find_transfer
from payments.koreatime import now_kst
from payments.ledger import Ledger, Payment, Transfer, TransferKind, TransferStatus
from payments.money import vat_split
from payments.reasons import Refused
from payments.standing import standing_of

METHODS = {"qr": "QR", "nfc": "NFC"}
LAST = "last"  # in every command: the newest payment the bank approved, refunded or not


@dataclass(frozen=True)
class Merchant:
    name: str
    business_number: str = ""
    address: str = ""
    phone: str = ""
    representative: str = ""


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
    status: str  # a sale's standing (payments/standing.py); a refund's transfer status
    items: tuple[ReceiptItem, ...]  # a refund's: the items of the sale it pays back
    total: int  # the sale's total; for a refund, the amount refunded
    supply_value: int
    vat: int
    method: str
    bank_name: str
    account_masked: str
    approval_no: str  # the bank's full id of the approval
    reason: str = ""  # a decline's, in Korean
    approval_code: str = ""  # the eight digits a person reads out (payments/approval.py)
    refunded: int = 0  # a sale's: paid back so far
    remaining: int = 0  # what the shop keeps of the sale (after this refund, for a refund)
    refund_id: str = ""  # a refund's bank_tran_id
    original_issued_at: str = ""  # a refund's: when the sale was paid
    original_approval_code: str = ""
    original_approval_no: str = ""
    original_total: int = 0

    def to_json(self) -> dict:
        return asdict(self)


def sale_receipt(ledger: Ledger, payment_id: str, merchant: Merchant,
                 reprint: bool = False) -> Receipt:
    payment = _payment(ledger, payment_id)
    transfers = ledger.transfers_of(payment_id)
    charge = _charge(transfers)
    refunds = [t for t in transfers if t.kind is TransferKind.DEPOSIT]
    standing = standing_of(payment, _approved(refunds), _open(refunds))
    return Receipt(
        "sale", reprint, merchant, payment_id, _when(payment.created_at), standing.status,
        _items(payment), payment.amount, payment.supply_value, payment.vat, payment.method,
        charge.bank_name if charge else "", charge.account_masked if charge else "",
        charge.approval_no if charge else "",
        payment.reason_ko if payment.status != "approved" else "",
        approval_code(charge.approval_no) if charge else "", standing.refunded,
        standing.remaining)


def refund_receipt(ledger: Ledger, bank_tran_id: str, merchant: Merchant,
                   reprint: bool = False) -> Receipt:
    refund = ledger.refund(bank_tran_id)
    if refund is None:
        raise Refused("없는 환불입니다", f"there is no refund {bank_tran_id!r}")
    payment = _payment(ledger, refund.payment_id)
    transfers = ledger.transfers_of(payment.id)
    charge = _charge(transfers)
    up_to_this = transfers[:transfers.index(refund) + 1]
    refunds = [t for t in up_to_this if t.kind is TransferKind.DEPOSIT]
    supply, vat = vat_split(refund.amount)
    return Receipt(
        "refund", reprint, merchant, payment.id, _when(refund.sent_at), refund.status,
        _items(payment), refund.amount, supply, vat, payment.method, refund.bank_name,
        refund.account_masked, refund.approval_no,
        refund.reason_ko if refund.status != "approved" else "",
        approval_code(refund.approval_no), _approved(refunds),
        payment.amount - _approved(refunds), bank_tran_id, _when(payment.created_at),
        approval_code(charge.approval_no) if charge else "",
        charge.approval_no if charge else "", payment.amount)


def last_approved(ledger: Ledger) -> str:
    """What `last` names in every command: the newest payment the bank approved, refunded or
    not; refused with why when there is none yet."""
    last = ledger.last_payment_id("approved")
    if last is None:
        raise Refused("승인된 결제가 아직 없습니다", "no payment has been approved yet")
    return last


def receipt_for(ledger: Ledger, wanted: str, merchant: Merchant,
                reprint: bool = False) -> Receipt:
    """The receipt `wanted` names: a payment id, `last`, or any number a transfer has (its
    bank_tran_id, the bank's approval id, the eight-digit approval number). A refund's
    number gives the refund's receipt; a charge's, the sale's."""
    if wanted == LAST:
        return sale_receipt(ledger, last_approved(ledger), merchant, reprint)
    if ledger.payment(wanted) is not None:
        return sale_receipt(ledger, wanted, merchant, reprint)
    transfer = find_transfer(ledger, wanted)
    if transfer is None:
        raise Refused("없는 결제 번호입니다", f"there is no payment, refund or approval "
                      f"number {wanted!r}")
    if transfer.kind is TransferKind.DEPOSIT:
        return refund_receipt(ledger, transfer.bank_tran_id, merchant, reprint)
    return sale_receipt(ledger, transfer.payment_id, merchant, reprint)


def _payment(ledger: Ledger, payment_id: str) -> Payment:
    payment = ledger.payment(payment_id)
    if payment is None:
        raise Refused("없는 결제 번호입니다", f"there is no payment {payment_id!r}")
    return payment


def _charge(transfers: list[Transfer]) -> Transfer | None:
    charges = [t for t in transfers if t.kind is TransferKind.WITHDRAW]
    return charges[-1] if charges else None


def _approved(refunds: list[Transfer]) -> int:
    return sum(t.amount for t in refunds if t.status is TransferStatus.APPROVED)


def _open(refunds: list[Transfer]) -> int:
    return sum(t.amount for t in refunds if t.is_open)


def _items(payment: Payment) -> tuple[ReceiptItem, ...]:
    return tuple(ReceiptItem(i["name"], i["quantity"], i["unit_price"],
                             i["unit_price"] * i["quantity"]) for i in payment.line_items())


def _when(epoch: float) -> str:
    return now_kst(epoch).strftime("%Y-%m-%d %H:%M:%S")
