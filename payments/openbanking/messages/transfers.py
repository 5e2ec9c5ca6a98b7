"""The transfers: a withdrawal from the customer's account (a charge), a deposit to it (a
refund), and transfer/result, which asks the centre how an earlier transfer ended."""

from dataclasses import dataclass, field

from payments.openbanking.messages.fields import (
    AMOUNT,
    BANK_CODE,
    BANK_TRAN_ID,
    CMS_NUM,
    DIGITS_24,
    TRAN_NO,
    BankBlock,
    Common,
    ContractAccount,
    CustomerTransfer,
    MovedAccount,
    SubMerchant,
    WithdrawnFrom,
    is_date,
    text,
    tran_dtime,
)
from payments.openbanking.wire import WireError, fmt

# ---------------------------------------------------------------- withdraw (a charge)


@dataclass(kw_only=True)
class WithdrawRequest(SubMerchant, CustomerTransfer, ContractAccount):
    bank_tran_id: str = fmt(BANK_TRAN_ID)
    dps_print_content: str = text(20)
    fintech_use_num: str = fmt(DIGITS_24)
    wd_print_content: str = text(20, default="")
    tran_dtime: str = tran_dtime()
    transfer_purpose: str = fmt(r"TR|ST|RC")
    recv_client_name: str = text(20)
    recv_client_bank_code: str = fmt(BANK_CODE)
    recv_client_account_num: str = fmt(r"\d{1,20}")


@dataclass(kw_only=True)
class WithdrawAnswer(Common, BankBlock, MovedAccount):
    dps_bank_code_std: str = ""
    dps_bank_code_sub: str = ""
    dps_bank_name: str = ""
    dps_account_num_masked: str = ""
    dps_print_content: str = ""
    dps_account_holder_name: str = ""
    tran_amt: int
    wd_limit_remain_amt: int | None = None


# ---------------------------------------------------------------- deposit (a refund)


@dataclass(kw_only=True)
class DepositItem(CustomerTransfer):
    tran_no: str = fmt(TRAN_NO)
    bank_tran_id: str = fmt(BANK_TRAN_ID)
    fintech_use_num: str = fmt(DIGITS_24)
    print_content: str = text(20)
    transfer_purpose: str = fmt(r"TR|ST|AU")
    recv_bank_tran_id: str = fmt(BANK_TRAN_ID, default="")  # the inquiry/receive it follows
    cms_num: str = fmt(CMS_NUM, default="")
    withdraw_bank_tran_id: str = fmt(BANK_TRAN_ID, default="")  # the withdrawal it repays


@dataclass(kw_only=True)
class DepositRequest(SubMerchant, ContractAccount):
    wd_pass_phrase: str = text(128)
    wd_print_content: str = text(20)
    name_check_option: str = fmt(r"on|off", default="on")
    tran_dtime: str = tran_dtime()
    req_cnt: int = fmt(r"\d{1,5}")
    req_list: list[DepositItem] = field(default_factory=list)

    def __post_init__(self) -> None:
        # KFTC's deposit page fixes req_cnt at 1: one deposit per request
        if self.req_cnt != 1 or len(self.req_list) != 1:
            raise WireError("req_cnt: must be 1, with exactly one req_list item (KFTC takes "
                            "one deposit per request)")


@dataclass(kw_only=True)
class DepositResult(BankBlock, MovedAccount):
    tran_no: str = ""
    tran_amt: int | None = None
    cms_num: str = ""
    withdraw_bank_tran_id: str = ""


@dataclass(kw_only=True)
class DepositAnswer(Common, WithdrawnFrom):
    wd_print_content: str = ""
    wd_account_holder_name: str = ""
    res_cnt: int
    res_list: list[DepositResult]


# ---------------------------------------------------------------- transfer/result


@dataclass(kw_only=True)
class ResultQuery:
    tran_no: str = fmt(TRAN_NO)
    org_bank_tran_id: str = fmt(BANK_TRAN_ID)
    org_bank_tran_date: str = fmt(r"\d{8}", check=is_date)
    org_tran_amt: int = fmt(AMOUNT)


@dataclass(kw_only=True)
class TransferResultRequest:
    check_type: str = fmt(r"[12]")  # 1 withdraw, 2 deposit
    tran_dtime: str = tran_dtime()
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
