"""The clerk rings up a sale: items from the menu, a tab per category, or an amount on the
keypad; the cart with a − and + on every line; the total with its VAT; a big charge button.
A real menu is long: names wrap to two lines (then end in …), the grid scrolls up and down
only, by finger."""

from PySide6.QtCore import QRect, Qt, Signal
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QScroller,
    QSizePolicy,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from kiosk.app.cart import Cart
from kiosk.app.catalogue import CatalogueItem, categories
from kiosk.app.i18n import Language, won
from kiosk.app.widgets import Keypad, Screen, big_button
from payments.money import KEYED_NAME
from payments.reasons import Refused

COLUMNS = 3
ITEM_HEIGHT = 72


def two_lines(text: str, metrics: QFontMetrics, width: int) -> str:
    """`text` as it fits in two wrapped lines of `width`, ending in … when it does not."""
    def fits(candidate: str) -> bool:
        box = metrics.boundingRect(QRect(0, 0, width, 10_000),
                                   Qt.TextFlag.TextWordWrap, candidate)
        return box.height() <= 2 * metrics.lineSpacing() + 1
    if width <= 0 or fits(text):
        return text
    low, high = 0, len(text)
    while low < high:  # the longest prefix that fits with its ellipsis
        middle = (low + high + 1) // 2
        if fits(text[:middle].rstrip() + "…"):
            low = middle
        else:
            high = middle - 1
    return text[:low].rstrip() + "…"


class ItemButton(QPushButton):
    """A menu item: its name on up to two lines, its price under it."""

    def __init__(self, item: CatalogueItem) -> None:
        super().__init__()
        self.item = item
        self.setObjectName("item")
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setFixedHeight(ITEM_HEIGHT)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        self.name = QLabel()
        self.name.setObjectName("item_name")
        self.name.setWordWrap(True)
        self.name.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.price = QLabel()
        self.price.setObjectName("item_price")
        self.price.setAlignment(Qt.AlignmentFlag.AlignCenter)
        for label in (self.name, self.price):
            label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        column = QVBoxLayout(self)
        column.setContentsMargins(6, 4, 6, 4)
        column.setSpacing(0)
        column.addWidget(self.name, 1)
        column.addWidget(self.price)
        self._label = ""

    def show_label(self, label: str) -> None:
        self._label = label
        self.price.setText(won(self.item.price))
        self._fit()

    def text(self) -> str:  # what a scenario and a test read, as on any button
        return f"{self._label}\n{self.price.text()}"

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._fit()

    def _fit(self) -> None:
        self.name.setText(two_lines(self._label, self.name.fontMetrics(), self.width() - 14))


class CartRow(QWidget):
    """One line of the cart: its name, − quantity +, and its amount, right-aligned."""

    changed = Signal(int)  # +1 or -1

    def __init__(self, name: str, quantity: int, amount: int) -> None:
        super().__init__()
        self.setObjectName("cart_row")
        self.name = QLabel(name)
        self.name.setObjectName("cart_name")
        self.name.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.minus = big_button("−", "qty")
        self.quantity = QLabel(str(quantity))
        self.quantity.setObjectName("cart_qty")
        self.quantity.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.quantity.setMinimumWidth(28)
        self.plus = big_button("+", "qty")
        for button in (self.minus, self.plus):
            button.setFixedSize(44, 44)
        self.amount = QLabel(won(amount))
        self.amount.setObjectName("cart_amount")
        self.amount.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.amount.setMinimumWidth(84)
        self.minus.clicked.connect(lambda: self.changed.emit(-1))
        self.plus.clicked.connect(lambda: self.changed.emit(+1))
        row = QHBoxLayout(self)
        row.setContentsMargins(6, 2, 6, 2)
        row.setSpacing(4)
        row.addWidget(self.name, 1)
        row.addWidget(self.minus)
        row.addWidget(self.quantity)
        row.addWidget(self.plus)
        row.addWidget(self.amount)
        self._full_name = name

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self.name.setText(self.name.fontMetrics().elidedText(
            self._full_name, Qt.TextElideMode.ElideRight, self.name.width()))


