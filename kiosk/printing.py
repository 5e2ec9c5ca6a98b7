"""Receipts on paper: the payments engine's receipt laid out for the configured printer.

Layout (columns, wide Hangul) is the payments package's; the printer only puts lines and
the payment id's QR on paper.
"""

import time

from hardware.device_spec import DeviceSpec
from hardware.printer.base import PAPERS, Document, Paper, Printer
from kiosk.context import Context
from payments.koreatime import now_kst
from payments.receipt_layout import lay_out
from payments.receipts import Merchant, Receipt
from payments.report_layout import lay_out_report
from payments.textlayout import center, pair


def receipt_document(receipt: Receipt, paper: Paper, footer: str = "",
                     wallet: str = "") -> Document:
    """`footer`: the shop's own closing line (the owner's settings), centred at the end.
    `wallet`: the wallet's address, when the shop has one: the QR under the receipt then
    opens it in the customer's wallet (which still shows it only to the paying phone);
    without one, the QR is the payment id, for the clerk's scanner."""
    name = receipt.payment_id + ("-refund" if receipt.kind == "refund" else "") + (
        "-reprint" if receipt.reprint else "")
    layout = lay_out(receipt, paper.columns)
    lines = layout.lines + ((center(footer, paper.columns),) if footer else ())
    qr = f"{wallet}/receipts/{receipt.payment_id}" if wallet else receipt.payment_id
    return Document(lines, qr, name, layout.strong)


def report_document(report: dict, merchant: Merchant, paper: Paper,
                    printed_at: float | None = None) -> Document:
    """The closing (Z) report as printed, stamped with when it was printed."""
    layout = lay_out_report(report, merchant, time.time() if printed_at is None else printed_at,
                            paper.columns)
    return Document(layout.lines, name=f"z-report-{report['date']}", strong=layout.strong)


def paper_of(context: Context) -> Paper:
    return PAPERS[context.config.devices.paper_width_mm]


def configured_printer(context: Context, device: DeviceSpec | None = None) -> Printer:
    """The printer `device` names, else the configuration's, on the configured paper."""
    # Imported here: python-escpos and NumPy are a quarter of a second of CPU at the start
    # of every command that only lays a receipt out (`kiosk payments`, `receipt`, `report`).
    from hardware.printer.factory import make_printer

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
