"""Every request and answer of the Open Banking calls, field by field.

Field names, formats and defaults are KFTC's API pages' (docs/testbed.md names the page or
the public client each one comes from); the kiosk's client builds requests from these
classes and the testbed simulator parses requests with them, so the two cannot drift apart.
Amounts are `int` won here and digit strings on the wire.
"""

from dataclasses import dataclass, field

from payments.koreatime import parse_date, parse_tran_dtime
from payments.openbanking.wire import WireError, fmt

DIGITS_24 = r"\d{24}"
BANK_TRAN_ID = r"[A-Z0-9]{10}U[A-Z0-9]{9}"
AMOUNT = r"\d{1,12}"
BANK_CODE = r"\d{3}"
TRAN_NO = r"\d{1,5}"
ACCOUNT_NUM = r"\d{1,16}"  # AN(16) on KFTC's pages; every bank's numbers are digits
YN = r"[YN]"

# Scopes a customer can grant at /oauth/2.0/authorize. KFTC's pages list login, inquiry and
# transfer, plus cardinfo and fintechinfo for card and prepaid inquiries; public clients
# (KFTC's own course apps among them) also ask for oob there and get a token that carries it.
USER_SCOPES = ("login", "inquiry", "transfer", "oob", "cardinfo", "fintechinfo")


def _text(max_len: int, *, default: object = ...) -> object:
    pattern = rf"[^\x00-\x1f]{{1,{max_len}}}"
    return fmt(pattern) if default is ... else fmt(pattern, default=default)


def _is_tran_dtime(text: str) -> bool:
    return parse_tran_dtime(text) is not None


def _is_date(text: str) -> bool:
    return parse_date(text) is not None


TRAN_DTIME = {"check": _is_tran_dtime}


@dataclass(kw_only=True)
class CustomerTransfer:
    """An amount moved on a customer's behalf, the customer named by fintech number or by
    bank and account, not both."""

    tran_amt: int = fmt(AMOUNT)
    req_client_name: str = _text(20)
    req_client_fintech_use_num: str = fmt(DIGITS_24, default="")
    req_client_bank_code: str = fmt(BANK_CODE, default="")
    req_client_account_num: str = fmt(ACCOUNT_NUM, default="")
    req_client_num: str = fmt(r"[0-9A-Za-z]{1,20}")

    def __post_init__(self) -> None:
        if self.tran_amt <= 0:
            raise WireError("tran_amt: must be at least 1 won")
        by_fintech = bool(self.req_client_fintech_use_num)
        by_account = bool(self.req_client_bank_code) or bool(self.req_client_account_num)
        if by_fintech == by_account:
            raise WireError("req_client_fintech_use_num or req_client_bank_code with "
                            "req_client_account_num: exactly one of the two is required")
        if by_account and not (self.req_client_bank_code and self.req_client_account_num):
            raise WireError("req_client_bank_code and req_client_account_num go together")


@dataclass(kw_only=True)
class SubMerchant:
    """The sub-merchant a payment agent charges or refunds for: optional on every transfer."""

    sub_frnc_name: str = _text(40, default="")
    sub_frnc_num: str = fmt(r"[0-9A-Za-z]{1,20}", default="")
    sub_frnc_business_num: str = fmt(r"\d{10}", default="")


# ---------------------------------------------------------------- common answer blocks


@dataclass(kw_only=True)
class Common:
    """Fields of every answer. Only `rsp_code` is sure to be there, even in an error."""

    rsp_code: str = fmt(r"[A-Z]\d{4}")
    rsp_message: str = ""
    api_tran_id: str = ""
    api_tran_dtm: str = ""


@dataclass(kw_only=True)
class BankBlock:
    """The participant bank's own answer, on every per-account result."""

    bank_tran_id: str = ""
    bank_tran_date: str = ""
    bank_code_tran: str = ""
    bank_rsp_code: str = ""
    bank_rsp_message: str = ""


# ---------------------------------------------------------------- OAuth


