"""No NFC reader at all (`none`): the pay screen offers the camera only."""

from collections.abc import Callable

from hardware.nfc.base import NfcError, NfcReader, Tap


class NullReader(NfcReader):
    """Stands where a reader would, so nothing above the port asks whether there is one:
    its feed reports `none` and never starts, and asking it for a tap says why not."""

    configured = False

    def open(self) -> None:
        raise NfcError('no NFC reader is configured (devices.nfc is "none"): give one with '
                       "--device, or set devices.nfc")

    def watch(self, on_tap: Callable[[Tap], None], stop: Callable[[], bool]) -> None:
        raise NfcError("no NFC reader is configured")
