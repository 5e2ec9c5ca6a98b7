"""`kiosk run`: the Qt kiosk. With no configuration it is the demo; on a machine with no
display it runs offscreen and says how to pay it from another terminal."""

import argparse
import os
import shlex
import sys

from kiosk.argument_parser import seconds
from kiosk.commands.output import fail
from kiosk.context import Context
from kiosk.instance import only_kiosk_on

OFFSCREEN_HELP = """kiosk: {why} the kiosk runs offscreen. It rings up a demo sale
by itself and waits for it to be paid. From another terminal (in this checkout, first
. .venv/bin/activate):
  pay by QR:   {kiosk} sim present --code "$({kiosk} sim code | head -1)"
  {nfc_line}
  the books:   {kiosk} payments; {kiosk} report; {kiosk} refund last
  receipts go to {receipts}
  a picture of each outcome's screen goes to {screenshots}
Stop it with Ctrl-C."""
SCREENSHOTS = "screenshots"  # in the data directory


def define_run(parser: argparse.ArgumentParser) -> None:
    parser.description = (
        "The kiosk's screens. With no configuration: the demo (a testbed bank "
        "inside, simulated camera, NFC and printer). Exit 1 when a --script "
        "step fails.")
    parser.add_argument("--offscreen", action="store_true", help="no display: draw offscreen")
    parser.add_argument("--fullscreen", action="store_true", help="fill the screen")
    parser.add_argument("--lang", choices=("ko", "en"), help="the screen's language")
    parser.add_argument("--script", metavar="FILE", help="run a scenario (TOML) and exit")
    parser.add_argument("--screenshot", metavar="PATH",
                        help="save the window as PNG: when ready, or at the end of "
                             "--quit-after or --script")
    parser.add_argument("--quit-after", type=seconds, metavar="S", help="quit after S seconds")
    parser.add_argument("--no-sound", action="store_true", help="stay silent")
    parser.set_defaults(run=run)


def has_display() -> bool:
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")
                or os.environ.get("QT_QPA_PLATFORM"))


def offscreen_help(args: argparse.Namespace, context: Context) -> str:
    """How to pay the offscreen kiosk, with the very options it was started with, so the
    commands reach this kiosk's camera folder, reader and books."""
    kiosk = " ".join(["kiosk", *(["--config", shlex.quote(args.config)] if args.config else []),
                      *(["--demo"] if args.demo else []),
                      "--data-dir", shlex.quote(str(context.data_dir))])
    devices = context.config.devices
    nfc_line = (f'pay by NFC:  {kiosk} sim tap --code "$({kiosk} sim code | head -1)" '
                f"--device {devices.nfc}" if devices.nfc.simulated else
                f"pay by NFC:  not here (the NFC reader is {devices.nfc})")
    why = "as --offscreen asks," if args.offscreen else "no display here, so"
    return OFFSCREEN_HELP.format(why=why, kiosk=kiosk, nfc_line=nfc_line,
                                 receipts=devices.printer.target or "no printer",
                                 screenshots=context.data_dir / SCREENSHOTS)


def run(args: argparse.Namespace, context: Context) -> int:
    with only_kiosk_on(context.data_dir):
        return _run(args, context)


def _run(args: argparse.Namespace, context: Context) -> int:
    offscreen = args.offscreen or not has_display()
    if offscreen:
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    # Nobody at the screen and nothing scripted: the kiosk rings up sales by itself.
    unattended = offscreen and not args.script and not (args.screenshot and
                                                        args.quit_after is None)
    from kiosk.app.application import Kiosk, quit_on_signals  # Qt only once the platform is set
    from kiosk.app.headless import HeadlessCounter
    from kiosk.app.scenario import Scenario, ScenarioError

    scenario = None
    if args.script:
        try:
            scenario = Scenario.load(args.script)
        except ScenarioError as exc:
            return fail(str(exc))
    kiosk = Kiosk(context, args.lang, sounds=not args.no_sound and not offscreen)
    keep = quit_on_signals(kiosk.app)
    kiosk.show(args.fullscreen)
    counter = None
    if unattended:
        screenshots = context.data_dir / SCREENSHOTS
        print(offscreen_help(args, context), file=sys.stderr, flush=True)
        counter = HeadlessCounter(kiosk, screenshots)
    outcome = {"status": 0}

    def finish(status: int = 0) -> None:
        if scenario is not None and status == 0:
            print(f"kiosk: {args.script}: all {len(scenario.steps)} steps passed", flush=True)
        if args.screenshot:
            print(f"screenshot: {kiosk.screenshot(args.screenshot)}", file=sys.stderr)
        outcome["status"] = status
        kiosk.app.quit()

    if scenario is not None:
        scenario.run(kiosk, finish)
    elif args.quit_after is not None:
        from PySide6.QtCore import QTimer
        QTimer.singleShot(int(args.quit_after * 1000), finish)
    elif args.screenshot:
        kiosk.window.ready.connect(lambda: kiosk.app.processEvents() or finish())
    kiosk.app.exec()
    kiosk.stop()
    del keep, counter
    return outcome["status"]
