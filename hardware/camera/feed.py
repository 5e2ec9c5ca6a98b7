"""Reading a camera in its own thread: the newest frame only, and trouble as a status.

A camera that is unplugged or stops giving frames is reported (`on_status`) and reopened
with growing pauses (DeviceThread's reconnect loop, shared with the NFC feed); it never
takes the kiosk down. A camera whose read hangs cannot say so itself, so a watchdog reports
it `stalled` until it answers again. Consumers take the newest frame from `LatestFrame`:
frames that arrive while they are busy replace each other, so nothing ever works on a stale
queue.
"""

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from hardware.camera.base import Camera, CameraError
from hardware.device_thread import BACKOFF_S, DeviceThread


@dataclass(frozen=True)
class Frame:
    image: np.ndarray  # BGR
    number: int
    at: float  # time.monotonic() when read


class LatestFrame:
    """A one-frame slot: `put` replaces, `take` waits for a frame newer than the last taken."""

    def __init__(self) -> None:
        self._frame: Frame | None = None
        self._taken = -1
        self._ready = threading.Condition()

    def put(self, frame: Frame) -> None:
        with self._ready:
            self._frame = frame
            self._ready.notify_all()

    def take(self, timeout_s: float) -> Frame | None:
        with self._ready:
            self._ready.wait_for(
                lambda: self._frame is not None and self._frame.number > self._taken, timeout_s)
            frame = self._frame
            if frame is None or frame.number <= self._taken:
                return None
            self._taken = frame.number
            return frame


class CameraFeed(DeviceThread):
    name = "camera"
    trouble = CameraError

    def __init__(self, camera: Camera, *, on_status: Callable[[str, str], None] | None = None,
                 backoff_s: tuple[float, ...] = BACKOFF_S, stall_s: float = 3.0) -> None:
        super().__init__(on_status, backoff_s, configured=camera.configured)
        self.camera = camera
        self.frames = LatestFrame()
        self._stall_s = stall_s
        self._answered_at = time.monotonic()  # the last time a read returned
        self._threads.append(threading.Thread(target=self._watch, name="camera-watch",
                                              daemon=True))
        self._count = 0

    def _watch(self) -> None:
        while not self._stop.wait(min(0.5, self._stall_s / 2)):
            if self.status == "ok" and time.monotonic() - self._answered_at > self._stall_s:
                self._report("stalled", f"no answer from the camera for {self._stall_s:.0f} s")

    def _open(self) -> None:
        self.camera.open()
        self._answered_at = time.monotonic()

    def _serve(self) -> None:
        while not self._stop.is_set():
            image = self.camera.read()
            self._answered_at = time.monotonic()
            if self.status == "stalled":
                self._report("ok", "answering again")
            if image is not None:
                self._count += 1
                self.frames.put(Frame(image, self._count, time.monotonic()))

    def _close(self) -> None:
        self.camera.close()
