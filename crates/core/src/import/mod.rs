//! CSV import of orders (with their lines and customers) and of customers:
//! detection of how the file is written, a column mapping, a dry run that
//! names every bad row, and the import itself in one transaction.
//!
//! Re-importing changes nothing: orders are keyed by (source, number),
//! customers matched by email, then by normalised phone.

mod apply;
mod detect;
mod fields;

use std::path::Path;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

pub use apply::{Progress, run};
pub(crate) use detect::csv_reader;
pub use detect::detect;
pub use fields::{Field, Layout};

/// How the file is written. Detected, shown, and correctable by the owner.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "kebab-case")]
pub enum Encoding {
    Utf8,
    Windows1252,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
pub enum DecimalMark {
    Point,
    Comma,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
pub enum DateOrder {
    /// 31/12/2024 (Spain, Latin America)
    Dmy,
    /// 12/31/2024
    Mdy,
    /// 2024-12-31
    Ymd,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
pub enum Delimiter {
    Comma,
    Semicolon,
    Tab,
}

impl Delimiter {
    pub fn byte(self) -> u8 {
        match self {
            Delimiter::Comma => b',',
            Delimiter::Semicolon => b';',
            Delimiter::Tab => b'\t',
        }
    }
}

/// Which column holds each field (`None`: not in the file).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct FieldMapping {
    pub field: Field,
    pub column: Option<u32>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ImportOptions {
    pub layout: Layout,
    pub encoding: Encoding,
    pub delimiter: Delimiter,
    pub decimal: DecimalMark,
    pub date_order: DateOrder,
    pub mapping: Vec<FieldMapping>,
}

/// One row that cannot be imported, as a spreadsheet shows it: `row` 2 is
/// the first row under the header.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct RowProblem {
    pub row: u32,
    /// The column's header in the file (empty for a missing column).
    pub column: String,
    pub field: Field,
    pub code: String,
    pub value: String,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, TS)]
pub struct ImportCounts {
    pub rows: u32,
    pub orders_new: u32,
    pub orders_present: u32,
    pub orders_updated: u32,
    pub lines_new: u32,
    pub customers_new: u32,
    pub customers_present: u32,
    pub customers_updated: u32,
    /// Rows left out because they (or another row of their order) have a problem.
    pub rows_skipped: u32,
}

/// A field's value as it will be stored, for the preview table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct SampleCell {
    pub field: Field,
    pub value: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct SampleRow {
    pub row: u32,
    pub cells: Vec<SampleCell>,
}

/// What the owner sees before confirming: the result of a dry run.
#[derive(Debug, Clone, Serialize, TS)]
pub struct ImportReport {
    pub options: ImportOptions,
    pub headers: Vec<String>,
    pub sample: Vec<SampleRow>,
    /// The first problems (at most `MAX_PROBLEMS`), in row order.
    pub problems: Vec<RowProblem>,
    pub problem_count: u32,
    pub counts: ImportCounts,
    /// False for a dry run: nothing was written.
    pub committed: bool,
}

/// Sent to the UI while a preview or an import runs.
#[derive(Debug, Clone, Serialize, TS)]
pub struct ImportProgress {
    pub dry_run: bool,
    pub progress: Progress,
    pub rows_per_s: f64,
}

/// Sent to the UI when an import ends: a report, or why it stopped.
#[derive(Debug, Clone, Serialize, TS)]
pub struct ImportFinished {
    pub report: Option<ImportReport>,
    pub error: Option<crate::ErrorPayload>,
}

pub const MAX_PROBLEMS: usize = 1000;
pub const SAMPLE_ROWS: usize = 10;

/// Detects how `path` is written (when `options` is `None`) and runs the
/// import without committing: nothing is written.
pub fn preview(
    store: &crate::Store,
    path: &Path,
    options: Option<ImportOptions>,
    progress: &mut dyn FnMut(Progress) -> bool,
) -> crate::Result<ImportReport> {
    let options = match options {
        Some(options) => options,
        None => detect(path)?,
    };
    run(store, path, &options, false, progress)
}

#[cfg(test)]
mod tests;
