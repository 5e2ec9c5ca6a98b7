"""The chain's rules apart from HTTP: charges and refunds asked by terminals, each answered
once for its idempotency key, on the one set of books every counter shares.

A charge request is bound to its payment in the same transaction that opens the sale, so a
request asked again (the terminal lost the answer, or a server process died under it) finds
its payment, and a payment is charged only while it is still `new`: the engine's own rules
(one `sending` commit per payment, a used code refused) make any race between two asks of
one key charge once at most. A refund carries its key into the engine, which keeps it with
the refund it made. Every answer tells the terminal the payment's row and transfers, so it
can keep its own copy for receipts and the day's report while the server is away.
"""

import contextlib
import json
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass

from payments.engine import PaymentEngine
from payments.enrollment import finish_consent, shown
from payments.ledger import Ledger, Payment, PaymentStatus, Transfer
from payments.money import Sale
from payments.openbanking.client import OpenBankingClient
from payments.payment_result import PaymentResult, payment_result
from payments.reasons import Reason, Refused
from server.terminals import Terminals

ENROLLMENT_LIFETIME_S = 600
IN_PROGRESS = Reason("환불을 처리하는 중입니다", "the refund is being made: ask again")
VOID = "void"  # a request key the terminal asked about before the request arrived
FINAL = ("approved", "declined", "error")  # what a result will not turn from


class Conflict(Exception):
    """A key reused for a different request: the terminal's fault, said in one line."""


@dataclass(frozen=True)
class Answer:
    """What a terminal is told: the result, and the payment as the books have it now."""

    result: PaymentResult
    payment: dict
    transfers: list[dict]
    final: bool

    def to_json(self) -> dict:
        return {"result": self.result.to_json(), "payment": self.payment,
                "transfers": self.transfers, "final": self.final}


