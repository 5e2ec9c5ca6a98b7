"""The customer: the token they grant the kiosk (OAuth), who they are (user/me) and the
accounts they have registered (account/list)."""

from dataclasses import dataclass

from payments.openbanking.messages.fields import DIGITS_24, YN, Bank, Common
from payments.openbanking.wire import fmt

# Scopes a customer can grant at /oauth/2.0/authorize. KFTC's pages list login, inquiry and
# transfer, plus cardinfo and fintechinfo for card and prepaid inquiries; public clients
# (KFTC's own course apps among them) also ask for oob there and get a token that carries it.
USER_SCOPES = ("login", "inquiry", "transfer", "oob", "cardinfo", "fintechinfo")


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
class UserAccount(Bank):
    fintech_use_num: str = fmt(DIGITS_24)
    account_alias: str = ""
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
