"""Cameras: one port (`Camera`), small adapters, chosen by a device string.

`v4l2:N` is a real USB camera through OpenCV; `file:`, `dir:` and `inbox:` are simulated
cameras that behave like one (frames at the camera's pace, the same errors); `none` shows
nothing. Reading never happens on the UI thread: see `feed.CameraFeed`.
"""

from hardware.camera.base import Camera, CameraError, CameraSettings
from hardware.camera.open import CAMERA_KINDS, open_camera

__all__ = ["CAMERA_KINDS", "Camera", "CameraError", "CameraSettings", "open_camera"]