class Chain:
    def __init__(self, engine: PaymentEngine, client: OpenBankingClient,
                 clock: Callable[[], float] = time.time) -> None:
        self.engine, self.client, self.clock = engine, client, clock
        self.ledger: Ledger = engine.ledger
        self.terminals = Terminals(self.ledger, clock)

    # ------------------------------------------------------------ money

    def charge(self, terminal: str, key: str, digest: str, sale: Sale, code: str,
               method: str) -> Answer:
        known = self._request(terminal, key, digest, "charge")
        if known is None:
            with self.ledger.transaction(exclusive=False) as db:
                payment = self.ledger.new_payment(sale, self.clock(), terminal)
                db.execute("INSERT INTO terminal_requests (terminal, key, kind, digest, "
                           "payment_id, created_at) VALUES (?, ?, 'charge', ?, ?, ?)",
                           (terminal, key, digest, payment.id, self.clock()))
        elif known["answer"]:
            return self._stored(known)
        else:
            payment = self.ledger.payment(known["payment_id"])
        if payment.status is PaymentStatus.NEW:
            # Refused: charged meanwhile by another ask of this key; answered as it stands.
            with contextlib.suppress(Refused):
                self.engine.attempt(payment, code, method)  # the answer: as the books say
        return self._answer(terminal, key, payment.id)

    def refund(self, terminal: str, key: str, digest: str, payment_id: str,
               amount: int | None) -> Answer:
        """Raises Refused when the refund cannot be made (nothing sent)."""
        known = self._request(terminal, key, digest, "refund")
        if known is not None and known["answer"]:
            return self._stored(known)
        if known is None:
            with self.ledger.transaction() as db:
                db.execute("INSERT INTO terminal_requests (terminal, key, kind, digest, "
                           "payment_id, created_at) VALUES (?, ?, 'refund', ?, ?, ?)",
                           (terminal, key, digest, payment_id, self.clock()))
        result = self.engine.refund(payment_id, amount, request_key=key)
        return self._answer(terminal, key, payment_id, result)

    def asked(self, terminal: str, key: str) -> Answer | None:
        """The answer to a request by its key, as it stands now; None if never seen."""
        known = self._request(terminal, key, None, None)
        if known is None:
            # Never taken, and now never will be: a request still on its way when the
            # terminal asks is refused when it arrives, so "not found" stays true.
            with self.ledger.transaction() as db:
                db.execute("INSERT INTO terminal_requests (terminal, key, kind, digest, "
                           "payment_id, created_at) VALUES (?, ?, ?, '', '', ?) ON CONFLICT "
                           "DO NOTHING", (terminal, key, VOID, self.clock()))
            known = self._request(terminal, key, None, None)
        if known["kind"] == VOID:
            return None
        if known["answer"]:
            return self._stored(known)
        # Asked about while the bank's answer is not in the books: ask the bank once.
        for transfer in self.ledger.transfers_of(known["payment_id"]):
            if transfer.is_open:
                self.engine.check(transfer.bank_tran_id)
        result = None
        if known["kind"] == "refund":
            refunds = self.ledger.transfers_for_request(key)
            result = self.engine.refund_result(refunds[-1]) if refunds else PaymentResult(
                known["payment_id"], "unknown", 0, IN_PROGRESS)
        return self._answer(terminal, key, known["payment_id"], result)

    def settle(self) -> dict:
        """Ask the bank about every open transfer (any process may; the books decide)."""
        return self.engine.reconcile()

    def _request(self, terminal: str, key: str, digest: str | None, kind: str | None
                 ) -> dict | None:
        known = self.ledger.row("SELECT * FROM terminal_requests WHERE terminal = ? AND "
                                "key = ?", (terminal, key))
        if known is not None and known["kind"] == VOID and kind is not None:
            raise Refused("단말기가 포기한 요청입니다. 청구되지 않았습니다",
                          "the terminal gave this request up before it arrived: nothing "
                          "was charged")
        if known is not None and digest is not None and (known["digest"] != digest
                                                          or known["kind"] != kind):
            raise Conflict(f"the key {key} was used for another request: make a new key "
                           "for each request")
        return known

    def _answer(self, terminal: str, key: str, payment_id: str,
                refund: PaymentResult | None = None) -> Answer:
        """The answer to a charge is where its payment stands, which the books always say
        (a payment the chain charged never changes once approved, declined or in error), so
        nothing is kept for it; a refund's result is kept once final."""
        answer = self._as_it_stands(refund, payment_id)
        if refund is not None and answer.final:
            with self.ledger.transaction(exclusive=False) as db:
                db.execute("UPDATE terminal_requests SET answer = ? WHERE terminal = ? AND "
                           "key = ?", (json.dumps(answer.to_json()), terminal, key))
        return answer

    def _stored(self, known: dict) -> Answer:
        """A final answer as it was given, with the payment as it is now (a later refund
        shows)."""
        given = json.loads(known["answer"])
        return self._as_it_stands(PaymentResult.from_json(given["result"]),
                                  known["payment_id"])

    def _as_it_stands(self, result: PaymentResult | None, payment_id: str) -> Answer:
        """`result`, or (None) the payment's own, with the payment and its transfers as the
        books have them now."""
        payment = self.ledger.row("SELECT * FROM payments WHERE id = ?", (payment_id,))
        transfers = self._transfer_rows(payment_id)
        if result is None:
            result = payment_result(Payment.from_row(payment),
                                    [Transfer.from_row(row) for row in transfers])
        return Answer(result, payment, transfers, result.status in FINAL)

    def _transfer_rows(self, payment_id: str) -> list[dict]:
        return self.ledger.rows("SELECT * FROM transfers WHERE payment_id = ? ORDER BY rowid",
                                (payment_id,))

    def payments(self, business_date: str, counter: str) -> list[dict]:
        """A counter's payments of a day, each with its transfers."""
        payments = self.ledger.rows("SELECT * FROM payments WHERE business_date = ? AND "
                                    "counter = ? ORDER BY created_at, id",
                                    (business_date, counter))
        for payment in payments:
            payment["transfers"] = self._transfer_rows(payment["id"])
        return payments

    # ------------------------------------------------------------ enrollment

    def begin_enrollment(self, terminal: str) -> tuple[str, str]:
        """(the consent page's address, the state to ask about)."""
        state = secrets.token_urlsafe(24)
        with self.ledger.transaction() as db:
            db.execute("INSERT INTO enrollments (state, terminal, created_at) VALUES "
                       "(?, ?, ?)", (state, terminal, self.clock()))
        return self.client.authorize_url(state), state

    def finish_enrollment(self, query: dict[str, str]) -> list[dict]:
        """The bank's redirect back: Refused when it is not one we asked for."""
        state = query.get("state", "")
        row = self.ledger.row("SELECT * FROM enrollments WHERE state = ?", (state,))
        if row is None or row["accounts"] is not None or row["problem"] is not None \
                or self.clock() - row["created_at"] > ENROLLMENT_LIFETIME_S:
            raise Refused("등록 요청이 없거나 만료되었습니다. 카운터에서 다시 시작하세요",
                          "no such registration, or it expired: start again at the counter")
        try:
            accounts = [shown(a) for a in finish_consent(self.client, self.ledger, query,
                                                         state)]
        except Refused as refusal:
            self._enrollment_done(state, problem=refusal.reason)
            raise
        self._enrollment_done(state, accounts=accounts)
        return accounts

    def enrollment(self, terminal: str, state: str) -> dict | None:
        row = self.ledger.row("SELECT * FROM enrollments WHERE state = ? AND terminal = ?",
                              (state, terminal))
        if row is None:
            return None
        return {"accounts": json.loads(row["accounts"]) if row["accounts"] else None,
                "problem": json.loads(row["problem"]) if row["problem"] else None}

    def _enrollment_done(self, state: str, accounts: list[dict] | None = None,
                         problem: Reason | None = None) -> None:
        with self.ledger.transaction() as db:
            # The first outcome stays: a redirect replayed meanwhile cannot overwrite it.
            db.execute("UPDATE enrollments SET accounts = ?, problem = ? WHERE state = ? AND "
                       "accounts IS NULL AND problem IS NULL",
                       (json.dumps(accounts, ensure_ascii=False) if accounts is not None
                        else None,
                        json.dumps({"ko": problem.ko, "en": problem.en}, ensure_ascii=False)
                        if problem else None, state))

