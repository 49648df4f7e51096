//! Test fixtures: a store in a temporary folder and builders for test data.

use crate::customers::CustomerInput;
use crate::orders::{OrderInput, OrderLineInput, OrderStatus};
use crate::settings::{self, Settings};
use crate::store::Store;

pub struct TestStore {
    pub store: Store,
    _dir: tempfile::TempDir,
}

impl TestStore {
    /// A real SQLite file in a temp folder, set up as a Spanish shop.
    pub fn new() -> Self {
        let dir = tempfile::tempdir().expect("temp dir");
        let store = Store::open_in_dir(dir.path()).expect("open store");
        settings::update(
            &store,
            Settings { shop_name: "Tienda de prueba".into(), ..Settings::defaults_for_locale("es-ES") },
        )
        .expect("settings");
        Self { store, _dir: dir }
    }
}

pub fn customer_input(name: &str) -> CustomerInput {
    CustomerInput { name: name.into(), ..Default::default() }
}

pub fn line(product: &str, quantity: &str, unit_price: &str) -> OrderLineInput {
    OrderLineInput { product: product.into(), sku: None, quantity: quantity.into(), unit_price: unit_price.into() }
}

pub fn order_input(customer_id: i64) -> OrderInput {
    OrderInput {
        customer_id,
        number: None,
        status: OrderStatus::Placed,
        placed_on: "2025-02-01".into(),
        delivered_on: None,
        carrier: None,
        tracking_code: None,
        currency: None,
        lines: vec![line("Camiseta", "1", "19,90")],
        coupon: None,
        tracking_url: None,
    }
}
