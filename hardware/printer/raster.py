"""Documents as the 1-bit image the paper shows, with the bundled Korean font.

Korean text prints on any ESC/POS printer this way, since the printer only has to put
dots where it is told. The font is NanumGothicCoding (SIL OFL, in assets/fonts): it is
monospaced with Hangul exactly two columns wide, so the receipt's column layout holds.
"""

import io
from functools import cache
from importlib import resources

from PIL import Image, ImageDraw, ImageFont

from hardware.printer.base import Document, Paper
from hardware.qr.modules import qr_modules

FONT = "NanumGothicCodingBold.ttf"  # bold survives thermal paper better than regular
QR_MODULE_DOTS = 5
FEED_DOTS = 48  # blank paper after the last line, so the cut does not touch it


@cache
def font(paper_columns: int, paper_dots: int) -> ImageFont.FreeTypeFont:
    size = 2 * paper_dots // paper_columns  # a Hangul glyph is two columns: the em
    with resources.as_file(resources.files("assets") / "fonts" / FONT) as path:
        return ImageFont.truetype(str(path), size)


def line_height(paper: Paper) -> int:
    ascent, descent = font(paper.columns, paper.dots).getmetrics()
    return ascent + descent + 4


def render_lines(lines: tuple[str, ...] | list[str], paper: Paper,
                 strong: tuple[int, ...] = ()) -> Image.Image:
    """The lines in the font's columns; those in `strong` twice as tall, as a printer's
    double-height mode prints them."""
    face = font(paper.columns, paper.dots)
    step = line_height(paper)
    margin = int(paper.dots - paper.columns * face.getlength("0")) // 2
    image = Image.new("1", (paper.dots, step * (len(lines) + len(set(strong)))), 1)
    draw = ImageDraw.Draw(image)
    top = 0
    for row, line in enumerate(lines):
        if row in strong:
            part = Image.new("1", (paper.dots, step), 1)
            ImageDraw.Draw(part).text((margin, 2), line, font=face, fill=0)
            image.paste(part.resize((paper.dots, 2 * step), Image.NEAREST), (0, top))
            top += 2 * step
        else:
            draw.text((margin, top + 2), line, font=face, fill=0)
            top += step
    return image


def render_qr(text: str, paper: Paper) -> Image.Image:
    """The code centred on the roll, with its quiet zone."""
    modules = qr_modules(text)
    side = modules.shape[0] * QR_MODULE_DOTS
    code = Image.fromarray(~modules).convert("1").resize((side, side), Image.NEAREST)
    image = Image.new("1", (paper.dots, side), 1)
    image.paste(code, ((paper.dots - side) // 2, 0))
    return image


def render_document(document: Document, paper: Paper) -> Image.Image:
    parts = [render_lines(document.lines, paper, document.strong)]
    if document.qr:
        parts.append(render_qr(document.qr, paper))
    return stack([*parts, Image.new("1", (paper.dots, FEED_DOTS), 1)], paper)


def png_bytes(document: Document, paper: Paper) -> bytes:
    """The paper as a PNG file's bytes (for a preview, or `kiosk receipt --format png`)."""
    buffer = io.BytesIO()
    render_document(document, paper).save(buffer, "PNG")
    return buffer.getvalue()


def stack(parts: list[Image.Image], paper: Paper) -> Image.Image:
    """Images one under the other on a roll `paper.dots` wide."""
    image = Image.new("1", (paper.dots, sum(p.height for p in parts)), 1)
    top = 0
    for part in parts:
        image.paste(part, (0, top))
        top += part.height
    return image
