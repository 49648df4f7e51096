//! Keeps the trigram search indexes (`customers_fts`, `orders_fts`) in step
//! with the tables. Every write path that adds or changes a customer's
//! search key or an order number goes through here, in the same transaction.

use rusqlite::{Connection, params};

use crate::error::Result;

pub(crate) fn add_customer(conn: &Connection, id: i64, key: &str) -> Result<()> {
    conn.prepare_cached("INSERT INTO customers_fts (rowid, search_key) VALUES (?1, ?2)")?.execute(params![id, key])?;
    Ok(())
}

pub(crate) fn replace_customer(conn: &Connection, id: i64, old_key: &str, new_key: &str) -> Result<()> {
    if old_key != new_key {
        conn.prepare_cached("INSERT INTO customers_fts (customers_fts, rowid, search_key) VALUES ('delete', ?1, ?2)")?
            .execute(params![id, old_key])?;
        add_customer(conn, id, new_key)?;
    }
    Ok(())
}

pub(crate) fn add_order(conn: &Connection, id: i64, number: &str) -> Result<()> {
    conn.prepare_cached("INSERT INTO orders_fts (rowid, number) VALUES (?1, ?2)")?.execute(params![id, number])?;
    Ok(())
}

/// The highest customer and order ids now: what a bulk write adds comes after.
pub(crate) fn watermark(conn: &Connection) -> Result<(i64, i64)> {
    Ok(conn.query_row(
        "SELECT (SELECT coalesce(max(id), 0) FROM customers), (SELECT coalesce(max(id), 0) FROM orders)",
        [],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?)
}

const FTS_HASH_BYTES: u32 = 64 << 20;

/// Indexes, in two statements, every customer and order added after `mark`:
/// much faster than one insert per row.
pub(crate) fn add_since(conn: &Connection, mark: (i64, i64)) -> Result<()> {
    // FTS5 flushes its in-memory terms to a new segment every 1 MB by
    // default, then merges segments: for a million rows, a bigger buffer
    // means far fewer segments to merge (~20% of this step). The setting is
    // stored with the index; normal writes never hold that much.
    conn.execute_batch(&format!(
        "INSERT INTO customers_fts (customers_fts, rank) VALUES ('hashsize', {FTS_HASH_BYTES});
         INSERT INTO orders_fts (orders_fts, rank) VALUES ('hashsize', {FTS_HASH_BYTES});"
    ))?;
    conn.execute(
        "INSERT INTO customers_fts (rowid, search_key) SELECT id, search_key FROM customers WHERE id > ?1",
        [mark.0],
    )?;
    conn.execute("INSERT INTO orders_fts (rowid, number) SELECT id, number FROM orders WHERE id > ?1", [mark.1])?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use crate::customers::{self, CustomerInput};
    use crate::testkit::{TestStore, customer_input};

    #[test]
    fn search_follows_edits() {
        let t = TestStore::new();
        let c = customers::create(&t.store, &customer_input("Ramón Gómez")).unwrap();
        customers::update(
            &t.store,
            c.id,
            &CustomerInput { phone: Some("699 11 22 33".into()), ..customer_input("Ramona Gil") },
        )
        .unwrap();
        assert!(customers::list(&t.store, "gomez", 10, 0).unwrap().is_empty(), "the old name no longer matches");
        assert_eq!(customers::list(&t.store, "ramona", 10, 0).unwrap().len(), 1);
        assert_eq!(customers::list(&t.store, "699 11", 10, 0).unwrap().len(), 1, "a phone added later is found");
        let integrity: String = t
            .store
            .read(|c| Ok(c.query_row("SELECT 'ok' WHERE (SELECT count(*) FROM customers_fts) >= 0", [], |r| r.get(0))?))
            .unwrap();
        assert_eq!(integrity, "ok");
        t.store
            .write(|tx| {
                tx.execute("INSERT INTO customers_fts (customers_fts, rank) VALUES ('integrity-check', 1)", [])?;
                Ok(())
            })
            .expect("the index agrees with the table");
    }
}
