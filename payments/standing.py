"""Where a payment stands once its refunds are counted: the status a person is shown.

The ledger keeps a payment `approved` for ever (that is what the bank did, and what the
engine checks before a refund); its refunds are transfers of their own. Whoever reads the
books (the `payments` command, the history screen, a reprint, the export) wants one word
that tells the whole story, so approved payments with approved refunds read as partly
refunded or refunded, with what was paid back and what remains.
"""

from dataclasses import dataclass

from payments.ledger import Ledger, Payment, PaymentStatus

PARTLY_REFUNDED = "partly_refunded"
REFUNDED = "refunded"
# Every status a person can be shown, in the order a day goes; `sending` reads as unknown.
STATUSES = ("new", "approved", PARTLY_REFUNDED, REFUNDED, "declined", "unknown", "error")
STATUS_KO = {"new": "미결제", "approved": "승인", PARTLY_REFUNDED: "부분 환불",
             REFUNDED: "전액 환불", "declined": "거절", "unknown": "확인 중", "error": "오류"}


@dataclass(frozen=True)
class Standing:
    status: str  # one of STATUSES
    refunded: int  # paid back, as the bank approved
    refund_pending: int  # a refund the bank has not answered yet: maybe paid back
    remaining: int  # what the shop keeps of the payment (0 unless the bank approved it)


def standing_of(payment: Payment, refunded: int = 0, refund_pending: int = 0) -> Standing:
    if payment.status is not PaymentStatus.APPROVED:
        status = "unknown" if payment.status is PaymentStatus.SENDING else str(payment.status)
        return Standing(status, 0, 0, 0)
    remaining = payment.amount - refunded
    status = REFUNDED if remaining <= 0 else PARTLY_REFUNDED if refunded else "approved"
    return Standing(status, refunded, refund_pending, remaining)


def standings(ledger: Ledger, payments: list[Payment]) -> dict[str, Standing]:
    """Each payment's standing, by id, from one query over its refunds."""
    wanted = [p.id for p in payments if p.status is PaymentStatus.APPROVED]
    sums: dict[str, tuple[int, int]] = {}
    for start in range(0, len(wanted), 500):  # SQLite's limit on bound parameters
        chunk = wanted[start:start + 500]
        for row in ledger.rows(
                "SELECT payment_id, "
                "coalesce(sum(CASE WHEN status = 'approved' THEN amount END), 0) AS done, "
                "coalesce(sum(CASE WHEN status IN ('sending', 'unknown') THEN amount END), 0) "
                "AS open FROM transfers WHERE kind = 'deposit' AND payment_id IN "
                f"({', '.join('?' * len(chunk))}) GROUP BY payment_id", tuple(chunk)):
            sums[row["payment_id"]] = (row["done"], row["open"])
    return {p.id: standing_of(p, *sums.get(p.id, (0, 0))) for p in payments}


def listed(ledger: Ledger, business_date: str | None, status: str | None = None
           ) -> list[tuple[Payment, Standing]]:
    """A day's payments (or all of them) with their standing, those of `status` only."""
    payments = ledger.payments(business_date)
    found = standings(ledger, payments)
    return [(p, found[p.id]) for p in payments if status is None or found[p.id].status == status]
