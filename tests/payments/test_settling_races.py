"""Two settlers of one transfer (a kiosk waiting for its answer, and `reconcile` in another
process, or a chain's settling thread): whichever writes last must not undo what the bank
said first. Run on both databases (tests/books.py), the second settler in a thread that is
held inside its question to the bank while the first one goes on."""

import threading

import pytest

from payments.ledger import TransferStatus
from payments.reasons import Refused
from testbed.dst.fake_bank import Fault
from tests.payments.fake_counter import PAYER, FakeCounter, Time, fake_bank

pytestmark = pytest.mark.integration  # a second settler, in a thread


class HeldQuestion:
    """Runs `reconcile` of `kiosk` in a thread whose question to the bank is held until
    `release`, then meets `fault`."""

    def __init__(self, kiosk: FakeCounter, fault: Fault) -> None:
        self.asking, self.go = threading.Event(), threading.Event()
        kiosk.script(result=[fault])
        kiosk.port._before_call = lambda api: (self.asking.set(), self.go.wait(10))
        self.thread = threading.Thread(target=kiosk.engine.reconcile)

    def start(self) -> None:
        self.thread.start()
        assert self.asking.wait(10)

    def release(self) -> None:
        self.go.set()
        self.thread.join(10)
        assert not self.thread.is_alive()


def test_a_late_failed_question_never_reopens_a_declined_charge_of_a_sale_paid_since(books):
    """A charge is declined; the customer pays the same sale at once with another code and
    is charged. A `reconcile` that read the first charge while it was still on its way, and
    whose question the bank refused, must not write it back to `unknown`: settled again
    later, it would take the sale for declined while the bank has the second charge, and
    the sale could be charged a third time."""
    time = Time()
    bank = fake_bank(time)
    kiosk = FakeCounter(time, bank, books)
    reconcile = HeldQuestion(FakeCounter(time, bank, books), Fault("refused"))
    bank.balances[PAYER] = 5000  # too little for the first charge
    held = []

    def reconcile_while_on_its_way(step: str) -> None:
        if step == "charge-committed" and not held:
            held.append(step)
            reconcile.start()

    kiosk.engine.checkpoint = reconcile_while_on_its_way
    first = kiosk.pay(9000)
    assert first.status == "declined"
    bank.balances[PAYER] = 10**9
    second = kiosk.engine.charge(first.payment_id, kiosk.code(), "qr")
    assert second.status == "approved" and kiosk.moved() == 9000
    reconcile.release()
    kiosk.engine.reconcile()
    assert kiosk.engine.result(first.payment_id).status == "approved"
    assert kiosk.ledger.transfer(first.bank_tran_id).status is TransferStatus.DECLINED
    assert kiosk.ledger.spending(kiosk.engine.business_date(), PAYER) == (9000, 9000)
    with pytest.raises(Refused, match="already paid"):
        kiosk.engine.charge(first.payment_id, kiosk.code(), "qr")
    assert kiosk.moved() == 9000


def test_a_late_question_never_turns_an_approved_charge_back_to_unknown(books):
    """The kiosk records the bank's approval; a `reconcile` that asked before the bank had
    booked it ("no such transfer" yet) must leave it approved."""
    time = Time()
    bank = fake_bank(time)
    kiosk = FakeCounter(time, bank, books)
    reconcile = HeldQuestion(FakeCounter(time, bank, books), Fault("code", code="A0013"))
    kiosk.engine.checkpoint = lambda step: step == "charge-committed" and reconcile.start()
    paid = kiosk.pay(9000)
    assert paid.status == "approved"
    reconcile.release()
    assert kiosk.engine.result(paid.payment_id).status == "approved"
    assert kiosk.ledger.transfer(paid.bank_tran_id).status is TransferStatus.APPROVED
    assert kiosk.ledger.open_transfers() == []
