"""Emulated tags and phones, over nfcpy's `udp` driver, for `kiosk sim tap` and the tests.

The kiosk's reader talks to them through the very nfcpy code it uses with real hardware:
a Type 3 tag holding an NDEF Text or URI record, and a phone in card emulation that answers
SELECT by the payment AID and GET DATA over ISO-DEP (with chaining for long codes).
"""

import logging
import os
import time

import ndef
import nfc
import nfc.clf
import nfc.tag
import nfc.tag.tt3

from hardware.device_spec import DeviceSpec
from hardware.nfc.protocol import GET_DATA, NOT_FOUND, NOT_SELECTED, OK, PAYMENT_AID, SELECT
from hardware.nfc.udp_loopback import keep_on_loopback

log = logging.getLogger(__name__)
keep_on_loopback()

# ATS: TL 5; T0 FSCI 8 (256-byte frames) with TA, TB, TC; TA same bit rates; TB FWI 10
# (about 300 ms frame waiting time, generous for Python at both ends); TC no CID, no NAD.
ATS = bytes([0x05, 0x78, 0x80, 0xA0, 0x00])
MAX_INF = 256 - 3  # a frame's information field: the reader asked for 256-byte frames
LINGER_S = 0.5  # after it has been read, a tag or phone stays this long, then is taken away
# What a FeliCa Standard NDEF card lists when a reader walks it with Search Service Code
# (as nfcpy's tagtool does): area 0000 to FFFE, then the NDEF service 0 as random read/write
# and read-only without key (0x0009, 0x000B), all little-endian; FFFF ends the list.
SEARCH_SERVICE_CODE = 0x0A
SERVICE_LIST = (bytes.fromhex("0000FEFF"), bytes.fromhex("0900"), bytes.fromhex("0B00"))
END_OF_SERVICES = bytes.fromhex("FFFF")


def ndef_message(code: str, record: str = "text", encoding: str = "UTF-8",
                 language: str = "ko") -> bytes:
    """The NDEF message a payment sticker or wearable carries."""
    if record == "uri":
        records = [ndef.UriRecord(code if code.startswith("kpay:") else f"kpay:{code}")]
    else:
        records = [ndef.TextRecord(code, language, encoding)]
    return b"".join(ndef.message_encoder(records))


class Type3Tag:
    """A FeliCa Standard (Type 3) card with an NDEF message in its blocks, answering the
    commands a reader sends such a card: nfcpy's emulation covers polling, reads and system
    codes, and this adds Search Service Code, which tools use to list the card's services."""

    def __init__(self, message: bytes) -> None:
        blocks = (len(message) + 15) // 16
        attributes = bytearray([0x10, 12, 4, blocks >> 8, blocks & 0xFF, 0, 0, 0, 0,
                                0x00, 0x00, 0, 0, 0])  # version, Nbr, Nbw, Nmaxb, WriteF, RWFlag
        attributes[11:14] = len(message).to_bytes(3, "big")
        attributes += sum(attributes).to_bytes(2, "big")
        self.blocks = [bytes(attributes)] + [message[i:i + 16].ljust(16, b"\0")
                                             for i in range(0, len(message), 16)]
        self.read_all = False
        self.read_at = 0.0

    def read(self, block_number: int, rb: int, re: int) -> bytes | None:
        if block_number >= len(self.blocks):
            return None
        if block_number == len(self.blocks) - 1 and not self.read_all:
            self.read_all, self.read_at = True, time.monotonic()
        return self.blocks[block_number]

    def target(self) -> nfc.clf.LocalTarget:
        target = nfc.clf.LocalTarget("212F")
        idm = bytes.fromhex("02FE") + os.urandom(6)
        # A FeliCa Standard's IC (03 01), with the longest response times a card may claim
        # (FF): the reader waits for each answer as long as it takes instead of 2 to 5 ms.
        # An emulator in a busy process answers late, and a reader that gave up and asked
        # again would take the late answer for the next one's (udp has no framing to tell).
        pmm = bytes.fromhex("0301FFFFFFFFFFFF")
        target.sensf_res = bytearray(b"\x01" + idm + pmm + bytes.fromhex("12FC"))
        return target

    def serve(self, clf: nfc.ContactlessFrontend, timeout_s: float) -> bool:
        """Be tapped once; True when the reader read the whole message."""
        deadline = time.monotonic() + timeout_s
        while not self.read_all and time.monotonic() < deadline:
            activated = clf.listen(self.target(), min(1.0, deadline - time.monotonic()))
            if activated is None:
                continue
            tag = nfc.tag.emulate(clf, activated)
            if not isinstance(tag, nfc.tag.tt3.Type3TagEmulation):
                continue
            tag.add_service(0x0009, self.read, None)
            tag.add_service(0x000B, self.read, None)
            response = tag.process_command(tag.cmd)
            while not (self.read_all and time.monotonic() - self.read_at > LINGER_S):
                try:
                    command = tag.send_response(response, 1.0)
                except (nfc.clf.BrokenLinkError, nfc.clf.TimeoutError):
                    break  # the reader let go of the tag
                except nfc.clf.CommunicationError:
                    response = None
                    continue
                response = self.answer(tag, command)
        return self.read_all

    @staticmethod
    def answer(tag: nfc.tag.tt3.Type3TagEmulation, command: bytearray) -> bytearray | None:
        """The card's response frame to one command frame (None: no answer)."""
        if len(command) == 12 and command[1] == SEARCH_SERVICE_CODE and command[2:10] == tag.idm:
            index = int.from_bytes(command[10:12], "little")
            found = SERVICE_LIST[index] if index < len(SERVICE_LIST) else END_OF_SERVICES
            return bytearray([10 + len(found), SEARCH_SERVICE_CODE + 1]) + tag.idm + found
        return tag.process_command(command)


