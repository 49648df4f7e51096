//! Phone numbers normalised to E.164 with the shop's country as the default
//! region ("612 34 56 78" in Spain → "+34612345678").

use std::str::FromStr;

use phonenumber::country::Id;

pub fn is_known_country(code: &str) -> bool {
    Id::from_str(code).is_ok()
}

/// Errors are field codes: `phone_malformed` (not a phone number at all) and
/// `phone_invalid` (a number, but not a possible one for that country).
pub fn normalise(text: &str, country: &str) -> Result<String, &'static str> {
    let region = Id::from_str(country).ok();
    let number = phonenumber::parse(region, text.trim()).map_err(|_| "phone_malformed")?;
    if !phonenumber::is_valid(&number) {
        return Err("phone_invalid");
    }
    Ok(number.format().mode(phonenumber::Mode::E164).to_string())
}

/// Digits only, for matching fragments typed in any format.
pub fn digits(text: &str) -> String {
    text.chars().filter(char::is_ascii_digit).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn common_spanish_formats_normalise_to_e164() {
        for typed in ["612 34 56 78", "612345678", "+34 612 34 56 78", "0034 612 345 678", "(+34) 612-34-56-78"] {
            assert_eq!(normalise(typed, "ES"), Ok("+34612345678".into()), "typed as {typed:?}");
        }
    }

    #[test]
    fn other_countries_use_their_own_rules() {
        assert_eq!(normalise("55 1234 5678", "MX"), Ok("+525512345678".into()));
        assert_eq!(normalise("9 6123 4567", "CL"), Ok("+56961234567".into()));
        assert_eq!(
            normalise("+34 612 34 56 78", "MX"),
            Ok("+34612345678".into()),
            "an international number keeps its country"
        );
    }

    #[test]
    fn nonsense_is_refused() {
        assert_eq!(normalise("hola", "ES"), Err("phone_malformed"));
        assert_eq!(normalise("12", "ES"), Err("phone_invalid"));
    }
}
