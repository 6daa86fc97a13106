package dev.switchboard.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * The commands that had no test of their own: queues, send_dtmf, gather_stop, playback_stop on a gather's
 * prompt, client_state_update, a recording capped by max_length, and client_state that sticks.
 */
class CommandsTest extends SimulatorFixture {

    TelnyxSimulator.Response put(String leg, String action, String body) {
        return sim.handle("PUT", "/v2/calls/" + leg + "/actions/" + action, body);
    }

    // ---- enqueue, leave_queue ----

    @Test
    void enqueuedCallsAreToldTheirPlaceInTheirQueue() {
        var first = answeredCaller();
        var second = answeredCaller();
        var other = answeredCaller();
        ok(first.callControlId(), "enqueue", "{\"queue_name\":\"support\"}");
        ok(second.callControlId(), "enqueue", "{\"queue_name\":\"support\"}");
        ok(other.callControlId(), "enqueue", "{\"queue_name\":\"sales\"}");
        assertThat(types()).containsExactly("call.enqueued", "call.enqueued", "call.enqueued");
        assertThat(received).extracting(r -> r.payload().path("queue").asString()).containsExactly("support", "support", "sales");
        assertThat(received).extracting(r -> r.payload().path("current_position").asInt()).containsExactly(1, 2, 1);
        // Already in a queue: refused (reference §4.1, 90038).
        var again = post(first.callControlId(), "enqueue", "{\"queue_name\":\"sales\"}");
        assertThat(again.status()).isEqualTo(422);
        assertThat(again.body()).contains("90038");
        assertThat(types()).hasSize(3);
    }

    @Test
    void leavingTheQueueSaysWhichQueueWherePlacedAndHowLongItWaitedAndMovesTheOthersUp() {
        var first = answeredCaller();
        var second = answeredCaller();
        ok(first.callControlId(), "enqueue", "{\"queue_name\":\"support\"}");
        ok(second.callControlId(), "enqueue", "{\"queue_name\":\"support\"}");
        sim.advance(Duration.ofSeconds(42));
        ok(second.callControlId(), "leave_queue", "{}");
        var left = received.getLast();
        assertThat(left.type()).isEqualTo("call.dequeued");
        assertThat(left.leg()).isEqualTo(second.callControlId());
        assertThat(left.payload().path("queue").asString()).isEqualTo("support");
        assertThat(left.payload().path("queue_position").asInt()).isEqualTo(2);
        assertThat(left.payload().path("wait_time_secs").asInt()).isEqualTo(42);
        assertThat(left.payload().path("reason").asString()).isEqualTo("leave");
        // The first caller hangs up while waiting: dequeued with reason hangup, after its call.hangup.
        first.hangUp();
        assertThat(typesOf(first.callControlId())).endsWith("call.hangup", "call.dequeued");
        assertThat(received.getLast().payload().path("reason").asString()).isEqualTo("hangup");
        assertThat(received.getLast().payload().path("queue_position").asInt()).isEqualTo(1);
        // Out of the queue, it can join one again; and the queue has room at the front.
        ok(second.callControlId(), "enqueue", "{\"queue_name\":\"support\"}");
        assertThat(received.getLast().payload().path("current_position").asInt()).isEqualTo(1);
    }

