"""The codec: amounts as digit strings, required fields, and errors that name the field."""

import pytest

from payments.openbanking.messages.transfers import (
    ResultQuery,
    TransferResultAnswer,
    WithdrawRequest,
)
from payments.openbanking.messages.users import UserMeRequest
from payments.openbanking.wire import WireError, decode, encode


def test_amounts_travel_as_strings_and_come_back_as_won():
    query = ResultQuery(tran_no="1", org_bank_tran_id="M202200382UABC000001",
                            org_bank_tran_date="20261121", org_tran_amt=4500)
    data = encode(query)
    assert data["org_tran_amt"] == "4500"
    assert decode(ResultQuery, data) == query


@pytest.mark.parametrize(("change", "field"), [
    ({"org_tran_amt": 4500}, "org_tran_amt"),  # a JSON number, not a string
    ({"org_tran_amt": "45.00"}, "org_tran_amt"),
    ({"org_bank_tran_date": "20261332"}, "org_bank_tran_date"),
    ({"org_bank_tran_id": "M202200382XABC000001"}, "org_bank_tran_id"),
    ({"tran_no": None}, "tran_no"),
])
def test_a_bad_field_is_named(change, field):
    data = {"tran_no": "1", "org_bank_tran_id": "M202200382UABC000001",
            "org_bank_tran_date": "20261121", "org_tran_amt": "4500", **change}
    with pytest.raises(WireError, match=field):
        decode(ResultQuery, data)


def test_the_client_cannot_send_a_malformed_request():
    with pytest.raises(WireError, match="user_seq_no"):
        encode(UserMeRequest(user_seq_no="12"))


def test_nested_lists_name_the_item():
    with pytest.raises(WireError, match=r"res_list\[0\]\.tran_amt"):
        decode(TransferResultAnswer, {"rsp_code": "A0000", "res_cnt": "1",
                                          "res_list": [{"tran_amt": "x"}]})


def test_a_withdrawal_names_the_payer_one_way_only():
    with pytest.raises(WireError, match="exactly one"):
        WithdrawRequest(
            bank_tran_id="M202200382UABC000001", cntr_account_type="N",
            cntr_account_num="3020000012345", dps_print_content="shop",
            fintech_use_num="1" * 24, tran_amt=1, tran_dtime="20261121120000",
            req_client_name="x", req_client_num="1", transfer_purpose="ST",
            recv_client_name="shop", recv_client_bank_code="011",
            recv_client_account_num="3020000012345")
