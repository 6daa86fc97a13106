package dev.switchboard.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * gather_using_speak and gather_using_audio: {@code maximum_tries} (3 unless given), "The maximum number of times the
 * file should be played if there is no input", {@code timeout_millis} "to wait for a DTMF response after file playback
 * ends before a replaying"; {@code valid_digits}, "A list of all digits accepted as valid", with
 * {@code invalid_payload} / {@code invalid_audio_url} played for an entry that is not.
 */
class GatherTriesTest extends SimulatorFixture {

    @Test
    void withNoInputThePromptIsPlayedUpToMaximumTriesThreeByDefaultThenTheGatherTimesOut() {
        var caller = answeredCaller();
        // "Press 1": 1 s of speech, then 5 s for a key, three times.
        ok(caller.callControlId(), "gather_using_speak", "{\"payload\":\"Press 1\",\"voice\":\"AWS.Polly.Joanna\",\"timeout_millis\":5000}");
        sim.advance(Duration.ofSeconds(7));
        assertThat(types()).doesNotContain("call.gather.ended");
        assertThat(caller.heard()).containsExactly("Press 1", "Press 1");
        sim.advance(Duration.ofMillis(10_999));
        assertThat(types()).doesNotContain("call.gather.ended");
        sim.advance(Duration.ofMillis(1));
        assertThat(caller.heard()).containsExactly("Press 1", "Press 1", "Press 1");
        assertThat(ofType("call.speak.started")).hasSize(3);
        assertThat(ofType("call.gather.ended")).singleElement()
                .satisfies(g -> assertThat(g.payload().path("status").asString()).isEqualTo("timeout"));
        sim.advance(Duration.ofMinutes(1));
        assertThat(caller.heard()).hasSize(3);
    }

    @Test
    void aKeyOnALaterTryIsTheEntry() {
        var caller = answeredCaller();
        ok(caller.callControlId(), "gather_using_audio", "{\"audio_url\":\"https://app.local/audio/menu.wav\",\"maximum_digits\":1,"
                + "\"timeout_millis\":2000,\"maximum_tries\":2}");
        sim.advance(Duration.ofSeconds(4)); // 1 s of audio, 2 s of silence, then the audio again
        assertThat(ofType("call.playback.started")).hasSize(2);
        caller.press("7");
        var ended = ofType("call.gather.ended").getFirst().payload();
        assertThat(ended.path("digits").asString()).isEqualTo("7");
        assertThat(ended.path("status").asString()).isEqualTo("valid");
    }

    @Test
    void aKeyOutsideValidDigitsMakesTheEntryInvalid() {
        var caller = answeredCaller();
        ok(caller.callControlId(), "gather_using_speak", "{\"payload\":\"Press 1 or 2\",\"voice\":\"AWS.Polly.Joanna\","
                + "\"valid_digits\":\"12\",\"maximum_digits\":1,\"maximum_tries\":1}");
        sim.advance(Duration.ofSeconds(2));
        caller.press("9");
        var ended = ofType("call.gather.ended");
        assertThat(ended).singleElement().satisfies(g -> {
            assertThat(g.payload().path("status").asString()).isEqualTo("invalid");
            assertThat(g.payload().path("digits").asString()).isEqualTo("9");
        });
    }

    @Test
    void anInvalidEntryPlaysTheInvalidPromptThenThePromptAgainWhileTriesRemain() {
        var caller = answeredCaller();
        ok(caller.callControlId(), "gather_using_speak", "{\"payload\":\"Press 1 or 2\",\"voice\":\"AWS.Polly.Joanna\","
                + "\"invalid_payload\":\"That is not a choice\",\"valid_digits\":\"12\",\"maximum_digits\":1,\"maximum_tries\":2}");
        sim.advance(Duration.ofSeconds(2));
        caller.press("9");
        assertThat(ofType("call.gather.ended")).isEmpty();
        sim.advance(Duration.ofSeconds(5)); // "That is not a choice" (2 s), then "Press 1 or 2" (1.6 s)
        assertThat(caller.heard()).containsExactly("Press 1 or 2", "That is not a choice", "Press 1 or 2");
        caller.press("2");
        assertThat(ofType("call.gather.ended")).singleElement().satisfies(g -> {
            assertThat(g.payload().path("status").asString()).isEqualTo("valid");
            assertThat(g.payload().path("digits").asString()).isEqualTo("2");
        });
    }
}
