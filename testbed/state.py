"""The testbed's books: accounts, tokens and the transfer journal in one SQLite database.

In memory by default; with `--state FILE` on disk, so a restarted testbed still knows every
transfer it applied (a kiosk asking transfer/result after the bank "rebooted" gets the truth).
Every change happens inside `transaction()`, one at a time, like a bank's ledger.
"""

import sqlite3
import threading
from contextlib import AbstractContextManager
from pathlib import Path

from payments.database import write_transaction
from testbed.demo_data import seeded_accounts

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS users (
    user_seq_no TEXT PRIMARY KEY, name TEXT NOT NULL, ci TEXT NOT NULL,
    limit_per_transfer INTEGER NOT NULL, limit_daily INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS accounts (
    fintech_use_num TEXT PRIMARY KEY, user_seq_no TEXT NOT NULL, merchant INTEGER NOT NULL,
    bank_code_std TEXT NOT NULL, bank_name TEXT NOT NULL, account_num TEXT NOT NULL,
    holder_name TEXT NOT NULL, balance INTEGER NOT NULL, held INTEGER NOT NULL,
    limit_per_transfer INTEGER NOT NULL, limit_daily INTEGER NOT NULL,
    agreed_at TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS tokens (
    token TEXT PRIMARY KEY, kind TEXT NOT NULL, user_seq_no TEXT NOT NULL,
    scope TEXT NOT NULL, expires_at REAL NOT NULL);
CREATE TABLE IF NOT EXISTS auth_codes (
    code TEXT PRIMARY KEY, user_seq_no TEXT NOT NULL, scope TEXT NOT NULL,
    redirect_uri TEXT NOT NULL, expires_at REAL NOT NULL);
CREATE TABLE IF NOT EXISTS tran_ids (
    bank_tran_date TEXT NOT NULL, bank_tran_id TEXT NOT NULL,
    PRIMARY KEY (bank_tran_date, bank_tran_id)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS transfers (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    kind TEXT NOT NULL,                    -- withdraw | deposit
    bank_tran_id TEXT NOT NULL, bank_tran_date TEXT NOT NULL, tran_time TEXT NOT NULL,
    fintech_use_num TEXT NOT NULL, user_seq_no TEXT NOT NULL, tran_amt INTEGER NOT NULL,
    api_tran_id TEXT NOT NULL, print_content TEXT NOT NULL,
    applied INTEGER NOT NULL,              -- 1: money moved
    rsp_code TEXT NOT NULL, bank_rsp_code TEXT NOT NULL, after_balance INTEGER NOT NULL,
    UNIQUE (bank_tran_date, bank_tran_id));
CREATE INDEX IF NOT EXISTS transfers_by_account
    ON transfers (fintech_use_num, bank_tran_date);
CREATE TABLE IF NOT EXISTS withdrawn_per_day (  -- running totals for the daily limits
    holder TEXT NOT NULL, bank_tran_date TEXT NOT NULL, amount INTEGER NOT NULL,
    PRIMARY KEY (holder, bank_tran_date)) WITHOUT ROWID;
"""


class BankState:
    def __init__(self, path: Path | str, seed: int, contract_account: str) -> None:
        self.path = str(path)
        if self.path != ":memory:":
            Path(self.path).parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False)
        self._db.row_factory = sqlite3.Row
        if self.path != ":memory:":
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=NORMAL")  # a testbed: speed over power cuts
        self._db.executescript(SCHEMA)
        self._lock = threading.RLock()
        self._contract_account = contract_account
        with self.transaction() as db:
            stored = db.execute("SELECT value FROM meta WHERE key = 'seed'").fetchone()
            if stored is None:
                self._seed_accounts(db, seed)
        self.seed = int(stored["value"]) if stored else seed

    def transaction(self) -> AbstractContextManager[sqlite3.Connection]:
        return write_transaction(self._db, self._lock)

    def reset(self) -> None:
        """Back to the seeded balances with an empty journal; tokens stay valid."""
        with self.transaction() as db:
            for table in ("users", "accounts", "tran_ids", "transfers", "withdrawn_per_day"):
                db.execute(f"DELETE FROM {table}")
            self._seed_accounts(db, self.seed)

    def close(self) -> None:
        with self._lock:
            self._db.close()

    def _seed_accounts(self, db: sqlite3.Connection, seed: int) -> None:
        db.execute("INSERT OR REPLACE INTO meta VALUES ('seed', ?)", (str(seed),))
        for account in seeded_accounts(seed, self._contract_account):
            holder = account.holder
            if not account.merchant:
                db.execute("INSERT INTO users VALUES (?, ?, ?, ?, ?)",
                           (account.user_seq_no, holder.name, account.user_ci,
                            holder.user_limit_per_transfer, holder.user_limit_daily))
            db.execute(
                "INSERT INTO accounts VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (account.fintech_use_num, account.user_seq_no, int(account.merchant),
                 holder.bank_code, holder.bank_name, account.account_num, holder.name,
                 holder.balance, holder.held, holder.account_limit_per_transfer,
                 holder.account_limit_daily, "20260101090000"))
