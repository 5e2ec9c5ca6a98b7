"""The clerk's PIN on the Qt kiosk: checked off the screen's thread, a lock kept across a
restart and shown on the devices screen, and nothing the clerk keyed lost to a wrong PIN."""

import threading

from kiosk.app.widgets import PinDialog
from tests.kiosk.app.steps import WAIT_MS, ask_refund, open_history, paid_by_qr


def open_pin(kiosk) -> PinDialog:
    window = kiosk.window
    window.top_bar.nav_buttons["devices"].click()
    window.devices_screen.settings_button.click()
    return window.findChild(PinDialog)


def test_the_pin_is_checked_off_the_screens_thread(qtbot, make_kiosk):
    """Before: PBKDF2 ran in the click handler, freezing the screen for each try."""
    kiosk = make_kiosk()
    dialog = open_pin(kiosk)
    where = []
    lockout = dialog._lockout
    dialog._lockout = lambda: where.append(threading.current_thread()) or lockout()
    dialog.enter("1234")
    assert where and threading.main_thread() not in where
    assert kiosk.window.screen_name() == "settings"


def test_a_lock_survives_a_restart_and_is_on_the_devices_screen(qtbot, make_kiosk):
    kiosk = make_kiosk()
    dialog = open_pin(kiosk)
    for _ in range(5):
        dialog.enter("0000")
    assert "분 후 다시 시도하세요" in dialog.message.text()
    dialog.enter("1234")  # the right PIN while locked: not even checked
    assert dialog.isVisible()
    assert kiosk.window.devices_screen.states["pin"][0] == "locked"
    dialog.reject()
    kiosk.stop()
    again = make_kiosk()  # the same data directory, as after pulling the plug
    qtbot.waitUntil(lambda: again.window.devices_screen.states["pin"][0] == "locked",
                    timeout=WAIT_MS)
    dialog = open_pin(again)
    dialog.enter("1234")
    assert dialog.isVisible() and "분 후" in dialog.message.text()


def test_a_refund_the_pin_did_not_let_through_keeps_its_keyed_amount(qtbot, make_kiosk):
    """Before: the amount was cleared when the PIN was asked, so after a wrong PIN and
    취소 the screen read 전액 and the clerk's next try asked to refund everything."""
    kiosk = make_kiosk()
    window = kiosk.window
    paid_by_qr(qtbot, kiosk, "치즈케이크")
    history = open_history(qtbot, window)
    dialog = ask_refund(window, "1800")
    dialog.enter("9999")
    dialog.cancel.click()
    assert "환불 금액: 1,800원" in window.visible_text()
    history.refund_button.click()
    again = [d for d in window.findChildren(PinDialog) if d.isVisible()][-1]
    assert "1,800원" in again.title.text()
    assert again.enter("1234").accepted
    qtbot.waitUntil(lambda: "환불되었습니다: 1,800원" in window.visible_text(), timeout=WAIT_MS)
    assert "환불 금액: 전액" in window.visible_text()  # spent on the refund
