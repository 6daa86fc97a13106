package dev.switchboard.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * When a bridge ends (the opposite leg hangs up or is bridged elsewhere) the leg left behind is hung up, unless
 * it was bridged with {@code park_after_unbridge: self} or {@code hold_after_unbridge: true} (the spec's
 * BridgeRequest: "If not set, the default behavior is to hang up the leg").
 */
class BridgeTest extends SimulatorFixture {

    void bridge(Caller from, Caller to, String extra) {
        ok(from.callControlId(), "bridge", "{\"call_control_id\":\"" + to.callControlId() + "\"" + extra + "}");
    }

    @Test
    void reBridgingALegHangsUpItsFormerPartnerBridgedWithoutParkOrHold() {
        var a = answeredCaller();
        var b = answeredCaller();
        var c = answeredCaller();
        bridge(a, b, "");
        bridge(b, c, "");
        assertThat(a.state()).isEqualTo(Leg.State.ENDED);
        var hangup = of(a.callControlId()).getLast();
        assertThat(hangup.type()).isEqualTo("call.hangup");
        assertThat(hangup.payload().path("hangup_cause").asString()).isEqualTo("normal_clearing");
        assertThat(b.leg().bridgedWith()).isEqualTo(c.callControlId());
        assertThat(c.leg().bridgedWith()).isEqualTo(b.callControlId());
        assertThat(b.state()).isEqualTo(Leg.State.ANSWERED);
        assertThat(c.state()).isEqualTo(Leg.State.ANSWERED);
    }

    @Test
    void reBridgingALegLeavesItsFormerPartnerUpUnbridgedWhenItWasBridgedToParkOrToHold() {
        for (var keep : new String[] {",\"park_after_unbridge\":\"self\"", ",\"hold_after_unbridge\":true"}) {
            var a = answeredCaller();
            var b = answeredCaller();
            var c = answeredCaller();
            bridge(a, b, keep);
            bridge(b, c, "");
            assertThat(a.state()).as(keep).isEqualTo(Leg.State.ANSWERED);
            assertThat(a.leg().bridgedWith()).as(keep).isNull();
            assertThat(typesOf(a.callControlId())).as(keep).doesNotContain("call.hangup");
            assertThat(b.leg().bridgedWith()).isEqualTo(c.callControlId());
        }
    }

    @Test
    void holdAfterUnbridgeKeepsTheLegUpWhenItsPartnerHangsUpAndWithoutItTheLegIsHungUp() {
        var held = answeredCaller();
        var partner = answeredCaller();
        bridge(held, partner, ",\"hold_after_unbridge\":true");
        partner.hangUp();
        assertThat(held.state()).isEqualTo(Leg.State.ANSWERED);
        assertThat(held.leg().bridgedWith()).isNull();

        var plain = answeredCaller();
        var other = answeredCaller();
        bridge(plain, other, "");
        other.hangUp();
        assertThat(plain.state()).isEqualTo(Leg.State.ENDED);
    }

    @Test
    void aLegDialledWithBridgeOnAnswerIsBridgedToItsLinkToWhenItAnswers() {
        sim.phone("sip:ann@demo.sip.telnyx.com", PhoneScript.answerAfter(Duration.ofSeconds(2)));
        var caller = answeredCaller();
        var ann = dialled("sip:ann@demo.sip.telnyx.com", ",\"link_to\":\"" + caller.callControlId() + "\",\"bridge_on_answer\":true");
        sim.advance(Duration.ofSeconds(1));
        assertThat(caller.leg().bridgedWith()).isNull();
        sim.advance(Duration.ofSeconds(1));
        assertThat(typesOf(ann)).containsExactly("call.initiated", "call.answered", "call.bridged");
        assertThat(typesOf(caller.callControlId())).containsExactly("call.bridged");
        assertThat(caller.leg().bridgedWith()).isEqualTo(ann);

        // Without it the answered leg is left alone; with it but no link_to the dial is refused (link_to "becomes required").
        var bob = dialled("sip:ann@demo.sip.telnyx.com", ",\"link_to\":\"" + caller.callControlId() + "\"");
        sim.advance(Duration.ofSeconds(2));
        assertThat(sim.leg(bob).bridgedWith()).isNull();
        var refused = sim.handle("POST", "/v2/calls", "{\"connection_id\":\"conn-1\",\"from\":\"" + APP
                + "\",\"to\":\"sip:ann@demo.sip.telnyx.com\",\"bridge_on_answer\":true}");
        assertThat(refused.status()).isEqualTo(422);
        assertThat(refused.body()).contains("/link_to");
    }

    @Test
    void theOneWhoAnsweredADialledPhoneHangsUpAsTheCalleeAndOnlyAnAnsweredDialledLegCanBeHungUpSo() {
        sim.phone("sip:ann@demo.sip.telnyx.com", PhoneScript.answerAfter(Duration.ofSeconds(1)));
        sim.phone("sip:bob@demo.sip.telnyx.com", new PhoneScript.NeverAnswer());
        var caller = answeredCaller();
        var ann = dialled("sip:ann@demo.sip.telnyx.com", ",\"link_to\":\"" + caller.callControlId() + "\"");
        var bob = dialled("sip:bob@demo.sip.telnyx.com", ",\"link_to\":\"" + caller.callControlId() + "\"");
        sim.advance(Duration.ofSeconds(1));
        assertThatThrownBy(() -> sim.hangUpAnsweredPhone(bob)).as("still ringing").isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> sim.hangUpAnsweredPhone(caller.callControlId())).as("an incoming call").isInstanceOf(IllegalStateException.class);
        sim.hangUpAnsweredPhone(ann);
        assertThat(sim.leg(ann).state()).isEqualTo(Leg.State.ENDED);
        var hangup = of(ann).getLast();
        assertThat(hangup.type()).isEqualTo("call.hangup");
        assertThat(hangup.payload().path("hangup_cause").asString()).isEqualTo("normal_clearing");
        assertThat(hangup.payload().path("hangup_source").asString()).isEqualTo("callee");
        assertThat(sim.leg(bob).state()).isEqualTo(Leg.State.RINGING);
    }
}
