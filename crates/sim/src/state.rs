//! What the simulated PBX remembers: recordings of the calls it played, the temporary
//! links it handed out for them, the finished calls its reports answer about, and who is
//! talking right now.

use std::collections::{HashMap, VecDeque};
use std::path::PathBuf;
use std::sync::Mutex;

use chrono::{DateTime, Utc};

use crate::plan::CallPlan;

/// The most finished calls kept for the reports; a long demo forgets the oldest.
const FINISHED_CALLS_KEPT: usize = 20_000;

/// A call played to its end, as its plan was at the end (after the relay's routing).
#[derive(Debug, Clone)]
pub struct FinishedCall {
    pub plan: CallPlan,
    pub started: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordingInfo {
    /// Zadarma `call_id_with_rec`, or the ITooLabs `callid`.
    pub id: String,
    /// The provider call id the recording belongs to.
    pub call_id: String,
    pub secs: u32,
}

#[derive(Debug, Clone)]
pub struct Link {
    pub recording_id: String,
    pub expires: DateTime<Utc>,
}

#[derive(Default)]
pub struct PbxState {
    recordings: Mutex<HashMap<String, RecordingInfo>>,
    links: Mutex<HashMap<String, Link>>,
    finished: Mutex<VecDeque<FinishedCall>>,
    /// Agents (by login) in a played call now, with how many calls each.
    talking: Mutex<HashMap<String, u32>>,
    /// Where generated MP3 files are kept.
    pub audio_dir: PathBuf,
}

impl PbxState {
    pub fn new(audio_dir: PathBuf) -> PbxState {
        PbxState { audio_dir, ..Default::default() }
    }

    pub fn add_finished_call(&self, plan: CallPlan, started: DateTime<Utc>) {
        let mut finished = self.finished.lock().expect("lock");
        if finished.len() >= FINISHED_CALLS_KEPT {
            finished.pop_front();
        }
        finished.push_back(FinishedCall { plan, started });
    }

    /// Finished calls, oldest first.
    pub fn finished_calls(&self) -> Vec<FinishedCall> {
        self.finished.lock().expect("lock").iter().cloned().collect()
    }

    /// An agent started talking in a played call.
    pub fn start_talking(&self, login: &str) {
        *self.talking.lock().expect("lock").entry(login.to_string()).or_default() += 1;
    }

    /// An agent's call ended (or was handed on).
    pub fn stop_talking(&self, login: &str) {
        let mut talking = self.talking.lock().expect("lock");
        if let Some(n) = talking.get_mut(login) {
            *n -= 1;
            if *n == 0 {
                talking.remove(login);
            }
        }
    }

    /// Whether the agent is in a played call now.
    pub fn is_talking(&self, login: &str) -> bool {
        self.talking.lock().expect("lock").contains_key(login)
    }

    pub fn add_recording(&self, info: RecordingInfo) {
        self.recordings.lock().expect("lock").insert(info.id.clone(), info);
    }

    pub fn recording(&self, id: &str) -> Option<RecordingInfo> {
        self.recordings.lock().expect("lock").get(id).cloned()
    }

    pub fn recordings_of_call(&self, call_id: &str) -> Vec<RecordingInfo> {
        let mut found: Vec<_> =
            self.recordings.lock().expect("lock").values().filter(|r| r.call_id == call_id).cloned().collect();
        found.sort_by(|a, b| a.id.cmp(&b.id));
        found
    }

    /// Deletes the call's recordings, as a PBX does when their retention ends: their files go,
    /// and every link to them stops working. Returns what was deleted.
    pub fn delete_recordings_of_call(&self, call_id: &str) -> Vec<RecordingInfo> {
        let mut deleted: Vec<RecordingInfo> = {
            let mut recordings = self.recordings.lock().expect("lock");
            let ids: Vec<String> = recordings.values().filter(|r| r.call_id == call_id).map(|r| r.id.clone()).collect();
            ids.iter().filter_map(|id| recordings.remove(id)).collect()
        };
        deleted.sort_by(|a, b| a.id.cmp(&b.id));
        for rec in &deleted {
            // A file never downloaded was never written.
            for format in [crate::audio::Format::Mp3, crate::audio::Format::Wav] {
                let _ = std::fs::remove_file(crate::audio::file_path_as(&self.audio_dir, &rec.id, rec.secs, format));
            }
        }
        deleted
    }

    pub fn add_link(&self, token: String, link: Link) {
        let mut links = self.links.lock().expect("lock");
        // Forget links long expired, so a long demo does not grow without bound.
        let now = Utc::now();
        links.retain(|_, l| l.expires > now - chrono::Duration::hours(1));
        links.insert(token, link);
    }

    /// Ends every link's life now (a test's stand-in for waiting out `lifetime_till`).
    pub fn expire_links(&self) -> usize {
        let mut links = self.links.lock().expect("lock");
        let now = Utc::now();
        links.values_mut().for_each(|l| l.expires = now);
        links.len()
    }

    /// The recording behind a link, if the link exists and has not expired.
    pub fn resolve_link(&self, token: &str, now: DateTime<Utc>) -> Result<RecordingInfo, LinkError> {
        let link = self.links.lock().expect("lock").get(token).cloned().ok_or(LinkError::Unknown)?;
        if now >= link.expires {
            return Err(LinkError::Expired);
        }
        self.recording(&link.recording_id).ok_or(LinkError::Unknown)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LinkError {
    Unknown,
    Expired,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deleted_recordings_lose_their_file_and_their_links() {
        let dir = tempfile::tempdir().unwrap();
        let state = PbxState::new(dir.path().to_path_buf());
        for (id, call) in [("1.1", "in_a"), ("1.2", "in_a"), ("2.1", "in_b")] {
            state.add_recording(RecordingInfo { id: id.into(), call_id: call.into(), secs: 1 });
        }
        let file = crate::audio::ensure_file(dir.path(), "1.1", 1).unwrap();
        let now = Utc::now();
        state.add_link("t1".into(), Link { recording_id: "1.1".into(), expires: now + chrono::Duration::hours(1) });
        assert!(state.resolve_link("t1", now).is_ok());

        let deleted: Vec<String> = state.delete_recordings_of_call("in_a").into_iter().map(|r| r.id).collect();
        assert_eq!(deleted, ["1.1", "1.2"]);
        assert!(!file.exists(), "the file is gone from disk");
        assert_eq!(state.recording("1.1"), None);
        assert!(state.recordings_of_call("in_a").is_empty());
        assert_eq!(state.resolve_link("t1", now).unwrap_err(), LinkError::Unknown);
        // Another call's recording stays; deleting again finds nothing.
        assert_eq!(state.recordings_of_call("in_b").len(), 1);
        assert!(state.delete_recordings_of_call("in_a").is_empty());
    }

    #[test]
    fn talking_counts_calls() {
        let state = PbxState::default();
        state.start_talking("anna");
        state.start_talking("anna");
        state.stop_talking("anna");
        assert!(state.is_talking("anna"), "still in her second call");
        state.stop_talking("anna");
        state.stop_talking("boris");
        assert!(!state.is_talking("anna") && !state.is_talking("boris"));
    }
}
