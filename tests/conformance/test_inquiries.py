"""The inquiries: user/me, account/list, balance, transaction list, real name, receive."""

import pytest

from testbed import demo_data
from tests.conformance.conftest import TEST_ACCOUNTS, new_tran_id, now, withdraw_body
from tests.conformance.spec import ANSWERS, problems
from tests.conftest import set_faults


def test_user_me(kftc, customer):
    answer = kftc.get("/v2.0/user/me", customer["access_token"],
                      user_seq_no=customer["user_seq_no"]).json()
    assert problems(answer, ANSWERS["user_me"]) == []
    assert answer["user_info"] == customer["birth_date"]
    assert [a["fintech_use_num"] for a in answer["res_list"]] == [customer["fintech_use_num"]]
    assert customer["account_num"] not in str(answer)  # only ever masked


@pytest.mark.parametrize("order", ["D", "A"])
def test_account_list(kftc, customer, order):
    answer = kftc.get("/v2.0/account/list", customer["access_token"],
                      user_seq_no=customer["user_seq_no"], include_cancel_yn="N",
                      sort_order=order).json()
    assert problems(answer, ANSWERS["account_list"]) == []
    assert answer["res_list"][0]["account_state"] == "01"


@pytest.mark.parametrize("path", ["/v2.0/user/me", "/v2.0/account/list"])
def test_only_the_tokens_own_user_is_looked_up(kftc, customer, path):
    someone = next(a for a in TEST_ACCOUNTS if a.user_seq_no and
                   a.user_seq_no != customer["user_seq_no"])
    answer = kftc.get(path, customer["access_token"], user_seq_no=someone.user_seq_no,
                      include_cancel_yn="N", sort_order="D")
    assert (answer.status_code, answer.json()["rsp_code"]) == (403, "O0004")


def test_balance(kftc, customer):
    answer = kftc.get("/v2.0/account/balance/fin_num", customer["access_token"],
                      bank_tran_id=new_tran_id(), fintech_use_num=customer["fintech_use_num"],
                      tran_dtime=now()).json()
    assert problems(answer, ANSWERS["balance"]) == []
    assert answer["balance_amt"] == "2500000"


def test_transaction_list_pages_through_everything(kftc, customer):
    for _ in range(27):
        assert kftc.post("/v2.0/transfer/withdraw/fin_num", customer["access_token"],
                         withdraw_body(customer, "100")).json()["rsp_code"] == "A0000"
    pages, trace = [], ""
    while True:
        answer = kftc.get("/v2.0/account/transaction_list/fin_num", customer["access_token"],
                          bank_tran_id=new_tran_id(),
                          fintech_use_num=customer["fintech_use_num"], inquiry_type="A",
                          inquiry_base="D", from_date=now()[:8], to_date=now()[:8],
                          sort_order="D", tran_dtime=now(),
                          **({"befor_inquiry_trace_info": trace} if trace else {})).json()
        assert problems(answer, ANSWERS["transactions"]) == []
        pages.append(answer["res_list"])
        if answer["next_page_yn"] == "N":
            break
        trace = answer["befor_inquiry_trace_info"]
    assert [len(p) for p in pages] == [25, 2]
    assert pages[0][0]["after_balance_amt"] == str(2_500_000 - 27 * 100)


def test_real_name_names_the_holder_when_the_birth_date_matches(kftc, customer):
    body = {"bank_tran_id": new_tran_id(), "bank_code_std": customer["bank_code"],
            "account_num": customer["account_num"], "account_holder_info_type": " ",
            "account_holder_info": customer["birth_date"][2:], "tran_dtime": now()}
    answer = kftc.post("/v2.0/inquiry/real_name", kftc.oob_token(), body).json()
    assert problems(answer, ANSWERS["real_name"]) == []
    assert (answer["rsp_code"], answer["account_holder_name"]) == ("A0000", customer["name"])


@pytest.mark.parametrize(("change", "bank_rsp_code"), [
    ({"account_holder_info": "000101"}, "499"),  # someone else's birth date
    ({"account_num": "1"}, "412"),  # no such account
])
def test_real_name_refusals_come_from_the_bank(kftc, customer, change, bank_rsp_code):
    body = {"bank_tran_id": new_tran_id(), "bank_code_std": customer["bank_code"],
            "account_num": customer["account_num"], "account_holder_info_type": "",
            "account_holder_info": customer["birth_date"][2:], "tran_dtime": now(), **change}
    answer = kftc.post("/v2.0/inquiry/real_name", kftc.oob_token(), body).json()
    assert (answer["rsp_code"], answer["bank_rsp_code"]) == ("A0002", bank_rsp_code)
    assert answer["account_holder_name"] == ""


def test_the_merchants_real_name_is_its_business_number(kftc):
    body = {"bank_tran_id": new_tran_id(), "bank_code_std": "011",
            "account_num": demo_data.DEMO_CONTRACT_ACCOUNT, "account_holder_info_type": "6",
            "account_holder_info": demo_data.MERCHANT_BUSINESS_NUMBER, "tran_dtime": now()}
    answer = kftc.post("/v2.0/inquiry/real_name", kftc.oob_token(), body).json()
    assert (answer["rsp_code"], answer["account_holder_name"]) == ("A0000", "데모 카페")


def receive_body(customer: dict, **changes: str) -> dict:
    return {"bank_tran_id": new_tran_id(), "cntr_account_type": "N",
            "cntr_account_num": demo_data.DEMO_CONTRACT_ACCOUNT,
            "bank_code_std": customer["bank_code"], "account_num": customer["account_num"],
            "print_content": "데모 카페 환불", "tran_amt": "4500",
            "req_client_name": customer["name"],
            "req_client_fintech_use_num": customer["fintech_use_num"],
            "req_client_num": "CUST0001", "transfer_purpose": "TR", "tran_dtime": now(),
            **changes}


def test_receive_names_who_would_be_paid_and_moves_nothing(kftc, customer, testbed):
    before = kftc.http.get("/_sim/accounts").json()
    answer = kftc.post("/v2.0/inquiry/receive", kftc.oob_token(), receive_body(customer)).json()
    assert problems(answer, ANSWERS["receive"]) == []
    assert (answer["account_holder_name"], answer["tran_amt"]) == (customer["name"], "4500")
    assert kftc.http.get("/_sim/accounts").json() == before
    assert kftc.http.get("/_sim/transfers").json() == []


def test_receive_to_no_account_is_bank_code_412(kftc, customer):
    answer = kftc.post("/v2.0/inquiry/receive", kftc.oob_token(),
                       receive_body(customer, account_num="99")).json()
    assert (answer["rsp_code"], answer["bank_rsp_code"]) == ("A0002", "412")


def test_a_fault_rule_can_name_the_real_name_check_alone(kftc, customer, testbed):
    set_faults(testbed, {"api": "real_name", "fault": "rsp_code", "code": "A0013",
                         "times": 1})
    body = {"bank_tran_id": new_tran_id(), "bank_code_std": customer["bank_code"],
            "account_num": customer["account_num"], "account_holder_info_type": " ",
            "account_holder_info": customer["birth_date"][2:], "tran_dtime": now()}
    assert kftc.post("/v2.0/inquiry/real_name", kftc.oob_token(), body).json()[
        "rsp_code"] == "A0013"
    assert kftc.post("/v2.0/inquiry/real_name", kftc.oob_token(), {
        **body, "bank_tran_id": new_tran_id()}).json()["rsp_code"] == "A0000"
