"""setup.sh installs what the kiosk needs, judged by what it would ask apt for."""

import os
import subprocess
from pathlib import Path

import pytest

pytestmark = pytest.mark.integration  # runs setup.sh

ROOT = Path(__file__).resolve().parents[1]


def test_the_demo_installs_the_window_libraries_even_with_no_display_yet(tmp_path):
    """Set up over ssh, shown on the shop's screen later: the real window must open then."""
    asked = tmp_path / "apt-get.log"
    for tool, script in {"dpkg-query": "exit 1",  # nothing is installed
                         "apt-get": f'echo "$@" >> {asked}; [ "$1" = update ]'}.items():
        (tmp_path / tool).write_text(f"#!/bin/sh\n{script}\n")
        (tmp_path / tool).chmod(0o755)
    env = {key: value for key, value in os.environ.items()
           if key not in ("DISPLAY", "WAYLAND_DISPLAY")}
    env["PATH"] = f"{tmp_path}:{env['PATH']}"
    subprocess.run(["bash", str(ROOT / "setup.sh"), "demo"], env=env, capture_output=True,
                   timeout=60, cwd=tmp_path, check=False)
    lines = asked.read_text().splitlines()
    assert any("libxcb-cursor0" in line for line in lines)
