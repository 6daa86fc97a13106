package dev.switchboard.calls;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** A message's text read out by phone fits in one prompt (Telnyx speaks at most 3,000 characters at a time). */
class SpokenMessageTest {

    @Test
    void aShortMessageIsReadWholeAndALongOneUpToAWordsEndWithWhereTheRestIs() {
        assertThat(CallEngine.readOut("Please call me back.")).isEqualTo("Please call me back.");
        var words = "boiler ".repeat(1_000).strip();
        var read = CallEngine.readOut(words);
        assertThat(read).endsWith("boiler ... The rest of the message is in the app.");
        assertThat(("The recording is not available yet. It says: " + read).length()).isLessThanOrEqualTo(3_000);
    }
}
