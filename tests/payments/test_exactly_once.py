"""Money moves exactly once under every fault (issue 12): each defect the adversary found,
as a specification, on the in-process fake bank with a clock the test turns."""

import pytest

from payments.ledger import TransferStatus
from payments.reasons import Refused
from testbed.dst.fake_bank import Fault
from tests.payments.fake_counter import KST_MIDNIGHT, FakeCounter, Time, fake_bank

DROPPED_AFTER_BOOKING = Fault("drop", applied=True)
REFUSED_QUERIES = [Fault("code", code="A0013"), Fault("code", code="A0002", bank_code="111"),
                   Fault("code", code="A0002", bank_code="114"), Fault("refused"),
                   Fault("token_down"), Fault("body", body=b"", status=200),
                   Fault("body", body=b'{"rsp_code":"A0013","res_cnt":"0","res_list":[]}'),
                   Fault("body", body=b'{"rsp_code":"A0000","res_cnt":"0","res_list":[]}')]


@pytest.fixture
def time():
    return Time()


@pytest.fixture
def kiosk(books, time):
    return FakeCounter(time, fake_bank(time), books)


class TestAFailedStatusQueryIsNotAnAnswer:
    @pytest.mark.parametrize("refusal", REFUSED_QUERIES, ids=str)
    def test_a_charge_stays_unknown_and_is_never_charged_again(self, kiosk, refusal):
        kiosk.script(withdraw=[DROPPED_AFTER_BOOKING], result=[refusal] * 20)
        result = kiosk.pay()
        assert result.status == "unknown" and kiosk.moved() == 9000
        with pytest.raises(Refused, match="being checked"):
            kiosk.engine.charge(result.payment_id, kiosk.code(), "qr")
        kiosk.script()  # the bank answers again
        assert kiosk.engine.reconcile() == {result.bank_tran_id: TransferStatus.APPROVED}
        assert kiosk.engine.result(result.payment_id).status == "approved"

    @pytest.mark.parametrize("refusal", REFUSED_QUERIES, ids=str)
    def test_a_refund_stays_unknown_and_refunds_never_exceed_the_payment(self, kiosk, refusal):
        paid = kiosk.pay()
        kiosk.script(deposit=[DROPPED_AFTER_BOOKING], result=[refusal] * 20)
        assert kiosk.engine.refund(paid.payment_id).status == "unknown"
        with pytest.raises(Refused, match="still being checked"):
            kiosk.engine.refund(paid.payment_id)
        kiosk.script()
        kiosk.engine.reconcile()
        with pytest.raises(Refused, match="already refunded in full"):
            kiosk.engine.refund(paid.payment_id)
        assert kiosk.moved() == 0

    def test_reconcile_at_boot_with_the_bank_unreachable_settles_nothing(self, kiosk):
        kiosk.script(withdraw=[DROPPED_AFTER_BOOKING], result=[Fault("refused")] * 20)
        result = kiosk.pay()
        kiosk.time.advance(3600)  # a restart: the bank not reachable yet
        kiosk.script(result=[Fault("refused")])
        assert kiosk.engine.reconcile() == {result.bank_tran_id: TransferStatus.UNKNOWN}
        assert kiosk.engine.reconcile() == {result.bank_tran_id: TransferStatus.APPROVED}


class TestMidnight:
    def test_a_transfer_booked_after_midnight_is_found_under_the_next_day(self, kiosk, time):
        time.now = KST_MIDNIGHT - 5
        kiosk.late_by = 8  # it reaches the bank (after the kiosk gave up) past midnight
        kiosk.script(withdraw=[Fault("late")])
        result = kiosk.pay()
        sent = kiosk.ledger.events(result.payment_id)[1]
        assert sent["event"] == "withdraw sending" and '"20261120"' in sent["detail"]
        assert result.status == "approved" and kiosk.moved() == 9000
        assert kiosk.ledger.transfer(result.bank_tran_id).bank_tran_date == "20261121"

    def test_a_kiosk_clock_a_day_off_still_finds_its_transfer(self, kiosk, time):
        kiosk.offset = -86_400
        kiosk.script(withdraw=[DROPPED_AFTER_BOOKING])
        assert kiosk.pay(payload="1" * 24).status == "approved"

    def test_no_such_transfer_is_believed_only_after_the_grace_on_every_date(self, kiosk):
        kiosk.script(withdraw=[Fault("drop")])
        result = kiosk.pay()
        assert result.status == "declined" and kiosk.moved() == 0
        asked = [e for e in kiosk.ledger.events(result.payment_id)]
        assert "nothing was charged" in asked[-1]["detail"]


