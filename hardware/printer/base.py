"""The printer port: a document goes in, paper comes out, or a `PrinterError` says why not.

A document is what any receipt printer can be asked for: lines already laid out in
display columns for its paper, some of them emphasised (printed double height, as a
receipt's total is), a QR code under them, and a cut. Laying out a receipt is
the payments package's business; the kiosk hands the printer the result.
"""

from abc import ABC, abstractmethod
from dataclasses import dataclass

# What a printer that answers status requests can say; "unknown" when it cannot answer.
STATUSES = ("ready", "paper-low", "paper-out", "cover-open", "offline", "unknown")


@dataclass(frozen=True)
class Paper:
    """A roll: its printable width in dots (8 dots a millimetre) and columns of Font A."""

    mm: int
    dots: int
    columns: int


PAPERS = {58: Paper(58, 384, 32), 80: Paper(80, 576, 42)}


@dataclass(frozen=True)
class Document:
    lines: tuple[str, ...]
    qr: str = ""  # printed under the text, for the clerk's scanner at refund time
    name: str = "receipt"  # a file name for printers that write files
    strong: tuple[int, ...] = ()  # indexes of the lines printed double height and bold

    @classmethod
    def of_text(cls, text: str, qr: str = "", name: str = "receipt") -> "Document":
        return cls(tuple(text.rstrip("\n").split("\n")), qr, name)


class PrinterError(Exception):
    """The document did not print; `status` is one of STATUSES, the message says what to do."""

    def __init__(self, status: str, message: str, partly: bool = False) -> None:
        super().__init__(message)
        self.status = status
        self.partly = partly  # some of it may be on paper: the printer went away mid-job


class Printer(ABC):
    def __init__(self, paper: Paper) -> None:
        self.paper = paper

    @abstractmethod
    def print(self, document: Document) -> None:
        """Print it all, or raise PrinterError."""

    def status(self) -> str:
        """Asked of the printer itself where it can answer; "unknown" where it cannot."""
        return "unknown"
