"""Every wallet page, in Korean and in English, at 390x844: each renders, fits the phone's
width, and shows no untranslated key. With $WALLET_SCREENSHOTS set they are kept there
(docs/screenshots is made this way, docs/wallet.md)."""

import json
import re

import pytest

from tests.wallet.conftest import Authenticator, enroll, keep_screenshot, register_passkey
from tests.wallet.test_confirm import PresentedSale

KEY = re.compile(r"\b(?:p_[a-z_]+|status_[a-z]+|[a-z]+_[a-z_]+)\b")  # a t() key left showing


def check_and_keep(page, name: str, language: str) -> None:
    text = page.inner_text("body")
    assert not KEY.search(text), f"{name}: an untranslated key: {KEY.search(text)[0]}"
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"{name}: {width} px wide, wider than the phone"
    keep_screenshot(page, f"wallet-{name}-{language}")


@pytest.mark.parametrize("language", ["ko", "en"])
def test_every_page_in_both_languages(shop, phone, language):
    url = shop.wallet_url
    phone.goto(f"{url}/lang/{language}?next=/")
    check_and_keep(phone, "start", language)

    enroll(phone, shop, "김민준")
    check_and_keep(phone, "accounts", language)
    ref = phone.locator("article.account a").first.get_attribute("href").split("/")[-1]

    phone.goto(f"{url}/pay/{ref}")
    phone.locator("#qr svg").wait_for()
    check_and_keep(phone, "pay", language)
    code = shop.kiosk("scan", "--json", _shot(phone, shop)).stdout
    shop.kiosk("pay", "--item", "아메리카노:4500", "--item", "크루아상:3800",
               "--code", json.loads(code)["codes"][0])
    shop.kiosk("refund", "last", "--amount", "3800")

    phone.goto(f"{url}/accounts/{ref}")
    check_and_keep(phone, "account", language)
    phone.goto(f"{url}/receipts")
    check_and_keep(phone, "receipts", language)
    phone.locator("a.receipt-link").first.click()
    phone.locator("pre.paper").first.wait_for()
    check_and_keep(phone, "receipt", language)

    shop.faults({"api": "balance", "fault": "http_error"})
    phone.goto(f"{url}/accounts")
    check_and_keep(phone, "bank-down", language)
    shop.faults()

    phone.goto(f"{url}/enroll/done?code=x&state=not-mine")
    check_and_keep(phone, "wrong-state", language)
    device = shop.kiosk("wallet", "--devices").stdout.split()[0]
    shop.kiosk("wallet", "--sign-out", device)
    phone.goto(f"{url}/accounts")
    check_and_keep(phone, "signed-out-by-shop", language)


@pytest.mark.parametrize("language", ["ko", "en"])
def test_the_passkey_and_confirmation_pages_in_both_languages(shop, phone, language,
                                                              tmp_path):
    url = shop.wallet_url
    Authenticator(phone)
    phone.goto(f"{url}/lang/{language}?next=/")
    enroll(phone, shop, "김민준")
    register_passkey(phone)
    check_and_keep(phone, "passkeys", language)

    phone.goto(f"{url}/accounts")
    phone.locator("article.account a[href^='/confirm/']").click()
    check_and_keep(phone, "confirm", language)
    phone.locator("#amount").fill("80000")
    phone.locator("form[data-confirm] button").click()
    phone.locator("#qr svg").wait_for()
    check_and_keep(phone, "confirmed", language)

    sale = PresentedSale(shop, "80000", tmp_path)
    phone.goto(sale.link)
    check_and_keep(phone, "sale", language)
    phone.locator("form[data-sale] button").click()
    phone.locator("[data-outcome][data-state='approved']").wait_for(timeout=60_000)
    check_and_keep(phone, "sale-paid", language)
    assert sale.result()[1]["status"] == "approved"


def _shot(page, shop) -> str:
    path = shop.data_dir / "phone.png"
    page.screenshot(path=str(path))
    return str(path)
