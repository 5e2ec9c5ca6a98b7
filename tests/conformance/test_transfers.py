"""Withdraw, deposit and transfer/result, with the defaults and limits KFTC's pages give."""

import pytest

from tests.conformance.conftest import deposit_body, deposit_item, new_tran_id, now, withdraw_body
from tests.conformance.spec import ANSWERS, problems

WITHDRAW = "/v2.0/transfer/withdraw/fin_num"
DEPOSIT = "/v2.0/transfer/deposit/fin_num"
RESULT = "/v2.0/transfer/result"


def test_withdraw(kftc, customer):
    body = withdraw_body(customer, "12000")
    answer = kftc.post(WITHDRAW, customer["access_token"], body).json()
    assert problems(answer, ANSWERS["withdraw"]) == []
    assert (answer["rsp_code"], answer["bank_rsp_code"]) == ("A0000", "000")
    assert (answer["bank_tran_id"], answer["tran_amt"]) == (body["bank_tran_id"], "12000")


def test_sub_merchant_fields_are_optional_and_taken(kftc, customer):
    with_sub = withdraw_body(customer, sub_frnc_name="하위가맹점", sub_frnc_num="123456789012",
                             sub_frnc_business_num="1234567890")
    assert kftc.post(WITHDRAW, customer["access_token"], with_sub).json()["rsp_code"] == "A0000"
    refund = deposit_body(deposit_item(customer), sub_frnc_name="하위가맹점",
                          sub_frnc_num="123456789012", sub_frnc_business_num="1234567890")
    assert kftc.post(DEPOSIT, kftc.oob_token(), refund).json()["rsp_code"] == "A0000"


def test_a_deposit_without_name_check_option_is_checked_by_name(kftc, customer):
    """The page: name_check_option left out means "on"; every test account is in its
    holder's own name, so the check passes."""
    body = deposit_body(deposit_item(customer, "3000"))
    assert "name_check_option" not in body
    answer = kftc.post(DEPOSIT, kftc.oob_token(), body).json()
    assert problems(answer, ANSWERS["deposit"]) == []
    item = answer["res_list"][0]
    assert (answer["rsp_code"], item["bank_rsp_code"], item["tran_amt"]) == \
        ("A0000", "000", "3000")
    assert (item["cms_num"], item["withdraw_bank_tran_id"]) == ("", "")


def test_a_deposit_echoes_the_withdrawal_it_repays_and_its_cms_number(kftc, customer):
    charge = withdraw_body(customer, "5000")
    kftc.post(WITHDRAW, customer["access_token"], charge)
    body = deposit_body(deposit_item(customer, "5000", cms_num="93848103221",
                                     withdraw_bank_tran_id=charge["bank_tran_id"]),
                        name_check_option="off")
    item = kftc.post(DEPOSIT, kftc.oob_token(), body).json()["res_list"][0]
    assert (item["cms_num"], item["withdraw_bank_tran_id"]) == \
        ("93848103221", charge["bank_tran_id"])


@pytest.mark.parametrize("req_cnt", ["2", "0"])
def test_req_cnt_is_fixed_at_one(kftc, customer, req_cnt):
    items = [deposit_item(customer), deposit_item(customer, tran_no="2")][:int(req_cnt) or 1]
    body = deposit_body(*items, req_cnt=req_cnt)
    answer = kftc.post(DEPOSIT, kftc.oob_token(), body).json()
    assert answer["rsp_code"] == "A0004" and "req_cnt" in answer["rsp_message"]
    assert kftc.http.get("/_sim/transfers").json() == []


def test_transfer_result_finds_the_original(kftc, customer):
    charge = withdraw_body(customer, "7000")
    done = kftc.post(WITHDRAW, customer["access_token"], charge).json()
    answer = kftc.post(RESULT, kftc.oob_token(), {
        "check_type": "1", "tran_dtime": now(), "req_cnt": "1", "req_list": [{
            "tran_no": "1", "org_bank_tran_id": charge["bank_tran_id"],
            "org_bank_tran_date": done["bank_tran_date"], "org_tran_amt": "7000"}]}).json()
    assert problems(answer, ANSWERS["result"]) == []
    assert answer["res_list"][0]["bank_tran_id"] == charge["bank_tran_id"]


def test_transfer_result_of_two_with_one_unknown_is_a0009(kftc, customer):
    charge = withdraw_body(customer, "7000")
    done = kftc.post(WITHDRAW, customer["access_token"], charge).json()
    queries = [{"tran_no": "1", "org_bank_tran_id": charge["bank_tran_id"],
                "org_bank_tran_date": done["bank_tran_date"], "org_tran_amt": "7000"},
               {"tran_no": "2", "org_bank_tran_id": new_tran_id(),
                "org_bank_tran_date": done["bank_tran_date"], "org_tran_amt": "7000"}]
    answer = kftc.post(RESULT, kftc.oob_token(), {
        "check_type": "1", "tran_dtime": now(), "req_cnt": "2", "req_list": queries}).json()
    assert answer["rsp_code"] == "A0009"
    assert [r["rsp_code"] for r in answer["res_list"]] == ["A0000", "A0310"]
