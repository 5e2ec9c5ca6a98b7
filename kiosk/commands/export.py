"""`kiosk export`: the books of a span of business days, for the accountant's spreadsheet."""

import argparse
import sys

from kiosk.bootstrap import open_ledger
from kiosk.commands.books import date_argument
from kiosk.commands.output import fail, unwritten
from kiosk.context import Context
from payments.export import rows, to_csv
from payments.koreatime import business_days


def define_export(parser: argparse.ArgumentParser) -> None:
    parser.description = (
        "Every payment and refund of the business days FROM to TO (Korea time), "
        "one row each, amounts in won, as CSV in UTF-8 with a byte-order mark "
        "(Excel and LibreOffice open it with Korean intact).")
    parser.add_argument("--from", dest="first", required=True, type=date_argument,
                        metavar="YYYY-MM-DD")
    parser.add_argument("--to", dest="last", required=True, type=date_argument,
                        metavar="YYYY-MM-DD")
    parser.add_argument("--csv", action="store_true",
                        help="CSV (the only format, and the default)")
    parser.add_argument("--out", metavar="PATH", help="write it here instead of stdout")
    parser.set_defaults(run=run_export)


def run_export(args: argparse.Namespace, context: Context) -> int:
    if args.first > args.last:
        return fail(f"--from {args.first} is after --to {args.last}: give the earlier day first")
    ledger = open_ledger(context, business_days(args.first, args.last))
    try:
        books = rows(ledger, args.first, args.last)
    finally:
        ledger.close()
    data = to_csv(books)
    if args.out:
        if why := unwritten(args.out, data):
            return fail(why)
        print(f"kiosk: {len(books)} payment and refund row(s) of {args.first} to {args.last} "
              f"written to {args.out}", file=sys.stderr)
    else:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
    return 0
