"""The sale's flow as a state machine: no widgets, no bank, a clock that moves when told.

The bank's side is played by answering `pay_requested` with the PaymentResult the bank
worker would send; the devices' side by calling `code` and `device_status` as the hub does.
"""

import pytest

from kiosk.app.counter import (
    NO_WAY_TO_PAY,
    NOT_A_PAYMENT_CODE,
    NOT_A_PAYMENT_TAG,
    TIMED_OUT,
    TRIED_ALREADY,
    Counter,
    Phase,
)
from payments.payment_result import PaymentResult
from payments.reasons import Reason
from testbed.demo_wallet import demo_code

USED = Reason("이미 사용된 코드입니다. 앱에서 새 코드를 여세요",
              "this code was already used: open a fresh code in the app")


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


class Till:
    """A counter, what it asked the bank, and what it said to the clerk."""

    def __init__(self, max_per_payment: int = 1_000_000, timeout_s: float = 60) -> None:
        self.clock = Clock()
        self.counter = Counter(max_per_payment, timeout_s, self.clock)
        self.asked: list[tuple] = []
        self.checked: list[str] = []
        self.said: list[Reason] = []
        self.fresh = 0  # how often the scanner was told every code is news again
        self.counter.pay_requested.connect(lambda *request: self.asked.append(request))
        self.counter.check_requested.connect(self.checked.append)
        self.counter.said.connect(self.said.append)
        self.counter.new_presentations.connect(self._fresh)
        for device in ("camera", "nfc"):
            self.counter.device_status(device, "ok")

    def _fresh(self) -> None:
        self.fresh += 1

    def ring_up(self, *items: tuple[str, int]) -> None:
        for name, price in items or (("아메리카노", 4500),):
            self.counter.cart.add(name, price)
        assert self.counter.charge()

    def answer(self, status: str, reason: Reason | None = None) -> PaymentResult:
        sale = self.asked[-1][0]
        result = PaymentResult(f"P{len(self.asked)}", status, sale.total, reason)
        self.counter.paid(result)
        return result


@pytest.fixture
def till() -> Till:
    return Till()


def test_a_sale_goes_idle_awaiting_charging_result_and_the_paid_cart_empties(till):
    counter = till.counter
    assert counter.phase is Phase.IDLE
    till.ring_up(("아메리카노", 4500), ("아메리카노", 4500))
    assert counter.phase is Phase.AWAITING_CODE and counter.sale.total == 9000
    code = demo_code()
    counter.code(code, "qr")
    assert counter.phase is Phase.CHARGING
    assert till.asked == [(counter.sale, code, "qr")]
    till.answer("approved")
    assert counter.phase is Phase.RESULT and counter.cart.lines == []
    counter.new_sale()
    assert counter.phase is Phase.IDLE and counter.sale is None


def test_a_code_while_no_sale_waits_charges_nothing_and_is_said(till):
    counter = till.counter
    unwanted: list[str] = []
    counter.unwanted.connect(unwanted.append)
    counter.code(demo_code(), "nfc")  # idle
    till.ring_up()
    counter.code(demo_code(), "qr")
    till.answer("approved")
    counter.code(demo_code(), "nfc")  # the result on show
    assert unwanted == ["nfc", "nfc"] and len(till.asked) == 1


def test_every_sale_starts_with_fresh_presentations_so_a_replayed_code_reaches_the_bank(till):
    """The scanner's "same presentation for 3 s" must not outlive the sale: the last
    customer's code shown again for the next sale goes to the bank, to be declined as used."""
    counter = till.counter
    code = demo_code()
    till.ring_up()
    counter.code(code, "qr")
    till.answer("approved")
    counter.new_sale()
    till.ring_up()
    assert till.fresh == 2
    counter.code(code, "qr")
    assert [request[1] for request in till.asked] == [code, code]
    till.answer("declined", USED)
    assert counter.result.reason == USED


def test_a_code_already_tried_in_this_sale_gets_a_hint_not_a_second_decline(till):
    counter = till.counter
    code = demo_code()
    till.ring_up()
    counter.code(code, "qr")
    till.answer("declined", USED)
    counter.retry()
    assert counter.phase is Phase.AWAITING_CODE and till.fresh == 2
    counter.code(code, "nfc")  # still held up: the decline is said once
    assert counter.phase is Phase.AWAITING_CODE and counter.hint == TRIED_ALREADY
    assert len(till.asked) == 1
    counter.code(demo_code(), "qr")
    assert counter.phase is Phase.CHARGING and counter.hint is None


def test_a_static_code_may_be_tried_again_in_the_same_sale(till):
    counter = till.counter
    till.ring_up()
    counter.code("kpay:123456789012345678901234", "nfc")
    till.answer("declined", Reason("은행 시스템 장애", "The bank's system is down"))
    counter.retry()
    counter.code("kpay:123456789012345678901234", "nfc")
    assert counter.phase is Phase.CHARGING


