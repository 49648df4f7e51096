-- Shipped migrations are never edited; add a new numbered file instead.
-- Complaints: cases that arrive by phone (or any channel), handled through
-- a status flow with a due date from the severity and an append-only
-- timeline of what was done.

CREATE TABLE complaint_settings (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    sla_low_hours INTEGER NOT NULL CHECK (sla_low_hours BETWEEN 1 AND 8760),
    sla_normal_hours INTEGER NOT NULL CHECK (sla_normal_hours BETWEEN 1 AND 8760),
    sla_high_hours INTEGER NOT NULL CHECK (sla_high_hours BETWEEN 1 AND 8760),
    sla_urgent_hours INTEGER NOT NULL CHECK (sla_urgent_hours BETWEEN 1 AND 8760)
) STRICT;
INSERT INTO complaint_settings VALUES (1, 120, 48, 24, 4);

-- Built-in categories carry a `key` the UI translates; the owner may rename
-- one (`label`) or add their own (no key). A category in use is archived,
-- never deleted, so old complaints keep their name.
CREATE TABLE complaint_categories (
    id INTEGER PRIMARY KEY,
    key TEXT UNIQUE,
    label TEXT NOT NULL DEFAULT '',
    position INTEGER NOT NULL,
    archived INTEGER NOT NULL DEFAULT 0 CHECK (archived IN (0, 1))
) STRICT;
INSERT INTO complaint_categories (key, position) VALUES
    ('late_delivery', 1), ('damaged', 2), ('wrong_item', 3), ('quality', 4),
    ('billing', 5), ('service', 6), ('other', 7);

CREATE TABLE complaints (
    id INTEGER PRIMARY KEY,
    customer_id INTEGER NOT NULL REFERENCES customers (id),
    order_id INTEGER REFERENCES orders (id),
    category_id INTEGER NOT NULL REFERENCES complaint_categories (id),
    severity TEXT NOT NULL CHECK (severity IN ('low', 'normal', 'high', 'urgent')),
    channel TEXT NOT NULL CHECK (channel IN ('phone', 'email', 'in_store', 'whatsapp', 'instagram', 'other')),
    reply_channel TEXT NOT NULL CHECK (reply_channel IN ('phone', 'email', 'whatsapp', 'sms', 'none')),
    description TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('open', 'in_progress', 'waiting', 'resolved', 'closed')),
    -- 'survey': opened by an unhappy survey answer (its follow-up case).
    source TEXT NOT NULL DEFAULT 'staff' CHECK (source IN ('staff', 'survey')),
    response_id INTEGER UNIQUE REFERENCES survey_responses (id),
    due_at INTEGER,                 -- NULL: no service-level clock
    waiting_since INTEGER,          -- set while waiting for the customer: the clock is paused
    resolved_at INTEGER,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
) STRICT;
CREATE INDEX complaints_status ON complaints (status, due_at);
CREATE INDEX complaints_customer ON complaints (customer_id, created_at);

CREATE TABLE complaint_events (
    id INTEGER PRIMARY KEY,
    complaint_id INTEGER NOT NULL REFERENCES complaints (id),
    at INTEGER NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('opened', 'note', 'call', 'email', 'status', 'compensation')),
    actor TEXT NOT NULL,
    note TEXT NOT NULL DEFAULT '',
    status TEXT,                    -- kind 'status': the new status
    duration_s INTEGER CHECK (duration_s >= 0),   -- kind 'call'
    compensation TEXT CHECK (compensation IN ('points', 'store_credit', 'refund', 'replacement', 'gesture')),
    points INTEGER,
    amount_minor INTEGER CHECK (amount_minor >= 0),
    currency TEXT
) STRICT;
CREATE INDEX complaint_events_complaint ON complaint_events (complaint_id, id);
CREATE TRIGGER complaint_events_no_update BEFORE UPDATE ON complaint_events
BEGIN
    SELECT RAISE(ABORT, 'complaint_events is append-only');
END;
CREATE TRIGGER complaint_events_no_delete BEFORE DELETE ON complaint_events
BEGIN
    SELECT RAISE(ABORT, 'complaint_events is append-only');
END;

-- Unhappy survey answers already waiting as follow-up cases become
-- complaints too, tagged as coming from a survey, without a due date.
INSERT INTO complaints (customer_id, order_id, category_id, severity, channel, reply_channel, description, status,
                        source, response_id, resolved_at, created_at, updated_at)
SELECT f.customer_id, r.order_id, (SELECT id FROM complaint_categories WHERE key = 'service'), 'normal',
       CASE r.channel WHEN 'phone' THEN 'phone' ELSE 'email' END, c.preferred_channel, r.comment,
       CASE f.status WHEN 'closed' THEN 'closed' ELSE 'open' END, 'survey', f.response_id, f.closed_at,
       f.created_at, coalesce(f.closed_at, f.created_at)
FROM follow_ups f
JOIN survey_responses r ON r.id = f.response_id
JOIN customers c ON c.id = f.customer_id;
INSERT INTO complaint_events (complaint_id, at, kind, actor, note)
SELECT id, created_at, 'opened', '', '' FROM complaints WHERE source = 'survey';
INSERT INTO complaint_events (complaint_id, at, kind, actor, note, status)
SELECT k.id, f.closed_at, 'status', '', f.note, 'closed'
FROM complaints k JOIN follow_ups f ON f.response_id = k.response_id WHERE f.status = 'closed';
