"""The fault storm: 500 charges and 100 refunds against the testbed while 30% of calls meet a
fault of every kind; afterwards the books equal the money that moved, and no sale was charged
twice. And midnight: a bank a few seconds into the next day."""

import dataclasses
import random
import time
from collections import Counter

import pytest

from payments.clock import Clock
from payments.code_signing import sign_code
from payments.engine import PaymentEngine
from payments.enrollment import complete_enrollment
from payments.koreatime import bank_date
from payments.ledger import Ledger, TransferStatus
from payments.money import Sale
from payments.reasons import Refused
from testbed.consent import auto_consent
from testbed.server import make_testbed
from testbed.settings import BankSettings
from tests.conftest import (
    DEMO_KEY,
    DEMO_KID,
    accounts,
    demo_code,
    journal,
    make_client,
    set_faults,
)
from tests.payments.conftest import SETTINGS, fintech

DAY_S = 86_400

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
    # Refusals: to a transfer they are its answer; to a status query, no answer at all.
    {"fault": "rsp_code", "code": "A0013"},
    {"fault": "rsp_code", "code": "A0002", "bank_code": "111"},
    {"fault": "rsp_code", "code": "A0002", "bank_code": "114"},
    {"fault": "empty_list", "code": "A0013"},
    {"fault": "empty_list", "apply": True},
    {"fault": "http_error", "code": "401", "apply": True},
]
PER_RULE = 1 - 0.7 ** (1 / len(KINDS))  # together, about 30% of calls meet one fault


@pytest.mark.slow
def test_the_books_survive_a_fault_storm(testbed, engine, db):
    storm = PaymentEngine(engine.ledger, make_client(testbed.url, db, timeout_s=0.2),
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
    went_unknown = storm.ledger.rows("SELECT count(*) AS n FROM events WHERE event = "
                                     "'withdraw unknown'")[0]["n"]
    assert outcomes.count("approved") > 250 and went_unknown > 20  # the storm did blow

    assert_books_equal_the_journal(storm.ledger, testbed)


@pytest.mark.slow
@pytest.mark.integration
def test_the_books_survive_midnight_with_the_kiosk_a_little_behind(tmp_path, db):
    """The bank is 5 s into a new day, the kiosk 25 s before it: every transfer is sent with
    yesterday's date and booked under today's, and half the answers are lost."""
    started = time.time()
    midnight = (started // DAY_S + 1) * DAY_S - 9 * 3600  # the next midnight, Korea time
    if midnight <= started:
        midnight += DAY_S

    def bank_clock() -> float:
        return midnight + 5 + time.time() - started

    def kiosk_clock() -> float:
        return bank_clock() - 30

    with make_testbed(BankSettings(auto_consent=True), clock=bank_clock) as testbed:
        client = make_client(testbed.url, db, clock=kiosk_clock, timeout_s=0.5)
        payer = next(a for a in accounts(testbed) if a["holder_name"] == "정예준")
        ledger = Ledger(tmp_path / "books.sqlite3")
        complete_enrollment(client, ledger,
                           auto_consent(client.authorize_url(), payer["user_seq_no"]))
        engine = PaymentEngine(ledger, client, dataclasses.replace(
            SETTINGS, result_deadline_s=0.5, result_poll_s=0.05, not_found_after_s=0.2),
            clock=Clock(wall=kiosk_clock))
        set_faults(testbed, {"api": "withdraw", "fault": "drop", "apply": True,
                             "probability": 0.5},
                   {"api": "deposit", "fault": "drop", "apply": True, "probability": 0.5})
        for _ in range(30):
            paid = engine.pay(Sale.keyed(1_000), sign_code(DEMO_KEY, DEMO_KID,
                                                           payer["fintech_use_num"],
                                                           now=kiosk_clock()), "qr")
            if paid.status == "approved":
                engine.refund(paid.payment_id, 400)
        set_faults(testbed)
        for _ in range(20):
            if TransferStatus.UNKNOWN not in engine.reconcile().values():
                break
            time.sleep(0.1)
        assert {t.bank_tran_date for t in ledger.transfers()} == {bank_date(bank_clock())}
        assert_books_equal_the_journal(ledger, testbed)
        ledger.close()


def assert_books_equal_the_journal(ledger: Ledger, testbed) -> None:
    assert ledger.open_transfers() == []
    moved = {(t["bank_tran_id"], t["kind"], t["tran_amt"]) for t in journal(testbed)}
    booked = {(t.bank_tran_id, t.kind, t.amount)
              for t in ledger.transfers(TransferStatus.APPROVED)}
    assert booked == moved
    paid = sum(p.amount for p in ledger.payments(status="approved"))
    refunded = sum(a for _, kind, a in booked if kind == "deposit")
    assert paid - refunded == sum(a if k == "withdraw" else -a for _, k, a in moved)
    charges = Counter(t.payment_id for t in ledger.transfers(TransferStatus.APPROVED)
                      if t.kind == "withdraw")
    assert max(charges.values(), default=0) <= 1
    refunds: Counter[str] = Counter()
    for t in ledger.transfers(TransferStatus.APPROVED):
        if t.kind == "deposit":
            refunds[t.payment_id] += t.amount
    assert all(refunds[p.id] <= p.amount for p in ledger.payments())


def _refund_something(engine: PaymentEngine, rng: random.Random) -> int:
    """One refund of part of a random approved payment; 1 if it was sent to the bank."""
    approved = engine.ledger.payments(status="approved")
    payment = rng.choice(approved)
    try:
        engine.refund(payment.id, rng.randrange(1, payment.amount // 2 + 2))
    except Refused:
        return 0  # fully refunded already, or a refund still being checked: nothing sent
    return 1
