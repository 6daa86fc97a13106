package dev.switchboard.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Consecutive speak and playback_start commands wait their turn (the spec: "the audio files will be
 * placed in a queue awaiting playback"); {@code stop} and playback_stop cut the one playing (current) or
 * it and the queue (all); {@code overlay} audio is mixed on top, with its own queue.
 */
class MediaQueueTest extends SimulatorFixture {

    static final String HOLD = "https://app.local/audio/hold.wav";

    static String speak(String text) {
        return "{\"payload\":\"" + text + "\",\"voice\":\"AWS.Polly.Joanna\"}";
    }

    static String speak(String text, String stop) {
        return "{\"payload\":\"" + text + "\",\"voice\":\"AWS.Polly.Joanna\",\"stop\":\"" + stop + "\"}";
    }

    @Test
    void aSecondSpeakWaitsForTheFirstToEnd() {
        var caller = answeredCaller();
        var leg = caller.callControlId();
        ok(leg, "speak", speak("One two three four five"));   // 2 s
        ok(leg, "speak", speak("Six seven eight"));           // 1.2 s
        assertThat(types()).containsExactly("call.speak.started");
        assertThat(caller.heard()).containsExactly("One two three four five");
        sim.advance(Duration.ofMillis(1999));
        assertThat(types()).containsExactly("call.speak.started");
        sim.advance(Duration.ofMillis(1));
        assertThat(types()).containsExactly("call.speak.started", "call.speak.ended", "call.speak.started");
        assertThat(ofType("call.speak.ended").getFirst().payload().path("status").asString()).isEqualTo("completed");
        assertThat(caller.heard()).containsExactly("One two three four five", "Six seven eight");
        sim.advance(Duration.ofMillis(1200));
        assertThat(types()).containsExactly("call.speak.started", "call.speak.ended", "call.speak.started", "call.speak.ended");
        assertThat(ofType("call.speak.ended")).extracting(r -> r.payload().path("status").asString()).containsExactly("completed", "completed");
    }

    @Test
    void speechQueuesBehindAPlaybackAndALoopedOneHoldsTheQueueUntilStopped() {
        var caller = answeredCaller();
        var leg = caller.callControlId();
        ok(leg, "playback_start", "{\"audio_url\":\"" + HOLD + "\",\"loop\":\"infinity\"}");
        ok(leg, "speak", speak("You are number two in line"));
        sim.advance(Duration.ofMinutes(5));
        assertThat(types()).containsExactly("call.playback.started");
        var started = received.getFirst().payload();
        assertThat(started.path("media_url").asString()).isEqualTo(HOLD);
        assertThat(started.path("overlay").asBoolean(true)).isFalse();
        // stop: current ends the music, and the announcement that waited plays.
        ok(leg, "playback_stop", "{\"stop\":\"current\"}");
        assertThat(types()).containsExactly("call.playback.started", "call.playback.ended", "call.speak.started");
        assertThat(ofType("call.playback.ended").getFirst().payload().path("status").asString()).isEqualTo("cancelled");
        assertThat(ofType("call.playback.ended").getFirst().payload().path("media_url").asString()).isEqualTo(HOLD);
        assertThat(caller.heard()).containsExactly(HOLD, "You are number two in line");
    }

    @Test
    void playbackStopStopsAllByDefaultAndNothingQueuedPlaysAfterIt() {
        var caller = answeredCaller();
        var leg = caller.callControlId();
        ok(leg, "speak", speak("First"));
        ok(leg, "speak", speak("Second"));
        ok(leg, "playback_stop", "{}");
        assertThat(types()).containsExactly("call.speak.started", "call.speak.ended");
        // call.speak.ended's status enum has no "cancelled": a stopped speak ends completed.
        assertThat(received.getLast().payload().path("status").asString()).isEqualTo("completed");
        sim.advance(Duration.ofMinutes(1));
        assertThat(types()).containsExactly("call.speak.started", "call.speak.ended");
        assertThat(caller.heard()).containsExactly("First");
        // Nothing plays: a new speak starts at once.
        ok(leg, "speak", speak("Third"));
        assertThat(types()).endsWith("call.speak.started");
    }

    @Test
    void aSpeakWithStopCurrentCutsTheOnePlayingAndWithStopAllAlsoTheQueue() {
        var caller = answeredCaller();
        var leg = caller.callControlId();
        ok(leg, "speak", speak("A"));
        ok(leg, "speak", speak("B"));
        ok(leg, "speak", speak("C", "current"));
        // A is cut, B (waiting) plays, C waits behind it.
        assertThat(types()).containsExactly("call.speak.started", "call.speak.ended", "call.speak.started");
        assertThat(caller.heard()).containsExactly("A", "B");
        ok(leg, "speak", speak("D", "all"));
        // B is cut, C is dropped, D plays.
        assertThat(caller.heard()).containsExactly("A", "B", "D");
        sim.advance(Duration.ofMinutes(1));
        assertThat(caller.heard()).containsExactly("A", "B", "D");
        assertThat(ofType("call.speak.ended")).extracting(r -> r.payload().path("status").asString())
                .containsExactly("completed", "completed", "completed");
    }

    @Test
    void overlayAudioIsMixedOnTopAtOnceAndStoppedOnItsOwn() {
        var caller = answeredCaller();
        var leg = caller.callControlId();
        ok(leg, "playback_start", "{\"audio_url\":\"" + HOLD + "\",\"loop\":\"infinity\"}");
        ok(leg, "playback_start", "{\"audio_url\":\"https://app.local/audio/beep.wav\",\"overlay\":true}");
        assertThat(types()).containsExactly("call.playback.started", "call.playback.started");
        assertThat(received.getLast().payload().path("overlay").asBoolean()).isTrue();
        ok(leg, "playback_start", "{\"audio_url\":\"https://app.local/audio/chime.wav\",\"overlay\":true}");
        assertThat(types()).hasSize(2);
        // playback_stop with overlay: true stops the overlay's audio (and its queue), not the music under it.
        ok(leg, "playback_stop", "{\"overlay\":true}");
        assertThat(types()).containsExactly("call.playback.started", "call.playback.started", "call.playback.ended");
        assertThat(received.getLast().payload().path("media_url").asString()).isEqualTo("https://app.local/audio/beep.wav");
        sim.advance(Duration.ofMinutes(1));
        assertThat(types()).hasSize(3);
        assertThat(caller.heard()).containsExactly(HOLD, "https://app.local/audio/beep.wav");
        ok(leg, "playback_stop", "{}");
        assertThat(received.getLast().payload().path("media_url").asString()).isEqualTo(HOLD);
    }

    @Test
    void anEndedOverlayPlaysTheNextOverlayWhileTheMainAudioGoesOn() {
        var caller = answeredCaller();
        var leg = caller.callControlId();
        ok(leg, "playback_start", "{\"audio_url\":\"" + HOLD + "\",\"loop\":\"infinity\"}");
        ok(leg, "playback_start", "{\"audio_url\":\"https://app.local/audio/beep.wav\",\"overlay\":true}");
        ok(leg, "playback_start", "{\"audio_url\":\"https://app.local/audio/chime.wav\",\"overlay\":true}");
        sim.advance(Duration.ofSeconds(3));
        assertThat(types()).containsExactly("call.playback.started", "call.playback.started", "call.playback.ended", "call.playback.started");
        assertThat(caller.heard()).containsExactly(HOLD, "https://app.local/audio/beep.wav", "https://app.local/audio/chime.wav");
    }

    @Test
    void aStoppedSpeakEndsCompletedAsTheSpeakEnumHasNoCancelledWhileAStoppedPlaybackEndsCancelled() {
        var caller = answeredCaller();
        var leg = caller.callControlId();
        ok(leg, "speak", speak("Hello there caller how are you today"));
        ok(leg, "playback_stop", "{}");
        ok(leg, "playback_start", "{\"audio_url\":\"" + HOLD + "\",\"loop\":\"infinity\"}");
        ok(leg, "playback_stop", "{}");
        assertThat(ofType("call.speak.ended")).singleElement()
                .satisfies(e -> assertThat(e.payload().path("status").asString()).isEqualTo("completed"));
        assertThat(ofType("call.playback.ended")).singleElement()
                .satisfies(e -> assertThat(e.payload().path("status").asString()).isEqualTo("cancelled"));
    }

    @Test
    void aSpokenGatherPromptCutByAKeyEndsCompleted() {
        var caller = answeredCaller();
        var leg = caller.callControlId();
        ok(leg, "gather_using_speak", "{\"payload\":\"Press one for sales or two for support\",\"voice\":\"AWS.Polly.Joanna\",\"maximum_digits\":1}");
        caller.press("1");
        assertThat(ofType("call.speak.ended")).singleElement()
                .satisfies(e -> assertThat(e.payload().path("status").asString()).isEqualTo("completed"));
    }

    @Test
    void whatPlaysWhenTheCallEndsEndsWithCallHangupBeforeTheHangup() {
        var speaking = answeredCaller();
        ok(speaking.callControlId(), "speak", speak("Hello there caller how are you today"));
        ok(speaking.callControlId(), "speak", speak("Queued behind it"));
        speaking.hangUp();
        assertThat(typesOf(speaking.callControlId())).containsExactly("call.speak.started", "call.speak.ended", "call.hangup");
        assertThat(ofType("call.speak.ended").getFirst().payload().path("status").asString()).isEqualTo("call_hangup");

        received.clear();
        var holding = answeredCaller();
        var leg = holding.callControlId();
        ok(leg, "playback_start", "{\"audio_url\":\"" + HOLD + "\",\"loop\":\"infinity\"}");
        ok(leg, "playback_start", "{\"audio_url\":\"https://app.local/audio/beep.wav\",\"overlay\":true}");
        holding.hangUp();
        sim.advance(Duration.ofSeconds(30));
        assertThat(typesOf(leg)).containsExactly("call.playback.started", "call.playback.started", "call.playback.ended",
                "call.playback.ended", "call.hangup");
        assertThat(ofType("call.playback.ended")).extracting(r -> r.payload().path("status").asString())
                .containsExactly("call_hangup", "call_hangup");
        assertThat(ofType("call.playback.ended")).extracting(r -> r.payload().path("overlay").asBoolean()).containsExactly(false, true);
    }

    @Test
    void aGatherPromptPlayingWhenTheCallEndsEndsWithCallHangupAsDoesItsGather() {
        var caller = answeredCaller();
        var leg = caller.callControlId();
        ok(leg, "gather_using_audio", "{\"audio_url\":\"https://app.local/audio/menu.wav\",\"maximum_digits\":1}");
        caller.hangUp();
        assertThat(types()).containsExactly("call.playback.started", "call.playback.ended", "call.gather.ended", "call.hangup");
        assertThat(ofType("call.playback.ended").getFirst().payload().path("status").asString()).isEqualTo("call_hangup");
        assertThat(ofType("call.gather.ended").getFirst().payload().path("status").asString()).isEqualTo("call_hangup");
    }

    @Test
    void anOverlayWithNoAudioFilePlayingIsRefusedAndPlaysNothing() {
        var caller = answeredCaller();
        var leg = caller.callControlId();
        var beep = "{\"audio_url\":\"https://app.local/audio/beep.wav\",\"overlay\":true}";
        assertThat(post(leg, "playback_start", beep).status()).isEqualTo(422);
        ok(leg, "speak", speak("Speech is not an audio file"));
        var refused = post(leg, "playback_start", beep);
        assertThat(refused.status()).isEqualTo(422);
        assertThat(JSON.readTree(refused.body()).path("errors").get(0).path("source").path("pointer").asString()).isEqualTo("/overlay");
        assertThat(types()).containsExactly("call.speak.started");
        assertThat(caller.heard()).containsExactly("Speech is not an audio file");
        sim.advance(Duration.ofSeconds(30));
        ok(leg, "playback_start", "{\"audio_url\":\"" + HOLD + "\",\"loop\":\"infinity\"}");
        ok(leg, "playback_start", beep);
    }
}
