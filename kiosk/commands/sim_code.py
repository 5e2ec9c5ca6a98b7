"""`kiosk sim code`: a customer's payment code, as the demo wallet would show it."""

import argparse
import io
import json
import time

import cv2
import numpy as np
import qrcode

from hardware.qr.render import phone
from kiosk.commands.output import fail, unwritten
from kiosk.context import Context
from payments.code_signing import sign_code
from payments.masking import mask_fintech
from payments.money import parse_won
from payments.reasons import Refused
from testbed.demo_wallet import demo_issuer_key, first_demo_customer_fin


def define_code(parser: argparse.ArgumentParser) -> None:
    parser.description = (
        "Print a payment code signed with the demo test key (or a static one), "
        "and show it as a QR in the terminal. The payload is the first line.")
    parser.add_argument("--fin", metavar="NUM",
                        help="the account's fintech number (default: the first demo customer)")
    parser.add_argument("--static", action="store_true",
                        help="the bare fintech number instead of a signed code")
    parser.add_argument("--amount", metavar="WON", help="bind the code to this amount")
    parser.add_argument("--ttl", type=int, default=60, metavar="S",
                        help="seconds the code stays valid (60, at most 300)")
    parser.add_argument("--png", metavar="PATH",
                        help="also write the phone's screen showing the code as an image")
    parser.add_argument("--json", action="store_true", help="one JSON document on stdout")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace, context: Context) -> int:
    fin = args.fin or first_demo_customer_fin()
    if len(fin) != 24 or not fin.isascii() or not fin.isdigit():
        return fail("--fin must be a 24-digit fintech number")
    if not 1 <= args.ttl <= 300:
        return fail("--ttl must be from 1 to 300 seconds")
    try:
        amount = parse_won(args.amount) if args.amount else None
    except Refused as refusal:
        return fail(refusal.reason.en)
    now = time.time()
    if args.static:
        payload, expires = fin, None
    else:
        kid, key = demo_issuer_key()
        payload = sign_code(key, kid, fin, now=now, ttl_s=args.ttl, amount=amount)
        expires = int(now) + args.ttl
    # A PNG whatever the name ends in: it is what --png asks for.
    if args.png and (why := unwritten(args.png, _png(phone(payload)))):
        return fail(why)
    if args.json:
        print(json.dumps({"code": payload, "fin": mask_fintech(fin), "exp": expires}))
        return 0
    print(payload)
    qr = qrcode.QRCode(border=1)
    qr.add_data(payload)
    out = io.StringIO()
    qr.print_ascii(out=out, invert=True)
    print(out.getvalue(), end="")
    print(f"account {mask_fintech(fin)}"
          + (f", valid {args.ttl} s" if expires else ", static")
          + (f", for {amount:,} won only" if amount else ""))
    return 0


def _png(image: np.ndarray) -> bytes:
    return cv2.imencode(".png", image)[1].tobytes()
