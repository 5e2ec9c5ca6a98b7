"""The wallet's web face: routes, cookies and CSRF over `Wallet` (service.py).

Cookies are Secure, HttpOnly and SameSite=Lax (Lax, not Strict: the bank's redirect back is
a cross-site navigation that must still carry the enrollment cookie). Every form carries a
CSRF token that must equal the phone's CSRF cookie (double submit); the code batch, fetched
by script, sends it in a header. Enrollment and code issuing are rate-limited.
"""

import hmac
import io
import logging
import secrets
from collections.abc import Callable
from pathlib import Path

import qrcode
import qrcode.image.svg
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.templating import Jinja2Templates

import assets
from payments.receipt_layout import render_text
from wallet.i18n import LANGUAGES, translator
from wallet.issuer import Issuer
from wallet.service import EnrollmentProblem, NotSignedIn, Wallet
from wallet.store import Device, WalletStore

log = logging.getLogger(__name__)
HERE = Path(__file__).parent
FONTS = Path(assets.__file__).parent / "fonts"
DEVICE_COOKIE = "wallet_device"
CSRF_COOKIE = "wallet_csrf"
ENROLL_COOKIE = "wallet_enroll"
LANG_COOKIE = "wallet_lang"
ENROLLMENTS_PER_10_MIN = 10  # per address: a phone retrying is fine, a script is not
CODE_BATCHES_PER_10_MIN = 40  # per phone: one batch lasts three minutes
RECEIPT_COLUMNS = 42  # the 80 mm paper's width, as the demo prints it; fits a phone

templates = Jinja2Templates(directory=str(HERE / "templates"))


def create_app(wallet: Wallet, store: WalletStore, issuer: Issuer,
               clock: Callable[[], float]) -> Starlette:
    web = _Web(wallet, store, issuer, clock)
    routes = [
        Route("/", web.start),
        Route("/enroll", web.enroll, methods=["POST"]),
        Route("/enroll/done", web.enroll_done),
        Route("/accounts", web.accounts),
        Route("/accounts/{ref}", web.account),
        Route("/accounts/{ref}/unlink", web.unlink, methods=["POST"]),
        Route("/pay/{ref}", web.pay),
        Route("/pay/{ref}/codes", web.codes, methods=["POST"]),
        Route("/receipts", web.receipts),
        Route("/receipts/{payment_id}", web.receipt),
        Route("/signout", web.sign_out, methods=["POST"]),
        Route("/lang/{language}", web.language),
        Route("/.well-known/jwks.json", web.jwks),
        Mount("/static", StaticFiles(directory=str(HERE / "static")), name="static"),
        # The kiosk's own Korean fonts, so every phone (and the test browser) draws Hangul.
        Mount("/fonts", StaticFiles(directory=str(FONTS)), name="fonts"),
    ]
    return Starlette(routes=routes)


