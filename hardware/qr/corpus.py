"""A seeded corpus of camera-like frames for measuring QR decoding; nothing is downloaded.

Each frame is what a USB camera at a counter sees (640x480, a quarter at 1280x720): a code
on a phone screen or on paper, held by a hand, among other things, through a cheap lens
and sensor. The generator is meant to be independent of what the scan pipeline assumes, so
its degradations come from how the pictures are made, not from what the pipeline undoes:

- codes of every error-correction level (L, M, Q, H) and payload: static numbers, kpay:
  URIs, JWS-length signed codes, and binary payloads with control characters, from 2.2 to
  well over 10 pixels a module;
- phone screens drawn as their red, green and blue sub-pixels and resampled by the camera
  without filtering, which makes the moire a camera sees on a screen; reflections of a
  window or a lamp on the glass, often clipped white; dark mode;
- printed codes on paper or a sticker, flat or curved round a cup or a wrist, in shadow;
- a hand (thumb and fingers) holding the phone, sometimes over the quiet zone;
- two codes in view (a second phone, or a poster behind), and frames with no code: an empty
  counter, a phone or paper with text, a 1-D barcode, a keyboard-like grid, a hand alone;
- the lens and sensor: defocus as a disc (not a Gaussian), motion along a line, barrel
  distortion, vignetting, exposure and gamma, a Bayer mosaic demosaiced, shot and read
  noise, JPEG or YUYV chroma subsampling.

`split("tune")` is what the pipeline may be tuned on; `split("held-out")` is never looked at
while choosing anything, only measured. Both are the same distribution from different seeds.
"""

import math
import random
import string
from collections.abc import Iterator
from dataclasses import dataclass, field

import cv2
import numpy as np
import qrcode
from qrcode.constants import ERROR_CORRECT_H, ERROR_CORRECT_L, ERROR_CORRECT_M, ERROR_CORRECT_Q

SPLITS = {"tune": 1_000_003, "held-out": 7_000_001}
NO_CODE_SHARE = 0.15
LEVELS = (ERROR_CORRECT_L, ERROR_CORRECT_M, ERROR_CORRECT_Q, ERROR_CORRECT_H)
SKIN = ((120, 160, 215), (95, 130, 185), (70, 100, 150), (55, 80, 115))  # BGR, light to dark


@dataclass(frozen=True)
class Sample:
    image: np.ndarray  # BGR
    text: str | None  # the code the customer presents, None for a frame with no code
    conditions: dict
    in_view: frozenset[str] = field(default_factory=frozenset)  # every code in the frame


def split(name: str, count: int) -> Iterator[Sample]:
    """The first `count` frames of the named split ("tune" or "held-out")."""
    if name not in SPLITS:
        raise ValueError(f"split {name!r}: use one of {', '.join(SPLITS)}")
    return generate(count, SPLITS[name])


def _payload(rng: random.Random) -> str:
    digits = "".join(rng.choice(string.digits) for _ in range(24))
    choice = rng.random()
    if choice < 0.25:
        return digits
    if choice < 0.35:
        return f"kpay:{digits}"
    if choice < 0.45:  # bytes a text mode would rewrite: group separators, a tab, a DEL
        return "\x1d".join(("]C1", digits[:12], "\t" + digits[12:] + "\x7f"))
    alphabet = string.ascii_letters + string.digits + "-_"
    parts = (rng.randint(30, 40), rng.randint(120, 200), 86)
    return ".".join("".join(rng.choice(alphabet) for _ in range(n)) for n in parts)


def _modules(text: str, level: int) -> np.ndarray:
    """The code's modules, True for dark, without a quiet zone (the carrier adds its own)."""
    code = qrcode.QRCode(error_correction=level, border=0)
    code.add_data(text.encode("latin-1"))
    code.make(fit=True)
    return np.array(code.get_matrix(), dtype=bool)


def _code_picture(modules: np.ndarray, px: int, ink: int, paper: int, quiet: int) -> np.ndarray:
    grey = np.where(np.pad(modules, quiet), ink, paper).astype(np.uint8)
    return cv2.resize(grey, None, fx=px, fy=px, interpolation=cv2.INTER_NEAREST)


Box = tuple[int, int, int, int]  # x0, y0, x1, y1 of the code in its carrier's picture


