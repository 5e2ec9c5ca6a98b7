"""`kiosk payments`, `kiosk report`, `kiosk receipt`: reading the books, moving nothing.

Statuses are a payment's standing (payments/standing.py): refunds are part of its story.
"""

import argparse
import json
import re
import sys
import time
from datetime import datetime

from hardware.printer.base import Document, Paper
from kiosk.bootstrap import merchant_of, open_ledger
from kiosk.commands.output import fail, unwritten
from kiosk.context import Context
from kiosk.printing import paper_of, receipt_document
from payments.export import rows, to_csv
from payments.koreatime import business_date, now_kst
from payments.masking import mask_fintech
from payments.reasons import Refused
from payments.receipt_layout import render_text
from payments.receipts import receipt_for
from payments.report_layout import render_report
from payments.reports import day_report
from payments.standing import STATUSES, listed
from payments.textlayout import ljust

# `sending` is still taken: it was a choice before a charge on its way read as unknown.
STATUS_CHOICES = (*STATUSES, "sending")


def date_argument(text: str) -> str:
    """A business date, YYYY-MM-DD, that is on the calendar (no 2026-02-30)."""
    try:
        valid = re.fullmatch(r"\d{4}-\d{2}-\d{2}", text) and datetime.strptime(text, "%Y-%m-%d")
    except ValueError:
        valid = None
    if not valid:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date like 2026-11-21")
    return text


def define_payments(parser: argparse.ArgumentParser) -> None:
    parser.description = "List the day's payments (default: today)."
    parser.add_argument("--date", type=date_argument, metavar="YYYY-MM-DD")
    parser.add_argument("--status", choices=STATUS_CHOICES,
                        help="partly_refunded and refunded: approved, then paid back")
    parser.add_argument("--json", action="store_true", help="one JSON document on stdout")
    parser.set_defaults(run=run_payments)


def define_report(parser: argparse.ArgumentParser) -> None:
    parser.description = "The day's count, gross, refunds and net, by method and by hour."
    parser.add_argument("--date", type=date_argument, metavar="YYYY-MM-DD")
    form = parser.add_mutually_exclusive_group()  # one document on stdout, never two mixed
    form.add_argument("--json", action="store_true", help="one JSON document on stdout")
    form.add_argument("--csv", action="store_true",
                      help="the day's payments and refunds, one row each, for a spreadsheet "
                           "(UTF-8 with BOM), as `kiosk export` writes them")
    parser.set_defaults(run=run_report)


def define_receipt(parser: argparse.ArgumentParser) -> None:
    parser.description = (
        "Print a payment's receipt again, marked as a reprint. A refund's "
        "approval number (8 digits or the bank's full id) or bank_tran_id gives "
        "the refund receipt.")
    parser.add_argument("payment_id", metavar="PAYMENT_ID",
                        help="a payment id, 'last' (the newest payment the bank approved, "
                             "refunded or not), or any approval number or bank_tran_id on a "
                             "receipt")
    parser.add_argument("--format", choices=("text", "json", "escpos", "png"), default="text",
                        help="escpos: the bytes the configured printer is sent; png: the "
                             "paper it prints")
    parser.add_argument("--out", metavar="PATH", help="write it here instead of stdout")
    parser.add_argument("--json", action="store_true", help="the same as --format json")
    parser.set_defaults(run=run_receipt)


def _today() -> str:
    return business_date(time.time())


def _days_of(payment_id: str) -> list[str]:
    """The day a payment id names (its first eight digits) and today: where a receipt's
    payment and its latest refunds are."""
    named = re.fullmatch(r"(\d{4})(\d{2})(\d{2})-\d+", payment_id)
    return sorted({_today(), *(["-".join(named.groups())] if named else [])})


def run_payments(args: argparse.Namespace, context: Context) -> int:
    status = "unknown" if args.status == "sending" else args.status
    day = args.date or _today()
    ledger = open_ledger(context, [day])
    try:
        found = listed(ledger, day, status)
    finally:
        ledger.close()
    shown = [{"payment_id": p.id, "time": now_kst(p.created_at).strftime("%H:%M:%S"),
              "amount": p.amount, "method": p.method, "status": standing.status,
              "account": mask_fintech(p.fintech_use_num) if p.fintech_use_num else "",
              "reason": p.reason_en, "refunded": standing.refunded,
              "remaining": standing.remaining, "refund_pending": standing.refund_pending}
             for p, standing in found]
    if args.json:
        print(json.dumps(shown, ensure_ascii=False))
        return 0
    for p in shown:
        refunds = f"refunded {p['refunded']:,}, remaining {p['remaining']:,}" \
            if p["refunded"] else ""
        print(f"{p['payment_id']}  {p['time']}  {p['amount']:>11,}  {p['method'] or '-':<3}  "
              f"{ljust(p['status'], 15)}  {p['account']}  {refunds or p['reason']}".rstrip())
    print(f"{len(shown)} payment(s)")
    return 0


def run_report(args: argparse.Namespace, context: Context) -> int:
    day = args.date or _today()
    ledger = open_ledger(context, [day])
    try:
        if args.csv:
            sys.stdout.buffer.write(to_csv(rows(ledger, day, day)))
            sys.stdout.flush()
            return 0
        report = day_report(ledger, day)
    finally:
        ledger.close()
    if args.json:
        print(json.dumps(report))
    else:
        print(render_report(report, merchant_of(context.config), time.time(),
                            paper_of(context).columns), end="")
    return 0


def run_receipt(args: argparse.Namespace, context: Context) -> int:
    ledger = open_ledger(context, _days_of(args.payment_id))
    merchant = merchant_of(context.config)
    try:
        receipt = receipt_for(ledger, args.payment_id, merchant, reprint=True)
    except Refused as refusal:
        return fail(f"{refusal.reason.en} ({refusal.reason.ko}); `kiosk payments --date "
                    "YYYY-MM-DD` lists a day's payments with their ids")
    finally:
        ledger.close()
    if args.json or args.format == "json":
        data = (json.dumps(receipt.to_json(), ensure_ascii=False, indent=2) + "\n").encode()
    elif args.format in ("escpos", "png"):
        document = receipt_document(receipt, paper_of(context),
                                    wallet=context.wallet_address())
        data = _paper_bytes(document, paper_of(context), args.format,
                            context.config.devices.printer_korean)
        if not args.out and sys.stdout.isatty():
            return fail(f"a {args.format} receipt is binary: give --out PATH, or redirect it "
                        "(kiosk receipt last --format escpos > /dev/usb/lp0)")
    else:
        data = render_text(receipt, paper_of(context).columns).encode()
    if args.out:
        if why := unwritten(args.out, data):
            return fail(why)
    else:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
    return 0


def _paper_bytes(document: Document, paper: Paper, form: str, korean: str) -> bytes:
    # Imported here: python-escpos, numpy and the QR drawing are a third of a second of CPU
    # that listing the books or printing the report as text does not need.
    from hardware.printer.escpos_job import encode
    from hardware.printer.raster import png_bytes

    if form == "escpos":
        return encode(document, paper, korean)
    return png_bytes(document, paper)
