//! Money as integer minor units plus an ISO 4217 code; never floats.

/// Currencies the shop can choose, with their number of minor digits
/// (ISO 4217). Chilean and Colombian pesos are whole units in practice.
pub const CURRENCIES: &[(&str, u32)] = &[
    ("EUR", 2),
    ("USD", 2),
    ("MXN", 2),
    ("ARS", 2),
    ("CLP", 0),
    ("COP", 2),
    ("PEN", 2),
    ("UYU", 2),
    ("BOB", 2),
    ("PYG", 0),
    ("GTQ", 2),
    ("CRC", 2),
    ("DOP", 2),
    ("GBP", 2),
    ("CHF", 2),
];

/// The largest amount, or order total, the shop can type, in minor units:
/// ten trillion euros (or a quadrillion pesos). Beyond it is a typo, and
/// keeping below it leaves every sum, fee, bonus and points computation far
/// from overflowing an `i64`.
pub const MAX_MINOR: i64 = 1_000_000_000_000_000;

/// Minor units as a plain decimal number ("94,50" with `comma`, "94.50"
/// without; "1500" for a currency without minor units), for files and
/// messages.
pub fn decimal(minor: i64, currency: &str, comma: bool) -> String {
    let digits = minor_digits(currency).unwrap_or(2);
    let sign = if minor < 0 { "-" } else { "" };
    if digits == 0 {
        return format!("{sign}{}", minor.unsigned_abs());
    }
    let unit = 10u64.pow(digits);
    let (whole, fraction) = (minor.unsigned_abs() / unit, minor.unsigned_abs() % unit);
    let mark = if comma { ',' } else { '.' };
    format!("{sign}{whole}{mark}{fraction:0width$}", width = digits as usize)
}

/// An amount for a message: "94,50 EUR" in Spanish, "94.50 EUR" in English
/// (a code, not a symbol: the same for every currency and mail client).
pub fn format_plain(minor: i64, currency: &str, spanish: bool) -> String {
    format!("{} {currency}", decimal(minor, currency, spanish))
}

pub fn minor_digits(currency: &str) -> Option<u32> {
    CURRENCIES.iter().find(|(code, _)| *code == currency).map(|(_, digits)| *digits)
}

/// Parses an amount as people type it ("12,50", "1.234,56", "1,234.56",
/// "7") into minor units. The last `,` or `.` followed by fewer than three
/// digits is the decimal separator; a lone separator followed by exactly
/// three digits is a thousands separator ("1.234" is one thousand…).
/// Errors are field codes: `amount_malformed`, `amount_negative`,
/// `amount_too_precise`, `amount_too_large` (over [`MAX_MINOR`]).
pub fn parse_amount(text: &str, currency: &str) -> Result<i64, &'static str> {
    let digits_allowed = minor_digits(currency).unwrap_or(2);
    let cleaned: String = text.trim().chars().filter(|c| !c.is_whitespace() && *c != '\'').collect();
    if cleaned.is_empty() {
        return Err("amount_malformed");
    }
    if cleaned.starts_with('-') {
        return Err("amount_negative");
    }
    if !cleaned.chars().all(|c| c.is_ascii_digit() || c == ',' || c == '.') {
        return Err("amount_malformed");
    }
    let separators: Vec<(usize, char)> = cleaned.char_indices().filter(|(_, c)| !c.is_ascii_digit()).collect();
    let decimal_at = match separators.last() {
        None => None,
        Some(&(at, sep)) => {
            let same_kind = separators.iter().filter(|(_, c)| *c == sep).count();
            let after = cleaned.len() - at - 1;
            let mixed = separators.iter().any(|(_, c)| *c != sep);
            if mixed || (same_kind == 1 && after != 3) || (same_kind == 1 && digits_allowed >= 3) {
                Some(at)
            } else {
                None
            }
        }
    };
    let (whole, fraction) = match decimal_at {
        Some(at) => (&cleaned[..at], &cleaned[at + 1..]),
        None => (&cleaned[..], ""),
    };
    // Thousands groups: every separator left in `whole` must be followed by three digits.
    let groups: Vec<&str> = whole.split([',', '.']).collect();
    if groups.iter().skip(1).any(|g| g.len() != 3) || groups[0].is_empty() && groups.len() > 1 {
        return Err("amount_malformed");
    }
    if fraction.chars().any(|c| !c.is_ascii_digit()) {
        return Err("amount_malformed");
    }
    if fraction.len() as u32 > digits_allowed {
        return Err("amount_too_precise");
    }
    let whole_digits: String = groups.concat();
    let whole_value: i64 =
        if whole_digits.is_empty() { 0 } else { whole_digits.parse().map_err(|_| "amount_too_large")? };
    let mut fraction_value: i64 =
        if fraction.is_empty() { 0 } else { fraction.parse().map_err(|_| "amount_malformed")? };
    for _ in fraction.len() as u32..digits_allowed {
        fraction_value *= 10;
    }
    whole_value
        .checked_mul(10_i64.pow(digits_allowed))
        .and_then(|v| v.checked_add(fraction_value))
        .filter(|minor| *minor <= MAX_MINOR)
        .ok_or("amount_too_large")
}

