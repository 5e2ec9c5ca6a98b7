"""The camera port: open, read the newest frame, close; trouble is a `CameraError`."""

import time
from abc import ABC, abstractmethod
from dataclasses import dataclass

import numpy as np


class CameraError(Exception):
    """The camera cannot give frames now (unplugged, busy, stuck); the feed reopens it."""


@dataclass(frozen=True)
class CameraSettings:
    width: int = 640
    height: int = 480
    fps: int = 30
    mjpg: bool = True  # MJPG lets a USB 2 camera deliver 30 fps at 1280x720


class Camera(ABC):
    """A source of BGR frames. Simulated cameras pace themselves like a real one."""

    configured = True  # False only for the null camera: the kiosk has no camera at all

    def __init__(self, settings: CameraSettings) -> None:
        self.settings = settings
        self._next_frame_at = 0.0

    @abstractmethod
    def open(self) -> None: ...

    @abstractmethod
    def read(self) -> np.ndarray | None:
        """The next frame, or None when there is nothing to show; CameraError when lost."""

    def close(self) -> None:  # noqa: B027 - most adapters hold nothing to release
        pass

    def _pace(self) -> None:
        """Wait for the next frame time, as a real camera's read blocks until it has one."""
        now = time.monotonic()
        if self._next_frame_at > now:
            time.sleep(self._next_frame_at - now)
        self._next_frame_at = max(now, self._next_frame_at) + 1 / self.settings.fps
