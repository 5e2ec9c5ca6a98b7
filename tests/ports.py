"""Free loopback ports, so that tests never meet each other or a service of the machine."""

import socket


def free_port(kind: socket.SocketKind = socket.SOCK_DGRAM) -> int:
    """A loopback port nobody holds now: UDP (nfcpy's udp driver) unless told TCP."""
    with socket.socket(socket.AF_INET, kind) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]
