"""The clerk's PIN at the counter: escalating locks that survive a restart, every wrong try
in the event log, and a cost per guess that makes four digits take months."""

import logging

import pytest

from kiosk.pin_lockout import MAX_LOCK_S, PinLockout, lock_for
from payments.database import open_database
from payments.passwords import ITERATIONS, ITERATIONS_MIN, hash_password, verify_password

PIN_HASH = hash_password("1234", iterations=ITERATIONS_MIN)


class Clock:
    def __init__(self) -> None:
        self.now = 1_800_000_000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock():
    return Clock()


def lockout(path, clock):
    return PinLockout(open_database(path / "ledger.sqlite3"), PIN_HASH, clock)


def test_four_slips_are_free_then_each_wrong_try_doubles_the_lock_up_to_an_hour():
    assert [lock_for(n) for n in range(1, 13)] == [
        0, 0, 0, 0, 60, 120, 240, 480, 960, 1920, 3600, 3600]


def test_the_lock_survives_a_restart_and_refuses_even_the_right_pin(tmp_path, clock):
    guard = lockout(tmp_path, clock)
    for _ in range(5):
        verdict = guard.attempt("0000")
    assert not verdict.accepted and verdict.locked_until == clock.now + 60
    restarted = lockout(tmp_path, clock)  # before: the count lived in memory only
    assert restarted.state().locked(clock.now)
    assert not restarted.attempt("1234").accepted
    clock.now += 61
    assert restarted.attempt("0000").locked_until == clock.now + 120  # escalates
    clock.now += 121
    assert restarted.attempt("1234").accepted
    assert restarted.state().failures == 0


def test_each_wrong_try_and_each_lock_is_in_the_event_log_without_the_digits(tmp_path, clock,
                                                                             caplog):
    guard = lockout(tmp_path, clock)
    with caplog.at_level(logging.WARNING):
        for _ in range(5):
            guard.attempt("0987")
    db = open_database(tmp_path / "ledger.sqlite3")
    events = [row["event"] for row in db.execute(
        "SELECT event FROM events WHERE payment_id = 'clerk' ORDER BY id")]
    assert events == ["clerk pin wrong"] * 5 + ["clerk pin locked"]
    assert "0987" not in str([tuple(r) for r in db.execute("SELECT * FROM events")])
    assert "locked for 60 s" in caplog.text and "0987" not in caplog.text


def test_a_clock_stepped_back_does_not_lock_for_longer_than_the_longest_lock(tmp_path, clock):
    guard = lockout(tmp_path, clock)
    for _ in range(5):
        guard.attempt("0000")
    clock.now -= 86_400
    assert guard.state().locked_until <= clock.now + MAX_LOCK_S


def test_a_hash_whose_cost_is_out_of_bounds_matches_nothing():
    assert not verify_password("1234", hash_password("1234", iterations=1000))
    assert verify_password("1234", hash_password("1234", iterations=ITERATIONS_MIN))
    assert ITERATIONS >= ITERATIONS_MIN