    @Test
    void aCallWaitingLongerThanItsMaxWaitTimeIsRemovedFromTheQueueAsTimedOut() {
        var first = answeredCaller();
        var second = answeredCaller();
        ok(first.callControlId(), "enqueue", "{\"queue_name\":\"support\",\"max_wait_time_secs\":30}");
        ok(second.callControlId(), "enqueue", "{\"queue_name\":\"support\"}");
        sim.advance(Duration.ofSeconds(29));
        assertThat(types()).containsExactly("call.enqueued", "call.enqueued");
        sim.advance(Duration.ofSeconds(1));
        var timedOut = received.getLast();
        assertThat(timedOut.type()).isEqualTo("call.dequeued");
        assertThat(timedOut.leg()).isEqualTo(first.callControlId());
        assertThat(timedOut.payload().path("reason").asString()).isEqualTo("timeout");
        assertThat(timedOut.payload().path("wait_time_secs").asInt()).isEqualTo(30);
        assertThat(timedOut.payload().path("queue_position").asInt()).isEqualTo(1);
        // The call is still up (the app decides what happens next); the one behind moved up.
        assertThat(first.state()).isEqualTo(Leg.State.ANSWERED);
        var third = answeredCaller();
        ok(third.callControlId(), "enqueue", "{\"queue_name\":\"support\"}");
        assertThat(received.getLast().payload().path("current_position").asInt()).isEqualTo(2);
        // The average wait of those who left so far: the one call, 30 s.
        assertThat(received.getLast().payload().path("queue_avg_wait_time_secs").asInt()).isEqualTo(30);
    }

    @Test
    void aMaxWaitTimerOfAnEarlierStayDoesNotRemoveTheCallFromALaterOne() {
        var caller = answeredCaller();
        ok(caller.callControlId(), "enqueue", "{\"queue_name\":\"support\",\"max_wait_time_secs\":30}");
        sim.advance(Duration.ofSeconds(10));
        ok(caller.callControlId(), "leave_queue", "{}");
        ok(caller.callControlId(), "enqueue", "{\"queue_name\":\"support\"}");
        sim.advance(Duration.ofMinutes(5));
        assertThat(typesOf(caller.callControlId())).containsExactly("call.enqueued", "call.dequeued", "call.enqueued");
    }

    @Test
    void aQueueSizeOrMaxWaitBelowOneIsRefusedAndEnqueuesNothing() {
        var caller = answeredCaller();
        for (var body : new String[] {"{\"queue_name\":\"q\",\"max_wait_time_secs\":0}", "{\"queue_name\":\"q\",\"max_size\":-1}"}) {
            var refused = post(caller.callControlId(), "enqueue", body);
            assertThat(refused.status()).isEqualTo(422);
            assertThat(refused.body()).contains("10033").contains(body.contains("max_size") ? "max_size" : "max_wait_time_secs");
        }
        assertThat(received).isEmpty();
        ok(caller.callControlId(), "enqueue", "{\"queue_name\":\"q\",\"max_size\":1}");
        assertThat(types()).containsExactly("call.enqueued");
    }

    @Test
    void aCallNotInAQueueLeavesNothing() {
        var caller = answeredCaller();
        ok(caller.callControlId(), "leave_queue", "{}");
        assertThat(received).isEmpty();
    }

    @Test
    void aFullQueueRefusesTheNextCall() {
        var first = answeredCaller();
        var second = answeredCaller();
        ok(first.callControlId(), "enqueue", "{\"queue_name\":\"tiny\",\"max_size\":1}");
        var full = post(second.callControlId(), "enqueue", "{\"queue_name\":\"tiny\"}");
        assertThat(full.status()).isEqualTo(422);
        assertThat(full.body()).contains("90036");
    }

    @Test
    void aQueuedCallThatIsBridgedLeavesTheQueueAsBridged() {
        sim.phone("sip:ann@demo.sip.telnyx.com", PhoneScript.answerAfter(Duration.ofSeconds(1)));
        var caller = answeredCaller();
        ok(caller.callControlId(), "enqueue", "{\"queue_name\":\"support\"}");
        var ann = sim.handle("POST", "/v2/calls", "{\"connection_id\":\"conn-1\",\"from\":\"" + APP + "\",\"to\":\"sip:ann@demo.sip.telnyx.com\"}");
        var annLeg = JSON.readTree(ann.body()).path("data").path("call_control_id").asString();
        sim.advance(Duration.ofSeconds(5));
        ok(annLeg, "bridge", "{\"call_control_id\":\"" + caller.callControlId() + "\"}");
        assertThat(typesOf(caller.callControlId())).containsExactly("call.enqueued", "call.dequeued", "call.bridged");
        var dequeued = ofType("call.dequeued").getFirst().payload();
        assertThat(dequeued.path("reason").asString()).isEqualTo("bridged");
        assertThat(dequeued.path("wait_time_secs").asInt()).isEqualTo(5);
    }