@dataclass(kw_only=True)
class TokenAnswer:
    access_token: str
    token_type: str
    expires_in: int = fmt(number=True)
    scope: str
    refresh_token: str = ""
    user_seq_no: str = ""
    client_use_code: str = ""


# ---------------------------------------------------------------- user/me


@dataclass(kw_only=True)
class UserMeRequest:
    user_seq_no: str = fmt(r"\d{10}")


@dataclass(kw_only=True)
class UserAccount:
    fintech_use_num: str = fmt(DIGITS_24)
    account_alias: str = ""
    bank_code_std: str = ""
    bank_code_sub: str = ""
    bank_name: str = ""
    savings_bank_name: str = ""
    account_num_masked: str = ""
    account_seq: str = ""  # a securities account's sequence number; banks leave it empty
    account_holder_name: str = ""
    account_holder_type: str = ""
    inquiry_agree_yn: str = ""
    inquiry_agree_dtime: str = ""
    transfer_agree_yn: str = ""
    transfer_agree_dtime: str = ""
    payer_num: str = ""


@dataclass(kw_only=True)
class UserMeAnswer(Common):
    user_seq_no: str
    user_ci: str = ""
    user_name: str = ""
    user_info: str = ""  # birth date, YYYYMMDD
    user_gender: str = ""  # M or F
    user_cell_no: str = ""
    user_email: str = ""
    res_cnt: int
    res_list: list[UserAccount]


# ---------------------------------------------------------------- account/list


@dataclass(kw_only=True)
class AccountListRequest:
    user_seq_no: str = fmt(r"\d{10}")
    include_cancel_yn: str = fmt(YN)
    sort_order: str = fmt(r"[DA]")


@dataclass(kw_only=True)
class ListedAccount(UserAccount):
    account_state: str = fmt(r"\d{2}", default="")  # 01 in use, 09 cancelled (?)


@dataclass(kw_only=True)
class AccountListAnswer(Common):
    user_name: str = ""
    res_cnt: int
    res_list: list[ListedAccount]


# ---------------------------------------------------------------- inquiry/real_name


@dataclass(kw_only=True)
class RealNameRequest:
    bank_tran_id: str = fmt(BANK_TRAN_ID)
    bank_code_std: str = fmt(BANK_CODE)
    account_num: str = fmt(ACCOUNT_NUM)
    # " " a birth date (YYMMDD), "6" a business number; many clients send "" for " "
    account_holder_info_type: str = fmt(r"[ 6]", default=" ")
    account_holder_info: str = fmt(r"\d{6,13}")
    tran_dtime: str = fmt(r"\d{14}", **TRAN_DTIME)


@dataclass(kw_only=True)
class RealNameAnswer(Common, BankBlock):
    bank_code_std: str = ""
    bank_code_sub: str = ""
    bank_name: str = ""
    savings_bank_name: str = ""
    account_num: str = ""
    account_seq: str = ""
    account_holder_info_type: str = ""
    account_holder_info: str = ""
    account_holder_name: str = ""
    account_type: str = ""


# ---------------------------------------------------------------- balance


@dataclass(kw_only=True)
class BalanceRequest:
    bank_tran_id: str = fmt(BANK_TRAN_ID)
    fintech_use_num: str = fmt(DIGITS_24)
    tran_dtime: str = fmt(r"\d{14}", **TRAN_DTIME)


@dataclass(kw_only=True)
class BalanceAnswer(Common, BankBlock):
    bank_name: str = ""
    savings_bank_name: str = ""
    fintech_use_num: str = ""
    balance_amt: int
    available_amt: int
    account_type: str = ""
    product_name: str = ""
    account_issue_date: str = ""
    maturity_date: str = ""
    last_tran_date: str = ""


# ---------------------------------------------------------------- transaction list


