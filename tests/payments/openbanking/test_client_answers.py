"""Answers no honest testbed sends, fed in through httpx.MockTransport: each is classified,
none is raised, and none is mistaken for an approval."""

import json

import httpx
import pytest

from payments.openbanking.outcomes import Outcome
from tests.conftest import Customer, make_client, withdraw_request

CUSTOMER = Customer("1100000001", "1" * 24, "김민준")
TOKEN = {"access_token": "t", "token_type": "Bearer", "expires_in": 7776000,
         "scope": "login inquiry transfer", "refresh_token": "r", "user_seq_no": "1100000001"}


def answering(status: int, body: bytes | dict, content_type: str = "application/json"):
    def handle(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/oauth/2.0/token":
            return httpx.Response(200, json=TOKEN)
        data = json.dumps(body).encode() if isinstance(body, dict) else body
        return httpx.Response(status, content=data, headers={"content-type": content_type})
    return httpx.MockTransport(handle)


def withdraw_with(db, transport, amount=4500):
    client = make_client("https://bank.example", db, transport=transport)
    client._issue_token({"grant_type": "authorization_code", "code": "c",
                         "redirect_uri": "x"}, owner=None)
    request = withdraw_request(client, CUSTOMER, amount)
    return request, client.withdraw(CUSTOMER.user_seq_no, request)


@pytest.mark.parametrize(("status", "body", "content_type"), [
    (200, b"<html><body>Service Temporarily Unavailable</body></html>", "text/html"),
    (502, b"<html><h1>502 Bad Gateway</h1></html>", "text/html"),
    (200, b"", "application/json"),
    (200, b'{"rsp_code": "A00', "application/json"),
    (200, b"[1, 2, 3]", "application/json"),
    (200, {"rsp_message": "no code at all"}, "application/json"),
    (200, {"rsp_code": 0}, "application/json"),
    (200, {"rsp_code": "A0000", "bank_rsp_code": "000"}, "application/json"),  # no amount
])
def test_an_unreadable_answer_to_a_charge_is_unknown(db, status, body, content_type):
    _, answer = withdraw_with(db, answering(status, body, content_type))
    assert answer.outcome is Outcome.UNKNOWN
    assert answer.detail


def approving(tran_amt: object) -> httpx.MockTransport:
    """A bank that approves whatever it is sent, saying the amount was `tran_amt`."""
    def handle(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/oauth/2.0/token":
            return httpx.Response(200, json=TOKEN)
        sent = json.loads(request.content)
        return httpx.Response(200, json={"rsp_code": "A0000", "bank_rsp_code": "000",
                                         "bank_tran_id": sent["bank_tran_id"],
                                         "tran_amt": tran_amt})
    return httpx.MockTransport(handle)


def test_the_honest_approval_is_approved(db):
    assert withdraw_with(db, approving("4500"))[1].outcome is Outcome.APPROVED


def test_an_approval_for_another_amount_is_not_an_approval(db):
    _, answer = withdraw_with(db, approving("45000"))
    assert answer.outcome is Outcome.UNKNOWN
    assert "does not match" in answer.detail


def test_an_approval_with_a_wrongly_typed_field_is_unknown(db):
    _, answer = withdraw_with(db, approving(4500))  # a JSON number, not a string
    assert answer.outcome is Outcome.UNKNOWN


def test_a_readable_decline_keeps_its_reason_even_when_fields_are_missing(db):
    _, answer = withdraw_with(db, answering(200, {"rsp_code": "A0002",
                                                      "bank_rsp_code": "453"}))
    assert (answer.outcome, answer.bank_rsp_code) == (Outcome.DECLINED, "453")
    assert answer.reason.ko == "잔액이 부족합니다"


def test_a_token_endpoint_that_answers_html_is_an_auth_problem(db):
    transport = httpx.MockTransport(lambda request: httpx.Response(
        503, content=b"<html>down</html>", headers={"content-type": "text/html"}))
    client = make_client("https://bank.example", db, transport=transport)
    assert client.institution_token().outcome is Outcome.AUTH


def test_a_customer_token_without_its_user_is_refused_not_kept(db):
    anonymous = {key: value for key, value in TOKEN.items() if key != "user_seq_no"}
    transport = httpx.MockTransport(lambda request: httpx.Response(200, json=anonymous))
    client = make_client("https://bank.example", db, transport=transport)
    assert client.exchange_code("code").outcome is Outcome.AUTH
    assert db.execute("SELECT count(*) FROM tokens").fetchone()[0] == 0
