"""Above the shop's threshold (payments.confirm_above = 50,000 won here) the customer confirms
the amount with a passkey, in a real browser with Chromium's virtual authenticator, and the
kiosk (`kiosk pay`) charges only what was confirmed: in both modes, each refusal a test."""

import json
import signal
import subprocess
import sys

import httpx
import pytest

from tests.wallet.conftest import Authenticator, Shop, enroll, register_passkey


def charged(shop: Shop) -> list[int]:
    return [t["tran_amt"] for t in httpx.get(f"{shop.bank.url}/_sim/transfers").json()
            if t["kind"] == "withdraw"]


def account_ref(phone) -> str:
    return phone.locator("article.account a").first.get_attribute("href").split("/")[-1]


def confirm_amount(phone, shop: Shop, amount: str) -> None:
    """"Confirm an amount": type it, confirm with the passkey."""
    phone.goto(f"{shop.wallet_url}/accounts")
    phone.locator("article.account").first.get_by_role("link", name="금액 확인").click()
    phone.locator("#amount").fill(amount)
    phone.get_by_role("button", name="패스키로 확인").click()


def code_on_screen(phone, shop: Shop, tmp_path) -> str:
    """What the kiosk's camera pipeline reads from a screenshot of the phone."""
    phone.locator("#qr svg").wait_for()
    shot = tmp_path / "phone.png"
    phone.screenshot(path=str(shot))
    [code] = json.loads(shop.kiosk("scan", "--json", str(shot)).stdout)["codes"]
    return code


def pay(shop: Shop, amount: str, code: str) -> tuple[int, dict]:
    done = shop.kiosk("pay", "--amount", amount, "--code", code, "--json", check=False)
    return done.returncode, json.loads(done.stdout)


def test_a_customer_confirms_80000_won_and_the_kiosk_charges_it_once(shop, phone, tmp_path):
    Authenticator(phone)
    enroll(phone, shop, "김민준")
    register_passkey(phone)
    confirm_amount(phone, shop, "80,000")
    phone.locator("#qr svg").wait_for()
    assert "80,000" in phone.locator(".confirmed-amount").inner_text()
    assert "데모 카페" in phone.locator(".confirmed-amount").inner_text()
    code = code_on_screen(phone, shop, tmp_path)

    status, paid = pay(shop, "80000", code)
    assert (status, paid["status"], paid["amount"]) == (0, "approved", 80_000)
    status, again = pay(shop, "80000", code)  # the confirmed code shown a second time
    assert (status, again["status"]) == (2, "declined") and "already used" in again["reason"]
    assert charged(shop) == [80_000]


def test_an_unconfirmed_code_above_the_threshold_is_declined_saying_what_to_do(
        shop, phone, tmp_path):
    enroll(phone, shop, "김민준")
    phone.goto(f"{shop.wallet_url}/pay/{account_ref(phone)}")
    status, paid = pay(shop, "80000", code_on_screen(phone, shop, tmp_path))
    assert (status, paid["status"]) == (2, "declined")
    assert "confirm an amount" in paid["reason"] and "금액 확인" in paid["reason_ko"]
    assert charged(shop) == []


def test_a_confirmed_5000_won_code_does_not_pay_50000(shop, phone, tmp_path):
    Authenticator(phone)
    enroll(phone, shop, "김민준")
    register_passkey(phone)
    confirm_amount(phone, shop, "5000")
    status, paid = pay(shop, "50000", code_on_screen(phone, shop, tmp_path))
    assert (status, paid["status"]) == (2, "declined")
    assert "this code is for 5,000 won, the sale is 50,000 won" in paid["reason"]
    assert charged(shop) == []


def test_a_replayed_confirmation_is_refused_by_the_wallet(shop, phone):
    Authenticator(phone)
    enroll(phone, shop, "김민준")
    register_passkey(phone)
    posted = []
    phone.on("request", lambda r: posted.append(r) if r.url.endswith("/code") else None)
    confirm_amount(phone, shop, "80000")
    phone.locator("#qr svg").wait_for()
    [original] = posted
    csrf = next(c["value"] for c in phone.context.cookies() if c["name"] == "wallet_csrf")
    replay = phone.request.post(original.url, data=original.post_data,
                                headers={"X-CSRF": csrf, "Content-Type": "application/json"})
    assert replay.status == 400
    assert replay.json()["error"] == "pk_challenge"  # its one-time challenge is spent
    tampered = json.loads(original.post_data) | {"amount": "800000"}
    replay = phone.request.post(original.url, data=json.dumps(tampered),
                                headers={"X-CSRF": csrf, "Content-Type": "application/json"})
    assert replay.status == 400 and "svg" not in replay.json()


def test_an_assertion_without_user_verification_is_refused(shop, phone):
    authenticator = Authenticator(phone)
    enroll(phone, shop, "김민준")
    register_passkey(phone)
    authenticator.verifies(False)  # someone else holds the phone: no fingerprint match

    confirm_amount(phone, shop, "80000")  # the wallet's own page asks for verification
    status = phone.locator("[data-status]")
    status.wait_for()
    assert "본인 확인에 실패" in status.inner_text()

    # A doctored page asks the phone not to verify: the assertion comes with UV off, and
    # the wallet refuses it.
    def without_verification(route):
        options = route.fetch().json() | {"userVerification": "discouraged"}
        route.fulfill(json=options)

    phone.route("**/confirm/*/options", without_verification)
    phone.get_by_role("button", name="패스키로 확인").click()
    phone.locator("[data-status]", has_text="본인 확인을 하지 않은 응답이라").wait_for()
    assert phone.locator("#qr svg").count() == 0


