-- The counters of the chain, each known by its Ed25519 public key (registered by the
-- owner, revocable), the requests they sent (one answer for one idempotency key), and the
-- enrollments a counter's register screen started.

CREATE TABLE terminals (
    name TEXT PRIMARY KEY,
    public_key TEXT NOT NULL UNIQUE,     -- raw 32 bytes, base64url
    added_at DOUBLE PRECISION NOT NULL,
    revoked_at DOUBLE PRECISION
);
CREATE TABLE terminal_requests (
    terminal TEXT NOT NULL REFERENCES terminals (name),
    key TEXT NOT NULL,                   -- the terminal's idempotency key
    kind TEXT NOT NULL,                  -- charge | refund
    digest TEXT NOT NULL,                -- sha256 of the body: a key means one request
    payment_id TEXT NOT NULL,
    answer TEXT,                         -- the final answer, JSON, once there is one
    created_at DOUBLE PRECISION NOT NULL,
    PRIMARY KEY (terminal, key)
);
CREATE TABLE enrollments (
    state TEXT PRIMARY KEY,              -- the OAuth state the consent page carries
    terminal TEXT NOT NULL,
    created_at DOUBLE PRECISION NOT NULL,
    accounts TEXT,                       -- JSON, the accounts as they may be shown
    problem TEXT                         -- JSON reason, when the bank refused
);
