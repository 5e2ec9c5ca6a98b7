"""What a clerk and a customer do on the Qt kiosk, as steps the flow tests share."""

from kiosk.app import demo_customer
from kiosk.app.widgets import PinDialog
from testbed.demo_wallet import demo_code

WAIT_MS = 20_000


def ring_up(window, *items: str) -> None:
    for name in items:
        window.sale_screen.item_buttons[name].click()
    window.sale_screen.charge_button.click()


def show_qr(kiosk, code: str | None = None) -> str:
    code = code or demo_code()
    demo_customer.show_qr(kiosk.context, code)
    return code


def wait_for_screen(qtbot, window, name: str, timeout: int = WAIT_MS) -> None:
    qtbot.waitUntil(lambda: window.screen_name() == name, timeout=timeout)


def paid_by_qr(qtbot, kiosk, *items: str, code: str | None = None) -> None:
    """A sale of `items`, paid by showing a QR, approved."""
    ring_up(kiosk.window, *items)
    show_qr(kiosk, code)
    wait_for_screen(qtbot, kiosk.window, "approved")


def open_history(qtbot, window):
    """The history screen, opened from the top bar, once it lists the day's payments."""
    window.top_bar.nav_buttons["history"].click()
    history = window.history_screen
    qtbot.waitUntil(lambda: bool(history.payments), timeout=WAIT_MS)
    return history


def ask_refund(window, amount: str = "") -> PinDialog:
    """On the history screen: the newest payment, `amount` keyed (none: all that is left),
    환불 pressed; the PIN dialog that asks for it."""
    history = window.history_screen
    history.select(history.payments[0].id)
    for key in amount:
        history.keypad.buttons[key].click()
    history.refund_button.click()
    return window.findChild(PinDialog)
