"""`kiosk payments`, `kiosk report`, `kiosk receipt`: reading the books, moving nothing."""

import argparse
import json
import re
import sys
import time
from pathlib import Path

from hardware.printer.base import Document, Paper
from hardware.printer.escpos_job import encode
from hardware.printer.raster import png_bytes
from kiosk.commands.output import fail
from kiosk.context import Context
from kiosk.printing import paper_of, receipt_document
from kiosk.shop import merchant_of, open_ledger
from payments.koreatime import business_date, now_kst
from payments.masking import mask_fintech
from payments.reasons import Refused
from payments.receipt_layout import render_text
from payments.receipts import COLUMNS, receipt_for
from payments.reports import day_report, render_report
from payments.textlayout import ljust

STATUSES = ("new", "sending", "approved", "declined", "unknown", "error")


def _date(text: str) -> str:
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        raise argparse.ArgumentTypeError(f"{text!r} is not a date like 2026-11-21")
    return text


def register(commands: argparse._SubParsersAction) -> None:
    listing = commands.add_parser("payments", help="list payments",
                                  description="List the day's payments (default: today).")
    listing.add_argument("--date", type=_date, metavar="YYYY-MM-DD")
    listing.add_argument("--status", choices=STATUSES)
    listing.add_argument("--json", action="store_true", help="one JSON document on stdout")
    listing.set_defaults(run=run_payments)

    report = commands.add_parser(
        "report", help="the day's totals",
        description="The day's count, gross, refunds and net, by method and by hour.")
    report.add_argument("--date", type=_date, metavar="YYYY-MM-DD")
    report.add_argument("--json", action="store_true", help="one JSON document on stdout")
    report.set_defaults(run=run_report)

    receipt = commands.add_parser(
        "receipt", help="a receipt again (marked as a reprint)",
        description="Print a payment's receipt again, marked as a reprint; a refund's "
                    "bank_tran_id gives the refund receipt.")
    receipt.add_argument("payment_id", metavar="PAYMENT_ID",
                         help="a payment id, 'last', or a refund's bank_tran_id")
    receipt.add_argument("--format", choices=("text", "json", "escpos", "png"), default="text",
                         help="escpos: the bytes the configured printer is sent; png: the "
                              "paper it prints")
    receipt.add_argument("--out", metavar="PATH", help="write it here instead of stdout")
    receipt.add_argument("--json", action="store_true", help="the same as --format json")
    receipt.set_defaults(run=run_receipt)


def _today() -> str:
    return business_date(time.time())


def run_payments(args: argparse.Namespace, context: Context) -> int:
    ledger = open_ledger(context)
    try:
        rows = ledger.payments(args.date or _today(), args.status)
    finally:
        ledger.close()
    listed = [{"payment_id": r.id, "time": now_kst(r.created_at).strftime("%H:%M:%S"),
               "amount": r.amount, "method": r.method, "status": r.status,
               "account": mask_fintech(r.fintech_use_num) if r.fintech_use_num else "",
               "reason": r.reason_en} for r in rows]
    if args.json:
        print(json.dumps(listed, ensure_ascii=False))
        return 0
    for p in listed:
        print(f"{p['payment_id']}  {p['time']}  {p['amount']:>11,}  {p['method'] or '-':<3}  "
              f"{ljust(p['status'], 8)}  {p['account']}  {p['reason']}".rstrip())
    print(f"{len(listed)} payment(s)")
    return 0


def run_report(args: argparse.Namespace, context: Context) -> int:
    ledger = open_ledger(context)
    try:
        report = day_report(ledger, args.date or _today())
    finally:
        ledger.close()
    if args.json:
        print(json.dumps(report))
    else:
        print(render_report(report, COLUMNS[context.config.devices.paper_width_mm]), end="")
    return 0


def run_receipt(args: argparse.Namespace, context: Context) -> int:
    ledger = open_ledger(context)
    merchant = merchant_of(context.config)
    try:
        wanted = ledger.last_payment_id() if args.payment_id == "last" else args.payment_id
        receipt = receipt_for(ledger, wanted or "", merchant, reprint=True)
    except Refused as refusal:
        return fail(refusal.reason.en)
    finally:
        ledger.close()
    if args.json or args.format == "json":
        data = (json.dumps(receipt.to_json(), ensure_ascii=False, indent=2) + "\n").encode()
    elif args.format in ("escpos", "png"):
        document = receipt_document(receipt, paper_of(context))
        data = _paper_bytes(document, paper_of(context), args.format,
                            context.config.devices.printer_korean)
        if not args.out and sys.stdout.isatty():
            return fail(f"a {args.format} receipt is binary: give --out PATH, or redirect it "
                        "(kiosk receipt last --format escpos > /dev/usb/lp0)")
    else:
        data = render_text(receipt, COLUMNS[context.config.devices.paper_width_mm]).encode()
    if args.out:
        Path(args.out).write_bytes(data)
    else:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
    return 0


def _paper_bytes(document: Document, paper: Paper, form: str, korean: str) -> bytes:
    if form == "escpos":
        return encode(document, paper, korean)
    return png_bytes(document, paper)
