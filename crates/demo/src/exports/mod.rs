//! The files written into the output folder, one module per layout.

mod cp1252;
mod customers;
mod generic;
mod shopify;
mod woocommerce;

use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::path::Path;

use crate::catalog::Product;
use crate::orders::Order;
use crate::people::Customer;

pub use cp1252::Cp1252Writer;
pub use customers::HEADER as CUSTOMERS_HEADER;
pub use generic::{GENERIC_HEADER, SPANISH_HEADER};
pub use shopify::HEADER as SHOPIFY_HEADER;
pub use woocommerce::HEADER as WOOCOMMERCE_HEADER;

pub const GENERIC_FILE: &str = "orders-generic.csv";
pub const SPANISH_EXCEL_FILE: &str = "orders-spanish-excel.csv";
pub const SHOPIFY_FILE: &str = "orders-shopify.csv";
pub const WOOCOMMERCE_FILE: &str = "orders-woocommerce.csv";
pub const CUSTOMERS_FILE: &str = "customers.csv";

type FileOut = BufWriter<File>;

fn create(dir: &Path, name: &str) -> io::Result<FileOut> {
    let path = dir.join(name);
    let file =
        File::create(&path).map_err(|e| io::Error::new(e.kind(), format!("cannot create {}: {e}", path.display())))?;
    Ok(BufWriter::with_capacity(1 << 16, file))
}

pub fn write_customers(dir: &Path, customers: &[Customer]) -> io::Result<()> {
    customers::write_customers(create(dir, CUSTOMERS_FILE)?, customers)?.flush()
}

/// The four order files, written side by side as orders stream past.
pub struct OrderFiles {
    generic: generic::OrderLinesCsv<FileOut>,
    spanish: generic::OrderLinesCsv<Cp1252Writer<FileOut>>,
    shopify: shopify::ShopifyCsv<FileOut>,
    woocommerce: woocommerce::WooCommerceCsv<FileOut>,
}

impl OrderFiles {
    pub fn create(dir: &Path) -> io::Result<Self> {
        Ok(OrderFiles {
            generic: generic::OrderLinesCsv::new(create(dir, GENERIC_FILE)?, generic::Dialect::Generic)?,
            spanish: generic::OrderLinesCsv::new(
                Cp1252Writer::new(create(dir, SPANISH_EXCEL_FILE)?),
                generic::Dialect::SpanishExcel,
            )?,
            shopify: shopify::ShopifyCsv::new(create(dir, SHOPIFY_FILE)?)?,
            woocommerce: woocommerce::WooCommerceCsv::new(create(dir, WOOCOMMERCE_FILE)?)?,
        })
    }

    pub fn write(&mut self, order: &Order, customers: &[Customer], products: &[Product]) -> io::Result<()> {
        let customer = &customers[order.customer];
        self.generic.write_order(order, customer, products)?;
        self.spanish.write_order(order, customer, products)?;
        self.shopify.write_order(order, customer, products)?;
        self.woocommerce.write_order(order, order.customer, customer, products)
    }

    pub fn finish(self) -> io::Result<()> {
        self.generic.finish()?.flush()?;
        self.spanish.finish()?.flush()?;
        self.shopify.finish()?.flush()?;
        self.woocommerce.finish()?.flush()
    }
}
