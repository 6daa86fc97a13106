package dev.switchboard.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** A scripted caller who presses keys when asked, rather than at once into nothing. */
class PressWhenPromptedTest extends SimulatorFixture {

    /** Seven words: 2.8 s of speech. One try (as the app asks): no input, and the gather times out, its prompt not replayed. */
    static final String MENU = "{\"payload\":\"Press 1 for sales, 2 for support\",\"voice\":\"AWS.Polly.Joanna\",\"maximum_digits\":1,\"timeout_millis\":5000,"
            + "\"maximum_tries\":1}";
    static final String PIN = "{\"payload\":\"Please enter your PIN\",\"voice\":\"AWS.Polly.Joanna\",\"maximum_digits\":8,\"timeout_millis\":5000,"
            + "\"maximum_tries\":1}";

    @Test
    void keysPressedBeforeAnyGatherAreLoneDtmfAndTheGatherLaterHearsNothing() {
        var caller = answeredCaller();
        caller.press("2");
        assertThat(types()).containsExactly("call.dtmf.received");
        ok(caller.callControlId(), "gather_using_speak", MENU);
        sim.advance(Duration.ofSeconds(8));
        assertThat(ofType("call.gather.ended")).singleElement().satisfies(g -> {
            assertThat(g.payload().path("status").asString()).isEqualTo("timeout");
            assertThat(g.payload().path("digits").asString()).isEmpty();
        });
    }

    @Test
    void keysReadyBeforeTheGatherArePressedWhenItsPromptHasBeenHeard() {
        var caller = answeredCaller();
        caller.pressWhenPrompted("2");
        assertThat(received).isEmpty();
        ok(caller.callControlId(), "gather_using_speak", MENU);
        sim.advance(Duration.ofMillis(2799));
        assertThat(types()).containsExactly("call.speak.started");
        sim.advance(Duration.ofMillis(1));
        assertThat(types()).containsExactly("call.speak.started", "call.speak.ended", "call.dtmf.received", "call.gather.ended");
        assertThat(ofType("call.speak.ended").getFirst().payload().path("status").asString()).isEqualTo("completed");
        var ended = ofType("call.gather.ended").getFirst().payload();
        assertThat(ended.path("digits").asString()).isEqualTo("2");
        assertThat(ended.path("status").asString()).isEqualTo("valid");
    }

    @Test
    void eachAnswerGoesToTheNextGatherInOrder() {
        var caller = answeredCaller();
        var leg = caller.callControlId();
        caller.pressWhenPrompted("1");
        caller.pressWhenPrompted("4321#");
        ok(leg, "gather_using_speak", MENU);
        sim.advance(Duration.ofSeconds(3));
        ok(leg, "gather_using_speak", PIN);
        sim.advance(Duration.ofSeconds(3));
        assertThat(ofType("call.gather.ended")).extracting(r -> r.payload().path("digits").asString()).containsExactly("1", "4321");
        assertThat(ofType("call.gather.ended")).extracting(r -> r.payload().path("status").asString()).containsExactly("valid", "valid");
        // Nothing left to press: the next gather times out.
        ok(leg, "gather_using_speak", MENU);
        sim.advance(Duration.ofSeconds(8));
        assertThat(ofType("call.gather.ended").getLast().payload().path("status").asString()).isEqualTo("timeout");
    }

    @Test
    void aGatherAlreadyWaitingForKeysIsAnsweredAtOnceAndOneStillPromptingWhenItsPromptEnds() {
        var caller = answeredCaller();
        var leg = caller.callControlId();
        ok(leg, "gather_using_speak", MENU);
        sim.advance(Duration.ofSeconds(1));
        caller.pressWhenPrompted("1");
        assertThat(types()).doesNotContain("call.dtmf.received");
        sim.advance(Duration.ofMillis(1800));
        assertThat(ofType("call.gather.ended")).singleElement().satisfies(g -> assertThat(g.payload().path("digits").asString()).isEqualTo("1"));

        ok(leg, "gather", "{\"maximum_digits\":1,\"timeout_millis\":5000}");
        sim.advance(Duration.ofSeconds(2));
        caller.pressWhenPrompted("2");
        assertThat(ofType("call.gather.ended")).hasSize(2);
        assertThat(ofType("call.gather.ended").getLast().payload().path("digits").asString()).isEqualTo("2");
    }

