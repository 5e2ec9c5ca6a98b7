"""What the testbed bank does with each request: the Open Banking API's behaviour.

Requests are parsed with the same message classes the client uses, then checked the way the
real testbed checks them (institution prefix of `bank_tran_id`, the contract account, a
`bank_tran_id` used twice in a day, a `tran_dtime` far from now, scopes, whose fintech number
it is), and money moves inside one state transaction together with the journal row that
proves it. A-codes answer with HTTP 200 and O-codes with 401/403, as the real gateway does.
Where the testbed knowingly differs from KFTC's pages, docs/testbed.md says so and why.
"""

import base64
import hashlib
import hmac
import html
import json
import secrets
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode, urlsplit

from payments.koreatime import api_tran_dtm, bank_date, now_kst, parse_tran_dtime
from payments.openbanking import messages as msg
from payments.openbanking.wire import WireError, decode
from payments.simulator.demo_data import (
    DEMO_CLIENT_ID,
    DEMO_CLIENT_SECRET,
    DEMO_CONTRACT_ACCOUNT,
    DEMO_INSTITUTION_CODE,
    DEMO_REDIRECT_URI,
    DEMO_SEED,
    MERCHANT_BUSINESS_NUMBER,
    holder_named,
    mask_account,
)
from payments.simulator.state import BankState

PAGE_SIZE = 25
MAX_AMOUNT = 999_999_999_999  # N(12)
ISSUER = "https://www.openbanking.or.kr"  # the `iss` claim of the centre's access tokens
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


@dataclass(frozen=True)
class BankSettings:
    client_id: str = DEMO_CLIENT_ID
    client_secret: str = DEMO_CLIENT_SECRET
    institution_code: str = DEMO_INSTITUTION_CODE
    contract_account: str = DEMO_CONTRACT_ACCOUNT
    seed: int = DEMO_SEED
    auto_consent: bool = False
    token_ttl_s: int = 7_776_000  # 90 days, as the real testbed
    code_ttl_s: int = 600
    tran_dtime_window_s: int = 600  # how far a request's tran_dtime may be from the clock
    # The Callback URLs registered for the client_id, as at the real centre's developer
    # site: authorize redirects to one of these, exactly, or to nowhere.
    redirect_uris: tuple[str, ...] = (DEMO_REDIRECT_URI,)

    def __post_init__(self) -> None:
        for uri in self.redirect_uris:
            problem = registrable_redirect_uri(uri)
            if problem:
                raise ValueError(f"redirect URI {uri!r}: {problem}")


def registrable_redirect_uri(uri: str) -> str:
    """What keeps `uri` from being registered ("" when nothing): an http(s) URL with a host,
    no fragment, and nothing a header or a page could be broken with."""
    if any(ord(c) < 0x21 or c in '<>"\\^`{|}' or ord(c) >= 0x7f for c in uri):
        return "must be a plain URL: no spaces, control characters or quotes"
    parts = urlsplit(uri)
    if parts.scheme not in ("http", "https") or not parts.hostname or parts.fragment:
        return "must be an http(s) URL with a host and no #fragment"
    return ""


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


