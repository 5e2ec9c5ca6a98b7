"""Settling a transfer: writing down what the bank said of it, and asking when it did not.

The rules, for charges and refunds alike:
- A transfer is `declined` only when the bank says so about that transfer: its own answer,
  or a transfer/result item that names it (reading.judge_result). A failed, refused,
  garbled or empty answer to the question leaves it `unknown`, to be asked again.
- "No such transfer" (A0310) counts only once the bank has surely had time to book it
  (`not_found_after_s` after the call that sent it ended, on the clock that never steps,
  or on the books' own clock where machines share them),
  and only when the bank has no such transfer under any date it could have booked it on:
  the kiosk's clock may be off, and a request sent just before midnight is booked under the
  next day.
"""

import logging
from dataclasses import dataclass
from datetime import timedelta

from payments.bank_port import Bank
from payments.clock import Clock
from payments.koreatime import now_kst
from payments.ledger import Ledger, PaymentStatus, Transfer, TransferKind, TransferStatus
from payments.openbanking import outcomes
from payments.openbanking.messages.transfers import DepositAnswer, ResultQuery, TransferResultAnswer
from payments.openbanking.outcomes import Answer, Outcome

log = logging.getLogger(__name__)

TRANSFER_STATUS = {Outcome.APPROVED: TransferStatus.APPROVED,
                   Outcome.DECLINED: TransferStatus.DECLINED,
                   Outcome.UNKNOWN: TransferStatus.UNKNOWN,
                   Outcome.REJECTED: TransferStatus.FAILED,
                   Outcome.AUTH: TransferStatus.FAILED,
                   # Only transfer/result may say a transfer does not exist, and the settler
                   # alone decides when to believe it; from any other call it is nonsense.
                   Outcome.NOT_FOUND: TransferStatus.UNKNOWN}
PAYMENT_STATUS = {TransferStatus.APPROVED: PaymentStatus.APPROVED,
                  TransferStatus.DECLINED: PaymentStatus.DECLINED,
                  TransferStatus.UNKNOWN: PaymentStatus.UNKNOWN,
                  TransferStatus.FAILED: PaymentStatus.ERROR}
CHECK_TYPE = {TransferKind.WITHDRAW: "1", TransferKind.DEPOSIT: "2"}


def booking_dates(transfer: Transfer, max_clock_error_s: float, booking_s: float) -> list[str]:
    """Every date the bank could have booked a transfer under, the kiosk's own first."""
    first = now_kst(transfer.sent_at - max_clock_error_s).date()
    last = now_kst(transfer.sent_at + max_clock_error_s + booking_s).date()
    dates = [transfer.bank_tran_date]
    for day in range((last - first).days + 1):
        date = (first + timedelta(days=day)).strftime("%Y%m%d")
        if date not in dates:
            dates.append(date)
    return dates


