"""Many counters on one set of books at once, each in a thread of its own with its own
connection (as kiosk processes on one SQLite file, or a chain's server processes on one
PostgreSQL database), charging the same few payers near their daily limits with seeded,
random faults: what the randomized attacks on the limits and the one-time codes run.

The fake bank is one for all; its calls are taken one at a time (it is a dict, not a bank).
The books are never held across a call to the bank, so that lock orders nothing the
database orders."""

import random
import threading
from collections import Counter, defaultdict
from contextlib import suppress
from dataclasses import dataclass, field
from unittest.mock import patch

from payments.admission import Admission
from payments.code_signing import sign_code
from payments.ledger import Ledger
from payments.money import Sale
from payments.reasons import Refused
from testbed.dst.fake_bank import OK, FakeBank, Fault
from tests.books import Books
from tests.payments.fake_counter import ISSUER, KID, KST_MIDNIGHT, FakeCounter, Time

PAYERS = {f"{n}" * 24: f"110000000{n}" for n in (1, 2, 3)}  # fintech_use_num: user_seq_no
LIMITS = {"max_per_payment": 100_000, "max_per_payer_per_day": 300_000, "max_per_day": 700_000}
FREEING = {"withdraw": [(0.10, Fault("drop", applied=True)), (0.08, Fault("drop")),
                        (0.04, Fault("late")), (0.04, Fault("renew_token")),
                        (0.04, Fault("refused"))],
           "deposit": [(0.10, Fault("drop", applied=True)), (0.05, Fault("drop"))],
           "result": [(0.2, Fault("refused"))]}
SHORT = {"3" * 24: 150_000}  # a payer the bank soon declines
KEEPING = {"withdraw": [(0.15, Fault("drop", applied=True))],  # unknown, then approved
           "result": [(0.3, Fault("refused"))]}


class SharedTime(Time):
    """The simulation's clock, turned by every counter's waits; the bank's deliveries of
    late requests under the bank's lock."""

    def __init__(self, now: float, lock: threading.Lock) -> None:
        super().__init__(now)
        self.lock = lock

    def advance(self, seconds: float) -> None:
        with self.lock:
            super().advance(seconds)


