"""A client written by someone else from the public spec, with plain httpx and raw JSON.

Nothing from our client or message classes is used here: if the testbed only worked with
our own client, these would fail.
"""

import time
from datetime import datetime, timedelta, timezone

import httpx
import pytest

from testbed import demo_data
from testbed.server import make_testbed
from testbed.settings import BankSettings

pytestmark = pytest.mark.integration  # a testbed of its own

KST = timezone(timedelta(hours=9))


def now() -> str:
    return datetime.now(KST).strftime("%Y%m%d%H%M%S")


@pytest.fixture
def bank():
    """A testbed where this shop registered its Callback URL, https://shop.example/cb."""
    settings = BankSettings(auto_consent=True, redirect_uris=("https://shop.example/cb",))
    with make_testbed(settings) as testbed, httpx.Client(base_url=testbed.url) as http:
        yield http


def oob_token(bank) -> str:
    answer = bank.post("/oauth/2.0/token", data={
        "client_id": demo_data.DEMO_CLIENT_ID, "client_secret": demo_data.DEMO_CLIENT_SECRET,
        "scope": "oob", "grant_type": "client_credentials"}).json()
    assert answer["token_type"] == "Bearer" and answer["scope"] == "oob"
    assert answer["client_use_code"] == demo_data.DEMO_INSTITUTION_CODE
    return answer["access_token"]


def user_token(bank) -> dict:
    authorize = bank.get("/oauth/2.0/authorize", params={
        "response_type": "code", "client_id": demo_data.DEMO_CLIENT_ID,
        "redirect_uri": "https://shop.example/cb", "scope": "login inquiry transfer",
        "state": "12345678901234567890123456789012", "auth_type": "0"})
    assert authorize.status_code == 302
    callback = httpx.URL(authorize.headers["location"])
    assert callback.params["state"] == "12345678901234567890123456789012"
    answer = bank.post("/oauth/2.0/token", data={
        "code": callback.params["code"], "client_id": demo_data.DEMO_CLIENT_ID,
        "client_secret": demo_data.DEMO_CLIENT_SECRET,
        "redirect_uri": "https://shop.example/cb", "grant_type": "authorization_code"}).json()
    assert answer["expires_in"] > 0 and len(answer["user_seq_no"]) == 10
    return answer


def test_a_payment_and_its_refund_by_the_book(bank):
    user = user_token(bank)
    headers = {"Authorization": f"Bearer {user['access_token']}"}
    me = bank.get("/v2.0/user/me", params={"user_seq_no": user["user_seq_no"]},
                  headers=headers).json()
    assert me["rsp_code"] == "A0000"
    fintech = me["res_list"][0]["fintech_use_num"]
    bank_tran_id = f"{demo_data.DEMO_INSTITUTION_CODE}U{int(time.time() * 1000) % 10**9:09d}"
    withdraw = bank.post("/v2.0/transfer/withdraw/fin_num", headers=headers, json={
        "bank_tran_id": bank_tran_id, "cntr_account_type": "N",
        "cntr_account_num": demo_data.DEMO_CONTRACT_ACCOUNT, "dps_print_content": "카페",
        "fintech_use_num": fintech, "wd_print_content": "카페 결제", "tran_amt": "12000",
        "tran_dtime": now(), "req_client_name": "홍길동", "req_client_bank_code": "097",
        "req_client_account_num": "1101230000678", "req_client_num": "HONGGILDONG1234",
        "transfer_purpose": "ST", "recv_client_name": "카페", "recv_client_bank_code": "011",
        "recv_client_account_num": demo_data.DEMO_CONTRACT_ACCOUNT}).json()
    assert (withdraw["rsp_code"], withdraw["bank_rsp_code"]) == ("A0000", "000")
    assert withdraw["tran_amt"] == "12000"
    assert len(withdraw["api_tran_dtm"]) == 17 and len(withdraw["bank_tran_date"]) == 8
    assert "***" in withdraw["account_num_masked"]

    oob = {"Authorization": f"Bearer {oob_token(bank)}"}
    result = bank.post("/v2.0/transfer/result", headers=oob, json={
        "check_type": "1", "tran_dtime": now(), "req_cnt": "1", "req_list": [{
            "tran_no": "1", "org_bank_tran_id": bank_tran_id,
            "org_bank_tran_date": withdraw["bank_tran_date"], "org_tran_amt": "12000"}]}).json()
    assert result["res_list"][0]["bank_rsp_code"] == "000"

    deposit = bank.post("/v2.0/transfer/deposit/fin_num", headers=oob, json={
        "cntr_account_type": "N", "cntr_account_num": demo_data.DEMO_CONTRACT_ACCOUNT,
        "wd_pass_phrase": "NONE", "wd_print_content": "환불", "name_check_option": "off",
        "tran_dtime": now(), "req_cnt": "1", "req_list": [{
            "tran_no": "1", "bank_tran_id": bank_tran_id[:-1] + "X", "fintech_use_num": fintech,
            "print_content": "카페 환불", "tran_amt": "12000", "req_client_name": "홍길동",
            "req_client_fintech_use_num": fintech, "req_client_num": "HONGGILDONG1234",
            "transfer_purpose": "TR"}]}).json()
    assert deposit["rsp_code"] == "A0000"
    assert deposit["res_list"][0]["bank_rsp_code"] == "000"

    balance = bank.get("/v2.0/account/balance/fin_num", headers=headers, params={
        "bank_tran_id": bank_tran_id[:-1] + "Y", "fintech_use_num": fintech,
        "tran_dtime": now()}).json()
    assert balance["balance_amt"] == "2500000"
