//! Posventa's demo data: realistic Spanish and Latin-American shop customers
//! and orders, written as the CSV files a shop owner would bring to the app
//! (a generic export, the same as Spanish Excel saves it, Shopify's and
//! WooCommerce's order exports, and a customer list).
//!
//! Everything comes from one seeded generator, so a seed always gives
//! byte-identical files. Orders are streamed to the writers one at a time:
//! memory holds the customers and the catalogue, never the order lines.

mod calendar;
mod catalog;
mod chance;
pub mod exports;
mod money;
mod orders;
mod people;
mod places;

use std::io;
use std::path::PathBuf;

pub use calendar::Date;

pub struct Options {
    pub customers: usize,
    /// Order lines across all orders, exactly.
    pub lines: u64,
    pub out: PathBuf,
    pub seed: u64,
    /// Last day of the four years of orders. Fixed rather than "today" so
    /// the same seed gives the same files on any day.
    pub until: Date,
}

impl Options {
    pub fn default_until() -> Date {
        Date::from_ymd(2026, 11, 1)
    }
}

impl Default for Options {
    fn default() -> Self {
        Options {
            customers: 1000,
            lines: 10_000,
            out: PathBuf::from("demo-data"),
            seed: 42,
            until: Options::default_until(),
        }
    }
}

/// What was written.
#[derive(Debug, PartialEq, Eq)]
pub struct Summary {
    pub customers: usize,
    pub orders: u64,
    pub lines: u64,
}

pub fn generate(options: &Options) -> io::Result<Summary> {
    if options.lines > 0 && options.customers == 0 {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            "orders need customers: give --customers 1 or more, or --lines 0",
        ));
    }
    std::fs::create_dir_all(&options.out)?;
    let mut rng = fastrand::Rng::with_seed(options.seed);
    let products = catalog::catalog();
    let customers = people::customers(&mut rng, options.customers);
    exports::write_customers(&options.out, &customers)?;

    let mut files = exports::OrderFiles::create(&options.out)?;
    let stream = orders::OrderStream::new(rng.fork(), &customers, &products, options.until, options.lines);
    let mut summary = Summary { customers: customers.len(), orders: 0, lines: 0 };
    for order in stream {
        files.write(&order, &customers, &products)?;
        summary.orders += 1;
        summary.lines += order.lines.len() as u64;
    }
    files.finish()?;
    Ok(summary)
}