    // ---- gather timing ----

    @Test
    void anEntryEndsOnceNoKeyFollowsWithinTheInterDigitTimeout() {
        var caller = answeredCaller();
        var leg = caller.callControlId();
        ok(leg, "gather_using_speak", "{\"payload\":\"Dial an extension\",\"voice\":\"AWS.Polly.Joanna\",\"minimum_digits\":1,"
                + "\"maximum_digits\":4,\"timeout_millis\":30000,\"maximum_tries\":1}");
        caller.press("12");
        sim.advance(Duration.ofMillis(4_999));
        assertThat(ofType("call.gather.ended")).isEmpty();
        sim.advance(Duration.ofMillis(1));
        var ended = ofType("call.gather.ended").getFirst().payload();
        assertThat(ended.path("digits").asString()).isEqualTo("12");
        assertThat(ended.path("status").asString()).isEqualTo("valid");

        // Its own inter-digit timeout; fewer keys than the minimum: invalid.
        ok(leg, "gather_using_speak", "{\"payload\":\"Your PIN\",\"voice\":\"AWS.Polly.Joanna\",\"minimum_digits\":4,"
                + "\"maximum_digits\":4,\"inter_digit_timeout_millis\":2000,\"maximum_tries\":1}");
        caller.press("9");
        sim.advance(Duration.ofMillis(1_000));
        caller.press("8");
        sim.advance(Duration.ofMillis(1_999));
        assertThat(ofType("call.gather.ended")).hasSize(1);
        sim.advance(Duration.ofMillis(1));
        var pin = ofType("call.gather.ended").getLast().payload();
        assertThat(pin.path("digits").asString()).isEqualTo("98");
        assertThat(pin.path("status").asString()).isEqualTo("invalid");
    }

    @Test
    void aPlainGatherWithNoFirstKeyWithinItsInitialTimeoutEndsTimedOut() {
        var caller = answeredCaller();
        var leg = caller.callControlId();
        ok(leg, "gather", "{}");
        sim.advance(Duration.ofMillis(4_999));
        assertThat(ofType("call.gather.ended")).isEmpty();
        sim.advance(Duration.ofMillis(1));
        var ended = ofType("call.gather.ended").getFirst().payload();
        assertThat(ended.path("status").asString()).isEqualTo("timeout");
        assertThat(ended.path("digits").asString()).isEmpty();

        // Its own initial timeout; a first key in time keeps the gather going past it.
        ok(leg, "gather", "{\"initial_timeout_millis\":8000,\"maximum_digits\":3}");
        sim.advance(Duration.ofSeconds(7));
        assertThat(ofType("call.gather.ended")).hasSize(1);
        caller.press("4");
        sim.advance(Duration.ofSeconds(2));
        assertThat(ofType("call.gather.ended")).hasSize(1);
        caller.press("2#");
        assertThat(ofType("call.gather.ended").getLast().payload().path("digits").asString()).isEqualTo("42");
        assertThat(ofType("call.gather.ended").getLast().payload().path("status").asString()).isEqualTo("valid");
    }

    @Test
    void answeringWithRecordFromAnswerReturnsTheRecordingIdItsSavedRecordingCarries() {
        var caller = sim.call("+17735550123", APP);
        var response = post(caller.callControlId(), "answer", "{\"record\":\"record-from-answer\"}");
        assertThat(response.status()).isEqualTo(200);
        var data = JSON.readTree(response.body()).path("data");
        assertThat(data.path("result").asString()).isEqualTo("ok");
        var recordingId = data.path("recording_id").asString(null);
        assertThat(recordingId).isNotNull();
        sim.advance(Duration.ofSeconds(10));
        caller.hangUp();
        var saved = ofType("call.recording.saved").getFirst().payload();
        assertThat(saved.path("recording_id").asString()).isEqualTo(recordingId);
        assertThat(saved.path("recording_urls").path("mp3").asString()).contains(recordingId);
        // A plain answer returns the plain result.
        var plain = sim.call("+17735550124", APP);
        assertThat(JSON.readTree(post(plain.callControlId(), "answer", "{}").body()).path("data").has("recording_id")).isFalse();
    }

