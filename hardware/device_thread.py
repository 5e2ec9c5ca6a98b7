"""What every device reader shares: its own thread, a status that changes, and backoff.

A device that goes away is reported (`on_status(status, detail)`) and tried again after
growing pauses, so an unplugged camera or reader never takes the kiosk down.
"""

import logging
import threading
from collections.abc import Callable

log = logging.getLogger(__name__)
BACKOFF_S = (0.5, 1.0, 2.0, 5.0)


class DeviceThread:
    name = "device"

    def __init__(self, on_status: Callable[[str, str], None] | None = None,
                 backoff_s: tuple[float, ...] = BACKOFF_S) -> None:
        self.status = "starting"
        self._on_status = on_status or (lambda status, detail: None)
        self._backoff_s = backoff_s
        self._status_lock = threading.Lock()
        self._stop = threading.Event()
        self._threads = [threading.Thread(target=self._run, name=self.name, daemon=True)]

    def start(self) -> "DeviceThread":
        for thread in self._threads:
            thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        for thread in self._threads:
            thread.join(timeout=5)

    def _report(self, status: str, detail: str = "") -> None:
        with self._status_lock:
            if status == self.status:
                return
            self.status = status
        log.info("%s %s %s", self.name, status, detail)
        self._on_status(status, detail)

    def _back_off(self, failures: int) -> None:
        """Wait before trying the device again: longer after each failure in a row."""
        self._stop.wait(self._backoff_s[min(failures, len(self._backoff_s) - 1)])

    def _run(self) -> None:
        raise NotImplementedError
