//! Small text rules shared by the areas.

use crate::error::{Error, Problems, Result};

/// The longest search a box accepts. Searches are fragments of a name, a
/// number or an address; a pasted page would only turn into a query the
/// database refuses (too many words, a LIKE pattern too long).
pub const QUERY_MAX: usize = 200;

/// The first year a typed day may fall in: year 0 (or 19, or 202) is a typo.
pub const FIRST_YEAR: i32 = 1900;

/// Trims and turns an empty string into `None`.
pub fn optional(value: &Option<String>) -> Option<String> {
    value.as_deref().map(str::trim).filter(|v| !v.is_empty()).map(str::to_owned)
}

/// True when the text holds control characters (CR, LF, NUL…) other than
/// tab. Such text never reaches a one-line field: it would break CSV, email
/// headers and the UI alike.
pub fn has_control_chars(value: &str) -> bool {
    value.chars().any(|c| c.is_control() && c != '\t')
}

/// A free text of several lines (a note, a reason): trimmed, at most `max`
/// characters, line breaks and tabs allowed but no other control character.
/// Problems are reported on `field`.
pub fn clean_multiline(problems: &mut Problems, field: &str, value: &str, max: usize) -> String {
    let value = value.trim().to_owned();
    if value.chars().count() > max {
        problems.add(field, "too_long");
    } else if value.chars().any(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t')) {
        problems.add(field, "text_invalid");
    }
    value
}

/// Refuses a search longer than [`QUERY_MAX`] on the field `query`.
pub fn check_query(query: &str) -> Result<()> {
    if query.chars().count() > QUERY_MAX { Err(Error::invalid("query", "too_long")) } else { Ok(()) }
}

/// A day as the forms send it: `YYYY-MM-DD`, a real calendar day, from
/// [`FIRST_YEAR`] on.
pub fn parse_day(value: &str) -> Option<time::Date> {
    let format = time::macros::format_description!("[year]-[month]-[day]");
    time::Date::parse(value.trim(), format).ok().filter(|d| d.year() >= FIRST_YEAR)
}

/// Lowercase, accent-free form used for matching ("Núñez" → "nunez").
pub fn fold(value: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    value.nfd().filter(|c| !unicode_normalization::char::is_combining_mark(*c)).flat_map(char::to_lowercase).collect()
}

/// What a spreadsheet reads as the start of a formula in a CSV cell.
const FORMULA_START: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// A cell for an exported CSV: text a spreadsheet would run as a formula
/// (`=HYPERLINK(…)`, `@SUM(…)`, `+cmd|…`) gets a leading apostrophe, which
/// spreadsheets take as "this is text". Numbers and phone numbers (`-12,50`,
/// `+34 612 34 56 78`) cannot call anything and stay as they are.
pub fn spreadsheet_safe(cell: &str) -> std::borrow::Cow<'_, str> {
    let unsigned = cell.strip_prefix(['+', '-']).unwrap_or(cell);
    let number_like = unsigned.chars().all(|c| c.is_ascii_digit() || matches!(c, ' ' | '.' | ','));
    if cell.starts_with(FORMULA_START) && !number_like { format!("'{cell}").into() } else { cell.into() }
}

/// The inverse, for an exported file coming back in.
pub fn from_spreadsheet_safe(cell: &str) -> &str {
    match cell.strip_prefix('\'') {
        Some(rest) if rest.starts_with(FORMULA_START) => rest,
        _ => cell,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_are_exported_as_text_and_read_back_as_typed() {
        for typed in ["=HYPERLINK(\"http://x\",\"clic\")", "@SUM(A1)", "+cmd|' /C calc'!A0", "-2+3", "\t=1"] {
            let safe = spreadsheet_safe(typed);
            assert_eq!(safe, format!("'{typed}"), "{typed:?} is marked as text");
            assert_eq!(from_spreadsheet_safe(&safe), typed, "and reads back as typed");
        }
        for plain in ["Ana Núñez", "-", "+34612345678", "-12,50", "1.234,50", "", "'hola", "a=b"] {
            assert_eq!(spreadsheet_safe(plain), plain, "{plain:?} is left alone");
            assert_eq!(from_spreadsheet_safe(plain), plain);
        }
    }

    #[test]
    fn folding_removes_accents_and_case() {
        assert_eq!(fold("José NÚÑEZ"), "jose nunez", "searches must ignore accents and case");
        assert_eq!(fold("Çà"), "ca");
    }

    #[test]
    fn days_are_real_calendar_days_of_this_era() {
        assert_eq!(parse_day(" 2024-02-29 ").map(|d| d.to_string()), Some("2024-02-29".into()));
        for typo in ["2026-02-30", "0000-01-01", "0202-05-01", "31/12/2025", "2025-13-01", ""] {
            assert_eq!(parse_day(typo), None, "{typo:?} is no day a shop means");
        }
    }
}
