"""The issuer key: made once, kept 0600, published as a JWKS a kiosk on the same machine
trusts without configuration, and its codes are what docs/customer-codes.md says."""

import base64
import json
import time

import pytest

from payments.codes import CodePolicy, CodeRefused, read_code
from payments.signing_keys import KeyFileError
from wallet.issuer import load_or_create_issuer, published_keys

FIN = "120220038200000000000001"


def test_the_key_is_made_once_and_kept_private(tmp_path):
    first = load_or_create_issuer(tmp_path)
    key_file = tmp_path / "wallet" / "issuer-key.pem"
    assert key_file.stat().st_mode & 0o777 == 0o600
    assert load_or_create_issuer(tmp_path).kid == first.kid
    assert "PRIVATE" not in repr(first) and "d" not in first.jwks()["keys"][0]


def test_a_key_file_others_can_read_is_refused_with_what_to_do(tmp_path):
    load_or_create_issuer(tmp_path)
    key_file = tmp_path / "wallet" / "issuer-key.pem"
    key_file.chmod(0o644)
    with pytest.raises(KeyFileError, match="chmod 600"):
        load_or_create_issuer(tmp_path)


def test_a_kiosk_with_the_published_keys_accepts_the_wallets_codes(tmp_path):
    issuer = load_or_create_issuer(tmp_path)
    policy = CodePolicy.from_config(False, published_keys(tmp_path))
    now = time.time()
    code, expires, _ = issuer.sign(FIN, now, 60)
    read = read_code(code, policy, now)
    assert (read.fintech_use_num, read.kid, read.expires_at, read.signed) == \
        (FIN, issuer.kid, expires, True)
    header = json.loads(base64.urlsafe_b64decode(code.split(".")[0] + "=="))
    assert header == {"alg": "EdDSA", "typ": "JWT", "kid": issuer.kid}


def test_a_code_never_lives_longer_than_the_contract_allows(tmp_path):
    issuer = load_or_create_issuer(tmp_path)
    now = time.time()
    _, expires, _ = issuer.sign(FIN, now, 10_000)
    assert expires - int(now) == 300


def test_another_machines_wallet_is_not_trusted(tmp_path):
    ours, theirs = tmp_path / "ours", tmp_path / "theirs"
    code, _, _ = load_or_create_issuer(theirs).sign(FIN, time.time(), 60)
    load_or_create_issuer(ours)
    with pytest.raises(CodeRefused, match="issuer key is not known"):
        read_code(code, CodePolicy.from_config(False, published_keys(ours)), time.time())


def test_no_wallet_or_a_damaged_jwks_trusts_nothing(tmp_path):
    assert published_keys(tmp_path) == {}
    (tmp_path / "wallet").mkdir()
    (tmp_path / "wallet" / "jwks.json").write_text("<html>not json</html>")
    assert published_keys(tmp_path) == {}
