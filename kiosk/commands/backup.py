"""`kiosk backup`: an online copy of the ledger, for kiosk-backup.timer (every hour)."""

import argparse
import sys
from pathlib import Path

from kiosk.bank import LEDGER_FILE
from kiosk.commands.output import fail
from kiosk.context import Context
from payments.backup import BackupError, backup_ledger, on_another_disk


def register(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser(
        "backup", help="copy the ledger to a backup disk, keeping the last N copies",
        description="Take an online, checked copy of the ledger (the kiosk may keep selling) "
                    "into DIR, on a second disk or USB stick, and remove all but the newest "
                    "N copies. Exit 1 when no copy was made.")
    parser.add_argument("--to", required=True, metavar="DIR", help="the backup folder")
    parser.add_argument("--keep", type=int, default=48, metavar="N",
                        help="copies to keep (48: two days of hourly copies)")
    parser.add_argument("--same-disk", action="store_true",
                        help="allow a folder on the ledger's or the system's own disk")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace, context: Context) -> int:
    ledger, target = context.data_dir / LEDGER_FILE, Path(args.to)
    try:
        if target.is_dir() and not args.same_disk and not on_another_disk(ledger, target):
            return fail(f"{target} is on the same disk as the ledger or the system, so a "
                        "failed disk would take the copies with it: mount a second disk or "
                        "USB stick there (docs/raspberrypi.md), or pass --same-disk")
        copy = backup_ledger(ledger, target, args.keep)
    except BackupError as exc:
        return fail(str(exc))
    print(f"backed up the ledger to {copy}", file=sys.stderr)
    return 0
