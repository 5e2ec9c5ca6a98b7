"""The wallet's issuer key: it signs the one-time payment codes the kiosk accepts.

The private key is made once and kept in a file only its owner may read (0600); it never
reaches a page, a URL or a log. Its public half is published as a JWKS, served at
`/.well-known/jwks.json` and also written beside the ledger, where a kiosk on the same
machine (the same data directory) finds it without configuration (`published_keys`).
"""

import base64
import contextlib
import hashlib
import hmac
import json
import os
import secrets
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import (
    Ed25519PrivateKey,
    Ed25519PublicKey,
)

from payments.code_signing import sign_code
from payments.codes import MAX_LIFETIME_S

WALLET_DIR = "wallet"  # in the data directory
KEY_FILE = "issuer-key.pem"
JWKS_FILE = "jwks.json"


class KeyFileError(Exception):
    """The issuer key file cannot be used; the message says what to do."""


@dataclass(frozen=True)
class Issuer:
    kid: str
    _key: Ed25519PrivateKey

    def sign(self, fintech_use_num: str, now: float, ttl_s: int) -> tuple[str, int]:
        """A fresh one-time code for the account and its expiry (`exp`)."""
        ttl_s = min(ttl_s, MAX_LIFETIME_S)
        return (sign_code(self._key, self.kid, fintech_use_num, now=now, ttl_s=ttl_s,
                          jti=secrets.token_urlsafe(24)), int(now) + ttl_s)

    def derived_secret(self, purpose: bytes) -> bytes:
        """A server-side secret for `purpose`, derived from the private key so that the
        wallet keeps one secret file, not several."""
        raw = self._key.private_bytes(serialization.Encoding.Raw,
                                      serialization.PrivateFormat.Raw,
                                      serialization.NoEncryption())
        return hmac.new(raw, purpose, "sha256").digest()

    def jwks(self) -> dict:
        raw = self._key.public_key().public_bytes(serialization.Encoding.Raw,
                                                  serialization.PublicFormat.Raw)
        return {"keys": [{"kty": "OKP", "crv": "Ed25519", "alg": "EdDSA", "use": "sig",
                          "kid": self.kid, "x": _b64url(raw)}]}

    def __repr__(self) -> str:
        return f"Issuer(kid={self.kid!r})"


def load_or_create_issuer(data_dir: Path) -> Issuer:
    """The issuer key in `data_dir/wallet/`, made on first use; its JWKS written beside it."""
    folder = data_dir / WALLET_DIR
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / KEY_FILE
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        key = _read_key(path)
    else:
        key = Ed25519PrivateKey.generate()
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(key.private_bytes(serialization.Encoding.PEM,
                                           serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    issuer = Issuer(_kid(key), key)
    jwks = folder / JWKS_FILE
    temporary = jwks.with_suffix(".tmp")
    temporary.write_text(json.dumps(issuer.jwks(), indent=1))
    temporary.replace(jwks)
    return issuer


def _read_key(path: Path) -> Ed25519PrivateKey:
    mode = path.stat().st_mode & 0o777
    if mode & 0o077:
        raise KeyFileError(f"{path}: readable by others (mode {mode:o}): "
                           f"run chmod 600 {path}, and make a new key if others may have read it")
    try:
        key = serialization.load_pem_private_key(path.read_bytes(), password=None)
    except (ValueError, TypeError):
        key = None
    if not isinstance(key, Ed25519PrivateKey):
        raise KeyFileError(f"{path}: not an Ed25519 private key in PEM: move it away and a "
                           "new key is made at the next start")
    return key


def _kid(key: Ed25519PrivateKey) -> str:
    """A key id from the public key itself, so a new key is never mistaken for the old."""
    raw = key.public_key().public_bytes(serialization.Encoding.Raw,
                                        serialization.PublicFormat.Raw)
    return "wallet-" + hashlib.sha256(raw).hexdigest()[:12]


class PublishedKeys(Mapping[str, Ed25519PublicKey]):
    """The keys a wallet on this machine publishes, read again whenever its file changes:
    a kiosk started before the wallet made its key trusts the wallet's codes as soon as the
    key is published, with no restart. A code is read rarely (once per presentation), so
    one `stat` per lookup is all it costs."""

    def __init__(self, data_dir: Path) -> None:
        self._path = data_dir / WALLET_DIR / JWKS_FILE
        self._seen: tuple[int, int] | None = None
        self._keys: dict[str, Ed25519PublicKey] = {}

    def _current(self) -> dict[str, Ed25519PublicKey]:
        try:
            stat = self._path.stat()
            seen = (stat.st_mtime_ns, stat.st_size)
        except OSError:
            seen = None
        if seen != self._seen:
            self._seen = seen
            self._keys = {}
            for kid, raw in published_keys(self._path.parent.parent).items():
                with contextlib.suppress(ValueError):  # not 32 bytes: not a key to trust
                    self._keys[kid] = Ed25519PublicKey.from_public_bytes(base64.b64decode(raw))
        return self._keys

    def __getitem__(self, kid: str) -> Ed25519PublicKey:
        return self._current()[kid]

    def __iter__(self) -> Iterator[str]:
        return iter(self._current())

    def __len__(self) -> int:
        return len(self._current())


def published_keys(data_dir: Path) -> dict[str, str]:
    """The issuer keys a wallet on this machine publishes, as `issuer_public_keys` takes
    them (kid: base64 of the raw key); {} when no wallet has run here or its file is bad."""
    try:
        keys = json.loads((data_dir / WALLET_DIR / JWKS_FILE).read_text())["keys"]
        return {key["kid"]: base64.b64encode(_unb64url(key["x"])).decode()
                for key in keys if key.get("kty") == "OKP" and key.get("crv") == "Ed25519"}
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return {}


def _b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _unb64url(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
