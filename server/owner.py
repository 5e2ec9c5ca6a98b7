"""The chain owner's page, mounted at /owner by the server's app: a login, the sales report
of a span of days for every counter with its charts, and the same figures as CSV.

Built by `owner_routes`, which the server's composition root calls with how to reach the
books for a request, the password hash file and the session secret (owner_login.py).

The session cookie is HttpOnly, Secure and SameSite=Strict, on /owner only: no other site can
make the browser send it, so the two forms (sign in, sign out) need no CSRF token of their
own, and a script on the page could not read it (nor is there any script). The page shows
counters, methods and sums of money: never an account, a fintech number, a token or a key.
"""

import logging
import math
import time
from collections.abc import Callable
from contextlib import AbstractContextManager
from datetime import date, timedelta
from functools import partial
from pathlib import Path
from urllib.parse import quote, urlencode

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.templating import Jinja2Templates

import assets
from payments.chain_report import chain_report, report_csv, span
from payments.database import STORAGE_ERRORS
from payments.koreatime import business_date
from payments.ledger import Ledger
from payments.money import manwon
from payments.receipts import METHODS
from server import charts
from server.i18n import LANGUAGES, TEXT, translator
from server.owner_login import MAX_PASSWORD, SESSION_S, LoginUnavailable, OwnerLogin
from wallet.web import PAGE_HEADERS, address

PREFIX = "/owner"
SESSION_COOKIE = "owner_session"
LANG_COOKIE = "owner_lang"
DEFAULT_DAYS = 7
MAX_COUNTER = 100  # characters of a counter's name in a link: longer is no counter's
HERE = Path(__file__).parent
FONTS = Path(assets.__file__).parent / "fonts"
log = logging.getLogger(__name__)

templates = Jinja2Templates(directory=str(HERE / "templates"))

# How the page reaches the books for one request: a context manager, so that a pooled
# connection goes back when the report is read (a shared Ledger: `nullcontext(ledger)`).
LedgerForRequest = Callable[[Request], AbstractContextManager[Ledger]]


def owner_routes(ledger_for_request: LedgerForRequest, password_hash_file: Path,
                 session_secret: bytes, clock: Callable[[], float] = time.time) -> Mount:
    """The owner's page as a Mount at /owner, for the server app's routes."""
    pages = OwnerPages(ledger_for_request, OwnerLogin(password_hash_file, session_secret,
                                                      clock), clock)
    return Mount(PREFIX, name="owner", routes=[
        Route("/", pages.start),
        Route("/login", pages.login, methods=["POST"]),
        Route("/logout", pages.logout, methods=["POST"]),
        Route("/report", pages.report),
        Route("/report.csv", pages.report_csv),
        Route("/lang/{language}", pages.language),
        # The wallet's stylesheet (its look) beside the page's own; the kiosk's fonts.
        Mount("/static", StaticFiles(packages=[("server", "static"), ("wallet", "static")])),
        Mount("/fonts", StaticFiles(directory=str(FONTS))),
        Route("/{mistyped:path}", pages.no_page),  # last: whatever nothing above serves
    ])


