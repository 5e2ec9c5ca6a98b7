"""Undoing a defocused lens's disc (hardware/qr/deblur.py)."""

import cv2
import numpy as np
import pytest

from hardware.qr.deblur import undo_defocus
from hardware.qr.decoders import ZxingDecoder
from hardware.qr.pipeline import RESCUES, _after
from hardware.qr.render import qr_image

TEXT = "kpay:120295815923150192272959"


def defocused(picture: np.ndarray, radius: int, noise: float) -> np.ndarray:
    """The picture as a lens out of focus shows it: each point spread over a disc, then
    the sensor's noise."""
    disc = np.zeros((2 * radius + 1, 2 * radius + 1), np.float32)
    cv2.circle(disc, (radius, radius), radius, 1.0, -1)
    blurred = cv2.filter2D(picture.astype(np.float32), -1, disc / disc.sum(),
                           borderType=cv2.BORDER_REPLICATE)
    noisy = blurred + np.random.default_rng(1).normal(0, noise, blurred.shape)
    return np.uint8(np.clip(noisy, 0, 255))


def enlarged(grey: np.ndarray) -> np.ndarray:
    return cv2.resize(grey, None, fx=2, fy=2, interpolation=cv2.INTER_CUBIC)


def reads(grey: np.ndarray) -> bool:
    return TEXT in {d.text for d in ZxingDecoder().decode(grey)}


def test_a_code_blurred_over_more_than_two_modules_reads_once_the_disc_is_undone():
    blurred = defocused(qr_image(TEXT, 2), radius=2, noise=3)  # a disc 2.5 modules wide
    assert not any(reads(look) for look in (blurred, enlarged(blurred),
                                            cv2.GaussianBlur(blurred, (0, 0), 1.5)))
    assert reads(enlarged(undo_defocus(blurred, 2)))


@pytest.mark.parametrize("shape", [(97, 131), (240, 320)])
def test_undoing_the_disc_brings_the_picture_back_nearer_and_keeps_its_size(shape):
    rng = np.random.default_rng(2)
    picture = np.kron(rng.integers(0, 2, (shape[0] // 4 + 1, shape[1] // 4 + 1)) * 255,
                      np.ones((4, 4)))[:shape[0], :shape[1]].astype(np.uint8)
    blurred = defocused(picture, radius=2, noise=1)
    sharp = undo_defocus(blurred, 2)
    assert sharp.shape == picture.shape and sharp.dtype == np.uint8
    inner = (slice(8, -8), slice(8, -8))  # the borders are reflected, not known
    error = np.abs(sharp[inner].astype(int) - picture[inner]).mean()
    assert error < 0.7 * np.abs(blurred[inner].astype(int) - picture[inner]).mean()


def test_the_pipeline_undoes_a_disc_only_where_a_code_was_seen():
    first, *rest = RESCUES
    deblurring = [r for r in rest if r.deblur]
    assert deblurring and not first.deblur  # not in the look every textured region gets
    rng = np.random.default_rng(3)
    fine = rng.integers(0, 256, (120, 120)).astype(np.uint8)  # fine enough for the 2x look
    coarse = cv2.GaussianBlur(fine, (0, 0), 4)
    for region in (fine, coarse):
        assert not any(r.deblur for r in _after(region, [first], seen=False))
        assert set(deblurring) <= set(_after(region, [first], seen=True))
