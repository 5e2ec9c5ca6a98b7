"""Device strings: parsed once into a DeviceSpec, a wrong one refused with what to write."""

from pathlib import Path

import pytest

import hardware.device_spec
from hardware.device_spec import (
    DeviceError,
    DeviceSpec,
    free_udp_port,
    no_device,
    parse_device,
)


def test_a_device_string_is_its_role_kind_and_target():
    assert parse_device("v4l2:/dev/video0", "camera") == DeviceSpec("camera", "v4l2",
                                                                    "/dev/video0")
    assert parse_device(" none ", "printer") == no_device("printer")
    assert str(parse_device("tcp:192.168.0.50:9100", "printer")) == "tcp:192.168.0.50:9100"


@pytest.mark.parametrize(("text", "role", "is_path", "simulated"), [
    ("v4l2:0", "camera", False, False),
    ("inbox:camera-inbox", "camera", True, True),
    ("file:/dev/usb/lp0", "printer", True, False),
    ("png:receipts", "printer", True, True),
    ("tcp:127.0.0.1:9100", "printer", False, False),
    ("udp:127.0.0.1:54321", "nfc", False, True),
    ("usb", "nfc", False, False),
    ("none", "nfc", False, False),
])
def test_a_spec_says_whether_its_target_is_a_path_and_whether_it_is_a_simulation(
        text, role, is_path, simulated):
    spec = parse_device(text, role)
    assert (spec.is_path, spec.simulated) == (is_path, simulated)


@pytest.mark.parametrize(("text", "role", "says"), [
    ("webcam:0", "camera", 'is not a camera this kiosk knows: use one of "v4l2:0"'),
    ("bogus:1", "nfc", 'is not an NFC reader this kiosk knows: use one of "usb:054c:06c1"'),
    ("lpt:1", "printer", 'is not a printer this kiosk knows: use one of "usb:04b8:0202"'),
    ("v4l2:", "camera", 'needs a target after the colon, as in "v4l2:0"'),
    ("v4l2:front", "camera", "write it as v4l2:INDEX or v4l2:/dev/videoN"),
    ("none:0", "camera", "write none alone"),
    ("usb:epson", "printer", "usb:VID:PID in hexadecimal"),
    ("tcp:printer", "printer", "tcp:HOST:PORT"),
    ("tcp:printer:99999", "printer", "tcp:HOST:PORT"),
    ("serial:/dev/ttyUSB0:fast", "printer", "serial:DEVICE:BAUD"),
    ("usb:1:2", "camera", "is not a camera"),
])
def test_a_wrong_string_is_one_line_saying_what_to_write(text, role, says):
    with pytest.raises(DeviceError) as caught:
        parse_device(text, role)
    assert says in str(caught.value) and text in str(caught.value)
    assert "\n" not in str(caught.value)


@pytest.mark.parametrize("text", ["udp:0.0.0.0:54321", "udp:192.168.0.5:54321",
                                  "udp:kiosk.lan:54321", "udp:127.0.0.1:x"])
def test_the_simulated_reader_off_this_machine_is_refused(text):
    with pytest.raises(DeviceError, match="simulation on this machine only"):
        parse_device(text, "nfc")


def test_a_reader_port_nfcpy_would_take_for_a_service_name_is_refused_at_once():
    # nfcpy's udp driver turns the port into its /etc/services name and then fails on
    # int(): udp:127.0.0.1:53 crashed `nfc read` and `sim tap` with a ValueError.
    with pytest.raises(DeviceError, match="port 53 is the service 'domain' in /etc/services"):
        parse_device("udp:127.0.0.1:53", "nfc")
    with pytest.raises(DeviceError, match="a port is 1 to 65535"):
        parse_device("udp:127.0.0.1:70000", "nfc")
    assert parse_device("udp:127.0.0.1:54321", "nfc").target == "127.0.0.1:54321"


def test_a_free_reader_port_is_one_nfcpy_can_take(monkeypatch):
    """The system's "any free port" may be a named one (57000 is dircproxy): passed over."""
    asked: list[int] = []

    def named_first(port: int) -> bool:
        asked.append(port)
        return len(asked) > 1

    monkeypatch.setattr(hardware.device_spec, "nfcpy_can_use", named_first)
    assert free_udp_port() == asked[1]
    assert len(asked) == 2


def test_the_parts_of_a_target_come_from_the_spec():
    assert parse_device("tcp:printer.lan:9100", "printer").address == ("printer.lan", 9100)
    assert parse_device("usb:04b8:0202", "printer").usb_ids == (0x04B8, 0x0202, (0x82, 0x01))
    assert parse_device("usb:04b8:0202:81:03", "printer").usb_ids == (0x04B8, 0x0202,
                                                                     (0x81, 0x03))
    assert parse_device("serial:/dev/ttyUSB0", "printer").serial == ("/dev/ttyUSB0", 9600)
    assert parse_device("serial:/dev/ttyS0:38400", "printer").serial == ("/dev/ttyS0", 38400)
    assert parse_device("inbox:/srv/inbox", "camera").path == Path("/srv/inbox")


def test_a_relative_path_is_taken_in_the_data_directory(tmp_path):
    def no_port() -> int:
        raise AssertionError("only the auto port asks for one")

    placed = [parse_device(text, role).in_data_dir(tmp_path, no_port) for text, role in (
        ("png:receipts", "printer"), ("inbox:/srv/inbox", "camera"), ("v4l2:0", "camera"),
        ("tcp:127.0.0.1:9100", "printer"), ("none", "camera"))]
    assert [str(spec) for spec in placed] == [f"png:{tmp_path / 'receipts'}", "inbox:/srv/inbox",
                                              "v4l2:0", "tcp:127.0.0.1:9100", "none"]


def test_a_home_path_is_the_users_not_the_data_directorys(tmp_path, monkeypatch):
    monkeypatch.setenv("HOME", "/home/clerk")
    placed = parse_device("text:~/receipts", "printer").in_data_dir(tmp_path, lambda: 0)
    assert placed.path == Path("/home/clerk/receipts")


def test_the_demo_readers_auto_port_is_the_one_its_data_directory_keeps(tmp_path):
    spec = parse_device("udp:127.0.0.1:auto", "nfc")
    assert str(spec.in_data_dir(tmp_path, lambda: 40123)) == "udp:127.0.0.1:40123"
    with pytest.raises(DeviceError, match="no port number yet"):
        _ = spec.address
