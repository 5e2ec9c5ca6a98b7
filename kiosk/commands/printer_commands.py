"""`kiosk print-test` (is the printer there, and does it print Korean?) and `kiosk sim
printer` (a network receipt printer on loopback that keeps what it is sent)."""

import argparse
from pathlib import Path

from hardware.device_spec import DeviceError
from hardware.printer.base import PAPERS, PrinterError
from hardware.printer.sim_network import SimNetworkPrinter
from kiosk.commands.output import fail
from kiosk.context import Context
from kiosk.printing import configured_printer, paper_of, test_document
from payments.loopback import is_loopback

SIM_OUT = "sim-printer"  # in the data directory


def define_print_test(parser: argparse.ArgumentParser) -> None:
    parser.description = (
        "Print a test receipt: Korean text, the column rule and a QR code. "
        "Exit 0 printed, 1 with what is wrong.")
    parser.add_argument("--printer", metavar="URI",
                        help="usb:VID:PID, tcp:HOST:PORT, serial:DEV, file:PATH, png:DIR or "
                             "text:DIR (default: the configuration's devices.printer)")
    parser.set_defaults(run=run_print_test)


def define_printer(parser: argparse.ArgumentParser) -> None:
    parser.description = (
        "A raw-TCP (port 9100) ESC/POS printer on loopback. Each job is kept as "
        "job-NNNN.bin (the bytes) and job-NNNN.png (the paper they print).")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=9100, help="0 for any free port")
    parser.add_argument("--out", metavar="DIR",
                        help=f"where jobs are kept (default: DATA_DIR/{SIM_OUT})")
    parser.add_argument("--paper", type=int, choices=sorted(PAPERS), default=None,
                        help="paper width in mm (default: the configuration's)")
    parser.set_defaults(run=run_sim_printer)


def run_print_test(args: argparse.Namespace, context: Context) -> int:
    try:
        device = (context.device_option(args.printer, "printer") if args.printer
                  else context.config.devices.printer)
    except DeviceError as exc:
        return fail(f"--printer: {exc}")
    printer = configured_printer(context, device)
    try:
        printer.print(test_document(paper_of(context), device,
                                    context.config.devices.printer_korean))
    except PrinterError as exc:
        return fail(str(exc))
    written = getattr(printer, "last_path", None)
    print(f"printed a test receipt on {written or device}")
    return 0


def run_sim_printer(args: argparse.Namespace, context: Context) -> int:
    if not is_loopback(args.host):
        return fail(f"--host {args.host}: the simulated printer listens on loopback only")
    out = Path(args.out) if args.out else context.data_dir / SIM_OUT
    paper = PAPERS[args.paper] if args.paper else paper_of(context)
    try:
        server = SimNetworkPrinter(out, paper, args.host, args.port)
    except OSError as exc:
        return fail(f"cannot listen on {args.host}:{args.port}: {exc.strerror}; "
                    "choose another --port")
    server.on_job = lambda job: print(
        f"job {job.number}: {len(job.data)} bytes"
        + (f", paper in {job.png_path}" if job.png_path else ", not printed"), flush=True)
    print(f"printer listening on {server.address} ({paper.mm} mm); jobs go to {out}",
          flush=True)
    try:
        server.serve_forever()
    finally:
        server.server_close()
    return 0
