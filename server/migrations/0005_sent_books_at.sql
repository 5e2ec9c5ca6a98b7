-- When a transfer was committed, on the books' own clock: the one clock every server
-- process of the chain reads, on whichever machine it runs. A process on another machine
-- cannot read the clock that never steps of the one that sent a transfer (`sent_monotonic`
-- is its boot's), so it times "the bank has surely had time to book it" on this one
-- (payments/settling.py). Set by the database at the insert, a process of the version
-- before included; rows from before this version have none, and are from an earlier boot.

ALTER TABLE transfers ADD COLUMN sent_books_at DOUBLE PRECISION;
ALTER TABLE transfers ALTER COLUMN sent_books_at
    SET DEFAULT extract(epoch FROM clock_timestamp());
