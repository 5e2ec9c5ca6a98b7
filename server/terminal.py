"""A kiosk as a terminal of the chain: it charges and refunds through the server and holds
no bank secret, only its own Ed25519 key.

`RemoteEngine` has the face of the payment engine the kiosk's screen and commands already
use (`pay`, `refund`, `result`, `reconcile`). Each request's idempotency key is made and
written to the terminal's outbox before the request leaves. A lost answer is asked again
with the same key until the server says where the request stands; only a request the
server never received (the connection was refused every time) is called off, and asking
the server about a key fences it off there, so "never received" stays true. Each answer
brings the payment as the chain's books have it, and the terminal keeps that copy in its
own ledger: receipts, the history and the day's report work while the server is away.
"""

import json
import logging
import secrets
import sqlite3
import time
from collections.abc import Callable
from pathlib import Path

import httpx
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from payments.ledger import Ledger
from payments.money import Sale
from payments.payment_result import PaymentResult, payment_result
from payments.reasons import Reason, Refused
from server.terminal_auth import KEY, SIGNATURE, TERMINAL, public_key_text, sign

OUTBOX_FILE = "terminal-outbox.sqlite3"
GIVE_UP_UNREACHED_S = 3.0  # connections refused this long: the server is down, not slow
UNREACHABLE = Reason("결제 서버에 연결할 수 없어 결제와 환불을 받을 수 없습니다. 처리된 것은 "
                     "없습니다", "the chain's server cannot be reached, so no payment or "
                     "refund can be made now: nothing was charged or refunded")
UNANSWERED = Reason("결제 서버의 응답을 받지 못했습니다. 상품을 건네지 말고 잠시 후 확인하세요",
                    "the chain's server has not answered: do not hand over the goods; the "
                    "outcome is asked again by itself")
log = logging.getLogger(__name__)


class ServerAway(Exception):
    """No answer from the server; `reached` says whether the request may have arrived."""

    def __init__(self, why: str, reached: bool) -> None:
        super().__init__(why)
        self.reached = reached


class NeverReceived(Refused):
    """The server never took this request (and, once asked, never will)."""


class TerminalClient:
    """Signed requests to the chain's server."""

    def __init__(self, url: str, key: Ed25519PrivateKey, *, timeout_s: float = 10.0,
                 transport: httpx.BaseTransport | None = None) -> None:
        self.url = url.rstrip("/")
        self._key = key
        self._public = public_key_text(key)
        self._http = httpx.Client(base_url=self.url, transport=transport,
                                  timeout=httpx.Timeout(timeout_s, connect=5.0))

    def call(self, method: str, path: str, key: str, body: dict | None = None) -> dict:
        """The answer's JSON. Raises Refused (the server said no, nothing was done) or
        ServerAway (no usable answer: ask again with the same key)."""
        data = json.dumps(body, ensure_ascii=False).encode() if body is not None else b""
        headers = {TERMINAL: self._public, KEY: key, "Content-Type": "application/json",
                   SIGNATURE: sign(self._key, method, path.split("?")[0], key, data)}
        try:
            response = self._http.request(method, path, content=data, headers=headers)
        except httpx.ConnectError as exc:
            raise ServerAway(f"cannot connect to {self.url}: {exc}", reached=False) from None
        except httpx.HTTPError as exc:
            raise ServerAway(f"{self.url} did not answer: {exc}", reached=True) from None
        try:
            answer = response.json()
        except ValueError:
            answer = None
        if response.status_code in (401, 404, 409, 422) and isinstance(answer, dict):
            refusal = NeverReceived if response.status_code == 404 else Refused
            raise refusal(answer.get("error_ko", ""), answer.get("error", ""))
        if response.status_code != 200 or not isinstance(answer, dict):
            raise ServerAway(f"{self.url} answered {response.status_code}", reached=True)
        return answer

    def close(self) -> None:
        self._http.close()


