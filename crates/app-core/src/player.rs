//! The recording player: download through the relay (streamed to a cache file, with progress),
//! then play with rodio on a thread of its own (an audio output is not `Send`). Play, pause,
//! seek, 1x/1.5x/2x. Every change of [`PlayerView`] is published on a watch channel
//! ([`Player::subscribe`]), so the UI is told rather than polling.

use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender};
use std::time::Duration;

use callcard_protocol::CallId;
use futures_util::StreamExt;
use rodio::Source;
use serde::Serialize;
use tokio::io::AsyncWriteExt;
use tokio::sync::watch;
use ts_rs::TS;

use crate::relay_api::RelayApi;
use crate::words::{WordCode, Words};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum PlayerState {
    Idle,
    Downloading,
    Playing,
    Paused,
    Ended,
    Failed,
}

/// What the player bar shows.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct PlayerView {
    #[ts(type = "number | null")]
    pub call_id: Option<CallId>,
    pub state: PlayerState,
    #[ts(type = "number")]
    pub position_ms: u64,
    #[ts(type = "number | null")]
    pub length_ms: Option<u64>,
    pub speed: f32,
    #[ts(type = "number")]
    pub downloaded_bytes: u64,
    #[ts(type = "number | null")]
    pub total_bytes: Option<u64>,
    /// What went wrong, for people.
    pub error: Option<Words>,
}

impl Default for PlayerView {
    fn default() -> PlayerView {
        PlayerView {
            call_id: None,
            state: PlayerState::Idle,
            position_ms: 0,
            length_ms: None,
            speed: 1.0,
            downloaded_bytes: 0,
            total_bytes: None,
            error: None,
        }
    }
}

pub const SPEEDS: [f32; 3] = [1.0, 1.5, 2.0];

enum Command {
    Open(CallId, PathBuf),
    Play,
    Pause,
    Seek(Duration),
    Speed(f32),
    Stop,
}

/// The player's handle; cheap to clone.
#[derive(Clone)]
pub struct Player {
    commands: Sender<Command>,
    view: watch::Sender<PlayerView>,
}

impl Default for Player {
    fn default() -> Self {
        Self::new()
    }
}

impl Player {
    pub fn new() -> Player {
        let (commands, rx) = std::sync::mpsc::channel();
        let view = watch::Sender::new(PlayerView::default());
        let shared = view.clone();
        std::thread::Builder::new()
            .name("callcard-player".into())
            .spawn(move || audio_thread(rx, shared))
            .expect("player thread starts");
        Player { commands, view }
    }

    pub fn view(&self) -> PlayerView {
        self.view.borrow().clone()
    }

    /// Wakes on every change of the view (changes in between are coalesced into the latest).
    pub fn subscribe(&self) -> watch::Receiver<PlayerView> {
        self.view.subscribe()
    }

    fn update(&self, f: impl FnOnce(&mut PlayerView)) {
        update_view(&self.view, f);
    }

    /// Downloads (or takes from the cache) and starts playing `call_id`'s recording.
    pub async fn play_call(&self, api: &RelayApi, call_id: CallId, cache_dir: &Path) -> Result<(), Words> {
        let _ = self.commands.send(Command::Stop);
        self.update(|v| {
            *v = PlayerView {
                call_id: Some(call_id),
                state: PlayerState::Downloading,
                speed: v.speed,
                ..Default::default()
            }
        });
        let progress = |done: u64, total: Option<u64>| {
            self.update(|v| {
                if v.call_id == Some(call_id) {
                    v.downloaded_bytes = done;
                    v.total_bytes = total;
                }
            })
        };
        match download(api, call_id, cache_dir, progress).await {
            Ok(path) => {
                let _ = self.commands.send(Command::Open(call_id, path));
                Ok(())
            }
            Err(message) => {
                self.update(|v| {
                    v.state = PlayerState::Failed;
                    v.error = Some(message.clone());
                });
                Err(message)
            }
        }
    }

