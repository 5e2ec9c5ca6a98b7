"""What every command starts from: the configuration, demo or not, and the data directory."""

import dataclasses
import os
from dataclasses import dataclass
from pathlib import Path

from hardware.device_spec import DeviceSpec, Role, free_udp_port, parse_device
from kiosk.config import (
    Config,
    ConfigError,
    find_config_file,
    load_config,
    load_demo_config,
)
from payments.sale_requests import published_address

UDP_PORT_FILE = "nfc-udp-port"  # the demo reader's `auto` port, kept in the data directory


@dataclass(frozen=True)
class Context:
    config: Config
    demo: bool  # the built-in demo configuration, or --demo: the testbed may run in-process
    data_dir: Path

    def device_option(self, text: str, role: Role) -> DeviceSpec:
        """A device given on the command line (`--printer`, `--device`), parsed and placed in
        the data directory as the configuration's are; DeviceError when it names nothing."""
        return in_data_dir(parse_device(text, role), self.data_dir)

    def wallet_address(self) -> str:
        """Where customers' phones reach the wallet: the configured `wallet.public_url`, else
        the address a wallet on this machine (the same data directory) last served at; ""
        when the shop has no wallet."""
        return (self.config.wallet.public_url or published_address(self.data_dir)).rstrip("/")


def make_context(config_file: str | None, data_dir: str | None, demo: bool) -> Context:
    path = find_config_file(config_file)
    if path is None or (demo and not config_file):
        config, demo = load_demo_config(), True
    else:
        config = load_config(path)
    data = resolve_data_dir(data_dir, config, demo)
    devices = config.devices
    devices = dataclasses.replace(devices, camera=in_data_dir(devices.camera, data),
                                  nfc=in_data_dir(devices.nfc, data),
                                  printer=in_data_dir(devices.printer, data))
    return Context(dataclasses.replace(config, devices=devices), demo, data)


def in_data_dir(spec: DeviceSpec, data_dir: Path) -> DeviceSpec:
    """Every device as this kiosk uses it: relative paths in the data directory, and the
    demo reader on the data directory's own port. The one place where that happens."""
    return spec.in_data_dir(data_dir, lambda: udp_port_of(data_dir))


def udp_port_of(data_dir: Path) -> int:
    """The simulated reader's loopback port for this data directory: chosen free the first
    time and kept in the directory, so that `kiosk sim tap` finds the kiosk it means and
    two demos on one machine never hear each other's taps."""
    kept = data_dir / UDP_PORT_FILE
    try:
        return int(kept.read_text(encoding="ascii"))
    except (OSError, ValueError):
        pass
    port = free_udp_port()
    try:
        data_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
        kept.write_text(f"{port}\n", encoding="ascii")
    except OSError as exc:
        raise ConfigError(f"cannot use the data directory {data_dir}: {exc.strerror}; "
                          "choose another with --data-dir") from None
    return port


def resolve_data_dir(explicit: str | None, config: Config, demo: bool) -> Path:
    """`--data-dir`, `$KIOSK_DATA_DIR`, the configuration's `data_dir`, or the user's data
    directory; the demo's books live apart from a real kiosk's, in a `demo` folder."""
    chosen = explicit or os.environ.get("KIOSK_DATA_DIR") or config.data_dir
    if chosen:
        return Path(chosen).expanduser()
    base = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share") / "kiosk"
    return base / "demo" if demo else base
