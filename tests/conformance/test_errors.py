"""Every documented rsp_code: the request that earns it, and the shape of the answer.

A-codes come back with HTTP 200 and O-codes (the gateway's) with 401 or 403, each with the
common fields. Codes the testbed reaches by its own rules are earned here by the request
that earns them at the centre; codes only a failing bank or centre gives (timeouts, service
unavailable) come from a /_sim/faults rule, as testers inject them.
"""

import httpx
import pytest

from tests.conformance.conftest import (
    consented,
    deposit_body,
    deposit_item,
    new_tran_id,
    now,
    withdraw_body,
)
from tests.conformance.spec import COMMON, problems

WITHDRAW = "/v2.0/transfer/withdraw/fin_num"


def refused(answer: httpx.Response, rsp_code: str, bank_rsp_code: str = "") -> dict:
    body = answer.json()
    assert problems(body, COMMON) == [], body
    assert body["rsp_code"] == rsp_code, body
    assert answer.status_code == (200 if rsp_code[0] == "A" else
                                  403 if rsp_code in ("O0004", "O0011") else 401)
    if bank_rsp_code:
        assert body["bank_rsp_code"] == bank_rsp_code
    return body


@pytest.mark.parametrize(("name", "amounts", "bank_rsp_code"), [
    ("박지호", ["301"], "453"),  # more than the balance
    ("강하은", ["20000"], "454"),  # part of the balance is held
    ("최수아", ["50001"], "455"),  # the bank's per-transfer limit
    ("최수아", ["50000", "50000", "1"], "456"),  # the bank's daily limit
])
def test_a0002_the_bank_declines(kftc, name, amounts, bank_rsp_code):
    customer = consented(kftc, name)
    *accepted, last = [kftc.post(WITHDRAW, customer["access_token"],
                                 withdraw_body(customer, amount)) for amount in amounts]
    assert all(a.json()["rsp_code"] == "A0000" for a in accepted)
    refused(last, "A0002", bank_rsp_code)


@pytest.mark.parametrize(("amounts", "rsp_code"), [
    (["20001"], "A0111"),  # the user's per-transfer limit at the centre
    (["15000", "15001"], "A0112"),  # the user's daily limit at the centre
])
def test_a0111_a0112_the_centres_limits(kftc, amounts, rsp_code):
    customer = consented(kftc, "강하은")
    answers = [kftc.post(WITHDRAW, customer["access_token"], withdraw_body(customer, amount))
               for amount in amounts]
    refused(answers[-1], rsp_code)


MALFORMED = [
    ("tran_amt", 12000, "an amount is a string of digits, N(12)"),
    ("tran_amt", "12,000", "digits only"),
    ("tran_amt", "0", "at least one won"),
    ("tran_dtime", now(-6 * 365 * 86400), "six years old"),
    ("tran_dtime", now(3600), "an hour ahead"),
    ("tran_dtime", "20261340250000", "not a date"),
    ("bank_tran_id", "T991234567U000000001", "another institution's code"),
    ("bank_tran_id", "M202200382U00001", "too short"),
    ("fintech_use_num", "12345", "24 digits"),
    ("transfer_purpose", "XX", "TR, ST or RC"),
    ("cntr_account_num", "999999", "not the contract account"),
    ("recv_client_account_num", None, "required"),
    ("req_client_bank_code", "097", "fintech number and account both given"),
    ("dps_print_content", "가" * 21, "AH(20)"),
]


# Named by field and why, not by value: a value made from the clock would name the test
# differently in each xdist worker.
@pytest.mark.parametrize(("field", "value", "why"), MALFORMED,
                         ids=[f"{field}: {why}" for field, _, why in MALFORMED])
def test_a0004_a_malformed_request_moves_nothing(kftc, customer, field, value, why):
    body = withdraw_body(customer, **{field: value})
    if value is None:
        del body[field]
    answer = refused(kftc.post(WITHDRAW, customer["access_token"], body), "A0004")
    assert field in answer["rsp_message"], why  # the message names the field
    assert kftc.http.get("/_sim/transfers").json() == []


