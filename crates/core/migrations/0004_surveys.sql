-- Shipped migrations are never edited; add a new numbered file instead.
-- Satisfaction surveys (NPS, CSAT, CES): a survey is sent as a campaign
-- (same outbox, progress, pause and crash safety), each recipient linked to
-- the order that triggered it; answers arrive from the response collector or
-- are typed in from a phone call.

CREATE TABLE surveys (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL CHECK (kind IN ('nps', 'csat', 'ces')),
    follow_up_es TEXT NOT NULL DEFAULT '',   -- optional open question, per language
    follow_up_en TEXT NOT NULL DEFAULT '',
    delivered_within_days INTEGER NOT NULL CHECK (delivered_within_days BETWEEN 1 AND 365),
    created_at INTEGER NOT NULL
) STRICT;

-- The campaign that sends a survey.
ALTER TABLE campaigns ADD COLUMN survey_id INTEGER REFERENCES surveys (id);

CREATE TABLE survey_recipients (
    id INTEGER PRIMARY KEY,
    survey_id INTEGER NOT NULL REFERENCES surveys (id),
    customer_id INTEGER NOT NULL REFERENCES customers (id) ON DELETE CASCADE,
    order_id INTEGER REFERENCES orders (id) ON DELETE SET NULL,
    ref TEXT NOT NULL UNIQUE,                -- 32 hex chars, inside the signed links
    language TEXT NOT NULL CHECK (language IN ('es', 'en')),
    created_at INTEGER NOT NULL
) STRICT;
CREATE INDEX survey_recipients_customer ON survey_recipients (customer_id, created_at);

CREATE TABLE survey_responses (
    id INTEGER PRIMARY KEY,
    -- NULL for a score heard on the phone outside any survey.
    recipient_id INTEGER UNIQUE REFERENCES survey_recipients (id) ON DELETE CASCADE,
    customer_id INTEGER NOT NULL REFERENCES customers (id) ON DELETE CASCADE,
    order_id INTEGER REFERENCES orders (id) ON DELETE SET NULL,
    kind TEXT NOT NULL CHECK (kind IN ('nps', 'csat', 'ces')),
    score INTEGER NOT NULL CHECK (score BETWEEN 0 AND 10),
    comment TEXT NOT NULL DEFAULT '',
    channel TEXT NOT NULL CHECK (channel IN ('email', 'phone')),
    answered_at INTEGER NOT NULL,
    created_at INTEGER NOT NULL
) STRICT;
CREATE INDEX survey_responses_time ON survey_responses (kind, answered_at);
CREATE INDEX survey_responses_customer ON survey_responses (customer_id, answered_at);

-- Closing the loop: an unhappy answer opens a case on the customer's page
-- (the complaints area will take these over).
CREATE TABLE follow_ups (
    id INTEGER PRIMARY KEY,
    customer_id INTEGER NOT NULL REFERENCES customers (id) ON DELETE CASCADE,
    response_id INTEGER UNIQUE REFERENCES survey_responses (id) ON DELETE CASCADE,
    reason TEXT NOT NULL,                    -- 'detractor', 'low_csat', 'hard_effort'
    status TEXT NOT NULL CHECK (status IN ('open', 'closed')),
    note TEXT NOT NULL DEFAULT '',
    created_at INTEGER NOT NULL,
    closed_at INTEGER
) STRICT;
CREATE INDEX follow_ups_open ON follow_ups (status, created_at);

-- The response collector: where it is and how far the app has read.
-- The shared secret is in the OS credential store, never here.
CREATE TABLE collector (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    url TEXT NOT NULL DEFAULT '',            -- empty: no collector, mailto: links
    cursor INTEGER NOT NULL DEFAULT 0,       -- last event id applied
    last_sync_at INTEGER,
    last_error TEXT NOT NULL DEFAULT ''
) STRICT;
INSERT INTO collector (id) VALUES (1);
