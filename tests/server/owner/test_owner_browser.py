"""The owner's page in Debian's Chromium, at a phone's size and at a desktop's: a wrong
password refused, then the report of both counters with its totals and charts, and its CSV
downloaded with the right sums. With $WALLET_SCREENSHOTS set the pages are kept there as
owner-*.png (docs/wallet.md)."""

import csv
import re
from datetime import date, timedelta

import pytest

from payments.chain_report import chain_report
from tests.payments.chain_books import ChainBooks
from tests.server.owner.conftest import GANGNAM, KNOWN, KNOWN_COUNTERS, YEOKSAM
from tests.server.owner.owner_site import PASSWORD, fill
from tests.wallet.conftest import keep_screenshot

SIZES = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1280, "height": 900}}
KEY = re.compile(r"\b[a-z]+_[a-z_]+\b")  # a t() key left showing
LOGIN = re.compile(r"/owner/\?next=")  # the login, asked for on the way to a page


@pytest.fixture(params=sorted(SIZES))
def screen(browser, request):
    """(a fresh browser page at the size, the size's name), in Korean as a Korean owner's."""
    context = browser.new_context(viewport=SIZES[request.param], locale="ko-KR",
                                  device_scale_factor=1, accept_downloads=True)
    page = context.new_page()
    page.set_default_timeout(20_000)
    yield page, request.param
    context.close()


def sign_in(page, password: str) -> None:
    page.fill("#password", password)
    page.click("form.login button")


def check(page, size: str) -> None:
    """Fits the screen's width and shows no untranslated key."""
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= SIZES[size]["width"], f"{width} px wide on a {size}"
    assert not KEY.search(page.inner_text("body")), KEY.search(page.inner_text("body"))


def won(amount: int) -> str:
    return f"{amount:,}원"


def test_a_wrong_password_is_refused_the_right_one_shows_both_counters(owner_site, screen):
    page, size = screen
    page.goto(owner_site.report())
    page.wait_for_url(LOGIN)
    check(page, size)
    keep_screenshot(page, f"owner-login-{size}")
    sign_in(page, "not the owner's password")
    assert "비밀번호가 맞지 않습니다" in page.locator("[role=alert]").inner_text()
    assert "owner_session" not in {cookie["name"] for cookie in page.context.cookies()}

    sign_in(page, PASSWORD)
    page.wait_for_url(owner_site.report())  # back to the span first asked for
    assert page.locator("[data-figure=net] b").inner_text() == won(KNOWN["net"])
    assert page.locator("[data-figure=gross] b").inner_text() == won(KNOWN["gross"])
    assert page.locator("[data-figure=refunds] b").inner_text() == won(-KNOWN["refunds"])
    assert page.locator("[data-figure=vat] b").inner_text() == won(KNOWN["vat"])
    for counter, figures in KNOWN_COUNTERS.items():
        cells = page.locator(f"[data-table=counters] tr[data-name='{counter}'] > *")
        assert cells.all_inner_texts() == [
            counter, str(figures["count"]), won(figures["gross"]), won(-figures["refunds"]),
            won(figures["net"]), won(figures["vat"])]
    total = page.locator("[data-table=counters] tfoot tr > *").all_inner_texts()
    assert total[1:5] == [str(KNOWN["count"]), won(KNOWN["gross"]), won(-KNOWN["refunds"]),
                          won(KNOWN["net"])]
    # The charts: drawn, one bar per counter, and the exact figure on each bar's title.
    for chart in ("by_day", "by_hour", "by_counter", "by_method"):
        box = page.locator(f"[data-chart={chart}] svg").bounding_box()
        assert box["width"] > 250 and box["height"] > 20, chart
    counters = page.locator("[data-chart=by_counter] rect title").all_text_contents()
    assert [text.split(":")[0] for text in counters] == [GANGNAM, YEOKSAM]
    assert "거절된 결제 1건" in page.inner_text("main")
    check(page, size)
    fonts = page.evaluate("document.fonts.ready.then(fonts => [...fonts].filter("
                          "font => font.family.includes('NanumSquare')).map(f => f.status))")
    assert "loaded" in fonts and "error" not in fonts  # the kiosk's Hangul, from /owner/fonts
    keep_screenshot(page, f"owner-report-{size}", full_page=True)


