package dev.switchboard.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** {@code transfer}: a new B leg rung from the caller's leg and bridged to it (reference §4.3, the spec's TransferCall). */
class TransferTest extends SimulatorFixture {

    static final String ANN = "sip:ann@demo.sip.telnyx.com";

    String bLeg() {
        return sim.legs().stream().filter(l -> l.to().equals(ANN)).findFirst().orElseThrow().callControlId();
    }

    @Test
    void theNewLegIsInitiatedThenBridgedThenAnsweredAsTheSpecListsIt() {
        sim.phone(ANN, PhoneScript.answerAfter(Duration.ofSeconds(3)));
        var caller = answeredCaller();
        ok(caller.callControlId(), "transfer", "{\"to\":\"" + ANN + "\",\"timeout_secs\":20}");
        var b = bLeg();
        assertThat(typesOf(b)).containsExactly("call.initiated");
        sim.advance(Duration.ofSeconds(3));
        // The spec's TransferCall: call.initiated, call.bridged to leg B, then call.answered or call.hangup.
        assertThat(typesOf(b)).containsExactly("call.initiated", "call.bridged", "call.answered");
        assertThat(typesOf(caller.callControlId())).containsExactly("call.bridged");
        assertThat(caller.leg().bridgedWith()).isEqualTo(b);
        assertThat(sim.leg(b).sessionId()).isEqualTo(caller.leg().sessionId());
    }

    @Test
    void aTransferNobodyAnswersEndsTheNewLegAndLeavesTheCallerUpForAnotherCommand() {
        sim.phone(ANN, new PhoneScript.NeverAnswer());
        var caller = answeredCaller();
        ok(caller.callControlId(), "transfer", "{\"to\":\"" + ANN + "\",\"timeout_secs\":10}");
        var b = bLeg();
        sim.advance(Duration.ofSeconds(10));
        assertThat(typesOf(b)).containsExactly("call.initiated", "call.hangup");
        assertThat(of(b).getLast().payload().path("hangup_cause").asString()).isEqualTo("timeout");
        assertThat(typesOf(caller.callControlId())).isEmpty();
        assertThat(caller.state()).isEqualTo(Leg.State.ANSWERED);
        ok(caller.callControlId(), "speak", "{\"payload\":\"Nobody answered\",\"voice\":\"AWS.Polly.Joanna\"}");
    }

    @Test
    void aCallerWhoHangsUpWhileTheTransferRingsCancelsIt() {
        sim.phone(ANN, PhoneScript.answerAfter(Duration.ofSeconds(5)));
        var caller = answeredCaller();
        ok(caller.callControlId(), "transfer", "{\"to\":\"" + ANN + "\"}");
        sim.advance(Duration.ofSeconds(2));
        caller.hangUp();
        var ann = sim.leg(bLeg());
        assertThat(ann.state()).isEqualTo(Leg.State.ENDED);
        var cancelled = of(bLeg()).getLast();
        assertThat(cancelled.type()).isEqualTo("call.hangup");
        assertThat(cancelled.payload().path("hangup_cause").asString()).isEqualTo("originator_cancel");
        // Ann's phone would have answered at 5 s: nothing more happens.
        sim.advance(Duration.ofSeconds(10));
        assertThat(typesOf(bLeg())).containsExactly("call.initiated", "call.hangup");
    }

    @Test
    void targetLegClientStateSeedsTheNewLegWhileClientStateStaysWithTheCallersLeg() {
        sim.phone(ANN, PhoneScript.answerAfter(Duration.ofSeconds(2)));
        var caller = answeredCaller();
        var callerState = base64("{\"role\":\"caller\"}");
        var targetState = base64("{\"role\":\"forward\"}");
        ok(caller.callControlId(), "transfer", "{\"to\":\"" + ANN + "\",\"client_state\":\"" + callerState
                + "\",\"target_leg_client_state\":\"" + targetState + "\"}");
        sim.advance(Duration.ofSeconds(2));
        var b = bLeg();
        assertThat(of(b)).extracting(Received::clientState).containsOnly(targetState).hasSize(3);
        assertThat(of(caller.callControlId())).extracting(Received::clientState).containsExactly(callerState);
        // Without a target_leg_client_state the new leg starts with none (null, as in real deliveries).
        ok(b, "hangup", "{}");
        received.clear();
        var other = answeredCaller();
        ok(other.callControlId(), "transfer", "{\"to\":\"" + ANN + "\",\"client_state\":\"" + callerState + "\"}");
        var second = sim.legs().getLast().callControlId();
        assertThat(of(second)).extracting(Received::clientState).containsExactly((String) null);
    }

