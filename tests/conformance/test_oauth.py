"""OAuth 2.0 as KFTC's pages describe it: authorize, the three grants, and the JWT tokens."""

import re
import time
import uuid

import httpx
import pytest

from testbed import demo_data
from testbed.server import make_testbed
from testbed.settings import BankSettings
from tests.conformance.conftest import REDIRECT_URI, claims, now
from tests.conformance.spec import ISSUER, JWT_CLAIMS, TOKEN_OOB, TOKEN_USER, problems


def test_a_customer_token_has_the_documented_fields(customer):
    assert problems(customer, TOKEN_USER) == []
    assert customer["expires_in"] == 7_776_000  # 90 days, a JSON number


def test_access_tokens_are_jwts_with_the_centres_claims(kftc, customer):
    token = claims(customer["access_token"])
    assert set(token) == set(JWT_CLAIMS)
    assert token["aud"] == customer["user_seq_no"] and token["iss"] == ISSUER
    assert token["scope"] == ["inquiry", "login", "transfer"]  # a list, in name order
    assert abs(token["exp"] - (time.time() + customer["expires_in"])) < 60
    assert uuid.UUID(token["jti"])
    oob = claims(kftc.oob_token())
    assert (oob["aud"], oob["scope"]) == (demo_data.DEMO_INSTITUTION_CODE, ["oob"])
    assert claims(customer["refresh_token"])["jti"] != token["jti"]


def test_the_institution_token(kftc):
    answer = kftc.token(grant_type="client_credentials", scope="oob").json()
    assert problems(answer, TOKEN_OOB) == []
    assert answer["client_use_code"] == demo_data.DEMO_INSTITUTION_CODE


def test_a_refresh_gives_new_tokens_and_retires_the_old_refresh_token(kftc, customer):
    form = {"grant_type": "refresh_token", "refresh_token": customer["refresh_token"],
            "scope": customer["scope"]}
    renewed = kftc.token(**form).json()
    assert problems(renewed, TOKEN_USER) == []
    assert renewed["access_token"] != customer["access_token"]
    assert kftc.token(**form).json()["rsp_code"] == "O0001"


@pytest.mark.parametrize("scope", ["login inquiry transfer oob", "login inquiry transfer "
                                   "cardinfo fintechinfo", "login"])
def test_the_documented_scopes_are_granted_at_authorize(kftc, scope):
    answer = kftc.user_token(scope)
    assert answer["scope"] == " ".join(sorted(scope.split()))
    assert claims(answer["access_token"])["scope"] == sorted(scope.split())


def test_a_customer_token_with_oob_calls_the_oob_apis(kftc):
    token = kftc.user_token("login inquiry transfer oob")["access_token"]
    answer = kftc.post("/v2.0/transfer/result", token, {
        "check_type": "1", "tran_dtime": now(), "req_cnt": "1", "req_list": [{
                "tran_no": "1", "org_bank_tran_id": "M202200382U000000001",
                "org_bank_tran_date": "20260101", "org_tran_amt": "1000"}]})
    assert answer.json()["rsp_code"] == "A0310"  # heard, not refused for its scope


def test_the_authorize_redirect_carries_code_scope_and_state(kftc):
    location = httpx.URL(kftc.authorize("transfer login inquiry").headers["location"])
    assert str(location).startswith(REDIRECT_URI)
    assert location.params["state"] == "12345678901234567890123456789012"
    assert location.params["scope"] == "inquiry login transfer"
    assert re.fullmatch(r"[A-Za-z0-9_-]{20,}", location.params["code"])


@pytest.mark.parametrize("change", [{"scope": "login payments"}, {"scope": ""},
                                    {"response_type": "token"}, {"client_id": "someone"},
                                    {"redirect_uri": "not a url"}, {"state": ""}])
def test_a_bad_authorize_request_is_an_error_page(kftc, change):
    query = {"response_type": "code", "client_id": demo_data.DEMO_CLIENT_ID,
             "redirect_uri": REDIRECT_URI, "scope": "login", "state": "s" * 32, **change}
    answer = kftc.http.get("/oauth/2.0/authorize", params=query)
    assert answer.status_code == 400 and "text/html" in answer.headers["content-type"]


@pytest.mark.parametrize(("form", "status"), [
    ({"grant_type": "client_credentials", "scope": "oob", "client_secret": "wrong"}, 401),
    ({"grant_type": "client_credentials", "scope": "login"}, 400),
    ({"grant_type": "password"}, 400),
    ({"grant_type": "authorization_code", "code": "never-issued",
      "redirect_uri": REDIRECT_URI}, 400),
    ({"grant_type": "refresh_token", "refresh_token": "never-issued"}, 400),
])
def test_a_refused_token_request_is_o0001(kftc, form, status):
    answer = kftc.token(**form)
    assert (answer.status_code, answer.json()["rsp_code"]) == (status, "O0001")


def test_a_code_is_for_its_redirect_uri_once(kftc):
    code = httpx.URL(kftc.authorize().headers["location"]).params["code"]
    elsewhere = kftc.token(grant_type="authorization_code", code=code,
                           redirect_uri="https://elsewhere.example/cb").json()
    assert elsewhere["rsp_code"] == "O0001"
    code = httpx.URL(kftc.authorize().headers["location"]).params["code"]
    form = {"grant_type": "authorization_code", "code": code, "redirect_uri": REDIRECT_URI}
    assert "access_token" in kftc.token(**form).json()
    assert kftc.token(**form).json()["rsp_code"] == "O0001"


@pytest.mark.integration
def test_a_person_consents_on_the_page_and_the_form_posts_back():
    """Without auto-consent the authorize URL is a page; its form POSTs to the same path."""
    with make_testbed(BankSettings(redirect_uris=(REDIRECT_URI,))) as testbed, \
            httpx.Client(base_url=testbed.url) as http:
        query = {"response_type": "code", "client_id": demo_data.DEMO_CLIENT_ID,
                 "redirect_uri": REDIRECT_URI, "scope": "login inquiry transfer oob",
                 "state": "s" * 32, "auth_type": "0"}
        page = http.get("/oauth/2.0/authorize", params=query)
        assert page.status_code == 200 and 'action="/oauth/2.0/authorize"' in page.text
        user = http.get("/_sim/accounts").json()[1]["user_seq_no"]
        agreed = http.post("/oauth/2.0/authorize",
                           data={**query, "user_seq_no": user, "decision": "agree"})
        back = httpx.URL(agreed.headers["location"])
        assert back.params["scope"] == "inquiry login oob transfer"
        refused = http.post("/oauth/2.0/authorize", data={**query, "decision": "deny"})
        assert httpx.URL(refused.headers["location"]).params["error"] == "access_denied"
