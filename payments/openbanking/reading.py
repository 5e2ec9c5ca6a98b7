"""From an HTTP answer to what it says about one transfer: the part of the client that
decides, kept apart from the part that talks, so the engine's fake bank reads its answers
with the very same rules.

The rule that keeps the books right: an answer counts only for what it is about. A withdraw
or deposit answer speaks for the transfer it answers, and only if it names that transfer
(id, amount, account). A transfer/result answer speaks only through a list item that names
the transfer asked after; a refused, failed, garbled or empty answer to the *question* says
nothing about the *transfer*, which stays unknown and is asked about again.
"""

import logging
from dataclasses import dataclass
from typing import Any

import httpx

from payments.openbanking import outcomes
from payments.openbanking.messages.inquiries import BalanceAnswer, TransactionListAnswer
from payments.openbanking.messages.transfers import (
    DepositAnswer,
    DepositRequest,
    ResultQuery,
    TransferResultAnswer,
    WithdrawAnswer,
    WithdrawRequest,
)
from payments.openbanking.messages.users import UserMeAnswer
from payments.openbanking.outcomes import Answer, Outcome
from payments.openbanking.wire import WireError, decode

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Call:
    """How one API is called and read."""

    name: str
    method: str
    path: str
    answer: type
    moves_money: bool
    has_bank_block: bool = True
    items: bool = False  # the verdict is the (single) res_list item's


USER_ME = Call("user_me", "GET", "/v2.0/user/me", UserMeAnswer, False, has_bank_block=False)
BALANCE = Call("balance", "GET", "/v2.0/account/balance/fin_num", BalanceAnswer, False)
TRANSACTIONS = Call("transactions", "GET", "/v2.0/account/transaction_list/fin_num",
                    TransactionListAnswer, False)
WITHDRAW = Call("withdraw", "POST", "/v2.0/transfer/withdraw/fin_num", WithdrawAnswer, True)
DEPOSIT = Call("deposit", "POST", "/v2.0/transfer/deposit/fin_num", DepositAnswer, True,
               items=True)
RESULT = Call("result", "POST", "/v2.0/transfer/result", TransferResultAnswer, False,
              items=True)


def json_object(response: httpx.Response) -> tuple[dict | None, str]:
    """The answer's JSON object, or None and what is wrong with it."""
    try:
        data = response.json()
    except (ValueError, RecursionError):  # RecursionError: JSON nested thousands deep
        kind = response.headers.get("content-type", "no content type")
        return None, f"HTTP {response.status_code}, body not JSON ({kind})"
    if not isinstance(data, dict):
        return None, f"HTTP {response.status_code}, body is not a JSON object"
    return data, ""


def read_answer(call: Call, response: httpx.Response) -> Answer:
    """Classify one HTTP answer, then read it into the call's message type."""
    data, problem = json_object(response)
    if data is None:
        # The gateway answers its O-codes in JSON; a bare 401/403 page in answer to a transfer
        # may come from anything in between, after the bank has done it.
        refused = response.status_code in (401, 403) and not call.moves_money
        log.warning("%s: %s", call.name, problem)
        return Answer(outcomes.HTTP_AUTH if refused else outcomes.GARBLED,
                      detail=f"{call.name}: {problem}")
    rsp_code, bank_code = data.get("rsp_code"), data.get("bank_rsp_code")
    if not isinstance(rsp_code, str) or not isinstance(bank_code, str | None):
        return Answer(outcomes.GARBLED, detail=f"{call.name}: HTTP {response.status_code}, "
                                               "no rsp_code")
    item = _first_item(data) if call.items and rsp_code in ("A0000", "A0009") else None
    if item is not None:
        # A list item always has a bank block; a missing code is not a success.
        rsp_code = item.get("rsp_code") or "A0000"
        bank_code = item.get("bank_rsp_code")
        if not isinstance(rsp_code, str) or not isinstance(bank_code, str):
            rsp_code, bank_code = str(rsp_code), ""
    elif call.items and rsp_code in ("A0000", "A0009"):
        return Answer(outcomes.GARBLED, rsp_code=rsp_code,
                      detail=f"{call.name}: {rsp_code} without a readable res_list item")
    elif call.has_bank_block:
        bank_code = bank_code or ""
    verdict = outcomes.classify(rsp_code, bank_code)
    try:
        message = decode(call.answer, data)
    except WireError as exc:
        if verdict.outcome is Outcome.APPROVED:
            return Answer(outcomes.GARBLED, rsp_code=rsp_code, bank_rsp_code=bank_code or "",
                          detail=f"{call.name}: approved but malformed: {exc}")
        message = None
    if verdict.outcome is not Outcome.APPROVED:
        log.info("%s: %s %s/%s", call.name, verdict.outcome, rsp_code, bank_code or "-")
    return Answer(verdict, message, rsp_code, bank_code or "")


