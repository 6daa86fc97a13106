package dev.switchboard.carrier.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** What the test-call page says the caller heard: the app's own audio in words, not its address. */
class TestCallHeardTest {

    @Test
    void theAppsRingingAndHoldMusicAreSaidInWords() {
        assertThat(TestCallPage.heard("http://localhost:8080/audio/ringback.wav")).isEqualTo("(ringing, while the team's phones ring)");
        assertThat(TestCallPage.heard("https://pbx.example.com/audio/hold-music.wav")).isEqualTo("(hold music)");
    }

    @Test
    void anUploadedRecordingIsNamedForWhatItIsAndSpokenTextIsKept() {
        assertThat(TestCallPage.heard("http://localhost:8080/media/0b5e.wav?expires=1&signature=x")).isEqualTo("(an uploaded recording)");
        assertThat(TestCallPage.heard("Please leave a message after the tone.")).isEqualTo("Please leave a message after the tone.");
        assertThat(TestCallPage.heard("(beep)")).isEqualTo("(beep)");
    }
}
