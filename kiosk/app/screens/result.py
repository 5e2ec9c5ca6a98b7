"""How the payment ended: approved with its approval number and masked account, declined
with the reason in words a customer understands and what to do next, or left for the
bank to settle, with the payment id. The receipt's state, a preview and a reprint."""

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout

from kiosk.app.i18n import won
from kiosk.app.widgets import Screen, big_button
from payments.engine import PaymentResult

BACK_TO_SALE_S = 30


class ResultScreen(Screen):
    name = "result"
    new_sale = Signal()
    try_again = Signal()
    preview_receipt = Signal()
    reprint = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.result: PaymentResult | None = None
        self.language = "ko"
        self.print_state = ""
        self.header = QLabel()
        self.header.setObjectName("verdict")
        self.header.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.amount = QLabel()
        self.amount.setObjectName("amount")
        self.amount.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.details = QLabel()
        self.details.setObjectName("details")
        self.details.setWordWrap(True)
        self.details.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.printing = QLabel()
        self.printing.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.preview_button = big_button("", "quiet")
        self.reprint_button = big_button("", "quiet")
        self.again_button = big_button("", "quiet")
        self.new_button = big_button("", "primary")
        self.preview_button.clicked.connect(self.preview_receipt.emit)
        self.reprint_button.clicked.connect(self.reprint.emit)
        self.again_button.clicked.connect(self.try_again.emit)
        self.new_button.clicked.connect(self.new_sale.emit)
        buttons = QHBoxLayout()
        for button in (self.preview_button, self.reprint_button, self.again_button,
                       self.new_button):
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        for widget in (self.header, self.amount, self.details, self.printing):
            layout.addWidget(widget)
        layout.addStretch(1)
        layout.addLayout(buttons)
        self._back = QTimer(self, singleShot=True, interval=BACK_TO_SALE_S * 1000,
                            timeout=self.new_sale.emit)

    @property
    def outcome(self) -> str:
        return self.result.status if self.result else ""

    def show_result(self, result: PaymentResult, language: str) -> None:
        self.result, self.language, self.print_state = result, language, ""
        self._back.start()
        self.retranslate()

    def show_print(self, state: str) -> None:
        self.print_state = state
        self.retranslate()

    def retranslate(self) -> None:
        self.preview_button.setText(self.tr("영수증 보기"))
        self.reprint_button.setText(self.tr("영수증 다시 출력"))
        self.again_button.setText(self.tr("다른 방법으로 다시 결제"))
        self.new_button.setText(self.tr("새 거래"))
        result = self.result
        if result is None:
            return
        approved, declined = result.status == "approved", result.status in ("declined", "error")
        self.setProperty("outcome", result.status)
        self.header.setProperty("outcome", result.status)
        self.header.style().polish(self.header)
        self.amount.setText(won(result.amount))
        reason = ""
        if result.reason is not None:
            reason = result.reason.ko if self.language == "ko" else result.reason.en
        if approved:
            self.header.setText(self.tr("결제가 완료되었습니다"))
            lines = [self.tr("승인번호 {no}").format(no=result.approval_no),
                     self.tr("출금 계좌 {account}").format(account=result.account_masked)]
        elif declined:
            self.header.setText(self.tr("결제가 거절되었습니다"))
            lines = [reason, self.tr("다른 계좌의 QR이나 카드로 다시 시도하시거나 "
                                     "점원에게 문의해 주세요")]
        else:
            self.header.setText(self.tr("은행 확인 후 자동으로 정산됩니다"))
            lines = [self.tr("이 결제는 다시 청구되지 않습니다. 결과는 은행 확인 후 자동으로 "
                             "반영됩니다"), self.tr("결제번호 {id}").format(id=result.payment_id)]
        self.details.setText("\n".join(line for line in lines if line))
        printing = {"printed": self.tr("영수증이 출력되었습니다"),
                    "queued": self.tr("영수증을 출력하고 있습니다"),
                    "printing": self.tr("영수증을 출력하고 있습니다"),
                    "held": self.tr("영수증을 출력하지 못했습니다. 장치 화면에서 다시 출력할 수 "
                                    "있습니다")}
        self.printing.setText(printing.get(self.print_state, ""))
        self.again_button.setVisible(declined)
        self.preview_button.setVisible(not declined)
        self.reprint_button.setVisible(approved)
