-- The reports add up a span of days (the chain's, by counter, with the VAT; a day's Z
-- report is a span of one): covering indexes that seek the status first, then the span,
-- and hold every column the grouping reads (payments/ledger.py, Ledger.figures).
DROP INDEX payments_by_day;
CREATE INDEX payments_by_day ON payments
    (status, business_date, hour, counter, method, amount, vat);
DROP INDEX transfers_by_day;
CREATE INDEX transfers_by_day ON transfers
    (kind, status, business_date, hour, amount, payment_id);
