"""The `kiosk` commands: each one's name and help line here, the rest in its own module.

A command's module is imported only when that command runs. Between them the modules
import OpenCV, Qt, the wallet's web stack and the printer's capability tables, over a
second of start-up; `kiosk pay` should not wait for `kiosk wallet`'s imports, nor
`kiosk --help` for any. So `kiosk --help` and a typo's "did you mean" come from the table
below, and only the chosen command's module adds its options, description and `run(args,
context) -> exit status`, in its function `define_<name>(parser)`.
"""

import argparse
import importlib
from dataclasses import dataclass


@dataclass(frozen=True)
class Command:
    """A command defined by `define_<name>` in the module kiosk.commands.<module>."""

    name: str
    help: str
    module: str

    def define(self, parser: argparse.ArgumentParser) -> None:
        module = importlib.import_module(f"{__name__}.{self.module}")
        getattr(module, f"define_{self.name.replace('-', '_')}")(parser)


@dataclass(frozen=True)
class Group:
    """Commands under one word: `kiosk sim bank`."""

    name: str
    help: str
    commands: tuple[Command, ...]
    description: str = ""  # for `kiosk NAME --help`; the help line as a sentence if none

    def describe(self) -> str:
        return self.description or f"{self.help[0].upper()}{self.help[1:]}."


COMMANDS: tuple[Command | Group, ...] = (
    Command("run", "the Qt kiosk", "run"),
    Command("pay", "charge one sale", "pay_refund"),
    Command("refund", "refund all or part of an approved payment", "pay_refund"),
    Command("reconcile", "settle every payment or refund whose outcome is unknown",
            "pay_refund"),
    Command("payments", "list payments", "books"),
    Command("report", "the day's totals", "books"),
    Command("receipt", "a receipt again (marked as a reprint)", "books"),
    Command("export", "payments and refunds of some days as CSV for a spreadsheet", "export"),
    Command("enroll", "register a customer's accounts (Open Banking consent)", "enroll"),
    Command("scan", "decode payment QR codes in images or videos", "scan"),
    Command("config", "show the configuration in force", "config_show"),
    Command("clerk-pin", "make the configuration line for the clerk's PIN", "clerk_pin"),
    Command("backup", "copy the ledger to a backup disk, keeping the last N copies", "backup"),
    Command("restore", "put a backup copy back in place of the ledger (kiosk stopped)",
            "backup"),
    Command("wallet", "the customer's wallet web app (enroll, accounts, pay codes, receipts)",
            "wallet_server"),
    Command("server", "the chain's server: one set of books on PostgreSQL for every counter",
            "server_command"),
    Group("terminal", "this kiosk's key as a chain terminal; the server's terminals", (
        Command("key", "make this kiosk's key pair if missing and print its public key",
                "terminal_command"),
        Command("add", "register a terminal's public key on the server", "terminal_command"),
        Command("revoke", "refuse a terminal's requests from now on", "terminal_command"),
        Command("list", "the terminals registered on the server", "terminal_command"),
    ), "Make this kiosk's terminal key, or (on the server) register, list and revoke "
       "terminals."),
    Group("sim", "simulated bank and devices for testers", (
        Command("bank", "the Open Banking testbed simulator", "sim_bank"),
        Command("code", "a payment code for a demo account", "sim_code"),
        Command("present", "show a code to the simulated camera", "sim_present"),
        Command("tap", "present a code to the NFC reader as an emulated tag or phone",
                "nfc_commands"),
        Command("printer", "a network receipt printer on loopback that keeps what it is sent",
                "printer_commands"),
    )),
    Group("nfc", "the NFC reader", (
        Command("read", "wait for one tag or phone and print its payment code",
                "nfc_commands"),
    )),
    Command("print-test", "print a test receipt", "printer_commands"),
)


def add_commands(parser: argparse.ArgumentParser, dest: str = "command",
                 commands: tuple[Command | Group, ...] = COMMANDS) -> None:
    """Give `parser` the commands, each defined in full only if the user chooses it."""
    chooser = parser.add_subparsers(dest=dest, required=True, metavar=dest.upper(),
                                    action=_Chooser)
    for entry in commands:
        if isinstance(entry, Group):
            group = chooser.add_parser(entry.name, help=entry.help,
                                       description=entry.describe())
            add_commands(group, f"{entry.name}_command", entry.commands)
        else:
            chooser.add_parser(entry.name, help=entry.help)
            chooser.undefined[entry.name] = entry


class _Chooser(argparse._SubParsersAction):
    """argparse's subcommands, where the chosen one is defined just before it parses the
    rest of the line: the one moment argparse knows which command the user meant."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.undefined: dict[str, Command] = {}

    def __call__(self, parser: argparse.ArgumentParser, namespace: argparse.Namespace,
                 values, option_string: str | None = None) -> None:
        if command := self.undefined.pop(values[0], None):
            command.define(self.choices[values[0]])
        super().__call__(parser, namespace, values, option_string)
