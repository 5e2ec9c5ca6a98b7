"""Which hosts are this machine only: simulators and admin APIs listen there unless told
otherwise, and a command asked to serve beyond it says so before it does."""

import ipaddress


def is_loopback(host: str) -> bool:
    """Whether `host` (an address, or the name localhost) is this machine only."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False
