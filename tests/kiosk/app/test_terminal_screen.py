"""A chain's terminal whose server cannot be reached says so plainly, for as long as it
lasts, and takes no payment (issue 21)."""

import socket

from kiosk.bootstrap import terminal_key_path
from payments.signing_keys import load_or_create_key
from tests.kiosk.app.steps import ring_up
from tests.ports import free_port

WAIT_MS = 20_000


def test_a_terminal_without_its_server_says_so_and_takes_no_payment(qtbot, make_kiosk, tmp_path):
    nobody = f"http://127.0.0.1:{free_port(socket.SOCK_STREAM)}"  # no server listens there
    load_or_create_key(tmp_path / "data" / "terminal.key")
    kiosk = make_kiosk(server={"url": nobody})
    window = kiosk.window
    assert terminal_key_path(kiosk.context) == tmp_path / "data" / "terminal.key"
    qtbot.waitUntil(lambda: window.top_bar.server_down.isVisible(), timeout=WAIT_MS)
    assert "결제 서버 끊김" in window.top_bar.server_down.text()
    ring_up(window, "아메리카노")
    assert window.screen_name() == "sale"  # no pay screen: nothing can be charged
    assert "결제 서버에 연결할 수 없어" in window.visible_text()
