"""What the kiosk prints and when: a paid sale's receipt by itself, a declined one's slip or
a reprint when the clerk asks, the day's report, a test page, and the jobs the printer held.
It keeps the last sale's receipt, so the result screen can preview and reprint it, and
tells the result and devices screens how each job went."""

import random
from collections.abc import Callable

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import QDialog, QLabel, QScrollArea, QVBoxLayout, QWidget

from hardware.printer.base import Document
from hardware.printer.raster import png_bytes
from kiosk.app.bank_worker import Bank
from kiosk.app.counter_devices import CounterDevices
from kiosk.app.screens.device_status import DevicesScreen
from kiosk.app.screens.report import ReportScreen
from kiosk.app.screens.result import ResultScreen
from kiosk.app.widgets import Toast, big_button
from kiosk.bootstrap import merchant_of
from kiosk.context import Context
from kiosk.printing import paper_of, receipt_document, report_document, test_document
from payments.receipts import Receipt


class ReceiptDesk(QObject):
    def __init__(self, window: QWidget, context: Context, bank: Bank, devices: CounterDevices,
                 footer: Callable[[], str], toast: Toast, result_screen: ResultScreen,
                 report_screen: ReportScreen, devices_screen: DevicesScreen) -> None:
        super().__init__(window)
        self.window, self.context, self.bank, self.devices = window, context, bank, devices
        self.footer, self.toast = footer, toast
        self.result_screen, self.devices_screen = result_screen, devices_screen
        self.last_receipt: Receipt | None = None
        self.last_receipt_key = ""
        bank.worker.receipt.connect(self._on_receipt)
        devices.job.connect(self._on_print_job)
        result_screen.preview_receipt.connect(self.preview_receipt)
        result_screen.reprint.connect(self._reprint_result)
        report_screen.print_report.connect(lambda: self.print_report(report_screen.report))
        devices_screen.test_print.connect(self.test_print)
        devices_screen.print_held.connect(self.print_held)

    def document(self, receipt: Receipt) -> Document:
        """A receipt as the printer gets it: on this kiosk's paper, with the owner's line."""
        return receipt_document(receipt, paper_of(self.context), self.footer(),
                                self.context.wallet_address())

    def _on_receipt(self, key: str, receipt: Receipt) -> None:
        """A sale's receipt prints by itself when paid; a declined one's slip only when the
        clerk asks (the reprint button), as does any receipt when auto_print is off."""
        if key.startswith("sale:"):
            self.last_receipt, self.last_receipt_key = receipt, key
            if not self.context.config.kiosk.auto_print or receipt.status != "approved":
                return
        self._print_receipt(key, receipt)

    def _print_receipt(self, key: str, receipt: Receipt) -> None:
        job = self.devices.print(key, self.document(receipt))
        if key.startswith("sale:"):
            self.result_screen.show_print(job.state)

    def _reprint_result(self) -> None:
        result, receipt = self.result_screen.result, self.last_receipt
        if result is None:
            return
        if receipt is not None and receipt.payment_id == result.payment_id and (
                receipt.status != "approved" or not self.context.config.kiosk.auto_print):
            self._print_receipt(self.last_receipt_key, receipt)  # its first print
        else:
            self.bank.reprint(result.payment_id)

    def _on_print_job(self, job) -> None:
        if job.key == self.last_receipt_key:
            self.result_screen.show_print(job.state)
        self.devices_screen.show_held(len(self.devices.spool.held()))
        if job.state == "held":
            self.toast.show_message(self.tr("영수증을 출력하지 못했습니다. 장치 화면에서 "
                                            "확인하세요"))

    def preview_receipt(self) -> None:
        """The receipt at its printed size (a thermal dot is about a screen pixel), in a
        finger-scrolled pane: shrunk to fit the screen it would be unreadable."""
        if self.last_receipt is None:
            return
        dialog = QDialog(self.window)
        dialog.setObjectName("receipt_preview")
        layout = QVBoxLayout(dialog)
        picture = QLabel()
        pixmap = QPixmap()
        pixmap.loadFromData(png_bytes(self.document(self.last_receipt),
                                      paper_of(self.context)), "PNG")
        picture.setPixmap(pixmap)
        pane = QScrollArea()
        pane.setWidget(picture)
        pane.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        pane.setFixedSize(pixmap.width() + 32,
                          min(pixmap.height() + 4, self.window.height() - 110))
        close = big_button(self.tr("닫기"), "primary")
        close.clicked.connect(dialog.accept)
        layout.addWidget(pane)
        layout.addWidget(close)
        dialog.open()

    def print_report(self, report: dict | None) -> None:
        if report is None:
            return
        self.devices.print(f"report:{report['date']}:{random.random()}", report_document(
            report, merchant_of(self.context.config), paper_of(self.context)))

    def test_print(self) -> None:
        devices = self.context.config.devices
        self.devices.print(f"test:{random.random()}", test_document(
            paper_of(self.context), devices.printer, devices.printer_korean))

    def print_held(self) -> None:
        for job in self.devices.spool.held():
            self.devices.spool.retry(job.key)
