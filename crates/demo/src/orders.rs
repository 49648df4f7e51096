//! Orders as a stream: each is built, written to every file and dropped, so
//! a million lines never sit in memory.
//!
//! Money: prices include Spanish VAT (21%); `taxes` is the VAT contained in
//! the total (none on exports outside the EU). `subtotal` is the lines less
//! the discount, and `total = subtotal + shipping`.

use fastrand::Rng;

use crate::calendar::{Date, DateTime};
use crate::catalog::{Product, popular_index};
use crate::chance::{digits, letters, percent, pick, weighted};
use crate::people::Customer;
use crate::places::Country;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Status {
    Placed,
    Paid,
    Shipped,
    Delivered,
    Cancelled,
}

impl Status {
    pub fn code(self) -> &'static str {
        match self {
            Status::Placed => "placed",
            Status::Paid => "paid",
            Status::Shipped => "shipped",
            Status::Delivered => "delivered",
            Status::Cancelled => "cancelled",
        }
    }

    pub fn spanish(self) -> &'static str {
        match self {
            Status::Placed => "pendiente",
            Status::Paid => "pagado",
            Status::Shipped => "enviado",
            Status::Delivered => "entregado",
            Status::Cancelled => "cancelado",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Carrier {
    Correos,
    Seur,
    Mrw,
    Gls,
    Dhl,
    Ups,
}

impl Carrier {
    pub fn name(self) -> &'static str {
        match self {
            Carrier::Correos => "Correos",
            Carrier::Seur => "SEUR",
            Carrier::Mrw => "MRW",
            Carrier::Gls => "GLS",
            Carrier::Dhl => "DHL",
            Carrier::Ups => "UPS",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Payment {
    Card,
    PayPal,
    Bizum,
    BankTransfer,
    CashOnDelivery,
}

impl Payment {
    /// The gateway name in Shopify's export.
    pub fn shopify(self) -> &'static str {
        match self {
            Payment::Card => "Shopify Payments",
            Payment::PayPal => "PayPal Express Checkout",
            Payment::Bizum => "Bizum",
            Payment::BankTransfer => "Bank Deposit",
            Payment::CashOnDelivery => "Cash on Delivery (COD)",
        }
    }

    /// The gateway id in WooCommerce's export.
    pub fn woocommerce(self) -> &'static str {
        match self {
            Payment::Card => "stripe",
            Payment::PayPal => "ppcp-gateway",
            Payment::Bizum => "bizumredsys",
            Payment::BankTransfer => "bacs",
            Payment::CashOnDelivery => "cod",
        }
    }
}

pub struct Line {
    pub product: usize,
    pub quantity: u32,
}

pub struct Order {
    pub number: u64,
    pub shopify_id: u64,
    pub woocommerce_id: u64,
    pub created: DateTime,
    pub status: Status,
    pub customer: usize,
    pub lines: Vec<Line>,
    pub lines_total: i64,
    pub discount_code: &'static str,
    pub discount: i64,
    pub shipping: i64,
    pub shipping_method: &'static str,
    pub payment: Payment,
    pub paid_at: Option<DateTime>,
    pub shipped_at: Option<DateTime>,
    pub delivered_on: Option<Date>,
    pub cancelled_at: Option<DateTime>,
    pub refunded: bool,
    pub carrier: Option<Carrier>,
    pub tracking: String,
    pub note: &'static str,
    pub tags: &'static str,
    pub source: &'static str,
    pub risk: &'static str,
}

impl Order {
    pub fn subtotal(&self) -> i64 {
        self.lines_total - self.discount
    }

    pub fn total(&self) -> i64 {
        self.subtotal() + self.shipping
    }

    pub fn taxes(&self, customer: &Customer) -> i64 {
        match customer.city.country {
            Country::Spain | Country::Portugal => (self.total() * 21 + 60) / 121,
            _ => 0,
        }
    }
}

/// Yields orders whose lines add up to exactly `total_lines`, in date order
/// across the four years before `until`.
pub struct OrderStream<'a> {
    rng: Rng,
    customers: &'a [Customer],
    products: &'a [Product],
    days: DayCurve,
    until: Date,
    total_lines: u64,
    lines_done: u64,
    next_number: u64,
    next_shopify_id: u64,
    next_woocommerce_id: u64,
}

impl<'a> OrderStream<'a> {
    pub fn new(rng: Rng, customers: &'a [Customer], products: &'a [Product], until: Date, total_lines: u64) -> Self {
        let (y, m, d) = until.ymd();
        let start = Date::from_ymd(y - 4, m, d).add_days(1);
        OrderStream {
            rng,
            customers,
            products,
            days: DayCurve::new(start, until),
            until,
            total_lines,
            lines_done: 0,
            next_number: 1001,
            next_shopify_id: 4_512_339_000_000,
            next_woocommerce_id: 1523,
        }
    }
}

