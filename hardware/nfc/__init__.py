"""NFC: one port (`NfcReader`), chosen by a device spec (`make_reader`).

The nfcpy adapter reads real readers and, over nfcpy's udp driver, the emulated tags and
phones of `emulation` (for `kiosk sim tap` and the tests); the null reader stands in for
`none`; the scripted reader plays taps and faults for tests of what sits above the port.
Reading never happens on the UI thread: see `feed.NfcFeed`.
"""

from hardware.nfc.base import NfcError, NfcReader, Tap
from hardware.nfc.factory import make_reader

__all__ = ["NfcError", "NfcReader", "Tap", "make_reader"]
