"""What every page of the wallet shares: templates, headers, cookies, CSRF, the phone.

Cookies are Secure, HttpOnly and SameSite=Lax (Lax, not Strict: the bank's redirect back is
a cross-site navigation that must still carry the enrollment cookie). Every form carries a
CSRF token that must equal the phone's CSRF cookie (double submit); what a script posts
sends it in a header.
"""

import hmac
import io
import secrets
from collections.abc import Callable
from pathlib import Path

import qrcode
import qrcode.image.svg
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.templating import Jinja2Templates

from payments.koreatime import now_kst
from wallet.i18n import LANGUAGES, translator
from wallet.service import NotSignedIn, Wallet
from wallet.store import Device, WalletStore

HERE = Path(__file__).parent
DEVICE_COOKIE = "wallet_device"
CSRF_COOKIE = "wallet_csrf"
ENROLL_COOKIE = "wallet_enroll"
LANG_COOKIE = "wallet_lang"
DEVICE_MAX_AGE_S = 180 * 86400

# Every page: never cached (it shows money), never framed, no scripts or styles but our own.
PAGE_HEADERS = {"Cache-Control": "no-store", "X-Frame-Options": "DENY",
                "Referrer-Policy": "no-referrer",
                "Content-Security-Policy": "default-src 'self'; img-src 'self' data:; "
                                           "frame-ancestors 'none'"}

templates = Jinja2Templates(directory=str(HERE / "templates"))
templates.env.filters["kst"] = lambda at: f"{now_kst(at):%Y-%m-%d %H:%M}"


class Web:
    def __init__(self, wallet: Wallet, store: WalletStore, clock: Callable[[], float]) -> None:
        self.wallet, self.store, self.clock = wallet, store, clock

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
        language = self.language_of(request)
        csrf = request.cookies.get(CSRF_COOKIE) or secrets.token_urlsafe(24)
        response = templates.TemplateResponse(
            request, template, {"t": translator(language), "lang": language, "csrf": csrf,
                                "path": request.url.path, **values}, status_code=status)
        response.headers.update(PAGE_HEADERS)
        if CSRF_COOKIE not in request.cookies:
            self.cookie(response, CSRF_COOKIE, csrf)
        return response

    @staticmethod
    def language_of(request: Request) -> str:
        language = request.cookies.get(LANG_COOKIE, "ko")
        return language if language in LANGUAGES else "ko"

    def refusal(self, request: Request, kind: str, status: int = 400) -> JSONResponse:
        """A script's call refused, with the words its page shows (`p_<kind>` in i18n)."""
        return JSONResponse({"error": kind, "message": translator(self.language_of(request))(
            f"p_{kind}")}, status)

    def problem(self, request: Request, kind: str, status: int, reason=None) -> HTMLResponse:
        return self.page(request, "problem.html", status, kind=kind, reason=reason)

    @staticmethod
    def cookie(response: Response, name: str, value: str, max_age: int | None = None) -> None:
        response.set_cookie(name, value, max_age=max_age, httponly=True, secure=True,
                            samesite="lax", path="/")

    async def csrf_ok(self, request: Request) -> bool:
        form = await request.form()
        return _same(request.cookies.get(CSRF_COOKIE, ""), str(form.get("csrf", "")))

    def csrf_header_ok(self, request: Request) -> bool:
        return _same(request.cookies.get(CSRF_COOKIE, ""), request.headers.get("x-csrf", ""))

    async def script_call(self, request: Request) -> tuple[Device, dict] | JSONResponse:
        """(the phone, the JSON body) of a call a page's script makes, or the JSON answer
        that refuses it: signed out, a missing CSRF header, a body that is not an object."""
        device = self.device(request)
        if isinstance(device, Response):
            return JSONResponse({"error": "signed_out"}, 401)
        if not self.csrf_header_ok(request):
            return JSONResponse({"error": "csrf"}, 403)
        try:
            body = await request.json()
        except ValueError:
            body = None
        if not isinstance(body, dict):
            return JSONResponse({"error": "invalid"}, 400)
        return device, body


def options_response(options_json: str) -> Response:
    """WebAuthn options as py_webauthn wrote them, for passkey.js."""
    return Response(options_json, media_type="application/json",
                    headers={"Cache-Control": "no-store"})


def signed_in(response: Response, token: str) -> Response:
    """`response`, remembering this phone by its new device token."""
    Web.cookie(response, DEVICE_COOKIE, token, max_age=DEVICE_MAX_AGE_S)
    return response


def _same(expected: str, given: str) -> bool:
    return bool(expected) and hmac.compare_digest(expected.encode(), given.encode())


def address(request: Request) -> str:
    """The phone's address; behind the documented proxy uvicorn puts the real one here."""
    return request.client.host if request.client else "unknown"


def qr_svg(text: str) -> str:
    image = qrcode.make(text, image_factory=qrcode.image.svg.SvgPathImage, border=4,
                        error_correction=qrcode.constants.ERROR_CORRECT_M)
    out = io.BytesIO()
    image.save(out)
    return out.getvalue().decode().split("?>", 1)[-1]
