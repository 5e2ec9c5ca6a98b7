"""The sale at the counter as one typed state machine, with no widgets in it.

The `Counter` owns the cart, the sale being paid and its `Phase`. It hears the device hub
(codes, device health) and the bank worker (checking, paid, refused) and the clerk (charge,
cancel, retry, new sale); it asks the bank through `pay_requested`/`check_requested` and says
what changed through `changed`. The window only renders `counter.phase` and friends, so the
rules of the flow are tested here, in milliseconds, without a screen or a bank.
"""

import logging
import re
import time
from collections.abc import Callable
from enum import StrEnum

from PySide6.QtCore import QObject, Signal

from kiosk.app.cart import Cart
from payments.codes import looks_like_code
from payments.money import Sale
from payments.payment_result import PaymentResult
from payments.reasons import Reason, Refused

log = logging.getLogger(__name__)
_STATIC_CODE = re.compile(r"\s*(kpay:)?[0-9]{24}\s*", re.IGNORECASE)

NOT_A_PAYMENT_CODE = Reason("결제 QR이 아닙니다. 은행 앱의 결제 QR을 보여 주세요",
                            "That is not a payment QR. Show the payment QR in your bank app")
# A tag or phone on the reader that holds no payment code: a QR's hint would send the
# customer to the camera with what was never a QR.
NOT_A_PAYMENT_TAG = Reason("결제 태그가 아닙니다. 결제용 스티커나 은행 앱을 연 휴대폰을 대 주세요",
                           "That is not a payment tag. Tap the payment sticker, or your phone "
                           "with the bank app open")
TRIED_ALREADY = Reason("이 코드로 이미 결제를 시도했습니다. 앱에서 새 코드를 여세요",
                       "This code was already tried. Open a fresh code in the app")
TIMED_OUT = Reason("시간이 지나 결제를 취소했습니다", "Time ran out: the payment was cancelled")
NO_WAY_TO_PAY = Reason("카메라와 NFC 리더가 모두 동작하지 않아 결제를 받을 수 없습니다. "
                       "장치 화면에서 다시 연결하세요",
                       "Neither the camera nor the NFC reader works, so no payment can be "
                       "taken. Reconnect them on the Devices screen")


class Phase(StrEnum):
    IDLE = "idle"  # the clerk rings up a sale
    AWAITING_CODE = "awaiting_code"  # the customer is asked for a code
    CHARGING = "charging"  # the bank is asked
    CHECKING = "checking"  # the bank's answer was unclear: the engine is asking again
    RESULT = "result"  # approved, declined or unknown: `counter.result`


# What each device's reported status means for taking a payment: a device starting up is
# given the benefit of the doubt, one lost or missing is not.
WORKING = ("ok", "ready", "starting")


