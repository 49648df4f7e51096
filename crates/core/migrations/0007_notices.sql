-- Shipped migrations are never edited; add a new numbered file instead.
-- Transactional notices (a return's steps) go through the same outbox as
-- campaigns: `kind` gains 'notice'. SQLite cannot alter a CHECK, so the
-- outbox and its attempts are rebuilt: copies first, then the old tables are
-- dropped child first (nothing else references them), and the renames carry
-- the foreign key over.

CREATE TABLE outbox_v2 (
    id INTEGER PRIMARY KEY,
    campaign_id INTEGER REFERENCES campaigns (id),
    kind TEXT NOT NULL CHECK (kind IN ('campaign', 'confirmation', 'notice')),
    to_address TEXT NOT NULL,
    email_key TEXT NOT NULL,
    to_name TEXT NOT NULL DEFAULT '',
    message_id TEXT NOT NULL UNIQUE,
    unsubscribe_token TEXT NOT NULL UNIQUE,
    vars TEXT NOT NULL DEFAULT '{}',
    state TEXT NOT NULL CHECK (state IN ('queued', 'sending', 'sent', 'failed', 'skipped', 'cancelled')),
    attempts INTEGER NOT NULL DEFAULT 0,
    retry_at INTEGER NOT NULL DEFAULT 0,
    last_code INTEGER,
    last_reply TEXT NOT NULL DEFAULT '',
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
) STRICT;
INSERT INTO outbox_v2 SELECT * FROM outbox;

CREATE TABLE outbox_attempts_v2 (
    id INTEGER PRIMARY KEY,
    outbox_id INTEGER NOT NULL REFERENCES outbox_v2 (id),
    at INTEGER NOT NULL,
    outcome TEXT NOT NULL CHECK (outcome IN ('sent', 'saved', 'temporary', 'permanent', 'skipped')),
    code INTEGER,
    reply TEXT NOT NULL DEFAULT ''
) STRICT;
INSERT INTO outbox_attempts_v2 SELECT * FROM outbox_attempts;

DROP TABLE outbox_attempts;
DROP TABLE outbox;
ALTER TABLE outbox_v2 RENAME TO outbox;
ALTER TABLE outbox_attempts_v2 RENAME TO outbox_attempts;

CREATE INDEX outbox_due ON outbox (retry_at, id) WHERE state = 'queued';
CREATE INDEX outbox_campaign ON outbox (campaign_id, state DESC);
CREATE INDEX outbox_email ON outbox (email_key);
CREATE TRIGGER outbox_attempts_no_update BEFORE UPDATE ON outbox_attempts
BEGIN
    SELECT RAISE(ABORT, 'outbox_attempts is append-only');
END;
CREATE TRIGGER outbox_attempts_no_delete BEFORE DELETE ON outbox_attempts
BEGIN
    SELECT RAISE(ABORT, 'outbox_attempts is append-only');
END;
