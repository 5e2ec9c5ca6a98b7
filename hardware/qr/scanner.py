"""Scanning a camera feed in its own thread, and telling each presentation once.

The scanner takes the newest frame whenever it is free (frames that came while it was busy
are simply skipped) and reports a code the first time it is seen. The same code seen again
within `repeat_s` of its last sighting is the same customer still holding up the same
phone, not a new presentation.
"""

import logging
import threading
import time
from collections.abc import Callable

from hardware.camera.feed import Frame, LatestFrame
from hardware.qr.decoders import Detection
from hardware.qr.pipeline import ScanPipeline, ScanResult

log = logging.getLogger(__name__)


class Presentations:
    """Which sightings are new presentations: a code is new unless seen within `repeat_s`."""

    def __init__(self, repeat_s: float = 3.0, clock: Callable[[], float] = time.monotonic):
        self.repeat_s = repeat_s
        self._clock = clock
        self._last_seen: dict[str, float] = {}

    def new(self, detections: list[Detection]) -> list[Detection]:
        now = self._clock()
        fresh = [d for d in detections if now - self._last_seen.get(d.text, -1e9) > self.repeat_s]
        for detection in detections:
            self._last_seen[detection.text] = now
        self._last_seen = {t: at for t, at in self._last_seen.items() if now - at <= 60}
        return fresh


class Scanner:
    def __init__(self, frames: LatestFrame, pipeline: ScanPipeline,
                 on_code: Callable[[Detection], None],
                 on_scan: Callable[[Frame, ScanResult], None] | None = None,
                 presentations: Presentations | None = None) -> None:
        self._frames = frames
        self._pipeline = pipeline
        self._on_code = on_code
        self._on_scan = on_scan or (lambda frame, result: None)
        self.presentations = presentations or Presentations()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="scanner", daemon=True)

    def start(self) -> "Scanner":
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=5)

    def _run(self) -> None:
        while not self._stop.is_set():
            frame = self._frames.take(timeout_s=0.2)
            if frame is None:
                continue
            try:
                result = self._pipeline.scan(frame.image)
            except Exception:  # one odd frame must not stop the scanning
                log.exception("scanning a frame failed")
                continue
            self._on_scan(frame, result)  # a preview draws the frame and what was found
            for detection in self.presentations.new(result.detections):
                self._on_code(detection)
