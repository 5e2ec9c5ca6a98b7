"""The pay screen's merchant-presented QR: above the confirmation threshold, and where a
wallet runs on this machine, the kiosk also shows the sale as a QR the customer scans with
the phone's camera and approves in the wallet with a passkey.

While the pay screen waits for a code, a sale request is open (payments/sale_requests.py)
and polled twice a second; a confirmed code the wallet posts to it is handed to the counter
like any code shown to the camera, so the engine charges it once. When the screen stops
waiting (a code came, cancel, time out) the request is closed, so an approval after that is
refused on the phone and charges nothing. The payment the code paid is named on the request,
for the phone to show.
"""

import time
from collections.abc import Callable

import qrcode
from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtGui import QImage, QPixmap

from kiosk.app.counter import Counter, Phase
from kiosk.context import Context
from payments.sale_requests import SaleRequests, load_or_create_signer, published_address

POLL_MS = 500


class WalletLink(QObject):
    code = Signal(str, str)  # payload, method: as a scanned code
    shown = Signal(str)  # the link the pay screen draws as a QR; "" hides it

    def __init__(self, context: Context, counter: Counter,
                 on_code: Callable[[str, str], None], show: Callable[[str], None],
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._data_dir = context.data_dir
        self._shop = context.config.merchant.name
        self._above = context.config.payments.confirm_above
        self._counter = counter
        self.code.connect(on_code)
        self.shown.connect(show)
        self._requests: SaleRequests | None = None
        self._ref = ""  # the open request
        self._handed = ""  # the request whose code went to the counter
        self._poll = QTimer(self, interval=POLL_MS, timeout=self._take)
        counter.new_presentations.connect(self._open)
        counter.changed.connect(self._follow)

    def _open(self) -> None:
        self._close()
        self._handed = ""
        sale, address = self._counter.sale, published_address(self._data_dir)
        if sale is None or not address or sale.total <= self._above:
            return
        if self._requests is None:
            self._requests = SaleRequests(self._data_dir)
        request = self._requests.open("", self._shop, sale.total, time.time(),
                                      self._counter.pay_timeout_s)
        self._ref = request.ref
        token = load_or_create_signer(self._data_dir).token(request)
        self.shown.emit(f"{address}/sale/{token}")
        self._poll.start()

    def _take(self) -> None:
        payload = self._requests.take(self._ref, time.time()) if self._ref else None
        if payload:
            self._handed, self._ref = self._ref, ""
            self._poll.stop()
            self.code.emit(payload, "qr")

    def _follow(self) -> None:
        counter = self._counter
        if self._ref and counter.phase is not Phase.AWAITING_CODE:
            self._close()
        if self._handed and counter.phase is Phase.RESULT and counter.result is not None:
            self._requests.attach(self._handed, counter.result.payment_id)
            self._handed = ""

    def _close(self) -> None:
        self._poll.stop()
        if self._ref and self._requests is not None:
            self._requests.take(self._ref, time.time(), give_up=True)
        self._ref = ""
        self.shown.emit("")


def qr_pixmap(link: str, size: int) -> QPixmap:
    """The link as a QR of `size` pixels, its modules kept sharp for a phone's camera."""
    qr = qrcode.QRCode(border=2, error_correction=qrcode.constants.ERROR_CORRECT_M)
    qr.add_data(link)
    rows = qr.get_matrix()
    image = QImage(len(rows), len(rows), QImage.Format.Format_RGB32)
    for y, row in enumerate(rows):
        for x, dark in enumerate(row):
            image.setPixel(x, y, 0xFF000000 if dark else 0xFFFFFFFF)
    return QPixmap.fromImage(image.scaled(size, size, Qt.AspectRatioMode.KeepAspectRatio,
                                          Qt.TransformationMode.FastTransformation))
