//! `orders-shopify.csv`: Shopify's order export. The first row of an order
//! carries every order-level field; the following rows only `Name` and the
//! `Lineitem …` fields.

use std::io::{self, Write};

use crate::catalog::Product;
use crate::money::format_cents;
use crate::orders::{Order, Status};
use crate::people::Customer;

pub const HEADER: [&str; 57] = [
    "Name",
    "Email",
    "Financial Status",
    "Paid at",
    "Fulfillment Status",
    "Fulfilled at",
    "Accepts Marketing",
    "Currency",
    "Subtotal",
    "Shipping",
    "Taxes",
    "Total",
    "Discount Code",
    "Discount Amount",
    "Shipping Method",
    "Created at",
    "Lineitem quantity",
    "Lineitem name",
    "Lineitem price",
    "Lineitem compare at price",
    "Lineitem sku",
    "Lineitem requires shipping",
    "Lineitem taxable",
    "Lineitem fulfillment status",
    "Billing Name",
    "Billing Street",
    "Billing Address1",
    "Billing Address2",
    "Billing Company",
    "Billing City",
    "Billing Zip",
    "Billing Province",
    "Billing Country",
    "Billing Phone",
    "Shipping Name",
    "Shipping Street",
    "Shipping Address1",
    "Shipping Address2",
    "Shipping Company",
    "Shipping City",
    "Shipping Zip",
    "Shipping Province",
    "Shipping Country",
    "Shipping Phone",
    "Notes",
    "Note Attributes",
    "Cancelled at",
    "Payment Method",
    "Payment Reference",
    "Refunded Amount",
    "Vendor",
    "Id",
    "Tags",
    "Risk Level",
    "Source",
    "Lineitem discount",
    "Phone",
];

/// Column positions of the fields every row of an order repeats.
const NAME: usize = 0;
const LINE_QUANTITY: usize = 16;
const LINE_NAME: usize = 17;
const LINE_PRICE: usize = 18;
const LINE_COMPARE_AT: usize = 19;
const LINE_SKU: usize = 20;
const LINE_REQUIRES_SHIPPING: usize = 21;
const LINE_TAXABLE: usize = 22;
const LINE_FULFILLMENT: usize = 23;
const LINE_DISCOUNT: usize = 55;

pub struct ShopifyCsv<W: Write> {
    out: csv::Writer<W>,
}

impl<W: Write> ShopifyCsv<W> {
    pub fn new(inner: W) -> io::Result<Self> {
        let mut out = csv::WriterBuilder::new()
            .terminator(csv::Terminator::Any(b'\n'))
            .buffer_capacity(1 << 16)
            .from_writer(inner);
        out.write_record(HEADER)?;
        Ok(ShopifyCsv { out })
    }

    pub fn write_order(&mut self, order: &Order, customer: &Customer, products: &[Product]) -> io::Result<()> {
        let name = format!("#{}", order.number);
        let financial = match (order.status, order.paid_at, order.refunded) {
            (_, _, true) => "refunded",
            (Status::Cancelled | Status::Placed, _, _) | (_, None, _) => "pending",
            _ => "paid",
        };
        let fulfilled = order.shipped_at.is_some();
        let paid_at = order.paid_at.map(|t| t.with_offset()).unwrap_or_default();
        let fulfilled_at = order.shipped_at.map(|t| t.with_offset()).unwrap_or_default();
        let cancelled_at = order.cancelled_at.map(|t| t.with_offset()).unwrap_or_default();
        let subtotal = format_cents(order.subtotal(), '.');
        let shipping = format_cents(order.shipping, '.');
        let taxes = format_cents(order.taxes(customer), '.');
        let total = format_cents(order.total(), '.');
        let discount = format_cents(order.discount, '.');
        let refunded = format_cents(if order.refunded { order.total() } else { 0 }, '.');
        let created = order.created.with_offset();
        let full_name = customer.name();
        let street = customer.street();
        // Shopify prefixes postcodes with an apostrophe so spreadsheets keep
        // their leading zeros.
        let zip = format!("'{}", customer.postcode);
        let phone = customer.phone.as_deref().unwrap_or("");
        let reference = if order.paid_at.is_some() { format!("c{}.1", order.shopify_id + 7) } else { String::new() };
        let id = order.shopify_id.to_string();
        let first_product = &products[order.lines[0].product];

        for (index, line) in order.lines.iter().enumerate() {
            let product = &products[line.product];
            let quantity = line.quantity.to_string();
            let mut row = [""; 57];
            row[NAME] = &name;
            row[LINE_QUANTITY] = &quantity;
            row[LINE_NAME] = &product.name;
            row[LINE_PRICE] = &product.price_point;
            row[LINE_COMPARE_AT] = &product.compare_at_point;
            row[LINE_SKU] = &product.sku;
            row[LINE_REQUIRES_SHIPPING] = "true";
            row[LINE_TAXABLE] = "true";
            row[LINE_FULFILLMENT] = if fulfilled { "fulfilled" } else { "pending" };
            row[LINE_DISCOUNT] = "0.00";
            if index == 0 {
                row[1] = customer.email.as_deref().unwrap_or("");
                row[2] = financial;
                row[3] = &paid_at;
                row[4] = if fulfilled { "fulfilled" } else { "unfulfilled" };
                row[5] = &fulfilled_at;
                row[6] = if customer.accepts_marketing { "yes" } else { "no" };
                row[7] = "EUR";
                row[8] = &subtotal;
                row[9] = &shipping;
                row[10] = &taxes;
                row[11] = &total;
                row[12] = order.discount_code;
                row[13] = &discount;
                row[14] = order.shipping_method;
                row[15] = &created;
                for base in [24, 34] {
                    row[base] = &full_name;
                    row[base + 1] = &street;
                    row[base + 2] = &customer.address1;
                    row[base + 3] = &customer.address2;
                    row[base + 4] = &customer.company;
                    row[base + 5] = customer.city.name;
                    row[base + 6] = &zip;
                    row[base + 7] = customer.city.province;
                    row[base + 8] = customer.city.country.code();
                    row[base + 9] = phone;
                }
                row[44] = order.note;
                row[46] = &cancelled_at;
                row[47] = order.payment.shopify();
                row[48] = &reference;
                row[49] = &refunded;
                row[50] = first_product.vendor;
                row[51] = &id;
                row[52] = order.tags;
                row[53] = order.risk;
                row[54] = order.source;
                row[56] = phone;
            }
            self.out.write_record(row)?;
        }
        Ok(())
    }

    pub fn finish(mut self) -> io::Result<W> {
        self.out.flush()?;
        self.out.into_inner().map_err(|e| e.into_error())
    }
}
