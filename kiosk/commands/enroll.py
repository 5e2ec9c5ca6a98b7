"""`kiosk enroll`: register a customer's accounts through Open Banking's 3-legged OAuth."""

import argparse
import html
import io
import json
import re
import secrets
import sys
import time

import httpx
import qrcode

from kiosk.argument_parser import seconds
from kiosk.bootstrap import bootstrap
from kiosk.commands.output import fail
from kiosk.context import Context
from kiosk.redirect_listener import RedirectListener
from payments.enrollment import finish_consent, shown
from payments.reasons import Refused
from server.terminal import RemoteEngine, ServerAway


def define_enroll(parser: argparse.ArgumentParser) -> None:
    parser.description = (
        "Show the Open Banking consent address (and a QR of it), wait for the "
        "bank's redirect on the configured redirect_uri, and register the "
        "customer's accounts so their codes can be charged here.")
    parser.add_argument("--follow", action="store_true",
                        help="open the consent address ourselves (a testbed in auto-consent "
                             "mode answers at once)")
    parser.add_argument("--user-hint", metavar="USER_SEQ_NO",
                        help="the customer to consent as, on the testbed")
    parser.add_argument("--timeout", type=seconds, default=300.0, metavar="S",
                        help="how long to wait for the customer (300)")
    parser.add_argument("--json", action="store_true", help="one JSON document on stdout")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace, context: Context) -> int:
    with bootstrap(context) as services:
        if services.is_terminal:
            return _through_the_chain(args, services.engine)
        client = services.client
        state = secrets.token_hex(16)
        url = client.authorize_url(state)
        if args.user_hint:
            url += f"&sim_user={args.user_hint}"
        try:
            listener = RedirectListener(context.config.openbanking.redirect_uri, state)
        except (ValueError, OSError) as exc:
            return fail(f"cannot receive the bank's redirect: {exc}")
        try:
            problem = _to_the_customer(args, url)
            if problem:
                return fail(problem)
            query = listener.wait(args.timeout)
        finally:
            listener.close()
        if query is None:
            return fail(f"no consent within {args.timeout:.0f} s")
        try:
            accounts = [shown(a) for a in finish_consent(client, services.ledger, query, state)]
        except Refused as refusal:
            return fail(refusal.reason.en)
    return _said(args, accounts)


def _through_the_chain(args: argparse.Namespace, engine: RemoteEngine) -> int:
    """A terminal's customer consents; the bank sends the phone to the chain's server,
    which this asks how it went every second."""
    try:
        url, state = engine.begin_enrollment()
    except (Refused, ServerAway) as why:
        return fail(str(why))
    if args.user_hint:
        url += f"&sim_user={args.user_hint}"
    problem = _to_the_customer(args, url)
    if problem:
        return fail(problem)
    deadline = time.monotonic() + args.timeout
    while time.monotonic() < deadline:
        try:
            found = engine.enrollment(state)
        except (Refused, ServerAway):
            found = {"accounts": None, "problem": None}
        if found["problem"]:
            return fail(found["problem"]["en"])
        if found["accounts"] is not None:
            return _said(args, found["accounts"])
        time.sleep(1)
    return fail(f"no consent within {args.timeout:.0f} s")


def _said(args: argparse.Namespace, accounts: list[dict]) -> int:
    if args.json:
        print(json.dumps({"enrolled": accounts}, ensure_ascii=False))
    else:
        for account in accounts:
            print(f"enrolled {account['holder_name']}: {account['bank_name']} "
                  f"{account['account_num_masked']} ({account['fintech_masked']})")
    return 0


def _to_the_customer(args: argparse.Namespace, url: str) -> str:
    """The consent address, opened here (`--follow`) or shown for the customer's phone;
    what went wrong, or ""."""
    if not args.follow:
        _show(url)
        return ""
    try:
        answer = httpx.get(url, follow_redirects=True, timeout=30)
    except httpx.HTTPError as exc:
        return f"could not open the consent address: {exc}"
    if answer.is_error and not answer.history:  # the bank's own page, not the redirect's
        return (f"the bank's consent page refused (HTTP {answer.status_code}: "
                f"{_page_text(answer.text)}): nothing was registered")
    return ""


def _page_text(page: str) -> str:
    """What an error page says, in one short line: its paragraphs, else all its text. Said
    at once, instead of waiting out the timeout for a redirect that will never come."""
    said = re.findall(r"<p[^>]*>(.*?)</p>", page, re.DOTALL) or [page]
    text = " ".join(html.unescape(re.sub(r"<[^>]+>", " ", " ".join(said))).split())
    return text[:200] or "an empty page"


def _show(url: str) -> None:
    code = qrcode.QRCode(border=1)
    code.add_data(url)
    out = io.StringIO()
    code.print_ascii(out=out, invert=True)
    print("Scan with the customer's phone, or open in a browser:", file=sys.stderr)
    print(out.getvalue(), file=sys.stderr)
    print(url, file=sys.stderr, flush=True)