class _Web:
    def __init__(self, wallet: Wallet, store: WalletStore, issuer: Issuer,
                 clock: Callable[[], float]) -> None:
        self.wallet, self.store, self.issuer, self.clock = wallet, store, issuer, clock

    # ------------------------------------------------------------ pages

    def start(self, request: Request) -> Response:
        try:
            self.wallet.device(request.cookies.get(DEVICE_COOKIE, ""))
        except NotSignedIn:
            return self.page(request, "start.html")
        return RedirectResponse("/accounts", 303)

    async def enroll(self, request: Request) -> Response:
        if not await self.csrf_ok(request):
            return self.problem(request, "csrf", 403)
        if not self.store.hit(f"enroll:{_address(request)}", self.clock(), 600,
                              ENROLLMENTS_PER_10_MIN):
            return self.problem(request, "busy", 429)
        state, consent_url = self.wallet.begin_enrollment()
        response = RedirectResponse(consent_url, 303)
        self.cookie(response, ENROLL_COOKIE, state, max_age=600)
        return response

    def enroll_done(self, request: Request) -> Response:
        query = dict(request.query_params)
        label = request.headers.get("user-agent", "")[:80]
        try:
            token = self.wallet.finish_enrollment(query, request.cookies.get(ENROLL_COOKIE, ""),
                                                 label)
        except EnrollmentProblem as problem:
            log.info("enrollment refused: %s", problem.kind)
            kind = "enroll_expired" if problem.kind == "expired" else problem.kind
            return self.problem(request, kind, 400, reason=problem.reason)
        log.info("a phone enrolled")
        response = RedirectResponse("/accounts", 303)
        # The enrollment cookie stays until it expires: a replay of this redirect is then
        # recognised as one, not mistaken for a stranger's.
        self.cookie(response, DEVICE_COOKIE, token, max_age=180 * 86400)
        return response

    def accounts(self, request: Request) -> Response:
        device = self.device(request)
        if isinstance(device, Response):
            return device
        shown = [(account, self.wallet.balance(device, account.ref))
                 for account in self.wallet.accounts(device)]
        return self.page(request, "accounts.html", accounts=shown, device=device)

    def account(self, request: Request) -> Response:
        device = self.device(request)
        if isinstance(device, Response):
            return device
        ref = request.path_params["ref"]
        try:
            account = self.wallet.account(device, ref)
        except LookupError:
            return self.problem(request, "missing", 404)
        return self.page(request, "account.html", account=account,
                         balance=self.wallet.balance(device, ref),
                         history=self.wallet.history(device, ref))

    async def unlink(self, request: Request) -> Response:
        device = self.device(request)
        if isinstance(device, Response):
            return device
        if not await self.csrf_ok(request):
            return self.problem(request, "csrf", 403)
        try:
            self.wallet.unlink(device, request.path_params["ref"])
        except LookupError:
            return self.problem(request, "missing", 404)
        return RedirectResponse("/accounts", 303)

    def pay(self, request: Request) -> Response:
        device = self.device(request)
        if isinstance(device, Response):
            return device
        try:
            account = self.wallet.account(device, request.path_params["ref"])
        except LookupError:
            return self.problem(request, "missing", 404)
        return self.page(request, "pay.html", account=account)

    async def codes(self, request: Request) -> Response:
        """A batch of pay codes as QR drawings (the code itself never as text)."""
        device = self.device(request)
        if isinstance(device, Response):
            return JSONResponse({"error": "signed out"}, 401)
        if not self.csrf_header_ok(request):
            return JSONResponse({"error": "csrf"}, 403)
        if not self.store.hit(f"codes:{device.id}", self.clock(), 600,
                              CODE_BATCHES_PER_10_MIN):
            return JSONResponse({"error": "busy"}, 429)
        try:
            batch = self.wallet.codes(device, request.path_params["ref"])
        except LookupError:
            return JSONResponse({"error": "no such account"}, 404)
        return JSONResponse({"now": self.clock(),
                             "codes": [{"svg": qr_svg(c.code), "exp": c.expires_at}
                                       for c in batch]},
                            headers={"Cache-Control": "no-store"})

    def receipts(self, request: Request) -> Response:
        device = self.device(request)
        if isinstance(device, Response):
            return device
        return self.page(request, "receipts.html", payments=self.wallet.payments(device))

    def receipt(self, request: Request) -> Response:
        device = self.device(request)
        if isinstance(device, Response):
            return device
        try:
            entry = self.wallet.receipts(device, request.path_params["payment_id"])
        except LookupError:
            return self.problem(request, "missing", 404)
        return self.page(request, "receipt.html", payment=entry.payment,
                         texts=[render_text(r, RECEIPT_COLUMNS) for r in entry.receipts])

    async def sign_out(self, request: Request) -> Response:
        device = self.device(request)
        if isinstance(device, Response):
            return device
        if not await self.csrf_ok(request):
            return self.problem(request, "csrf", 403)
        self.wallet.sign_out(device)
        log.info("phone %s signed itself out", device.id)
        response = self.page(request, "message.html", title="signed_out",
                             text="signed_out_text")
        response.delete_cookie(DEVICE_COOKIE)
        return response

    def language(self, request: Request) -> Response:
        language = request.path_params["language"]
        back = request.query_params.get("next", "/")
        if not back.startswith("/") or back.startswith("//"):
            back = "/"  # only ever back into the wallet
        response = RedirectResponse(back, 303)
        if language in LANGUAGES:
            self.cookie(response, LANG_COOKIE, language, max_age=365 * 86400)
        return response

    def jwks(self, request: Request) -> Response:
        return JSONResponse(self.issuer.jwks(), headers={"Cache-Control": "max-age=300"})

    # ------------------------------------------------------------ plumbing

    def device(self, request: Request) -> Device | Response:
        try:
            return self.wallet.device(request.cookies.get(DEVICE_COOKIE, ""))
        except NotSignedIn as why:
            response = self.problem(request, why.kind, 401)
            if why.kind != "none":
                response.delete_cookie(DEVICE_COOKIE)
            return response

    def page(self, request: Request, template: str, status: int = 200,
             **values: object) -> HTMLResponse:
        language = request.cookies.get(LANG_COOKIE, "ko")
        language = language if language in LANGUAGES else "ko"
        csrf = request.cookies.get(CSRF_COOKIE) or secrets.token_urlsafe(24)
        response = templates.TemplateResponse(
            request, template, {"t": translator(language), "lang": language, "csrf": csrf,
                                "path": request.url.path, **values}, status_code=status)
        response.headers.update({"Cache-Control": "no-store", "X-Frame-Options": "DENY",
                                 "Referrer-Policy": "no-referrer",
                                 "Content-Security-Policy": "default-src 'self'; "
                                 "img-src 'self' data:; frame-ancestors 'none'"})
        if CSRF_COOKIE not in request.cookies:
            self.cookie(response, CSRF_COOKIE, csrf)
        return response

    def problem(self, request: Request, kind: str, status: int, reason=None) -> HTMLResponse:
        return self.page(request, "problem.html", status, kind=kind, reason=reason)

    def cookie(self, response: Response, name: str, value: str,
               max_age: int | None = None) -> None:
        response.set_cookie(name, value, max_age=max_age, httponly=True, secure=True,
                            samesite="lax", path="/")

    async def csrf_ok(self, request: Request) -> bool:
        form = await request.form()
        return _same(request.cookies.get(CSRF_COOKIE, ""), str(form.get("csrf", "")))

    def csrf_header_ok(self, request: Request) -> bool:
        return _same(request.cookies.get(CSRF_COOKIE, ""), request.headers.get("x-csrf", ""))


def _same(expected: str, given: str) -> bool:
    return bool(expected) and hmac.compare_digest(expected.encode(), given.encode())


def _address(request: Request) -> str:
    """The phone's address; behind the documented proxy uvicorn puts the real one here."""
    return request.client.host if request.client else "unknown"


def qr_svg(text: str) -> str:
    image = qrcode.make(text, image_factory=qrcode.image.svg.SvgPathImage, border=4,
                        error_correction=qrcode.constants.ERROR_CORRECT_M)
    out = io.BytesIO()
    image.save(out)
    return out.getvalue().decode().split("?>", 1)[-1]
