"""Issuer keys: only a canonical point of Ed25519's prime-order subgroup is trusted."""

import base64
import json

import pytest

from payments.codes import CodePolicy, CodeRefused, read_code
from payments.issuer_keys import IssuerKeyError, P, _add, _decode, parse_issuer_key
from testbed.demo_wallet import demo_issuer_key

NOW = 1_800_000_000.0
_, DEMO = demo_issuer_key()
GOOD = base64.b64encode(DEMO.public_key().public_bytes_raw()).decode()


def b64(raw: bytes) -> str:
    return base64.b64encode(raw).decode()


def little(number: int) -> bytes:
    return number.to_bytes(32, "little")


# The neutral point (0, 1), the point of order 2 (0, -1), and one of order 4 (x, 0).
SMALL_ORDER = [little(1), little(P - 1), little(0)]
# y = p and y = p + 1 encode the same points as y = 0 and y = 1; x = 0 with the sign bit.
NON_CANONICAL = [little(P), little(P + 1), little(1 | 1 << 255)]


def forged_code(kid: str) -> str:
    """A code no key signed: R = the neutral point, S = 0, i.e. `01` and 63 zero bytes."""
    def part(value: object) -> str:
        return base64.urlsafe_b64encode(json.dumps(value).encode()).decode().rstrip("=")
    header = part({"alg": "EdDSA", "kid": kid})
    claims = part({"fin": "1" * 24, "iat": int(NOW), "exp": int(NOW) + 60, "jti": "f" * 20})
    signature = base64.urlsafe_b64encode(b"\x01" + bytes(63)).decode().rstrip("=")
    return f"{header}.{claims}.{signature}"


def test_the_demo_issuer_key_is_accepted():
    assert parse_issuer_key(GOOD) == DEMO.public_key().public_bytes_raw()


@pytest.mark.parametrize("raw", SMALL_ORDER)
def test_small_order_points_are_refused(raw):
    with pytest.raises(IssuerKeyError, match="small order"):
        parse_issuer_key(b64(raw))


@pytest.mark.parametrize("raw", NON_CANONICAL)
def test_non_canonical_encodings_are_refused(raw):
    with pytest.raises(IssuerKeyError, match="non-canonical"):
        parse_issuer_key(b64(raw))


def test_a_mixed_order_point_is_refused():
    """The demo key plus the point of order 2: full order 2L, not in the subgroup."""
    x, y, z, _ = _add(_decode(parse_issuer_key(GOOD)), _decode(little(P - 1)))
    zi = pow(z, P - 2, P)
    x, y = x * zi % P, y * zi % P
    with pytest.raises(IssuerKeyError, match="prime-order subgroup"):
        parse_issuer_key(b64(little(y | (x & 1) << 255)))


def test_a_point_off_the_curve_and_a_wrong_length_are_refused():
    with pytest.raises(IssuerKeyError, match="not a point"):
        parse_issuer_key(b64(little(2)))
    with pytest.raises(IssuerKeyError, match="31 bytes"):
        parse_issuer_key(b64(bytes(31)))


def test_the_forged_code_of_issue_14_is_refused_at_configuration_time():
    """Before: the neutral point was taken as a key and `forged_code` was approved."""
    with pytest.raises(ValueError, match="issuer key 'evil' is a point of small order"):
        CodePolicy.from_config(False, {"evil": b64(little(1))})
    honest = CodePolicy.from_config(False, {"evil": GOOD})
    with pytest.raises(CodeRefused):
        read_code(forged_code("evil"), honest, NOW)