class OwnerPages:
    def __init__(self, ledger_for_request: LedgerForRequest, login: OwnerLogin,
                 clock: Callable[[], float]) -> None:
        self.books, self.login_check, self.clock = ledger_for_request, login, clock

    # ------------------------------------------------------------ signing in and out

    def start(self, request: Request) -> Response:
        if self._signed_in(request):
            return RedirectResponse(f"{PREFIX}/report", 303)
        try:
            self.login_check.password_hash()
        except LoginUnavailable as why:
            log.error("the owner cannot sign in: %s", why)
            return self._login_page(request, 503, problem="unavailable")
        return self._login_page(request, next_page=request.query_params.get("next", ""))

    async def login(self, request: Request) -> Response:
        form = await request.form()
        password = str(form.get("password", ""))[:MAX_PASSWORD + 1]
        next_page = _inside(str(form.get("next", "")))
        try:
            # The slow hash runs off the event loop; the lock says no without running it.
            verdict = await run_in_threadpool(self.login_check.attempt, password)
        except LoginUnavailable as why:
            log.error("the owner cannot sign in: %s", why)
            return self._login_page(request, 503, problem="unavailable")
        if verdict.accepted:
            log.info("the owner signed in from %s", address(request))
            response = RedirectResponse(next_page or f"{PREFIX}/report", 303)
            response.set_cookie(SESSION_COOKIE, self.login_check.new_session(),
                                max_age=SESSION_S, path=PREFIX, httponly=True, secure=True,
                                samesite="strict")
            return response
        log.warning("a wrong owner's password from %s (%d in a row)%s", address(request),
                    self.login_check.failures,
                    f": locked for {verdict.wait_s:.0f} s" if verdict.wait_s else "")
        if verdict.wait_s:
            return self._login_page(request, 429, next_page, problem="locked",
                                    wait=math.ceil(verdict.wait_s))
        return self._login_page(request, 401, next_page, problem="wrong_password")

    def logout(self, request: Request) -> Response:
        response = self._login_page(request, notice="signed_out")
        response.delete_cookie(SESSION_COOKIE, path=PREFIX, httponly=True, secure=True,
                               samesite="strict")
        return response

    def language(self, request: Request) -> Response:
        response = RedirectResponse(_inside(request.query_params.get("next", "")) or
                                    f"{PREFIX}/", 303)
        language = request.path_params["language"]
        if language in LANGUAGES:
            response.set_cookie(LANG_COOKIE, language, max_age=365 * 86400, path=PREFIX,
                                httponly=True, secure=True, samesite="lax")
        return response

    # ------------------------------------------------------------ the report

    def report(self, request: Request) -> Response:
        if not self._signed_in(request):
            return self._to_login(request)
        first, last, bad = self._span(request)
        counter = _counter(request)
        report = self._report(request, first, last, counter)
        if report is None:
            return self.page(request, "message.html", 503, problem="books_down")
        language = _language(request)
        return self.page(request, "report.html", 400 if bad else 200, report=report,
                         charts=_charts(report, language), bad_span=bad,
                         spans=self._quick_spans(), link=report_link,
                         csv_url=report_link(first, last, counter, ".csv"))

    def report_csv(self, request: Request) -> Response:
        if not self._signed_in(request):
            return self._to_login(request)
        first, last, bad = self._span(request)
        if bad:
            return Response("from and to must be dates (YYYY-MM-DD), at most a year apart\n",
                            400, media_type="text/plain; charset=utf-8")
        report = self._report(request, first, last, _counter(request))
        if report is None:
            return Response("the chain's books cannot be reached just now: try again in a "
                            "minute\n", 503, media_type="text/plain; charset=utf-8")
        return Response(report_csv(report), media_type="text/csv; charset=utf-8", headers={
            "Content-Disposition": f'attachment; filename="sales-{first}-{last}.csv"',
            "Cache-Control": "no-store", "X-Content-Type-Options": "nosniff"})

    def _report(self, request: Request, first: str, last: str, counter: str | None
                ) -> dict | None:
        """The chain's report, or None when the books cannot be reached (PostgreSQL
        restarting, say): the page says so rather than failing."""
        try:
            with self.books(request) as ledger:
                return chain_report(ledger, first, last, counter)
        except STORAGE_ERRORS as exc:
            log.error("the owner's report cannot read the books: %s", exc)
            return None

    def _span(self, request: Request) -> tuple[str, str, bool]:
        """(first day, last day, whether what was asked was refused for the default)."""
        today = date.fromisoformat(business_date(self.clock()))
        default = ((today - timedelta(days=DEFAULT_DAYS - 1)).isoformat(), today.isoformat())
        first = request.query_params.get("from")
        last = request.query_params.get("to")
        if first is None and last is None:
            return (*default, False)
        try:
            span(first or "", last or "")
        except ValueError:
            return (*default, True)
        return first, last, False

    def _quick_spans(self) -> list[tuple[str, str, str]]:
        """(the words, first day, last day) of the spans an owner asks for most."""
        today = date.fromisoformat(business_date(self.clock()))
        back = lambda days: (today - timedelta(days=days - 1)).isoformat()  # noqa: E731
        return [("today", today.isoformat(), today.isoformat()),
                ("last_7", back(7), today.isoformat()),
                ("this_month", today.replace(day=1).isoformat(), today.isoformat()),
                ("last_30", back(30), today.isoformat())]

    def no_page(self, request: Request) -> Response:
        """A mistyped or stale address gets the owner's page saying so, with the way to the
        report, not the framework's bare 'Not Found'."""
        return self.page(request, "message.html", 404, problem="no_page", way=f"{PREFIX}/",
                         way_label="to_report")

    # ------------------------------------------------------------ pages

    def page(self, request: Request, template: str, status: int = 200,
             **values: object) -> HTMLResponse:
        language = _language(request)
        here = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        response = templates.TemplateResponse(request, template, {
            "t": translator(language, TEXT), "lang": language, "here": here,
            "prefix": PREFIX, "won": partial(won, language),
            "signed_in": values.pop("signed_in", self._signed_in(request)), **values},
            status_code=status)
        response.headers.update(PAGE_HEADERS)
        return response

    def _login_page(self, request: Request, status: int = 200, next_page: str = "",
                    **values: object) -> HTMLResponse:
        return self.page(request, "login.html", status, next_page=_inside(next_page),
                         signed_in=False, **values)

    def _to_login(self, request: Request) -> Response:
        here = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        return RedirectResponse(f"{PREFIX}/?next={quote(here)}", 303)

    def _signed_in(self, request: Request) -> bool:
        return self.login_check.signed_in(request.cookies.get(SESSION_COOKIE, ""))


