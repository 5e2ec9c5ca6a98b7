"""The counter the camera looks at: a surface with clutter, the customer's phone or card posed
in 3-D as a hand holds it (fingers and all), and the things that are not a code at all."""

import math
import random

import cv2
import numpy as np
from qrcode.constants import ERROR_CORRECT_H, ERROR_CORRECT_L, ERROR_CORRECT_M, ERROR_CORRECT_Q

from hardware.qr.corpus.carriers import Box, paper_card, phone_screen, qr_modules

LEVELS = (ERROR_CORRECT_L, ERROR_CORRECT_M, ERROR_CORRECT_Q, ERROR_CORRECT_H)
SKIN = ((120, 160, 215), (95, 130, 185), (70, 100, 150), (55, 80, 115))  # BGR, light to dark


def _corners(picture: np.ndarray) -> np.ndarray:
    h, w = picture.shape[:2]
    return np.float32([[0, 0], [w - 1, 0], [w - 1, h - 1], [0, h - 1]])


def _placed(points: np.ndarray, picture: np.ndarray, corners: np.ndarray,
            filtered: bool) -> np.ndarray:
    """Where points of `picture` land in the frame once `_place` has put it at `corners`."""
    transform = cv2.getPerspectiveTransform(_corners(picture), np.float32(corners))
    placed = cv2.perspectiveTransform(points.reshape(-1, 1, 2), transform).reshape(points.shape)
    # Unfiltered, the picture is warped onto a canvas three times the size and averaged
    # down: canvas pixel k is at (k + 0.5) / 3 - 0.5 in the frame.
    return placed if filtered else placed - 1 / 3


def _place(picture: np.ndarray, frame: np.ndarray, corners: np.ndarray,
           filtered: bool) -> np.ndarray:
    """`picture` onto `frame` at `corners`; green pixels of `picture` are transparent.
    A screen is sampled as a sensor samples it, at nine points a pixel rather than the
    average of everything the pixel covers: that leaves the moire."""
    factor = 1 if filtered else 3
    transform = cv2.getPerspectiveTransform(_corners(picture), np.float32(corners) * factor)
    size = (frame.shape[1] * factor, frame.shape[0] * factor)
    flags = cv2.INTER_AREA if filtered else cv2.INTER_LINEAR
    warped = cv2.warpPerspective(picture, transform, size, flags=flags)
    opaque = (np.any(picture != (0, 255, 0), axis=2) * 255).astype(np.uint8)
    alpha = cv2.warpPerspective(opaque, transform, size)
    if not filtered:
        warped = cv2.resize(warped, (frame.shape[1], frame.shape[0]),
                            interpolation=cv2.INTER_AREA)
        alpha = cv2.resize(alpha, (frame.shape[1], frame.shape[0]),
                           interpolation=cv2.INTER_AREA)
    alpha = alpha[:, :, None] / 255.0
    return (warped * alpha + frame * (1 - alpha)).astype(np.uint8)


def _pose(rng: random.Random, frame: tuple[int, int], picture: tuple[int, int],
          scale: float, box: Box) -> np.ndarray:
    """Where a picture's corners land: scaled, tilted up to 45 degrees in 3-D, any
    rotation, and placed so that `box` (the code in the picture) is wholly in the frame
    where it fits, as a customer aims it."""
    anchor = ((box[0] + box[2]) / 2 / picture[0], (box[1] + box[3]) / 2 / picture[1])
    width, height = frame
    w, h = picture[0] * scale, picture[1] * scale
    focal = max(width, height) * 1.1  # a webcam's 60-degree field of view
    # Mostly held flat to the lens, sometimes tilted hard; never so far that the near end
    # of a large, close phone would come nearer the lens than half the code's distance.
    farthest = math.hypot(max(anchor[0], 1 - anchor[0]) * w, max(anchor[1], 1 - anchor[1]) * h)
    tilt = min(math.radians(rng.triangular(0, 45, 0)), math.asin(min(1, focal / 2 / farthest)))
    direction, spin = rng.uniform(0, 2 * math.pi), rng.uniform(-math.pi, math.pi)
    points = []
    for x, y in ((0, 0), (w, 0), (w, h), (0, h)):
        x, y = x - anchor[0] * w, y - anchor[1] * h
        along = x * math.cos(direction) + y * math.sin(direction)
        factor = focal / (focal + along * math.sin(tilt))
        x -= math.cos(direction) * along * (1 - math.cos(tilt))
        y -= math.sin(direction) * along * (1 - math.cos(tilt))
        x, y = x * factor, y * factor
        points.append((x * math.cos(spin) - y * math.sin(spin),
                       x * math.sin(spin) + y * math.cos(spin)))
    corners = np.float32(points)
    source = np.float32([[0, 0], [picture[0], 0], [picture[0], picture[1]], [0, picture[1]]])
    x0, y0, x1, y1 = box
    code = cv2.perspectiveTransform(np.float32([[[x0, y0], [x1, y0], [x1, y1], [x0, y1]]]),
                                    cv2.getPerspectiveTransform(source, corners))[0]
    low, high = code.min(axis=0), code.max(axis=0)
    shrink = min(1.0, *(0.98 * np.float32([width, height]) / (high - low)))
    corners, low, high = corners * shrink, low * shrink, high * shrink  # held a bit further
    room = np.maximum(np.float32([width, height]) - (high - low), 0)
    return corners - low + np.float32([rng.uniform(0, room[0]), rng.uniform(0, room[1])])


