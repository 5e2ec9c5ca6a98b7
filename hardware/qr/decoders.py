"""QR decoders: one port, two backends (zxing-cpp and pyzbar), QR symbology only.

`make_decoder("auto")` takes the backend the benchmark found best (zxing-cpp, see
docs/benchmarks.md) and falls back to the other when a library is missing, with one line
saying so; pyzbar needs the system's libzbar0.
"""

import logging
from abc import ABC, abstractmethod
from dataclasses import dataclass

import numpy as np

log = logging.getLogger(__name__)


class DecoderUnavailable(RuntimeError):
    """A decoder library that is not installed; says how to install it."""


@dataclass(frozen=True)
class Detection:
    text: str
    corners: tuple[tuple[float, float], ...]  # in the frame's pixels, for the outline


class Decoder(ABC):
    name: str

    @abstractmethod
    def decode(self, grey: np.ndarray, global_threshold: bool = False) -> list[Detection]:
        """Every QR code found in a greyscale image. `global_threshold` asks for one
        threshold over the whole image, where the backend can choose (zxing-cpp)."""


class ZxingDecoder(Decoder):
    name = "zxing"

    def __init__(self, try_invert: bool = True, try_downscale: bool = True) -> None:
        try:
            import zxingcpp
        except ImportError:
            raise DecoderUnavailable("zxing-cpp is not installed: pip install zxing-cpp") \
                from None
        self._zxing = zxingcpp
        self._options = {"formats": zxingcpp.BarcodeFormat.QRCode, "try_rotate": True,
                         "try_invert": try_invert, "try_downscale": try_downscale}

    def decode(self, grey: np.ndarray, global_threshold: bool = False) -> list[Detection]:
        binarizer = (self._zxing.Binarizer.GlobalHistogram if global_threshold
                     else self._zxing.Binarizer.LocalAverage)
        found = []
        for barcode in self._zxing.read_barcodes(grey, binarizer=binarizer, **self._options):
            p = barcode.position
            corners = tuple((float(c.x), float(c.y)) for c in
                            (p.top_left, p.top_right, p.bottom_right, p.bottom_left))
            found.append(Detection(barcode.text, corners))
        return found


class PyzbarDecoder(Decoder):
    name = "pyzbar"

    def __init__(self) -> None:
        try:
            from pyzbar import pyzbar
        except (ImportError, OSError):
            raise DecoderUnavailable("pyzbar cannot load the zbar library: install libzbar0 "
                                     "(apt-get install libzbar0)") from None
        self._pyzbar = pyzbar
        self._symbols = [pyzbar.ZBarSymbol.QRCODE]

    def decode(self, grey: np.ndarray, global_threshold: bool = False) -> list[Detection]:
        found = []  # zbar thresholds its own way; it has no choice to offer
        for symbol in self._pyzbar.decode(grey, symbols=self._symbols):
            corners = tuple((float(p.x), float(p.y)) for p in symbol.polygon)
            found.append(Detection(symbol.data.decode("utf-8", errors="replace"), corners))
        return found


BACKENDS = {"zxing": ZxingDecoder, "pyzbar": PyzbarDecoder}
BEST_FIRST = ("zxing", "pyzbar")  # the order the benchmark ranks them


def make_decoder(name: str = "auto") -> Decoder:
    """The named backend, or for `auto` the best one that is installed."""
    if name != "auto":
        if name not in BACKENDS:
            raise ValueError(f"decoder {name!r}: use auto, zxing or pyzbar")
        return BACKENDS[name]()
    problems = []
    for candidate in BEST_FIRST:
        try:
            decoder = BACKENDS[candidate]()
        except DecoderUnavailable as missing:
            problems.append(str(missing))
            continue
        if problems:
            log.warning("QR decoding falls back to %s: %s", candidate, "; ".join(problems))
        return decoder
    raise DecoderUnavailable("no QR decoder is available: " + "; ".join(problems))
