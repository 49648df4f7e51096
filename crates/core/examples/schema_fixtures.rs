//! Writes `crates/core/tests/schema/vNN.sqlite3`: a store as schema version
//! NN left it, with data entered at each earlier version and upgraded in
//! turn, the way a shop's real store ages. Existing files are never
//! rewritten: when a new migration ships, run this once and commit the new
//! fixture; `tests/schema_upgrades.rs` opens every one with the current
//! build and fails if a version has no fixture.
//!
//! `cargo run -p posventa-core --example schema_fixtures`

use std::path::Path;

use posventa_core::store::{LATEST_VERSION, migrate_to};
use rusqlite::Connection;

/// What a shop had typed in by each version (run once the store reached it).
const SEEDS: &[(usize, &str)] = &[
    (
        1,
        "INSERT INTO settings VALUES (1, 'Tienda Sol', 'ES', 'EUR', 'auto');
         INSERT INTO customers (id, name, email, email_key, phone, preferred_channel, language, notes, search_key,
                                created_at, updated_at)
         VALUES (1, 'José Núñez', 'Jose.Nunez@Example.com', 'jose.nunez@example.com', '+34612345678', 'phone', 'es',
                 'Prefiere llamadas por la tarde', 'jose nunez jose.nunez@example.com 34612345678',
                 1700000000000, 1700000000000),
                (2, 'Ana Ruiz', NULL, NULL, NULL, 'email', NULL, '', 'ana ruiz  ', 1700000001000, 1700000001000);
         INSERT INTO orders (id, customer_id, source, number, status, currency, placed_on, delivered_on, carrier,
                             tracking_code, created_at)
         VALUES (1, 1, 'manual', '1001', 'delivered', 'EUR', '2024-03-01', '2024-03-05', 'Correos', 'PK123ES',
                 1700000002000),
                (2, 2, 'manual', '1002', 'placed', 'EUR', '2024-04-10', NULL, NULL, NULL, 1700000003000);
         INSERT INTO order_lines VALUES (1, 0, 'Taza de cerámica', 'TZ-1', 2, 1250), (1, 1, 'Plato hondo', NULL, 1, 990),
                                        (2, 0, 'Jarra', 'JR-2', 1, 2400);",
    ),
    (
        3,
        "INSERT INTO lists (id, name, double_opt_in, consent_text, created_at)
             VALUES (1, 'Novedades', 1, 'Quiero recibir novedades de Tienda Sol', 1700000004000);
         INSERT INTO subscribers (id, list_id, email, email_key, name, customer_id, status, consent_at, consent_method,
                                  consent_text, confirm_token, confirmed_at, created_at, updated_at)
             VALUES (1, 1, 'Jose.Nunez@Example.com', 'jose.nunez@example.com', 'José', 1, 'subscribed', 1700000004000,
                     'form', 'Quiero recibir novedades de Tienda Sol', NULL, 1700000005000, 1700000004000, 1700000005000);
         INSERT INTO suppressions VALUES ('baja@example.com', 'unsubscribed', '', 1700000006000);",
    ),
    (
        4,
        "INSERT INTO surveys (id, kind, follow_up_es, follow_up_en, delivered_within_days, created_at)
             VALUES (1, 'nps', '¿Qué podemos mejorar?', 'What could we do better?', 30, 1700000007000);
         INSERT INTO survey_recipients (id, survey_id, customer_id, order_id, ref, language, created_at)
             VALUES (1, 1, 1, 1, '0123456789abcdef0123456789abcdef', 'es', 1700000007000);
         INSERT INTO survey_responses (id, recipient_id, customer_id, order_id, kind, score, comment, channel,
                                       answered_at, created_at)
             VALUES (1, 1, 1, 1, 'nps', 2, 'Tardó mucho en llegar', 'email', 1700000008000, 1700000008000);
         INSERT INTO follow_ups (customer_id, response_id, reason, status, created_at)
             VALUES (1, 1, 'detractor', 'open', 1700000008000);",
    ),
    (
        6,
        "INSERT INTO returns (id, order_id, customer_id, status, reason_id, outcome, note, currency, gross_minor,
                              fee_minor, bonus_minor, amount_minor, settled_at, created_at, updated_at)
             VALUES (1, 1, 1, 'refunded', (SELECT id FROM return_reasons WHERE code = 'defective'), 'refund',
                     'Una taza llegó rota', 'EUR', 1250, 0, 0, 1250, 1700000010000, 1700000009000, 1700000010000);
         INSERT INTO return_lines VALUES (1, 0, 1, 1250);
         INSERT INTO return_events (return_id, at, status, actor, note)
             VALUES (1, 1700000009000, 'requested', 'eva', 'Una taza llegó rota'),
                    (1, 1700000010000, 'refunded', 'eva', '');
         INSERT INTO points_ledger (customer_id, kind, points, order_id, note, available_at, key, created_at)
             VALUES (1, 'earn', 34, 1, '', 1700000002000, 'earn:1', 1700000002000);",
    ),
    (
        9,
        "INSERT INTO complaints (id, customer_id, order_id, category_id, severity, channel, reply_channel, description,
                                 status, due_at, created_at, updated_at)
             VALUES (100, 2, 2, (SELECT id FROM complaint_categories WHERE key = 'late_delivery'), 'high', 'phone',
                     'email', 'La jarra no ha llegado', 'in_progress', 1700086400000, 1700000011000, 1700000012000);
         INSERT INTO complaint_events (complaint_id, at, kind, actor, note, status)
             VALUES (100, 1700000011000, 'opened', 'eva', '', NULL),
                    (100, 1700000012000, 'status', 'eva', 'Llamamos a Correos', 'in_progress');",
    ),
    (
        11,
        "UPDATE automation_rules SET enabled = 1, enabled_at = 1700000013000, delay_days = 200 WHERE key = 'win_back';
         INSERT INTO carriers (name, url_pattern, position) VALUES ('Mensajería Paco', 'https://paco.example/t/{code}', 9);
         INSERT INTO coupons (id, code, kind, value, currency, expires_on, max_uses, uses, customer_id, source, created_at)
             VALUES (1, 'VUELVE-7F3K9Q', 'percent', 10, 'EUR', '2030-01-31', 1, 1, 2, 'rule', 1700000013000);
         INSERT INTO orders (id, customer_id, source, number, status, currency, placed_on, carrier, tracking_code,
                             created_at, coupon_id, discount_minor)
             VALUES (3, 2, 'manual', '1003', 'shipped', 'EUR', '2024-05-02', 'Mensajería Paco', 'P-9', 1700000014000,
                     1, 240);
         INSERT INTO order_lines VALUES (3, 0, 'Jarra', 'JR-2', 1, 2400);
         INSERT INTO automation_sends (rule_id, customer_id, trigger, coupon_id, marketing, at)
             VALUES ((SELECT id FROM automation_rules WHERE key = 'win_back'), 2, 'last_order:2', 1, 1, 1700000013000);",
    ),
    (
        12,
        "UPDATE loyalty_settings SET referral_coupon_percent = 10, referral_coupon_days = 30 WHERE id = 1;
         INSERT INTO coupons (id, code, kind, value, currency, expires_on, max_uses, uses, customer_id, source, created_at)
             VALUES (2, 'BIENVENIDA-4HX7RT', 'percent', 10, 'EUR', '2030-02-28', 1, 0, 1, 'referral', 1700000015000);",
    ),
];

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/schema");
    std::fs::create_dir_all(&dir)?;
    for version in 1..=LATEST_VERSION {
        let path = dir.join(format!("v{version:02}.sqlite3"));
        if path.exists() {
            continue;
        }
        let mut conn = Connection::open(&path)?;
        for step in 1..=version {
            migrate_to(&mut conn, step)?;
            for (_, sql) in SEEDS.iter().filter(|(at, _)| *at == step) {
                conn.execute_batch(sql)?;
            }
        }
        conn.execute_batch("VACUUM")?;
        println!("wrote {}", path.display());
    }
    Ok(())
}
