//! `orders-generic.csv` and `orders-spanish-excel.csv`: the same rows, the
//! second as Spanish Excel saves them (Windows-1252, `;`, CRLF, decimal
//! comma, `dd/mm/yyyy`, Spanish header and statuses).

use std::io::{self, Write};

use crate::catalog::Product;
use crate::orders::Order;
use crate::people::Customer;

pub const GENERIC_HEADER: [&str; 15] = [
    "order_number",
    "order_date",
    "status",
    "customer_name",
    "customer_email",
    "customer_phone",
    "city",
    "product",
    "sku",
    "quantity",
    "unit_price",
    "currency",
    "carrier",
    "tracking_code",
    "delivered_on",
];

pub const SPANISH_HEADER: [&str; 15] = [
    "Pedido",
    "Fecha",
    "Estado",
    "Cliente",
    "Email",
    "Teléfono",
    "Ciudad",
    "Producto",
    "SKU",
    "Cantidad",
    "Precio unidad",
    "Moneda",
    "Transportista",
    "Seguimiento",
    "Entregado",
];

#[derive(Clone, Copy)]
pub enum Dialect {
    Generic,
    SpanishExcel,
}

pub struct OrderLinesCsv<W: Write> {
    out: csv::Writer<W>,
    dialect: Dialect,
}

impl<W: Write> OrderLinesCsv<W> {
    pub fn new(inner: W, dialect: Dialect) -> io::Result<Self> {
        let mut builder = csv::WriterBuilder::new();
        let header = match dialect {
            Dialect::Generic => {
                builder.terminator(csv::Terminator::Any(b'\n'));
                GENERIC_HEADER
            }
            Dialect::SpanishExcel => {
                builder.delimiter(b';').terminator(csv::Terminator::CRLF);
                SPANISH_HEADER
            }
        };
        let mut out = builder.buffer_capacity(1 << 16).from_writer(inner);
        out.write_record(header)?;
        Ok(OrderLinesCsv { out, dialect })
    }

    pub fn write_order(&mut self, order: &Order, customer: &Customer, products: &[Product]) -> io::Result<()> {
        let spanish = matches!(self.dialect, Dialect::SpanishExcel);
        let number = order.number.to_string();
        let (date, status, delivered) = if spanish {
            (
                order.created.date.spanish(),
                order.status.spanish(),
                order.delivered_on.map(|d| d.spanish()).unwrap_or_default(),
            )
        } else {
            (order.created.date.iso(), order.status.code(), order.delivered_on.map(|d| d.iso()).unwrap_or_default())
        };
        let name = customer.name();
        let email = customer.email.as_deref().unwrap_or("");
        let phone = customer.phone.as_deref().unwrap_or("");
        let carrier = order.carrier.map(|c| c.name()).unwrap_or("");
        for line in &order.lines {
            let product = &products[line.product];
            let quantity = line.quantity.to_string();
            let price = if spanish { &product.price_comma } else { &product.price_point };
            self.out.write_record([
                number.as_str(),
                &date,
                status,
                &name,
                email,
                phone,
                customer.city.name,
                &product.name,
                &product.sku,
                &quantity,
                price,
                "EUR",
                carrier,
                &order.tracking,
                &delivered,
            ])?;
        }
        Ok(())
    }

    pub fn finish(mut self) -> io::Result<W> {
        self.out.flush()?;
        self.out.into_inner().map_err(|e| e.into_error())
    }
}
