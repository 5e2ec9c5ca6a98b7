"""`kiosk server`: the chain's server, with the books on PostgreSQL (docs/server.md).

It holds the institution's credentials and the customers' tokens; terminals (kiosks with a
`[server]` table) charge through it with their own keys. Run several behind one proxy on
one database: they keep no state of their own.
"""

import argparse
import dataclasses
import hashlib
import os
import re
import sys
from contextlib import nullcontext
from pathlib import Path

from kiosk.bootstrap import TERMINAL_KEY_FILE, bootstrap_server
from kiosk.commands.output import fail
from kiosk.commands.serving import CannotListen, listening, serve
from kiosk.config import DEMO_CONFIG, sealing_key_path
from kiosk.context import Context
from payments.database import LedgerError
from payments.ledger import Ledger
from payments.sealing import load_key
from payments.signing_keys import load_or_create_key
from server.app import create_app
from server.chain import Chain
from server.cluster import ClusterError, PostgresCluster
from server.owner import owner_routes
from server.owner_login import write_password_file
from server.postgres import PostgresBooks, safe_url
from server.terminal_auth import public_key_text

DB_ENV = "KIOSK_SERVER_DB"
DEMO_CLUSTER = "postgres"  # the demo server's own cluster, in the data directory
DEMO_OWNER_FILE, DEMO_OWNER_PASSWORD = "owner_password", "demo-owner-1234"


def define_server(parser: argparse.ArgumentParser) -> None:
    parser.description = (
        "Serve the chain: terminals charge and refund through it, customers "
        "enroll once for every counter, the owner reads the books.")
    parser.add_argument("--host", default="127.0.0.1",
                        help="address to listen on (127.0.0.1; behind the TLS proxy)")
    parser.add_argument("--port", type=int, default=8800, help="port to listen on (8800)")
    add_db_option(parser, " (the demo: a PostgreSQL of its own in the data directory)")
    parser.add_argument("--counters", type=int, default=2, metavar="N",
                        help="the demo only: make N counters' configurations, registered "
                             "here (2)")
    parser.set_defaults(run=run)


def add_db_option(parser: argparse.ArgumentParser, otherwise: str = "") -> None:
    parser.add_argument("--db", metavar="postgresql://...",
                        help=f"the chain's books (default: ${DB_ENV}{otherwise})")


def db_url(args: argparse.Namespace) -> str | None:
    return args.db or os.environ.get(DB_ENV) or None


def run(args: argparse.Namespace, context: Context) -> int:
    url, cluster = db_url(args), None
    if url is None and not context.demo:
        return fail(f"say where the books are: --db postgresql://USER@HOST/DB, or ${DB_ENV}")
    try:  # before PostgreSQL starts: a second server on the port stops here, in one line
        on = listening(args.host, args.port)
    except CannotListen as problem:
        return fail(str(problem))
    if url is None:  # the demo keeps its books in a PostgreSQL of its own, in the data dir
        try:
            cluster = PostgresCluster(demo_cluster_folder(context), port=args.port + 1)
            url = cluster.start().url
        except ClusterError as problem:
            return fail(str(problem))
        print(f"server: the demo's books in {cluster.folder} (port {cluster.port})",
              file=sys.stderr, flush=True)
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
        chain = Chain(services.engine, services.client)
        if context.demo:
            for config in demo_counters(context, chain, f"http://127.0.0.1:{args.port}",
                                        args.counters):
                print(f"server: a demo counter: kiosk --config {config} run",
                      file=sys.stderr, flush=True)
        app = create_app(chain, extra_routes=_owner_page(context, url))
        where = "the testbed" if services.testbed else context.config.openbanking.base_url
        print(f"server: http://{args.host}:{args.port}, books {safe_url(url)}, bank {where} "
              "(Ctrl-C stops it)", file=sys.stderr, flush=True)
        serve(app, on)  # the books closed and the database stopped after
    finally:
        services.close()
        if cluster is not None:
            cluster.stop()
    return 0


def _owner_page(context: Context, url: str) -> list:
    """The owner's page at /owner, on a connection of its own (a long report never holds
    up a charge), when there is a password to open it with."""
    config = context.config
    if context.demo and not config.server.owner_password_file:
        path = context.data_dir / DEMO_OWNER_FILE
        if not path.exists():
            write_password_file(path, DEMO_OWNER_PASSWORD)
        print(f"server: the owner's page is /owner, password {DEMO_OWNER_PASSWORD!r} (demo)",
              file=sys.stderr, flush=True)
    elif config.server.owner_password_file:
        path = Path(config.server.owner_password_file)
    else:
        print("server: no server.owner_password_file: the owner's page is closed",
              file=sys.stderr, flush=True)
        return []
    key = load_key(sealing_key_path(config), create=False)
    reports = Ledger(PostgresBooks(url))
    return [owner_routes(lambda request: nullcontext(reports), path,
                         key.derived(b"owner session"))]


def demo_counters(context: Context, chain: Chain, url: str, count: int) -> list[Path]:
    """The demo chain's counters: for each, a configuration (the demo's, with `[server]`
    pointing here and a data directory of its own) and a key registered here, made once."""
    made = []
    for number in range(1, count + 1):
        name = f"counter-{number}"
        folder = context.data_dir / "counters" / name
        config = folder.with_suffix(".toml")
        key = load_or_create_key(folder / TERMINAL_KEY_FILE)
        if chain.terminals.named_by(public_key_text(key)) is None:
            chain.terminals.add(name, public_key_text(key))
        # The demo's own file, but for its opening words and its secret (a terminal holds
        # none), placed here.
        demo = DEMO_CONFIG.read_text(encoding="utf-8").split("\n\n", 1)[1]
        text = re.sub(r'client_secret_file = "client_secret".*', 'client_secret_file = ""'
                      "  # none: the chain's server holds the secret", demo)
        config.write_text(
            f"# {name} of the demo chain: a terminal of the chain's server at {url}, with a\n"
            f"# key of its own ({folder / TERMINAL_KEY_FILE}) and no bank secret; simulated\n"
            f'# devices, as in the demo.\n\ndata_dir = "{folder}"\n\n{text}\n[server]\n'
            f'url = "{url}"\n', encoding="utf-8")
        made.append(config)
    return made


def demo_cluster_folder(context: Context) -> Path:
    """In the data directory; as root, where PostgreSQL's own user can reach it (it will not
    run as root, and root's home is closed to it), one folder per data directory."""
    if os.geteuid() != 0:
        return context.data_dir / DEMO_CLUSTER
    tag = hashlib.sha256(str(context.data_dir.resolve()).encode()).hexdigest()[:12]
    return Path("/var/tmp") / f"kiosk-demo-postgres-{tag}"


def _loopback(host: str) -> str:
    return "127.0.0.1" if host in ("0.0.0.0", "::", "") else host
