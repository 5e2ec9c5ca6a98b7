"""Every phase of the counter at 800x480, in Korean and English, into docs/screenshots:

    .venv/bin/python docs/screenshots/make_screenshots.py

The demo kiosk offscreen with the 60-item menu of the tests, paid for real: codes shown to
the simulated camera, declines the in-process testbed gives (a used code, an expired one,
an unregistered customer, the bank's limit and outage answers), a slow bank for "checking"
and an unknown outcome, a camera that cannot be opened, the owner's settings. Each picture
is taken in Korean, then again in English (`NAME-en.png`).
"""

import dataclasses
import os
import sys
import tempfile
import time
from pathlib import Path

os.environ["QT_QPA_PLATFORM"] = "offscreen"  # before Qt is imported

import httpx
from PySide6.QtWidgets import QApplication, QDialog

from hardware.device_spec import parse_device
from kiosk.app import demo_customer
from kiosk.app.application import SIZE, Kiosk
from kiosk.app.widgets import PinDialog
from kiosk.context import make_context
from payments.code_signing import sign_code
from testbed.demo_wallet import demo_code, demo_issuer_key, first_demo_customer_fin

HERE = Path(__file__).resolve().parent
MENU = HERE.parents[1] / "tests" / "kiosk" / "app" / "busy_menu.toml"
CAMERA_SHOWS_S = 4.5  # the inbox camera shows a picture for 4 s
LONG_NAME = "제주 유기농 녹차와 꿀을 곁들인 따뜻한 허브 블렌드"


def spin(seconds: float = 0.3, until=None, timeout_s: float = 30) -> None:
    app = QApplication.instance()
    end = time.monotonic() + (timeout_s if until else seconds)
    while time.monotonic() < end:
        app.processEvents()
        if until is not None and until():
            app.processEvents()
            return
        time.sleep(0.01)
    if until is not None:
        raise TimeoutError(f"the kiosk did not get there: {until.__doc__ or until}")


class Shooter:
    def __init__(self, kiosk: Kiosk) -> None:
        self.kiosk, self.window = kiosk, kiosk.window

    def shot(self, name: str) -> None:
        """The screen now, in Korean and in English."""
        spin(0.2)
        for language, suffix in (("ko", ""), ("en", "-en")):
            self.kiosk.language.set(language)
            spin(0.2)
            path = self.kiosk.screenshot(HERE / f"{name}{suffix}.png")
            size = self.window.size()
            grew = "" if (size.width(), size.height()) == SIZE else (
                f"  <- does not fit: the window grew to {size.width()}x{size.height()}")
            print(f"  {path.relative_to(HERE.parents[1])}{grew}")
        self.kiosk.language.set("ko")

    def shot_dialog(self, name: str, open_it) -> None:
        """A dialog is worded when it opens (the language cannot change under a modal
        dialog), so it is opened afresh in each language."""
        for language, suffix in (("ko", ""), ("en", "-en")):
            self.kiosk.language.set(language)
            open_it()
            spin(0.2)
            self.kiosk.screenshot(HERE / f"{name}{suffix}.png")
            print(f"  docs/screenshots/{name}{suffix}.png")
            for dialog in self.window.findChildren(QDialog):
                if dialog.isVisible():
                    dialog.reject()
            spin(0.1)
        self.kiosk.language.set("ko")

    def ring_up(self, *items: str) -> None:
        window = self.window
        if window.counter.phase.value == "result":
            window.counter.new_sale()
        window.go("sale")
        for item in items:
            window.sale_screen.item_buttons[item].click()
        window.sale_screen.charge_button.click()

    def show(self, code: str) -> None:
        demo_customer.show_qr(self.kiosk.context, code)

    def until_screen(self, name: str, timeout_s: float = 30) -> None:
        spin(until=lambda: self.window.screen_name() == name, timeout_s=timeout_s)

    def fault(self, *rules: dict) -> None:
        url = self.kiosk.bank.worker.services.testbed.url
        httpx.post(f"{url}/_sim/faults", json={"rules": list(rules)}).raise_for_status()

    def decline(self, name: str, code: str, *rules: dict) -> None:
        spin(CAMERA_SHOWS_S)  # the last picture gone: each sale is shown its own code
        self.fault(*rules)
        self.ring_up("생수")
        self.show(code)
        self.until_screen("declined")
        self.fault()
        self.shot(f"declined-{name}")


