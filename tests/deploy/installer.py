"""Running an installer of deploy/ as the tests do, and reading what it did."""

import shutil
import stat
import subprocess
from pathlib import Path

DEPLOY = Path(__file__).resolve().parents[2] / "deploy"


def run_installer(script: Path, *args: str, root: Path | None = None
                  ) -> subprocess.CompletedProcess:
    """`script ARGS [--root ROOT]`, which must succeed."""
    command = ["bash", str(script), *args] + (["--root", str(root)] if root else [])
    run = subprocess.run(command, capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stdout + run.stderr
    return run


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def changes(run: subprocess.CompletedProcess) -> list[str]:
    """The steps that changed files (not the live-system steps a scratch root skips)."""
    return [line for line in run.stdout.splitlines()
            if line.startswith("+ ") and "(not under --root)" not in line]


def systemd_verify(root: Path, units: list[str], programs: list[str]) -> str:
    """What `systemd-analyze verify` says of `units` in the scratch root: systemd's own
    units beside ours, and empty executables at `programs` (verify checks they exist)."""
    shutil.copytree("/usr/lib/systemd/system", root / "usr/lib/systemd/system",
                    symlinks=True)
    for program in programs:
        (root / program).parent.mkdir(parents=True, exist_ok=True)
        (root / program).write_text("#!/bin/sh\n")
        (root / program).chmod(0o755)
    run = subprocess.run(["systemd-analyze", "verify", f"--root={root}",
                          *(f"/etc/systemd/system/{unit}" for unit in units)],
                         capture_output=True, text=True)
    return f"exit {run.returncode}: {run.stdout}{run.stderr}" if run.returncode else \
        run.stdout + run.stderr
