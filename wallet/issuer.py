"""The wallet's issuer key: it signs the one-time payment codes the kiosk accepts.

The private key is made once and kept in a file only its owner may read (0600); it never
reaches a page, a URL or a log. Its public half is published as a JWKS, served at
`/.well-known/jwks.json` and also written beside the ledger, where a kiosk on the same
machine (the same data directory) finds it without configuration (`published_keys`).
"""

import hmac
import secrets
from dataclasses import dataclass
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from payments.code_signing import sign_code
from payments.codes import MAX_LIFETIME_S
from payments.signing_keys import (
    PublishedKeys,
    jwks_of,
    key_id,
    load_or_create_key,
    read_jwks,
    write_jwks,
)

WALLET_DIR = "wallet"  # in the data directory
KEY_FILE = "issuer-key.pem"
JWKS_FILE = "jwks.json"


@dataclass(frozen=True)
class Issuer:
    kid: str
    _key: Ed25519PrivateKey

    def sign(self, fintech_use_num: str, now: float, ttl_s: int, *, amount: int | None = None,
             confirmed: bool = False) -> tuple[str, int, str]:
        """A fresh one-time code for the account, its expiry (`exp`) and its `jti` (by which
        the kiosk's books remember its use); `confirmed` only for an `amount` the customer
        has just confirmed with a passkey."""
        ttl_s = min(ttl_s, MAX_LIFETIME_S)
        jti = secrets.token_urlsafe(24)
        return (sign_code(self._key, self.kid, fintech_use_num, now=now, ttl_s=ttl_s,
                          amount=amount, confirmed=confirmed, jti=jti), int(now) + ttl_s, jti)

    def derived_secret(self, purpose: bytes) -> bytes:
        """A server-side secret for `purpose`, derived from the private key so that the
        wallet keeps one secret file, not several."""
        raw = self._key.private_bytes(serialization.Encoding.Raw,
                                      serialization.PrivateFormat.Raw,
                                      serialization.NoEncryption())
        return hmac.new(raw, purpose, "sha256").digest()

    def jwks(self) -> dict:
        return jwks_of(self.kid, self._key)

    def __repr__(self) -> str:
        return f"Issuer(kid={self.kid!r})"


def load_or_create_issuer(data_dir: Path) -> Issuer:
    """The issuer key in `data_dir/wallet/`, made on first use; its JWKS written beside it."""
    folder = data_dir / WALLET_DIR
    key = load_or_create_key(folder / KEY_FILE)
    issuer = Issuer(key_id("wallet-", key), key)
    write_jwks(folder / JWKS_FILE, issuer.jwks())
    return issuer


def wallet_keys(data_dir: Path) -> PublishedKeys:
    """The keys the wallet of this machine publishes, as they change (a kiosk's trust)."""
    return PublishedKeys(data_dir / WALLET_DIR / JWKS_FILE)


def published_keys(data_dir: Path) -> dict[str, str]:
    """The issuer keys a wallet on this machine publishes, as `issuer_public_keys` takes
    them (kid: base64 of the raw key); {} when no wallet has run here or its file is bad."""
    return read_jwks(data_dir / WALLET_DIR / JWKS_FILE)