class Outbox:
    """The requests sent and not yet answered for good, in a file beside the ledger.

    A request is on disk (synced) before it leaves. That it was answered is written
    without waiting for the disk: lost to a power cut, the request merely waits again, and
    asking the server about it again gives the same answer."""

    def __init__(self, path: Path) -> None:
        self._db, self._settled = (sqlite3.connect(path, timeout=30, isolation_level=None,
                                                   check_same_thread=False) for _ in range(2))
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=FULL")
        self._settled.execute("PRAGMA synchronous=NORMAL")
        self._db.execute("CREATE TABLE IF NOT EXISTS outbox (key TEXT PRIMARY KEY, kind TEXT "
                         "NOT NULL, body TEXT NOT NULL, amount INTEGER NOT NULL, payment_id "
                         "TEXT NOT NULL DEFAULT '', created_at REAL NOT NULL, settled INTEGER "
                         "NOT NULL DEFAULT 0)")

    def put(self, key: str, kind: str, body: dict, amount: int, payment_id: str = "") -> None:
        self._db.execute("INSERT INTO outbox (key, kind, body, amount, payment_id, created_at) "
                         "VALUES (?, ?, ?, ?, ?, ?)",
                         (key, kind, json.dumps(body, ensure_ascii=False), amount, payment_id,
                          time.time()))

    def done(self, key: str, payment_id: str = "") -> None:
        """Answered for good (by the payment `payment_id`), or never received."""
        self._settled.execute("UPDATE outbox SET settled = 1, payment_id = coalesce(nullif(?, ''), "
                         "payment_id) WHERE key = ?", (payment_id, key))

    def waiting(self) -> list[tuple[str, str, str]]:
        """(key, kind, payment id or "") of every request not answered for good."""
        return self._db.execute("SELECT key, kind, payment_id FROM outbox WHERE settled = 0 "
                                "ORDER BY created_at").fetchall()

    def get(self, key: str) -> tuple[int, str, bool] | None:
        """(amount, payment id or "", settled) of the request `key`."""
        row = self._db.execute("SELECT amount, payment_id, settled FROM outbox WHERE key = ?",
                               (key,)).fetchone()
        return (row[0], row[1], bool(row[2])) if row else None

    def close(self) -> None:
        self._settled.close()
        self._db.close()


