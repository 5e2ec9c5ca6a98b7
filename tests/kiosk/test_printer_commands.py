"""Receipts on paper from the command line: print-test, receipt --format escpos|png, and
the loopback network printer, in the demo."""

import json
import os
import pty
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from PIL import Image

from hardware.printer.base import PAPERS
from hardware.printer.escpos_render import render_escpos
from tests.hardware.printer.conftest import decoded_qr
from tests.kiosk.conftest import kiosk


@pytest.fixture
def paid(env):
    """The demo with one approved payment; its id."""
    code = kiosk("sim", "code", env=env).stdout.splitlines()[0]
    run = kiosk("pay", "--amount", "4500", "--code", code, "--json", env=env)
    assert run.returncode == 0, run.stderr
    return json.loads(run.stdout)["payment_id"]


def test_the_demo_prints_its_test_receipt_into_the_data_directory(env, tmp_path):
    run = kiosk("print-test", env=env)
    assert run.returncode == 0, run.stderr
    png = tmp_path / "data" / "receipts" / "print-test.png"
    assert run.stdout.strip() == f"printed a test receipt on {png}"
    assert decoded_qr(Image.open(png)) == ["kiosk print test"]


def test_print_test_to_a_printer_that_is_not_there_says_so(env):
    run = kiosk("print-test", "--printer", "tcp:127.0.0.1:1", env=env)
    assert run.returncode == 1
    assert run.stderr.startswith("kiosk: network printer 127.0.0.1:1 cannot be reached")


def test_a_receipt_as_png_and_as_escpos_is_the_same_paper(env, paid, tmp_path):
    png, escpos = tmp_path / "r.png", tmp_path / "r.bin"
    assert kiosk("receipt", paid, "--format", "png", "--out", str(png), env=env).returncode == 0
    assert kiosk("receipt", "last", "--format", "escpos", "--out", str(escpos),
                 env=env).returncode == 0
    assert Image.open(png).size[0] == 576
    assert decoded_qr(Image.open(png)) == [paid]
    paper, problems = render_escpos(escpos.read_bytes(), PAPERS[80])
    assert problems == [] and decoded_qr(paper) == [paid]


def test_a_binary_receipt_goes_down_a_pipe_but_not_onto_a_terminal(env, paid):
    command = [sys.executable, "-m", "kiosk", "receipt", paid, "--format", "escpos"]
    piped = subprocess.run(command, capture_output=True, env=env, timeout=60)
    assert piped.returncode == 0 and piped.stdout.startswith(b"\x1b@")
    controller, terminal = pty.openpty()
    try:
        shown = subprocess.run(command, stdout=terminal, stderr=subprocess.PIPE, env=env,
                               timeout=60, text=True)
    finally:
        os.close(terminal)
        os.close(controller)
    assert shown.returncode == 1 and "give --out PATH, or redirect it" in shown.stderr


def test_the_simulated_network_printer_keeps_each_job_and_its_paper(env, tmp_path, paid):
    out = tmp_path / "jobs"
    printer = subprocess.Popen([sys.executable, "-m", "kiosk", "sim", "printer", "--port", "0",
                                "--out", str(out)], env=env, stdout=subprocess.PIPE, text=True)
    try:
        ready = printer.stdout.readline()
        address = ready.split()[3]
        assert ready.startswith("printer listening on tcp:127.0.0.1:")
        run = kiosk("print-test", "--printer", address, env=env)
        assert run.returncode == 0, run.stderr
        assert printer.stdout.readline().startswith("job 1: ")
        assert decoded_qr(Image.open(out / "job-0001.png")) == ["kiosk print test"]
        assert (out / "job-0001.bin").read_bytes().startswith(b"\x10\x04\x01")
    finally:
        printer.terminate()
        printer.wait(10)


def test_pay_and_refund_print_on_the_configured_printer_with_print(env, tmp_path):
    code = kiosk("sim", "code", env=env).stdout.splitlines()[0]
    paid = kiosk("pay", "--item", "아메리카노:4500:2", "--code", code, "--print", "--json",
                 env=env)
    assert paid.returncode == 0, paid.stderr
    sale = json.loads(paid.stdout)
    assert sale["printed"] is True
    receipts = tmp_path / "data" / "receipts"
    assert decoded_qr(Image.open(receipts / f"{sale['payment_id']}.png")) == [sale["payment_id"]]
    refunded = kiosk("refund", "last", "--amount", "1000", "--print", env=env)
    assert refunded.returncode == 0 and refunded.stdout.startswith("refunded: 1,000 won")
    assert refunded.stdout.endswith("\n  printed on the receipt printer\n")
    assert (receipts / f"{sale['payment_id']}-refund.png").exists()
    again = kiosk("pay", "--amount", "3000", "--code", code, "--print", "--json", env=env)
    assert again.returncode == 2  # the code was used: declined, and its slip printed
    assert (receipts / f"{json.loads(again.stdout)['payment_id']}.png").exists()


def test_a_printer_that_fails_never_changes_the_moneys_exit_status(env, tmp_path):
    config = tmp_path / "kiosk.toml"
    demo = (Path(__file__).resolve().parents[2] / "assets" / "demo" / "kiosk.toml")
    config.write_text(demo.read_text(encoding="utf-8").replace(
        'printer = "png:receipts"', 'printer = "tcp:127.0.0.1:1"'), encoding="utf-8")
    shutil.copy(demo.with_name("client_secret"), tmp_path / "client_secret")
    code = kiosk("sim", "code", env=env).stdout.splitlines()[0]
    run = kiosk("--config", str(config), "--demo", "pay", "--amount", "4500", "--code", code,
                "--print", env=env)
    assert run.returncode == 0 and run.stdout.startswith("approved: 4,500 won")
    assert run.stderr.startswith("kiosk: the receipt did not print: network printer "
                                 "127.0.0.1:1 cannot be reached")
    assert "`kiosk receipt " in run.stderr
