"""Confirming an amount with a passkey, in the two ways a large sale is paid.

- Customer-presented: on "confirm an amount" the customer types the amount the clerk
  names, sees it beside the shop's name, confirms with the passkey, and shows the code the
  wallet then signs: bound to that amount and carrying the confirmation (`cfm`).
- Merchant-presented: the kiosk shows the sale as a QR (a link here); the phone opens it,
  shows the shop and the amount, and after the passkey the wallet hands the kiosk a
  confirmed code for it (sales.py); the page follows the sale until it is paid.

The browser's side is wallet/static/passkey.js.
"""

import logging
from collections.abc import Callable

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from payments.money import parse_won
from payments.reasons import Refused
from payments.sale_requests import Posted, SaleToken
from wallet.i18n import translator
from wallet.passkeys import PasskeyProblem, Passkeys
from wallet.sales import Sales
from wallet.service import Wallet
from wallet.store import Device, WalletStore
from wallet.web import Web, options_response, qr_svg

log = logging.getLogger(__name__)
CONFIRMATIONS_PER_10_MIN = 30  # per phone


class ConfirmPages(Web):
    def __init__(self, wallet: Wallet, store: WalletStore, clock: Callable[[], float],
                 passkeys: Passkeys, sales: Sales) -> None:
        super().__init__(wallet, store, clock)
        self.passkeys, self.sales = passkeys, sales

    def routes(self) -> list[Route]:
        return [Route("/confirm/{ref}", self.confirm_page),
                Route("/confirm/{ref}/options", self.confirm_options, methods=["POST"]),
                Route("/confirm/{ref}/code", self.confirmed_code, methods=["POST"]),
                Route("/sale/{token}", self.sale_page),
                Route("/sale/{token}/options", self.sale_options, methods=["POST"]),
                Route("/sale/{token}/pay", self.sale_pay, methods=["POST"]),
                Route("/sale-outcome/{ref}", self.sale_outcome)]

    # ------------------------------------------------------------ an amount, for a code

    def confirm_page(self, request: Request) -> Response:
        device = self.device(request)
        if isinstance(device, Response):
            return device
        try:
            account = self.wallet.account(device, request.path_params["ref"])
        except LookupError:
            return self.problem(request, "missing", 404)
        return self.page(request, "confirm.html", account=account, shop=self.wallet.shop,
                         has_passkey=bool(self.passkeys.of(device)))

    async def confirm_options(self, request: Request) -> Response:
        call = await self._call(request)
        if isinstance(call, Response):
            return call
        device, body, ref = call
        try:
            amount = parse_won(str(body.get("amount", "")))
            self.wallet.account(device, ref)
        except Refused:
            return self.refusal(request, "amount")
        except LookupError:
            return self.refusal(request, "missing", 404)
        return options_response(self.passkeys.confirm_options(device, f"code:{ref}:{amount}"))

    async def confirmed_code(self, request: Request) -> Response:
        call = await self._call(request)
        if isinstance(call, Response):
            return call
        device, body, ref = call
        try:
            amount = parse_won(str(body.get("amount", "")))
            self.passkeys.confirm(device, f"code:{ref}:{amount}", body.get("credential"))
            code = self.wallet.confirmed_code(device, ref, amount)
        except Refused:
            return self.refusal(request, "amount")
        except PasskeyProblem as problem:
            log.info("phone %s: a confirmation was refused: %s", device.id, problem.kind)
            return self.refusal(request, f"pk_{problem.kind}")
        except LookupError:
            return self.refusal(request, "missing", 404)
        log.info("phone %s confirmed %d won", device.id, amount)
        return JSONResponse({"svg": qr_svg(code.code), "exp": code.expires_at,
                             "now": self.clock(), "amount": amount},
                            headers={"Cache-Control": "no-store"})

    # ------------------------------------------------------------ a sale the kiosk shows

    def sale_page(self, request: Request) -> Response:
        device = self.device(request)
        if isinstance(device, Response):
            return device
        try:
            sale = self.sales.read(request.path_params["token"])
        except Refused as refusal:
            return self.problem(request, "sale", 400, reason=refusal.reason)
        return self.page(request, "sale.html", sale=sale, accounts=self.wallet.accounts(device),
                         token=request.path_params["token"],
                         has_passkey=bool(self.passkeys.of(device)))

    async def sale_options(self, request: Request) -> Response:
        call = await self._sale_call(request)
        if isinstance(call, Response):
            return call
        device, body, sale = call
        account = str(body.get("account", ""))
        try:
            self.wallet.account(device, account)
        except LookupError:
            return self.refusal(request, "missing", 404)
        what = self.sales.what(sale, account)
        return options_response(self.passkeys.confirm_options(device, what))

    async def sale_pay(self, request: Request) -> Response:
        call = await self._sale_call(request)
        if isinstance(call, Response):
            return call
        device, body, sale = call
        account = str(body.get("account", ""))
        try:
            self.passkeys.confirm(device, self.sales.what(sale, account), body.get("credential"))
            posted = self.sales.pay(device, sale, account)
        except PasskeyProblem as problem:
            log.info("phone %s: a sale's confirmation was refused: %s", device.id, problem.kind)
            return self.refusal(request, f"pk_{problem.kind}")
        except LookupError:
            return self.refusal(request, "missing", 404)
        log.info("phone %s confirmed sale %s: %s", device.id, sale.ref[:6], posted)
        if posted == Posted.CLOSED:
            return self.refusal(request, "sale_closed", 409)
        return JSONResponse({"ref": sale.ref, "posted": posted})

    def sale_outcome(self, request: Request) -> Response:
        device = self.device(request)
        if isinstance(device, Response):
            return JSONResponse({"error": "signed_out"}, 401)
        outcome = self.sales.outcome(request.path_params["ref"])
        t = translator(self.language_of(request))
        reason = outcome.reason if outcome.state != "approved" else None  # "Paid" says it
        return JSONResponse({"state": outcome.state, "title": t(f"sale_{outcome.state}"),
                             "reason": (reason.ko if self.language_of(request) == "ko"
                                        else reason.en) if reason else ""},
                            headers={"Cache-Control": "no-store"})

    # ------------------------------------------------------------ plumbing

    async def _call(self, request: Request) -> tuple[Device, dict, str] | Response:
        call = await self.script_call(request)
        if isinstance(call, Response):
            return call
        device, body = call
        if not self.store.hit(f"confirm:{device.id}", self.clock(), 600,
                              CONFIRMATIONS_PER_10_MIN):
            return self.refusal(request, "busy", 429)
        return device, body, request.path_params.get("ref", "")

    async def _sale_call(self, request: Request) -> tuple[Device, dict, SaleToken] | Response:
        call = await self._call(request)
        if isinstance(call, Response):
            return call
        device, body, _ = call
        try:
            return device, body, self.sales.read(request.path_params["token"])
        except Refused:
            return self.refusal(request, "sale_closed", 409)

