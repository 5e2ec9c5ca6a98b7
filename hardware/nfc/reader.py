"""The NFC reader adapter: any nfcpy device path, one tap at a time, trouble told not thrown.

A tap gives a `Tap`: the payload and how it came (an NDEF Text or URI record on a Type 2,
3 or 4 tag, or a phone answering the payment application over ISO-DEP), or the reason there
is none. `NfcFeed` reads in its own thread, reopens a reader that went away, and reports a
tag once: it holds the tag until it leaves the field before reading again.
"""

import errno
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass

import ndef
import nfc
import nfc.clf
import nfc.clf.udp
import nfc.tag
import nfc.tag.tt4

from hardware.device_thread import BACKOFF_S, DeviceThread
from hardware.devices import DeviceError, parse_device
from hardware.nfc.protocol import PAYMENT_AID
from hardware.nfc.udp_loopback import keep_on_loopback

log = logging.getLogger(__name__)
keep_on_loopback()
NFC_KINDS = {"usb": "usb:054c:06c1", "tty": "tty:AMA0:pn532", "udp": "udp:127.0.0.1:54321",
             "none": "none"}
LOOPBACK_HOSTS = ("localhost", "127.0.0.1")
KERNEL_DRIVERS = "port100, pn533 and pn533_usb"
# Type A (phones, Type 2 and 4 tags) and FeliCa (Type 3); payment codes never use Type B,
# and over the udp driver each technology polled without an answer costs a second.
TARGETS = ["106A", "212F"]
# nfcpy's udp driver (the testbed's reader) waits a fixed second for the answer to each poll
# and nfcpy waits half a second between polling rounds; an emulated tag on loopback answers
# in a millisecond, so the testbed's reader asks and waits as briefly as a real one reads.
UDP_POLL_WAIT_S = 0.05
UDP_POLL_INTERVAL_S = 0.1


class NfcError(Exception):
    """The reader cannot be used now; the message says what to do about it."""


@dataclass(frozen=True)
class Tap:
    uid: str  # the tag's or phone's identifier, hex
    payload: str | None
    carrier: str | None  # ndef-text | ndef-uri | iso-dep
    problem: str = ""  # why there is no payload


def check_device(device: str) -> str:
    """`device` when it is an nfcpy path this kiosk can use; DeviceError saying why not."""
    if device not in ("usb", "none"):
        spec = parse_device(device, NFC_KINDS, "NFC reader")
        host, _, port = spec.target.rpartition(":")
        if spec.kind == "udp" and (host not in LOOPBACK_HOSTS or not port.isdigit()):
            raise DeviceError(f"NFC reader {device!r}: the udp reader is a simulation on this "
                              "machine only: use udp:127.0.0.1:PORT")
    return device


def open_reader(device: str) -> nfc.ContactlessFrontend:
    try:
        clf = nfc.ContactlessFrontend(device)
    except OSError as exc:
        raise NfcError(_explain(device, exc)) from None
    if isinstance(clf.device, nfc.clf.udp.Device):
        _poll_briefly(clf.device)
    return clf


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


def rdwr_options(device: str, on_connect: Callable[[nfc.tag.Tag], bool]) -> dict:
    options = {"on-connect": on_connect, "beep-on-connect": False, "targets": TARGETS}
    if device.startswith("udp"):
        options["interval"] = UDP_POLL_INTERVAL_S
    return options


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
        tag.send_apdu(0x00, 0xA4, 0x04, 0x00, PAYMENT_AID, mrl=256)
    except nfc.tag.tt4.Type4TagCommandError as refused:
        if refused.errno > 0:  # a status word: the application is not there
            return None
        raise
    data = tag.send_apdu(0x80, 0xCA, 0x00, 0x00, mrl=256)
    return bytes(data).decode("utf-8", errors="replace")


def read_one(device: str, timeout_s: float) -> Tap | None:
    """Wait up to `timeout_s` for one tap and read it; None when nothing was presented."""
    found: list[Tap] = []
    deadline = time.monotonic() + timeout_s

    def on_connect(tag: nfc.tag.Tag) -> bool:
        found.append(read_tag(tag))
        return False  # done: no need to wait for the tag to leave

    with open_reader(device) as clf:
        while not found and time.monotonic() < deadline:
            clf.connect(rdwr=rdwr_options(device, on_connect),
                        terminate=lambda: bool(found) or time.monotonic() > deadline)
    return found[0] if found else None


class NfcFeed(DeviceThread):
    """The reader in its own thread: taps to `on_tap`, reader trouble to `on_status`."""

    name = "nfc"

    def __init__(self, device: str, on_tap: Callable[[Tap], None],
                 on_status: Callable[[str, str], None] | None = None,
                 backoff_s: tuple[float, ...] = BACKOFF_S) -> None:
        super().__init__(on_status, backoff_s)
        self.device = device
        self._on_tap = on_tap

    def _on_connect(self, tag: nfc.tag.Tag) -> bool:
        self._on_tap(read_tag(tag))
        return True  # hold the tag until it leaves the field: one tap, one report

    def _run(self) -> None:
        failures = 0
        while not self._stop.is_set():
            try:
                with open_reader(self.device) as clf:
                    self._report("ok")
                    failures = 0
                    while not self._stop.is_set():
                        clf.connect(rdwr=rdwr_options(self.device, self._on_connect),
                                    terminate=self._stop.is_set)
            except NfcError as trouble:
                self._report("lost", str(trouble))
            except Exception as trouble:  # a driver's surprise (a yanked USB reader)
                log.warning("NFC reader failed: %s", trouble)
                self._report("lost", f"the reader stopped answering ({trouble})")
            self._back_off(failures)
            failures += 1
