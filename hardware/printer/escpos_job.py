"""A document as the ESC/POS bytes of one print job, built with python-escpos.

Two ways to print Korean, as `printer_korean` says:
- "raster": the whole receipt drawn with the bundled font and sent as one raster image
  (GS v 0). Any ESC/POS printer prints it.
- "cp949": text in the double-byte mode of Korean-model printers (FS &), sent as CP949
  bytes. Those printers carry only the KS X 1001 part of CP949 (2,350 syllables), so a
  line holding anything outside it (a rare syllable such as 똠, an emoji) is sent as a
  raster image of that line instead of coming out as `?`.
python-escpos itself would turn every Hangul syllable into `?`: its text encoder knows
only single-byte code pages, so this module writes the Korean bytes raw.
"""

from escpos.printer import Dummy

from hardware.printer.base import Document, Paper
from hardware.printer.raster import render_document, render_lines, render_qr

ESC, GS, FS = b"\x1b", b"\x1d", b"\x1c"
DOUBLE_BYTE_ON, DOUBLE_BYTE_OFF = FS + b"&", FS + b"."
# ESC ! (print mode: double height) and FS ! (the same for Korean characters), ESC E (bold)
STRONG_ON = ESC + b"!\x10" + FS + b"!\x08" + ESC + b"E\x01"
STRONG_OFF = ESC + b"!\x00" + FS + b"!\x00" + ESC + b"E\x00"
FONT_A_DOTS = 12  # a Font A column; a Hangul character in double-byte mode takes two
KOREAN_MODES = ("raster", "cp949")


def encode(document: Document, paper: Paper, korean: str = "raster") -> bytes:
    job = Dummy()
    job.profile.profile_data = {  # a profile of its own, told the roll's width
        **job.profile.profile_data,
        "media": {"dpi": 203, "width": {"mm": paper.mm, "pixels": paper.dots}}}
    job.hw("INIT")
    if korean == "cp949":
        _text_job(job, document, paper)
    else:
        job.image(render_document(document, paper), impl="bitImageRaster")
    job.cut()
    return job.output


def printable_in_double_byte_mode(line: str) -> bytes | None:
    """The line as a Korean-model printer's bytes; None if it holds a character it lacks."""
    out = bytearray()
    for char in line:
        if char.isascii():
            if not char.isprintable():
                return None
            out += char.encode("ascii")
            continue
        try:
            pair = char.encode("cp949")
        except UnicodeEncodeError:
            return None
        if len(pair) != 2 or pair[0] < 0xA1 or pair[1] < 0xA1:  # outside KS X 1001
            return None
        out += pair
    return bytes(out)


def _text_job(job: Dummy, document: Document, paper: Paper) -> None:
    # The text block is columns * 12 dots wide; centre it on the roll with the left margin,
    # and draw any image (a fallback line, the QR) exactly that wide so it lines up.
    block = Paper(paper.mm, paper.columns * FONT_A_DOTS, paper.columns)
    margin = (paper.dots - block.dots) // 2
    job._raw(GS + b"L" + margin.to_bytes(2, "little") + GS + b"W"
             + block.dots.to_bytes(2, "little"))
    job._raw(DOUBLE_BYTE_ON)
    for index, line in enumerate(document.lines):
        strong = index in document.strong
        data = printable_in_double_byte_mode(line)
        if data is None:
            job.image(render_lines([line], block, (0,) if strong else ()),
                      impl="bitImageRaster")
        else:
            job._raw(STRONG_ON + data + b"\n" + STRONG_OFF if strong else data + b"\n")
    job._raw(DOUBLE_BYTE_OFF)
    if document.qr:
        job.image(render_qr(document.qr, block), impl="bitImageRaster")

