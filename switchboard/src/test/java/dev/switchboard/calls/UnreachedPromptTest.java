package dev.switchboard.calls;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.simulator.SimClock;
import dev.switchboard.simulator.TelnyxSimulator;
import dev.switchboard.support.VirtualTimeCallTest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;

/**
 * A prompt the carrier could not be reached for (its retries spent, or its circuit open) does not leave the caller in
 * silence for ever, waiting on the end of a prompt that never reached the carrier: it is sent again, with the same
 * {@code command_id}, while the call still waits for it, and taken as failed once its tries are spent, so the call goes
 * on. A call that has moved on (the caller gone) gets nothing sent again.
 */
@Import(UnreachedPromptTest.Carrier.class)
class UnreachedPromptTest extends VirtualTimeCallTest {

    @TestConfiguration
    static class Carrier {
        /** How many prompts (speak, play, gathers) the carrier cannot be reached for next. */
        final AtomicInteger unreachable = new AtomicInteger();
        /** Each prompt's command id as it was sent (reached or not). */
        final List<String> promptIds = new CopyOnWriteArrayList<>();
        /** How many starts of a message's recording (with its beep) the carrier cannot be reached for next. */
        final AtomicInteger unreachableRecordings = new AtomicInteger();
        /** Each message recording's start's command id as it was sent (reached or not). */
        final List<String> recordingIds = new CopyOnWriteArrayList<>();
        /** How many starts of a recorded call's own recording (no beep) the carrier cannot be reached for next. */
        final AtomicInteger unreachableCallRecordings = new AtomicInteger();
        /** Each call recording's start's command id as it was sent (reached or not). */
        final List<String> callRecordingIds = new CopyOnWriteArrayList<>();

        @Bean
        @Primary
        SimClock virtualClock() {
            return new SimClock(Instant.parse("2026-11-25T18:00:00Z"));
        }

        @Bean
        @Primary
        CallControl unreachableForPrompts(TelnyxSimulator simulator) {
            return new InterceptedCallControl(simulator, (control, legId, command, commandId, clientState) -> {
                if (command instanceof CallCommand.Speak || command instanceof CallCommand.Play
                        || command instanceof CallCommand.GatherWithSpeech || command instanceof CallCommand.GatherWithAudio) {
                    promptIds.add(commandId);
                    if (unreachable.getAndUpdate(n -> n > 0 ? n - 1 : n) > 0) {
                        return new CallControl.Result.Unavailable("503 Service Unavailable (retries spent)");
                    }
                }
                if (command instanceof CallCommand.RecordStart r && r.beep()) {
                    recordingIds.add(commandId);
                    if (unreachableRecordings.getAndUpdate(n -> n > 0 ? n - 1 : n) > 0) {
                        return new CallControl.Result.Unavailable("503 Service Unavailable (retries spent)");
                    }
                }
                if (command instanceof CallCommand.RecordStart r && !r.beep()) {
                    callRecordingIds.add(commandId);
                    if (unreachableCallRecordings.getAndUpdate(n -> n > 0 ? n - 1 : n) > 0) {
                        return new CallControl.Result.Unavailable("503 Service Unavailable (retries spent)");
                    }
                }
                return control.send(legId, command, commandId, clientState);
            });
        }
    }

    @Autowired
    Carrier carrier;

    String did;

    @BeforeEach
    void annWithNoPhone() {
        newCompany("Unreached Co");
        carrier.unreachable.set(0);
        carrier.promptIds.clear();
        carrier.unreachableRecordings.set(0);
        carrier.recordingIds.clear();
        carrier.unreachableCallRecordings.set(0);
        carrier.callRecordingIds.clear();
        did = randomNumber("312");
        member(Map.of("name", "Ann", "phone_extension", "101", "direct_inward_dial", did));
    }

    /** The caller at the beep leaves a message: it is kept, and the call is a voicemail. */
    void leavesTheirMessage(dev.switchboard.simulator.Caller caller) {
        caller.leaveMessage(Duration.ofSeconds(10), "Please call me back.");
        sim.advance(Duration.ofMinutes(1));
        assertThat(call().get("outcome")).isEqualTo("VOICEMAIL");
        assertThat(inCompany(() -> jdbc.sql("select count(*) from voicemail_messages where company_id = :c").param("c", company.value())
                .query(Long.class).single())).isOne();
    }