def counter(rng: random.Random, width: int, height: int) -> np.ndarray:
    """A counter: a lit surface with grain and a few objects (a cup, a box, cables)."""
    np_rng = np.random.default_rng(rng.randrange(2**32))
    base = rng.uniform(60, 200)
    grain = cv2.resize(np_rng.normal(0, rng.uniform(3, 18), (height // 8, width // 8)),
                       (width, height), interpolation=cv2.INTER_CUBIC)
    ramp = np.linspace(-25, 25, width)[None, :] * rng.choice((-1, 1))
    surface = np.clip(base + grain + ramp, 0, 255)
    frame = np.dstack([surface * rng.uniform(0.8, 1.0), surface * rng.uniform(0.85, 1.0),
                       surface]).astype(np.uint8)
    for _ in range(rng.randint(0, 4)):
        colour = tuple(rng.randint(0, 255) for _ in range(3))
        x, y = rng.randrange(width), rng.randrange(height)
        if rng.random() < 0.5:
            cv2.ellipse(frame, (x, y), (rng.randint(10, 90), rng.randint(10, 90)),
                        rng.uniform(0, 180), 0, 360, colour, -1)
        else:
            cv2.line(frame, (x, y), (rng.randrange(width), rng.randrange(height)), colour,
                     rng.randint(2, 8))
    return frame


def _hand(rng: random.Random, frame: np.ndarray, corners: np.ndarray) -> None:
    """A thumb and fingers over the edges of what is held (in place)."""
    colour = rng.choice(SKIN)
    centre = corners.mean(axis=0)
    for _ in range(rng.randint(1, 4)):
        # A finger enters from a point on one side (corner a to the next), or now and then
        # from a point across the picture (corner a to corner b + 1): over the middle.
        a, b = rng.sample(range(4), 2) if rng.random() < 0.2 else (rng.randrange(4),) * 2
        edge = corners[a] + (corners[(b + 1) % 4] - corners[a]) * rng.uniform(0.2, 0.8)
        tip = edge + (centre - edge) * rng.uniform(0.05, 0.3)
        root = edge - (centre - edge) * rng.uniform(0.3, 0.8)
        size = max(6, int(np.linalg.norm(corners[1] - corners[0]) * rng.uniform(0.07, 0.14)))
        cv2.line(frame, tuple(map(int, root)), tuple(map(int, tip)), colour, size)
        cv2.circle(frame, tuple(map(int, tip)), size // 2, colour, -1)


def add_other_thing(rng: random.Random, frame: np.ndarray, conditions: dict) -> np.ndarray:
    """Something with no code on it, often one that looks like one (a barcode, a grid, a
    phone with text): a scanner must not read a code where there is none."""
    kind = rng.choice(("empty", "phone", "paper", "barcode", "grid", "hand"))
    conditions["thing"] = kind
    height, width = frame.shape[:2]
    if kind == "empty":
        return frame
    if kind == "hand":
        box = np.float32([[0.3, 0.3], [0.7, 0.3], [0.7, 0.7], [0.3, 0.7]]) * [width, height]
        _hand(rng, frame, box)
        return frame
    if kind == "barcode":
        bars = np.repeat(np.array([rng.random() < 0.5 for _ in range(95)]), 3)
        picture = np.tile(np.where(bars, 10, 240).astype(np.uint8), (120, 1))
        picture = cv2.cvtColor(np.pad(picture, 20, constant_values=240), cv2.COLOR_GRAY2BGR)
    elif kind == "grid":  # keys, tiles, a chessboard-like pattern
        cells = np.kron(np.indices((9, 13)).sum(axis=0) % 2, np.ones((18, 18)))
        picture = cv2.cvtColor((cells * 200 + 30).astype(np.uint8), cv2.COLOR_GRAY2BGR)
    elif kind == "phone":
        picture = phone_screen(rng, None, conditions).picture
    else:
        picture = paper_card(rng, None, conditions).picture
    scale = rng.uniform(0.4, 1.0) * min(width, height) / max(picture.shape[:2])
    h, w = picture.shape[:2]
    corners = _pose(rng, (width, height), (w, h), scale, (w // 4, h // 4, w * 3 // 4, h * 3 // 4))
    return _place(picture, frame, corners, filtered=kind != "phone")


def add_code(rng: random.Random, frame: np.ndarray, text: str, module_px: float,
             conditions: dict) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The customer's code, on a phone or on paper, `module_px` camera pixels a module: the
    frame, the code's modules (True for dark) and where each module's centre is in the frame
    (before the lens bends it)."""
    level = rng.choice(LEVELS)
    modules = qr_modules(text, level)
    conditions["ec_level"] = "LMQH"[LEVELS.index(level)]
    conditions["version"] = (modules.shape[0] - 17) // 4
    on_phone = rng.random() < 0.75
    conditions["carrier"] = "phone" if on_phone else "paper"
    carrier = (phone_screen if on_phone else paper_card)(rng, modules, conditions)
    picture, (x0, y0, x1, y1) = carrier.picture, carrier.box
    height, width = frame.shape[:2]
    if module_px * (modules.shape[0] + 2) > 0.9 * min(width, height):  # fills the frame
        module_px = 0.9 * min(width, height) / (modules.shape[0] + 2)
        conditions["module_px"] = round(module_px, 1)
    scale = module_px * modules.shape[0] / (x1 - x0)
    corners = _pose(rng, (width, height), (picture.shape[1], picture.shape[0]), scale,
                    (x0, y0, x1, y1))
    frame = _place(picture, frame, corners, filtered=not on_phone)
    centres = _placed(carrier.module_centres(modules.shape[0]), picture, corners,
                      filtered=not on_phone)
    if rng.random() < 0.35:
        _hand(rng, frame, corners)
        conditions["hand"] = True
    return frame, modules, centres
