"""What a charge must pass before it is sent: the code fits the sale, the payer is enrolled,
and the per-payment and daily limits hold. The daily limits are read inside the write
transaction that commits the charge (engine.py), the rest before it, needing no lock."""

from __future__ import annotations

from typing import TYPE_CHECKING

from payments.bank_port import Bank
from payments.codes import PaymentCode
from payments.confirmation import require_confirmation
from payments.ledger import Customer, Ledger, Payment
from payments.reasons import Reason, Refused

if TYPE_CHECKING:
    from payments.engine import EngineSettings


def admitted_payer(ledger: Ledger, bank: Bank, settings: EngineSettings, payment: Payment,
                   code: PaymentCode) -> Customer:
    """The enrolled payer of `code`, or Refused saying which check it failed."""
    amount = payment.amount
    if code.amount is not None and code.amount != amount:
        raise Refused(f"{code.amount:,}원 전용 코드입니다 (결제 금액 {amount:,}원)",
                      f"this code is for {code.amount:,} won, the sale is {amount:,} won")
    require_confirmation(code, amount, settings.confirm_above)
    customer = ledger.customer(code.fintech_use_num)
    if customer is None or not bank.can_charge(customer.user_seq_no):
        raise Refused("이 키오스크에 등록되지 않은 계좌입니다. 먼저 계좌를 등록하세요",
                      "this account is not registered here: enroll it first")
    if amount > settings.max_per_payment:
        raise Refused(f"1회 결제 한도 {settings.max_per_payment:,}원 초과",
                      f"over the per-payment limit of {settings.max_per_payment:,} won")
    return customer


def over_a_daily_limit(ledger: Ledger, settings: EngineSettings, payment: Payment,
                       fintech_use_num: str) -> Reason | None:
    """Read in the write transaction that commits the charge, after it marked the payment
    `sending` (which counted it, and locked the payer's and the day's totals until the
    commit), so two kiosks on one ledger cannot both fit under a limit that only one of them
    fits under."""
    payer, everyone = ledger.spending(payment.business_date, fintech_use_num)
    if payer > settings.max_per_payer_per_day:
        return Reason(f"고객 1일 한도 {settings.max_per_payer_per_day:,}원 초과",
                      f"over this customer's daily limit of "
                      f"{settings.max_per_payer_per_day:,} won here")
    if everyone > settings.max_per_day:
        return Reason(f"키오스크 1일 한도 {settings.max_per_day:,}원 초과",
                      f"over the kiosk's daily limit of {settings.max_per_day:,} won")
    return None