    @Test
    void aVoicemailGreetingTheCarrierCouldNotBeReachedForIsSentAgainAndTheMessageTaken() {
        carrier.unreachable.set(2); // the greeting, and its first try again (2 s later)
        var caller = sim.call(randomNumber("773"), did);
        assertThat(caller.heard()).as("nothing reached the carrier yet").isEmpty();
        assertThat(call().get("phase")).isEqualTo("VOICEMAIL_GREETING");
        sim.advance(Duration.ofSeconds(2));
        assertThat(caller.heard()).as("the first try again did not reach it either").isEmpty();
        sim.advance(Duration.ofSeconds(4));
        until(caller, "(beep)"::equals);
        assertThat(caller.heard()).containsExactly("Ann is not available. Please leave a message after the tone.", "(beep)");
        assertThat(carrier.promptIds.subList(0, 3)).as("sent again with its command id: the carrier never plays it twice").containsOnly(
                carrier.promptIds.getFirst());
        assertThat(trace()).contains("a prompt to the caller could not reach the carrier: it is sent again while the call waits for it");
        leavesTheirMessage(caller);
    }

    @Test
    void aMenuTheCarrierCouldNotBeReachedForIsSentAgainAndTheCallersChoiceTaken() {
        var bobSip = "sip:bob-" + java.util.UUID.randomUUID().toString().substring(0, 8) + "@unreached.sip.telnyx.com";
        var bob = member("Bob", "102", bobSip);
        sim.phone(bobSip, dev.switchboard.simulator.PhoneScript.answerAfter(Duration.ofSeconds(2)));
        var menu = owner.post("/api/v1/ivr-menus", Map.of("name", "Main", "greeting_text", "Press 2 for Bob.",
                "options", Map.of("2", Map.of("kind", "MEMBER", "member_id", bob)), "timeout_seconds", 5, "max_retries", 1));
        assertThat(menu.status()).as(menu.body()).isEqualTo(201);
        var rule = owner.post("/api/v1/routing-rules", Map.of("name", "Menu", "type", "IVR", "ivr_menu_id",
                menu.json().get("menu").get("id").asString()));
        assertThat(rule.status()).as(rule.body()).isEqualTo(201);
        carrier.unreachable.set(1);
        var caller = sim.call(randomNumber("773"), number);
        assertThat(call().get("phase")).isEqualTo("MENU");
        assertThat(caller.heard()).isEmpty();
        sim.advance(Duration.ofSeconds(2));
        assertThat(caller.heard()).as("the menu, once the carrier could be reached").containsExactly("Press 2 for Bob.");
        caller.press("2");
        sim.advance(Duration.ofSeconds(3));
        assertThat(caller.leg().bridgedWith()).isEqualTo(legsTo(bobSip).getFirst().callControlId());
        caller.hangUp();
        sim.advance(Duration.ofSeconds(5));
        assertThat(call().get("outcome")).isEqualTo("ANSWERED");
    }

    @Test
    void aPromptThatNeverReachesTheCarrierIsTakenAsFailedAndTheCallGoesOn() {
        carrier.unreachable.set(1 + CallEngine.PROMPT_TRIES);
        var caller = sim.call(randomNumber("773"), did);
        sim.advance(Duration.ofSeconds(2 + 4 + 8 + 16 + 31));
        assertThat(caller.heard()).as("a minute in, still nothing").isEmpty();
        assertThat(call().get("phase")).isEqualTo("VOICEMAIL_GREETING");
        sim.advance(Duration.ofSeconds(1));
        until(caller, "(beep)"::equals);
        assertThat(caller.heard()).as("the greeting given up: the beep, not silence for ever").containsExactly("(beep)");
        assertThat(carrier.promptIds).hasSize(1 + CallEngine.PROMPT_TRIES).containsOnly(carrier.promptIds.getFirst());
        assertThat(trace()).contains("a prompt to the caller never reached the carrier (sent again " + CallEngine.PROMPT_TRIES
                + " times): the call goes on without it");
        leavesTheirMessage(caller);
    }

    @Test
    void aMessagesRecordingTheCarrierCouldNotBeReachedForIsAskedForAgainAndTheMessageKept() {
        carrier.unreachableRecordings.set(1);
        var caller = sim.call(randomNumber("773"), did);
        for (int s = 0; s < 20 && !"VOICEMAIL_RECORDING".equals(call().get("phase")); s++) {
            sim.advance(Duration.ofSeconds(1)); // the greeting said
        }
        assertThat(call().get("phase")).isEqualTo("VOICEMAIL_RECORDING");
        assertThat(caller.heard()).as("no beep: nothing records yet").containsExactly("Ann is not available. Please leave a message after the tone.");
        until(caller, "(beep)"::equals);
        assertThat(carrier.recordingIds).hasSize(2).containsOnly(carrier.recordingIds.getFirst());
        assertThat(trace()).contains("the recording of a message (its beep) could not reach the carrier: it is sent again");
        leavesTheirMessage(caller);
    }

