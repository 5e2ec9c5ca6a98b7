"""CPU time by process, read from /proc: which part of a benchmark spends the machine.

On a machine of two cores, "charges per second" is bounded by the CPU each charge costs all
the processes together (terminals, bank, servers, database); this says how much each takes.
"""

import os
from pathlib import Path

TICK_S = 1 / os.sysconf("SC_CLK_TCK")


def _fields(pid: int) -> list[str]:
    """/proc/PID/stat after the command's name (which may hold spaces)."""
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return []
    return text[text.rindex(")") + 2:].split()


def _children(parent: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            fields = _fields(int(entry.name))
            if fields[1:2] == [str(parent)]:
                found.append(int(entry.name))
    return found


def cpu_seconds(pid: int, tree: bool = False) -> float:
    """User and system time of `pid` (its own threads); with `tree`, of its live children
    too and of those it has reaped (PostgreSQL's backends are its postmaster's children)."""
    fields = _fields(pid)
    if not fields:
        return 0.0
    ticks = int(fields[11]) + int(fields[12])
    if tree:
        ticks += int(fields[13]) + int(fields[14])
        return ticks * TICK_S + sum(cpu_seconds(child, tree) for child in _children(pid))
    return ticks * TICK_S


class CpuMeter:
    """CPU seconds spent by named processes between `start()` and `stop()`."""

    def __init__(self, processes: dict[str, tuple[int, bool]]) -> None:
        """`processes`: name -> (pid, count its children too)."""
        self.processes = processes
        self._before: dict[str, float] = {}
        self.spent: dict[str, float] = {}

    def _now(self) -> dict[str, float]:
        return {name: cpu_seconds(pid, tree) for name, (pid, tree) in self.processes.items()}

    def start(self) -> None:
        self._before = self._now()

    def stop(self) -> dict[str, float]:
        after = self._now()
        self.spent = {name: after[name] - self._before[name] for name in after}
        return self.spent

    def report(self, charges: int, elapsed_s: float) -> str:
        total = sum(self.spent.values())
        parts = ", ".join(f"{name} {seconds * 1000 / max(1, charges):.1f}"
                          for name, seconds in self.spent.items())
        load = os.getloadavg()
        return (f"CPU ms per charge: {parts}; all {total * 1000 / max(1, charges):.1f} "
                f"({total / elapsed_s:.2f} of {os.cpu_count()} cores busy); load average "
                f"{load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")
