"""`kiosk clerk-pin`: the line for the configuration that sets the clerk's PIN.

The PIN itself is never stored, only a salted, slow hash of it (payments/passwords.py).
"""

import argparse
import getpass
import sys

from kiosk.commands.output import fail
from kiosk.context import Context
from payments.passwords import hash_password


def define_clerk_pin(parser: argparse.ArgumentParser) -> None:
    parser.description = (
        "Ask for a PIN of 4 to 8 digits (twice, or once on standard input) and "
        "print the [kiosk] clerk_pin_hash line to put in the configuration.")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace, context: Context) -> int:
    if sys.stdin.isatty():
        pin = getpass.getpass("new clerk PIN (4 to 8 digits): ")
        if getpass.getpass("the same again: ") != pin:
            return fail("the two PINs differ; nothing was made")
    else:
        pin = sys.stdin.readline().strip()
    if not (pin.isascii() and pin.isdigit() and 4 <= len(pin) <= 8):
        return fail("a clerk PIN is 4 to 8 digits, typed on the kiosk's keypad")
    print("# in the [kiosk] table of the configuration file:")
    print(f'clerk_pin_hash = "{hash_password(pin)}"')
    return 0
