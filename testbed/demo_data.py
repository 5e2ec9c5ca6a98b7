"""The testbed's seeded world: one merchant and demo customers from tiny to large balances.

Names, banks and balances are fixed so that a demo script can say "박지호 cannot pay"; the
numbers (user_seq_no, fintech numbers, account numbers) come from `--seed`, so two testbeds
with the same seed agree and a different seed gives a different world.
"""

import random
from dataclasses import dataclass

DEMO_CLIENT_ID = "kiosk-demo-client"
DEMO_CLIENT_SECRET = "kiosk-demo-secret-testbed-only"  # the simulator's, never a real bank's
DEMO_INSTITUTION_CODE = "M202200382"
DEMO_CONTRACT_ACCOUNT = "3020000012345"
DEMO_SEED = 20260101
DEMO_REDIRECT_URI = "http://localhost:8765/callback"  # the demo configuration's redirect_uri
NO_LIMIT = 10**12


@dataclass(frozen=True)
class Holder:
    """An account holder as the demo describes them."""

    name: str
    bank_code: str
    bank_name: str
    balance: int
    held: int = 0  # part of the balance that cannot be withdrawn (bank code 454)
    account_limit_per_transfer: int = 5_000_000  # the bank's limits: codes 455 and 456
    account_limit_daily: int = 10_000_000
    user_limit_per_transfer: int = 10_000_000  # Open Banking's per-user limits: A0111, A0112
    user_limit_daily: int = 20_000_000
    birth_date: str = ""  # YYYYMMDD: user/me's user_info, and the real-name check's number
    gender: str = ""  # M or F


MERCHANT = Holder("데모 카페", "011", "NH농협은행", 1_000_000, account_limit_per_transfer=NO_LIMIT,
                  account_limit_daily=NO_LIMIT)
CUSTOMERS = (
    Holder("김민준", "004", "KB국민은행", 2_500_000, birth_date="19900314", gender="M"),
    Holder("이서연", "088", "신한은행", 48_000_000, birth_date="19850722", gender="F"),
    Holder("박지호", "020", "우리은행", 300, birth_date="20010105", gender="M"),
    Holder("최수아", "081", "하나은행", 150_000, account_limit_per_transfer=50_000,
           account_limit_daily=100_000, birth_date="19971130", gender="F"),
    Holder("정예준", "090", "카카오뱅크", 900_000_000, account_limit_per_transfer=NO_LIMIT,
           account_limit_daily=NO_LIMIT, user_limit_per_transfer=NO_LIMIT,
           user_limit_daily=NO_LIMIT, birth_date="19780809", gender="M"),
    Holder("강하은", "092", "토스뱅크", 35_000, held=20_000, user_limit_per_transfer=20_000,
           user_limit_daily=30_000, birth_date="19930417", gender="F"),
)
MERCHANT_BUSINESS_NUMBER = "1208800767"  # the real-name check's number for the merchant


def holder_named(name: str) -> Holder:
    """The demo customer or merchant called `name`."""
    return next(h for h in (MERCHANT, *CUSTOMERS) if h.name == name)


@dataclass(frozen=True)
class SeededAccount:
    holder: Holder
    user_seq_no: str  # "" for the merchant, who is not an Open Banking user
    user_ci: str
    fintech_use_num: str
    account_num: str
    merchant: bool = False


def seeded_accounts(seed: int, contract_account: str) -> list[SeededAccount]:
    """The merchant's account (numbered as the contract account) and one per customer."""
    rng = random.Random(seed)
    accounts = [SeededAccount(MERCHANT, "", "", f"199{rng.randrange(10**21):021d}",
                              contract_account, merchant=True)]
    for holder in CUSTOMERS:
        accounts.append(SeededAccount(
            holder,
            user_seq_no=f"11{rng.randrange(10**8):08d}",
            user_ci=rng.randbytes(48).hex(),
            fintech_use_num=f"120{rng.randrange(10**21):021d}",
            account_num=f"{rng.randrange(100, 999)}{rng.randrange(10**9):09d}",
        ))
    return accounts


def mask_account(account_num: str) -> str:
    """How statements show an account number: the last three digits hidden."""
    return account_num[:-3] + "***"
