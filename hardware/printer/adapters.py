"""Printer adapters: ESC/POS printers through python-escpos, printers that write files, and
the null printer.

An ESC/POS job is built whole in memory first (escpos_job), then sent over a connection
opened for that job alone, so a printer that was unplugged or switched off between
receipts is simply found again. Where the printer answers status requests (USB, network,
serial), it is asked before anything is sent: a job is never sent into paper-out.
"""

import itertools
from collections.abc import Callable
from pathlib import Path

import escpos.printer
from escpos.escpos import Escpos
from escpos.exceptions import Error as EscposError

from hardware.printer.base import Document, Paper, Printer, PrinterError
from hardware.printer.escpos_job import encode
from hardware.printer.raster import render_document

DLE_EOT = b"\x10\x04"
STATUS_TIMEOUT_S = 1.0
SEND_TIMEOUT_S = 30.0  # a long raster job waits while the printer's buffer drains
ADVICE = {
    "paper-out": "the printer is out of paper: load a new roll",
    "cover-open": "the printer's cover is open: close it",
    "offline": "the printer is offline: check its power and cable",
}


class EscposPrinter(Printer):
    def __init__(self, connect: Callable[[], Escpos], paper: Paper, korean: str, where: str,
                 answers_status: bool = True) -> None:
        super().__init__(paper)
        self._connect = connect
        self.korean = korean
        self.where = where
        self.answers_status = answers_status

    def print(self, document: Document) -> None:
        job = encode(document, self.paper, self.korean)
        connection = self._open()
        try:
            status = self._ask(connection)
            if status in ADVICE:
                raise PrinterError(status, f"{self.where}: {ADVICE[status]}")
            try:
                connection._raw(job)
                # A status answer comes only after every byte before it has arrived, so
                # it tells a job the printer took from one lost in a socket's buffer.
                after = self._query(connection) if status != "unknown" else "unknown"
            except (EscposError, OSError) as exc:
                raise PrinterError("offline", f"{self.where} went away in the middle of the "
                                   f"receipt ({_reason(exc)}); print it again",
                                   partly=True) from None
            if after in ADVICE:
                raise PrinterError(after, f"{self.where}: {ADVICE[after]}, in the middle of "
                                   "the receipt; print it again", partly=True)
        finally:
            connection.close()

    def status(self) -> str:
        try:
            connection = self._open()
        except PrinterError as exc:
            return exc.status
        try:
            return self._ask(connection)
        finally:
            connection.close()

    def _open(self) -> Escpos:
        try:
            connection = self._connect()
            connection.open()
        except Exception as exc:  # each backend fails its own way; all mean "not there"
            raise PrinterError("offline", f"{self.where} cannot be reached ({_reason(exc)}): "
                               "is it plugged in, switched on and connected?") from None
        return connection

    def _ask(self, connection: Escpos) -> str:
        if not self.answers_status:
            return "unknown"
        try:
            return self._query(connection)
        except (EscposError, OSError):
            return "unknown"

    @staticmethod
    def _query(connection: Escpos) -> str:
        """DLE EOT 1, 2 and 4: online, why offline, and the paper sensor. OSError when the
        printer does not answer."""
        answers = []
        for n in (1, 2, 4):
            connection._raw(DLE_EOT + bytes((n,)))
            answer = connection._read()
            if not answer:
                raise ConnectionError("no answer to a status request")
            answers.append(answer[-1])
        online, cause, paper = answers
        if cause & 0x04:
            return "cover-open"
        if cause & 0x20 or paper & 0x60:
            return "paper-out"
        if online & 0x08:
            return "offline"
        return "paper-low" if paper & 0x0C else "ready"


class Network(escpos.printer.Network):
    """python-escpos's network printer, asking status with a short wait of its own:
    a printer that does not answer status requests must not hold up every receipt."""

    def _read(self) -> bytes:
        self.device.settimeout(STATUS_TIMEOUT_S)
        try:
            return self.device.recv(16)
        finally:
            self.device.settimeout(self.timeout)


class FilePrinter(Printer):
    """Writes each document into a directory, named after it, never over an older one."""

    suffix = ""

    def __init__(self, directory: Path, paper: Paper) -> None:
        super().__init__(paper)
        self.directory = directory

    def print(self, document: Document) -> None:
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
            path = self._free_path(document.name)
            partial = path.with_name(path.name + ".partial")  # whole or not there at all
            self._write(document, partial)
            partial.replace(path)
        except OSError as exc:
            raise PrinterError("offline", f"cannot write receipts to {self.directory}: "
                               f"{exc.strerror}") from None
        self.last_path = path

    def status(self) -> str:
        return "ready"

    def _free_path(self, name: str) -> Path:
        for n in itertools.count(1):
            path = self.directory / f"{name}{'' if n == 1 else f'-{n}'}{self.suffix}"
            if not path.exists():
                return path
        raise AssertionError("unreachable")

    def _write(self, document: Document, path: Path) -> None:
        raise NotImplementedError


class PngPrinter(FilePrinter):
    """Each receipt as the PNG the paper would show: the same raster a printer is sent."""

    suffix = ".png"

    def _write(self, document: Document, path: Path) -> None:
        render_document(document, self.paper).save(path, "PNG")


class TextPrinter(FilePrinter):
    suffix = ".txt"

    def _write(self, document: Document, path: Path) -> None:
        text = "\n".join(document.lines) + "\n"
        if document.qr:
            text += f"[QR {document.qr}]\n"
        path.write_text(text, encoding="utf-8")


class NullPrinter(Printer):
    """No printer at all (`none`): the shop gives no paper receipts. It stands where a
    printer would, so nothing above the port asks whether there is one: its spool marks each
    job `unprinted` at once (never held, never retried) and reports `none`."""

    configured = False

    def print(self, document: Document) -> None:
        raise PrinterError("none", 'no printer is configured (devices.printer is "none"): '
                           "give one with --printer, or set devices.printer")

    def status(self) -> str:
        return "none"


def _reason(exc: Exception) -> str:
    """The operating system's words where there are some, not python-escpos's wrapping."""
    text = str(getattr(exc, "msg", exc))  # python-escpos's own errors wrap the cause in msg
    if "[Errno" in text:  # the innermost cause, as the operating system put it
        return text.rsplit("] ", 1)[-1].strip().rstrip(")")
    return (text.strip().splitlines() or [type(exc).__name__])[0].rstrip(":")