class TestCollidingIds:
    @pytest.fixture
    def other(self, books, time, kiosk):
        """A second kiosk with its own books and the same terminal id."""
        return FakeCounter(time, kiosk.bank, books, "other", origin="other")

    def test_a_refused_duplicate_id_charges_nothing_and_says_why(self, kiosk, other):
        assert kiosk.pay(4500).status == "approved"
        clash = other.pay(4500)
        assert clash.status == "error" and "terminal id" in clash.reason.en
        assert other.moved() == 0 and kiosk.moved() == 4500

    def test_another_kiosks_transfer_under_our_id_is_never_taken_as_ours(self, kiosk, other):
        kiosk.pay(4500)
        other.script(withdraw=[Fault("drop")])  # its A0326 is lost on the way back
        result = other.pay(7000)
        assert result.status == "declined" and other.moved() == 0
        assert result.account_masked == ""


class TestOneTimeCodes:
    def test_a_replay_in_the_last_seconds_is_refused_whatever_a_pause_does(self, kiosk, time):
        payload = kiosk.code(age_s=80)  # 60 s to live, 30 s of skew: 10 s left
        assert kiosk.pay(payload=payload).status == "approved"
        time.advance(9)
        real = kiosk.port.can_charge
        kiosk.port.can_charge = lambda user: (time.advance(5), real(user))[1]  # a slow renewal
        again = kiosk.pay(payload=payload)
        assert again.status == "declined" and "already used" in again.reason.en

    def test_a_clock_stepped_forward_and_back_brings_no_code_back(self, kiosk):
        payload = kiosk.code()
        assert kiosk.pay(payload=payload).status == "approved"
        kiosk.offset = 86_400
        kiosk.pay(payload=kiosk.code())  # forward a day: the old code would have been purged
        kiosk.offset = 0
        again = kiosk.pay(payload=payload)
        assert again.status == "declined" and "already used" in again.reason.en
        assert kiosk.moved() == 9000


def test_two_kiosks_on_one_ledger_cannot_both_fit_under_a_daily_limit(books, time):
    bank = fake_bank(time)
    limits = {"max_per_payer_per_day": 15_000}
    first = FakeCounter(time, bank, books, settings=limits)
    second = FakeCounter(time, bank, books, settings=limits)
    first.engine.checkpoint = lambda step: step == "charge-admitted" and second.pay()
    assert first.pay().status == "declined"
    assert first.moved() == 9000  # the second kiosk's one sale, and nothing more


class TestGarbageNeverStopsTheCounter:
    @pytest.mark.parametrize(("body", "refund_booked"), [
        (b'{"rsp_code":"A0002","bank_rsp_code":"111","res_cnt":"0","res_list":[]}', False),
        (b'{"rsp_code":"A0013","res_cnt":"0","res_list":[]}', False),
        (b"[" * 100_000 + b"]" * 100_000, True),
    ], ids=["empty-list", "empty-list-A0013", "deep-json"])
    def test_a_garbled_answer_is_an_outcome_never_an_exception(self, kiosk, body,
                                                               refund_booked):
        kiosk.script(withdraw=[DROPPED_AFTER_BOOKING], result=[Fault("body", body=body)] * 20)
        paid = kiosk.pay()
        assert paid.status == "unknown"
        kiosk.script()
        assert list(kiosk.engine.reconcile().values()) == [TransferStatus.APPROVED]
        kiosk.script(deposit=[Fault("body", applied=refund_booked, body=body)])
        refund = kiosk.engine.refund(paid.payment_id)
        assert refund.status == ("approved" if refund_booked else "declined")
        assert kiosk.moved() == (0 if refund_booked else 9000)

    def test_one_stuck_transfer_does_not_keep_the_others_waiting(self, kiosk):
        kiosk.script(withdraw=[DROPPED_AFTER_BOOKING, DROPPED_AFTER_BOOKING],
                     result=[Fault("refused")] * 40)
        stuck, other = kiosk.pay(), kiosk.pay()
        kiosk.script()
        real = kiosk.port.transfer_result

        def broken(check_type, query, fintech):
            if query.org_bank_tran_id == stuck.bank_tran_id:
                raise RuntimeError("a bug the kiosk has not met yet")
            return real(check_type, query, fintech)
        kiosk.port.transfer_result = broken
        assert kiosk.engine.reconcile() == {stuck.bank_tran_id: TransferStatus.UNKNOWN,
                                            other.bank_tran_id: TransferStatus.APPROVED}
        assert kiosk.pay().status == "approved"


