"""The wallet in a real browser at a phone's size, as a customer uses it: enroll through the
bank's consent page, see the balance, show the pay code to the kiosk's camera pipeline, pay,
find the receipt; and every way it can go wrong ends on a page that says what to do."""

import json
import sqlite3

import httpx

from tests.wallet.conftest import enroll, keep_screenshot


def problem_shown(page) -> str:
    return page.locator("[data-problem]").get_attribute("data-problem")


def test_enroll_see_balance_pay_with_the_code_and_find_the_receipt(shop, phone, tmp_path):
    enroll(phone, shop, "김민준")
    account = phone.locator("article.account").first
    assert "김민준" in account.inner_text()
    assert "잔액" in account.inner_text() and "원" in account.locator(".balance").inner_text()
    balance_before = int(account.locator(".balance b").inner_text().rstrip("원").replace(",", ""))

    account.get_by_role("link", name="결제 QR 열기").click()
    phone.locator("#qr svg").wait_for()
    assert int(phone.locator("#left").inner_text()) > 0
    shot = tmp_path / "phone.png"
    phone.screenshot(path=str(shot))

    scanned = json.loads(shop.kiosk("scan", "--json", str(shot)).stdout)
    assert len(scanned["codes"]) == 1
    code = scanned["codes"][0]
    paid = json.loads(shop.kiosk("pay", "--amount", "4500", "--code", code, "--json").stdout)
    assert paid["status"] == "approved"
    again = shop.kiosk("pay", "--amount", "4500", "--code", code, "--json", check=False)
    assert again.returncode != 0  # a one-time code: the same picture pays once only
    # The phone stops showing the spent code, says the kiosk read it, and offers the next.
    phone.locator("#used").wait_for()
    assert phone.locator("#qr").is_hidden() and "키오스크가 이 코드를 읽었습니다" in \
        phone.locator("#used").inner_text()
    keep_screenshot(phone, "wallet-code-used-ko")
    phone.get_by_role("button", name="다음 결제 코드 보기").click()
    phone.locator("#qr svg").wait_for()

    phone.goto(shop.wallet_url + "/accounts")
    after = phone.locator("article.account .balance b").first.inner_text()
    assert int(after.rstrip("원").replace(",", "")) == balance_before - 4500
    shop.kiosk("refund", paid["payment_id"], "--amount", "1000")  # at the counter
    phone.get_by_role("link", name="결제 내역·영수증").click()
    listed = phone.locator("a.receipt-link").first
    assert "데모 카페" in listed.inner_text()
    assert "부분 환불" in listed.inner_text() and "3,500원" in listed.inner_text()
    listed.click()
    receipt = phone.locator("pre.paper").first.inner_text()
    assert "4,500" in receipt and "데모 카페" in receipt


def test_the_jwks_is_served_and_the_private_key_stays_in_its_0600_file(shop):
    served = httpx.get(shop.wallet_url + "/.well-known/jwks.json").json()
    assert served == json.loads((shop.data_dir / "wallet" / "jwks.json").read_text())
    assert set(served["keys"][0]) == {"kty", "crv", "alg", "use", "kid", "x"}  # no "d"
    assert (shop.data_dir / "wallet" / "issuer-key.pem").stat().st_mode & 0o777 == 0o600


def test_no_page_shows_a_full_fintech_number(shop, phone):
    enroll(phone, shop, "김민준")
    fins = [a["fintech_use_num"] for a in httpx.get(f"{shop.bank.url}/_sim/accounts").json()]
    ref = phone.locator("article.account a").first.get_attribute("href").split("/")[-1]
    for path in ("/accounts", f"/accounts/{ref}", f"/pay/{ref}", "/receipts"):
        phone.goto(shop.wallet_url + path)
        html = phone.content()
        assert not any(fin in html for fin in fins), path
        assert not any(fin in phone.url for fin in fins)


def test_an_unlinked_account_makes_no_more_codes(shop, phone):
    enroll(phone, shop)
    ref = phone.locator("article.account a").first.get_attribute("href").split("/")[-1]
    phone.goto(f"{shop.wallet_url}/accounts/{ref}")
    phone.get_by_role("button", name="이 계좌 연결 해제").click()
    phone.wait_for_url(shop.wallet_url + "/accounts")
    phone.goto(f"{shop.wallet_url}/pay/{ref}")
    assert problem_shown(phone) == "missing"
    csrf = next(c["value"] for c in phone.context.cookies() if c["name"] == "wallet_csrf")
    answer = phone.request.post(f"{shop.wallet_url}/pay/{ref}/codes", headers={"X-CSRF": csrf})
    assert answer.status == 404