impl Iterator for OrderStream<'_> {
    type Item = Order;

    fn next(&mut self) -> Option<Order> {
        let remaining = self.total_lines - self.lines_done;
        if remaining == 0 || self.customers.is_empty() {
            return None;
        }
        let rng = &mut self.rng;
        let wanted: u64 = *weighted(rng, &[(1, 40), (2, 25), (3, 15), (4, 10), (5, 6), (6, 4)]);
        let count = wanted.min(remaining);
        let position = (self.lines_done as f64 + rng.f64() * count as f64) / self.total_lines as f64;
        let created = self.days.at(position);
        self.lines_done += count;

        let skewed = rng.f64().powf(1.6);
        let customer_index = ((skewed * self.customers.len() as f64) as usize).min(self.customers.len() - 1);
        let customer = &self.customers[customer_index];
        let country = customer.city.country;

        let mut lines: Vec<Line> = Vec::with_capacity(count as usize);
        while lines.len() < count as usize {
            let mut product = popular_index(rng, self.products.len());
            for _ in 0..8 {
                if !lines.iter().any(|l| l.product == product) {
                    break;
                }
                product = popular_index(rng, self.products.len());
            }
            let quantity = if self.products[product].bulk {
                *weighted(rng, &[(1, 40), (2, 25), (3, 20), (4, 8), (6, 7)])
            } else {
                *weighted(rng, &[(1, 78), (2, 15), (3, 5), (4, 2)])
            };
            lines.push(Line { product, quantity });
        }
        let lines_total: i64 = lines.iter().map(|l| self.products[l.product].price * i64::from(l.quantity)).sum();

        let (discount_code, discount) = discount(rng, created.date, lines_total);
        let (shipping_method, shipping) = shipping(rng, country, lines_total - discount);
        let urgent = shipping_method.contains("urgente");

        let age = self.until.days_since(created.date);
        let mut status = status_for_age(rng, age);
        let mut payment = payment(rng, country, status);
        if payment == Payment::CashOnDelivery && status == Status::Paid {
            payment = Payment::Card;
        }

        let mut paid_at = None;
        let mut shipped_at = None;
        let mut delivered_on = None;
        let mut cancelled_at = None;
        let mut refunded = false;
        let pays_at_once = |rng: &mut Rng| match payment {
            Payment::BankTransfer => created.add_seconds(rng.i64(3 * 3600..30 * 3600)),
            _ => created.add_seconds(rng.i64(5..300)),
        };
        match status {
            Status::Placed => {}
            Status::Cancelled => {
                let mut at = created.add_seconds(rng.i64(3600..72 * 3600));
                if at.date > self.until {
                    at = created.add_seconds(rng.i64(600..3600));
                }
                cancelled_at = Some(at);
                if payment != Payment::CashOnDelivery && percent(rng, 60.0) {
                    paid_at = Some(created.add_seconds(rng.i64(5..300)));
                    refunded = true;
                }
            }
            Status::Paid | Status::Shipped | Status::Delivered => {
                if payment != Payment::CashOnDelivery {
                    paid_at = Some(pays_at_once(rng));
                }
                if status != Status::Paid {
                    let base = paid_at.unwrap_or(created);
                    let shipped = if age == 0 || rng.bool() {
                        base.add_seconds(rng.i64(1800..4 * 3600))
                    } else {
                        DateTime::new(base.date.add_days(1), rng.u32(9 * 3600..19 * 3600))
                    };
                    shipped_at = Some(shipped);
                }
                if status == Status::Delivered
                    && let Some(shipped) = shipped_at
                {
                    let transit: i64 = if country.is_abroad() {
                        rng.i64(3..=5)
                    } else if urgent {
                        1
                    } else {
                        *weighted(rng, &[(1, 45), (2, 35), (3, 15), (4, 5)])
                    };
                    let on = shipped.date.add_days(transit).min(created.date.add_days(7));
                    if on > self.until {
                        status = Status::Shipped;
                    } else {
                        delivered_on = Some(on);
                        if payment == Payment::CashOnDelivery {
                            paid_at = Some(DateTime::new(on, rng.u32(9 * 3600..20 * 3600)));
                        }
                    }
                }
            }
        }

        let carrier = shipped_at.map(|_| carrier(rng, country, urgent));
        let tracking = carrier.map(|c| tracking_code(rng, c, country)).unwrap_or_default();
        let note = if percent(rng, 4.0) { *pick(rng, ORDER_NOTES) } else { "" };
        let vip = customer_index * 200 < self.customers.len();
        let tags = match (vip, note.contains("regalo"), !customer.company.is_empty()) {
            (true, true, _) => "VIP, regalo",
            (true, false, _) => "VIP",
            (false, true, _) => "regalo",
            (false, false, true) => "empresa",
            _ => "",
        };
        let source = *weighted(rng, &[("web", 92), ("shopify_draft_order", 5), ("580111", 3)]);
        let risk = *weighted(rng, &[("Low", 975), ("Medium", 20), ("High", 5)]);

        let order = Order {
            number: self.next_number,
            shopify_id: self.next_shopify_id,
            woocommerce_id: self.next_woocommerce_id,
            created,
            status,
            customer: customer_index,
            lines,
            lines_total,
            discount_code,
            discount,
            shipping,
            shipping_method,
            payment,
            paid_at,
            shipped_at,
            delivered_on,
            cancelled_at,
            refunded,
            carrier,
            tracking,
            note,
            tags,
            source,
            risk,
        };
        self.next_number += 1;
        self.next_shopify_id += self.rng.u64(1_000..90_000);
        self.next_woocommerce_id += self.rng.u64(1..=4);
        Some(order)
    }
}

