"""Issue 20's "done when", as a new user does it with the demo: `kiosk --demo wallet`, a demo
customer enrolls in a real browser (the demo bank consents at once), registers a passkey in
Chromium's virtual authenticator, and pays 80,000 won at the demo kiosk, above its 50,000 won
threshold, in both modes: showing a confirmed code, and approving the sale the kiosk shows."""

import json
import os
import socket
import subprocess
import sys

import pytest

from tests.ports import free_port
from tests.wallet.conftest import Authenticator, _wait_for, register_passkey


@pytest.fixture
def demo(tmp_path):
    env = {**os.environ, "XDG_CONFIG_HOME": str(tmp_path / "config"), "HOME": str(tmp_path)}
    data_dir = tmp_path / "data"
    port = free_port(socket.SOCK_STREAM)

    def kiosk(*args: str, **popen):
        command = [sys.executable, "-m", "kiosk", "--demo", "--data-dir", str(data_dir), *args]
        if popen:
            return subprocess.Popen(command, env=env, text=True, **popen)
        return subprocess.run(command, env=env, capture_output=True, text=True, timeout=120)

    wallet = kiosk("wallet", "--port", str(port), stdout=subprocess.PIPE,
                   stderr=subprocess.STDOUT)
    url = f"http://localhost:{port}"
    try:
        _wait_for(f"{url}/.well-known/jwks.json", wallet)
        yield kiosk, url
    finally:
        wallet.terminate()
        sys.stdout.write(wallet.communicate(timeout=30)[0])


def test_a_demo_customer_pays_80000_won_with_a_passkey_in_both_modes(demo, phone, tmp_path):
    kiosk, url = demo
    Authenticator(phone)
    phone.goto(url + "/")
    phone.get_by_role("button", name="은행 계좌 등록하기").click()
    phone.wait_for_url(url + "/accounts")  # the demo bank consented for its first customer
    register_passkey(phone)

    # The customer shows the code: confirm 80,000 won, the kiosk's camera pipeline reads it.
    phone.goto(url + "/accounts")
    phone.locator("article.account").first.get_by_role("link", name="금액 확인").click()
    phone.locator("#amount").fill("80000")
    phone.get_by_role("button", name="패스키로 확인").click()
    phone.locator("#qr svg").wait_for()
    shot = tmp_path / "phone.png"
    phone.screenshot(path=str(shot))
    [code] = json.loads(kiosk("scan", "--json", str(shot)).stdout)["codes"]
    plain = kiosk("pay", "--amount", "80000", "--code", "kpay:" + "0" * 24, "--json")
    assert json.loads(plain.stdout)["status"] == "declined"  # over 50,000: confirm it
    paid = kiosk("pay", "--amount", "80000", "--code", code, "--json")
    assert paid.returncode == 0, paid.stdout + paid.stderr
    assert json.loads(paid.stdout)["amount"] == 80_000

    # The kiosk shows the sale: the phone opens its link and approves with the passkey.
    sale = kiosk("pay", "--amount", "80000", "--present", "--json", stdout=subprocess.PIPE,
                 stderr=subprocess.PIPE)
    link = next(line.strip() for line in sale.stderr if line.startswith("http"))
    phone.goto(link)
    assert "80,000" in phone.locator(".sale-facts").inner_text()
    phone.get_by_role("button", name="패스키로 결제 승인").click()
    phone.locator("[data-outcome][data-state='approved']").wait_for(timeout=60_000)
    out, _ = sale.communicate(timeout=120)
    assert sale.returncode == 0 and json.loads(out)["status"] == "approved"
    payments = json.loads(kiosk("payments", "--json").stdout)
    assert sorted(p["status"] for p in payments if p["amount"] == 80_000) == \
        ["approved", "approved", "declined"]
