"""The wallet's web face: its routes, and the pages of enrollment, accounts, pay codes and
receipts over `Wallet` (service.py). Passkeys (passkey_pages.py) and confirming an amount or
a kiosk's sale (confirm_pages.py) have pages of their own; what all share is in web.py.
Enrollment and code issuing are rate-limited.
"""

import logging
from collections.abc import Callable
from pathlib import Path

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

import assets
from payments.receipt_layout import render_text
from wallet.confirm_pages import ConfirmPages
from wallet.i18n import LANGUAGES
from wallet.issuer import Issuer
from wallet.passkey_pages import PasskeyPages
from wallet.passkeys import Passkeys
from wallet.sales import Sales
from wallet.service import EnrollmentProblem, NotSignedIn, Wallet
from wallet.store import WalletStore
from wallet.web import (
    DEVICE_COOKIE,
    ENROLL_COOKIE,
    HERE,
    LANG_COOKIE,
    Web,
    address,
    qr_svg,
    signed_in,
)

log = logging.getLogger(__name__)
FONTS = Path(assets.__file__).parent / "fonts"
ENROLLMENTS_PER_10_MIN = 10  # per address: a phone retrying is fine, a script is not
CODE_BATCHES_PER_10_MIN = 40  # per phone: one batch lasts three minutes
RECEIPT_COLUMNS = 42  # the 80 mm paper's width, as the demo prints it; fits a phone


def create_app(wallet: Wallet, store: WalletStore, issuer: Issuer, passkeys: Passkeys,
               sales: Sales, clock: Callable[[], float]) -> Starlette:
    web = _Web(wallet, store, issuer, clock)
    keys = PasskeyPages(wallet, store, clock, passkeys)
    confirm = ConfirmPages(wallet, store, clock, passkeys, sales)
    routes = [
        Route("/", web.start),
        Route("/enroll", web.enroll, methods=["POST"]),
        Route("/enroll/done", web.enroll_done),
        Route("/accounts", web.accounts),
        Route("/accounts/{ref}", web.account),
        Route("/accounts/{ref}/unlink", web.unlink, methods=["POST"]),
        Route("/pay/{ref}", web.pay),
        Route("/pay/{ref}/codes", web.codes, methods=["POST"]),
        Route("/pay/{ref}/used", web.code_used),
        Route("/receipts", web.receipts),
        Route("/receipts/{payment_id}", web.receipt),
        Route("/signout", web.sign_out, methods=["POST"]),
        Route("/lang/{language}", web.language),
        Route("/.well-known/jwks.json", web.jwks),
        *keys.routes(), *confirm.routes(),
        Mount("/static", StaticFiles(directory=str(HERE / "static")), name="static"),
        # The kiosk's own Korean fonts, so every phone (and the test browser) draws Hangul.
        Mount("/fonts", StaticFiles(directory=str(FONTS)), name="fonts"),
    ]

    async def no_page(request: Request, exc: Exception) -> Response:
        """A mistyped or stale address gets the wallet's own page, with the way back, not
        the framework's bare 'Not Found'."""
        return web.problem(request, "no_page", 404)

    return Starlette(routes=routes, exception_handlers={404: no_page})


class _Web(Web):
    def __init__(self, wallet: Wallet, store: WalletStore, issuer: Issuer,
                 clock: Callable[[], float]) -> None:
        super().__init__(wallet, store, clock)
        self.issuer = issuer

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
        if not self.store.hit(f"enroll:{address(request)}", self.clock(), 600,
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
        # The enrollment cookie stays until it expires: a replay of this redirect is then
        # recognised as one, not mistaken for a stranger's.
        return signed_in(RedirectResponse("/accounts", 303), token)

    def accounts(self, request: Request) -> Response:
        device = self.device(request)
        if isinstance(device, Response):
            return device
        shown = [(account, self.wallet.balance(device, account.ref))
                 for account in self.wallet.accounts(device)]
        return self.page(request, "accounts.html", accounts=shown, device=device,
                         has_passkey=bool(self.store.passkeys(device.user_seq_no)))

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
                             "codes": [{"svg": qr_svg(c.code), "exp": c.expires_at,
                                        "id": c.jti} for c in batch]},
                            headers={"Cache-Control": "no-store"})

    def code_used(self, request: Request) -> Response:
        """Whether the code shown (by its id) was taken by a kiosk: the page then stops
        showing it rather than a spent code with a countdown."""
        device = self.device(request)
        if isinstance(device, Response):
            return JSONResponse({"error": "signed out"}, 401)
        try:
            used = self.wallet.code_used(device, request.path_params["ref"],
                                         request.query_params.get("id", ""))
        except LookupError:
            return JSONResponse({"error": "no such account"}, 404)
        return JSONResponse({"used": used}, headers={"Cache-Control": "no-store"})

    def receipts(self, request: Request) -> Response:
        device = self.device(request)
        if isinstance(device, Response):
            return device
        return self.page(request, "receipts.html", history=self.wallet.receipt_list(device),
                         shop=self.wallet.shop)

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
