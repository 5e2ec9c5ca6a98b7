"""A terminal keeps a copy of its payments as the chain's books have them (Ledger.keep_copy),
whichever version of the server sent them."""

from payments.ledger import Ledger
from tests.payments.chain_books import ChainBooks, kst


def test_a_copy_from_a_server_of_the_version_before_is_kept_without_the_books_clock(tmp_path):
    """A server not yet upgraded sends transfers without `sent_books_at` (migration 0005):
    the terminal keeps them all the same, and a receipt reads them."""
    chain = Ledger(tmp_path / "chain.sqlite3")
    payment_id = ChainBooks(chain).sale("A", "qr", 4500, kst("2026-11-21", 10))
    payment = chain.row("SELECT * FROM payments WHERE id = ?", (payment_id,))
    transfers = chain.rows("SELECT * FROM transfers WHERE payment_id = ?", (payment_id,))
    for transfer in transfers:
        del transfer["sent_books_at"]

    terminal = Ledger(tmp_path / "terminal.sqlite3")
    terminal.keep_copy(payment, transfers)

    [kept] = terminal.transfers_of(payment_id)
    assert (kept.amount, kept.status, kept.sent_books_at) == (4500, "approved", None)
