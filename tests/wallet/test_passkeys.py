"""Passkeys in a real browser with Chromium's virtual authenticator: registered after
enrollment, explained in plain Korean, signing a new phone in, and every answer the wallet
must not take refused (user verification off, a replay, another wallet's challenge)."""

from tests.wallet.conftest import Authenticator, enroll, register_passkey


def status_shown(page) -> str:
    status = page.locator("[data-status]:visible").first
    status.wait_for()
    return status.inner_text()


def test_a_passkey_is_registered_after_enrollment_and_explained_in_korean(shop, phone):
    authenticator = Authenticator(phone)
    enroll(phone, shop, "김민준")
    invite = phone.locator("a.invite")
    assert "패스키" in invite.inner_text()  # the accounts page invites the customer
    invite.click()
    about = phone.locator("#about-passkeys").inner_text()
    assert "비밀번호 대신" in about and "지문" in about and "휴대폰 밖으로 나가지 않습니다" in about
    phone.locator("[data-passkey-register]").click()
    phone.wait_for_url("**/passkeys?added=1")
    assert "패스키를 등록했습니다" in phone.inner_text("main")
    assert phone.locator("ul.passkeys li").count() == 1
    assert "Chrome" in phone.locator("ul.passkeys li").inner_text()
    [credential] = authenticator.credentials()
    assert credential["isResidentCredential"] and credential["rpId"] == "localhost"
    phone.goto(shop.wallet_url + "/accounts")
    assert phone.locator("a.invite").count() == 0


def test_a_new_phone_signs_in_with_the_passkey(shop, phone, browser):
    old = Authenticator(phone)
    enroll(phone, shop, "김민준")
    register_passkey(phone)

    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="ko-KR")
    new_phone = context.new_page()
    try:
        Authenticator(new_phone).add(old.credentials()[0])
        new_phone.goto(shop.wallet_url + "/")
        new_phone.get_by_role("button", name="패스키로 로그인").click()
        new_phone.wait_for_url(shop.wallet_url + "/accounts")
        assert "김민준" in new_phone.locator("article.account").first.inner_text()
        devices = shop.kiosk("wallet", "--devices").stdout.splitlines()
        assert len(devices) == 2  # the new phone is a phone of its own, revocable alone
    finally:
        context.close()


def test_a_sign_in_the_phone_could_not_verify_signs_nobody_in(shop, phone, browser):
    old = Authenticator(phone)
    enroll(phone, shop, "김민준")
    register_passkey(phone)
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="ko-KR")
    stranger = context.new_page()
    try:
        Authenticator(stranger, verified=False).add(old.credentials()[0])
        stranger.goto(shop.wallet_url + "/")
        stranger.get_by_role("button", name="패스키로 로그인").click()
        assert "본인 확인에 실패" in status_shown(stranger)
        stranger.goto(shop.wallet_url + "/accounts")
        assert stranger.locator("[data-problem]").get_attribute("data-problem") == "none"
    finally:
        context.close()


def test_a_passkey_the_wallet_does_not_know_signs_nobody_in(shop, phone):
    Authenticator(phone)
    enroll(phone, shop, "김민준")
    register_passkey(phone)
    with __import__("sqlite3").connect(shop.data_dir / "wallet" / "wallet.sqlite3") as db:
        db.execute("DELETE FROM passkeys")  # e.g. removed from this wallet
    phone.context.clear_cookies()
    phone.goto(shop.wallet_url + "/")
    phone.get_by_role("button", name="패스키로 로그인").click()
    assert "등록된 패스키가 아닙니다" in status_shown(phone)
