-- Shipped migrations are never edited; add a new numbered file instead.

CREATE TABLE settings (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    shop_name TEXT NOT NULL,
    country TEXT NOT NULL,          -- ISO 3166-1 alpha-2, default region for phone numbers
    currency TEXT NOT NULL,         -- ISO 4217
    language TEXT NOT NULL CHECK (language IN ('auto', 'es', 'en'))
) STRICT;

CREATE TABLE customers (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL CHECK (length(name) > 0),
    email TEXT,                     -- as typed (trimmed)
    email_key TEXT,                 -- lowercase, for matching duplicates
    phone TEXT,                     -- E.164
    preferred_channel TEXT NOT NULL CHECK (preferred_channel IN ('email', 'phone', 'whatsapp', 'sms', 'none')),
    language TEXT CHECK (language IN ('es', 'en')),
    notes TEXT NOT NULL DEFAULT '',
    search_key TEXT NOT NULL,       -- accent- and case-folded name/email/phone
    created_at INTEGER NOT NULL,    -- unix ms, UTC
    updated_at INTEGER NOT NULL
) STRICT;
CREATE INDEX customers_email_key ON customers (email_key) WHERE email_key IS NOT NULL;
CREATE INDEX customers_phone ON customers (phone) WHERE phone IS NOT NULL;
CREATE INDEX customers_name ON customers (name COLLATE NOCASE);

CREATE TABLE orders (
    id INTEGER PRIMARY KEY,
    customer_id INTEGER NOT NULL REFERENCES customers (id),
    source TEXT NOT NULL,           -- 'manual', later 'shopify', 'woocommerce', 'csv'
    number TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('placed', 'paid', 'shipped', 'delivered', 'cancelled')),
    currency TEXT NOT NULL,
    placed_on TEXT NOT NULL,        -- YYYY-MM-DD
    delivered_on TEXT,              -- YYYY-MM-DD
    carrier TEXT,
    tracking_code TEXT,
    created_at INTEGER NOT NULL,
    UNIQUE (source, number)
) STRICT;
CREATE INDEX orders_customer ON orders (customer_id, placed_on DESC, id DESC);
CREATE INDEX orders_placed ON orders (placed_on DESC, id DESC);

CREATE TABLE order_lines (
    order_id INTEGER NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    product TEXT NOT NULL CHECK (length(product) > 0),
    sku TEXT,
    quantity INTEGER NOT NULL CHECK (quantity > 0),
    unit_price_minor INTEGER NOT NULL CHECK (unit_price_minor >= 0),
    -- Clustered by order: an order's lines are read together, and imports append.
    PRIMARY KEY (order_id, position)
) STRICT, WITHOUT ROWID;
