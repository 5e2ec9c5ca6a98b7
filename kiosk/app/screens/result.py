"""How the payment ended, rendered from the `Counter`'s result.

Approved: the approval number and masked account, the receipt. Declined: the reason as the
headline, the one next step for that kind of reason (declines.py) under it, retry as the
main action, a slip only when the clerk asks. Unknown: what the clerk should do, a way to ask
the bank again, and the payment id."""

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout

from kiosk.app.declines import headline, next_step
from kiosk.app.i18n import won
from kiosk.app.widgets import Screen, big_button
from payments.approval import approval_code
from payments.payment_result import PaymentResult

BACK_TO_SALE_S = 30


class ResultScreen(Screen):
    name = "result"
    new_sale = Signal()
    try_again = Signal()
    check_again = Signal()
    preview_receipt = Signal()
    reprint = Signal()  # the receipt again, or a declined payment's slip

    def __init__(self) -> None:
        super().__init__()
        self.result: PaymentResult | None = None
        self.language = "ko"
        self.print_state = ""
        self.header = QLabel()
        self.header.setObjectName("verdict")
        self.header.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.header.setWordWrap(True)
        self.amount = QLabel()
        self.amount.setObjectName("amount")
        self.amount.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.step = QLabel()
        self.step.setObjectName("step")
        self.step.setWordWrap(True)
        self.step.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.details = QLabel()
        self.details.setObjectName("details")
        self.details.setWordWrap(True)
        self.details.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.printing = QLabel()
        self.printing.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.preview_button = big_button("", "quiet")
        self.reprint_button = big_button("", "quiet")
        self.check_button = big_button("", "primary")
        self.new_button = big_button("", "quiet")
        self.again_button = big_button("", "primary")
        self.preview_button.clicked.connect(self.preview_receipt.emit)
        self.reprint_button.clicked.connect(self.reprint.emit)
        self.check_button.clicked.connect(self.check_again.emit)
        self.again_button.clicked.connect(self.try_again.emit)
        self.new_button.clicked.connect(self.new_sale.emit)
        buttons = QHBoxLayout()
        for button in (self.preview_button, self.reprint_button, self.new_button,
                       self.check_button, self.again_button):
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        for widget in (self.header, self.amount, self.step, self.details, self.printing):
            layout.addWidget(widget)
        layout.addStretch(1)
        layout.addLayout(buttons)
        self._back = QTimer(self, singleShot=True, interval=BACK_TO_SALE_S * 1000,
                            timeout=self.new_sale.emit)

    @property
    def outcome(self) -> str:
        return self.result.status if self.result else ""

    def show_result(self, result: PaymentResult) -> None:
        self.result, self.print_state = result, ""
        if result.status == "unknown":
            self._back.stop()  # the clerk must read this one: it waits for them
        else:
            self._back.start()
        self.retranslate()

    def show_print(self, state: str) -> None:
        self.print_state = state
        self.retranslate()

    def retranslate(self) -> None:
        self.preview_button.setText(self.tr("영수증 보기"))
        self.check_button.setText(self.tr("다시 확인"))
        self.again_button.setText(self.tr("다시 결제"))
        self.new_button.setText(self.tr("새 거래"))
        result = self.result
        if result is None:
            return
        approved, declined = result.status == "approved", result.status in ("declined", "error")
        self.reprint_button.setText(self.tr("영수증 다시 출력") if approved else
                                    self.tr("거절 전표 출력"))
        outcome = "declined" if declined else result.status
        self.header.setProperty("outcome", outcome)
        self.header.style().polish(self.header)
        self.amount.setText(won(result.amount))
        ko = self.language == "ko"
        if approved:
            self.header.setText(self.tr("결제가 완료되었습니다"))
            self.step.setText("")
            lines = [self.tr("승인번호 {no}").format(no=approval_code(result.approval_no)),
                     self.tr("출금 계좌 {account}").format(account=result.account_masked)]
        elif declined:
            self.header.setText(headline(result.reason, self.language)
                                or self.tr("결제가 거절되었습니다"))
            step = next_step(result.reason).step
            self.step.setText(step.ko if ko else step.en)
            lines = [self.tr("결제가 거절되었습니다. 청구되지 않았습니다")]
        else:
            self.header.setText(self.tr("결제 결과를 아직 모릅니다"))
            self.step.setText(self.tr("점원: 결과가 확인될 때까지 상품을 건네지 말고, 다시 "
                                      "청구하지 마세요. ‘다시 확인’을 누르세요"))
            lines = [self.tr("은행이 답하면 자동으로 정산됩니다"),
                     self.tr("결제번호 {id}").format(id=result.payment_id)]
        self.details.setText("\n".join(line for line in lines if line))
        printing = {"printed": self.tr("영수증이 출력되었습니다"),
                    "queued": self.tr("영수증을 출력하고 있습니다"),
                    "printing": self.tr("영수증을 출력하고 있습니다"),
                    "held": self.tr("영수증을 출력하지 못했습니다. 장치 화면에서 다시 출력할 수 "
                                    "있습니다")}
        self.printing.setText(printing.get(self.print_state, ""))
        self.again_button.setVisible(declined)
        self.check_button.setVisible(result.status == "unknown")
        self.preview_button.setVisible(approved)
        self.reprint_button.setVisible(approved or declined)
        self.new_button.setObjectName("primary" if approved else "quiet")
        self.new_button.style().polish(self.new_button)