def test_new_sale_after_a_decline_clears_the_cart_and_retry_keeps_it(till):
    counter = till.counter
    till.ring_up(("크루아상", 3800))
    counter.code(demo_code(), "qr")
    till.answer("declined", USED)
    assert [line.name for line in counter.cart.lines] == ["크루아상"]
    counter.retry()
    assert counter.sale.total == 3800
    counter.code(demo_code(), "qr")
    till.answer("declined", USED)
    counter.new_sale()
    assert counter.cart.lines == [] and counter.phase is Phase.IDLE
    counter.cart.add("생수", 1000)
    assert counter.charge() and counter.sale.total == 1000


@pytest.mark.parametrize("payload", ["https://open.kakao.com/o/abcdef", "WIFI:S:cafe;P:1234;;",
                                     "", "hello"])
def test_a_qr_that_is_no_payment_code_keeps_the_pay_screen_with_a_hint(till, payload):
    counter = till.counter
    till.ring_up()
    counter.code(payload, "qr")
    assert counter.phase is Phase.AWAITING_CODE
    assert counter.hint == NOT_A_PAYMENT_CODE and till.asked == []
    counter.code(demo_code(), "qr")
    assert counter.phase is Phase.CHARGING


def test_a_tag_that_is_no_payment_code_gets_a_tags_hint_not_a_qrs(till):
    counter = till.counter
    till.ring_up()
    counter.code("hello", "nfc")
    assert counter.phase is Phase.AWAITING_CODE and till.asked == []
    assert counter.hint == NOT_A_PAYMENT_TAG and "QR" not in counter.hint.en + counter.hint.ko


def test_the_clerks_menu_is_shut_while_a_payment_is_under_way(till):
    counter = till.counter
    assert not counter.busy
    till.ring_up()
    assert counter.busy
    counter.code(demo_code(), "qr")
    assert counter.busy
    counter.checking()
    assert counter.phase is Phase.CHECKING and counter.busy
    till.answer("approved")
    assert not counter.busy


def test_a_sale_over_the_kiosks_per_payment_limit_is_refused_before_the_pay_screen():
    till = Till(max_per_payment=10_000)
    counter = till.counter
    counter.cart.add("케이크", 12_000)
    assert not counter.charge()
    assert counter.phase is Phase.IDLE
    [reason] = till.said
    assert "10,000원" in reason.ko and "10,000 won" in reason.en
    counter.cart.change(0, -1)
    counter.cart.add("생수", 1000)
    assert counter.charge()


def test_charging_is_refused_when_neither_camera_nor_reader_works(till):
    counter = till.counter
    counter.device_status("camera", "lost", "unplugged")
    assert counter.ways_to_pay() == ["nfc"]
    counter.device_status("nfc", "none")
    counter.cart.add("생수", 1000)
    assert not counter.charge() and till.said == [NO_WAY_TO_PAY]
    counter.device_status("camera", "ok")
    assert counter.charge() and counter.ways_to_pay() == ["qr"]


def test_an_unpaid_sale_times_out_back_to_its_cart(till):
    counter = till.counter
    till.ring_up()
    till.clock.now += 30
    counter.tick()
    assert counter.phase is Phase.AWAITING_CODE and counter.remaining_s() == 30
    till.clock.now += 30
    counter.tick()
    assert counter.phase is Phase.IDLE and till.said == [TIMED_OUT]
    assert counter.cart.total == 4500


def test_checking_shows_its_elapsed_time_and_an_unknown_outcome_can_be_checked_again(till):
    counter = till.counter
    till.ring_up()
    counter.code(demo_code(), "qr")
    counter.checking()
    till.clock.now += 12
    assert int(counter.elapsed_s()) == 12
    result = till.answer("unknown")
    assert counter.cart.lines == []  # never charged again
    counter.retry()  # not for an unknown outcome
    assert counter.phase is Phase.RESULT
    counter.check_again()
    assert counter.phase is Phase.CHECKING and till.checked == [result.payment_id]
    counter.paid(PaymentResult(result.payment_id, "approved", result.amount))
    assert counter.phase is Phase.RESULT and counter.result.status == "approved"


def test_codes_outside_a_payment_and_results_nobody_waits_for_change_nothing(till):
    counter = till.counter
    counter.code(demo_code(), "qr")
    counter.paid(PaymentResult("P9", "approved", 100))
    counter.checking()
    assert counter.phase is Phase.IDLE and till.asked == []


def test_a_charge_the_engine_refuses_goes_back_to_the_cart_with_its_reason(till):
    counter = till.counter
    till.ring_up()
    counter.code(demo_code(), "qr")
    refusal = Reason("이미 처리 중인 결제입니다", "payment P1 was charged meanwhile")
    counter.refused(refusal)
    assert counter.phase is Phase.IDLE and till.said == [refusal]
    assert counter.cart.total == 4500
