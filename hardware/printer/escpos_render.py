"""ESC/POS bytes read back into the paper they would print: what the simulated network
printer keeps beside each job's bytes, so a tester sees what a real printer would.

It reads the commands this kiosk and python-escpos send (text, double-byte Korean, raster
images, margins, feeds, cuts, status requests) and skips others it knows the length of.
A byte it cannot place is reported as a problem, not guessed at.
"""

from dataclasses import dataclass, field

from PIL import Image, ImageDraw

from hardware.printer.base import Paper
from hardware.printer.escpos_job import FONT_A_DOTS
from hardware.printer.raster import line_height, render_lines, stack

ESC, GS, FS, DLE = 0x1B, 0x1D, 0x1C, 0x10
# Commands skipped whole: (prefix byte, command byte) -> parameter bytes after them.
# (ESC SP is the right-side character spacing.)
SKIPPED = {(ESC, c): 1 for c in b"aE-GMtR3{V "} | {(ESC, ord("2")): 0} | {
    (GS, c): 1 for c in b"!BHhwfa"} | {(FS, c): 1 for c in b"!C-"} | {(DLE, 0x05): 1}
CUT_GAP_DOTS = 24


@dataclass
class EscposStream:
    """Fed bytes as they arrive; answers status requests through `on_status(n)`."""

    paper: Paper
    parts: list[Image.Image] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    _pending: bytearray = field(default_factory=bytearray)
    _line: bytearray = field(default_factory=bytearray)
    _double_byte: bool = False
    _tall: bool = False  # ESC ! with double height: the line prints twice as tall
    _margin: int = 0
    _width: int = 0
    cuts: int = 0
    status_requests: int = 0

    def feed(self, data: bytes, on_status=lambda n: None) -> None:
        self._pending += data
        while self._pending:
            used = self._step(self._pending, on_status)
            if used == 0:
                return  # a command not complete yet: wait for more bytes
            del self._pending[:used]

    def paper_image(self) -> Image.Image:
        self._end_line()
        return stack(self.parts or [Image.new("1", (self.paper.dots, 1), 1)], self.paper)

    def _step(self, data: bytearray, on_status) -> int:
        byte = data[0]
        if byte == 0x0A:
            self._end_line(blank=True)
            return 1
        if byte in (ESC, GS, FS, DLE):
            return self._command(data, on_status)
        if byte < 0x20 or byte == 0x7F:
            return 1
        if byte >= 0x80 and self._double_byte:
            if len(data) < 2:
                return 0
            self._line += data[:2]
            return 2
        self._line.append(byte)
        return 1

    def _command(self, data: bytearray, on_status) -> int:
        if len(data) < 2:
            return 0
        prefix, command = data[0], data[1]
        if (prefix, command) in SKIPPED:
            size = 2 + SKIPPED[prefix, command]
            return size if len(data) >= size else 0
        if (prefix, command) == (ESC, ord("@")):
            self._end_line()
            self._double_byte, self._margin, self._width, self._tall = False, 0, 0, False
            return 2
        if (prefix, command) == (ESC, ord("!")):
            if len(data) < 3:
                return 0
            self._tall = bool(data[2] & 0x10)
            return 3
        if (prefix, command) in ((ESC, ord("d")), (ESC, ord("J"))):
            if len(data) < 3:
                return 0
            self._end_line()
            dots = data[2] * (line_height(self.paper) if command == ord("d") else 1)
            self.parts.append(Image.new("1", (self.paper.dots, max(dots, 1)), 1))
            return 3
        if (prefix, command) in ((FS, ord("&")), (FS, ord("."))):
            self._end_line()
            self._double_byte = command == ord("&")
            return 2
        if (prefix, command) == (DLE, 0x04):
            if len(data) < 3:
                return 0
            self.status_requests += 1
            on_status(data[2])
            return 3
        if (prefix, command) in ((GS, ord("L")), (GS, ord("W"))):
            if len(data) < 4:
                return 0
            value = int.from_bytes(data[2:4], "little")
            if command == ord("L"):
                self._margin = value
            else:
                self._width = value
            return 4
        if (prefix, command) == (GS, ord("V")):
            return self._cut(data)
        if (prefix, command) == (GS, ord("v")):
            return self._raster(data)
        if (prefix, command) == (GS, ord("(")):
            if len(data) < 5:
                return 0
            size = 5 + int.from_bytes(data[3:5], "little")
            return size if len(data) >= size else 0
        self.problems.append(f"unknown command {prefix:02x} {command:02x}")
        return 2

    def _cut(self, data: bytearray) -> int:
        if len(data) < 3:
            return 0
        size = 4 if data[2] in (65, 66) else 3
        if len(data) < size:
            return 0
        self._end_line()
        self.cuts += 1
        cut = Image.new("1", (self.paper.dots, CUT_GAP_DOTS), 1)
        draw = ImageDraw.Draw(cut)
        for x in range(0, self.paper.dots, 16):
            draw.line((x, CUT_GAP_DOTS // 2, x + 8, CUT_GAP_DOTS // 2), fill=0)
        self.parts.append(cut)
        return size

    def _raster(self, data: bytearray) -> int:
        """GS v 0 m xL xH yL yH, then (x bytes a row) * y rows, 1 = black."""
        if len(data) < 8:
            return 0
        row_bytes = int.from_bytes(data[4:6], "little")
        rows = int.from_bytes(data[6:8], "little")
        size = 8 + row_bytes * rows
        if len(data) < size:
            return 0
        self._end_line()
        bits = Image.frombytes("1", (row_bytes * 8, rows), bytes(data[8:size]))
        self._place(Image.eval(bits.convert("L"), lambda v: 255 - v).convert("1"))
        return size

    def _end_line(self, blank: bool = False) -> None:
        """The text so far as one printed line; a bare line feed is a blank line."""
        if not self._line and not blank:
            return
        text = bytes(self._line).decode("cp949", errors="replace")
        self._line.clear()
        width = self._width or self.paper.dots - self._margin
        block = Paper(self.paper.mm, width, max(1, width // FONT_A_DOTS))
        self._place(render_lines([text], block, (0,) if self._tall else ()))

    def _place(self, image: Image.Image) -> None:
        """On the roll at the left margin, cut at the roll's edge as a printer would."""
        row = Image.new("1", (self.paper.dots, image.height), 1)
        row.paste(image.crop((0, 0, min(image.width, self.paper.dots - self._margin),
                              image.height)), (self._margin, 0))
        self.parts.append(row)


def render_escpos(data: bytes, paper: Paper) -> tuple[Image.Image, list[str]]:
    stream = EscposStream(paper)
    stream.feed(data)
    return stream.paper_image(), stream.problems
