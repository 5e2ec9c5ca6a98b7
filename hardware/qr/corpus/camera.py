"""The lens and the sensor of a cheap USB camera, applied to a scene: the degradations come
from how such a camera makes a picture, not from what the scan pipeline undoes."""

import math
import random

import cv2
import numpy as np


def photograph(rng: random.Random, frame: np.ndarray, module_px: float,
            conditions: dict) -> np.ndarray:
    """The lens and the sensor: what a cheap USB camera does to the scene."""
    np_rng = np.random.default_rng(rng.randrange(2**32))
    height, width = frame.shape[:2]
    light = frame.astype(np.float32)
    if rng.random() < 0.5:  # barrel distortion of a wide cheap lens
        k = rng.uniform(-0.12, 0.02)
        yy, xx = np.mgrid[0:height, 0:width].astype(np.float32)
        nx, ny = (xx - width / 2) / width, (yy - height / 2) / width
        factor = 1 + k * (nx ** 2 + ny ** 2)
        light = cv2.remap(light, (nx * factor * width + width / 2).astype(np.float32),
                          (ny * factor * width + height / 2).astype(np.float32),
                          cv2.INTER_LINEAR, borderMode=cv2.BORDER_REFLECT)
        conditions["barrel"] = k  # exact: where_seen() moves points by it
    radius = rng.choice((0, 0, 0, 0.7, 1.0, 1.5, 2.0, 2.5, 3.0))
    if module_px > 9:
        radius += rng.uniform(0, 2)  # too close for a fixed-focus lens
    # Blur wider than a module leaves nothing anyone could read: a person would wait
    # for the picture to settle, so such frames are not in the corpus.
    radius = min(radius, 0.9 * module_px)
    if radius >= 0.7:  # defocus: a disc, the shape of the aperture
        size = 2 * math.ceil(radius) + 1
        disc = np.zeros((size, size), np.float32)
        cv2.circle(disc, (size // 2, size // 2), max(1, round(radius)), 1.0, -1)
        light = cv2.filter2D(light, -1, disc / disc.sum())
        conditions["defocus_px"] = round(radius, 1)
    if rng.random() < 0.2:  # the hand moving during the exposure
        length = rng.randint(1, max(1, min(7, round(module_px / 2))))
        kernel = np.zeros((length * 2 + 1, length * 2 + 1), np.float32)
        angle = rng.uniform(0, math.pi)
        dx, dy = math.cos(angle) * length, math.sin(angle) * length
        cv2.line(kernel, (round(length - dx), round(length - dy)),
                 (round(length + dx), round(length + dy)), 1.0, 1)
        light = cv2.filter2D(light, -1, kernel / kernel.sum())
        conditions["motion_px"] = 2 * length
    yy, xx = np.mgrid[0:height, 0:width].astype(np.float32)
    vignette = 1 - rng.uniform(0, 0.45) * (((xx - width / 2) ** 2 + (yy - height / 2) ** 2)
                                           / (width ** 2 / 4 + height ** 2 / 4))
    light = light * vignette[:, :, None]
    error = math.exp(rng.uniform(math.log(0.6), math.log(1.6)))  # auto-exposure, off by this
    gain = 120 / max(float(light.mean()), 1) * error
    conditions["exposure"] = round(error, 2)
    light = light * gain
    photons = np.clip(light, 0, 255)
    shot = np_rng.normal(0, 1, photons.shape) * np.sqrt(photons * rng.uniform(0.05, 0.6))
    read = np_rng.normal(0, rng.uniform(0.5, 4), photons.shape)
    raw = np.clip(photons + shot + read, 0, 255).astype(np.uint8)
    mosaic = np.zeros((height, width), np.uint8)  # BGGR: what the sensor really records
    mosaic[0::2, 0::2] = raw[0::2, 0::2, 0]
    mosaic[0::2, 1::2] = raw[0::2, 1::2, 1]
    mosaic[1::2, 0::2] = raw[1::2, 0::2, 1]
    mosaic[1::2, 1::2] = raw[1::2, 1::2, 2]
    image = cv2.demosaicing(mosaic, cv2.COLOR_BayerRG2BGR)
    gamma = rng.uniform(0.7, 1.4)
    image = (255 * (image / 255.0) ** gamma).astype(np.uint8)
    if rng.random() < 0.3:  # YUYV: full-resolution brightness, half-resolution colour
        yuv = cv2.cvtColor(image, cv2.COLOR_BGR2YUV)
        yuv[:, :, 1:] = cv2.resize(cv2.resize(yuv[:, :, 1:], (width // 2, height)),
                                   (width, height))
        conditions["transport"] = "yuyv"
        return cv2.cvtColor(yuv, cv2.COLOR_YUV2BGR)
    quality = rng.randint(30, 95)
    conditions["transport"] = f"jpeg{quality}"
    _, jpeg = cv2.imencode(".jpg", image, [cv2.IMWRITE_JPEG_QUALITY, quality])
    return cv2.imdecode(jpeg, cv2.IMREAD_COLOR)


def where_seen(points: np.ndarray, conditions: dict, size: tuple[int, int]) -> np.ndarray:
    """Where points of the scene (..., 2: x, y) are in the picture `photograph` made of it,
    `size` (width, height): moved by the lens's barrel distortion, if it had one. The
    distortion says which scene point each picture pixel shows; this inverts it by a few
    fixed-point steps (it moves a point by a few pixels at most)."""
    k = conditions.get("barrel")
    if k is None:
        return points
    width, height = size
    centre = np.array([width / 2, height / 2])
    seen = points.astype(np.float64)
    for _ in range(8):
        normal = (seen - centre) / width
        factor = 1 + k * (normal ** 2).sum(axis=-1, keepdims=True)
        seen = seen + (points - (normal * factor * width + centre))
    return seen
