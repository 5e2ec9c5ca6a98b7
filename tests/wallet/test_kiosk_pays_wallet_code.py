"""The wallet's code paid at the Qt kiosk: the customer enrolls in a real browser, opens the
pay QR, and the kiosk (its real window, offscreen, its camera pipeline) reads the phone's
screen and charges it. The kiosk was started from the same data directory, so it trusts the
wallet's issuer key without configuration."""

import json

from tests.wallet.conftest import enroll

SCENARIO = """
[[step]]
do = "key_amount"
won = 4500

[[step]]
do = "charge"

[[step]]
do = "present_image"
path = "{shot}"

[[step]]
do = "expect"
screen = "{screen}"
text = "{text}"
within = 20
"""


def test_the_qt_kiosk_reads_the_phones_screen_and_charges_the_wallets_code(shop, phone,
                                                                             tmp_path):
    enroll(phone, shop, "김민준")
    phone.locator("article.account").first.get_by_role("link", name="결제 QR 열기").click()
    phone.locator("#qr svg").wait_for()
    shot = tmp_path / "phone.png"
    phone.screenshot(path=str(shot))
    pay = tmp_path / "pay.toml"
    pay.write_text(SCENARIO.format(shot=shot, screen="approved", text="승인번호"),
                   encoding="utf-8")
    again = tmp_path / "again.toml"  # a one-time code: declined the second time
    again.write_text(SCENARIO.format(shot=shot, screen="declined", text="이미 사용"),
                     encoding="utf-8")

    run = shop.kiosk("run", "--offscreen", "--script", str(pay), check=False)
    assert run.returncode == 0, run.stdout + run.stderr
    paid = json.loads(shop.kiosk("payments", "--json").stdout)
    assert [(p["status"], p["amount"], p["method"]) for p in paid] == [("approved", 4500, "qr")]
    run = shop.kiosk("run", "--offscreen", "--script", str(again), check=False)
    assert run.returncode == 0, run.stdout + run.stderr
    paid = json.loads(shop.kiosk("payments", "--json").stdout)
    assert [p["status"] for p in paid] == ["approved", "declined"]
