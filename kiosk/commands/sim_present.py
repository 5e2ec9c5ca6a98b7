"""`kiosk sim present`: hold a phone with a code up to the simulated (inbox) camera."""

import argparse
from pathlib import Path

from hardware.camera.adapters import counter_top, load_image, present_to_inbox
from hardware.camera.base import CameraError
from hardware.qr.render import held_up
from kiosk.commands.output import fail
from kiosk.context import Context

INBOX = "camera-inbox"  # in the data directory: where the demo's `inbox:` camera looks


def default_inbox(context: Context) -> Path:
    """The configured camera's inbox when it is one, else DATA_DIR/camera-inbox."""
    camera = context.config.devices.camera
    return camera.path if camera.kind == "inbox" else context.data_dir / INBOX


def define_present(parser: argparse.ArgumentParser) -> None:
    parser.description = (
        "Render a phone showing the code (or take an image) and drop it into "
        "the simulated camera's inbox, which shows it for a few seconds.")
    what = parser.add_mutually_exclusive_group(required=True)
    what.add_argument("--code", metavar="PAYLOAD", help="the payment code the phone shows")
    what.add_argument("--image", metavar="PATH", help="an image to show as it is")
    parser.add_argument("--inbox", metavar="DIR",
                        help=f"the camera's inbox (default: DATA_DIR/{INBOX})")
    parser.add_argument("--dark", action="store_true", help="the phone in dark mode")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace, context: Context) -> int:
    inbox = Path(args.inbox) if args.inbox else default_inbox(context)
    if args.image:
        try:
            picture = load_image(Path(args.image))
        except CameraError as problem:
            return fail(str(problem))
    else:
        picture = held_up(args.code, counter_top(640, 480), dark_mode=args.dark)
    present_to_inbox(inbox, picture)
    print(f"presented to {inbox}")
    return 0
