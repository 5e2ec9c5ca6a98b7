"""Merchant-presented sales: the request the kiosk opens, the code the wallet posts once, the
take that closes it; and the sale token only a kiosk of this machine can sign."""

import dataclasses

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from payments.reasons import Refused
from payments.sale_requests import (
    Posted,
    SaleRequests,
    SaleSigner,
    kiosk_keys,
    load_or_create_signer,
    read_sale_token,
)

NOW = 1_800_000_000.0


@pytest.fixture
def requests(tmp_path):
    books = SaleRequests(tmp_path)
    yield books
    books.close()


def test_a_posted_code_is_taken_once_and_forgotten(requests, tmp_path):
    request = requests.open("20270115-0001", "데모 카페", 80_000, NOW)
    assert requests.take(request.ref, NOW + 1) is None  # nothing posted yet: still open
    assert requests.post(request.ref, "CODE", NOW + 2) == Posted.POSTED
    assert requests.post(request.ref, "OTHER", NOW + 3) == Posted.ALREADY  # the first stands
    assert requests.take(request.ref, NOW + 4) == "CODE"
    assert requests.take(request.ref, NOW + 5) is None
    assert b"CODE" not in (tmp_path / "sales" / "requests.sqlite3").read_bytes()
    assert (tmp_path / "sales" / "requests.sqlite3").stat().st_mode & 0o777 == 0o600


def test_after_the_kiosk_gave_up_a_code_is_refused(requests):
    request = requests.open("20270115-0001", "데모 카페", 80_000, NOW)
    assert requests.take(request.ref, NOW + 1, give_up=True) is None
    assert requests.post(request.ref, "CODE", NOW + 2) == Posted.CLOSED


def test_a_code_posted_just_before_the_kiosk_gave_up_is_handed_over(requests):
    request = requests.open("20270115-0001", "데모 카페", 80_000, NOW)
    requests.post(request.ref, "CODE", NOW + 1)
    assert requests.take(request.ref, NOW + 2, give_up=True) == "CODE"


def test_a_lapsed_or_unknown_request_takes_no_code(requests):
    request = requests.open("20270115-0001", "데모 카페", 80_000, NOW, lifetime_s=60)
    assert requests.post(request.ref, "CODE", NOW + 61) == Posted.CLOSED
    assert requests.post("no-such-reference", "CODE", NOW) == Posted.UNKNOWN


def test_the_wallet_reads_what_the_kiosk_signed(tmp_path, requests):
    signer = load_or_create_signer(tmp_path)
    assert (tmp_path / "sales" / "kiosk-key.pem").stat().st_mode & 0o777 == 0o600
    request = requests.open("20270115-0001", "데모 카페", 80_000, NOW)
    sale = read_sale_token(signer.token(request), kiosk_keys(tmp_path), NOW + 1)
    assert (sale.ref, sale.shop, sale.amount, sale.kid) == \
        (request.ref, "데모 카페", 80_000, signer.kid)


def test_a_sale_token_from_elsewhere_forged_or_lapsed_is_refused(tmp_path, requests):
    ours = load_or_create_signer(tmp_path)
    request = requests.open("20270115-0001", "데모 카페", 80_000, NOW, lifetime_s=60)
    theirs = SaleSigner(ours.kid, Ed25519PrivateKey.generate())  # same kid, another key
    keys = kiosk_keys(tmp_path)
    token = ours.token(request)
    head, _, signature = token.split(".")
    bigger = ours.token(dataclasses.replace(request, amount=8_000_000)).split(".")[1]
    for forged in (theirs.token(request), f"{head}.{bigger}.{signature}", "garbage",
                   token + ".x", "", "a.b.c"):
        with pytest.raises(Refused, match="not a sale request signed by a kiosk"):
            read_sale_token(forged, keys, NOW)
    with pytest.raises(Refused, match="lapsed"):
        read_sale_token(token, keys, NOW + 61)
