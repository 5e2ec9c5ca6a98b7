"""The `kiosk` command as a user runs it: help everywhere, one-line errors, a real testbed."""

import json
import os
import signal
import socket
import subprocess
import sys
import time

import cv2
import httpx
import pytest

from hardware.camera import CameraSettings, make_camera
from hardware.camera.adapters import counter_top
from hardware.device_spec import parse_device
from hardware.qr.decoders import make_decoder
from hardware.qr.pipeline import ScanPipeline
from hardware.qr.render import held_up
from kiosk.cli import build_parser
from kiosk.config import DEMO_CONFIG
from testbed.server import make_testbed
from tests.kiosk.conftest import kiosk

COMMANDS = [[], ["config"], ["sim"], ["sim", "bank"], ["sim", "code"], ["sim", "present"],
            ["sim", "tap"], ["nfc"], ["nfc", "read"], ["scan"], ["pay"], ["refund"],
            ["reconcile"], ["payments"], ["report"], ["receipt"], ["enroll"], ["print-test"],
            ["sim", "printer"], ["run"], ["clerk-pin"]]


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_every_command_has_help(command):
    with pytest.raises(SystemExit) as done:
        build_parser().parse_args([*command, "--help"])
    assert done.value.code == 0


LOADED = """import runpy, sys
HEAVY = ("cv2", "PySide6", "escpos.printer", "numpy", "uvicorn", "httpx")
try:
    runpy.run_module("kiosk", run_name="__main__")
finally:
    print(" ".join(sorted(m for m in sys.modules if m.startswith("kiosk.commands.")
                          or m in HEAVY)), file=sys.stderr)
"""


@pytest.mark.parametrize(("words", "loaded"), [
    (["--help"], ""),
    (["pya"], ""),
    (["sim", "--help"], ""),
    (["config", "--json"], "kiosk.commands.config_show"),
    # Lays receipts out but prints none: python-escpos and NumPy are not loaded.
    (["payments"], "httpx kiosk.commands.books kiosk.commands.output"),
], ids=" ".join)
def test_a_command_imports_its_own_module_only(env, words, loaded):
    """Every command's module (OpenCV, Qt, the wallet's web stack...) costs a second of
    start-up: `kiosk --help` and a typo load none of them, a command only its own."""
    run = subprocess.run([sys.executable, "-c", LOADED, *words], capture_output=True,
                         text=True, env=env, timeout=60)
    assert run.stderr.splitlines()[-1] == loaded


def test_a_configuration_mistake_is_one_line_and_exit_1(tmp_path, env):
    bad = tmp_path / "bad.toml"
    bad.write_text("[merchant]\nname = 5\n")
    run = kiosk("--config", str(bad), "config", env=env)
    assert run.returncode == 1
    assert run.stderr.strip() == f"kiosk: {bad}: merchant.name: expected a string, got int 5"


def test_config_finds_a_menu_file_the_kiosk_could_not_start_with(tmp_path, env):
    config = tmp_path / "kiosk.toml"
    config.write_text(DEMO_CONFIG.read_text(encoding="utf-8").replace(
        'catalogue = ""', 'catalogue = "no-such-menu.toml"'), encoding="utf-8")
    run = kiosk("--config", str(config), "config", env=env)
    assert (run.returncode, run.stderr) == (
        1, "kiosk: kiosk.catalogue: cannot read no-such-menu.toml: No such file or directory\n")


def test_config_json_is_one_document_without_the_secret(env):
    run = kiosk("config", "--json", env=env)
    assert run.returncode == 0, run.stderr
    report = json.loads(run.stdout)
    assert report["demo"] is True and report["bank"] == "in-process testbed"
    assert "kiosk-demo-secret" not in run.stdout + run.stderr


