"""The sd_notify protocol, against a notify socket of our own as systemd would bind it."""

import socket

import pytest

from kiosk.systemd_notify import SystemdNotifier


@pytest.fixture
def systemd(tmp_path):
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    sock.bind(str(tmp_path / "notify"))
    sock.settimeout(5)
    yield sock
    sock.close()


def test_ready_and_watchdog_pings_reach_the_socket(systemd, tmp_path):
    notifier = SystemdNotifier({"NOTIFY_SOCKET": str(tmp_path / "notify"),
                                "WATCHDOG_USEC": "30000000"})
    assert notifier.watchdog_s == 30.0
    assert notifier.ready("up")
    assert systemd.recv(4096) == b"READY=1\nSTATUS=up"
    assert notifier.alive()
    assert systemd.recv(4096) == b"WATCHDOG=1"


def test_an_abstract_socket_address_is_spelt_with_a_nul():
    name = f"kiosk-test-{id(object())}"
    with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM) as sock:
        sock.bind("\0" + name)
        sock.settimeout(5)
        assert SystemdNotifier({"NOTIFY_SOCKET": "@" + name}).stopping()
        assert sock.recv(4096) == b"STOPPING=1"


def test_outside_systemd_nothing_is_sent_and_a_vanished_socket_is_not_fatal(tmp_path):
    assert not SystemdNotifier({}).ready("up")
    assert SystemdNotifier({}).watchdog_s is None
    assert not SystemdNotifier({"NOTIFY_SOCKET": str(tmp_path / "gone")}).alive()
