"""A customer enrolls an account at the kiosk's enroll screen: the consent QR, the bank's
redirect back to the kiosk, and what is shown (never a full fintech number); or, where the
shop runs a wallet, the wallet's QR."""

import io
import socket
import time
from urllib.parse import parse_qs, urlsplit

import httpx
from PIL import Image
from PySide6.QtCore import QBuffer, QIODevice

from kiosk.app import demo_customer
from payments.sale_requests import publish_address
from tests.hardware.printer.conftest import decoded_qr

WAIT_MS = 20_000


def open_enroll_screen(qtbot, kiosk) -> str:
    """The register screen, showing its consent QR; returns what the QR says."""
    window = kiosk.window
    window.top_bar.nav_buttons["register"].click()
    qtbot.waitUntil(lambda: window.enroll_screen.state == "waiting", timeout=WAIT_MS)
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    window.enroll_screen.qr.pixmap().save(buffer, "PNG")
    [url] = decoded_qr(Image.open(io.BytesIO(buffer.data().data())))
    return url


def redirect_uri(kiosk) -> str:
    return kiosk.context.config.openbanking.redirect_uri


def test_a_customer_scans_the_consent_qr_agrees_and_is_registered(qtbot, make_kiosk):
    kiosk = make_kiosk()
    window = kiosk.window
    url = open_enroll_screen(qtbot, kiosk)
    query = parse_qs(urlsplit(url).query)
    assert query["redirect_uri"] == [redirect_uri(kiosk)]
    assert query["scope"] == ["login inquiry transfer"] and len(query["state"][0]) == 32
    asked = time.time()
    demo_customer.consent(url)  # the phone's browser: the bank, then back to the kiosk
    qtbot.waitUntil(lambda: window.screen_name() == "registered", timeout=WAIT_MS)
    [account] = window.enroll_screen.accounts
    shown = window.visible_text()
    name = account["holder_name"]
    assert f"{name[0]}{'*' * (len(name) - 2)}{name[-1]} · {account['bank_name']} " in shown
    assert name not in shown  # a customer's full name is not for the queue behind them
    assert account["account_num_masked"] in shown and "*" in account["fintech_masked"]
    assert not window.enroll_screen.qr.isVisible()  # a used QR is not left to scan
    ledger = kiosk.bank.worker.services.ledger
    assert ledger.rows("SELECT * FROM customers WHERE user_seq_no = ? AND enrolled_at >= ?",
                       (account["user_seq_no"], asked))


def test_a_customer_who_declines_at_the_bank_is_told_so(qtbot, make_kiosk):
    kiosk = make_kiosk()
    url = open_enroll_screen(qtbot, kiosk)
    state = parse_qs(urlsplit(url).query)["state"][0]
    httpx.get(f"{redirect_uri(kiosk)}?state={state}&error=access_denied")
    qtbot.waitUntil(lambda: kiosk.window.screen_name() == "refused", timeout=WAIT_MS)
    assert "동의하지 않았습니다" in kiosk.window.visible_text()
    assert "새 QR 만들기" in kiosk.window.visible_text()


def test_a_redirect_with_another_state_registers_nobody_and_the_customer_still_can(
        qtbot, make_kiosk):
    """Someone else's (or a stale) consent must not register an account here, nor end the
    real customer's: the kiosk keeps waiting for the redirect with its own state."""
    kiosk = make_kiosk()
    window = kiosk.window
    url = open_enroll_screen(qtbot, kiosk)
    forged = httpx.get(f"{redirect_uri(kiosk)}?state={'0' * 32}&code=stolen")
    assert forged.status_code == 400 and "등록이 완료" not in forged.text
    qtbot.wait(300)
    assert window.screen_name() == "register" and window.enroll_screen.state == "waiting"
    demo_customer.consent(url)
    qtbot.waitUntil(lambda: window.screen_name() == "registered", timeout=WAIT_MS)


def not_listening(kiosk) -> bool:
    with socket.socket() as probe:
        return probe.connect_ex(("127.0.0.1", urlsplit(redirect_uri(kiosk)).port)) != 0


def test_leaving_the_enroll_screen_stops_listening_for_the_bank(qtbot, make_kiosk):
    kiosk = make_kiosk()
    open_enroll_screen(qtbot, kiosk)
    kiosk.window.top_bar.nav_buttons["sale"].click()
    qtbot.waitUntil(lambda: not_listening(kiosk), timeout=WAIT_MS)


def test_a_consent_qr_expires_and_a_late_consent_registers_nobody(qtbot, make_kiosk):
    kiosk = make_kiosk()
    open_enroll_screen(qtbot, kiosk)
    assert not not_listening(kiosk)
    screen = kiosk.window.enroll_screen
    screen.remaining = 1
    qtbot.waitUntil(lambda: kiosk.window.screen_name() == "expired", timeout=WAIT_MS)
    assert not screen.qr.isVisible()
    assert "새 QR을 만들어 다시 등록해 주세요" in kiosk.window.visible_text()
    qtbot.waitUntil(lambda: not_listening(kiosk), timeout=WAIT_MS)


def test_registering_while_the_redirect_port_is_taken_says_what_is_wrong(qtbot, make_kiosk):
    with socket.create_server(("127.0.0.1", 0)) as squatter:
        port = squatter.getsockname()[1]
        kiosk = make_kiosk(openbanking={"redirect_uri": f"http://127.0.0.1:{port}/callback"})
        kiosk.window.top_bar.nav_buttons["register"].click()
        qtbot.waitUntil(lambda: kiosk.window.screen_name() == "refused", timeout=WAIT_MS)
    assert f"127.0.0.1:{port}" in kiosk.window.visible_text()


def test_where_the_shop_runs_a_wallet_the_qr_opens_the_wallet(qtbot, make_kiosk, tmp_path):
    """The bank's redirect must land where a phone can reach: the wallet, not this kiosk."""
    kiosk = make_kiosk()
    (tmp_path / "data" / "wallet").mkdir()
    publish_address(tmp_path / "data", "https://wallet.example.kr")  # `kiosk wallet` ran here
    window = kiosk.window
    window.top_bar.nav_buttons["register"].click()
    screen = window.enroll_screen
    qtbot.waitUntil(lambda: screen.state == "wallet", timeout=WAIT_MS)
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    screen.qr.pixmap().save(buffer, "PNG")
    assert decoded_qr(Image.open(io.BytesIO(buffer.data().data()))) == \
        ["https://wallet.example.kr/"]
    assert "지갑" in window.visible_text() and window.screen_name() == "register"