def test_an_address_with_no_page_is_the_wallets_own_page_with_the_way_back(shop, phone):
    """Before: Starlette's bare 'Not Found', in English, with no link."""
    answer = phone.goto(shop.wallet_url + "/acounts")
    assert answer.status == 404 and problem_shown(phone) == "no_page"
    assert "없는 페이지입니다" in phone.inner_text("main")
    assert phone.get_by_role("link", name="처음으로").get_attribute("href") == "/"


def test_a_forged_session_is_a_clear_page(shop, phone):
    phone.context.add_cookies([{"name": "wallet_device", "value": "forged-token",
                                "url": shop.wallet_url}])
    phone.goto(shop.wallet_url + "/accounts")
    assert problem_shown(phone) == "unknown"
    assert "다시 등록" in phone.inner_text("main")


def test_an_expired_session_is_a_clear_page(shop, phone):
    enroll(phone, shop)
    with sqlite3.connect(shop.data_dir / "wallet" / "wallet.sqlite3") as db:
        db.execute("UPDATE devices SET expires_at = 0")
    phone.goto(shop.wallet_url + "/accounts")
    assert problem_shown(phone) == "expired"


def test_a_replayed_enrollment_redirect_is_refused(shop, phone):
    redirects = []
    phone.on("request", lambda r: redirects.append(r.url) if "/enroll/done" in r.url else None)
    enroll(phone, shop)
    phone.goto(redirects[0])
    assert problem_shown(phone) == "replayed"


def test_a_redirect_with_a_wrong_state_is_ignored(shop, phone):
    phone.goto(shop.wallet_url + "/enroll/done?code=stolen&state=not-mine")
    assert problem_shown(phone) == "state"
    assert "처음부터" in phone.inner_text("main")


def test_declining_at_the_bank_registers_nothing(shop, phone):
    phone.goto(shop.wallet_url + "/")
    phone.get_by_role("button", name="은행 계좌 등록하기").click()
    phone.get_by_role("button", name="거부 (Deny)").click()
    assert problem_shown(phone) == "denied"


def test_a_phone_the_clerk_signed_out_is_told_so(shop, phone):
    enroll(phone, shop)
    device = shop.kiosk("wallet", "--devices").stdout.split()[0]
    assert "signed out phone" in shop.kiosk("wallet", "--sign-out", device).stdout
    phone.goto(shop.wallet_url + "/accounts")
    assert problem_shown(phone) == "revoked"


def test_signing_out_stops_the_pay_codes(shop, phone):
    enroll(phone, shop)
    ref = phone.locator("article.account a").first.get_attribute("href").split("/")[-1]
    phone.get_by_role("button", name="이 휴대폰 로그아웃").click()
    assert "로그아웃했습니다" in phone.inner_text("main")
    phone.goto(f"{shop.wallet_url}/pay/{ref}")
    assert problem_shown(phone) in ("none", "revoked")


def test_a_bank_down_while_the_balance_loads_is_said_plainly(shop, phone):
    enroll(phone, shop)
    shop.faults({"api": "balance", "fault": "http_error"},
                {"api": "transactions", "fault": "http_error"})
    phone.goto(shop.wallet_url + "/accounts")
    assert "은행이 지금 응답하지 않습니다" in phone.locator(".warn").first.inner_text()
    phone.locator("article.account").first.get_by_role("link", name="거래 내역").click()
    assert phone.locator(".warn").count() == 2  # the balance and the history, each said
    shop.faults()
    phone.reload()
    assert phone.locator(".warn").count() == 0


def test_a_form_without_its_csrf_token_is_refused(shop, phone):
    enroll(phone, shop)
    answer = phone.request.post(shop.wallet_url + "/signout", form={"csrf": "guess"})
    assert answer.status == 403
    phone.goto(shop.wallet_url + "/accounts")
    assert phone.locator("article.account").count() >= 1  # still signed in: nothing lost


def test_cookies_are_secure_httponly_and_samesite(shop, phone):
    enroll(phone, shop)
    cookies = {c["name"]: c for c in phone.context.cookies()}
    for name in ("wallet_device", "wallet_csrf", "wallet_enroll"):
        assert cookies[name]["httpOnly"] and cookies[name]["secure"], name
        assert cookies[name]["sameSite"] == "Lax", name


def test_english_on_request(shop, phone):
    phone.goto(shop.wallet_url + "/")
    phone.get_by_role("link", name="EN").click()
    assert phone.get_by_role("button", name="Register a bank account").is_visible()
