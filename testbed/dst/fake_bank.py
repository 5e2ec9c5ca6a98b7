"""An in-process fake bank for the engine's tests and its deterministic simulation.

Two halves. `FakeBank` is the bank itself: accounts, a journal keyed by (date, id) as the
real centre keys it, and requests still in flight that it will book later. `FakeBankPort`
is what one kiosk talks to: the engine's `Bank` port, with a fault drawn for every call.
Answers are rendered to the same JSON, HTML pages and garbage a real bank or proxy sends,
and read back with the HTTP client's own rules (payments/openbanking/reading.py), so a
fault here is judged exactly as the same fault over the wire would be.

Time is the simulation's: the bank books by its own (true) clock, the kiosk writes dates by
its own (possibly stepped) wall clock.
"""

import json
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field

import httpx

from payments.bank_port import TranIds
from payments.koreatime import api_tran_dtm, bank_date
from payments.ledger import Ledger
from payments.openbanking import outcomes
from payments.openbanking.messages.transfers import DepositRequest, ResultQuery, WithdrawRequest
from payments.openbanking.outcomes import Answer
from payments.openbanking.reading import (
    DEPOSIT,
    RESULT,
    WITHDRAW,
    judge_deposit,
    judge_result,
    judge_withdraw,
    read_answer,
)

# What can happen to one call. `applied`: the bank does the work now ("now"), later ("late":
# the kiosk timed out while the request was still on its way), or not at all.
ANSWERED = "answered"


@dataclass(frozen=True)
class Fault:
    kind: str  # answered | refused | renew_token | token_down | drop | late | body | code
    applied: bool = False
    body: bytes = b""  # for "body": what comes back instead of the answer
    content_type: str = "application/json"
    status: int = 200
    code: str = ""  # for "code": the rsp_code answered instead
    bank_code: str = ""

    def __str__(self) -> str:
        detail = {"code": f" {self.code}/{self.bank_code or '-'}",
                  "body": f" HTTP {self.status} {self.content_type}"}.get(self.kind, "")
        return f"{self.kind}{detail}{' (applied)' if self.applied else ''}"


OK = Fault(ANSWERED)


@dataclass
class Entry:
    """One transfer the bank has booked, declined ones included (their id is used up)."""

    kind: str  # withdraw | deposit
    bank_tran_id: str
    bank_tran_date: str
    fintech_use_num: str
    amount: int
    applied: bool
    bank_rsp_code: str
    origin: str  # which kiosk sent it: the simulation's ground truth, never on the wire


@dataclass
class FakeBank:
    clock: Callable[[], float]  # the bank's own, true, clock
    balances: dict[str, int]  # fintech_use_num → won
    journal: dict[tuple[str, str], Entry] = field(default_factory=dict)
    in_flight: list[tuple[float, str, object, str]] = field(default_factory=list)

    # ------------------------------------------------------------ booking

    def book(self, kind: str, request: object, origin: str) -> Entry:
        """Do what the request asks, once: an id used before today is refused (A0326)."""
        today = bank_date(self.clock())
        item = request if kind == "withdraw" else request.req_list[0]
        key = (today, item.bank_tran_id)
        if key in self.journal:
            return Entry(kind, item.bank_tran_id, today, item.fintech_use_num, item.tran_amt,
                         False, "A0326", origin)
        fin, amount = item.fintech_use_num, item.tran_amt
        sign = -1 if kind == "withdraw" else 1
        ok = fin in self.balances and self.balances[fin] + sign * amount >= 0
        if ok:
            self.balances[fin] += sign * amount
        entry = Entry(kind, item.bank_tran_id, today, fin, amount, ok,
                      "000" if ok else "453" if fin in self.balances else "412", origin)
        self.journal[key] = entry
        return entry

    def book_later(self, at: float, kind: str, request: object, origin: str) -> None:
        self.in_flight.append((at, kind, request, origin))
        self.in_flight.sort(key=lambda pending: pending[0])

    def arrived(self, until: float, set_clock: Callable[[float], None]) -> None:
        """Book every request in flight that reaches the bank by `until`, at its moment."""
        while self.in_flight and self.in_flight[0][0] <= until:
            at, kind, request, origin = self.in_flight.pop(0)
            set_clock(at)
            self.book(kind, request, origin)

    def applied(self) -> list[Entry]:
        return [entry for entry in self.journal.values() if entry.applied]

    # ------------------------------------------------------------ answers, as JSON

    def common(self, rsp_code: str) -> dict:
        return {"api_tran_id": uuid.uuid4().hex[:20].upper(),
                "api_tran_dtm": api_tran_dtm(self.clock()), "rsp_code": rsp_code,
                "rsp_message": ""}

    def _block(self, entry: Entry) -> dict:
        return {"bank_tran_id": entry.bank_tran_id, "bank_tran_date": entry.bank_tran_date,
                "bank_code_tran": "097", "bank_rsp_code": entry.bank_rsp_code,
                "bank_rsp_message": "", "fintech_use_num": entry.fintech_use_num,
                "bank_name": "오픈은행", "account_num_masked": "1234-****-***",
                "tran_amt": str(entry.amount)}

    def answer_transfer(self, entry: Entry) -> dict:
        if entry.bank_rsp_code == "A0326":
            return self.common("A0326")
        rsp = "A0000" if entry.applied else "A0002"
        if entry.kind == "withdraw":
            return {**self.common(rsp), **self._block(entry)}
        return {**self.common("A0000" if entry.applied else "A0009"), "res_cnt": "1",
                "res_list": [{"tran_no": "1", **self._block(entry)}]}

    def answer_result(self, kind: str, query: ResultQuery) -> dict:
        entry = self.journal.get((query.org_bank_tran_date, query.org_bank_tran_id))
        if entry is None or entry.kind != kind:
            return {**self.common("A0310"), "res_cnt": "1",
                    "res_list": [{"tran_no": "1", "rsp_code": "A0310"}]}
        return {**self.common("A0000"), "res_cnt": "1", "res_list": [{
            "tran_no": "1", "rsp_code": "A0000" if entry.applied else "A0002",
            **self._block(entry)}]}


