"""Choosing a camera adapter by its device string."""

from hardware.camera.adapters import DirCamera, FileCamera, InboxCamera, NoCamera, V4l2Camera
from hardware.camera.base import Camera, CameraSettings
from hardware.devices import parse_device

CAMERA_KINDS = {"v4l2": "v4l2:0", "file": "file:/path/demo.mp4", "dir": "dir:/path/frames",
                "inbox": "inbox:/path/inbox", "none": "none"}
ADAPTERS = {"v4l2": V4l2Camera, "file": FileCamera, "dir": DirCamera, "inbox": InboxCamera}


def open_camera(device: str, settings: CameraSettings | None = None) -> Camera:
    """The adapter for `device`, not yet opened; DeviceError for a string it cannot be."""
    spec = parse_device(device, CAMERA_KINDS, "camera")
    settings = settings or CameraSettings()
    if spec.kind == "none":
        return NoCamera(settings)
    return ADAPTERS[spec.kind](spec.target, settings)
