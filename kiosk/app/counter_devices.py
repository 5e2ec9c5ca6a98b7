"""The counter's devices, wired to the screen: camera and scanner, NFC reader, printer spool.

Each runs in its own thread (hardware/); what they report crosses into the Qt main thread
as signals, so the screen hears about a code, a frame or a yanked reader without ever
waiting on one. A device the kiosk does not have is a null adapter whose feed says `none`:
nothing here asks whether a device exists.
"""

import logging
import threading
import time

import cv2
import numpy as np
from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QImage

from hardware.camera import CameraSettings, make_camera
from hardware.camera.feed import CameraFeed, Frame
from hardware.nfc import Tap, make_reader
from hardware.nfc.feed import NfcFeed
from hardware.printer.base import Document
from hardware.printer.spool import PrintJob, PrintSpool
from hardware.qr.decoders import Detection, make_decoder
from hardware.qr.pipeline import ScanPipeline, ScanResult
from hardware.qr.scanner import Presentations, Scanner
from kiosk.context import Context
from kiosk.printing import configured_printer

log = logging.getLogger(__name__)
PREVIEW_WIDTH = 480
PREVIEW_EVERY_S = 1 / 15  # a preview faster than this is heat, not help


class CounterDevices(QObject):
    code = Signal(str, str)  # payload, method: "qr" | "nfc"
    refused_tap = Signal(str)  # a tag or phone that carried no payment code: why
    preview = Signal(QImage, list)  # a frame (scaled), the found codes' corners (scaled)
    status = Signal(str, str, str)  # device: camera | nfc | printer, status, detail
    job = Signal(object)  # a PrintJob that changed state

    def __init__(self, context: Context) -> None:
        super().__init__()
        self._context = context
        self._previewed_at = 0.0
        self.camera, self.scanner = self._open_camera()
        self.nfc = self._open_nfc()
        self.spool = PrintSpool(configured_printer(context), on_status=self._reporter("printer"),
                                on_job=self.job.emit)
        # The state each device is in, as last reported (for a screen opened later).
        self.statuses = {name: (device.status, "") for name, device in
                         (("camera", self.camera), ("nfc", self.nfc), ("printer", self.spool))}
        self.status.connect(lambda name, status, detail: self.statuses.__setitem__(
            name, (status, detail)))

    def _open_camera(self) -> tuple[CameraFeed, Scanner]:
        devices = self._context.config.devices
        camera = make_camera(devices.camera, CameraSettings(
            devices.camera_width, devices.camera_height, devices.camera_fps, devices.camera_mjpg))
        feed = CameraFeed(camera, on_status=self._reporter("camera"))
        return feed, Scanner(feed.frames, ScanPipeline(make_decoder(devices.decoder)),
                             self._on_code, self._on_scan)

    def _open_nfc(self) -> NfcFeed:
        return NfcFeed(make_reader(self._context.config.devices.nfc), self._on_tap,
                       on_status=self._reporter("nfc"))

    def reconnect(self, name: str) -> None:
        """Close the device and open it afresh: what a clerk means by "reconnect". Stopping a
        reader can take a second, so it happens away from the screen's thread."""
        threading.Thread(target=self._reconnect, args=(name,), name=f"reconnect-{name}",
                         daemon=True).start()

    def _reconnect(self, name: str) -> None:
        if name == "camera":
            self.scanner.stop()
            self.camera.stop()
            self.camera, self.scanner = self._open_camera()
            self.camera.start()
            self.scanner.start()
        elif name == "nfc":
            self.nfc.stop()
            self.nfc = self._open_nfc()
            self.nfc.start()

    def new_presentations(self) -> None:
        """A new sale waits for a code: a code seen a moment ago (the last customer's, shown
        again) is a new presentation, for the ledger to decline as used, not one to ignore."""
        self.scanner.presentations = Presentations()

    def start(self) -> None:
        for device in (self.camera, self.scanner, self.nfc, self.spool):
            device.start()

    def stop(self) -> None:
        for device in (self.scanner, self.camera, self.nfc, self.spool):
            device.stop()

    def print(self, key: str, document: Document) -> PrintJob:
        return self.spool.submit(key, document)

    def _reporter(self, name: str):
        return lambda status, detail: self.status.emit(name, status, detail)

    def _on_code(self, detection: Detection) -> None:
        self.code.emit(detection.text, "qr")

    def _on_tap(self, tap: Tap) -> None:
        if tap.payload is None:
            self.refused_tap.emit(tap.problem)
        else:
            self.code.emit(tap.payload, "nfc")

    def _on_scan(self, frame: Frame, result: ScanResult) -> None:
        """In the scanner's thread: the frame made small and ready to draw."""
        now = time.monotonic()
        if now - self._previewed_at < PREVIEW_EVERY_S and not result.detections:
            return
        self._previewed_at = now
        height, width = frame.image.shape[:2]
        scale = PREVIEW_WIDTH / width
        small = cv2.resize(frame.image, (PREVIEW_WIDTH, round(height * scale)))
        rgb = np.ascontiguousarray(cv2.cvtColor(small, cv2.COLOR_BGR2RGB))
        image = QImage(rgb.data, rgb.shape[1], rgb.shape[0], rgb.strides[0],
                       QImage.Format.Format_RGB888).copy()
        corners = [[(x * scale, y * scale) for x, y in d.corners] for d in result.detections]
        self.preview.emit(image, corners)
