"""The strip above every screen: whose shop this is, DEMO when no real money moves, a dot
per device so the clerk sees a lost camera before a customer does, the clerk's screens, and
the language. It only shows and asks; the window decides which screen may open."""

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QWidget

from kiosk.app.i18n import Language
from kiosk.app.widgets import big_button

NAV = ("sale", "register", "history", "report", "devices")
DEVICES = ("camera", "nfc", "printer")


class TopBar(QWidget):
    go = Signal(str)  # one of NAV: the clerk pressed its button

    def __init__(self, shop: str, demo: bool, language: Language) -> None:
        super().__init__()
        self.language = language
        self.setObjectName("topbar")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)  # the style's dark strip
        row = QHBoxLayout(self)
        row.setContentsMargins(8, 4, 8, 4)
        row.setSpacing(4)
        self.shop_label = QLabel(shop)
        self.shop_label.setObjectName("shop")
        row.addWidget(self.shop_label)
        if demo:
            self.demo_badge = QLabel("DEMO")
            self.demo_badge.setObjectName("demo_badge")
            row.addWidget(self.demo_badge)
        row.addStretch(1)
        self.health = {name: QLabel() for name in DEVICES}
        for label in self.health.values():
            label.setObjectName("health")
            row.addWidget(label)
        # A chain terminal's server, shown only while it cannot be reached: no payments.
        self.server_down = QLabel()
        self.server_down.setObjectName("health")
        self.server_down.setProperty("status", "lost")
        self.server_down.hide()
        row.addWidget(self.server_down)
        self.nav_buttons = {}
        for name in NAV:
            button = big_button("", "nav")
            button.setCheckable(True)
            button.clicked.connect(lambda _=False, n=name: self.go.emit(n))
            row.addWidget(button)
            self.nav_buttons[name] = button
        self.language_button = big_button("", "nav")
        self.language_button.clicked.connect(
            lambda: language.set("en" if language.code == "ko" else "ko"))
        row.addWidget(self.language_button)

    def retranslate(self) -> None:
        words = {"sale": self.tr("판매"), "register": self.tr("등록"),
                 "history": self.tr("내역"), "report": self.tr("정산"),
                 "devices": self.tr("장치")}
        for name, button in self.nav_buttons.items():
            button.setText(words[name])
        self.language_button.setText("English" if self.language.code == "ko" else "한국어")
        self.server_down.setText(self.tr("● 결제 서버 끊김"))

    def show_server(self, up: bool) -> None:
        self.server_down.setVisible(not up)

    def show_health(self, statuses: dict[str, tuple[str, str]]) -> None:
        """A dot per device: green works, amber starting, red lost; none for no device."""
        names = {"camera": self.tr("카메라"), "nfc": "NFC", "printer": self.tr("프린터")}
        for name, label in self.health.items():
            status = statuses[name][0]
            label.setVisible(status != "none")
            label.setText(f"● {names[name]}")
            label.setProperty("status", "ok" if status in ("ok", "ready") else
                              "starting" if status == "starting" else "lost")
            label.style().polish(label)
            label.setToolTip(status)

    def mark(self, current: str, enabled: bool) -> None:
        """The shown screen's button pressed; every button shut while a sale is under way."""
        for name, button in self.nav_buttons.items():
            button.setChecked(current == name)
            button.setEnabled(enabled)
