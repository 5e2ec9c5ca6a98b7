"""A third-party client of the testbed, written from KFTC's pages: plain httpx, raw JSON.

It knows what a developer's testbed page tells them (client id and secret, institution
code, contract account, the test customers' accounts) and nothing of the project's client.
"""

import base64
import itertools
import json
import time
from datetime import datetime, timedelta, timezone

import httpx
import pytest

from testbed import demo_data
from testbed.server import make_testbed
from testbed.settings import BankSettings

KST = timezone(timedelta(hours=9))
REDIRECT_URI = "https://shop.example/callback"
CLIENT = {"client_id": demo_data.DEMO_CLIENT_ID, "client_secret": demo_data.DEMO_CLIENT_SECRET}
TEST_ACCOUNTS = demo_data.seeded_accounts(demo_data.DEMO_SEED, demo_data.DEMO_CONTRACT_ACCOUNT)
_serial = itertools.count(int(time.time() * 1000) % 10**8)


def now(offset_s: float = 0) -> str:
    """tran_dtime: the Korea time of the request."""
    return (datetime.now(KST) + timedelta(seconds=offset_s)).strftime("%Y%m%d%H%M%S")


def new_tran_id() -> str:
    """A bank_tran_id: institution code, U, nine characters unique today."""
    return f"{demo_data.DEMO_INSTITUTION_CODE}U{next(_serial):09d}"


def claims(token: str) -> dict:
    """The payload of a JWT, as clients that read their token decode it."""
    payload = token.split(".")[1]
    return json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


class ThirdParty:
    """The calls, as KFTC's pages write them."""

    def __init__(self, http: httpx.Client) -> None:
        self.http = http

    def authorize(self, scope: str = "login inquiry transfer", user: str = "") -> httpx.Response:
        query = {"response_type": "code", "client_id": CLIENT["client_id"],
                 "redirect_uri": REDIRECT_URI, "scope": scope,
                 "state": "12345678901234567890123456789012", "auth_type": "0"}
        if user:
            query["sim_user"] = user
        return self.http.get("/oauth/2.0/authorize", params=query)

    def token(self, **form: str) -> httpx.Response:
        return self.http.post("/oauth/2.0/token", data={**CLIENT, **form})

    def user_token(self, scope: str = "login inquiry transfer", user: str = "") -> dict:
        code = httpx.URL(self.authorize(scope, user).headers["location"]).params["code"]
        return self.token(grant_type="authorization_code", code=code,
                          redirect_uri=REDIRECT_URI).json()

    def oob_token(self) -> str:
        return self.token(grant_type="client_credentials", scope="oob").json()["access_token"]

    def get(self, path: str, token: str, **params: str) -> httpx.Response:
        return self.http.get(path, params=params, headers=bearer(token))

    def post(self, path: str, token: str, body: object) -> httpx.Response:
        return self.http.post(path, headers={**bearer(token),
                                             "Content-Type": "application/json; charset=UTF-8"},
                              content=json.dumps(body, ensure_ascii=False).encode())


@pytest.fixture
def testbed():
    """The testbed, with this client's Callback URL registered as at the developer site."""
    with make_testbed(BankSettings(auto_consent=True, redirect_uris=(REDIRECT_URI,))) as server:
        yield server


@pytest.fixture
def kftc(testbed):
    with httpx.Client(base_url=testbed.url) as http:
        yield ThirdParty(http)


def consented(kftc: ThirdParty, name: str) -> dict:
    """A test customer after consenting: the token answer, and their account."""
    account = next(a for a in TEST_ACCOUNTS if a.holder.name == name)
    token = kftc.user_token(user=account.user_seq_no)
    return {**token, "fintech_use_num": account.fintech_use_num,
            "account_num": account.account_num, "bank_code": account.holder.bank_code,
            "birth_date": account.holder.birth_date, "name": name}


@pytest.fixture
def customer(kftc) -> dict:
    return consented(kftc, "김민준")


def withdraw_body(customer: dict, amount: str = "12000", **changes: object) -> dict:
    return {"bank_tran_id": new_tran_id(), "cntr_account_type": "N",
            "cntr_account_num": demo_data.DEMO_CONTRACT_ACCOUNT, "dps_print_content": "데모 카페",
            "fintech_use_num": customer["fintech_use_num"], "wd_print_content": "데모 카페 결제",
            "tran_amt": amount, "tran_dtime": now(), "req_client_name": customer["name"],
            "req_client_fintech_use_num": customer["fintech_use_num"],
            "req_client_num": "CUST0001", "transfer_purpose": "ST",
            "recv_client_name": "데모 카페", "recv_client_bank_code": "011",
            "recv_client_account_num": demo_data.DEMO_CONTRACT_ACCOUNT, **changes}


def deposit_item(customer: dict, amount: str = "1000", **changes: object) -> dict:
    return {"tran_no": "1", "bank_tran_id": new_tran_id(),
            "fintech_use_num": customer["fintech_use_num"], "print_content": "데모 카페 환불",
            "tran_amt": amount, "req_client_name": customer["name"],
            "req_client_fintech_use_num": customer["fintech_use_num"],
            "req_client_num": "CUST0001", "transfer_purpose": "TR", **changes}


def deposit_body(*items: dict, **changes: object) -> dict:
    """A deposit as the page's example, without its optional fields (name_check_option
    has a default, the sub-merchant fields are optional)."""
    return {"cntr_account_type": "N", "cntr_account_num": demo_data.DEMO_CONTRACT_ACCOUNT,
            "wd_pass_phrase": "NONE", "wd_print_content": "환불", "tran_dtime": now(),
            "req_cnt": str(len(items)), "req_list": list(items), **changes}
