"""nfcpy's udp driver, kept on this machine.

The udp driver stands in for a reader and a tag so that the demo and the tests can tap
without hardware. As shipped (nfc/clf/udp.py) it binds an emulated tag's socket to 0.0.0.0
and lets a reader's socket take any interface, so anyone on the shop's network could answer
the kiosk's reader, or hear what an emulated phone says. A simulation has no business off
this machine: here both sockets are bound to 127.0.0.1, and `parse_device` (device_spec)
refuses a udp path that names any other host.
"""

import errno
import time

import nfc.clf.udp

LOOPBACK = "127.0.0.1"
_Device = nfc.clf.udp.Device
_send_data = _Device._send_data


def _bind_loopback(self: _Device, time_to_return: float) -> bool:
    """The emulator's listening socket: on loopback, where the driver takes 0.0.0.0."""
    while time.time() < time_to_return:
        try:
            self.socket.bind((LOOPBACK, self.addr[1]))
            return True
        except OSError as error:
            if error.errno != errno.EADDRINUSE:
                raise
            return False
    return False


def _send_from_loopback(self: _Device, brty: str, data: bytes, addr: tuple) -> None:
    """The reader's socket: bound to loopback before its first datagram, so that answers
    from other machines never reach it."""
    if self.socket.getsockname()[1] == 0:
        self.socket.bind((LOOPBACK, 0))
    _send_data(self, brty, data, addr)


def keep_on_loopback() -> None:
    _Device._bind_socket = _bind_loopback
    _Device._send_data = _send_from_loopback
