//! Works out how a CSV file is written: encoding, separator, decimal mark,
//! date order, layout and column mapping, from its first bytes.

use std::fs::File;
use std::io::{BufReader, Read};
use std::path::Path;

use encoding_rs::WINDOWS_1252;
use encoding_rs_io::DecodeReaderBytesBuilder;

use super::fields::{self, Field, Layout};
use super::{DateOrder, DecimalMark, Delimiter, Encoding, ImportOptions};
use crate::error::{Error, Result};

const SNIFF_BYTES: usize = 256 * 1024;

pub(crate) fn file_error(path: &Path, source: std::io::Error) -> Error {
    Error::File { path: path.display().to_string(), source }
}

/// A decoding, BOM-stripping reader over the file.
pub(crate) fn open(path: &Path, encoding: Encoding) -> Result<Box<dyn Read + Send>> {
    let file = File::open(path).map_err(|e| file_error(path, e))?;
    let decoder = DecodeReaderBytesBuilder::new()
        .encoding(match encoding {
            // None: UTF-8 passes through untouched unless a BOM is there.
            Encoding::Utf8 => None,
            Encoding::Windows1252 => Some(WINDOWS_1252),
        })
        .bom_sniffing(true)
        .strip_bom(true)
        .build(file);
    Ok(Box::new(BufReader::with_capacity(1 << 20, decoder)))
}

pub(crate) fn csv_reader(path: &Path, options: &ImportOptions) -> Result<csv::Reader<Box<dyn Read + Send>>> {
    Ok(csv::ReaderBuilder::new()
        .delimiter(options.delimiter.byte())
        .flexible(true)
        .has_headers(true)
        .buffer_capacity(1 << 20)
        .from_reader(open(path, options.encoding)?))
}

pub fn detect(path: &Path) -> Result<ImportOptions> {
    let mut head = Vec::with_capacity(SNIFF_BYTES);
    File::open(path)
        .map_err(|e| file_error(path, e))?
        .take(SNIFF_BYTES as u64)
        .read_to_end(&mut head)
        .map_err(|e| file_error(path, e))?;
    if head.is_empty() {
        return Err(Error::invalid("file", "file_empty"));
    }
    let encoding = detect_encoding(&head);
    let text = match encoding {
        Encoding::Utf8 => String::from_utf8_lossy(head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&head)).into_owned(),
        Encoding::Windows1252 => WINDOWS_1252.decode_without_bom_handling(&head).0.into_owned(),
    };
    let delimiter = detect_delimiter(&text);
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter.byte())
        .flexible(true)
        .has_headers(true)
        .from_reader(text.as_bytes());
    let headers: Vec<String> =
        reader.headers().map_err(|_| Error::invalid("file", "file_unreadable"))?.iter().map(str::to_owned).collect();
    let layout = fields::guess_layout(&headers);
    let mapping = fields::auto_mapping(layout, &headers);
    let column = |f: Field| mapping.iter().find(|m| m.field == f).and_then(|m| m.column).map(|c| c as usize);
    let rows: Vec<csv::StringRecord> = reader.records().take(200).filter_map(|r| r.ok()).collect();
    let cells = |f: Field| -> Vec<&str> {
        column(f)
            .map(|c| rows.iter().filter_map(|r| r.get(c)).filter(|v| !v.trim().is_empty()).collect())
            .unwrap_or_default()
    };
    let mut amounts = cells(Field::UnitPrice);
    amounts.extend(cells(Field::LineTotal));
    let decimal = match layout {
        Layout::Shopify | Layout::Woocommerce => DecimalMark::Point,
        _ => detect_decimal(&amounts, delimiter),
    };
    let mut dates = cells(Field::OrderDate);
    dates.extend(cells(Field::DeliveredOn));
    Ok(ImportOptions { layout, encoding, delimiter, decimal, date_order: detect_date_order(&dates), mapping })
}

fn detect_encoding(head: &[u8]) -> Encoding {
    if head.starts_with(b"\xEF\xBB\xBF") {
        return Encoding::Utf8;
    }
    match std::str::from_utf8(head) {
        Ok(_) => Encoding::Utf8,
        // Cut in the middle of a character at the end of the sample: still UTF-8.
        Err(e) if e.error_len().is_none() => Encoding::Utf8,
        Err(_) => Encoding::Windows1252,
    }
}