class RemoteEngine:
    """The engine's face, with the chain's server behind it."""

    def __init__(self, client: TerminalClient, ledger: Ledger, outbox: Outbox, *,
                 deadline_s: float = 45.0, poll_s: float = 3.0,
                 sleep: Callable[[float], None] = time.sleep,
                 monotonic: Callable[[], float] = time.monotonic) -> None:
        self.client, self.ledger, self.outbox = client, ledger, outbox
        # The terminal's ledger holds copies of the chain's books, which the server keeps:
        # a copy a power cut takes is fetched again (its request still waits in the outbox,
        # or the day's report syncs it), so its commits need not wait for the disk.
        ledger.db.execute("PRAGMA synchronous=NORMAL")
        self.deadline_s, self.poll_s = deadline_s, poll_s
        self._sleep, self._monotonic = sleep, monotonic
        self.on_checking: Callable[[str], None] = lambda key: None

    def pay(self, sale: Sale, payload: str, method: str) -> PaymentResult:
        body = {"items": sale.to_json(), "code": payload, "method": method}
        return self._send("charge", "/v1/charges", body, sale.total)

    def refund(self, payment_id: str, amount: int | None = None) -> PaymentResult:
        body = {"payment_id": payment_id, "amount": amount}
        return self._send("refund", "/v1/refunds", body, amount or 0, payment_id)

    def result(self, payment_id: str) -> PaymentResult:
        """Where a payment stands in this terminal's copy. A request the server has not
        answered yet is known by its key, the payment id the screen shows meanwhile."""
        request = self.outbox.get(payment_id)
        if request is not None:
            amount, known_as, settled = request
            if not known_as:
                status = "declined" if settled else "unknown"
                return PaymentResult(payment_id, status, amount,
                                     UNREACHABLE if settled else UNANSWERED)
            payment_id = known_as
        payment = self.ledger.payment(payment_id)
        if payment is None:
            raise Refused("없는 결제 번호입니다", f"there is no payment {payment_id!r} here")
        return payment_result(payment, self.ledger.transfers_of(payment.id))

    def sync(self, business_date: str) -> bool:
        """This counter's payments of a day as the chain's books have them now (a refund
        made at another counter shows); the copy stays as it is while the server is away
        (False)."""
        try:
            answer = self.client.call("GET", f"/v1/payments?date={business_date}",
                                      secrets.token_hex(16))
        except (ServerAway, Refused) as why:
            log.info("the day's payments stay as copied: %s", why)
            return False
        with self.ledger.transaction():
            for payment in answer["payments"]:
                self.ledger.keep_copy(payment, payment["transfers"])
            self.ledger.drop_others_copies(business_date, answer["counter"])
        return True

    def reconcile(self) -> dict[str, str]:
        """Ask the server about every request still waiting: {key: status}."""
        settled = {}
        for key, kind, payment_id in self.outbox.waiting():
            try:
                settled[key] = self._ask(key).status
            except NeverReceived:
                # Never received, and now never will be: nothing was done.
                self.outbox.done(key)
                settled[key] = "declined"
            except (ServerAway, Refused) as away:  # away, or this terminal shut out
                log.info("request %s (%s %s) still waits: %s", key, kind, payment_id, away)
                settled[key] = "unknown"
        return settled

    def reachable(self) -> bool:
        try:
            self.client.call("GET", "/healthz", secrets.token_hex(16))
        except (ServerAway, Refused):
            return False
        return True

    def begin_enrollment(self) -> tuple[str, str]:
        """(the bank's consent page for the customer's phone, the state to ask about).
        The bank sends the phone back to the server, never to this terminal."""
        answer = self.client.call("POST", "/v1/enrollments", secrets.token_hex(16), {})
        return answer["consent_url"], answer["state"]

    def enrollment(self, state: str) -> dict:
        """{"accounts": [...] or None, "problem": {"ko", "en"} or None}: None, None while
        the customer is still on the consent page."""
        return self.client.call("GET", f"/v1/enrollments/{state}", secrets.token_hex(16))

    def _send(self, kind: str, path: str, body: dict, amount: int, payment_id: str = ""
              ) -> PaymentResult:
        key = secrets.token_hex(16)
        self.outbox.put(key, kind, body, amount, payment_id)
        started = self._monotonic()
        deadline = started + self.deadline_s
        reached = False
        while True:
            try:
                answer = self.client.call("POST", path, key, body)
                break
            except Refused:
                self.outbox.done(key)
                raise
            except ServerAway as away:
                reached = reached or away.reached
                if not reached and self._monotonic() - started > GIVE_UP_UNREACHED_S:
                    deadline = 0.0  # nothing ever arrived: say so now, not in 45 s
                if self._monotonic() + self.poll_s > deadline:
                    log.warning("request %s: %s", key, away)
                    if not reached:
                        self.outbox.done(key)
                        raise Refused(UNREACHABLE.ko, UNREACHABLE.en) from None
                    return PaymentResult(payment_id or key, "unknown", amount, UNANSWERED)
                self._sleep(self.poll_s)
        result = self._keep(key, answer)
        if result.status != "unknown":
            return result
        self.on_checking(key)
        while self._monotonic() + self.poll_s <= deadline:
            self._sleep(self.poll_s)
            try:
                result = self._ask(key)
            except ServerAway:
                continue
            if result.status != "unknown":
                break
        return result

    def _ask(self, key: str) -> PaymentResult:
        return self._keep(key, self.client.call("GET", f"/v1/requests/{key}", key))

    def _keep(self, key: str, answer: dict) -> PaymentResult:
        with self.ledger.transaction():
            self.ledger.keep_copy(answer["payment"], answer["transfers"])
        if answer["final"]:
            self.outbox.done(key, answer["payment"]["id"])
        return PaymentResult.from_json(answer["result"])
