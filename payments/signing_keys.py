"""Ed25519 signing keys kept in files, and their public halves published as a JWKS file.

Two parts of the system sign for others on the same machine: the wallet signs customers'
payment codes (the kiosk checks them) and the kiosk signs the sales it shows (the wallet
checks them). Each keeps its private key in a file only its owner may read (0600), made on
first use and never shown anywhere, and writes the public half as a JWKS (RFC 7517) in the
data directory, where the other side reads it again whenever it changes.
"""

import base64
import contextlib
import hashlib
import json
import os
from collections.abc import Iterator, Mapping
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import (
    Ed25519PrivateKey,
    Ed25519PublicKey,
)


class KeyFileError(Exception):
    """A key file cannot be used; the message says what to do."""


def load_or_create_key(path: Path) -> Ed25519PrivateKey:
    """The key in `path` (PKCS#8 PEM), made 0600 when there is none."""
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return _read_key(path)
    key = Ed25519PrivateKey.generate()
    with os.fdopen(descriptor, "wb") as handle:
        handle.write(key.private_bytes(serialization.Encoding.PEM,
                                       serialization.PrivateFormat.PKCS8,
                                       serialization.NoEncryption()))
    return key


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


def public_raw(key: Ed25519PrivateKey) -> bytes:
    return key.public_key().public_bytes(serialization.Encoding.Raw,
                                         serialization.PublicFormat.Raw)


def key_id(prefix: str, key: Ed25519PrivateKey) -> str:
    """A key id from the public key itself, so a new key is never mistaken for the old."""
    return prefix + hashlib.sha256(public_raw(key)).hexdigest()[:12]


def jwks_of(kid: str, key: Ed25519PrivateKey) -> dict:
    return {"keys": [{"kty": "OKP", "crv": "Ed25519", "alg": "EdDSA", "use": "sig",
                      "kid": kid, "x": b64url(public_raw(key))}]}


def write_jwks(path: Path, jwks: dict) -> None:
    """Replaces the file at once, so a reader never sees half of it."""
    temporary = path.with_suffix(".tmp")
    temporary.write_text(json.dumps(jwks, indent=1))
    temporary.replace(path)


def read_jwks(path: Path) -> dict[str, str]:
    """The Ed25519 keys of the JWKS file at `path`, as `issuer_public_keys` takes them
    (kid: base64 of the raw key); {} when there is no file or it is bad."""
    try:
        keys = json.loads(path.read_text())["keys"]
        return {key["kid"]: base64.b64encode(unb64url(key["x"])).decode()
                for key in keys if key.get("kty") == "OKP" and key.get("crv") == "Ed25519"}
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return {}


class PublishedKeys(Mapping[str, Ed25519PublicKey]):
    """The keys of a JWKS file, read again whenever the file changes: a reader started before
    the signer made its key trusts it as soon as it is published, with no restart. A key is
    looked up rarely (once per code or sale shown), so one `stat` per lookup is all it costs."""

    def __init__(self, path: Path) -> None:
        self._path = path
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
            for kid, raw in read_jwks(self._path).items():
                with contextlib.suppress(ValueError):  # not 32 bytes: not a key to trust
                    self._keys[kid] = Ed25519PublicKey.from_public_bytes(base64.b64decode(raw))
        return self._keys

    def __getitem__(self, kid: str) -> Ed25519PublicKey:
        return self._current()[kid]

    def __iter__(self) -> Iterator[str]:
        return iter(self._current())

    def __len__(self) -> int:
        return len(self._current())


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def unb64url(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