    pub fn play(&self) {
        let _ = self.commands.send(Command::Play);
    }

    pub fn pause(&self) {
        let _ = self.commands.send(Command::Pause);
    }

    pub fn seek(&self, position_ms: u64) {
        let _ = self.commands.send(Command::Seek(Duration::from_millis(position_ms)));
    }

    pub fn set_speed(&self, speed: f32) -> Result<(), Words> {
        if !SPEEDS.contains(&speed) {
            return Err(Words::new(WordCode::BadSpeed).with("speed", speed));
        }
        let _ = self.commands.send(Command::Speed(speed));
        Ok(())
    }

    pub fn stop(&self) {
        let _ = self.commands.send(Command::Stop);
    }
}

fn cache_path(cache_dir: &Path, call_id: CallId) -> PathBuf {
    cache_dir.join("recordings").join(format!("call-{call_id}.mp3"))
}

/// The recording as a local file: from the cache, or streamed from the relay into it.
async fn download(
    api: &RelayApi,
    call_id: CallId,
    cache_dir: &Path,
    progress: impl Fn(u64, Option<u64>),
) -> Result<PathBuf, Words> {
    let path = cache_path(cache_dir, call_id);
    if let Ok(meta) = tokio::fs::metadata(&path).await {
        progress(meta.len(), Some(meta.len()));
        return Ok(path);
    }
    let response = api.recording(call_id).await.map_err(|e| e.words())?;
    let total = response.content_length();
    let dir = path.parent().expect("cache path has a parent");
    let words = |code: WordCode| move |e: std::io::Error| Words::new(code).with("detail", e);
    tokio::fs::create_dir_all(dir).await.map_err(words(WordCode::RecordingsCacheFailed))?;
    let part = path.with_extension("mp3.part");
    let mut file = tokio::fs::File::create(&part).await.map_err(words(WordCode::RecordingNotWritten))?;
    let mut stream = response.bytes_stream();
    let mut done = 0u64;
    while let Some(chunk) = stream.next().await {
        let chunk = chunk.map_err(|e| Words::new(WordCode::DownloadBrokeOff).with("detail", e))?;
        file.write_all(&chunk).await.map_err(words(WordCode::RecordingNotWritten))?;
        done += chunk.len() as u64;
        progress(done, total);
    }
    file.sync_all().await.map_err(words(WordCode::RecordingNotWritten))?;
    if total.is_some_and(|t| t != done) {
        let _ = tokio::fs::remove_file(&part).await;
        return Err(Words::new(WordCode::DownloadCutShort));
    }
    tokio::fs::rename(&part, &path).await.map_err(words(WordCode::RecordingNotWritten))?;
    Ok(path)
}

/// Length of a decodable file: from its headers, else by decoding it once.
fn length_of(path: &Path) -> Result<Duration, Words> {
    let decoder = open_decoder(path)?;
    if let Some(length) = decoder.total_duration() {
        return Ok(length);
    }
    let (rate, channels) = (decoder.sample_rate().get() as f64, decoder.channels().get() as f64);
    let samples = decoder.count() as f64;
    Ok(Duration::from_secs_f64(samples / (rate * channels)))
}

fn open_decoder(path: &Path) -> Result<rodio::Decoder<std::io::BufReader<std::fs::File>>, Words> {
    let file = std::fs::File::open(path).map_err(|e| Words::new(WordCode::RecordingNotOpened).with("detail", e))?;
    rodio::Decoder::try_from(file).map_err(|e| Words::new(WordCode::RecordingUndecodable).with("detail", e))
}

/// Applies `f` and notifies subscribers only if the view really changed (the audio thread
/// rewrites the position ten times a second, also while paused).
fn update_view(view: &watch::Sender<PlayerView>, f: impl FnOnce(&mut PlayerView)) {
    view.send_if_modified(|v| {
        let before = v.clone();
        f(v);
        *v != before
    });
}

