"""Charging exactly once: the payment state machine over the ledger and the bank.

A charge goes new → sending → approved | declined | unknown. The `bank_tran_id`, its date and
the amount are committed as `sending` before the request leaves; an answer that is not a
clear yes or no leaves the charge `unknown`, and only /v2.0/transfer/result settles it:
polled until a deadline, and after that by `reconcile`. While a sale has a charge in
`sending` or `unknown`, no second charge is sent for it, and no `bank_tran_id` is ever sent
twice. Refunds (deposits) follow the same rules with check_type 2.
"""

import logging
import os
import signal
import time
from collections.abc import Callable
from dataclasses import dataclass

from payments.codes import SKEW_S, CodePolicy, PaymentCode, read_code
from payments.koreatime import business_date, tran_dtime
from payments.ledger import OPEN, Ledger
from payments.masking import mask_fintech
from payments.money import Sale, check_won
from payments.openbanking import messages as msg
from payments.openbanking.client import Answer, OpenBankingClient
from payments.openbanking.outcomes import Outcome
from payments.openbanking.wire import WireError, encode
from payments.reasons import Reason, Refused

log = logging.getLogger(__name__)

TRANSFER_STATUS = {Outcome.APPROVED: "approved", Outcome.DECLINED: "declined",
                   Outcome.UNKNOWN: "unknown", Outcome.REJECTED: "failed",
                   Outcome.AUTH: "failed"}
PAYMENT_STATUS = {"approved": "approved", "declined": "declined", "unknown": "unknown",
                  "failed": "error", "sending": "unknown"}
CHECK_TYPE = {"withdraw": "1", "deposit": "2"}


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
    result_deadline_s: float = 45.0
    result_poll_s: float = 3.0
    # A bank that has "no such transfer" so soon after the request may simply not have it
    # yet; only after this long does that answer mean it never happened.
    not_found_after_s: float = 15.0


@dataclass(frozen=True)
class PaymentResult:
    """The answer `kiosk pay` and `kiosk refund` print (interfaces.md's JSON keys)."""

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


