"""The daily limits, the one-time codes and the books against the bank's journal, attacked by
many counters on one set of books at once (tests/payments/crowd.py), with seeded random
steps: sales paid, sales charged by two counters at the same moment, codes presented again,
refunds, settling, time crossing midnight; and faults on every call. On both databases.

While they run, a watcher reads the daily limits' totals beside the payments, in one
statement (one snapshot), again and again: they must always agree."""

import threading
from collections import Counter

import pytest

from payments.ledger import Ledger
from testbed.dst.invariants import violation
from tests.books import totals_off
from tests.payments.crowd import FREEING, KEEPING, LIMITS, SHORT, Crowd

pytestmark = pytest.mark.integration  # counters in threads


def attacked(books, seed: int, faults: dict, **crowd) -> Crowd:
    """A crowd's run, watched, then settled with a healthy bank."""
    crowd = Crowd(books, seed, faults, **crowd)
    watcher, running, seen = Ledger(books.open()), threading.Event(), []

    def watch() -> None:
        while running.is_set():
            seen.append(totals_off(watcher))

    running.set()
    thread = threading.Thread(target=watch)
    thread.start()
    try:
        crowd.run()
    finally:
        running.clear()
        thread.join(10)
    assert seen and not any(seen), f"the daily totals were off in {sum(map(bool, seen))} " \
                                   f"of {len(seen)} readings"
    crowd.settled()
    assert crowd.ledger.open_transfers() == []
    return crowd


def each_code_charged_once(crowd: Crowd) -> None:
    twice = {jti: sales for jti, sales in crowd.committed.items() if len(sales) > 1}
    assert not twice, f"codes charged on two sales: {twice}"


@pytest.mark.parametrize("seed", [11, 12])
def test_the_limits_hold_exactly_when_nothing_charged_is_given_back(books, seed):
    """No charge is declined by the bank or found never made: the day's totals only grow,
    so a charge declined for a limit must not have fitten even under the final totals."""
    crowd = attacked(books, seed, KEEPING)
    assert violation({"kiosk": crowd.ledger}, crowd.bank, LIMITS, final=True) == ""
    each_code_charged_once(crowd)
    counted = Counter()
    for payment in crowd.ledger.payments():
        if payment.status in ("sending", "unknown", "approved"):
            counted[payment.business_date, payment.fintech_use_num] += payment.amount
            counted[payment.business_date, "*"] += payment.amount
    fitting = [(day, payer[-4:], amount, whose)
               for day, payer, amount, whose in crowd.over_limit
               if (whose == "payer" and counted[day, payer] + amount
                   <= LIMITS["max_per_payer_per_day"])
               or (whose == "day" and counted[day, "*"] + amount <= LIMITS["max_per_day"])]
    assert not fitting, f"declined though they fit: {fitting}"
    assert crowd.over_limit, "the attack never reached a limit: make it harder"
    assert any(whose == "day" for *_, whose in crowd.over_limit)


@pytest.mark.parametrize("seed", [21, 22])
def test_the_books_equal_the_bank_and_no_limit_is_passed_whatever_fails(books, seed):
    crowd = attacked(books, seed, FREEING, short=SHORT)
    assert violation({"kiosk": crowd.ledger}, crowd.bank, LIMITS, final=True) == ""
    each_code_charged_once(crowd)
    assert crowd.done["refund"] and crowd.done["charge"] and crowd.done["replay"]
