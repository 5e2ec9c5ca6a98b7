"""The demo's customer: shows a code to the simulated camera or taps it on the reader over
nfcpy's udp driver, exactly as `kiosk sim present` and `kiosk sim tap` do, and consents at
the testbed to register an account, as their phone's browser would. Used by the pay and
register screens' demo strips and by scenario scripts."""

import logging
import threading
from pathlib import Path

import cv2
import httpx

from hardware.camera.adapters import counter_top, present_to_inbox
from hardware.nfc.emulation import present
from hardware.qr.render import held_up
from kiosk.context import Context

log = logging.getLogger(__name__)


class NotSimulated(Exception):
    """The configured device is a real one: there is no demo customer to move."""


def present_code(context: Context, kind: str, code: str) -> threading.Thread:
    """The pay screen's demo buttons: `code` shown as a "qr", or tapped as a "tag" or a
    "phone"."""
    return show_qr(context, code) if kind == "qr" else tap(context, code, kind)


def show_qr(context: Context, code: str) -> threading.Thread:
    """Drop a picture of a phone showing `code` into the inbox camera's folder. Drawing the
    picture takes a moment, so it happens in a thread of its own; a camera that is not the
    simulated one is refused here, where the caller can say so."""
    camera = context.device(context.config.devices.camera)
    kind, _, folder = camera.partition(":")
    if kind != "inbox":
        raise NotSimulated(f"the camera is {camera}, not the simulated camera (inbox:)")
    thread = threading.Thread(
        target=lambda: present_to_inbox(Path(folder), held_up(code, counter_top(640, 480))),
        name="demo-qr", daemon=True)
    thread.start()
    return thread


def tap(context: Context, code: str, as_: str = "tag") -> threading.Thread:
    """Present `code` as a tag or phone to the reader, in a thread of its own (it waits for
    the reader to read it)."""
    device = context.config.devices.nfc
    if not device.startswith("udp:"):
        raise NotSimulated(f"the NFC reader is {device}, not nfcpy's udp driver")

    def touch() -> None:
        try:
            present(device, code, as_, timeout_s=15)
        except Exception as exc:  # the emulator's trouble is the tester's, not the kiosk's
            log.warning("the demo tap did not reach the reader: %s", exc)

    thread = threading.Thread(target=touch, name="demo-tap", daemon=True)
    thread.start()
    return thread


def consent(authorize_url: str) -> threading.Thread:
    """Open the consent address and follow the bank's redirect back to the kiosk, as the
    customer's phone does after they agree (the demo's testbed agrees at once)."""
    def agree() -> None:
        try:
            httpx.get(authorize_url, follow_redirects=True, timeout=30).raise_for_status()
        except httpx.HTTPError as exc:
            log.warning("the demo customer could not consent: %s", exc)

    thread = threading.Thread(target=agree, name="demo-consent", daemon=True)
    thread.start()
    return thread


def show_picture(context: Context, path: Path) -> None:
    """Drop a picture as it is (a phone's screenshot, a photograph) into the inbox camera's
    folder: the kiosk's camera pipeline reads it as it would a frame of the counter."""
    camera = context.device(context.config.devices.camera)
    kind, _, folder = camera.partition(":")
    if kind != "inbox":
        raise NotSimulated(f"the camera is {camera}, not the simulated camera (inbox:)")
    picture = cv2.imread(str(path), cv2.IMREAD_COLOR)
    if picture is None:
        raise NotSimulated(f"{path}: not an image OpenCV can read")
    present_to_inbox(Path(folder), picture)