@dataclass(frozen=True)
class Settler:
    ledger: Ledger
    bank: Bank
    clock: Clock
    not_found_after_s: float
    max_clock_error_s: float
    call_limit_s: float  # the longest one call to the bank may take, token renewal included

    def record(self, bank_tran_id: str, answer: Answer, on_date: str = "") -> TransferStatus:
        """Write what an answer means for one transfer (and its payment, for a charge): its
        status as the books then have it (see _apply)."""
        status = TRANSFER_STATUS[answer.outcome]
        fields = {"status": status, "rsp_code": answer.rsp_code,
                  "bank_rsp_code": answer.bank_rsp_code, "reason_ko": answer.reason.ko,
                  "reason_en": answer.reason.en}
        block = _bank_block(answer)
        if status is TransferStatus.APPROVED and block is not None:
            fields.update(approval_no=answer.message.api_tran_id,
                          account_masked=block.account_num_masked, bank_name=block.bank_name)
        if status is TransferStatus.UNKNOWN:
            # The call has ended (answered or timed out): the request has surely left by
            # now, so the bank's time to book it counts from here, whatever came before the
            # sending (a token renewed, a slow start).
            fields["sent_monotonic"] = self.clock.monotonic()
            fields["boot_id"] = self.clock.boot_id
        else:
            fields["settled_at"] = self.clock.wall()
            date = (block.bank_tran_date if block is not None else "") or on_date
            if date:
                fields["bank_tran_date"] = date
        if answer.detail:
            log.warning("%s: %s", bank_tran_id, answer.detail)
        return self._apply(bank_tran_id, fields)

    def _apply(self, bank_tran_id: str, fields: dict) -> TransferStatus:
        """The transfer's status now: as `fields` say, unless another settler (a kiosk
        waiting for its answer, `reconcile` in another process, a chain's other server)
        settled it first. Its word stands: one that asked before it, and met a refusal or
        "not booked yet", must not write it back to unknown, nor its payment, which may
        have been charged again since (a decline, then another code)."""
        now = self.clock.wall()
        # What the bank said about one transfer: it frees limits at most, never uses them.
        with self.ledger.transaction(exclusive=False):
            transfer = self.ledger.set_transfer(bank_tran_id, now, while_open=True, **fields)
            if transfer is None:
                return self.ledger.transfer(bank_tran_id).status
            if transfer.kind is TransferKind.WITHDRAW:
                self.ledger.set_payment(transfer.payment_id, now,
                                        status=PAYMENT_STATUS[fields["status"]],
                                        reason_ko=fields["reason_ko"],
                                        reason_en=fields["reason_en"])
        return transfer.status

    def check(self, bank_tran_id: str) -> TransferStatus:
        """Ask the bank once (once for each date it could be under) what became of a
        transfer; record it if the bank knows."""
        transfer = self.ledger.transfer(bank_tran_id)
        if not transfer.is_open:
            return transfer.status
        payment = self.ledger.payment(transfer.payment_id)
        fintech_use_num = payment.fintech_use_num if payment else ""
        dates = booking_dates(transfer, self.max_clock_error_s, self.not_found_after_s)
        for number, date in enumerate(dates):
            answer = self.bank.transfer_result(
                CHECK_TYPE[transfer.kind],
                ResultQuery(tran_no="1", org_bank_tran_id=bank_tran_id,
                                org_bank_tran_date=date, org_tran_amt=transfer.amount),
                fintech_use_num)
            if answer.outcome in (Outcome.APPROVED, Outcome.DECLINED):
                return self.record(bank_tran_id, answer, date)
            if answer.outcome is not Outcome.NOT_FOUND:
                return self._still_unknown(transfer, answer)
            if number == 0 and not self._bank_has_had_time(transfer):
                return self._still_unknown(transfer, Answer(
                    outcomes.NO_WORD, detail="result: not booked yet, or never sent"))
        never_made = outcomes.RSP_CODES["A0310"].reason
        status = self._apply(bank_tran_id, {
            "status": TransferStatus.DECLINED, "rsp_code": "A0310", "bank_rsp_code": "",
            "reason_ko": never_made.ko, "reason_en": never_made.en,
            "settled_at": self.clock.wall()})
        if status is TransferStatus.DECLINED:
            log.info("%s: the bank has no such transfer on %s: it never happened",
                     bank_tran_id, ", ".join(dates))
        return status

    def _bank_has_had_time(self, transfer: Transfer) -> bool:
        """Whether `not_found_after_s` has passed since the transfer surely left: since its
        call ended, or, for one whose call never ended (its process was killed), since it was
        committed plus the longest a call may take.
        - Sent in this boot: timed on the clock that never steps.
        - Sent where the books say when (a chain's, which server processes on several
          machines share): timed on the books' own clock, from its commit plus the longest
          a call may take, whatever became of the call. Another machine's clock that never
          steps cannot be read here, and its request may still be on its way.
        - Otherwise from an earlier boot of the one machine that keeps the books: it has had
          a reboot's time at least, far more than a bank takes to book what it received."""
        clock = self.clock
        if clock.boot_id and transfer.boot_id == clock.boot_id and \
                transfer.sent_monotonic is not None:
            wait = self.not_found_after_s
            if transfer.status is TransferStatus.SENDING:
                wait += self.call_limit_s
            return clock.monotonic() - transfer.sent_monotonic >= wait
        now = self.ledger.books_clock() if transfer.sent_books_at is not None else None
        if now is not None:
            return now - transfer.sent_books_at >= self.not_found_after_s + self.call_limit_s
        return True

    def _still_unknown(self, transfer: Transfer, answer: Answer) -> TransferStatus:
        if answer.detail:
            log.warning("%s: %s", transfer.bank_tran_id, answer.detail)
        if transfer.status is TransferStatus.SENDING:
            fields = {"status": TransferStatus.UNKNOWN, "reason_ko": answer.reason.ko,
                      "reason_en": answer.reason.en}
            if transfer.sent_monotonic is not None:  # by then it had surely left
                fields["sent_monotonic"] = transfer.sent_monotonic + self.call_limit_s
            return self._apply(transfer.bank_tran_id, fields)
        return TransferStatus.UNKNOWN


def _bank_block(answer: Answer):
    """The part of an answer that describes the customer's account, where there is one."""
    message = answer.message
    if message is None:
        return None
    if isinstance(message, DepositAnswer | TransferResultAnswer):
        return message.res_list[0] if message.res_list else None
    return message
