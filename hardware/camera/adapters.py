"""The camera adapters: a USB camera through OpenCV, files, a folder, an inbox, none (null)."""

import os
import time
from pathlib import Path

import cv2
import numpy as np

from hardware.camera.base import Camera, CameraError, CameraSettings

IMAGE_SUFFIXES = {".png", ".jpg", ".jpeg", ".bmp", ".webp"}


class V4l2Camera(Camera):
    """A USB (UVC) camera by index (`v4l2:0`) or device path (`v4l2:/dev/video0`)."""

    def __init__(self, target: str, settings: CameraSettings) -> None:
        super().__init__(settings)
        self.source: int | str = int(target) if target.isdigit() else target
        self._capture: cv2.VideoCapture | None = None

    def open(self) -> None:
        capture = cv2.VideoCapture(self.source, cv2.CAP_V4L2)
        if not capture.isOpened():
            capture.release()
            raise CameraError(f"cannot open camera {self.source}: is it plugged in, and is "
                              "the kiosk user in the video group?")
        if self.settings.mjpg:
            capture.set(cv2.CAP_PROP_FOURCC, cv2.VideoWriter_fourcc(*"MJPG"))
        capture.set(cv2.CAP_PROP_FRAME_WIDTH, self.settings.width)
        capture.set(cv2.CAP_PROP_FRAME_HEIGHT, self.settings.height)
        capture.set(cv2.CAP_PROP_FPS, self.settings.fps)
        capture.set(cv2.CAP_PROP_BUFFERSIZE, 1)  # the newest frame, not a queue of old ones
        self._capture = capture

    def read(self) -> np.ndarray | None:
        if self._capture is None:
            raise CameraError("the camera is not open")
        ok, frame = self._capture.read()
        if not ok or frame is None:
            raise CameraError(f"camera {self.source} stopped giving frames (unplugged?)")
        return frame

    def close(self) -> None:
        if self._capture is not None:
            self._capture.release()
            self._capture = None


class FileCamera(Camera):
    """An image shown steadily, or a video played in a loop (`file:PATH`)."""

    def __init__(self, target: str, settings: CameraSettings) -> None:
        super().__init__(settings)
        self.path = Path(target)
        self._still: np.ndarray | None = None
        self._video: cv2.VideoCapture | None = None

    def open(self) -> None:
        if not self.path.is_file():
            raise CameraError(f"{self.path}: no such file")
        if self.path.suffix.lower() in IMAGE_SUFFIXES:
            self._still = load_image(self.path)
            return
        video = cv2.VideoCapture(str(self.path))
        if not video.isOpened():
            raise CameraError(f"{self.path}: neither an image nor a video OpenCV can read")
        self._video = video

    def read(self) -> np.ndarray | None:
        self._pace()
        if self._still is not None:
            return self._still
        if self._video is None:
            raise CameraError("the file camera is not open")
        ok, frame = self._video.read()
        if not ok:  # the end: loop
            self._video.set(cv2.CAP_PROP_POS_FRAMES, 0)
            ok, frame = self._video.read()
            if not ok:
                raise CameraError(f"{self.path}: the video has no readable frames")
        return frame

    def close(self) -> None:
        if self._video is not None:
            self._video.release()
            self._video = None


class DirCamera(Camera):
    """The images of a folder in name order, one a frame, looped (`dir:PATH`)."""

    def __init__(self, target: str, settings: CameraSettings) -> None:
        super().__init__(settings)
        self.path = Path(target)
        self._images: list[np.ndarray] = []
        self._index = 0

    def open(self) -> None:
        if not self.path.is_dir():
            raise CameraError(f"{self.path}: no such folder")
        files = sorted(p for p in self.path.iterdir() if p.suffix.lower() in IMAGE_SUFFIXES)
        if not files:
            raise CameraError(f"{self.path}: no images in it")
        self._images = [load_image(p) for p in files]

    def read(self) -> np.ndarray | None:
        self._pace()
        frame = self._images[self._index % len(self._images)]
        self._index += 1
        return frame


def present_to_inbox(inbox: Path, picture: np.ndarray) -> Path:
    """Drop a picture into an inbox camera's folder, whole or not at all."""
    inbox.mkdir(parents=True, exist_ok=True)
    target = inbox / f"presented-{os.getpid()}-{os.urandom(3).hex()}.png"
    partial = target.with_suffix(".partial")  # the camera ignores it until it is whole
    _, data = cv2.imencode(".png", picture)
    partial.write_bytes(data.tobytes())
    partial.replace(target)
    return target


class InboxCamera(Camera):
    """The simulated counter camera testers drive with `kiosk sim present` (`inbox:DIR`).

    It shows an empty counter top until an image lands in DIR, then that image for
    `show_s` seconds, as if a customer held up a phone and took it away. A shown image is
    moved to DIR/shown, so the same picture can be presented again.
    """

    def __init__(self, target: str, settings: CameraSettings, show_s: float = 4.0) -> None:
        super().__init__(settings)
        self.path = Path(target)
        self.show_s = show_s
        self._counter = counter_top(settings.width, settings.height)
        self._showing: np.ndarray | None = None
        self._until = 0.0
        self._checked_at = 0.0

    def open(self) -> None:
        try:
            (self.path / "shown").mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise CameraError(f"{self.path}: cannot use it as the inbox: {exc.strerror}") from None

    def read(self) -> np.ndarray | None:
        self._pace()
        now = time.monotonic()
        if now - self._checked_at >= 0.1:  # a tenth of a second: a person's pace
            self._checked_at = now
            arrived = self._take_arrival()
            if arrived is not None:
                self._showing, self._until = arrived, now + self.show_s
        if self._showing is not None and now < self._until:
            return self._showing
        self._showing = None
        return self._counter

    def _take_arrival(self) -> np.ndarray | None:
        try:
            waiting = sorted(p for p in self.path.iterdir()
                             if p.is_file() and p.suffix.lower() in IMAGE_SUFFIXES)
        except OSError as exc:
            raise CameraError(f"{self.path}: the inbox went away: {exc.strerror}") from None
        if not waiting:
            return None
        newest = waiting[-1]
        try:
            image = load_image(newest)
        except CameraError:
            return None  # still being written; take it on the next look
        for path in waiting:
            path.replace(self.path / "shown" / path.name)
        return image


class NullCamera(Camera):
    """No camera at all (`none`): the pay screen offers NFC only. It stands where a camera
    would, so nothing above the port asks whether there is one: its feed reports `none` and
    never starts."""

    configured = False

    def open(self) -> None:
        pass

    def read(self) -> np.ndarray | None:
        self._pace()
        return None


def counter_top(width: int, height: int) -> np.ndarray:
    """What an idle counter camera sees: a softly lit, slightly noisy surface."""
    rows = np.linspace(150, 110, height, dtype=np.float32)[:, None]
    cols = np.linspace(0, 20, width, dtype=np.float32)[None, :]
    grey = rows + cols + np.random.default_rng(0).normal(0, 3, (height, width))
    surface = np.clip(grey, 0, 255).astype(np.uint8)
    return cv2.merge([surface, (surface * 0.97).astype(np.uint8),
                      (surface * 0.92).astype(np.uint8)])


def load_image(path: Path) -> np.ndarray:
    """An image file as OpenCV reads it; CameraError saying why not (a missing file said
    before OpenCV would warn of it on its own)."""
    if not path.is_file():
        raise CameraError(f"{path}: no such file")
    image = cv2.imread(str(path), cv2.IMREAD_COLOR)
    if image is None:
        raise CameraError(f"{path}: not an image OpenCV can read")
    return image
