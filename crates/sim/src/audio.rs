//! Deterministic call recordings: real MP3 (or WAV, Ringostat) files whose length is the
//! call's talk time.
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

/// A 16-bit PCM WAV (mono, 16 kHz) of the same sound: the 44-byte RIFF header, then samples.
pub fn wav(recording_id: &str, secs: u32) -> Vec<u8> {
    let pcm = samples(recording_id, secs);
    let data_len = (pcm.len() * 2) as u32;
    let mut out = Vec::with_capacity(44 + data_len as usize);
    out.extend_from_slice(b"RIFF");
    out.extend_from_slice(&(36 + data_len).to_le_bytes());
    out.extend_from_slice(b"WAVEfmt ");
    out.extend_from_slice(&16u32.to_le_bytes()); // fmt chunk size
    out.extend_from_slice(&1u16.to_le_bytes()); // PCM
    out.extend_from_slice(&1u16.to_le_bytes()); // mono
    out.extend_from_slice(&SAMPLE_RATE.to_le_bytes());
    out.extend_from_slice(&(SAMPLE_RATE * 2).to_le_bytes()); // bytes per second
    out.extend_from_slice(&2u16.to_le_bytes()); // block align
    out.extend_from_slice(&16u16.to_le_bytes()); // bits per sample
    out.extend_from_slice(b"data");
    out.extend_from_slice(&data_len.to_le_bytes());
    pcm.iter().for_each(|s| out.extend_from_slice(&s.to_le_bytes()));
    out
}

/// A recording's file format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Mp3,
    Wav,
}

impl Format {
    pub fn extension(self) -> &'static str {
        match self {
            Format::Mp3 => "mp3",
            Format::Wav => "wav",
        }
    }

    pub fn mime(self) -> &'static str {
        match self {
            Format::Mp3 => "audio/mpeg",
            Format::Wav => "audio/wav",
        }
    }
}

/// Where the recording's MP3 file lives in `dir` (a name safe for any recording id).
pub fn file_path(dir: &Path, recording_id: &str, secs: u32) -> PathBuf {
    file_path_as(dir, recording_id, secs, Format::Mp3)
}

/// Where the recording's file in `format` lives in `dir`.
pub fn file_path_as(dir: &Path, recording_id: &str, secs: u32, format: Format) -> PathBuf {
    let safe: String = recording_id
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() || c == '.' || c == '-' || c == '_' { c } else { '_' })
        .collect();
    dir.join(format!("{safe}-{secs}s.{}", format.extension()))
}

/// The recording's MP3 file in `dir`, written on first use.
pub fn ensure_file(dir: &Path, recording_id: &str, secs: u32) -> anyhow::Result<PathBuf> {
    ensure_file_as(dir, recording_id, secs, Format::Mp3)
}

/// The recording's file in `format` in `dir`, written on first use.
pub fn ensure_file_as(dir: &Path, recording_id: &str, secs: u32, format: Format) -> anyhow::Result<PathBuf> {
    let path = file_path_as(dir, recording_id, secs, format);
    if !path.exists() {
        let bytes = match format {
            Format::Mp3 => mp3(recording_id, secs)?,
            Format::Wav => wav(recording_id, secs),
        };
        // Write then rename: a concurrent reader never sees half a file.
        let tmp = path.with_extension(format!("{}.part", format.extension()));
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

    #[test]
    fn wav_is_pcm_with_a_riff_header() {
        let w = wav("ua3_-1712345678.1234567", 2);
        assert_eq!(w.len(), 44 + 2 * 2 * SAMPLE_RATE as usize);
        assert_eq!((&w[..4], &w[8..16], &w[36..40]), (&b"RIFF"[..], &b"WAVEfmt "[..], &b"data"[..]));
        assert_eq!(u32::from_le_bytes(w[4..8].try_into().unwrap()) as usize, w.len() - 8);
        assert_eq!(u32::from_le_bytes(w[24..28].try_into().unwrap()), SAMPLE_RATE);
        let first = i16::from_le_bytes([w[46], w[47]]);
        assert_eq!(first, samples("ua3_-1712345678.1234567", 2)[1], "the samples follow the header");
        assert_ne!(w, wav("ua3_-1712345678.7654321", 2));
    }
}
