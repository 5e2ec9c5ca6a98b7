"""Reading an NFC reader in its own thread: each tap to `on_tap`, reader trouble as a status.

The reconnect loop is DeviceThread's, shared with the camera feed: a reader that is pulled
out is reported `lost` and opened again with growing pauses.
"""

from collections.abc import Callable

from hardware.device_thread import BACKOFF_S, DeviceThread
from hardware.nfc.base import NfcError, NfcReader, Tap


class NfcFeed(DeviceThread):
    name = "nfc"
    trouble = NfcError

    def __init__(self, reader: NfcReader, on_tap: Callable[[Tap], None],
                 on_status: Callable[[str, str], None] | None = None,
                 backoff_s: tuple[float, ...] = BACKOFF_S) -> None:
        super().__init__(on_status, backoff_s, configured=reader.configured)
        self.reader = reader
        self._on_tap = on_tap

    def _open(self) -> None:
        self.reader.open()

    def _serve(self) -> None:
        self.reader.watch(self._on_tap, self._stop.is_set)

    def _close(self) -> None:
        self.reader.close()
