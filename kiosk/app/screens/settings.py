"""The owner's settings, behind the clerk's PIN: the menu (a row per item: category, name,
price, English name), the receipt's closing line, a new PIN, and, read-only, what the
installer set (the bank and the devices live in the configuration file, not here).
Nothing is kept until 저장 checks it all and writes it at once (owner.py)."""

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QStackedWidget,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from kiosk.app.catalogue import CatalogueItem
from kiosk.app.owner import OwnerSettings, checked, new_pin_hash
from kiosk.app.widgets import Keypad, Screen, big_button
from kiosk.context import Context
from payments.reasons import Reason, Refused

COLUMNS = ("category", "name", "price", "name_en")


class SettingsScreen(Screen):
    name = "settings"
    save = Signal(object)  # OwnerSettings, checked
    said = Signal(object)  # Reason

    def __init__(self) -> None:
        super().__init__()
        self.owner = OwnerSettings()
        self.language = "ko"
        self._pin_hash = ""  # a new PIN, once typed twice
        self._first_pin = ""
        self._english: dict[str, str] = {}  # category -> its English, kept as it was

        self.tabs = [big_button("", "tab") for _ in range(3)]
        tab_row = QHBoxLayout()
        for n, tab in enumerate(self.tabs):
            tab.setCheckable(True)
            tab.clicked.connect(lambda _=False, n=n: self._show_page(n))
            tab_row.addWidget(tab)
        self.save_button = big_button("", "primary")
        self.save_button.clicked.connect(self._save)
        tab_row.addWidget(self.save_button)

        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setObjectName("menu_table")
        self.table.verticalHeader().setDefaultSectionSize(40)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.add_button = big_button("", "quiet")
        self.remove_button = big_button("", "quiet")
        self.add_button.clicked.connect(self._add_row)
        self.remove_button.clicked.connect(self._remove_row)
        menu = QWidget()
        menu_column = QVBoxLayout(menu)
        menu_column.setContentsMargins(0, 0, 0, 0)
        menu_column.addWidget(self.table, 1)
        menu_buttons = QHBoxLayout()
        menu_buttons.addWidget(self.add_button)
        menu_buttons.addWidget(self.remove_button)
        menu_buttons.addStretch(1)
        menu_column.addLayout(menu_buttons)

        self.footer_label = QLabel()
        self.footer = QLineEdit()
        self.footer.setObjectName("footer")
        self.pin_label = QLabel()
        self.pin_label.setWordWrap(True)
        self.pin_keypad = Keypad(max_digits=8)
        self.pin_keypad.changed.connect(lambda digits: self._show_pin())
        self.pin_ok = big_button("", "quiet")
        self.pin_ok.clicked.connect(self._enter_pin)
        receipt = QWidget()
        receipt_column = QVBoxLayout(receipt)
        receipt_column.setContentsMargins(0, 0, 0, 0)
        receipt_column.addWidget(self.footer_label)
        receipt_column.addWidget(self.footer)
        pin_row = QHBoxLayout()
        pin_side = QVBoxLayout()
        pin_side.addWidget(self.pin_label, 1)
        pin_side.addWidget(self.pin_ok)
        pin_row.addLayout(pin_side, 1)
        pin_row.addWidget(self.pin_keypad, 1)
        receipt_column.addLayout(pin_row, 1)

        self.installer = QLabel()
        self.installer.setObjectName("settings")
        self.installer.setWordWrap(True)
        self.installer.setAlignment(Qt.AlignmentFlag.AlignTop)

        self.pages = QStackedWidget()
        for page in (menu, receipt, self.installer):
            self.pages.addWidget(page)
        self.problem = QLabel()
        self.problem.setObjectName("problem")
        self.problem.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 6)
        layout.addLayout(tab_row)
        layout.addWidget(self.pages, 1)
        layout.addWidget(self.problem)
        self._show_page(0)
        self.retranslate()

    # ---------------------------------------------------------------- showing

    def open(self, owner: OwnerSettings, menu: list[CatalogueItem], context: Context) -> None:
        """Fill the editor from what is in force now; nothing typed before is kept."""
        self.owner, self._pin_hash, self._first_pin = owner, "", ""
        self._english = {i.category: i.category_en for i in menu if i.category_en}
        self.table.setRowCount(0)
        for item in menu:
            self._add_row(item)
        self.footer.setText(owner.footer)
        self.installer.setText(self.tr(
            "보기 전용입니다. 은행과 장치 설정은 설치 담당자가 설정 파일에서 바꾸고 "
            "키오스크를 다시 시작합니다 (kiosk config).") + "\n" + _installer_summary(context))
        self.problem.setText("")
        self.pin_keypad.clear()
        self._show_page(0)
        self.retranslate()

    def retranslate(self) -> None:
        for tab, text in zip(self.tabs, (self.tr("메뉴"), self.tr("영수증·PIN"),
                                         self.tr("설치 정보")), strict=True):
            tab.setText(text.replace("&", "&&"))  # a label, not a keyboard shortcut
        self.save_button.setText(self.tr("저장"))
        self.table.setHorizontalHeaderLabels([self.tr("분류"), self.tr("이름"), self.tr("가격"),
                                              self.tr("영어 이름")])
        self.add_button.setText(self.tr("상품 추가"))
        self.remove_button.setText(self.tr("고른 상품 삭제"))
        self.footer_label.setText(self.tr("영수증 맨 아래 문구 (한 줄)"))
        self.pin_ok.setText(self.tr("확인"))
        self._show_pin()

    def _show_page(self, index: int) -> None:
        self.pages.setCurrentIndex(index)
        for n, tab in enumerate(self.tabs):
            tab.setChecked(n == index)

    def _show_pin(self) -> None:
        dots = "●" * len(self.pin_keypad.digits)
        if self._pin_hash:
            text = self.tr("새 PIN이 정해졌습니다. 저장하면 바뀝니다")
        elif self._first_pin:
            text = self.tr("새 PIN을 한 번 더 누르세요")
        else:
            text = self.tr("새 PIN (숫자 4~8자리)을 누르세요")
        self.pin_label.setText(f"{text}\n{dots}")

    # ---------------------------------------------------------------- editing

    def _add_row(self, item: CatalogueItem | None = None) -> None:
        row = self.table.rowCount()
        self.table.insertRow(row)
        values = (item.category, item.name, str(item.price), item.name_en) if item else (
            "", "", "", "")
        for column, value in enumerate(values):
            cell = QTableWidgetItem(value)
            if column == 2:
                cell.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.table.setItem(row, column, cell)
        if item is None:
            self.table.scrollToBottom()
            self.table.setCurrentCell(row, 1)
            self.table.editItem(self.table.item(row, 1))

    def _remove_row(self) -> None:
        row = self.table.currentRow()
        if row >= 0:
            self.table.removeRow(row)

    def _enter_pin(self) -> None:
        digits = self.pin_keypad.digits
        self.pin_keypad.clear()
        if not self._first_pin:
            self._first_pin = digits
        else:
            try:
                self._pin_hash = new_pin_hash(self._first_pin, digits)
            except Refused as refusal:
                self._say_problem(refusal.reason)
            self._first_pin = ""
        self._show_pin()

    def rows(self) -> list[CatalogueItem]:
        """The table as items; Refused naming the row whose price is not a number."""
        items = []
        for row in range(self.table.rowCount()):
            category, name, price, name_en = (self._cell(row, c) for c in range(len(COLUMNS)))
            if not any((category, name, price, name_en)):
                continue  # a row added and left empty
            digits = price.replace(",", "").replace("원", "").strip()
            if not digits.isdigit():
                raise Refused(f"{row + 1}번 상품: 가격은 숫자로 적으세요 (‘{price}’)",
                              f"Item {row + 1}: the price must be a number ('{price}')")
            items.append(CatalogueItem(name, int(digits), category, name_en,
                                       self._english.get(category, "")))
        return items

    def _cell(self, row: int, column: int) -> str:
        cell = self.table.item(row, column)
        return cell.text().strip() if cell else ""

    def _save(self) -> None:
        try:
            items = checked(self.rows(), self.footer.text().strip())
        except Refused as refusal:
            self._say_problem(refusal.reason)
            return
        self.problem.setText("")
        self.save.emit(OwnerSettings(items, self.footer.text().strip(),
                                     self._pin_hash or self.owner.pin_hash))

    def _say_problem(self, reason: Reason) -> None:
        self.problem.setText(reason.ko if self.language == "ko" else reason.en)
        self.said.emit(reason)


def _installer_summary(context: Context) -> str:
    """The installer's settings, shown and never edited here: a four-digit PIN must not be
    enough to point the kiosk at another bank or account."""
    config = context.config
    devices = config.devices
    return "\n".join([
        f"config: {config.source}", f"data: {context.data_dir}",
        f"bank: {config.openbanking.base_url or 'in-process testbed'}",
        f"camera: {devices.camera}   nfc: {devices.nfc}",
        f"printer: {devices.printer} ({devices.paper_width_mm} mm, {devices.printer_korean})",
        f"auto print: {config.kiosk.auto_print}   pay timeout: {config.kiosk.pay_timeout_s:.0f} s",
    ])