def main() -> None:
    data = Path(tempfile.mkdtemp(prefix="kiosk-shots-"))
    context = make_context(None, str(data), True)
    config = context.config
    context = dataclasses.replace(context, config=dataclasses.replace(
        config, kiosk=dataclasses.replace(config.kiosk, catalogue=str(MENU)),
        payments=dataclasses.replace(config.payments, result_deadline_s=3.0,
                                     result_poll_s=0.5)))
    kiosk = Kiosk(context, sounds=False)
    kiosk.show()
    spin(until=lambda: kiosk.window.is_ready)
    spin(until=lambda: kiosk.devices.statuses["camera"][0] == "ok")
    shooter, window = Shooter(kiosk), kiosk.window
    sale = window.sale_screen

    print("sale, pay, approved, receipt:")
    sale.tabs[3].click()
    for item in (LONG_NAME, "유자차", "유자차", "캐모마일", "얼그레이", "생강차", "대추차"):
        sale.item_buttons[item].click()
    shooter.shot("sale")
    sale.keypad_tab.click()
    for key in "12000":
        sale.keypad.buttons[key].click()
    shooter.shot("sale-keypad")
    sale.keypad.clear()
    sale.tabs[0].click()
    sale.charge_button.click()
    spin(1.0)
    shooter.shot("pay")
    shooter.show("https://open.kakao.com/o/gAbCdEf")
    spin(until=lambda: window.counter.hint is not None)
    shooter.shot("pay-not-a-payment-qr")
    shooter.fault({"api": "withdraw", "fault": "delay", "seconds": 2.5, "times": 1})
    shooter.show(demo_code())
    shooter.until_screen("processing")
    spin(1.2)
    shooter.shot("charging")
    shooter.until_screen("approved")
    shooter.shot("approved")
    shooter.shot_dialog("receipt-preview", window.result_screen.preview_button.click)

    print("declines, one per kind of reason:")
    used = demo_code()
    spin(CAMERA_SHOWS_S)
    shooter.ring_up("생수")
    shooter.show(used)
    shooter.until_screen("approved")
    window.counter.new_sale()
    shooter.ring_up("생수")
    shooter.show(used)
    shooter.until_screen("declined")
    shooter.shot("declined-used")
    kid, key = demo_issuer_key()
    expired = sign_code(key, kid, first_demo_customer_fin(), now=time.time() - 900)
    shooter.decline("expired", expired)
    shooter.decline("not-registered", demo_code("199999999999999999999999"))
    shooter.decline("limit", demo_code(), {"api": "withdraw", "fault": "rsp_code",
                                           "code": "A0111", "times": 1})
    shooter.decline("bank-down", demo_code(), {"api": "withdraw", "fault": "rsp_code",
                                               "code": "A0013", "times": 1})

    print("a slow bank: checking, then unknown:")
    spin(CAMERA_SHOWS_S)
    shooter.fault({"api": "withdraw", "fault": "garbage", "apply": True, "times": 1},
                  {"api": "result", "fault": "http_error", "times": 40})
    shooter.ring_up("카페라테")
    shooter.show(demo_code())
    shooter.until_screen("checking")
    spin(2.2)
    shooter.shot("checking")
    shooter.until_screen("unknown")
    shooter.shot("unknown")
    shooter.fault()

    print("the clerk's screens:")
    window.counter.leave_result()
    window.go("history")
    spin(until=lambda: bool(window.history_screen.payments))
    history = window.history_screen
    paid = next(p.id for p in history.payments if p.status == "approved")
    window.bank.refund(paid, 1500)  # the list shows a partly refunded payment's story
    spin(until=lambda: paid in history.standings and
         history.standings[paid].status == "partly_refunded")
    spin(until=lambda: not window.toast.isVisible())  # "refunded" would cover the details
    history.select(paid)
    shooter.shot("history")
    shooter.shot_dialog("refund-pin", history.refund_button.click)
    window.go("report")
    spin(until=lambda: window.report_screen.report is not None)
    shooter.shot("report")
    window.go("devices")
    shooter.shot("devices")
    window.devices_screen.settings_button.click()
    [pin] = [d for d in window.findChildren(PinDialog) if d.isVisible()]
    pin.enter("1234")
    shooter.shot("settings-menu")
    window.settings_screen.tabs[1].click()
    window.settings_screen.footer.setText("또 오세요! 데모 카페")
    shooter.shot("settings-receipt-pin")
    window.settings_screen.tabs[2].click()
    shooter.shot("settings-installer")
    window.go("register")
    spin(until=lambda: window.enroll_screen.state == "waiting")
    shooter.shot("register")
    demo_customer.consent(window.enroll_screen.url)
    shooter.until_screen("registered")
    shooter.shot("registered")
    kiosk.stop()

    print("a camera that cannot be opened:")
    (data / "blocked").write_text("")
    dead = dataclasses.replace(context, config=dataclasses.replace(
        context.config, devices=dataclasses.replace(
            context.config.devices,
            camera=parse_device(f"inbox:{data / 'blocked' / 'inbox'}", "camera"))))
    kiosk = Kiosk(dead, sounds=False)
    kiosk.show()
    spin(until=lambda: kiosk.window.is_ready)
    spin(until=lambda: kiosk.devices.statuses["camera"][0] == "lost")
    shooter = Shooter(kiosk)
    shooter.ring_up("아메리카노")
    shooter.shot("pay-camera-lost")
    kiosk.stop()


if __name__ == "__main__":
    sys.exit(main())
