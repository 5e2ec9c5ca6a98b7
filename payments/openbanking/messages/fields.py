"""The formats of Open Banking fields, and the blocks of fields that recur across messages:
written once here, so that a format corrected in one message is corrected in all."""

from dataclasses import dataclass

from payments.koreatime import parse_date, parse_tran_dtime
from payments.openbanking.wire import WireError, fmt

DIGITS_24 = r"\d{24}"
BANK_TRAN_ID = r"[A-Z0-9]{10}U[A-Z0-9]{9}"
AMOUNT = r"\d{1,12}"
BANK_CODE = r"\d{3}"
TRAN_NO = r"\d{1,5}"
ACCOUNT_NUM = r"\d{1,16}"  # AN(16) on KFTC's pages; every bank's numbers are digits
CLIENT_NUM = r"[0-9A-Za-z]{1,20}"
CMS_NUM = r"[0-9A-Za-z]{1,32}"
YN = r"[YN]"


def text(max_len: int, *, default: object = ...) -> object:
    """Free text of up to `max_len` characters: anything but control characters."""
    pattern = rf"[^\x00-\x1f]{{1,{max_len}}}"
    return fmt(pattern) if default is ... else fmt(pattern, default=default)


def _is_tran_dtime(value: str) -> bool:
    return parse_tran_dtime(value) is not None


def is_date(value: str) -> bool:
    """A YYYYMMDD that names a day of the calendar, not only eight digits."""
    return parse_date(value) is not None


def tran_dtime() -> object:
    """The request's own time, YYYYMMDDhhmmss in Korea; a time that names no moment is
    refused, as the centre refuses it."""
    return fmt(r"\d{14}", check=_is_tran_dtime)


# ---------------------------------------------------------------- blocks of a request


@dataclass(kw_only=True)
class CustomerTransfer:
    """An amount moved on a customer's behalf, the customer named by fintech number or by
    bank and account, not both."""

    tran_amt: int = fmt(AMOUNT)
    req_client_name: str = text(20)
    req_client_fintech_use_num: str = fmt(DIGITS_24, default="")
    req_client_bank_code: str = fmt(BANK_CODE, default="")
    req_client_account_num: str = fmt(ACCOUNT_NUM, default="")
    req_client_num: str = fmt(CLIENT_NUM)

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

    sub_frnc_name: str = text(40, default="")
    sub_frnc_num: str = fmt(CLIENT_NUM, default="")
    sub_frnc_business_num: str = fmt(r"\d{10}", default="")


@dataclass(kw_only=True)
class ContractAccount:
    """The kiosk's own account or fintech account, as contracted with the centre ("cntr"):
    where a charge lands, what a refund or a check on a receiver is paid from."""

    cntr_account_type: str = fmt(r"[NC]")  # N an account, C a fintech account
    cntr_account_num: str = fmt(ACCOUNT_NUM)


# ---------------------------------------------------------------- blocks of an answer


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


@dataclass(kw_only=True)
class Bank:
    """Which bank holds an account, as answers name it: the standard and branch codes, and a
    savings bank's own name beside the bank's."""

    bank_code_std: str = ""
    bank_code_sub: str = ""
    bank_name: str = ""
    savings_bank_name: str = ""


@dataclass(kw_only=True)
class MovedAccount(Bank):
    """The customer's account that a transfer moved money from or to, as its answer shows
    it: masked, with the text the customer's statement prints."""

    fintech_use_num: str = ""
    account_alias: str = ""
    account_num_masked: str = ""
    print_content: str = ""
    account_holder_name: str = ""


@dataclass(kw_only=True)
class WithdrawnFrom:
    """The kiosk's own account that a deposit is paid from, as the answer shows it."""

    wd_bank_code_std: str = ""
    wd_bank_code_sub: str = ""
    wd_bank_name: str = ""
    wd_account_num_masked: str = ""