    // ---- hangup causes ----

    @Test
    void aCallHungUpBeforeItIsAnsweredIsCancelledByItsOriginatorAndOneAnsweredCleared() {
        var early = sim.call("+17735550123", APP);
        early.hangUp();
        var cancelled = received.getLast().payload();
        assertThat(cancelled.path("hangup_cause").asString()).isEqualTo("originator_cancel");
        assertThat(cancelled.path("sip_hangup_cause").asString()).isEqualTo("487");
        assertThat(cancelled.path("hangup_source").asString()).isEqualTo("caller");
        // A phone we dial, hung up by us while it rings: we are its originator.
        var dialled = sim.handle("POST", "/v2/calls", "{\"connection_id\":\"conn-1\",\"from\":\"" + APP + "\",\"to\":\"sip:nobody@x.sip.telnyx.com\"}");
        var leg = JSON.readTree(dialled.body()).path("data").path("call_control_id").asString();
        ok(leg, "hangup", "{}");
        assertThat(received.getLast().payload().path("hangup_cause").asString()).isEqualTo("originator_cancel");
        assertThat(received.getLast().payload().path("hangup_source").asString()).isEqualTo("caller");
        var answered = answeredCaller();
        answered.hangUp();
        assertThat(received.getLast().payload().path("hangup_cause").asString()).isEqualTo("normal_clearing");
        assertThat(received.getLast().payload().path("sip_hangup_cause").asString()).isEqualTo("200");
    }

    // ---- call status ----

    @Test
    void aLegsStatusSaysWhetherItIsAliveHowLongItLastedAndWhenItEnded() {
        var caller = answeredCaller();
        var leg = caller.callControlId();
        sim.advance(Duration.ofSeconds(30));
        var up = sim.handle("GET", "/v2/calls/" + leg, null);
        assertThat(up.status()).as(up.body()).isEqualTo(200);
        var data = JSON.readTree(up.body()).path("data");
        assertThat(data.path("is_alive").asBoolean()).isTrue();
        assertThat(data.path("call_duration").asInt()).isEqualTo(30);
        assertThat(data.path("call_session_id").asString()).isEqualTo(caller.leg().sessionId());
        assertThat(data.path("end_time").isNull()).isTrue();
        assertThat(data.path("record_type").asString()).isEqualTo("call");
        sim.advance(Duration.ofSeconds(15));
        caller.hangUp();
        sim.advance(Duration.ofMinutes(5));
        var ended = JSON.readTree(sim.handle("GET", "/v2/calls/" + leg, null).body()).path("data");
        assertThat(ended.path("is_alive").asBoolean()).isFalse();
        assertThat(ended.path("call_duration").asInt()).isEqualTo(45);
        assertThat(ended.path("end_time").asString()).isNotBlank();
        assertThat(received).noneMatch(r -> r.type().startsWith("call.status"));
        var unknown = sim.handle("GET", "/v2/calls/v3:nope", null);
        assertThat(unknown.status()).isEqualTo(422);
        assertThat(unknown.body()).contains("90015");
    }

    // ---- send_dtmf ----

    @Test
    void sendDtmfPlaysTheDigitsToThePartyOnTheLegAndSendsNoWebhook() {
        var caller = answeredCaller();
        ok(caller.callControlId(), "send_dtmf", "{\"digits\":\"1www2#\",\"duration_millis\":250}");
        assertThat(received).isEmpty();
        assertThat(caller.heard()).containsExactly("(dtmf 1www2#)");
        var parked = sim.call("+17735550124", APP);
        var early = post(parked.callControlId(), "send_dtmf", "{\"digits\":\"1\"}");
        assertThat(early.status()).isEqualTo(422);
        assertThat(early.body()).contains("90034");
        assertThat(post(caller.callControlId(), "send_dtmf", "{}").status()).isEqualTo(422);
    }