/// Recent orders are still on their way; old ones are mostly delivered.
fn status_for_age(rng: &mut Rng, age_days: i64) -> Status {
    use Status::*;
    let table: &[(Status, u32)] = match age_days {
        0..=2 => &[(Placed, 25), (Paid, 35), (Shipped, 35), (Cancelled, 5)],
        3..=10 => &[(Placed, 2), (Paid, 3), (Shipped, 30), (Delivered, 60), (Cancelled, 5)],
        _ => &[(Placed, 15), (Paid, 15), (Shipped, 30), (Delivered, 880), (Cancelled, 60)],
    };
    *weighted(rng, table)
}

fn payment(rng: &mut Rng, country: Country, status: Status) -> Payment {
    use Payment::*;
    let table: &[(Payment, u32)] = match (country.is_abroad(), status) {
        (false, Status::Placed) => &[(BankTransfer, 50), (CashOnDelivery, 30), (Bizum, 20)],
        (true, Status::Placed) => &[(BankTransfer, 1)],
        (false, _) => &[(Card, 50), (PayPal, 20), (Bizum, 15), (BankTransfer, 8), (CashOnDelivery, 7)],
        (true, _) => &[(Card, 65), (PayPal, 30), (BankTransfer, 5)],
    };
    *weighted(rng, table)
}

fn discount(rng: &mut Rng, date: Date, lines_total: i64) -> (&'static str, i64) {
    if !percent(rng, 8.0) {
        return ("", 0);
    }
    if percent(rng, 20.0) {
        return ("CLIENTE5", 500.min(lines_total));
    }
    let (code, pct) = match (date.month(), date.day()) {
        (11, 20..) => ("BLACKFRIDAY20", 20),
        (6..=8, _) => ("VERANO15", 15),
        _ => ("BIENVENIDA10", 10),
    };
    (code, (lines_total * pct + 50) / 100)
}

fn shipping(rng: &mut Rng, country: Country, goods: i64) -> (&'static str, i64) {
    match country {
        Country::Spain if percent(rng, 10.0) => ("Envío urgente 24 h", 795),
        Country::Spain if goods >= 5000 => ("Envío gratuito", 0),
        Country::Spain => ("Envío estándar (48-72 h)", 495),
        Country::Portugal => ("Envío a Portugal", 695),
        _ => ("Envío internacional", 1495),
    }
}

fn carrier(rng: &mut Rng, country: Country, urgent: bool) -> Carrier {
    use Carrier::*;
    let table: &[(Carrier, u32)] = match (country, urgent) {
        (Country::Spain, true) => &[(Seur, 50), (Mrw, 30), (Dhl, 20)],
        (Country::Spain, false) => &[(Correos, 35), (Seur, 20), (Mrw, 12), (Gls, 18), (Dhl, 8), (Ups, 7)],
        (Country::Portugal, _) => &[(Correos, 40), (Gls, 30), (Seur, 30)],
        _ => &[(Dhl, 50), (Ups, 30), (Correos, 20)],
    };
    *weighted(rng, table)
}

/// Codes shaped like each carrier's real ones.
fn tracking_code(rng: &mut Rng, carrier: Carrier, country: Country) -> String {
    match carrier {
        Carrier::Correos if country.is_abroad() => {
            let serial = digits(rng, 8);
            format!("CP{serial}{}ES", s10_check_digit(&serial))
        }
        Carrier::Correos => format!("PQ{}{}{}{}", rng.digit(10), letters(rng, 2), digits(rng, 17), letters(rng, 1)),
        Carrier::Seur => format!("{}{}", rng.u32(1..10), digits(rng, 13)),
        Carrier::Mrw => format!("0{:02}{}", rng.u32(10..99), digits(rng, 9)),
        Carrier::Gls => format!("7{}", digits(rng, 10)),
        Carrier::Dhl => format!("{}{}", rng.u32(1..10), digits(rng, 9)),
        // The shipper number (after 1Z) is the shop's own and never changes.
        Carrier::Ups => format!("1Z4E7W29{:02}{}", rng.u32(1..4), digits(rng, 8)),
    }
}

