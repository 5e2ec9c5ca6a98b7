"""The kiosk hears the bank's redirect back after a customer's consent, and nothing else:
a stranger on the network can neither end the consent nor hold the port."""

import socket
import time

import httpx
import pytest

from kiosk.redirect_listener import RedirectListener
from tests.ports import free_port


@pytest.fixture
def port() -> int:
    return free_port(socket.SOCK_STREAM)


@pytest.mark.integration
def test_the_redirect_is_answered_and_handed_over_once(port):
    heard = []
    listener = RedirectListener(f"http://localhost:{port}/callback", "s1", heard.append)
    try:
        assert httpx.get(f"http://127.0.0.1:{port}/favicon.ico").status_code == 404
        page = httpx.get(f"http://127.0.0.1:{port}/callback?code=abc&state=s1")
        assert page.status_code == 200 and "등록이 완료되었습니다" in page.text
        assert listener.wait(5) == {"code": "abc", "state": "s1"} and heard == [listener.query]
        replay = httpx.get(f"http://127.0.0.1:{port}/callback?code=xyz&state=s1")
        assert replay.status_code == 400 and heard == [{"code": "abc", "state": "s1"}]
    finally:
        listener.close()


@pytest.mark.integration
def test_a_redirect_with_a_wrong_state_is_ignored_and_the_listener_keeps_waiting(port):
    """Before: the first request, forged or not, ended the consent; the customer's own
    redirect then met a closed port."""
    heard = []
    listener = RedirectListener(f"http://localhost:{port}/callback", "real", heard.append)
    try:
        forged = httpx.get(f"http://127.0.0.1:{port}/callback?code=evil&state=forged")
        assert forged.status_code == 400 and "등록이 완료" not in forged.text
        assert listener.wait(0.3) is None and heard == []
        httpx.get(f"http://127.0.0.1:{port}/callback?code=good&state=real")
        assert listener.wait(5) == {"code": "good", "state": "real"}
    finally:
        listener.close()


@pytest.mark.integration
def test_an_idle_connection_holds_up_neither_the_customer_nor_close(port):
    """Before: one silent TCP connection froze the single-threaded listener, and close()
    joined it, freezing the bank worker (and payments on the Qt kiosk) with it."""
    listener = RedirectListener(f"http://localhost:{port}/callback", "s")
    idle = socket.create_connection(("127.0.0.1", port))
    try:
        started = time.monotonic()
        page = httpx.get(f"http://127.0.0.1:{port}/callback?code=c&state=s", timeout=3)
        assert page.status_code == 200 and listener.wait(1) is not None
        listener.close()
        assert time.monotonic() - started < 2
    finally:
        idle.close()


@pytest.mark.integration
def test_a_redirect_to_a_shop_network_address_is_heard_on_that_address_only(port):
    """A phone that scanned the consent QR comes back to the kiosk's LAN address; the
    listener takes that address, not every interface (127.0.0.2 stands for the LAN here)."""
    listener = RedirectListener(f"http://127.0.0.2:{port}/callback", "s2")
    try:
        with pytest.raises(httpx.ConnectError):
            httpx.get(f"http://127.0.0.1:{port}/callback?state=s2")
        httpx.get(f"http://127.0.0.2:{port}/callback?error=access_denied&state=s2")
        assert listener.wait(5) == {"error": "access_denied", "state": "s2"}
    finally:
        listener.close()


def test_a_host_that_is_not_this_kiosk_is_refused(port):
    with pytest.raises(OSError):
        RedirectListener(f"http://192.0.2.254:{port}/callback", "s")


def test_an_https_redirect_is_refused_with_the_reason():
    with pytest.raises(ValueError, match="https ends at a web server"):
        RedirectListener("https://shop.example/callback", "s")
