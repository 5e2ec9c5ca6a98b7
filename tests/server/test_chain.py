"""A chain's counters charge and refund through one server on PostgreSQL, each request
answered once for its key, whatever is lost on the way back (issue 21)."""

import threading
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest

from payments.reasons import Refused
from server.terminal_auth import KEY, SIGNATURE, TERMINAL
from testbed.consent import auto_consent
from tests.conftest import accounts, demo_code
from tests.server.conftest import customer_fin


def enroll_at(shops, terminal, name: str = "김민준") -> list[dict]:
    """The customer registers at `terminal`'s register screen: the consent page, then the
    bank sends the phone to the server."""
    consent_url, state = terminal.engine.begin_enrollment()
    user = next(a["user_seq_no"] for a in accounts(shops.bank) if a["holder_name"] == name)
    code = auto_consent(consent_url, user)
    page = httpx.get(f"{shops.url}/enroll/done", params={"code": code, "state": state})
    assert page.status_code == 200 and "등록되었습니다" in page.text
    return terminal.engine.enrollment(state)["accounts"]


def test_a_customer_enrolled_at_one_counter_pays_at_another(chain):
    first, second = chain.terminal("gangnam-1"), chain.terminal("gangnam-2")
    registered = enroll_at(chain, first)
    fin = customer_fin(chain.bank)
    assert registered and all(fin not in str(account) for account in registered)
    paid = second.pay(4500, demo_code(fin))
    assert paid.status == "approved" and chain.moved() == 4500
    assert chain.chain.ledger.payment(paid.payment_id).counter == "gangnam-2"
    assert second.engine.result(paid.payment_id).status == "approved"  # its own copy


def test_a_code_used_at_one_counter_is_refused_at_every_other(chain):
    first, second = chain.terminal("a"), chain.terminal("b")
    enroll_at(chain, first)
    code = demo_code(customer_fin(chain.bank))
    assert first.pay(4500, code).status == "approved"
    again = second.pay(4500, code)
    assert again.status == "declined" and "already used" in again.reason.en
    assert chain.moved() == 4500


def test_a_refund_at_another_counter_and_a_lost_answer_refund_once(chain):
    first, second = chain.terminal("a"), chain.terminal("b")
    enroll_at(chain, first)
    paid = first.pay(9000, demo_code(customer_fin(chain.bank)))
    second.transport.drops = 1  # the refund's answer is lost after the bank paid it back
    refund = second.engine.refund(paid.payment_id, 2000)
    assert refund.status == "approved" and chain.moved() == 7000
    with pytest.raises(Refused, match="at most 7,000 won"):
        second.engine.refund(paid.payment_id, 8000)


def test_a_charge_whose_answers_are_lost_is_charged_once(chain):
    counter = chain.terminal("a")
    enroll_at(chain, counter)
    counter.transport.drops = 3  # the charge's answer and two retries' are lost
    paid = counter.pay(4500, demo_code(customer_fin(chain.bank)))
    assert paid.status == "approved" and chain.moved() == 4500
    assert counter.engine.outbox.waiting() == []


def test_a_charge_never_answered_is_asked_about_by_its_key_later(chain):
    counter = chain.terminal("a", deadline_s=0.3)
    enroll_at(chain, counter)
    counter.transport.drops = 100
    paid = counter.pay(4500, demo_code(customer_fin(chain.bank)))
    assert paid.status == "unknown" and "do not hand over" in paid.reason.en
    counter.transport.drops = 0
    [(key, kind, _)] = counter.engine.outbox.waiting()
    assert kind == "charge"
    assert counter.engine.reconcile() == {key: "approved"}
    assert chain.moved() == 4500 and counter.engine.outbox.waiting() == []


def test_a_server_that_cannot_be_reached_charges_nothing_and_says_so(chain, tmp_path):
    counter = chain.terminal("a", deadline_s=0.3)
    counter.engine.client.url = "http://127.0.0.1:9"
    counter.engine.client._http = httpx.Client(base_url="http://127.0.0.1:9")
    with pytest.raises(Refused, match="cannot be reached"):
        counter.pay(4500, demo_code(customer_fin(chain.bank)))
    assert counter.engine.outbox.waiting() == []


