"""`kiosk pay`, `kiosk refund`, `kiosk reconcile`: the commands that move money.

Exit status as docs/commands.md says: 0 approved, 2 declined, 3 unknown (left for the
reconciler), 1 error. Every start settles what an earlier run left unknown. With `--print`
the receipt goes to the configured printer as the app prints it; a printer that fails says
why on stderr and never changes the exit status, which is the money's.
"""

import argparse
import functools
import json
import sqlite3
import sys
from collections.abc import Callable

from hardware.printer.base import PrinterError
from kiosk.bootstrap import LEDGER_FILE, Services, bootstrap
from kiosk.commands.present_sale import pay_presented
from kiosk.config import ConfigError
from kiosk.context import Context
from kiosk.printing import configured_printer, paper_of, receipt_document
from payments.approval import approval_code
from payments.database import in_use, is_busy
from payments.money import Sale, parse_item, parse_won
from payments.payment_result import PaymentResult
from payments.reasons import Refused
from payments.receipts import LAST, Receipt, last_approved, receipt_for, refund_receipt
from payments.sale_requests import LIFETIME_S

MAX_WAIT_S = 900  # a sale request longer than a quarter of an hour is a typo

EXIT = {"approved": 0, "declined": 2, "unknown": 3, "error": 1}


Run = Callable[[argparse.Namespace, Context], int]


def _said_when_the_books_are_busy(run: Run) -> Run:
    """A ledger another process keeps locked past the busy timeout is one line, not a
    traceback. Nothing was sent then: an answer the books cannot take after sending is the
    engine's `unknown`, never this."""
    @functools.wraps(run)
    def guarded(args: argparse.Namespace, context: Context) -> int:
        try:
            return run(args, context)
        except sqlite3.OperationalError as exc:
            if not is_busy(exc):
                raise
            raise in_use(context.data_dir / LEDGER_FILE, exc) from None
    return guarded


def define_pay(parser: argparse.ArgumentParser) -> None:
    parser.description = "Charge one sale with a payment code."
    what = parser.add_mutually_exclusive_group(required=True)
    what.add_argument("--amount", metavar="WON", help="a keyed amount in won")
    what.add_argument("--item", action="append", metavar="NAME:PRICE[:QTY]",
                      help="a line item; repeat for more")
    how = parser.add_mutually_exclusive_group(required=True)
    how.add_argument("--code", metavar="PAYLOAD",
                     help="the payment code the customer presented")
    how.add_argument("--present", action="store_true",
                     help="show the sale as a QR for the customer's wallet instead, and wait "
                          "for the customer to confirm it there with a passkey")
    parser.add_argument("--method", choices=("qr", "nfc"), default="qr")
    parser.add_argument("--wait", type=float, default=LIFETIME_S, metavar="S",
                        help=f"with --present: how long the customer has ({LIFETIME_S} s)")
    parser.add_argument("--png", metavar="PATH", help="with --present: also write the QR here")
    parser.add_argument("--json", action="store_true", help="one JSON document on stdout")
    parser.add_argument("--print", action="store_true",
                        help="also print the receipt (or a declined slip) on the configured "
                             "printer")
    parser.set_defaults(run=run_pay)


def define_refund(parser: argparse.ArgumentParser) -> None:
    parser.description = "Pay back all or part of an approved payment to the account it came from."
    parser.add_argument("payment_id", metavar="PAYMENT_ID",
                        help="a payment id, or 'last' (the newest payment the bank approved, "
                             "as in every command)")
    parser.add_argument("--amount", metavar="WON", help="part of it (default: all that is left)")
    parser.add_argument("--json", action="store_true", help="one JSON document on stdout")
    parser.add_argument("--print", action="store_true",
                        help="also print the refund receipt on the configured printer")
    parser.set_defaults(run=run_refund)


def define_reconcile(parser: argparse.ArgumentParser) -> None:
    parser.description = (
        "Ask the bank about every payment and refund whose outcome is unknown. "
        "Exit 0 when all are settled, 3 when some are still unknown.")
    parser.add_argument("--json", action="store_true", help="one JSON document on stdout")
    parser.set_defaults(run=run_reconcile)


