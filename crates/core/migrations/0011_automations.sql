-- Shipped migrations are never edited; add a new numbered file instead.
-- Post-purchase automations: carriers and their tracking links, the steps
-- each order reached (what order notifications are due from), rules and
-- what they sent (one row per customer, rule and triggering event), and
-- coupons with their redemptions.

-- Tracking links: `{code}` in the pattern becomes the order's tracking code.
CREATE TABLE carriers (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE COLLATE NOCASE CHECK (length(name) BETWEEN 1 AND 80),
    url_pattern TEXT NOT NULL CHECK (url_pattern LIKE 'https://%{code}%' OR url_pattern LIKE 'http://%{code}%'),
    position INTEGER NOT NULL
) STRICT;
INSERT INTO carriers (name, url_pattern, position) VALUES
    ('Correos', 'https://www.correos.es/es/es/herramientas/localizador/envios/detalle?tracking-number={code}', 1),
    ('SEUR', 'https://www.seur.com/livetracking/?segOnlineIdentificador={code}', 2),
    ('MRW', 'https://www.mrw.es/seguimiento_envios/MRW_resultados_consultas.asp?modo=nacional&envio={code}', 3),
    ('GLS', 'https://gls-group.com/ES/es/seguimiento-envios?match={code}', 4),
    ('DHL', 'https://www.dhl.com/es-es/home/tracking/tracking-express.html?tracking-id={code}', 5),
    ('UPS', 'https://www.ups.com/track?loc=es_ES&tracknum={code}', 6),
    ('Estafeta', 'https://rastreositecorecms.azurewebsites.net/Tracking/searchByGet/?wayBillType=1&wayBill={code}', 7),
    ('Chilexpress', 'https://centrodeayuda.chilexpress.cl/seguimiento/{code}', 8);

-- An order with a carrier that is not in the table: the shop's own link.
ALTER TABLE orders ADD COLUMN tracking_url TEXT;
-- The coupon redeemed on the order and the discount it gave.
ALTER TABLE orders ADD COLUMN coupon_id INTEGER REFERENCES coupons (id);
ALTER TABLE orders ADD COLUMN discount_minor INTEGER NOT NULL DEFAULT 0 CHECK (discount_minor >= 0);
-- A coupon's page lists the orders that used it.
CREATE INDEX orders_coupon ON orders (coupon_id) WHERE coupon_id IS NOT NULL;

-- Each step an order reached and when Posventa saw it, whoever moved it (a
-- person, an import, a bulk change): triggers, so no path can forget. A new
-- order counts as 'placed' (and 'shipped' when it arrives shipped) only when
-- it is recent: importing years of history announces nothing.
CREATE TABLE order_steps (
    order_id INTEGER NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
    step TEXT NOT NULL CHECK (step IN ('placed', 'shipped', 'delivered')),
    at INTEGER NOT NULL,
    PRIMARY KEY (order_id, step)
) STRICT, WITHOUT ROWID;
CREATE INDEX order_steps_at ON order_steps (at);

CREATE TRIGGER orders_steps_new AFTER INSERT ON orders
WHEN NEW.placed_on >= date('now', '-14 days') AND NEW.status <> 'cancelled'
BEGIN
    INSERT OR IGNORE INTO order_steps (order_id, step, at)
    VALUES (NEW.id, 'placed', CAST(unixepoch('subsec') * 1000 AS INTEGER));
    INSERT OR IGNORE INTO order_steps (order_id, step, at)
    SELECT NEW.id, 'shipped', CAST(unixepoch('subsec') * 1000 AS INTEGER) WHERE NEW.status = 'shipped';
END;

CREATE TRIGGER orders_steps_moved AFTER UPDATE OF status ON orders
WHEN NEW.status <> OLD.status AND NEW.status IN ('shipped', 'delivered')
BEGIN
    INSERT OR IGNORE INTO order_steps (order_id, step, at)
    VALUES (NEW.id, NEW.status, CAST(unixepoch('subsec') * 1000 AS INTEGER));
END;

