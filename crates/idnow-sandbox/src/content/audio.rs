//! The audio log of a video identification: one second of a quiet 440 Hz tone as a WAV
//! file (PCM, 8 kHz, 16-bit mono). The header is RIFF's fixed 44 bytes.

pub fn audio_log() -> Vec<u8> {
    const RATE: u32 = 8_000;
    let samples: Vec<i16> = (0..RATE)
        .map(|i| {
            let t = i as f64 / f64::from(RATE);
            (f64::sin(2.0 * std::f64::consts::PI * 440.0 * t) * 3000.0) as i16
        })
        .collect();
    let data_len = (samples.len() * 2) as u32;
    let mut wav = Vec::with_capacity(44 + data_len as usize);
    wav.extend_from_slice(b"RIFF");
    wav.extend_from_slice(&(36 + data_len).to_le_bytes());
    wav.extend_from_slice(b"WAVEfmt ");
    wav.extend_from_slice(&16u32.to_le_bytes()); // fmt chunk size
    wav.extend_from_slice(&1u16.to_le_bytes()); // PCM
    wav.extend_from_slice(&1u16.to_le_bytes()); // mono
    wav.extend_from_slice(&RATE.to_le_bytes());
    wav.extend_from_slice(&(RATE * 2).to_le_bytes()); // bytes per second
    wav.extend_from_slice(&2u16.to_le_bytes()); // block align
    wav.extend_from_slice(&16u16.to_le_bytes()); // bits per sample
    wav.extend_from_slice(b"data");
    wav.extend_from_slice(&data_len.to_le_bytes());
    for sample in samples {
        wav.extend_from_slice(&sample.to_le_bytes());
    }
    wav
}

#[cfg(test)]
mod tests {
    #[test]
    fn audio_is_a_wav_file() {
        let wav = super::audio_log();
        assert!(wav.starts_with(b"RIFF") && &wav[8..16] == b"WAVEfmt ");
        assert_eq!(wav.len(), 44 + 16_000);
    }
}
