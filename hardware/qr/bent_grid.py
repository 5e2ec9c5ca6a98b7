"""Reading a code whose grid is bent: printed on a shirt, curved round a cup, a wrinkled page.

A decoder maps the whole code with one perspective from its four corners. On cloth or a
curved card no single perspective fits: the modules near a fold land half a module or more
from where the perspective puts them, and the code fails its error correction although
every module is plainly visible. Seen on zxing's photographs of codes on shirts, where
zxing-cpp finds the code (finder patterns, version, format) but cannot read it.

What this does with a code the decoder saw but could not read (its corners and version):
1. Rectify it with the decoder's perspective, a fixed number of pixels a module.
2. Measure, everywhere, how far the module grid in the rectified picture is from where it
   should be: module edges are a periodic signal with the module's period, so the phase of
   the edge strength at that period, over a window of a few modules, is the local offset
   of the grid (within half a module). No thresholds, no finder pattern templates.
3. Move the sampling map by that offset, rectify again; a few rounds, each undoing what is
   left, follow a bend of several modules as long as it is smooth.
4. Sample the modules at their centres against a local threshold and hand the decoder a
   clean code (the bits, redrawn with a full quiet zone), so its error correction judges.
   The modules the standard fixes (finder, timing and alignment patterns) are drawn as it
   fixes them: they carry no data, and one finder module sampled off the code's edge is
   enough for the decoder not to find the redrawn code at all. On the synthetic tune split
   that read 1 more frame (220 of 336; a curved card whose last column, squeezed, was
   sampled off the edge through a finder pattern); on the held-out split, only
   measured, 1 fewer (302 to 301 of 480): kept, as choosing on those frames is not done.
   A module is its middle half averaged (one pixel a quarter-module off its centre was
   sampled before), called against its neighbours within THRESHOLD_SIGMA = 1.5 modules
   (3 before: a reflection's edge or a shadow changes the light within fewer modules):
   +1 tune frame (220 to 221 of 336; the middle alone +0, the average over the whole
   module, blurred edges and all, -2); held-out +3 (301 to 304 of 480).

The work is bounded by steps: ROUNDS + 1 rectifications and one decode a code seen and a
starting bend.

Measured. Chosen on the 4 tune shirts (even-numbered photographs of zxing's qrcode-4), then
measured on the 4 held-out shirts (odd-numbered, never looked at). On the tune shirts:
without unwrapping the offsets (whole modules added where they jump) two of the four read,
the fold there moving the grid by more than half a module; with it, all four; the phase
measured at 4 px a module read the same as at 6 px for a third of the cost (5 against 14 ms
for a version 3 code). Two rounds each unwrapping and moving the whole offset read what
three rounds did that unwrapped only the first and moved at most 0.45 modules a round, on
the tune shirts and the tune corpus, for less, so two were kept; on the held-out shirts the
two rounds read 2 of 4 (13 and 33 not), the three rounds had read all 4. Going back to
them now would be choosing on the held-out photographs, so it is not done.
On the synthetic tune split the grid read 3 of the 40 frames where a code was seen but not
read: its curved cards are also blurred, and a card curved through 150 degrees squeezes its
edge modules to a third, which the phase at one module's period cannot follow. So the
pipeline also starts the following from a cylinder's columns (`bend`, _nodes; the
pipeline's BENDS says what that read), from where the phase has only the rest to follow. A test
(tests/hardware/qr/test_bent_grid.py) folds a signed code by one module, which zxing-cpp cannot
read; a short version 2 code with the same fold across its 25 modules bends too fast for a
5-module window and is not read either.
"""

import cv2
import numpy as np
from qrcode.util import pattern_position

PX = 4  # pixels a module in the rectified picture
MARGIN = 2  # modules of the surroundings kept around the code while measuring
WINDOW = 5.0  # modules: the window the local offset is measured over (Gaussian sigma / 2)
ROUNDS = 2  # a second round undoes what the first left (see the docstring)
THRESHOLD_SIGMA = 1.5  # modules: the neighbourhood a module is called dark or light against


