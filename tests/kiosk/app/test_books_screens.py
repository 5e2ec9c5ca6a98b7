"""The books on the screen: refunds in a payment's story on the history screen, and the
report screen's earlier days, VAT, methods and Z print."""

from datetime import date, timedelta

import pytest

from kiosk.app.screens.report import HourlyChart
from kiosk.app.widgets import PinDialog
from payments.money import manwon
from tests.kiosk.app.steps import WAIT_MS, ask_refund, open_history, paid_by_qr


def refund(qtbot, window, amount: str = "") -> None:
    """Through the history screen and the PIN dialog; no amount: all that is left."""
    qtbot.waitUntil(lambda: not window.findChildren(PinDialog))  # the last one is deleted
    ask_refund(window, amount).enter("1234")


def test_history_tells_a_refunded_payments_story(qtbot, make_kiosk):
    kiosk = make_kiosk()
    window = kiosk.window
    paid_by_qr(qtbot, kiosk, "치즈케이크")  # 6,800원
    history = open_history(qtbot, window)
    refund(qtbot, window, "1800")
    qtbot.waitUntil(lambda: history.table.item(0, 3).text() == "부분 환불", timeout=WAIT_MS)
    history.select(history.payments[0].id)
    details = history.details.text()
    assert "환불된 금액 1,800원" in details and "남은 금액 5,000원" in details
    assert history.refund_button.isEnabled()
    refund(qtbot, window)
    qtbot.waitUntil(lambda: history.table.item(0, 3).text() == "전액 환불", timeout=WAIT_MS)
    history.select(history.payments[0].id)
    assert "남은 금액 0원" in history.details.text()
    assert not history.refund_button.isEnabled()


def test_the_report_screen_looks_back_and_prints_the_z_report(qtbot, make_kiosk):
    kiosk = make_kiosk()
    window = kiosk.window
    paid_by_qr(qtbot, kiosk, "아메리카노")  # 4,500원 by QR
    window.top_bar.nav_buttons["report"].click()
    screen = window.report_screen
    qtbot.waitUntil(lambda: screen.report is not None, timeout=WAIT_MS)
    today = screen.report["date"]
    shown = window.visible_text()
    assert "부가세 (순 매출 중)" in shown and "409원" in shown  # 4,500원's VAT
    assert "QR 1건 · 순 매출 4,500원" in shown and "NFC" not in shown
    assert "한국 시간 (UTC+9)" in shown
    screen.earlier_button.click()
    yesterday = (date.fromisoformat(today) - timedelta(days=1)).isoformat()
    qtbot.waitUntil(lambda: screen.report["date"] == yesterday, timeout=WAIT_MS)
    assert screen.report["count"] == 0 and f"{yesterday} 매출" in window.visible_text()
    screen.print_button.click()
    z = kiosk.context.data_dir / "receipts" / f"z-report-{yesterday}.png"
    qtbot.waitUntil(z.exists, timeout=WAIT_MS)
    screen.later_button.click()
    qtbot.waitUntil(lambda: screen.report["date"] == today, timeout=WAIT_MS)


@pytest.mark.parametrize("hour", [6, 23])  # the chart's first and last hours, at its edges
def test_an_hours_amount_is_drawn_whole_at_the_charts_edge(qtbot, hour):
    """Before: the first hour's label was centred on its bar past the chart's left edge,
    so 1.1만 read .1만."""
    chart = HourlyChart()
    qtbot.addWidget(chart)
    chart.resize(460, 200)
    chart.by_hour = [{"hour": h, "count": int(h == hour), "refunds": 0,
                      "net": 12_345_000 if h == hour else 0} for h in range(24)]
    image = chart.grab().toImage()
    label_row = range(0, 22)  # above the busiest bar, which reaches 24 px from the top
    inked = [x for x in range(image.width())
             if any(image.pixelColor(x, y).lightness() < 200 for y in label_row)]
    wide = chart.fontMetrics().horizontalAdvance(manwon(12_345_000))
    assert inked and inked[-1] - inked[0] >= 0.9 * wide
