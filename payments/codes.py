"""Payment codes: what a QR or a tap may carry, read exactly as docs/customer-codes.md says.

`read_code` returns a `PaymentCode` or raises `CodeRefused` with a reason a clerk can read;
no input makes it raise anything else. It checks everything that needs no state: the form,
the signature against the issuer's public key by `kid`, the pinned algorithm, the claims and
the expiry. Whether a `jti` was seen before is the ledger's to say (it remembers across
restarts); whether an `amt`-bound code fits the sale, and whether a sale this large needs
one the customer confirmed (`cfm`), is the engine's.
"""

import base64
import binascii
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from payments.issuer_keys import IssuerKeyError, parse_issuer_key
from payments.money import MAX_SALE_WON
from payments.reasons import Refused
from payments.text import ascii_lower

MAX_LENGTH = 2048
SKEW_S = 30
MAX_LIFETIME_S = 300
_ASCII_WHITESPACE = " \t\r\n\x0b\x0c"
_STATIC = re.compile(r"[0-9]{24}")
_B64URL = r"[A-Za-z0-9_-]+"
_JWS = re.compile(rf"({_B64URL})\.({_B64URL})\.({_B64URL})")
_JTI = re.compile(r"[A-Za-z0-9_-]{16,64}")
# The `cfm` claim's one value: the customer confirmed this amount on the phone with a passkey,
# the phone verifying them (fingerprint, face, screen lock), and the issuer checked it.
CONFIRMED_WITH_PASSKEY = "passkey"


class CodeRefused(Refused):
    """A payment code the kiosk will not charge; nothing about it reaches the bank."""


@dataclass(frozen=True)
class PaymentCode:
    fintech_use_num: str
    signed: bool
    jti: str = ""
    expires_at: int = 0  # the code's `exp`; a static code never expires
    amount: int | None = None  # an `amt`-bound code may be charged only this much
    kid: str = ""
    confirmed: bool = False  # the customer confirmed `amount` on the phone (the `cfm` claim)


@dataclass(frozen=True)
class CodePolicy:
    accept_static: bool
    public_keys: Mapping[str, Ed25519PublicKey]  # by `kid`; may change while the kiosk runs

    @classmethod
    def from_config(cls, accept_static: bool, keys: dict[str, str]) -> "CodePolicy":
        """Raises ValueError naming the `kid` whose key is not one to trust (issuer_keys)."""
        parsed = {}
        for kid, text in keys.items():
            try:
                parsed[kid] = Ed25519PublicKey.from_public_bytes(parse_issuer_key(text))
            except IssuerKeyError as problem:
                raise ValueError(f"issuer key {kid!r} {problem}") from None
        return cls(accept_static, parsed)


def read_code(payload: str, policy: CodePolicy, now: float) -> PaymentCode:
    if not isinstance(payload, str):
        raise _refuse("코드를 읽을 수 없습니다", "the code is not text")
    if len(payload) > MAX_LENGTH:
        raise _refuse("결제 코드가 아닙니다 (너무 김)", "not a payment code: far too long")
    text = payload.strip(_ASCII_WHITESPACE)
    text = _without_scheme(text)
    if _STATIC.fullmatch(text):
        if not policy.accept_static:
            raise _refuse("이 매장은 고정 결제 코드를 받지 않습니다. 앱에서 새 코드를 여세요",
                          "static codes are not accepted here: open a fresh code in the app")
        return PaymentCode(text, signed=False)
    jws = _JWS.fullmatch(text)
    if jws is None:
        raise _refuse("결제 코드가 아닙니다", "not a payment code")
    return _read_jws(*jws.groups(), policy, now)


def _read_jws(header_b64: str, claims_b64: str, signature_b64: str, policy: CodePolicy,
              now: float) -> PaymentCode:
    header = _json_part(header_b64)
    if header.get("alg") != "EdDSA":
        raise _refuse("허용되지 않은 서명 방식입니다",
                      "the code's signature algorithm is not EdDSA")
    if header.get("typ", "JWT") != "JWT" or "crit" in header:
        raise _refuse("알 수 없는 코드 형식입니다", "the code's header is not one the kiosk knows")
    kid = header.get("kid")
    key = policy.public_keys.get(kid) if isinstance(kid, str) else None
    if key is None:
        raise _refuse("등록되지 않은 발급자의 코드입니다",
                      "the code's issuer key is not known here")
    try:
        key.verify(_b64url(signature_b64), f"{header_b64}.{claims_b64}".encode("ascii"))
    except InvalidSignature:
        raise _refuse("위조되었거나 손상된 코드입니다",
                      "the code's signature is not valid") from None
    claims = _json_part(claims_b64)
    fin, iat, exp, jti = (claims.get(k) for k in ("fin", "iat", "exp", "jti"))
    if not isinstance(fin, str) or not _STATIC.fullmatch(fin):
        raise _claim("fin")
    if not _whole(iat) or not _whole(exp) or not 0 < exp - iat <= MAX_LIFETIME_S:
        raise _claim("iat/exp")
    if not isinstance(jti, str) or not _JTI.fullmatch(jti):
        raise _claim("jti")
    amount = claims.get("amt")
    if amount is not None and (not _whole(amount) or not 1 <= amount <= MAX_SALE_WON):
        raise _claim("amt")
    confirmed = claims.get("cfm")
    if confirmed is not None and (confirmed != CONFIRMED_WITH_PASSKEY or amount is None):
        raise _claim("cfm")  # a confirmation is of an amount, or it is nothing
    if now > exp + SKEW_S:
        raise _refuse("만료된 코드입니다. 앱에서 새 코드를 여세요",
                      "the code has expired: open a fresh code in the app")
    if iat > now + SKEW_S:
        raise _refuse("아직 유효하지 않은 코드입니다 (시계 확인)",
                      "the code is not valid yet: check the kiosk's clock")
    return PaymentCode(fin, signed=True, jti=jti, expires_at=exp, amount=amount, kid=kid,
                       confirmed=confirmed is not None)


def _without_scheme(text: str) -> str:
    """`text` without a leading `kpay:` in any ASCII case. Only ASCII: Unicode lower-casing
    turns the Kelvin sign U+212A into k, so `\u212apay:` would pass for the scheme."""
    return text[5:] if ascii_lower(text[:5]) == "kpay:" else text


def _json_part(part: str) -> dict:
    try:
        value = json.loads(_b64url(part))
    except (ValueError, RecursionError):
        value = None
    if not isinstance(value, dict):
        raise _refuse("결제 코드가 아닙니다", "not a payment code: unreadable contents")
    return value


def _b64url(part: str) -> bytes:
    try:
        return base64.urlsafe_b64decode(part + "=" * (-len(part) % 4))
    except (ValueError, binascii.Error):
        raise _refuse("결제 코드가 아닙니다", "not a payment code: unreadable contents") from None


def _whole(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _claim(name: str) -> CodeRefused:
    return _refuse("코드 내용이 올바르지 않습니다", f"the code's {name} is missing or malformed")


def _refuse(ko: str, en: str) -> CodeRefused:
    return CodeRefused(ko, en)


def looks_like_code(payload: str) -> bool:
    """Whether `payload` has the form of a payment code at all (not whether it is valid):
    what `kiosk nfc read` needs to tell a payment tap from any other tag."""
    text = _without_scheme(payload.strip(_ASCII_WHITESPACE) if isinstance(payload, str) else "")
    return bool(_STATIC.fullmatch(text) or _JWS.fullmatch(text)) and len(payload) <= MAX_LENGTH
