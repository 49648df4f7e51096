//! Small text rules shared by the areas.

use crate::error::Problems;

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

/// Lowercase, accent-free form used for matching ("Núñez" → "nunez").
pub fn fold(value: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    value.nfd().filter(|c| !unicode_normalization::char::is_combining_mark(*c)).flat_map(char::to_lowercase).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folding_removes_accents_and_case() {
        assert_eq!(fold("José NÚÑEZ"), "jose nunez", "searches must ignore accents and case");
        assert_eq!(fold("Çà"), "ca");
    }
}
