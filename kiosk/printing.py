"""Receipts on paper: the payments engine's receipt laid out for the configured printer.

Layout (columns, wide Hangul) is the payments package's; the printer only puts lines and
the payment id's QR on paper.
"""

import time

from hardware.device_spec import DeviceSpec
from hardware.printer.base import PAPERS, Document, Paper, Printer
from hardware.printer.factory import make_printer
from kiosk.context import Context
from payments.koreatime import now_kst
from payments.receipts import Receipt, render_text
from payments.textlayout import center, pair


def receipt_document(receipt: Receipt, paper: Paper, footer: str = "") -> Document:
    """`footer`: the shop's own closing line (the owner's settings), centred at the end."""
    name = receipt.payment_id + ("-refund" if receipt.kind == "refund" else "") + (
        "-reprint" if receipt.reprint else "")
    text = render_text(receipt, paper.columns)
    if footer:
        text = f"{text.rstrip()}\n{center(footer, paper.columns)}"
    return Document.of_text(text, receipt.payment_id, name)


def paper_of(context: Context) -> Paper:
    return PAPERS[context.config.devices.paper_width_mm]


def configured_printer(context: Context, device: DeviceSpec | None = None) -> Printer:
    """The printer `device` names, else the configuration's, on the configured paper."""
    devices = context.config.devices
    return make_printer(device or devices.printer, devices.paper_width_mm,
                        devices.printer_korean)


def test_document(paper: Paper, printer: DeviceSpec, korean: str) -> Document:
    columns = paper.columns
    lines = [center("** 인쇄 시험 (PRINT TEST) **", columns), "-" * columns,
             pair("프린터", str(printer), columns),
             pair("용지", f"{paper.mm} mm, {columns}칸", columns),
             pair("한글 방식", korean, columns),
             pair("시각", now_kst(time.time()).strftime("%Y-%m-%d %H:%M:%S"), columns),
             "-" * columns, "가나다라마바사아자차카타파하", "ABCDEFGHIJKLMNOPQRSTUVWXYZ",
             "0123456789 ,.-:/()@#%&*+=", "".join(str(n % 10) for n in range(1, columns + 1)),
             "-" * columns, center("아래 QR 코드가 읽히면 정상입니다", columns)]
    return Document(tuple(lines), "kiosk print test", "print-test")
