"""A seeded corpus of camera-like frames for measuring QR decoding; nothing is downloaded.

Each frame is a phone held up to a counter camera at 640x480 or 1280x720, showing a static
(24-digit) or a JWS-length code, with what real counters do to it: perspective up to 40
degrees, any rotation, focus and motion blur, sensor noise, glare, low contrast, dark mode,
JPEG artefacts, and codes from large down to 2.5 pixels a module. Some frames hold no code:
an empty counter, or a phone showing something else.

Blur follows the optics rather than a dice roll: motion blur in pixels scales with how large
the phone appears (a distant phone moving as fast smears fewer pixels), and a fixed-focus
counter camera is sharpest at arm's length, so phones held too close (large modules) are
the ones out of focus. On top of that, a quarter of frames are defocused whatever the
distance, as when autofocus hunts or the lens is smudged: the hard tail.
"""

import math
import random
import string
from collections.abc import Iterator
from dataclasses import dataclass

import cv2
import numpy as np

from hardware.camera.adapters import counter_top
from hardware.qr.render import QUIET_ZONE, phone, phone_screen, place, qr_modules

SIZES = ((640, 480), (1280, 720))
NO_CODE_SHARE = 0.15


@dataclass(frozen=True)
class Sample:
    image: np.ndarray  # BGR
    text: str | None  # the code it shows, None for a frame with no code
    conditions: dict


def _jws_like(rng: random.Random) -> str:
    alphabet = string.ascii_letters + string.digits + "-_"
    parts = (36, 150, 86)  # header, claims, signature: the length of a real payment code
    return ".".join("".join(rng.choice(alphabet) for _ in range(n)) for n in parts)


def _payload(rng: random.Random) -> str:
    static = "".join(rng.choice(string.digits) for _ in range(24))
    choice = rng.random()
    if choice < 0.35:
        return static
    if choice < 0.45:
        return f"kpay:{static}"
    return _jws_like(rng)


