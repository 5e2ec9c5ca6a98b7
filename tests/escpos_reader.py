"""An ESC/POS reader written from the command reference, apart from the kiosk's own code.

It imports nothing of `hardware` or `kiosk`: receipts are checked by reading the bytes a
printer is sent the way a printer would, not by the renderer that wrote them (which could
agree with itself and still be wrong). It knows the commands a receipt printer of the
Epson TM / Korean-model kind takes, and refuses any other byte rather than skip it.

No package on PyPI decodes ESC/POS (every one found builds it), hence this small reader.
"""

from dataclasses import dataclass, field

import numpy as np

ESC, GS, FS, DLE, LF = 0x1B, 0x1D, 0x1C, 0x10, 0x0A
# Commands and the count of parameter bytes after them, for those that only set a mode.
FIXED = {(ESC, ord("@")): 0, (ESC, ord("2")): 0, (ESC, ord("E")): 1, (ESC, ord("a")): 1,
         (ESC, ord("t")): 1, (ESC, ord("-")): 1, (ESC, ord("3")): 1, (ESC, ord("d")): 1,
         (ESC, ord("J")): 1, (ESC, ord("!")): 1, (FS, ord("&")): 0, (FS, ord(".")): 0,
         (FS, ord("!")): 1, (GS, ord("!")): 1, (GS, ord("B")): 1, (GS, ord("h")): 1,
         (GS, ord("w")): 1, (GS, ord("L")): 2, (GS, ord("W")): 2, (DLE, 0x04): 1}


@dataclass
class Line:
    text: str
    tall: bool  # printed double height (ESC ! with bit 4 set when the line ended)
    bold: bool


@dataclass
class Reading:
    """What a printer would do with the bytes, in order: text lines and raster images."""

    parts: list[Line | np.ndarray] = field(default_factory=list)
    cuts: int = 0
    left_margin: int = 0
    print_width: int = 0

    @property
    def lines(self) -> list[Line]:
        return [p for p in self.parts if isinstance(p, Line)]

    def raster(self) -> np.ndarray:
        """Every raster image, one under the other (True is a black dot)."""
        images = [p for p in self.parts if isinstance(p, np.ndarray)]
        width = max(image.shape[1] for image in images)
        return np.vstack([np.pad(image, ((0, 0), (0, width - image.shape[1])))
                          for image in images])


def read(data: bytes) -> Reading:
    reading = Reading()
    line = bytearray()
    double_byte = tall = bold = False
    at = 0

    def end_line() -> None:
        reading.parts.append(Line(_decode(bytes(line), double_byte), tall, bold))
        line.clear()

    while at < len(data):
        byte = data[at]
        if byte == LF:
            end_line()
            at += 1
            continue
        if byte not in (ESC, GS, FS, DLE):
            if byte < 0x20:
                raise ValueError(f"control byte {byte:#04x} at {at}")
            if byte >= 0x80 and double_byte:
                line += data[at:at + 2]
                at += 2
            else:
                line.append(byte)
                at += 1
            continue
        command = (byte, data[at + 1])
        if command == (GS, ord("v")):
            at = _raster(data, at, reading)
            continue
        if command == (GS, ord("V")):
            reading.cuts += 1
            at += 4 if data[at + 2] in (65, 66) else 3
            continue
        if command == (GS, ord("(")):
            at += 5 + int.from_bytes(data[at + 3:at + 5], "little")
            continue
        if command not in FIXED:
            raise ValueError(f"unknown command {byte:#04x} {data[at + 1]:#04x} at {at}")
        parameters = data[at + 2:at + 2 + FIXED[command]]
        if command == (ESC, ord("!")):
            tall = bool(parameters[0] & 0x10)
        elif command == (ESC, ord("E")):
            bold = bool(parameters[0] & 1)
        elif command in ((FS, ord("&")), (FS, ord("."))):
            double_byte = command[1] == ord("&")
        elif command == (GS, ord("L")):
            reading.left_margin = int.from_bytes(parameters, "little")
        elif command == (GS, ord("W")):
            reading.print_width = int.from_bytes(parameters, "little")
        elif command == (ESC, ord("@")):
            double_byte = tall = bold = False
        at += 2 + FIXED[command]
    if line:
        end_line()
    return reading


def _decode(data: bytes, double_byte: bool) -> str:
    if not double_byte and any(b >= 0x80 for b in data):
        raise ValueError(f"bytes over 0x7f outside double-byte mode: {data!r}")
    return data.decode("cp949")


def _raster(data: bytes, at: int, reading: Reading) -> int:
    """GS v 0 m xL xH yL yH d1...dk: x bytes a row (8 dots each, most significant first),
    y rows, a set bit a black dot."""
    if data[at + 2] not in (0, ord("0")):
        raise ValueError(f"GS v with function {data[at + 2]:#04x}")
    row_bytes = int.from_bytes(data[at + 4:at + 6], "little")
    rows = int.from_bytes(data[at + 6:at + 8], "little")
    body = np.frombuffer(data[at + 8:at + 8 + row_bytes * rows], dtype=np.uint8)
    if body.size != row_bytes * rows:
        raise ValueError("a raster image cut short")
    reading.parts.append(np.unpackbits(body.reshape(rows, row_bytes), axis=1).astype(bool))
    return at + 8 + row_bytes * rows