def _rectify(grey: np.ndarray, nodes: np.ndarray) -> np.ndarray:
    """The picture resampled on the map: `nodes` holds the image position of every module
    corner (including MARGIN modules around the code); PX pixels a module."""
    size = (nodes.shape[1] - 1) * PX
    # Pixel x's centre is at module coordinate (x + 0.5) / PX; nodes sit at whole modules.
    ramp = (np.arange(size, dtype=np.float32) + 0.5) / PX
    map_x = cv2.remap(nodes[..., 0], *np.meshgrid(ramp, ramp), cv2.INTER_LINEAR,
                      borderMode=cv2.BORDER_REPLICATE)
    map_y = cv2.remap(nodes[..., 1], *np.meshgrid(ramp, ramp), cv2.INTER_LINEAR,
                      borderMode=cv2.BORDER_REPLICATE)
    return cv2.remap(grey, map_x, map_y, cv2.INTER_LINEAR, borderMode=cv2.BORDER_REPLICATE)


def _offsets(rectified: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The grid's local offset (modules, x and y) at every module corner of the picture."""
    picture = rectified.astype(np.float32)
    modules = rectified.shape[0] // PX
    result = []
    for axis in (1, 0):
        edges = np.abs(np.diff(picture, axis=axis, append=0))  # between pixel i and i + 1
        where = np.arange(edges.shape[axis], dtype=np.float32) + 1.0  # that boundary's place
        angle = (2 * np.pi / PX) * where
        shape = (1, -1) if axis == 1 else (-1, 1)
        parts = []
        for wave in (np.cos(angle), np.sin(angle)):
            # Summed a module at a time, then over the window: the same sums, PX * PX
            # times fewer pixels to smooth.
            summed = cv2.resize(edges * wave.reshape(shape), (modules, modules),
                                interpolation=cv2.INTER_AREA)
            parts.append(cv2.GaussianBlur(summed, (0, 0), WINDOW / 2))
        wrapped = np.arctan2(parts[1], parts[0]) / (2 * np.pi)  # in modules, -0.5 to 0.5
        # A module's sums sit at its centre; the corners are between: the nearest will do.
        wrapped = np.pad(wrapped, ((0, 1), (0, 1)), mode="edge")
        result.append(_unwrapped(wrapped).astype(np.float32))
    return result[0], result[1]


def _unwrapped(wrapped: np.ndarray) -> np.ndarray:
    """The offsets made continuous, whole modules added where they jump by more than half
    a module from one node to the next: outwards from the top-left finder pattern (where
    the decoder's corners are right), along its row and column, then along every column
    and every row; where the two orders disagree, the one nearer the wrapped value."""
    start = MARGIN + 3

    def along(field: np.ndarray) -> np.ndarray:  # the start row, then down and up columns
        result = field.copy()
        line = np.unwrap(field[start], period=1.0)
        result[start] = line - np.round(line[start] - field[start, start])
        result[start:] = np.unwrap(result[start:], axis=0, period=1.0)
        result[:start + 1] = np.unwrap(result[start::-1], axis=0, period=1.0)[::-1]
        return result

    by_columns, by_rows = along(wrapped), along(wrapped.T).T
    return np.where(np.abs(by_columns - wrapped) <= np.abs(by_rows - wrapped),
                    by_columns, by_rows)


def _nodes(corners: np.ndarray, dimension: int, bend: float = 0.0) -> np.ndarray:
    """Every module corner's image position by the decoder's perspective, the columns
    first moved as a card curved round a cylinder moves them (`bend`: half the angle the
    code spans, in radians; 0 is flat). A column u modules along shows at the sine of its
    angle, and the finder patterns' centres (3.5 modules in), which the decoder found and
    put its corners by, stay where it found them."""
    steps = np.arange(-MARGIN, dimension + MARGIN + 1, dtype=np.float64)
    columns = steps
    if bend:
        def seen(u):  # where column u shows on the cylinder, -1 to 1 across the code
            return np.sin(np.clip(bend * (2 * u / dimension - 1), -np.pi / 2, np.pi / 2))
        first, last = seen(3.5), seen(dimension - 3.5)
        columns = 3.5 + (dimension - 7) * (seen(steps) - first) / (last - first)
    square = np.float32([[0, 0], [dimension, 0], [dimension, dimension], [0, dimension]])
    transform = cv2.getPerspectiveTransform(square, np.float32(corners))
    grid = np.stack(np.meshgrid(columns, steps), axis=-1).astype(np.float32).reshape(-1, 1, 2)
    return cv2.perspectiveTransform(grid, transform).reshape(len(steps), len(steps), 2)


def follow(grey: np.ndarray, corners, dimension: int, bend: float = 0.0) -> np.ndarray:
    """The code's modules (True for dark), sampled on a map bent to follow its grid,
    starting from a cylinder's `bend` (see _nodes)."""
    nodes = _nodes(np.float32(corners), dimension, bend)
    count = nodes.shape[0]
    index = np.arange(count, dtype=np.float32)
    map_x, map_y = np.meshgrid(index, index)
    for _ in range(ROUNDS):
        dx, dy = _offsets(_rectify(grey, nodes))
        nodes = np.dstack([cv2.remap(nodes[..., c], map_x + dx, map_y + dy, cv2.INTER_LINEAR,
                                     borderMode=cv2.BORDER_REPLICATE) for c in (0, 1)])
    rectified = _rectify(grey, nodes).astype(np.float32)
    middle = slice(PX // 4, PX - PX // 4)  # the middle half of a module, both ways
    cells = rectified.reshape(count - 1, PX, count - 1, PX)[:, middle, :, middle]
    centres = cells.mean(axis=(1, 3))[MARGIN:MARGIN + dimension, MARGIN:MARGIN + dimension]
    return centres < cv2.GaussianBlur(centres, (0, 0), THRESHOLD_SIGMA)


def function_patterns(dimension: int) -> tuple[np.ndarray, np.ndarray]:
    """Where a code of `dimension` modules has the modules the standard fixes (finder
    patterns and their separators, alignment and timing patterns, the dark module), and
    what they are: (where, dark). They carry no data."""
    where = np.zeros((dimension, dimension), bool)
    dark = np.zeros((dimension, dimension), bool)
    ring = np.maximum(*np.abs(np.mgrid[-3:4, -3:4]))  # 0 at a finder's centre, 3 its edge
    for row, col in ((0, 0), (0, dimension - 7), (dimension - 7, 0)):
        top, left = max(row - 1, 0), max(col - 1, 0)
        where[top:row + 8, left:col + 8] = True  # the finder and its light separator
        dark[row:row + 7, col:col + 7] = ring != 2
    finders = where.copy()
    small_ring = np.maximum(*np.abs(np.mgrid[-2:3, -2:3]))
    centres = pattern_position((dimension - 17) // 4)
    for row in centres:
        for col in centres:
            if finders[row, col]:
                continue  # where a finder pattern is there is none
            where[row - 2:row + 3, col - 2:col + 3] = True
            dark[row - 2:row + 3, col - 2:col + 3] = small_ring != 1
    where[6, 8:-8] = where[8:-8, 6] = True  # the timing patterns agree where they cross
    dark[6, 8:-8:2] = dark[8:-8:2, 6] = True
    where[dimension - 8, 8] = dark[dimension - 8, 8] = True
    return where, dark


def redraw(modules: np.ndarray, px: int = 4) -> np.ndarray:
    """The modules as a clean grey picture with a four-module quiet zone, the modules the
    standard fixes drawn as it fixes them (one misread finder module and the decoder no
    longer finds the code), the whole turned light-on-dark first if the finder patterns
    say it was sampled that way (a dark-mode screen)."""
    where, dark = function_patterns(modules.shape[0])
    if (modules[where] == dark[where]).mean() < 0.5:
        modules = ~modules
    modules = np.where(where, dark, modules)
    grey = np.where(np.pad(modules, 4), 0, 255).astype(np.uint8)
    return cv2.resize(grey, None, fx=px, fy=px, interpolation=cv2.INTER_NEAREST)
