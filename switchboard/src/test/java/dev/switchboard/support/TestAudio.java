package dev.switchboard.support;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import javax.sound.sampled.AudioFileFormat;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;

/** Real audio for upload tests. */
public final class TestAudio {

    private TestAudio() {
    }

    /** A WAV: one second of 8 kHz 16-bit mono silence. */
    public static byte[] wav() throws IOException {
        var format = new AudioFormat(8000, 16, 1, true, false);
        var out = new ByteArrayOutputStream();
        AudioSystem.write(new AudioInputStream(new ByteArrayInputStream(new byte[16000]), format, 8000L), AudioFileFormat.Type.WAVE, out);
        return out.toByteArray();
    }
}
