-- Shipped migrations are never edited; add a new numbered file instead.

ALTER TABLE customers ADD COLUMN city TEXT;

-- Substring search over the folded name/email/phone key and order numbers:
-- trigram indexes answer "any fragment" queries without scanning.
CREATE VIRTUAL TABLE customers_fts USING fts5 (
    search_key, content = 'customers', content_rowid = 'id', tokenize = 'trigram'
);
INSERT INTO customers_fts (customers_fts) VALUES ('rebuild');
CREATE TRIGGER customers_fts_insert AFTER INSERT ON customers BEGIN
    INSERT INTO customers_fts (rowid, search_key) VALUES (new.id, new.search_key);
END;
CREATE TRIGGER customers_fts_delete AFTER DELETE ON customers BEGIN
    INSERT INTO customers_fts (customers_fts, rowid, search_key) VALUES ('delete', old.id, old.search_key);
END;
CREATE TRIGGER customers_fts_update AFTER UPDATE OF search_key ON customers BEGIN
    INSERT INTO customers_fts (customers_fts, rowid, search_key) VALUES ('delete', old.id, old.search_key);
    INSERT INTO customers_fts (rowid, search_key) VALUES (new.id, new.search_key);
END;

CREATE VIRTUAL TABLE orders_fts USING fts5 (
    number, content = 'orders', content_rowid = 'id', tokenize = 'trigram'
);
INSERT INTO orders_fts (orders_fts) VALUES ('rebuild');
CREATE TRIGGER orders_fts_insert AFTER INSERT ON orders BEGIN
    INSERT INTO orders_fts (rowid, number) VALUES (new.id, new.number);
END;
CREATE TRIGGER orders_fts_delete AFTER DELETE ON orders BEGIN
    INSERT INTO orders_fts (orders_fts, rowid, number) VALUES ('delete', old.id, old.number);
END;

