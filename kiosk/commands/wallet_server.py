"""`kiosk wallet`: the customer's wallet web app, wired to this kiosk's ledger and bank.

The bank redirects the customer's phone back to the wallet (`<public URL>/enroll/done`), so
the wallet has a client of its own whose redirect_uri says so; it shares the kiosk's ledger
and token store, so a phone enrolled here can pay at this kiosk at once. A clerk lists the
phones and signs a lost one out with `--devices` and `--sign-out`.
"""

import argparse
import dataclasses
import sys
import time
from urllib.parse import urlsplit

from kiosk.bootstrap import bootstrap
from kiosk.commands.output import fail
from kiosk.commands.serving import CannotListen, listening, serve
from kiosk.config import public_url_problem
from kiosk.context import Context
from payments.koreatime import now_kst
from payments.sale_requests import SaleRequests, kiosk_keys, publish_address
from payments.signing_keys import KeyFileError
from wallet.app import create_app
from wallet.issuer import WALLET_DIR, load_or_create_issuer
from wallet.passkeys import Passkeys, RelyingParty
from wallet.sales import Sales
from wallet.service import Wallet
from wallet.store import SqliteWalletStore

STORE_FILE = "wallet.sqlite3"  # in the data directory's wallet folder


def define_wallet(parser: argparse.ArgumentParser) -> None:
    parser.description = (
        "Serve the customer's wallet: enrollment through the bank's consent page, "
        "accounts, one-time pay codes and receipts, for phones.")
    parser.add_argument("--host", default="127.0.0.1",
                        help="address to listen on (127.0.0.1; behind the TLS proxy)")
    parser.add_argument("--port", type=int, default=8700, help="port to listen on (8700)")
    parser.add_argument("--public-url", metavar="URL",
                        help="the https address phones and the bank see (default: the "
                             "configuration's wallet.public_url, else http://localhost:PORT); "
                             "the bank redirects to URL/enroll/done")
    parser.add_argument("--devices", action="store_true",
                        help="list the phones signed in, and exit")
    parser.add_argument("--sign-out", metavar="DEVICE",
                        help="sign a phone out (a lost phone), and exit")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace, context: Context) -> int:
    folder = context.data_dir / WALLET_DIR
    folder.mkdir(parents=True, exist_ok=True)
    store = SqliteWalletStore(folder / STORE_FILE)
    if args.devices or args.sign_out:
        return _clerk(args, store)
    public_url = (args.public_url or context.config.wallet.public_url
                  or f"http://localhost:{args.port}").rstrip("/")
    problem = public_url_problem(public_url)
    if problem:
        return fail(f"--public-url {public_url}: {problem}: put the wallet behind the TLS "
                    "proxy (docs/wallet.md)")
    try:
        issuer = load_or_create_issuer(context.data_dir)
        on = listening(args.host, args.port)
    except (KeyFileError, CannotListen) as problem:
        return fail(str(problem))
    settings = dataclasses.replace(context.config.openbanking,
                                   redirect_uri=f"{public_url}/enroll/done")
    wallet_context = dataclasses.replace(
        context, config=dataclasses.replace(context.config, openbanking=settings))
    requests = SaleRequests(context.data_dir)  # the kiosk's sales, shared on this machine
    services = bootstrap(wallet_context)
    publish_address(context.data_dir, public_url)
    try:
        wallet = Wallet(services.ledger, services.client, store, issuer, services.merchant,
                        time.time)
        where = urlsplit(public_url)
        party = RelyingParty(where.hostname or "localhost", f"{where.scheme}://{where.netloc}",
                             services.merchant.name)
        passkeys = Passkeys(store, party, issuer.derived_secret(b"passkey user"), time.time)
        sales = Sales(wallet, requests, kiosk_keys(context.data_dir), services.ledger,
                      time.time)
        app = create_app(wallet, store, issuer, passkeys, sales, time.time)
        print(f"wallet: {public_url} (issuer key {issuer.kid}; Ctrl-C stops it)",
              file=sys.stderr, flush=True)
        serve(app, on)
    finally:
        services.close()
        requests.close()
        store.close()
    return 0


def _clerk(args: argparse.Namespace, store: SqliteWalletStore) -> int:
    try:
        if args.sign_out:
            if not store.revoke(args.sign_out.upper(), time.time()):
                return fail(f"no signed-in phone {args.sign_out!r}: see kiosk wallet --devices")
            print(f"signed out phone {args.sign_out.upper()}")
            return 0
        for device in store.devices():
            state = "signed out" if device.revoked_at else "signed in"
            print(f"{device.id}  customer {device.user_seq_no}  {state}  since "
                  f"{now_kst(device.created_at):%Y-%m-%d %H:%M}  last seen "
                  f"{now_kst(device.last_seen):%Y-%m-%d %H:%M}  {device.label[:40]}")
        return 0
    finally:
        store.close()
