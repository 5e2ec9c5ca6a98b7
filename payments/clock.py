"""The engine's clocks: the wall clock for what people and the bank read (dates, times), and
a clock that never steps for how long something took.

A wall clock is stepped by NTP, by hand, or by a Raspberry Pi that booted without a real-time
clock; a deadline or "long enough ago" measured on it stretches or vanishes with the step.
CLOCK_MONOTONIC is the same in every process of one boot, so a transfer sent by a process
that was killed is still timed correctly by the next one, as long as the boot is the same.
"""

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

BOOT_ID_FILE = Path("/proc/sys/kernel/random/boot_id")


def current_boot_id() -> str:
    """This boot's id (Linux); elsewhere "", and monotonic times are trusted per process."""
    try:
        return BOOT_ID_FILE.read_text().strip()
    except OSError:
        return ""


@dataclass(frozen=True)
class Clock:
    wall: Callable[[], float] = time.time
    monotonic: Callable[[], float] = time.monotonic
    sleep: Callable[[float], None] = time.sleep
    boot_id: str = field(default_factory=current_boot_id)
