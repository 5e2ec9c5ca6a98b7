"""A code whose grid one perspective cannot map (cloth, a curved card) is read by following
its grid; a flat code is sampled exactly as it is."""

import cv2
import numpy as np
import pytest
import qrcode
import zxingcpp

from hardware.qr import pipeline
from hardware.qr.bent_grid import follow, function_patterns, redraw
from hardware.qr.decoders import ZxingDecoder, make_decoder
from hardware.qr.modules import QUIET_ZONE, qr_modules
from hardware.qr.pipeline import ScanPipeline
from hardware.qr.render import qr_image

from .test_decoding import JWS


def on_a_shirt(text: str, module_px: int = 4, fold: float = 1.0) -> np.ndarray:
    """The code printed on dark cloth with a fold: the print shifts by up to `fold`
    modules sideways and up and down in one smooth wave across the code."""
    code = qr_image(text, module_px)
    height, width = code.shape
    yy, xx = np.mgrid[0:height, 0:width].astype(np.float32)
    dx = fold * module_px * np.sin(2 * np.pi * yy / height) * np.sin(np.pi * xx / width)
    dy = fold * module_px * np.sin(2 * np.pi * xx / width) * np.sin(np.pi * yy / height)
    bent = cv2.remap(code, xx + dx, yy + dy, cv2.INTER_LINEAR, borderValue=255)
    frame = np.full((480, 640), 30, np.uint8)
    top, left = (480 - height) // 2, (640 - width) // 2
    frame[top:top + height, left:left + width] = bent
    return frame


def test_a_folded_code_zxing_cannot_read_is_read_by_following_its_grid():
    frame = on_a_shirt(JWS)
    assert not zxingcpp.read_barcodes(frame)  # the fold defeats one perspective
    result = ScanPipeline(make_decoder()).scan(frame)
    assert ([d.text for d in result.detections], result.stage) == ([JWS], "bent")
    xs = [x for x, _ in result.detections[0].corners]
    assert 150 < min(xs) < max(xs) < 490  # outlined where the code is in the frame


def on_a_cup(text: str, half_angle: float, module_px: int = 5) -> np.ndarray:
    """The code printed on a card round a cup, seen from the front, a little out of focus:
    the card spans 2 x `half_angle` radians, its columns bunch up towards the edges."""
    code = qr_image(text, module_px)
    height, width = code.shape
    radius = width / 2 / half_angle
    across = radius * np.sin(half_angle) * np.linspace(-1, 1, width, dtype=np.float32)
    columns = (radius * np.arcsin(across / radius) + width / 2).astype(np.float32)
    curved = cv2.remap(code, np.tile(columns, (height, 1)),
                       np.tile(np.arange(height, dtype=np.float32)[:, None], (1, width)),
                       cv2.INTER_LINEAR)
    frame = np.full((480, 640), 40, np.uint8)
    top, left = (480 - height) // 2, (640 - width) // 2
    frame[top:top + height, left:left + width] = cv2.GaussianBlur(curved, (0, 0), 1.0)
    return frame


def test_a_code_round_a_cup_is_followed_from_a_cylinders_columns(monkeypatch):
    frame = on_a_cup(JWS, half_angle=1.0)  # 115 degrees of the cup
    assert not zxingcpp.read_barcodes(frame)
    result = ScanPipeline(make_decoder()).scan(frame)
    assert ([d.text for d in result.detections], result.stage) == ([JWS], "bent")
    monkeypatch.setattr(pipeline, "BENDS", (0.0,))  # followed from flat only
    assert ScanPipeline(make_decoder()).scan(frame).detections == []


def test_a_flat_code_is_sampled_module_for_module():
    modules = qr_modules(JWS)[QUIET_ZONE:-QUIET_ZONE, QUIET_ZONE:-QUIET_ZONE]
    picture = qr_image(JWS, 5)
    size = modules.shape[0] * 5
    corners = [(20, 20), (20 + size, 20), (20 + size, 20 + size), (20, 20 + size)]
    assert np.array_equal(follow(picture, corners, modules.shape[0]), modules)


def test_the_redrawn_code_is_what_the_decoder_reads():
    modules = qr_modules(JWS)[QUIET_ZONE:-QUIET_ZONE, QUIET_ZONE:-QUIET_ZONE]
    assert [d.text for d in ZxingDecoder().decode(redraw(modules))] == [JWS]


@pytest.mark.parametrize("version", [1, 2, 6, 7, 22, 32, 40])
def test_the_modules_the_standard_fixes_are_where_and_what_it_fixes(version):
    code = qrcode.QRCode(version=version, border=0)
    code.add_data("1")
    modules = np.array(code.get_matrix(), dtype=bool)
    where, dark = function_patterns(modules.shape[0])
    assert np.array_equal(modules[where], dark[where])  # finders, alignment, timing
    assert where.sum() >= 3 * 64 + 2 * (modules.shape[0] - 16)  # finders, separators, timing


def test_an_alignment_pattern_on_a_timing_pattern_is_fixed_too():
    where, _ = function_patterns(17 + 4 * 7)  # version 7: one centred at row 6, column 22
    assert where[4:9, 20:25].all() and where[20:25, 4:9].all()


def test_the_modules_the_standard_fixes_are_redrawn_as_it_fixes_them():
    modules = qr_modules(JWS)[QUIET_ZONE:-QUIET_ZONE, QUIET_ZONE:-QUIET_ZONE]
    misread = modules.copy()
    misread[0:7, -1] = ~misread[0:7, -1]  # a finder pattern's edge sampled off the code
    as_sampled = np.where(np.pad(misread, 4), 0, 255).astype(np.uint8).repeat(4, 0).repeat(4, 1)
    assert ZxingDecoder().decode(as_sampled) == []  # the decoder no longer finds it
    assert [d.text for d in ZxingDecoder().decode(redraw(misread))] == [JWS]


def test_a_code_sampled_light_on_dark_is_redrawn_dark_on_light():
    modules = qr_modules(JWS)[QUIET_ZONE:-QUIET_ZONE, QUIET_ZONE:-QUIET_ZONE]
    assert [d.text for d in ZxingDecoder().decode(redraw(~modules))] == [JWS]
