"""The `kiosk` command: global options, then one subcommand (docs/commands.md)."""

import os
import sys

from kiosk.argument_parser import ArgumentParser
from kiosk.commands import add_commands
from kiosk.config import ConfigError
from kiosk.context import make_context
from kiosk.logs import setup_logging
from payments.database import LedgerError


def build_parser() -> ArgumentParser:
    parser = ArgumentParser(
        prog="kiosk", description="A point-of-sale payment kiosk paid through Open Banking.")
    parser.add_argument("--config", metavar="FILE",
                        help="configuration file (default: $KIOSK_CONFIG, "
                             "~/.config/kiosk/kiosk.toml, /etc/kiosk/kiosk.toml, else the demo)")
    parser.add_argument("--data-dir", metavar="DIR",
                        help="ledger and logs (default: $KIOSK_DATA_DIR, the configuration's "
                             "data_dir, or ~/.local/share/kiosk)")
    parser.add_argument("--demo", action="store_true",
                        help="the built-in demo configuration; without a bank URL the testbed "
                             "simulator runs inside the kiosk")
    parser.add_argument("-v", "--verbose", action="store_true", help="log debugging detail")
    add_commands(parser)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        context = make_context(args.config, args.data_dir, args.demo)
        try:
            setup_logging(context.data_dir, args.verbose)
        except OSError as exc:
            raise ConfigError(f"cannot use the data directory {context.data_dir}: "
                              f"{exc.strerror}; choose another with --data-dir") from None
        return args.run(args, context)
    except (ConfigError, LedgerError) as exc:
        print(f"kiosk: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # The reader went away (`kiosk sim code | head -1`): nothing more to say to it.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
