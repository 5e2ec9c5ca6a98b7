"""The kiosk with no one at its screen (offscreen, no script): it rings up a demo sale by
itself and waits for a tester to pay it from another terminal (`kiosk sim present`,
`kiosk sim tap`). It says what happened on standard error, saves a screenshot of every
outcome, and rings up the next sale."""

import sys
from pathlib import Path

from PySide6.QtCore import QObject, QTimer

from payments.payment_result import PaymentResult
from payments.reasons import Reason

NEXT_SALE_S = 5


class HeadlessCounter(QObject):
    def __init__(self, kiosk, screenshots: Path) -> None:
        super().__init__()
        self.kiosk, self.window = kiosk, kiosk.window
        self.screenshots = screenshots
        self.window.ready.connect(self.ring_up)
        self.window.counter.timed_out.connect(self._timed_out)
        self.kiosk.bank.worker.paid.connect(self._paid)
        self.window.counter.unwanted.connect(self._unwanted)
        self.window.counter.hinted.connect(self._hinted)

    def ring_up(self) -> None:
        window = self.window
        window.counter.new_sale()
        window.go("sale")
        window.cart.clear()
        first = next(iter(window.sale_screen.item_buttons.values()))
        first.click()
        window.sale_screen.charge_button.click()
        total = window.cart.total  # now: a code already waiting may pay it within the second
        # Shot once the camera and reader have had a moment to say how they are.
        QTimer.singleShot(1500, lambda: say(
            f"a sale of {total:,} won waits for payment (screen: "
            f"{self.kiosk.screenshot(self.screenshots / 'waiting.png')})"))

    def _timed_out(self) -> None:
        shot = self.kiosk.screenshot(self.screenshots / "cancelled.png")
        say(f"nobody paid within {self.window.counter.pay_timeout_s:.0f} s: the sale was "
            f"cancelled (screen: {shot}); ringing up the next one")
        QTimer.singleShot(1000, self.ring_up)

    def _unwanted(self, method: str) -> None:
        """`sim tap` and `sim present` can only say the kiosk read the code; a tester who
        paid between sales learns here that it charged nothing."""
        way = "an NFC" if method == "nfc" else "a QR"
        say(f"{way} code came while no sale was asking for one: nothing was charged with "
            "it; present it again once a sale waits for payment")

    def _hinted(self, hint: Reason) -> None:
        """A code the sale cannot take (not a payment code, one already tried): the screen
        says so under the amount, and the sale goes on waiting."""
        QTimer.singleShot(300, lambda: say(
            f"the pay screen says: {hint.en}; the sale still waits (screen: "
            f"{self.kiosk.screenshot(self.screenshots / 'hint.png')})"))

    def _paid(self, result: PaymentResult) -> None:
        def report() -> None:
            shot = self.kiosk.screenshot(self.screenshots / f"{result.payment_id}.png")
            why = f" ({result.reason.en})" if result.reason and result.status != "approved" else ""
            say(f"payment {result.payment_id}: {result.status}{why}; screen: {shot}")
            QTimer.singleShot(NEXT_SALE_S * 1000, self.ring_up)

        QTimer.singleShot(300, report)  # once the result screen has been drawn


def say(text: str) -> None:
    print(f"kiosk: {text}", file=sys.stderr, flush=True)