@dataclass
class Crowd:
    books: Books
    seed: int
    faults: dict[str, list[tuple[float, Fault]]]
    short: dict[str, int] = field(default_factory=dict)  # payers the bank has this much of
    counters: int = 6
    steps: int = 25
    start: float = KST_MIDNIGHT - 40  # the run crosses midnight, Korea time
    lock: threading.Lock = field(default_factory=threading.Lock)
    # what the attack saw: each code's charges committed (payment ids), the declines for a
    # daily limit (day, payer, amount, whose limit), what went wrong in a thread
    committed: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    over_limit: list[tuple[str, str, int, str]] = field(default_factory=list)
    errors: list[BaseException] = field(default_factory=list)
    opened: list[str] = field(default_factory=list)
    presented: list[tuple[str, str, str]] = field(default_factory=list)  # payload, jti, payer
    done: Counter = field(default_factory=Counter)

    def __post_init__(self) -> None:
        self.time = SharedTime(self.start, self.lock)
        self.bank = FakeBank(lambda: self.time.now, {payer: 10**9 for payer in PAYERS})
        self.time.bank = self.bank
        self.bank.balances.update(self.short)
        self.ledger = Ledger(self.books.open())

    def run(self) -> None:
        threads = [threading.Thread(target=self._counter, args=(n,))
                   for n in range(self.counters)]
        with patch.object(Admission, "_over_a_daily_limit", self._over_a_daily_limit()):
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join(120)
        assert not any(thread.is_alive() for thread in threads)
        if self.errors:
            raise self.errors[0]

    def _counter(self, number: int) -> None:
        try:
            rng = random.Random(self.seed * 1000 + number)
            kiosk = self._kiosk(rng)
            for _ in range(self.steps):
                step = rng.choices(["pay", "open", "charge", "replay", "refund", "settle",
                                    "tick"], [6, 3, 6, 2, 3, 1, 1])[0]
                getattr(self, f"_{step}")(kiosk, rng)
                self.done[step] += 1
        except BaseException as exc:  # told by run()
            self.errors.append(exc)

    def settled(self) -> None:
        """Every transfer settled by a healthy bank, once what was on its way has arrived
        and "no such transfer" may be believed."""
        self.faults = {}
        settler = self._kiosk(random.Random(self.seed))
        for _ in range(10):
            self.time.advance(60)
            settler.engine.reconcile()

    def _kiosk(self, rng: random.Random) -> FakeCounter:
        kiosk = FakeCounter(self.time, self.bank, self.books, settings=LIMITS)
        for payer, user in PAYERS.items():
            kiosk.port.enroll(kiosk.ledger, payer, user, "손님", self.time.now)
        kiosk.port._draw = lambda api: self._fault(rng, api)
        for call in ("withdraw", "deposit", "transfer_result"):
            setattr(kiosk.port, call, self._one_at_a_time(getattr(kiosk.port, call)))
        kiosk.engine.checkpoint = lambda step: step == "charge-committed" and \
            self.committed[kiosk.presenting[1]].add(kiosk.presenting[0])
        return kiosk

    def _over_a_daily_limit(self):
        """The engine's own check, and each charge it declined, as it saw it."""
        check = Admission._over_a_daily_limit

        def watched(admission, payment, fintech_use_num):
            refusal = check(admission, payment, fintech_use_num)
            if refusal is not None:
                whose = "payer" if "customer" in refusal.en else "day"
                self.over_limit.append((payment.business_date, fintech_use_num,
                                        payment.amount, whose))
            return refusal
        return watched

    def _one_at_a_time(self, call):
        def locked(*args):
            with self.lock:
                return call(*args)
        return locked

    def _fault(self, rng: random.Random, api: str) -> Fault:
        roll = rng.random()
        for chance, fault in self.faults.get(api, []):
            if roll < chance:
                return fault
            roll -= chance
        return OK

    # ------------------------------------------------------------ what a counter does

    def _pay(self, kiosk: FakeCounter, rng: random.Random) -> None:
        self._charge_with(kiosk, rng, self._open_one(kiosk, rng), self._code(rng))

    def _open(self, kiosk: FakeCounter, rng: random.Random) -> None:
        self.opened.append(self._open_one(kiosk, rng))

    def _charge(self, kiosk: FakeCounter, rng: random.Random) -> None:
        """A sale another counter may be charging at the same moment: one of the newest."""
        if self.opened:
            self._charge_with(kiosk, rng, rng.choice(self.opened[-2:]), self._code(rng))

    def _replay(self, kiosk: FakeCounter, rng: random.Random) -> None:
        if self.presented:
            self._charge_with(kiosk, rng, self._open_one(kiosk, rng),
                              rng.choice(self.presented))

    def _refund(self, kiosk: FakeCounter, rng: random.Random) -> None:
        paid = kiosk.ledger.payments(status="approved")
        if paid:
            payment = rng.choice(paid)
            amount = rng.choice([None, rng.randint(1, payment.amount)])
            with suppress(Refused):  # refunded already, or being checked: nothing sent
                kiosk.engine.refund(payment.id, amount)

    def _settle(self, kiosk: FakeCounter, rng: random.Random) -> None:
        kiosk.engine.reconcile()

    def _tick(self, kiosk: FakeCounter, rng: random.Random) -> None:
        self.time.advance(rng.uniform(0, 10))

    def _open_one(self, kiosk: FakeCounter, rng: random.Random) -> str:
        amount = rng.choice([rng.randint(1, 100) * 1000, rng.randint(90_000, 100_000)])
        return kiosk.engine.open_sale(Sale.keyed(amount))

    def _code(self, rng: random.Random) -> tuple[str, str, str]:
        payer = rng.choice(list(PAYERS))
        jti = f"{self.seed}-{rng.getrandbits(64):016x}"
        code = sign_code(ISSUER, KID, payer, now=self.time.now, jti=jti), jti, payer
        self.presented.append(code)
        return code

    def _charge_with(self, kiosk: FakeCounter, rng: random.Random, payment_id: str,
                     code: tuple[str, str, str]) -> None:
        payload, jti, _ = code
        kiosk.presenting = (payment_id, jti)
        with suppress(Refused):  # charged, or being charged, by another counter
            kiosk.engine.charge(payment_id, payload, "qr")
