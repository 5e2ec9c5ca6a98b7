"""Device strings: one parser, clear errors."""

import pytest

from hardware.camera import CAMERA_KINDS
from hardware.devices import DeviceError, DeviceSpec, parse_device


def test_kinds_and_targets():
    assert parse_device("v4l2:/dev/video0", CAMERA_KINDS, "camera") == DeviceSpec(
        "v4l2", "/dev/video0")
    assert parse_device("none", CAMERA_KINDS, "camera") == DeviceSpec("none", "")


@pytest.mark.parametrize(("text", "why"), [("webcam", "not a device"), ("v4l2:", "needs a target"),
                                           ("usb:1:2", "not a device")])
def test_a_wrong_string_says_what_to_use(text, why):
    with pytest.raises(DeviceError, match=why) as caught:
        parse_device(text, CAMERA_KINDS, "camera")
    assert '"v4l2:0"' in str(caught.value) or "v4l2:0" in str(caught.value)
