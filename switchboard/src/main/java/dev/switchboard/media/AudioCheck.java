package dev.switchboard.media;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Optional;
import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.UnsupportedAudioFileException;

/**
 * Decides whether uploaded bytes really are WAV or MP3 audio, whatever the file is called. WAV is read
 * by the JDK's own audio parser, and its samples are counted: a header may say an hour of audio in a file
 * that holds a second, or none (cut short, or made to lie), and the duration is that of the samples really
 * there. MP3 has no parser in the JDK: the bytes must start (after an optional ID3v2 tag) with MPEG audio
 * frames whose headers are valid, and the first frame's declared length must land exactly on the next
 * frame's header.
 */
final class AudioCheck {

    /**
     * What the audio is: its content type and, when known, its duration (of the samples in the file). {@code cutShort}
     * says what is wrong when the file holds fewer samples than its header says (null when it holds them all).
     */
    record Audio(String contentType, String extension, Long durationMillis, String cutShort) {
    }

    /** The audio, or what is wrong with bytes that are not audio a phone can play. */
    record Checked(Audio audio, String problem) {
    }

    /** Lowest and highest sample rates taken: under 8 kHz is no phone's audio (a header saying 1 Hz lies). */
    static final float MIN_SAMPLE_RATE = 8000;
    static final float MAX_SAMPLE_RATE = 192000;

    private AudioCheck() {
    }

    static Optional<Audio> inspect(byte[] bytes) {
        return Optional.ofNullable(check(bytes).audio());
    }

    static Checked check(byte[] bytes) {
        if (bytes.length >= 12 && ascii(bytes, 0, "RIFF") && ascii(bytes, 8, "WAVE")) {
            return wav(bytes);
        }
        return mp3(bytes).map(a -> new Checked(a, null)).orElseGet(() -> new Checked(null, "is not WAV or MP3 audio"));
    }

    private static Checked wav(byte[] bytes) {
        try (var in = AudioSystem.getAudioInputStream(new ByteArrayInputStream(bytes))) {
            var format = in.getFormat();
            long declared = in.getFrameLength();
            float rate = format.getFrameRate();
            if (declared <= 0 || format.getFrameSize() <= 0 || rate <= 0) {
                return new Checked(null, "is a WAV file with no audio in it (its header declares no samples, or a sample rate of 0)");
            }
            if (format.getSampleRate() < MIN_SAMPLE_RATE || format.getSampleRate() > MAX_SAMPLE_RATE) {
                return new Checked(null, "is a WAV file whose header says a sample rate of " + Math.round(format.getSampleRate())
                        + " Hz, which is not audio a phone can play (8000 to 192000 Hz; export it again at 8000 or 16000 Hz)");
            }
            // The samples really there: the parser stops at the end of the bytes, whatever the header says.
            long read = 0;
            var buffer = new byte[64 * 1024];
            for (int n; (n = in.read(buffer)) > 0; ) {
                read += n;
            }
            long present = read / format.getFrameSize();
            if (present == 0) {
                return new Checked(null, "is a WAV file with no audio in it: its header says " + seconds(declared, rate)
                        + " but the file ends before the first sample");
            }
            long millis = (long) (present * 1000.0 / rate);
            String cut = present < declared ? "is a WAV file cut short: its header says " + seconds(declared, rate)
                    + " of audio but the file holds " + seconds(present, rate) + " (upload the whole file, or export it again)" : null;
            return new Checked(new Audio("audio/wav", "wav", millis, cut), null);
        } catch (UnsupportedAudioFileException | IOException | IllegalArgumentException e) {
            return new Checked(null, "is not WAV audio a phone can play (its header cannot be read, or its encoding is not PCM, "
                    + "\u00b5-law or A-law)");
        }
    }

    private static String seconds(long frames, float rate) {
        double s = frames / (double) rate;
        return s >= 10 ? Math.round(s) + " seconds" : String.format(java.util.Locale.ROOT, "%.1f seconds", s);
    }

    private static final int[][] BITRATES = {
            // MPEG-1 Layer III, then MPEG-2/2.5 Layer III, in kbit/s by index 1..14
            {32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320},
            {8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160}};
    private static final int[][] SAMPLE_RATES = {{44100, 48000, 32000}, {22050, 24000, 16000}, {11025, 12000, 8000}};

    private static Optional<Audio> mp3(byte[] bytes) {
        int offset = 0;
        if (bytes.length >= 10 && ascii(bytes, 0, "ID3")) {
            int size = ((bytes[6] & 0x7f) << 21) | ((bytes[7] & 0x7f) << 14) | ((bytes[8] & 0x7f) << 7) | (bytes[9] & 0x7f);
            offset = 10 + size;
        }
        int first = frameLength(bytes, offset);
        if (first <= 0) {
            return Optional.empty();
        }
        int second = frameLength(bytes, offset + first);
        if (second <= 0) {
            return Optional.empty();
        }
        // Its length: the whole frames, one after the other, up to whatever ends them (an ID3v1 tag, the end of the file),
        // each 1152 samples (MPEG-1) or 576 (MPEG-2, 2.5) at its own sample rate.
        double seconds = 0;
        for (int at = offset, length; (length = frameLength(bytes, at)) > 0 && at + length <= bytes.length; at += length) {
            seconds += frameSeconds(bytes, at);
        }
        return Optional.of(new Audio("audio/mpeg", "mp3", Math.round(seconds * 1000), null));
    }

    /** How long the Layer III frame whose valid header starts at {@code at} plays, in seconds. */
    private static double frameSeconds(byte[] b, int at) {
        int version = (b[at + 1] >>> 3) & 3;
        int rateIndex = (b[at + 2] >>> 2) & 3;
        boolean mpeg1 = version == 3;
        return (mpeg1 ? 1152.0 : 576.0) / SAMPLE_RATES[mpeg1 ? 0 : version == 2 ? 1 : 2][rateIndex];
    }

    /** The length in bytes of the Layer III frame whose header starts at {@code at}, or -1 if there is none. */
    static int frameLength(byte[] b, int at) {
        if (at < 0 || at + 4 > b.length) {
            return -1;
        }
        int h = ((b[at] & 0xff) << 24) | ((b[at + 1] & 0xff) << 16) | ((b[at + 2] & 0xff) << 8) | (b[at + 3] & 0xff);
        if ((h >>> 21) != 0x7ff) {
            return -1;
        }
        int version = (h >>> 19) & 3;  // 3 = MPEG-1, 2 = MPEG-2, 0 = MPEG-2.5, 1 reserved
        int layer = (h >>> 17) & 3;    // 1 = Layer III
        int bitrateIndex = (h >>> 12) & 15;
        int rateIndex = (h >>> 10) & 3;
        int padding = (h >>> 9) & 1;
        if (version == 1 || layer != 1 || bitrateIndex == 0 || bitrateIndex == 15 || rateIndex == 3) {
            return -1;
        }
        boolean mpeg1 = version == 3;
        int bitrate = BITRATES[mpeg1 ? 0 : 1][bitrateIndex - 1] * 1000;
        int sampleRate = SAMPLE_RATES[mpeg1 ? 0 : version == 2 ? 1 : 2][rateIndex];
        return (mpeg1 ? 144 : 72) * bitrate / sampleRate + padding;
    }

    private static boolean ascii(byte[] b, int at, String text) {
        for (int i = 0; i < text.length(); i++) {
            if (at + i >= b.length || b[at + i] != text.charAt(i)) {
                return false;
            }
        }
        return true;
    }
}