/// Owns the audio output. Opens the device on first use, so a machine without sound still runs
/// the app (and says why it cannot play).
fn audio_thread(commands: Receiver<Command>, view: watch::Sender<PlayerView>) {
    let update = |f: &mut dyn FnMut(&mut PlayerView)| update_view(&view, f);
    let mut output: Option<rodio::MixerDeviceSink> = None;
    let mut player: Option<rodio::Player> = None;
    loop {
        match commands.recv_timeout(Duration::from_millis(100)) {
            Ok(Command::Open(call_id, path)) => {
                if let Some(p) = player.take() {
                    p.stop();
                }
                let opened = (|| {
                    let length = length_of(&path)?;
                    let decoder = open_decoder(&path)?;
                    if output.is_none() {
                        let mut sink = rodio::DeviceSinkBuilder::open_default_sink()
                            .map_err(|e| Words::new(WordCode::NoSoundOutput).with("detail", e))?;
                        sink.log_on_drop(false);
                        output = Some(sink);
                    }
                    let p = rodio::Player::connect_new(output.as_ref().expect("just opened").mixer());
                    p.append(decoder);
                    Ok::<_, Words>((p, length))
                })();
                match opened {
                    Ok((p, length)) => {
                        let speed = view.borrow().speed;
                        p.set_speed(speed);
                        p.play();
                        player = Some(p);
                        update(&mut |v| {
                            v.call_id = Some(call_id);
                            v.state = PlayerState::Playing;
                            v.length_ms = Some(length.as_millis() as u64);
                            v.position_ms = 0;
                            v.error = None;
                        });
                    }
                    Err(message) => {
                        if message.code == WordCode::RecordingUndecodable {
                            // Do not keep a bad file in the cache: the next try downloads again.
                            let _ = std::fs::remove_file(&path);
                        }
                        update(&mut |v| {
                            v.state = PlayerState::Failed;
                            v.error = Some(message.clone());
                        });
                    }
                }
            }
            Ok(Command::Play) => {
                if let Some(p) = &player {
                    p.play();
                    update(&mut |v| v.state = PlayerState::Playing);
                }
            }
            Ok(Command::Pause) => {
                if let Some(p) = &player {
                    p.pause();
                    update(&mut |v| v.state = PlayerState::Paused);
                }
            }
            Ok(Command::Seek(to)) => {
                if let Some(p) = &player {
                    if let Err(e) = p.try_seek(to) {
                        update(&mut |v| v.error = Some(Words::new(WordCode::SeekFailed).with("detail", &e)));
                    }
                }
            }
            Ok(Command::Speed(speed)) => {
                if let Some(p) = &player {
                    p.set_speed(speed);
                }
                update(&mut |v| v.speed = speed);
            }
            Ok(Command::Stop) => {
                if let Some(p) = player.take() {
                    p.stop();
                }
                output = None;
                update(&mut |v| {
                    if v.state != PlayerState::Downloading {
                        v.state = PlayerState::Idle;
                    }
                });
            }
            Err(RecvTimeoutError::Timeout) => {}
            Err(RecvTimeoutError::Disconnected) => return,
        }
        if let Some(p) = &player {
            let position = p.get_pos().as_millis() as u64;
            let ended = p.empty();
            update(&mut |v| {
                v.position_ms = if ended { v.length_ms.unwrap_or(position) } else { position };
                if ended && v.state == PlayerState::Playing {
                    v.state = PlayerState::Ended;
                }
            });
            if ended {
                // Release the sound device while nothing plays (the next play opens it again).
                player = None;
                output = None;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn subscribers_hear_real_changes_only() {
        let player = Player::new();
        let mut changes = player.subscribe();
        changes.mark_unchanged();
        // The audio thread rewrites the same position while paused: nobody is woken for that.
        player.update(|v| v.position_ms = 0);
        assert!(!changes.has_changed().unwrap());
        player.update(|v| v.speed = 1.5);
        assert!(changes.has_changed().unwrap());
        assert_eq!(changes.borrow_and_update().speed, 1.5);
        assert_eq!(player.view().speed, 1.5);
    }
}
