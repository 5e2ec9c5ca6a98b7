"""`kiosk run` as testers and the README use it: scripts, screenshots, and a machine with
no display at all."""

import argparse
import subprocess
import sys
import time
from pathlib import Path

from PIL import Image

from kiosk.commands.run import offscreen_help
from kiosk.context import make_context
from tests.kiosk.conftest import kiosk

SCENARIOS = Path(__file__).resolve().parents[2] / "docs" / "scenarios"


def headless(env: dict, tmp_path: Path) -> tuple[dict, list[str]]:
    """No display, and the demo's configuration (its NFC reader on a port of this test's
    own data directory; `--demo` keeps the testbed bank in-process)."""
    config = tmp_path / "kiosk.toml"
    demo = Path(__file__).resolve().parents[2] / "assets" / "demo"
    text = (demo / "kiosk.toml").read_text(encoding="utf-8")
    text = text.replace('client_secret_file = "client_secret"',
                        f'client_secret_file = "{demo / "client_secret"}"')
    config.write_text(text, encoding="utf-8")
    clean = {k: v for k, v in env.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY",
                                                       "QT_QPA_PLATFORM")}
    return clean, ["--config", str(config), "--demo"]


def test_a_scenario_pays_through_the_widgets_and_exits_0(env, tmp_path):
    shot = tmp_path / "approved.png"
    environment, demo = headless(env, tmp_path)
    run = kiosk(*demo, "run", "--offscreen", "--script", str(SCENARIOS / "qr_sale.toml"),
                "--screenshot", str(shot), env=environment, timeout=120)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "qr_sale.toml: all 6 steps passed" in run.stdout
    assert Image.open(shot).size == (800, 480)


def test_a_failed_expectation_exits_1_saying_what_the_screen_showed(env, tmp_path):
    script = tmp_path / "wrong.toml"
    script.write_text('[[step]]\ndo = "add_item"\nname = "생수"\n'
                      '[[step]]\ndo = "expect"\nscreen = "approved"\nwithin = 0.5\n',
                      encoding="utf-8")
    environment, demo = headless(env, tmp_path)
    run = kiosk(*demo, "run", "--offscreen", "--script", str(script), env=environment,
                timeout=120)
    assert run.returncode == 1
    assert "step 2 (expect: screen = 'approved', within = 0.5) failed" in run.stdout
    assert "the screen was 'sale' showing:" in run.stdout and "1,000원" in run.stdout


def test_a_scenario_with_a_mistake_is_refused_before_it_starts(env, tmp_path):
    script = tmp_path / "typo.toml"
    script.write_text('[[step]]\ndo = "present_qr"\ncolour = "red"\n', encoding="utf-8")
    run = kiosk("run", "--offscreen", "--script", str(script), env=env)
    assert run.returncode == 1
    assert "step 1 (present_qr): unknown field 'colour'" in run.stderr


def test_with_no_display_it_runs_offscreen_and_says_how_to_pay(env, tmp_path):
    environment, demo = headless(env, tmp_path)
    process = subprocess.Popen([sys.executable, "-m", "kiosk", *demo, "run"],
                               env=environment, stderr=subprocess.PIPE, text=True)
    try:
        said = []
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            said.append(process.stderr.readline())
            if "waits for payment" in said[-1]:
                break
        text = "".join(said)
        assert "kiosk: no display here, so the kiosk runs offscreen." in text
        data = Path(environment["KIOSK_DATA_DIR"])
        assert f"receipts go to {data / 'receipts'}" in text
        assert "a sale of 4,500 won waits for payment" in text
        # The printed command, pasted as printed, reaches this kiosk (its --config too).
        [pay] = [line.split("pay by QR:", 1)[1] for line in said if "pay by QR:" in line]
        assert demo[1] in pay and str(data) in pay
        pasted = pay.replace("kiosk ", f"{sys.executable} -m kiosk ")
        assert subprocess.run(pasted, shell=True, env=environment, timeout=60).returncode == 0
        assert "--device udp:127.0.0.1:" in text
        while time.monotonic() < deadline:
            line = process.stderr.readline()
            if "payment " in line:
                break
        assert ": approved;" in line
        assert len(list((data / "receipts").glob("*.png"))) == 1
    finally:
        process.send_signal(2)
        process.wait(30)
    assert process.returncode == 0


def test_asked_for_offscreen_it_does_not_say_there_is_no_display(tmp_path):
    context = make_context(None, str(tmp_path), True)
    asked = argparse.Namespace(offscreen=True, config=None, demo=True)
    assert offscreen_help(asked, context).startswith(
        "kiosk: as --offscreen asks, the kiosk runs offscreen. It rings up a demo sale")


def test_an_unpaid_headless_sale_is_said_cancelled_with_a_screenshot(env, tmp_path):
    environment, demo = headless(env, tmp_path)
    config = Path(demo[1])
    config.write_text(config.read_text(encoding="utf-8").replace(
        "pay_timeout_s = 60", "pay_timeout_s = 3"), encoding="utf-8")
    process = subprocess.Popen([sys.executable, "-m", "kiosk", *demo, "run"],
                               env=environment, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 60
        line = ""
        while time.monotonic() < deadline and "cancelled" not in line:
            line = process.stderr.readline()
        assert "nobody paid within 3 s: the sale was cancelled" in line
        shot = Path(environment["KIOSK_DATA_DIR"]) / "screenshots" / "cancelled.png"
        assert Image.open(shot).size == (800, 480)
    finally:
        process.send_signal(2)
        process.wait(30)


def test_an_offscreen_run_says_nothing_of_qt_platform_size_hints(env, tmp_path):
    shot = tmp_path / "sale.png"
    environment, demo = headless(env, tmp_path)
    run = kiosk(*demo, "run", "--offscreen", "--screenshot", str(shot), env=environment,
                timeout=120)
    assert run.returncode == 0, run.stderr
    assert "propagateSizeHints" not in run.stderr
    assert run.stderr.strip() == f"screenshot: {shot}"