def _corners(rng: random.Random, width: int, height: int, body_w: int, body_h: int,
             code_px: float, modules: int) -> tuple[np.ndarray, dict]:
    """Where the phone's corners land: a size that gives `code_px` pixels a module, a tilt
    of up to 40 degrees, any in-plane rotation, and the code (not always the whole phone)
    inside the frame, as a customer aims it."""
    screen_w = body_w * 14 / 16
    code_w = (screen_w * 0.85 // modules) * modules  # as phone_screen draws it
    scale = code_px * modules / code_w
    tilt = math.radians(rng.uniform(0, 40))
    direction = rng.uniform(0, 2 * math.pi)
    spin = math.radians(rng.uniform(-180, 180))
    focal = max(width, height) * 1.2

    def project(x: float, y: float) -> tuple[float, float]:
        """A point of the phone, centred, tilted in 3D and seen through a pinhole."""
        along = x * math.cos(direction) + y * math.sin(direction)
        depth = along * math.sin(tilt)
        x_t = x - math.cos(direction) * along * (1 - math.cos(tilt))
        y_t = y - math.sin(direction) * along * (1 - math.cos(tilt))
        factor = focal / (focal + depth)
        x_p, y_p = x_t * factor, y_t * factor
        return (x_p * math.cos(spin) - y_p * math.sin(spin),
                x_p * math.sin(spin) + y_p * math.cos(spin))

    w, h, c = body_w * scale / 2, body_h * scale / 2, code_w * scale / 2
    body = np.float32([project(x, y) for x, y in ((-w, -h), (w, -h), (w, h), (-w, h))])
    code = np.float32([project(x, y) for x, y in ((-c, -c), (c, -c), (c, c), (-c, c))])
    low, high = code.min(axis=0), code.max(axis=0)
    room = np.maximum(np.float32([width, height]) - (high - low), 0)
    offset = np.float32([rng.uniform(0, room[0]), rng.uniform(0, room[1])]) - low
    conditions = {"tilt_deg": round(math.degrees(tilt)),
                  "rotation_deg": round(math.degrees(spin))}
    return body + offset, conditions


def _degrade(image: np.ndarray, rng: random.Random, conditions: dict,
             module_px: float = 4.0, code_centre: np.ndarray | None = None,
             code_half: float = 0.0) -> np.ndarray:
    np_rng = np.random.default_rng(rng.randrange(2**32))
    out = image.astype(np.float32)
    if rng.random() < 0.3:  # glare: a bright lamp reflected on the glass, often the screen
        h, w = image.shape[:2]
        if code_centre is not None and rng.random() < 0.6:
            cx, cy = code_centre[0] + rng.uniform(-1, 1) * code_half, \
                code_centre[1] + rng.uniform(-1, 1) * code_half
        else:
            cx, cy = rng.uniform(0.2, 0.8) * w, rng.uniform(0.2, 0.8) * h
        radius = rng.uniform(0.03, 0.12) * w
        yy, xx = np.mgrid[0:h, 0:w]
        spot = np.exp(-((xx - cx) ** 2 + (yy - cy) ** 2) / (2 * radius ** 2))
        out += (spot * rng.uniform(80, 200))[:, :, None]
        conditions["glare"] = True
    if rng.random() < 0.3:  # low contrast: a dim screen in a bright shop
        factor = rng.uniform(0.35, 0.7)
        out = (out - 128) * factor + 128 + rng.uniform(-20, 20)
        conditions["contrast"] = round(factor, 2)
    out = np.clip(out, 0, 255).astype(np.uint8)
    focus = rng.choice((0, 0, 0.5, 0.8)) + (rng.uniform(0.5, 2.0) if module_px > 7 else 0)
    if rng.random() < 0.25:  # autofocus hunting or a smudged lens: blur whatever the distance
        focus += rng.uniform(0.6, 1.4)
        conditions["defocus"] = True
    if focus:
        out = cv2.GaussianBlur(out, (0, 0), focus)
        conditions["focus_blur"] = round(focus, 1)
    if rng.random() < 0.25:  # the customer's hand moving
        length = max(2, min(9, round(module_px * rng.uniform(0.4, 1.5))))
        kernel = np.zeros((length, length), np.float32)
        kernel[length // 2, :] = 1 / length
        angle = rng.uniform(0, 180)
        rotation = cv2.getRotationMatrix2D((length / 2 - 0.5, length / 2 - 0.5), angle, 1)
        kernel = cv2.warpAffine(kernel, rotation, (length, length))
        out = cv2.filter2D(out, -1, kernel / max(kernel.sum(), 1e-6))
        conditions["motion_blur_px"] = length
    noise = rng.choice((2, 4, 6, 9))
    out = np.clip(out + np_rng.normal(0, noise, out.shape), 0, 255).astype(np.uint8)
    conditions["noise"] = noise
    quality = rng.randint(35, 90)
    _, jpeg = cv2.imencode(".jpg", out, [cv2.IMWRITE_JPEG_QUALITY, quality])
    conditions["jpeg_quality"] = quality
    return cv2.imdecode(jpeg, cv2.IMREAD_COLOR)


def _background(rng: random.Random, width: int, height: int) -> np.ndarray:
    base = counter_top(width, height).astype(np.int16)
    base += rng.randint(-40, 40)
    return np.clip(base, 0, 255).astype(np.uint8)


def _decoy(rng: random.Random) -> np.ndarray:
    """A phone showing something that is not a QR code: text lines and a picture."""
    screen = phone_screen("decoy", 540, dark_mode=rng.random() < 0.3)
    h, w = screen.shape[:2]
    screen[h // 4:h * 3 // 4, w // 12:w * 11 // 12] = screen[5, 5]
    for row in range(h // 4, h * 3 // 4, 40):
        cv2.rectangle(screen, (w // 10, row), (w // 10 + rng.randint(w // 3, w * 3 // 4),
                                               row + 16), (80, 80, 80), -1)
    body = phone("decoy", 540)
    bezel = 540 // 14  # where phone() puts its screen
    body[2 * bezel:2 * bezel + h, bezel:bezel + w] = screen
    return body


def generate(count: int, seed: int = 2026) -> Iterator[Sample]:
    rng = random.Random(seed)
    for _ in range(count):
        width, height = rng.choice(SIZES)
        background = _background(rng, width, height)
        if rng.random() < NO_CODE_SHARE:
            conditions: dict = {"size": f"{width}x{height}", "code": None}
            if rng.random() < 0.5:
                body = _decoy(rng)
                corners, tilt = _corners(rng, width, height, body.shape[1], body.shape[0],
                                         rng.uniform(3, 8), 41)
                background = place(body, background, corners)
                conditions.update(tilt, decoy=True)
            yield Sample(_degrade(background, rng, conditions), None, conditions)
            continue
        text = _payload(rng)
        dark = rng.random() < 0.2
        modules = qr_modules(text).shape[0] - 2 * QUIET_ZONE
        body = phone(text, dark_mode=dark)
        short_side = min(width, height)
        largest = 0.8 * short_side / (modules + 2 * QUIET_ZONE)
        if rng.random() < 0.5:  # held far from the lens: the hard half
            code_px = rng.uniform(2.5, 4.5)
        else:
            code_px = math.exp(rng.uniform(math.log(4.5), math.log(max(largest, 4.6))))
        corners, geometry = _corners(rng, width, height, body.shape[1], body.shape[0],
                                     code_px, modules)
        conditions = {"size": f"{width}x{height}", "code": "jws" if "." in text else "static",
                      "module_px": round(code_px, 1), "dark": dark, **geometry}
        framed = place(body, background, corners)
        centre = corners.mean(axis=0)
        half = code_px * modules / 2
        yield Sample(_degrade(framed, rng, conditions, code_px, centre, half), text, conditions)