    @Test
    void aMessagesRecordingThatNeverReachesTheCarrierTellsTheCallerNoMessageCanBeTakenNow() {
        carrier.unreachableRecordings.set(1 + CallEngine.PROMPT_TRIES);
        var caller = sim.call(randomNumber("773"), did);
        until(caller, "Ann is not available. Please leave a message after the tone."::equals);
        sim.advance(Duration.ofSeconds(2 + 4 + 8 + 16 + 32 + 1));
        until(caller, h -> h.startsWith("Sorry, we cannot take a message right now."));
        sim.advance(Duration.ofSeconds(10));
        assertThat(caller.heard()).doesNotContain("(beep)");
        assertThat(caller.state()).as("told, then hung up on").isEqualTo(dev.switchboard.simulator.Leg.State.ENDED);
        assertThat(trace()).contains("the carrier would not record the message: it could not be reached (asked again "
                + CallEngine.PROMPT_TRIES + " times)");
        assertThat(call().get("ended_at")).isNotNull();
    }

    @Test
    void aGreetingByPhoneTheCarrierCannotRecordTellsTheMemberTheirGreetingHasNotChanged() {
        var cell = randomNumber("773");
        var line = randomNumber("312");
        var bob = member(Map.of("name", "Bob", "phone_extension", "102", "voicemail_pin", "4731", "call_forwarding_number", cell,
                "direct_inward_dial", line));
        carrier.unreachableRecordings.set(1 + CallEngine.PROMPT_TRIES);
        var caller = sim.call(cell, line);
        until(caller, h -> h.startsWith("Voicemail for Bob. Please enter your PIN"));
        caller.press("4731#");
        until(caller, h -> h.startsWith("You have no new messages"));
        caller.press("9");
        for (int s = 0; s < 20 && !"MAILBOX_GREETING_RECORDING".equals(call().get("phase")); s++) {
            sim.advance(Duration.ofSeconds(1)); // the prompt to record said
        }
        assertThat(call().get("phase")).isEqualTo("MAILBOX_GREETING_RECORDING");
        sim.advance(Duration.ofSeconds(2 + 4 + 8 + 16 + 32 + 1));
        until(caller, h -> h.endsWith("Goodbye."));
        assertThat(caller.heard()).doesNotContain("(beep)").last().isEqualTo("Sorry, your new greeting cannot be recorded right now. "
                + "Your greeting has not changed. Please try again later. Goodbye.");
        sim.advance(Duration.ofSeconds(10));
        assertThat(caller.state()).isEqualTo(dev.switchboard.simulator.Leg.State.ENDED);
        assertThat(trace()).contains("mailbox: the carrier would not record the new greeting");
        assertThat(owner.get("/api/v1/members/" + bob + "/voicemail").json().get("settings").get("greeting_type").asString())
                .isNotEqualTo("AUDIO");
    }

    /** Bob answers a call of a rule that records its calls; he talks for {@code talk}, then the caller hangs up. */
    dev.switchboard.simulator.Caller recordedCallToBob(Duration talk) {
        var bobSip = "sip:bob-" + java.util.UUID.randomUUID().toString().substring(0, 8) + "@unreached.sip.telnyx.com";
        var bob = member("Bob", "102", bobSip);
        sim.phone(bobSip, dev.switchboard.simulator.PhoneScript.answerAfter(Duration.ofSeconds(2)));
        var rule = owner.post("/api/v1/routing-rules", Map.of("name", "Recorded", "type", "SIMULTANEOUS", "member_ids", List.of(bob),
                "recording_enabled", true));
        assertThat(rule.status()).as(rule.body()).isEqualTo(201);
        var caller = sim.call(randomNumber("773"), number);
        for (int s = 0; s < 20 && caller.leg().bridgedWith() == null; s++) {
            sim.advance(Duration.ofSeconds(1)); // told the call is recorded, then Bob rung
        }
        assertThat(caller.leg().bridgedWith()).isEqualTo(legsTo(bobSip).getFirst().callControlId());
        caller.talkThenHangUp(talk);
        sim.advance(Duration.ofSeconds(5));
        return caller;
    }