@_said_when_the_books_are_busy
def run_pay(args: argparse.Namespace, context: Context) -> int:
    try:
        sale = (Sale.keyed(parse_won(args.amount)) if args.amount
                else Sale(tuple(parse_item(item) for item in args.item)))
    except Refused as refusal:
        return _error(refusal, args.json)
    if not 0 < args.wait <= MAX_WAIT_S:
        return _error(Refused("대기 시간이 올바르지 않습니다",
                              f"--wait must be above 0 and at most {MAX_WAIT_S} s"), args.json)
    with bootstrap(context) as services:
        services.engine.reconcile()
        try:  # refused before anything was charged: a chain's server away, no wallet here
            result = (pay_presented(services, context.data_dir, sale, args.wait, args.png)
                      if args.present else services.engine.pay(sale, args.code, args.method))
        except Refused as refusal:
            return _error(refusal, args.json)
        printed = _print(context, services, result, "payment") if args.print else None
        return _report(result, args.json, "payment", printed)


@_said_when_the_books_are_busy
def run_refund(args: argparse.Namespace, context: Context) -> int:
    with bootstrap(context) as services:
        services.engine.reconcile()
        payment_id = ""
        try:
            payment_id = last_approved(services.ledger) if args.payment_id == LAST \
                else args.payment_id
            amount = parse_won(args.amount) if args.amount else None
            result = services.engine.refund(payment_id, amount)
        except Refused as refusal:
            return _error(refusal, args.json, payment_id)
        printed = _print(context, services, result, "refund") if args.print else None
        return _report(result, args.json, "refund", printed)


@_said_when_the_books_are_busy
def run_reconcile(args: argparse.Namespace, context: Context) -> int:
    with bootstrap(context) as services:
        settled = services.engine.reconcile()
    unknown = sorted(t for t, status in settled.items() if status == "unknown")
    if args.json:
        print(json.dumps({"checked": settled, "unknown": unknown}))
    else:
        for bank_tran_id, status in settled.items():
            print(f"{bank_tran_id}  {status}")
        print(f"{len(settled) - len(unknown)} settled, {len(unknown)} still unknown"
              if settled else "nothing to settle")
    return 3 if unknown else 0


def _print(context: Context, services: Services, result: PaymentResult, what: str) -> bool:
    """The receipt of what was just done, on the configured printer; False (and why, on
    stderr) when it did not print. A refund refused before anything was sent has none."""
    try:
        ledger, merchant = services.ledger, services.merchant
        receipt: Receipt = (refund_receipt(ledger, result.bank_tran_id, merchant)
                            if what == "refund" else
                            receipt_for(ledger, result.payment_id, merchant))
        printer = configured_printer(context)
        if printer is None:
            raise PrinterError("offline", "no printer is configured (devices.printer = none)")
        printer.print(receipt_document(receipt, paper_of(context),
                                       wallet=context.wallet_address()))
    except (Refused, PrinterError, ConfigError) as exc:
        why = exc.reason.en if isinstance(exc, Refused) else str(exc)
        print(f"kiosk: the receipt did not print: {why}; `kiosk receipt {result.payment_id}` "
              "gives it again", file=sys.stderr)
        return False
    return True


def _report(result: PaymentResult, as_json: bool, what: str,
            printed: bool | None = None) -> int:
    code = approval_code(result.approval_no)
    if as_json:
        answer = _document(result)
        if printed is not None:
            answer["printed"] = printed
        print(json.dumps(answer, ensure_ascii=False))
    else:
        done = "refunded" if what == "refund" and result.status == "approved" else result.status
        line = f"{done}: {result.amount:,} won, payment {result.payment_id}"
        if result.account_masked:
            line += f", {result.account_masked}"
        if code:
            line += f", approval {code} (bank {result.approval_no})"
        print(line)
        if result.reason:
            print(f"  {result.reason.ko} / {result.reason.en}")
        if result.status == "unknown":
            print("  the bank has not said yet: `kiosk reconcile` will settle it")
        if printed:  # --print said nothing when it worked, only when it failed
            print("  printed on the receipt printer")
    return EXIT[result.status]


def _document(result: PaymentResult) -> dict:
    """The JSON document docs/commands.md gives `pay` and `refund`, an error's too."""
    return {**result.to_json(), "approval_code": approval_code(result.approval_no)}


def _error(refusal: Refused, as_json: bool, payment_id: str = "") -> int:
    if as_json:
        failed = PaymentResult(payment_id, "error", 0, refusal.reason)
        print(json.dumps(_document(failed), ensure_ascii=False))
    else:
        print(f"kiosk: {refusal.reason.en} ({refusal.reason.ko})", file=sys.stderr)
    return 1
