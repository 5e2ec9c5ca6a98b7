"""The Qt kiosk in the demo configuration, offscreen, with its own data directory, NFC port
and (where a test wants one) a loopback network printer."""

import dataclasses
import os
import socket

import httpx
import pytest

os.environ["QT_QPA_PLATFORM"] = "offscreen"  # before any Qt application exists

from hardware.device_spec import parse_device
from kiosk.app.application import Kiosk
from kiosk.context import make_context
from tests.ports import free_port


@pytest.fixture
def make_kiosk(qtbot, tmp_path):
    """Build a ready kiosk; keyword arguments replace keys of their configuration tables
    (devices as the file writes them: "inbox:/path"). Its NFC reader and its OAuth redirect
    listener take free loopback ports."""
    made = []

    def build(devices: dict | None = None, kiosk: dict | None = None,
              payments: dict | None = None, openbanking: dict | None = None,
              server: dict | None = None, language: str | None = None) -> Kiosk:
        context = make_context(None, str(tmp_path / "data"), True)
        config = context.config
        config = dataclasses.replace(
            config,
            devices=dataclasses.replace(config.devices, **{
                role: parse_device(text, role) for role, text in
                {"nfc": f"udp:127.0.0.1:{free_port()}", **(devices or {})}.items()}),
            openbanking=dataclasses.replace(
                config.openbanking,
                **{"redirect_uri": f"http://127.0.0.1:{free_port(socket.SOCK_STREAM)}/callback",
                   **(openbanking or {})}),
            kiosk=dataclasses.replace(config.kiosk, **(kiosk or {})),
            payments=dataclasses.replace(config.payments, **(payments or {})),
            server=dataclasses.replace(config.server, **(server or {})))
        kiosk_ = Kiosk(dataclasses.replace(context, config=config), language, sounds=False)
        made.append(kiosk_)
        kiosk_.show()
        qtbot.waitUntil(lambda: kiosk_.window.is_ready, timeout=30_000)
        return kiosk_

    yield build
    for kiosk_ in made:
        kiosk_.stop()


def testbed_url(kiosk: Kiosk) -> str:
    return kiosk.bank.worker.services.testbed.url


def add_faults(kiosk: Kiosk, *rules: dict) -> None:
    httpx.post(f"{testbed_url(kiosk)}/_sim/faults", json={"rules": list(rules)}).raise_for_status()
