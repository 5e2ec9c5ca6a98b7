"""`kiosk config`: the configuration in force, where it came from, secrets left out."""

import argparse
import dataclasses
import json
import os

from hardware.device_spec import DeviceSpec
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
    try:
        client_secret(config)
        secret = ("$KIOSK_CLIENT_SECRET" if os.environ.get("KIOSK_CLIENT_SECRET", "").strip()
                  else config.openbanking.client_secret_file) + " (readable)"
    except ConfigError as exc:
        secret = f"not available: {exc}"
    report = {"source": config.source, "demo": context.demo,
              "data_dir": str(context.data_dir),
              "bank": config.openbanking.base_url or (
                  "in-process testbed" if context.demo else "not configured"),
              "client_secret": secret,
              **{section: _table(getattr(config, section))
                 for section in ("merchant", "openbanking", "payments", "devices")}}
    if args.json:
        print(json.dumps(report, ensure_ascii=False, indent=2))
        return 0
    for key in ("source", "demo", "data_dir", "bank", "client_secret"):
        print(f"{key:<14} {report[key]}")
    for section in ("merchant", "openbanking", "payments", "devices"):
        print(f"[{section}]")
        for key, value in report[section].items():
            print(f"  {key:<22} {value}")
    return 0


def _table(section: object) -> dict:
    """A section's keys and values as the file writes them: a device as its string."""
    values = {f.name: getattr(section, f.name) for f in dataclasses.fields(section)}
    return {key: str(value) if isinstance(value, DeviceSpec) else value
            for key, value in values.items()}
