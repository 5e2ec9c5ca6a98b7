"""The clerk's PIN in front of what a customer must not do at the counter: a refund, the
owner's settings. The lockout is kept in the ledger's database (kiosk/pin_lockout.py), so a
restart neither forgets wrong tries nor lifts a lock, and the devices screen shows both to
the manager."""

import threading
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QWidget

from kiosk.app.widgets import PinDialog, Toast
from kiosk.pin_lockout import PinVerdict, opened_on_first_use


class ClerkGate(QObject):
    verdict = Signal(object)  # PinVerdict: after every try, and at start when a PIN is set

    def __init__(self, window: QWidget, toast: Toast, ledger: Path, pin_hash: Callable[[], str],
                 show: Callable[[PinVerdict], None]) -> None:
        super().__init__(window)
        self.window, self.toast, self.pin_hash = window, toast, pin_hash
        self.verdict.connect(show)
        self.lockout = opened_on_first_use(ledger, pin_hash)
        if pin_hash():  # a lock from before a restart is shown at once
            threading.Thread(target=lambda: self.verdict.emit(self.lockout().state()),
                             name="clerk-pin-state", daemon=True).start()

    def ask(self, purpose: str) -> PinDialog | None:
        """The PIN dialog, open; None (and a message) when no PIN is configured."""
        if not self.pin_hash():
            self.toast.show_message(self.tr("점원 PIN이 설정되지 않았습니다. 설치 담당자에게 "
                                            "문의하세요"))
            return None
        dialog = PinDialog(self.window, self.lockout, purpose)
        dialog.checked.connect(self.verdict.emit)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)  # one PIN, one dialog
        dialog.open()
        return dialog
