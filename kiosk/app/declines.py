"""What a declined customer should do next: one step per kind of reason, in one table, in
both languages.

The engine's reasons are sentences (payments/engine.py, codes.py, openbanking/outcomes.py);
their English is matched here by the words that tell the kinds apart, first match wins. A
reason no row knows gets the general step, and a test walks every decline the bank's tables
can give to keep that from happening by accident.
"""

from dataclasses import dataclass

from payments.reasons import Reason


@dataclass(frozen=True)
class NextStep:
    kind: str
    matches: tuple[str, ...]  # lower-case fragments of the English reason
    step: Reason


FRESH_CODE = Reason("휴대폰 앱에서 새 결제 코드를 열어 다시 보여 주세요",
                    "Open a fresh payment code in your phone's app and show it again")
STEPS: tuple[NextStep, ...] = (
    NextStep("kiosk", ("kiosk cannot build", "kiosk bug", "check settings", "kiosk's clock",
                       "access token"),
             Reason("키오스크 설정 문제입니다. 점원은 설치 담당자에게 알려 주세요",
                    "The kiosk's settings are at fault: the clerk should tell the installer")),
    NextStep("confirm", ("confirms the amount",),
             Reason("휴대폰 지갑의 '금액 확인'에서 이 금액을 패스키로 확인하고 그 코드를 "
                    "보여 주세요",
                    "In your phone's wallet, choose 'Confirm an amount', confirm this amount "
                    "with your passkey and show that code")),
    NextStep("amount", ("this code is for",),
             Reason("이 금액으로 새 결제 코드를 만들어 다시 보여 주세요",
                    "Make a new payment code for this amount and show it again")),
    NextStep("register", ("not registered", "enroll", "register", "no consent", "left open",
                          "no such customer"),
             Reason("점원에게 계좌 등록을 요청하세요 (등록 화면). 등록 후 바로 결제할 수 "
                    "있습니다",
                    "Ask the clerk to register your account (Register screen), then pay "
                    "at once")),
    NextStep("used", ("already used", "already tried", "expired", "not valid", "static codes",
                      "not a payment code", "issuer", "signature", "malformed", "header",
                      "unreadable", "not text"),
             FRESH_CODE),
    NextStep("balance", ("insufficient",),
             Reason("잔액을 확인하시거나 다른 계좌의 결제 코드를 보여 주세요",
                    "Check your balance, or show a code for another account")),
    NextStep("shop_limit", ("shop's", "kiosk's daily", "kiosk's per-payment",
                            "per-payment limit of"),
             Reason("이 키오스크의 한도를 넘었습니다. 점원에게 문의해 주세요",
                    "This kiosk's limit is reached: please ask the clerk")),
    NextStep("customer_limit", ("limit",),
             Reason("계좌 한도를 확인하시거나 금액을 나누어 결제해 주세요",
                    "Check your account's limits, or pay the sale in parts")),
    NextStep("account", ("no such account", "closed", "lost or stolen", "suspended",
                         "legal hold"),
             Reason("은행에 문의하시거나 다른 계좌의 결제 코드를 보여 주세요",
                    "Ask your bank, or show a code for another account")),
    NextStep("bank", ("reach the bank", "unavailable", "system is down", "service hours",
                      "nothing was charged", "cannot process"),
             Reason("은행 쪽 문제입니다. 잠시 후 다시 결제해 주세요",
                    "The bank cannot take it just now: please try again in a moment")),
)
GENERAL = NextStep("general", (), Reason("다시 결제하시거나 점원에게 문의해 주세요",
                                         "Try again, or ask the clerk"))


def next_step(reason: Reason | None) -> NextStep:
    text = reason.en.lower() if reason else ""
    for row in STEPS:
        if any(fragment in text for fragment in row.matches):
            return row
    return GENERAL


def headline(reason: Reason | None, language: str) -> str:
    """The reason's first clause, as a sentence: what the screen says in large type."""
    if reason is None:
        return ""
    if language == "ko":
        return reason.ko.split(". ")[0]
    first = reason.en.split(": ")[0].split(". ")[0]
    return first[:1].upper() + first[1:]