def test_checking_ends_on_time_when_the_wall_clock_steps_back(kiosk, time):
    kiosk.script(withdraw=[DROPPED_AFTER_BOOKING], result=[Fault("refused")] * 100)
    polls = []
    real = kiosk.port.transfer_result

    def counted(*args):
        polls.append(time.now)
        kiosk.offset -= 3600  # the wall clock steps back an hour at every poll
        return real(*args)
    kiosk.port.transfer_result = counted
    started = time.now
    assert kiosk.pay().status == "unknown"
    assert time.now - started < 60 and len(polls) <= 16


@pytest.mark.parametrize("status", [401, 403])
def test_a_bare_error_page_to_a_charge_is_asked_about(kiosk, status):
    page = Fault("body", applied=True, body=b"<html>Unauthorized</html>",
                 content_type="text/html", status=status)
    kiosk.script(withdraw=[page])
    assert kiosk.pay().status == "approved" and kiosk.moved() == 9000


def lock_the_ledger_after(kiosk, call: str) -> None:
    """The bank answers `call`, and then the books cannot be written (another process holds
    them): the answer is lost to the books, not to the bank."""
    real = getattr(kiosk.port, call)

    def then_locked(*args):
        answer = real(*args)
        kiosk.let_go = kiosk.books.lock()
        return answer
    setattr(kiosk.port, call, then_locked)
    kiosk.books.impatient(kiosk.ledger.db)


def test_a_ledger_that_cannot_be_written_after_sending_leaves_the_charge_unknown(kiosk):
    lock_the_ledger_after(kiosk, "withdraw")
    result = kiosk.pay()
    assert result.status == "unknown" and "reconcile" in result.reason.en
    kiosk.let_go()
    assert list(kiosk.engine.reconcile().values()) == [TransferStatus.APPROVED]


def test_a_full_refund_the_ledger_cannot_record_says_how_much_it_asked_for(kiosk):
    paid = kiosk.pay()
    lock_the_ledger_after(kiosk, "deposit")
    refund = kiosk.engine.refund(paid.payment_id)
    assert refund.status == "unknown" and refund.amount == paid.amount == 9000
    kiosk.let_go()
    assert TransferStatus.APPROVED in kiosk.engine.reconcile().values()
    assert kiosk.moved() == 0


def test_a_refund_on_an_expired_institution_token_is_renewed_and_sent_once_more(kiosk):
    paid = kiosk.pay()
    kiosk.script(deposit=[Fault("renew_token")])
    refund = kiosk.engine.refund(paid.payment_id)
    assert refund.status == "approved" and kiosk.moved() == 0
    statuses = [t.status for t in kiosk.ledger.transfers_of(paid.payment_id)]
    assert statuses == ["approved", "failed", "approved"]


def test_the_ten_thousandth_payment_of_a_day_is_followed_by_the_next(kiosk):
    with kiosk.ledger.transaction():
        kiosk.ledger.db.execute("INSERT INTO payment_numbers (day, last) VALUES ('20261120', "
                                "9999)")
    assert kiosk.pay().payment_id == "20261120-10000"
    assert kiosk.pay().payment_id == "20261120-10001"


class TestARequestKeyRefundsOnce:
    """A terminal that lost a refund's answer asks again with the same key (issue 21)."""

    def test_the_same_key_is_answered_with_the_refund_it_made(self, kiosk):
        paid = kiosk.pay()
        first = kiosk.engine.refund(paid.payment_id, 1000, request_key="k1")
        again = kiosk.engine.refund(paid.payment_id, 1000, request_key="k1")
        assert again == first and first.status == "approved" and kiosk.moved() == 8000

    def test_a_refund_dropped_after_the_bank_applied_it_is_not_sent_again(self, kiosk):
        paid = kiosk.pay()
        kiosk.script(deposit=[DROPPED_AFTER_BOOKING], result=[Fault("refused")] * 20)
        assert kiosk.engine.refund(paid.payment_id, 1000, request_key="k1").status == "unknown"
        kiosk.script()
        again = kiosk.engine.refund(paid.payment_id, 1000, request_key="k1")
        assert again.status == "unknown" and kiosk.moved() == 8000
        kiosk.engine.reconcile()
        assert kiosk.engine.refund(paid.payment_id, 1000, request_key="k1").status == "approved"
        assert kiosk.engine.refund(paid.payment_id, 1000, request_key="k2").status == "approved"
        assert kiosk.moved() == 7000
