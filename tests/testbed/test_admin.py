"""The /_sim/ admin API and the testbed's memory across restarts."""

import httpx
import pytest

from testbed.server import make_testbed
from testbed.settings import BankSettings
from tests.conftest import (
    accounts,
    ask_result,
    enroll,
    journal,
    make_client,
    set_faults,
    withdraw_request,
)


def test_the_seeded_world_has_a_merchant_and_customers_from_tiny_to_large(testbed):
    listed = accounts(testbed)
    assert [a["merchant"] for a in listed].count(True) == 1
    balances = [a["balance"] for a in listed if not a["merchant"]]
    assert len(balances) >= 5 and min(balances) < 1_000 and max(balances) > 100_000_000
    assert all(len(a["fintech_use_num"]) == 24 for a in listed)


@pytest.mark.integration
def test_the_same_seed_gives_the_same_world():
    with make_testbed(BankSettings(seed=7)) as one, make_testbed(BankSettings(seed=7)) as two, \
            make_testbed(BankSettings(seed=8)) as other:
        assert accounts(one) == accounts(two)
        assert accounts(one) != accounts(other)


def test_rules_count_down_and_disappear(testbed):
    set_faults(testbed, {"api": "withdraw", "fault": "drop", "times": 2})
    assert testbed.faults.draw("withdraw").fault == "drop"
    assert httpx.get(f"{testbed.url}/_sim/faults").json()["rules"][0]["times"] == 1
    testbed.faults.draw("withdraw")
    assert httpx.get(f"{testbed.url}/_sim/faults").json() == {"rules": []}


@pytest.mark.integration
def test_probability_draws_are_reproducible():
    def draws() -> list[bool]:
        with make_testbed(BankSettings(seed=42)) as testbed:
            set_faults(testbed, {"api": "*", "fault": "garbage", "probability": 0.5})
            return [testbed.faults.draw("result") is not None for _ in range(40)]
    first = draws()
    assert first == draws() and 5 < sum(first) < 35


def test_a_bad_rule_is_refused_with_the_reason(testbed):
    answer = httpx.post(f"{testbed.url}/_sim/faults",
                        json={"rules": [{"api": "withdraw", "fault": "drop", "times": 0}]})
    assert answer.status_code == 400 and "times" in answer.json()["error"]


def test_reset_restores_the_balances_and_empties_the_journal(client, testbed):
    minjun = enroll(client, testbed, "김민준")
    before = accounts(testbed)
    client.withdraw(minjun.user_seq_no, withdraw_request(client, minjun, 5_000))
    assert accounts(testbed) != before and journal(testbed)
    httpx.post(f"{testbed.url}/_sim/reset", json={})
    assert accounts(testbed) == before and journal(testbed) == []
    # the customer's token still works after a reset
    again = client.withdraw(minjun.user_seq_no, withdraw_request(client, minjun, 5_000))
    assert again.outcome == "approved"


@pytest.mark.integration
def test_the_state_file_survives_a_restart(tmp_path, db):
    state = str(tmp_path / "bank.sqlite3")
    with make_testbed(BankSettings(auto_consent=True), state) as testbed:
        client = make_client(testbed.url, db)
        minjun = enroll(client, testbed, "김민준")
        request = withdraw_request(client, minjun, 7_000)
        set_faults(testbed, {"api": "withdraw", "fault": "drop", "apply": True})
        assert client.withdraw(minjun.user_seq_no, request).outcome == "unknown"
    with make_testbed(BankSettings(auto_consent=True), state) as testbed:
        client = make_client(testbed.url, db)
        found = ask_result(client, "1", request.bank_tran_id, 7_000)
        assert found.outcome == "approved"
        assert len(journal(testbed)) == 1
        assert client.balance(minjun.user_seq_no, minjun.fintech_use_num).outcome == "approved"