class Counter(QObject):
    changed = Signal()  # the phase, the hint or the cart changed: render again
    said = Signal(object)  # a Reason the clerk should read now (a toast)
    pay_requested = Signal(object, str, str)  # Sale, payload, method: charge it
    check_requested = Signal(str)  # payment id: ask the bank again what became of it
    new_presentations = Signal()  # a sale waits for a code: every code is news again
    timed_out = Signal()
    unwanted = Signal(str)  # method: a code came while no sale waited for one, and was let be
    hinted = Signal(object)  # a Reason the pay screen now shows under the amount

    def __init__(self, max_per_payment: int, pay_timeout_s: float,
                 clock: Callable[[], float] = time.monotonic) -> None:
        super().__init__()
        self.max_per_payment = max_per_payment
        self.pay_timeout_s = pay_timeout_s
        self._clock = clock
        self.cart = Cart()
        self.phase = Phase.IDLE
        self.since = clock()  # when the phase began
        self.sale: Sale | None = None
        self.result: PaymentResult | None = None
        self.hint: Reason | None = None  # shown on the pay screen while awaiting a code
        self.devices: dict[str, str] = {"camera": "none", "nfc": "none", "printer": "none"}
        self._tried: set[str] = set()  # the codes this sale has been charged with

    # ---------------------------------------------------------------- reading

    @property
    def busy(self) -> bool:
        """A payment is under way: the clerk's menu stays shut until it ends."""
        return self.phase in (Phase.AWAITING_CODE, Phase.CHARGING, Phase.CHECKING)

    def elapsed_s(self) -> float:
        return self._clock() - self.since

    def remaining_s(self) -> int:
        """Seconds left for the customer to show a code."""
        return max(0, round(self.pay_timeout_s - self.elapsed_s()))

    def ways_to_pay(self) -> list[str]:
        """The ways a customer can pay right now: "qr" (camera), "nfc" (reader)."""
        return [way for way, device in (("qr", "camera"), ("nfc", "nfc"))
                if self.devices[device] in WORKING]

    # ---------------------------------------------------------------- the clerk

    def charge(self) -> bool:
        """Take the cart to the pay screen; False (and a reason said) when it cannot be."""
        if self.phase not in (Phase.IDLE, Phase.RESULT):
            return False
        try:
            sale = self.cart.sale()
        except Refused as refusal:  # empty, or more than any sale may be
            self.said.emit(refusal.reason)
            return False
        if sale.total > self.max_per_payment:
            self.said.emit(Reason(
                f"1회 결제 한도 {self.max_per_payment:,}원을 넘습니다. 나누어 결제하세요",
                f"Over this kiosk's per-payment limit of {self.max_per_payment:,} won: "
                "split the sale"))
            return False
        if not self.ways_to_pay():
            self.said.emit(NO_WAY_TO_PAY)
            return False
        self.sale, self.result = sale, None
        self._tried.clear()
        self._await_code()
        return True

    def retry(self) -> None:
        """The same sale again, with another code (after a decline)."""
        if self.phase is Phase.RESULT and self.sale is not None and self._declined():
            self.result = None
            self._await_code()

    def cancel(self) -> None:
        """The customer or clerk gives up waiting for a code; the cart stays."""
        if self.phase is Phase.AWAITING_CODE:
            self._enter(Phase.IDLE)

    def new_sale(self) -> None:
        """Done with the result: an empty cart for the next customer, whatever happened."""
        if self.phase is Phase.RESULT:
            self.cart.clear()
            self.sale = self.result = None
            self._enter(Phase.IDLE)

    def leave_result(self) -> None:
        """The clerk turns to another screen from the result: a declined sale's cart stays
        for them to change; a paid one's is already empty."""
        if self.phase is Phase.RESULT:
            self.sale = self.result = None
            self._enter(Phase.IDLE)

    def tick(self) -> None:
        """Once a second: time out a sale nobody pays, and let the elapsed time show."""
        if self.phase is Phase.AWAITING_CODE and self.remaining_s() <= 0:
            self._enter(Phase.IDLE)
            self.said.emit(TIMED_OUT)
            self.timed_out.emit()
        elif self.busy:
            self.changed.emit()

    def check_again(self) -> None:
        """Ask the bank again about a payment whose outcome is unknown."""
        if self.phase is Phase.RESULT and self.result and self.result.status == "unknown":
            self._enter(Phase.CHECKING)
            self.check_requested.emit(self.result.payment_id)

    # ---------------------------------------------------------------- the devices

    def code(self, payload: str, method: str) -> None:
        if self.phase is not Phase.AWAITING_CODE:
            log.info("a %s code was presented while no sale was waiting for one", method)
            self.unwanted.emit(method)
            return
        if not looks_like_code(payload):
            self._hint(NOT_A_PAYMENT_TAG if method == "nfc" else NOT_A_PAYMENT_CODE)
            return
        if payload in self._tried and not _STATIC_CODE.fullmatch(payload):
            self._hint(TRIED_ALREADY)
            return
        self._tried.add(payload)
        self.hint = None
        self._enter(Phase.CHARGING)
        self.pay_requested.emit(self.sale, payload, method)

    def device_status(self, name: str, status: str, detail: str = "") -> None:
        self.devices[name] = status
        self.changed.emit()

    # ---------------------------------------------------------------- the bank

    def checking(self) -> None:
        if self.phase is Phase.CHARGING:
            self._enter(Phase.CHECKING)

    def paid(self, result: PaymentResult) -> None:
        if self.phase not in (Phase.CHARGING, Phase.CHECKING):
            log.warning("a payment result came with no payment under way: %s", result.status)
            return
        self.result = result
        if result.status in ("approved", "unknown"):
            self.cart.clear()  # done; an unknown one is never charged again
        self._enter(Phase.RESULT)

    def refused(self, reason: Reason) -> None:
        """The engine would not charge at all (nothing was sent): back to the cart."""
        if self.phase in (Phase.CHARGING, Phase.CHECKING):
            self._enter(Phase.IDLE)
            self.said.emit(reason)

    # ---------------------------------------------------------------- inside

    def _declined(self) -> bool:
        return self.result is not None and self.result.status in ("declined", "error")

    def _await_code(self) -> None:
        self.hint = None
        self._enter(Phase.AWAITING_CODE)
        self.new_presentations.emit()

    def _hint(self, hint: Reason) -> None:
        self.hint = hint
        self.changed.emit()
        self.hinted.emit(hint)

    def _enter(self, phase: Phase) -> None:
        self.phase, self.since = phase, self._clock()
        self.changed.emit()
