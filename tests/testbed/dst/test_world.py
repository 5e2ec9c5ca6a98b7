"""The deterministic simulation: no violation in CI's budget of seeds, and proof that it has
teeth: each rule issue 12 replaced, and the one-machine rule issue 21 replaced, put back, is
caught by seed 2."""

import logging

import pytest

import payments.openbanking.reading as reading
import payments.settling as settling
from payments.openbanking.outcomes import Outcome
from testbed.dst import fake_bank
from testbed.dst.world import Settings, World

SEEDS = range(1, 11)  # 10 seeds of 2,000 payments: 20,000 simulated payments


@pytest.fixture(autouse=True)
def quiet():
    logging.disable(logging.CRITICAL)  # tens of thousands of engine warnings
    yield
    logging.disable(logging.NOTSET)


@pytest.mark.slow
@pytest.mark.parametrize("seed", SEEDS)
def test_no_seed_finds_money_moved_twice_or_lost(seed):
    World(seed, Settings(payments=2_000)).run()


def old_status_query_rule(answer, query, fintech_use_num):
    """The first version: a refused or failed status query was taken as the answer."""
    judged = original_judge_result(answer, query, fintech_use_num)
    if judged.outcome is Outcome.UNKNOWN and answer.outcome is Outcome.DECLINED:
        return answer
    return judged


original_judge_result = reading.judge_result


def one_machine_rule(self, transfer):
    """Before several machines shared the books: a transfer from another boot had had its
    time at once, even one still on its way from another machine."""
    if not (self.clock.boot_id and transfer.boot_id == self.clock.boot_id and
            transfer.sent_monotonic is not None):
        return True
    return original_had_time(self, transfer)


original_had_time = settling.Settler._bank_has_had_time


@pytest.mark.parametrize(("target", "name", "old_rule"), [
    (fake_bank, "judge_result", old_status_query_rule),
    (settling.Settler, "_bank_has_had_time", lambda self, transfer: True),
    (settling, "booking_dates", lambda transfer, error, booking: [transfer.bank_tran_date]),
    (settling.Settler, "_bank_has_had_time", one_machine_rule),
], ids=["a failed status query as an answer", "no such transfer believed at once",
        "asked under the kiosk's own date only", "another machine's transfer timed as a reboot"])
def test_each_old_rule_is_caught(monkeypatch, target, name, old_rule):
    monkeypatch.setattr(target, name, old_rule)
    with pytest.raises(AssertionError, match="declined but the bank moved it"):
        World(2, Settings(payments=3_000)).run()


def test_a_failing_seed_replays_exactly(monkeypatch):
    monkeypatch.setattr(settling.Settler, "_bank_has_had_time", lambda self, transfer: True)
    failures = []
    for _ in range(2):
        with pytest.raises(AssertionError) as failure:
            World(2, Settings(payments=3_000)).run()
        failures.append(str(failure.value))
    assert failures[0] == failures[1] and "the last events" in failures[0]
