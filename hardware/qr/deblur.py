"""Undoing a lens's defocus before looking again: Wiener deconvolution by a disc.

A fixed-focus USB camera at a counter sees a phone held too close out of focus: each point
of the code spread over a disc (the aperture's shape), modules mixed with their neighbours
over more than a module. Smoothing, thresholds and enlarging cannot separate them again; a
deconvolution can, as far as the noise lets it. Measured on the synthetic tune split
(hardware/qr/corpus/, whose camera blurs by a disc up to 0.9 of a module in radius):

- With the true disc, a Wiener filter made 16 of the 39 defocused tune frames that an ideal
  reader told every module's position could not read, readable to it
  (benchmarks/qr_readable.py's reader; the modules were not lost, only mixed). The
  pipeline run on whole frames deconvolved with the true disc read 15 of the 108 tune
  frames it missed after the fine-texture look (pipeline.py).
- The disc is not known. One disc of RADIUS 2 px (a disc 5 px across) with NOISE 0.03,
  every frame, read 12 of them (no false positives); radii 1 to 3 with noise-to-signal
  0.01, 0.03 and 0.1 read 24 between them; radius 2 alone read the most (a filter for a
  slightly wrong disc still sharpens), 1 and 3 fewer.
- In the pipeline it is one more rescue, past the gate, so only frames where a look saw a
  code that it could not read pay it: deconvolved, then enlarged 2x (pipeline.RESCUES).
  +4 tune frames (229 to 233 of 336); deconvolved alone +1, then smoothed 1 or 1.5 +0,
  radius 1 or 3 then 2x +1, noise 0.01 or 0.1 +3, radii 2 and 3 both +5 for twice the
  cost. On the held-out split, only measured: +4 (312 to 316 of 480), no false positives.
  Of the 24 frames some disc read, 12 had no look see a code: reaching them would mean
  deconvolving every textured region, which every frame with no code would pay.

Cost: 4 to 5 ms a look (three DFTs of the region's size: the disc's, the region's and the
inverse; then zxing-cpp on the 2x picture), 0.8 to 1.0 ms a frame on average over either
split, none on a frame with no code.
"""

import cv2
import numpy as np

RADIUS = 2  # pixels: the disc the pipeline undoes (see the docstring)
NOISE = 0.03  # the Wiener filter's noise-to-signal power: how far it trusts weak frequencies


def _inverse(rows: int, cols: int, radius: int) -> np.ndarray:
    """The Wiener filter undoing a disc of `radius` on a rows x cols picture's spectrum, in
    the packed form cv2.mulSpectrums takes. The disc is symmetric about the origin, so its
    spectrum is real: the packed imaginary parts are zero and stay zero, and the filter
    B / (B^2 + NOISE) can be taken value by value on the packed array."""
    size = 2 * radius + 1
    disc = np.zeros((size, size), np.float32)
    cv2.circle(disc, (radius, radius), radius, 1.0, -1)
    psf = np.zeros((rows, cols), np.float32)
    psf[:size, :size] = disc / disc.sum()
    blur = cv2.dft(np.roll(psf, (-radius, -radius), axis=(0, 1)))
    return blur / (blur * blur + NOISE)


def undo_defocus(grey: np.ndarray, radius: int) -> np.ndarray:
    """The picture deconvolved by a disc of `radius` pixels (what a defocused lens spreads
    a point into), by a Wiener filter."""
    height, width = grey.shape
    rows = cv2.getOptimalDFTSize(height + 2 * radius)
    cols = cv2.getOptimalDFTSize(width + 2 * radius)
    picture = cv2.copyMakeBorder(grey, 0, rows - height, 0, cols - width, cv2.BORDER_REFLECT)
    spectrum = cv2.dft(np.float32(picture))
    sharp = cv2.idft(cv2.mulSpectrums(spectrum, _inverse(rows, cols, radius), 0),
                     flags=cv2.DFT_REAL_OUTPUT | cv2.DFT_SCALE)
    return np.uint8(np.clip(sharp[:height, :width], 0, 255))
