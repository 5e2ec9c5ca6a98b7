"""The camera adapters from files, folders and the inbox, and a feed that survives unplugging."""

import shutil
import threading
import time

import cv2
import numpy as np
import pytest

from hardware.camera import Camera, CameraError, CameraSettings, make_camera
from hardware.camera.adapters import NullCamera
from hardware.camera.feed import CameraFeed
from hardware.device_spec import parse_device

FAST = CameraSettings(fps=200)


def camera_for(device: str, settings: CameraSettings = FAST) -> Camera:
    return make_camera(parse_device(device, "camera"), settings)


def picture(value: int) -> np.ndarray:
    return np.full((48, 64, 3), value, np.uint8)


def test_a_file_camera_shows_an_image_steadily(tmp_path):
    cv2.imwrite(str(tmp_path / "a.png"), picture(10))
    camera = camera_for(f"file:{tmp_path / 'a.png'}", FAST)
    camera.open()
    assert [int(camera.read()[0, 0, 0]) for _ in range(3)] == [10, 10, 10]


def test_a_file_camera_loops_a_video(tmp_path):
    path = str(tmp_path / "clip.avi")
    writer = cv2.VideoWriter(path, cv2.VideoWriter_fourcc(*"MJPG"), 10, (64, 48))
    for value in (0, 100, 200):
        writer.write(picture(value))
    writer.release()
    camera = camera_for(f"file:{path}", FAST)
    camera.open()
    seen = [round(int(camera.read()[0, 0, 0]) / 100) for _ in range(6)]  # JPEG-rounded
    camera.close()
    assert seen == [0, 1, 2, 0, 1, 2]


def test_a_dir_camera_plays_images_in_name_order_looped(tmp_path):
    for name, value in (("b.png", 20), ("a.png", 10), ("notes.txt", 0)):
        path = tmp_path / name
        cv2.imwrite(str(path), picture(value)) if name.endswith(".png") else path.write_text("")
    camera = camera_for(f"dir:{tmp_path}", FAST)
    camera.open()
    assert [int(camera.read()[0, 0, 0]) for _ in range(3)] == [10, 20, 10]


@pytest.mark.parametrize("device", ["file:/nowhere.png", "dir:/nowhere"])
def test_a_missing_source_is_a_camera_error(device):
    with pytest.raises(CameraError, match="no such"):
        camera_for(device, FAST).open()


@pytest.mark.integration  # waits for the inbox to look, and for the picture to go
def test_the_inbox_shows_the_counter_until_an_image_arrives_then_for_a_while(tmp_path):
    camera = camera_for(f"inbox:{tmp_path}", FAST)
    camera.show_s = 0.3
    camera.open()
    counter = camera.read()
    cv2.imwrite(str(tmp_path / "phone.png"), picture(250))
    time.sleep(0.12)
    assert int(camera.read()[0, 0, 0]) == 250
    assert (tmp_path / "shown" / "phone.png").exists()
    time.sleep(0.35)
    assert np.array_equal(camera.read(), counter)


def test_no_camera_shows_nothing():
    camera = camera_for("none", FAST)
    camera.open()
    assert isinstance(camera, NullCamera) and camera.read() is None


def test_the_feed_of_no_camera_is_none_and_starts_nothing():
    statuses = []
    feed = CameraFeed(camera_for("none"), on_status=lambda status, detail: statuses.append(
        status)).start()
    feed.stop()
    assert feed.status == "none" and statuses == []
    assert feed.frames.take(timeout_s=0) is None


@pytest.mark.integration  # a feed thread at the camera's pace
def test_the_feed_reports_an_unplugged_camera_and_reopens_it(tmp_path):
    inbox = tmp_path / "inbox"
    statuses = []
    changed = threading.Event()

    def on_status(status, detail):
        statuses.append(status)
        changed.set()

    feed = CameraFeed(camera_for(f"inbox:{inbox}", FAST), on_status=on_status,
                      backoff_s=(0.05,)).start()
    try:
        assert feed.frames.take(timeout_s=2) is not None
        shutil.rmtree(inbox)  # the camera is yanked out
        deadline = time.monotonic() + 5
        while "lost" not in statuses and time.monotonic() < deadline:
            time.sleep(0.02)
        assert "lost" in statuses
        while statuses[-1] != "ok" and time.monotonic() < deadline:  # and plugged back in
            time.sleep(0.02)
        assert statuses == ["ok", "lost", "ok"]
        assert feed.frames.take(timeout_s=2) is not None
    finally:
        feed.stop()


@pytest.mark.integration  # a feed thread at the camera's pace
def test_a_slow_consumer_gets_the_newest_frame_not_a_queue(tmp_path):
    for index in range(5):
        cv2.imwrite(str(tmp_path / f"{index}.png"), picture(index * 10))
    feed = CameraFeed(camera_for(f"dir:{tmp_path}", FAST)).start()
    try:
        first = feed.frames.take(timeout_s=2)
        time.sleep(0.1)  # busy: about 20 frames go by
        second = feed.frames.take(timeout_s=2)
        assert second.number - first.number > 5
    finally:
        feed.stop()


@pytest.mark.integration  # a feed thread at the camera's pace
def test_a_camera_that_hangs_is_reported_stalled_until_it_answers(tmp_path):
    cv2.imwrite(str(tmp_path / "a.png"), picture(10))
    statuses = []
    slow = CameraSettings(fps=1)  # a frame a second: longer than the watchdog waits
    feed = CameraFeed(camera_for(f"file:{tmp_path / 'a.png'}", slow),
                      on_status=lambda status, detail: statuses.append(status),
                      stall_s=0.3).start()
    try:
        deadline = time.monotonic() + 5
        while statuses.count("ok") < 2 and time.monotonic() < deadline:
            time.sleep(0.05)
    finally:
        feed.stop()
    assert statuses[:3] == ["ok", "stalled", "ok"]
