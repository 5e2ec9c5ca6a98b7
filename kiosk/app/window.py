"""The kiosk's window: the top bar (top_bar.py) over the screens. The sale's flow is the
`Counter`'s (counter.py): the window wires the device hub and the bank worker to it, shows
the screen for its phase, and keeps the clerk's own screens (history, report, devices,
register, settings), behind the clerk's PIN where they move money or settings
(clerk_gate.py). Printing is the receipt desk's (receipt_desk.py). The bank and the devices
work in their own threads (bank_worker.py, counter_devices.py) and answer through signals."""

import logging
from collections.abc import Callable

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import QMainWindow, QStackedWidget, QVBoxLayout, QWidget

from kiosk.app import demo_customer
from kiosk.app.bank_worker import Bank
from kiosk.app.catalogue import CatalogueItem
from kiosk.app.clerk_gate import ClerkGate
from kiosk.app.counter import Counter, Phase
from kiosk.app.counter_devices import CounterDevices
from kiosk.app.i18n import Language
from kiosk.app.owner import SAVED, OwnerSettings, load_owner, save_owner
from kiosk.app.receipt_desk import ReceiptDesk
from kiosk.app.screens.device_status import DevicesScreen
from kiosk.app.screens.enroll import EnrollScreen
from kiosk.app.screens.history import HistoryScreen
from kiosk.app.screens.pay import PayScreen
from kiosk.app.screens.report import ReportScreen
from kiosk.app.screens.result import ResultScreen
from kiosk.app.screens.sale import SaleScreen
from kiosk.app.screens.settings import SettingsScreen
from kiosk.app.sounds import Sounds
from kiosk.app.top_bar import TopBar
from kiosk.app.widgets import Toast
from kiosk.bootstrap import LEDGER_FILE
from kiosk.context import Context
from payments.ledger import Payment
from payments.payment_result import PaymentResult
from payments.reasons import Reason
from payments.standing import Standing
from server.terminal import UNREACHABLE

log = logging.getLogger(__name__)


