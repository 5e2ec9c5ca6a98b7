"""The kiosk hears the bank's redirect back after a customer's consent."""

import socket

import httpx
import pytest

from kiosk.redirect_listener import RedirectListener
from tests.ports import free_port


def test_the_redirect_is_answered_and_handed_over_once():
    port = free_port(socket.SOCK_STREAM)
    heard = []
    listener = RedirectListener(f"http://localhost:{port}/callback", heard.append)
    try:
        assert httpx.get(f"http://127.0.0.1:{port}/favicon.ico").status_code == 404
        page = httpx.get(f"http://127.0.0.1:{port}/callback?code=abc&state=s1")
        assert page.status_code == 200 and "등록이 완료되었습니다" in page.text
        assert listener.wait(5) == {"code": "abc", "state": "s1"} and heard == [listener.query]
    finally:
        listener.close()


def test_a_redirect_to_the_kiosks_shop_network_address_is_heard_on_every_interface():
    """A phone that scanned the consent QR comes back to the kiosk's LAN address."""
    port = free_port(socket.SOCK_STREAM)
    listener = RedirectListener(f"http://kiosk.shop.lan:{port}/callback")
    try:
        httpx.get(f"http://127.0.0.1:{port}/callback?error=access_denied&state=s2")
        assert listener.wait(5) == {"error": "access_denied", "state": "s2"}
    finally:
        listener.close()


def test_an_https_redirect_is_refused_with_the_reason():
    with pytest.raises(ValueError, match="https ends at a web server"):
        RedirectListener("https://shop.example/callback")
