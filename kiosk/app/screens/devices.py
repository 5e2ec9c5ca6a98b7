"""The counter's devices and the bank, with their state; reconnect, a test print, receipts
that could not print; and the settings, behind the clerk's PIN."""

import time
from datetime import datetime

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QGridLayout, QLabel, QVBoxLayout

from kiosk.app.widgets import Screen, big_button
from kiosk.pin_lockout import PinVerdict

DEVICES = ("camera", "nfc", "printer", "bank", "pin")


class DevicesScreen(Screen):
    name = "devices"
    reconnect = Signal(str)
    test_print = Signal()
    print_held = Signal()
    settings = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.states: dict[str, tuple[str, str]] = {name: ("none", "") for name in DEVICES}
        self.held = 0
        grid = QGridLayout()
        self.rows: dict[str, tuple[QLabel, QLabel]] = {}
        for row, name in enumerate(DEVICES):
            label, state = QLabel(), QLabel()
            state.setWordWrap(True)
            state.setObjectName("state")
            grid.addWidget(label, row, 0)
            grid.addWidget(state, row, 1)
            self.rows[name] = (label, state)
        grid.setColumnStretch(1, 1)
        self.reconnect_camera = big_button("", "quiet")
        self.reconnect_nfc = big_button("", "quiet")
        self.test_button = big_button("", "quiet")
        self.held_button = big_button("", "quiet")
        self.settings_button = big_button("", "quiet")
        self.details_button = big_button("", "quiet")
        self.details_button.setCheckable(True)
        self.details_button.toggled.connect(lambda _: self.retranslate())
        self.reconnect_camera.clicked.connect(lambda: self.reconnect.emit("camera"))
        self.reconnect_nfc.clicked.connect(lambda: self.reconnect.emit("nfc"))
        self.test_button.clicked.connect(self.test_print.emit)
        self.held_button.clicked.connect(self.print_held.emit)
        self.settings_button.clicked.connect(self.settings.emit)
        buttons = QGridLayout()  # two rows of three: English words are long
        for n, button in enumerate((self.details_button, self.reconnect_camera,
                                    self.reconnect_nfc, self.test_button, self.held_button,
                                    self.settings_button)):
            buttons.addWidget(button, n // 3, n % 3)
        layout = QVBoxLayout(self)
        layout.addLayout(grid)
        layout.addStretch(1)
        layout.addLayout(buttons)
        self.retranslate()

    def show_state(self, name: str, status: str, detail: str) -> None:
        self.states[name] = (status, detail)
        self.retranslate()

    def show_pin(self, verdict: PinVerdict) -> None:
        """Wrong tries and a lock on the clerk's PIN: the manager sees someone guessed."""
        if verdict.locked(time.time()):
            until = datetime.fromtimestamp(verdict.locked_until).strftime("%H:%M")
            self.show_state("pin", "locked", f"{verdict.failures} × → {until}")
        elif verdict.failures:
            self.show_state("pin", "wrong", f"{verdict.failures} ×")
        else:
            self.show_state("pin", "ok", "")

    def show_held(self, count: int) -> None:
        self.held = count
        self.retranslate()

    def retranslate(self) -> None:
        names = {"camera": self.tr("카메라"), "nfc": self.tr("NFC 리더"),
                 "printer": self.tr("영수증 프린터"), "bank": self.tr("은행 (오픈뱅킹)"),
                 "pin": self.tr("점원 PIN")}
        words = {"ok": self.tr("정상"), "ready": self.tr("정상"), "lost": self.tr("연결 끊김"),
                 "stalled": self.tr("응답 없음"), "none": self.tr("설정 안 됨"),
                 "starting": self.tr("시작 중"), "paper-out": self.tr("용지 없음"),
                 "paper-low": self.tr("용지 부족"), "cover-open": self.tr("덮개 열림"),
                 "offline": self.tr("오프라인"), "unknown": self.tr("상태를 알 수 없음"),
                 "connecting": self.tr("연결 중"), "failed": self.tr("연결 실패"),
                 "wrong": self.tr("틀린 입력"), "locked": self.tr("잠김")}
        for name, (label, state) in self.rows.items():
            status, detail = self.states[name]
            label.setText(names[name])
            state.setProperty("status", status)
            state.style().polish(state)
            # The detail is the device's own (English, paths, addresses): for whoever fixes
            # it, behind 자세히, not for the counter's everyday screen.
            shown = detail if detail and self.details_button.isChecked() else ""
            state.setText(words.get(status, self.tr("상태를 알 수 없음"))
                          + (f" — {shown}" if shown else ""))
        self.reconnect_camera.setText(self.tr("카메라 다시 연결"))
        self.reconnect_nfc.setText(self.tr("NFC 다시 연결"))
        self.test_button.setText(self.tr("시험 인쇄"))
        self.held_button.setText(self.tr("못 뽑은 영수증 출력 ({n})").format(n=self.held))
        self.held_button.setEnabled(self.held > 0)
        self.settings_button.setText(self.tr("설정"))
        self.details_button.setText(self.tr("자세히"))
