"""Every flow of the kiosk through its widgets, offscreen: what a clerk and a customer do,
and what they see."""

import gc
import shutil

import pytest
from PIL import Image
from PySide6.QtWidgets import QDialog, QLabel

from hardware.printer.base import PAPERS
from hardware.printer.sim_network import SimNetworkPrinter
from kiosk.app.scenario import Scenario
from kiosk.app.widgets import PinDialog
from kiosk.config import client_secret
from testbed.demo_wallet import demo_code
from tests.hardware.printer.conftest import decoded_qr
from tests.kiosk.app.conftest import add_faults
from tests.kiosk.app.steps import (
    WAIT_MS,
    ask_refund,
    open_history,
    paid_by_qr,
    ring_up,
    show_qr,
    wait_for_screen,
)


def test_an_item_sale_paid_by_qr_is_approved_and_its_receipt_prints(qtbot, make_kiosk):
    kiosk = make_kiosk()
    window = kiosk.window
    ring_up(window, "아메리카노", "아메리카노", "치즈케이크")
    assert window.screen_name() == "pay"
    assert "15,800원" in window.visible_text()
    show_qr(kiosk)
    wait_for_screen(qtbot, window, "approved")
    assert "승인번호" in window.visible_text()
    payment_id = window.result_screen.result.payment_id
    receipt = kiosk.context.data_dir / "receipts" / f"{payment_id}.png"
    qtbot.waitUntil(receipt.exists, timeout=WAIT_MS)
    assert decoded_qr(Image.open(receipt)) == [payment_id]
    qtbot.waitUntil(lambda: "영수증이 출력되었습니다" in window.visible_text(), timeout=WAIT_MS)
    assert window.cart.lines == []
    window.result_screen.preview_button.click()
    preview = window.findChild(QDialog, "receipt_preview")
    assert preview.isVisible()
    assert not preview.findChild(QLabel).pixmap().isNull()
    preview.accept()


def test_a_keyed_amount_paid_by_a_phone_tap(qtbot, make_kiosk):
    kiosk = make_kiosk()
    window = kiosk.window
    sale = window.sale_screen
    sale.keypad_tab.click()
    for key in "12000":
        sale.keypad.buttons[key].click()
    sale.add_keyed_button.click()
    assert window.cart.total == 12_000
    sale.charge_button.click()
    window.demo_present("phone")  # the on-screen demo customer: nfcpy's udp driver
    wait_for_screen(qtbot, window, "approved")
    assert window.result_screen.result.amount == 12_000


def test_a_replayed_qr_is_declined_as_used_with_what_to_do_and_no_slip(qtbot, make_kiosk):
    """The last customer's QR shown again at once, for the next sale: the scanner must not
    take it for the same presentation (the sales differ), so the ledger declines it."""
    kiosk = make_kiosk()
    window = kiosk.window
    code = demo_code()
    paid_by_qr(qtbot, kiosk, "생수", code=code)
    window.result_screen.new_button.click()
    ring_up(window, "생수")
    show_qr(kiosk, code)  # the same picture again, within the scanner's 3 s
    wait_for_screen(qtbot, window, "declined")
    result = window.result_screen
    assert result.header.text() == "이미 사용된 코드입니다"  # the reason is the headline
    assert "새 결제 코드" in result.step.text() and "카드" not in window.visible_text()
    assert result.again_button.objectName() == "primary" and result.again_button.isVisible()
    receipts = kiosk.context.data_dir / "receipts"
    assert not (receipts / f"{result.result.payment_id}.png").exists()  # no slip unasked
    result.again_button.click()  # the same sale, another code
    assert window.screen_name() == "pay"
    window.demo_present("phone")
    wait_for_screen(qtbot, window, "approved")


def test_new_sale_after_a_decline_starts_from_an_empty_cart(qtbot, make_kiosk):
    kiosk = make_kiosk()
    window = kiosk.window
    code = demo_code()
    paid_by_qr(qtbot, kiosk, "생수", code=code)
    window.result_screen.new_button.click()
    ring_up(window, "크루아상")
    show_qr(kiosk, code)
    wait_for_screen(qtbot, window, "declined")
    window.result_screen.new_button.click()
    assert window.screen_name() == "sale" and window.cart.lines == []
    ring_up(window, "생수")
    assert window.counter.sale.total == 1000


