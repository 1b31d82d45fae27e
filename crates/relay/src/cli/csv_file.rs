//! CSV files with a header row, as the import commands read them: trimmed, short rows allowed,
//! every row checked before anything is written.

use std::path::Path;

use anyhow::{bail, Context};

pub(super) fn truthy(column: &str, value: &str) -> Result<bool, String> {
    match value.trim().to_ascii_lowercase().as_str() {
        "" | "0" | "false" | "no" | "n" => Ok(false),
        "1" | "true" | "yes" | "y" => Ok(true),
        other => Err(format!("{column} must be yes/no, got {other:?}")),
    }
}

/// The column names of a CSV header row, lowercased.
pub(super) struct Columns(Vec<String>);

impl Columns {
    pub(super) fn of(&self, name: &str) -> Option<usize> {
        self.0.iter().position(|h| h == name)
    }

    pub(super) fn names(&self) -> &[String] {
        &self.0
    }
}

/// A CSV file with a header row, read leniently (trimmed, short rows allowed). Returns the
/// reader, its columns, and the positions of the `required` ones (refusing a header without
/// them).
pub(super) fn csv_reader<const N: usize>(
    file: &Path,
    required: [&str; N],
) -> anyhow::Result<(csv::Reader<std::fs::File>, Columns, [usize; N])> {
    let mut reader = csv::ReaderBuilder::new()
        .trim(csv::Trim::All)
        .flexible(true)
        .from_path(file)
        .with_context(|| format!("cannot read {}", file.display()))?;
    let columns = Columns(reader.headers()?.iter().map(|h| h.to_ascii_lowercase()).collect());
    let mut positions = [0; N];
    for (position, name) in positions.iter_mut().zip(required) {
        let Some(found) = columns.of(name) else {
            bail!("{}: the header row must name at least the columns {}", file.display(), required.join(" and "));
        };
        *position = found;
    }
    Ok((reader, columns, positions))
}

/// One data row: its line in the file (the header is line 1) and its cells.
pub(super) struct Row {
    pub line: usize,
    record: csv::StringRecord,
}

impl Row {
    /// The cell of column `col` (trimmed), `""` when the column or the cell is absent.
    pub fn get(&self, col: Option<usize>) -> String {
        col.and_then(|c| self.record.get(c)).unwrap_or("").to_string()
    }

    /// A problem with this row, as the import reports it.
    pub fn problem(&self, what: impl std::fmt::Display) -> String {
        format!("line {}: {what}", self.line)
    }
}

/// Every row of the file; rows that cannot be read at all are reported as problems.
pub(super) fn read_rows(reader: &mut csv::Reader<std::fs::File>) -> (Vec<Row>, Vec<String>) {
    let mut rows = Vec::new();
    let mut problems = Vec::new();
    for (i, record) in reader.records().enumerate() {
        let line = i + 2;
        match record {
            Ok(record) => rows.push(Row { line, record }),
            Err(e) => problems.push(format!("line {line}: {e}")),
        }
    }
    (rows, problems)
}

pub(super) fn refuse_bad_rows(file: &Path, errors: &[String]) -> anyhow::Result<()> {
    if errors.is_empty() {
        return Ok(());
    }
    for e in errors.iter().take(50) {
        eprintln!("{}: {e}", file.display());
    }
    bail!("{} bad rows in {}; nothing imported", errors.len(), file.display());
}