def test_sim_bank_serves_until_told_to_stop(env, tmp_path):
    state = tmp_path / "bank.sqlite3"
    server = subprocess.Popen(
        [sys.executable, "-m", "kiosk", "sim", "bank", "--port", "0", "--json", "--state",
         str(state), "--seed", "5"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        env=env)
    try:
        started = json.loads(server.stdout.readline())
        assert started["seed"] == 5
        listed = httpx.get(f"{started['url']}/_sim/accounts").json()
        assert len(listed) >= 6
    finally:
        server.send_signal(signal.SIGTERM)
        assert server.wait(timeout=10) == 0
    assert state.exists()


def test_a_busy_port_is_one_line(env):
    with make_testbed() as busy:
        port = busy.server_address[1]
        run = kiosk("sim", "bank", "--port", str(port), env=env)
    assert run.returncode == 1
    assert run.stderr.startswith(f"kiosk: cannot listen on 127.0.0.1:{port}: ")
    assert "Traceback" not in run.stderr


@pytest.mark.parametrize("serving", [
    ["wallet"], ["server", "--db", "postgresql://kiosk@127.0.0.1:1/kiosk"]], ids=lambda w: w[0])
def test_a_wallet_or_server_on_a_port_in_use_is_one_line_and_starts_nothing(env, serving):
    with socket.create_server(("127.0.0.1", 0)) as taken:
        port = taken.getsockname()[1]
        run = kiosk(*serving, "--port", str(port), env=env)
    assert (run.returncode, run.stderr) == (1, (
        f"kiosk: cannot listen on 127.0.0.1:{port}: Address already in use; is it running "
        "already? choose another --port\n"))


def test_a_state_file_that_is_not_a_database_is_one_line(env, tmp_path):
    junk = tmp_path / "junk.sqlite3"
    junk.write_bytes(b"this is not sqlite" * 100)
    run = kiosk("sim", "bank", "--port", "0", "--state", str(junk), env=env)
    assert run.returncode == 1 and "Traceback" not in run.stderr
    assert f"--state {junk}" in run.stderr


def test_an_unusable_data_directory_is_one_line(env, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("")
    run = kiosk("--data-dir", str(blocker / "sub"), "config", env=env)
    assert run.returncode == 1
    assert "cannot use the data directory" in run.stderr and "Traceback" not in run.stderr


def test_sim_code_gives_the_payload_first_and_survives_a_closed_pipe(env):
    run = subprocess.run(f"{sys.executable} -m kiosk sim code --amount 4500 | head -1",
                         shell=True, capture_output=True, text=True, env=env, timeout=60)
    assert run.stdout.count(".") == 2 and "Traceback" not in run.stderr
    as_json = json.loads(kiosk("sim", "code", "--static", "--json", env=env).stdout)
    assert len(as_json["code"]) == 24 and as_json["exp"] is None
    assert "*" in as_json["fin"]


def test_a_demo_day_with_no_configuration(env):
    code = kiosk("sim", "code", env=env).stdout.splitlines()[0]
    paid = kiosk("pay", "--item", "아메리카노:4500:2", "--code", code, "--json", env=env)
    assert paid.returncode == 0, paid.stderr
    assert json.loads(paid.stdout)["status"] == "approved"
    assert kiosk("refund", "last", "--amount", "500", env=env).returncode == 0
    receipt = kiosk("receipt", "last", env=env).stdout
    assert "아메리카노" in receipt and "9,000원" in receipt
    assert json.loads(kiosk("report", "--json", env=env).stdout)["net"] == 8_500


def test_last_before_any_approved_payment_says_so_in_refund_as_in_receipt(env):
    for command in ("refund", "receipt"):
        run = kiosk(command, "last", env=env)
        assert run.returncode == 1
        assert run.stderr.startswith(
            "kiosk: no payment has been approved yet (승인된 결제가 아직 없습니다)"), run.stderr


def test_a_file_that_cannot_be_written_is_one_line_and_exit_1(env, tmp_path):
    code = kiosk("sim", "code", env=env).stdout.splitlines()[0]
    assert kiosk("pay", "--amount", "1000", "--code", code, env=env).returncode == 0
    for args in (("sim", "code", "--png"), ("receipt", "last", "--format", "png", "--out"),
                 ("export", "--from", "2026-01-01", "--to", "2026-01-02", "--out")):
        for where, why in ((tmp_path / "no-such-folder" / "x.png", "No such file or directory"),
                           (tmp_path, "Is a directory")):
            run = kiosk(*args, str(where), env=env)
            assert (run.returncode, run.stderr) == (1, (
                f"kiosk: cannot write {where}: {why}; give a file in a folder that exists\n"))


def test_sim_code_png_is_a_png_whatever_its_name(env, tmp_path):
    made = kiosk("sim", "code", "--png", str(tmp_path / "phone.image"), env=env)
    assert made.returncode == 0, made.stderr
    assert (tmp_path / "phone.image").read_bytes().startswith(b"\x89PNG")


def test_scan_json_gives_one_line_per_input(env, tmp_path):
    png = tmp_path / "code.png"
    made = kiosk("sim", "code", "--static", "--png", str(png), env=env)
    assert made.returncode == 0
    run = kiosk("scan", str(png), str(tmp_path / "missing.png"), "--json", env=env)
    lines = [json.loads(line) for line in run.stdout.splitlines()]
    assert [(line["path"], line["codes"]) for line in lines] == [
        (str(png), [made.stdout.splitlines()[0]])]
    assert lines[0]["ms"] >= 0 and run.returncode == 1 and "missing.png" in run.stderr


def test_sim_present_puts_a_decodable_phone_in_the_camera_inbox(env, tmp_path):
    code = kiosk("sim", "code", env=env).stdout.splitlines()[0]
    camera = make_camera(parse_device(f"inbox:{tmp_path / 'inbox'}", "camera"),
                         CameraSettings(fps=100))
    camera.open()
    assert kiosk("sim", "present", "--code", code, "--inbox", str(tmp_path / "inbox"),
                 env=env).returncode == 0
    time.sleep(0.15)  # the inbox camera looks ten times a second
    frame = camera.read()
    assert [d.text for d in ScanPipeline(make_decoder()).scan(frame).detections] == [code]


def test_sim_present_of_a_missing_picture_is_one_line(env, tmp_path):
    run = kiosk("sim", "present", "--image", str(tmp_path / "missing.png"), env=env)
    assert (run.returncode, run.stderr) == (1, f"kiosk: {tmp_path / 'missing.png'}: no such file\n")


def test_scan_reads_every_distinct_code_of_a_video(env, tmp_path):
    clip = str(tmp_path / "counter.avi")
    writer = cv2.VideoWriter(clip, cv2.VideoWriter_fourcc(*"MJPG"), 10, (640, 480))
    for text in ("1" * 24, "1" * 24, None, "2" * 24):
        writer.write(held_up(text, counter_top(640, 480)) if text else counter_top(640, 480))
    writer.release()
    run = kiosk("scan", clip, "--json", env=env)
    assert json.loads(run.stdout)["codes"] == ["1" * 24, "2" * 24]


def test_nfc_read_and_sim_tap_meet_over_udp(env):
    port = 54000 + os.getpid() % 1000
    tapper = subprocess.Popen([sys.executable, "-m", "kiosk", "sim", "tap", "--code", "1" * 24,
                               "--as", "phone", "--device", f"udp:127.0.0.1:{port}",
                               "--timeout", "20"], env=env, stdout=subprocess.PIPE, text=True)
    read = kiosk("nfc", "read", "--device", f"udp:127.0.0.1:{port}", "--timeout", "20",
                 "--json", env=env)
    assert tapper.wait(timeout=30) == 0
    assert read.returncode == 0
    assert json.loads(read.stdout) == {"code": "1" * 24, "carrier": "iso-dep",
                                       "uid": json.loads(read.stdout)["uid"], "problem": ""}


def test_clerk_pin_prints_a_hash_the_configuration_takes(env, tmp_path):
    made = kiosk("clerk-pin", env=env, input="4321\n")
    assert made.returncode == 0, made.stderr
    line = made.stdout.splitlines()[-1]
    assert line.startswith('clerk_pin_hash = "pbkdf2-sha256$') and "4321" not in line
    assert kiosk("clerk-pin", env=env, input="12\n").returncode == 1
