"""`kiosk terminal`: a kiosk's key as a terminal of the chain, and the server's list of them.

On a kiosk, `kiosk terminal key` makes the key pair (once; 0600) and prints the public half.
On the server, the owner registers that line with `kiosk terminal add NAME KEY`, and revokes
a lost terminal with `kiosk terminal revoke NAME`: its next request is refused.
"""

import argparse

from kiosk.bootstrap import terminal_key_path
from kiosk.commands.output import fail
from kiosk.commands.server_command import DB_ENV, add_db_option, db_url, demo_cluster_folder
from kiosk.context import Context
from payments.database import STORAGE_ERRORS, LedgerError
from payments.koreatime import now_kst
from payments.ledger import Ledger
from payments.signing_keys import KeyFileError, load_or_create_key
from server.cluster import running_socket_url
from server.migrate import migrate
from server.postgres import PostgresBooks
from server.terminal_auth import public_key_text
from server.terminals import Terminals


def define_key(parser: argparse.ArgumentParser) -> None:
    parser.set_defaults(run=show_key)


def define_add(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("name", help="the counter's name, e.g. gangnam-1")
    parser.add_argument("public_key", help="the line `kiosk terminal key` printed")
    add_db_option(parser)
    parser.set_defaults(run=add_terminal)


def define_revoke(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("name")
    add_db_option(parser)
    parser.set_defaults(run=revoke_terminal)


def define_list(parser: argparse.ArgumentParser) -> None:
    add_db_option(parser)
    parser.set_defaults(run=list_terminals)


def show_key(args: argparse.Namespace, context: Context) -> int:
    path = terminal_key_path(context)
    try:
        key = load_or_create_key(path)
    except KeyFileError as problem:
        return fail(str(problem))
    print(public_key_text(key))
    return 0


def add_terminal(args: argparse.Namespace, context: Context) -> int:
    def add(terminals: Terminals) -> int:
        try:
            terminals.add(args.name, args.public_key)
        except ValueError as problem:
            return fail(str(problem))
        print(f"registered terminal {args.name}")
        return 0
    return _on_server(args, context, add)


def revoke_terminal(args: argparse.Namespace, context: Context) -> int:
    def revoke(terminals: Terminals) -> int:
        if not terminals.revoke(args.name):
            return fail(f"no registered terminal {args.name!r}: see kiosk terminal list")
        print(f"revoked terminal {args.name}: its requests are refused from now on")
        return 0
    return _on_server(args, context, revoke)


def list_terminals(args: argparse.Namespace, context: Context) -> int:
    def show(terminals: Terminals) -> int:
        for row in terminals.listed():
            state = (f"revoked {now_kst(row['revoked_at']):%Y-%m-%d %H:%M}"
                     if row["revoked_at"] else "active")
            print(f"{row['name']}  {row['public_key']}  added "
                  f"{now_kst(row['added_at']):%Y-%m-%d %H:%M}  {state}")
        return 0
    return _on_server(args, context, show)


def _on_server(args: argparse.Namespace, context: Context, action) -> int:
    url = db_url(args)
    if url is None and context.demo:  # the books of the demo chain's server, if it runs
        url = running_socket_url(demo_cluster_folder(context))
        if url is None:
            return fail(f"the demo chain's server is not running on {context.data_dir}: "
                        f"start it (kiosk --data-dir {context.data_dir} server), or say "
                        "where the chain's books are with --db postgresql://USER@HOST/DB")
    if url is None:
        return fail(f"say where the chain's books are: --db postgresql://USER@HOST/DB, or "
                    f"${DB_ENV}")
    try:
        migrate(url)
        ledger = Ledger(PostgresBooks(url))
    except (LedgerError, *STORAGE_ERRORS) as problem:
        return fail(str(problem))
    try:
        return action(Terminals(ledger))
    finally:
        ledger.close()
