"""Choosing an NFC reader adapter by its device spec."""

from hardware.device_spec import DeviceSpec
from hardware.nfc.base import NfcReader
from hardware.nfc.nfcpy_reader import NfcpyReader
from hardware.nfc.null_reader import NullReader


def make_reader(spec: DeviceSpec) -> NfcReader:
    """The adapter for `spec` (an `nfc` spec), not yet opened: nfcpy's for any reader it
    drives (the udp simulation included), the null reader for `none`."""
    return NullReader() if spec.kind == "none" else NfcpyReader(spec)
