-- Score links opened (GET) since the reference's last confirmation: the
-- scanner rule resolves them once they have settled, and then they go.
CREATE TABLE clicks (
    ref TEXT NOT NULL,
    survey TEXT NOT NULL,
    score INTEGER NOT NULL,
    at_ms INTEGER NOT NULL
);
CREATE INDEX clicks_by_ref ON clicks (ref, at_ms);

-- The answer that counts now for each reference, i.e. what its last
-- `answer` event said; kept after events are acknowledged so that an
-- unchanged repeat makes no new event.
CREATE TABLE answers (
    ref TEXT PRIMARY KEY,
    survey TEXT NOT NULL,
    score INTEGER NOT NULL,
    comment TEXT,
    at INTEGER NOT NULL
) WITHOUT ROWID;

CREATE TABLE unsubscribes (
    ref TEXT PRIMARY KEY,
    at INTEGER NOT NULL
) WITHOUT ROWID;

-- What the app pulls. AUTOINCREMENT so that ids are never reused, even
-- after every acknowledged event has been deleted: the app's cursor must
-- stay below every new id.
CREATE TABLE events (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    kind TEXT NOT NULL CHECK (kind IN ('answer', 'unsubscribe')),
    ref TEXT NOT NULL,
    survey TEXT,
    score INTEGER,
    comment TEXT,
    at INTEGER NOT NULL
);
