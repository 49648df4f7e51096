//! The shop's settings: name, default country (phone numbers), currency and
//! the UI language. One row, created on first start from the system locale.

use rusqlite::{Connection, OptionalExtension, params};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::{Problems, Result};
use crate::{money, phone, store::Store, text};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
pub enum LanguageChoice {
    /// Follow the operating system's locale.
    Auto,
    Es,
    En,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
pub enum Language {
    Es,
    En,
}

impl Language {
    /// Spanish for any `es*` locale, English otherwise.
    pub fn from_locale(locale: &str) -> Self {
        if locale.to_ascii_lowercase().starts_with("es") { Language::Es } else { Language::En }
    }

    pub fn code(self) -> &'static str {
        match self {
            Language::Es => "es",
            Language::En => "en",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Settings {
    pub shop_name: String,
    pub country: String,
    pub currency: String,
    pub language: LanguageChoice,
}

/// Settings as the UI needs them: what is stored plus what it resolves to.
#[derive(Debug, Clone, Serialize, TS)]
pub struct SettingsView {
    pub settings: Settings,
    /// The language the UI shows now.
    pub language: Language,
    /// The operating system's locale, e.g. `es-ES`.
    pub system_locale: String,
    pub currencies: Vec<String>,
}

impl Settings {
    /// First-start defaults from a locale such as `es-MX` or `es_ES.UTF-8`.
    pub fn defaults_for_locale(locale: &str) -> Self {
        let region = locale
            .split(['-', '_', '.'])
            .nth(1)
            .map(str::to_ascii_uppercase)
            .filter(|r| r.len() == 2 && phone::is_known_country(r));
        let country =
            region.unwrap_or_else(|| if Language::from_locale(locale) == Language::Es { "ES" } else { "US" }.into());
        let currency = match country.as_str() {
            "MX" => "MXN",
            "AR" => "ARS",
            "CL" => "CLP",
            "CO" => "COP",
            "PE" => "PEN",
            "UY" => "UYU",
            "US" => "USD",
            "GB" => "GBP",
            _ => "EUR",
        };
        Settings { shop_name: String::new(), country, currency: currency.into(), language: LanguageChoice::Auto }
    }

    pub fn resolved_language(&self, system_locale: &str) -> Language {
        match self.language {
            LanguageChoice::Auto => Language::from_locale(system_locale),
            LanguageChoice::Es => Language::Es,
            LanguageChoice::En => Language::En,
        }
    }

    fn validate(&self) -> Result<()> {
        let mut problems = Problems::default();
        if self.shop_name.chars().count() > 120 || text::has_control_chars(&self.shop_name) {
            problems.add("shop_name", "text_invalid");
        }
        if !phone::is_known_country(&self.country) {
            problems.add("country", "country_unknown");
        }
        if money::minor_digits(&self.currency).is_none() {
            problems.add("currency", "currency_unknown");
        }
        problems.into_result()
    }
}

/// Creates the settings row on first start; later starts keep what is stored.
pub fn ensure(store: &Store, system_locale: &str) -> Result<Settings> {
    store.write(|tx| {
        if let Some(settings) = load(tx)? {
            return Ok(settings);
        }
        let defaults = Settings::defaults_for_locale(system_locale);
        save(tx, &defaults)?;
        Ok(defaults)
    })
}

pub fn get(store: &Store) -> Result<Settings> {
    store.read(|conn| Ok(load(conn)?.unwrap_or_else(|| Settings::defaults_for_locale(""))))
}

pub fn view(store: &Store, system_locale: &str) -> Result<SettingsView> {
    let settings = get(store)?;
    Ok(SettingsView {
        language: settings.resolved_language(system_locale),
        settings,
        system_locale: system_locale.to_owned(),
        currencies: money::CURRENCIES.iter().map(|(code, _)| (*code).to_owned()).collect(),
    })
}

pub fn update(store: &Store, mut settings: Settings) -> Result<Settings> {
    settings.shop_name = settings.shop_name.trim().to_owned();
    settings.country = settings.country.trim().to_ascii_uppercase();
    settings.currency = settings.currency.trim().to_ascii_uppercase();
    settings.validate()?;
    store.write(|tx| save(tx, &settings))?;
    Ok(settings)
}

/// Reads the settings inside an ongoing transaction or read.
pub(crate) fn load(conn: &Connection) -> Result<Option<Settings>> {
    Ok(conn
        .query_row("SELECT shop_name, country, currency, language FROM settings WHERE id = 1", [], |row| {
            let language: String = row.get(3)?;
            Ok(Settings {
                shop_name: row.get(0)?,
                country: row.get(1)?,
                currency: row.get(2)?,
                language: match language.as_str() {
                    "es" => LanguageChoice::Es,
                    "en" => LanguageChoice::En,
                    _ => LanguageChoice::Auto,
                },
            })
        })
        .optional()?)
}

pub(crate) fn load_or_default(conn: &Connection) -> Result<Settings> {
    Ok(load(conn)?.unwrap_or_else(|| Settings::defaults_for_locale("")))
}

fn save(conn: &Connection, s: &Settings) -> Result<()> {
    let language = match s.language {
        LanguageChoice::Auto => "auto",
        LanguageChoice::Es => "es",
        LanguageChoice::En => "en",
    };
    conn.execute(
        "INSERT INTO settings (id, shop_name, country, currency, language) VALUES (1, ?1, ?2, ?3, ?4)
         ON CONFLICT (id) DO UPDATE SET shop_name = ?1, country = ?2, currency = ?3, language = ?4",
        params![s.shop_name, s.country, s.currency, language],
    )?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn first_start_follows_the_system_locale() {
        assert_eq!(Settings::defaults_for_locale("es-MX").country, "MX");
        assert_eq!(Settings::defaults_for_locale("es-MX").currency, "MXN");
        assert_eq!(Settings::defaults_for_locale("es_ES.UTF-8").currency, "EUR");
        assert_eq!(Settings::defaults_for_locale("es").country, "ES", "plain Spanish means Spain");
        assert_eq!(Settings::defaults_for_locale("en-US").currency, "USD");
        assert_eq!(Language::from_locale("es-AR"), Language::Es);
        assert_eq!(Language::from_locale("ca-ES"), Language::En, "only es* locales get Spanish by default");
    }

    #[test]
    fn settings_are_kept_across_starts_and_validated() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open_in_dir(dir.path()).unwrap();
        let first = ensure(&store, "es-CL").unwrap();
        assert_eq!(first.currency, "CLP");
        let changed = update(
            &store,
            Settings { shop_name: " Zapatería Luna ".into(), language: LanguageChoice::En, ..first.clone() },
        )
        .unwrap();
        assert_eq!(changed.shop_name, "Zapatería Luna");
        assert_eq!(ensure(&store, "en-US").unwrap(), changed, "a later start must not reset what the owner chose");
        assert_eq!(view(&store, "es-ES").unwrap().language, Language::En, "an explicit choice beats the locale");

        let err =
            update(&store, Settings { country: "XX".into(), currency: "DOGE".into(), ..changed.clone() }).unwrap_err();
        let fields: Vec<_> = err.payload().fields.into_iter().map(|f| f.field).collect();
        assert_eq!(fields, ["country", "currency"], "every bad field is reported at once");
        assert_eq!(get(&store).unwrap(), changed, "a refused update changes nothing");
    }
}
