"""kiosk.service's watchdog: the kiosk pings from its event loop, so a frozen screen is
restarted. A fake notify socket stands where systemd's would be."""

import socket
import time

import pytest

WATCHDOG_S = 0.4


@pytest.fixture
def systemd(tmp_path, monkeypatch):
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    sock.bind(str(tmp_path / "notify"))
    sock.setblocking(False)
    monkeypatch.setenv("NOTIFY_SOCKET", str(tmp_path / "notify"))
    monkeypatch.setenv("WATCHDOG_USEC", str(int(WATCHDOG_S * 1e6)))
    yield sock
    sock.close()


def heard(sock) -> list[bytes]:
    """What systemd has been told since last asked."""
    messages = []
    while True:
        try:
            messages.append(sock.recv(4096))
        except BlockingIOError:
            return messages


def test_the_kiosk_says_ready_then_pings_while_its_event_loop_turns(qtbot, make_kiosk,
                                                                   systemd):
    kiosk = make_kiosk()
    qtbot.wait(int(WATCHDOG_S * 3000))
    messages = heard(systemd)
    assert messages[0].startswith(b"READY=1\nSTATUS=")
    assert b"STATUS=ready; bank: testbed" in messages
    assert messages.count(b"WATCHDOG=1") >= 4  # every half period
    kiosk.stop()
    assert heard(systemd)[-1] == b"STOPPING=1"


def test_a_frozen_event_loop_stops_the_pings(qtbot, make_kiosk, systemd):
    make_kiosk()
    qtbot.wait(int(WATCHDOG_S * 1000))
    heard(systemd)
    time.sleep(WATCHDOG_S * 3)  # the screen's thread stuck: what the watchdog is for
    assert heard(systemd) == []
    qtbot.wait(int(WATCHDOG_S * 1000))
    assert b"WATCHDOG=1" in heard(systemd)