def test_a_qr_that_is_not_a_payment_code_keeps_the_pay_screen_with_a_hint(qtbot, make_kiosk):
    kiosk = make_kiosk()
    window = kiosk.window
    ring_up(window, "카페라테")
    show_qr(kiosk, "https://open.kakao.com/o/gAbCdEf")
    qtbot.waitUntil(lambda: "결제 QR이 아닙니다" in window.visible_text(), timeout=WAIT_MS)
    assert window.screen_name() == "pay"
    show_qr(kiosk)
    wait_for_screen(qtbot, window, "approved")


def test_the_clerks_menu_is_locked_while_the_customer_pays(qtbot, make_kiosk):
    window = make_kiosk().window
    ring_up(window, "카페라테")
    assert not any(button.isEnabled() for button in window.top_bar.nav_buttons.values())
    window.go("history")
    assert window.screen_name() == "pay"
    window.pay_screen.cancel_button.click()
    assert window.top_bar.nav_buttons["history"].isEnabled()


def test_a_sale_over_the_per_payment_limit_never_reaches_the_pay_screen(qtbot, make_kiosk):
    window = make_kiosk(payments={"max_per_payment": 10_000}).window
    ring_up(window, "치즈케이크", "치즈케이크")
    assert window.screen_name() == "sale"
    assert "1회 결제 한도 10,000원" in window.visible_text()


def test_a_dead_camera_is_shown_in_the_top_bar_and_on_the_pay_screen(qtbot, make_kiosk,
                                                                    tmp_path):
    (tmp_path / "not-a-folder").write_text("")
    kiosk = make_kiosk(devices={"camera": f"inbox:{tmp_path / 'not-a-folder' / 'inbox'}"})
    window = kiosk.window
    qtbot.waitUntil(lambda: window.top_bar.health["camera"].property("status") == "lost",
                    timeout=WAIT_MS)
    ring_up(window, "생수")
    shown = window.visible_text()
    assert "QR 카메라: 연결 끊김" in shown and "카메라 연결 끊김" in shown
    assert "카메라 준비 중" not in shown
    assert "리더기에 대 주세요" in shown and "카메라에 보여" not in shown


def test_cancel_goes_back_to_the_sale_with_the_cart_kept(qtbot, make_kiosk):
    window = make_kiosk().window
    ring_up(window, "카페라테")
    window.pay_screen.cancel_button.click()
    assert window.screen_name() == "sale"
    assert window.cart.total == 5000


def test_an_unpaid_sale_times_out(qtbot, make_kiosk):
    window = make_kiosk(kiosk={"pay_timeout_s": 2}).window
    ring_up(window, "카페라테")
    wait_for_screen(qtbot, window, "sale", timeout=5000)
    assert "시간이 지나" in window.visible_text()


def test_an_unknown_outcome_shows_checking_and_is_never_charged_again(qtbot, make_kiosk):
    kiosk = make_kiosk(payments={"result_deadline_s": 2.0, "result_poll_s": 0.5})
    window = kiosk.window
    add_faults(kiosk, {"api": "withdraw", "fault": "garbage", "apply": True, "times": 1},
               {"api": "result", "fault": "http_error", "times": 20})
    ring_up(window, "바닐라라테")
    show_qr(kiosk)
    wait_for_screen(qtbot, window, "checking")
    assert "다시 청구되지 않으니" in window.visible_text()
    assert not window.top_bar.nav_buttons["sale"].isEnabled()
    assert "초" in window.pay_screen.elapsed.text()  # how long the bank has taken
    wait_for_screen(qtbot, window, "unknown")
    assert window.result_screen.result.payment_id in window.visible_text()
    assert "상품을 건네지 말고" in window.visible_text()  # what the clerk does now
    assert window.cart.lines == []  # nothing left to charge again
    add_faults(kiosk)  # the bank answers again
    window.result_screen.check_button.click()
    wait_for_screen(qtbot, window, "approved")


def test_refund_needs_the_clerks_pin(qtbot, make_kiosk):
    kiosk = make_kiosk()
    window = kiosk.window
    paid_by_qr(qtbot, kiosk, "치즈케이크")
    history = open_history(qtbot, window)
    dialog = ask_refund(window, "1800")
    assert history.payments[0].id in dialog.title.text() and "1,800원" in dialog.title.text()
    dialog.enter("9999")
    assert dialog.isVisible() and "맞지 않습니다" in dialog.message.text()
    dialog.enter("1234")  # accepted: the dialog closes and is deleted, so it is not read again
    qtbot.waitUntil(lambda: "환불되었습니다: 1,800원" in window.visible_text(), timeout=WAIT_MS)