class PaymentEngine:
    def __init__(self, ledger: Ledger, bank: OpenBankingClient, settings: EngineSettings, *,
                 clock: Callable[[], float] = time.time,
                 sleep: Callable[[float], None] = time.sleep,
                 on_checking: Callable[[str], None] = lambda bank_tran_id: None) -> None:
        self.ledger = ledger
        self.bank = bank
        self.settings = settings
        self._clock = clock
        self._sleep = sleep
        # Told when an outcome is unknown and the engine starts asking the bank, so a screen
        # can say "checking with the bank" while the same call goes on.
        self.on_checking = on_checking

    # ------------------------------------------------------------ charging

    def open_sale(self, sale: Sale) -> str:
        with self.ledger.transaction():
            return self.ledger.new_payment(sale, self._clock())

    def pay(self, sale: Sale, payload: str, method: str) -> PaymentResult:
        return self.charge(self.open_sale(sale), payload, method)

    def charge(self, payment_id: str, payload: str, method: str) -> PaymentResult:
        """Charge an open sale with a presented code. Raises Refused when the sale cannot be
        charged at all (paid, being checked, unknown); a refused code is a decline."""
        payment = self._payment(payment_id)
        if payment["status"] == "approved":
            raise Refused("이미 결제된 거래입니다", f"payment {payment_id} is already paid")
        if payment["status"] in OPEN:
            raise Refused("은행에 결제 결과를 확인하는 중입니다. 다시 청구할 수 없습니다",
                          f"payment {payment_id} is being checked with the bank: it cannot "
                          "be charged again until that is settled")
        now = self._clock()
        try:
            code = read_code(payload, self.settings.codes, now)
            customer = self._admit(payment, code)
        except Refused as refusal:
            return self._decline(payment_id, method, refusal.reason)
        return self._withdraw(payment, code, customer, method)

    def _admit(self, payment: dict, code: PaymentCode) -> dict:
        """The checks made before the bank is asked anything; returns the enrolled payer."""
        amount, settings = payment["amount"], self.settings
        if code.amount is not None and code.amount != amount:
            raise Refused(f"{code.amount:,}원 전용 코드입니다 (결제 금액 {amount:,}원)",
                          f"this code is for {code.amount:,} won, the sale is {amount:,} won")
        customer = self.ledger.customer(code.fintech_use_num)
        if customer is None or self.bank.user_token(customer["user_seq_no"]).message is None:
            raise Refused("이 키오스크에 등록되지 않은 계좌입니다. 먼저 계좌를 등록하세요",
                          "this account is not registered here: enrol it first")
        if amount > settings.max_per_payment:
            raise Refused(f"1회 결제 한도 {settings.max_per_payment:,}원 초과",
                          f"over the per-payment limit of {settings.max_per_payment:,} won")
        day = payment["business_date"]
        if self.ledger.spent(day, code.fintech_use_num) + amount > settings.max_per_payer_per_day:
            raise Refused(f"고객 1일 한도 {settings.max_per_payer_per_day:,}원 초과",
                          f"over this customer's daily limit of "
                          f"{settings.max_per_payer_per_day:,} won here")
        if self.ledger.spent(day) + amount > settings.max_per_day:
            raise Refused(f"키오스크 1일 한도 {settings.max_per_day:,}원 초과",
                          f"over the kiosk's daily limit of {settings.max_per_day:,} won")
        return customer

    def _decline(self, payment_id: str, method: str, reason: Reason,
                 status: str = "declined") -> PaymentResult:
        with self.ledger.transaction():
            self.ledger.set_payment(payment_id, self._clock(), status=status,
                                    method=method, reason_ko=reason.ko, reason_en=reason.en)
        return self.result(payment_id)

    def _withdraw(self, payment: dict, code: PaymentCode, customer: dict,
                  method: str) -> PaymentResult:
        payment_id = payment["id"]
        for attempt in (1, 2):
            bank_tran_id = self.bank.tran_ids.next()
            request = self._withdraw_request(bank_tran_id, payment["amount"], customer)
            try:
                encode(request)  # a request the bank would refuse is refused here, unsent
            except WireError as exc:
                return self._decline(payment_id, method, Reason(
                    "키오스크 설정 오류로 결제할 수 없습니다", f"the kiosk cannot build this "
                    f"charge ({exc}): check the merchant and customer details"), "error")
            now = self._clock()
            checkpoint("charge-admitted")
            with self.ledger.transaction():
                if self.ledger.payment(payment_id)["status"] in (*OPEN, "approved"):
                    raise Refused("이미 처리 중인 결제입니다",
                                  f"payment {payment_id} was charged meanwhile")
                if attempt == 1 and code.signed and not self.ledger.remember_code(
                        code.jti, code.expires_at + SKEW_S, now):
                    used = Reason("이미 사용된 코드입니다. 앱에서 새 코드를 여세요",
                                  "this code was already used: open a fresh code in the app")
                    self.ledger.set_payment(payment_id, now, status="declined", method=method,
                                            reason_ko=used.ko, reason_en=used.en)
                    return self.result(payment_id)
                self.ledger.add_transfer(payment_id, bank_tran_id, "withdraw",
                                         payment["amount"], self.bank.today(), now)
                self.ledger.set_payment(payment_id, now, status="sending", method=method,
                                        fintech_use_num=code.fintech_use_num, reason_ko="",
                                        reason_en="")
            checkpoint("charge-committed")
            log.info("charging %s: %d won from %s (%s)", payment_id, payment["amount"],
                     mask_fintech(code.fintech_use_num), bank_tran_id)
            answer = self.bank.withdraw(customer["user_seq_no"], request)
            checkpoint("charge-answered")
            status = self._record(bank_tran_id, answer)
            checkpoint("charge-recorded")
            if not (answer.verdict.renew_token and attempt == 1):
                break
            # The gateway turned the old token away before the bank saw the request: one new
            # attempt, with a new bank_tran_id, on the renewed token.
        if status == "unknown":
            self._settle(bank_tran_id, self._clock() + self.settings.result_deadline_s)
        return self.result(payment_id)

    def _withdraw_request(self, bank_tran_id: str, amount: int, customer: dict
                          ) -> msg.WithdrawRequest:
        settings = self.settings
        shop = settings.merchant_name[:20]
        return msg.WithdrawRequest(
            bank_tran_id=bank_tran_id, cntr_account_type="N",
            cntr_account_num=settings.contract_account_num, dps_print_content=shop,
            fintech_use_num=customer["fintech_use_num"], wd_print_content=shop,
            tran_amt=amount, tran_dtime=tran_dtime(self._clock()),
            req_client_name=customer["holder_name"][:20],
            req_client_fintech_use_num=customer["fintech_use_num"],
            req_client_num=customer["user_seq_no"], transfer_purpose="ST",
            recv_client_name=shop, recv_client_bank_code=settings.contract_bank_code,
            recv_client_account_num=settings.contract_account_num)

    # ------------------------------------------------------------ refunds

    def refund(self, payment_id: str, amount: int | None = None) -> PaymentResult:
        """Pay back all or part of an approved payment to the account it came from. Raises
        Refused when the refund cannot be made (nothing is sent then)."""
        payment = self._payment(payment_id)
        if payment["status"] != "approved":
            raise Refused("승인된 결제만 환불할 수 있습니다",
                          f"payment {payment_id} is {payment['status']}, not approved: "
                          "only an approved payment can be refunded")
        customer = self.ledger.customer(payment["fintech_use_num"])
        if customer is None:
            raise Refused("결제 계좌가 등록되어 있지 않습니다",
                          "the paying account is no longer registered here")
        bank_tran_id = self.bank.tran_ids.next()
        now = self._clock()
        checkpoint("refund-admitted")
        with self.ledger.transaction():
            if any(t["kind"] == "deposit" and t["status"] in OPEN
                   for t in self.ledger.transfers_of(payment_id)):
                raise Refused("이 결제의 환불 결과를 확인하는 중입니다",
                              "a refund of this payment is still being checked with the bank")
            left = payment["amount"] - self.ledger.refunds_claimed(payment_id)
            amount = left if amount is None else check_won(amount, "the refund")
            if not 0 < amount <= left:
                raise Refused(f"환불 가능 금액은 {left:,}원입니다",
                              f"at most {left:,} won of this payment can still be refunded")
            self.ledger.add_transfer(payment_id, bank_tran_id, "deposit", amount,
                                     self.bank.today(), now)
        checkpoint("refund-committed")
        answer = self.bank.deposit(self._deposit_request(bank_tran_id, amount, customer))
        checkpoint("refund-answered")
        status = self._record(bank_tran_id, answer)
        checkpoint("refund-recorded")
        if status == "unknown":
            status = self._settle(bank_tran_id, self._clock() + self.settings.result_deadline_s)
        transfer = self.ledger.transfer(bank_tran_id)
        return PaymentResult(payment_id, PAYMENT_STATUS[status], amount, _reason(transfer),
                             bank_tran_id, transfer["approval_no"], transfer["account_masked"])

    def _deposit_request(self, bank_tran_id: str, amount: int, customer: dict
                         ) -> msg.DepositRequest:
        settings = self.settings
        return msg.DepositRequest(
            cntr_account_type="N", cntr_account_num=settings.contract_account_num,
            wd_pass_phrase="NONE", wd_print_content=f"{settings.merchant_name[:17]} 환불",
            name_check_option="off", tran_dtime=tran_dtime(self._clock()), req_cnt=1,
            req_list=[msg.DepositItem(
                tran_no="1", bank_tran_id=bank_tran_id,
                fintech_use_num=customer["fintech_use_num"],
                print_content=f"{settings.merchant_name[:17]} 환불", tran_amt=amount,
                req_client_name=customer["holder_name"][:20],
                req_client_fintech_use_num=customer["fintech_use_num"],
                req_client_num=customer["user_seq_no"], transfer_purpose="TR")])

    # ------------------------------------------------------------ outcomes

    def _record(self, bank_tran_id: str, answer: Answer) -> str:
        """Write what an answer means for one transfer (and its payment, for a charge)."""
        status = TRANSFER_STATUS[answer.outcome]
        fields = {"status": status, "rsp_code": answer.rsp_code,
                  "bank_rsp_code": answer.bank_rsp_code, "reason_ko": answer.reason.ko,
                  "reason_en": answer.reason.en}
        block = _bank_block(answer)
        if status == "approved" and block is not None:
            fields.update(approval_no=answer.message.api_tran_id,
                          account_masked=block.account_num_masked, bank_name=block.bank_name)
            if block.bank_tran_date:
                fields["bank_tran_date"] = block.bank_tran_date
        if status != "unknown":
            fields["settled_at"] = self._clock()
        if answer.detail:
            log.warning("%s: %s", bank_tran_id, answer.detail)
        self._apply(bank_tran_id, fields)
        return status

    def _apply(self, bank_tran_id: str, fields: dict) -> None:
        now = self._clock()
        with self.ledger.transaction():
            transfer = self.ledger.transfer(bank_tran_id)
            self.ledger.set_transfer(bank_tran_id, now, **fields)
            if transfer["kind"] == "withdraw":
                self.ledger.set_payment(transfer["payment_id"], now,
                                        status=PAYMENT_STATUS[fields["status"]],
                                        reason_ko=fields["reason_ko"],
                                        reason_en=fields["reason_en"])

    def _settle(self, bank_tran_id: str, deadline: float) -> str:
        """Ask transfer/result every few seconds until the bank knows, or the deadline."""
        self.on_checking(bank_tran_id)
        status = "unknown"
        while status == "unknown" and self._clock() < deadline:
            self._sleep(min(self.settings.result_poll_s, max(0.0, deadline - self._clock())))
            status = self.check(bank_tran_id)
        return status

    def check(self, bank_tran_id: str) -> str:
        """Ask the bank once what became of a transfer; record it if the bank knows."""
        transfer = self.ledger.transfer(bank_tran_id)
        answer = self.bank.transfer_result(CHECK_TYPE[transfer["kind"]], bank_tran_id,
                                           transfer["bank_tran_date"], transfer["amount"])
        too_soon = self._clock() - transfer["sent_at"] < self.settings.not_found_after_s
        if answer.outcome is Outcome.UNKNOWN or (answer.rsp_code == "A0310" and too_soon):
            if transfer["status"] == "sending":
                self._apply(bank_tran_id, {"status": "unknown", "reason_ko": answer.reason.ko,
                                           "reason_en": answer.reason.en})
            return "unknown"
        if answer.outcome not in (Outcome.APPROVED, Outcome.DECLINED):
            log.warning("transfer/result for %s: %s", bank_tran_id, answer.reason.en)
            return "unknown"
        return self._record(bank_tran_id, answer)

    def reconcile(self) -> dict[str, str]:
        """Settle every transfer whose outcome is not known: one question each, no waiting.
        Returns each one's status now; `unknown` ones stay for the next run."""
        return {t["bank_tran_id"]: self.check(t["bank_tran_id"])
                for t in self.ledger.open_transfers()}

    # ------------------------------------------------------------ reading

    def _payment(self, payment_id: str) -> dict:
        payment = self.ledger.payment(payment_id)
        if payment is None:
            raise Refused("없는 결제 번호입니다", f"there is no payment {payment_id!r}")
        return payment

    def result(self, payment_id: str) -> PaymentResult:
        payment = self._payment(payment_id)
        charges = [t for t in self.ledger.transfers_of(payment_id) if t["kind"] == "withdraw"]
        last = charges[-1] if charges else {}
        return PaymentResult(
            payment_id, PAYMENT_STATUS.get(payment["status"], payment["status"]),
            payment["amount"], _reason(payment), last.get("bank_tran_id", ""),
            last.get("approval_no", ""), last.get("account_masked", ""))

    def business_date(self) -> str:
        return business_date(self._clock())


def _reason(row: dict) -> Reason | None:
    return Reason(row["reason_ko"], row["reason_en"]) if row.get("reason_en") else None


def _bank_block(answer: Answer):
    """The part of an answer that describes the customer's account, where there is one."""
    message = answer.message
    if message is None:
        return None
    if isinstance(message, msg.DepositAnswer | msg.TransferResultAnswer):
        return message.res_list[0] if message.res_list else None
    return message
