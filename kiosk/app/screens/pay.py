"""The customer pays: the amount huge, the camera preview with the found code outlined, the
NFC reader's state, a countdown and cancel. Then "asking the bank", and, when the answer is
unclear, "checking with the bank", with no way to charge the sale again."""

from PySide6.QtCore import QPointF, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QImage, QPainter, QPen, QPixmap, QPolygonF
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from kiosk.app.i18n import won
from kiosk.app.widgets import DemoStrip, Screen, big_button

PREVIEW_SIZE = (400, 300)
DEMO_KINDS = ("qr", "tag", "phone")


class PayScreen(Screen):
    name = "pay"
    cancelled = Signal()
    timed_out = Signal()
    demo_present = Signal(str)  # the demo customer shows a code: "qr" | "tag" | "phone"

    def __init__(self, timeout_s: float, demo: bool) -> None:
        super().__init__()
        self.state = "waiting"  # waiting | processing | checking
        self.timeout_s = timeout_s
        self.remaining = 0
        self.amount = 0
        self.nfc_status = "none"
        self._tick = QTimer(self, interval=1000, timeout=self._count_down)

        self.preview = QLabel()
        self.preview.setObjectName("preview")
        self.preview.setFixedSize(*PREVIEW_SIZE)
        self.preview.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.amount_label = QLabel()
        self.amount_label.setObjectName("amount")
        self.amount_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.instructions = QLabel()
        self.instructions.setObjectName("instructions")
        self.instructions.setWordWrap(True)
        self.instructions.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.nfc_label = QLabel()
        self.countdown = QLabel()
        self.countdown.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.cancel_button = big_button("", "quiet")
        self.cancel_button.clicked.connect(self.cancel)

        waiting = QWidget()
        side = QVBoxLayout()
        side.addWidget(self.amount_label)
        side.addWidget(self.instructions, 1)
        side.addWidget(self.nfc_label)
        side.addWidget(self.countdown)
        side.addWidget(self.cancel_button)
        row = QHBoxLayout(waiting)
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
        progress = QProgressBar()
        progress.setRange(0, 0)  # busy: the bank gives no percentages
        progress.setTextVisible(False)
        column = QVBoxLayout(working)
        column.addStretch(1)
        for widget in (self.working_amount, self.working_title, progress, self.working_text):
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

    def retranslate(self) -> None:
        self.amount_label.setText(won(self.amount))
        self.working_amount.setText(won(self.amount))
        self.instructions.setText(self.tr("휴대폰의 결제 QR을 카메라에 보여 주시거나\n"
                                          "휴대폰·워치·스티커를 리더기에 대 주세요"))
        self.cancel_button.setText(self.tr("취소"))
        self._show_nfc()
        self._show_countdown()
        if self.demo is not None:
            self.demo.retranslate([self.tr("QR 보여주기"), self.tr("스티커 태그"),
                                   self.tr("휴대폰 태그")])
        if self.state == "processing":
            self.working_title.setText(self.tr("은행에 결제를 요청하고 있습니다"))
            self.working_text.setText(self.tr("잠시만 기다려 주세요"))
        elif self.state == "checking":
            self.working_title.setText(self.tr("은행에 결과를 확인하고 있습니다"))
            self.working_text.setText(self.tr("은행의 답이 늦어지고 있습니다. 이 결제는 다시 "
                                              "청구되지 않으니 기다려 주세요"))

    # ---------------------------------------------------------------- states

    def start(self, amount: int) -> None:
        self.amount = amount
        self.state = "waiting"
        self.remaining = int(self.timeout_s)
        self.preview.setText(self.tr("카메라 준비 중"))
        self.pages.setCurrentIndex(0)
        self._tick.start()
        self.retranslate()

    def processing(self) -> None:
        self._tick.stop()
        self.state = "processing"
        self.pages.setCurrentIndex(1)
        self.retranslate()

    def checking(self) -> None:
        self.state = "checking"
        self.retranslate()

    def cancel(self) -> None:
        if self.state == "waiting":  # once the bank is asked there is nothing to cancel
            self._tick.stop()
            self.cancelled.emit()

    def _count_down(self) -> None:
        self.remaining -= 1
        self._show_countdown()
        if self.remaining <= 0:
            self._tick.stop()
            self.timed_out.emit()

    def _show_countdown(self) -> None:
        self.countdown.setText(self.tr("{s}초 후 취소됩니다").format(s=max(self.remaining, 0)))

    # ---------------------------------------------------------------- devices

    def show_nfc(self, status: str) -> None:
        self.nfc_status = status
        self._show_nfc()

    def _show_nfc(self) -> None:
        words = {"ok": self.tr("NFC 리더 준비됨"), "lost": self.tr("NFC 리더 연결 끊김"),
                 "none": self.tr("NFC 리더 없음"), "starting": self.tr("NFC 리더 시작 중")}
        self.nfc_label.setText(words.get(self.nfc_status, self.nfc_status))

    def show_frame(self, image: QImage, corners: list) -> None:
        if self.state != "waiting" or not self.isVisible():
            return
        pixmap = QPixmap.fromImage(image)
        if corners:
            painter = QPainter(pixmap)
            painter.setPen(QPen(QColor("#22c55e"), 4))
            for quad in corners:
                painter.drawPolygon(QPolygonF([QPointF(x, y) for x, y in quad]))
            painter.end()
        self.preview.setPixmap(pixmap.scaled(*PREVIEW_SIZE, Qt.AspectRatioMode.KeepAspectRatio))
