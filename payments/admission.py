"""Admitting a charge: the one write transaction that commits it before it leaves, or the
decline that says why not (docs/exactly-once.md, rule 1).

In it: the signed code's first use; the transfer `sending`, and its payment with it, only
while nobody has charged that payment; and the daily limits, read after marking the payment
`sending` has counted it in the books' totals (payments/database.py, migration 7), which
keeps them locked to every other writer until the commit. So two kiosks, or two server
processes, on one set of books cannot both fit under a limit that only one of them fits
under, and none of them waits on a lock for the whole books.
"""

from collections.abc import Callable
from dataclasses import dataclass

from payments.codes import SKEW_S, PaymentCode
from payments.ledger import Ledger, Payment, PaymentStatus
from payments.reasons import Reason, Refused

USED_CODE = Reason("이미 사용된 코드입니다. 앱에서 새 코드를 여세요",
                   "this code was already used: open a fresh code in the app")


class _OverALimit(Exception):
    """A charge that would take a payer or the day over a limit: rolls its commit back."""

    def __init__(self, reason: Reason) -> None:
        super().__init__(reason.en)
        self.reason = reason


@dataclass(frozen=True)
class Admission:
    ledger: Ledger
    max_per_payer_per_day: int
    max_per_day: int
    wall: Callable[[], float]

    def commit(self, payment: Payment, code: PaymentCode, attempt: int, method: str,
               add_transfer: Callable[[], None]) -> Reason | None:
        """In one write transaction: the code's first use, the transfer `sending` (made by
        `add_transfer`) and its payment with it, within the daily limits. Or, returned, why
        not, the payment declined. Raises Refused when another writer charged the payment
        meanwhile. A second attempt (after a token renewal) is the same use of the code."""
        try:
            with self.ledger.transaction(exclusive=False):
                if self._code_used(code, attempt):
                    self.set_uncharged(payment.id, status=PaymentStatus.DECLINED,
                                       method=method, reason_ko=USED_CODE.ko,
                                       reason_en=USED_CODE.en)
                    return USED_CODE
                add_transfer()
                self.set_uncharged(payment.id, status=PaymentStatus.SENDING, method=method,
                                   fintech_use_num=code.fintech_use_num, reason_ko="",
                                   reason_en="")
                refusal = self._over_a_daily_limit(payment, code.fintech_use_num)
                if refusal is not None:
                    raise _OverALimit(refusal)  # nothing of it stays
                return None
        except _OverALimit as over:
            with self.ledger.transaction(exclusive=False):
                refusal = USED_CODE if self._code_used(code, attempt) else over.reason
                self.set_uncharged(payment.id, status=PaymentStatus.DECLINED, method=method,
                                   reason_ko=refusal.ko, reason_en=refusal.en)
            return refusal

    def decline(self, payment_id: str, method: str, reason: Reason,
                status: PaymentStatus = PaymentStatus.DECLINED) -> None:
        """Close a payment nobody has charged; Refused when another writer did meanwhile."""
        with self.ledger.transaction(exclusive=False):
            self.set_uncharged(payment_id, status=status, method=method,
                               reason_ko=reason.ko, reason_en=reason.en)

    def set_uncharged(self, payment_id: str, **fields: object) -> None:
        """Change a payment nobody has charged; Refused when another writer did meanwhile
        (the transaction then rolls back)."""
        if not self.ledger.set_payment(payment_id, self.wall(), while_uncharged=True,
                                       **fields):
            raise Refused("이미 처리 중인 결제입니다",
                          f"payment {payment_id} was charged meanwhile")

    def _code_used(self, code: PaymentCode, attempt: int) -> bool:
        """Whether a signed code was seen before (its first use is recorded now)."""
        return attempt == 1 and code.signed and \
            not self.ledger.remember_code(code.jti, code.expires_at + SKEW_S)

    def _over_a_daily_limit(self, payment: Payment, fintech_use_num: str) -> Reason | None:
        payer, everyone = self.ledger.spending(payment.business_date, fintech_use_num)
        if payer > self.max_per_payer_per_day:
            return Reason(f"고객 1일 한도 {self.max_per_payer_per_day:,}원 초과",
                          f"over this customer's daily limit of "
                          f"{self.max_per_payer_per_day:,} won here")
        if everyone > self.max_per_day:
            return Reason(f"키오스크 1일 한도 {self.max_per_day:,}원 초과",
                          f"over the kiosk's daily limit of {self.max_per_day:,} won")
        return None