    // ---- gather_stop, playback_stop on a gather ----

    @Test
    void gatherStopEndsTheGatherWithWhatWasPressedAndCancelledAndCutsItsPrompt() {
        var caller = answeredCaller();
        var leg = caller.callControlId();
        ok(leg, "gather_using_speak", "{\"payload\":\"Please enter your account number then press pound\",\"voice\":\"AWS.Polly.Joanna\",\"timeout_millis\":5000}");
        caller.press("12");
        ok(leg, "gather_stop", "{}");
        assertThat(types()).containsExactly("call.speak.started", "call.dtmf.received", "call.speak.ended", "call.dtmf.received",
                "call.gather.ended");
        var ended = received.getLast().payload();
        assertThat(ended.path("digits").asString()).isEqualTo("12");
        assertThat(ended.path("status").asString()).isEqualTo("cancelled");
        sim.advance(Duration.ofMinutes(1));
        assertThat(types()).hasSize(5);
        caller.press("3");
        assertThat(types()).endsWith("call.dtmf.received").hasSize(6);
    }

    @Test
    void aGatherUsingAudioWithAMediaNamePlaysItAndNamesItByMediaName() {
        var caller = answeredCaller();
        var leg = caller.callControlId();
        ok(leg, "gather_using_audio", "{\"media_name\":\"menu_prompt\",\"maximum_digits\":1}");
        var started = ofType("call.playback.started");
        assertThat(started).hasSize(1);
        assertThat(started.getFirst().payload().path("media_name").asString()).isEqualTo("menu_prompt");
        assertThat(started.getFirst().payload().has("media_url")).as("media_url only for an audio_url").isFalse();
        assertThat(caller.heard()).containsExactly("menu_prompt");
        sim.advance(Duration.ofSeconds(10));
        var ended = ofType("call.playback.ended");
        assertThat(ended).singleElement().satisfies(e -> {
            assertThat(e.payload().path("media_name").asString()).isEqualTo("menu_prompt");
            assertThat(e.payload().path("status").asString()).isEqualTo("completed");
        });
        assertThat(ofType("call.gather.ended")).as("it waits timeout_millis after the prompt, not a plain gather's initial timeout").isEmpty();
        caller.press("3");
        assertThat(ofType("call.gather.ended").getFirst().payload().path("digits").asString()).isEqualTo("3");
    }

    @Test
    void playbackStopCutsAGathersPromptAtOnceAndTheGatherGoesOnWaitingForKeys() {
        var caller = answeredCaller();
        var leg = caller.callControlId();
        ok(leg, "gather_using_audio", "{\"audio_url\":\"https://app.local/audio/menu.wav\",\"maximum_digits\":1,\"timeout_millis\":5000}");
        ok(leg, "playback_stop", "{}");
        assertThat(types()).containsExactly("call.playback.started", "call.playback.ended");
        assertThat(received.getLast().payload().path("status").asString()).isEqualTo("cancelled");
        sim.advance(Duration.ofSeconds(1));
        caller.press("4");
        assertThat(types()).endsWith("call.dtmf.received", "call.gather.ended");
        assertThat(received.getLast().payload().path("digits").asString()).isEqualTo("4");
        assertThat(ofType("call.playback.ended")).hasSize(1);
    }

    // ---- client_state ----

