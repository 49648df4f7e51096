-- Shipped migrations are never edited; add a new numbered file instead.
-- The outbox's per-message commit touches fewer pages (each one is a WAL
-- frame written per message sent).

-- States in descending order put a campaign's `sent` entries right before
-- its `sending` ones: a result moves an entry from one to the other inside
-- the same index page instead of touching two. Counting by state and
-- finding what is left work as before.
DROP INDEX outbox_campaign;
CREATE INDEX outbox_campaign ON outbox (campaign_id, state DESC);

-- Nothing looks attempts up by message (they are read per campaign through
-- the outbox, and outbox rows are never deleted): one page less per result.
DROP INDEX outbox_attempts_message;
