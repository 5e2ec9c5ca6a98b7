"""The NFC feed over the reader port: each tap once, a lost reader reported and reopened,
no reader at all reported as `none`. The reader here is the scripted one: milliseconds."""

import queue

import pytest

from hardware.device_spec import parse_device
from hardware.nfc import NfcError, Tap, make_reader
from hardware.nfc.feed import NfcFeed
from hardware.nfc.nfcpy_reader import NfcpyReader
from hardware.nfc.null_reader import NullReader
from hardware.nfc.scripted_reader import ScriptedReader

PHONE = Tap("08A1B2C3", "120295815923150192272959", "iso-dep")
STICKER = Tap("02FE0102030405", "kpay:120295815923150192272959", "ndef-uri")
BLANK = Tap("04AABBCCDD", None, None, "the tag holds no NDEF message")
WAIT_S = 5  # a bound for a thread to answer, never a pause: the tests wait on events


def run_feed(script: list) -> tuple[list, list, ScriptedReader]:
    """The feed over a reader playing `script`, until the reader is idle; what it told."""
    events: queue.Queue = queue.Queue()
    reader = ScriptedReader(script)
    feed = NfcFeed(reader, on_tap=lambda tap: events.put(("tap", tap)),
                   on_status=lambda status, detail: events.put(("status", status)),
                   backoff_s=(0.0,)).start()
    try:
        assert reader.idle.wait(WAIT_S)
    finally:
        feed.stop()
    told = []
    while not events.empty():
        told.append(events.get())
    return ([tap for what, tap in told if what == "tap"],
            [status for what, status in told if what == "status"], reader)


@pytest.mark.integration  # the feed's thread
def test_each_tap_reaches_the_kiosk_once_in_order():
    taps, statuses, _ = run_feed([PHONE, STICKER, BLANK])
    assert taps == [PHONE, STICKER, BLANK]
    assert statuses == ["ok"]


@pytest.mark.integration  # the feed's thread
def test_a_reader_pulled_out_is_reported_lost_then_reopened():
    taps, statuses, reader = run_feed([PHONE, NfcError("no NFC reader at usb: is it plugged "
                                                       "in?"), STICKER])
    assert taps == [PHONE, STICKER]
    assert statuses == ["ok", "lost", "ok"]
    assert reader.opened == 2


@pytest.mark.integration  # the feed's thread
def test_a_reader_still_gone_when_reopened_stays_lost_until_it_is_back():
    gone = NfcError("no NFC reader at usb")
    taps, statuses, reader = run_feed([gone, gone, gone, PHONE])
    assert (taps, statuses, reader.opened) == ([PHONE], ["lost", "ok"], 1)


@pytest.mark.integration  # the feed's thread
def test_a_drivers_surprise_is_reported_lost_and_the_feed_carries_on():
    class Yanked(ScriptedReader):
        """The first watch dies of something no reader should raise (a USB library's own)."""

        def watch(self, on_tap, stop):
            if self.opened == 1:
                raise RuntimeError("LIBUSB_ERROR_NO_DEVICE")
            super().watch(on_tap, stop)

    events: queue.Queue = queue.Queue()
    reader = Yanked([PHONE])
    feed = NfcFeed(reader, on_tap=events.put, on_status=lambda status, detail: events.put(
        (status, detail)), backoff_s=(0.0,)).start()
    try:
        assert reader.idle.wait(WAIT_S)
    finally:
        feed.stop()
    told = [events.get() for _ in range(events.qsize())]
    assert told[1] == ("lost", "unexpected failure (LIBUSB_ERROR_NO_DEVICE); see the log")
    assert told[-1] == PHONE


def test_no_reader_is_none_and_starts_nothing():
    statuses = []
    feed = NfcFeed(NullReader(), on_tap=lambda tap: None,
                   on_status=lambda status, detail: statuses.append(status)).start()
    feed.stop()
    assert feed.status == "none" and statuses == []
    assert not any(thread.is_alive() for thread in feed._threads)


def test_asking_no_reader_for_a_tap_says_how_to_configure_one():
    with pytest.raises(NfcError, match=r'devices\.nfc is "none"'):
        NullReader().read_one(1)


def test_read_one_waits_for_one_tap_and_lets_go_of_the_reader():
    reader = ScriptedReader([STICKER, PHONE])
    assert reader.read_one(WAIT_S) == STICKER
    assert not reader.is_open


def test_read_one_is_none_when_nothing_is_presented():
    assert ScriptedReader().read_one(0.01) is None


def test_the_factory_gives_nfcpy_for_a_reader_and_the_null_reader_for_none():
    assert isinstance(make_reader(parse_device("udp:127.0.0.1:54321", "nfc")), NfcpyReader)
    assert isinstance(make_reader(parse_device("usb", "nfc")), NfcpyReader)
    assert isinstance(make_reader(parse_device("none", "nfc")), NullReader)
