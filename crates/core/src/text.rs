//! Small text rules shared by the areas.

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