@pytest.mark.parametrize("body", [b"{not json", b"[]", b"<html></html>", b""])
def test_a0004_a_body_that_is_not_a_json_object(kftc, customer, body):
    answer = kftc.http.post(WITHDRAW, content=body, headers={
        "Authorization": f"Bearer {customer['access_token']}"})
    refused(answer, "A0004")


def test_a0009_a_deposit_whose_item_fails(kftc, customer):
    item = deposit_item(customer, fintech_use_num="1" * 24)
    answer = refused(kftc.post("/v2.0/transfer/deposit/fin_num", kftc.oob_token(),
                               deposit_body(item)), "A0009")
    assert answer["res_list"][0]["bank_rsp_code"] == "412"


def test_a0304_someone_elses_fintech_number(kftc, customer):
    other = consented(kftc, "이서연")
    body = withdraw_body(customer, fintech_use_num=other["fintech_use_num"])
    refused(kftc.post(WITHDRAW, customer["access_token"], body), "A0304")


def test_a0310_no_such_transfer(kftc):
    answer = refused(kftc.post("/v2.0/transfer/result", kftc.oob_token(), {
        "check_type": "2", "tran_dtime": now(), "req_cnt": "1", "req_list": [{
            "tran_no": "1", "org_bank_tran_id": new_tran_id(), "org_bank_tran_date": now()[:8],
            "org_tran_amt": "1000"}]}), "A0310")
    assert answer["res_list"][0]["rsp_code"] == "A0310"


def test_a0326_a_bank_tran_id_used_twice_today(kftc, customer):
    body = withdraw_body(customer, "1000")
    assert kftc.post(WITHDRAW, customer["access_token"], body).json()["rsp_code"] == "A0000"
    refused(kftc.post(WITHDRAW, customer["access_token"], {**body, "tran_dtime": now()}),
            "A0326")
    assert len(kftc.http.get("/_sim/transfers").json()) == 1


@pytest.mark.parametrize("authorization", [None, "Bearer", "Bearer not-a-token",
                                           "Basic a2lvc2s6c2VjcmV0"])
def test_o0002_no_token_or_not_ours(kftc, customer, authorization):
    headers = {"Authorization": authorization} if authorization else {}
    answer = kftc.http.post(WITHDRAW, json=withdraw_body(customer), headers=headers)
    refused(answer, "O0002")


def test_o0003_an_expired_token(kftc, customer):
    kftc.http.post("/_sim/expire_tokens", json={})
    refused(kftc.post(WITHDRAW, customer["access_token"], withdraw_body(customer)), "O0003")


def test_o0004_another_users_information(kftc, customer):
    other = consented(kftc, "이서연")
    refused(kftc.get("/v2.0/user/me", customer["access_token"],
                     user_seq_no=other["user_seq_no"]), "O0004")


@pytest.mark.parametrize("path", [
    WITHDRAW, "/v2.0/transfer/deposit/fin_num", "/v2.0/inquiry/real_name",
    "/v2.0/inquiry/receive", "/v2.0/transfer/result"])
def test_o0011_a_token_without_the_apis_scope(kftc, path):
    login_only = kftc.user_token("login")["access_token"]
    refused(kftc.post(path, login_only, {}), "O0011")


def test_o0011_an_institution_token_cannot_withdraw(kftc, customer):
    refused(kftc.post(WITHDRAW, kftc.oob_token(), withdraw_body(customer)), "O0011")


INJECTED = ["A0001", "A0003", "A0007", "A0008", "A0013", "A0017", "A0021", "A0101", "A0106",
            "A0305", "A0306", "A0316", "A0319", "O0005", "O0006", "O0007"]


@pytest.mark.parametrize("rsp_code", INJECTED)
def test_codes_a_failing_centre_gives_come_from_fault_rules(kftc, customer, rsp_code):
    rule = {"api": "withdraw", "fault": "rsp_code", "code": rsp_code, "apply": False}
    assert kftc.http.post("/_sim/faults", json={"rules": [rule]}).status_code == 200
    refused(kftc.post(WITHDRAW, customer["access_token"], withdraw_body(customer)), rsp_code)
    assert kftc.http.get("/_sim/transfers").json() == []
