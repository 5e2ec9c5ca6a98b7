"""The owner's page's words, in Korean (the default) and English; one key per phrase."""

from wallet.i18n import LANGUAGES, translator

__all__ = ["LANGUAGES", "TEXT", "translator"]

TEXT: dict[str, dict[str, str]] = {
    "title": {"ko": "매장 매출 관리", "en": "Shop sales"},
    "login_lead": {"ko": "점주 비밀번호로 로그인하면 모든 계산대의 매출 보고서를 볼 수 "
                         "있습니다.",
                   "en": "Sign in with the owner's password to see every counter's sales."},
    "password": {"ko": "비밀번호", "en": "Password"},
    "login": {"ko": "로그인", "en": "Sign in"},
    "logout": {"ko": "로그아웃", "en": "Sign out"},
    "wrong_password": {"ko": "비밀번호가 맞지 않습니다.", "en": "That password is not right."},
    "locked": {"ko": "비밀번호를 여러 번 틀렸습니다. {s}초 후에 다시 시도하세요.",
               "en": "Too many wrong passwords: try again in {s} s."},
    "unavailable": {"ko": "점주 비밀번호가 아직 설정되지 않아 로그인할 수 없습니다. 서버 "
                          "관리자에게 문의하세요.",
                    "en": "No owner's password is set up yet, so nobody can sign in. Ask "
                          "whoever runs the server."},
    "books_down": {"ko": "지금은 장부에 연결할 수 없습니다. 잠시 후 새로 고침하세요.",
                   "en": "The books cannot be reached just now: refresh in a minute."},
    "retry": {"ko": "다시 시도", "en": "Try again"},
    "no_page": {"ko": "없는 페이지입니다. 주소를 확인하세요.",
                "en": "There is no such page: check the address."},
    "to_report": {"ko": "매출 보고서로", "en": "To the sales report"},
    "signed_out": {"ko": "로그아웃했습니다.", "en": "You are signed out."},
    "expired": {"ko": "로그인이 필요합니다.", "en": "Please sign in."},
    "report": {"ko": "매출 보고서", "en": "Sales report"},
    "from": {"ko": "시작일", "en": "From"},
    "to": {"ko": "종료일", "en": "To"},
    "show": {"ko": "조회", "en": "Show"},
    "today": {"ko": "오늘", "en": "Today"},
    "last_7": {"ko": "최근 7일", "en": "7 days"},
    "this_month": {"ko": "이번 달", "en": "This month"},
    "last_30": {"ko": "최근 30일", "en": "30 days"},
    "bad_span": {"ko": "기간이 올바르지 않습니다: 시작일과 종료일을 YYYY-MM-DD로, 시작일이 "
                       "종료일보다 늦지 않게, 1년 이내로 입력하세요. 아래는 최근 7일입니다.",
                 "en": "That span is not valid: give From and To as YYYY-MM-DD, From on or "
                       "before To, at most a year apart. Below are the last 7 days."},
    "csv": {"ko": "CSV 내려받기", "en": "Download CSV"},
    "csv_note": {"ko": "영업일·계산대·결제수단·시간대별 금액 (원). 엑셀에서 바로 열립니다.",
                 "en": "By day, counter, method and hour, in won; opens in Excel as is."},
    "net": {"ko": "순매출", "en": "Net sales"},
    "gross": {"ko": "총 매출", "en": "Sales"},
    "refunds": {"ko": "환불", "en": "Refunds"},
    "vat": {"ko": "부가세", "en": "VAT"},
    "supply_value": {"ko": "공급가액", "en": "Supply value"},
    "payments": {"ko": "결제", "en": "Payments"},
    "count_unit": {"ko": "{n}건", "en": "{n}"},
    "won": {"ko": "{amount}원", "en": "₩{amount}"},
    "pending_note": {"ko": "은행 확인 중인 결제 {n}건 ({amount})은 아직 매출에 들어 있지 "
                           "않습니다. 은행이 승인하면 반영됩니다.",
                     "en": "Still being checked with the bank, not in these sales until it "
                           "approves: {n} (payments of {amount})."},
    "declined_note": {"ko": "거절된 결제 {n}건은 매출에서 제외했습니다.",
                      "en": "Declined, left out: {n}."},
    "by_day": {"ko": "일별 순매출", "en": "Net sales by day"},
    "by_hour": {"ko": "시간대별 순매출", "en": "Net sales by hour"},
    "by_counter": {"ko": "계산대별 순매출", "en": "Net sales by counter"},
    "by_method": {"ko": "결제수단별 매출 비중", "en": "Sales by method"},
    "counter": {"ko": "계산대", "en": "Counter"},
    "method": {"ko": "결제수단", "en": "Method"},
    "no_counter": {"ko": "(계산대 미지정)", "en": "(no counter)"},
    "all_counters": {"ko": "전체 계산대 보기", "en": "All counters"},
    "counters": {"ko": "계산대별 합계", "en": "Counters"},
    "methods": {"ko": "결제수단별 합계", "en": "Methods"},
    "total": {"ko": "합계", "en": "Total"},
    "no_sales": {"ko": "이 기간에는 승인된 매출이 없습니다.",
                 "en": "No approved sales in this span."},
    "hour_label": {"ko": "{h}시", "en": "{h}h"},
    "kst_note": {"ko": "영업일과 시간은 한국 표준시 (UTC+9) 기준입니다. 환불은 환불한 날과 "
                       "시간에, 원래 결제한 계산대와 결제수단으로 집계합니다.",
                 "en": "Business days and hours are Korea time (UTC+9). A refund counts on "
                       "the day and hour it was paid back, under the counter and method of "
                       "its payment."},
}
