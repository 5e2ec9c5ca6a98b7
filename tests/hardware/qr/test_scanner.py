"""The scanner reports each presentation once, from the newest frame."""

import threading

import cv2
import pytest

from hardware.camera import CameraSettings, make_camera
from hardware.camera.adapters import counter_top
from hardware.camera.feed import CameraFeed
from hardware.device_spec import parse_device
from hardware.qr.decoders import Detection, make_decoder
from hardware.qr.pipeline import ScanPipeline
from hardware.qr.render import held_up
from hardware.qr.scanner import Presentations, Scanner


def test_the_same_code_again_within_seconds_is_not_a_new_presentation():
    now = [100.0]
    seen = Presentations(repeat_s=3, clock=lambda: now[0])
    code = [Detection("A", ())]
    assert seen.new(code) == code
    now[0] += 2
    assert seen.new(code) == []
    now[0] += 2.5  # still held up: each sighting extends the presentation
    assert seen.new(code) == []
    now[0] += 4  # taken away and shown again
    assert seen.new(code) == code
    assert seen.new([Detection("B", ())]) == [Detection("B", ())]


@pytest.mark.integration  # the camera feed and the scanner, each in its thread
def test_a_code_held_up_to_the_camera_is_reported_once(tmp_path):
    cv2.imwrite(str(tmp_path / "phone.png"), held_up("kpay:" + "1" * 24,
                                                      counter_top(640, 480)))
    feed = CameraFeed(make_camera(parse_device(f"file:{tmp_path / 'phone.png'}", "camera"),
                                  CameraSettings(fps=60)))
    reported, scans = [], threading.Event()
    counter = {"frames": 0}

    def on_scan(frame, result):
        counter["frames"] += 1
        if counter["frames"] >= 10:
            scans.set()

    scanner = Scanner(feed.frames, ScanPipeline(make_decoder()), reported.append, on_scan)
    feed.start()
    scanner.start()
    try:
        assert scans.wait(10)
    finally:
        scanner.stop()
        feed.stop()
    assert [d.text for d in reported] == ["kpay:" + "1" * 24]