def report_link(first: str, last: str, counter: str | None = None, kind: str = "") -> str:
    """The report (or with `kind` ".csv" its CSV) of a span, of one counter or all."""
    asked = {"from": first, "to": last} | ({"counter": counter} if counter else {})
    return f"{PREFIX}/report{kind}?{urlencode(asked)}"


def _counter(request: Request) -> str | None:
    """The one counter asked for, or None for the whole chain."""
    return request.query_params.get("counter", "")[:MAX_COUNTER] or None


def _language(request: Request) -> str:
    language = request.cookies.get(LANG_COOKIE, "ko")
    return language if language in LANGUAGES else "ko"


def _inside(target: str) -> str:
    """`target` if it is a page of the owner's, else "": never a redirect off the site."""
    if target.startswith(f"{PREFIX}/") and not target.startswith("//") and "\\" not in target:
        return target
    return ""


def won(language: str, amount: int) -> str:
    """-2,000원 in Korean, -₩2,000 in English: the sign before the currency's mark."""
    sign = "-" if amount < 0 else ""
    return sign + translator(language, TEXT)("won").format(amount=f"{abs(amount):,}")


def short_won(language: str, amount: int) -> str:
    """A chart's scale, short enough for its margin: 만원 in Korean (as Korean tills count),
    thousands or millions in English (each bar's title has the exact figure)."""
    if language == "ko":
        return manwon(amount)
    sign, size = "-" if amount < 0 else "", abs(amount)
    for unit, mark in ((1_000_000, "M"), (1000, "k")):
        if size >= unit:  # to a tenth, half up, as manwon: 4,500 is ₩4.5k, not ₩4k
            tenths = (size * 10 + unit // 2) // unit
            return f"{sign}₩{tenths // 10:,}.{tenths % 10}{mark}"
    return f"{sign}₩{size}"


def _charts(report: dict, language: str) -> dict:
    t, money = translator(language, TEXT), partial(won, language)
    short = partial(short_won, language)
    count = lambda n: t("count_unit").format(n=f"{n:,}")  # noqa: E731

    def title(label: str, bucket: dict) -> str:
        return f"{label}: {money(bucket['net'])} ({t('payments')} {count(bucket['count'])})"

    days = [charts.Bar(f"{day['date'][5:7]}/{day['date'][8:]}", day["net"],
                       title(day["date"], day)) for day in report["by_day"]]
    hours = [charts.Bar(str(hour["hour"]), hour["net"],
                        title(t("hour_label").format(h=hour["hour"]), hour))
             for hour in report["by_hour"]]
    counters = [charts.Bar(name or t("no_counter"), bucket["net"],
                           title(name or t("no_counter"), bucket))
                for name, bucket in report["by_counter"].items()]
    methods = []
    for method, bucket in report["by_method"].items():
        name = METHODS.get(method, method.upper() or "-")
        methods.append(charts.Bar(name, bucket["gross"], f"{name}: {money(bucket['gross'])} "
                                  f"({count(bucket['count'])})", f"method-{method}"))
    return {"by_day": charts.columns(days, t("by_day"), short),
            "by_hour": charts.columns(hours, t("by_hour"), short),
            "by_counter": charts.rows(counters, t("by_counter"), short),
            "by_method": charts.split(methods, t("by_method"))}
