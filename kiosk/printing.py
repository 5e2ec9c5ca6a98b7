"""Receipts on paper: the payments engine's receipt laid out for the configured printer.

Layout (columns, wide Hangul) is the payments package's; the printer only puts lines and
the payment id's QR on paper. A file printer's relative path (`png:receipts`) is taken in
the data directory, so the demo's receipts land beside its ledger wherever that is.
"""

from pathlib import Path

from hardware.devices import DeviceError
from hardware.printer.base import PAPERS, Document, Paper, Printer
from hardware.printer.open import open_printer
from kiosk.config import ConfigError
from kiosk.context import Context
from payments.receipts import Receipt, render_text

FILE_KINDS = ("png", "text", "file")


def receipt_document(receipt: Receipt, paper: Paper) -> Document:
    name = receipt.payment_id + ("-refund" if receipt.kind == "refund" else "") + (
        "-reprint" if receipt.reprint else "")
    return Document.of_text(render_text(receipt, paper.columns), receipt.payment_id, name)


def paper_of(context: Context) -> Paper:
    return PAPERS[context.config.devices.paper_width_mm]


def configured_printer(context: Context, device: str | None = None) -> Printer | None:
    """The printer named by `device`, else by the configuration; None when there is none."""
    devices = context.config.devices
    chosen = device or devices.printer
    kind, _, target = chosen.partition(":")
    if kind in FILE_KINDS and target and not Path(target).is_absolute():
        chosen = f"{kind}:{context.data_dir / target}"
    try:
        return open_printer(chosen, devices.paper_width_mm, devices.printer_korean)
    except DeviceError as exc:
        where = "--printer" if device else f"{context.config.source}: devices.printer"
        raise ConfigError(f"{where}: {exc}") from None