/// The separator that splits the first lines into the same number (> 1) of
/// fields most consistently.
fn detect_delimiter(text: &str) -> Delimiter {
    let mut best = (Delimiter::Comma, 0usize, 0usize);
    for delimiter in [Delimiter::Comma, Delimiter::Semicolon, Delimiter::Tab] {
        let mut reader = csv::ReaderBuilder::new()
            .delimiter(delimiter.byte())
            .flexible(true)
            .has_headers(false)
            .from_reader(text.as_bytes());
        let widths: Vec<usize> = reader.records().take(20).filter_map(|r| r.ok()).map(|r| r.len()).collect();
        let Some(&first) = widths.first() else { continue };
        let agreeing = widths.iter().filter(|&&w| w == first).count();
        if first > 1 && (agreeing, first) > (best.1, best.2) {
            best = (delimiter, agreeing, first);
        }
    }
    best.0
}

fn detect_decimal(amounts: &[&str], delimiter: Delimiter) -> DecimalMark {
    let comma_decimal = amounts.iter().filter(|a| {
        let a = a.trim();
        a.rfind(',').is_some_and(|at| {
            let after = &a[at + 1..];
            (1..=2).contains(&after.len()) && after.bytes().all(|b| b.is_ascii_digit())
        })
    });
    if comma_decimal.count() * 2 > amounts.len() || (amounts.is_empty() && delimiter == Delimiter::Semicolon) {
        DecimalMark::Comma
    } else {
        DecimalMark::Point
    }
}

fn detect_date_order(dates: &[&str]) -> DateOrder {
    let mut iso = 0;
    let mut first_over_12 = 0;
    let mut second_over_12 = 0;
    for date in dates {
        let part = date.trim().split([' ', 'T']).next().unwrap_or("");
        let pieces: Vec<&str> = part.split(['-', '/', '.']).collect();
        if pieces.len() != 3 {
            continue;
        }
        if pieces[0].len() == 4 {
            iso += 1;
        } else if pieces[0].parse::<u32>().is_ok_and(|v| v > 12) {
            first_over_12 += 1;
        } else if pieces[1].parse::<u32>().is_ok_and(|v| v > 12) {
            second_over_12 += 1;
        }
    }
    if iso > 0 && first_over_12 + second_over_12 == 0 {
        DateOrder::Ymd
    } else if second_over_12 > first_over_12 {
        DateOrder::Mdy
    } else {
        // Day first is what Spanish and Latin-American shops write.
        DateOrder::Dmy
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(bytes: &[u8]) -> tempfile::NamedTempFile {
        let mut file = tempfile::NamedTempFile::new().unwrap();
        std::io::Write::write_all(&mut file, bytes).unwrap();
        file
    }

    #[test]
    fn spanish_excel_files_are_recognised() {
        let (body, _, _) = WINDOWS_1252.encode("Pedido;Fecha;Cliente;Teléfono;Producto;Cantidad;Precio unidad\r\nA-1;31/12/2024;José Núñez;612 34 56 78;Botas;1;49,90\r\n");
        let options = detect(write(&body).path()).unwrap();
        assert_eq!(options.encoding, Encoding::Windows1252, "Excel in Spanish saves Windows-1252");
        assert_eq!(options.delimiter, Delimiter::Semicolon);
        assert_eq!(options.decimal, DecimalMark::Comma);
        assert_eq!(options.date_order, DateOrder::Dmy);
        assert_eq!(options.layout, Layout::Generic);
    }

    #[test]
    fn utf8_with_bom_and_tabs() {
        let options = detect(
            write(
                "\u{feff}order_number\tproduct\tquantity\tunit_price\torder_date\n1\tBotas\t1\t12.50\t2024-12-31\n"
                    .as_bytes(),
            )
            .path(),
        )
        .unwrap();
        assert_eq!(options.encoding, Encoding::Utf8);
        assert_eq!(options.delimiter, Delimiter::Tab);
        assert_eq!(options.decimal, DecimalMark::Point);
        assert_eq!(options.date_order, DateOrder::Ymd);
        assert_eq!(options.mapping[0].column, Some(0), "the BOM is not part of the first header");
    }

    #[test]
    fn empty_files_are_refused() {
        let err = detect(write(b"").path()).unwrap_err();
        assert_eq!(err.payload().fields[0].code, "file_empty");
    }
}
