"""Finding a payment QR code in a camera frame: cheap first, more only where a code is.

1. The decoder on the grey frame (zxing-cpp also tries the inverted, dark-mode code):
   most frames with a code end here, in a millisecond or two.
2. If that found nothing, a cheap look for where a code could be: dense, high-contrast
   texture in a quarter-size copy. A frame with nothing of the kind (an empty counter) ends
   here, so the common idle frame stays cheap.
3. Where a code could be, that region alone is enlarged and sharpened, and decoded again:
   what rescues small codes far from the lens, blur, glare and low contrast.
"""

import time
from dataclasses import dataclass

import cv2
import numpy as np

from hardware.qr.decoders import Decoder, Detection

LOOK_SCALE = 0.25  # the quarter-size copy step 2 looks at
MIN_REGION_PX = 24  # in the quarter-size copy: smaller than this holds no readable code

@dataclass(frozen=True)
class Enhancement:
    enlarge: int
    sigma: float  # of the unsharp mask
    amount: float
    equalise: bool = False  # CLAHE first: glare and low contrast
    global_threshold: bool = False  # one threshold for the region instead of local ones


# Cheapest and most often useful first (measured on the benchmark corpus).
ENHANCEMENTS = (Enhancement(2, 2.0, 1.5), Enhancement(2, 3.0, 3.0), Enhancement(3, 3.0, 1.5),
                Enhancement(3, 6.0, 4.0), Enhancement(2, 5.0, 6.0, global_threshold=True),
                Enhancement(2, 5.0, 6.0, equalise=True, global_threshold=True),
                Enhancement(3, 3.0, 1.5, equalise=True))


@dataclass(frozen=True)
class ScanResult:
    detections: list[Detection]
    stage: str  # "direct", "none" (nothing code-like), "enhanced", "missed"
    ms: float


class ScanPipeline:
    def __init__(self, decoder: Decoder, budget_ms: float = 40.0) -> None:
        self.decoder = decoder
        self.budget_ms = budget_ms  # step 3 stops trying once a frame has cost this much

    def scan(self, frame: np.ndarray) -> ScanResult:
        started = time.perf_counter()
        grey = frame if frame.ndim == 2 else cv2.cvtColor(frame, cv2.COLOR_BGR2GRAY)
        found = self.decoder.decode(grey)
        if found:
            return ScanResult(found, "direct", _ms(started))
        regions = candidate_regions(grey)
        if not regions:
            return ScanResult([], "none", _ms(started))
        for x, y, w, h in regions:
            region = grey[y:y + h, x:x + w]
            for step in ENHANCEMENTS:
                if _ms(started) > self.budget_ms:
                    return ScanResult([], "missed", _ms(started))
                found = self.decoder.decode(_enhance(region, step),
                                            global_threshold=step.global_threshold)
                if found:
                    return ScanResult([_to_frame(d, x, y, step.enlarge) for d in found],
                                      "enhanced", _ms(started))
        return ScanResult([], "missed", _ms(started))


def candidate_regions(grey: np.ndarray, limit: int = 2) -> list[tuple[int, int, int, int]]:
    """Up to `limit` boxes (x, y, w, h) of dense high-contrast texture, most code-like first.

    A code is texture everywhere inside it; a phone's outline, a caption or a glare spot
    is a thin line of edges. So: edges in a quarter-size copy, their local density, and the
    regions where most of the neighbourhood is edge.
    """
    small = cv2.resize(grey, None, fx=LOOK_SCALE, fy=LOOK_SCALE, interpolation=cv2.INTER_AREA)
    edges = cv2.morphologyEx(small, cv2.MORPH_GRADIENT, np.ones((3, 3), np.uint8))
    threshold, mask = cv2.threshold(edges, 0, 255, cv2.THRESH_BINARY | cv2.THRESH_OTSU)
    if threshold < 12:  # no real contrast anywhere: sensor noise on an empty counter
        return []
    density = cv2.blur(mask, (9, 9))
    dense = (density > 140).astype(np.uint8)
    contours, _ = cv2.findContours(dense, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    scored = []
    for contour in contours:
        x, y, w, h = cv2.boundingRect(contour)
        if min(w, h) < MIN_REGION_PX or max(w, h) > 3 * min(w, h):
            continue
        scored.append((cv2.contourArea(contour), x, y, w, h))
    scored.sort(reverse=True)
    height, width = grey.shape
    boxes = []
    for _, x, y, w, h in scored[:limit]:
        pad = max(w, h) // 5
        x0, y0 = max(0, x - pad), max(0, y - pad)
        x1, y1 = min(small.shape[1], x + w + pad), min(small.shape[0], y + h + pad)
        boxes.append((int(x0 / LOOK_SCALE), int(y0 / LOOK_SCALE),
                      min(width, int((x1 - x0) / LOOK_SCALE)),
                      min(height, int((y1 - y0) / LOOK_SCALE))))
    return boxes


def _enhance(region: np.ndarray, step: Enhancement) -> np.ndarray:
    if step.equalise:
        region = cv2.createCLAHE(3.0, (4, 4)).apply(region)
    big = cv2.resize(region, None, fx=step.enlarge, fy=step.enlarge,
                     interpolation=cv2.INTER_CUBIC)
    soft = cv2.GaussianBlur(big, (0, 0), step.sigma)
    return cv2.addWeighted(big, 1 + step.amount, soft, -step.amount, 0)


def _to_frame(detection: Detection, x: int, y: int, enlarge: float) -> Detection:
    corners = tuple((x + cx / enlarge, y + cy / enlarge) for cx, cy in detection.corners)
    return Detection(detection.text, corners)


def _ms(started: float) -> float:
    return (time.perf_counter() - started) * 1000
