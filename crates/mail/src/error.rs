//! Errors of the mail crate. They cross to the UI in the same
//! `{ code, message, fields }` shape as the core's, so the UI branches on one
//! kind of payload everywhere.

use posventa_core::{ErrorPayload, FieldError};
use serde::Serialize;

pub type Result<T, E = Error> = std::result::Result<T, E>;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error(transparent)]
    Core(#[from] posventa_core::Error),
    /// The operating system's credential store refused or is not reachable.
    #[error("the credential store is not available: {0}")]
    Keyring(String),
    /// A campaign's subject, preheader or body cannot be rendered.
    #[error("the {field} cannot be rendered: {detail}")]
    Template { field: &'static str, detail: String },
    /// A value that would go into a header is unusable (bad address,
    /// control characters). `field` names what it was.
    #[error("{field} cannot be used in an email header: {detail}")]
    Header { field: &'static str, detail: String },
    #[error("could not write the message file {path}: {source}")]
    File { path: String, source: std::io::Error },
}

impl From<rusqlite::Error> for Error {
    fn from(err: rusqlite::Error) -> Self {
        Error::Core(err.into())
    }
}

impl Error {
    pub fn code(&self) -> &'static str {
        match self {
            Error::Core(err) => err.code(),
            Error::Keyring(_) => "keyring_unavailable",
            Error::Template { .. } => "template_invalid",
            Error::Header { .. } => "header_invalid",
            Error::File { .. } => "outbox_unwritable",
        }
    }

    pub fn payload(&self) -> ErrorPayload {
        match self {
            Error::Core(err) => err.payload(),
            Error::Template { field, .. } | Error::Header { field, .. } => ErrorPayload {
                code: self.code().to_owned(),
                message: self.to_string(),
                fields: vec![FieldError::new(*field, self.code())],
            },
            _ => ErrorPayload { code: self.code().to_owned(), message: self.to_string(), fields: Vec::new() },
        }
    }
}

impl Serialize for Error {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error> {
        self.payload().serialize(serializer)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_serialise_like_the_cores() {
        let json =
            serde_json::to_value(Error::Template { field: "body_md", detail: "unknown placeholder".into() }).unwrap();
        assert_eq!(json["code"], "template_invalid", "the UI branches on this stable code");
        assert_eq!(json["fields"][0]["field"], "body_md", "the UI shows the problem on the body field");
        let core = serde_json::to_value(Error::from(posventa_core::Error::invalid("host", "text_invalid"))).unwrap();
        assert_eq!(core["code"], "invalid_input");
        assert_eq!(core["fields"][0]["code"], "text_invalid", "core errors keep their field codes");
        let keyring = serde_json::to_value(Error::Keyring("no Secret Service".into())).unwrap();
        assert_eq!(keyring["fields"], serde_json::json!([]), "fields is always an array");
    }
}
