"""Charging exactly once: the payment state machine over the ledger and the bank.

A charge goes new → sending → approved | declined | unknown. The `bank_tran_id`, its date and
the amount are committed as `sending` before the request leaves, in the same write
transaction that checks the day's limits and the code's first use; an answer that is not a
clear yes or no about that transfer leaves it `unknown`, and only transfer/result settles it
(payments/settling.py): polled until a deadline, and after that by `reconcile`. While a
sale has a charge in `sending` or `unknown`, no second charge is sent for it, and no
`bank_tran_id` is ever sent twice. Refunds (deposits) follow the same rules with check_type 2.
"""

import logging
import os
import signal
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

from payments.admission import Admission
from payments.bank_port import Bank
from payments.clock import Clock
from payments.codes import CodePolicy, PaymentCode, read_code
from payments.confirmation import require_confirmation
from payments.database import STORAGE_ERRORS
from payments.koreatime import business_date
from payments.ledger import (
    Customer,
    Ledger,
    Payment,
    PaymentStatus,
    Transfer,
    TransferKind,
    TransferStatus,
)
from payments.masking import mask_fintech
from payments.money import Sale, check_won
from payments.openbanking.outcomes import Answer
from payments.openbanking.wire import WireError, encode
from payments.payment_result import RESULT_STATUS, PaymentResult, payment_result, reason_of
from payments.reasons import Reason, Refused
from payments.requests import deposit_request, withdraw_request
from payments.settling import Settler

log = logging.getLogger(__name__)

UNRECORDED = Reason("결제 결과를 장부에 기록하지 못했습니다. 자동으로 확인합니다",
                    "the kiosk could not write the bank's answer to its books: the outcome is "
                    "unknown until `kiosk reconcile` settles it")


def checkpoint(name: str) -> None:
    """A fault-injection point: the crash-matrix tests set KIOSK_CRASH_AT to kill the kiosk
    (SIGKILL, no clean-up) exactly here. Unset, it does nothing."""
    if os.environ.get("KIOSK_CRASH_AT") == name:
        os.kill(os.getpid(), signal.SIGKILL)


@dataclass(frozen=True)
class EngineSettings:
    merchant_name: str
    contract_account_num: str
    contract_bank_code: str
    codes: CodePolicy
    max_per_payment: int = 1_000_000
    max_per_payer_per_day: int = 2_000_000
    max_per_day: int = 50_000_000
    confirm_above: int = 0  # payments/confirmation.py; 0 is off
    result_deadline_s: float = 45.0
    result_poll_s: float = 3.0
    # A bank that has "no such transfer" so soon after the request may simply not have it
    # yet; only after this long does that answer mean it never happened.
    not_found_after_s: float = 15.0
    # How far the kiosk's clock may be from the bank's: a transfer is looked for under every
    # date the bank could have booked it on before it counts as never made.
    max_clock_error_s: float = 86_400.0
    # The longest one call to the bank may take: a token renewal and the request, each up
    # to the client's timeouts. A transfer whose call never ended (the kiosk was killed)
    # may still be on its way this long after it was committed.
    call_limit_s: float = 30.0


class _Unrecorded(Exception):
    """The bank answered, but the ledger could not be written (locked, disk full)."""


