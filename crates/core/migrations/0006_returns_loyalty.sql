-- Shipped migrations are never edited; add a new numbered file instead.
-- Returns (RMA) under a written policy, and loyalty points as an append-only
-- ledger whose balance is always derived.

CREATE TABLE return_policy (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    window_days INTEGER NOT NULL CHECK (window_days BETWEEN 0 AND 3650),
    fee_kind TEXT NOT NULL CHECK (fee_kind IN ('none', 'percent', 'fixed')),
    fee_value INTEGER NOT NULL CHECK (fee_value >= 0),   -- percent, or minor units of the shop's currency
    offer_refund INTEGER NOT NULL CHECK (offer_refund IN (0, 1)),
    offer_exchange INTEGER NOT NULL CHECK (offer_exchange IN (0, 1)),
    offer_credit INTEGER NOT NULL CHECK (offer_credit IN (0, 1)),
    bonus_percent INTEGER NOT NULL CHECK (bonus_percent BETWEEN 0 AND 100),  -- for store credit or exchange
    policy_text TEXT NOT NULL DEFAULT '',
    notify_customer INTEGER NOT NULL DEFAULT 0 CHECK (notify_customer IN (0, 1))
) STRICT;
INSERT INTO return_policy VALUES (1, 30, 'none', 0, 1, 1, 1, 0, '', 0);

-- Seeded reasons carry a code the UI translates; the owner's own have a label.
CREATE TABLE return_reasons (
    id INTEGER PRIMARY KEY,
    code TEXT UNIQUE,
    label TEXT NOT NULL DEFAULT '',
    waives_fee INTEGER NOT NULL DEFAULT 0 CHECK (waives_fee IN (0, 1)),
    active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    CHECK (code IS NOT NULL OR length(label) > 0)
) STRICT;
INSERT INTO return_reasons (code, waives_fee) VALUES
    ('wrong_size', 0), ('defective', 1), ('not_as_described', 1), ('changed_mind', 0);

CREATE TABLE returns (
    id INTEGER PRIMARY KEY,
    order_id INTEGER NOT NULL REFERENCES orders (id),
    customer_id INTEGER NOT NULL REFERENCES customers (id),
    status TEXT NOT NULL CHECK (status IN
        ('requested', 'approved', 'rejected', 'received', 'refunded', 'exchanged', 'credited', 'closed')),
    reason_id INTEGER NOT NULL REFERENCES return_reasons (id),
    outcome TEXT NOT NULL CHECK (outcome IN ('refund', 'exchange', 'credit')),
    note TEXT NOT NULL DEFAULT '',
    currency TEXT NOT NULL,
    gross_minor INTEGER NOT NULL CHECK (gross_minor >= 0),
    fee_minor INTEGER NOT NULL CHECK (fee_minor >= 0),
    bonus_minor INTEGER NOT NULL CHECK (bonus_minor >= 0),
    amount_minor INTEGER NOT NULL CHECK (amount_minor >= 0),
    overridden_rules TEXT NOT NULL DEFAULT '',   -- comma-separated rule codes the owner overrode
    override_reason TEXT NOT NULL DEFAULT '',
    settled_at INTEGER,                          -- when refunded, exchanged or credited
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
) STRICT;
CREATE INDEX returns_status ON returns (status, created_at);
CREATE INDEX returns_order ON returns (order_id);
CREATE INDEX returns_customer ON returns (customer_id, created_at);

CREATE TABLE return_lines (
    return_id INTEGER NOT NULL REFERENCES returns (id),
    position INTEGER NOT NULL,               -- the order line's position
    quantity INTEGER NOT NULL CHECK (quantity > 0),
    unit_price_minor INTEGER NOT NULL CHECK (unit_price_minor >= 0),
    PRIMARY KEY (return_id, position)
) STRICT, WITHOUT ROWID;