    @Test
    void withParkAfterUnbridgeTheCallerStaysUpWhenTheNewLegHangsUpAndWithoutItGoesWithIt() {
        sim.phone(ANN, PhoneScript.answerAfter(Duration.ofSeconds(2)));
        var parked = answeredCaller();
        ok(parked.callControlId(), "transfer", "{\"to\":\"" + ANN + "\",\"park_after_unbridge\":\"self\"}");
        sim.advance(Duration.ofSeconds(2));
        var b = bLeg();
        assertThat(parked.leg().bridgedWith()).isEqualTo(b);
        ok(b, "hangup", "{}");
        assertThat(parked.state()).as("parked, for the next command").isEqualTo(Leg.State.ANSWERED);
        assertThat(parked.leg().bridgedWith()).isNull();

        // Transferred again without it, the caller goes with the new leg.
        ok(parked.callControlId(), "transfer", "{\"to\":\"" + ANN + "\"}");
        sim.advance(Duration.ofSeconds(2));
        var second = sim.legs().getLast().callControlId();
        assertThat(parked.leg().bridgedWith()).isEqualTo(second);
        ok(second, "hangup", "{}");
        assertThat(parked.state()).isEqualTo(Leg.State.ENDED);
    }

    @Test
    void aCallerBridgedToAnAnsweredLegToParkAfterUnbridgeStaysUpWhenThatLegHangsUp() {
        sim.phone(ANN, PhoneScript.answerAfter(Duration.ofSeconds(1)));
        var caller = answeredCaller();
        var dialled = JSON.readTree(sim.handle("POST", "/v2/calls", "{\"connection_id\":\"conn-1\",\"from\":\"" + APP
                + "\",\"to\":\"" + ANN + "\",\"link_to\":\"" + caller.callControlId() + "\"}").body())
                .path("data").path("call_control_id").asString();
        sim.advance(Duration.ofSeconds(1));
        assertThat(sim.leg(dialled).state()).isEqualTo(Leg.State.ANSWERED);
        ok(caller.callControlId(), "bridge", "{\"call_control_id\":\"" + dialled + "\",\"park_after_unbridge\":\"self\"}");
        assertThat(caller.leg().bridgedWith()).isEqualTo(dialled);
        ok(dialled, "hangup", "{}");
        assertThat(caller.state()).isEqualTo(Leg.State.ANSWERED);
        assertThat(caller.leg().bridgedWith()).isNull();
        assertThat(typesOf(caller.callControlId())).as("no hangup of its own").doesNotContain("call.hangup");
    }

    @Test
    void aTargetLegClientStateThatIsNotBase64IsRefusedLikeAClientState() {
        var caller = answeredCaller();
        var refused = post(caller.callControlId(), "transfer", "{\"to\":\"" + ANN + "\",\"target_leg_client_state\":\"not base64!!\"}");
        assertThat(refused.status()).isEqualTo(422);
        assertThat(refused.body()).contains("target_leg_client_state");
        assertThat(sim.legs()).hasSize(1);
    }

    @Test
    void aTransfersAnswerLeavesALegTheAppDialledInTheSameSessionRinging() {
        sim.phone(ANN, PhoneScript.answerAfter(Duration.ofSeconds(2)));
        sim.phone("sip:bob@demo.sip.telnyx.com", new PhoneScript.NeverAnswer());
        var caller = answeredCaller();
        var bob = JSON.readTree(sim.handle("POST", "/v2/calls", "{\"connection_id\":\"conn-1\",\"from\":\"" + APP
                + "\",\"to\":\"sip:bob@demo.sip.telnyx.com\",\"link_to\":\"" + caller.callControlId() + "\",\"timeout_secs\":60}").body())
                .path("data").path("call_control_id").asString();
        ok(caller.callControlId(), "transfer", "{\"to\":\"" + ANN + "\"}");
        sim.advance(Duration.ofSeconds(3));
        assertThat(sim.leg(bLeg()).state()).isEqualTo(Leg.State.ANSWERED);
        assertThat(caller.leg().bridgedWith()).isEqualTo(bLeg());
        assertThat(sim.leg(bob).state()).as("not the transfer's to cancel").isEqualTo(Leg.State.RINGING);
        assertThat(typesOf(bob)).containsExactly("call.initiated");
    }
}
