"""Cameras: one port (`Camera`), small adapters, chosen by a device spec (`make_camera`).

`v4l2:N` is a real USB camera through OpenCV; `file:`, `dir:` and `inbox:` are simulated
cameras that behave like one (frames at the camera's pace, the same errors); `none` is the
null camera, which shows nothing. Reading never happens on the UI thread: see
`feed.CameraFeed`.
"""

from hardware.camera.base import Camera, CameraError, CameraSettings
from hardware.camera.factory import make_camera

__all__ = ["Camera", "CameraError", "CameraSettings", "make_camera"]