def test_the_report_shows_the_days_totals(qtbot, make_kiosk):
    kiosk = make_kiosk()
    window = kiosk.window
    paid_by_qr(qtbot, kiosk, "아메리카노")
    window.top_bar.nav_buttons["report"].click()
    qtbot.waitUntil(lambda: window.report_screen.report is not None, timeout=WAIT_MS)
    assert window.report_screen.report["gross"] >= 4500
    assert "순 매출" in window.visible_text()


def test_english_is_one_tap_away(qtbot, make_kiosk):
    kiosk = make_kiosk()
    window = kiosk.window
    window.top_bar.language_button.click()
    assert window.top_bar.nav_buttons["sale"].text() == "Sale"
    assert "Americano" in window.sale_screen.item_buttons["아메리카노"].text()
    window.sale_screen.item_buttons["아메리카노"].click()
    assert window.sale_screen.charge_button.text() == "Charge ₩4,500"
    window.top_bar.language_button.click()
    assert window.top_bar.nav_buttons["sale"].text() == "판매"


def test_a_printer_out_of_paper_holds_the_receipt_for_a_reprint(qtbot, make_kiosk, tmp_path):
    printer = SimNetworkPrinter(tmp_path / "jobs", PAPERS[80], port=0).start()
    try:
        printer.paper_out = True
        kiosk = make_kiosk(devices={"printer": printer.address})
        window = kiosk.window
        ring_up(window, "크루아상")
        show_qr(kiosk)
        wait_for_screen(qtbot, window, "approved")
        qtbot.waitUntil(lambda: "출력하지 못했습니다" in window.visible_text(), timeout=WAIT_MS)
        window.top_bar.nav_buttons["devices"].click()
        assert "용지 없음" in window.visible_text()
        printer.paper_out = False
        assert window.devices_screen.held_button.isEnabled()
        window.devices_screen.held_button.click()
        [job] = printer.wait_for_jobs(1)
        assert job.printed
    finally:
        printer.stop()


def test_a_camera_that_cannot_be_opened_is_shown_on_the_devices_screen(qtbot, make_kiosk,
                                                                       tmp_path):
    (tmp_path / "not-a-folder").write_text("")
    kiosk = make_kiosk(devices={"camera": f"inbox:{tmp_path / 'not-a-folder' / 'inbox'}"})
    window = kiosk.window
    window.top_bar.nav_buttons["devices"].click()
    qtbot.waitUntil(lambda: "연결 끊김" in window.visible_text(), timeout=WAIT_MS)
    assert "cannot use" not in window.visible_text()  # no developer English on the screen
    window.devices_screen.details_button.click()  # ...until the one fixing it asks
    assert "cannot use it as the inbox" in window.visible_text()


def test_a_camera_unplugged_at_the_counter_is_shown_lost_then_found_and_takes_codes_again(
        qtbot, make_kiosk, tmp_path):
    """The inbox camera's folder taken away (and a file put in its way, so it cannot come
    back by itself) is the simulated camera's yanked cable."""
    inbox = tmp_path / "inbox"
    kiosk = make_kiosk(devices={"camera": f"inbox:{inbox}"})
    window = kiosk.window
    window.top_bar.nav_buttons["devices"].click()
    qtbot.waitUntil(lambda: kiosk.devices.statuses["camera"][0] == "ok", timeout=WAIT_MS)
    shutil.rmtree(inbox)
    inbox.write_text("")
    qtbot.waitUntil(lambda: "연결 끊김" in window.visible_text(), timeout=WAIT_MS)
    window.devices_screen.details_button.click()
    assert str(inbox) in window.visible_text()  # which camera, and why
    inbox.unlink()  # plugged back in: the feed reopens it by itself
    qtbot.waitUntil(lambda: kiosk.devices.statuses["camera"][0] == "ok", timeout=WAIT_MS)
    assert "카메라 정상" in window.visible_text().replace(" | ", " ")
    window.go("sale")
    paid_by_qr(qtbot, kiosk, "아메리카노")


@pytest.mark.parametrize("name", ["sale", "register", "history", "report", "devices"])
def test_every_screen_fits_the_7_inch_touch_screen(make_kiosk, name):
    window = make_kiosk().window
    window.go(name)
    hint = window.centralWidget().minimumSizeHint()
    assert hint.width() <= 800 and hint.height() <= 480


def open_settings(window, pin: str = "1234"):
    window.top_bar.nav_buttons["devices"].click()
    window.devices_screen.settings_button.click()
    [dialog] = [d for d in window.findChildren(PinDialog) if d.isVisible()]
    dialog.enter(pin)
    return window.settings_screen


