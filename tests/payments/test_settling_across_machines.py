"""A chain's server processes on several machines settle each other's transfers (a
terminal's retry reaches another process, which finds the charge it asks about on its way).
A transfer sent from another machine was timed on that machine's clock that never steps,
which this one cannot read: "the bank has no such transfer" is believed only once the
books' own clock (PostgreSQL's, one for every machine) says the bank has had its time."""

from collections.abc import Iterator

import pytest

from payments.ledger import TransferStatus
from tests.books import Books
from tests.payments.fake_counter import FakeCounter, Time, fake_bank

pytestmark = pytest.mark.integration  # a real PostgreSQL


@pytest.fixture
def chain(tmp_path, postgres_server) -> Iterator[Books]:
    books = Books("postgresql", tmp_path, postgres_server)
    yield books
    books.close()


def on_machine(time: Time, bank, chain: Books, machine: str) -> FakeCounter:
    """A server process on `machine`: its own boot, the chain's one set of books."""
    return FakeCounter(time, bank, chain, boot_id=machine)


def test_a_charge_on_its_way_from_another_machine_is_not_taken_for_never_made(chain):
    """Machine B asks about a charge machine A has committed but not yet sent. The bank has
    no such transfer yet; B must not write it down as never made, or A's charge, approved a
    moment later, would be money moved that the books call declined."""
    time = Time()
    bank = fake_bank(time)
    a = on_machine(time, bank, chain, "machine-a")
    b = on_machine(time, bank, chain, "machine-b")
    asked = []

    def b_asks_meanwhile(step: str) -> None:
        if step == "charge-committed" and not asked:
            asked.append(b.engine.reconcile())

    a.engine.checkpoint = b_asks_meanwhile
    result = a.pay(9000)

    assert list(asked[0].values()) == [TransferStatus.UNKNOWN]
    assert result.status == "approved"
    assert a.moved() == 9000


def test_a_transfer_from_another_machine_that_never_arrived_is_settled_once_its_time_has_passed(
        chain):
    """A process on machine A was killed between committing a charge and sending it. B
    leaves it unknown while the books' clock says the request could still be on its way, and
    writes it down as never made once it cannot be: never stuck for good."""
    time = Time()
    bank = fake_bank(time)
    a = on_machine(time, bank, chain, "machine-a")
    b = on_machine(time, bank, chain, "machine-b")

    def killed(step: str) -> None:
        if step == "charge-committed":
            raise SystemExit("killed")

    a.engine.checkpoint = killed
    with pytest.raises(SystemExit):
        a.pay(9000)
    [transfer] = b.ledger.open_transfers()
    assert b.engine.reconcile() == {transfer.bank_tran_id: TransferStatus.UNKNOWN}

    settings = b.engine.settings
    waited = settings.not_found_after_s + settings.call_limit_s
    b.ledger.db.execute("UPDATE transfers SET sent_books_at = sent_books_at - ? "
                        "WHERE bank_tran_id = ?", (waited, transfer.bank_tran_id))
    assert b.engine.reconcile() == {transfer.bank_tran_id: TransferStatus.DECLINED}
    assert a.moved() == 0
