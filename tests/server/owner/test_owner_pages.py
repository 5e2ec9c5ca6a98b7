"""The owner's page over HTTP: nothing without the password, wrong passwords slowed down, a
cookie scripts and other sites cannot use, no way off the site, and figures but never an
account on the page."""

import csv
import io
import re

import pytest
from starlette.applications import Starlette

from payments.database import StorageError
from server.owner import owner_routes
from server.owner_login import FREE_TRIES
from tests.payments.chain_books import FINTECH
from tests.server.owner.conftest import GANGNAM, KNOWN, YEOKSAM, TestClient, sign_in
from tests.server.owner.owner_site import PASSWORD

SECRET = b"a session secret of 32 bytes...."


def test_nothing_but_the_login_without_signing_in(owner_client):
    client, _ = owner_client
    for path in ("/owner/report", "/owner/report.csv?from=2026-01-01&to=2026-01-02"):
        answer = client.get(path, follow_redirects=False)
        assert answer.status_code == 303
        assert answer.headers["location"].startswith("/owner/?next=/owner/report")
    login = client.get("/owner/")
    assert login.status_code == 200 and 'type="password"' in login.text
    assert "원" not in login.text.split("</header>")[1]  # not a figure before signing in


def test_the_session_cookie_is_for_this_page_and_no_script(owner_client):
    client, site = owner_client
    answer = sign_in(client, next_page="/owner/report?from=2026-01-01&to=2026-01-31")
    assert answer.status_code == 303
    assert answer.headers["location"] == "/owner/report?from=2026-01-01&to=2026-01-31"
    cookie = answer.headers["set-cookie"]
    for flag in ("HttpOnly", "Secure", "SameSite=strict", "Path=/owner", "Max-Age=43200"):
        assert flag in cookie, flag
    assert client.get(site.report()).status_code == 200


def test_wrong_passwords_are_refused_then_locked_out_even_the_right_one(owner_client):
    client, _ = owner_client
    for _ in range(FREE_TRIES):
        wrong = sign_in(client, "not the password")
        assert wrong.status_code == 401 and "비밀번호가 맞지 않습니다" in wrong.text
    locked = sign_in(client, "not the password")
    assert locked.status_code == 429 and "2초 후에 다시" in locked.text
    assert sign_in(client).status_code == 429  # not even checked while locked
    assert "set-cookie" not in sign_in(client).headers


@pytest.mark.parametrize("target", ["//evil.example/", "https://evil.example/",
                                    "/owner/\\evil", "/elsewhere"])
def test_after_signing_in_never_off_the_owners_page(owner_client, target):
    client, _ = owner_client
    assert sign_in(client, next_page=target).headers["location"] == "/owner/report"


def test_without_a_password_set_nobody_signs_in_and_the_page_says_so(owner_client):
    client, site = owner_client
    site.password_file.unlink()
    for answer in (client.get("/owner/"), sign_in(client)):
        assert answer.status_code == 503 and "설정되지 않아" in answer.text
        assert str(site.password_file) not in answer.text  # the server's paths: its log


def test_books_out_of_reach_are_said_so_not_a_crash(owner_client):
    _, site = owner_client

    def unreachable(request):
        raise StorageError("connection refused")

    app = Starlette(routes=[owner_routes(unreachable, site.password_file, SECRET)])
    with TestClient(app, base_url="https://testserver") as other:
        sign_in(other)
        page = other.get(site.report())
        assert page.status_code == 503 and 'data-problem="books_down"' in page.text
        assert other.get("/owner/report.csv").status_code == 503


@pytest.mark.parametrize("signed_in", [False, True], ids=["signed out", "signed in"])
def test_a_mistyped_address_says_so_and_leads_to_the_report(owner_client, signed_in):
    client, _ = owner_client
    if signed_in:
        sign_in(client)
    page = client.get("/owner/reprot")
    assert page.status_code == 404 and 'data-problem="no_page"' in page.text
    assert 'href="/owner/"' in page.text and "Not Found" not in page.text


def test_signing_out_ends_the_session_in_this_browser(owner_client):
    client, site = owner_client
    sign_in(client)
    out = client.post("/owner/logout")
    assert "로그아웃했습니다" in out.text
    assert client.get(site.report(), follow_redirects=False).status_code == 303


def test_the_report_shows_every_counter_and_the_totals_and_no_account(owner_client):
    client, site = owner_client
    sign_in(client)
    page = client.get(site.report())
    assert page.status_code == 200
    for header in ("Content-Security-Policy", "X-Frame-Options"):
        assert header in page.headers
    assert page.headers["Cache-Control"] == "no-store"
    net = re.search(r'data-figure="net">\s*<span>[^<]*</span><b>([^<]*)</b>', page.text)[1]
    assert net == f"{KNOWN['net']:,}원"
    for counter in (GANGNAM, YEOKSAM):
        assert f'data-name="{counter}"' in page.text
    assert len(re.findall(r"<svg class=\"chart\"", page.text)) == 4
    assert FINTECH not in page.text and "385551849" not in page.text
    assert "pbkdf2" not in page.text


def test_a_span_that_is_not_one_says_so_and_shows_the_last_week(owner_client):
    client, site = owner_client
    sign_in(client)
    page = client.get("/owner/report?from=2026-13-01&to=2026-01-01")
    assert page.status_code == 400 and 'data-problem="bad_span"' in page.text
    assert site.today in page.text
    backwards = client.get("/owner/report?from=2026-12-07&to=2026-12-01")  # picked the wrong way
    assert backwards.status_code == 400 and "시작일이 종료일보다 늦지 않게" in backwards.text
    csv_answer = client.get("/owner/report.csv?from=2026-01-01&to=2030-01-01")
    assert csv_answer.status_code == 400 and "YYYY-MM-DD" in csv_answer.text


def test_the_csv_is_the_reports_figures(owner_client):
    client, site = owner_client
    sign_in(client)
    answer = client.get(site.report().replace("/report?", "/report.csv?"))
    assert answer.headers["content-type"].startswith("text/csv")
    assert f'filename="sales-{site.yesterday}-{site.today}.csv"' in \
        answer.headers["content-disposition"]
    table = list(csv.DictReader(io.StringIO(answer.content.decode("utf-8-sig"))))
    assert sum(int(row["순매출"]) for row in table) == KNOWN["net"]
    assert sum(int(row["부가세"]) for row in table) == KNOWN["vat"]


def test_english_on_asking(owner_client):
    client, site = owner_client
    sign_in(client)
    client.get(f"/owner/lang/en?next=/owner/report%3Ffrom%3D{site.yesterday}")
    page = client.get(site.report())
    assert "Net sales by counter" in page.text and f"₩{KNOWN['net']:,}" in page.text
    assert 'lang="en"' in page.text
    assert PASSWORD not in page.text
