"""Telling systemd how the kiosk is (the sd_notify protocol): ready, alive, stopping.

kiosk.service is `Type=notify` with `WatchdogSec=`: systemd counts the kiosk started only
once it says READY=1, and restarts it when its WATCHDOG=1 pings stop. Outside systemd
(no $NOTIFY_SOCKET) every call is a no-op.

$WATCHDOG_PID is not checked: under cage the service's main process is the compositor, and
the kiosk, its child, is the one whose liveness matters (the unit says NotifyAccess=all).
"""

import logging
import os
import socket
from collections.abc import Mapping

log = logging.getLogger(__name__)


class SystemdNotifier:
    def __init__(self, environ: Mapping[str, str] = os.environ) -> None:
        address = environ.get("NOTIFY_SOCKET", "")
        # "@name" is a socket in the abstract namespace, spelt with a NUL byte.
        self.address = "\0" + address[1:] if address.startswith("@") else address
        usec = environ.get("WATCHDOG_USEC", "")
        self.watchdog_s = int(usec) / 1e6 if usec.isdigit() and int(usec) > 0 else None
        self._warned = False

    def notify(self, **fields: object) -> bool:
        """Send `KEY=value` lines; False when there is no systemd to tell, or it is gone."""
        if not self.address:
            return False
        message = "\n".join(f"{key}={value}" for key, value in fields.items()).encode()
        try:
            with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM) as sock:
                # Never wait: this runs on the screen's thread, and a listener that has
                # stopped reading (its queue holds ten datagrams) must not freeze the kiosk.
                sock.sendto(message, socket.MSG_DONTWAIT, self.address)
        except OSError as exc:
            if not self._warned:  # every half watchdog period would flood the journal
                log.warning("cannot notify systemd at %s: %s", self.address.lstrip("\0"), exc)
                self._warned = True
            return False
        return True

    def ready(self, status: str) -> bool:
        return self.notify(READY=1, STATUS=status)

    def status(self, status: str) -> bool:
        return self.notify(STATUS=status)

    def alive(self) -> bool:
        return self.notify(WATCHDOG=1)

    def stopping(self) -> bool:
        return self.notify(STOPPING=1)
