"""Pieces the screens share: a screen that re-labels itself, a finger-sized keypad, a toast,
the demo customer's strip, the clerk's PIN dialog."""

import math
import threading
import time
from collections.abc import Callable
from importlib import resources

from PySide6.QtCore import QEventLoop, Qt, QTimer, Signal
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (
    QDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from kiosk.pin_lockout import PinLockout, PinVerdict

TOAST_TOP = 64  # just under the top bar


class Screen(QWidget):
    """A screen sets its texts in `retranslate`: once at start, and again when the window
    switches language (at once, not on Qt's later LanguageChange event, so what the next
    line of code or the next frame shows is already in the new language)."""

    name = "screen"

    def retranslate(self) -> None:
        raise NotImplementedError


def icon(name: str, height: int) -> QPixmap:
    """A picture of assets/icons (SVG), drawn at `height` pixels."""
    with resources.as_file(resources.files("assets") / "icons" / f"{name}.svg") as path:
        pixmap = QPixmap(str(path))
    return pixmap.scaledToHeight(height, Qt.TransformationMode.SmoothTransformation)


def big_button(text: str = "", name: str = "") -> QPushButton:
    button = QPushButton(text)
    button.setMinimumHeight(48)  # a fingertip, not a mouse pointer
    button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    if name:
        button.setObjectName(name)
    return button


class Keypad(QWidget):
    """Digits for amounts and PINs. `digits` is what has been typed so far."""

    changed = Signal(str)
    KEYS = ("1", "2", "3", "4", "5", "6", "7", "8", "9", "C", "0", "⌫")

    def __init__(self, max_digits: int = 9, with_double_zero: bool = False) -> None:
        super().__init__()
        self.digits = ""
        self.max_digits = max_digits
        grid = QGridLayout(self)
        grid.setSpacing(6)
        grid.setContentsMargins(0, 0, 0, 0)
        self.buttons: dict[str, QPushButton] = {}
        # Twelve grid columns: three keys a row, four in an amount keypad's last (C 00 0 ⌫).
        keys = [(key, n // 3, n % 3 * 4, 4) for n, key in enumerate(self.KEYS)]
        if with_double_zero:
            keys[9:] = [(key, 3, n * 3, 3) for n, key in enumerate(("C", "00", "0", "⌫"))]
        for key, row, column, span in keys:
            button = big_button(key, "key")
            button.clicked.connect(lambda _=False, k=key: self.press(k))
            grid.addWidget(button, row, column, 1, span)
            self.buttons[key] = button

    def press(self, key: str) -> None:
        if key == "C":
            self.digits = ""
        elif key == "⌫":
            self.digits = self.digits[:-1]
        elif len(self.digits + key) <= self.max_digits and (self.digits or key.strip("0")):
            self.digits += key
        self.changed.emit(self.digits)

    def clear(self) -> None:
        self.digits = ""
        self.changed.emit("")


class Toast(QLabel):
    """A message near the top of the window for a few seconds: never a modal box that a
    customer has to find the OK button of, never over the buttons at the bottom."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("toast")
        self.setWordWrap(True)
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.hide()
        self._timer = QTimer(self, singleShot=True, timeout=self.hide)

    def show_message(self, text: str, seconds: float = 5.0) -> None:
        self.setText(text)
        parent = self.parentWidget()
        width = min(parent.width() - 40, 640)
        self.setFixedWidth(width)
        self.adjustSize()
        # Under the top bar, where it covers no button a clerk or customer needs next.
        self.move((parent.width() - width) // 2, TOAST_TOP)
        self.show()
        self.raise_()
        self._timer.start(int(seconds * 1000))


class DemoStrip(QWidget):
    """The demo's customer at the foot of a screen: one button for each thing they can do
    there. Only the demo has one; a real shop's customers are real."""

    pressed = Signal(int)  # which button

    def __init__(self, count: int) -> None:
        super().__init__()
        self.setObjectName("demo")
        row = QHBoxLayout(self)
        row.setContentsMargins(8, 4, 8, 4)
        self.label = QLabel()
        row.addWidget(self.label)
        self.buttons = []
        for n in range(count):
            button = big_button("", "demo")
            button.clicked.connect(lambda _=False, n=n: self.pressed.emit(n))
            row.addWidget(button)
            self.buttons.append(button)
        row.addStretch(1)

    def retranslate(self, texts: list[str]) -> None:
        self.label.setText(self.tr("데모 고객:"))
        for button, text in zip(self.buttons, texts, strict=True):
            button.setText(text)


class PinDialog(QDialog):
    """Asks the clerk's PIN on a keypad. The check hashes for a tenth of a second and the
    lock lives in the ledger (kiosk/pin_lockout.py), so it runs in a thread of its own and
    the screen keeps drawing; the verdict comes back as a queued signal."""

    checked = Signal(object)  # PinVerdict, from the checking thread
    # The same verdict, passed on from the screen's thread before the dialog may close: a
    # relay of `checked` itself could arrive after the dialog was deleted, as None.
    answered = Signal(object)

    def __init__(self, parent: QWidget, lockout: Callable[[], PinLockout], purpose: str
                 ) -> None:
        super().__init__(parent)
        self.setObjectName("pin")
        self.setModal(True)
        self._lockout = lockout
        self.checking = False
        layout = QVBoxLayout(self)
        self.title = QLabel(purpose)
        self.title.setObjectName("title")
        self.dots = QLabel("")
        self.dots.setObjectName("pindots")
        self.dots.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.message = QLabel("")
        self.keypad = Keypad(max_digits=8)
        self.keypad.changed.connect(lambda digits: self.dots.setText("●" * len(digits)))
        self.ok = big_button(self.tr("확인"), "primary")
        self.ok.clicked.connect(self.check)
        self.cancel = big_button(self.tr("취소"))
        self.cancel.clicked.connect(self.reject)
        for widget in (self.title, self.dots, self.message, self.keypad, self.ok, self.cancel):
            layout.addWidget(widget)
        self.checked.connect(self._on_verdict)

    def check(self) -> None:
        if self.checking:
            return
        self.checking = True
        self.ok.setEnabled(False)
        digits = self.keypad.digits
        self.keypad.clear()
        threading.Thread(target=lambda: self.checked.emit(self._lockout().attempt(digits)),
                         name="clerk-pin", daemon=True).start()

    def _on_verdict(self, verdict: PinVerdict) -> None:
        self.answered.emit(verdict)
        self.checking = False
        self.ok.setEnabled(True)
        if verdict.accepted:
            self.accept()
        elif verdict.locked(time.time()):
            minutes = max(1, math.ceil((verdict.locked_until - time.time()) / 60))
            text = self.tr("PIN이 여러 번 틀렸습니다. {minutes}분 후 다시 시도하세요")
            self.message.setText(text.format(minutes=minutes))
        else:
            self.message.setText(self.tr("PIN이 맞지 않습니다"))

    def enter(self, pin: str, timeout_s: float = 10.0) -> PinVerdict | None:
        """Type a PIN on the keypad, press OK as a finger would, and wait (turning the event
        loop) for the verdict (scenario scripts, tests). The verdict is returned, None when
        none came in time: an accepted PIN closes the dialog, which deletes itself, so the
        caller reads the verdict, not the dialog."""
        for digit in pin:
            self.keypad.buttons[digit].click()
        verdicts: list[PinVerdict] = []
        self.answered.connect(verdicts.append)  # direct: before the dialog may close
        waited = QEventLoop()
        # Listening before OK is pressed: a verdict that came back before a later connect
        # would leave the loop waiting out the whole timeout.
        self.answered.connect(waited.quit, Qt.ConnectionType.QueuedConnection)
        QTimer.singleShot(int(timeout_s * 1000), waited.quit)
        self.ok.click()
        if self.checking:
            waited.exec()
        return verdicts[0] if verdicts else None
