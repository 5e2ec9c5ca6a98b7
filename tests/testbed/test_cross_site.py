"""A tester's browser is no way in: /_sim/ takes only JSON from this testbed's own address,
and the consent redirects only to a registered Callback URL, byte for byte."""

import httpx
import pytest

from testbed import demo_data
from testbed.server import make_testbed
from testbed.settings import BankSettings

AUTHORIZE = {"response_type": "code", "client_id": demo_data.DEMO_CLIENT_ID,
             "redirect_uri": demo_data.DEMO_REDIRECT_URI, "scope": "login inquiry transfer",
             "state": "s" * 32}
RULES = '{"rules": [{"api": "withdraw", "fault": "drop"}]}'


def faults(testbed) -> list:
    return httpx.get(f"{testbed.url}/_sim/faults").json()["rules"]


def test_a_cross_site_text_plain_post_sets_no_fault(testbed):
    """Before: a page's `fetch(url, {method: "POST", body})` (text/plain, no preflight) set
    faults on the tester's testbed."""
    answer = httpx.post(f"{testbed.url}/_sim/faults", content=RULES,
                        headers={"Content-Type": "text/plain"})
    assert answer.status_code == 400 and faults(testbed) == []
    empty = httpx.post(f"{testbed.url}/_sim/reset")  # no body, no type: a page can send it
    assert empty.status_code == 400 and "Content-Type: application/json" in empty.text


def test_a_request_from_another_origin_is_refused_even_as_json(testbed):
    answer = httpx.post(f"{testbed.url}/_sim/faults", content=RULES, headers={
        "Content-Type": "application/json", "Origin": "http://evil.example"})
    assert answer.status_code == 403 and faults(testbed) == []
    own = httpx.post(f"{testbed.url}/_sim/faults", content=RULES, headers={
        "Content-Type": "application/json", "Origin": testbed.url})
    assert own.status_code == 200


@pytest.mark.parametrize("host", ["evil.example", "rebind.evil.example:{port}",
                                  "127.0.0.1:1"])
def test_a_rebound_host_name_reads_no_accounts(testbed, host):
    """DNS rebinding: the page's own name now points at 127.0.0.1; the Host still says so."""
    port = testbed.server_address[1]
    answer = httpx.get(f"{testbed.url}/_sim/accounts", headers={"Host": host.format(port=port)})
    assert answer.status_code == 403 and "fintech_use_num" not in answer.text


def test_the_tools_own_requests_still_work(testbed):
    assert httpx.get(f"{testbed.url}/_sim/accounts").status_code == 200
    port = testbed.server_address[1]
    local = httpx.get(f"{testbed.url}/_sim/accounts", headers={"Host": f"localhost:{port}"})
    assert local.status_code == 200
    assert httpx.post(f"{testbed.url}/_sim/faults", json={"rules": []}).status_code == 200


def test_authorize_redirects_only_to_a_registered_callback(testbed):
    """Before: any http(s) URL got the customer's authorization code."""
    answer = httpx.get(f"{testbed.url}/oauth/2.0/authorize",
                       params={**AUTHORIZE, "redirect_uri": "https://evil.example/steal"})
    assert answer.status_code == 400 and "location" not in answer.headers
    assert "not a Callback URL registered" in answer.text
    good = httpx.get(f"{testbed.url}/oauth/2.0/authorize", params=AUTHORIZE)
    assert good.status_code == 302
    assert good.headers["location"].startswith(demo_data.DEMO_REDIRECT_URI + "?")


def test_a_crlf_in_redirect_uri_injects_no_header(testbed):
    """Before: `%0d%0aSet-Cookie:...` in redirect_uri came out as a header of the 302."""
    injected = demo_data.DEMO_REDIRECT_URI + "\r\nSet-Cookie: pwned=1"
    for method in ("GET", "POST"):
        answer = httpx.request(method, f"{testbed.url}/oauth/2.0/authorize",
                               **({"params": {**AUTHORIZE, "redirect_uri": injected}}
                                  if method == "GET" else
                                  {"data": {**AUTHORIZE, "redirect_uri": injected,
                                            "decision": "agree", "user_seq_no": "x"}}))
        assert answer.status_code == 400 and "set-cookie" not in answer.headers
        assert "pwned" not in answer.headers.get("location", "")


def test_a_callback_that_could_break_a_header_cannot_be_registered():
    for uri in ("http://shop.example/cb\r\nX: 1", "javascript:alert(1)",
                'http://shop.example/"><script>', "http://shop.example/cb#frag"):
        with pytest.raises(ValueError, match="redirect URI"):
            BankSettings(redirect_uris=(uri,))


@pytest.mark.integration
def test_a_testbed_with_its_own_callback_redirects_there():
    settings = BankSettings(auto_consent=True, redirect_uris=("https://shop.example/cb",))
    with make_testbed(settings) as testbed:
        answer = httpx.get(f"{testbed.url}/oauth/2.0/authorize",
                           params={**AUTHORIZE, "redirect_uri": "https://shop.example/cb"})
        assert answer.headers["location"].startswith("https://shop.example/cb?")
