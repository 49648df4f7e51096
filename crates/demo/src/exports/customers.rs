//! `customers.csv`: the customer list alone (UTF-8 with BOM), notes may span
//! several lines.

use std::io::{self, Write};

use crate::people::Customer;

pub const HEADER: [&str; 6] = ["name", "email", "phone", "city", "language", "notes"];

pub fn write_customers<W: Write>(mut inner: W, customers: &[Customer]) -> io::Result<W> {
    inner.write_all("\u{feff}".as_bytes())?;
    let mut out = csv::WriterBuilder::new().terminator(csv::Terminator::Any(b'\n')).from_writer(inner);
    out.write_record(HEADER)?;
    for customer in customers {
        out.write_record([
            customer.name().as_str(),
            customer.email.as_deref().unwrap_or(""),
            customer.phone.as_deref().unwrap_or(""),
            customer.city.name,
            customer.language,
            &customer.notes,
        ])?;
    }
    out.flush()?;
    out.into_inner().map_err(|e| e.into_error())
}
