"""Signing a payment code: the issuer's side of customer codes (docs/customer-codes.md).

The wallet signs with its own key; the demo, the simulation and the tests sign with the
published demo test key. `read_code` (codes.py) is the kiosk's side and shares no code with
this, so a mistake in one is caught by the other.
"""

import base64
import json
import secrets

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey


def _b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def sign_code(key: Ed25519PrivateKey, kid: str, fintech_use_num: str, *, now: float,
              ttl_s: int = 60, amount: int | None = None, confirmed: bool = False,
              jti: str | None = None, header: dict | None = None,
              claims: dict | None = None) -> str:
    """A compact JWS payment code. `confirmed` adds the `cfm` claim: sign it only for an
    `amount` the customer has just confirmed. `header`/`claims` override fields (for refusal
    tests)."""
    head = {"alg": "EdDSA", "typ": "JWT", "kid": kid, **(header or {})}
    body = {"fin": fintech_use_num, "iat": int(now), "exp": int(now) + ttl_s,
            "jti": jti or secrets.token_urlsafe(18)}
    if amount is not None:
        body["amt"] = amount
    if confirmed:
        body["cfm"] = "passkey"
    body.update(claims or {})
    signing_input = (f"{_b64url(json.dumps(head, separators=(',', ':')).encode())}."
                     f"{_b64url(json.dumps(body, separators=(',', ':')).encode())}")
    return f"{signing_input}.{_b64url(key.sign(signing_input.encode('ascii')))}"
