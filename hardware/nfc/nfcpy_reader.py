"""The NFC reader adapter: any nfcpy device (USB, serial, the testbed's udp driver).

nfcpy's ContactlessFrontend stays inside this module: what a tapped tag or phone carries
comes out as a `Tap`, and a reader that cannot be used as an `NfcError` that says why.
"""

import errno
import logging
from collections.abc import Callable

import ndef
import nfc
import nfc.clf
import nfc.clf.udp
import nfc.tag
import nfc.tag.tt4

from hardware.device_spec import DeviceSpec
from hardware.nfc.base import NfcError, NfcReader, Tap
from hardware.nfc.protocol import GET_DATA, PAYMENT_AID, SELECT
from hardware.nfc.udp_loopback import keep_on_loopback

log = logging.getLogger(__name__)
keep_on_loopback()
KERNEL_DRIVERS = "port100, pn533 and pn533_usb"
# Type A (phones, Type 2 and 4 tags) and FeliCa (Type 3); payment codes never use Type B,
# and over the udp driver each technology polled without an answer costs a second.
TARGETS = ["106A", "212F"]
# nfcpy's udp driver (the testbed's reader) waits a fixed second for the answer to each poll
# and nfcpy waits half a second between polling rounds; an emulated tag on loopback answers
# in a millisecond, so the testbed's reader asks and waits as briefly as a real one reads.
UDP_POLL_WAIT_S = 0.05
UDP_POLL_INTERVAL_S = 0.1


class NfcpyReader(NfcReader):
    """A reader through nfcpy: `usb`, `usb:VID:PID`, `tty:AMA0:pn532`, `udp:127.0.0.1:PORT`."""

    def __init__(self, spec: DeviceSpec) -> None:
        self.spec = spec
        self._clf: nfc.ContactlessFrontend | None = None

    def open(self) -> None:
        try:
            self._clf = nfc.ContactlessFrontend(str(self.spec))
        except OSError as exc:
            raise NfcError(_explain(str(self.spec), exc)) from None
        if self.spec.simulated:
            _poll_briefly(self._clf.device)

    def watch(self, on_tap: Callable[[Tap], None], stop: Callable[[], bool]) -> None:
        if self._clf is None:
            raise NfcError(f"NFC reader {self.spec} is not open")

        def on_connect(tag: nfc.tag.Tag) -> bool:
            on_tap(read_tag(tag))
            return True  # hold the tag until it leaves the field: one tap, one report

        options = {"on-connect": on_connect, "beep-on-connect": False, "targets": TARGETS}
        if self.spec.simulated:
            options["interval"] = UDP_POLL_INTERVAL_S
        while not stop():
            # nfcpy logs a reader's OSError and answers False: the reader is gone.
            if self._clf.connect(rdwr=options, terminate=stop) is False and not stop():
                raise NfcError(f"NFC reader {self.spec} stopped answering: is it still "
                               "plugged in?")

    def close(self) -> None:
        if self._clf is not None:
            self._clf.close()
            self._clf = None


def _poll_briefly(device: nfc.clf.udp.Device) -> None:
    """Shorten the udp driver's wait for a poll's answer (the first receive of its
    sense_tta and sense_ttf) to UDP_POLL_WAIT_S; what follows a found tag keeps its time."""
    receive = device._recv_data
    for name in ("sense_tta", "sense_ttf"):
        sense = getattr(device, name)

        def brief(target, sense=sense):
            first = [True]

            def receive_once_briefly(timeout, *bit_rates):
                if first:
                    first.clear()
                    timeout = min(timeout, UDP_POLL_WAIT_S)
                return receive(timeout, *bit_rates)

            device._recv_data = receive_once_briefly
            try:
                return sense(target)
            finally:
                device._recv_data = receive

        setattr(device, name, brief)


def _explain(device: str, exc: OSError) -> str:
    if exc.errno == errno.EACCES:
        return (f"NFC reader {device}: permission denied: the kiosk user must be in the "
                "plugdev group (deploy/raspberrypi installs the udev rules)")
    if exc.errno == errno.EBUSY:
        return (f"NFC reader {device} is busy: another program, or a kernel driver "
                f"({KERNEL_DRIVERS}) holds it; blacklist the driver in /etc/modprobe.d")
    return (f"no NFC reader at {device}: is it plugged in? If `lsmod` lists {KERNEL_DRIVERS}, "
            "that kernel driver holds the reader: blacklist it in /etc/modprobe.d and replug")


def read_tag(tag: nfc.tag.Tag) -> Tap:
    """What a tapped tag or phone carries."""
    uid = bytes(tag.identifier).hex().upper()
    try:
        if isinstance(tag, nfc.tag.tt4.Type4Tag):
            payload = _payment_application(tag)
            if payload is not None:
                return Tap(uid, payload, "iso-dep")
        message = tag.ndef
        if message is None:
            problem = ("the phone has no payment application" if isinstance(
                tag, nfc.tag.tt4.Type4Tag) else "the tag holds no NDEF message")
            return Tap(uid, None, None, problem)
        records = message.records
        if not records:
            return Tap(uid, None, None, "the tag's NDEF message is empty")
        first = records[0]
        if isinstance(first, ndef.TextRecord):
            return Tap(uid, first.text, "ndef-text")
        if isinstance(first, ndef.UriRecord):
            return Tap(uid, first.iri, "ndef-uri")
        return Tap(uid, None, None, f"the tag's first record ({first.type}) is neither "
                                    "Text nor URI")
    except (nfc.tag.TagCommandError, nfc.clf.CommunicationError, ndef.DecodeError) as exc:
        log.info("tag %s: read failed: %s", uid, exc)
        return Tap(uid, None, None, "the tag left the field before it was read: hold it still")


def _payment_application(tag: nfc.tag.tt4.Type4Tag) -> str | None:
    """SELECT the payment AID and GET DATA; None when the phone has no such application."""
    try:
        tag.send_apdu(*SELECT, PAYMENT_AID, mrl=256)
    except nfc.tag.tt4.Type4TagCommandError as refused:
        if refused.errno > 0:  # a status word: the application is not there
            return None
        raise
    data = tag.send_apdu(*GET_DATA, mrl=256)
    return bytes(data).decode("utf-8", errors="replace")


