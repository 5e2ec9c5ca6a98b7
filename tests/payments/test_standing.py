"""A payment's standing: refunds are part of its story wherever it is read."""

from payments.standing import listed, standings
from tests.conftest import demo_code, set_faults
from tests.payments.conftest import COFFEE, fintech


def test_refunds_turn_approved_into_partly_refunded_then_refunded(engine, minjun):
    paid = engine.pay(COFFEE, demo_code(minjun), "qr")
    ledger = engine.ledger
    engine.refund(paid.payment_id, 2000)
    partly = standings(ledger, [ledger.payment(paid.payment_id)])[paid.payment_id]
    assert (partly.status, partly.refunded, partly.remaining) == ("partly_refunded", 2000, 7000)
    engine.refund(paid.payment_id)
    whole = standings(ledger, [ledger.payment(paid.payment_id)])[paid.payment_id]
    assert (whole.status, whole.refunded, whole.remaining) == ("refunded", 9000, 0)


def test_a_refund_the_bank_has_not_answered_is_pending_not_refunded(engine, minjun, testbed):
    paid = engine.pay(COFFEE, demo_code(minjun), "qr")
    set_faults(testbed, {"api": "deposit", "fault": "drop", "apply": True},
               {"api": "result", "fault": "http_error"})
    engine.refund(paid.payment_id, 1000)
    standing = standings(engine.ledger, [engine.ledger.payment(paid.payment_id)])
    assert (standing[paid.payment_id].status, standing[paid.payment_id].refund_pending) == (
        "approved", 1000)


def test_listing_by_status_uses_the_same_words(engine, minjun, testbed):
    kept = engine.pay(COFFEE, demo_code(minjun), "qr")
    back = engine.pay(COFFEE, demo_code(minjun), "qr")
    engine.refund(back.payment_id)
    engine.pay(COFFEE, demo_code(fintech(testbed, "박지호")), "qr")  # declined
    day = engine.business_date()
    assert [p.id for p, _ in listed(engine.ledger, day, "refunded")] == [back.payment_id]
    assert [p.id for p, _ in listed(engine.ledger, day, "approved")] == [kept.payment_id]
    assert len(listed(engine.ledger, day, "declined")) == 1
    assert len(listed(engine.ledger, day)) == 3
