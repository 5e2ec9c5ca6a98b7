"""Deterministic simulation of the payment engine: a seeded world hunting for a double charge.

After TigerBeetle's VOPR and FoundationDB's simulation testing: one seed drives everything
(which kiosk does what, every fault on every bank call, clock steps, kills, reboots), so a
failing seed replays exactly and prints the events that led to it. The real engine and the
real SQLite ledger run against the fake bank (fake_bank.py); only time is simulated.

The world: four kiosks. Kiosks a and b keep one set of books (two processes on one machine,
one ledger file), which kiosk d, on a machine of its own, shares as a chain's server
processes on several machines share its PostgreSQL: the books keep a clock of their own,
and d and the others settle each other's transfers while they may still be on their way.
Kiosk c, on a machine of its own, keeps its own books under the *same* terminal id, so its
`bank_tran_id`s collide with theirs. Six customers, one of them nearly
broke. Every bank call may meet a fault (a refused connection, a dropped answer before or
after the bank booked it, a request that arrives after the kiosk gave up, garbage, HTML
pages, JSON nested too deep, empty lists, in-doubt and refusing codes, a token to renew); a
kiosk may be killed at any checkpoint and restarted, or its machine rebooted; a machine's
clock may step a day either way and back; time is pushed to just before midnight now and
then.

The invariants (`check`), after every few steps and at the end, once a healthy bank has
answered every question:
- approved in the books ⇒ the bank booked exactly that transfer, from these books;
- declined or failed ⇒ the bank did not book it, and nothing of it is still on its way;
- no sale is charged twice; refunds at the bank never exceed their payment;
- no one-time code is accepted twice; no daily limit is exceeded;
- at the end: nothing is left unknown, and the books equal the bank's journal.
"""

import random
import shutil
import sqlite3
import tempfile
from collections import deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from payments.clock import Clock
from payments.code_signing import sign_code
from payments.codes import CodePolicy
from payments.database import open_database
from payments.engine import EngineSettings, PaymentEngine
from payments.ledger import Ledger
from payments.money import Sale
from payments.openbanking.tran_ids import BankTranIds
from payments.reasons import Refused
from testbed.dst import invariants
from testbed.dst.fake_bank import OK, FakeBank, FakeBankPort, Fault
from testbed.dst.fault_menu import FAULTS

INSTITUTION = "M202200382"
TERMINAL = "K01"  # shared by all three kiosks: the collision is the point
KID = "dst"
CONTRACT = "3020000012345"
DAY_S = 86_400.0
START = 1_795_000_000.0  # 2026-11-19, Korea time
class Killed(BaseException):
    """A kill -9 at a checkpoint: the call unwinds, open transactions roll back."""


@dataclass
class Machine:
    """What kiosk processes on one computer share: its clocks."""

    offset: float = 0.0  # its wall clock minus the true time
    boot_id: str = "boot-0"
    booted_at: float = 0.0  # its monotonic clock counts from here


@dataclass
class Kiosk:
    name: str
    books: str  # which set of books: kiosks sharing a ledger share it
    ledger: Ledger
    port: FakeBankPort
    engine: PaymentEngine
    machine: Machine


@dataclass
class Settings:
    fault_rate: float = 0.25
    kill_rate: float = 0.02
    payments: int = 2_000


