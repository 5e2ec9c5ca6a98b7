"""Free loopback ports, so that tests never meet each other or a service of the machine."""

import socket

from hardware.device_spec import free_udp_port
from server.cluster import free_loopback_port


def free_port(kind: socket.SocketKind = socket.SOCK_DGRAM) -> int:
    """A loopback port nobody holds now: UDP (nfcpy's udp driver, so one it can take) unless
    told TCP."""
    return free_udp_port() if kind == socket.SOCK_DGRAM else free_loopback_port()


def free_port_pair() -> int:
    """A TCP port with the next one free too: `kiosk server` in the demo puts its PostgreSQL
    on the port after its own."""
    while True:
        port = free_port(socket.SOCK_STREAM)
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
            try:
                probe.bind(("127.0.0.1", port + 1))
            except OSError:
                continue
        return port