class Phone:
    """A phone in card emulation: ISO-DEP, answering the payment application's APDUs.
    `payload` None is a phone without the payment application."""

    def __init__(self, payload: str | None) -> None:
        self.payload = payload.encode() if payload is not None else None
        self.selected = False
        self.delivered = False
        self.delivered_at = 0.0

    def answer(self, apdu: bytes) -> bytes:
        if apdu[:4] == SELECT:
            length = apdu[4] if len(apdu) > 4 else 0
            self.selected = (self.payload is not None
                             and bytes(apdu[5:5 + length]) == PAYMENT_AID)
            return OK if self.selected else NOT_FOUND
        if apdu[:4] == GET_DATA:
            if not self.selected:
                return NOT_SELECTED
            if not self.delivered:
                self.delivered, self.delivered_at = True, time.monotonic()
            return self.payload + OK
        return b"\x6d\x00"  # instruction not supported

    def serve(self, clf: nfc.ContactlessFrontend, timeout_s: float) -> bool:
        """Be tapped once; True when the reader took the payment code."""
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline and not self.delivered:
            target = nfc.clf.LocalTarget("106A")
            target.sens_res = bytearray.fromhex("4400")
            target.sdd_res = bytearray(b"\x08" + os.urandom(3))  # a random UID, as phones do
            target.sel_res = bytearray.fromhex("20")  # ISO-DEP
            activated = clf.listen(target, min(1.0, deadline - time.monotonic()))
            if activated is None or not activated.tt4_cmd or activated.tt4_cmd[0] != 0xE0:
                continue
            try:
                self._session(clf)
            except (nfc.clf.BrokenLinkError, nfc.clf.TimeoutError):
                pass  # the reader deselected or left
            except nfc.clf.CommunicationError as trouble:
                log.debug("phone session ended: %s", trouble)
        return self.delivered

    def _session(self, clf: nfc.ContactlessFrontend) -> None:
        """ISO 14443-4 on the card's side: answer RATS, then I-blocks, chaining long answers."""
        frame = clf.exchange(bytearray(ATS), 1.0)
        while frame:
            if self.delivered and time.monotonic() - self.delivered_at > LINGER_S:
                return  # taken away from the reader: stop answering
            pcb = frame[0]
            if pcb & 0xF7 == 0xC2:  # S(DESELECT)
                clf.exchange(bytearray([pcb]), 0.05)
                return
            if pcb & 0xE2 != 0x02:  # not an I-block: nothing sensible to say
                frame = clf.exchange(bytearray([0xA2 | (pcb & 1)]), 1.0)
                continue
            frame = self._reply(clf, pcb & 1, self.answer(bytes(frame[1:])))

    def _reply(self, clf: nfc.ContactlessFrontend, number: int, response: bytes) -> bytearray:
        while len(response) > MAX_INF:  # chaining: part, then wait for R(ACK)
            ack = clf.exchange(bytearray([0x12 | number]) + response[:MAX_INF], 1.0)
            response = response[MAX_INF:]
            number = ack[0] & 1 if ack else number ^ 1
        return clf.exchange(bytearray([0x02 | number]) + response, 1.0)


def present(device: DeviceSpec, code: str | None, as_: str = "tag", record: str = "text",
            encoding: str = "UTF-8", timeout_s: float = 10.0) -> bool:
    """Present `code` to the reader at `device` (a `udp:` one) until it has read it."""
    with nfc.ContactlessFrontend(str(device)) as clf:
        if as_ == "phone":
            return Phone(code).serve(clf, timeout_s)
        return Type3Tag(ndef_message(code or "", record, encoding)).serve(clf, timeout_s)
