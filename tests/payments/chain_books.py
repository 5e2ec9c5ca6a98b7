"""A chain's books written as the engine writes them (a payment rung up at a counter, its
charge committed and answered, refunds paid back later), at the moments a test chooses:
what the reports of several counters, days and hours are specified on."""

from datetime import datetime

from payments.koreatime import KST, bank_date
from payments.ledger import Ledger, TransferKind
from payments.money import Sale

FINTECH = "199003328057724253012100"  # the paying account; never on a report


def kst(day: str, hour: int, minute: int = 0) -> float:
    """The moment `day` (YYYY-MM-DD) at `hour`:`minute` in Korea."""
    return datetime.fromisoformat(f"{day}T{hour:02d}:{minute:02d}:00").replace(
        tzinfo=KST).timestamp()


class ChainBooks:
    def __init__(self, ledger: Ledger) -> None:
        self.ledger = ledger

    def sale(self, counter: str, method: str, amount: int, at: float,
             status: str = "approved") -> str:
        """A keyed sale charged at `counter`; `status` is the bank's answer (approved,
        declined), or `unknown` when it never came."""
        ledger = self.ledger
        with ledger.transaction():
            payment_id = ledger.new_payment(Sale.keyed(amount), at, counter).id
            charge = self._transfer(payment_id, TransferKind.WITHDRAW, amount, at)
            ledger.set_payment(payment_id, at, status="sending", method=method,
                               fintech_use_num=FINTECH)
        with ledger.transaction():
            self._answer(charge, status, at)
            ledger.set_payment(payment_id, at, status=status)
        return payment_id

    def rung_up(self, counter: str, amount: int, at: float) -> str:
        """A sale the customer walked away from: no code, no charge."""
        with self.ledger.transaction():
            return self.ledger.new_payment(Sale.keyed(amount), at, counter).id

    def refund(self, payment_id: str, amount: int, at: float,
               status: str = "approved") -> None:
        with self.ledger.transaction():
            refund = self._transfer(payment_id, TransferKind.DEPOSIT, amount, at)
        with self.ledger.transaction():
            self._answer(refund, status, at)

    def _transfer(self, payment_id: str, kind: TransferKind, amount: int, at: float) -> str:
        number = self.ledger.row("SELECT count(*) AS n FROM transfers")["n"] + 1
        bank_tran_id = f"M202200382U{number:09d}"
        self.ledger.add_transfer(payment_id, bank_tran_id, kind, amount, bank_date(at), at,
                                 0.0, "boot")
        return bank_tran_id

    def _answer(self, bank_tran_id: str, status: str, at: float) -> None:
        if status == "unknown":
            self.ledger.set_transfer(bank_tran_id, at, status="unknown")
            return
        self.ledger.set_transfer(bank_tran_id, at, status=status, rsp_code="A0000",
                                 approval_no=bank_tran_id[-8:], bank_name="KB국민은행",
                                 account_masked="385551849***", settled_at=at)
