"""The approval number a person reads out: eight digits, the same every time, never a guess."""

import pytest

from payments.approval import approval_code, find_transfer
from payments.reasons import Refused
from tests.conftest import demo_code
from tests.payments.conftest import COFFEE


def test_eight_digits_the_same_every_time():
    code = approval_code("0B2107FC71C543908319")
    assert len(code) == 8 and code.isdigit() and code == approval_code("0B2107FC71C543908319")
    assert code != approval_code("0B2107FC71C543908318") and approval_code("") == ""


def two_ids_with_one_code() -> tuple[str, str]:
    """Bank ids whose eight digits agree: found by the birthday bound in some 10^4 tries."""
    seen: dict[str, str] = {}
    for n in range(1_000_000):
        bank_id = f"{n:020X}"
        code = approval_code(bank_id)
        if code in seen:
            return seen[code], bank_id
        seen[code] = bank_id
    raise AssertionError("no two ids shared eight digits")


def test_a_code_shared_by_two_transfers_is_refused_not_guessed(engine, minjun):
    paid = engine.pay(COFFEE, demo_code(minjun), "qr")
    other = engine.pay(COFFEE, demo_code(minjun), "qr")
    code = approval_code(paid.approval_no)
    found = find_transfer(engine.ledger, f"{code[:4]}-{code[4:]}")  # as a person types it
    assert found.bank_tran_id == paid.bank_tran_id
    first, second = two_ids_with_one_code()
    with engine.ledger.transaction():
        engine.ledger.set_transfer(paid.bank_tran_id, 0.0, approval_no=first)
        engine.ledger.set_transfer(other.bank_tran_id, 0.0, approval_no=second)
    with pytest.raises(Refused, match="belongs to 2 transfers"):
        find_transfer(engine.ledger, approval_code(first))
    assert find_transfer(engine.ledger, second).bank_tran_id == other.bank_tran_id
