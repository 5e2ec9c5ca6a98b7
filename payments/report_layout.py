"""The day report as the closing (Z) slip a Korean shop keeps: who, which business day, when
it was printed, the money by method, gross, refunds and net with the net's VAT, what was
declined or is still unknown, and the hours in 만원.

Business days and times are Korea time (UTC+9), whatever the machine's clock zone is; the
slip says so, since the accountant reads it beside logs that may not be.
"""

from payments.koreatime import now_kst
from payments.money import manwon
from payments.receipt_layout import Layout, Sheet
from payments.receipts import METHODS, Merchant
from payments.textlayout import center, pair, rjust

BAR = "#"


def lay_out_report(report: dict, merchant: Merchant, printed_at: float,
                   columns: int = 42) -> Layout:
    sheet = Sheet(columns)
    sheet.emphasise(center("일일 마감 보고서 (Z)", columns))
    sheet.rule()
    for label, value in (("상호", merchant.name), ("대표자", merchant.representative),
                         ("사업자등록번호", merchant.business_number)):
        sheet.field(label, value)
    sheet.rule()
    sheet.pair("영업일", report["date"])
    sheet.pair("출력일시", now_kst(printed_at).strftime("%Y-%m-%d %H:%M:%S"))
    sheet.pair("시간대", "한국 표준시 (UTC+9)")
    sheet.rule()
    _by_method(sheet, report)
    sheet.pair("결제 건수", f"{report['count']:,}건")
    sheet.pair("총 매출", f"{report['gross']:,}원")
    sheet.pair(f"환불 ({report['refund_count']:,}건)", f"{-report['refunds']:,}원")
    sheet.emphasise(pair("순 매출", f"{report['net']:,}원", columns))
    sheet.pair("공급가액", f"{report['supply_value']:,}원")
    sheet.pair("부가세", f"{report['vat']:,}원")
    sheet.rule()
    sheet.pair("거절", f"{report['declined']:,}건")
    sheet.pair("확인 중", f"{report['pending']:,}건")
    if report["pending"]:
        sheet.paragraph(f"※ 은행 확인 중 {report['pending']:,}건 {report['pending_amount']:,}원은 "
                        "매출에 들어 있지 않습니다. 마감 전에 kiosk reconcile 로 확인하세요.")
    sheet.rule()
    _hours(sheet, report)
    return sheet.layout()


def render_report(report: dict, merchant: Merchant, printed_at: float,
                  columns: int = 42) -> str:
    return lay_out_report(report, merchant, printed_at, columns).text


def _by_method(sheet: Sheet, report: dict) -> None:
    """Only the methods the day used: an empty "NFC 0건 0원" row says nothing."""
    used = [(m, b) for m, b in report["by_method"].items() if b["count"] or b["refunds"]]
    if not used:
        return
    sheet.add("[결제수단별]")
    for method, bucket in used:
        name = METHODS.get(method, method.upper() or "-")
        sheet.pair(f"{name} {bucket['count']:,}건", f"{bucket['gross']:,}원")
        if bucket["refunds"]:
            sheet.pair("  환불", f"{-bucket['refunds']:,}원")
        sheet.pair("  순매출", f"{bucket['net']:,}원")
    sheet.rule()


def _hours(sheet: Sheet, report: dict) -> None:
    hours = [h for h in report["by_hour"] if h["count"] or h["refunds"]]
    sheet.add("[시간대별 순매출, 만원]")
    if not hours:
        sheet.add("(거래 없음)")
        return
    busiest = max(max(h["net"] for h in hours), 1)
    label_w = 10
    bar_w = sheet.columns - 4 - label_w - 1
    for hour in hours:
        bar = BAR * round(bar_w * hour["net"] / busiest) if hour["net"] > 0 else ""
        sheet.add(f"{hour['hour']:02d}시{rjust(manwon(hour['net']), label_w)} {bar}".rstrip())
