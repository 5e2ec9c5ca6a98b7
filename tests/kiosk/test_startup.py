"""Starting the kiosk: one kiosk per data directory, the demo's reader on a loopback port of
its own, and every reason not to start said in one line."""

import socket
import subprocess
import sys
import threading
from pathlib import Path

import nfc.clf.udp
import pytest

from hardware.device_spec import parse_device
from hardware.nfc import make_reader
from hardware.nfc.emulation import present
from kiosk.context import make_context
from tests.kiosk.conftest import holding, kiosk
from tests.ports import free_port


def one_line(run: subprocess.CompletedProcess) -> str:
    assert run.returncode == 1 and "Traceback" not in run.stderr, run.stderr
    assert len(run.stderr.strip().splitlines()) == 1, run.stderr
    return run.stderr


def test_a_second_kiosk_on_the_same_data_directory_refuses_to_start(env, tmp_path):
    """Before: it started, sharing the ledger and (in the demo) the NFC reader's port."""
    with holding(tmp_path / "data") as first:
        run = kiosk("run", "--offscreen", "--quit-after", "1", env=env)
    said = one_line(run)
    assert f"another kiosk (process {first.pid}) is running on the data directory" in said
    assert "--data-dir" in said


@pytest.mark.parametrize("make", [
    lambda ledger: ledger.write_bytes(b"PK\x03\x04 a zip, not a database" * 100),
    lambda ledger: ledger.mkdir(parents=True),
])
def test_a_ledger_that_is_not_one_is_a_line_not_a_traceback(env, tmp_path, make):
    (tmp_path / "data").mkdir()
    make(tmp_path / "data" / "ledger.sqlite3")
    said = one_line(kiosk("payments", env=env))
    assert "ledger.sqlite3" in said and ("not a kiosk ledger" in said or "is a folder" in said)


def test_result_deadline_inf_stops_the_kiosk_in_one_line(env, tmp_path):
    config = tmp_path / "kiosk.toml"
    config.write_text('[merchant]\nname = "가게"\n[openbanking]\nclient_id = "a"\n'
                      'institution_code = "M202200382"\ncontract_account_num = "1"\n'
                      'contract_bank_code = "011"\n[payments]\nresult_deadline_s = inf\n')
    said = one_line(kiosk("--config", str(config), "config", env=env))
    assert "payments.result_deadline_s: inf must be above 0 and at most 600 s" in said


@pytest.mark.integration  # the kiosk command in a subprocess, as a user starts it
@pytest.mark.parametrize("command", [["config"], ["run", "--offscreen", "--quit-after", "1"]])
def test_a_wrong_device_string_stops_the_kiosk_in_one_line(env, tmp_path, command):
    """Before: `kiosk config` accepted printer = "lpt:1", and `kiosk run` died of a
    DeviceError traceback on camera = "webcam:0"."""
    config = tmp_path / "kiosk.toml"
    config.write_text('[merchant]\nname = "가게"\n[openbanking]\nclient_id = "a"\n'
                      'institution_code = "M202200382"\ncontract_account_num = "1"\n'
                      'contract_bank_code = "011"\n[devices]\ncamera = "webcam:0"\n')
    said = one_line(kiosk("--config", str(config), *command, env=env))
    assert f"{config}: devices.camera: 'webcam:0' is not a camera this kiosk knows" in said


def test_each_demo_data_directory_has_its_own_loopback_reader_port(tmp_path):
    """Before: every demo read taps on udp:localhost:54321, one machine-wide port."""
    first = make_context(None, str(tmp_path / "one"), True).config.devices.nfc
    second = make_context(None, str(tmp_path / "two"), True).config.devices.nfc
    assert first.kind == second.kind == "udp"
    assert first.address[0] == second.address[0] == "127.0.0.1"
    assert first != second
    assert make_context(None, str(tmp_path / "one"), True).config.devices.nfc == first


def test_sim_tap_finds_the_demo_reader_of_its_data_directory(env, tmp_path):
    device = make_context(None, str(tmp_path / "data"), True).config.devices.nfc
    tapper = subprocess.Popen([sys.executable, "-m", "kiosk", "sim", "tap", "--code",
                               "1" * 24, "--timeout", "60"], env=env,
                              stdout=subprocess.PIPE, text=True)
    # 60 s bounds only: the tapper's start takes seconds on a busy machine.
    tap = make_reader(device).read_one(60)
    assert tapper.wait(timeout=60) == 0
    assert tap is not None and tap.payload == "1" * 24


def test_the_udp_readers_socket_listens_on_loopback_only():
    """Before: it took 0.0.0.0, so anyone on the shop's network could answer the reader."""
    device = nfc.clf.udp.Device("127.0.0.1", free_port())
    try:
        device._send_data("106A", b"\x26", device.addr)
        assert device.socket.getsockname()[0] == "127.0.0.1"
    finally:
        device.socket.close()


@pytest.mark.integration
def test_an_emulated_tag_listens_on_loopback_only():
    """Before: `kiosk sim tap` bound 0.0.0.0, so the LAN could read what it presented."""
    port = free_port()
    tag = threading.Thread(target=present, args=(parse_device(f"udp:127.0.0.1:{port}", "nfc"),
                                                 "1" * 24),
                           kwargs={"timeout_s": 3}, daemon=True)
    tag.start()
    try:
        for _ in range(100):
            table = Path("/proc/net/udp").read_text().splitlines()[1:]
            listening = [line.split()[1] for line in table
                         if line.split()[1].endswith(f":{port:04X}")]
            if listening:
                break
            threading.Event().wait(0.02)
        assert listening == [f"0100007F:{port:04X}"]  # 127.0.0.1, not 00000000 (any)
    finally:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as nudge:
            nudge.sendto(b"RFOFF", ("127.0.0.1", port))
        tag.join(timeout=10)
