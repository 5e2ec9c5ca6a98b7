"""The customer's side: a wallet issuer signing one-time payment codes (EdDSA JWS).

Used by `kiosk sim code`, the demo wallet page and the tests. It signs with the throw-away
demo test key that ships in assets/demo; a real issuer keeps its private key to itself.
"""

import base64
import json
import secrets
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

import assets

DEMO_KEY_FILE = Path(assets.__file__).parent / "demo" / "issuer-test-key.txt"


def demo_issuer_key() -> tuple[str, Ed25519PrivateKey]:
    """(kid, private key) of the demo issuer's published test key."""
    fields = dict(line.split(" = ", 1) for line in DEMO_KEY_FILE.read_text().splitlines()
                  if " = " in line and not line.startswith("#"))
    key = Ed25519PrivateKey.from_private_bytes(base64.b64decode(fields["private"]))
    return fields["kid"], key


def _b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def sign_code(key: Ed25519PrivateKey, kid: str, fintech_use_num: str, *, now: float,
              ttl_s: int = 60, amount: int | None = None, jti: str | None = None,
              header: dict | None = None, claims: dict | None = None) -> str:
    """A compact JWS payment code. `header`/`claims` override fields (for refusal tests)."""
    head = {"alg": "EdDSA", "typ": "JWT", "kid": kid, **(header or {})}
    body = {"fin": fintech_use_num, "iat": int(now), "exp": int(now) + ttl_s,
            "jti": jti or secrets.token_urlsafe(18)}
    if amount is not None:
        body["amt"] = amount
    body.update(claims or {})
    signing_input = (f"{_b64url(json.dumps(head, separators=(',', ':')).encode())}."
                     f"{_b64url(json.dumps(body, separators=(',', ':')).encode())}")
    return f"{signing_input}.{_b64url(key.sign(signing_input.encode('ascii')))}"
