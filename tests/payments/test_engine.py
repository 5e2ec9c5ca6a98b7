"""The engine against the testbed: exactly-once charges, settling unknowns, refunds, limits.

The testbed's journal is the bank's word on what moved; the ledger must agree with it.
"""

import dataclasses
import sqlite3

import pytest

from payments.engine import PaymentEngine
from payments.ledger import Ledger
from payments.money import Sale
from payments.reasons import Refused
from tests.conftest import demo_code, journal, set_faults
from tests.payments.conftest import COFFEE, SETTINGS, fintech


def charged(testbed) -> int:
    return sum(t["tran_amt"] * (1 if t["kind"] == "withdraw" else -1) for t in journal(testbed))


class TestCharging:
    def test_a_sale_is_charged_once_and_booked(self, engine, testbed, minjun):
        result = engine.pay(COFFEE, demo_code(minjun), "qr")
        assert (result.status, result.amount) == ("approved", 9000)
        assert result.approval_no and result.account_masked.endswith("***")
        assert charged(testbed) == 9000
        events = [e["event"] for e in engine.ledger.events(result.payment_id)]
        assert events == ["opened", "withdraw sending", "payment sending", "withdraw approved",
                          "payment approved"]

    def test_a_static_code_pays_where_accepted(self, engine, testbed, minjun):
        assert engine.pay(COFFEE, f"kpay:{minjun}", "nfc").status == "approved"

    def test_the_bank_saying_no_is_a_decline_with_its_reason(self, engine, testbed):
        result = engine.pay(COFFEE, demo_code(fintech(testbed, "박지호")), "qr")
        assert result.status == "declined"
        assert result.reason.ko == "잔액이 부족합니다"
        assert charged(testbed) == 0

    @pytest.mark.parametrize(("payload", "why"), [
        ("hello", "not a payment code"),
        ("https://evil.example/", "not a payment code"),
    ])
    def test_a_refused_code_never_reaches_the_bank(self, engine, testbed, payload, why):
        result = engine.pay(COFFEE, payload, "qr")
        assert result.status == "declined" and why in result.reason.en
        assert engine.ledger.transfers_of(result.payment_id) == []

    def test_a_code_is_accepted_once(self, engine, testbed, minjun):
        payload = demo_code(minjun)
        assert engine.pay(COFFEE, payload, "qr").status == "approved"
        again = engine.pay(COFFEE, payload, "qr")
        assert again.status == "declined" and "already used" in again.reason.en
        assert charged(testbed) == 9000

    def test_a_used_code_is_remembered_across_a_restart(self, engine, testbed, minjun, tmp_path):
        payload = demo_code(minjun)
        engine.pay(COFFEE, payload, "qr")
        reopened = Ledger(tmp_path / "ledger.sqlite3")
        restarted = PaymentEngine(reopened, engine.bank, SETTINGS)
        assert "already used" in restarted.pay(COFFEE, payload, "qr").reason.en

    def test_an_amount_bound_code_pays_only_its_amount(self, engine, testbed, minjun):
        wrong = engine.pay(COFFEE, demo_code(minjun, amount=4500), "qr")
        assert wrong.status == "declined" and "for 4,500 won" in wrong.reason.en
        assert engine.pay(COFFEE, demo_code(minjun, amount=9000), "qr").status == "approved"

    def test_an_account_not_enrolled_here_is_refused(self, engine, testbed):
        result = engine.pay(COFFEE, demo_code("9" * 24), "qr")
        assert result.status == "declined" and "not registered here" in result.reason.en

    @pytest.mark.parametrize(("limits", "why"), [
        ({"max_per_payment": 5000}, "per-payment limit"),
        ({"max_per_payer_per_day": 15000}, "customer's daily limit"),
        ({"max_per_day": 15000}, "kiosk's daily limit"),
    ])
    def test_limits_are_checked_before_the_bank(self, engine, testbed, minjun, limits, why):
        engine.settings = dataclasses.replace(SETTINGS, **limits)
        if "max_per_payment" not in limits:
            assert engine.pay(COFFEE, demo_code(minjun), "qr").status == "approved"
        result = engine.pay(COFFEE, demo_code(minjun), "qr")
        assert result.status == "declined" and why in result.reason.en
        assert charged(testbed) == (0 if "max_per_payment" in limits else 9000)

    def test_a_declined_sale_may_be_charged_again_with_another_code(self, engine, testbed,
                                                                   minjun):
        payment_id = engine.open_sale(COFFEE)
        assert engine.charge(payment_id, "junk", "qr").status == "declined"
        assert engine.charge(payment_id, demo_code(minjun), "qr").status == "approved"
        with pytest.raises(Refused, match="already paid"):
            engine.charge(payment_id, demo_code(minjun), "qr")