# ---------------------------------------------------------------- merchant-presented


class PresentedSale:
    """`kiosk pay --present` running at the counter: its link, its QR, its outcome."""

    def __init__(self, shop: Shop, amount: str, tmp_path, wait: str = "60") -> None:
        self.qr = tmp_path / "sale.png"
        self.process = subprocess.Popen(
            [sys.executable, "-m", "kiosk", "--config", str(shop.config), "--data-dir",
             str(shop.data_dir), "pay", "--amount", amount, "--present", "--wait", wait,
             "--png", str(self.qr), "--json"],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        self.link, self.said = "", ""  # what it says on stderr after the link, once ended
        for line in self.process.stderr:
            if line.startswith("http"):
                self.link = line.strip()
                break
        assert self.link, "kiosk pay --present printed no link"

    def result(self) -> tuple[int, dict]:
        out, self.said = self.process.communicate(timeout=120)
        assert out, f"kiosk pay --present ended ({self.process.returncode}) with no result: " \
                    f"{self.said}"
        return self.process.returncode, json.loads(out)


def test_the_kiosk_shows_80000_won_and_the_customer_approves_it_with_the_passkey(
        shop, phone, tmp_path):
    Authenticator(phone)
    enroll(phone, shop, "김민준")
    register_passkey(phone)
    sale = PresentedSale(shop, "80000", tmp_path)
    [scanned] = json.loads(shop.kiosk("scan", "--json", str(sale.qr)).stdout)["codes"]
    assert scanned == sale.link  # what the phone's camera reads off the kiosk
    phone.goto(scanned)
    facts = phone.locator(".sale-facts").inner_text()
    assert "데모 카페" in facts and "80,000" in facts
    phone.get_by_role("button", name="패스키로 결제 승인").click()
    phone.locator("[data-outcome][data-state='approved']").wait_for(timeout=60_000)
    assert "결제가 완료되었습니다" in phone.locator("[data-outcome]").inner_text()
    status, paid = sale.result()
    assert (status, paid["status"], paid["amount"]) == (0, "approved", 80_000)
    assert "confirmed in the wallet: charging 80,000 won" in sale.said
    assert charged(shop) == [80_000]


def test_a_phone_whose_answer_is_lost_and_retries_is_charged_once(shop, phone, tmp_path):
    Authenticator(phone)
    enroll(phone, shop, "김민준")
    register_passkey(phone)
    sale = PresentedSale(shop, "80000", tmp_path)
    phone.goto(sale.link)
    # The wallet takes the confirmation, but the phone never hears back (signal lost).
    phone.route("**/sale/*/pay", lambda route: (route.fetch(), route.abort()))
    phone.get_by_role("button", name="패스키로 결제 승인").click()
    phone.locator("[data-status]:visible").wait_for()
    status, paid = sale.result()
    assert (status, paid["status"]) == (0, "approved")
    phone.unroute("**/sale/*/pay")
    phone.get_by_role("button", name="패스키로 결제 승인").click()  # the customer tries again
    phone.locator("[data-outcome][data-state='approved']").wait_for()  # told it is paid
    assert charged(shop) == [80_000]


def test_a_confirmation_after_the_kiosk_gave_up_charges_nothing(shop, phone, tmp_path):
    Authenticator(phone)
    enroll(phone, shop, "김민준")
    register_passkey(phone)
    sale = PresentedSale(shop, "80000", tmp_path, wait="3")
    phone.goto(sale.link)
    status, paid = sale.result()  # nobody confirmed within 3 s: the kiosk closed the sale
    assert (status, paid["status"]) == (2, "declined")
    assert "did not confirm in the wallet" in paid["reason"]
    phone.get_by_role("button", name="패스키로 결제 승인").click()
    assert "청구되지 않았습니다" in phone.locator("[data-status]:visible").inner_text()
    assert charged(shop) == []


@pytest.mark.parametrize("stop", [signal.SIGINT, signal.SIGTERM], ids=["Ctrl-C", "SIGTERM"])
def test_a_sale_request_the_clerk_stops_is_closed_and_charges_nothing(shop, tmp_path, stop):
    """Stopped by Ctrl-C at the counter, or by SIGTERM from a script or a service manager,
    the command closes the request (a confirmation after it is refused, as after a time-out)
    and the sale is declined with the reason, never left open for ever."""
    sale = PresentedSale(shop, "8000", tmp_path)
    sale.process.send_signal(stop)
    status, paid = sale.result()
    assert (status, paid["status"]) == (2, "declined")
    assert "the clerk cancelled the sale request" in paid["reason"]
    listed = json.loads(shop.kiosk("payments", "--json").stdout)
    assert [p["status"] for p in listed] == ["declined"]
    assert charged(shop) == []


def test_a_forged_sale_link_is_a_clear_page(shop, phone):
    enroll(phone, shop, "김민준")
    phone.goto(f"{shop.wallet_url}/sale/eyJhbGciOiJFZERTQSJ9.eyJhbXQiOjF9.AAAA")
    assert phone.locator("[data-problem]").get_attribute("data-problem") == "sale"
    assert "이 매장 키오스크의 결제 요청이 아닙니다" in phone.inner_text("main")
