"""`kiosk sim bank`: the Open Banking testbed simulator in the foreground."""

import argparse
import contextlib
import json
import logging
import signal
import sqlite3
import sys
import threading
from urllib.parse import urlencode

from kiosk.context import Context
from payments.loopback import is_loopback
from payments.masking import mask_fintech
from testbed import demo_data
from testbed.server import make_testbed
from testbed.settings import BankSettings

log = logging.getLogger(__name__)
DEFAULT_PORT = 8400


def define_bank(parser: argparse.ArgumentParser) -> None:
    parser.description = (
        "Serve the Open Banking testbed simulator until interrupted: OAuth, "
        "user/me, balance, transaction list, withdraw, deposit, transfer/result, "
        "and the /_sim/ admin API. Credentials default to the demo configuration's.")
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on (127.0.0.1)")
    parser.add_argument("--port", type=int, default=DEFAULT_PORT,
                        help=f"port, 0 for any free one ({DEFAULT_PORT})")
    parser.add_argument("--state", metavar="FILE",
                        help="keep accounts and the journal in this SQLite file across restarts "
                             "(default: in memory)")
    parser.add_argument("--seed", type=int, default=demo_data.DEMO_SEED,
                        help="seed of the demo customers and of fault probabilities")
    parser.add_argument("--auto-consent", action="store_true",
                        help="the authorize page redirects at once, without a consent page")
    parser.add_argument("--latency", type=float, default=0.0, metavar="S",
                        help="seconds added to every API answer")
    parser.add_argument("--client-id", default=demo_data.DEMO_CLIENT_ID)
    parser.add_argument("--client-secret", default=demo_data.DEMO_CLIENT_SECRET,
                        help="the secret this testbed expects (a testbed's, never a real one)")
    parser.add_argument("--institution-code", default=demo_data.DEMO_INSTITUTION_CODE)
    parser.add_argument("--contract-account", default=demo_data.DEMO_CONTRACT_ACCOUNT)
    parser.add_argument("--redirect-uri", action="append", metavar="URL",
                        help="a Callback URL registered for the client; repeat for more "
                             f"(default: the demo's, {demo_data.DEMO_REDIRECT_URI})")
    parser.add_argument("--admin-from-anywhere", action="store_true",
                        help="answer /_sim/ from any address, not only loopback")
    parser.add_argument("--json", action="store_true",
                        help="print one JSON line with the URL once serving")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace, context: Context) -> int:
    try:
        settings = BankSettings(
            client_id=args.client_id, client_secret=args.client_secret,
            institution_code=args.institution_code, contract_account=args.contract_account,
            seed=args.seed, auto_consent=args.auto_consent,
            redirect_uris=tuple(args.redirect_uri or (demo_data.DEMO_REDIRECT_URI,)))
    except ValueError as exc:
        print(f"kiosk: --redirect-uri: {exc}", file=sys.stderr)
        return 1
    try:
        server = make_testbed(settings, args.state or ":memory:", args.host, args.port,
                              latency_s=args.latency,
                              admin_from_anywhere=args.admin_from_anywhere)
    except sqlite3.Error as exc:
        print(f"kiosk: --state {args.state}: cannot use it as the testbed's state: {exc}",
              file=sys.stderr)
        return 1
    except OSError as exc:
        print(f"kiosk: cannot listen on {args.host}:{args.port}: {exc.strerror}; "
              "choose another --port (0 picks a free one)", file=sys.stderr)
        return 1
    if server.bank.state.seed != args.seed:
        log.warning("%s was seeded with %d; keeping its accounts (--seed %d ignored)",
                    args.state, server.bank.state.seed, args.seed)
    if not is_loopback(args.host):
        log.warning("listening on %s: the testbed is reachable from other machines", args.host)
    report = {"url": server.url, "state": args.state or "memory",
              "seed": server.bank.state.seed, "auto_consent": args.auto_consent,
              "client_id": args.client_id, "redirect_uris": list(settings.redirect_uris)}
    if args.json:
        print(json.dumps(report), flush=True)
    else:
        _describe(server.url, report, server.bank.accounts())
    stopping = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stopping.set())
    server.start()
    with contextlib.suppress(KeyboardInterrupt):
        stopping.wait()
    server.stop()
    return 0


def _describe(url: str, report: dict, accounts: list[dict]) -> None:
    print(f"Open Banking testbed simulator on {url}  (state: {report['state']}, "
          f"seed {report['seed']}, auto-consent {'on' if report['auto_consent'] else 'off'})")
    consent = urlencode({"response_type": "code", "client_id": report["client_id"],
                         "redirect_uri": report["redirect_uris"][0],
                         "scope": "login inquiry transfer", "state": "demo" * 8})
    print(f"  consent page: {url}/oauth/2.0/authorize?{consent}")
    print(f"  admin API:    {url}/_sim/accounts, /_sim/transfers, /_sim/faults")
    for account in accounts:
        role = "merchant" if account["merchant"] else account["user_seq_no"]
        print(f"  {role:<10} {account['holder_name']:<6} {account['bank_name']:<8} "
              f"{mask_fintech(account['fintech_use_num'])} {account['balance']:>14,} won")
    print("  full fintech numbers: GET /_sim/accounts.  Ctrl-C stops.", flush=True)
