"""One module a command; each adds its parser and sets `run(args, context) -> exit status`."""

import argparse

from kiosk.commands import (
    backup,
    books,
    clerk_pin,
    config_show,
    enroll,
    export,
    nfc_commands,
    pay_refund,
    printer_commands,
    run,
    scan,
    server_command,
    sim_bank,
    sim_code,
    sim_present,
    terminal_command,
    wallet_server,
)


def register_all(commands: argparse._SubParsersAction) -> None:
    run.register(commands)
    pay_refund.register(commands)
    books.register(commands)
    export.register(commands)
    enroll.register(commands)
    scan.register(commands)
    config_show.register(commands)
    clerk_pin.register(commands)
    backup.register(commands)
    wallet_server.register(commands)
    server_command.register(commands)
    terminal_command.register(commands)
    sim = commands.add_parser("sim", help="simulated bank and devices for testers",
                              description="Simulated bank and devices for testers.")
    sim_commands = sim.add_subparsers(dest="sim_command", required=True, metavar="SIM_COMMAND")
    sim_bank.register(sim_commands)
    sim_code.register(sim_commands)
    sim_present.register(sim_commands)
    nfc_commands.register(commands, sim_commands)
    printer_commands.register(commands, sim_commands)
