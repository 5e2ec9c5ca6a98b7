"""Device strings, parsed here and nowhere else: `kind:target`, as nfcpy names its readers.

`v4l2:0`, `file:demo.mp4`, `inbox:/tmp/inbox`, `usb:04b8:0202`, `tcp:192.168.0.50:9100`,
`udp:127.0.0.1:54321`, `none`. A string becomes a `DeviceSpec` once, when the configuration
is loaded or an option is read, so a wrong one is a clear line before anything is opened,
and no caller ever splits a string again: the factories (`make_camera`, `make_reader`,
`make_printer`) take a spec, and whatever a caller wants to know about a device (is it a
simulation? where is its folder?) it asks the spec.
"""

import socket
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Literal

Role = Literal["camera", "nfc", "printer"]
NOUNS: dict[Role, str] = {"camera": "a camera", "nfc": "an NFC reader", "printer": "a printer"}
AUTO_PORT = "auto"  # `udp:127.0.0.1:auto`: the demo's reader, on a port its data dir keeps
UDP_HOSTS = ("127.0.0.1", "localhost")  # where udp_loopback binds the emulated tags
USB_ENDPOINTS = (0x82, 0x01)  # python-escpos's defaults, right for Epson and most clones


class DeviceError(ValueError):
    """A device string that names nothing this kiosk can open; the message says what to do."""


@dataclass(frozen=True)
class Kind:
    """What one kind of device string means for its role."""

    example: str
    path: bool = False  # the target is a file or folder: a relative one is in the data dir
    simulated: bool = False  # a program standing in for the device (demo, tests), no hardware
    bare: bool = False  # may stand alone: `none`, or nfcpy's `usb` (the first reader found)
    problem: Callable[[str], str] | None = None  # what is wrong with a target ("" nothing)


def _v4l2_problem(target: str) -> str:
    if target.isdigit() or target.startswith("/dev/"):
        return ""
    return 'write it as v4l2:INDEX or v4l2:/dev/videoN, as in "v4l2:0"'


def _host_port(target: str) -> tuple[str, str]:
    host, _, port = target.rpartition(":")
    return host, port


def _tcp_problem(target: str) -> str:
    host, port = _host_port(target)
    if host and port.isdigit() and 0 < int(port) < 65536:
        return ""
    return 'write it as tcp:HOST:PORT, as in "tcp:192.168.0.50:9100"'


def _udp_problem(target: str) -> str:
    host, port = _host_port(target)
    if host not in UDP_HOSTS or not (port.isdigit() or port == AUTO_PORT):
        return ("the udp reader is a simulation on this machine only: use udp:127.0.0.1:PORT "
                "(nfcpy's udp driver, bound to loopback)")
    if port.isdigit() and not 0 < int(port) < 65536:
        return "a port is 1 to 65535, as in udp:127.0.0.1:54321"
    if port.isdigit() and not nfcpy_can_use(int(port)):
        return (f"port {port} is the service {_port_name(int(port))!r} in /etc/services, and "
                "nfcpy's udp driver fails on a port with a name: choose another, as "
                "udp:127.0.0.1:54321")
    return ""


def nfcpy_can_use(port: int) -> bool:
    """Whether nfcpy's udp driver can take this port: it reads its port back with
    socket.getnameinfo (without NI_NUMERICSERV) and takes int() of it, which fails on a
    service's name where /etc/services has one (57000, 60177 and 60179 among the ports the
    system hands out for "any free port")."""
    return _port_name(port).isdigit()


def free_udp_port() -> int:
    """A loopback UDP port nobody holds now that nfcpy's udp driver can take: the demo
    reader's `auto` port, and the tests' and benchmarks' simulated readers."""
    while True:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        if nfcpy_can_use(port):
            return port


def _port_name(port: int) -> str:
    return socket.getnameinfo(("127.0.0.1", port), socket.NI_NUMERICHOST)[1]


def _usb_numbers(target: str) -> list[int]:
    try:
        return [int(part, 16) for part in target.split(":")]
    except ValueError:
        return []


def _usb_printer_problem(target: str) -> str:
    if len(_usb_numbers(target)) in (2, 4):
        return ""
    return ('write it as usb:VID:PID in hexadecimal (as `lsusb` shows it), as in '
            '"usb:04b8:0202", optionally followed by :IN:OUT endpoints')


def _serial_problem(target: str) -> str:
    _, _, baud = target.partition(":")
    if not baud or baud.isdigit():
        return ""
    return "write it as serial:DEVICE or serial:DEVICE:BAUD, as in serial:/dev/ttyUSB0:38400"