    @Test
    void aCallsRecordingTheCarrierCouldNotBeReachedForIsAskedForAgainAndTheCallRecorded() {
        carrier.unreachableCallRecordings.set(2); // its start, and its first try again (2 s later)
        recordedCallToBob(Duration.ofSeconds(30));
        assertThat(carrier.callRecordingIds).as("asked for again with its command id: the carrier never records it twice")
                .hasSize(3).containsOnly(carrier.callRecordingIds.getFirst());
        assertThat(trace()).contains("the call's recording could not reach the carrier: it is sent again while the call waits for it");
        var call = call();
        assertThat(call.get("outcome")).isEqualTo("ANSWERED");
        assertThat(call.get("recording_url")).as("recorded from its third try, 6 s in").isNotNull();
    }

    @Test
    void aCallsRecordingThatNeverReachesTheCarrierLeavesTheCallUnrecordedAndSaysWhy() {
        carrier.unreachableCallRecordings.set(1 + CallEngine.PROMPT_TRIES);
        var caller = recordedCallToBob(Duration.ofSeconds(90));
        assertThat(carrier.callRecordingIds).hasSize(1 + CallEngine.PROMPT_TRIES).containsOnly(carrier.callRecordingIds.getFirst());
        assertThat(caller.heard()).as("the conversation went on").doesNotContain("Goodbye.");
        assertThat(trace()).contains("the carrier would not record the call: it could not be reached (asked again "
                + CallEngine.PROMPT_TRIES + " times) (unavailable); it goes on unrecorded");
        var call = call();
        assertThat(call.get("outcome")).isEqualTo("ANSWERED");
        assertThat(call.get("recording_url")).isNull();
    }

    @Test
    void aCallsRecordingIsNotAskedForAgainOnceTheCallHasEnded() {
        carrier.unreachableCallRecordings.set(1);
        recordedCallToBob(Duration.ofSeconds(1));
        sim.advance(Duration.ofMinutes(2));
        assertThat(carrier.callRecordingIds).as("its start, once: the call was over before its first try again").hasSize(1);
        assertThat(call().get("recording_url")).isNull();
        assertThat(endings(call().get("id").toString())).isOne();
    }

    @Test
    void aCallThatHasMovedOnGetsNothingSentAgain() {
        carrier.unreachable.set(1);
        var caller = sim.call(randomNumber("773"), did);
        caller.hangUp();
        sim.advance(Duration.ofMinutes(2));
        assertThat(carrier.promptIds).as("the greeting, once: its caller had gone").hasSize(1);
        assertThat(call().get("ended_at")).isNotNull();
        assertThat(endings(call().get("id").toString())).isOne();
    }

    /** Was: the caller waited in silence until the next announcement (here none: the whole wait long). */
    @Test
    void aQueueAnnouncementThatNeverReachesTheCarrierGivesWayToTheHoldMusic() {
        var queue = owner.post("/api/v1/queues", Map.of("name", "Support", "member_ids", List.of(member(Map.of("name", "Bo",
                "phone_extension", "102"))), "join_when_empty", true, "announce_position", true, "announce_interval_seconds", 0));
        assertThat(queue.status()).as(queue.body()).isEqualTo(201);
        var rule = owner.post("/api/v1/routing-rules", Map.of("name", "Queue", "type", "BUSINESS_HOURS", "open_target",
                Map.of("kind", "QUEUE", "queue_id", queue.json().get("id").asString()), "closed_target", Map.of("kind", "VOICEMAIL")));
        assertThat(rule.status()).as(rule.body()).isEqualTo(201);
        carrier.unreachable.set(1 + CallEngine.PROMPT_TRIES);
        var caller = sim.call(randomNumber("773"), number);
        assertThat(call().get("phase")).isEqualTo("QUEUED");
        sim.advance(Duration.ofSeconds(2 + 4 + 8 + 16 + 31));
        assertThat(caller.heard()).as("a minute in, still nothing").isEmpty();
        sim.advance(Duration.ofSeconds(2));
        assertThat(caller.heard()).containsExactly("http://localhost:8080/audio/hold-music.wav");
        assertThat(trace()).contains("queue: an announcement could not be played; back to the hold music");
        assertThat(call().get("phase")).isEqualTo("QUEUED");
        caller.hangUp();
        sim.advance(Duration.ofSeconds(2));
        assertThat(call().get("outcome")).isEqualTo("ABANDONED");
    }
}
