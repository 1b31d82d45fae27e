//! The resume position, persisted so a restarted app resumes where it stopped.

use std::path::{Path, PathBuf};

use callcard_protocol::Position;

/// A file holding the last (epoch, seq) the app processed.
pub struct PositionFile {
    path: PathBuf,
}

impl PositionFile {
    pub fn new(path: impl Into<PathBuf>) -> PositionFile {
        PositionFile { path: path.into() }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The saved position; a missing or unreadable file means "none" (the app then loads a
    /// snapshot), never an error that stops it.
    pub fn load(&self) -> Option<Position> {
        let text = std::fs::read_to_string(&self.path).ok()?;
        serde_json::from_str(&text).ok()
    }

    /// Saves atomically: write a temporary file, fsync it, rename it over the old one.
    pub fn save(&self, position: &Position) -> std::io::Result<()> {
        crate::atomic_file::write(&self.path, serde_json::to_string(position).expect("position serialises").as_bytes())
    }
}

/// Whether an event at `seq` is new for a client that has processed up to `position`.
pub fn is_new(position: Option<&Position>, epoch: &str, seq: u64) -> bool {
    match position {
        Some(p) if p.epoch == epoch => seq > p.seq,
        _ => true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_and_garbage() {
        let dir = tempfile::tempdir().unwrap();
        let file = PositionFile::new(dir.path().join("state/position.json"));
        assert_eq!(file.load(), None);
        let pos = Position { epoch: "abc".into(), seq: 42 };
        file.save(&pos).unwrap();
        assert_eq!(file.load(), Some(pos));
        std::fs::write(file.path(), "{not json").unwrap();
        assert_eq!(file.load(), None);
    }

    #[test]
    fn newness_by_epoch_and_seq() {
        let pos = Position { epoch: "a".into(), seq: 10 };
        assert!(!is_new(Some(&pos), "a", 10));
        assert!(is_new(Some(&pos), "a", 11));
        assert!(is_new(Some(&pos), "b", 1), "another history");
        assert!(is_new(None, "a", 1));
    }
}
