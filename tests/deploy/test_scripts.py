"""Every shell script under deploy/ is shellcheck clean, following what it sources."""

import subprocess
from pathlib import Path

import pytest

DEPLOY = Path(__file__).resolve().parents[2] / "deploy"
SCRIPTS = sorted(DEPLOY.rglob("*.sh"))


def test_the_installers_are_all_here():
    assert {path.relative_to(DEPLOY).as_posix() for path in SCRIPTS} >= {
        "steps.sh", "raspberrypi/install.sh", "server/install.sh", "server/postgres-setup.sh"}


@pytest.mark.integration
@pytest.mark.parametrize("script", SCRIPTS, ids=lambda path: path.relative_to(DEPLOY).as_posix())
def test_the_script_is_shellcheck_clean(script):
    run = subprocess.run(["shellcheck", "--external-sources", str(script)],
                         capture_output=True, text=True)
    assert run.returncode == 0, run.stdout