/// Parses an amount whose decimal mark is known (a CSV column): the other
/// mark, spaces and a currency sign are ignored as grouping.
pub fn parse_with_mark(text: &str, decimal: char, digits: u32) -> Result<i64, &'static str> {
    let text = text.trim().trim_matches(|c: char| c == '€' || c == '$' || c.is_whitespace());
    if text.starts_with('-') {
        return Err("amount_negative");
    }
    let (whole, fraction) = text.split_once(decimal).unwrap_or((text, ""));
    let mut value: i64 = 0;
    let mut seen_digit = false;
    // Grouping marks must separate groups of three digits: "49,95" read
    // with a decimal point is a mistake, not 4995.
    for (i, group) in whole.split(['.', ',', ' ', '\'']).enumerate() {
        if i > 0 && group.len() != 3 {
            return Err("amount_malformed");
        }
        for b in group.bytes() {
            if !b.is_ascii_digit() {
                return Err("amount_malformed");
            }
            seen_digit = true;
            value = value.checked_mul(10).and_then(|v| v.checked_add(i64::from(b - b'0'))).ok_or("amount_too_large")?;
        }
    }
    let fraction = fraction.trim_end_matches('0');
    if !fraction.bytes().all(|b| b.is_ascii_digit()) {
        return Err("amount_malformed");
    }
    if !seen_digit && fraction.is_empty() {
        return Err("amount_malformed");
    }
    if fraction.len() as u32 > digits {
        return Err("amount_too_precise");
    }
    let mut minor: i64 = if fraction.is_empty() { 0 } else { fraction.parse().map_err(|_| "amount_malformed")? };
    for _ in fraction.len() as u32..digits {
        minor *= 10;
    }
    value.checked_mul(10_i64.pow(digits)).and_then(|v| v.checked_add(minor)).ok_or("amount_too_large")
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn amounts_as_shop_owners_type_them() {
        assert_eq!(parse_amount("12,50", "EUR"), Ok(1250), "Spanish decimal comma");
        assert_eq!(parse_amount("12.5", "EUR"), Ok(1250), "decimal point");
        assert_eq!(parse_amount("1.234,56", "EUR"), Ok(123_456), "Spanish thousands dot");
        assert_eq!(parse_amount("1,234.56", "USD"), Ok(123_456), "English thousands comma");
        assert_eq!(parse_amount("1.234", "EUR"), Ok(123_400), "a lone dot before three digits groups thousands");
        assert_eq!(parse_amount("19990", "CLP"), Ok(19_990), "pesos chilenos have no cents");
        assert_eq!(parse_amount("7", "EUR"), Ok(700));
        assert_eq!(parse_amount(" 0,99 ", "EUR"), Ok(99));
    }

    #[test]
    fn bad_amounts_are_refused_with_a_reason() {
        assert_eq!(parse_amount("-3", "EUR"), Err("amount_negative"));
        assert_eq!(parse_amount("abc", "EUR"), Err("amount_malformed"));
        assert_eq!(parse_amount("", "EUR"), Err("amount_malformed"));
        assert_eq!(parse_amount("1,2,3", "EUR"), Err("amount_malformed"));
        assert_eq!(parse_amount("1,999", "CLP"), Ok(1999));
        assert_eq!(parse_amount("1,5", "CLP"), Err("amount_too_precise"));
        assert_eq!(parse_amount("99999999999999999999", "EUR"), Err("amount_too_large"));
        assert_eq!(parse_amount("99999999999999", "EUR"), Err("amount_too_large"), "a typo, not a price");
        assert_eq!(parse_amount("10000000000000", "EUR"), Ok(MAX_MINOR), "the limit itself is an amount");
    }

    #[test]
    fn csv_amounts_with_a_known_mark() {
        assert_eq!(parse_with_mark("1.234,50", ',', 2), Ok(123_450));
        assert_eq!(parse_with_mark("49.90", '.', 2), Ok(4990));
        assert_eq!(parse_with_mark("49.900", '.', 2), Ok(4990), "trailing zeros are not extra precision");
        assert_eq!(parse_with_mark("19990", ',', 0), Ok(19_990));
        assert_eq!(
            parse_with_mark("49,95", '.', 2),
            Err("amount_malformed"),
            "a misread decimal comma is refused, not read as 4995"
        );
        assert_eq!(parse_with_mark("1,234.50", '.', 2), Ok(123_450));
        assert_eq!(parse_with_mark("1,5", ',', 0), Err("amount_too_precise"));
        assert_eq!(parse_with_mark("", '.', 2), Err("amount_malformed"));
        assert_eq!(parse_with_mark("12a", '.', 2), Err("amount_malformed"));
    }

    proptest! {
        #[test]
        fn formatted_cents_parse_back(cents in 0i64..10_000_000_000) {
            let text = format!("{},{:02}", cents / 100, cents % 100);
            prop_assert_eq!(parse_amount(&text, "EUR"), Ok(cents));
        }

        #[test]
        fn parsing_never_panics(text in "\\PC{0,40}") {
            let _ = parse_amount(&text, "EUR");
        }
    }
}