NONE = Kind("none", bare=True)
KINDS: dict[Role, dict[str, Kind]] = {
    "camera": {
        "v4l2": Kind("v4l2:0", problem=_v4l2_problem),
        "file": Kind("file:/path/demo.mp4", path=True, simulated=True),
        "dir": Kind("dir:/path/frames", path=True, simulated=True),
        "inbox": Kind("inbox:/path/inbox", path=True, simulated=True),
        "none": NONE,
    },
    "nfc": {
        "usb": Kind("usb:054c:06c1", bare=True),
        "tty": Kind("tty:AMA0:pn532"),
        "udp": Kind("udp:127.0.0.1:54321", simulated=True, problem=_udp_problem),
        "none": NONE,
    },
    "printer": {
        "usb": Kind("usb:04b8:0202", problem=_usb_printer_problem),
        "tcp": Kind("tcp:192.168.0.50:9100", problem=_tcp_problem),
        "serial": Kind("serial:/dev/ttyUSB0", problem=_serial_problem),
        "file": Kind("file:/dev/usb/lp0", path=True),
        "png": Kind("png:/var/lib/kiosk/receipts", path=True, simulated=True),
        "text": Kind("text:/tmp/receipts", path=True, simulated=True),
        "none": NONE,
    },
}


@dataclass(frozen=True)
class DeviceSpec:
    """One device, as the configuration or an option names it; made by `parse_device`."""

    role: Role
    kind: str
    target: str = ""  # everything after the first colon ("" for `none`)

    def __str__(self) -> str:
        return f"{self.kind}:{self.target}" if self.target else self.kind

    @property
    def is_path(self) -> bool:
        return KINDS[self.role][self.kind].path

    @property
    def simulated(self) -> bool:
        return KINDS[self.role][self.kind].simulated

    @property
    def path(self) -> Path:
        """The file or folder of a path kind (`inbox:`, `png:`, ...)."""
        if not self.is_path:
            raise DeviceError(f"{self}: not a device with a path")
        return Path(self.target)

    @property
    def address(self) -> tuple[str, int]:
        """HOST and PORT of `tcp:HOST:PORT` and `udp:HOST:PORT`."""
        host, port = _host_port(self.target)
        if not port.isdigit():
            raise DeviceError(f"{self}: no port number yet (see in_data_dir)")
        return host, int(port)

    @property
    def usb_ids(self) -> tuple[int, int, tuple[int, int]]:
        """A USB printer's vendor, product and (in, out) endpoints."""
        numbers = _usb_numbers(self.target)
        return numbers[0], numbers[1], (
            (numbers[2], numbers[3]) if len(numbers) == 4 else USB_ENDPOINTS)

    @property
    def serial(self) -> tuple[str, int]:
        """A serial printer's device and baud rate."""
        device, _, baud = self.target.partition(":")
        return device, int(baud or 9600)

    def in_data_dir(self, data_dir: Path, udp_port: Callable[[], int]) -> "DeviceSpec":
        """This device as the kiosk with `data_dir` uses it: a relative path taken in that
        directory (so the demo's `png:receipts` sits beside its ledger wherever that is), and
        the demo reader's `auto` port made the one `udp_port()` keeps there."""
        if self.is_path and self.target:
            where = Path(self.target).expanduser()
            return replace(self, target=str(where if where.is_absolute() else data_dir / where))
        host, port = _host_port(self.target)
        if self.kind == "udp" and port == AUTO_PORT:
            return replace(self, target=f"{host}:{udp_port()}")
        return self


def parse_device(text: str, role: Role) -> DeviceSpec:
    """The spec `text` names for `role`; DeviceError saying what to write instead."""
    kinds = KINDS[role]
    kind, colon, target = text.strip().partition(":")
    if kind not in kinds:
        examples = ", ".join(f'"{known.example}"' for known in kinds.values())
        raise DeviceError(f"{text!r} is not {NOUNS[role]} this kiosk knows: use one of "
                          f"{examples}")
    known = kinds[kind]
    if kind == "none" and colon:
        raise DeviceError(f"{text!r}: write none alone, with nothing after it")
    if not target and not known.bare:
        raise DeviceError(f'{text!r} needs a target after the colon, as in "{known.example}"')
    problem = known.problem(target) if known.problem and target else ""
    if problem:
        raise DeviceError(f"{text!r}: {problem}")
    return DeviceSpec(role, kind, target)


def no_device(role: Role) -> DeviceSpec:
    """`none`: the kiosk works without this device (a null adapter stands in)."""
    return DeviceSpec(role, "none")
