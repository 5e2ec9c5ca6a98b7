"""Today's payments: a payment's details, a reprint, and a refund (full or part), which
asks for the clerk's PIN. A payment's status is its standing, refunds counted: the list
says partly refunded or refunded, and the details what went back and what remains."""

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from kiosk.app.i18n import won
from kiosk.app.widgets import Keypad, Screen, big_button
from payments.koreatime import now_kst
from payments.ledger import Payment
from payments.masking import mask_fintech
from payments.standing import Standing, standing_of


class HistoryScreen(Screen):
    name = "history"
    # payment id, amount (None: all that is left), the question the clerk's PIN answers
    refund = Signal(str, object, str)
    reprint = Signal(str)

    def __init__(self) -> None:
        super().__init__()
        self.payments: list[Payment] = []
        self.standings: dict[str, Standing] = {}
        self.table = QTableWidget(0, 4)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(44)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.itemSelectionChanged.connect(self._show_selected)
        self.details = QLabel()
        self.details.setWordWrap(True)
        self.details.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.refund_amount = QLabel()
        self.refund_amount.setObjectName("keyed")
        self.keypad = Keypad(max_digits=9, with_double_zero=True)
        self.keypad.changed.connect(lambda digits: self._show_amount())
        self.reprint_button = big_button("", "quiet")
        self.refund_button = big_button("", "danger")
        self.reprint_button.clicked.connect(lambda: self.selected and self.reprint.emit(
            self.selected.id))
        self.refund_button.clicked.connect(self._ask_refund)
        side = QVBoxLayout()
        side.addWidget(self.details, 1)
        side.addWidget(self.refund_amount)
        side.addWidget(self.keypad)
        buttons = QHBoxLayout()
        buttons.addWidget(self.reprint_button)
        buttons.addWidget(self.refund_button)
        side.addLayout(buttons)
        layout = QHBoxLayout(self)
        layout.addWidget(self.table, 3)
        layout.addLayout(side, 2)
        self.retranslate()

    @property
    def selected(self) -> Payment | None:
        row = self.table.currentRow()
        return self.payments[row] if 0 <= row < len(self.payments) else None

    def show_payments(self, payments: list[tuple[Payment, Standing]]) -> None:
        chosen = self.selected.id if self.selected else None
        self.payments = [payment for payment, _ in reversed(payments)]  # the newest first
        self.standings = {payment.id: standing for payment, standing in payments}
        self.table.setRowCount(len(self.payments))
        for row, payment in enumerate(self.payments):
            when = now_kst(payment.created_at).strftime("%H:%M:%S")
            for column, text in enumerate((when, won(payment.amount),
                                           (payment.method or "-").upper(),
                                           self._status(self._standing(payment).status))):
                self.table.setItem(row, column, QTableWidgetItem(text))
            if payment.id == chosen:
                self.table.selectRow(row)
        self._show_selected()

    def select(self, payment_id: str) -> None:
        for row, payment in enumerate(self.payments):
            if payment.id == payment_id:
                self.table.selectRow(row)
                return
        raise LookupError(f"payment {payment_id} is not in today's list")

    def retranslate(self) -> None:
        self.table.setHorizontalHeaderLabels([self.tr("시각"), self.tr("금액"),
                                              self.tr("수단"), self.tr("상태")])
        self.reprint_button.setText(self.tr("영수증 재출력"))
        self.refund_button.setText(self.tr("환불"))
        self.show_payments([(p, self._standing(p)) for p in reversed(self.payments)])
        self._show_amount()

    def _standing(self, payment: Payment) -> Standing:
        return self.standings.get(payment.id) or standing_of(payment)

    def _status(self, status: str) -> str:
        return {"approved": self.tr("승인"), "partly_refunded": self.tr("부분 환불"),
                "refunded": self.tr("전액 환불"), "declined": self.tr("거절"),
                "unknown": self.tr("확인 중"), "new": self.tr("미결제"),
                "error": self.tr("오류")}.get(status, status)

    def _show_selected(self) -> None:
        payment = self.selected
        standing = self._standing(payment) if payment else None
        self.refund_button.setEnabled(bool(standing and standing.status in (
            "approved", "partly_refunded")))
        self.reprint_button.setEnabled(payment is not None)
        if payment is None or standing is None:
            self.details.setText(self.tr("결제를 고르세요"))
            return
        lines = [self.tr("결제번호 {id}").format(id=payment.id),
                 self.tr("금액 {amount}").format(amount=won(payment.amount)),
                 self.tr("상태 {status}").format(status=self._status(standing.status))]
        if standing.refunded:
            lines += [self.tr("환불된 금액 {amount}").format(amount=won(standing.refunded)),
                      self.tr("남은 금액 {amount}").format(amount=won(standing.remaining))]
        if standing.refund_pending:
            lines.append(self.tr("은행 확인 중인 환불 {amount}").format(
                amount=won(standing.refund_pending)))
        if payment.fintech_use_num:
            lines.append(self.tr("계좌 {account}").format(
                account=mask_fintech(payment.fintech_use_num)))
        if payment.reason_ko and payment.status != "approved":
            lines.append(payment.reason_ko)
        self.details.setText("\n".join(lines))

    def _show_amount(self) -> None:
        digits = self.keypad.digits
        self.refund_amount.setText(self.tr("환불 금액: 전액") if not digits else
                                   self.tr("환불 금액: {amount}").format(amount=won(int(digits))))

    def _ask_refund(self) -> None:
        payment = self.selected
        if payment is None:
            return
        amount = int(self.keypad.digits) if self.keypad.digits else None
        how_much = won(amount) if amount is not None else \
            self.tr("남은 전액 (결제 {amount})").format(amount=won(payment.amount))
        self.refund.emit(payment.id, amount, self.tr(
            "결제 {id}에서 {amount}을 환불합니다.\n점원 PIN을 입력하세요").format(
                id=payment.id, amount=how_much))
