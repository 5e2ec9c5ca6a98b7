"""What an Open Banking answer means for the money, decided in one table.

Every answer, and every way of getting no proper answer, lands in exactly one `Outcome`.
The rule that keeps customers from being charged twice: whatever might have moved money and
is not a clear yes or a clear no is UNKNOWN and must be asked about with transfer/result,
never retried blindly. Codes marked (?) in the reference live here too, so correcting one is
a one-line change.
"""

from dataclasses import dataclass
from enum import StrEnum
from typing import Generic, TypeVar

from payments.reasons import Reason

M = TypeVar("M")


class Outcome(StrEnum):
    APPROVED = "approved"
    DECLINED = "declined"  # the bank said no: no money moved
    UNKNOWN = "unknown"  # the money may or may not have moved: query transfer/result
    REJECTED = "rejected"  # the request was malformed (A0004): a bug on our side, no money moved
    AUTH = "auth"  # a token or configuration problem: no money moved
    NOT_FOUND = "not_found"  # transfer/result: the bank has no such transfer on that date


@dataclass(frozen=True)
class Verdict:
    outcome: Outcome
    reason: Reason
    renew_token: bool = False  # O0002/O0003: the access token must be issued anew


@dataclass(frozen=True)
class Answer(Generic[M]):
    """One call's verdict, with the typed answer where it could be read. Every way a call can
    end is one of these: the client and the bank port never raise."""

    verdict: Verdict
    message: M | None = None
    rsp_code: str = ""
    bank_rsp_code: str = ""
    detail: str = ""  # for logs: what went wrong on the wire; never holds a secret

    @property
    def outcome(self) -> Outcome:
        return self.verdict.outcome

    @property
    def reason(self) -> Reason:
        return self.verdict.reason


def _v(outcome: Outcome, ko: str, en: str, renew: bool = False) -> Verdict:
    return Verdict(outcome, Reason(ko, en), renew)


A, D, U, R, X, N = (Outcome.APPROVED, Outcome.DECLINED, Outcome.UNKNOWN, Outcome.REJECTED,
                    Outcome.AUTH, Outcome.NOT_FOUND)

# rsp_code → verdict. A0002 and A0000 defer to the bank's code; A0009 to each list item.
RSP_CODES: dict[str, Verdict] = {
    "A0000": _v(A, "정상 처리되었습니다", "Approved"),
    "A0001": _v(U, "처리 중입니다. 결과를 확인합니다", "Still in progress: checking the result"),
    "A0003": _v(U, "금융결제원 내부 오류. 결과를 확인합니다",
                "Internal error at the centre: checking the result"),
    "A0004": _v(R, "요청 형식 오류 (키오스크 오류)", "Request format error (a kiosk bug)"),
    "A0007": _v(U, "처리 시간 초과. 결과를 확인합니다",
                "Processing timed out: checking the result"),
    "A0008": _v(U, "중복 거래. 원거래를 확인합니다",
                "Duplicate transaction: checking the original"),
    "A0013": _v(D, "서비스를 일시적으로 이용할 수 없습니다. 잠시 후 다시 시도하세요",
                "Service unavailable for now: nothing was charged, try again shortly"),
    "A0017": _v(U, "은행 응답 시간 초과. 결과를 확인합니다",
                "The bank did not answer in time: checking the result"),
    "A0021": _v(U, "금융결제원 안내 메시지. 결과를 확인합니다",
                "A notice from the centre: checking the result"),
    "A0101": _v(D, "이용기관 출금 한도 초과", "The shop's withdrawal limit is exceeded"),
    "A0102": _v(D, "이용기관 출금 한도 초과", "The shop's withdrawal limit is exceeded"),
    "A0103": _v(D, "이용기관 입금 한도 초과", "The shop's deposit limit is exceeded"),
    "A0104": _v(D, "이용기관 입금 한도 초과", "The shop's deposit limit is exceeded"),
    "A0105": _v(D, "이용기관 한도 초과", "The shop's transfer limit is exceeded"),
    "A0106": _v(D, "이용기관 한도 초과", "The shop's transfer limit is exceeded"),
    "A0111": _v(D, "고객 1회 출금 한도 초과", "Over the customer's per-payment limit"),
    "A0112": _v(D, "고객 1일 출금 한도 초과", "Over the customer's daily limit"),
    "A0304": _v(D, "등록되지 않은 계좌입니다", "This account is not registered for this customer"),
    "A0305": _v(D, "제3자 정보제공 동의가 없습니다", "No consent to share account information"),
    "A0306": _v(D, "출금 동의가 없습니다", "No consent for withdrawals from this account"),
    "A0310": _v(N, "처리되지 않은 거래입니다 (출금 없음)",
                "The bank has no such transfer: nothing was charged"),
    "A0316": _v(D, "동의 기간이 만료되었습니다. 계좌를 다시 등록하세요",
                "Consent has expired: register the account again"),
    "A0319": _v(D, "동의 기간이 만료되었습니다. 계좌를 다시 등록하세요",
                "Consent has expired: register the account again"),
    # The kiosk never sends an id twice, so an id the bank has seen before is another
    # terminal's: this request was turned away, and nothing moved for it.
    "A0326": _v(R, "거래고유번호 중복으로 거절되었습니다. 청구되지 않았습니다 "
                   "(단말기 번호 설정 확인)",
                "The bank refused the kiosk's transaction id as used before, so nothing was "
                "charged: another kiosk shares this terminal id (check "
                "openbanking.terminal_id)"),
    "O0001": _v(X, "인증 요청 오류 (설정 확인)", "Authorisation request error: check settings"),
    "O0002": _v(X, "접근 토큰이 거부되어 재발급합니다", "Access token rejected: renewing it",
                renew=True),
    "O0003": _v(X, "접근 토큰이 만료되어 재발급합니다", "Access token expired: renewing it",
                renew=True),
    "O0004": _v(X, "API 권한이 없습니다 (설정 확인)", "No permission for this API: check settings"),
    "O0005": _v(X, "허용되지 않은 API입니다 (설정 확인)", "API not allowed: check settings"),
    "O0006": _v(X, "허용되지 않은 IP입니다 (설정 확인)",
                "This address is not allowed: check settings"),
    "O0007": _v(X, "라우팅 오류 (설정 확인)", "Routing failure: check settings"),
    "O0011": _v(X, "허용되지 않은 권한 범위입니다 (재등록 필요)",
                "Scope not allowed: the customer must register again"),
}

