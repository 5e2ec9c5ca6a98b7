"""The testbed refuses what the real one refuses, and garbage never brings it down."""

import json

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from payments.openbanking.wire import encode
from testbed import demo_data
from testbed.server import make_testbed
from tests.conftest import enroll, journal, withdraw_request


@pytest.fixture
def paying(client, testbed):
    """A valid withdrawal body and the headers to send it with, for breaking one field."""
    customer = enroll(client, testbed, "김민준")
    token = client.user_token(customer.user_seq_no).message.access_token
    return encode(withdraw_request(client, customer, 1000)), {
        "Authorization": f"Bearer {token}"}


def post_withdraw(testbed, body, headers):
    return httpx.post(f"{testbed.url}/v2.0/transfer/withdraw/fin_num", headers=headers,
                      content=json.dumps(body))


@pytest.mark.parametrize(("field", "value"), [
    ("bank_tran_id", "T991234567U000000001"),  # another institution's prefix
    ("tran_amt", "12a00"),
    ("tran_amt", 1000),  # a JSON number: amounts are strings
    ("tran_amt", "0"),
    ("tran_dtime", "20261340250000"),
    ("recv_client_name", None),
    ("recv_client_account_num", None),
    ("fintech_use_num", "12345"),
    ("transfer_purpose", "XX"),
    ("cntr_account_num", "999999"),
])
def test_a_malformed_field_is_a0004_and_moves_nothing(testbed, paying, field, value):
    body, headers = paying
    answer = post_withdraw(testbed, {**body, field: value}, headers).json()
    assert answer["rsp_code"] == "A0004"
    if value is not None and field != "cntr_account_num":
        assert field in answer["rsp_message"]
    assert journal(testbed) == []


def test_scopes_are_enforced(testbed, client, paying):
    body, _ = paying
    oob = client.institution_token().message.access_token
    answer = post_withdraw(testbed, body, {"Authorization": f"Bearer {oob}"})
    assert (answer.status_code, answer.json()["rsp_code"]) == (403, "O0011")


def test_a_missing_or_unknown_token_is_o0002(testbed, paying):
    body, _ = paying
    assert post_withdraw(testbed, body, {}).json()["rsp_code"] == "O0002"
    assert post_withdraw(testbed, body, {"Authorization": "Bearer nope"}).status_code == 401


def test_an_authorization_code_works_once(testbed):
    location = httpx.get(f"{testbed.url}/oauth/2.0/authorize", params={
        "response_type": "code", "client_id": demo_data.DEMO_CLIENT_ID,
        "redirect_uri": "http://localhost:8765/callback", "scope": "login",
        "state": "s" * 32}).headers["location"]
    form = {"grant_type": "authorization_code", "code": httpx.URL(location).params["code"],
            "client_id": demo_data.DEMO_CLIENT_ID,
            "client_secret": demo_data.DEMO_CLIENT_SECRET,
            "redirect_uri": "http://localhost:8765/callback"}
    assert "access_token" in httpx.post(f"{testbed.url}/oauth/2.0/token", data=form).json()
    again = httpx.post(f"{testbed.url}/oauth/2.0/token", data=form).json()
    assert again["rsp_code"] == "O0001"


@pytest.mark.integration
def test_the_consent_page_can_be_clicked_through(tmp_path):
    with make_testbed() as testbed:  # no auto-consent: a person chooses and agrees
        query = {"response_type": "code", "client_id": demo_data.DEMO_CLIENT_ID,
                 "redirect_uri": "http://localhost:8765/callback",
                 "scope": "login inquiry transfer", "state": "s" * 32}
        page = httpx.get(f"{testbed.url}/oauth/2.0/authorize", params=query)
        assert page.status_code == 200 and "동의" in page.text and "김민준" in page.text
        agreed = httpx.post(f"{testbed.url}/oauth/2.0/authorize", data={
            **query, "user_seq_no": testbed.bank.accounts()[2]["user_seq_no"],
            "decision": "agree"})
        assert "code=" in agreed.headers["location"]
        denied = httpx.post(f"{testbed.url}/oauth/2.0/authorize",
                            data={**query, "decision": "deny"})
        assert "error=access_denied" in denied.headers["location"]


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=30),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=25), inner,
                                                               max_size=6),
    max_leaves=20)


PATHS = ["/v2.0/transfer/withdraw/fin_num", "/v2.0/transfer/deposit/fin_num",
         "/v2.0/transfer/result", "/oauth/2.0/token", "/_sim/faults"]


@settings(max_examples=150, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(body=st.one_of(st.binary(max_size=300), json_values.map(lambda v: json.dumps(v).encode())),
       path=st.sampled_from(PATHS))
def test_garbage_never_crashes_it(testbed, client, paying, body, path):
    _, headers = paying
    if path in PATHS[1:3]:  # deposit and result take the institution's token
        headers = {"Authorization": f"Bearer {client.institution_token().message.access_token}"}
    answer = httpx.post(f"{testbed.url}{path}", content=body, headers=headers)
    assert answer.status_code in (200, 400, 401, 403)
    assert answer.json().get("rsp_code", "A0004") in ("A0004", "O0001", "O0002", "A0326") \
        or "error" in answer.json()


def test_garbage_in_a_deeply_nested_body_is_a0004(testbed, paying):
    _, headers = paying
    answer = httpx.post(f"{testbed.url}/v2.0/transfer/withdraw/fin_num", headers=headers,
                        content=b"[" * 100_000)
    assert answer.json()["rsp_code"] == "A0004"
