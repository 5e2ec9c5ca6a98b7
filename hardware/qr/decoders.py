"""QR decoders: one port, two backends (zxing-cpp and pyzbar), QR symbology only.

Text passes through byte-exact. zxing-cpp's default text mode (HRI) rewrites control
characters (a group separator becomes "<GS>"), so it is asked for plain text (the bytes
transcoded by the code's own character set, nothing rewritten); every detection also carries
the code's raw bytes. zbar transcodes to UTF-8 itself.

`make_decoder("auto")` is every installed backend, best first: zxing-cpp reads far more
(docs/benchmarks.md), and pyzbar still reads some frames zxing-cpp does not (one of the
129 zxing photographs, 10 of 336 synthetic tune frames, 4 held-out frames after the
pipeline's own rescues), so `auto` tries it before giving up.
OpenCV's own QR detector was measured too and left out: on the tune frames it read nothing
the other two did not, at 27 ms a frame. A missing library is one warning line, not an error.
"""

import logging
from abc import ABC, abstractmethod
from dataclasses import dataclass, field

import numpy as np

log = logging.getLogger(__name__)


class DecoderUnavailable(RuntimeError):
    """A decoder library that is not installed; says how to install it."""


@dataclass(frozen=True)
class Detection:
    text: str
    corners: tuple[tuple[float, float], ...]  # in the frame's pixels, for the outline
    raw: bytes = field(default=b"", compare=False)  # the code's bytes, as encoded


@dataclass(frozen=True)
class Sighting:
    """A code seen (finder patterns, version and format found) whose data did not decode."""
    corners: tuple[tuple[float, float], ...]  # top left, top right, bottom right, bottom left
    dimension: int | None  # modules across; None for a Micro QR code (its own grid)


@dataclass(frozen=True)
class Reading:
    """What one look at an image found: the codes read, and the codes seen but not read.
    `unread` is None from a backend that cannot tell (zbar): its silence proves nothing."""
    detections: list[Detection]
    unread: list[Sighting] | None = None


class Decoder(ABC):
    name: str

    @property
    def backends(self) -> tuple["Decoder", ...]:
        """The single-library decoders this one is made of, best first."""
        return (self,)

    @abstractmethod
    def decode(self, grey: np.ndarray, global_threshold: bool = False) -> list[Detection]:
        """Every QR code found in a greyscale image. `global_threshold` asks for one
        threshold over the whole image, where the backend can choose (zxing-cpp)."""

    def read(self, grey: np.ndarray, global_threshold: bool = False) -> Reading:
        """The codes read, and where a code was seen but not read, if the backend tells."""
        return Reading(self.decode(grey, global_threshold))


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
                         "try_invert": try_invert, "try_downscale": try_downscale,
                         "text_mode": zxingcpp.TextMode.Plain}

    def decode(self, grey: np.ndarray, global_threshold: bool = False) -> list[Detection]:
        return self.read(grey, global_threshold).detections

    def read(self, grey: np.ndarray, global_threshold: bool = False) -> Reading:
        """Asks zxing-cpp for the codes it saw and could not read too (return_errors): the
        same call at the same cost, and the evidence the pipeline's gate needs."""
        binarizer = (self._zxing.Binarizer.GlobalHistogram if global_threshold
                     else self._zxing.Binarizer.LocalAverage)
        found, unread = [], []
        for barcode in self._zxing.read_barcodes(grey, binarizer=binarizer, return_errors=True,
                                                 **self._options):
            p = barcode.position
            corners = tuple((float(c.x), float(c.y)) for c in
                            (p.top_left, p.top_right, p.bottom_right, p.bottom_left))
            if barcode.valid:
                found.append(Detection(barcode.text, corners, bytes(barcode.bytes)))
                continue
            version = str((barcode.extra or {}).get("Version", ""))  # a Micro QR's is "M1"
            unread.append(Sighting(corners, 17 + 4 * int(version) if version.isdigit()
                                   else None))
        return Reading(found, unread)


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
            found.append(Detection(symbol.data.decode("utf-8", errors="replace"), corners,
                                   symbol.data))
        return found


class UnionDecoder(Decoder):
    """Each backend in turn until one finds a code."""

    name = "auto"

    def __init__(self, backends: tuple[Decoder, ...]) -> None:
        self._backends = backends

    @property
    def backends(self) -> tuple[Decoder, ...]:
        return self._backends

    def decode(self, grey: np.ndarray, global_threshold: bool = False) -> list[Detection]:
        for backend in self._backends:
            found = backend.decode(grey, global_threshold)
            if found:
                return found
        return []


BACKENDS = {"zxing": ZxingDecoder, "pyzbar": PyzbarDecoder}
BEST_FIRST = ("zxing", "pyzbar")  # the order the benchmark ranks them


def make_decoder(name: str = "auto") -> Decoder:
    """The named backend, or for `auto` every installed one, best first."""
    if name != "auto":
        if name not in BACKENDS:
            raise ValueError(f"decoder {name!r}: use auto, zxing or pyzbar")
        return BACKENDS[name]()
    problems, installed = [], []
    for candidate in BEST_FIRST:
        try:
            installed.append(BACKENDS[candidate]())
        except DecoderUnavailable as missing:
            problems.append(str(missing))
    if not installed:
        raise DecoderUnavailable("no QR decoder is available: " + "; ".join(problems))
    if problems:
        log.warning("QR decoding falls back to %s: %s",
                    ", ".join(d.name for d in installed), "; ".join(problems))
    return installed[0] if len(installed) == 1 else UnionDecoder(tuple(installed))