class TestConfirmationAboveTheThreshold:
    """payments.confirm_above: above it only a code bound to the sale's amount and confirmed
    by the customer on the phone (`cfm`) pays; below it any code does."""

    BIG = Sale.keyed(80_000)

    @pytest.fixture
    def strict(self, engine):
        engine.settings = dataclasses.replace(SETTINGS, confirm_above=50_000)
        return engine

    def test_a_confirmed_code_for_the_amount_pays(self, strict, testbed, minjun):
        result = strict.pay(self.BIG, demo_code(minjun, amount=80_000, confirmed=True), "qr")
        assert result.status == "approved"
        assert charged(testbed) == 80_000

    @pytest.mark.parametrize("kwargs", [{}, {"amount": 80_000}], ids=["plain", "amount-bound"])
    def test_an_unconfirmed_code_is_declined_saying_to_confirm_in_the_wallet(
            self, strict, testbed, minjun, kwargs):
        result = strict.pay(self.BIG, demo_code(minjun, **kwargs), "qr")
        assert result.status == "declined"
        assert "confirm an amount" in result.reason.en and "금액 확인" in result.reason.ko
        assert strict.ledger.transfers_of(result.payment_id) == []

    def test_a_static_code_is_declined_above_it(self, strict, testbed, minjun):
        assert "confirms the amount" in strict.pay(self.BIG, minjun, "qr").reason.en

    def test_a_confirmed_5000_won_code_does_not_pay_50000(self, strict, testbed, minjun):
        result = strict.pay(Sale.keyed(50_001), demo_code(minjun, amount=5_000, confirmed=True),
                            "qr")
        assert result.status == "declined" and "for 5,000 won" in result.reason.en
        assert charged(testbed) == 0

    def test_a_confirmed_code_pays_once(self, strict, testbed, minjun):
        payload = demo_code(minjun, amount=80_000, confirmed=True)
        assert strict.pay(self.BIG, payload, "qr").status == "approved"
        again = strict.pay(self.BIG, payload, "qr")
        assert again.status == "declined" and "already used" in again.reason.en
        assert charged(testbed) == 80_000

    def test_at_or_below_it_any_code_pays_and_off_is_off(self, engine, strict, testbed,
                                                        minjun):
        assert strict.pay(Sale.keyed(50_000), demo_code(minjun), "qr").status == "approved"
        engine.settings = SETTINGS  # confirm_above = 0: off
        assert engine.pay(self.BIG, demo_code(minjun), "qr").status == "approved"


class TestUnknownOutcomes:
    @pytest.mark.parametrize("fault", [
        {"fault": "drop"}, {"fault": "garbage"}, {"fault": "http_error"},
        {"fault": "rsp_code", "code": "A0007"}])
    @pytest.mark.parametrize("applied", [True, False])
    def test_an_unknown_charge_is_settled_by_asking(self, engine, testbed, minjun, fault,
                                                    applied):
        set_faults(testbed, {"api": "withdraw", **fault, "apply": applied, "times": 1})
        result = engine.pay(COFFEE, demo_code(minjun), "qr")
        assert result.status == ("approved" if applied else "declined")
        assert charged(testbed) == (9000 if applied else 0)

    def test_while_unknown_a_sale_cannot_be_charged_again(self, engine, testbed, minjun):
        set_faults(testbed, {"api": "withdraw", "fault": "drop", "apply": True, "times": 1},
                   {"api": "result", "fault": "http_error"})
        result = engine.pay(COFFEE, demo_code(minjun), "qr")
        assert result.status == "unknown"
        with pytest.raises(Refused, match="being checked"):
            engine.charge(result.payment_id, demo_code(minjun), "qr")
        set_faults(testbed)
        assert engine.reconcile() == {result.bank_tran_id: "approved"}
        assert engine.result(result.payment_id).status == "approved"
        assert charged(testbed) == 9000

    def test_an_expired_token_gets_one_new_attempt_with_a_new_id(self, engine, testbed,
                                                                 minjun):
        testbed.bank.expire_tokens()
        result = engine.pay(COFFEE, demo_code(minjun), "qr")
        assert result.status == "approved"
        statuses = [t.status for t in engine.ledger.transfers_of(result.payment_id)]
        assert statuses == ["failed", "approved"]
        assert charged(testbed) == 9000


class TestRefunds:
    def test_full_and_partial_refunds_never_exceed_the_payment(self, engine, testbed, minjun):
        paid = engine.pay(COFFEE, demo_code(minjun), "qr")
        part = engine.refund(paid.payment_id, 4000)
        assert (part.status, part.amount) == ("approved", 4000)
        with pytest.raises(Refused, match="at most 5,000 won"):
            engine.refund(paid.payment_id, 6000)
        rest = engine.refund(paid.payment_id)
        assert (rest.status, rest.amount) == ("approved", 5000)
        for again in (1, None):  # a part, or all that is left: nothing is
            with pytest.raises(Refused, match="already refunded in full: nothing is left"):
                engine.refund(paid.payment_id, again)
        assert charged(testbed) == 0

    def test_an_unknown_refund_is_settled_and_blocks_another(self, engine, testbed, minjun):
        paid = engine.pay(COFFEE, demo_code(minjun), "qr")
        set_faults(testbed, {"api": "deposit", "fault": "drop", "apply": True, "times": 1},
                   {"api": "result", "fault": "http_error"})
        refund = engine.refund(paid.payment_id, 3000)
        assert refund.status == "unknown"
        with pytest.raises(Refused, match="still being checked"):
            engine.refund(paid.payment_id, 1000)
        set_faults(testbed)
        assert engine.reconcile() == {refund.bank_tran_id: "approved"}
        assert charged(testbed) == 6000

    def test_only_approved_payments_are_refunded(self, engine, testbed):
        declined = engine.pay(COFFEE, "junk", "qr")
        with pytest.raises(Refused, match="only an approved payment"):
            engine.refund(declined.payment_id)


def test_the_event_log_is_append_only(engine, testbed, minjun):
    engine.pay(COFFEE, demo_code(minjun), "qr")
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        engine.ledger.db.execute("DELETE FROM events")
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        engine.ledger.db.execute("UPDATE events SET event = 'x'")


def test_a_charge_the_bank_would_refuse_as_malformed_is_never_sent(engine, testbed, minjun):
    engine.ledger.db.execute("UPDATE customers SET holder_name = '' WHERE fintech_use_num = ?",
                             (minjun,))
    result = engine.pay(COFFEE, demo_code(minjun), "qr")
    assert result.status == "error" and "req_client_name" in result.reason.en
    assert engine.ledger.transfers_of(result.payment_id) == [] and charged(testbed) == 0
