//! A `Write` adapter that turns UTF-8 into Windows-1252, as Excel saves
//! "CSV (delimitado por comas)" on a Spanish Windows.

use std::io::{self, Write};

use encoding_rs::WINDOWS_1252;

pub struct Cp1252Writer<W: Write> {
    inner: W,
    /// Bytes of a character split across two `write` calls.
    pending: Vec<u8>,
}

impl<W: Write> Cp1252Writer<W> {
    pub fn new(inner: W) -> Self {
        Cp1252Writer { inner, pending: Vec::new() }
    }
}

impl<W: Write> Write for Cp1252Writer<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.pending.extend_from_slice(buf);
        let complete = match std::str::from_utf8(&self.pending) {
            Ok(text) => text.len(),
            Err(error) if error.error_len().is_none() => error.valid_up_to(),
            Err(error) => return Err(io::Error::new(io::ErrorKind::InvalidData, error)),
        };
        let text = std::str::from_utf8(&self.pending[..complete])
            .map_err(|e| io::Error::new(io::ErrorKind::InvalidData, e))?;
        let (bytes, _, unmappable) = WINDOWS_1252.encode(text);
        if unmappable {
            // encoding_rs would write an HTML entity; Excel data never has one.
            return Err(io::Error::new(io::ErrorKind::InvalidData, "a character has no Windows-1252 form"));
        }
        self.inner.write_all(&bytes)?;
        self.pending.drain(..complete);
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        if !self.pending.is_empty() {
            return Err(io::Error::new(io::ErrorKind::InvalidData, "text ended inside a UTF-8 character"));
        }
        self.inner.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodes_characters_split_across_writes() {
        let mut out = Cp1252Writer::new(Vec::new());
        let text = "Teléfono €".as_bytes();
        out.write_all(&text[..4]).unwrap();
        out.write_all(&text[4..]).unwrap();
        out.flush().unwrap();
        assert_eq!(out.inner, b"Tel\xe9fono \x80", "é and € have single-byte forms in Windows-1252");
    }

    #[test]
    fn refuses_characters_outside_windows_1252() {
        let mut out = Cp1252Writer::new(Vec::new());
        assert!(out.write_all("Łódź".as_bytes()).is_err(), "Ł cannot be written, and must not turn into &#321;");
    }
}
