"""Secrets at rest: what moves money is sealed in the ledger with a key kept apart from it.

A customer's access and refresh tokens are bearer credentials: with the client secret they
withdraw from the customer's account. The ledger travels (backups, a stolen SD card), so
each token is sealed with AES-256-GCM under a key that lives in the configuration directory
(`/etc/kiosk/ledger.key`, 0600), never in the data directory, the ledger or its backups.
The row's owner is bound in as associated data, so a sealed token cannot be moved to
another customer's row. A ledger without its key carries nothing usable: each customer
registers again, and the kiosk goes on.
"""

import base64
import binascii
import hashlib
import hmac
import os
import stat
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

PREFIX = "sealed:v1:"
KEY_BYTES = 32
NONCE_BYTES = 12


class KeyFileError(Exception):
    """The sealing key cannot be used; the message says what is wrong and what to do."""


class SealingKey:
    def __init__(self, key: bytes) -> None:
        if len(key) != KEY_BYTES:
            raise ValueError(f"a sealing key is {KEY_BYTES} bytes")
        self._aead = AESGCM(key)
        self._key = key

    @classmethod
    def generate(cls) -> "SealingKey":
        return cls(AESGCM.generate_key(bit_length=8 * KEY_BYTES))

    def seal(self, text: str, context: str) -> str:
        nonce = os.urandom(NONCE_BYTES)
        sealed = self._aead.encrypt(nonce, text.encode(), context.encode())
        return PREFIX + base64.b64encode(nonce + sealed).decode()

    def unseal(self, sealed: str, context: str) -> str | None:
        """The text, or None when it was sealed with another key (or for another row)."""
        try:
            raw = base64.b64decode(sealed.removeprefix(PREFIX), validate=True)
            return self._aead.decrypt(raw[:NONCE_BYTES], raw[NONCE_BYTES:],
                                      context.encode()).decode()
        except (InvalidTag, ValueError, binascii.Error):
            return None

    def derived(self, purpose: bytes) -> bytes:
        """A secret of its own for `purpose` (HMAC-SHA256 of the key): what signs the chain
        owner's session cookies, without a second key file to keep and back up."""
        return hmac.new(self._key, purpose, hashlib.sha256).digest()

    def __repr__(self) -> str:  # the key never reaches a log by way of a repr
        return "SealingKey(…)"


def is_sealed(value: str) -> bool:
    return value.startswith(PREFIX)


def load_key(path: Path, create: bool) -> SealingKey:
    """The key in `path`; made there (0600, in a 0700 folder if new) when it does not exist
    and `create` is set: the installer and the demo's first run do that."""
    try:
        return _read_key(path)
    except FileNotFoundError:
        if not create:
            raise KeyFileError(f"no sealing key at {path}, and the ledger holds tokens sealed "
                               "with one: put the kept copy back there, or make a new one "
                               "(deploy/raspberrypi/install.sh does) and have each customer "
                               "register again") from None
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return _read_key(path)  # another process made it first
    except OSError as exc:
        raise KeyFileError(f"cannot make the sealing key {path}: {exc.strerror}") from None
    key = AESGCM.generate_key(bit_length=8 * KEY_BYTES)
    with os.fdopen(descriptor, "w") as handle:
        handle.write(base64.b64encode(key).decode() + "\n")
        handle.flush()
        os.fsync(handle.fileno())
    return SealingKey(key)


def _read_key(path: Path) -> SealingKey:
    try:
        mode = path.stat().st_mode
        text = path.read_text(encoding="ascii").strip()
    except FileNotFoundError:
        raise
    except (OSError, UnicodeDecodeError) as exc:
        raise KeyFileError(f"cannot read the sealing key {path}: "
                           f"{getattr(exc, 'strerror', None) or 'not a key file'}") from None
    if mode & (stat.S_IRWXG | stat.S_IRWXO):
        raise KeyFileError(f"the sealing key {path} is open to others (mode "
                           f"{stat.S_IMODE(mode):04o}): chmod 600 {path}")
    try:
        return SealingKey(base64.b64decode(text, validate=True))
    except (ValueError, binascii.Error):
        raise KeyFileError(f"{path} is not a sealing key (32 bytes, base64): restore it "
                           "from where it was kept, or remove it and register customers "
                           "again") from None
