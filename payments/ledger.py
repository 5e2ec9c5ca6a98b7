"""The kiosk's books: payments, the transfers that pay and refund them, and an event log.

Every state change is written together with its event in one transaction, and a transfer's
`bank_tran_id`, date and amount are committed before its request leaves the kiosk, so that
after a crash the books say what may have happened and `reconcile` can find out.

Rows come out typed (`Payment`, `Transfer`, `Customer`), with statuses from one vocabulary.
The charge path writes with plain SQL: sqlite-utils' `insert` and `update` look the table's
schema up on every call, about a hundred statements per charge (see docs/benchmarks.md).
"""

import json
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, fields
from enum import StrEnum
from pathlib import Path
from typing import Any, Self

from payments.database import Connection, connection_lock, open_database, write_transaction
from payments.koreatime import business_date, now_kst
from payments.money import Sale

# How many used one-time codes are remembered. A code is forgotten only once this many newer
# ones have been seen, never by the clock: a clock stepped forward and back again must not
# bring a used code back to life. At a thousand payments a day that is over half a year,
# far beyond any code's five-minute life.
SEEN_CODES_KEPT = 200_000


class PaymentStatus(StrEnum):
    NEW = "new"  # rung up, no code presented yet
    SENDING = "sending"  # a charge is committed and on its way to the bank
    APPROVED = "approved"
    DECLINED = "declined"  # nothing was charged
    UNKNOWN = "unknown"  # the bank has not said yet: being settled, never charged again
    ERROR = "error"  # the kiosk could not charge (its own configuration); nothing charged


class TransferStatus(StrEnum):
    SENDING = "sending"
    APPROVED = "approved"
    DECLINED = "declined"
    UNKNOWN = "unknown"
    FAILED = "failed"  # refused before the bank did anything (format, token, id): no money


class TransferKind(StrEnum):
    WITHDRAW = "withdraw"  # a charge
    DEPOSIT = "deposit"  # a refund


OPEN = (TransferStatus.SENDING, TransferStatus.UNKNOWN)  # what the bank has not yet told us


class _Row:
    _columns: tuple[str, ...] = ()

    @classmethod
    def columns(cls) -> tuple[str, ...]:
        if not cls._columns:
            cls._columns = tuple(f.name for f in fields(cls))  # type: ignore[arg-type]
        return cls._columns

    @classmethod
    def from_row(cls, row: Mapping[str, Any]) -> Self:
        return cls(**{name: row[name] for name in cls.columns()})  # type: ignore[call-arg]


@dataclass(frozen=True)
class Payment(_Row):
    id: str  # YYYYMMDD-NNNN, the day's sequence
    created_at: float
    business_date: str
    hour: int
    items: str  # JSON line items
    amount: int
    supply_value: int
    vat: int
    method: str
    fintech_use_num: str
    status: PaymentStatus
    reason_ko: str
    reason_en: str
    counter: str  # the counter that rang it up, on a chain's books; "" on a kiosk's own

    def __post_init__(self) -> None:
        object.__setattr__(self, "status", PaymentStatus(self.status))

    def line_items(self) -> list[dict]:
        return json.loads(self.items)


@dataclass(frozen=True)
class Transfer(_Row):
    bank_tran_id: str
    payment_id: str
    kind: TransferKind
    amount: int
    bank_tran_date: str  # YYYYMMDD, the bank's date as the kiosk knew it when sending
    sent_at: float
    # By when the request had surely left (the end of the call that sent it; while that call
    # never ended, when it was committed), on the clock that never steps, in boot `boot_id`.
    sent_monotonic: float | None
    boot_id: str
    # When it was committed on the books' own clock, where machines share the books (a
    # chain's PostgreSQL sets it); None on books that one machine keeps.
    sent_books_at: float | None
    business_date: str
    hour: int
    status: TransferStatus
    rsp_code: str
    bank_rsp_code: str
    approval_no: str
    account_masked: str
    bank_name: str
    reason_ko: str
    reason_en: str
    settled_at: float | None
    request_key: str  # the terminal's idempotency key of the request that made it, if any

    def __post_init__(self) -> None:
        object.__setattr__(self, "status", TransferStatus(self.status))
        object.__setattr__(self, "kind", TransferKind(self.kind))

    @property
    def is_open(self) -> bool:
        return self.status in OPEN


