"""What the testbed bank does with each request: the Open Banking API's behaviour.

Requests are parsed with the same message classes the client uses, then checked the way the
real testbed checks them (institution prefix of `bank_tran_id`, the contract account, a
`bank_tran_id` used twice in a day, a `tran_dtime` far from now, scopes, whose fintech number
it is), and money moves inside one state transaction together with the journal row that
proves it. A-codes answer with HTTP 200 and O-codes with 401/403, as the real gateway does.
Where the testbed knowingly differs from KFTC's pages, docs/testbed.md says so and why.
"""

import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from payments.koreatime import api_tran_dtm, parse_tran_dtime
from payments.openbanking.wire import WireError, decode
from testbed.settings import BankSettings
from testbed.state import BankState

PAGE_SIZE = 25
MAX_AMOUNT = 999_999_999_999  # N(12)
ACCOUNT_IN_USE = "01"

RSP_MESSAGES = {
    "A0000": "", "A0002": "참가은행 오류", "A0004": "요청전문 형식 오류",
    "A0009": "처리 실패 건 존재", "A0111": "1회 출금한도 초과", "A0112": "1일 출금한도 초과",
    "A0304": "핀테크이용번호 불일치", "A0310": "해당 거래 없음", "A0326": "거래고유번호 중복",
}
BANK_MESSAGES = {
    "000": "정상처리", "412": "계좌 없음", "453": "잔액 부족", "454": "출금가능잔액 부족",
    "455": "1회 이체한도 초과", "456": "1일 이체한도 초과", "499": "실명번호 불일치",
}


@dataclass
class Reply:
    status: int
    body: Any  # a JSON value, or str for an HTML page
    headers: dict[str, str] = field(default_factory=dict)


class ApiError(Exception):
    """A refusal that moves nothing and records nothing."""

    def __init__(self, rsp_code: str, message: str, status: int = 200) -> None:
        super().__init__(message)
        self.rsp_code, self.message, self.status = rsp_code, message, status


class ApiBase:
    """What every Open Banking API of the testbed shares: the bearer check, parsing a
    request with the client's own message classes, the answer's common fields, and the
    checks the real centre makes before it moves anything."""

    settings: BankSettings
    state: BankState
    _clock: Callable[[], float]

    def _api(self, handler: Callable, scope: str) -> Callable[[Any, str], Reply]:
        def run(params: Any, authorization: str) -> Reply:
            try:
                with self.state.transaction() as db:
                    token = self._bearer(db, authorization, scope)
                    return Reply(200, handler(db, token, params))
            except ApiError as refusal:
                return Reply(refusal.status, self.common(refusal.rsp_code, refusal.message))
        return run

    def common(self, rsp_code: str, message: str | None = None) -> dict[str, str]:
        now = self._clock()
        return {"api_tran_id": uuid.uuid4().hex[:20].upper(), "api_tran_dtm": api_tran_dtm(now),
                "rsp_code": rsp_code,
                "rsp_message": RSP_MESSAGES.get(rsp_code, "") if message is None else message}

    def _bearer(self, db, authorization: str, scope: str):
        scheme, _, value = authorization.partition(" ")
        if scheme.lower() != "bearer" or not value:
            raise ApiError("O0002", "Access Token이 없습니다", 401)
        token = db.execute("SELECT * FROM tokens WHERE token = ? AND kind != 'refresh'",
                           (value.strip(),)).fetchone()
        if token is None:
            raise ApiError("O0002", "유효하지 않은 Access Token입니다", 401)
        if token["expires_at"] <= self._clock():
            raise ApiError("O0003", "Access Token이 만료되었습니다", 401)
        if scope not in token["scope"].split():
            raise ApiError("O0011", f"허용되지 않은 scope입니다 ({scope} 필요)", 403)
        return token

    def _parse(self, cls: type, params: Any):
        try:
            request = decode(cls, params)
        except WireError as exc:
            raise ApiError("A0004", f"요청전문 형식 오류: {exc}") from None
        if hasattr(request, "tran_dtime"):
            self._check_fresh(request.tran_dtime)
        return request

    def _check_fresh(self, tran_dtime: str) -> None:
        """`tran_dtime` is when the request was made: one far from now is a stale request
        replayed, or a client that writes a fixed date."""
        moment = parse_tran_dtime(tran_dtime)
        off_s = moment.timestamp() - self._clock() if moment else 0
        if abs(off_s) > self.settings.tran_dtime_window_s:
            off = (f"{abs(off_s) / 86400:.0f} days" if abs(off_s) >= 2 * 86400
                   else f"{abs(off_s) / 60:.0f} minutes")
            raise ApiError("A0004", f"요청전문 형식 오류: tran_dtime: {tran_dtime} is {off} "
                                    f"{'ahead of' if off_s > 0 else 'behind'} the centre's "
                                    "clock; send the Korea time of the request")

    def _check_tran_id(self, bank_tran_id: str) -> None:
        if not bank_tran_id.startswith(self.settings.institution_code + "U"):
            raise ApiError("A0004", "요청전문 형식 오류: bank_tran_id의 이용기관코드가 다릅니다")

    def _check_contract(self, account_type: str, account_num: str) -> None:
        if account_type != "N" or account_num != self.settings.contract_account:
            raise ApiError("A0004", "요청전문 형식 오류: 약정 계좌(cntr_account_num)가 아닙니다")

    def _claim(self, db, today: str, bank_tran_id: str) -> None:
        """Use up an id for the day; a second use is refused before anything happens."""
        used = db.execute("INSERT OR IGNORE INTO tran_ids VALUES (?, ?)", (today, bank_tran_id))
        if used.rowcount == 0:
            raise ApiError("A0326", RSP_MESSAGES["A0326"])

    def _own_account(self, db, token, fintech_use_num: str):
        account = db.execute("SELECT * FROM accounts WHERE fintech_use_num = ? AND merchant = 0",
                             (fintech_use_num,)).fetchone()
        if account is None or account["user_seq_no"] != token["user_seq_no"]:
            raise ApiError("A0304", RSP_MESSAGES["A0304"])
        return account

    def _merchant(self, db):
        return db.execute("SELECT * FROM accounts WHERE merchant = 1").fetchone()

    def _bank_block(self, bank_tran_id: str, today: str, bank_code_tran: str,
                    bank_rsp_code: str) -> dict[str, str]:
        return {"bank_tran_id": bank_tran_id, "bank_tran_date": today,
                "bank_code_tran": bank_code_tran, "bank_rsp_code": bank_rsp_code,
                "bank_rsp_message": BANK_MESSAGES.get(bank_rsp_code, "")}
