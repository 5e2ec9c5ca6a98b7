"""Merchant-presented at the Qt kiosk: above the threshold the pay screen also shows the sale
as a QR; the customer's phone reads it (here: from a screenshot of the kiosk's screen, through
the kiosk's own QR reader), approves it with the passkey in Chromium's virtual
authenticator, and the kiosk completes the sale without the customer showing anything."""

import json
import subprocess
import sys
import time

from tests.wallet.conftest import Authenticator, enroll, register_passkey

SCENARIO = """
[[step]]
do = "key_amount"
won = 80000

[[step]]
do = "charge"

[[step]]
do = "expect"
screen = "pay"
text = "패스키로 승인하세요"

[[step]]
do = "screenshot"
path = "{shot}"

[[step]]
do = "expect"
screen = "approved"
text = "승인번호"
within = 90
"""


def test_the_qt_kiosk_shows_the_sale_and_the_phone_approves_it(shop, phone, tmp_path):
    Authenticator(phone)
    enroll(phone, shop, "김민준")
    register_passkey(phone)
    shot = tmp_path / "kiosk.png"
    script = tmp_path / "present.toml"
    script.write_text(SCENARIO.format(shot=shot), encoding="utf-8")
    kiosk = subprocess.Popen(
        [sys.executable, "-m", "kiosk", "--config", str(shop.config), "--data-dir",
         str(shop.data_dir), "run", "--offscreen", "--script", str(script)],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        deadline = time.monotonic() + 90
        while not shot.exists() and time.monotonic() < deadline and kiosk.poll() is None:
            time.sleep(0.2)
        time.sleep(0.5)  # the picture is written whole
        [link] = json.loads(shop.kiosk("scan", "--json", str(shot)).stdout)["codes"]
        assert link.startswith(shop.wallet_url + "/sale/")
        phone.goto(link)
        assert "80,000" in phone.locator(".sale-facts").inner_text()
        phone.get_by_role("button", name="패스키로 결제 승인").click()
        phone.locator("[data-outcome][data-state='approved']").wait_for(timeout=90_000)
        out, _ = kiosk.communicate(timeout=120)
        assert kiosk.returncode == 0, out
    finally:
        if kiosk.poll() is None:
            kiosk.kill()
    paid = json.loads(shop.kiosk("payments", "--json").stdout)
    assert [(p["status"], p["amount"]) for p in paid] == [("approved", 80_000)]
