//! Errors of the core and the `{ code, message, fields }` payload that crosses
//! to the UI. The UI branches on `code` (and each field's `code`) and shows its
//! own translation; `message` is an English fallback for logs.

use serde::Serialize;
use ts_rs::TS;

pub type Result<T, E = Error> = std::result::Result<T, E>;

/// One problem with one input field. `field` is the input's name as the UI
/// knows it (`email`, `lines.2.quantity`); `code` is a stable key the UI
/// translates (`email_malformed`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct FieldError {
    pub field: String,
    pub code: String,
}

impl FieldError {
    pub fn new(field: impl Into<String>, code: &str) -> Self {
        Self { field: field.into(), code: code.to_owned() }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("invalid input: {}", describe(.0))]
    Invalid(Vec<FieldError>),
    #[error("{entity} {id} does not exist")]
    NotFound { entity: &'static str, id: i64 },
    #[error("database error: {0}")]
    Database(#[from] rusqlite::Error),
    #[error("could not migrate the database: {0}")]
    Migration(#[from] rusqlite_migration::Error),
    #[error("could not read the file {path}: {source}")]
    File { path: String, source: std::io::Error },
    #[error("{path} is not a Posventa backup, or it is damaged")]
    NotABackup { path: String },
    #[error("the import was cancelled; nothing was written")]
    Cancelled,
    #[error("another import is running")]
    ImportRunning,
    /// The request breaks the written policy (rule codes); the owner may
    /// override with a reason.
    #[error("refused by the policy: {}", .0.join(", "))]
    Policy(Vec<String>),
    #[error("could not open the data folder {path}: {source}")]
    DataDir { path: String, source: std::io::Error },
}

/// A full disk or a read-only folder is the owner's to fix, so it gets its
/// own code (and message) instead of a generic database error.
fn storage_code(e: &rusqlite::Error) -> Option<&'static str> {
    match e.sqlite_error_code()? {
        rusqlite::ErrorCode::DiskFull => Some("disk_full"),
        rusqlite::ErrorCode::ReadOnly => Some("read_only"),
        rusqlite::ErrorCode::CannotOpen | rusqlite::ErrorCode::PermissionDenied => Some("data_dir"),
        _ => None,
    }
}

fn io_code(e: &std::io::Error) -> Option<&'static str> {
    match e.kind() {
        std::io::ErrorKind::StorageFull | std::io::ErrorKind::QuotaExceeded => Some("disk_full"),
        std::io::ErrorKind::ReadOnlyFilesystem => Some("read_only"),
        _ => None,
    }
}

fn describe(fields: &[FieldError]) -> String {
    fields.iter().map(|f| format!("{} ({})", f.field, f.code)).collect::<Vec<_>>().join(", ")
}

impl Error {
    pub fn invalid(field: impl Into<String>, code: &str) -> Self {
        Error::Invalid(vec![FieldError::new(field, code)])
    }

    /// The stable code the UI branches on.
    pub fn code(&self) -> &'static str {
        match self {
            Error::Invalid(_) => "invalid_input",
            Error::NotFound { entity: "customer", .. } => "customer_not_found",
            Error::NotFound { entity: "order", .. } => "order_not_found",
            Error::NotFound { entity: "return", .. } => "return_not_found",
            Error::NotFound { .. } => "not_found",
            Error::Policy(_) => "policy_refused",
            Error::Database(e) => storage_code(e).unwrap_or("database"),
            Error::Migration(rusqlite_migration::Error::RusqliteError { err, .. }) => {
                storage_code(err).unwrap_or("migration")
            }
            Error::Migration(_) => "migration",
            Error::DataDir { source, .. } => io_code(source).unwrap_or("data_dir"),
            Error::File { source, .. } => io_code(source).unwrap_or("file_unreadable"),
            Error::NotABackup { .. } => "not_a_backup",
            Error::Cancelled => "cancelled",
            Error::ImportRunning => "import_running",
        }
    }

    pub fn payload(&self) -> ErrorPayload {
        ErrorPayload {
            code: self.code().to_owned(),
            message: self.to_string(),
            fields: match self {
                Error::Invalid(fields) => fields.clone(),
                Error::Policy(rules) => rules.iter().map(|rule| FieldError::new("policy", rule)).collect(),
                _ => Vec::new(),
            },
        }
    }
}

/// What the UI receives when a command fails.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct ErrorPayload {
    pub code: String,
    pub message: String,
    pub fields: Vec<FieldError>,
}

impl Serialize for Error {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.payload().serialize(serializer)
    }
}

/// Collects field problems so a form gets all of them at once, not one per try.
#[derive(Debug, Default)]
pub struct Problems(Vec<FieldError>);

impl Problems {
    pub fn add(&mut self, field: impl Into<String>, code: &str) {
        self.0.push(FieldError::new(field, code));
    }

    pub fn into_result(self) -> Result<()> {
        if self.0.is_empty() { Ok(()) } else { Err(Error::Invalid(self.0)) }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_serialise_as_code_message_and_fields() {
        let err = Error::invalid("email", "email_malformed");
        let json = serde_json::to_value(&err).unwrap();
        assert_eq!(json["code"], "invalid_input", "the UI branches on this stable code");
        assert_eq!(json["fields"][0]["field"], "email", "the UI puts the message on this field");
        assert_eq!(json["fields"][0]["code"], "email_malformed");
        assert!(json["message"].as_str().unwrap().contains("email"));

        let missing = serde_json::to_value(Error::NotFound { entity: "customer", id: 7 }).unwrap();
        assert_eq!(missing["code"], "customer_not_found");
        assert_eq!(missing["fields"], serde_json::json!([]), "fields is always an array");
    }
}
