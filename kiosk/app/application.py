"""The composition root of the Qt kiosk: configuration in, a running window out.

Here, and only here, the ledger and bank (in their worker thread), the devices (each in
its own), the screens, the language and the sounds are made and wired together.
"""

import logging
import signal
from importlib import resources
from pathlib import Path

import cv2
from PySide6.QtCore import QPoint, QTimer
from PySide6.QtGui import QColor, QFontDatabase, QPainter
from PySide6.QtWidgets import QApplication, QDialog

from kiosk.app.bank_worker import Bank
from kiosk.app.catalogue import load_catalogue
from kiosk.app.counter_devices import CounterDevices
from kiosk.app.i18n import Language
from kiosk.app.qt_messages import quiet_platform_noise
from kiosk.app.sounds import Sounds
from kiosk.app.wallet_link import WalletLink
from kiosk.app.window import MainWindow
from kiosk.bootstrap import demo_code
from kiosk.context import Context
from kiosk.systemd_notify import SystemdNotifier

log = logging.getLogger(__name__)
SIZE = (800, 480)  # the official 7" Raspberry Pi touch screen
FONTS = ("NanumSquareR.ttf", "NanumSquareB.ttf", "NanumGothicCoding.ttf")


def application(argv: list[str] | None = None) -> QApplication:
    # OpenCV's own thread pool, for the scanner's small per-frame steps, cost more than it
    # saved: its idle workers kept a third of the pay screen's idle CPU (docs/benchmarks.md).
    cv2.setNumThreads(1)
    quiet_platform_noise()
    app = QApplication.instance() or QApplication(argv or ["kiosk"])
    style = (resources.files("assets") / "style.qss").read_text(encoding="utf-8")
    if app.styleSheet() == style:
        # Dressed already, for an earlier kiosk in this process (the tests make many): a
        # style sheet set again restyles every widget there is, the closed windows' too.
        return app
    fonts = resources.files("assets") / "fonts"
    for name in FONTS:
        with resources.as_file(fonts / name) as path:
            if QFontDatabase.addApplicationFont(str(path)) < 0:
                log.warning("cannot load the bundled font %s", path)
    app.setStyleSheet(style)
    return app


class Kiosk:
    """The whole kiosk, built and started; `stop` ends it cleanly."""

    def __init__(self, context: Context, language: str | None = None,
                 sounds: bool = True) -> None:
        self.app = application()
        self.context = context
        catalogue = load_catalogue(context.config.kiosk.catalogue)
        self.language = Language()
        self.devices = CounterDevices(context)
        self.bank = Bank(context)
        self.window = MainWindow(context, catalogue, self.bank, self.devices, self.language,
                                 Sounds(sounds), demo_code)
        # Above the threshold the pay screen also shows the sale for the customer's wallet;
        # a code the wallet hands over is one more code presented, like the camera's.
        self.wallet = WalletLink(context, self.window.counter, self.devices.code.emit,
                                 self.window.pay_screen.show_wallet, self.window)
        self.language.set(language or context.config.kiosk.language)
        self.window.resize(*SIZE)
        self.systemd = SystemdNotifier()
        self._watchdog = self._keep_systemd_told()
        self.devices.start()
        self.bank.open()

    def show(self, fullscreen: bool = False) -> None:
        if fullscreen:
            self.window.showFullScreen()
        else:
            self.window.show()
        # Ready once the event loop turns with the window up (an update is kept only then).
        QTimer.singleShot(0, lambda: self.systemd.ready("the screen is up; opening the bank"))

    def _keep_systemd_told(self) -> QTimer | None:
        """Ping systemd's watchdog from the event loop, twice a period: a screen frozen for
        the whole period stops the pings, and systemd restarts the kiosk."""
        bank = self.bank.worker
        bank.ready.connect(lambda where: self.systemd.status(f"ready; bank: {where}"))
        bank.failed.connect(lambda why: self.systemd.status(f"the bank cannot be opened: {why}"))
        if self.systemd.watchdog_s is None:
            return None
        timer = QTimer(interval=max(1, int(self.systemd.watchdog_s * 1000 / 2)),
                       timeout=self.systemd.alive)
        timer.start()
        return timer

    def screenshot(self, path: str | Path) -> Path:
        """What the screen shows: the window, and any dialog open over it."""
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        picture = self.window.grab()
        painter = QPainter(picture)
        for dialog in self.window.findChildren(QDialog):
            if dialog.isVisible():
                at = self.window.mapFromGlobal(dialog.mapToGlobal(QPoint(0, 0)))
                painter.fillRect(picture.rect(), QColor(15, 23, 42, 110))  # the modal's dimming
                painter.drawPixmap(at, dialog.grab())
        painter.end()
        if not picture.save(str(path)):
            raise OSError(f"cannot write the screenshot {path}")
        return path

    def stop(self) -> None:
        self.systemd.stopping()
        self.window.close()
        self.language.set("ko")  # the application's translator, as it was found


def quit_on_signals(app: QApplication) -> QTimer:
    """SIGTERM (systemd) and Ctrl-C end the event loop cleanly. Python runs its signal
    handlers only between bytecodes, so a timer gives it a moment now and then."""
    for number in (signal.SIGINT, signal.SIGTERM):
        signal.signal(number, lambda *_: app.quit())
    timer = QTimer(interval=200, timeout=lambda: None)
    timer.start()
    return timer