class TestbedBank:
    def __init__(self, settings: BankSettings, state: BankState,
                 clock: Callable[[], float] = time.time) -> None:
        self.settings = settings
        self.state = state
        self._clock = clock
        self.apis: dict[str, Callable[[Any, str], Reply]] = {
            "user_me": self._api(self._user_me, "login"),
            "account_list": self._api(self._account_list, "login"),
            "balance": self._api(self._balance, "inquiry"),
            "transactions": self._api(self._transactions, "inquiry"),
            "withdraw": self._api(self._withdraw, "transfer"),
            "deposit": self._api(self._deposit, "oob"),
            "result": self._api(self._result, "oob"),
            "real_name": self._api(self._real_name, "oob"),
            "receive": self._api(self._receive, "oob"),
        }
        self._signing_key = hashlib.sha256(
            b"testbed access tokens:" + settings.client_secret.encode()).digest()

    # ------------------------------------------------------------ framing

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

    # ------------------------------------------------------------ inquiries

    def _user_me(self, db, token, params: Any) -> dict:
        request = self._parse(msg.UserMeRequest, params)
        user = self._token_user(db, token, request.user_seq_no)
        profile = holder_named(user["name"])
        accounts = self._user_accounts(db, user["user_seq_no"])
        return {**self.common("A0000"), "user_seq_no": user["user_seq_no"],
                "user_ci": user["ci"], "user_name": user["name"],
                "user_info": profile.birth_date, "user_gender": profile.gender,
                "user_cell_no": "010" + user["user_seq_no"][-8:],
                "user_email": f"{user['user_seq_no']}@testbed.example",
                "res_cnt": str(len(accounts)),
                "res_list": [self._account_item(a) for a in accounts]}

    def _account_list(self, db, token, params: Any) -> dict:
        """Every account the user registered; the testbed never cancels one, so
        include_cancel_yn changes nothing."""
        request = self._parse(msg.AccountListRequest, params)
        user = self._token_user(db, token, request.user_seq_no)
        accounts = self._user_accounts(db, user["user_seq_no"])
        if request.sort_order == "D":
            accounts.reverse()
        return {**self.common("A0000"), "user_name": user["name"],
                "res_cnt": str(len(accounts)),
                "res_list": [{**self._account_item(a), "account_state": ACCOUNT_IN_USE}
                             for a in accounts]}

    @staticmethod
    def _token_user(db, token, user_seq_no: str):
        """The user a login token was issued to, who alone may be looked up with it."""
        if user_seq_no != token["user_seq_no"]:
            raise ApiError("O0004", "다른 사용자의 정보는 조회할 수 없습니다", 403)
        user = db.execute("SELECT * FROM users WHERE user_seq_no = ?",
                          (user_seq_no,)).fetchone()
        if user is None:
            raise ApiError("A0002", "사용자 없음")
        return user

    @staticmethod
    def _user_accounts(db, user_seq_no: str) -> list:
        return db.execute("SELECT * FROM accounts WHERE user_seq_no = ? AND merchant = 0 "
                          "ORDER BY rowid", (user_seq_no,)).fetchall()

    @staticmethod
    def _account_item(a) -> dict:
        return {"fintech_use_num": a["fintech_use_num"], "account_alias": a["bank_name"],
                "bank_code_std": a["bank_code_std"],
                "bank_code_sub": a["bank_code_std"] + "0001",
                "bank_name": a["bank_name"], "savings_bank_name": "",
                "account_num_masked": mask_account(a["account_num"]), "account_seq": "",
                "account_holder_name": a["holder_name"], "account_holder_type": "P",
                "inquiry_agree_yn": "Y", "inquiry_agree_dtime": a["agreed_at"],
                "transfer_agree_yn": "Y", "transfer_agree_dtime": a["agreed_at"],
                "payer_num": ""}

    def _real_name(self, db, token, params: Any) -> dict:
        """Whose account this is, when the real-name number (birth date or business number)
        matches the holder's: the check before a refund to an account number."""
        request = self._parse(msg.RealNameRequest, params)
        today = self._claim_id(db, request.bank_tran_id)
        account = self._by_account_num(db, request.bank_code_std, request.account_num)
        if account is None:
            bank_code = "412"
        else:
            expected = ("6", MERCHANT_BUSINESS_NUMBER) if account["merchant"] else (
                " ", holder_named(account["holder_name"]).birth_date[2:])
            given = (request.account_holder_info_type, request.account_holder_info)
            bank_code = "000" if given == expected else "499"
        answer = {**self.common("A0000" if bank_code == "000" else "A0002"),
                  **self._bank_block(request.bank_tran_id, today, request.bank_code_std,
                                     bank_code),
                  "bank_code_std": request.bank_code_std,
                  "bank_code_sub": request.bank_code_std + "0001",
                  "bank_name": account["bank_name"] if account else "", "savings_bank_name": "",
                  "account_num": request.account_num, "account_seq": "",
                  "account_holder_info_type": request.account_holder_info_type,
                  "account_holder_info": request.account_holder_info,
                  "account_holder_name": "", "account_type": ""}
        if bank_code == "000":
            answer.update(account_holder_name=account["holder_name"], account_type="1")
        return answer

    def _receive(self, db, token, params: Any) -> dict:
        """Whether an account can take a deposit, and the holder's name, moving nothing."""
        request = self._parse(msg.ReceiveRequest, params)
        self._check_contract(request.cntr_account_type, request.cntr_account_num)
        today = self._claim_id(db, request.bank_tran_id)
        account = self._by_account_num(db, request.bank_code_std, request.account_num)
        merchant = self._merchant(db)
        bank_code = "000" if account is not None else "412"
        return {**self.common("A0000" if account is not None else "A0002"),
                **self._bank_block(request.bank_tran_id, today, request.bank_code_std,
                                   bank_code),
                "bank_code_std": request.bank_code_std,
                "bank_code_sub": request.bank_code_std + "0001",
                "bank_name": account["bank_name"] if account else "", "savings_bank_name": "",
                "account_num": request.account_num, "account_seq": request.account_seq,
                "account_num_masked": mask_account(request.account_num),
                "print_content": request.print_content,
                "account_holder_name": account["holder_name"] if account else "",
                "wd_bank_code_std": merchant["bank_code_std"],
                "wd_bank_code_sub": merchant["bank_code_std"] + "0001",
                "wd_bank_name": merchant["bank_name"],
                "wd_account_num_masked": mask_account(merchant["account_num"]),
                "tran_amt": str(request.tran_amt), "cms_num": request.cms_num}

    def _claim_id(self, db, bank_tran_id: str) -> str:
        """Check and use up a `bank_tran_id` for today; today's bank date."""
        self._check_tran_id(bank_tran_id)
        today = bank_date(self._clock())
        self._claim(db, today, bank_tran_id)
        return today

    @staticmethod
    def _by_account_num(db, bank_code: str, account_num: str):
        return db.execute("SELECT * FROM accounts WHERE bank_code_std = ? AND account_num = ?",
                          (bank_code, account_num)).fetchone()

    def _balance(self, db, token, params: Any) -> dict:
        request = self._parse(msg.BalanceRequest, params)
        today = self._claim_id(db, request.bank_tran_id)
        account = self._own_account(db, token, request.fintech_use_num)
        last = db.execute("SELECT max(bank_tran_date) FROM transfers WHERE fintech_use_num = ? "
                          "AND applied = 1", (account["fintech_use_num"],)).fetchone()[0]
        return {**self.common("A0000"),
                **self._bank_block(request.bank_tran_id, today, account["bank_code_std"], "000"),
                "bank_name": account["bank_name"], "savings_bank_name": "",
                "fintech_use_num": account["fintech_use_num"],
                "balance_amt": str(account["balance"]),
                "available_amt": str(max(0, account["balance"] - account["held"])),
                "account_type": "1", "product_name": "입출금통장",
                "account_issue_date": "20200101", "maturity_date": "",
                "last_tran_date": last or ""}

    def _transactions(self, db, token, params: Any) -> dict:
        request = self._parse(msg.TransactionListRequest, params)
        today = self._claim_id(db, request.bank_tran_id)
        account = self._own_account(db, token, request.fintech_use_num)
        kinds = {"A": ("withdraw", "deposit"), "I": ("deposit",), "O": ("withdraw",)}
        chosen = kinds[request.inquiry_type]
        descending = request.sort_order == "D"
        cursor = int(request.befor_inquiry_trace_info or (2**62 if descending else 0))
        rows = db.execute(
            f"SELECT * FROM transfers WHERE fintech_use_num = ? AND applied = 1 "
            f"AND bank_tran_date BETWEEN ? AND ? AND kind IN ({','.join('?' * len(chosen))}) "
            f"AND seq {'<' if descending else '>'} ? ORDER BY seq "
            f"{'DESC' if descending else 'ASC'} LIMIT ?",
            (account["fintech_use_num"], request.from_date, request.to_date, *chosen, cursor,
             PAGE_SIZE + 1)).fetchall()
        page, more = rows[:PAGE_SIZE], len(rows) > PAGE_SIZE
        return {**self.common("A0000"),
                **self._bank_block(request.bank_tran_id, today, account["bank_code_std"], "000"),
                "bank_name": account["bank_name"], "savings_bank_name": "",
                "fintech_use_num": account["fintech_use_num"],
                "balance_amt": str(account["balance"]), "page_record_cnt": str(len(page)),
                "next_page_yn": "Y" if more else "N",
                "befor_inquiry_trace_info": str(page[-1]["seq"]) if more else "",
                "res_list": [{
                    "tran_date": row["bank_tran_date"], "tran_time": row["tran_time"],
                    "inout_type": "출금" if row["kind"] == "withdraw" else "입금",
                    "tran_type": "이체", "print_content": row["print_content"],
                    "tran_amt": str(row["tran_amt"]),
                    "after_balance_amt": str(row["after_balance"]), "branch_name": ""}
                    for row in page]}

    # ------------------------------------------------------------ moving money

    def _withdraw(self, db, token, params: Any) -> dict:
        request = self._parse(msg.WithdrawRequest, params)
        self._check_tran_id(request.bank_tran_id)
        self._check_contract(request.cntr_account_type, request.cntr_account_num)
        now = self._clock()
        today = bank_date(now)
        self._claim(db, today, request.bank_tran_id)
        account = self._own_account(db, token, request.fintech_use_num)
        user = db.execute("SELECT * FROM users WHERE user_seq_no = ?",
                          (account["user_seq_no"],)).fetchone()
        user_today = self._withdrawn_today(db, user["user_seq_no"], today)
        rsp_code, bank_code = self._withdraw_decision(
            db, user, account, request.tran_amt, today, user_today)
        merchant = self._merchant(db)
        after = account["balance"]
        if rsp_code == "A0000":
            after -= request.tran_amt
            self._move(db, account["fintech_use_num"], merchant["fintech_use_num"],
                       request.tran_amt)
            self._count_withdrawn(db, (user["user_seq_no"], account["fintech_use_num"]), today,
                                  request.tran_amt)
            user_today += request.tran_amt
        answer = self.common(rsp_code)
        self._record(db, "withdraw", request.bank_tran_id, today, now, account,
                     request.tran_amt, answer["api_tran_id"], request.dps_print_content,
                     rsp_code, bank_code, after)
        return {**answer,
                **self._bank_block(request.bank_tran_id, today, account["bank_code_std"],
                                   bank_code),
                "dps_bank_code_std": merchant["bank_code_std"],
                "dps_bank_code_sub": merchant["bank_code_std"] + "0001",
                "dps_bank_name": merchant["bank_name"],
                "dps_account_num_masked": mask_account(merchant["account_num"]),
                "dps_print_content": request.dps_print_content,
                "dps_account_holder_name": merchant["holder_name"],
                "fintech_use_num": account["fintech_use_num"],
                "account_alias": account["bank_name"],
                "bank_code_std": account["bank_code_std"],
                "bank_code_sub": account["bank_code_std"] + "0001",
                "bank_name": account["bank_name"], "savings_bank_name": "",
                "account_num_masked": mask_account(account["account_num"]),
                "print_content": request.wd_print_content or request.dps_print_content,
                "account_holder_name": account["holder_name"],
                "tran_amt": str(request.tran_amt),
                "wd_limit_remain_amt": str(min(MAX_AMOUNT,
                                               max(0, user["limit_daily"] - user_today)))}

    @staticmethod
    def _withdrawn_today(db, holder: str, today: str) -> int:
        """Approved withdrawals today of a user or an account (either key: they differ)."""
        row = db.execute("SELECT amount FROM withdrawn_per_day WHERE holder = ? AND "
                         "bank_tran_date = ?", (holder, today)).fetchone()
        return row[0] if row else 0

    @staticmethod
    def _count_withdrawn(db, holders: tuple[str, ...], today: str, amount: int) -> None:
        for holder in holders:
            db.execute("INSERT INTO withdrawn_per_day VALUES (?, ?, ?) ON CONFLICT DO UPDATE "
                       "SET amount = amount + excluded.amount", (holder, today, amount))

    def _withdraw_decision(self, db, user, account, amount: int, today: str,
                           user_today: int) -> tuple[str, str]:
        """(rsp_code, bank_rsp_code): the centre's limits first, then the bank's."""
        if amount > user["limit_per_transfer"]:
            return "A0111", ""
        if user_today + amount > user["limit_daily"]:
            return "A0112", ""
        if amount > account["limit_per_transfer"]:
            return "A0002", "455"
        account_today = self._withdrawn_today(db, account["fintech_use_num"], today)
        if account_today + amount > account["limit_daily"]:
            return "A0002", "456"
        if amount > account["balance"]:
            return "A0002", "453"
        if amount > account["balance"] - account["held"]:
            return "A0002", "454"
        return "A0000", "000"

    @staticmethod
    def _move(db, source: str, target: str, amount: int) -> None:
        db.execute("UPDATE accounts SET balance = balance - ? WHERE fintech_use_num = ?",
                   (amount, source))
        db.execute("UPDATE accounts SET balance = balance + ? WHERE fintech_use_num = ?",
                   (amount, target))

    @staticmethod
    def _record(db, kind: str, bank_tran_id: str, today: str, now: float, account,
                amount: int, api_tran_id: str, print_content: str, rsp_code: str,
                bank_code: str, after_balance: int) -> None:
        db.execute(
            "INSERT INTO transfers (kind, bank_tran_id, bank_tran_date, tran_time, "
            "fintech_use_num, user_seq_no, tran_amt, api_tran_id, print_content, applied, "
            "rsp_code, bank_rsp_code, after_balance) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
            (kind, bank_tran_id, today, now_kst(now).strftime("%H%M%S"),
             account["fintech_use_num"], account["user_seq_no"], amount, api_tran_id,
             print_content, int(rsp_code == "A0000" and bank_code == "000"), rsp_code,
             bank_code, after_balance))

    def _deposit(self, db, token, params: Any) -> dict:
        request = self._parse(msg.DepositRequest, params)
        self._check_contract(request.cntr_account_type, request.cntr_account_num)
        for item in request.req_list:
            self._check_tran_id(item.bank_tran_id)
        now = self._clock()
        today = bank_date(now)
        for item in request.req_list:
            self._claim(db, today, item.bank_tran_id)
        merchant = self._merchant(db)
        answer = self.common("A0000")
        results = []
        for item in request.req_list:
            account = db.execute(
                "SELECT * FROM accounts WHERE fintech_use_num = ? AND merchant = 0",
                (item.fintech_use_num,)).fetchone()
            balance = self._merchant(db)["balance"]
            bank_code = "412" if account is None else "453" if item.tran_amt > balance else "000"
            block = self._bank_block(item.bank_tran_id, today,
                                     account["bank_code_std"] if account else "", bank_code)
            result = {"tran_no": item.tran_no, **block, "tran_amt": str(item.tran_amt),
                      "print_content": item.print_content, "cms_num": item.cms_num,
                      "withdraw_bank_tran_id": item.withdraw_bank_tran_id}
            if account is not None:
                after = account["balance"]
                if bank_code == "000":
                    self._move(db, merchant["fintech_use_num"], account["fintech_use_num"],
                               item.tran_amt)
                    after += item.tran_amt
                self._record(db, "deposit", item.bank_tran_id, today, now, account,
                             item.tran_amt, answer["api_tran_id"], item.print_content,
                             "A0000" if bank_code == "000" else "A0002", bank_code, after)
                result.update({
                    "fintech_use_num": account["fintech_use_num"],
                    "account_alias": account["bank_name"],
                    "bank_code_std": account["bank_code_std"],
                    "bank_code_sub": account["bank_code_std"] + "0001",
                    "bank_name": account["bank_name"], "savings_bank_name": "",
                    "account_num_masked": mask_account(account["account_num"]),
                    "account_holder_name": account["holder_name"]})
            results.append(result)
        if any(r["bank_rsp_code"] != "000" for r in results):
            answer.update(rsp_code="A0009", rsp_message=RSP_MESSAGES["A0009"])
        return {**answer, "wd_bank_code_std": merchant["bank_code_std"],
                "wd_bank_code_sub": merchant["bank_code_std"] + "0001",
                "wd_bank_name": merchant["bank_name"],
                "wd_account_num_masked": mask_account(merchant["account_num"]),
                "wd_print_content": request.wd_print_content,
                "wd_account_holder_name": merchant["holder_name"],
                "res_cnt": str(len(results)), "res_list": results}

    def _result(self, db, token, params: Any) -> dict:
        request = self._parse(msg.TransferResultRequest, params)
        kind = "withdraw" if request.check_type == "1" else "deposit"
        results = []
        for query in request.req_list:
            row = db.execute(
                "SELECT t.*, a.account_num, a.bank_code_std, a.bank_name FROM transfers t "
                "JOIN accounts a USING "
                "(fintech_use_num) WHERE t.bank_tran_date = ? AND t.bank_tran_id = ? "
                "AND t.kind = ?", (query.org_bank_tran_date, query.org_bank_tran_id, kind)
            ).fetchone()
            if row is None:
                results.append({"tran_no": query.tran_no, "rsp_code": "A0310",
                                "rsp_message": RSP_MESSAGES["A0310"]})
                continue
            if row["tran_amt"] != query.org_tran_amt:
                raise ApiError("A0004", "요청전문 형식 오류: org_tran_amt가 원거래 금액과 다릅니다")
            results.append({
                "tran_no": query.tran_no, "rsp_code": row["rsp_code"],
                "rsp_message": RSP_MESSAGES.get(row["rsp_code"], ""),
                **self._bank_block(row["bank_tran_id"], row["bank_tran_date"], row["bank_code_std"],
                                   row["bank_rsp_code"]),
                "fintech_use_num": row["fintech_use_num"], "bank_name": row["bank_name"],
                "account_num_masked": mask_account(row["account_num"]),
                "tran_amt": str(row["tran_amt"])})
        missing = sum(r["rsp_code"] == "A0310" for r in results)
        rsp_code = "A0000" if not missing else "A0310" if len(results) == 1 else "A0009"
        return {**self.common(rsp_code), "res_cnt": str(len(results)), "res_list": results}

    # ------------------------------------------------------------ the testbed's own view

    def accounts(self) -> list[dict]:
        with self.state.transaction() as db:
            rows = db.execute("SELECT * FROM accounts ORDER BY merchant DESC, rowid").fetchall()
        return [{"fintech_use_num": r["fintech_use_num"], "user_seq_no": r["user_seq_no"],
                 "bank_code_std": r["bank_code_std"], "bank_name": r["bank_name"],
                 "account_num_masked": mask_account(r["account_num"]),
                 "holder_name": r["holder_name"], "balance": r["balance"],
                 "available": max(0, r["balance"] - r["held"]), "merchant": bool(r["merchant"])}
                for r in rows]

    def journal(self) -> list[dict]:
        """Every transfer that moved money, in order: what tests count to prove exactly-once."""
        with self.state.transaction() as db:
            rows = db.execute("SELECT kind, bank_tran_id, bank_tran_date, fintech_use_num, "
                              "tran_amt, api_tran_id FROM transfers WHERE applied = 1 "
                              "ORDER BY seq").fetchall()
        return [dict(row) for row in rows]

    def expire_tokens(self) -> int:
        """Let every access token lapse now, so tests see O0003 and a renewal."""
        with self.state.transaction() as db:
            return db.execute("UPDATE tokens SET expires_at = ? WHERE kind != 'refresh'",
                              (self._clock(),)).rowcount

    # ------------------------------------------------------------ OAuth

    def token(self, form: dict[str, str]) -> Reply:
        settings = self.settings
        if form.get("client_id") != settings.client_id or not hmac.compare_digest(
                form.get("client_secret", "").encode(), settings.client_secret.encode()):
            return _oauth_error("O0001", "client_id 또는 client_secret이 올바르지 않습니다", 401)
        grant = form.get("grant_type", "")
        with self.state.transaction() as db:
            if grant == "client_credentials":
                if form.get("scope") != "oob":
                    return _oauth_error("O0001", "client_credentials의 scope는 oob입니다")
                access = self._issue(db, "oob", "", "oob", settings.token_ttl_s)
                return Reply(200, {"access_token": access, "token_type": "Bearer",
                                   "expires_in": settings.token_ttl_s, "scope": "oob",
                                   "client_use_code": settings.institution_code})
            if grant == "authorization_code":
                grant_row = db.execute("DELETE FROM auth_codes WHERE code = ? RETURNING *",
                                       (form.get("code", ""),)).fetchone()
                if grant_row is None or grant_row["expires_at"] <= self._clock():
                    return _oauth_error("O0001", "유효하지 않은 인가코드입니다 (1회용)")
                if grant_row["redirect_uri"] != form.get("redirect_uri"):
                    return _oauth_error("O0001", "redirect_uri가 인가 요청과 다릅니다")
                return self._user_tokens(db, grant_row["user_seq_no"], grant_row["scope"])
            if grant == "refresh_token":
                old = db.execute("DELETE FROM tokens WHERE token = ? AND kind = 'refresh' "
                                 "RETURNING *", (form.get("refresh_token", ""),)).fetchone()
                if old is None or old["expires_at"] <= self._clock():
                    return _oauth_error("O0001", "유효하지 않은 refresh_token입니다")
                return self._user_tokens(db, old["user_seq_no"], old["scope"])
        return _oauth_error("O0001", f"지원하지 않는 grant_type입니다: {grant[:40]!r}")

    def _issue(self, db, kind: str, user_seq_no: str, scope: str, ttl_s: float) -> str:
        """A token as the centre's are: a JWT whose `aud` is the user (or, for an oob token,
        the institution), with its scopes, issuer, expiry and a unique `jti`. The tokens
        table, not the signature, decides whether the testbed accepts it."""
        expires_at = self._clock() + ttl_s
        token = _jwt(self._signing_key, {
            "aud": user_seq_no or self.settings.institution_code, "scope": scope.split(),
            "iss": ISSUER, "exp": int(expires_at), "jti": str(uuid.uuid4())})
        db.execute("INSERT INTO tokens VALUES (?, ?, ?, ?, ?)",
                   (token, kind, user_seq_no, scope, expires_at))
        return token

    def _user_tokens(self, db, user_seq_no: str, scope: str) -> Reply:
        ttl = self.settings.token_ttl_s
        access = self._issue(db, "user", user_seq_no, scope, ttl)
        refresh = self._issue(db, "refresh", user_seq_no, scope, ttl + 10 * 86400)
        return Reply(200, {"access_token": access, "token_type": "Bearer", "expires_in": ttl,
                           "refresh_token": refresh, "scope": scope, "user_seq_no": user_seq_no})

    def authorize(self, query: dict[str, str]) -> Reply:
        """GET /oauth/2.0/authorize: the consent page, or at once a redirect (auto-consent)."""
        problem = self._authorize_problem(query)
        if problem:
            return _html_page(400, "인증 요청 오류", problem)
        if not self.settings.auto_consent:
            return Reply(200, self._consent_page(query),
                         {"Content-Type": "text/html; charset=utf-8"})
        with self.state.transaction() as db:
            user = query.get("sim_user") or db.execute(
                "SELECT user_seq_no FROM users ORDER BY rowid LIMIT 1").fetchone()[0]
        return self.consent({**query, "user_seq_no": user, "decision": "agree"})

    def consent(self, form: dict[str, str]) -> Reply:
        """The consent page's answer: a redirect back to the kiosk with a code, or a refusal."""
        problem = self._authorize_problem(form)
        if problem:
            return _html_page(400, "인증 요청 오류", problem)
        back = {"state": form["state"]}
        if form.get("decision") != "agree":
            back.update(error="access_denied", error_description="user denied consent")
        else:
            with self.state.transaction() as db:
                known = db.execute("SELECT 1 FROM users WHERE user_seq_no = ?",
                                   (form.get("user_seq_no", ""),)).fetchone()
                if known is None:
                    return _html_page(400, "사용자 없음",
                                      f"no demo user {form.get('user_seq_no', '')[:20]!r}")
                code = secrets.token_urlsafe(24)
                scope = " ".join(sorted(set(form["scope"].split())))  # as the centre writes it
                db.execute("INSERT INTO auth_codes VALUES (?, ?, ?, ?, ?)",
                           (code, form["user_seq_no"], scope, form["redirect_uri"],
                            self._clock() + self.settings.code_ttl_s))
            back.update(code=code, scope=scope)
        uri = self._registered(form["redirect_uri"])
        location = uri + ("&" if "?" in uri else "?") + urlencode(back)
        return Reply(302, "", {"Location": location})

    def _authorize_problem(self, query: dict[str, str]) -> str:
        if query.get("response_type") != "code":
            return "response_type must be code"
        if query.get("client_id") != self.settings.client_id:
            return "unknown client_id"
        if not self._registered(query.get("redirect_uri", "")):
            return ("redirect_uri is not a Callback URL registered for this client_id: "
                    "register it, exactly, at the developer site (kiosk sim bank "
                    "--redirect-uri)")
        scopes = query.get("scope", "").split()
        if not scopes or not set(scopes) <= set(msg.USER_SCOPES):
            return f"scope must be some of: {' '.join(msg.USER_SCOPES)}"
        if not query.get("state"):
            return "state is required"
        return ""

    def _registered(self, uri: str) -> str:
        """The registered Callback URL equal to `uri`, or "": what is redirected to is always
        our own registered string, never the request's."""
        return next((known for known in self.settings.redirect_uris if known == uri), "")

    def _consent_page(self, query: dict[str, str]) -> str:
        with self.state.transaction() as db:
            rows = db.execute("SELECT u.user_seq_no, u.name, a.bank_name, a.account_num "
                              "FROM users u JOIN accounts a USING (user_seq_no) "
                              "ORDER BY u.rowid").fetchall()
        hidden = "".join(f'<input type="hidden" name="{html.escape(k)}" value="{html.escape(v)}">'
                         for k, v in query.items() if k in
                         ("response_type", "client_id", "redirect_uri", "scope", "state"))
        choices = "".join(
            f'<label><input type="radio" name="user_seq_no" value="{r["user_seq_no"]}"'
            f'{" checked" if i == 0 else ""}> {html.escape(r["name"])} · '
            f'{html.escape(r["bank_name"])} {mask_account(r["account_num"])}</label>'
            for i, r in enumerate(rows))
        scope = html.escape(query.get("scope", ""))
        return CONSENT_PAGE.format(hidden=hidden, choices=choices, scope=scope)