def _first_item(data: dict) -> dict | None:
    items = data.get("res_list")
    if isinstance(items, list) and items and isinstance(items[0], dict):
        return items[0]
    return None


def only_item(message: Any) -> Any:
    """The one res_list item of a deposit or transfer/result answer, or None."""
    items = getattr(message, "res_list", None)
    return items[0] if items else None


def judge_withdraw(answer: Answer, request: WithdrawRequest) -> Answer:
    """An approval counts only if it names this transfer, its amount and its account."""
    return _confirm(answer, request.bank_tran_id, request.tran_amt, request.fintech_use_num,
                    answer.message)


def judge_deposit(answer: Answer, request: DepositRequest) -> Answer:
    sent = request.req_list[0]
    item = only_item(answer.message)
    if item is None:
        return answer
    return _confirm(answer, sent.bank_tran_id, sent.tran_amt, sent.fintech_use_num, item)


def _confirm(answer: Answer, bank_tran_id: str, amount: int, fintech_use_num: str,
             block: Any) -> Answer:
    if answer.outcome is not Outcome.APPROVED:
        return answer
    mismatch = _not_ours(block, bank_tran_id, amount, fintech_use_num)
    if mismatch:
        return Answer(outcomes.GARBLED, answer.message, answer.rsp_code, answer.bank_rsp_code,
                      detail=f"an approval that does not match {bank_tran_id}: {mismatch}")
    return answer


def _not_ours(block: Any, bank_tran_id: str, amount: int, fintech_use_num: str) -> str:
    """What in a bank block shows it is about another transfer; "" when it is ours."""
    if block.bank_tran_id and block.bank_tran_id != bank_tran_id:
        return f"it names {block.bank_tran_id}"
    if block.tran_amt != amount:
        return f"it is for {block.tran_amt} won, not {amount}"
    if block.fintech_use_num and block.fintech_use_num != fintech_use_num:
        return "it is from another account"
    return ""


def judge_result(answer: Answer, query: ResultQuery, fintech_use_num: str) -> Answer:
    """What a transfer/result answer says about the one transfer asked after.

    APPROVED or DECLINED only from an item that names it; NOT_FOUND when the bank has no such
    transfer on the date asked, or only another account's or amount's under its id (so ours
    was never booked there); UNKNOWN for everything else, whatever the answer's own code.
    """
    if answer.outcome is Outcome.NOT_FOUND:
        return answer
    message = answer.message
    item = only_item(message) if message is not None and message.rsp_code in (
        "A0000", "A0009") else None
    if item is None:
        return _no_word(answer, "no list item names the transfer")
    if item.bank_tran_id != query.org_bank_tran_id:
        return _no_word(answer, f"the item names {item.bank_tran_id or 'nothing'}")
    if item.bank_tran_date and item.bank_tran_date != query.org_bank_tran_date:
        return _no_word(answer, f"the item is of {item.bank_tran_date}")
    if item.tran_amt != query.org_tran_amt or (
            fintech_use_num and item.fintech_use_num not in ("", fintech_use_num)):
        return Answer(outcomes.RSP_CODES["A0310"], answer.message, "A0310",
                      detail=f"result: {query.org_bank_tran_id} is another transfer's id")
    verdict = outcomes.classify(item.rsp_code or "A0000", item.bank_rsp_code)
    if verdict.outcome not in (Outcome.APPROVED, Outcome.DECLINED, Outcome.NOT_FOUND):
        return _no_word(answer, f"the item says {item.rsp_code}/{item.bank_rsp_code}")
    return Answer(verdict, answer.message, item.rsp_code or "A0000", item.bank_rsp_code)


def _no_word(answer: Answer, why: str) -> Answer:
    detail = "; ".join(part for part in (answer.detail, f"result: {why}") if part)
    return Answer(outcomes.NO_WORD, answer.message, answer.rsp_code, answer.bank_rsp_code,
                  detail=detail)
