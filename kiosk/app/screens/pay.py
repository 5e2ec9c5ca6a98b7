"""The customer pays: the amount huge, the camera preview with the found code outlined, which
ways to pay work right now, a hint when something else was shown, a countdown and cancel.
Then "asking the bank", and, when the answer is unclear, "checking with the bank", with the
seconds it has taken and no way to charge the sale again. It renders the `Counter`."""

from PySide6.QtCore import QPointF, Qt, Signal
from PySide6.QtGui import QColor, QImage, QPainter, QPen, QPixmap, QPolygonF
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from kiosk.app.counter import WORKING, Counter, Phase
from kiosk.app.i18n import won
from kiosk.app.wallet_link import qr_pixmap
from kiosk.app.widgets import DemoStrip, Screen, big_button, icon

PREVIEW_SIZE = (360, 270)
WALLET_QR_PX = 176
DEMO_KINDS = ("qr", "tag", "phone")


class PayScreen(Screen):
    name = "pay"
    cancelled = Signal()
    demo_present = Signal(str)  # the demo customer shows a code: "qr" | "tag" | "phone"

    def __init__(self, counter: Counter, demo: bool) -> None:
        super().__init__()
        self.counter = counter
        self.language = "ko"
        self._camera_shown = ""  # the camera status the preview was last drawn for

        self.preview = QLabel()
        self.preview.setObjectName("preview")
        self.preview.setFixedSize(*PREVIEW_SIZE)
        self.preview.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.preview.setWordWrap(True)
        self.amount_label = QLabel()
        self.amount_label.setObjectName("amount")
        self.amount_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.instructions = QLabel()
        self.instructions.setObjectName("instructions")
        self.instructions.setWordWrap(True)
        self.instructions.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.hint = QLabel()
        self.hint.setObjectName("hint")
        self.hint.setWordWrap(True)
        self.hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.ways = {way: QLabel() for way in ("qr", "nfc")}
        self.way_icons = {way: QLabel() for way in ("qr", "nfc")}
        for way, label in self.ways.items():
            label.setObjectName("way")
            label.setWordWrap(True)
            self.way_icons[way].setPixmap(icon(way, 28))
        self.show_phone = QLabel()  # where to hold the phone: toward the camera
        self.show_phone.setPixmap(icon("show-phone", 72))
        self.show_phone.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.wallet_qr = QLabel()  # the sale for the customer's wallet (wallet_link.py)
        self.wallet_qr.setObjectName("wallet_qr")
        self.wallet_qr.setFixedSize(WALLET_QR_PX, WALLET_QR_PX)
        self.wallet_note = QLabel()
        self.wallet_note.setObjectName("wallet_note")
        self.wallet_note.setWordWrap(True)
        self.show_wallet("")
        self.countdown = QLabel()
        self.countdown.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.cancel_button = big_button("", "quiet")
        self.cancel_button.clicked.connect(self.cancelled.emit)

        waiting = QWidget()
        side = QVBoxLayout()
        side.addWidget(self.amount_label)
        side.addWidget(self.show_phone)
        side.addWidget(self.instructions, 1)
        wallet = QHBoxLayout()
        wallet.addWidget(self.wallet_qr)
        wallet.addWidget(self.wallet_note, 1)
        side.addLayout(wallet)
        side.addWidget(self.hint)
        ways = QHBoxLayout()
        for way, label in self.ways.items():
            ways.addWidget(self.way_icons[way])
            ways.addWidget(label, 1)
        side.addLayout(ways)
        foot = QHBoxLayout()
        foot.addWidget(self.countdown, 1)
        foot.addWidget(self.cancel_button)
        side.addLayout(foot)
        row = QHBoxLayout(waiting)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.preview)
        row.addLayout(side, 1)

        working = QWidget()
        self.working_title = QLabel()
        self.working_title.setObjectName("title")
        self.working_title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.working_text = QLabel()
        self.working_text.setWordWrap(True)
        self.working_text.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.working_amount = QLabel()
        self.working_amount.setObjectName("amount")
        self.working_amount.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.elapsed = QLabel()
        self.elapsed.setObjectName("elapsed")
        self.elapsed.setAlignment(Qt.AlignmentFlag.AlignCenter)
        progress = QProgressBar()
        progress.setRange(0, 0)  # busy: the bank gives no percentages
        progress.setTextVisible(False)
        column = QVBoxLayout(working)
        column.addStretch(1)
        for widget in (self.working_amount, self.working_title, progress, self.working_text,
                       self.elapsed):
            column.addWidget(widget)
        column.addStretch(1)

        self.pages = QStackedWidget()
        self.pages.addWidget(waiting)
        self.pages.addWidget(working)
        layout = QVBoxLayout(self)
        layout.addWidget(self.pages, 1)
        self.demo = None
        if demo:
            self.demo = DemoStrip(len(DEMO_KINDS))
            self.demo.pressed.connect(lambda n: self.demo_present.emit(DEMO_KINDS[n]))
            layout.addWidget(self.demo)
        self.retranslate()

    @property
    def state(self) -> str:
        """What a scenario's `expect screen` calls this screen now."""
        return {Phase.CHARGING: "processing", Phase.CHECKING: "checking"}.get(
            self.counter.phase, "waiting")

    def retranslate(self) -> None:
        counter = self.counter
        amount = won(counter.sale.total if counter.sale else 0)
        self.amount_label.setText(amount)
        self.working_amount.setText(amount)
        ways = counter.ways_to_pay()
        self.instructions.setText({
            ("qr", "nfc"): self.tr("휴대폰의 결제 QR을 카메라에 보여 주시거나\n"
                                   "휴대폰·워치·스티커를 리더기에 대 주세요"),
            ("qr",): self.tr("휴대폰의 결제 QR을 카메라에 보여 주세요"),
            ("nfc",): self.tr("휴대폰·워치·스티커를 리더기에 대 주세요"),
        }.get(tuple(ways), self.tr("지금은 결제를 받을 수 없습니다. 점원에게 알려 주세요")))
        self.show_phone.setVisible("qr" in ways)
        hint = counter.hint
        self.hint.setText("" if hint is None else hint.ko if self.language == "ko" else hint.en)
        self.hint.setVisible(hint is not None)
        self._show_ways()
        self.countdown.setText(self.tr("{s}초 후 취소됩니다").format(s=counter.remaining_s()))
        self.cancel_button.setText(self.tr("취소"))
        self.wallet_note.setText(self.tr("또는 이 QR을 휴대폰 카메라로 찍고 지갑에서 "
                                         "패스키로 승인하세요"))
        if self.demo is not None:
            self.demo.retranslate([self.tr("QR 보여주기"), self.tr("스티커 태그"),
                                   self.tr("휴대폰 태그")])
        seconds = int(counter.elapsed_s())
        if counter.phase is Phase.CHARGING:
            self.pages.setCurrentIndex(1)
            self.working_title.setText(self.tr("은행에 결제를 요청하고 있습니다"))
            self.working_text.setText(self.tr("잠시만 기다려 주세요"))
            self.elapsed.setText(self.tr("{s}초 지남").format(s=seconds))
        elif counter.phase is Phase.CHECKING:
            self.pages.setCurrentIndex(1)
            self.working_title.setText(self.tr("은행에 결과를 확인하고 있습니다"))
            self.working_text.setText(self.tr("은행의 답이 늦어지고 있습니다. 이 결제는 다시 "
                                              "청구되지 않으니 기다려 주세요"))
            self.elapsed.setText(self.tr("확인한 지 {s}초").format(s=seconds))
        else:
            self.pages.setCurrentIndex(0)

    def show_wallet(self, link: str) -> None:
        """The sale as a QR the customer scans to approve it in the wallet; "" hides it."""
        self.show_phone.setHidden(bool(link))  # the QR takes the phone picture's place
        self.wallet_qr.setVisible(bool(link))
        self.wallet_note.setVisible(bool(link))
        if link:
            self.wallet_qr.setPixmap(qr_pixmap(link, WALLET_QR_PX))

    def _show_ways(self) -> None:
        devices = self.counter.devices
        names = {"qr": self.tr("QR 카메라"), "nfc": self.tr("NFC 리더")}
        words = {"ok": self.tr("사용 가능"), "ready": self.tr("사용 가능"),
                 "starting": self.tr("준비 중"), "none": self.tr("없음")}
        for way, device in (("qr", "camera"), ("nfc", "nfc")):
            status = devices[device]
            label = self.ways[way]
            label.setText(f"{names[way]}: {words.get(status, self.tr('연결 끊김'))}")
            label.setProperty("works", status in WORKING)
            label.style().polish(label)
        camera = devices["camera"]
        if camera != self._camera_shown or self.preview.pixmap().isNull():
            self._camera_shown = camera
            self.preview.setText({"ok": self.tr("카메라에 QR을 보여 주세요"),
                                  "starting": self.tr("카메라 준비 중"),
                                  "none": self.tr("카메라 없음")}.get(
                camera, self.tr("카메라 연결 끊김")))

    def show_frame(self, image: QImage, corners: list) -> None:
        if (self.counter.phase is not Phase.AWAITING_CODE or not self.isVisible()
                or self.counter.devices["camera"] != "ok"):
            return
        pixmap = QPixmap.fromImage(image)
        if corners:
            painter = QPainter(pixmap)
            painter.setPen(QPen(QColor("#22c55e"), 4))
            for quad in corners:
                painter.drawPolygon(QPolygonF([QPointF(x, y) for x, y in quad]))
            painter.end()
        self.preview.setPixmap(pixmap.scaled(*PREVIEW_SIZE, Qt.AspectRatioMode.KeepAspectRatio))

    def clear_preview(self) -> None:
        """A frame from before (another sale, a camera since lost) must never linger."""
        self.preview.clear()
        self._camera_shown = ""
        self._show_ways()
