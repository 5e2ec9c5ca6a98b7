"""A customer enrolls a bank account: they scan the consent QR with their phone, agree at
their bank (Open Banking's 3-legged flow), and the bank sends their phone back to this kiosk,
which then lists the accounts it may charge. The QR is good for a few minutes.

Where the shop runs a wallet, the QR opens the wallet instead: the customer enrolls there,
the bank sends the phone back to the wallet (an address a phone can reach, which the
kiosk's own is not), and the phone is remembered for paying."""

from collections.abc import Callable

import qrcode
from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QColor, QImage, QPainter, QPixmap
from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout

from kiosk.app.widgets import DemoStrip, Screen, big_button
from payments.reasons import Reason

QR_SIDE = 300
CONSENT_TIMEOUT_S = 180


def qr_pixmap(text: str, side: int = QR_SIDE) -> QPixmap:
    """`text` as a QR code drawn square and sharp: whole pixels per module, white around."""
    code = qrcode.QRCode(border=2, error_correction=qrcode.constants.ERROR_CORRECT_M)
    code.add_data(text)
    code.make(fit=True)
    matrix = code.get_matrix()
    module = max(1, side // len(matrix))
    image = QImage(side, side, QImage.Format.Format_RGB32)
    image.fill(QColor("white"))
    offset = (side - module * len(matrix)) // 2
    painter = QPainter(image)
    for y, row in enumerate(matrix):
        for x, dark in enumerate(row):
            if dark:
                painter.fillRect(offset + x * module, offset + y * module, module, module,
                                 QColor("black"))
    painter.end()
    return QPixmap.fromImage(image)


def masked_name(name: str) -> str:
    """A customer's name as the counter may show it: 김*수, 홍*, J*** D*e."""
    if len(name) <= 1:
        return name
    if len(name) == 2:
        return name[0] + "*"
    return name[0] + "*" * (len(name) - 2) + name[-1]


class EnrollScreen(Screen):
    name = "register"  # the scenarios' name for it (docs/scenarios.md), as the top bar's 등록
    again = Signal()  # a new consent QR, please
    demo_consent = Signal(str)  # the demo customer agrees at the (simulated) bank
    expired = Signal()  # the QR is stale: stop listening for the bank

    def __init__(self, demo: bool, wallet_address: Callable[[], str] = lambda: "") -> None:
        super().__init__()
        self.wallet_address = wallet_address
        self.state = "starting"  # starting | waiting | registered | refused | expired | wallet
        self.url = ""
        self.accounts: list[dict] = []
        self.reason: Reason | None = None
        self.language = "ko"
        self.remaining = 0
        self._tick = QTimer(self, interval=1000, timeout=self._count_down)

        self.qr = QLabel()
        self.qr.setObjectName("consent_qr")
        self.qr.setFixedSize(QR_SIDE, QR_SIDE)
        self.qr.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.title = QLabel()
        self.title.setObjectName("title")
        self.title.setWordWrap(True)
        self.text = QLabel()
        self.text.setObjectName("instructions")
        self.text.setWordWrap(True)
        self.countdown = QLabel()
        self.again_button = big_button("", "primary")
        self.again_button.clicked.connect(self.again.emit)
        side = QVBoxLayout()
        side.addWidget(self.title)
        side.addWidget(self.text, 1)
        side.addWidget(self.countdown)
        side.addWidget(self.again_button)
        row = QHBoxLayout()
        row.addWidget(self.qr)
        row.addLayout(side, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(row, 1)
        self.demo = None
        if demo:
            self.demo = DemoStrip(1)
            self.demo.pressed.connect(lambda _: self.url and self.demo_consent.emit(self.url))
            layout.addWidget(self.demo)
        self.retranslate()

    # ---------------------------------------------------------------- states

    def start(self) -> bool:
        """Waiting for the bank worker's consent address; or, where there is a wallet, its
        QR at once: then True, and no consent address is needed."""
        self._tick.stop()
        self.state, self.url, self.accounts, self.reason = "starting", "", [], None
        self.qr.clear()
        self.qr.show()
        address = self.wallet_address()
        if address:
            self.state, self.url = "wallet", f"{address}/"
            self.qr.setPixmap(qr_pixmap(self.url))
        self.retranslate()
        return bool(address)

    def show_url(self, url: str) -> None:
        self.state, self.url = "waiting", url
        self.qr.setPixmap(qr_pixmap(url))
        self.remaining = CONSENT_TIMEOUT_S
        self._tick.start()
        self.retranslate()

    def show_enrolled(self, accounts: list[dict]) -> None:
        self._finish("registered")
        self.accounts = accounts
        self.retranslate()

    def show_refused(self, reason: Reason) -> None:
        self._finish("refused")
        self.reason = reason
        self.retranslate()

    def _finish(self, state: str) -> None:
        self._tick.stop()
        self.state, self.url = state, ""
        self.qr.hide()  # a used or stale QR must not be scanned

    def _count_down(self) -> None:
        self.remaining -= 1
        if self.remaining <= 0:
            self._finish("expired")
            self.expired.emit()
        self.retranslate()

    # ---------------------------------------------------------------- words

    def retranslate(self) -> None:
        self.again_button.setText(self.tr("새 QR 만들기"))
        self.again_button.setVisible(self.state in ("registered", "refused", "expired"))
        self.countdown.setText(self.tr("{s}초 동안 유효합니다").format(s=self.remaining)
                               if self.state == "waiting" else "")
        if self.demo is not None:
            self.demo.retranslate([self.tr("휴대폰으로 QR 찍고 동의하기")])
            self.demo.setEnabled(self.state == "waiting")
        if self.state == "wallet":
            self.title.setText(self.tr("계좌 등록"))
            self.text.setText(self.tr("휴대폰 카메라로 QR을 찍으면 지갑이 열립니다. "
                                      "지갑에서 계좌를 등록하면 휴대폰으로 결제할 수 있습니다."))
        elif self.state == "starting":
            self.title.setText(self.tr("계좌 등록"))
            self.text.setText(self.tr("등록 QR을 만들고 있습니다"))
        elif self.state == "waiting":
            self.title.setText(self.tr("계좌 등록"))
            self.text.setText(self.tr("휴대폰 카메라로 QR을 찍고 은행 화면에서 동의해 주세요.\n"
                                      "등록한 계좌로 이 키오스크에서 결제할 수 있습니다."))
        elif self.state == "registered":
            self.title.setText(self.tr("등록되었습니다"))
            self.text.setText("\n".join(
                f"{masked_name(a['holder_name'])} · {a['bank_name']} {a['account_num_masked']}"
                for a in self.accounts) or self.tr("출금에 동의한 계좌가 없습니다"))
        elif self.state == "refused":
            self.title.setText(self.tr("등록하지 못했습니다"))
            reason = self.reason
            self.text.setText(reason.ko if self.language == "ko" else reason.en)
        else:
            self.title.setText(self.tr("시간이 지났습니다"))
            self.text.setText(self.tr("새 QR을 만들어 다시 등록해 주세요"))
