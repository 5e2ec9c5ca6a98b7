"""The Open Banking client: what the kiosk says to the bank, and what the answer means.

It returns an `Answer` for everything, never a bare exception: an HTML error page, a body
that is not JSON, a missing field and a dropped connection each end in a verdict from
`outcomes`. Calls that move no money are retried once after a token is renewed; a transfer
never is, because only transfer/result can tell whether it went through.
"""

import logging
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

import httpx

from payments.koreatime import bank_date, tran_dtime
from payments.masking import Secret, mask_fintech
from payments.openbanking import outcomes
from payments.openbanking.messages.inquiries import (
    BalanceAnswer,
    BalanceRequest,
    TransactionListAnswer,
    TransactionListRequest,
)
from payments.openbanking.messages.transfers import (
    DepositAnswer,
    DepositRequest,
    ResultQuery,
    TransferResultAnswer,
    TransferResultRequest,
    WithdrawAnswer,
    WithdrawRequest,
)
from payments.openbanking.messages.users import TokenAnswer, UserMeAnswer, UserMeRequest
from payments.openbanking.outcomes import Answer, Outcome, Reason, Verdict
from payments.openbanking.reading import (
    BALANCE,
    DEPOSIT,
    RESULT,
    TRANSACTIONS,
    USER_ME,
    WITHDRAW,
    Call,
    json_object,
    judge_deposit,
    judge_result,
    judge_withdraw,
    read_answer,
)
from payments.openbanking.tokens import INSTITUTION, Token, TokenStore
from payments.openbanking.tran_ids import BankTranIds
from payments.openbanking.wire import WireError, decode, encode, encode_query

log = logging.getLogger(__name__)
USER_SCOPE = "login inquiry transfer"


@dataclass(frozen=True)
class ClientSettings:
    base_url: str
    client_id: str
    client_secret: Secret
    redirect_uri: str
    timeout_s: float = 10.0
    connect_timeout_s: float = 5.0