@dataclass(kw_only=True)
class TransactionListRequest:
    bank_tran_id: str = fmt(BANK_TRAN_ID)
    fintech_use_num: str = fmt(DIGITS_24)
    inquiry_type: str = fmt(r"[AIO]")  # all, in (deposits), out (withdrawals)
    inquiry_base: str = fmt(r"[DT]", default="D")  # by day, or by day and time
    from_date: str = fmt(r"\d{8}", check=_is_date)
    from_time: str = fmt(r"\d{6}", default="")
    to_date: str = fmt(r"\d{8}", check=_is_date)
    to_time: str = fmt(r"\d{6}", default="")
    sort_order: str = fmt(r"[DA]")
    tran_dtime: str = fmt(r"\d{14}", **TRAN_DTIME)
    befor_inquiry_trace_info: str = fmt(r"[0-9A-Za-z]{1,20}", default="")

    def __post_init__(self) -> None:
        if self.from_date > self.to_date:
            raise WireError("from_date: after to_date")


@dataclass(kw_only=True)
class Transaction:
    tran_date: str
    tran_time: str
    inout_type: str
    tran_type: str = ""
    print_content: str = ""
    tran_amt: int
    after_balance_amt: int
    branch_name: str = ""


@dataclass(kw_only=True)
class TransactionListAnswer(Common, BankBlock):
    bank_name: str = ""
    savings_bank_name: str = ""
    fintech_use_num: str = ""
    balance_amt: int
    page_record_cnt: int
    next_page_yn: str = fmt(r"[YN]")
    befor_inquiry_trace_info: str = ""
    res_list: list[Transaction]


# ---------------------------------------------------------------- withdraw (a charge)


@dataclass(kw_only=True)
class WithdrawRequest(SubMerchant, CustomerTransfer):
    bank_tran_id: str = fmt(BANK_TRAN_ID)
    cntr_account_type: str = fmt(r"[NC]")
    cntr_account_num: str = fmt(r"\d{1,16}")
    dps_print_content: str = _text(20)
    fintech_use_num: str = fmt(DIGITS_24)
    wd_print_content: str = _text(20, default="")
    tran_dtime: str = fmt(r"\d{14}", **TRAN_DTIME)
    transfer_purpose: str = fmt(r"TR|ST|RC")
    recv_client_name: str = _text(20)
    recv_client_bank_code: str = fmt(BANK_CODE)
    recv_client_account_num: str = fmt(r"\d{1,20}")


@dataclass(kw_only=True)
class WithdrawAnswer(Common, BankBlock):
    dps_bank_code_std: str = ""
    dps_bank_code_sub: str = ""
    dps_bank_name: str = ""
    dps_account_num_masked: str = ""
    dps_print_content: str = ""
    dps_account_holder_name: str = ""
    fintech_use_num: str = ""
    account_alias: str = ""
    bank_code_std: str = ""
    bank_code_sub: str = ""
    bank_name: str = ""
    savings_bank_name: str = ""
    account_num_masked: str = ""
    print_content: str = ""
    account_holder_name: str = ""
    tran_amt: int
    wd_limit_remain_amt: int | None = None


# ---------------------------------------------------------------- inquiry/receive


@dataclass(kw_only=True)
class ReceiveRequest(SubMerchant, CustomerTransfer):
    """Whether an account can take a deposit, and in whose name, before it is sent."""

    bank_tran_id: str = fmt(BANK_TRAN_ID)
    cntr_account_type: str = fmt(r"[NC]")
    cntr_account_num: str = fmt(ACCOUNT_NUM)
    bank_code_std: str = fmt(BANK_CODE)
    account_num: str = fmt(ACCOUNT_NUM)
    account_seq: str = fmt(r"\d{1,3}", default="")
    print_content: str = _text(20)
    transfer_purpose: str = fmt(r"TR|ST|AU")
    cms_num: str = fmt(r"[0-9A-Za-z]{1,32}", default="")
    tran_dtime: str = fmt(r"\d{14}", **TRAN_DTIME)


@dataclass(kw_only=True)
class ReceiveAnswer(Common, BankBlock):
    bank_code_std: str = ""
    bank_code_sub: str = ""
    bank_name: str = ""
    savings_bank_name: str = ""
    account_num: str = ""
    account_seq: str = ""
    account_num_masked: str = ""
    print_content: str = ""
    account_holder_name: str = ""
    wd_bank_code_std: str = ""
    wd_bank_code_sub: str = ""
    wd_bank_name: str = ""
    wd_account_num_masked: str = ""
    tran_amt: int | None = None
    cms_num: str = ""


