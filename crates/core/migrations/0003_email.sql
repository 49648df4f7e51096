-- Shipped migrations are never edited; add a new numbered file instead.
-- Email: the relay settings, newsletter lists, the global suppression list,
-- campaigns and the durable outbox.

-- The relay. An empty host means "no relay yet": messages are written as
-- .eml files to the outbox folder. The password is never here: it lives in
-- the operating system's credential store.
CREATE TABLE mail_settings (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    host TEXT NOT NULL DEFAULT '',
    port INTEGER NOT NULL DEFAULT 587 CHECK (port BETWEEN 1 AND 65535),
    security TEXT NOT NULL DEFAULT 'starttls' CHECK (security IN ('starttls', 'tls', 'none')),
    username TEXT NOT NULL DEFAULT '',
    from_name TEXT NOT NULL DEFAULT '',
    from_address TEXT NOT NULL DEFAULT '',
    reply_to TEXT NOT NULL DEFAULT '',
    per_second REAL NOT NULL DEFAULT 10 CHECK (per_second >= 0),  -- 0: no limit
    per_hour INTEGER NOT NULL DEFAULT 0 CHECK (per_hour >= 0),   -- 0: no limit
    connections INTEGER NOT NULL DEFAULT 1 CHECK (connections BETWEEN 1 AND 8)
) STRICT;
INSERT INTO mail_settings (id) VALUES (1);

-- Free-form labels on customers, for segments.
CREATE TABLE customer_tags (
    customer_id INTEGER NOT NULL REFERENCES customers (id) ON DELETE CASCADE,
    tag TEXT NOT NULL COLLATE NOCASE CHECK (length(tag) > 0),
    PRIMARY KEY (customer_id, tag)
) STRICT, WITHOUT ROWID;
CREATE INDEX customer_tags_tag ON customer_tags (tag);

CREATE TABLE lists (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE COLLATE NOCASE CHECK (length(name) > 0),
    double_opt_in INTEGER NOT NULL DEFAULT 0 CHECK (double_opt_in IN (0, 1)),
    consent_text TEXT NOT NULL DEFAULT '',   -- what subscribers are shown and agree to
    created_at INTEGER NOT NULL
) STRICT;

CREATE TABLE subscribers (
    id INTEGER PRIMARY KEY,
    list_id INTEGER NOT NULL REFERENCES lists (id) ON DELETE CASCADE,
    email TEXT NOT NULL,
    email_key TEXT NOT NULL,                 -- lowercase, the matching key everywhere
    name TEXT NOT NULL DEFAULT '',
    customer_id INTEGER REFERENCES customers (id) ON DELETE SET NULL,
    status TEXT NOT NULL CHECK (status IN ('pending', 'subscribed', 'unsubscribed', 'bounced', 'complained')),
    -- The consent record: when, how, and the text agreed to.
    consent_at INTEGER NOT NULL,
    consent_method TEXT NOT NULL CHECK (consent_method IN ('form', 'in_store', 'import')),
    consent_text TEXT NOT NULL,
    confirm_token TEXT UNIQUE,               -- double opt-in
    confirmed_at INTEGER,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    UNIQUE (list_id, email_key)
) STRICT;
CREATE INDEX subscribers_email ON subscribers (email_key);

-- Whoever is here is never mailed by any list or campaign.
CREATE TABLE suppressions (
    email_key TEXT PRIMARY KEY,
    reason TEXT NOT NULL CHECK (reason IN ('unsubscribed', 'bounced', 'complained', 'manual')),
    detail TEXT NOT NULL DEFAULT '',         -- e.g. the server's 5xx reply
    created_at INTEGER NOT NULL
) STRICT, WITHOUT ROWID;

CREATE TABLE campaigns (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL CHECK (length(name) > 0),
    subject TEXT NOT NULL,
    preheader TEXT NOT NULL DEFAULT '',
    body_md TEXT NOT NULL DEFAULT '',        -- Markdown with {{ placeholders }}
    audience TEXT NOT NULL,                  -- JSON: a list or a segment's rules
    status TEXT NOT NULL CHECK (status IN ('draft', 'scheduled', 'sending', 'paused', 'sent', 'cancelled')),
    pause_reason TEXT,                       -- 'owner', 'auth_failed', 'tls_failed', 'relay_unreachable'
    pause_detail TEXT NOT NULL DEFAULT '',   -- the server's words
    scheduled_at INTEGER,
    started_at INTEGER,
    finished_at INTEGER,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
) STRICT;

-- One row per message. A campaign's recipients are written here once, in
-- one transaction, when it starts: a restart knows exactly who is left.
CREATE TABLE outbox (
    id INTEGER PRIMARY KEY,
    campaign_id INTEGER REFERENCES campaigns (id),
    kind TEXT NOT NULL CHECK (kind IN ('campaign', 'confirmation')),
    to_address TEXT NOT NULL,
    email_key TEXT NOT NULL,
    to_name TEXT NOT NULL DEFAULT '',
    message_id TEXT NOT NULL UNIQUE,         -- fixed when queued: a resend is the same message
    unsubscribe_token TEXT NOT NULL UNIQUE,  -- random, unguessable
    vars TEXT NOT NULL DEFAULT '{}',         -- JSON placeholder values captured when queued
    state TEXT NOT NULL CHECK (state IN ('queued', 'sending', 'sent', 'failed', 'skipped', 'cancelled')),
    attempts INTEGER NOT NULL DEFAULT 0,
    retry_at INTEGER NOT NULL DEFAULT 0,     -- unix ms; a queued row is due when retry_at <= now
    last_code INTEGER,                       -- SMTP code of the last attempt
    last_reply TEXT NOT NULL DEFAULT '',     -- the server's words, or why it was skipped
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
) STRICT;
CREATE INDEX outbox_due ON outbox (retry_at, id) WHERE state = 'queued';
CREATE INDEX outbox_campaign ON outbox (campaign_id, state);
CREATE INDEX outbox_email ON outbox (email_key);

-- Every attempt, append-only.
CREATE TABLE outbox_attempts (
    id INTEGER PRIMARY KEY,
    outbox_id INTEGER NOT NULL REFERENCES outbox (id),
    at INTEGER NOT NULL,
    outcome TEXT NOT NULL CHECK (outcome IN ('sent', 'saved', 'temporary', 'permanent', 'skipped')),
    code INTEGER,
    reply TEXT NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX outbox_attempts_message ON outbox_attempts (outbox_id);
CREATE TRIGGER outbox_attempts_no_update BEFORE UPDATE ON outbox_attempts
BEGIN
    SELECT RAISE(ABORT, 'outbox_attempts is append-only');
END;
CREATE TRIGGER outbox_attempts_no_delete BEFORE DELETE ON outbox_attempts
BEGIN
    SELECT RAISE(ABORT, 'outbox_attempts is append-only');
END;
