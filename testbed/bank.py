"""What the testbed bank does with each request: the Open Banking API's behaviour, in
three parts (inquiries.py, transfers.py, oauth.py) over the checks of api_base.py.
Where the testbed knowingly differs from KFTC's pages, docs/testbed.md says so and why.
"""

import time
from collections.abc import Callable
from typing import Any

from testbed.api_base import Reply
from testbed.demo_data import (
    mask_account,
)
from testbed.inquiries import InquiryApis
from testbed.oauth import OAuthCentre
from testbed.settings import BankSettings
from testbed.state import BankState
from testbed.transfers import TransferApis


class TestbedBank(InquiryApis, TransferApis):
    """The testbed's bank: its Open Banking APIs by name, its OAuth centre, and the view
    of its books that the admin API and the tests read."""

    def __init__(self, settings: BankSettings, state: BankState,
                 clock: Callable[[], float] = time.time) -> None:
        self.settings = settings
        self.state = state
        self._clock = clock
        self.apis: dict[str, Callable[[Any, str], Reply]] = {
            "user_me": self._api(self._user_me, "login"),
            "account_list": self._api(self._account_list, "login"),
            "balance": self._api(self._balance, "inquiry"),
            "transactions": self._api(self._transactions, "inquiry"),
            "withdraw": self._api(self._withdraw, "transfer"),
            "deposit": self._api(self._deposit, "oob"),
            "result": self._api(self._result, "oob"),
            "real_name": self._api(self._real_name, "oob"),
            "receive": self._api(self._receive, "oob"),
        }
        self.oauth = OAuthCentre(settings, state, clock)

    # ------------------------------------------------------------ the testbed's own view

    def accounts(self) -> list[dict]:
        with self.state.transaction() as db:
            rows = db.execute("SELECT * FROM accounts ORDER BY merchant DESC, rowid").fetchall()
        return [{"fintech_use_num": r["fintech_use_num"], "user_seq_no": r["user_seq_no"],
                 "bank_code_std": r["bank_code_std"], "bank_name": r["bank_name"],
                 "account_num_masked": mask_account(r["account_num"]),
                 "holder_name": r["holder_name"], "balance": r["balance"],
                 "available": max(0, r["balance"] - r["held"]), "merchant": bool(r["merchant"])}
                for r in rows]

    def journal(self) -> list[dict]:
        """Every transfer that moved money, in order: what tests count to prove exactly-once."""
        with self.state.transaction() as db:
            rows = db.execute("SELECT kind, bank_tran_id, bank_tran_date, fintech_use_num, "
                              "tran_amt, api_tran_id FROM transfers WHERE applied = 1 "
                              "ORDER BY seq").fetchall()
        return [dict(row) for row in rows]

    def expire_tokens(self) -> int:
        """Let every access token lapse now, so tests see O0003 and a renewal."""
        with self.state.transaction() as db:
            return db.execute("UPDATE tokens SET expires_at = ? WHERE kind != 'refresh'",
                              (self._clock(),)).rowcount
