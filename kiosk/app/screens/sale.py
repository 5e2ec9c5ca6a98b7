"""The clerk rings up a sale: items from the catalogue grid or an amount on the keypad, the
cart with quantities, the total with its VAT, and a big charge button."""

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from kiosk.app.cart import Cart
from kiosk.app.catalogue import CatalogueItem
from kiosk.app.i18n import Language, won
from kiosk.app.widgets import Keypad, Screen, big_button
from payments.money import KEYED_NAME
from payments.reasons import Refused

COLUMNS = 3


class SaleScreen(Screen):
    name = "sale"
    charge = Signal()
    refused = Signal(str)  # what the clerk typed cannot be sold: why

    def __init__(self, catalogue: list[CatalogueItem], cart: Cart, language: Language):
        super().__init__()
        self.catalogue, self.cart, self.language = catalogue, cart, language
        self.item_buttons: dict[str, object] = {}

        self.items_tab = big_button("", "tab")
        self.keypad_tab = big_button("", "tab")
        for tab in (self.items_tab, self.keypad_tab):
            tab.setCheckable(True)
        self.items_tab.setChecked(True)
        self.pages = QStackedWidget()
        self.pages.addWidget(self._item_grid())
        self.pages.addWidget(self._keypad_page())
        self.items_tab.clicked.connect(lambda: self._show_page(0))
        self.keypad_tab.clicked.connect(lambda: self._show_page(1))
        tabs = QHBoxLayout()
        tabs.addWidget(self.items_tab)
        tabs.addWidget(self.keypad_tab)
        left = QVBoxLayout()
        left.addLayout(tabs)
        left.addWidget(self.pages, 1)

        self.lines = QListWidget()
        self.lines.setObjectName("cart")
        self.minus = big_button("−", "qty")
        self.plus = big_button("+", "qty")
        self.clear = big_button("", "quiet")
        self.minus.clicked.connect(lambda: self._change(-1))
        self.plus.clicked.connect(lambda: self._change(+1))
        self.clear.clicked.connect(self._clear)
        row = QHBoxLayout()
        for button in (self.minus, self.plus, self.clear):
            row.addWidget(button)
        self.total = QLabel()
        self.total.setObjectName("total")
        self.total.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.vat = QLabel()
        self.vat.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.charge_button = big_button("", "charge")
        self.charge_button.setMinimumHeight(72)
        self.charge_button.clicked.connect(self.charge.emit)
        right = QVBoxLayout()
        right.addWidget(self.lines, 1)
        right.addLayout(row)
        right.addWidget(self.total)
        right.addWidget(self.vat)
        right.addWidget(self.charge_button)

        layout = QHBoxLayout(self)
        layout.addLayout(left, 3)
        layout.addLayout(right, 2)
        self.retranslate()

    def _item_grid(self) -> QWidget:
        grid_widget = QWidget()
        grid = QGridLayout(grid_widget)
        grid.setSpacing(8)
        for n, item in enumerate(self.catalogue):
            button = big_button("", "item")
            button.setMinimumHeight(64)
            button.clicked.connect(lambda _=False, i=item: self.add_item(i))
            grid.addWidget(button, n // COLUMNS, n % COLUMNS)
            self.item_buttons[item.name] = button
        grid.setRowStretch(len(self.catalogue) // COLUMNS + 1, 1)
        scroll = QScrollArea()
        scroll.setWidget(grid_widget)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        return scroll

    def _keypad_page(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        self.amount = QLabel()
        self.amount.setObjectName("keyed")
        self.amount.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.keypad = Keypad(max_digits=9, with_double_zero=True)
        self.keypad.changed.connect(lambda digits: self._show_keyed())
        self.add_keyed_button = big_button("", "primary")
        self.add_keyed_button.clicked.connect(self.add_keyed)
        layout.addWidget(self.amount)
        layout.addWidget(self.keypad, 1)
        layout.addWidget(self.add_keyed_button)
        return page

    def retranslate(self) -> None:
        self.items_tab.setText(self.tr("상품"))
        self.keypad_tab.setText(self.tr("금액 입력"))
        self.clear.setText(self.tr("전체 삭제"))
        self.add_keyed_button.setText(self.tr("금액 추가"))
        for item in self.catalogue:
            self.item_buttons[item.name].setText(f"{item.label(self.language.code)}\n"
                                                 f"{won(item.price)}")
        self._show_keyed()
        self.refresh()

    def _show_page(self, index: int) -> None:
        self.pages.setCurrentIndex(index)
        self.items_tab.setChecked(index == 0)
        self.keypad_tab.setChecked(index == 1)

    def _show_keyed(self) -> None:
        self.amount.setText(won(int(self.keypad.digits or 0)))

    def add_item(self, item: CatalogueItem) -> None:
        self.cart.add(item.name, item.price)
        self.refresh(select=len(self.cart.lines) - 1 if self.cart.lines else None)

    def add_keyed(self) -> None:
        try:
            self.cart.add_keyed(int(self.keypad.digits or 0))
        except Refused as refusal:
            self.refused.emit(refusal.reason.ko if self.language.code == "ko"
                              else refusal.reason.en)
            return
        self.keypad.clear()
        self.refresh()

    def _change(self, delta: int) -> None:
        row = self.lines.currentRow()
        if 0 <= row < len(self.cart.lines):
            self.cart.change(row, delta)
            self.refresh(select=min(row, len(self.cart.lines) - 1))

    def _clear(self) -> None:
        self.cart.clear()
        self.refresh()

    def refresh(self, select: int | None = None) -> None:
        labels = {item.name: item.label(self.language.code) for item in self.catalogue}
        labels[KEYED_NAME] = self.tr("직접 입력")
        self.lines.clear()
        for line in self.cart.lines:
            entry = QListWidgetItem(f"{labels.get(line.name, line.name)}  ×{line.quantity}"
                                    f"\t{won(line.amount)}")
            self.lines.addItem(entry)
        if select is not None and select >= 0:
            self.lines.setCurrentRow(select)
        self.total.setText(self.tr("합계 {total}").format(total=won(self.cart.total)))
        self.vat.setText(self.tr("부가세 {vat} 포함").format(vat=won(self.cart.vat)))
        self.charge_button.setText(self.tr("결제하기") if not self.cart.lines else
                                   self.tr("{total} 결제하기").format(total=won(self.cart.total)))
        self.charge_button.setEnabled(bool(self.cart.lines))