-- Guard rails shared by every rule. Times are minutes after midnight in the
-- shop's time zone (an IANA name; '' = the computer's).
CREATE TABLE automation_settings (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    time_zone TEXT NOT NULL DEFAULT '',
    quiet_from INTEGER NOT NULL DEFAULT 1260 CHECK (quiet_from BETWEEN 0 AND 1439),
    quiet_to INTEGER NOT NULL DEFAULT 540 CHECK (quiet_to BETWEEN 0 AND 1439),
    marketing_cap_days INTEGER NOT NULL DEFAULT 7 CHECK (marketing_cap_days BETWEEN 0 AND 365),
    catch_up_days INTEGER NOT NULL DEFAULT 7 CHECK (catch_up_days BETWEEN 1 AND 60)
) STRICT;
INSERT INTO automation_settings (id) VALUES (1);

-- The rules a shop can switch on, one row each (their logic is in code).
-- Empty subject/body = the built-in text in that language.
CREATE TABLE automation_rules (
    id INTEGER PRIMARY KEY,
    key TEXT NOT NULL UNIQUE,
    enabled INTEGER NOT NULL DEFAULT 0 CHECK (enabled IN (0, 1)),
    enabled_at INTEGER,                      -- only events after it count
    delay_days INTEGER NOT NULL CHECK (delay_days BETWEEN 0 AND 3650),
    condition TEXT NOT NULL DEFAULT '',      -- care tips: product or SKU contains
    coupon_percent INTEGER NOT NULL DEFAULT 0 CHECK (coupon_percent BETWEEN 0 AND 100),
    coupon_days INTEGER NOT NULL DEFAULT 30 CHECK (coupon_days BETWEEN 1 AND 3650),
    subject_es TEXT NOT NULL DEFAULT '',
    body_es TEXT NOT NULL DEFAULT '',
    subject_en TEXT NOT NULL DEFAULT '',
    body_en TEXT NOT NULL DEFAULT '',
    updated_at INTEGER NOT NULL DEFAULT 0
) STRICT;
INSERT INTO automation_rules (key, delay_days, condition) VALUES
    ('order_placed', 0, ''), ('order_shipped', 0, ''), ('order_delivered', 0, ''),
    ('care_tips', 3, ''), ('survey', 7, 'nps'), ('review_request', 2, ''), ('win_back', 180, ''),
    ('points_expiring', 14, '');

CREATE TABLE coupons (
    id INTEGER PRIMARY KEY,
    code TEXT NOT NULL UNIQUE COLLATE NOCASE CHECK (length(code) BETWEEN 4 AND 32),
    kind TEXT NOT NULL CHECK (kind IN ('percent', 'fixed')),
    value INTEGER NOT NULL CHECK (value > 0 AND (kind <> 'percent' OR value <= 100)),  -- percent, or minor units
    currency TEXT NOT NULL,
    min_order_minor INTEGER NOT NULL DEFAULT 0 CHECK (min_order_minor >= 0),
    expires_on TEXT,                         -- last valid day, shop's calendar
    max_uses INTEGER CHECK (max_uses IS NULL OR max_uses > 0),  -- NULL: no limit
    -- The schema itself refuses a redemption beyond the limit.
    uses INTEGER NOT NULL DEFAULT 0 CHECK (uses >= 0 AND (max_uses IS NULL OR uses <= max_uses)),
    customer_id INTEGER REFERENCES customers (id) ON DELETE SET NULL,
    source TEXT NOT NULL CHECK (source IN ('manual', 'rule', 'bulk', 'complaint', 'points', 'referral')),
    note TEXT NOT NULL DEFAULT '',
    created_at INTEGER NOT NULL
) STRICT;
CREATE INDEX coupons_customer ON coupons (customer_id) WHERE customer_id IS NOT NULL;

-- What each rule sent, to whom and why: one row per customer, rule and
-- triggering event ('order:12', 'response:7', 'last_order:40'), so nothing
-- is ever sent twice, whatever restarts or catch-ups happen.
CREATE TABLE automation_sends (
    id INTEGER PRIMARY KEY,
    rule_id INTEGER NOT NULL REFERENCES automation_rules (id),
    customer_id INTEGER NOT NULL REFERENCES customers (id) ON DELETE CASCADE,
    trigger TEXT NOT NULL,
    order_id INTEGER REFERENCES orders (id) ON DELETE SET NULL,
    outbox_id INTEGER REFERENCES outbox (id),
    coupon_id INTEGER REFERENCES coupons (id),
    marketing INTEGER NOT NULL CHECK (marketing IN (0, 1)),
    at INTEGER NOT NULL,
    UNIQUE (rule_id, customer_id, trigger)
) STRICT;
CREATE INDEX automation_sends_customer ON automation_sends (customer_id, at);