@dataclass
class World:
    seed: int
    settings: Settings = field(default_factory=Settings)

    def __post_init__(self) -> None:
        self.rng = random.Random(self.seed)
        self.now = START + self.rng.uniform(0, DAY_S)
        self.history: deque[str] = deque(maxlen=80)
        self.healthy = False
        self.folder = Path(tempfile.mkdtemp(prefix="dst-", dir=_scratch()))
        self.issuer = Ed25519PrivateKey.from_private_bytes(
            self.rng.randbytes(32))
        customers = {f"{n:024d}": 10**12 for n in range(1, 6)}
        customers[f"{6:024d}"] = 30_000
        self.bank = FakeBank(lambda: self.now, {**customers})
        self.customers = sorted(customers)
        self.limits = dict(max_per_payment=200_000, max_per_payer_per_day=400_000,
                           max_per_day=4_000_000)
        self.machines: dict[str, Machine] = {}
        self.kiosks = [self._kiosk("a", "ab", "ab"), self._kiosk("b", "ab", "ab"),
                       self._kiosk("c", "c", "c"), self._kiosk("d", "ab", "d")]
        self.codes: deque[tuple[str, str]] = deque(maxlen=40)  # (payload, jti) shown lately
        # (books, jti) → the payment that took it: a code is one-time within a set of books
        self.accepted: dict[tuple[str, str], str] = {}
        # The newest approved and declined sales of each set of books: what a clerk refunds
        # or charges again.
        self.recent: dict[tuple[str, str], deque[str]] = {}
        self.charged = 0
        self.depth = 0

    # ------------------------------------------------------------ building

    def _kiosk(self, name: str, books: str, on: str) -> "Kiosk":
        """Kiosk `name` on machine `on`, keeping the books called `books`."""
        path = self.folder / f"{books}.sqlite3"
        ledger = Ledger(SharedBooks(path, lambda: self.now) if books == "ab" else _unsynced(path))
        machine = self.machines.setdefault(on, Machine(boot_id=f"boot-{on}"))
        kiosk = Kiosk(name, books, ledger, None, None, machine)  # type: ignore[arg-type]
        kiosk.port = FakeBankPort(
            self.bank, BankTranIds(_unsynced(path), INSTITUTION, TERMINAL),
            lambda: self.now + machine.offset, lambda api: self._fault(kiosk, api), books,
            # A request the kiosk gave up on (after 10 s) reaches the bank within the next
            # 4.5 s: booked within not_found_after_s (15 s) of leaving, as the engine assumes.
            late_by=lambda: self.rng.uniform(0.1, 4.5),
            before_call=lambda api: self._interleave(kiosk, api))
        for number, fin in enumerate(self.customers, start=1):
            kiosk.port.enroll(ledger, fin, f"{1100000000 + number}", f"고객{number}", self.now)
        self._restart(kiosk)
        return kiosk

    def _reboot(self, machine: Machine) -> None:
        """The machine restarts: every kiosk on it, with a new boot and monotonic clock."""
        self.advance(self.rng.uniform(60, 300))
        machine.boot_id = f"boot-{self.rng.getrandbits(32):08x}"
        machine.booted_at = self.now
        for kiosk in self.kiosks:
            if kiosk.machine is machine:
                self._restart(kiosk)

    def _restart(self, kiosk: Kiosk) -> None:
        machine = kiosk.machine
        clock = Clock(wall=lambda: self.now + machine.offset,
                      monotonic=lambda: self.now - machine.booted_at,
                      sleep=self.sleep, boot_id=machine.boot_id)
        policy = CodePolicy(True, {KID: self.issuer.public_key()})
        kiosk.engine = PaymentEngine(
            kiosk.ledger, kiosk.port,
            EngineSettings("시뮬 카페", CONTRACT, "097", policy, **self.limits),
            clock=clock, checkpoint=lambda step: self._maybe_kill(kiosk, step))

    # ------------------------------------------------------------ time and faults

    def sleep(self, seconds: float) -> None:
        self.advance(seconds)

    def advance(self, seconds: float) -> None:
        until = self.now + max(0.0, seconds)
        self.bank.arrived(until, self._set_now)
        self.now = until

    def _set_now(self, moment: float) -> None:
        self.now = max(self.now, moment)

    def _fault(self, kiosk: Kiosk, api: str) -> Fault:
        fault = OK
        if not self.healthy and self.rng.random() < self.settings.fault_rate:
            fault = self.rng.choice(FAULTS[api])
        waited = 10.0 if fault.kind in ("drop", "late") else self.rng.uniform(0.02, 0.4)
        self.advance(waited)
        if fault is not OK:
            self.log(f"{kiosk.name} {api}: {fault}")
        return fault

    def _maybe_kill(self, kiosk: Kiosk, step: str) -> None:
        if not self.healthy and self.rng.random() < self.settings.kill_rate:
            self.log(f"{kiosk.name} killed at {step}")
            raise Killed(step)

    def _interleave(self, kiosk: Kiosk, api: str) -> None:
        """While this kiosk's request is on its way, another kiosk may act."""
        if self.depth == 0 and not self.healthy and self.rng.random() < 0.1:
            self.depth += 1
            try:
                self.step(self.rng.choice([k for k in self.kiosks if k is not kiosk]))
            finally:
                self.depth -= 1

    def log(self, line: str) -> None:
        self.history.append(f"{self.now - START:12.1f}s {line}")

    # ------------------------------------------------------------ what people do

    def run(self) -> None:
        try:
            checked = 0
            while self.charged < self.settings.payments:
                self.advance(self.rng.expovariate(1 / 90))
                self.step(self.rng.choice(self.kiosks))
                if self.charged - checked >= 250:
                    checked = self.charged
                    self.check()
            self.settle_all()
            self.check(final=True)
        finally:
            for kiosk in self.kiosks:
                kiosk.ledger.close()
            shutil.rmtree(self.folder, ignore_errors=True)

    def step(self, kiosk: Kiosk) -> None:
        roll = self.rng.random()
        try:
            if roll < 0.70:
                self.charge(kiosk)
            elif roll < 0.85:
                self.refund(kiosk)
            elif roll < 0.93:
                self.log(f"{kiosk.name} reconcile")
                kiosk.engine.reconcile()
            else:
                self.disturb(kiosk)
        except Killed:
            # A whole machine reboots only between steps: the other kiosk on it is idle then.
            reboot = self.depth == 0 and self.rng.random() < 0.2
            if reboot:
                self._reboot(kiosk.machine)
            else:
                self._restart(kiosk)
            self.log(f"{kiosk.name} {'rebooted' if reboot else 'restarted'}; reconcile")
            try:
                kiosk.engine.reconcile()
            except Killed:
                self._restart(kiosk)

    def charge(self, kiosk: Kiosk) -> None:
        self.charged += 1
        payer = self.rng.choice(self.customers)
        amount = self.rng.randrange(1_000, 60_000, 100) if self.rng.random() < 0.97 \
            else self.rng.randrange(150_000, 260_000, 100)
        if kiosk.books == "c":
            # Its ids collide with a and b's. A transfer of the same account, amount, id and day
            # is the same transfer to the bank (transfer/result can tell them apart no other
            # way), so c's amounts end in 50 won: its collisions are all tellable, as unique
            # terminal ids make every real one.
            amount += 50
        payload, jti = self._payload(payer)
        payment_id = self._sale_to_charge(kiosk, amount)
        before = len(kiosk.ledger.transfers_of(payment_id))
        self.log(f"{kiosk.name} charge {payment_id} {amount:,} won, code {jti or payload[:12]}")
        try:
            result = kiosk.engine.charge(payment_id, payload, "qr")
            self.log(f"{kiosk.name} → {result.status} {result.reason.en if result.reason else ''}")
            self._remember(kiosk, result.status, payment_id)
        except Refused as refusal:
            self.log(f"{kiosk.name} → refused: {refusal.reason.en}")
        finally:
            if jti and len(kiosk.ledger.transfers_of(payment_id)) > before:
                taken = self.accepted.setdefault((kiosk.books, jti), payment_id)
                if taken != payment_id:
                    self.fail(f"code {jti} accepted for {taken} and {payment_id}")

    def _sale_to_charge(self, kiosk: Kiosk, amount: int) -> str:
        """A new sale, or now and then one that was declined, charged again."""
        if self.rng.random() < 0.1:
            declined = self._recent(kiosk, "declined")
            if declined:
                return self.rng.choice(declined)
        return kiosk.engine.open_sale(Sale.keyed(amount))

    def _remember(self, kiosk: Kiosk, status: str, payment_id: str) -> None:
        if status in ("approved", "declined"):
            self._recent(kiosk, status).append(payment_id)

    def _recent(self, kiosk: Kiosk, status: str) -> deque[str]:
        return self.recent.setdefault((kiosk.books, status), deque(maxlen=30))

    def _payload(self, payer: str) -> tuple[str, str]:
        roll = self.rng.random()
        if roll < 0.12 and self.codes:
            return self.rng.choice(self.codes)  # shown again: a replay
        if roll < 0.15:
            return payer, ""  # a static code
        if roll < 0.17:
            return "https://example.com/not-a-payment", ""
        jti = f"{self.rng.getrandbits(96):024x}"
        age = self.rng.choice([0, 0, 0, 50, 85])  # some shown in their last seconds
        payload = sign_code(self.issuer, KID, payer, now=self.now - age, ttl_s=60, jti=jti)
        self.codes.append((payload, jti))
        return payload, jti

    def refund(self, kiosk: Kiosk) -> None:
        approved = self._recent(kiosk, "approved")
        if not approved:
            return
        payment = kiosk.ledger.payment(self.rng.choice(approved))
        amount = None if self.rng.random() < 0.3 else self.rng.randrange(1, payment.amount + 1)
        self.log(f"{kiosk.name} refund {payment.id} {amount or 'all'}")
        try:
            result = kiosk.engine.refund(payment.id, amount)
            self.log(f"{kiosk.name} → {result.status}")
        except Refused as refusal:
            self.log(f"{kiosk.name} → refused: {refusal.reason.en}")

    def disturb(self, kiosk: Kiosk) -> None:
        roll = self.rng.random()
        if roll < 0.4:
            kiosk.machine.offset = self.rng.choice([-DAY_S, DAY_S, -3600.0, 600.0])
            self.log(f"{kiosk.name} clock stepped to {kiosk.machine.offset:+.0f}s")
        elif roll < 0.8:
            kiosk.machine.offset = 0.0
            self.log(f"{kiosk.name} clock corrected")
        elif self.depth == 0:
            # Never while another kiosk's request is on its way (a nested step): a request
            # leaves at once, it is not held up for hours by what happens elsewhere.
            to_midnight = DAY_S - (self.now + 9 * 3600) % DAY_S
            self.advance(max(0.0, to_midnight - self.rng.uniform(0.5, 20)))
            self.log("just before midnight")

    # ------------------------------------------------------------ the end, and the truth

    def settle_all(self) -> None:
        """The bank heals, everything on its way arrives, time passes, every kiosk settles."""
        self.healthy = True
        for machine in self.machines.values():
            machine.offset = 0.0
        self.advance(3600)
        for _ in range(3):
            for kiosk in self.kiosks:
                kiosk.engine.reconcile()
            self.advance(60)

    def check(self, final: bool = False) -> None:
        books = {k.books: k.ledger for k in self.kiosks}
        problem = invariants.violation(books, self.bank, self.limits, final)
        if problem:
            self.fail(problem)

    def fail(self, what: str) -> None:
        raise AssertionError(f"seed {self.seed}: {what}\nthe last events:\n" +
                             "\n".join(self.history))


