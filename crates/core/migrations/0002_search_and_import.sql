-- Shipped migrations are never edited; add a new numbered file instead.

ALTER TABLE customers ADD COLUMN city TEXT;

-- Substring search over the folded name/email/phone key and order numbers:
-- trigram indexes answer "any fragment" queries without scanning. They are
-- kept by crates/core/src/search_index.rs, not by triggers: a trigger makes
-- FTS5 flush on every statement, which made imports several times slower.
CREATE VIRTUAL TABLE customers_fts USING fts5 (
    search_key, content = 'customers', content_rowid = 'id', tokenize = 'trigram'
);
INSERT INTO customers_fts (customers_fts) VALUES ('rebuild');

CREATE VIRTUAL TABLE orders_fts USING fts5 (
    number, content = 'orders', content_rowid = 'id', tokenize = 'trigram'
);
INSERT INTO orders_fts (orders_fts) VALUES ('rebuild');

