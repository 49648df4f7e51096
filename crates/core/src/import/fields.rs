//! The fields an import understands, the layouts that name them, and how a
//! cell's text becomes a value.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::{DateOrder, FieldMapping};
use crate::orders::OrderStatus;
use crate::text;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "kebab-case")]
pub enum Layout {
    /// Our own columns, or any file mapped by hand (Spanish headers understood).
    Generic,
    /// Shopify's order export: one row per line item, order fields on the first.
    Shopify,
    /// WooCommerce "Customer/Order/Coupon Export", one row per item.
    Woocommerce,
    /// Customers only, no orders.
    Customers,
}

impl Layout {
    /// `orders.source` for imported orders: numbers are unique per source.
    pub fn source(self) -> &'static str {
        match self {
            Layout::Shopify => "shopify",
            Layout::Woocommerce => "woocommerce",
            Layout::Generic | Layout::Customers => "csv",
        }
    }

    pub fn fields(self) -> &'static [Field] {
        use Field::*;
        match self {
            Layout::Customers => &[CustomerName, FirstName, LastName, Email, Phone, City, Language, Notes],
            Layout::Generic => &[
                OrderNumber,
                OrderDate,
                Status,
                CustomerName,
                FirstName,
                LastName,
                Email,
                Phone,
                City,
                Product,
                Sku,
                Quantity,
                UnitPrice,
                LineTotal,
                Currency,
                Carrier,
                TrackingCode,
                DeliveredOn,
            ],
            Layout::Shopify => &[
                OrderNumber,
                OrderDate,
                FinancialStatus,
                FulfillmentStatus,
                CancelledAt,
                CustomerName,
                Email,
                Phone,
                City,
                Product,
                Sku,
                Quantity,
                UnitPrice,
                Currency,
                DeliveredOn,
            ],
            Layout::Woocommerce => &[
                OrderNumber,
                OrderDate,
                Status,
                FirstName,
                LastName,
                Email,
                Phone,
                City,
                Product,
                Sku,
                Quantity,
                UnitPrice,
                LineTotal,
                Currency,
            ],
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Field {
    OrderNumber,
    OrderDate,
    Status,
    FinancialStatus,
    FulfillmentStatus,
    CancelledAt,
    CustomerName,
    FirstName,
    LastName,
    Email,
    Phone,
    City,
    Product,
    Sku,
    Quantity,
    UnitPrice,
    LineTotal,
    Currency,
    Carrier,
    TrackingCode,
    DeliveredOn,
    Language,
    Notes,
}

impl Field {
    pub const ALL: [Field; 23] = [
        Field::OrderNumber,
        Field::OrderDate,
        Field::Status,
        Field::FinancialStatus,
        Field::FulfillmentStatus,
        Field::CancelledAt,
        Field::CustomerName,
        Field::FirstName,
        Field::LastName,
        Field::Email,
        Field::Phone,
        Field::City,
        Field::Product,
        Field::Sku,
        Field::Quantity,
        Field::UnitPrice,
        Field::LineTotal,
        Field::Currency,
        Field::Carrier,
        Field::TrackingCode,
        Field::DeliveredOn,
        Field::Language,
        Field::Notes,
    ];

    /// Header names (folded, `_` for any run of non-alphanumerics) this field
    /// is recognised by, for a layout.
    fn aliases(self, layout: Layout) -> &'static [&'static str] {
        use Field::*;
        match (layout, self) {
            (Layout::Shopify, OrderNumber) => &["name"],
            (Layout::Shopify, OrderDate) => &["created_at"],
            (Layout::Shopify, FinancialStatus) => &["financial_status"],
            (Layout::Shopify, FulfillmentStatus) => &["fulfillment_status"],
            (Layout::Shopify, CancelledAt) => &["cancelled_at"],
            (Layout::Shopify, CustomerName) => &["billing_name", "shipping_name"],
            (Layout::Shopify, Email) => &["email"],
            (Layout::Shopify, Phone) => &["billing_phone", "shipping_phone", "phone"],
            (Layout::Shopify, City) => &["billing_city", "shipping_city"],
            (Layout::Shopify, Product) => &["lineitem_name"],
            (Layout::Shopify, Sku) => &["lineitem_sku"],
            (Layout::Shopify, Quantity) => &["lineitem_quantity"],
            (Layout::Shopify, UnitPrice) => &["lineitem_price"],
            (Layout::Shopify, Currency) => &["currency"],
            (Layout::Shopify, DeliveredOn) => &["fulfilled_at"],
            (Layout::Woocommerce, OrderNumber) => &["order_number", "order_id"],
            (Layout::Woocommerce, OrderDate) => &["order_date"],
            (Layout::Woocommerce, Status) => &["status"],
            (Layout::Woocommerce, FirstName) => &["billing_first_name"],
            (Layout::Woocommerce, LastName) => &["billing_last_name"],
            (Layout::Woocommerce, Email) => &["billing_email"],
            (Layout::Woocommerce, Phone) => &["billing_phone"],
            (Layout::Woocommerce, City) => &["billing_city"],
            (Layout::Woocommerce, Product) => &["item_name"],
            (Layout::Woocommerce, Sku) => &["item_sku"],
            (Layout::Woocommerce, Quantity) => &["item_quantity"],
            (Layout::Woocommerce, UnitPrice) => &["item_price"],
            (Layout::Woocommerce, LineTotal) => &["item_total"],
            (Layout::Woocommerce, Currency) => &["order_currency"],
            (_, OrderNumber) => {
                &["order_number", "order", "order_no", "pedido", "n_pedido", "numero_pedido", "num_pedido", "no_pedido"]
            }
            (_, OrderDate) => &["order_date", "date", "fecha", "fecha_pedido", "created_at", "fecha_compra"],
            (_, Status) => &["status", "estado", "order_status"],
            (_, CustomerName) => {
                &["customer_name", "customer", "name", "cliente", "nombre_cliente", "nombre_completo", "nombre"]
            }
            (_, FirstName) => &["first_name", "nombre_de_pila"],
            (_, LastName) => &["last_name", "apellidos", "apellido"],
            (_, Email) => &["customer_email", "email", "e_mail", "correo", "correo_electronico", "mail"],
            (_, Phone) => &["customer_phone", "phone", "telefono", "tel", "movil", "celular", "telefono_movil"],
            (_, City) => &["city", "ciudad", "poblacion", "localidad", "municipio"],
            (_, Product) => &["product", "producto", "item", "articulo", "descripcion", "product_name"],
            (_, Sku) => &["sku", "ref", "referencia", "codigo", "cod_articulo"],
            (_, Quantity) => &["quantity", "qty", "cantidad", "uds", "unidades"],
            (_, UnitPrice) => &["unit_price", "price", "precio", "precio_unidad", "precio_unitario", "pvp"],
            (_, LineTotal) => &["line_total", "total_linea", "importe", "importe_linea"],
            (_, Currency) => &["currency", "moneda", "divisa"],
            (_, Carrier) => &["carrier", "transportista", "mensajeria", "agencia"],
            (_, TrackingCode) => {
                &["tracking_code", "tracking", "seguimiento", "numero_seguimiento", "codigo_seguimiento"]
            }
            (_, DeliveredOn) => {
                &["delivered_on", "delivered", "delivery_date", "entregado", "fecha_entrega", "entrega"]
            }
            (_, Language) => &["language", "idioma", "lang"],
            (_, Notes) => &["notes", "notas", "observaciones", "comentarios", "note"],
            (_, FinancialStatus | FulfillmentStatus | CancelledAt) => &[],
        }
    }

    /// Fields without which a row cannot be imported.
    pub fn required(self, layout: Layout) -> bool {
        use Field::*;
        match layout {
            Layout::Customers => false,
            _ => matches!(self, OrderNumber | OrderDate | Product | Quantity),
        }
    }

    /// Fields that describe the order (or customer), not the line: on
    /// continuation rows of the same order they may be empty.
    pub fn order_level(self) -> bool {
        use Field::*;
        !matches!(self, Product | Sku | Quantity | UnitPrice | LineTotal)
    }
}

