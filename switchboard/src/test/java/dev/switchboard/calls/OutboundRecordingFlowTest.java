package dev.switchboard.calls;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.routing.PhoneSettings;
import dev.switchboard.simulator.Leg;
import dev.switchboard.simulator.PhoneScript;
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
 * A company that records its calls by default (phone settings {@code recording_default}) records its calls out too,
 * as it does the calls it takes: a click-to-call is recorded from when the number answers, that number told so first
 * ({@code announce_recording}), and the recording is stored from {@code call.recording.saved} and linked in the call log
 * as an inbound call's. End to end through the simulator in virtual time. (Queue callbacks: QueueFlowTest.)
 */
@Import(OutboundRecordingFlowTest.Carrier.class)
class OutboundRecordingFlowTest extends VirtualTimeCallTest {

    @TestConfiguration
    static class Carrier {
        /** The commands sent, in order. */
        final List<CallCommand> sent = new CopyOnWriteArrayList<>();
        /** How many record_start commands the carrier refuses next. */
        final AtomicInteger refuseRecordings = new AtomicInteger();

        @Bean
        @Primary
        SimClock virtualClock() {
            return new SimClock(Instant.parse("2026-11-25T18:00:00Z")); // Wednesday noon in Chicago
        }

        @Bean
        @Primary
        CallControl refusingRecordings(TelnyxSimulator simulator) {
            return new InterceptedCallControl(simulator, (control, legId, command, commandId, clientState) -> {
                sent.add(command);
                if (command instanceof CallCommand.RecordStart && refuseRecordings.getAndUpdate(n -> n > 0 ? n - 1 : n) > 0) {
                    return new CallControl.Result.Refused("90020", "Recording could not be started");
                }
                return control.send(legId, command, commandId, clientState);
            });
        }
    }

    @Autowired
    Carrier carrier;

    String customer;

    @BeforeEach
    void company() {
        newCompanyWithAnnAndBob("Recorded Calls Out Co", 20);
        carrier.refuseRecordings.set(0);
        customer = randomNumber("773");
        sim.phone(annSip, PhoneScript.answerAfter(Duration.ofSeconds(2)));
        sim.phone(customer, PhoneScript.answerAfter(Duration.ofSeconds(2)));
    }

    void settings(Map<String, Object> body) {
        var put = owner.put("/api/v1/phone-settings", body);
        assertThat(put.status()).as(put.body()).isEqualTo(200);
    }

    /** Ann calls the customer from the app; she answers at 2 s, the customer at 4 s. */
    String clickToCall() {
        var placed = owner.post("/api/v1/calls", Map.of("member_id", ann, "number", customer));
        assertThat(placed.status()).as(placed.body()).isEqualTo(201);
        sim.advance(Duration.ofSeconds(4));
        assertThat(legsTo(customer)).hasSize(1);
        assertThat(legsTo(customer).getFirst().state()).isEqualTo(Leg.State.ANSWERED);
        return call().get("id").toString();
    }

    Leg annLeg() {
        return legsTo(annSip).getFirst();
    }

    Leg customerLeg() {
        return legsTo(customer).getFirst();
    }

    long recordStarts() {
        return carrier.sent.stream().filter(CallCommand.RecordStart.class::isInstance).count();
    }

    tools.jackson.databind.JsonNode logged(String id) {
        return owner.get("/api/v1/call-logs/" + id).json();
    }