    @Test
    void aGatherStoppedBeforeItsPromptEndsLeavesTheAnswerForTheNextOne() {
        var caller = answeredCaller();
        var leg = caller.callControlId();
        caller.pressWhenPrompted("1");
        ok(leg, "gather_using_speak", MENU);
        sim.advance(Duration.ofSeconds(1));
        ok(leg, "gather_stop", "{}");
        sim.advance(Duration.ofSeconds(5));
        assertThat(ofType("call.gather.ended")).singleElement().satisfies(g -> assertThat(g.payload().path("status").asString()).isEqualTo("cancelled"));
        assertThat(types()).doesNotContain("call.dtmf.received");
        ok(leg, "gather_using_speak", MENU);
        sim.advance(Duration.ofSeconds(3));
        assertThat(ofType("call.gather.ended").getLast().payload().path("digits").asString()).isEqualTo("1");
    }

    @Test
    void aPromptCutByPlaybackStopIsOverSoTheCallerAnswersThen() {
        var caller = answeredCaller();
        var leg = caller.callControlId();
        caller.pressWhenPrompted("2");
        ok(leg, "gather_using_speak", MENU);
        sim.advance(Duration.ofSeconds(1));
        ok(leg, "playback_stop", "{}");
        assertThat(types()).containsExactly("call.speak.started", "call.speak.ended", "call.dtmf.received", "call.gather.ended");
        assertThat(received.getLast().payload().path("digits").asString()).isEqualTo("2");
    }

    @Test
    void aCallerWhoHangsUpDuringThePromptPressesNothing() {
        var caller = answeredCaller();
        caller.pressWhenPrompted("1");
        ok(caller.callControlId(), "gather_using_speak", MENU);
        caller.hangUpAfter(Duration.ofSeconds(1));
        sim.advance(Duration.ofSeconds(10));
        assertThat(types()).doesNotContain("call.dtmf.received");
        assertThat(ofType("call.gather.ended")).singleElement()
                .satisfies(g -> assertThat(g.payload().path("status").asString()).isEqualTo("call_hangup"));
    }
    /** What the app asks whoever answers a forwarded call: one key, 1, ten seconds after the question. */
    static final String CONFIRM = "{\"payload\":\"Call for Acme from 7 7 3. Press 1 to accept.\",\"voice\":\"AWS.Polly.Joanna\","
            + "\"valid_digits\":\"1\",\"maximum_digits\":1,\"timeout_millis\":10000,\"maximum_tries\":1}";

    String dial(String to) {
        var dialled = sim.handle("POST", "/v2/calls", "{\"connection_id\":\"conn-1\",\"from\":\"" + APP + "\",\"to\":\"" + to + "\"}");
        assertThat(dialled.status()).as(dialled.body()).isEqualTo(200);
        return JSON.readTree(dialled.body()).path("data").path("call_control_id").asString();
    }

    @Test
    void aPhoneScriptedToAnswerThenPressKeysInItsAnswerOnceTheQuestionHasBeenHeard() {
        sim.phone("+17735550166", PhoneScript.answerThenPress(Duration.ofSeconds(3), "1"));
        var cell = dial("+17735550166");
        sim.advance(Duration.ofSeconds(3));
        assertThat(typesOf(cell)).containsExactly("call.initiated", "call.answered");
        assertThat(ofType("call.dtmf.received")).as("nothing asked yet: nothing pressed").isEmpty();
        ok(cell, "gather_using_speak", CONFIRM);
        sim.advance(Duration.ofSeconds(10));
        var ended = ofType("call.gather.ended").getFirst().payload();
        assertThat(ended.path("digits").asString()).isEqualTo("1");
        assertThat(ended.path("status").asString()).isEqualTo("valid");
        assertThat(sim.legs().stream().filter(l -> l.callControlId().equals(cell)).findFirst().orElseThrow().heard())
                .contains("Call for Acme from 7 7 3. Press 1 to accept.");
    }

    @Test
    void aPhoneThatAnswersAndNeverPressesLetsTheQuestionTimeOut() {
        sim.phone("+17735550167", PhoneScript.answerAfter(Duration.ofSeconds(3)));
        var voicemail = dial("+17735550167");
        sim.advance(Duration.ofSeconds(3));
        ok(voicemail, "gather_using_speak", CONFIRM);
        sim.advance(Duration.ofSeconds(20));
        var ended = ofType("call.gather.ended").getFirst().payload();
        assertThat(ended.path("digits").asString()).isEmpty();
        assertThat(ended.path("status").asString()).isEqualTo("timeout");
        assertThat(ofType("call.dtmf.received")).isEmpty();
    }
}