/// Header text → the form aliases are written in.
pub fn header_key(header: &str) -> String {
    let folded = text::fold(header.trim_start_matches('\u{feff}'));
    let mut key = String::with_capacity(folded.len());
    for c in folded.chars() {
        if c.is_alphanumeric() {
            key.push(c);
        } else if !key.ends_with('_') {
            key.push('_');
        }
    }
    key.trim_matches('_').to_owned()
}

/// The automatic mapping: each field to the first header among its aliases.
pub fn auto_mapping(layout: Layout, headers: &[String]) -> Vec<FieldMapping> {
    let keys: Vec<String> = headers.iter().map(|h| header_key(h)).collect();
    let mut taken = vec![false; keys.len()];
    layout
        .fields()
        .iter()
        .map(|&field| {
            let column = field
                .aliases(layout)
                .iter()
                .find_map(|alias| keys.iter().enumerate().position(|(i, k)| !taken[i] && k == alias));
            if let Some(i) = column {
                taken[i] = true;
            }
            FieldMapping { field, column: column.map(|c| c as u32) }
        })
        .collect()
}

/// Which layout a header row belongs to.
pub fn guess_layout(headers: &[String]) -> Layout {
    let keys: Vec<String> = headers.iter().map(|h| header_key(h)).collect();
    let has = |k: &str| keys.iter().any(|h| h == k);
    if has("lineitem_name") && has("name") {
        Layout::Shopify
    } else if has("item_name") && (has("order_number") || has("order_id")) && has("billing_email") {
        Layout::Woocommerce
    } else {
        let mapping = auto_mapping(Layout::Generic, headers);
        let mapped = |f: Field| mapping.iter().any(|m| m.field == f && m.column.is_some());
        if !mapped(Field::Product) && !mapped(Field::OrderNumber) { Layout::Customers } else { Layout::Generic }
    }
}