# ---------------------------------------------------------------- deposit (a refund)


@dataclass(kw_only=True)
class DepositItem(CustomerTransfer):
    tran_no: str = fmt(TRAN_NO)
    bank_tran_id: str = fmt(BANK_TRAN_ID)
    fintech_use_num: str = fmt(DIGITS_24)
    print_content: str = _text(20)
    transfer_purpose: str = fmt(r"TR|ST|AU")
    recv_bank_tran_id: str = fmt(BANK_TRAN_ID, default="")  # the inquiry/receive it follows
    cms_num: str = fmt(r"[0-9A-Za-z]{1,32}", default="")
    withdraw_bank_tran_id: str = fmt(BANK_TRAN_ID, default="")  # the withdrawal it repays


@dataclass(kw_only=True)
class DepositRequest(SubMerchant):
    cntr_account_type: str = fmt(r"[NC]")
    cntr_account_num: str = fmt(ACCOUNT_NUM)
    wd_pass_phrase: str = _text(128)
    wd_print_content: str = _text(20)
    name_check_option: str = fmt(r"on|off", default="on")
    tran_dtime: str = fmt(r"\d{14}", **TRAN_DTIME)
    req_cnt: int = fmt(r"\d{1,5}")
    req_list: list[DepositItem] = field(default_factory=list)

    def __post_init__(self) -> None:
        # KFTC's deposit page fixes req_cnt at 1: one deposit per request
        if self.req_cnt != 1 or len(self.req_list) != 1:
            raise WireError("req_cnt: must be 1, with exactly one req_list item (KFTC takes "
                            "one deposit per request)")


@dataclass(kw_only=True)
class DepositResult(BankBlock):
    tran_no: str = ""
    fintech_use_num: str = ""
    account_alias: str = ""
    bank_code_std: str = ""
    bank_code_sub: str = ""
    bank_name: str = ""
    savings_bank_name: str = ""
    account_num_masked: str = ""
    print_content: str = ""
    account_holder_name: str = ""
    tran_amt: int | None = None
    cms_num: str = ""
    withdraw_bank_tran_id: str = ""


@dataclass(kw_only=True)
class DepositAnswer(Common):
    wd_bank_code_std: str = ""
    wd_bank_code_sub: str = ""
    wd_bank_name: str = ""
    wd_account_num_masked: str = ""
    wd_print_content: str = ""
    wd_account_holder_name: str = ""
    res_cnt: int
    res_list: list[DepositResult]


# ---------------------------------------------------------------- transfer/result


@dataclass(kw_only=True)
class ResultQuery:
    tran_no: str = fmt(TRAN_NO)
    org_bank_tran_id: str = fmt(BANK_TRAN_ID)
    org_bank_tran_date: str = fmt(r"\d{8}", check=_is_date)
    org_tran_amt: int = fmt(AMOUNT)


@dataclass(kw_only=True)
class TransferResultRequest:
    check_type: str = fmt(r"[12]")  # 1 withdraw, 2 deposit
    tran_dtime: str = fmt(r"\d{14}", **TRAN_DTIME)
    req_cnt: int = fmt(r"\d{1,2}")
    req_list: list[ResultQuery] = field(default_factory=list)

    def __post_init__(self) -> None:
        if not 1 <= len(self.req_list) <= 25 or self.req_cnt != len(self.req_list):
            raise WireError("req_cnt: must equal the number of req_list items (1 to 25)")


@dataclass(kw_only=True)
class TransferResult(BankBlock):
    """The original transfer's bank block. `rsp_code` A0310 marks one the centre never saw."""

    tran_no: str = ""
    rsp_code: str = ""
    rsp_message: str = ""
    fintech_use_num: str = ""
    bank_name: str = ""
    account_num_masked: str = ""
    tran_amt: int | None = None


@dataclass(kw_only=True)
class TransferResultAnswer(Common):
    res_cnt: int
    res_list: list[TransferResult]
