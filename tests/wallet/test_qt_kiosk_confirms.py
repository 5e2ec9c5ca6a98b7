"""Above the threshold at the Qt kiosk (its real window, offscreen, its camera pipeline):
the phone's screen with a code the customer confirmed with a passkey pays 80,000 won; the
ordinary pay code is declined, and the screen says to confirm the amount in the wallet."""

import json

from tests.wallet.conftest import Authenticator, enroll, register_passkey

SCENARIO = """
[[step]]
do = "key_amount"
won = 80000

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


def run_scenario(shop, tmp_path, shot, screen: str, text: str):
    script = tmp_path / f"{screen}.toml"
    script.write_text(SCENARIO.format(shot=shot, screen=screen, text=text), encoding="utf-8")
    return shop.kiosk("run", "--offscreen", "--script", str(script), check=False)


def test_the_qt_kiosk_charges_a_confirmed_80000_won_code_and_declines_a_plain_one(
        shop, phone, tmp_path):
    Authenticator(phone)
    enroll(phone, shop, "김민준")
    register_passkey(phone)

    phone.goto(shop.wallet_url + "/accounts")
    phone.locator("article.account").first.get_by_role("link", name="결제 QR 열기").click()
    phone.locator("#qr svg").wait_for()
    plain = tmp_path / "plain.png"
    phone.screenshot(path=str(plain))
    run = run_scenario(shop, tmp_path, plain, "declined", "금액을 확인해야")
    assert run.returncode == 0, run.stdout + run.stderr

    phone.goto(shop.wallet_url + "/accounts")
    phone.locator("article.account").first.get_by_role("link", name="금액 확인").click()
    phone.locator("#amount").fill("80000")
    phone.get_by_role("button", name="패스키로 확인").click()
    phone.locator("#qr svg").wait_for()
    confirmed = tmp_path / "confirmed.png"
    phone.screenshot(path=str(confirmed))
    run = run_scenario(shop, tmp_path, confirmed, "approved", "승인번호")
    assert run.returncode == 0, run.stdout + run.stderr

    paid = json.loads(shop.kiosk("payments", "--json").stdout)
    assert sorted((p["status"], p["amount"]) for p in paid) == \
        [("approved", 80_000), ("declined", 80_000)]