class FakeBankPort:
    """One kiosk's connection to the fake bank: the engine's `Bank` port."""

    def __init__(self, bank: FakeBank, tran_ids: TranIds, wall: Callable[[], float],
                 draw: Callable[[str], Fault], origin: str, *,
                 late_by: Callable[[], float] = lambda: 1.0,
                 before_call: Callable[[str], None] = lambda api: None) -> None:
        self.bank = bank
        self.tran_ids = tran_ids
        self._wall = wall  # the kiosk's clock: what it writes dates with
        self._draw = draw
        self._origin = origin
        self._late_by = late_by
        self._before_call = before_call
        self.enrolled: set[str] = set()

    def enroll(self, ledger: Ledger, fintech_use_num: str, user_seq_no: str, holder_name: str,
              at: float) -> None:
        """A customer registered as if they had consented: the bank charges them for this
        kiosk, and the kiosk's books know their account (once, however often asked)."""
        self.enrolled.add(user_seq_no)
        if ledger.customer(fintech_use_num) is None:
            with ledger.transaction():
                ledger.add_customer({"fintech_use_num": fintech_use_num,
                                     "user_seq_no": user_seq_no, "holder_name": holder_name,
                                     "bank_code_std": "097", "bank_name": "오픈은행",
                                     "account_num_masked": "1234-****-***"}, at)

    def today(self) -> str:
        return bank_date(self._wall())

    def can_charge(self, user_seq_no: str) -> bool:
        return user_seq_no in self.enrolled

    def withdraw(self, user_seq_no: str, request: WithdrawRequest) -> Answer:
        return judge_withdraw(self._move("withdraw", request), request)

    def deposit(self, request: DepositRequest) -> Answer:
        return judge_deposit(self._move("deposit", request), request)

    def transfer_result(self, check_type: str, query: ResultQuery,
                        fintech_use_num: str) -> Answer:
        self._before_call("result")
        fault = self._draw("result")
        kind = "withdraw" if check_type == "1" else "deposit"
        answer = self._deliver(RESULT, fault, lambda: self.bank.answer_result(kind, query))
        return judge_result(answer, query, fintech_use_num)

    def _move(self, api: str, request: object) -> Answer:
        self._before_call(api)
        fault = self._draw(api)
        call = WITHDRAW if api == "withdraw" else DEPOSIT
        entry = None
        if fault.kind == ANSWERED or fault.applied:
            entry = self.bank.book(api, request, self._origin)
        elif fault.kind == "late":
            self.bank.book_later(self.bank.clock() + self._late_by(), api, request,
                                 self._origin)
        return self._deliver(call, fault, lambda: self.bank.answer_transfer(entry))

    def _deliver(self, call, fault: Fault, body: Callable[[], dict]) -> Answer:
        """The answer the kiosk gets, read as the HTTP client reads it."""
        if fault.kind in ("refused", "token_down"):
            return Answer(outcomes.NOT_SENT, detail=f"{call.name}: {fault}")
        if fault.kind in ("drop", "late"):
            return Answer(outcomes.NO_ANSWER, detail=f"{call.name}: {fault}")
        if fault.kind == "renew_token":
            response = _response(401, {"rsp_code": "O0003", "rsp_message": "expired"})
        elif fault.kind == "body":
            response = httpx.Response(fault.status, content=fault.body,
                                      headers={"content-type": fault.content_type})
        elif fault.kind == "code":
            data = {**self.bank.common(fault.code), "bank_rsp_code": fault.bank_code,
                    "res_cnt": "0", "res_list": []}
            response = _response(200, data)
        else:
            response = _response(200, body())
        return read_answer(call, response)


def _response(status: int, data: dict) -> httpx.Response:
    return httpx.Response(status, content=json.dumps(data).encode(),
                          headers={"content-type": "application/json"})