class MainWindow(QMainWindow):
    ready = Signal()  # the bank is open and the sale screen can take a sale

    def __init__(self, context: Context, catalogue: list[CatalogueItem], bank: Bank,
                 devices: CounterDevices, language: Language, sounds: Sounds,
                 demo_codes: Callable[[str | None], str]) -> None:
        """`demo_codes` makes a fresh code of a demo customer (of a fintech number, or the
        first): the composition root's, so the window needs no testbed of its own."""
        super().__init__()
        self.context, self.bank, self.devices = context, bank, devices
        self.demo_codes = demo_codes
        self.language, self.sounds = language, sounds
        self.settings = context.config.kiosk
        self.counter = Counter(context.config.payments.max_per_payment,
                               self.settings.pay_timeout_s)
        self.is_ready = False
        self.server_up = True  # a terminal's chain server; a kiosk on its own has none
        self.setObjectName("kiosk")

        self.owner = load_owner(context.data_dir)
        self.catalogue = catalogue  # the configuration's menu, when the owner has none
        self.sale_screen = self._sale_screen(self.menu)
        self.pay_screen = PayScreen(self.counter, context.demo)
        self.result_screen = ResultScreen()
        self.history_screen = HistoryScreen()
        self.report_screen = ReportScreen()
        self.devices_screen = DevicesScreen()
        self.enroll_screen = EnrollScreen(context.demo, context.wallet_address)
        self.settings_screen = SettingsScreen()
        self.screens = (self.sale_screen, self.pay_screen, self.result_screen,
                        self.history_screen, self.report_screen, self.devices_screen,
                        self.enroll_screen, self.settings_screen)
        self.stack = QStackedWidget()
        for screen in self.screens:
            self.stack.addWidget(screen)

        central = QWidget()
        column = QVBoxLayout(central)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        self.top_bar = TopBar(context.config.merchant.name, context.demo, language)
        self.top_bar.go.connect(self.go)
        column.addWidget(self.top_bar)
        column.addWidget(self.stack, 1)
        self.setCentralWidget(central)
        self.toast = Toast(central)
        self.clerk = ClerkGate(self, self.toast, context.data_dir / LEDGER_FILE,
                               lambda: self.pin_hash, self.devices_screen.show_pin)
        self.receipts = ReceiptDesk(self, context, bank, devices, lambda: self.owner.footer,
                                    self.toast, self.result_screen, self.report_screen,
                                    self.devices_screen)
        # While a payment is under way, once a second: the countdown, the time out, the
        # seconds the bank has taken. Idle otherwise, so an idle kiosk wakes for nothing.
        self._clock = QTimer(self, interval=1000, timeout=self.counter.tick)
        self._wire()
        self.retranslate()
        language.changed.connect(self._switch_language)

    @property
    def cart(self):
        return self.counter.cart

    @property
    def menu(self) -> list[CatalogueItem]:
        return list(self.owner.items) or self.catalogue

    def _sale_screen(self, menu: list[CatalogueItem]) -> SaleScreen:
        screen = SaleScreen(menu, self.counter.cart, self.language)
        screen.charge.connect(self.charge)
        screen.refused.connect(lambda text: self.toast.show_message(text))
        return screen

    # ---------------------------------------------------------------- language

    def _switch_language(self, code: str) -> None:
        self.result_screen.language = self.enroll_screen.language = code
        self.pay_screen.language = self.settings_screen.language = code
        self.retranslate()
        for screen in self.screens:
            screen.retranslate()

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("결제 키오스크"))
        self.top_bar.retranslate()
        self.top_bar.show_health(self.devices.statuses)

    # ---------------------------------------------------------------- wiring

    def _wire(self) -> None:
        bank, devices, counter = self.bank.worker, self.devices, self.counter
        bank.ready.connect(self._on_ready)
        bank.failed.connect(self._on_bank_failed)
        bank.checking.connect(counter.checking)
        bank.paid.connect(self._on_paid)
        bank.paid.connect(counter.paid)
        bank.refunded.connect(self._on_refunded)
        bank.refused.connect(self._on_refused)
        bank.server_reachable.connect(self._on_server)
        bank.day.connect(self._on_day)
        bank.consent_url.connect(self._on_consent_url)
        bank.enrolled.connect(self._on_enrolled)
        bank.enroll_refused.connect(self.enroll_screen.show_refused)
        devices.code.connect(self._on_code)
        devices.refused_tap.connect(lambda why: counter.phase is Phase.AWAITING_CODE
                                    and self.toast.show_message(self.tr(
                                        "결제 코드가 없는 태그입니다. 은행 앱의 결제 코드를 "
                                        "대 주세요")))
        devices.preview.connect(self.pay_screen.show_frame)
        devices.status.connect(self._on_device_status)
        counter.changed.connect(self._render)
        counter.said.connect(self.say)
        counter.pay_requested.connect(self.bank.pay)
        counter.check_requested.connect(self.bank.check)
        counter.new_presentations.connect(devices.new_presentations)
        self.pay_screen.cancelled.connect(counter.cancel)
        self.pay_screen.demo_present.connect(self.demo_present)
        self.result_screen.new_sale.connect(counter.new_sale)
        self.result_screen.try_again.connect(counter.retry)
        self.result_screen.check_again.connect(counter.check_again)
        self.history_screen.refund.connect(self.refund)
        self.history_screen.reprint.connect(self.bank.reprint)
        self.report_screen.wanted.connect(self.bank.load_day)
        self.devices_screen.reconnect.connect(devices.reconnect)
        self.devices_screen.settings.connect(self.show_settings)
        self.settings_screen.save.connect(self._save_owner)
        self.settings_screen.said.connect(self.say)
        self.enroll_screen.again.connect(self._begin_enrollment)
        self.enroll_screen.demo_consent.connect(demo_customer.consent)
        self.enroll_screen.expired.connect(self.bank.cancel_enrollment)
        for name, (status, detail) in devices.statuses.items():
            self.devices_screen.show_state(name, status, detail)
            counter.device_status(name, status, detail)
        self.devices_screen.show_state("bank", "connecting", "")

    # ---------------------------------------------------------------- screens

    def screen_name(self) -> str:
        """What a scenario's `expect screen = ...` compares with."""
        screen = self.stack.currentWidget()
        if screen is self.pay_screen:
            return "pay" if self.pay_screen.state == "waiting" else self.pay_screen.state
        if screen is self.result_screen:
            return {"error": "declined"}.get(self.result_screen.outcome,
                                             self.result_screen.outcome)
        if screen is self.enroll_screen and self.enroll_screen.state not in (
                "starting", "waiting", "wallet"):
            return self.enroll_screen.state
        return screen.name

    def visible_text(self) -> str:
        """Every label and button text the customer can see now, for `expect text = ...`."""
        texts = [self.toast.text()] if self.toast.isVisible() else []
        for widget in self.stack.currentWidget().findChildren(QWidget):
            if widget.isVisibleTo(self) and hasattr(widget, "text"):
                texts.append(widget.text())
        return " | ".join(t.replace("\n", " ") for t in texts if t)

    def go(self, name: str) -> None:
        """The top bar's screens. Shut while a payment is under way: a customer stands at
        the pay screen, and the clerk's screens are not for them to see."""
        if self.counter.busy:
            return
        screen = {"sale": self.sale_screen, "history": self.history_screen,
                  "report": self.report_screen, "devices": self.devices_screen,
                  "register": self.enroll_screen}[name]
        if name == "register" and not self._bank_is_open():
            return
        if self.counter.phase is Phase.RESULT:
            self.counter.leave_result()
        if name in ("history", "report"):
            self.bank.load_day(self.report_screen.chosen_date)
        self._show(screen)
        if name == "register":
            self._begin_enrollment()

    def _show(self, screen: QWidget) -> None:
        current = self.stack.currentWidget()
        if screen is not current:
            self.toast.hide()  # a message belongs to the screen it was said on
            if current is self.enroll_screen:
                self.bank.cancel_enrollment()  # nobody is there to scan the QR any more
        self.stack.setCurrentWidget(screen)
        self.top_bar.mark(screen.name, not self.counter.busy)

    def _render(self) -> None:
        """Show the screen for the counter's phase, drawn from the counter."""
        phase = self.counter.phase
        if not self.counter.busy:
            self._clock.stop()
        elif not self._clock.isActive():
            self._clock.start()
        if phase is Phase.IDLE:
            self.sale_screen.refresh()
            if self.stack.currentWidget() in (self.pay_screen, self.result_screen):
                self._show(self.sale_screen)
        elif phase is Phase.RESULT:
            self.sale_screen.refresh()
            self._show(self.result_screen)
        else:
            self.pay_screen.retranslate()
            if self.stack.currentWidget() is not self.pay_screen:
                self.pay_screen.clear_preview()
                self._show(self.pay_screen)
        self.top_bar.show_health(self.devices.statuses)

    def say(self, reason: Reason) -> None:
        """A reason, as a sentence: the engine's English starts in lower case."""
        text = reason.ko if self.language.code == "ko" else reason.en
        self.toast.show_message(text[:1].upper() + text[1:])

    # ---------------------------------------------------------------- a sale

    def _bank_is_open(self) -> bool:
        """Whether the bank can be asked yet; if not, the clerk is told why."""
        if not self.is_ready:
            self.toast.show_message(self.tr("은행에 연결하는 중입니다. 잠시 후 다시 누르세요"))
        elif not self.server_up:
            self.say(UNREACHABLE)
        return self.is_ready and self.server_up

    def _on_server(self, up: bool) -> None:
        """A terminal's server lost (a red mark in the top bar until it is back) or back."""
        self.server_up = up
        self.top_bar.show_server(up)
        self.devices_screen.show_state("bank", "ok" if up else "failed",
                                       self.context.config.server.url)
        if up:
            self.toast.show_message(self.tr("결제 서버에 연결되었습니다"))
        else:
            self.say(UNREACHABLE)

    def charge(self) -> None:
        if self._bank_is_open():
            self.counter.charge()

    def _on_code(self, payload: str, method: str) -> None:
        if self.counter.phase is Phase.AWAITING_CODE:
            self.sounds.play("scanned")
        self.counter.code(payload, method)

    def _on_paid(self, result: PaymentResult) -> None:
        if self.counter.phase not in (Phase.CHARGING, Phase.CHECKING):
            return
        self.sounds.play({"approved": "approved", "unknown": "scanned"}.get(result.status,
                                                                            "declined"))
        self.result_screen.show_result(result)

    # ---------------------------------------------------------------- registering a customer

    def _begin_enrollment(self) -> None:
        if not self.enroll_screen.start():  # where there is a wallet, it enrolls customers
            self.bank.begin_enrollment()

    def _on_consent_url(self, url: str) -> None:
        if self.stack.currentWidget() is self.enroll_screen:  # not left meanwhile
            self.enroll_screen.show_url(url)

    def _on_enrolled(self, accounts: list[dict]) -> None:
        self.sounds.play("approved")
        self.enroll_screen.show_enrolled(accounts)

    # ---------------------------------------------------------------- clerk

    @property
    def pin_hash(self) -> str:
        """The owner's PIN, once they have set one here; the installer's before that."""
        return self.owner.pin_hash or self.settings.clerk_pin_hash

    def refund(self, payment_id: str, amount: int | None, question: str) -> None:
        """Behind the PIN: the history screen's question says which payment and how much."""
        dialog = self.clerk.ask(question)
        if dialog is not None:  # the keyed amount stays keyed until the PIN lets it go
            dialog.accepted.connect(self.history_screen.keypad.clear)
            dialog.accepted.connect(lambda: self.bank.refund(payment_id, amount))

    def show_settings(self) -> None:
        """The owner's settings behind the PIN: the menu, the receipt line, the PIN. The
        bank and the devices stay read-only here: a four-digit PIN must not be enough to
        point the kiosk at another bank or account; those are the installer's, in a
        configuration file on a read-only root (docs/raspberrypi.md)."""
        dialog = self.clerk.ask(self.tr("설정을 바꾸려면 점원 PIN을 입력하세요"))
        if dialog is not None:
            dialog.accepted.connect(self._open_settings)

    def _open_settings(self) -> None:
        self.settings_screen.open(self.owner, self.menu, self.context)
        self._show(self.settings_screen)

    def _save_owner(self, owner: OwnerSettings) -> None:
        try:
            save_owner(self.context.data_dir, owner)
        except OSError as exc:
            log.error("cannot save the owner's settings: %s", exc)
            self.toast.show_message(self.tr("저장하지 못했습니다. 바뀐 것은 없습니다"))
            return
        menu_changed = owner.items != self.owner.items
        self.owner = owner
        if menu_changed:
            old = self.sale_screen
            self.sale_screen = self._sale_screen(self.menu)
            self.stack.insertWidget(0, self.sale_screen)
            self.stack.removeWidget(old)
            old.deleteLater()
            self.screens = (self.sale_screen, *self.screens[1:])
        self.say(SAVED)

    def _on_refunded(self, result: PaymentResult) -> None:
        words = {"approved": self.tr("환불되었습니다: {amount}원"),
                 "declined": self.tr("환불이 거절되었습니다: {amount}원"),
                 "unknown": self.tr("환불 결과를 은행에 확인하는 중입니다: {amount}원")}
        self.toast.show_message(words.get(result.status, words["declined"]).format(
            amount=f"{result.amount:,}"))

    def _on_refused(self, reason: Reason) -> None:
        if self.counter.phase in (Phase.CHARGING, Phase.CHECKING):
            self.counter.refused(reason)  # the charge was turned down: back to the cart
        else:
            self.say(reason)

    def _on_day(self, payments: list[tuple[Payment, Standing]], report: dict) -> None:
        self.history_screen.show_payments(payments)
        self.report_screen.show_report(report)

    # ---------------------------------------------------------------- bank and devices

    def _on_ready(self, where: str) -> None:
        self.is_ready = True
        self.devices_screen.show_state("bank", "ok", where)
        self.ready.emit()

    def _on_bank_failed(self, why: str) -> None:
        self.devices_screen.show_state("bank", "failed", why)
        self.toast.show_message(self.tr("은행에 연결하지 못했습니다. 장치 화면의 ‘자세히’에서 "
                                        "이유를 볼 수 있습니다"), 30)

    def _on_device_status(self, name: str, status: str, detail: str) -> None:
        self.devices_screen.show_state(name, status, detail)
        self.counter.device_status(name, status, detail)

    # ---------------------------------------------------------------- the demo customer

    def demo_present(self, kind: str, code: str | None = None) -> None:
        """The on-screen demo customer shows a fresh demo code: "qr", "tag" or "phone"."""
        try:
            demo_customer.present_code(self.context, kind, code or self.demo_codes(None))
        except demo_customer.NotSimulated as exc:
            self.toast.show_message(str(exc))

    def closeEvent(self, event) -> None:
        self.devices.stop()
        self.bank.stop()
        super().closeEvent(event)