class PaymentEngine:
    def __init__(self, ledger: Ledger, bank: Bank, settings: EngineSettings, *,
                 clock: Clock | None = None,
                 on_checking: Callable[[str], None] = lambda bank_tran_id: None,
                 checkpoint: Callable[[str], None] = checkpoint) -> None:
        self.ledger = ledger
        self.bank = bank
        self.settings = settings
        self.clock = clock or Clock()
        # Told when an outcome is unknown and the engine starts asking the bank, so a screen
        # can say "checking with the bank" while the same call goes on.
        self.on_checking = on_checking
        self.checkpoint = checkpoint

    @property
    def settler(self) -> Settler:
        settings = self.settings
        return Settler(self.ledger, self.bank, self.clock, settings.not_found_after_s,
                       settings.max_clock_error_s, settings.call_limit_s)

    # ------------------------------------------------------------ charging

    def open_sale(self, sale: Sale, counter: str = "") -> str:
        with self.ledger.transaction(exclusive=False):  # the day's number row is the lock
            return self.ledger.new_payment(sale, self.clock.wall(), counter).id

    def pay(self, sale: Sale, payload: str, method: str, counter: str = "") -> PaymentResult:
        return self.charge(self.open_sale(sale, counter), payload, method)

    def charge(self, payment_id: str, payload: str, method: str) -> PaymentResult:
        """Charge an open sale with a presented code. Raises Refused when the sale cannot be
        charged at all (paid, being checked, unknown); a refused code is a decline."""
        return self.attempt(self._payment(payment_id), payload, method) or \
            self.result(payment_id)

    def attempt(self, payment: Payment, payload: str, method: str) -> PaymentResult | None:
        """Charge as `charge` does, a payment as just read, and leave its outcome in the
        books (`result` reads it, a chain's server with the rows it answers with), but for
        the one the books could not take (returned: unknown until reconciled)."""
        _refuse_if_charged(payment)
        try:
            # One reading of the clock decides whether the code is still valid; its first use
            # is then recorded whatever the clock says later (ledger.SEEN_CODES_KEPT).
            code = read_code(payload, self.settings.codes, self.clock.wall())
            customer = self._payer(payment, code)
        except Refused as refusal:
            self.admission.decline(payment.id, method, refusal.reason)
            return None
        try:
            self._withdraw(payment, code, customer, method)
        except _Unrecorded as unrecorded:
            return PaymentResult(payment.id, "unknown", payment.amount, UNRECORDED,
                                 str(unrecorded))
        return None

    def lapse(self, payment_id: str, reason: Reason) -> PaymentResult:
        """Close an open sale no code came for (the customer never confirmed it): declined,
        nothing sent. Raises Refused when it was charged after all."""
        _refuse_if_charged(self._payment(payment_id))
        self.admission.decline(payment_id, "qr", reason)
        return self.result(payment_id)

    def _payer(self, payment: Payment, code: PaymentCode) -> Customer:
        """The checks that need no write lock; returns the enrolled payer."""
        amount = payment.amount
        if code.amount is not None and code.amount != amount:
            raise Refused(f"{code.amount:,}원 전용 코드입니다 (결제 금액 {amount:,}원)",
                          f"this code is for {code.amount:,} won, the sale is {amount:,} won")
        require_confirmation(code, amount, self.settings.confirm_above)
        customer = self.ledger.customer(code.fintech_use_num)
        if customer is None or not self.bank.can_charge(customer.user_seq_no):
            raise Refused("이 키오스크에 등록되지 않은 계좌입니다. 먼저 계좌를 등록하세요",
                          "this account is not registered here: enroll it first")
        if amount > self.settings.max_per_payment:
            raise Refused(f"1회 결제 한도 {self.settings.max_per_payment:,}원 초과",
                          f"over the per-payment limit of {self.settings.max_per_payment:,} won")
        return customer

    @property
    def admission(self) -> Admission:
        settings = self.settings
        return Admission(self.ledger, settings.max_per_payer_per_day, settings.max_per_day,
                         self.clock.wall)

    def _withdraw(self, payment: Payment, code: PaymentCode, customer: Customer,
                  method: str) -> None:
        """Raises _Unrecorded when the bank's answer could not be written."""
        payment_id = payment.id
        for attempt in (1, 2):
            bank_tran_id = self.bank.tran_ids.next()
            request = withdraw_request(self.settings, bank_tran_id, payment.amount, customer,
                                       self.clock.wall())
            try:
                encode(request)  # a request the bank would refuse is refused here, unsent
            except WireError as exc:
                self.admission.decline(payment_id, method, Reason(
                    "키오스크 설정 오류로 결제할 수 없습니다", f"the kiosk cannot build this "
                    f"charge ({exc}): check the merchant and customer details"),
                    PaymentStatus.ERROR)
                return
            self.checkpoint("charge-admitted")
            refusal = self.admission.commit(
                payment, code, attempt, method, partial(
                    self._add_transfer, payment_id, bank_tran_id, TransferKind.WITHDRAW,
                    payment.amount))
            if refusal is not None:
                return
            self.checkpoint("charge-committed")
            log.info("charging %s: %d won from %s (%s)", payment_id, payment.amount,
                     mask_fintech(code.fintech_use_num), bank_tran_id)
            status, renew = self._exchange(
                "charge", bank_tran_id, partial(self.bank.withdraw, customer.user_seq_no, request))
            if not (renew and attempt == 1):
                break
            # The gateway turned the old token away before the bank saw the request: one new
            # attempt, with a new bank_tran_id, on the renewed token.
        if status is TransferStatus.UNKNOWN:
            self._settle(bank_tran_id)

    # ------------------------------------------------------------ refunds

    def refund(self, payment_id: str, amount: int | None = None, request_key: str = ""
               ) -> PaymentResult:
        """Pay back all or part of an approved payment to the account it came from. Raises
        Refused when the refund cannot be made (nothing is sent then). A `request_key` is
        kept with the refund it makes, so the same request asked again (a terminal that lost
        the answer) is answered with that refund, never sent twice."""
        payment = self._payment(payment_id)
        if payment.status is not PaymentStatus.APPROVED:
            raise Refused("승인된 결제만 환불할 수 있습니다",
                          f"payment {payment_id} is {payment.status}, not approved: "
                          "only an approved payment can be refunded")
        customer = self.ledger.customer(payment.fintech_use_num)
        if customer is None:
            raise Refused("결제 계좌가 등록되어 있지 않습니다",
                          "the paying account is no longer registered here")
        if amount is not None:
            amount = check_won(amount, "the refund")
        return self._deposit(payment, customer, amount, request_key)

    def _deposit(self, payment: Payment, customer: Customer, amount: int | None,
                 request_key: str) -> PaymentResult:
        wanted = 0  # what is asked back: known once the refund is committed
        try:
            for attempt in (1, 2):
                bank_tran_id = self.bank.tran_ids.next()
                self.checkpoint("refund-admitted")
                with self.ledger.transaction():
                    made = self.ledger.transfers_for_request(request_key) if request_key \
                        and attempt == 1 else []
                    if made:
                        return self.refund_result(made[-1])
                    wanted = self._refundable(payment, amount)
                    request = deposit_request(self.settings, bank_tran_id, wanted, customer,
                                              self.clock.wall())
                    try:
                        encode(request)
                    except WireError as exc:
                        raise Refused("키오스크 설정 오류로 환불할 수 없습니다",
                                      f"the kiosk cannot build this refund ({exc})") from None
                    self._add_transfer(payment.id, bank_tran_id, TransferKind.DEPOSIT, wanted,
                                       request_key)
                self.checkpoint("refund-committed")
                status, renew = self._exchange("refund", bank_tran_id,
                                               partial(self.bank.deposit, request))
                if not (renew and attempt == 1):
                    break
            if status is TransferStatus.UNKNOWN:
                status = self._settle(bank_tran_id)
        except _Unrecorded as unrecorded:
            return PaymentResult(payment.id, "unknown", wanted, UNRECORDED, str(unrecorded))
        return self.refund_result(self.ledger.transfer(bank_tran_id))

    def refund_result(self, refund: Transfer) -> PaymentResult:
        return PaymentResult(refund.payment_id, RESULT_STATUS[refund.status], refund.amount,
                             reason_of(refund), refund.bank_tran_id, refund.approval_no,
                             refund.account_masked)

    def _refundable(self, payment: Payment, amount: int | None) -> int:
        if any(t.kind is TransferKind.DEPOSIT and t.is_open
               for t in self.ledger.transfers_of(payment.id)):
            raise Refused("이 결제의 환불 결과를 확인하는 중입니다",
                          "a refund of this payment is still being checked with the bank")
        left = payment.amount - self.ledger.refunds_claimed(payment.id)
        wanted = left if amount is None else amount
        if left == 0:
            raise Refused("이미 전액 환불된 결제입니다",
                          "this payment is already refunded in full: nothing is left to refund")
        if not 0 < wanted <= left:
            raise Refused(f"환불 가능 금액은 {left:,}원입니다",
                          f"at most {left:,} won of this payment can still be refunded")
        return wanted

    # ------------------------------------------------------------ one transfer's exchange

    def _add_transfer(self, payment_id: str, bank_tran_id: str, kind: TransferKind,
                      amount: int, request_key: str = "") -> None:
        self.ledger.add_transfer(payment_id, bank_tran_id, kind, amount, self.bank.today(),
                                 self.clock.wall(), self.clock.monotonic(), self.clock.boot_id,
                                 request_key)

    def _exchange(self, step: str, bank_tran_id: str, send: Callable[[], Answer]
                  ) -> tuple[TransferStatus, bool]:
        """Send a committed transfer once and record the answer: (its status, whether the
        token must be renewed). The books stay `sending` if they cannot be written."""
        answer = send()
        self.checkpoint(f"{step}-answered")
        try:
            status = self.settler.record(bank_tran_id, answer)
        except STORAGE_ERRORS as exc:
            log.error("%s: the bank answered %s, but the ledger could not be written (%s); "
                      "reconcile will ask again", bank_tran_id, answer.outcome, exc)
            raise _Unrecorded(bank_tran_id) from exc
        self.checkpoint(f"{step}-recorded")
        return status, answer.verdict.renew_token

    def _settle(self, bank_tran_id: str) -> TransferStatus:
        """Ask transfer/result every few seconds until the bank knows, or the deadline (on
        the clock that never steps)."""
        self.on_checking(bank_tran_id)
        clock, settings = self.clock, self.settings
        deadline = clock.monotonic() + settings.result_deadline_s
        status = TransferStatus.UNKNOWN
        while status is TransferStatus.UNKNOWN and clock.monotonic() < deadline:
            clock.sleep(min(settings.result_poll_s, max(0.0, deadline - clock.monotonic())))
            try:
                status = self.settler.check(bank_tran_id)
            except STORAGE_ERRORS as exc:
                log.error("%s: the ledger could not be written (%s)", bank_tran_id, exc)
                raise _Unrecorded(bank_tran_id) from exc
        return status

    def check(self, bank_tran_id: str) -> TransferStatus:
        """Ask the bank once what became of a transfer; record it if the bank knows."""
        return self.settler.check(bank_tran_id)

    def reconcile(self) -> dict[str, TransferStatus]:
        """Settle every transfer whose outcome is not known: one question each, no waiting.
        Returns each one's status now; `unknown` ones stay for the next run. One that cannot
        be settled, for whatever reason, never keeps the others (or the next sale) waiting."""
        settled = {}
        for transfer in self.ledger.open_transfers():
            try:
                settled[transfer.bank_tran_id] = self.settler.check(transfer.bank_tran_id)
            except Exception:
                log.exception("%s: could not be settled now; it stays unknown",
                              transfer.bank_tran_id)
                settled[transfer.bank_tran_id] = TransferStatus.UNKNOWN
        return settled

    # ------------------------------------------------------------ reading

    def _payment(self, payment_id: str) -> Payment:
        payment = self.ledger.payment(payment_id)
        if payment is None:
            raise Refused("없는 결제 번호입니다", f"there is no payment {payment_id!r}")
        return payment

    def result(self, payment_id: str) -> PaymentResult:
        return payment_result(self._payment(payment_id), self.ledger.transfers_of(payment_id))

    def business_date(self) -> str:
        return business_date(self.clock.wall())


def _refuse_if_charged(payment: Payment) -> None:
    if payment.status is PaymentStatus.APPROVED:
        raise Refused("이미 결제된 거래입니다", f"payment {payment.id} is already paid")
    if payment.status in (PaymentStatus.SENDING, PaymentStatus.UNKNOWN):
        raise Refused("은행에 결제 결과를 확인하는 중입니다. 다시 청구할 수 없습니다",
                      f"payment {payment.id} is being checked with the bank: it cannot "
                      "be charged again until that is settled")
