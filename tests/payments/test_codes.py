"""Payment codes: exactly the forms of docs/customer-codes.md, everything else refused with why."""

import base64
import contextlib
import time

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from hypothesis import given, settings
from hypothesis import strategies as st

from payments.code_signing import sign_code
from payments.codes import CodePolicy, CodeRefused, PaymentCode, looks_like_code, read_code
from testbed.demo_wallet import demo_issuer_key

FIN = "120295815923150192272959"
KID, KEY = demo_issuer_key()
PUBLIC = base64.b64encode(KEY.public_key().public_bytes_raw()).decode()
POLICY = CodePolicy.from_config(True, {KID: PUBLIC})
STRICT = CodePolicy.from_config(False, {KID: PUBLIC})
NOW = 1_800_000_000.0


def code(**kwargs) -> str:
    return sign_code(KEY, KID, FIN, now=NOW, **kwargs)


def refusal(payload: str, policy: CodePolicy = POLICY, now: float = NOW) -> str:
    with pytest.raises(CodeRefused) as refused:
        read_code(payload, policy, now)
    assert refused.value.reason.ko and refused.value.reason.en
    return refused.value.reason.en


def test_a_signed_code_is_read():
    read = read_code(code(jti="a" * 20), POLICY, NOW)
    assert read == PaymentCode(FIN, signed=True, jti="a" * 20, expires_at=int(NOW) + 60,
                               kid=KID)


def test_an_amount_bound_code_carries_its_amount():
    assert read_code(code(amount=4500), POLICY, NOW).amount == 4500


def test_a_confirmed_code_carries_its_confirmation_with_its_amount():
    read = read_code(code(amount=80_000, confirmed=True), POLICY, NOW)
    assert (read.amount, read.confirmed) == (80_000, True)
    assert read_code(code(amount=80_000), POLICY, NOW).confirmed is False


def test_kpay_wrapping_and_surrounding_ascii_whitespace_are_accepted():
    assert read_code(f"  kpay:{code()}\r\n", POLICY, NOW).fintech_use_num == FIN
    assert read_code(f"kpay:{FIN}", POLICY, NOW) == PaymentCode(FIN, signed=False)


def test_static_codes_only_where_configured():
    assert read_code(FIN, POLICY, NOW).signed is False
    assert "static codes are not accepted" in refusal(FIN, STRICT)


@pytest.mark.parametrize(("payload", "why"), [
    ("https://example.com/pay?fin=1", "not a payment code"),
    ("4111111111111111", "not a payment code"),  # a card number
    ("\x00\xff\xfe binary junk", "not a payment code"),
    ("A" * 3000, "too long"),
    ("\ufeff" + FIN, "not a payment code"),  # a BOM is not whitespace
    (FIN + "\u3000", "not a payment code"),  # nor is an ideographic space
    ("1" * 23, "not a payment code"),
    ("", "not a payment code"),
])
def test_anything_else_is_refused(payload, why):
    assert why in refusal(payload)


def test_trailing_whitespace_inside_a_wrapped_code_is_refused():
    assert "not a payment code" in refusal(code() + "\u00a0")


@pytest.mark.parametrize(("kwargs", "why"), [
    ({"header": {"alg": "none"}}, "not EdDSA"),
    ({"header": {"alg": "HS256"}}, "not EdDSA"),
    ({"header": {"kid": "other"}}, "issuer key is not known"),
    ({"header": {"crit": ["exp"]}}, "header"),
    ({"claims": {"fin": "123"}}, "fin"),
    ({"claims": {"fin": 120295815923150192272959}}, "fin"),
    ({"claims": {"jti": "short"}}, "jti"),
    ({"claims": {"jti": "has spaces in it ok?"}}, "jti"),
    ({"claims": {"exp": int(NOW) + 301, "iat": int(NOW)}}, "iat/exp"),
    ({"claims": {"exp": "soon"}}, "iat/exp"),
    ({"claims": {"iat": True}}, "iat/exp"),
    ({"claims": {"amt": 0}}, "amt"),
    ({"claims": {"amt": 45.5}}, "amt"),
    ({"claims": {"cfm": "passkey"}}, "cfm"),  # a confirmation of no amount
    ({"amount": 5000, "claims": {"cfm": True}}, "cfm"),
    ({"amount": 5000, "claims": {"cfm": "sms"}}, "cfm"),
])
def test_malformed_signed_codes_are_refused(kwargs, why):
    assert why in refusal(code(**kwargs))


def test_a_code_signed_by_another_key_is_refused():
    forged = sign_code(Ed25519PrivateKey.generate(), KID, FIN, now=NOW)
    assert "signature is not valid" in refusal(forged)


def test_a_tampered_code_is_refused():
    header, _, signature = code().split(".")
    other = sign_code(KEY, KID, "1" * 24, now=NOW).split(".")[1]
    assert "signature is not valid" in refusal(f"{header}.{other}.{signature}")


def test_expiry_allows_thirty_seconds_of_skew():
    payload = code(ttl_s=60)
    assert read_code(payload, POLICY, NOW + 60 + 30).fintech_use_num == FIN
    assert "expired" in refusal(payload, now=NOW + 60 + 31)
    assert "not valid yet" in refusal(payload, now=NOW - 31)


def test_a_bad_configured_key_is_named():
    with pytest.raises(ValueError, match="'k1'"):
        CodePolicy.from_config(False, {"k1": "not base64!"})


@settings(max_examples=400)
@given(st.one_of(
    st.text(max_size=200),
    st.text(alphabet="ABCDEFGHIJabcdefghij0123456789-_.", max_size=300),
    st.builds(lambda a, b: f"{a}.{b}.{b}", st.text(max_size=40), st.text(max_size=40)),
    st.sampled_from([code(), FIN]).map(lambda c: c[:-3]),
))
def test_no_input_raises_anything_but_a_refusal(payload):
    with contextlib.suppress(CodeRefused):  # anything else fails the test
        read_code(payload, POLICY, time.time())


def test_only_ascii_case_is_folded_in_the_kpay_scheme():
    """U+212A KELVIN SIGN lower-cases to k in Unicode; it is not the K of `KPAY:`."""
    assert read_code(f"KPay:{FIN}", POLICY, NOW).fintech_use_num == FIN
    assert "not a payment code" in refusal(f"\u212apay:{FIN}")
    assert not looks_like_code(f"\u212apay:{FIN}")
