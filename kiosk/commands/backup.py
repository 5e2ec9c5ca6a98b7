"""`kiosk backup`: an online copy of the ledger, for kiosk-backup.timer (every hour), and
`kiosk restore`: a copy put back in the ledger's place, with the kiosk stopped."""

import argparse
import sys
from pathlib import Path

from kiosk.bootstrap import LEDGER_FILE
from kiosk.commands.output import fail
from kiosk.context import Context
from kiosk.instance import only_kiosk_on
from payments.backup import BackupError, backup_ledger, on_another_disk, restore_ledger


def define_backup(parser: argparse.ArgumentParser) -> None:
    parser.description = (
        "Take an online, checked copy of the ledger (the kiosk may keep selling) "
        "into DIR, on a second disk or USB stick, and remove all but the newest "
        "N copies. Exit 1 when no copy was made.")
    parser.add_argument("--to", required=True, metavar="DIR", help="the backup folder")
    parser.add_argument("--keep", type=int, default=48, metavar="N",
                        help="copies to keep (48: two days of hourly copies)")
    parser.add_argument("--same-disk", action="store_true",
                        help="allow a folder on the ledger's or the system's own disk")
    parser.set_defaults(run=run)


def define_restore(parser: argparse.ArgumentParser) -> None:
    parser.description = (
        "Check a copy that `kiosk backup` made and put it in place of the "
        "ledger, keeping the ledger that was there beside it. Stop the kiosk "
        "first. Customers pay again at once on the kiosk whose sealing key made "
        "the copy; elsewhere each registers again (docs/security.md). Exit 1 when "
        "nothing was restored.")
    parser.add_argument("copy", metavar="FILE", help="a ledger-*.sqlite3 from the backup disk")
    parser.set_defaults(run=run_restore)


def run_restore(args: argparse.Namespace, context: Context) -> int:
    ledger = context.data_dir / LEDGER_FILE
    with only_kiosk_on(context.data_dir, "restore"):
        try:
            kept = restore_ledger(Path(args.copy), ledger)
        except BackupError as exc:
            return fail(str(exc))
    print(f"restored {args.copy} as {ledger}", file=sys.stderr)
    if kept is not None:
        print(f"the ledger that was there is kept as {kept}", file=sys.stderr)
    return 0


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