-- The request's timeline: who moved it where, when and why.
CREATE TABLE return_events (
    id INTEGER PRIMARY KEY,
    return_id INTEGER NOT NULL REFERENCES returns (id),
    at INTEGER NOT NULL,
    status TEXT NOT NULL,
    actor TEXT NOT NULL,
    note TEXT NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX return_events_return ON return_events (return_id, id);
CREATE TRIGGER return_events_no_update BEFORE UPDATE ON return_events
BEGIN
    SELECT RAISE(ABORT, 'return_events is append-only');
END;
CREATE TRIGGER return_events_no_delete BEFORE DELETE ON return_events
BEGIN
    SELECT RAISE(ABORT, 'return_events is append-only');
END;

CREATE TABLE loyalty_settings (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    enabled INTEGER NOT NULL CHECK (enabled IN (0, 1)),
    points_per_unit INTEGER NOT NULL CHECK (points_per_unit BETWEEN 0 AND 10000),
    earn_on TEXT NOT NULL CHECK (earn_on IN ('paid', 'delivered')),
    pending_days INTEGER CHECK (pending_days BETWEEN 0 AND 3650),   -- NULL: the return window
    redeem_points INTEGER NOT NULL CHECK (redeem_points > 0),
    redeem_value_minor INTEGER NOT NULL CHECK (redeem_value_minor > 0),
    expiry_months INTEGER CHECK (expiry_months BETWEEN 1 AND 120),  -- NULL: points never expire
    referrer_points INTEGER NOT NULL CHECK (referrer_points >= 0),
    referred_points INTEGER NOT NULL CHECK (referred_points >= 0),
    -- Every lot expiring up to here has been dealt with by an expiry run.
    expired_through INTEGER NOT NULL DEFAULT 0
) STRICT;
INSERT INTO loyalty_settings VALUES (1, 1, 1, 'delivered', NULL, 100, 100, NULL, 100, 100, 0);

CREATE TABLE loyalty_tiers (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL CHECK (length(name) > 0),
    threshold_minor INTEGER NOT NULL UNIQUE CHECK (threshold_minor >= 0),  -- spend over the last 12 months
    multiplier_percent INTEGER NOT NULL CHECK (multiplier_percent BETWEEN 100 AND 1000)
) STRICT;

-- The ledger. Credits (points > 0) are lots that become spendable at
-- available_at and may expire; debits (points < 0) record in
-- points_allocations which lots they consumed, so a lot's remainder, the
-- balance and the expiry are all derived. `key` makes an entry that must
-- happen at most once (earning for an order, a referral reward, an
-- expiry) a unique fact rather than a check in code.
CREATE TABLE points_ledger (
    id INTEGER PRIMARY KEY,
    customer_id INTEGER NOT NULL REFERENCES customers (id),
    kind TEXT NOT NULL CHECK (kind IN ('earn', 'redeem', 'adjust', 'expire', 'reverse', 'referral')),
    points INTEGER NOT NULL,
    order_id INTEGER REFERENCES orders (id),
    return_id INTEGER REFERENCES returns (id),
    note TEXT NOT NULL DEFAULT '',
    available_at INTEGER NOT NULL,
    expires_at INTEGER,
    shortfall INTEGER NOT NULL DEFAULT 0 CHECK (shortfall >= 0),  -- a reversal the balance could not cover
    key TEXT UNIQUE,
    created_at INTEGER NOT NULL,
    CHECK (points <> 0 OR shortfall > 0)
) STRICT;
CREATE INDEX points_ledger_customer ON points_ledger (customer_id, id);
CREATE INDEX points_ledger_expiring ON points_ledger (expires_at) WHERE points > 0 AND expires_at IS NOT NULL;
CREATE INDEX points_ledger_order ON points_ledger (order_id) WHERE order_id IS NOT NULL;

CREATE TABLE points_allocations (
    debit_id INTEGER NOT NULL REFERENCES points_ledger (id),
    credit_id INTEGER NOT NULL REFERENCES points_ledger (id),
    points INTEGER NOT NULL CHECK (points > 0),
    PRIMARY KEY (credit_id, debit_id)
) STRICT, WITHOUT ROWID;

CREATE TRIGGER points_ledger_no_update BEFORE UPDATE ON points_ledger
BEGIN
    SELECT RAISE(ABORT, 'points_ledger is append-only');
END;
CREATE TRIGGER points_ledger_no_delete BEFORE DELETE ON points_ledger
BEGIN
    SELECT RAISE(ABORT, 'points_ledger is append-only');
END;
CREATE TRIGGER points_allocations_no_update BEFORE UPDATE ON points_allocations
BEGIN
    SELECT RAISE(ABORT, 'points_allocations is append-only');
END;
CREATE TRIGGER points_allocations_no_delete BEFORE DELETE ON points_allocations
BEGIN
    SELECT RAISE(ABORT, 'points_allocations is append-only');
END;

-- Who brought whom. A customer is referred at most once, never by themself.
CREATE TABLE referrals (
    customer_id INTEGER PRIMARY KEY REFERENCES customers (id),
    referrer_id INTEGER NOT NULL REFERENCES customers (id),
    created_at INTEGER NOT NULL,
    CHECK (customer_id <> referrer_id)
) STRICT;
CREATE INDEX referrals_referrer ON referrals (referrer_id);

-- A cache of each customer's tier, rebuilt from orders by a recompute (for
-- lists and the dashboard); the customer page computes its own live.
CREATE TABLE customer_tiers (
    customer_id INTEGER PRIMARY KEY REFERENCES customers (id) ON DELETE CASCADE,
    tier_id INTEGER REFERENCES loyalty_tiers (id) ON DELETE SET NULL,
    spend_minor INTEGER NOT NULL,
    computed_at INTEGER NOT NULL
) STRICT;
