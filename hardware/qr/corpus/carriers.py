"""What the customer's code is shown on: a phone's screen, drawn as its sub-pixels so that
the camera sees the moire it sees on a real one, or a printed card or sticker, flat or curved.
Each is a BGR picture whose pure green is transparent, with the box the code takes in it and,
for a curved card, how its columns were bent: together, where every module's centre is (the
ground truth an ideal reader is handed in benchmarks/qr_readable.py)."""

import math
import random
from dataclasses import dataclass

import cv2
import numpy as np
import qrcode


def qr_modules(text: str, level: int) -> np.ndarray:
    """The code's modules, True for dark, without a quiet zone (the carrier adds its own)."""
    code = qrcode.QRCode(error_correction=level, border=0)
    code.add_data(text.encode("latin-1"))
    code.make(fit=True)
    return np.array(code.get_matrix(), dtype=bool)


def _code_picture(modules: np.ndarray, px: int, ink: int, paper: int, quiet: int) -> np.ndarray:
    grey = np.where(np.pad(modules, quiet), ink, paper).astype(np.uint8)
    return cv2.resize(grey, None, fx=px, fy=px, interpolation=cv2.INTER_NEAREST)


Box = tuple[int, int, int, int]  # x0, y0, x1, y1 of the code in its carrier's picture


@dataclass(frozen=True)
class Carrier:
    picture: np.ndarray  # BGR, pure green where transparent
    box: Box  # the code's modules, the first module's first pixel to the last's end
    bent: np.ndarray | None = None  # a curved card: the flat card's column each column shows

    def module_centres(self, dimension: int) -> np.ndarray:
        """(dimension, dimension, 2): every module's centre (x, y) in the picture, in
        continuous coordinates (a pixel's centre at its index)."""
        x0, y0, x1, y1 = self.box
        steps = (np.arange(dimension, dtype=np.float64) + 0.5) / dimension
        xs, ys = x0 - 0.5 + steps * (x1 - x0), y0 - 0.5 + steps * (y1 - y0)
        if self.bent is not None:  # where the flat card's column landed once bent
            xs = np.interp(xs, self.bent, np.arange(len(self.bent), dtype=np.float64))
        return np.stack(np.meshgrid(xs, ys), axis=-1)


def phone_screen(rng: random.Random, modules: np.ndarray | None, conditions: dict) -> Carrier:
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
    x0, y0, x1, y1 = (3 * v for v in box)  # screen pixel k is sub-pixels 3k to 3k + 2
    return Carrier(body, (x0 + bezel, y0 + 2 * bezel, x1 + bezel, y1 + 2 * bezel))


def paper_card(rng: random.Random, modules: np.ndarray | None, conditions: dict) -> Carrier:
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
    bent = None
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
        bent = map_x[0].astype(np.float64)  # what the remap sampled
    return Carrier(card, box, bent)
