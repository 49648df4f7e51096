//! Amounts are whole cents; this only prints them.

/// `4990` → `49.90` (or `49,90` with a comma).
pub fn format_cents(cents: i64, decimal: char) -> String {
    let sign = if cents < 0 { "-" } else { "" };
    let abs = cents.unsigned_abs();
    format!("{sign}{}{decimal}{:02}", abs / 100, abs % 100)
}

#[cfg(test)]
mod tests {
    use super::format_cents;

    #[test]
    fn prints_two_decimals() {
        assert_eq!(format_cents(4990, '.'), "49.90");
        assert_eq!(format_cents(5, ','), "0,05", "cents keep their leading zero");
        assert_eq!(format_cents(-1250, '.'), "-12.50");
    }
}
