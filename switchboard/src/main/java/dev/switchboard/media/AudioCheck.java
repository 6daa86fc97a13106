package dev.switchboard.media;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Optional;
import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.UnsupportedAudioFileException;

/**
 * Decides whether uploaded bytes really are WAV or MP3 audio, whatever the file is called. WAV is read
 * by the JDK's own audio parser (which also gives the duration). MP3 has no parser in the JDK: the
 * bytes must start (after an optional ID3v2 tag) with MPEG audio frames whose headers are valid, and
 * the first frame's declared length must land exactly on the next frame's header.
 */
final class AudioCheck {

    /** What the audio is: its content type and, when known, its duration. */
    record Audio(String contentType, String extension, Long durationMillis) {
    }

    private AudioCheck() {
    }

    static Optional<Audio> inspect(byte[] bytes) {
        if (bytes.length >= 12 && ascii(bytes, 0, "RIFF") && ascii(bytes, 8, "WAVE")) {
            return wav(bytes);
        }
        return mp3(bytes);
    }

    private static Optional<Audio> wav(byte[] bytes) {
        try (var in = AudioSystem.getAudioInputStream(new ByteArrayInputStream(bytes))) {
            var format = in.getFormat();
            long frames = in.getFrameLength();
            if (frames <= 0 || format.getFrameRate() <= 0) {
                return Optional.empty();
            }
            long millis = (long) (frames * 1000.0 / format.getFrameRate());
            return Optional.of(new Audio("audio/wav", "wav", millis));
        } catch (UnsupportedAudioFileException | IOException | IllegalArgumentException e) {
            return Optional.empty();
        }
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
        return Optional.of(new Audio("audio/mpeg", "mp3", null));
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
