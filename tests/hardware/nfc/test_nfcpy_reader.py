"""The nfcpy reader adapter, through nfcpy's own code path over its udp driver: emulated
tags and phones read as they would be at the counter, and refusals."""

import threading
import time

import nfc
import pytest

from hardware.device_spec import DeviceSpec, parse_device
from hardware.nfc import NfcError, Tap, make_reader
from hardware.nfc.emulation import present
from hardware.nfc.feed import NfcFeed
from tests.ports import free_port

pytestmark = pytest.mark.integration  # threads on loopback sockets, at nfcpy's pace

STATIC = "120295815923150192272959"
JWS = ("eyJhbGciOiJFZERTQSIsInR5cCI6IkpXVCIsImtpZCI6ImRlbW8tMSJ9." + "a" * 150 + "."
       + "b" * 86)  # long enough to need ISO-DEP chaining


def udp_reader() -> DeviceSpec:
    return parse_device(f"udp:127.0.0.1:{free_port()}", "nfc")


def tap(code, as_="tag", record="text", encoding="UTF-8") -> tuple[Tap | None, bool]:
    device = udp_reader()
    served = {}
    emulator = threading.Thread(target=lambda: served.setdefault(
        "read", present(device, code, as_, record, encoding, timeout_s=8)))
    emulator.start()
    time.sleep(0.2)
    read = make_reader(device).read_one(8)
    emulator.join()
    return read, served["read"]


@pytest.mark.parametrize(("record", "encoding", "code", "carrier", "payload"), [
    ("text", "UTF-8", STATIC, "ndef-text", STATIC),
    ("text", "UTF-16", STATIC, "ndef-text", STATIC),
    ("text", "UTF-8", "한국어 텍스트", "ndef-text", "한국어 텍스트"),  # junk, read as it is
    ("uri", "UTF-8", STATIC, "ndef-uri", f"kpay:{STATIC}"),
])
def test_an_emulated_type3_tag(record, encoding, code, carrier, payload):
    read, served = tap(code, record=record, encoding=encoding)
    assert (read.carrier, read.payload, read.problem) == (carrier, payload, "")
    assert served and len(read.uid) == 16


@pytest.mark.parametrize("code", [STATIC, JWS])
def test_an_emulated_phone_answers_the_payment_application(code):
    read, served = tap(code, as_="phone")
    assert (read.carrier, read.payload) == ("iso-dep", code)
    assert served


def test_a_phone_without_the_payment_application_is_told_apart():
    read, served = tap(None, as_="phone")
    assert (read.payload, read.problem) == (None, "the phone has no payment application")
    assert not served


def test_nfcpy_reads_the_emulated_felica_card_as_the_card_it_claims_to_be():
    """nfcpy's own FeliCa Standard code (what `tagtool show -v` and `tagtool dump` run) walks
    the card's systems and services with Search Service Code and reads the NDEF service."""
    device = udp_reader()
    emulator = threading.Thread(target=present, args=(device, STATIC), kwargs={"timeout_s": 8})
    emulator.start()
    time.sleep(0.2)
    with nfc.ContactlessFrontend(str(device)) as clf:
        started = time.monotonic()
        tag = clf.connect(rdwr={"targets": ["212F"], "on-connect": lambda tag: False},
                          terminate=lambda: time.monotonic() - started > 8)
        product, dump = str(tag), tag.dump()
    emulator.join()
    assert product.startswith("Type3Tag 'FeliCa Standard")
    assert dump[:3] == ["System 12FC (NDEF)", "Area 0000--FFFE",
                        "  Random Service 0: write w/o key & read w/o key (0x0009 0x000B)"]
    assert STATIC.encode().hex()[:16] in "".join(dump).replace(" ", "").lower()


def test_nothing_presented_is_none():
    assert make_reader(udp_reader()).read_one(1.5) is None


def test_a_reader_that_is_not_there_says_what_to_check():
    with pytest.raises(NfcError, match="no NFC reader at usb:ffff:ffff: is it plugged in"):
        make_reader(parse_device("usb:ffff:ffff", "nfc")).open()


def test_the_feed_reports_a_tag_once_while_it_stays_in_the_field():
    device = udp_reader()
    taps = []
    feed = NfcFeed(make_reader(device), taps.append).start()
    try:
        present(device, STATIC, "phone", timeout_s=8)
        time.sleep(1.0)  # the phone lingers: still one tap
    finally:
        feed.stop()
    assert [(t.carrier, t.payload) for t in taps] == [("iso-dep", STATIC)]
