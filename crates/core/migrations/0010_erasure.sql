-- Shipped migrations are never edited; add a new numbered file instead.
-- Erasing a customer (their right to be forgotten) blanks the free text of
-- append-only timelines, which may quote them. Every other change to those
-- rows stays refused: each table gets a trigger on its other columns and
-- one that lets its text column change only to ''.

ALTER TABLE customers ADD COLUMN erased_at INTEGER;

DROP TRIGGER return_events_no_update;
CREATE TRIGGER return_events_no_update BEFORE UPDATE OF id, return_id, at, status, actor ON return_events
BEGIN
    SELECT RAISE(ABORT, 'return_events is append-only');
END;
CREATE TRIGGER return_events_erase_only BEFORE UPDATE OF note ON return_events WHEN NEW.note <> ''
BEGIN
    SELECT RAISE(ABORT, 'return_events is append-only');
END;

DROP TRIGGER points_ledger_no_update;
CREATE TRIGGER points_ledger_no_update BEFORE UPDATE OF
    id, customer_id, kind, points, order_id, return_id, available_at, expires_at, shortfall, key, created_at
    ON points_ledger
BEGIN
    SELECT RAISE(ABORT, 'points_ledger is append-only');
END;
CREATE TRIGGER points_ledger_erase_only BEFORE UPDATE OF note ON points_ledger WHEN NEW.note <> ''
BEGIN
    SELECT RAISE(ABORT, 'points_ledger is append-only');
END;

DROP TRIGGER outbox_attempts_no_update;
CREATE TRIGGER outbox_attempts_no_update BEFORE UPDATE OF id, outbox_id, at, outcome, code ON outbox_attempts
BEGIN
    SELECT RAISE(ABORT, 'outbox_attempts is append-only');
END;
CREATE TRIGGER outbox_attempts_erase_only BEFORE UPDATE OF reply ON outbox_attempts WHEN NEW.reply <> ''
BEGIN
    SELECT RAISE(ABORT, 'outbox_attempts is append-only');
END;

DROP TRIGGER complaint_events_no_update;
CREATE TRIGGER complaint_events_no_update BEFORE UPDATE OF
    id, complaint_id, at, kind, actor, status, duration_s, compensation, points, amount_minor, currency
    ON complaint_events
BEGIN
    SELECT RAISE(ABORT, 'complaint_events is append-only');
END;
CREATE TRIGGER complaint_events_erase_only BEFORE UPDATE OF note ON complaint_events WHEN NEW.note <> ''
BEGIN
    SELECT RAISE(ABORT, 'complaint_events is append-only');
END;