# bank_rsp_code → verdict, read when rsp_code is A0000 or A0002.
BANK_CODES: dict[str, Verdict] = {
    "000": _v(A, "정상 처리되었습니다", "Approved"),
    "111": _v(D, "은행 시스템 장애", "The bank's system is down: try again later"),
    "114": _v(D, "은행 서비스 시간이 아닙니다", "Outside the bank's service hours"),
    "400": _v(U, "입금 처리 중. 결과를 확인합니다", "Deposit in progress: checking the result"),
    "412": _v(D, "계좌가 없습니다", "No such account"),
    "415": _v(D, "해지된 계좌입니다", "The account is closed"),
    "419": _v(D, "사고 신고된 계좌입니다", "The account is reported lost or stolen"),
    "420": _v(D, "거래 정지된 계좌입니다", "The account is suspended"),
    "425": _v(D, "법적 제한 계좌입니다", "The account is under a legal hold"),
    "453": _v(D, "잔액이 부족합니다", "Insufficient balance"),
    "454": _v(D, "출금 가능 잔액이 부족합니다", "Insufficient withdrawable balance"),
    "455": _v(D, "1회 이체 한도 초과", "Over the account's per-transfer limit"),
    "456": _v(D, "1일 이체 한도 초과", "Over the account's daily transfer limit"),
    "499": _v(D, "은행에서 처리할 수 없습니다", "The bank cannot process this"),
    "551": _v(D, "이미 해지된 사용자입니다", "The customer has left Open Banking"),
    "555": _v(D, "사용자가 없습니다", "No such customer"),
    "556": _v(D, "등록되지 않은 사용자입니다", "The customer is not registered"),
    "803": _v(U, "은행 내부 오류. 결과를 확인합니다", "Bank internal error: checking the result"),
    "804": _v(U, "은행 시간 초과. 결과를 확인합니다", "Bank timeout: checking the result"),
    "819": _v(U, "은행 전송 실패. 결과를 확인합니다", "Bank send failure: checking the result"),
    "822": _v(U, "은행 거래 중복. 원거래를 확인합니다", "Bank duplicate: checking the original"),
}

UNRECOGNISED = _v(U, "알 수 없는 응답. 결과를 확인합니다",
                  "An answer the kiosk does not know: checking the result")

# Ways of getting no usable answer at all.
NOT_SENT = _v(D, "은행에 연결할 수 없습니다. 청구되지 않았습니다",
              "Could not reach the bank: nothing was charged")
NO_ANSWER = _v(U, "은행 응답이 없습니다. 결과를 확인합니다",
               "No answer from the bank: checking the result")
GARBLED = _v(U, "은행 응답을 읽을 수 없습니다. 결과를 확인합니다",
             "The bank's answer could not be read: checking the result")
HTTP_AUTH = _v(X, "인증 실패 (설정 확인)", "Authorisation failed: check settings")
# transfer/result answered, but not about the transfer asked after: it says nothing of it.
NO_WORD = _v(U, "은행에 결과를 확인하지 못했습니다. 다시 확인합니다",
             "The bank could not be asked about the transfer: asking again")


def classify(rsp_code: str, bank_rsp_code: str | None = None) -> Verdict:
    """The verdict on one answer or one list item, from its codes alone.

    `bank_rsp_code` is None for calls with no bank block (user/me); for calls that have
    one, a success without the bank's own "000" is not yet a success.
    """
    if rsp_code in ("A0000", "A0002") and bank_rsp_code is not None:
        return BANK_CODES.get(bank_rsp_code, UNRECOGNISED)
    if rsp_code == "A0002":
        return UNRECOGNISED
    return RSP_CODES.get(rsp_code, UNRECOGNISED)
