//! `orders-woocommerce.csv`: WooCommerce's "Customer/Order/Coupon Export",
//! one row per item with the order's fields repeated (UTF-8 with BOM).

use std::io::{self, Write};

use crate::catalog::Product;
use crate::money::format_cents;
use crate::orders::{Order, Payment, Status};
use crate::people::Customer;

pub const HEADER: [&str; 32] = [
    "order_id",
    "order_number",
    "order_date",
    "status",
    "shipping_total",
    "tax_total",
    "discount_total",
    "order_total",
    "order_currency",
    "payment_method",
    "shipping_method",
    "customer_id",
    "billing_first_name",
    "billing_last_name",
    "billing_email",
    "billing_phone",
    "billing_address_1",
    "billing_postcode",
    "billing_city",
    "billing_country",
    "shipping_first_name",
    "shipping_last_name",
    "shipping_city",
    "shipping_country",
    "customer_note",
    "item_id",
    "item_name",
    "item_sku",
    "item_quantity",
    "item_subtotal",
    "item_total",
    "item_price",
];

pub struct WooCommerceCsv<W: Write> {
    out: csv::Writer<W>,
    next_item_id: u64,
}

impl<W: Write> WooCommerceCsv<W> {
    pub fn new(mut inner: W) -> io::Result<Self> {
        inner.write_all("\u{feff}".as_bytes())?;
        let mut out = csv::WriterBuilder::new()
            .terminator(csv::Terminator::Any(b'\n'))
            .buffer_capacity(1 << 16)
            .from_writer(inner);
        out.write_record(HEADER)?;
        Ok(WooCommerceCsv { out, next_item_id: 4821 })
    }

    pub fn write_order(
        &mut self,
        order: &Order,
        customer_index: usize,
        customer: &Customer,
        products: &[Product],
    ) -> io::Result<()> {
        // WooCommerce has no "shipped": shops mark an order completed when it
        // leaves the warehouse.
        let status = match order.status {
            Status::Placed if order.payment == Payment::BankTransfer => "on-hold",
            Status::Placed => "pending",
            Status::Paid => "processing",
            Status::Shipped | Status::Delivered => "completed",
            Status::Cancelled if order.refunded => "refunded",
            Status::Cancelled => "cancelled",
        };
        let order_id = order.woocommerce_id.to_string();
        let number = order.number.to_string();
        let date = order.created.local();
        let shipping = format_cents(order.shipping, '.');
        let tax = format_cents(order.taxes(customer), '.');
        let discount = format_cents(order.discount, '.');
        let total = format_cents(order.total(), '.');
        let customer_id = if customer.registered { (customer_index + 1).to_string() } else { "0".to_string() };
        let street = customer.street();
        let country = customer.city.country.code();
        for line in &order.lines {
            let product = &products[line.product];
            let item_id = self.next_item_id.to_string();
            self.next_item_id += 1;
            let quantity = line.quantity.to_string();
            let line_total = format_cents(product.price * i64::from(line.quantity), '.');
            self.out.write_record([
                order_id.as_str(),
                &number,
                &date,
                status,
                &shipping,
                &tax,
                &discount,
                &total,
                "EUR",
                order.payment.woocommerce(),
                order.shipping_method,
                &customer_id,
                &customer.first_name,
                &customer.last_name,
                customer.email.as_deref().unwrap_or(""),
                customer.phone.as_deref().unwrap_or(""),
                &street,
                &customer.postcode,
                customer.city.name,
                country,
                &customer.first_name,
                &customer.last_name,
                customer.city.name,
                country,
                order.note,
                &item_id,
                &product.name,
                &product.sku,
                &quantity,
                &line_total,
                &line_total,
                &product.price_point,
            ])?;
        }
        Ok(())
    }

    pub fn finish(mut self) -> io::Result<W> {
        self.out.flush()?;
        self.out.into_inner().map_err(|e| e.into_error())
    }
}
