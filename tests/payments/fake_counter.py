"""A kiosk's engine on the in-process fake bank, with scripted faults and a clock the test
turns: the engine's rules tested in milliseconds, without HTTP."""

from collections import deque
from dataclasses import dataclass, field

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from payments.clock import Clock
from payments.code_signing import sign_code
from payments.codes import CodePolicy
from payments.engine import EngineSettings, PaymentEngine
from payments.ledger import Ledger
from payments.money import Sale
from payments.openbanking.tran_ids import BankTranIds
from testbed.dst.fake_bank import OK, FakeBank, FakeBankPort, Fault
from tests.books import Books

KID = "test"
ISSUER = Ed25519PrivateKey.from_private_bytes(bytes(range(32)))
PAYER = "1" * 24
USER = "1100000001"
KST_MIDNIGHT = 1_795_186_800.0  # 2026-11-21 00:00 Korea time


@dataclass
class Time:
    """True time; each kiosk's wall clock is this plus its offset."""

    now: float = KST_MIDNIGHT - 3600
    bank: FakeBank | None = None

    def advance(self, seconds: float) -> None:
        until = self.now + seconds
        if self.bank is not None:
            self.bank.arrived(until, lambda moment: setattr(self, "now", max(self.now, moment)))
        self.now = until


@dataclass
class FakeCounter:
    """One kiosk: its ledger, its connection to the fake bank, its engine."""

    time: Time
    bank: FakeBank
    books: Books
    name: str = "ledger"  # the books it keeps: two counters of one name share them
    terminal_id: str = "K01"
    origin: str = "kiosk"
    offset: float = 0.0  # the kiosk's wall clock minus the true time
    faults: dict[str, deque[Fault]] = field(default_factory=dict)
    settings: dict = field(default_factory=dict)
    late_by: float = 1.0
    boot_id: str = "boot"  # its machine's boot: another one's clock that never steps is not its own

    def __post_init__(self) -> None:
        self.ledger = Ledger(self.books.open(self.name))
        self.port = FakeBankPort(
            self.bank, BankTranIds(self.books.open(self.name), "M202200382", self.terminal_id),
            self.wall, self._draw, self.origin, late_by=lambda: self.late_by)
        self.port.enroll(self.ledger, PAYER, USER, "김민준", self.time.now)
        self.engine = PaymentEngine(
            self.ledger, self.port,
            EngineSettings("데모 카페", "3020000012345", "097",
                           CodePolicy(True, {KID: ISSUER.public_key()}),
                           result_deadline_s=45, result_poll_s=3, **self.settings),
            clock=Clock(wall=self.wall, monotonic=lambda: self.time.now,
                        sleep=self.time.advance, boot_id=self.boot_id))

    def wall(self) -> float:
        return self.time.now + self.offset

    def _draw(self, api: str) -> Fault:
        script = self.faults.get(api)
        return script.popleft() if script else OK

    def script(self, **faults: list[Fault]) -> None:
        """The next calls of each API meet these faults, in order; then all goes well."""
        self.faults = {api: deque(listed) for api, listed in faults.items()}

    def code(self, age_s: float = 0, jti: str | None = None, **kwargs) -> str:
        return sign_code(ISSUER, KID, PAYER, now=self.time.now - age_s, jti=jti, **kwargs)

    def pay(self, amount: int = 9000, payload: str | None = None):
        return self.engine.pay(Sale.keyed(amount), payload or self.code(), "qr")

    def moved(self) -> int:
        """What the bank has booked from this kiosk: charges minus refunds, in won."""
        return sum(e.amount if e.kind == "withdraw" else -e.amount
                   for e in self.bank.applied() if e.origin == self.origin)


def fake_bank(time: Time) -> FakeBank:
    bank = FakeBank(lambda: time.now, {PAYER: 10**9})
    time.bank = bank
    return bank
