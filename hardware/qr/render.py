"""QR codes drawn as a phone shows them: the code, the screen around it, the phone's bezel.

Used by `kiosk sim code --png`, `kiosk sim present` and the benchmark corpus, so what the
tests decode is what a tester shows the simulated camera. Pure numpy and OpenCV.
"""

import cv2
import numpy as np

from hardware.qr.modules import qr_modules


def qr_image(text: str, module_px: int = 8, dark_mode: bool = False) -> np.ndarray:
    """A grey image of the code, `module_px` pixels a module (inverted in dark mode)."""
    modules = qr_modules(text)
    ink, paper = (230, 18) if dark_mode else (0, 255)
    grey = np.where(modules, ink, paper).astype(np.uint8)
    return cv2.resize(grey, None, fx=module_px, fy=module_px, interpolation=cv2.INTER_NEAREST)


def phone_screen(text: str, width: int = 540, dark_mode: bool = False) -> np.ndarray:
    """A wallet app's screen (BGR): a title bar, the code large in the middle, a caption."""
    height = width * 2
    paper = 18 if dark_mode else 250
    screen = np.full((height, width, 3), paper, np.uint8)
    accent = (200, 120, 30)
    cv2.rectangle(screen, (0, 0), (width, height // 10), accent, -1)
    cv2.rectangle(screen, (width // 10, height // 28), (width // 2, height // 18),
                  (255, 255, 255), -1)  # a title where the app's name would be
    modules = qr_modules(text).shape[0]
    module_px = max(1, (width * 85 // 100) // modules)
    code = qr_image(text, module_px, dark_mode)
    top, left = (height - code.shape[0]) // 2, (width - code.shape[1]) // 2
    screen[top:top + code.shape[0], left:left + code.shape[1]] = code[:, :, None]
    caption = (200, 200, 200) if dark_mode else (90, 90, 90)
    line_y = top + code.shape[0] + height // 30
    for line in range(2):
        cv2.rectangle(screen, (width // 6, line_y + line * height // 40),
                      (width * 5 // 6 - line * width // 5, line_y + line * height // 40 + 12),
                      caption, -1)
    return screen


def phone(text: str, screen_width: int = 540, dark_mode: bool = False) -> np.ndarray:
    """A phone seen from the front (BGR), its screen showing the code, on a black bezel.
    The area outside the rounded body is pure green (0, 255, 0), the mask `place` uses."""
    screen = phone_screen(text, screen_width, dark_mode)
    bezel = screen_width // 14
    height, width = screen.shape[0] + 4 * bezel, screen_width + 2 * bezel
    body = np.zeros((height, width, 3), np.uint8)
    body[:] = (0, 255, 0)
    radius = bezel * 3
    cv2.rectangle(body, (radius, 0), (width - radius, height), (25, 25, 28), -1)
    cv2.rectangle(body, (0, radius), (width, height - radius), (25, 25, 28), -1)
    for cx, cy in ((radius, radius), (width - radius, radius), (radius, height - radius),
                   (width - radius, height - radius)):
        cv2.circle(body, (cx, cy), radius, (25, 25, 28), -1)
    body[2 * bezel:2 * bezel + screen.shape[0], bezel:bezel + screen_width] = screen
    return body


def place(picture: np.ndarray, background: np.ndarray, corners: np.ndarray) -> np.ndarray:
    """`picture` warped onto `background` so its corners land on `corners` (TL, TR, BR, BL);
    pure-green pixels of `picture` are transparent."""
    h, w = picture.shape[:2]
    source = np.float32([[0, 0], [w - 1, 0], [w - 1, h - 1], [0, h - 1]])
    transform = cv2.getPerspectiveTransform(source, np.float32(corners))
    size = (background.shape[1], background.shape[0])
    warped = cv2.warpPerspective(picture, transform, size, flags=cv2.INTER_AREA)
    opaque = np.any(picture != (0, 255, 0), axis=2).astype(np.uint8) * 255
    mask = cv2.warpPerspective(opaque, transform, size, flags=cv2.INTER_LINEAR)
    alpha = (mask.astype(np.float32) / 255)[:, :, None]
    return (warped * alpha + background * (1 - alpha)).astype(np.uint8)


def held_up(text: str, background: np.ndarray, fill: float = 0.75,
            dark_mode: bool = False) -> np.ndarray:
    """A phone held straight up to the camera, filling `fill` of the frame's height."""
    height, width = background.shape[:2]
    body = phone(text, dark_mode=dark_mode)
    scale = fill * height / body.shape[0]
    w, h = body.shape[1] * scale, body.shape[0] * scale
    left, top = (width - w) / 2, (height - h) / 2
    corners = np.float32([[left, top], [left + w, top], [left + w, top + h], [left, top + h]])
    return place(body, background, corners)
