"""How a terminal proves who it is on every request, and how the server checks it.

The terminal signs, with the Ed25519 key made when it was installed, the method, the path,
its idempotency key and a digest of the body. No timestamp is signed: a terminal's clock is
not trusted, and a request replayed with its key gets the answer stored for that key, never
a second charge. The key pair's private half never leaves the terminal; the server holds the
public halves, and the owner revokes a lost terminal there.
"""

import hashlib
import re

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import (
    Ed25519PrivateKey,
    Ed25519PublicKey,
)

from payments.signing_keys import b64url, public_raw, unb64url

TERMINAL, KEY, SIGNATURE = "Kiosk-Terminal-Key", "Idempotency-Key", "Kiosk-Signature"
NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,39}")
REQUEST_KEY = re.compile(r"[0-9a-f]{32}")
PUBLIC_KEY = re.compile(r"[A-Za-z0-9_-]{43}")  # 32 bytes, base64url: the terminal's name on
# the wire (the owner's name for it is the server's business)


def digest(body: bytes) -> str:
    return hashlib.sha256(body).hexdigest()


def signed_text(method: str, path: str, key: str, body: bytes) -> bytes:
    return f"{method.upper()}\n{path}\n{key}\n{digest(body)}".encode()


def sign(private: Ed25519PrivateKey, method: str, path: str, key: str, body: bytes) -> str:
    return b64url(private.sign(signed_text(method, path, key, body)))


def verify(public: Ed25519PublicKey, signature: str, method: str, path: str, key: str,
           body: bytes) -> bool:
    try:
        public.verify(unb64url(signature), signed_text(method, path, key, body))
    except (InvalidSignature, ValueError):
        return False
    return True


def public_key_text(private: Ed25519PrivateKey) -> str:
    """The line an owner pastes into `kiosk terminal add`."""
    return b64url(public_raw(private))


def read_public_key(text: str) -> Ed25519PublicKey:
    """Raises ValueError with a line that says what is wrong."""
    try:
        raw = unb64url(text.strip())
    except ValueError:
        raw = b""
    if len(raw) != 32:
        raise ValueError(f"{text.strip()[:60]!r} is not a terminal's public key: paste the "
                         "line `kiosk terminal key` printed on the terminal")
    return Ed25519PublicKey.from_public_bytes(raw)
