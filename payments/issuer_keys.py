"""Checking an issuer's Ed25519 public key before the kiosk trusts it.

`cryptography` takes any 32 bytes as a public key. Some of them are points of small order
(the neutral point, for one), against which a "signature" made by nobody verifies: with the
key `01 00…00` the code `R = 01 00…00, S = 0` passes. Others are encodings of a coordinate
beyond the field's prime, which verifiers disagree about. So a key is decoded here by the
rules of RFC 8032 §5.1.3 and accepted only when it is a canonical encoding of a point in the
prime-order subgroup, the only keys an honest issuer can have.
"""

import base64
import binascii

P = 2**255 - 19
L = 2**252 + 27742317777372353535851937790883648493  # the prime subgroup's order
D = -121665 * pow(121666, P - 2, P) % P
SQRT_M1 = pow(2, (P - 1) // 4, P)

_Point = tuple[int, int, int, int]  # extended coordinates X, Y, Z, T with x = X/Z, y = Y/Z
_NEUTRAL: _Point = (0, 1, 1, 0)


class IssuerKeyError(ValueError):
    """Not a key an honest issuer can have; the message says what is wrong with it."""


def parse_issuer_key(text: str) -> bytes:
    """The 32 bytes of a base64 Ed25519 public key that is safe to verify codes with."""
    try:
        raw = base64.b64decode(text, validate=True)
    except (ValueError, binascii.Error):
        raise IssuerKeyError("is not base64") from None
    if len(raw) != 32:
        raise IssuerKeyError(f"is {len(raw)} bytes, not the 32 of an Ed25519 public key")
    point = _decode(raw)
    if _same(_multiply(point, 8), _NEUTRAL):
        raise IssuerKeyError("is a point of small order, which any forged code verifies "
                             "against")
    if not _same(_multiply(point, L), _NEUTRAL):
        raise IssuerKeyError("is not in Ed25519's prime-order subgroup (a mixed-order point)")
    return raw


def _decode(raw: bytes) -> _Point:
    number = int.from_bytes(raw, "little")
    y, sign = number & ((1 << 255) - 1), number >> 255
    if y >= P:
        raise IssuerKeyError("is a non-canonical encoding (its y is not below 2^255 - 19)")
    x2 = (y * y - 1) * pow(D * y * y + 1, P - 2, P) % P
    x = pow(x2, (P + 3) // 8, P)
    if (x * x - x2) % P:
        x = x * SQRT_M1 % P
    if (x * x - x2) % P:
        raise IssuerKeyError("is not a point on the Ed25519 curve")
    if x == 0 and sign:
        raise IssuerKeyError("is a non-canonical encoding (x = 0 with the sign bit set)")
    if x & 1 != sign:
        x = P - x
    return (x, y, 1, x * y % P)


def _add(a: _Point, b: _Point) -> _Point:
    """RFC 8032 §5.1.4's addition in extended coordinates."""
    x1, y1, z1, t1 = a
    x2, y2, z2, t2 = b
    a_ = (y1 - x1) * (y2 - x2) % P
    b_ = (y1 + x1) * (y2 + x2) % P
    c = 2 * t1 * t2 * D % P
    d = 2 * z1 * z2 % P
    e, f, g, h = b_ - a_, d - c, d + c, b_ + a_
    return (e * f % P, g * h % P, f * g % P, e * h % P)


def _multiply(point: _Point, scalar: int) -> _Point:
    result = _NEUTRAL
    while scalar:
        if scalar & 1:
            result = _add(result, point)
        point = _add(point, point)
        scalar >>= 1
    return result


def _same(a: _Point, b: _Point) -> bool:
    return (a[0] * b[2] - b[0] * a[2]) % P == 0 and (a[1] * b[2] - b[1] * a[2]) % P == 0
