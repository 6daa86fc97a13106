package dev.switchboard.calls;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.carrier.SimulatedCallControl;
import dev.switchboard.simulator.Caller;
import dev.switchboard.simulator.SimClock;
import dev.switchboard.simulator.TelnyxSimulator;
import dev.switchboard.support.VirtualTimeCallTest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;

/**
 * Voicemail through the in-process Telnyx simulator, in virtual time: the message's transcription,
 * whenever the carrier sends it.
 */
@Import(VoicemailFlowTest.Carrier.class)
class VoicemailFlowTest extends VirtualTimeCallTest {

    /** The commands the engine sent, in order, as the carrier adapter got them. */
    record Sent(String legId, CallCommand command) {
    }

    @TestConfiguration
    static class Carrier {
        final List<Sent> sent = new CopyOnWriteArrayList<>();

        @Bean
        @Primary
        SimClock virtualClock() {
            return new SimClock(Instant.parse("2026-11-25T18:00:00Z")); // Wednesday noon in Chicago
        }

        /** The simulator's call control, noting every command on its way. */
        @Bean
        @Primary
        CallControl notingCallControl(TelnyxSimulator simulator) {
            var control = new SimulatedCallControl(simulator, "demo-connection");
            return new CallControl() {
                @Override
                public Result send(String legId, CallCommand command, String commandId, String clientState) {
                    sent.add(new Sent(legId, command));
                    return control.send(legId, command, commandId, clientState);
                }

                @Override
                public DialResult dial(String from, String to, int timeoutSeconds, String linkTo, String commandId, String clientState) {
                    return control.dial(from, to, timeoutSeconds, linkTo, commandId, clientState);
                }
            };
        }
    }

    @Autowired
    Carrier carrier;

    @Autowired
    CallEngine engine;

    static final String MESSAGE = "Hi, this is Dana on Elm Street. The boiler is leaking again, please call me back.";

    @BeforeEach
    void company() {
        newCompany("Voicemail Flow Co");
        sim.transcriptionDelay(Duration.ofSeconds(5));
    }

    /** The company's general box: every call goes there (no routing rules). */
    void generalBox(Map<String, Object> settings) {
        var r = owner.put("/api/v1/voicemail/settings", settings);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
    }

    /** A caller reaching the general box, once its greeting has played and the recording has begun. */
    Caller callerAtTheBeep() {
        var caller = sim.call(randomNumber("773"), number);
        sim.advance(Duration.ofSeconds(10));
        assertThat(caller.heard()).last().isEqualTo("(beep)");
        assertThat(call().get("phase")).isEqualTo("VOICEMAIL_RECORDING");
        return caller;
    }

    CallCommand.RecordStart recordStartTo(Caller caller) {
        return carrier.sent.stream().filter(s -> s.legId().equals(caller.callControlId()))
                .map(Sent::command).filter(CallCommand.RecordStart.class::isInstance).map(CallCommand.RecordStart.class::cast)
                .reduce((a, b) -> b).orElseThrow();
    }

    Map<String, Object> call() {
        return inCompany(() -> jdbc.sql("select * from calls where company_id = :c order by started_at desc limit 1")
                .param("c", company.value()).query().singleRow());
    }

    Map<String, Object> message() {
        return inCompany(() -> jdbc.sql("select * from voicemail_messages where company_id = :c").param("c", company.value())
                .query().singleRow());
    }

    @Test
    void aCallersMessageIsTranscribedLongAfterTheHangupAndTheTextKeptOnTheMessageAndTheCallLog() {
        generalBox(Map.of("greeting_type", "TEXT_TO_SPEECH", "greeting_text", "Elm Plumbing. Please leave a message.",
                "greeting_language", "en-US", "transcription_enabled", true));
        sim.transcriptionDelay(Duration.ofMinutes(20));
        var caller = callerAtTheBeep();
        var recordStart = recordStartTo(caller);
        assertThat(recordStart.transcribe()).isTrue();
        assertThat(recordStart.transcriptionLanguage()).isEqualTo("en-US");

        caller.leaveMessage(Duration.ofSeconds(15), MESSAGE);
        var log = call();
        assertThat(log.get("outcome")).isEqualTo("VOICEMAIL");
        assertThat(message().get("media_id")).as("the audio is stored at once").isNotNull();
        assertThat(message().get("transcription")).as("not transcribed yet").isNull();

        sim.advance(Duration.ofMinutes(20));
        assertThat(message().get("transcription")).isEqualTo(MESSAGE);
        var api = owner.get("/api/v1/call-logs/" + log.get("id")).json();
        assertThat(api.get("call").get("transcription").asString()).isEqualTo(MESSAGE);
        var messages = owner.get("/api/v1/voicemail/messages").json();
        assertThat(messages).hasSize(1);
        assertThat(messages.get(0).get("transcription").asString()).isEqualTo(MESSAGE);
    }

    @Test
    void withTranscriptionOffTheRecordingDoesNotAskForItAndNoTextIsStored() {
        generalBox(Map.of("transcription_enabled", false));
        var caller = callerAtTheBeep();
        assertThat(recordStartTo(caller).transcribe()).isFalse();

        caller.leaveMessage(Duration.ofSeconds(15), MESSAGE);
        sim.advance(Duration.ofMinutes(30));
        assertThat(sim.deliveries()).filteredOn(d -> d.legId().equals(caller.callControlId()))
                .extracting(TelnyxSimulator.Delivery::eventType).contains("call.recording.saved")
                .doesNotContain("call.recording.transcription.saved");
        assertThat(message().get("transcription")).isNull();
        assertThat(call().get("transcription")).isNull();
    }

    @Test
    void aTranscriptionArrivingBeforeItsRecordingIsKeptForTheMessage() {
        generalBox(Map.of("transcription_enabled", true));
        var caller = callerAtTheBeep();
        // The transcription's webhook overtook the recording's (reordered delivery): the call is still on.
        engine.handle(new CallSignal.RecordingTranscribed(UUID.randomUUID().toString(), caller.callControlId(), caller.leg().sessionId(),
                sim.clock().instant(), null, UUID.randomUUID().toString(), "completed", MESSAGE));
        assertThat(call().get("transcription")).isEqualTo(MESSAGE);

        // Then the recording is saved; the caller said nothing the simulator would transcribe, so its own
        // (empty) transcription that follows changes nothing.
        caller.talkThenHangUp(Duration.ofSeconds(15));
        sim.advance(Duration.ofMinutes(1));
        assertThat(message().get("transcription")).isEqualTo(MESSAGE);
        assertThat(call().get("transcription")).isEqualTo(MESSAGE);
        assertThat(call().get("outcome")).isEqualTo("VOICEMAIL");
    }

    @Test
    void aSilentMessageHasNoTranscription() {
        generalBox(Map.of("transcription_enabled", true));
        var caller = callerAtTheBeep();
        caller.talkThenHangUp(Duration.ofSeconds(6));
        sim.advance(Duration.ofMinutes(1));
        assertThat(sim.deliveries()).filteredOn(d -> d.legId().equals(caller.callControlId()))
                .extracting(TelnyxSimulator.Delivery::eventType).contains("call.recording.transcription.saved");
        assertThat(message().get("transcription")).isNull();
        assertThat(call().get("transcription")).isNull();
    }
}