def test_the_csv_downloads_with_the_reports_sums(owner_site, screen, tmp_path):
    page, _ = screen
    page.goto(f"{owner_site.url}/owner/")
    sign_in(page, PASSWORD)
    page.goto(owner_site.report())
    with page.expect_download() as download:
        page.locator(".report-head a.csv").click()
    assert download.value.suggested_filename == \
        f"sales-{owner_site.yesterday}-{owner_site.today}.csv"
    saved = tmp_path / download.value.suggested_filename
    download.value.save_as(saved)
    data = saved.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")  # Excel reads it as UTF-8
    table = list(csv.DictReader(data.decode("utf-8-sig").splitlines()))
    for column, figure in (("결제 건수", "count"), ("매출", "gross"), ("환불", "refunds"),
                           ("순매출", "net"), ("부가세", "vat")):
        assert sum(int(row[column]) for row in table) == KNOWN[figure], column
    by_counter = {name: sum(int(r["순매출"]) for r in table if r["계산대"] == name)
                  for name in KNOWN_COUNTERS}
    assert by_counter == {name: f["net"] for name, f in KNOWN_COUNTERS.items()}


def test_a_counter_opens_its_own_report_and_csv(owner_site, screen, tmp_path):
    page, size = screen
    page.goto(f"{owner_site.url}/owner/")
    sign_in(page, PASSWORD)
    page.goto(owner_site.report())
    page.locator(f"[data-table=counters] a:text-is('{GANGNAM}')").click()
    page.wait_for_url(re.compile("counter="))
    assert page.locator("h1").inner_text().startswith(GANGNAM)
    mine = KNOWN_COUNTERS[GANGNAM]
    assert page.locator("[data-figure=net] b").inner_text() == won(mine["net"])
    assert page.locator("[data-chart=by_counter] rect").count() == 1
    check(page, size)
    keep_screenshot(page, f"owner-counter-{size}", full_page=True)
    with page.expect_download() as download:
        page.locator(".report-head a.csv").click()
    table = list(csv.DictReader(download.value.path().read_text("utf-8-sig").splitlines()))
    assert {row["계산대"] for row in table} == {GANGNAM}
    assert sum(int(row["순매출"]) for row in table) == mine["net"]
    page.locator(".span-shown a").click()  # back to every counter
    assert page.locator("[data-figure=net] b").inner_text() == won(KNOWN["net"])


@pytest.mark.parametrize("language", ["ko", "en"])
def test_a_fortnight_of_three_counters(owner_site, screen, language):
    """The page as an owner meets it: two weeks of three counters' sales, in either
    language, the figures those of the report it is drawn from."""
    page, size = screen
    today = date.fromisoformat(owner_site.today)
    fill(ChainBooks(owner_site.ledger), today)
    first = (today - timedelta(days=13)).isoformat()
    report = chain_report(owner_site.ledger, first, owner_site.today)
    page.goto(f"{owner_site.url}/owner/lang/{language}?next=/owner/")
    sign_in(page, PASSWORD)
    page.wait_for_url("**/owner/report")
    page.goto(owner_site.report(first, owner_site.today))
    net = f"{report['net']:,}원" if language == "ko" else f"₩{report['net']:,}"
    assert page.locator("[data-figure=net] b").inner_text() == net
    assert page.locator("[data-chart=by_day] rect").count() == 14
    assert page.locator("[data-chart=by_counter] rect").count() == len(report["by_counter"])
    check(page, size)
    page.evaluate("document.fonts.ready.then(() => true)")
    keep_screenshot(page, f"owner-fortnight-{size}-{language}", full_page=True)

    page.locator("form.logout button").click()
    page.goto(owner_site.report())
    page.wait_for_url(LOGIN)  # signed out: the report asks for the password


def test_a_mistyped_address_leads_back_to_the_report(owner_site, screen):
    page, size = screen
    page.goto(f"{owner_site.url}/owner/reprot")
    assert page.locator("[data-problem]").get_attribute("data-problem") == "no_page"
    check(page, size)
    keep_screenshot(page, f"owner-no-page-{size}")
    page.get_by_role("link", name="매출 보고서로").click()
    page.wait_for_url(f"{owner_site.url}/owner/")  # the start: signed out, the login
    assert page.locator("input[type=password]").is_visible()