    @Test
    void aCallOutOfACompanyRecordingByDefaultTellsTheNumberFirstThenPutsItThroughRecordedAndKeepsTheRecording() {
        settings(Map.of("recording_default", true));
        carrier.sent.clear();
        var id = clickToCall();
        assertThat(customerLeg().heard()).as("the customer is told first").containsExactly(PhoneSettings.DEFAULT_RECORDING_ANNOUNCEMENT);
        assertThat(annLeg().heard()).as("Ann is told why she waits (was: silence)").containsExactly(CallEngine.MEMBER_WAITS_FOR_NOTICE);
        assertThat(annLeg().bridgedWith()).as("not put through while they are told").isNull();
        assertThat(recordStarts()).as("nothing recorded before they are told").isZero();
        assertThat(call().get("phase")).isEqualTo("RECORDING_NOTICE");
        sim.advance(Duration.ofSeconds(8));
        assertThat(annLeg().bridgedWith()).isEqualTo(customerLeg().callControlId());
        assertThat(carrier.sent).filteredOn(CallCommand.RecordStart.class::isInstance).containsExactly(new CallCommand.RecordStart(false, 0));
        sim.advance(Duration.ofSeconds(30));
        sim.hangUpAnsweredPhone(customerLeg().callControlId());
        sim.advance(Duration.ofSeconds(5));

        var call = call();
        assertThat(call.get("outcome")).isEqualTo("ANSWERED");
        var carrierUrl = (String) call.get("recording_url");
        assertThat(carrierUrl).as("saved from call.recording.saved").isNotNull();
        assertThat(call.get("recording_media_id")).as("copied into our storage").isNotNull();
        var log = logged(id);
        var entry = log.get("call");
        assertThat(entry.get("direction").asString()).isEqualTo("OUTBOUND");
        assertThat(entry.get("recording_status").asString()).isEqualTo("STORED");
        assertThat(entry.get("recording_url").asString()).isEqualTo("/api/v1/call-logs/" + id + "/recording");
        var played = owner.getBytes(entry.get("recording_url").asString());
        assertThat(played.statusCode()).isEqualTo(200);
        assertThat(played.body()).isEqualTo(sim.recordingAudio(carrierUrl));
        assertThat(entry.get("metadata").get("call_recording_id").asString()).isNotBlank();
        // The call's page plays it through the signed-in session (checked each time), not a signed link that plays for
        // anyone for an hour and for nobody after it; and offers to download it, named by the call.
        var web = webLogin(owner.email(), "correct-horse");
        var page = web.get("/calls/" + id).body();
        assertThat(page).contains("src=\"/calls/" + id + "/recording\"").doesNotContain("src=\"/media/")
                .contains("href=\"/calls/" + id + "/recording?download=true\"");
        var heard = web.get("/calls/" + id + "/recording");
        assertThat(heard.status()).isEqualTo(200);
        assertThat(heard.bytes()).isEqualTo(sim.recordingAudio(carrierUrl));
        var saved = web.get("/calls/" + id + "/recording?download=true");
        assertThat(saved.status()).isEqualTo(200);
        assertThat(web.lastHeaders().firstValue("Content-Disposition").orElse("")).contains("attachment").contains("Call to " + customer);
        var stranger = dev.switchboard.support.WebClient.anonymous(port).get("/calls/" + id + "/recording");
        assertThat(stranger.status()).isEqualTo(302);
        assertThat(stranger.location()).endsWith("/login");
        var otherCompany = dev.switchboard.support.WebClient.ownerOfNewCompany(port, "Nosy Co").get("/calls/" + id + "/recording");
        assertThat(otherCompany.status()).isEqualTo(404);
        assertThat(log.get("trace").toString()).contains("recorded: the company records calls by default")
                .contains("the call is recorded: " + customer + " is told so first");
        assertThat(activeCalls(ann)).isZero();
    }

    @Test
    void withTheAnnouncementOffTheNumberIsPutThroughAtOnceAndRecorded() {
        settings(Map.of("recording_default", true, "announce_recording", false));
        var id = clickToCall();
        assertThat(customerLeg().heard()).doesNotContain(PhoneSettings.DEFAULT_RECORDING_ANNOUNCEMENT);
        assertThat(annLeg().bridgedWith()).isEqualTo(customerLeg().callControlId());
        assertThat(call().get("phase")).isEqualTo("BRIDGED");
        sim.advance(Duration.ofSeconds(20));
        sim.hangUpAnsweredPhone(annLeg().callControlId());
        sim.advance(Duration.ofSeconds(5));
        assertThat(logged(id).get("call").get("recording_status").asString()).isEqualTo("STORED");
    }

    @Test
    void aCompanyThatDoesNotRecordByDefaultRecordsNoCallOutAndSaysNothing() {
        settings(Map.of("recording_default", false));
        carrier.sent.clear();
        var id = clickToCall();
        assertThat(annLeg().bridgedWith()).isEqualTo(customerLeg().callControlId());
        assertThat(customerLeg().heard()).doesNotContain(PhoneSettings.DEFAULT_RECORDING_ANNOUNCEMENT);
        sim.advance(Duration.ofSeconds(20));
        sim.hangUpAnsweredPhone(customerLeg().callControlId());
        sim.advance(Duration.ofSeconds(5));
        assertThat(recordStarts()).isZero();
        var entry = logged(id).get("call");
        assertThat(entry.get("recording_status").asString()).isEqualTo("NONE");
        assertThat(entry.get("recording_url").isNull()).isTrue();
    }

    @Test
    void aRecordingTheCarrierRefusesToStartLeavesTheCallGoingOnUnrecordedAndTheLogSaysNoRecording() {
        settings(Map.of("recording_default", true, "announce_recording", false));
        carrier.refuseRecordings.set(1);
        var id = clickToCall();
        assertThat(annLeg().bridgedWith()).as("the call goes on").isEqualTo(customerLeg().callControlId());
        sim.advance(Duration.ofSeconds(20));
        assertThat(annLeg().state()).isEqualTo(Leg.State.ANSWERED);
        assertThat(customerLeg().state()).isEqualTo(Leg.State.ANSWERED);
        sim.hangUpAnsweredPhone(customerLeg().callControlId());
        sim.advance(Duration.ofSeconds(5));
        var log = logged(id);
        var entry = log.get("call");
        assertThat(entry.get("outcome").asString()).isEqualTo("ANSWERED");
        assertThat(entry.get("recording_status").asString()).isEqualTo("NONE");
        assertThat(entry.get("recording_url").isNull()).isTrue();
        assertThat(log.get("trace").toString()).contains("the carrier would not record the call: Recording could not be started (90020); "
                + "it goes on unrecorded");
        assertThat(activeCalls(ann)).isZero();
    }