def test_a_key_asked_about_before_its_request_arrived_is_never_charged(chain):
    counter = chain.terminal("a")
    enroll_at(chain, counter)
    key = "0" * 32
    with pytest.raises(Refused, match="never took"):
        counter.engine.client.call("GET", f"/v1/requests/{key}", key)
    body = {"items": [{"name": "x", "unit_price": 4500, "quantity": 1}],
            "code": demo_code(customer_fin(chain.bank)), "method": "qr"}
    with pytest.raises(Refused, match="gave this request up"):
        counter.engine.client.call("POST", "/v1/charges", key, body)
    assert chain.moved() == 0


def test_a_key_used_again_for_another_request_is_refused(chain):
    counter = chain.terminal("a")
    enroll_at(chain, counter)
    fin, key = customer_fin(chain.bank), "1" * 32
    body = {"items": [{"name": "x", "unit_price": 4500, "quantity": 1}],
            "code": demo_code(fin), "method": "qr"}
    first = counter.engine.client.call("POST", "/v1/charges", key, body)
    assert counter.engine.client.call("POST", "/v1/charges", key, body) == first
    with pytest.raises(Refused, match="used for another request"):
        counter.engine.client.call("POST", "/v1/charges", key, {**body, "code": demo_code(fin)})
    assert chain.moved() == 4500


def test_an_unknown_revoked_or_forged_terminal_is_refused(chain):
    stranger = chain.terminal("x", register=False)
    with pytest.raises(Refused, match="unknown, revoked"):
        stranger.pay(4500, demo_code(customer_fin(chain.bank)))
    counter = chain.terminal("a")
    chain.chain.terminals.revoke("a")
    with pytest.raises(Refused, match="unknown, revoked"):
        counter.pay(4500, demo_code(customer_fin(chain.bank)))
    forged = httpx.post(f"{chain.url}/v1/charges", content=b"{}", headers={
        TERMINAL: "A" * 43, KEY: "2" * 32, SIGNATURE: "AAAA"})
    assert forged.status_code == 401 and "kiosk terminal add" in forged.json()["error"]
    assert chain.moved() == 0


def test_a_revoked_terminal_never_takes_a_waiting_charge_for_declined(chain):
    counter = chain.terminal("a", deadline_s=0.3)
    enroll_at(chain, counter)
    counter.transport.drops = 100  # charged, but the counter never hears it
    assert counter.pay(4500, demo_code(customer_fin(chain.bank))).status == "unknown"
    chain.chain.terminals.revoke("a")
    counter.transport.drops = 0
    [(key, _, _)] = counter.engine.outbox.waiting()
    assert counter.engine.reconcile() == {key: "unknown"}  # refused to ask: still waiting
    assert counter.engine.outbox.waiting() != [] and chain.moved() == 4500


def test_counters_charging_one_customer_at_once_never_fit_more_than_the_daily_limit(chain):
    """Twelve counters charge one customer 300,000 won each at the same moment, through one
    server's threads: the customer's daily limit (2,000,000) fits six, and the books' total
    of that customer and day says so afterwards (that a second writer waits for the
    first's total: tests/payments/test_daily_spent.py)."""
    counters = [chain.terminal(f"c{number}") for number in range(12)]
    enroll_at(chain, counters[0])
    fin = customer_fin(chain.bank)
    codes = [demo_code(fin) for _ in counters]
    start = threading.Barrier(len(counters))

    def pay(counter, code):
        start.wait()
        return counter.pay(300_000, code)

    with ThreadPoolExecutor(len(counters)) as pool:
        results = list(pool.map(pay, counters, codes))
    approved = [r for r in results if r.status == "approved"]
    refused = [r for r in results if r.status == "declined"]
    assert len(approved) == 6 and chain.moved() == 1_800_000
    assert len(refused) == 6 and all("daily limit" in r.reason.en for r in refused)
    spent = chain.chain.ledger.spending(chain.chain.ledger.payment(
        approved[0].payment_id).business_date, fin)
    assert spent == (1_800_000, 1_800_000)