def _screen(rng: random.Random, modules: np.ndarray | None,
            conditions: dict) -> tuple[np.ndarray, Box]:
    """A phone (BGR, green outside the body) whose screen is drawn as sub-pixels: each
    screen pixel is three columns, red, green and blue, with a dark gap."""
    pixels_w = rng.choice((180, 220, 270))  # screen pixels across, as the camera resolves it
    pixels_h = pixels_w * 2
    dark = rng.random() < 0.2
    conditions["dark_mode"] = dark
    paper, ink = (20, 225) if dark else (245, 10)
    screen = np.full((pixels_h, pixels_w), paper, np.uint8)
    box = (0, 0, pixels_w, pixels_h)
    for row in range(pixels_h // 14, pixels_h // 5, pixels_h // 18):  # app header, lines
        screen[row:row + 5, pixels_w // 8:pixels_w // 8 + rng.randint(30, pixels_w // 2)] = ink
    if modules is not None:
        n = modules.shape[0] + 2 * 3
        px = max(1, int(pixels_w * rng.uniform(0.6, 0.9)) // n)
        code = _code_picture(modules, px, ink, paper, 3)
        top = (pixels_h - code.shape[0]) // 2 + rng.randint(-20, 20)
        left = (pixels_w - code.shape[1]) // 2
        screen[top:top + code.shape[0], left:left + code.shape[1]] = code
        box = (left + 3 * px, top + 3 * px, left + code.shape[1] - 3 * px,
               top + code.shape[0] - 3 * px)
    else:
        for row in range(pixels_h // 3, pixels_h * 3 // 4, 14):
            screen[row:row + 7, 12:12 + rng.randint(40, pixels_w - 24)] = ink
    tint = np.float32([rng.uniform(0.85, 1.0), rng.uniform(0.9, 1.0), rng.uniform(0.85, 1.0)])
    stripes = np.zeros((pixels_h * 3, pixels_w * 3, 3), np.float32)
    lit = np.repeat(np.repeat(screen, 3, axis=0), 3, axis=1).astype(np.float32)
    for channel, bgr in enumerate((2, 1, 0)):  # red, green, blue columns
        stripes[:, channel::3, bgr] = lit[:, channel::3] * tint[bgr] * 3.3
    stripes[2::3, :, :] *= 0.6  # the dark rows between pixel rows
    if rng.random() < 0.5:  # the reflection of a window or a lamp on the glass
        h, w = stripes.shape[:2]
        yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
        angle = rng.uniform(0, math.pi)
        band = np.cos(angle) * xx + np.sin(angle) * yy
        centre, width = rng.uniform(0, w + h), rng.uniform(0.05, 0.3) * w
        glow = np.exp(-((band - centre) / width) ** 2) * rng.uniform(60, 320)
        stripes += glow[:, :, None]
        conditions["reflection"] = True
    stripes = np.clip(stripes, 0, 250).astype(np.uint8)  # never the transparent green
    bezel = stripes.shape[1] // 14
    h, w = stripes.shape[0] + 4 * bezel, stripes.shape[1] + 2 * bezel
    body = np.zeros((h, w, 3), np.uint8)
    body[:] = (0, 255, 0)
    cv2.rectangle(body, (0, 0), (w - 1, h - 1), (28, 28, 30), -1)
    for x, y in ((0, 0), (w - 1, 0), (0, h - 1), (w - 1, h - 1)):  # rounded corners
        cv2.rectangle(body, (x - 3 * bezel, y - 3 * bezel), (x + 3 * bezel, y + 3 * bezel),
                      (0, 255, 0), -1)
        cv2.circle(body, (min(max(x, 3 * bezel), w - 3 * bezel),
                          min(max(y, 3 * bezel), h - 3 * bezel)), 3 * bezel, (28, 28, 30), -1)
    body[2 * bezel:2 * bezel + stripes.shape[0], bezel:bezel + stripes.shape[1]] = stripes
    x0, y0, x1, y1 = (3 * v for v in box)
    return body, (x0 + bezel, y0 + 2 * bezel, x1 + bezel, y1 + 2 * bezel)


def _paper(rng: random.Random, modules: np.ndarray | None,
           conditions: dict) -> tuple[np.ndarray, Box]:
    """A printed code on a card or sticker (BGR), possibly curved round a cylinder."""
    px = 8
    quiet = rng.choice((1, 2, 4, 4))
    if modules is None:
        card = np.full((300, 240), 235, np.uint8)
        for row in range(20, 280, 18):
            card[row:row + 8, 16:16 + rng.randint(60, 210)] = 30
    else:
        card = _code_picture(modules, px, rng.randint(0, 60), rng.randint(200, 250), quiet)
    conditions["quiet_zone"] = quiet
    h, w = card.shape[:2]
    box = (quiet * px, quiet * px, w - quiet * px, h - quiet * px)
    tone = np.float32([rng.uniform(0.85, 1.0), rng.uniform(0.9, 1.0), 1.0])
    card = (card[:, :, None] * tone).astype(np.uint8)
    if rng.random() < 0.4:  # round a cup or a wrist: columns bunch up towards the edges
        h, w = card.shape[:2]
        radius = w / rng.uniform(1.2, 2.6)
        half = w / 2
        span = radius * math.sin(min(half / radius, math.pi / 2 - 0.05))
        u = np.linspace(-span, span, w, dtype=np.float32)
        source = radius * np.arcsin(u / radius) + half
        map_x = np.tile(source, (h, 1)).astype(np.float32)
        map_y = np.tile(np.arange(h, dtype=np.float32)[:, None], (1, w))
        card = cv2.remap(card, map_x, map_y, cv2.INTER_LINEAR, borderValue=(0, 255, 0))
        shade = 0.6 + 0.4 * np.cos(np.arcsin(u / radius))
        card = (card * shade[None, :, None]).astype(np.uint8)
        conditions["curved"] = True
    return card, box


def _place(picture: np.ndarray, frame: np.ndarray, corners: np.ndarray,
           filtered: bool) -> np.ndarray:
    """`picture` onto `frame` at `corners`; green pixels of `picture` are transparent.
    A screen is sampled as a sensor samples it, at nine points a pixel rather than the
    average of everything the pixel covers: that leaves the moire."""
    h, w = picture.shape[:2]
    source = np.float32([[0, 0], [w - 1, 0], [w - 1, h - 1], [0, h - 1]])
    factor = 1 if filtered else 3
    transform = cv2.getPerspectiveTransform(source, np.float32(corners) * factor)
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


def _background(rng: random.Random, width: int, height: int) -> np.ndarray:
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


def _no_code_thing(rng: random.Random, frame: np.ndarray, conditions: dict) -> np.ndarray:
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
        picture, _ = _screen(rng, None, conditions)
    else:
        picture, _ = _paper(rng, None, conditions)
    scale = rng.uniform(0.4, 1.0) * min(width, height) / max(picture.shape[:2])
    h, w = picture.shape[:2]
    corners = _pose(rng, (width, height), (w, h), scale, (w // 4, h // 4, w * 3 // 4, h * 3 // 4))
    return _place(picture, frame, corners, filtered=kind != "phone")


def _code_thing(rng: random.Random, frame: np.ndarray, text: str, module_px: float,
                conditions: dict) -> np.ndarray:
    """The customer's code, on a phone or on paper, `module_px` camera pixels a module."""
    level = rng.choice(LEVELS)
    modules = _modules(text, level)
    conditions["ec_level"] = "LMQH"[LEVELS.index(level)]
    conditions["version"] = (modules.shape[0] - 17) // 4
    on_phone = rng.random() < 0.75
    conditions["carrier"] = "phone" if on_phone else "paper"
    picture, (x0, y0, x1, y1) = (_screen if on_phone else _paper)(rng, modules, conditions)
    height, width = frame.shape[:2]
    if module_px * (modules.shape[0] + 2) > 0.9 * min(width, height):  # fills the frame
        module_px = 0.9 * min(width, height) / (modules.shape[0] + 2)
        conditions["module_px"] = round(module_px, 1)
    scale = module_px * modules.shape[0] / (x1 - x0)
    corners = _pose(rng, (width, height), (picture.shape[1], picture.shape[0]), scale,
                    (x0, y0, x1, y1))
    frame = _place(picture, frame, corners, filtered=not on_phone)
    if rng.random() < 0.35:
        _hand(rng, frame, corners)
        conditions["hand"] = True
    return frame


def _camera(rng: random.Random, frame: np.ndarray, module_px: float,
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
        conditions["barrel"] = round(k, 2)
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


def generate(count: int, seed: int = 2026) -> Iterator[Sample]:
    rng = random.Random(seed)
    for _ in range(count):
        width, height = (1280, 720) if rng.random() < 0.25 else (640, 480)
        frame = _background(rng, width, height)
        conditions: dict = {"size": f"{width}x{height}"}
        if rng.random() < NO_CODE_SHARE:
            conditions["code"] = None
            frame = _no_code_thing(rng, frame, conditions)
            yield Sample(_camera(rng, frame, 4.0, conditions), None, conditions)
            continue
        in_view = set()
        if rng.random() < 0.15:  # a second code in view: another phone, a poster behind
            other = _payload(rng)
            frame = _code_thing(rng, frame, other, rng.uniform(2.5, 6), {})
            in_view.add(other)
            conditions["second_code"] = True
        text = _payload(rng)
        module_px = math.exp(rng.uniform(math.log(2.2), math.log(14)))
        conditions.update(code="jws" if "." in text else "short", module_px=round(module_px, 1))
        frame = _code_thing(rng, frame, text, module_px, conditions)
        module_px = conditions["module_px"]
        in_view.add(text)
        yield Sample(_camera(rng, frame, module_px, conditions), text, conditions,
                     frozenset(in_view))
