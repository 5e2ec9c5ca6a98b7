"""A seeded simulation hunts for a double or lost charge between terminals and the server:
requests and answers lost on the way, the bank failing under them, refunds at any counter.
Whatever happens, once every terminal has asked about its waiting requests:
- the chain's books equal the bank's journal (checked by the `chain` fixture),
- no terminal waits on a request any more,
- each terminal's copy of a payment says what the chain's books say,
- no payment was charged twice, and no customer code was accepted twice."""

import contextlib
import random

import pytest

from payments.enrollment import complete_enrollment
from payments.ledger import TransferStatus
from payments.reasons import Refused
from testbed.consent import auto_consent
from tests.conftest import accounts, demo_code, set_faults

BANK_FAULTS = [
    {"api": "withdraw", "fault": "drop", "apply": True, "probability": 0.15},
    {"api": "deposit", "fault": "drop", "apply": True, "probability": 0.15},
    {"api": "withdraw", "fault": "http_error", "code": "502", "probability": 0.1},
    {"api": "result", "fault": "http_error", "code": "503", "probability": 0.2},
]


def enroll_everyone(chain) -> list[str]:
    """Every demo customer, enrolled in the chain's books; their fintech numbers."""
    customers = [a for a in accounts(chain.bank) if not a["merchant"]]
    for account in customers:
        code = auto_consent(chain.chain.client.authorize_url(), account["user_seq_no"])
        complete_enrollment(chain.chain.client, chain.chain.ledger, code)
    return [a["fintech_use_num"] for a in customers]


@pytest.mark.slow
@pytest.mark.parametrize("seed", [1, 2, 3])
def test_no_charge_is_lost_or_doubled_whatever_the_network_and_the_bank_do(chain, seed):
    rng = random.Random(seed)
    payers = enroll_everyone(chain)
    counters = [chain.terminal(f"c{n}", deadline_s=1.0, poll_s=0.05) for n in range(3)]
    for counter in counters:
        counter.transport.chance, counter.transport.odds = random.Random(seed * 10 + 1), 0.3
    set_faults(chain.bank, *BANK_FAULTS)
    codes_used: dict[str, str] = {}
    sales = []  # (counter, the payment id or request key it was told)
    for _ in range(40):
        counter = rng.choice(counters)
        approved = chain.chain.ledger.payments(status="approved")
        if approved and rng.random() < 0.25:
            with contextlib.suppress(Refused):
                counter.engine.refund(rng.choice(approved).id, rng.choice([None, 500]))
            continue
        payer = rng.choice(payers)
        # A static code half the time: only the request key, not a one-time code, then
        # keeps a retried sale from being charged twice.
        code = demo_code(payer) if rng.random() < 0.5 else payer
        result = counter.pay(rng.randrange(1, 30) * 500, code)
        sales.append((counter, result.payment_id))
        if result.status == "approved" and code != payer:
            assert code not in codes_used, "a code accepted twice"
            codes_used[code] = result.payment_id
    set_faults(chain.bank)
    for counter in counters:
        counter.transport.odds = 0.0
        counter.engine.reconcile()
        chain.chain.settle()
        counter.engine.reconcile()
        assert counter.engine.outbox.waiting() == []
        for kept in counter.engine.ledger.payments():
            books = chain.chain.ledger.payment(kept.id)
            assert books is not None and books.status == kept.status, kept.id
    # What the counters were told, once they asked again, is what the books charged.
    believed = sum(result.amount for result in (c.engine.result(ref) for c, ref in sales)
                   if result.status == "approved")
    charged = sum(t.amount for t in chain.chain.ledger.transfers(TransferStatus.APPROVED)
                  if t.kind == "withdraw")
    assert believed == charged
