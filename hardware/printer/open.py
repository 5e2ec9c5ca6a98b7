"""A printer from its device string (docs/configuration.md), or None for `none`."""

from pathlib import Path

import escpos.printer

from hardware.devices import DeviceError, parse_device
from hardware.printer.adapters import (
    SEND_TIMEOUT_S,
    EscposPrinter,
    Network,
    PngPrinter,
    TextPrinter,
)
from hardware.printer.base import PAPERS, Printer
from hardware.printer.escpos_job import KOREAN_MODES

PRINTER_KINDS = {"usb": "usb:04b8:0202", "tcp": "tcp:192.168.0.50:9100",
                 "serial": "serial:/dev/ttyUSB0", "file": "file:/dev/usb/lp0",
                 "png": "png:/var/lib/kiosk/receipts", "text": "text:/tmp/receipts",
                 "none": "none"}
USB_ENDPOINTS = (0x82, 0x01)  # python-escpos's defaults, right for Epson and most clones


def open_printer(device: str, paper_mm: int = 80, korean: str = "raster") -> Printer | None:
    spec = parse_device(device, PRINTER_KINDS, "printer")
    if paper_mm not in PAPERS:
        raise DeviceError(f"paper {paper_mm} mm: use 58 or 80")
    if korean not in KOREAN_MODES:
        raise DeviceError(f"printer_korean {korean!r}: use raster or cp949")
    paper = PAPERS[paper_mm]
    target = spec.target
    if spec.kind == "none":
        return None
    if spec.kind == "png":
        return PngPrinter(Path(target), paper)
    if spec.kind == "text":
        return TextPrinter(Path(target), paper)
    if spec.kind == "usb":
        vendor, product, endpoints = _usb_ids(target)
        return EscposPrinter(lambda: escpos.printer.Usb(vendor, product, timeout=5000,
                                                        in_ep=endpoints[0], out_ep=endpoints[1]),
                             paper, korean, f"USB printer {vendor:04x}:{product:04x}")
    if spec.kind == "tcp":
        host, _, port = target.rpartition(":")
        if not host or not port.isdigit():
            raise DeviceError(f"printer {device!r}: write it as tcp:HOST:PORT, as in "
                              f'"{PRINTER_KINDS["tcp"]}"')
        return EscposPrinter(lambda: Network(host, int(port), timeout=SEND_TIMEOUT_S),
                             paper, korean, f"network printer {host}:{port}")
    if spec.kind == "serial":
        path, _, baud = target.partition(":")
        if baud and not baud.isdigit():
            raise DeviceError(f"printer {device!r}: write it as serial:DEVICE or "
                              "serial:DEVICE:BAUD, as in serial:/dev/ttyUSB0:38400")
        return EscposPrinter(
            lambda: escpos.printer.Serial(path, baudrate=int(baud or 9600), timeout=1),
            paper, korean, f"serial printer {path}")
    # file: a device node such as /dev/usb/lp0, written and never read
    return EscposPrinter(lambda: escpos.printer.File(target), paper, korean,
                         f"printer file {target}", answers_status=False)


def _usb_ids(target: str) -> tuple[int, int, tuple[int, int]]:
    """`VID:PID`, optionally `:IN:OUT` endpoints, all hexadecimal."""
    parts = target.split(":")
    try:
        numbers = [int(part, 16) for part in parts]
    except ValueError:
        numbers = []
    if len(numbers) not in (2, 4):
        raise DeviceError(f"printer usb:{target}: write it as usb:VID:PID in hexadecimal "
                          f'(as `lsusb` shows it), as in "{PRINTER_KINDS["usb"]}", optionally '
                          "followed by :IN:OUT endpoints")
    endpoints = (numbers[2], numbers[3]) if len(numbers) == 4 else USB_ENDPOINTS
    return numbers[0], numbers[1], endpoints