    @Test
    void clientStateUpdateChangesWhatLaterWebhooksCarryAndSendsNone() {
        var caller = answeredCaller();
        var leg = caller.callControlId();
        var state = base64("{\"step\":\"menu\"}");
        var updated = put(leg, "client_state_update", "{\"client_state\":\"" + state + "\"}");
        assertThat(updated.status()).as(updated.body()).isEqualTo(200);
        assertThat(received).isEmpty();
        ok(leg, "speak", "{\"payload\":\"Hello\",\"voice\":\"AWS.Polly.Joanna\"}");
        assertThat(received.getLast().clientState()).isEqualTo(state);
        assertThat(put(leg, "client_state_update", "{\"client_state\":\"not base64!!\"}").status()).isEqualTo(422);
        assertThat(put(leg, "client_state_update", "{}").status()).isEqualTo(422);
        sim.advance(Duration.ofSeconds(1));
        assertThat(received.getLast().clientState()).isEqualTo(state);
        caller.hangUp();
        var ended = put(leg, "client_state_update", "{\"client_state\":\"" + state + "\"}");
        assertThat(ended.status()).isEqualTo(422);
        assertThat(ended.body()).contains("90018");
    }

    @Test
    void aSpeakersGenderIsTakenOnlyAtTheBasicServiceLevelWhichSpeaksOnlyAmericanEnglishText() {
        var caller = answeredCaller();
        var leg = caller.callControlId();
        var gender = post(leg, "speak", "{\"payload\":\"Hello\",\"voice\":\"female\",\"language\":\"en-US\"}");
        assertThat(gender.status()).as("premium, the default, names its voices").isEqualTo(422);
        assertThat(gender.body()).contains("10015").contains("/voice");
        var spanish = post(leg, "gather_using_speak", "{\"payload\":\"Hola\",\"voice\":\"female\",\"service_level\":\"basic\","
                + "\"language\":\"es-US\"}");
        assertThat(spanish.status()).isEqualTo(422);
        assertThat(spanish.body()).contains("/language");
        assertThat(caller.heard()).as("nothing refused was spoken").isEmpty();
        ok(leg, "speak", "{\"payload\":\"Hello\",\"voice\":\"male\",\"service_level\":\"basic\",\"language\":\"en-US\"}");
        ok(leg, "speak", "{\"payload\":\"Hola\",\"voice\":\"AWS.Polly.Lupe\",\"language\":\"es-US\"}");
        sim.advance(Duration.ofSeconds(10));
        assertThat(caller.heard()).containsExactly("Hello", "Hola");
    }

    @Test
    void limitsTheSpecStatesOnlyInWordsAreEnforcedToo() {
        var caller = answeredCaller();
        var leg = caller.callControlId();
        var dial = sim.handle("POST", "/v2/calls", "{\"connection_id\":\"conn-1\",\"from\":\"" + APP
                + "\",\"to\":\"sip:ann@x.sip.telnyx.com\",\"timeout_secs\":4}");
        assertThat(dial.status()).isEqualTo(422);
        assertThat(dial.body()).contains("10033").contains("timeout_secs");
        assertThat(post(leg, "transfer", "{\"to\":\"+17735550100\",\"timeout_secs\":601}").body()).contains("10033");
        assertThat(post(leg, "record_start", "{\"format\":\"mp3\",\"channels\":\"single\",\"max_length\":14401}").body())
                .contains("max_length");
        assertThat(post(leg, "gather_using_audio", "{\"audio_url\":\"https://x.test/a.mp3\",\"maximum_digits\":129}").body())
                .contains("maximum_digits");
        assertThat(post(leg, "playback_start", "{\"audio_url\":\"https://x.test/a.mp3\",\"loop\":101}").body()).contains("loop");
        assertThat(post(leg, "speak", "{\"payload\":\"" + "a".repeat(3001) + "\",\"voice\":\"AWS.Polly.Joanna\"}").body())
                .contains("3000");
        assertThat(caller.heard()).isEmpty();
        assertThat(sim.legs()).as("nothing was dialled").hasSize(1);
    }

