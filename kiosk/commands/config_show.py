"""`kiosk config`: the configuration in force, where it came from, secrets left out."""

import argparse
import dataclasses
import json
import os

from hardware.device_spec import DeviceSpec
from kiosk.app.catalogue import load_catalogue
from kiosk.config import ConfigError, client_secret
from kiosk.context import Context


def define_config(parser: argparse.ArgumentParser) -> None:
    parser.description = (
        "Check and show the configuration in force and where it came from. "
        "The client secret is never shown, only whether it can be read.")
    parser.add_argument("--json", action="store_true", help="one JSON document on stdout")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace, context: Context) -> int:
    config = context.config
    # The menu file is the configuration's too: a mistake in it stops `kiosk run`, so it is
    # found here, before the shop opens, with the same line.
    load_catalogue(config.kiosk.catalogue)
    terminal = bool(config.server.url)
    sections = ("merchant", "openbanking", *(("server",) if terminal else ()), "payments",
                "devices")
    report = {"source": config.source, "demo": context.demo,
              "data_dir": str(context.data_dir), "bank": _bank(context),
              "client_secret": "not needed: the chain's server holds it" if terminal
              else _secret(context),
              **{section: _table(getattr(config, section)) for section in sections}}
    if args.json:
        print(json.dumps(report, ensure_ascii=False, indent=2))
        return 0
    for key in ("source", "demo", "data_dir", "bank", "client_secret"):
        print(f"{key:<14} {report[key]}")
    for section in sections:
        print(f"[{section}]")
        for key, value in report[section].items():
            print(f"  {key:<22} {value}")
    return 0


def _bank(context: Context) -> str:
    config = context.config
    if config.server.url:
        return f"through the chain's server {config.server.url} (a terminal)"
    return config.openbanking.base_url or (
        "in-process testbed" if context.demo else "not configured")


def _secret(context: Context) -> str:
    config = context.config
    try:
        client_secret(config)
    except ConfigError as exc:
        return f"not available: {exc}"
    return ("$KIOSK_CLIENT_SECRET" if os.environ.get("KIOSK_CLIENT_SECRET", "").strip()
            else config.openbanking.client_secret_file) + " (readable)"


def _table(section: object) -> dict:
    """A section's keys and values as the file writes them: a device as its string."""
    values = {f.name: getattr(section, f.name) for f in dataclasses.fields(section)}
    return {key: str(value) if isinstance(value, DeviceSpec) else value
            for key, value in values.items()}