class OpenBankingClient:
    def __init__(self, settings: ClientSettings, tokens: TokenStore, tran_ids: BankTranIds, *,
                 transport: httpx.BaseTransport | None = None,
                 clock: Callable[[], float] = time.time) -> None:
        self._settings = settings
        self._tokens = tokens
        self.tran_ids = tran_ids
        self._clock = clock
        self._http = httpx.Client(
            base_url=settings.base_url,
            timeout=httpx.Timeout(settings.timeout_s, connect=settings.connect_timeout_s,
                                  pool=settings.connect_timeout_s),
            transport=transport,
            verify=True,
        )

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> "OpenBankingClient":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ------------------------------------------------------------ OAuth

    def authorize_url(self, state: str | None = None, scope: str = USER_SCOPE,
                      auth_type: int = 0) -> str:
        """Where a customer consents (3-legged flow); the bank redirects back with a code."""
        query = {"response_type": "code", "client_id": self._settings.client_id,
                 "redirect_uri": self._settings.redirect_uri, "scope": scope,
                 "state": state or secrets.token_hex(16), "auth_type": str(auth_type)}
        return f"{self._settings.base_url}/oauth/2.0/authorize?{urlencode(query)}"

    def exchange_code(self, code: str) -> Answer[Token]:
        """Trade a consent's authorization code for the customer's tokens, and keep them."""
        return self._issue_token({"grant_type": "authorization_code", "code": code,
                                  "redirect_uri": self._settings.redirect_uri}, owner=None)

    def refresh(self, user_seq_no: str) -> Answer[Token]:
        stored = self._tokens.get(user_seq_no)
        if stored is None or not stored.refresh_token:
            return Answer(_NOT_ENROLLED)
        return self._issue_token({"grant_type": "refresh_token", "scope": stored.scope,
                                  "refresh_token": stored.refresh_token}, owner=user_seq_no)

    def institution_token(self) -> Answer[Token]:
        stored = self._tokens.get(INSTITUTION)
        if stored is not None and stored.fresh(self._clock()):
            return Answer(outcomes.RSP_CODES["A0000"], stored)
        return self._issue_token({"grant_type": "client_credentials", "scope": "oob"},
                                 owner=INSTITUTION)

    def user_token(self, user_seq_no: str) -> Answer[Token]:
        stored = self._tokens.get(user_seq_no)
        if stored is not None and stored.fresh(self._clock()):
            return Answer(outcomes.RSP_CODES["A0000"], stored)
        return self.refresh(user_seq_no)

    def _issue_token(self, form: dict[str, str], owner: str | None) -> Answer[Token]:
        form = {**form, "client_id": self._settings.client_id,
                "client_secret": self._settings.client_secret.reveal()}
        try:
            response = self._http.post("/oauth/2.0/token", data=form)
        except httpx.TransportError as exc:
            return Answer(outcomes.NOT_SENT, detail=f"token: {type(exc).__name__}")
        data, problem = json_object(response)
        if data is None:
            return Answer(outcomes.HTTP_AUTH, detail=f"token: {problem}")
        if "access_token" not in data:
            code = data.get("rsp_code") if isinstance(data.get("rsp_code"), str) else ""
            verdict = outcomes.classify(code) if code.startswith("O") else outcomes.HTTP_AUTH
            return Answer(verdict, rsp_code=code, detail=f"token: HTTP {response.status_code}")
        try:
            answer = decode(TokenAnswer, data)
        except WireError as exc:
            return Answer(outcomes.HTTP_AUTH, detail=f"token answer: {exc}")
        if owner is None and not answer.user_seq_no:
            return Answer(outcomes.HTTP_AUTH, detail="token answer: a customer's token "
                                                     "without user_seq_no")
        token = Token(owner=owner or answer.user_seq_no,
                      access_token=answer.access_token, scope=answer.scope,
                      expires_at=self._clock() + answer.expires_in,
                      refresh_token=answer.refresh_token)
        self._tokens.put(token)
        log.info("issued a %s token for %s, valid %d s", token.scope, token.owner,
                 answer.expires_in)
        return Answer(outcomes.RSP_CODES["A0000"], token)

    # ------------------------------------------------------------ the calls

    def user_me(self, user_seq_no: str) -> Answer[UserMeAnswer]:
        query = UserMeRequest(user_seq_no=user_seq_no)
        return self._call(USER_ME, user_seq_no, query=encode_query(query))

    def balance(self, user_seq_no: str, fintech_use_num: str) -> Answer[BalanceAnswer]:
        def build() -> dict[str, str]:
            return encode_query(BalanceRequest(
                bank_tran_id=self.tran_ids.next(), fintech_use_num=fintech_use_num,
                tran_dtime=tran_dtime(self._clock())))
        return self._call(BALANCE, user_seq_no, query=build)

    def transactions(self, user_seq_no: str, fintech_use_num: str, from_date: str,
                     to_date: str, inquiry_type: str = "A", sort_order: str = "D",
                     trace: str = "") -> Answer[TransactionListAnswer]:
        def build() -> dict[str, str]:
            return encode_query(TransactionListRequest(
                bank_tran_id=self.tran_ids.next(), fintech_use_num=fintech_use_num,
                inquiry_type=inquiry_type, inquiry_base="D", from_date=from_date,
                to_date=to_date, sort_order=sort_order, tran_dtime=tran_dtime(self._clock()),
                befor_inquiry_trace_info=trace))
        return self._call(TRANSACTIONS, user_seq_no, query=build)

    def withdraw(self, user_seq_no: str, request: WithdrawRequest
                 ) -> Answer[WithdrawAnswer]:
        """Charge a customer. Sent once: anything but a clear answer comes back UNKNOWN."""
        log.info("withdraw %s: %d won from %s", request.bank_tran_id, request.tran_amt,
                 mask_fintech(request.fintech_use_num))
        answer = self._call(WITHDRAW, user_seq_no, body=encode(request))
        return judge_withdraw(answer, request)

    def deposit(self, request: DepositRequest) -> Answer[DepositAnswer]:
        """Pay money back (a refund); like a withdrawal, never sent twice."""
        return judge_deposit(self._call(DEPOSIT, INSTITUTION, body=encode(request)), request)

    def transfer_result(self, check_type: str, query: ResultQuery, fintech_use_num: str
                        ) -> Answer[TransferResultAnswer]:
        """What became of one earlier transfer (reading.judge_result): APPROVED, DECLINED,
        NOT_FOUND on that date, or UNKNOWN when the answer says nothing about it."""
        def build() -> dict[str, Any]:
            return encode(TransferResultRequest(
                check_type=check_type, tran_dtime=tran_dtime(self._clock()), req_cnt=1,
                req_list=[query]))
        return judge_result(self._call(RESULT, INSTITUTION, body=build), query, fintech_use_num)

    def today(self) -> str:
        """The bank's date now, as `bank_tran_date` writes it."""
        return bank_date(self._clock())

    def can_charge(self, user_seq_no: str) -> bool:
        """Whether this kiosk holds a token, or can renew one, to charge this customer."""
        return self.user_token(user_seq_no).message is not None

    # ------------------------------------------------------------ plumbing

    def _call(self, call: Call, owner: str, *, query: Any = None, body: Any = None) -> Answer:
        """Send `call`, renewing the token and trying once more where that is safe.

        `query`/`body` may be a function that builds them, so a retry gets a fresh
        `bank_tran_id` instead of repeating one the bank has already seen.
        """
        for attempt in (1, 2):
            token = self.institution_token() if owner == INSTITUTION else self.user_token(owner)
            if token.message is None:
                return token
            answer = self._send(call, token.message, query=_built(query), json=_built(body))
            if not answer.verdict.renew_token:
                return answer
            self._tokens.expire(owner)
            if call.moves_money or attempt == 2:
                # The gateway turned it away before the bank saw it: nothing moved, and the
                # token is renewed for the next attempt, which the caller makes knowingly.
                return answer
            log.info("%s: token for %s rejected (%s); renewing and retrying once",
                     call.name, owner, answer.rsp_code)
        raise AssertionError("unreachable")

    def _send(self, call: Call, token: Token, *, query: dict | None, json: dict | None
              ) -> Answer:
        headers = {"Authorization": f"Bearer {token.access_token}"}
        try:
            response = self._http.request(call.method, call.path, params=query, json=json,
                                          headers=headers)
        except (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout) as exc:
            log.warning("%s: bank not reached (%s)", call.name, type(exc).__name__)
            return Answer(outcomes.NOT_SENT, detail=f"{call.name}: {type(exc).__name__}")
        except httpx.TransportError as exc:
            log.warning("%s: no answer (%s)", call.name, type(exc).__name__)
            return Answer(outcomes.NO_ANSWER, detail=f"{call.name}: {type(exc).__name__}")
        return read_answer(call, response)


_NOT_ENROLLED = Verdict(Outcome.AUTH, Reason("이 키오스크에 등록되지 않은 고객입니다",
                                             "This customer is not registered here"))


def _built(value: Any) -> Any:
    return value() if callable(value) else value
