"""The inquiries: whose name an account is in (inquiry/real_name), whether it can take a
deposit (inquiry/receive), its balance, and its transactions."""

from dataclasses import dataclass

from payments.openbanking.messages.fields import (
    ACCOUNT_NUM,
    BANK_CODE,
    BANK_TRAN_ID,
    CLIENT_NUM,
    CMS_NUM,
    DIGITS_24,
    YN,
    Bank,
    BankBlock,
    Common,
    ContractAccount,
    CustomerTransfer,
    SubMerchant,
    WithdrawnFrom,
    is_date,
    text,
    tran_dtime,
)
from payments.openbanking.wire import WireError, fmt

# ---------------------------------------------------------------- inquiry/real_name


@dataclass(kw_only=True)
class RealNameRequest:
    bank_tran_id: str = fmt(BANK_TRAN_ID)
    bank_code_std: str = fmt(BANK_CODE)
    account_num: str = fmt(ACCOUNT_NUM)
    # " " a birth date (YYMMDD), "6" a business number; many clients send "" for " "
    account_holder_info_type: str = fmt(r"[ 6]", default=" ")
    account_holder_info: str = fmt(r"\d{6,13}")
    tran_dtime: str = tran_dtime()


@dataclass(kw_only=True)
class RealNameAnswer(Common, BankBlock, Bank):
    account_num: str = ""
    account_seq: str = ""
    account_holder_info_type: str = ""
    account_holder_info: str = ""
    account_holder_name: str = ""
    account_type: str = ""


# ---------------------------------------------------------------- inquiry/receive


@dataclass(kw_only=True)
class ReceiveRequest(SubMerchant, CustomerTransfer, ContractAccount):
    """Whether an account can take a deposit, and in whose name, before it is sent."""

    bank_tran_id: str = fmt(BANK_TRAN_ID)
    bank_code_std: str = fmt(BANK_CODE)
    account_num: str = fmt(ACCOUNT_NUM)
    account_seq: str = fmt(r"\d{1,3}", default="")
    print_content: str = text(20)
    transfer_purpose: str = fmt(r"TR|ST|AU")
    cms_num: str = fmt(CMS_NUM, default="")
    tran_dtime: str = tran_dtime()


@dataclass(kw_only=True)
class ReceiveAnswer(Common, BankBlock, WithdrawnFrom, Bank):
    account_num: str = ""
    account_seq: str = ""
    account_num_masked: str = ""
    print_content: str = ""
    account_holder_name: str = ""
    tran_amt: int | None = None
    cms_num: str = ""


# ---------------------------------------------------------------- balance


@dataclass(kw_only=True)
class BalanceRequest:
    bank_tran_id: str = fmt(BANK_TRAN_ID)
    fintech_use_num: str = fmt(DIGITS_24)
    tran_dtime: str = tran_dtime()


@dataclass(kw_only=True)
class FintechBalance:
    """An account by its fintech number and its balance, as balance and transaction-list
    answers both begin."""

    bank_name: str = ""
    savings_bank_name: str = ""
    fintech_use_num: str = ""
    balance_amt: int


@dataclass(kw_only=True)
class BalanceAnswer(Common, BankBlock, FintechBalance):
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
    from_date: str = fmt(r"\d{8}", check=is_date)
    from_time: str = fmt(r"\d{6}", default="")
    to_date: str = fmt(r"\d{8}", check=is_date)
    to_time: str = fmt(r"\d{6}", default="")
    sort_order: str = fmt(r"[DA]")
    tran_dtime: str = tran_dtime()
    befor_inquiry_trace_info: str = fmt(CLIENT_NUM, default="")

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
class TransactionListAnswer(Common, BankBlock, FintechBalance):
    page_record_cnt: int
    next_page_yn: str = fmt(YN)
    befor_inquiry_trace_info: str = ""
    res_list: list[Transaction]
