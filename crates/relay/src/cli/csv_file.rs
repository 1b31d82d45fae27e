//! The command line's CSV files: opened by path, refused whole with the first problems printed.

use std::fs::File;
use std::path::Path;

use anyhow::{bail, Context};

use crate::admin::csv_rows::{self, Columns, Row, UnreadableRow};

pub(super) use crate::admin::csv_rows::truthy;

/// Opens `file` and reads its header (see [`csv_rows::csv_reader`]).
pub(super) fn csv_reader<const N: usize>(
    file: &Path,
    required: [&str; N],
) -> anyhow::Result<(csv::Reader<File>, Columns, [usize; N])> {
    let input = File::open(file).with_context(|| format!("cannot read {}", file.display()))?;
    csv_rows::csv_reader(input, required).map_err(|e| anyhow::anyhow!("{}: {e}", file.display()))
}

/// Every row; the unreadable ones as problems.
pub(super) fn read_rows(reader: &mut csv::Reader<File>) -> (Vec<Row>, Vec<String>) {
    let (rows, unreadable) = csv_rows::read_rows(reader);
    (rows, unreadable.iter().map(|UnreadableRow { line, detail }| format!("line {line}: {detail}")).collect())
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
