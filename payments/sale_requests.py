"""Merchant-presented sales: the kiosk shows the sale, the customer confirms it in the
wallet with a passkey, and the kiosk charges it, once or not at all, whichever side loses
its connection.

The kiosk opens the sale, then a *sale request* in `sales/requests.sqlite3` of the data
directory: a one-time reference, the shop, the amount and the payment it is for, open a few
minutes. It shows the request as a link into the wallet carrying a *sale token* signed with
the kiosk's own key. The wallet (same data directory, so the same file) checks the token and
the request, shows the customer what they are about to pay and, after the passkey, *posts* a
confirmed code bound to that amount to the request. The kiosk polls its request and *takes*
the code: taking closes the request in the same transaction that reads it, so a code posted
before the kiosk gave up is charged and one posted after is refused to the wallet, which
then says nothing was charged. The charge itself goes through the engine: once per payment,
once per code.

- The phone drops before posting: nothing is posted or charged; it may confirm again while
  the request is open.
- The phone drops after posting: the kiosk charges; the phone sees the outcome when it is
  back (the request names the payment, the ledger has its status).
- The kiosk stops before taking: the request lapses and the code in it expires unused.
- The kiosk stops after taking, mid-charge: the engine's `unknown` path settles it.
"""

import json
import os
import secrets
import sqlite3
import threading
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import (
    Ed25519PrivateKey,
    Ed25519PublicKey,
)

from payments.database import write_transaction
from payments.reasons import Refused
from payments.signing_keys import (
    PublishedKeys,
    b64url,
    jwks_of,
    key_id,
    load_or_create_key,
    unb64url,
    write_jwks,
)

SALES_DIR = "sales"  # in the data directory
KEY_FILE = "kiosk-key.pem"
JWKS_FILE = "jwks.json"
REQUESTS_FILE = "requests.sqlite3"
TOKEN_TYPE = "kpay-sale"
LIFETIME_S = 180  # the customer has three minutes to open the link and confirm

ADDRESS_FILE = ("wallet", "address")  # in the data directory: where the wallet serves


def publish_address(data_dir: Path, url: str) -> None:
    """Where the wallet of this machine serves, for the kiosk's sale links."""
    data_dir.joinpath(*ADDRESS_FILE).write_text(url + "\n")


def published_address(data_dir: Path) -> str:
    """The address the wallet of this machine last served at; "" when none has run here."""
    try:
        return data_dir.joinpath(*ADDRESS_FILE).read_text().strip()
    except OSError:
        return ""


_SCHEMA = """
CREATE TABLE IF NOT EXISTS sale_requests (
    ref TEXT PRIMARY KEY,            -- one-time, random: the sale token names it
    payment_id TEXT NOT NULL,        -- the kiosk's sale; '' until its code came (Qt)
    shop TEXT NOT NULL,
    amount INTEGER NOT NULL,
    created_at REAL NOT NULL,
    expires_at REAL NOT NULL,
    code TEXT,                       -- the confirmed code the wallet posted, until taken
    posted_at REAL,
    closed_at REAL                   -- the kiosk took the code, or gave up
)
"""


@dataclass(frozen=True)
class SaleRequest:
    ref: str
    payment_id: str
    shop: str
    amount: int
    created_at: float
    expires_at: float
    posted_at: float | None
    closed_at: float | None


class Posted:
    """What became of a code the wallet posted to a request."""

    POSTED = "posted"
    ALREADY = "already"  # a code was posted before (the phone retried): the first one stands
    CLOSED = "closed"  # the kiosk gave up or the request lapsed: nothing will be charged
    UNKNOWN = "unknown"


class SaleRequests:
    """The requests file, shared by the kiosk that opens requests and the wallet that posts."""

    def __init__(self, data_dir: Path) -> None:
        folder = data_dir / SALES_DIR
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        path = folder / REQUESTS_FILE
        if not path.exists():  # never a descriptor of an open database: payments/database.py
            os.close(os.open(path, os.O_RDWR | os.O_CREAT, 0o600))  # codes are kept shut
        self._db = sqlite3.connect(path, timeout=30, isolation_level=None,
                                   check_same_thread=False)
        self._db.row_factory = sqlite3.Row
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=FULL")
        self._lock = threading.RLock()
        with write_transaction(self._db, self._lock):
            self._db.execute(_SCHEMA)

    def close(self) -> None:
        self._db.close()

    def open(self, payment_id: str, shop: str, amount: int, now: float,
             lifetime_s: float = LIFETIME_S) -> SaleRequest:
        ref = secrets.token_urlsafe(16)
        with write_transaction(self._db, self._lock):
            self._db.execute("INSERT INTO sale_requests VALUES (?, ?, ?, ?, ?, ?, NULL, NULL, "
                             "NULL)", (ref, payment_id, shop, amount, now, now + lifetime_s))
        return SaleRequest(ref, payment_id, shop, amount, now, now + lifetime_s, None, None)

    def get(self, ref: str) -> SaleRequest | None:
        with self._lock:
            row = self._db.execute("SELECT * FROM sale_requests WHERE ref = ?",
                                   (ref,)).fetchone()
        return _request(row) if row else None

    def post(self, ref: str, code: str, now: float) -> str:
        """Hands a confirmed code to the kiosk, once: a `Posted` word."""
        with write_transaction(self._db, self._lock):
            row = self._db.execute("SELECT * FROM sale_requests WHERE ref = ?",
                                   (ref,)).fetchone()
            if row is None:
                return Posted.UNKNOWN
            if row["posted_at"] is not None:
                return Posted.ALREADY
            if row["closed_at"] is not None or now > row["expires_at"]:
                return Posted.CLOSED
            self._db.execute("UPDATE sale_requests SET code = ?, posted_at = ? WHERE ref = ?",
                             (code, now, ref))
            return Posted.POSTED

    def attach(self, ref: str, payment_id: str) -> None:
        """Names the payment a request's code paid, where the kiosk opened the sale only
        when the code came (the Qt pay screen): the wallet then shows its outcome."""
        with write_transaction(self._db, self._lock):
            self._db.execute("UPDATE sale_requests SET payment_id = ? WHERE ref = ? AND "
                             "payment_id = ''", (payment_id, ref))

    def take(self, ref: str, now: float, give_up: bool = False) -> str | None:
        """The posted code, closing the request and forgetting the code; None while none is
        posted. With `give_up` the request closes even then: a later post is refused."""
        with write_transaction(self._db, self._lock):
            row = self._db.execute("SELECT code, closed_at FROM sale_requests WHERE ref = ?",
                                   (ref,)).fetchone()
            if row is None or row["closed_at"] is not None:
                return None
            if row["code"] is None and not give_up:
                return None
            self._db.execute("UPDATE sale_requests SET code = NULL, closed_at = ? "
                             "WHERE ref = ?", (now, ref))
            return row["code"]


