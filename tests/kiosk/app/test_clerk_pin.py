"""The clerk's PIN on the Qt kiosk: checked off the screen's thread, a lock kept across a
restart and shown on the devices screen."""

import threading

from kiosk.app.widgets import PinDialog

WAIT_MS = 20_000


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
