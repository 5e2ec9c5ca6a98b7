"""setup.sh installs what the kiosk needs, judged by what it would ask apt for."""

import os
import subprocess
from pathlib import Path

import pytest

pytestmark = pytest.mark.integration  # runs setup.sh

ROOT = Path(__file__).resolve().parents[1]


def apt_requests(tmp_path: Path, command: str) -> list[str]:
    """What `./setup.sh COMMAND` asks apt-get for on a machine with nothing installed, and
    whatever it asks systemctl (it may not ask it anything)."""
    asked = tmp_path / "asked.log"
    for tool, script in {"dpkg-query": "exit 1",  # nothing is installed
                         "apt-get": f'echo "apt-get $*" >> {asked}; [ "$1" = update ]',
                         "systemctl": f'echo "systemctl $*" >> {asked}'}.items():
        (tmp_path / tool).write_text(f"#!/bin/sh\n{script}\n")
        (tmp_path / tool).chmod(0o755)
    env = {key: value for key, value in os.environ.items()
           if key not in ("DISPLAY", "WAYLAND_DISPLAY")}
    env["PATH"] = f"{tmp_path}:{env['PATH']}"
    subprocess.run(["bash", str(ROOT / "setup.sh"), command], env=env, capture_output=True,
                   timeout=60, cwd=tmp_path, check=False)
    return asked.read_text().splitlines()


def test_the_demo_installs_the_window_libraries_even_with_no_display_yet(tmp_path):
    """Set up over ssh, shown on the shop's screen later: the real window must open then."""
    assert any("libxcb-cursor0" in line for line in apt_requests(tmp_path, "demo"))


@pytest.mark.parametrize("command", ["demo", "test"])
def test_both_install_postgresql_and_leave_its_service_alone(tmp_path, command):
    """The demo's server and the tests run throwaway clusters; the system's is not ours."""
    lines = apt_requests(tmp_path, command)
    assert any(line.startswith("apt-get") and " postgresql" in line for line in lines), lines
    assert not [line for line in lines if line.startswith("systemctl")]


def test_help_says_what_it_can_do_and_installs_nothing(tmp_path):
    for word in ("--help", "-h", "help"):
        run = subprocess.run(["bash", str(ROOT / "setup.sh"), word], capture_output=True,
                             text=True, timeout=30, cwd=tmp_path)
        assert run.returncode == 0, run.stderr
        assert "demo" in run.stdout and "test --fast" in run.stdout
        assert "ARGS go to pytest" in run.stdout
        assert run.stderr == ""


def test_a_mistyped_word_gets_a_did_you_mean_and_exit_2(tmp_path):
    run = subprocess.run(["bash", str(ROOT / "setup.sh"), "tset"], capture_output=True,
                         text=True, timeout=30, cwd=tmp_path)
    assert run.returncode == 2
    assert run.stderr == "setup.sh: no command 'tset'; did you mean 'test'?\n"
    unknown = subprocess.run(["bash", str(ROOT / "setup.sh"), "xyzzy"], capture_output=True,
                             text=True, timeout=30, cwd=tmp_path)
    assert unknown.returncode == 2
    assert "./setup.sh --help lists them" in unknown.stderr


def checkout_with_recording_python(tmp_path: Path) -> Path:
    """A copy of setup.sh beside an installed-looking .venv whose python and ruff only
    write down how they were called, on a machine where every apt package is installed."""
    checkout = tmp_path / "checkout"
    venv_bin = checkout / ".venv" / "bin"
    venv_bin.mkdir(parents=True)
    (checkout / "setup.sh").write_text((ROOT / "setup.sh").read_text())
    pyproject = (ROOT / "pyproject.toml").read_bytes()
    (checkout / "pyproject.toml").write_bytes(pyproject)
    (checkout / ".venv" / ".kiosk-installed").write_text(
        subprocess.run(["sha256sum"], input=pyproject, capture_output=True,
                       check=True).stdout.decode().split()[0] + "\n")
    for tool in ("python", "ruff"):
        (venv_bin / tool).write_text(f'#!/bin/sh\necho "{tool} $*" >> {tmp_path}/calls\n')
        (venv_bin / tool).chmod(0o755)
    stubs = tmp_path / "stubs"
    stubs.mkdir()
    (stubs / "dpkg-query").write_text("#!/bin/sh\nprintf 'install ok installed'\n")
    (stubs / "dpkg-query").chmod(0o755)
    return checkout


def test_test_passes_its_words_to_pytest_and_fast_leaves_out_integration_and_slow(tmp_path):
    checkout = checkout_with_recording_python(tmp_path)
    env = {**os.environ, "PATH": f"{tmp_path / 'stubs'}:{os.environ['PATH']}"}
    for words in (["test", "tests/payments", "-x"], ["test", "--fast", "-k", "refund"]):
        run = subprocess.run(["bash", str(checkout / "setup.sh"), *words], env=env,
                             capture_output=True, text=True, timeout=60)
        assert run.returncode == 0, run.stderr
    assert (tmp_path / "calls").read_text().splitlines() == [
        "ruff check .",
        f"python -m pytest -n {2 * len(os.sched_getaffinity(0))} --dist worksteal "
        "tests/payments -x",
        "ruff check .",
        "python -m pytest -m not integration and not slow -k refund"]
