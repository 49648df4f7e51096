//! The relay settings (one row of `mail_settings`) and the relay password,
//! which lives only in the operating system's credential store.

use posventa_core::Store;
use posventa_core::error::Problems;
use rusqlite::Connection;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::{Error, Result};

/// Service name of the app's entries in the credential store.
pub const KEYRING_SERVICE: &str = "app.posventa.desktop";
/// The credential-store entry (in [`KEYRING_SERVICE`]) of the response
/// collector's shared secret.
pub const COLLECTOR_SECRET_USER: &str = "collector-secret";
/// Longer than any relay's password or API key: a longer one is a paste
/// gone wrong, refused before it reaches the credential store.
pub const PASSWORD_MAX: usize = 1_024;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
pub enum Security {
    /// Plain connection upgraded with STARTTLS (usually port 587).
    Starttls,
    /// Implicit TLS from the first byte (usually port 465).
    Tls,
    /// No encryption: only for relays on the same machine or network.
    None,
}

impl Security {
    fn as_str(self) -> &'static str {
        match self {
            Security::Starttls => "starttls",
            Security::Tls => "tls",
            Security::None => "none",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct MailSettings {
    /// Empty: no relay, messages are written as .eml files.
    pub host: String,
    pub port: u16,
    pub security: Security,
    pub username: String,
    pub from_name: String,
    pub from_address: String,
    pub reply_to: String,
    /// Messages per second; 0 = no limit.
    pub per_second: f64,
    /// Messages per hour; 0 = no limit.
    pub per_hour: u32,
    /// Concurrent SMTP connections, 1..=8.
    pub connections: u8,
}

impl Default for MailSettings {
    fn default() -> Self {
        MailSettings {
            host: String::new(),
            port: 587,
            security: Security::Starttls,
            username: String::new(),
            from_name: String::new(),
            from_address: String::new(),
            reply_to: String::new(),
            per_second: 10.0,
            per_hour: 0,
            connections: 1,
        }
    }
}

/// What Settings → Email shows: the settings, and whether a password is
/// stored (the password itself never leaves the credential store).
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct MailSettingsView {
    pub settings: MailSettings,
    pub has_password: bool,
    pub relay_configured: bool,
}

impl MailSettings {
    pub fn relay_configured(&self) -> bool {
        !self.host.is_empty()
    }

    /// The credential store entry's user: one password per relay account.
    pub fn keyring_user(&self) -> String {
        format!("smtp:{}@{}:{}", self.username, self.host, self.port)
    }

    fn normalise(&mut self) {
        for text in
            [&mut self.host, &mut self.username, &mut self.from_name, &mut self.from_address, &mut self.reply_to]
        {
            *text = text.trim().to_owned();
        }
        self.host = self.host.to_ascii_lowercase();
    }

    fn validate(&self) -> Result<()> {
        let mut problems = Problems::default();
        let host_ok = self.host.chars().all(|c| c.is_ascii_alphanumeric() || ".-:[]_".contains(c));
        if !host_ok || self.host.len() > 253 {
            problems.add("host", "text_invalid");
        }
        if self.port == 0 {
            problems.add("port", "port_invalid");
        }
        for (field, value) in [("username", &self.username), ("from_name", &self.from_name)] {
            if has_control_chars(value) || value.chars().count() > 200 {
                problems.add(field, "text_invalid");
            }
        }
        if self.from_address.is_empty() {
            if self.relay_configured() {
                problems.add("from_address", "required");
            }
        } else if !is_bare_address(&self.from_address) {
            problems.add("from_address", "email_malformed");
        }
        if !self.reply_to.is_empty() && !is_bare_address(&self.reply_to) {
            problems.add("reply_to", "email_malformed");
        }
        if !self.per_second.is_finite() || self.per_second < 0.0 || self.per_second > 100_000.0 {
            problems.add("per_second", "rate_invalid");
        }
        if !(1..=8).contains(&self.connections) {
            problems.add("connections", "connections_invalid");
        }
        Ok(problems.into_result()?)
    }
}

/// Control characters other than tab: never allowed in anything that can
/// reach a header.
pub(crate) fn has_control_chars(value: &str) -> bool {
    value.chars().any(|c| c.is_control() && c != '\t')
}

/// A bare `user@domain` that both `email_address` and lettre accept: no
/// display name, no spaces, no control characters.
pub fn is_bare_address(value: &str) -> bool {
    !has_control_chars(value)
        && !value.contains(char::is_whitespace)
        && !value.contains(['<', '>', '"', ','])
        && email_address::EmailAddress::parse_with_options(
            value,
            email_address::Options::default().without_display_text(),
        )
        .is_ok()
        && value.parse::<lettre::Address>().is_ok()
}

pub fn load(store: &Store) -> Result<MailSettings> {
    Ok(store.read(|conn| Ok(read(conn)?))?)
}

pub(crate) fn read(conn: &Connection) -> rusqlite::Result<MailSettings> {
    conn.query_row(
        "SELECT host, port, security, username, from_name, from_address, reply_to, per_second, per_hour, connections
         FROM mail_settings WHERE id = 1",
        [],
        |row| {
            let security: String = row.get(2)?;
            Ok(MailSettings {
                host: row.get(0)?,
                port: row.get(1)?,
                security: match security.as_str() {
                    "tls" => Security::Tls,
                    "none" => Security::None,
                    _ => Security::Starttls,
                },
                username: row.get(3)?,
                from_name: row.get(4)?,
                from_address: row.get(5)?,
                reply_to: row.get(6)?,
                per_second: row.get(7)?,
                per_hour: row.get(8)?,
                connections: row.get(9)?,
            })
        },
    )
}

pub fn view(store: &Store, keyring_service: &str) -> Result<MailSettingsView> {
    let settings = load(store)?;
    // An unreachable credential store must not hide the settings page: it
    // shows "no password" and saving a password says what is wrong.
    let has_password = settings.relay_configured()
        && password(keyring_service, &settings)
            .inspect_err(|err| log::warn!("reading the relay password: {err}"))
            .is_ok_and(|p| p.is_some());
    Ok(MailSettingsView { relay_configured: settings.relay_configured(), settings, has_password })
}

/// Saves the settings. `password`: `None` keeps the stored one (moving it
/// along when host, port or user changed), `Some("")` removes it, anything
/// else replaces it. The password goes only to the credential store.
pub fn save(
    store: &Store,
    keyring_service: &str,
    mut settings: MailSettings,
    password: Option<String>,
) -> Result<MailSettingsView> {
    settings.normalise();
    settings.validate()?;
    if password.as_deref().is_some_and(has_control_chars) {
        return Err(posventa_core::Error::invalid("password", "text_invalid").into());
    }
    if password.as_deref().is_some_and(|p| p.chars().count() > PASSWORD_MAX) {
        return Err(posventa_core::Error::invalid("password", "too_long").into());
    }
    let before = load(store)?;
    match password {
        Some(p) if p.is_empty() => delete_password(keyring_service, &settings)?,
        Some(p) => set_password(keyring_service, &settings, &p)?,
        None if before.keyring_user() != settings.keyring_user() && before.relay_configured() => {
            if let Some(old) = self::password(keyring_service, &before)? {
                set_password(keyring_service, &settings, &old)?;
                delete_password(keyring_service, &before)?;
            }
        }
        None => {}
    }
    store.write(|tx| {
        tx.execute(
            "UPDATE mail_settings SET host = ?1, port = ?2, security = ?3, username = ?4, from_name = ?5,
                 from_address = ?6, reply_to = ?7, per_second = ?8, per_hour = ?9, connections = ?10
             WHERE id = 1",
            rusqlite::params![
                settings.host,
                settings.port,
                settings.security.as_str(),
                settings.username,
                settings.from_name,
                settings.from_address,
                settings.reply_to,
                settings.per_second,
                settings.per_hour,
                settings.connections,
            ],
        )?;
        Ok(())
    })?;
    view(store, keyring_service)
}

fn entry(service: &str, settings: &MailSettings) -> Result<keyring::Entry> {
    keyring::Entry::new(service, &settings.keyring_user()).map_err(keyring_error)
}

fn keyring_error(err: keyring::Error) -> Error {
    Error::Keyring(err.to_string())
}

/// The relay password, if one is stored.
pub fn password(keyring_service: &str, settings: &MailSettings) -> Result<Option<String>> {
    match entry(keyring_service, settings)?.get_password() {
        Ok(p) => Ok(Some(p)),
        Err(keyring::Error::NoEntry) => Ok(None),
        Err(err) => Err(keyring_error(err)),
    }
}

fn set_password(keyring_service: &str, settings: &MailSettings, password: &str) -> Result<()> {
    entry(keyring_service, settings)?.set_password(password).map_err(keyring_error)
}

fn delete_password(keyring_service: &str, settings: &MailSettings) -> Result<()> {
    match entry(keyring_service, settings)?.delete_credential() {
        Ok(()) | Err(keyring::Error::NoEntry) => Ok(()),
        Err(err) => Err(keyring_error(err)),
    }
}
