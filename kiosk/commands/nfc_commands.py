"""`kiosk nfc read` (the tester's tool at the counter) and `kiosk sim tap` (the customer's)."""

import argparse
import json
import sys

from hardware.device_spec import DeviceError, DeviceSpec
from hardware.nfc import NfcError, make_reader
from hardware.nfc.emulation import present
from kiosk.argument_parser import seconds
from kiosk.commands.output import fail
from kiosk.context import Context
from payments.codes import looks_like_code


def define_read(parser: argparse.ArgumentParser) -> None:
    parser.description = (
        "Wait for one tag or phone and print what it carried. Exit 0 read, "
        "4 nothing presented, 2 presented but not a payment code.")
    parser.add_argument("--device", metavar="PATH",
                        help="an nfcpy path (default: the configuration's devices.nfc)")
    parser.add_argument("--timeout", type=seconds, default=30.0, metavar="S")
    parser.add_argument("--json", action="store_true", help="one JSON document on stdout")
    parser.set_defaults(run=run_read)


def define_tap(parser: argparse.ArgumentParser) -> None:
    parser.description = (
        "Emulate, over nfcpy's udp driver, a Type 3 tag holding the code or a "
        "phone answering the payment application, until the kiosk reads it.")
    parser.add_argument("--code", required=True, metavar="PAYLOAD")
    parser.add_argument("--as", dest="as_", choices=("tag", "phone"), default="tag")
    parser.add_argument("--record", choices=("text", "uri"), default="text",
                        help="for a tag: an NDEF Text record, or a kpay: URI record")
    parser.add_argument("--encoding", choices=("UTF-8", "UTF-16"), default="UTF-8",
                        help="for a Text record")
    parser.add_argument("--no-app", action="store_true",
                        help="a phone without the payment application")
    parser.add_argument("--device", metavar="udp:127.0.0.1:PORT",
                        help="the reader's udp path (default: the configuration's devices.nfc; "
                             "the demo's port is its data directory's own)")
    parser.add_argument("--timeout", type=seconds, default=30.0, metavar="S")
    parser.set_defaults(run=run_tap)


def reader_of(args: argparse.Namespace, context: Context) -> DeviceSpec:
    """`--device`, else the configuration's reader; DeviceError naming the option."""
    if not args.device:
        return context.config.devices.nfc
    try:
        return context.device_option(args.device, "nfc")
    except DeviceError as exc:
        raise DeviceError(f"--device: {exc}") from None


def run_read(args: argparse.Namespace, context: Context) -> int:
    try:
        tap = make_reader(reader_of(args, context)).read_one(args.timeout)
    except (DeviceError, NfcError) as trouble:
        return fail(str(trouble))
    if tap is None:
        print(f"kiosk: nothing was presented within {args.timeout:.0f} s", file=sys.stderr)
        return 4
    paying = tap.payload is not None and looks_like_code(tap.payload)
    report = {"code": tap.payload if paying else None, "carrier": tap.carrier, "uid": tap.uid,
              "problem": tap.problem or ("" if paying else "not a payment code")}
    if args.json:
        print(json.dumps(report, ensure_ascii=False))
    elif paying:
        print(tap.payload)
        print(f"  via {tap.carrier}, uid {tap.uid}", file=sys.stderr)
    else:
        print(f"kiosk: {report['problem']} (uid {tap.uid})", file=sys.stderr)
    return 0 if paying else 2


def run_tap(args: argparse.Namespace, context: Context) -> int:
    try:
        device = reader_of(args, context)
    except DeviceError as trouble:
        return fail(str(trouble))
    if not device.simulated:
        return fail(f"the NFC reader is {device}, not the simulated one: sim tap emulates "
                    "over nfcpy's udp driver: --device udp:127.0.0.1:PORT")
    code = None if args.no_app else args.code
    if present(device, code, args.as_, args.record, args.encoding, args.timeout):
        print(f"read by the kiosk ({args.as_})")
        return 0
    print(f"kiosk: the reader did not read the {args.as_} within {args.timeout:.0f} s",
          file=sys.stderr)
    return 4 if not args.no_app else 2
