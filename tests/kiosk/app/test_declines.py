"""Every decline has a headline and one next step that fits it, in Korean and English."""

import pytest

from kiosk.app.declines import GENERAL, STEPS, headline, next_step
from payments.codes import CodePolicy, read_code
from payments.openbanking.outcomes import BANK_CODES, NOT_SENT, RSP_CODES, Outcome
from payments.reasons import Reason, Refused

BANK_DECLINES = [verdict.reason for verdict in (*RSP_CODES.values(), *BANK_CODES.values(),
                                                NOT_SENT)
                 if verdict.outcome in (Outcome.DECLINED, Outcome.REJECTED, Outcome.AUTH)]
ENGINE_DECLINES = [
    Reason("이미 사용된 코드입니다. 앱에서 새 코드를 여세요",
           "this code was already used: open a fresh code in the app"),
    Reason("이 키오스크에 등록되지 않은 계좌입니다. 먼저 계좌를 등록하세요",
           "this account is not registered here: enroll it first"),
    Reason("1회 결제 한도 1,000,000원 초과", "over the per-payment limit of 1,000,000 won"),
    Reason("고객 1일 한도 300,000원 초과",
           "over this customer's daily limit of 300,000 won here"),
    Reason("키오스크 1일 한도 5,000,000원 초과",
           "over the kiosk's daily limit of 5,000,000 won"),
    Reason("5,000원 전용 코드입니다 (결제 금액 4,500원)",
           "this code is for 5,000 won, the sale is 4,500 won"),
    Reason("50,000원 초과 결제는 휴대폰 지갑에서 금액을 확인해야 합니다. 지갑의 '금액 확인'에서 "
           "확인한 뒤 그 코드를 보여 주세요",
           "over 50,000 won the customer confirms the amount: choose 'confirm an amount' in "
           "the wallet, confirm it there and show that code"),
    Reason("키오스크 설정 오류로 결제할 수 없습니다",
           "the kiosk cannot build this charge (x): check the merchant and customer details"),
]


def code_refusals() -> list[Reason]:
    """What reading garbage, an expired code and a forged one says (payments/codes.py)."""
    reasons = []
    for payload in ("", "x" * 3000, "123456789012345678901234", "a.b.c", "hello"):
        try:
            read_code(payload, CodePolicy(False, {}), 0)
        except Refused as refusal:
            reasons.append(refusal.reason)
    return reasons


@pytest.mark.parametrize("reason", BANK_DECLINES + ENGINE_DECLINES + code_refusals(),
                         ids=lambda reason: reason.en[:40])
def test_every_known_decline_has_its_own_next_step(reason):
    assert next_step(reason) is not GENERAL


def test_the_table_steps_differ_and_speak_both_languages():
    steps = [row.step for row in STEPS]
    assert len({step.ko for step in steps}) == len(steps)
    assert all(step.ko and step.en and step.en[0].isupper() for step in steps)


def test_an_expired_code_asks_for_a_fresh_code_not_a_card_or_another_account():
    step = next_step(Reason("만료된 코드입니다. 앱에서 새 코드를 여세요",
                            "the code has expired: open a fresh code in the app")).step
    assert "새 결제 코드" in step.ko and "카드" not in step.ko and "다른 계좌" not in step.ko


def test_the_headline_is_the_reasons_first_clause_as_a_sentence():
    used = ENGINE_DECLINES[0]
    assert headline(used, "ko") == "이미 사용된 코드입니다"
    assert headline(used, "en") == "This code was already used"
    assert headline(None, "en") == ""