/// UPU S10 check digit for an 8-digit serial.
fn s10_check_digit(serial: &str) -> u32 {
    const WEIGHTS: [u32; 8] = [8, 6, 4, 2, 3, 5, 9, 7];
    let sum: u32 = serial.bytes().zip(WEIGHTS).map(|(b, w)| u32::from(b - b'0') * w).sum();
    match 11 - sum % 11 {
        10 => 0,
        11 => 5,
        d => d,
    }
}

const ORDER_NOTES: &[&str] = &[
    "Es un regalo, por favor no incluir el ticket.",
    "Entregar en horario de mañana.",
    "¿Podéis envolverlo para regalo? Gracias.",
    "Si no estoy, dejar en el bar de abajo, \"Casa Paco\".",
    "Necesito factura: Talleres Núñez S.L., B12345678.",
    "Please deliver after 6 pm.",
];

/// How orders spread over days (growth, seasons, weekdays) and over the
/// hours of a day. Mapping a rising position through it keeps orders in date
/// order without sorting.
struct DayCurve {
    start: Date,
    cumulative: Vec<f64>,
}

/// Orders per hour of the day; none at 02:00 so no time falls in the gap or
/// the repeat of a daylight-saving change.
const HOURS: [f64; 24] = [
    0.4, 0.2, 0.0, 0.05, 0.05, 0.1, 0.3, 0.8, 1.5, 2.2, 2.6, 2.6, 2.4, 2.2, 2.2, 2.4, 2.6, 2.8, 3.0, 3.2, 3.4, 3.0,
    2.0, 0.9,
];

impl DayCurve {
    fn new(start: Date, until: Date) -> Self {
        let days = until.days_since(start) + 1;
        let mut cumulative = Vec::with_capacity(days as usize);
        let mut sum = 0.0;
        for i in 0..days {
            let date = start.add_days(i);
            let growth = 0.5 + i as f64 / days as f64;
            let season = [1.2, 0.8, 0.9, 1.0, 1.0, 1.0, 1.15, 0.8, 0.95, 1.0, 1.4, 1.6][date.month() as usize - 1];
            let weekday = [1.15, 1.0, 1.0, 1.0, 1.0, 0.85, 1.1][date.weekday() as usize];
            let black_friday = date.month() == 11 && date.weekday() == 4 && date.day() >= 23;
            let holiday = matches!((date.month(), date.day()), (12, 25) | (1, 1));
            let special = if black_friday {
                3.0
            } else if holiday {
                0.4
            } else {
                1.0
            };
            sum += growth * season * weekday * special;
            cumulative.push(sum);
        }
        DayCurve { start, cumulative }
    }

    /// The moment at `position` (0 ≤ position < 1) of the whole period.
    fn at(&self, position: f64) -> DateTime {
        let total = *self.cumulative.last().unwrap_or(&1.0);
        let target = position.clamp(0.0, 1.0) * total;
        let day = self.cumulative.partition_point(|&c| c <= target).min(self.cumulative.len() - 1);
        let before = if day == 0 { 0.0 } else { self.cumulative[day - 1] };
        let width = self.cumulative[day] - before;
        let within = ((target - before) / width).clamp(0.0, 0.999_999);
        DateTime::new(self.start.add_days(day as i64), seconds_of_day(within))
    }
}

fn seconds_of_day(fraction: f64) -> u32 {
    let total: f64 = HOURS.iter().sum();
    let mut target = fraction * total;
    for (hour, &weight) in HOURS.iter().enumerate() {
        if target < weight {
            return hour as u32 * 3600 + ((target / weight) * 3600.0) as u32;
        }
        target -= weight;
    }
    86_399
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn s10_check_digits_match_the_upu_example() {
        assert_eq!(s10_check_digit("47312482"), 9, "UPU's worked example is RB473124829SE");
    }

    #[test]
    fn orders_come_in_date_order_within_four_years() {
        let until = Date::from_ymd(2026, 11, 1);
        let curve = DayCurve::new(Date::from_ymd(2022, 11, 2), until);
        let mut last = curve.at(0.0);
        for i in 1..1000 {
            let next = curve.at(f64::from(i) / 1000.0);
            assert!(next >= last, "a later position never gives an earlier time");
            last = next;
        }
        assert!(curve.at(0.9999999).date <= until, "nothing after the end date");
    }
}
