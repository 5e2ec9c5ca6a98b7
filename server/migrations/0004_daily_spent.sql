-- What the daily limits read, kept as it changes instead of summed under one writers' lock
-- for the whole chain (SQLite's migration 7, payments/database.py): a charge then waits
-- only on the rows of its own payer and day, and on the day's total, and those only from
-- the moment it marks its payment `sending` to its commit. The trigger keeps each row
-- equal to the sum of the day's payments charged or maybe charged (sending, unknown,
-- approved) of that payer, and payer '*' for everyone's; a change that moves no money
-- (sending to approved) touches no row. Sales are numbered from a row per day.

CREATE TABLE daily_spent (
    business_date TEXT NOT NULL,
    payer TEXT NOT NULL,                 -- a fintech_use_num, or '*' for everyone
    spent BIGINT NOT NULL,
    PRIMARY KEY (business_date, payer)
);
INSERT INTO daily_spent (business_date, payer, spent)
    SELECT business_date, fintech_use_num, sum(amount) FROM payments
    WHERE status IN ('sending', 'unknown', 'approved') GROUP BY business_date, fintech_use_num;
INSERT INTO daily_spent (business_date, payer, spent)
    SELECT business_date, '*', sum(amount) FROM payments
    WHERE status IN ('sending', 'unknown', 'approved') GROUP BY business_date;

CREATE FUNCTION daily_spent_follows() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    counted_before BOOLEAN := TG_OP <> 'INSERT' AND OLD.status IN ('sending', 'unknown', 'approved');
    counted_after BOOLEAN := TG_OP <> 'DELETE' AND NEW.status IN ('sending', 'unknown', 'approved');
BEGIN
    IF counted_before AND counted_after AND (OLD.amount, OLD.fintech_use_num, OLD.business_date)
            = (NEW.amount, NEW.fintech_use_num, NEW.business_date) THEN
        RETURN NULL;
    END IF;
    IF counted_before THEN
        UPDATE daily_spent SET spent = spent - OLD.amount
            WHERE business_date = OLD.business_date AND payer = OLD.fintech_use_num;
        UPDATE daily_spent SET spent = spent - OLD.amount
            WHERE business_date = OLD.business_date AND payer = '*';
    END IF;
    IF counted_after THEN
        -- The payer's row first, then everyone's: every writer takes them in this order.
        INSERT INTO daily_spent VALUES (NEW.business_date, NEW.fintech_use_num, NEW.amount)
            ON CONFLICT (business_date, payer)
            DO UPDATE SET spent = daily_spent.spent + excluded.spent;
        INSERT INTO daily_spent VALUES (NEW.business_date, '*', NEW.amount)
            ON CONFLICT (business_date, payer)
            DO UPDATE SET spent = daily_spent.spent + excluded.spent;
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER daily_spent_follows
    AFTER INSERT OR DELETE OR UPDATE OF status, amount, fintech_use_num, business_date
    ON payments FOR EACH ROW EXECUTE FUNCTION daily_spent_follows();

CREATE TABLE payment_numbers (day TEXT PRIMARY KEY, last BIGINT NOT NULL);
INSERT INTO payment_numbers (day, last)
    SELECT substr(id, 1, 8), max(CAST(substr(id, 10) AS BIGINT)) FROM payments
    GROUP BY substr(id, 1, 8);

-- A server process of the version before, still running while the other is upgraded,
-- numbers its sales by max(id) (never beside this version's writers: server/postgres.py,
-- begin_write): its sales move the day's row on too.
CREATE FUNCTION payment_numbers_follow() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO payment_numbers VALUES (substr(NEW.id, 1, 8), CAST(substr(NEW.id, 10) AS BIGINT))
        ON CONFLICT (day) DO UPDATE SET last = greatest(payment_numbers.last, excluded.last);
    RETURN NULL;
END $$;
CREATE TRIGGER payment_numbers_follow AFTER INSERT ON payments
    FOR EACH ROW EXECUTE FUNCTION payment_numbers_follow();
