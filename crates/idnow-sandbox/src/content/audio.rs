//! The recordings of a video identification, in IDnow's formats: one second of a quiet
//! 440 Hz tone as MP3 (the audio log) and two seconds of a test pattern as MP4 (H.264).
//! Both were made once from synthetic sources, no person's voice or face:
//! `ffmpeg -f lavfi -i "sine=frequency=440:duration=1:sample_rate=8000" -filter:a volume=0.1
//! -ac 1 -c:a libmp3lame -b:a 16k audiolog.mp3` and `ffmpeg -f lavfi -i
//! "testsrc2=size=160x120:rate=10:duration=2" -c:v libx264 -preset veryslow -crf 40
//! -pix_fmt yuv420p -movflags +faststart videolog.mp4`.

const AUDIO_LOG: &[u8] = include_bytes!("audiolog.mp3");
const VIDEO_LOG: &[u8] = include_bytes!("videolog.mp4");

pub fn audio_log() -> Vec<u8> {
    AUDIO_LOG.to_vec()
}

pub fn video_log() -> Vec<u8> {
    VIDEO_LOG.to_vec()
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_recordings_are_mp3_and_mp4() {
        let audio = super::audio_log();
        assert!(audio.starts_with(b"ID3"), "an MP3 with its ID3 tag");
        let video = super::video_log();
        assert_eq!(&video[4..8], b"ftyp", "an MP4 (ISO media) file");
    }
}
