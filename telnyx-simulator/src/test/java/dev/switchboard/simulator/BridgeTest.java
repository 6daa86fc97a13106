package dev.switchboard.simulator;

import static org.assertj.core.api.Assertions.assertThat;

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
}
