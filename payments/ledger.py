"""The kiosk's books: payments, the transfers that pay and refund them, and an event log.

Every state change is written together with its event in one transaction, and a transfer's
`bank_tran_id`, date and amount are committed before its request leaves the kiosk, so that
after a crash the books say what may have happened and `reconcile` can find out.

The charge path writes with plain SQL: sqlite-utils' `insert` and `update` look the table's
schema up on every call, about a hundred statements per charge (see docs/benchmarks.md).
"""

import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import sqlite_utils

from payments.database import open_database, write_transaction
from payments.koreatime import business_date, now_kst
from payments.money import Sale

OPEN = ("sending", "unknown")  # outcomes the bank has not yet told us


class Ledger:
    def __init__(self, path: Path | str) -> None:
        self._conn = open_database(path)
        self.db = sqlite_utils.Database(self._conn)
        self._lock = threading.RLock()

    def close(self) -> None:
        self._conn.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite_utils.Database]:
        with write_transaction(self._conn, self._lock):
            yield self.db

    def rows(self, sql: str, params: tuple | dict = ()) -> list[dict]:
        with self._lock:
            cursor = self._conn.execute(sql, params)
            return [dict(row) for row in cursor.fetchall()]

    def row(self, sql: str, params: tuple | dict = ()) -> dict | None:
        found = self.rows(sql, params)
        return found[0] if found else None

    # ------------------------------------------------------------ writing (in a transaction)

    def _insert(self, table: str, row: dict) -> None:
        columns = ", ".join(row)
        self._conn.execute(f"INSERT INTO {table} ({columns}) VALUES "
                           f"({', '.join('?' * len(row))})", tuple(row.values()))

    def _update(self, table: str, key: str, value: str, fields: dict) -> None:
        assignments = ", ".join(f"{name} = ?" for name in fields)
        self._conn.execute(f"UPDATE {table} SET {assignments} WHERE {key} = ?",
                           (*fields.values(), value))

    def event(self, payment_id: str, event: str, at: float, bank_tran_id: str = "",
              **detail: Any) -> None:
        self._insert("events", {"at": at, "payment_id": payment_id,
                                "bank_tran_id": bank_tran_id, "event": event,
                                "detail": json.dumps(detail, ensure_ascii=False)})

    def new_payment(self, sale: Sale, at: float) -> str:
        moment = now_kst(at)
        day = moment.strftime("%Y%m%d")
        last = self._conn.execute("SELECT max(id) FROM payments WHERE id LIKE ?",
                                  (f"{day}-%",)).fetchone()[0]
        payment_id = f"{day}-{int(last[9:]) + 1 if last else 1:04d}"
        self._insert("payments", {
            "id": payment_id, "created_at": at, "business_date": business_date(at),
            "hour": moment.hour, "items": json.dumps(sale.to_json(), ensure_ascii=False),
            "amount": sale.total, "supply_value": sale.supply_value, "vat": sale.vat,
            "status": "new"})
        self.event(payment_id, "opened", at, amount=sale.total)
        return payment_id

    def set_payment(self, payment_id: str, at: float, **fields: Any) -> None:
        self._update("payments", "id", payment_id, fields)
        self.event(payment_id, f"payment {fields.get('status', 'changed')}", at,
                   **{k: v for k, v in fields.items() if k != "status"})

    def add_transfer(self, payment_id: str, bank_tran_id: str, kind: str, amount: int,
                     bank_tran_date: str, at: float) -> None:
        moment = now_kst(at)
        self._insert("transfers", {
            "bank_tran_id": bank_tran_id, "payment_id": payment_id, "kind": kind,
            "amount": amount, "bank_tran_date": bank_tran_date, "sent_at": at,
            "business_date": business_date(at), "hour": moment.hour,
            "status": "sending"})
        self.event(payment_id, f"{kind} sending", at, bank_tran_id, amount=amount,
                   bank_tran_date=bank_tran_date)

    def set_transfer(self, bank_tran_id: str, at: float, **fields: Any) -> None:
        transfer = self.transfer(bank_tran_id)
        self._update("transfers", "bank_tran_id", bank_tran_id, fields)
        self.event(transfer["payment_id"], f"{transfer['kind']} {fields.get('status')}", at,
                   bank_tran_id, **{k: v for k, v in fields.items() if k != "status"})

    def remember_code(self, jti: str, forget_after: float, now: float) -> bool:
        """True the first time a signed code's `jti` is seen; False ever after, until its
        expiry (plus skew) has passed and a replay would be refused as expired anyway."""
        self._conn.execute("DELETE FROM seen_codes WHERE forget_after < ?", (now,))
        inserted = self._conn.execute("INSERT OR IGNORE INTO seen_codes VALUES (?, ?)",
                                      (jti, forget_after))
        return inserted.rowcount == 1

    def add_customer(self, account: dict, at: float) -> None:
        self.db["customers"].upsert({**account, "enrolled_at": at}, pk="fintech_use_num")

    # ------------------------------------------------------------ reading

    def payment(self, payment_id: str) -> dict | None:
        return self.row("SELECT * FROM payments WHERE id = ?", (payment_id,))

    def last_payment_id(self, status: str | None = None) -> str | None:
        where = "WHERE status = ?" if status else ""
        found = self.row(f"SELECT id FROM payments {where} ORDER BY created_at DESC, id DESC "
                         "LIMIT 1", (status,) if status else ())
        return found["id"] if found else None

    def transfer(self, bank_tran_id: str) -> dict:
        found = self.row("SELECT * FROM transfers WHERE bank_tran_id = ?", (bank_tran_id,))
        if found is None:
            raise KeyError(f"no transfer {bank_tran_id}")
        return found

    def transfers_of(self, payment_id: str) -> list[dict]:
        return self.rows("SELECT * FROM transfers WHERE payment_id = ? ORDER BY sent_at",
                         (payment_id,))

    def open_transfers(self) -> list[dict]:
        return self.rows("SELECT * FROM transfers WHERE status IN ('sending', 'unknown') "
                         "ORDER BY sent_at")

    def customer(self, fintech_use_num: str) -> dict | None:
        return self.row("SELECT * FROM customers WHERE fintech_use_num = ?",
                        (fintech_use_num,))

    def spent(self, business_date: str, fintech_use_num: str | None = None) -> int:
        """Charged today, approved or maybe (still being checked), by one payer or by all."""
        sql = ("SELECT coalesce(sum(amount), 0) AS spent FROM payments WHERE business_date = ? "
               "AND status IN ('sending', 'unknown', 'approved')")
        params: tuple = (business_date,)
        if fintech_use_num is not None:
            sql += " AND fintech_use_num = ?"
            params += (fintech_use_num,)
        return self.row(sql, params)["spent"]

    def refunds_claimed(self, payment_id: str) -> int:
        """Refunded, or maybe refunded: what a new refund may not take again."""
        return self.row("SELECT coalesce(sum(amount), 0) AS claimed FROM transfers WHERE "
                        "payment_id = ? AND kind = 'deposit' AND status IN "
                        "('sending', 'unknown', 'approved')", (payment_id,))["claimed"]

    def payments(self, business_date: str | None = None, status: str | None = None
                 ) -> list[dict]:
        where, params = [], []
        if business_date:
            where.append("business_date = ?")
            params.append(business_date)
        if status:
            where.append("status = ?")
            params.append(status)
        clause = f"WHERE {' AND '.join(where)}" if where else ""
        return self.rows(f"SELECT * FROM payments {clause} ORDER BY created_at, id",
                         tuple(params))

    def events(self, payment_id: str) -> list[dict]:
        return self.rows("SELECT * FROM events WHERE payment_id = ? ORDER BY id", (payment_id,))
