"""`kiosk server`: the chain's server, with the books on PostgreSQL (docs/server.md).

It holds the institution's credentials and the customers' tokens; terminals (kiosks with a
`[server]` table) charge through it with their own keys. Run several behind one proxy on
one database: they keep no state of their own.
"""

import argparse
import dataclasses
import os
import sys

import uvicorn

from kiosk.bootstrap import bootstrap_server
from kiosk.commands.output import fail
from kiosk.context import Context
from payments.database import LedgerError
from server.app import create_app
from server.chain import Chain
from server.postgres import safe_url

DB_ENV = "KIOSK_SERVER_DB"


def register(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser(
        "server", help="the chain's server: one set of books on PostgreSQL for every counter",
        description="Serve the chain: terminals charge and refund through it, customers "
                    "enroll once for every counter, the owner reads the books.")
    parser.add_argument("--host", default="127.0.0.1",
                        help="address to listen on (127.0.0.1; behind the TLS proxy)")
    parser.add_argument("--port", type=int, default=8800, help="port to listen on (8800)")
    add_db_option(parser)
    parser.set_defaults(run=run)


def add_db_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--db", metavar="postgresql://...",
                        help=f"the chain's books (default: ${DB_ENV})")


def db_url(args: argparse.Namespace) -> str | None:
    return args.db or os.environ.get(DB_ENV) or None


def run(args: argparse.Namespace, context: Context) -> int:
    url = db_url(args)
    if url is None:
        return fail(f"say where the books are: --db postgresql://USER@HOST/DB, or ${DB_ENV}")
    if context.demo:  # the testbed's consent page sends the phone back to this server
        settings = dataclasses.replace(
            context.config.openbanking,
            redirect_uri=f"http://{_loopback(args.host)}:{args.port}/enroll/done")
        context = dataclasses.replace(
            context, config=dataclasses.replace(context.config, openbanking=settings))
    try:
        services = bootstrap_server(context, url)
    except LedgerError as problem:
        return fail(str(problem))
    try:
        app = create_app(Chain(services.engine, services.client))
        where = "the testbed" if services.testbed else context.config.openbanking.base_url
        print(f"server: http://{args.host}:{args.port}, books {safe_url(url)}, bank {where} "
              "(Ctrl-C stops it)", file=sys.stderr, flush=True)
        # No access log: the bank's redirect carries an authorization code in its URL.
        uvicorn.run(app, host=args.host, port=args.port, access_log=False, log_config=None,
                    proxy_headers=True, server_header=False)
    finally:
        services.close()
    return 0


def _loopback(host: str) -> str:
    return "127.0.0.1" if host in ("0.0.0.0", "::", "") else host