def _unsynced(path: Path) -> sqlite3.Connection:
    """Durability is not what is simulated here (the crash matrix kills real processes):
    skipping fsync makes a simulated payment several times cheaper."""
    db = open_database(path)
    db.execute("PRAGMA synchronous=OFF")
    return db


class SharedBooks:
    """A ledger file that kiosks on several machines share, with a clock of its own (the
    true time, which never steps), as a chain's PostgreSQL has: each transfer's commit is
    stamped on it (server/migrations/0005), and a transfer from another machine is timed on
    it (payments/settling.py)."""

    clock_sql = "SELECT books_clock()"

    def __init__(self, path: Path, now: Callable[[], float]) -> None:
        self._db = _unsynced(path)
        self._db.create_function("books_clock", 0, now)
        self._db.execute(
            "CREATE TRIGGER IF NOT EXISTS stamped_on_the_books_clock AFTER INSERT ON transfers "
            "BEGIN UPDATE transfers SET sent_books_at = books_clock() "
            "WHERE rowid = new.rowid; END")

    def execute(self, sql: str, params: Sequence[Any] = (), /) -> sqlite3.Cursor:
        return self._db.execute(sql, params)

    def close(self) -> None:
        self._db.close()


def _scratch() -> str | None:
    """Ledgers in memory-backed /dev/shm where there is one: fsync costs nothing there."""
    return "/dev/shm" if Path("/dev/shm").is_dir() else None