/// A calendar date from the common ways shops write it, with or without a
/// time after it. Error code: `date_invalid`.
pub fn parse_date(value: &str, order: DateOrder) -> Result<time::Date, &'static str> {
    let date_part = value.trim().split([' ', 'T']).next().unwrap_or("");
    let parts: Vec<&str> = date_part.split(['-', '/', '.']).collect();
    if parts.len() != 3 || parts.iter().any(|p| p.is_empty() || !p.bytes().all(|b| b.is_ascii_digit()) || p.len() > 4) {
        return Err("date_invalid");
    }
    let n = |s: &str| s.parse::<i32>().map_err(|_| "date_invalid");
    let (year, month, day) = if parts[0].len() == 4 {
        (n(parts[0])?, n(parts[1])?, n(parts[2])?)
    } else {
        let (a, b, y) = (n(parts[0])?, n(parts[1])?, n(parts[2])?);
        let year = if parts[2].len() == 2 { 2000 + y } else { y };
        match order {
            DateOrder::Mdy => (year, a, b),
            _ => (year, b, a),
        }
    };
    let month = time::Month::try_from(u8::try_from(month).map_err(|_| "date_invalid")?).map_err(|_| "date_invalid")?;
    let day = u8::try_from(day).map_err(|_| "date_invalid")?;
    if !(1900..=2200).contains(&year) {
        return Err("date_invalid");
    }
    time::Date::from_calendar_date(year, month, day).map_err(|_| "date_invalid")
}

/// An order status in English or Spanish, or as WooCommerce names it.
pub fn parse_status(value: &str) -> Result<OrderStatus, &'static str> {
    // Most exports already write the plain key: no folding needed.
    let folded;
    let key = if value.bytes().all(|b| b.is_ascii_lowercase() || b == b'_') {
        value
    } else {
        folded = header_key(value);
        folded.as_str()
    };
    Ok(match key {
        "placed" | "pending" | "on_hold" | "pendiente" | "nuevo" | "new" | "realizado" | "en_espera" => {
            OrderStatus::Placed
        }
        "paid" | "processing" | "pagado" | "procesando" | "en_proceso" => OrderStatus::Paid,
        "shipped" | "sent" | "enviado" | "en_camino" => OrderStatus::Shipped,
        "delivered" | "completed" | "complete" | "entregado" | "completado" => OrderStatus::Delivered,
        "cancelled" | "canceled" | "refunded" | "failed" | "cancelado" | "anulado" | "reembolsado" | "fallido" => {
            OrderStatus::Cancelled
        }
        _ => return Err("status_unknown"),
    })
}

