"""A sale a kiosk shows (merchant-presented mode), as the customer's wallet handles it.

The customer's phone opens the kiosk's link (or scans its QR): the sale token must be signed
by a kiosk of this machine and name an open request with the same shop and amount. Once the
passkey has confirmed it, the wallet signs a confirmed code for exactly that amount and
posts it to the request; the kiosk takes it and charges it (payments/sale_requests.py says
why that is once or not at all). The phone then follows the outcome in the ledger.
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from payments.codes import SKEW_S
from payments.ledger import Ledger, PaymentStatus
from payments.reasons import Reason, Refused
from payments.sale_requests import SaleRequest, SaleRequests, SaleToken, read_sale_token
from wallet.service import CONFIRMED_TTL_S, Wallet
from wallet.store import Device

MISMATCH = Refused("결제 요청 내용이 키오스크 기록과 다릅니다",
                   "this sale request does not match the kiosk's record of it")


@dataclass(frozen=True)
class Outcome:
    """What became of the sale, as the phone shows it."""

    state: str  # "waiting" (nothing posted) | "posted" | approved | declined | unknown | "closed"
    reason: Reason | None = None


class Sales:
    def __init__(self, wallet: Wallet, requests: SaleRequests,
                 kiosk_keys: Mapping[str, Ed25519PublicKey], ledger: Ledger,
                 clock: Callable[[], float]) -> None:
        self._wallet, self._requests, self._keys = wallet, requests, kiosk_keys
        self._ledger, self._clock = ledger, clock

    def read(self, token: str) -> SaleToken:
        """The sale the token shows; Refused when it is forged, lapsed or not on record."""
        sale = read_sale_token(token, self._keys, self._clock())
        request = self._requests.get(sale.ref)
        if request is None or (request.shop, request.amount) != (sale.shop, sale.amount):
            raise MISMATCH
        return sale

    def what(self, sale: SaleToken, account_ref: str) -> str:
        """What the passkey confirms: this sale, this amount, from this account."""
        return f"sale:{sale.ref}:{sale.amount}:{account_ref}"

    def pay(self, device: Device, sale: SaleToken, account_ref: str) -> str:
        """Posts a confirmed code for the sale's amount: a `Posted` word. Call it only once
        the passkey confirmed `what(sale, account_ref)`."""
        code = self._wallet.confirmed_code(device, account_ref, sale.amount)
        return self._requests.post(sale.ref, code.code, self._clock())

    def outcome(self, ref: str) -> Outcome:
        request = self._requests.get(ref)
        if request is None:
            return Outcome("closed")
        payment = self._ledger.payment(request.payment_id)
        if payment is not None and payment.status is not PaymentStatus.NEW:
            status = {"sending": "unknown", "error": "declined"}.get(payment.status,
                                                                     str(payment.status))
            reason = Reason(payment.reason_ko, payment.reason_en) if payment.reason_en else None
            return Outcome(status, reason)
        return _waiting(request, self._clock())


def _waiting(request: SaleRequest, now: float) -> Outcome:
    """Before the kiosk's charge is on the books: was a code posted, and can it still pay?"""
    if request.posted_at is None:
        lapsed = request.closed_at is not None or now > request.expires_at
        return Outcome("closed" if lapsed else "waiting")
    if now > request.posted_at + CONFIRMED_TTL_S + SKEW_S:
        return Outcome("closed")  # the kiosk never charged it, and now it cannot
    return Outcome("posted")
