"""The NFC reader port: open, report each tap once until told to stop, close.

A tap gives a `Tap`: the payload and how it came (an NDEF Text or URI record on a tag, or a
phone answering the payment application over ISO-DEP), or the reason there is none. A
reader that cannot be used (unplugged, busy, no permission) raises `NfcError`, whose message
says what to do; the feed (feed.NfcFeed) reopens it.
"""

import time
from abc import ABC, abstractmethod
from collections.abc import Callable
from dataclasses import dataclass


class NfcError(Exception):
    """The reader cannot be used now; the message says what to do about it."""


@dataclass(frozen=True)
class Tap:
    uid: str  # the tag's or phone's identifier, hex
    payload: str | None
    carrier: str | None  # ndef-text | ndef-uri | iso-dep
    problem: str = ""  # why there is no payload


class NfcReader(ABC):
    """A reader of tags and phones. A tag that stays on the reader is one tap, not many."""

    configured = True  # False only for the null reader: the kiosk has no NFC at all

    @abstractmethod
    def open(self) -> None:
        """Take the reader; NfcError when it cannot be used now."""

    @abstractmethod
    def watch(self, on_tap: Callable[[Tap], None], stop: Callable[[], bool]) -> None:
        """Report each tag or phone presented, once, as soon as it is read, until `stop()`
        is true; NfcError when the reader goes away."""

    def close(self) -> None:  # noqa: B027 - most readers hold nothing to release
        pass

    def read_one(self, timeout_s: float) -> Tap | None:
        """Open, wait up to `timeout_s` for one tap, close: `kiosk nfc read`'s question.
        None when nothing was presented."""
        found: list[Tap] = []
        deadline = time.monotonic() + timeout_s
        self.open()
        try:
            self.watch(found.append, lambda: bool(found) or time.monotonic() > deadline)
        finally:
            self.close()
        return found[0] if found else None
