"""Choosing a camera adapter by its device spec."""

from hardware.camera.adapters import DirCamera, FileCamera, InboxCamera, NullCamera, V4l2Camera
from hardware.camera.base import Camera, CameraSettings
from hardware.device_spec import DeviceSpec

ADAPTERS = {"v4l2": V4l2Camera, "file": FileCamera, "dir": DirCamera, "inbox": InboxCamera}


def make_camera(spec: DeviceSpec, settings: CameraSettings | None = None) -> Camera:
    """The adapter for `spec` (a `camera` spec), not yet opened: the feed opens it, and
    opens it again when it goes away."""
    settings = settings or CameraSettings()
    if spec.kind == "none":
        return NullCamera(settings)
    return ADAPTERS[spec.kind](spec.target, settings)
