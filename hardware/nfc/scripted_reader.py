"""A reader that plays a script, for tests of what sits above the port, in milliseconds.

The script is what a reader at the counter lives through, in order: `Tap`s (a customer
tapping) and `NfcError`s (the reader yanked out, or still gone when reopened). It behaves as
the nfcpy reader does over the same interface: an error met while opening fails the open,
one met while watching ends the watch, and once the script is played the reader waits, as
an idle reader does, until it is told to stop.
"""

import threading
import time
from collections import deque
from collections.abc import Callable, Iterable

from hardware.nfc.base import NfcError, NfcReader, Tap

IDLE_POLL_S = 0.005  # how often an idle reader looks at `stop` (nfcpy's is far coarser)


class ScriptedReader(NfcReader):
    def __init__(self, script: Iterable[Tap | NfcError] = ()) -> None:
        self._script: deque[Tap | NfcError] = deque(script)
        self._lock = threading.Lock()
        self.is_open = False
        self.opened = 0  # how many times it was opened: a feed reconnecting opens it again
        self.idle = threading.Event()  # set once the script is played and the reader waits

    def open(self) -> None:
        with self._lock:
            if self._script and isinstance(self._script[0], NfcError):
                raise self._script.popleft()
            self.is_open = True
            self.opened += 1

    def watch(self, on_tap: Callable[[Tap], None], stop: Callable[[], bool]) -> None:
        if not self.is_open:
            raise NfcError("the scripted reader is not open")
        while not stop():
            with self._lock:
                step = self._script.popleft() if self._script else None
            if isinstance(step, NfcError):
                self.is_open = False
                raise step
            if step is None:
                self.idle.set()
                time.sleep(IDLE_POLL_S)
            else:
                on_tap(step)

    def close(self) -> None:
        self.is_open = False
