"""The fault storm: 500 charges and 100 refunds against the testbed while 30% of calls meet a
fault of every kind; afterwards the books equal the money that moved, and no sale was charged
twice."""

import dataclasses
import random

import pytest

from payments.engine import PaymentEngine
from payments.money import Sale
from payments.reasons import Refused
from tests.conftest import demo_code, journal, make_client, set_faults
from tests.payments.conftest import SETTINGS, fintech

KINDS = [
    {"fault": "delay", "seconds": 0.3},  # longer than the client's timeout below
    {"fault": "rsp_code", "code": "A0007", "apply": True},
    {"fault": "rsp_code", "code": "A0007", "apply": False},
    {"fault": "rsp_code", "code": "A0002", "bank_code": "804", "apply": True},
    {"fault": "drop", "apply": True},
    {"fault": "drop", "apply": False},
    {"fault": "http_error", "apply": True},
    {"fault": "http_error", "code": "500", "apply": False},
    {"fault": "garbage", "apply": True},
    {"fault": "garbage", "apply": False},
]
PER_RULE = 1 - 0.7 ** (1 / len(KINDS))  # together, about 30% of calls meet one fault


@pytest.mark.slow
def test_the_books_survive_a_fault_storm(testbed, engine, ledger):
    storm = PaymentEngine(engine.ledger, make_client(testbed.url, ledger, timeout_s=0.2),
                          dataclasses.replace(SETTINGS, result_deadline_s=0.4,
                                              result_poll_s=0.02, not_found_after_s=0.05,
                                              max_per_payer_per_day=10**9, max_per_day=10**10))
    payer = fintech(testbed, "정예준")
    set_faults(testbed, *[{"api": "*", "probability": PER_RULE, **kind} for kind in KINDS])
    rng = random.Random(7)
    outcomes, refunds = [], 0
    for number in range(500):
        result = storm.pay(Sale.keyed(rng.randrange(1_000, 50_000)), demo_code(payer), "qr")
        outcomes.append(result.status)
        if number % 5 == 4 and refunds < 100:
            refunds += _refund_something(storm, rng)
    while refunds < 100:
        refunds += _refund_something(storm, rng)

    set_faults(testbed)
    for _ in range(20):  # the reconciler, run until the bank has answered for everything
        if "unknown" not in storm.reconcile().values():
            break
    assert storm.ledger.open_transfers() == []
    went_unknown = storm.ledger.rows("SELECT count(*) AS n FROM events WHERE event = "
                                     "'withdraw unknown'")[0]["n"]
    assert outcomes.count("approved") > 250 and went_unknown > 20  # the storm did blow

    moved = {(t["bank_tran_id"], t["kind"], t["tran_amt"]) for t in journal(testbed)}
    booked = {(t["bank_tran_id"], t["kind"], t["amount"]) for t in storm.ledger.rows(
        "SELECT * FROM transfers WHERE status = 'approved'")}
    assert booked == moved
    paid = sum(p.amount for p in storm.ledger.payments(status="approved"))
    refunded = sum(a for _, kind, a in booked if kind == "deposit")
    assert paid - refunded == sum(a if k == "withdraw" else -a for _, k, a in moved)
    assert storm.ledger.rows("SELECT payment_id FROM transfers WHERE kind = 'withdraw' AND "
                             "status = 'approved' GROUP BY payment_id HAVING count(*) > 1") == []
    assert storm.ledger.rows(
        "SELECT p.id FROM payments p JOIN transfers t ON t.payment_id = p.id "
        "WHERE t.kind = 'deposit' AND t.status = 'approved' "
        "GROUP BY p.id HAVING sum(t.amount) > p.amount") == []


def _refund_something(engine: PaymentEngine, rng: random.Random) -> int:
    """One refund of part of a random approved payment; 1 if it was sent to the bank."""
    approved = engine.ledger.payments(status="approved")
    payment = rng.choice(approved)
    try:
        engine.refund(payment.id, rng.randrange(1, payment.amount // 2 + 2))
    except Refused:
        return 0  # fully refunded already, or a refund still being checked: nothing sent
    return 1
