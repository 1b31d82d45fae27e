//! CSV files with a header row, as the imports read them (the command line's files and the
//! console's uploads): trimmed, short rows allowed, every row checked before anything is written.

use std::io::Read;

pub fn truthy(column: &str, value: &str) -> Result<bool, String> {
    match value.trim().to_ascii_lowercase().as_str() {
        "" | "0" | "false" | "no" | "n" => Ok(false),
        "1" | "true" | "yes" | "y" => Ok(true),
        other => Err(format!("{column} must be yes/no, got {other:?}")),
    }
}

/// The column names of a CSV header row, lowercased.
pub struct Columns(Vec<String>);

impl Columns {
    pub fn of(&self, name: &str) -> Option<usize> {
        self.0.iter().position(|h| h == name)
    }

    pub fn names(&self) -> &[String] {
        &self.0
    }
}

/// Why a file could not be read as a table at all.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TableError {
    #[error("the header row cannot be read: {0}")]
    Unreadable(String),
    #[error("the header row must name at least the columns {}", .0.join(" and "))]
    MissingColumns(Vec<String>),
}

/// A CSV table with a header row, read leniently (trimmed, short rows allowed). Returns the
/// reader, its columns, and the positions of the `required` ones (refusing a header without
/// them).
pub fn csv_reader<R: Read, const N: usize>(
    input: R,
    required: [&str; N],
) -> Result<(csv::Reader<R>, Columns, [usize; N]), TableError> {
    let mut reader = csv::ReaderBuilder::new().trim(csv::Trim::All).flexible(true).from_reader(input);
    let headers = reader.headers().map_err(|e| TableError::Unreadable(e.to_string()))?;
    // A spreadsheet's UTF-8 export starts with a byte-order mark: it is not part of the name.
    let columns = Columns(headers.iter().map(|h| h.trim_start_matches('\u{feff}').to_ascii_lowercase()).collect());
    let mut positions = [0; N];
    for (position, name) in positions.iter_mut().zip(required) {
        let Some(found) = columns.of(name) else {
            return Err(TableError::MissingColumns(required.iter().map(|s| s.to_string()).collect()));
        };
        *position = found;
    }
    Ok((reader, columns, positions))
}

/// One data row: its line in the file (the header is line 1) and its cells.
pub struct Row {
    pub line: usize,
    record: csv::StringRecord,
}

impl Row {
    /// The cell of column `col` (trimmed), `""` when the column or the cell is absent.
    pub fn get(&self, col: Option<usize>) -> String {
        col.and_then(|c| self.record.get(c)).unwrap_or("").to_string()
    }

    /// A problem with this row, as the command line reports it.
    pub fn problem(&self, what: impl std::fmt::Display) -> String {
        format!("line {}: {what}", self.line)
    }
}

/// A row that could not be read at all.
pub struct UnreadableRow {
    pub line: usize,
    pub detail: String,
}

/// Every row of the table; rows that cannot be read at all come back apart.
pub fn read_rows<R: Read>(reader: &mut csv::Reader<R>) -> (Vec<Row>, Vec<UnreadableRow>) {
    let mut rows = Vec::new();
    let mut unreadable = Vec::new();
    for (i, record) in reader.records().enumerate() {
        let line = i + 2;
        match record {
            Ok(record) => rows.push(Row { line, record }),
            Err(e) => unreadable.push(UnreadableRow { line, detail: e.to_string() }),
        }
    }
    (rows, unreadable)
}