def test_the_settings_are_shown_only_after_the_clerk_pin_and_never_the_secret(qtbot,
                                                                              make_kiosk):
    kiosk = make_kiosk()
    window = kiosk.window
    window.top_bar.nav_buttons["devices"].click()
    window.devices_screen.settings_button.click()
    pin = window.findChild(PinDialog)
    pin.enter("0000")
    assert pin.isVisible() and window.screen_name() == "devices"
    pin.enter("1234")
    assert window.screen_name() == "settings"
    window.settings_screen.tabs[2].click()
    shown = window.visible_text()
    # The devices as the kiosk uses them: the demo's receipts folder is in its data directory.
    assert "보기 전용" in shown
    assert f"printer: png:{kiosk.context.data_dir / 'receipts'}" in shown
    secret = client_secret(kiosk.context.config).reveal()
    assert secret and secret not in shown


def test_the_owner_changes_a_price_adds_an_item_and_sets_a_footer_and_pin(qtbot, make_kiosk):
    kiosk = make_kiosk()
    window = kiosk.window
    settings = open_settings(window)
    table = settings.table
    row = next(r for r in range(table.rowCount()) if table.item(r, 1).text() == "생수")
    table.item(row, 2).setText("1,200")
    settings.add_button.click()
    last = table.rowCount() - 1
    for column, text in enumerate(("음료", "보리차", "1500", "Barley tea")):
        table.item(last, column).setText(text)
    settings.footer.setText("또 오세요!")
    for pin in ("2468", "2468"):
        for digit in pin:
            settings.pin_keypad.buttons[digit].click()
        settings.pin_ok.click()
    settings.save_button.click()
    assert "저장했습니다" in window.visible_text()
    sale = window.sale_screen
    assert "1,200원" in sale.item_buttons["생수"].text()
    assert "보리차" in sale.item_buttons
    paid_by_qr(qtbot, kiosk, "보리차")
    assert window.result_screen.result.amount == 1500
    qtbot.waitUntil(lambda: window.receipts.last_receipt is not None, timeout=WAIT_MS)
    printed = window.receipts.document(window.receipts.last_receipt)  # as it prints
    assert "또 오세요!" in printed.lines[-1]
    window.result_screen.new_button.click()
    assert window.pin_hash != kiosk.context.config.kiosk.clerk_pin_hash
    open_settings(window, "2468")
    assert window.screen_name() == "settings"


def test_a_settings_mistake_is_said_and_nothing_is_saved(qtbot, make_kiosk):
    kiosk = make_kiosk()
    window = kiosk.window
    settings = open_settings(window)
    settings.table.item(0, 2).setText("공짜")
    settings.save_button.click()
    assert "1번 상품: 가격은 숫자로" in settings.problem.text()
    assert not (kiosk.context.data_dir / "owner.toml").exists()
    assert "4,500원" in window.sale_screen.item_buttons["아메리카노"].text()


def test_a_camera_lost_mid_sale_leaves_no_frozen_frame_and_says_so(qtbot, make_kiosk,
                                                                   tmp_path):
    inbox = tmp_path / "inbox"
    kiosk = make_kiosk(devices={"camera": f"inbox:{inbox}"})
    window = kiosk.window
    qtbot.waitUntil(lambda: kiosk.devices.statuses["camera"][0] == "ok", timeout=WAIT_MS)
    ring_up(window, "생수")
    preview = window.pay_screen.preview
    qtbot.waitUntil(lambda: not preview.pixmap().isNull(), timeout=WAIT_MS)  # live frames
    shutil.rmtree(inbox)
    inbox.write_text("")  # the cable pulled
    qtbot.waitUntil(lambda: preview.text() == "카메라 연결 끊김", timeout=WAIT_MS)
    assert preview.pixmap().isNull()
    assert "QR 카메라: 연결 끊김" in window.visible_text()
    assert window.top_bar.health["camera"].property("status") == "lost"


def test_a_scenario_waits_and_goes_on_though_nothing_else_holds_its_run(qtbot, make_kiosk,
                                                                        tmp_path):
    script = tmp_path / "wait.toml"
    script.write_text('[[step]]\ndo = "wait"\nseconds = 0.3\n'
                      '[[step]]\ndo = "expect"\nscreen = "sale"\n', encoding="utf-8")
    kiosk = make_kiosk()
    finished: list[int] = []
    scenario = Scenario.load(script)  # held, as `kiosk run` holds it
    scenario.run(kiosk, finished.append)
    gc.collect()
    qtbot.waitUntil(lambda: finished == [0], timeout=5000)
