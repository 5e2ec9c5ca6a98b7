"""The passkey pages: what a passkey is (in plain words), registering one on a signed-in
phone, and signing a new phone in with one.

The browser's side is wallet/static/passkey.js: it asks for options, hands them to
`navigator.credentials`, and posts the answer back; every answer is checked in passkeys.py.
"""

import logging
from collections.abc import Callable

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from wallet.passkeys import PasskeyProblem, Passkeys
from wallet.service import Wallet
from wallet.store import WalletStore
from wallet.web import Web, address, options_response, signed_in

log = logging.getLogger(__name__)
SIGN_INS_PER_10_MIN = 20  # per address: a phone retrying is fine, a script guessing is not


class PasskeyPages(Web):
    def __init__(self, wallet: Wallet, store: WalletStore, clock: Callable[[], float],
                 passkeys: Passkeys) -> None:
        super().__init__(wallet, store, clock)
        self.passkeys = passkeys

    def routes(self) -> list[Route]:
        return [Route("/passkeys", self.list),
                Route("/passkeys/options", self.registration_options, methods=["POST"]),
                Route("/passkeys/register", self.register, methods=["POST"]),
                Route("/signin/options", self.sign_in_options, methods=["POST"]),
                Route("/signin", self.sign_in, methods=["POST"])]

    def list(self, request: Request) -> Response:
        device = self.device(request)
        if isinstance(device, Response):
            return device
        return self.page(request, "passkeys.html", passkeys=self.passkeys.of(device),
                         added=request.query_params.get("added") == "1")

    async def registration_options(self, request: Request) -> Response:
        call = await self.script_call(request)
        if isinstance(call, Response):
            return call
        device, _ = call
        accounts = self.wallet.accounts(device)
        name = accounts[0].holder_name if accounts else device.id
        return options_response(self.passkeys.registration_options(device, name))

    async def register(self, request: Request) -> Response:
        call = await self.script_call(request)
        if isinstance(call, Response):
            return call
        device, body = call
        try:
            self.passkeys.register(device, body.get("credential"),
                                   phone_label(request.headers.get("user-agent", "")))
        except PasskeyProblem as problem:
            log.info("a passkey was not registered: %s", problem.kind)
            return self.refusal(request, f"pk_{problem.kind}")
        log.info("phone %s registered a passkey", device.id)
        return JSONResponse({"next": "/passkeys?added=1"})

    async def sign_in_options(self, request: Request) -> Response:
        if not self.csrf_header_ok(request):
            return self.refusal(request, "csrf", 403)
        if not self.store.hit(f"sign-in:{address(request)}", self.clock(), 600,
                              SIGN_INS_PER_10_MIN):
            return self.refusal(request, "busy", 429)
        return options_response(self.passkeys.sign_in_options())

    async def sign_in(self, request: Request) -> Response:
        if not self.csrf_header_ok(request):
            return self.refusal(request, "csrf", 403)
        try:
            body = await request.json()
            user_seq_no = self.passkeys.sign_in(body.get("credential"))
        except (ValueError, AttributeError):
            return self.refusal(request, "pk_invalid")
        except PasskeyProblem as problem:
            log.info("a passkey sign-in was refused: %s", problem.kind)
            return self.refusal(request, f"pk_{problem.kind}")
        token = self.wallet.remember_phone(user_seq_no, request.headers.get("user-agent", ""))
        log.info("a phone signed in with a passkey")
        return signed_in(JSONResponse({"next": "/accounts"}), token)



SYSTEMS = (("iPhone", "iPhone"), ("iPad", "iPad"), ("Android", "Android"), ("Mac OS", "Mac"),
           ("Windows", "Windows"), ("Linux", "Linux"))
BROWSERS = (("SamsungBrowser", "Samsung Internet"), ("Edg/", "Edge"), ("Firefox/", "Firefox"),
            ("Chrome/", "Chrome"), ("Safari/", "Safari"))


def phone_label(user_agent: str) -> str:
    """What the customer will recognise a passkey by: the phone and browser it was made on."""
    system = next((name for mark, name in SYSTEMS if mark in user_agent), "")
    browser = next((name for mark, name in BROWSERS if mark in user_agent), "")
    return " · ".join(part for part in (system, browser) if part) or "?"