def _request(row: sqlite3.Row) -> SaleRequest:
    return SaleRequest(row["ref"], row["payment_id"], row["shop"], row["amount"],
                       row["created_at"], row["expires_at"], row["posted_at"], row["closed_at"])


# ------------------------------------------------------------------ the signed sale token


@dataclass(frozen=True)
class SaleToken:
    ref: str
    shop: str
    amount: int
    expires_at: int
    kid: str


@dataclass(frozen=True)
class SaleSigner:
    """The kiosk's own key: what it signs is a sale it shows, never a payment code."""

    kid: str
    _key: Ed25519PrivateKey

    def token(self, request: SaleRequest) -> str:
        head = {"alg": "EdDSA", "typ": TOKEN_TYPE, "kid": self.kid}
        body = {"ref": request.ref, "shop": request.shop, "amt": request.amount,
                "iat": int(request.created_at), "exp": int(request.expires_at)}
        signing_input = f"{_part(head)}.{_part(body)}"
        return f"{signing_input}.{b64url(self._key.sign(signing_input.encode('ascii')))}"

    def __repr__(self) -> str:
        return f"SaleSigner(kid={self.kid!r})"


def _part(value: dict) -> str:
    """A JWS part; the shop's name as UTF-8, not escaped, keeps the QR small."""
    return b64url(json.dumps(value, separators=(",", ":"), ensure_ascii=False).encode())


def load_or_create_signer(data_dir: Path) -> SaleSigner:
    """The kiosk's sale key in `data_dir/sales/` (0600), made on first use; its public half
    written beside it as a JWKS for the wallet of this machine."""
    folder = data_dir / SALES_DIR
    key = load_or_create_key(folder / KEY_FILE)
    signer = SaleSigner(key_id("kiosk-", key), key)
    write_jwks(folder / JWKS_FILE, jwks_of(signer.kid, key))
    return signer


def kiosk_keys(data_dir: Path) -> PublishedKeys:
    return PublishedKeys(data_dir / SALES_DIR / JWKS_FILE)


def read_sale_token(token: str, keys: Mapping[str, Ed25519PublicKey], now: float) -> SaleToken:
    """The sale a token shows; Refused when it is not one a kiosk of this shop signed, or it
    has lapsed."""
    parts = token.split(".") if isinstance(token, str) and len(token) <= 2048 else []
    try:
        head, body = (json.loads(unb64url(part)) for part in parts[:2])
        signature = unb64url(parts[2])
    except (ValueError, IndexError, RecursionError):
        raise _not_a_sale() from None
    if len(parts) != 3 or not isinstance(head, dict) or not isinstance(body, dict):
        raise _not_a_sale()
    kid = head.get("kid")
    key = keys.get(kid) if isinstance(kid, str) else None
    if head.get("alg") != "EdDSA" or head.get("typ") != TOKEN_TYPE or key is None:
        raise _not_a_sale()
    try:
        key.verify(signature, f"{parts[0]}.{parts[1]}".encode("ascii"))
    except (InvalidSignature, UnicodeEncodeError):
        raise _not_a_sale() from None
    ref, shop, amount, exp = (body.get(k) for k in ("ref", "shop", "amt", "exp"))
    if not (isinstance(ref, str) and isinstance(shop, str) and type(amount) is int
            and amount > 0 and type(exp) is int):
        raise _not_a_sale()
    if now > exp:
        raise Refused("시간이 지난 결제 요청입니다. 키오스크에서 다시 요청하세요",
                      "this sale request has lapsed: ask the kiosk for a new one")
    return SaleToken(ref, shop, amount, exp, kid)


def _not_a_sale() -> Refused:
    return Refused("이 매장 키오스크의 결제 요청이 아닙니다",
                   "not a sale request signed by a kiosk of this shop")
