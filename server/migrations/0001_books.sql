-- The books of a chain: the same tables as a kiosk's SQLite ledger (payments/database.py,
-- its migrations 1 to 5 together), in PostgreSQL's types. Money is INTEGER won (a sum of
-- INTEGER is a BIGINT, read back as an int); times are seconds since the epoch, as there.
-- `rowid` spells out the row number SQLite has built in, so the shared SQL orders by it.

CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE tran_id_sequence (id INTEGER PRIMARY KEY CHECK (id = 1), last BIGINT NOT NULL);
INSERT INTO tran_id_sequence VALUES (1, 0);
CREATE TABLE tokens (
    owner TEXT PRIMARY KEY,          -- 'institution' or a user_seq_no
    access_token TEXT NOT NULL,      -- sealed (payments/sealing.py)
    refresh_token TEXT NOT NULL DEFAULT '',
    scope TEXT NOT NULL,
    expires_at DOUBLE PRECISION NOT NULL
);
CREATE TABLE customers (
    fintech_use_num TEXT PRIMARY KEY,
    user_seq_no TEXT NOT NULL,
    holder_name TEXT NOT NULL,
    bank_code_std TEXT NOT NULL,
    bank_name TEXT NOT NULL,
    account_num_masked TEXT NOT NULL,
    enrolled_at DOUBLE PRECISION NOT NULL
);
CREATE TABLE payments (
    id TEXT PRIMARY KEY,                 -- YYYYMMDD-NNNN, the chain's sequence of the day
    created_at DOUBLE PRECISION NOT NULL,
    business_date TEXT NOT NULL,         -- YYYY-MM-DD, Korea time
    hour INTEGER NOT NULL,
    items TEXT NOT NULL,                 -- JSON line items
    amount INTEGER NOT NULL,
    supply_value INTEGER NOT NULL,
    vat INTEGER NOT NULL,
    method TEXT NOT NULL DEFAULT '',
    fintech_use_num TEXT NOT NULL DEFAULT '',
    status TEXT NOT NULL,
    reason_ko TEXT NOT NULL DEFAULT '',
    reason_en TEXT NOT NULL DEFAULT '',
    counter TEXT NOT NULL DEFAULT ''     -- the terminal that rang it up
);
CREATE INDEX payments_by_day ON payments (business_date, status, method, hour, amount);
CREATE INDEX payments_by_payer ON payments (fintech_use_num, business_date, status, amount);
CREATE INDEX payments_by_counter ON payments (counter, business_date);
CREATE TABLE transfers (
    rowid BIGSERIAL UNIQUE,
    bank_tran_id TEXT PRIMARY KEY,
    payment_id TEXT NOT NULL REFERENCES payments (id),
    kind TEXT NOT NULL,                  -- withdraw (a charge) | deposit (a refund)
    amount INTEGER NOT NULL,
    bank_tran_date TEXT NOT NULL,
    sent_at DOUBLE PRECISION NOT NULL,
    business_date TEXT NOT NULL,
    hour INTEGER NOT NULL,
    status TEXT NOT NULL,
    rsp_code TEXT NOT NULL DEFAULT '',
    bank_rsp_code TEXT NOT NULL DEFAULT '',
    approval_no TEXT NOT NULL DEFAULT '',
    account_masked TEXT NOT NULL DEFAULT '',
    bank_name TEXT NOT NULL DEFAULT '',
    reason_ko TEXT NOT NULL DEFAULT '',
    reason_en TEXT NOT NULL DEFAULT '',
    settled_at DOUBLE PRECISION,
    sent_monotonic DOUBLE PRECISION,
    boot_id TEXT NOT NULL DEFAULT '',
    request_key TEXT NOT NULL DEFAULT ''  -- the terminal's idempotency key, if any
);
CREATE INDEX transfers_open ON transfers (status) WHERE status IN ('sending', 'unknown');
CREATE INDEX transfers_by_payment ON transfers (payment_id);
CREATE INDEX transfers_by_day ON transfers (business_date, kind, status);
CREATE INDEX transfers_by_request ON transfers (request_key) WHERE request_key != '';
CREATE TABLE events (
    id BIGSERIAL PRIMARY KEY,
    at DOUBLE PRECISION NOT NULL,
    payment_id TEXT NOT NULL,
    bank_tran_id TEXT NOT NULL DEFAULT '',
    event TEXT NOT NULL,
    detail TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX events_by_payment ON events (payment_id, id);
CREATE FUNCTION events_are_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN RAISE EXCEPTION 'the event log is append-only'; END $$;
CREATE TRIGGER events_are_never_changed BEFORE UPDATE OR DELETE ON events
    FOR EACH ROW EXECUTE FUNCTION events_are_append_only();
CREATE TABLE seen_codes (
    rowid BIGSERIAL UNIQUE,
    jti TEXT PRIMARY KEY,
    forget_after DOUBLE PRECISION NOT NULL
);
