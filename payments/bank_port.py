"""What the payment engine needs of a bank: the port its adapters fill.

`OpenBankingClient` is the adapter for the real API over HTTP; tests and the engine's
simulation use an in-process fake bank that reads its own answers with the client's very
rules (payments/openbanking/reading.py). No call raises: every way a call can end, a
dropped connection or a garbled page included, is an `Answer` with an `Outcome`.
"""

from typing import Protocol

from payments.openbanking.messages.transfers import DepositRequest, ResultQuery, WithdrawRequest
from payments.openbanking.outcomes import Answer


class TranIds(Protocol):
    def next(self) -> str:
        """A `bank_tran_id` never handed out before, committed before it is returned."""
        ...


class Bank(Protocol):
    tran_ids: TranIds

    def today(self) -> str:
        """The bank's date now (YYYYMMDD), as a transfer's `bank_tran_date` is written."""
        ...

    def can_charge(self, user_seq_no: str) -> bool:
        """Whether the kiosk holds, or can renew, a token to charge this customer."""
        ...

    def withdraw(self, user_seq_no: str, request: WithdrawRequest) -> Answer:
        """Charge a customer's account; sent once, never retried."""
        ...

    def deposit(self, request: DepositRequest) -> Answer:
        """Pay money back to a customer's account (a refund); sent once, never retried."""
        ...

    def transfer_result(self, check_type: str, query: ResultQuery,
                        fintech_use_num: str) -> Answer:
        """What became of one earlier transfer, judged by reading.judge_result."""
        ...
