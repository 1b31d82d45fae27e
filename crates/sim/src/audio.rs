//! Deterministic call recordings: real MP3 files whose length is the call's talk time.
//!
//! The sound is two alternating tones whose pitches derive from the recording id, so every
//! recording is different, the same id always gives the same bytes, and a test can check what
//! it heard.

use std::path::{Path, PathBuf};

use mp3lame_encoder::{Bitrate, Builder, FlushNoGap, MonoPcm, Quality};

pub const SAMPLE_RATE: u32 = 16_000;

/// The two tone frequencies (Hz) of a recording.
pub fn tones(recording_id: &str) -> (f32, f32) {
    // FNV-1a: a stable hash that does not change between Rust versions.
    let mut h: u32 = 0x811c_9dc5;
    for b in recording_id.bytes() {
        h = (h ^ u32::from(b)).wrapping_mul(0x0100_0193);
    }
    (300.0 + (h % 400) as f32, 700.0 + ((h >> 12) % 400) as f32)
}

/// PCM samples of a recording: `secs` seconds, alternating tones every half second.
pub fn samples(recording_id: &str, secs: u32) -> Vec<i16> {
    let (a, b) = tones(recording_id);
    let n = (SAMPLE_RATE * secs.max(1)) as usize;
    (0..n)
        .map(|i| {
            let t = i as f32 / SAMPLE_RATE as f32;
            let f = if (i / (SAMPLE_RATE as usize / 2)).is_multiple_of(2) { a } else { b };
            ((t * f * std::f32::consts::TAU).sin() * 0.5 * f32::from(i16::MAX)) as i16
        })
        .collect()
}

/// Encodes a recording as MP3 (mono, 16 kHz, 32 kbit/s).
pub fn mp3(recording_id: &str, secs: u32) -> anyhow::Result<Vec<u8>> {
    let mut builder = Builder::new().ok_or_else(|| anyhow::anyhow!("cannot create LAME encoder"))?;
    builder.set_num_channels(1).map_err(|e| anyhow::anyhow!("LAME channels: {e:?}"))?;
    builder.set_sample_rate(SAMPLE_RATE).map_err(|e| anyhow::anyhow!("LAME sample rate: {e:?}"))?;
    builder.set_brate(Bitrate::Kbps32).map_err(|e| anyhow::anyhow!("LAME bitrate: {e:?}"))?;
    builder.set_quality(Quality::Good).map_err(|e| anyhow::anyhow!("LAME quality: {e:?}"))?;
    let mut encoder = builder.build().map_err(|e| anyhow::anyhow!("LAME init: {e:?}"))?;
    let pcm = samples(recording_id, secs);
    let mut out = Vec::with_capacity(mp3lame_encoder::max_required_buffer_size(pcm.len()));
    encoder.encode_to_vec(MonoPcm(&pcm), &mut out).map_err(|e| anyhow::anyhow!("LAME encode: {e:?}"))?;
    encoder.flush_to_vec::<FlushNoGap>(&mut out).map_err(|e| anyhow::anyhow!("LAME flush: {e:?}"))?;
    Ok(out)
}

/// Where the recording's file lives in `dir` (a name safe for any recording id).
pub fn file_path(dir: &Path, recording_id: &str, secs: u32) -> PathBuf {
    let safe: String = recording_id
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() || c == '.' || c == '-' || c == '_' { c } else { '_' })
        .collect();
    dir.join(format!("{safe}-{secs}s.mp3"))
}

/// The recording's file in `dir`, written on first use.
pub fn ensure_file(dir: &Path, recording_id: &str, secs: u32) -> anyhow::Result<PathBuf> {
    let path = file_path(dir, recording_id, secs);
    if !path.exists() {
        let bytes = mp3(recording_id, secs)?;
        // Write then rename: a concurrent reader never sees half a file.
        let tmp = path.with_extension("mp3.part");
        std::fs::write(&tmp, bytes)?;
        std::fs::rename(&tmp, &path)?;
    }
    Ok(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mp3_is_deterministic_and_as_long_as_the_talk() {
        let a = mp3("1714564800.1234567", 3).unwrap();
        assert_eq!(a, mp3("1714564800.1234567", 3).unwrap());
        assert_ne!(a, mp3("1714564800.7654321", 3).unwrap());
        // An MPEG audio frame sync word opens the stream.
        assert_eq!(a[0], 0xFF);
        assert_eq!(a[1] & 0xE0, 0xE0);
        // 32 kbit/s ≈ 4 KB per second.
        let six = mp3("x", 6).unwrap();
        assert!((11_000..14_500).contains(&a.len()), "{}", a.len());
        assert!((22_000..27_000).contains(&six.len()), "{}", six.len());
    }
}