    @Test
    void aRefusedCommandKeepsNeitherItsClientStateNorItsCommandId() {
        var caller = sim.call("+17735550123", APP);
        var leg = caller.callControlId();
        var first = base64("{\"step\":1}");
        var refusedState = base64("{\"step\":\"refused\"}");
        // Media before the answer is refused (90034): its client_state and command_id are not kept.
        var early = post(leg, "speak", "{\"payload\":\"Hello\",\"voice\":\"AWS.Polly.Joanna\",\"command_id\":\"s1\",\"client_state\":\""
                + refusedState + "\"}");
        assertThat(early.status()).isEqualTo(422);
        assertThat(early.body()).contains("90034");
        ok(leg, "answer", "{}");
        assertThat(received.getLast().type()).isEqualTo("call.answered");
        assertThat(received.getLast().clientState()).isNull();
        assertThat(put(leg, "client_state_update", "{\"client_state\":\"" + first + "\"}").status()).isEqualTo(200);
        // The same command retried under its command_id once it can run: carried out, not taken for a repeat.
        ok(leg, "speak", "{\"payload\":\"Hello\",\"voice\":\"AWS.Polly.Joanna\",\"command_id\":\"s1\"}");
        assertThat(received.getLast().type()).isEqualTo("call.speak.started");
        assertThat(received.getLast().clientState()).isEqualTo(first);
        assertThat(caller.heard()).containsExactly("Hello");
    }

    @Test
    void clientStateSticksOverCommandsSentWithoutOneUntilAnotherReplacesIt() {
        var caller = sim.call("+17735550123", APP);
        var leg = caller.callControlId();
        var first = base64("{\"step\":1}");
        var second = base64("{\"step\":2}");
        ok(leg, "answer", "{\"client_state\":\"" + first + "\"}");
        ok(leg, "speak", "{\"payload\":\"Hello\",\"voice\":\"AWS.Polly.Joanna\"}");
        sim.advance(Duration.ofSeconds(1));
        ok(leg, "gather_using_speak", "{\"payload\":\"Press one\",\"voice\":\"AWS.Polly.Joanna\",\"maximum_digits\":1,\"command_id\":\"g1\"}");
        caller.press("1");
        assertThat(received.subList(1, received.size())).extracting(Received::clientState).containsOnly(first).hasSizeGreaterThan(4);
        ok(leg, "record_start", "{\"format\":\"mp3\",\"channels\":\"single\",\"client_state\":\"" + second + "\"}");
        ok(leg, "record_stop", "{}");
        caller.hangUp();
        assertThat(received.getFirst().clientState()).isNull();
        assertThat(typesOf(leg)).endsWith("call.recording.saved", "call.hangup");
        assertThat(ofType("call.recording.saved").getFirst().clientState()).isEqualTo(second);
        assertThat(ofType("call.hangup").getFirst().clientState()).isEqualTo(second);
    }

    // ---- record_start max_length ----

    @Test
    void aRecordingStopsAtItsMaxLengthAndIsSavedWithTheCappedLength() {
        var caller = answeredCaller();
        var leg = caller.callControlId();
        ok(leg, "record_start", "{\"format\":\"wav\",\"channels\":\"single\",\"max_length\":30}");
        sim.advance(Duration.ofSeconds(29));
        assertThat(types()).doesNotContain("call.recording.saved");
        sim.advance(Duration.ofSeconds(1));
        var saved = ofType("call.recording.saved");
        assertThat(saved).hasSize(1);
        var payload = saved.getFirst().payload();
        var started = Instant.parse(payload.path("recording_started_at").asString());
        var ended = Instant.parse(payload.path("recording_ended_at").asString());
        assertThat(Duration.between(started, ended)).isEqualTo(Duration.ofSeconds(30));
        assertThat(caller.state()).isEqualTo(Leg.State.ANSWERED);
        // The audio behind its URL is 30 s long (8 kHz, 16-bit mono WAV: a 44-byte header and 16,000 bytes a second).
        assertThat(sim.recordingAudio(payload.path("recording_urls").path("wav").asString())).hasSize(44 + 30 * 16_000);
        // The caller talks on and hangs up: the recording was already saved, so no second one.
        caller.talkThenHangUp(Duration.ofSeconds(20));
        assertThat(ofType("call.recording.saved")).hasSize(1);
        assertThat(types()).endsWith("call.hangup");
    }
}
