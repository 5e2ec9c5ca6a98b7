"""What every device reader shares: its own thread, a status that changes, and one
reconnect loop.

A device that goes away is reported (`on_status(status, detail)`) and opened again after
growing pauses, so an unplugged camera or reader never takes the kiosk down. A feed says how
to open, use and close its device; the loop here is the only one. A device the kiosk does
not have (a null adapter, `configured` False) is `none` from the start, and no thread runs.
"""

import logging
import threading
from collections.abc import Callable

log = logging.getLogger(__name__)
BACKOFF_S = (0.5, 1.0, 2.0, 5.0)


class DeviceThread:
    name = "device"
    trouble: type[Exception] = OSError  # the device's own "cannot be used now"

    def __init__(self, on_status: Callable[[str, str], None] | None = None,
                 backoff_s: tuple[float, ...] = BACKOFF_S, configured: bool = True) -> None:
        self.status = "starting" if configured else "none"
        self.configured = configured
        self._on_status = on_status or (lambda status, detail: None)
        self._backoff_s = backoff_s
        self._status_lock = threading.Lock()
        self._stop = threading.Event()
        self._threads = [threading.Thread(target=self._run, name=self.name, daemon=True)]

    def start(self) -> "DeviceThread":
        if self.configured:
            for thread in self._threads:
                thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        for thread in self._threads:
            if thread.is_alive():
                thread.join(timeout=5)

    def _report(self, status: str, detail: str = "") -> None:
        with self._status_lock:
            if status == self.status:
                return
            self.status = status
        log.info("%s %s %s", self.name, status, detail)
        self._on_status(status, detail)

    def _run(self) -> None:
        """Open the device, use it until it fails or the thread is stopped, close it, wait,
        and again: `ok` while it works, `lost` (with the reason) while it does not."""
        failures = 0
        while not self._stop.is_set():
            try:
                self._open()
                self._report("ok")
                failures = 0
                self._serve()
            except self.trouble as trouble:
                self._report("lost", str(trouble))
            except Exception as trouble:  # a driver's surprise must not end the feed for good
                log.exception("%s failed unexpectedly", self.name)
                self._report("lost", f"unexpected failure ({trouble}); see the log")
            finally:
                self._close()
            self._stop.wait(self._backoff_s[min(failures, len(self._backoff_s) - 1)])
            failures += 1

    def _open(self) -> None:
        """Take the device; `trouble` when it cannot be used now."""
        raise NotImplementedError

    def _serve(self) -> None:
        """Use the device until the thread is stopped; `trouble` when it goes away."""
        raise NotImplementedError

    def _close(self) -> None:
        """Let go of the device, whatever state it was left in."""
        raise NotImplementedError
