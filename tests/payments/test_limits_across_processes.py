"""Separate processes on one set of books (kiosk processes on one SQLite file, a chain's
server processes on one PostgreSQL database), released together by a barrier round after
round: the same signed code presented at every one of them at the same instant, and fresh
codes of one payer near the daily limits. Nothing fails at the bank here, so the day's
totals only grow: a charge declined for a limit must not fit under the final totals, and
none may pass one."""

import multiprocessing
import random
import traceback
from collections import Counter, defaultdict

import pytest

from payments.code_signing import sign_code
from payments.ledger import Ledger
from payments.money import Sale
from payments.reasons import Refused
from tests.books import Books, totals_off
from tests.payments.crowd import LIMITS, PAYERS
from tests.payments.fake_counter import ISSUER, KID, KST_MIDNIGHT, FakeCounter, Time, fake_bank

pytestmark = pytest.mark.integration  # processes

PROCESSES, ROUNDS = 3, 24


def counter_process(books: Books, number: int, seed: int, barrier, sale, results) -> None:
    """What one process saw, or why it stopped (the others then stop at the barrier)."""
    try:
        results.put(counter_rounds(books, number, seed, barrier, sale))
    except BaseException:
        barrier.abort()
        results.put(traceback.format_exc())


def counter_rounds(books: Books, number: int, seed: int, barrier, sale) -> tuple:
    """One process: a counter of its own on the shared books, and a bank of its own (the
    ids it sends are the books' own, so the banks' journals never clash). In some rounds
    every process charges the one sale the first opened (`sale`), each with its own code."""
    time = Time(KST_MIDNIGHT - 20)  # the rounds cross midnight, Korea time
    kiosk = FakeCounter(time, fake_bank(time), books, settings=LIMITS)
    for payer, user in PAYERS.items():
        kiosk.port.enroll(kiosk.ledger, payer, user, "손님", time.now)
    rng = random.Random(seed * 100 + number)
    seen = []
    for round_ in range(ROUNDS):
        shared = random.Random(seed * 1000 + round_)  # what every process draws alike
        payer = shared.choice(list(PAYERS))
        jti = f"attack-{seed:04d}-{round_:04d}"  # 16 characters at least, as codes.py asks
        if shared.random() < 0.5:
            jti += f"-{number}"  # this process's own code
        amount = rng.choice([rng.randint(1, 100) * 1000, rng.randint(90_000, 100_000)])
        one_sale = shared.random() < 0.3
        if not one_sale or number == 0:
            payment_id = kiosk.engine.open_sale(Sale.keyed(amount))
            sale.value = payment_id.encode()
        payload = sign_code(ISSUER, KID, payer, now=time.now, jti=jti)
        barrier.wait(30)
        if one_sale:
            payment_id = sale.value.decode()
        barrier.wait(30)
        try:
            result = kiosk.engine.charge(payment_id, payload, "qr")
            seen.append((payment_id, jti, payer, result.status, result.reason.en))
        except Refused:
            pass  # another process charged the one sale first
        time.advance(2)
    kiosk.ledger.close()
    return seen, [entry for entry in kiosk.bank.journal.values() if entry.applied]


@pytest.mark.parametrize("seed", [5, 6])
def test_processes_at_the_same_instant_accept_a_code_once_and_fit_the_limits_exactly(
        books, seed):
    books.at()  # made (and migrated) once, before the processes open it
    spawn = multiprocessing.get_context("spawn")
    barrier, sale, results = spawn.Barrier(PROCESSES), spawn.Array("c", 32), spawn.Queue()
    processes = [spawn.Process(target=counter_process,
                               args=(books, number, seed, barrier, sale, results))
                 for number in range(PROCESSES)]
    for process in processes:
        process.start()
    outcomes = [results.get(timeout=120) for _ in processes]
    failed = [outcome for outcome in outcomes if isinstance(outcome, str)]
    assert not failed, failed[0]
    for process in processes:
        process.join(30)
        assert process.exitcode == 0
    seen = [charge for charges, _ in outcomes for charge in charges]
    journal = [entry for _, entries in outcomes for entry in entries]
    ledger = Ledger(books.open())

    charged = defaultdict(set)
    for payment_id, jti, _, status, _ in seen:
        if status == "approved":
            charged[jti].add(payment_id)
    assert all(len(sales) == 1 for sales in charged.values()), charged
    assert sum(1 for *_, reason in seen if "already used" in reason) >= ROUNDS // 4, seen
    approved = [t for t in ledger.transfers() if t.status == "approved"]
    assert {e.bank_tran_id for e in journal} == {t.bank_tran_id for t in approved}
    assert len({t.payment_id for t in approved}) == len(approved), "a sale charged twice"
    assert totals_off(ledger) == 0

    counted = Counter()
    for payment in ledger.payments(status="approved"):
        counted[payment.business_date, payment.fintech_use_num] += payment.amount
        counted[payment.business_date, "*"] += payment.amount
    for (day, payer), total in counted.items():
        limit = LIMITS["max_per_day" if payer == "*" else "max_per_payer_per_day"]
        assert total <= limit, f"{payer[-4:]} took {total:,} won on {day}"
    over = [(payment_id, payer, reason) for payment_id, _, payer, status, reason in seen
            if status == "declined" and "daily limit" in reason]
    assert over, "no round reached a limit: make it harder"
    for payment_id, payer, reason in over:
        payment = ledger.payment(payment_id)
        whose = payer if "customer" in reason else "*"
        limit = LIMITS["max_per_payer_per_day" if whose == payer else "max_per_day"]
        assert counted[payment.business_date, whose] + payment.amount > limit, \
            f"{payment_id} declined ({reason}) though it fits"
    ledger.close()
