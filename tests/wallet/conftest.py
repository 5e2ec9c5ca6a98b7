"""A wallet as a shop runs it: `kiosk wallet` in a process of its own, a testbed bank that
shows its consent page, and Debian's Chromium (tests/browser.py) at a phone's size."""

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from testbed.server import TestbedServer, make_testbed
from testbed.settings import BankSettings
from tests.ports import free_port

PHONE = {"width": 390, "height": 844}
DEMO_SECRET = Path(__file__).resolve().parents[2] / "assets" / "demo" / "client_secret"

CONFIG = """
[merchant]
name = "데모 카페"
business_number = "123-45-67890"
address = "서울특별시 중구 세종대로 110"
phone = "02-1234-5678"

[openbanking]
client_id = "kiosk-demo-client"
client_secret_file = "{secret}"
institution_code = "M202200382"
contract_account_num = "3020000012345"
contract_bank_code = "011"
base_url = "{bank}"
terminal_id = "W19"

[payments]
accept_static_codes = false
confirm_above = 50000

[devices]
printer = "png:receipts"
camera = "inbox:camera-inbox"
"""


@dataclass
class Shop:
    """A kiosk's data directory and configuration, the bank, and its wallet's address."""

    bank: TestbedServer
    config: Path
    data_dir: Path
    wallet_url: str

    def kiosk(self, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        done = subprocess.run([sys.executable, "-m", "kiosk", "--config", str(self.config),
                               "--data-dir", str(self.data_dir), *args],
                              capture_output=True, text=True, timeout=120)
        if check:
            assert done.returncode == 0, done.stderr
        return done

    def faults(self, *rules: dict) -> None:
        answer = httpx.post(f"{self.bank.url}/_sim/faults", json={"rules": list(rules)})
        assert answer.status_code == 200, answer.text


@pytest.fixture
def shop(tmp_path) -> Iterator[Shop]:
    port = free_port(socket.SOCK_STREAM)
    # The wallet's Callback URL, registered at the bank as at the developer site.
    callback = f"http://localhost:{port}/enroll/done"
    with make_testbed(BankSettings(auto_consent=False, redirect_uris=(callback,))) as bank:
        config = tmp_path / "kiosk.toml"
        config.write_text(CONFIG.format(secret=DEMO_SECRET, bank=bank.url), encoding="utf-8")
        data_dir = tmp_path / "data"
        server = subprocess.Popen(
            [sys.executable, "-m", "kiosk", "--config", str(config), "--data-dir",
             str(data_dir), "wallet", "--port", str(port)],
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        url = f"http://localhost:{port}"
        try:
            _wait_for(f"{url}/.well-known/jwks.json", server)
            yield Shop(bank, config, data_dir, url)
        finally:
            server.terminate()  # as systemd stops it: SIGTERM
            output = server.communicate(timeout=30)[0]
            sys.stdout.write(output)  # shown by pytest when a test fails
            assert server.returncode == 0, "kiosk wallet did not stop cleanly on SIGTERM"


def _wait_for(url: str, server: subprocess.Popen) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"kiosk wallet exited: {server.stdout.read()}")
        try:
            if httpx.get(url, timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise RuntimeError("kiosk wallet did not answer within 60 s")


@pytest.fixture
def phone(browser):
    """A fresh phone: its own cookies, Korean, 390x844 CSS pixels."""
    context = browser.new_context(viewport=PHONE, locale="ko-KR", device_scale_factor=1)
    page = context.new_page()
    page.set_default_timeout(20_000)
    yield page
    context.close()


def enroll(page, shop: Shop, customer: str | None = None) -> None:
    """Enroll on this phone through the bank's consent page, as a customer does."""
    page.goto(shop.wallet_url + "/")
    page.locator("form[action='/enroll'] button").first.click()  # in either language
    page.wait_for_url(f"{shop.bank.url}/oauth/2.0/authorize*")
    if customer:
        page.get_by_label(customer, exact=False).check()
    page.get_by_role("button", name="동의하고 계속 (Agree)").click()
    page.wait_for_url(shop.wallet_url + "/accounts")


def keep_screenshot(page, name: str, full_page: bool = False) -> None:
    """With $WALLET_SCREENSHOTS set (docs/wallet.md), the page also goes there as name.png:
    what the screen shows, or with `full_page` all of the page."""
    folder = os.environ.get("WALLET_SCREENSHOTS")
    if folder:
        page.evaluate("document.fonts.ready.then(() => true)")
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / f"{name}.png"), full_page=full_page)


class Authenticator:
    """Chromium's virtual authenticator (the DevTools protocol's WebAuthn domain) on a page:
    a phone's platform passkey store with its fingerprint reader, which the test can make
    succeed or fail."""

    def __init__(self, page, verified: bool = True) -> None:
        self.cdp = page.context.new_cdp_session(page)
        self.cdp.send("WebAuthn.enable", {"enableUI": False})
        self.id = self.cdp.send("WebAuthn.addVirtualAuthenticator", {"options": {
            "protocol": "ctap2", "transport": "internal", "hasResidentKey": True,
            "hasUserVerification": True, "isUserVerified": verified,
            "automaticPresenceSimulation": True}})["authenticatorId"]

    def verifies(self, verified: bool) -> None:
        """Whether the customer's fingerprint (face, screen lock) is recognised from now on."""
        self.cdp.send("WebAuthn.setUserVerified", {"authenticatorId": self.id,
                                                   "isUserVerified": verified})

    def credentials(self) -> list[dict]:
        return self.cdp.send("WebAuthn.getCredentials",
                             {"authenticatorId": self.id})["credentials"]

    def add(self, credential: dict) -> None:
        """A passkey synced from another phone (as iCloud Keychain or Google's manager do)."""
        self.cdp.send("WebAuthn.addCredential", {"authenticatorId": self.id,
                                                 "credential": credential})


def register_passkey(page) -> None:
    """On a signed-in phone: the passkeys page, register one, back at the list."""
    page.goto(page.url.split("/accounts")[0] + "/passkeys")
    page.locator("[data-passkey-register]").click()
    page.wait_for_url("**/passkeys?added=1")
