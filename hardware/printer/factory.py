"""Choosing a printer adapter by its device spec (docs/configuration.md)."""

import escpos.printer

from hardware.device_spec import DeviceError, DeviceSpec
from hardware.printer.adapters import (
    SEND_TIMEOUT_S,
    EscposPrinter,
    Network,
    NullPrinter,
    PngPrinter,
    TextPrinter,
)
from hardware.printer.base import PAPERS, Printer
from hardware.printer.escpos_job import KOREAN_MODES


def make_printer(spec: DeviceSpec, paper_mm: int = 80, korean: str = "raster") -> Printer:
    """The adapter for `spec` (a `printer` spec). It holds no connection: an ESC/POS printer
    is connected to for each job, so one switched off between receipts is simply found
    again."""
    if paper_mm not in PAPERS:
        raise DeviceError(f"paper {paper_mm} mm: use 58 or 80")
    if korean not in KOREAN_MODES:
        raise DeviceError(f"printer_korean {korean!r}: use raster or cp949")
    paper = PAPERS[paper_mm]
    if spec.kind == "none":
        return NullPrinter(paper)
    if spec.kind == "png":
        return PngPrinter(spec.path, paper)
    if spec.kind == "text":
        return TextPrinter(spec.path, paper)
    if spec.kind == "usb":
        vendor, product, (in_ep, out_ep) = spec.usb_ids
        return EscposPrinter(lambda: escpos.printer.Usb(vendor, product, timeout=5000,
                                                        in_ep=in_ep, out_ep=out_ep),
                             paper, korean, f"USB printer {vendor:04x}:{product:04x}")
    if spec.kind == "tcp":
        host, port = spec.address
        return EscposPrinter(lambda: Network(host, port, timeout=SEND_TIMEOUT_S),
                             paper, korean, f"network printer {host}:{port}")
    if spec.kind == "serial":
        device, baud = spec.serial
        return EscposPrinter(lambda: escpos.printer.Serial(device, baudrate=baud, timeout=1),
                             paper, korean, f"serial printer {device}")
    # file: a device node such as /dev/usb/lp0, written and never read
    return EscposPrinter(lambda: escpos.printer.File(spec.target), paper, korean,
                         f"printer file {spec.target}", answers_status=False)