/// Shopify spreads the status over three columns.
pub fn shopify_status(financial: &str, fulfillment: &str, cancelled_at: &str, delivered: bool) -> OrderStatus {
    if !cancelled_at.trim().is_empty()
        || financial.trim().eq_ignore_ascii_case("refunded")
        || financial.trim().eq_ignore_ascii_case("voided")
    {
        OrderStatus::Cancelled
    } else if delivered {
        OrderStatus::Delivered
    } else if fulfillment.trim().eq_ignore_ascii_case("fulfilled") {
        OrderStatus::Shipped
    } else if ["paid", "partially_refunded", "partially_paid"].iter().any(|s| financial.trim().eq_ignore_ascii_case(s))
    {
        OrderStatus::Paid
    } else {
        OrderStatus::Placed
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_as_shops_write_them() {
        let d = |y, m, day| time::Date::from_calendar_date(y, time::Month::try_from(m).unwrap(), day).unwrap();
        assert_eq!(parse_date("31/12/2024", DateOrder::Dmy), Ok(d(2024, 12, 31)));
        assert_eq!(parse_date("1/2/24", DateOrder::Dmy), Ok(d(2024, 2, 1)));
        assert_eq!(parse_date("12/31/2024", DateOrder::Mdy), Ok(d(2024, 12, 31)));
        assert_eq!(parse_date("2024-01-15 10:23:45 +0100", DateOrder::Dmy), Ok(d(2024, 1, 15)), "Shopify");
        assert_eq!(parse_date("2024-01-15T10:23:45Z", DateOrder::Dmy), Ok(d(2024, 1, 15)));
        assert_eq!(parse_date("15.01.2024 9:05", DateOrder::Dmy), Ok(d(2024, 1, 15)));
        assert_eq!(parse_date("31/02/2024", DateOrder::Dmy), Err("date_invalid"));
        assert_eq!(parse_date("ayer", DateOrder::Dmy), Err("date_invalid"));
    }

    #[test]
    fn spanish_headers_map_to_fields() {
        let headers: Vec<String> = ["Pedido", "Fecha", "Teléfono", "Precio unidad", "Cantidad", "Producto", "Cliente"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        let mapping = auto_mapping(Layout::Generic, &headers);
        let col = |f: Field| mapping.iter().find(|m| m.field == f).unwrap().column;
        assert_eq!(col(Field::OrderNumber), Some(0));
        assert_eq!(col(Field::Phone), Some(2), "accents in headers do not matter");
        assert_eq!(col(Field::UnitPrice), Some(3));
        assert_eq!(col(Field::CustomerName), Some(6));
        assert_eq!(col(Field::Carrier), None);
        assert_eq!(guess_layout(&headers), Layout::Generic);
    }

    #[test]
    fn statuses_in_both_languages() {
        assert_eq!(parse_status("Entregado"), Ok(OrderStatus::Delivered));
        assert_eq!(parse_status("on-hold"), Ok(OrderStatus::Placed));
        assert_eq!(parse_status("completed"), Ok(OrderStatus::Delivered));
        assert_eq!(parse_status("perdido"), Err("status_unknown"));
    }
}

/// A value per field, without hashing: imports look fields up per cell.
#[derive(Debug, Clone)]
pub struct FieldMap<T>([Option<T>; Field::ALL.len()]);

impl<T> Default for FieldMap<T> {
    fn default() -> Self {
        FieldMap(std::array::from_fn(|_| None))
    }
}

impl<T> FieldMap<T> {
    pub fn get(&self, field: &Field) -> Option<&T> {
        self.0[*field as usize].as_ref()
    }

    pub fn contains_key(&self, field: &Field) -> bool {
        self.0[*field as usize].is_some()
    }

    pub fn insert(&mut self, field: Field, value: T) {
        self.0[field as usize] = Some(value);
    }

    pub fn iter(&self) -> impl Iterator<Item = (Field, &T)> {
        Field::ALL.iter().zip(&self.0).filter_map(|(f, v)| v.as_ref().map(|v| (*f, v)))
    }
}