@dataclass(frozen=True)
class Customer(_Row):
    fintech_use_num: str
    user_seq_no: str
    holder_name: str
    bank_code_std: str
    bank_name: str
    account_num_masked: str
    enrolled_at: float


CUSTOMER_FIELDS = tuple(f.name for f in fields(Customer) if f.name != "enrolled_at")


class Ledger:
    def __init__(self, source: Path | str | Connection) -> None:
        """`source` is a SQLite file (a kiosk's own books) or an open connection to the
        books (a chain's server on PostgreSQL)."""
        self.db = open_database(source) if isinstance(source, Path | str) else source
        self._lock = connection_lock(self.db)

    def close(self) -> None:
        self.db.close()

    @contextmanager
    def transaction(self, exclusive: bool = True) -> Iterator[Connection]:
        """`exclusive=False`: see payments.database.write_transaction."""
        with write_transaction(self.db, self._lock, exclusive):
            yield self.db

    def rows(self, sql: str, params: tuple = ()) -> list[dict]:
        return [dict(row) for row in self._fetch(sql, params)]

    def _fetch(self, sql: str, params: tuple = ()) -> list[Any]:
        with self._lock:
            return self.db.execute(sql, params).fetchall()

    def row(self, sql: str, params: tuple = ()) -> dict | None:
        found = self.rows(sql, params)
        return found[0] if found else None

    # ------------------------------------------------------------ writing (in a transaction)

    def _insert(self, table: str, row: dict) -> None:
        columns = ", ".join(row)
        self.db.execute(f"INSERT INTO {table} ({columns}) VALUES "
                           f"({', '.join('?' * len(row))})", tuple(row.values()))

    def event(self, payment_id: str, event: str, at: float, bank_tran_id: str = "",
              **detail: Any) -> None:
        self._insert("events", {"at": at, "payment_id": payment_id,
                                "bank_tran_id": bank_tran_id, "event": event,
                                "detail": json.dumps(detail, ensure_ascii=False)})

    def new_payment(self, sale: Sale, at: float, counter: str = "") -> Payment:
        moment = now_kst(at)
        day = moment.strftime("%Y%m%d")
        # The day's row is the lock that numbers sales one at a time: no two writers take
        # the same number, and nobody waits on a lock for the whole books.
        [(number,)] = self.db.execute(
            "INSERT INTO payment_numbers (day, last) VALUES (?, 1) ON CONFLICT (day) "
            "DO UPDATE SET last = payment_numbers.last + 1 RETURNING last", (day,)).fetchall()
        payment = Payment(
            id=f"{day}-{number:04d}", created_at=at, business_date=business_date(at),
            hour=moment.hour, items=json.dumps(sale.to_json(), ensure_ascii=False),
            amount=sale.total, supply_value=sale.supply_value, vat=sale.vat, method="",
            fintech_use_num="", status=PaymentStatus.NEW, reason_ko="", reason_en="",
            counter=counter)
        self._insert("payments", {name: getattr(payment, name) for name in Payment.columns()})
        self.event(payment.id, "opened", at, amount=sale.total)
        return payment

    def set_payment(self, payment_id: str, at: float, *, while_uncharged: bool = False,
                    **fields: Any) -> bool:
        """Whether the payment was changed: with `while_uncharged`, only one that is not
        charged or being charged (new, declined, error) is, so that of two writers racing to
        charge one payment only the first does. The event goes first: a writer that marks a
        payment `sending` holds its payer's and the day's spending rows (the triggers of
        `daily_spent`) from that moment to its commit, and that should be short."""
        self.event(payment_id, f"payment {fields.get('status', 'changed')}", at,
                   **{k: v for k, v in fields.items() if k != "status"})
        assignments = ", ".join(f"{name} = ?" for name in fields)
        unless = " AND status NOT IN ('sending', 'unknown', 'approved')" if while_uncharged \
            else ""
        return self.db.execute(f"UPDATE payments SET {assignments} WHERE id = ?{unless}",
                               (*fields.values(), payment_id)).rowcount == 1

    def add_transfer(self, payment_id: str, bank_tran_id: str, kind: TransferKind,
                     amount: int, bank_tran_date: str, at: float, monotonic: float,
                     boot_id: str, request_key: str = "") -> None:
        moment = now_kst(at)
        self._insert("transfers", {
            "bank_tran_id": bank_tran_id, "payment_id": payment_id, "kind": kind,
            "amount": amount, "bank_tran_date": bank_tran_date, "sent_at": at,
            "sent_monotonic": monotonic, "boot_id": boot_id,
            "business_date": business_date(at), "hour": moment.hour,
            "status": TransferStatus.SENDING, "request_key": request_key})
        self.event(payment_id, f"{kind} sending", at, bank_tran_id, amount=amount,
                   bank_tran_date=bank_tran_date)

    def set_transfer(self, bank_tran_id: str, at: float, *, while_open: bool = False,
                     **fields: Any) -> Transfer | None:
        """The transfer as it is now; None if `while_open` and it was settled: left as it is."""
        unless = " AND status IN ('sending', 'unknown')" if while_open else ""
        rows = self.db.execute(f"UPDATE transfers SET {', '.join(f'{name} = ?' for name in fields)}"
                               f" WHERE bank_tran_id = ?{unless} RETURNING *",
                               (*fields.values(), bank_tran_id)).fetchall()
        if not rows:
            return None
        transfer = Transfer.from_row(rows[0])
        self.event(transfer.payment_id, f"{transfer.kind} {fields.get('status', 'changed')}",
                   at, bank_tran_id, **{k: v for k, v in fields.items() if k != "status"})
        return transfer

    def remember_code(self, jti: str, forget_after: float) -> bool:
        """True the first time a signed code's `jti` is seen; False ever after (until
        SEEN_CODES_KEPT newer codes have been seen: see there why not by the clock)."""
        inserted = self.db.execute(
            "INSERT INTO seen_codes (jti, forget_after) VALUES (?, ?) ON CONFLICT DO NOTHING "
            "RETURNING rowid", (jti, forget_after)).fetchone()
        if inserted is not None and inserted[0] % 1000 == 0:
            self.db.execute("DELETE FROM seen_codes WHERE rowid <= ?",
                            (inserted[0] - SEEN_CODES_KEPT,))
        return inserted is not None

    def code_seen(self, jti: str) -> bool:
        return self.row("SELECT 1 FROM seen_codes WHERE jti = ?", (jti,)) is not None

    def add_customer(self, account: dict, at: float) -> None:
        """Enrolled, or enrolled again (a new consent): the newest details win."""
        row = {name: account[name] for name in CUSTOMER_FIELDS} | {"enrolled_at": at}
        updates = ", ".join(f"{name} = excluded.{name}" for name in row
                            if name != "fintech_use_num")
        self.db.execute(f"INSERT INTO customers ({', '.join(row)}) VALUES "
                        f"({', '.join('?' * len(row))}) ON CONFLICT (fintech_use_num) "
                        f"DO UPDATE SET {updates}", tuple(row.values()))

    def keep_copy(self, payment: dict, transfers: list[dict]) -> None:
        """A terminal's copy of one payment as the chain's books have it, so its receipts
        and its day's report work while the server is away (docs/server.md)."""
        rows = [("payments", "id", {f.name: payment[f.name] for f in fields(Payment)})]
        # A server of the version before sends no `sent_books_at`: the copy has none then.
        rows += [("transfers", "bank_tran_id",
                  {f.name: t[f.name] for f in fields(Transfer) if f.name in t})
                 for t in transfers]
        for table, key, row in rows:
            updates = ", ".join(f"{name} = excluded.{name}" for name in row if name != key)
            self.db.execute(f"INSERT INTO {table} ({', '.join(row)}) VALUES "
                            f"({', '.join('?' * len(row))}) ON CONFLICT ({key}) DO UPDATE "
                            f"SET {updates}", tuple(row.values()))

    def drop_others_copies(self, business_date: str, counter: str) -> None:
        """Forget the copies of another counter's payments of a day (one this terminal
        refunded, for its receipt): this counter's report counts its own sales only."""
        others = ("SELECT id FROM payments WHERE business_date = ? AND counter != '' AND "
                  "counter != ?")
        self.db.execute(f"DELETE FROM transfers WHERE payment_id IN ({others})",
                        (business_date, counter))
        self.db.execute(f"DELETE FROM payments WHERE id IN ({others})", (business_date, counter))

    # ------------------------------------------------------------ reading

    def payment(self, payment_id: str) -> Payment | None:
        found = self.row("SELECT * FROM payments WHERE id = ?", (payment_id,))
        return Payment.from_row(found) if found else None

    def last_payment_id(self, status: str | None = None) -> str | None:
        where = "WHERE status = ?" if status else ""
        found = self.row(f"SELECT id FROM payments {where} ORDER BY created_at DESC, id DESC "
                         "LIMIT 1", (status,) if status else ())
        return found["id"] if found else None

    def transfer(self, bank_tran_id: str) -> Transfer:
        found = self.row("SELECT * FROM transfers WHERE bank_tran_id = ?", (bank_tran_id,))
        if found is None:
            raise KeyError(f"no transfer {bank_tran_id}")
        return Transfer.from_row(found)

    def transfers_of(self, payment_id: str) -> list[Transfer]:
        return [Transfer.from_row(row) for row in self._fetch(
            "SELECT * FROM transfers WHERE payment_id = ? ORDER BY sent_at, rowid",
            (payment_id,))]

    def transfers_for_request(self, request_key: str) -> list[Transfer]:
        return [Transfer.from_row(row) for row in self._fetch(
            "SELECT * FROM transfers WHERE request_key = ? ORDER BY rowid", (request_key,))]

    def refund(self, bank_tran_id: str) -> Transfer | None:
        found = self.row("SELECT * FROM transfers WHERE bank_tran_id = ? AND kind = 'deposit'",
                         (bank_tran_id,))
        return Transfer.from_row(found) if found else None

    def open_transfers(self) -> list[Transfer]:
        return [Transfer.from_row(row) for row in self._fetch(
            "SELECT * FROM transfers WHERE status IN ('sending', 'unknown') ORDER BY rowid")]

    def transfers(self, status: TransferStatus | None = None) -> list[Transfer]:
        where, params = ("WHERE status = ?", (status,)) if status else ("", ())
        return [Transfer.from_row(row) for row in self._fetch(
            f"SELECT * FROM transfers {where} ORDER BY rowid", params)]

    def books_clock(self) -> float | None:
        """Now, on the clock of books that several machines share (the database's): None
        for books that one machine keeps, whose clock that never steps times it all."""
        sql = getattr(self.db, "clock_sql", None)
        return None if sql is None else self._fetch(sql)[0][0]

    def customer(self, fintech_use_num: str) -> Customer | None:
        found = self.row("SELECT * FROM customers WHERE fintech_use_num = ?",
                         (fintech_use_num,))
        return Customer.from_row(found) if found else None

    def spending(self, business_date: str, payer: str) -> tuple[int, int]:
        """(this payer's, everyone's) money charged or maybe charged (being checked) on a
        day, as the `daily_spent` rows keep it. Read after marking a charge `sending` in
        the same write transaction, it counts that charge too, and the rows stay locked
        to other writers until the commit (payments/database.py, migration 7)."""
        found = dict(self._fetch("SELECT payer, spent FROM daily_spent WHERE "
                                 "business_date = ? AND payer IN (?, '*')",
                                 (business_date, payer)))
        return found.get(payer, 0), found.get("*", 0)

    def refunds_claimed(self, payment_id: str) -> int:
        """Refunded, or maybe refunded: what a new refund may not take again."""
        return self.row("SELECT coalesce(sum(amount), 0) AS claimed FROM transfers WHERE "
                        "payment_id = ? AND kind = 'deposit' AND status IN "
                        "('sending', 'unknown', 'approved')", (payment_id,))["claimed"]

    def payments(self, business_date: str | None = None, status: str | None = None
                 ) -> list[Payment]:
        where, params = [], []
        if business_date:
            where.append("business_date = ?")
            params.append(business_date)
        if status:
            where.append("status = ?")
            params.append(status)
        clause = f"WHERE {' AND '.join(where)}" if where else ""
        return [Payment.from_row(row) for row in self._fetch(
            f"SELECT * FROM payments {clause} ORDER BY created_at, id", tuple(params))]

    def events(self, payment_id: str) -> list[dict]:
        return self.rows("SELECT * FROM events WHERE payment_id = ? ORDER BY id", (payment_id,))
