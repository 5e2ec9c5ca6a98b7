"""kiosk.service's watchdog: the kiosk pings from its event loop, so a frozen screen is
restarted. A fake notify socket stands where systemd's would be."""

import contextlib
import queue
import socket
import threading
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


@pytest.fixture
def systemd_reading(systemd):
    """The notify socket read all along, as systemd reads it: unread, it holds only ten
    datagrams, and what the kiosk says after them while it starts up is lost."""
    systemd.settimeout(0.05)
    received: queue.SimpleQueue[bytes] = queue.SimpleQueue()
    reading = threading.Event()
    reading.set()

    def read() -> None:
        while reading.is_set():
            with contextlib.suppress(TimeoutError):
                received.put(systemd.recv(4096))

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    yield received
    reading.clear()
    reader.join()


def test_the_kiosk_says_ready_then_pings_while_its_event_loop_turns(qtbot, make_kiosk,
                                                                   systemd_reading):
    kiosk = make_kiosk()
    messages: list[bytes] = []

    def told(*wanted: bytes) -> bool:
        while not systemd_reading.empty():
            messages.append(systemd_reading.get())
        return all(message in messages for message in wanted)

    qtbot.waitUntil(lambda: told(b"STATUS=ready; bank: testbed")
                    and messages.count(b"WATCHDOG=1") >= 4, timeout=30_000)
    assert messages[0].startswith(b"READY=1\nSTATUS=")
    kiosk.stop()
    qtbot.waitUntil(lambda: told(b"STOPPING=1"), timeout=10_000)
    assert messages[-1] == b"STOPPING=1"


def test_a_frozen_event_loop_stops_the_pings(qtbot, make_kiosk, systemd):
    make_kiosk()
    qtbot.wait(int(WATCHDOG_S * 1000))
    heard(systemd)
    time.sleep(WATCHDOG_S * 3)  # the screen's thread stuck: what the watchdog is for
    assert heard(systemd) == []
    qtbot.wait(int(WATCHDOG_S * 1000))
    assert b"WATCHDOG=1" in heard(systemd)
