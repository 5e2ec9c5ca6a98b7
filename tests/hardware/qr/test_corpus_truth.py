"""The corpus knows where every module of the presented code landed in the frame: the ground
truth an ideal reader is handed (benchmarks/qr_readable.py). It must be where the modules are,
through the pose, a curved card's bend and the lens's barrel distortion."""

import random

import cv2
import numpy as np

from hardware.qr.corpus.camera import where_seen
from hardware.qr.corpus.frames import split
from hardware.qr.corpus.scene import add_code


def agreement(image: np.ndarray, modules: np.ndarray, centres: np.ndarray,
              dark_mode: bool) -> float:
    """The share of modules the picture, sampled at the centres, shows as they are."""
    grey = cv2.cvtColor(image, cv2.COLOR_BGR2GRAY).astype(np.float32)
    centres = centres.astype(np.float32)
    values = cv2.remap(grey, centres[..., 0], centres[..., 1], cv2.INTER_LINEAR)
    dark = values < values.mean()
    return float(((~dark if dark_mode else dark) == modules).mean())


def test_the_module_centres_are_on_the_modules_through_the_lens():
    frames = list(split("tune", 8))
    sharp = [frames[3], frames[7]]  # phones, sharp, seen through a barrel distortion
    assert all("barrel" in s.conditions and "defocus_px" not in s.conditions for s in sharp)
    for s in sharp:
        assert agreement(s.image, s.modules, s.centres, s.conditions["dark_mode"]) > 0.97
    no_code = [s for s in frames if s.text is None]
    assert no_code and all(s.modules is None and s.centres is None for s in no_code)


def test_the_module_centres_follow_a_card_flat_or_curved():
    # Seeds whose code is on a card without a hand: 11 and 17 flat, 7, 23 and 24 curved.
    for seed, curved in ((11, None), (17, None), (7, True), (23, True), (24, True)):
        conditions: dict = {}
        frame, modules, centres = add_code(random.Random(seed), np.full((480, 640, 3), 128,
                                                                        np.uint8),
                                           "kpay:120295815923150192272959", 6.0, conditions)
        assert (conditions["carrier"], conditions.get("curved")) == ("paper", curved)
        assert agreement(frame, modules, centres, False) > 0.97


def test_where_seen_undoes_the_barrel_distortion():
    k, (width, height) = -0.1, (640, 480)
    seen = np.array([[10.0, 20.0], [320.0, 240.0], [600.0, 470.0]])
    normal = (seen - [width / 2, height / 2]) / width
    scene = normal * (1 + k * (normal ** 2).sum(axis=1, keepdims=True)) * width + [
        width / 2, height / 2]  # the scene point each of those pixels shows
    assert np.allclose(where_seen(scene, {"barrel": k}, (width, height)), seen, atol=1e-3)
    assert where_seen(scene, {}, (width, height)) is scene