    @Autowired
    CallEngine engine;

    /**
     * Telnyx ends a speak with cancelled_amd when its machine detection finds a machine on the leg: the announcement to
     * the number is over, and the call must go on (put through, recorded), not wait in silence for an end already come.
     */
    @Test
    void anAnnouncementTheCarriersMachineDetectionCutsShortPutsTheNumberThroughRecorded() {
        settings(Map.of("recording_default", true));
        carrier.sent.clear();
        var id = clickToCall();
        assertThat(annLeg().bridgedWith()).isNull();
        var state = new ClientState(company.value(), java.util.UUID.fromString(id), CallEngine.FORWARD, null).encode();
        engine.handle(new CallSignal.PromptEnded(java.util.UUID.randomUUID().toString(), customerLeg().callControlId(), customerLeg().sessionId(),
                sim.clock().instant(), state, CallSignal.PromptEnd.STOPPED)); // as call.speak.ended with status cancelled_amd
        assertThat(annLeg().bridgedWith()).as("put through at once").isEqualTo(customerLeg().callControlId());
        assertThat(recordStarts()).isEqualTo(1);
        sim.advance(Duration.ofSeconds(10)); // the simulator's own end of the speech changes nothing
        assertThat(recordStarts()).isEqualTo(1);
        sim.hangUpAnsweredPhone(customerLeg().callControlId());
        sim.advance(Duration.ofSeconds(5));
        assertThat(logged(id).get("trace").toString()).contains("the recording announcement was cut short: the carrier detected an answering "
                + "machine at " + customer);
        assertThat(logged(id).get("call").get("recording_status").asString()).isEqualTo("STORED");
    }

    @Test
    void aShortAnnouncementPutsTheNumberThroughWithWhatOurMemberIsToldStoppedNotTalkedOver() {
        settings(Map.of("recording_default", true, "recording_announcement", "Recorded."));
        carrier.sent.clear();
        clickToCall();
        assertThat(annLeg().heard()).containsExactly(CallEngine.MEMBER_WAITS_FOR_NOTICE);
        sim.advance(Duration.ofSeconds(1)); // "Recorded." said; Ann's longer message still going on
        assertThat(annLeg().bridgedWith()).isEqualTo(customerLeg().callControlId());
        var afterNotice = carrier.sent.subList(carrier.sent.indexOf(new CallCommand.Speak(CallEngine.MEMBER_WAITS_FOR_NOTICE, null, null)),
                carrier.sent.size());
        assertThat(afterNotice).as("her message stopped, then she is put through").containsSubsequence(new CallCommand.StopPrompt(),
                new CallCommand.Bridge(annLeg().callControlId(), false, true));
        assertThat(sim.deliveries().stream().filter(d -> d.legId().equals(annLeg().callControlId()) && d.eventType().equals("call.speak.ended"))
                .toList()).as("cut short: said whole, it would still go on for seconds").hasSize(1);
        sim.advance(Duration.ofSeconds(10));
        assertThat(annLeg().bridgedWith()).as("its end takes no step").isEqualTo(customerLeg().callControlId());
        assertThat(recordStarts()).isEqualTo(1);
    }

    @Test
    void aNumberThatHangsUpDuringTheAnnouncementIsNeitherPutThroughNorRecordedAndOurMemberIsReleased() {
        settings(Map.of("recording_default", true));
        carrier.sent.clear();
        var id = clickToCall();
        sim.hangUpAnsweredPhone(customerLeg().callControlId());
        sim.advance(Duration.ofSeconds(10));
        assertThat(annLeg().state()).isEqualTo(Leg.State.ENDED);
        assertThat(annLeg().bridgedWith()).isNull();
        assertThat(recordStarts()).isZero();
        var entry = logged(id).get("call");
        assertThat(entry.get("outcome").asString()).as("the number did answer").isEqualTo("ANSWERED");
        assertThat(entry.get("recording_status").asString()).isEqualTo("NONE");
        assertThat(activeCalls(ann)).isZero();
    }

    @Test
    void ourMemberWhoHangsUpDuringTheAnnouncementEndsTheCallUnrecorded() {
        settings(Map.of("recording_default", true));
        carrier.sent.clear();
        clickToCall();
        sim.hangUpAnsweredPhone(annLeg().callControlId());
        sim.advance(Duration.ofSeconds(10));
        assertThat(customerLeg().state()).isEqualTo(Leg.State.ENDED);
        assertThat(recordStarts()).isZero();
        assertThat(call().get("ended_at")).isNotNull();
        assertThat(activeCalls(ann)).isZero();
    }
}