def finger_scrolled(content: QWidget) -> QScrollArea:
    """Up and down only, dragged by a finger, with a scrollbar a finger can hold."""
    scroll = QScrollArea()
    scroll.setWidget(content)
    scroll.setWidgetResizable(True)
    scroll.setFrameShape(QScrollArea.Shape.NoFrame)
    scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    QScroller.grabGesture(scroll.viewport(), QScroller.ScrollerGestureType.LeftMouseButtonGesture)
    return scroll


class SaleScreen(Screen):
    name = "sale"
    charge = Signal()
    refused = Signal(str)  # what the clerk typed cannot be sold: why

    def __init__(self, catalogue: list[CatalogueItem], cart: Cart, language: Language):
        super().__init__()
        self.catalogue, self.cart, self.language = catalogue, cart, language
        self.item_buttons: dict[str, ItemButton] = {}
        self.categories = categories(catalogue)

        self.tabs: list[QPushButton] = []
        self.pages = QStackedWidget()
        for category in self.categories:
            self._add_tab(self._item_grid([i for i in catalogue
                                           if i.category == category.name]))
        self.keypad_tab = self._add_tab(self._keypad_page())
        self.items_tab = self.tabs[0]
        # The tabs in rows of up to four: every category in sight, none scrolled away.
        tabs = QGridLayout()
        tabs.setSpacing(4)
        per_row = len(self.tabs) if len(self.tabs) <= 5 else 4
        for n, tab in enumerate(self.tabs):
            tabs.addWidget(tab, n // per_row, n % per_row)
        left = QVBoxLayout()
        left.addLayout(tabs)
        left.addWidget(self.pages, 1)
        self._show_page(0)

        self.rows = QVBoxLayout()
        self.rows.setSpacing(2)
        self.rows.setContentsMargins(0, 0, 0, 0)
        rows_widget = QWidget()
        rows_widget.setObjectName("cart")
        rows_column = QVBoxLayout(rows_widget)
        rows_column.setContentsMargins(2, 2, 2, 2)
        rows_column.addLayout(self.rows)
        rows_column.addStretch(1)
        self.lines = finger_scrolled(rows_widget)
        self.lines.setObjectName("cart_scroll")
        self.empty = QLabel()
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.clear = big_button("", "quiet")
        self.clear.clicked.connect(self._clear)
        self.total = QLabel()
        self.total.setObjectName("total")
        self.total.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.vat = QLabel()
        self.vat.setAlignment(Qt.AlignmentFlag.AlignRight)
        total_row = QHBoxLayout()
        total_row.addWidget(self.clear)
        sums = QVBoxLayout()
        sums.setSpacing(0)
        sums.addWidget(self.total)
        sums.addWidget(self.vat)
        total_row.addLayout(sums, 1)
        self.charge_button = big_button("", "charge")
        self.charge_button.setMinimumHeight(64)
        self.charge_button.clicked.connect(self.charge.emit)
        right = QVBoxLayout()
        right.addWidget(self.lines, 1)
        right.addWidget(self.empty, 1)
        right.addLayout(total_row)
        right.addWidget(self.charge_button)

        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 6)
        layout.addLayout(left, 11)
        layout.addLayout(right, 9)
        self.retranslate()

    def _add_tab(self, page: QWidget) -> QPushButton:
        index = len(self.tabs)
        tab = big_button("", "tab")
        tab.setCheckable(True)
        tab.clicked.connect(lambda: self._show_page(index))
        self.tabs.append(tab)
        self.pages.addWidget(page)
        return tab

    def _item_grid(self, items: list[CatalogueItem]) -> QWidget:
        grid_widget = QWidget()
        grid = QGridLayout(grid_widget)
        grid.setSpacing(6)
        grid.setContentsMargins(0, 0, 4, 0)
        for n, item in enumerate(items):
            button = ItemButton(item)
            button.clicked.connect(lambda _=False, i=item: self.add_item(i))
            grid.addWidget(button, n // COLUMNS, n % COLUMNS)
            self.item_buttons[item.name] = button
        for column in range(COLUMNS):
            grid.setColumnStretch(column, 1)
        grid.setRowStretch(len(items) // COLUMNS + 1, 1)
        return finger_scrolled(grid_widget)

    def _keypad_page(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        self.amount = QLabel()
        self.amount.setObjectName("keyed")
        self.amount.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.keypad = Keypad(max_digits=9, with_double_zero=True)
        self.keypad.changed.connect(lambda digits: self._show_keyed())
        self.add_keyed_button = big_button("", "primary")
        self.add_keyed_button.clicked.connect(self.add_keyed)
        top = QHBoxLayout()
        top.addWidget(self.amount, 1)
        top.addWidget(self.add_keyed_button)
        layout.addLayout(top)
        layout.addWidget(self.keypad, 1)
        return page

    def retranslate(self) -> None:
        code = self.language.code
        for tab, category in zip(self.tabs, self.categories, strict=False):
            tab.setText(category.label(code).replace("&", "&&") or self.tr("상품"))
        self.keypad_tab.setText(self.tr("금액 입력"))
        self.clear.setText(self.tr("전체 삭제"))
        self.add_keyed_button.setText(self.tr("금액 추가"))
        for item in self.catalogue:
            self.item_buttons[item.name].show_label(item.label(code))
        self._show_keyed()
        self.refresh()

    def _show_page(self, index: int) -> None:
        self.pages.setCurrentIndex(index)
        for n, tab in enumerate(self.tabs):
            tab.setChecked(n == index)

    def _show_keyed(self) -> None:
        self.amount.setText(won(int(self.keypad.digits or 0)))

    def add_item(self, item: CatalogueItem) -> None:
        self.cart.add(item.name, item.price)
        self.refresh()
        self.lines.ensureWidgetVisible(self._row_of(item.name))

    def add_keyed(self) -> None:
        try:
            self.cart.add_keyed(int(self.keypad.digits or 0))
        except Refused as refusal:
            self.refused.emit(refusal.reason.ko if self.language.code == "ko"
                              else refusal.reason.en)
            return
        self.keypad.clear()
        self.refresh()

    def change(self, row: int, delta: int) -> None:
        if 0 <= row < len(self.cart.lines):
            self.cart.change(row, delta)
            self.refresh()

    def _clear(self) -> None:
        self.cart.clear()
        self.refresh()

    def _row_of(self, name: str) -> QWidget:
        for n, line in enumerate(self.cart.lines):
            if line.name == name:
                return self.rows.itemAt(n).widget()
        return self.lines.widget()

    def cart_rows(self) -> list[CartRow]:
        return [self.rows.itemAt(n).widget() for n in range(self.rows.count())]

    def refresh(self) -> None:
        labels = {item.name: item.label(self.language.code) for item in self.catalogue}
        labels[KEYED_NAME] = self.tr("직접 입력")
        while self.rows.count():
            old = self.rows.takeAt(0).widget()
            old.hide()
            old.deleteLater()
        for n, line in enumerate(self.cart.lines):
            row = CartRow(labels.get(line.name, line.name), line.quantity, line.amount)
            row.changed.connect(lambda delta, n=n: self.change(n, delta))
            self.rows.addWidget(row)
        self.empty.setText(self.tr("상품을 누르면 여기에 담깁니다"))
        self.empty.setVisible(not self.cart.lines)
        self.lines.setVisible(bool(self.cart.lines))
        self.clear.setEnabled(bool(self.cart.lines))
        self.total.setText(self.tr("합계 {total}").format(total=won(self.cart.total)))
        self.vat.setText(self.tr("부가세 {vat} 포함").format(vat=won(self.cart.vat)))
        self.charge_button.setText(self.tr("결제하기") if not self.cart.lines else
                                   self.tr("{total} 결제하기").format(total=won(self.cart.total)))
        self.charge_button.setEnabled(bool(self.cart.lines))
