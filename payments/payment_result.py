"""What `kiosk pay` and `kiosk refund` answer, as the books say it: the same words for a
kiosk's own engine, a chain's server and a terminal's copy of its sales, so a terminal tells
the clerk exactly what the server would."""

from dataclasses import dataclass

from payments.ledger import Payment, Transfer, TransferKind
from payments.reasons import Reason

# What `kiosk pay` and `kiosk refund` say of a payment or refund (docs/commands.md).
# Payments and transfers share these words, but for `failed` (a transfer) and `error` (its
# payment); a charge still `sending` is, to whoever asks, unknown.
RESULT_STATUS = {"approved": "approved", "declined": "declined", "unknown": "unknown",
                 "sending": "unknown", "failed": "error", "error": "error"}


@dataclass(frozen=True)
class PaymentResult:
    """The answer `kiosk pay` and `kiosk refund` print (docs/commands.md's JSON keys)."""

    payment_id: str
    status: str  # approved | declined | unknown | error
    amount: int
    reason: Reason | None = None
    bank_tran_id: str = ""
    approval_no: str = ""
    account_masked: str = ""

    def to_json(self) -> dict:
        return {"payment_id": self.payment_id, "status": self.status, "amount": self.amount,
                "reason": self.reason.en if self.reason else "",
                "reason_ko": self.reason.ko if self.reason else "",
                "bank_tran_id": self.bank_tran_id, "approval_no": self.approval_no,
                "account_masked": self.account_masked}

    @classmethod
    def from_json(cls, given: dict) -> "PaymentResult":
        reason = Reason(given["reason_ko"], given["reason"]) if given.get("reason") else None
        return cls(given["payment_id"], given["status"], given["amount"], reason,
                   given["bank_tran_id"], given["approval_no"], given["account_masked"])


def payment_result(payment: Payment, transfers: list[Transfer]) -> PaymentResult:
    """Where a payment stands, as the books say: its status and its last charge (of its
    `transfers`, in the order they were made)."""
    charges = [t for t in transfers if t.kind is TransferKind.WITHDRAW]
    last = charges[-1] if charges else None
    return PaymentResult(
        payment.id, RESULT_STATUS.get(payment.status, str(payment.status)), payment.amount,
        reason_of(payment), last.bank_tran_id if last else "", last.approval_no if last else "",
        last.account_masked if last else "")


def reason_of(row: Payment | Transfer) -> Reason | None:
    return Reason(row.reason_ko, row.reason_en) if row.reason_en else None
