"""Finding a payment QR code in a camera frame: cheap first, more only where a code is.

1. The first decoder (zxing-cpp) on the grey frame, which also tries the inverted,
   dark-mode code and downscaled copies: most readable frames end here in 1-2 ms.
2. If that found nothing, a cheap look for where a code could be: dense, high-contrast
   texture in a quarter-size copy. A frame with nothing of the kind (an empty counter)
   ends here.
3. Where a code could be, a fixed ladder of rescues on that region, each answering a
   failure mode (RESCUES), then every other installed decoder (zbar) on the same region.

The work a frame gets is bounded by steps, never by the clock: at most MAX_REGIONS regions,
each at most MAX_REGION_PX pixels, each through the same ladder, so at most
1 + MAX_REGIONS * (len(RESCUES) + other decoders) decoder calls. A slow or busy machine reads
exactly the codes a fast one reads, only later. (The old pipeline stopped after 40 ms of
wall time, so a loaded CPU read fewer codes.)

Why these rescues. Candidates were measured on the tune split of the synthetic corpus
(hardware/qr/corpus/, 336 code frames) and the even-numbered zxing photographs, each
alone after zxing-cpp failed: smoothing (sigma 1, 1.5, 2.5), a 3x3 median, enlarging 1.5x
and 2x, halving, CLAHE, zxing-cpp's global-histogram threshold, the green channel, the
brightest channel, zbar, zbar after smoothing, and OpenCV's QR detector (plain and
"curved"). Kept, cheap and useful first, the costly enlargement last; the counts are the
frames each rescue was the first to read, on tune and then on the held-out split (480 code
frames, never used to choose):

| rescue | failure mode | tune | held-out |
|---|---|---|---|
| smooth, sigma 1.5 | screen moire, sensor and JPEG noise broken into false edges | 43 | 41 |
| smooth 1, one global threshold | glare or a reflection across the code | 3 | 8 |
| 3x3 median | sub-pixel stripes, impulse noise | 5 | 0 |
| enlarge 2x (cubic) | modules under about 3 px, too few pixels for the sampler | 1 | 15 |
| zbar after smoothing 1 | what zxing-cpp's detector still misses | 1 | 4 |

The median's tune gain did not carry over; it stays until a fresh held-out split says
otherwise (dropping it now would be choosing on the held-out frames). Left out: CLAHE
(2 frames for 4.8 ms), the colour channels (2 and 9 frames, the brightest channel 16 ms),
halving (covered by zxing-cpp's own downscaling), OpenCV's detector (0 frames zxing-cpp and
zbar missed, 27 ms; its "curved" mode read one tune photograph, a shirt, at 16-34 ms per
try), and a finder-pattern gate before the ladder (it told every textured no-code frame
apart, but cost 5.6 ms a frame, as much as the ladder it would save, and lost 5 to 7 of
53 rescues). A second region added one frame on each split.

"""

from dataclasses import dataclass

import cv2
import numpy as np

from hardware.qr.decoders import Decoder, Detection

LOOK_SCALE = 0.25  # the quarter-size copy step 2 looks at
MIN_REGION_PX = 24  # in the quarter-size copy: smaller than this holds no readable code
MAX_REGIONS = 2
MAX_REGION_PX = 640 * 480  # a larger region is shrunk first: the ladder's cost is bounded


@dataclass(frozen=True)
class Rescue:
    """One more look at a region: smoothed, rescaled, thresholded one way or another."""
    why: str
    sigma: float = 0.0  # Gaussian smoothing before anything else
    median: bool = False  # a 3x3 median: impulse noise and screen sub-pixels
    scale: float = 1.0
    global_threshold: bool = False


RESCUES = (
    Rescue("moire and sensor noise: smoothing a little below a module's width", sigma=1.5),
    Rescue("glare and uneven light on the code: one threshold for the region",
           sigma=1.0, global_threshold=True),
    Rescue("sub-pixel stripes and JPEG ringing, keeping edges", median=True),
    Rescue("small modules: enlarged so the sampler has two pixels a module", scale=2.0),
)
OTHER_BACKEND_SIGMA = 1.0  # zbar after smoothing read 112 tune frames, unsmoothed 92


@dataclass(frozen=True)
class ScanResult:
    detections: list[Detection]
    stage: str  # "direct", "none" (nothing code-like), "rescued", "missed"
    steps: int  # decoder calls made: the frame's bounded work


class ScanPipeline:
    def __init__(self, decoder: Decoder) -> None:
        self.decoder = decoder

    def scan(self, frame: np.ndarray) -> ScanResult:
        grey = frame if frame.ndim == 2 else cv2.cvtColor(frame, cv2.COLOR_BGR2GRAY)
        first, *others = self.decoder.backends
        found = first.decode(grey)
        if found:
            return ScanResult(found, "direct", 1)
        regions = candidate_regions(grey, MAX_REGIONS)
        if not regions:
            return ScanResult([], "none", 1)
        steps = 1
        for x, y, w, h in regions:
            region, shrink = _bounded(grey[y:y + h, x:x + w])
            for rescue in RESCUES:
                steps += 1
                image = _prepare(region, rescue)
                found = first.decode(image, global_threshold=rescue.global_threshold)
                if found:
                    return ScanResult([_to_frame(d, x, y, shrink * rescue.scale)
                                       for d in found], "rescued", steps)
            for backend in others:
                steps += 1
                found = backend.decode(cv2.GaussianBlur(region, (0, 0), OTHER_BACKEND_SIGMA))
                if found:
                    return ScanResult([_to_frame(d, x, y, shrink) for d in found],
                                      "rescued", steps)
        return ScanResult([], "missed", steps)


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


def _bounded(region: np.ndarray) -> tuple[np.ndarray, float]:
    """The region, shrunk if it has more than MAX_REGION_PX pixels, and the factor."""
    pixels = region.shape[0] * region.shape[1]
    if pixels <= MAX_REGION_PX:
        return region, 1.0
    factor = (MAX_REGION_PX / pixels) ** 0.5
    return cv2.resize(region, None, fx=factor, fy=factor, interpolation=cv2.INTER_AREA), factor


def _prepare(region: np.ndarray, rescue: Rescue) -> np.ndarray:
    image = cv2.medianBlur(region, 3) if rescue.median else region
    if rescue.sigma:
        image = cv2.GaussianBlur(image, (0, 0), rescue.sigma)
    if rescue.scale != 1.0:
        image = cv2.resize(image, None, fx=rescue.scale, fy=rescue.scale,
                           interpolation=cv2.INTER_CUBIC)
    return image


def _to_frame(detection: Detection, x: int, y: int, scale: float) -> Detection:
    corners = tuple((x + cx / scale, y + cy / scale) for cx, cy in detection.corners)
    return Detection(detection.text, corners, detection.raw)