def _jwt(key: bytes, claims: dict) -> str:
    """An HS256 JSON Web Token (RFC 7519) carrying `claims`."""
    def part(data: bytes) -> str:
        return base64.urlsafe_b64encode(data).rstrip(b"=").decode()
    header = part(b'{"alg":"HS256","typ":"JWT"}')
    body = part(json.dumps(claims, separators=(",", ":")).encode())
    signature = hmac.new(key, f"{header}.{body}".encode(), hashlib.sha256).digest()
    return f"{header}.{body}.{part(signature)}"


def _oauth_error(rsp_code: str, message: str, status: int = 400) -> Reply:
    return Reply(status, {"rsp_code": rsp_code, "rsp_message": message})


def _html_page(status: int, title: str, text: str) -> Reply:
    body = (f"<!doctype html><html lang='ko'><meta charset='utf-8'><title>{html.escape(title)}"
            f"</title><h1>{html.escape(title)}</h1><p>{html.escape(text)}</p></html>")
    return Reply(status, body, {"Content-Type": "text/html; charset=utf-8"})


CONSENT_PAGE = """<!doctype html>
<html lang="ko"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>오픈뱅킹 테스트베드 · 계좌 등록 동의</title>
<style>
 body {{ font-family: sans-serif; max-width: 28rem; margin: 2rem auto; padding: 0 1rem; }}
 label {{ display: block; padding: .8rem; margin: .4rem 0; border: 1px solid #ccc;
          border-radius: .5rem; font-size: 1.1rem; }}
 button {{ font-size: 1.2rem; padding: .8rem 1.6rem; margin: .4rem .4rem 0 0; }}
 .note {{ color: #666; font-size: .9rem; }}
</style></head><body>
<h1>계좌 등록 동의</h1>
<p>키오스크가 다음 권한을 요청합니다: <b>{scope}</b></p>
<p class="note">This is the Open Banking testbed simulator: choose a demo customer and agree.</p>
<form method="post" action="/oauth/2.0/authorize">{hidden}
{choices}
<button type="submit" name="decision" value="agree">동의하고 계속 (Agree)</button>
<button type="submit" name="decision" value="deny">거부 (Deny)</button>
</form></body></html>
"""
