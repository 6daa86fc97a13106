package dev.switchboard.calls;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.routing.DefaultStrategy;
import dev.switchboard.routing.PhoneSettings;
import dev.switchboard.routing.Target;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** What a call is billed and costs, worked out from its journey and legs alone. */
class CallChargesTest {

    static final Instant T0 = Instant.parse("2026-12-06T15:00:00Z");

    @Test
    void billedTimeIsEveryStartedSecondRoundedUpToTheIncrement() {
        assertThat(CallCharges.billable(Duration.ZERO, 60)).isZero();
        assertThat(CallCharges.billable(Duration.ofMillis(-5), 60)).as("a clock skew is no time").isZero();
        assertThat(CallCharges.billable(Duration.ofMillis(900), 60)).as("an answer left 0.9 s later is one increment").isEqualTo(60);
        assertThat(CallCharges.billable(Duration.ofMillis(60_000), 60)).isEqualTo(60);
        assertThat(CallCharges.billable(Duration.ofMillis(60_500), 60)).as("60.5 s is two increments").isEqualTo(120);
        assertThat(CallCharges.billable(Duration.ofMillis(61_001), 6)).as("62 started seconds at 6 s").isEqualTo(66);
        assertThat(CallCharges.billable(Duration.ofSeconds(61), 1)).isEqualTo(61);
    }

    @Test
    void centsAreRoundedUpToTheNextWholeCent() {
        assertThat(CallCharges.cents(0, 3)).isZero();
        assertThat(CallCharges.cents(6, 1)).as("a tenth of a minute at 1 c/min still costs a cent").isEqualTo(1);
        assertThat(CallCharges.cents(60, 2)).isEqualTo(2);
        assertThat(CallCharges.cents(66, 2)).as("2.2 cents").isEqualTo(3);
    }

    @Test
    void anInboundCallCostsItsOwnTimeAtTheInboundRateAndEachNumberWeDialledAtTheOutboundRate() {
        var settings = settings(1, 3, 6);
        var call = journey("INBOUND", T0);
        var end = T0.plusSeconds(120);
        var legs = List.of(
                leg("caller", CallEngine.CALLER, "+13125550100", T0, null),
                leg("desk", CallEngine.MEMBER, "sip:ann@example.test", T0.plusSeconds(2), null),
                // Ann's cell answered 30 s in and was transferred away 60 s later: 60 s at the outbound rate.
                leg("cell", CallEngine.MEMBER, "+17735550111", T0.plusSeconds(30), T0.plusSeconds(90)),
                leg("never", CallEngine.FORWARD, "+17735550112", null, null));
        long billable = CallCharges.billable(call, end, 6);
        assertThat(billable).isEqualTo(120);
        assertThat(CallCharges.cost(call, legs, end, billable, settings)).as("2 min at 1 c, then 1 min at 3 c").isEqualTo(2 + 3);
    }

    @Test
    void aCallOutsDialledNumberIsTheCallItselfNotCountedTwice() {
        var settings = settings(1, 3, 60);
        var call = journey("OUTBOUND", T0.plusSeconds(10));
        var end = T0.plusSeconds(70);
        var legs = List.of(
                leg("member", CallEngine.MEMBER, "+17735550111", T0, null),
                leg("number", CallEngine.FORWARD, call.to(), T0.plusSeconds(10), null));
        long billable = CallCharges.billable(call, end, 60);
        assertThat(billable).isEqualTo(60);
        // The call (60 s at 3 c) and the member's own cell we rang first (70 s, two increments at 3 c).
        assertThat(CallCharges.cost(call, legs, end, billable, settings)).isEqualTo(3 + 6);
        // Handed on to an outside number 40 s before the end: that leg is a call out of its own (one increment at 3 c).
        var transferred = new java.util.ArrayList<>(legs);
        transferred.add(leg("outside", CallEngine.FORWARD, "+16305550123", T0.plusSeconds(30), null));
        assertThat(CallCharges.cost(call, transferred, end, billable, settings)).isEqualTo(3 + 6 + 3);
        assertThat(CallCharges.billable(journey("OUTBOUND", null), end, 60)).as("never connected").isZero();
    }

    static PhoneSettings.Settings settings(int inbound, int outbound, int increment) {
        return new PhoneSettings.Settings(DefaultStrategy.SIMULTANEOUS, false, true, Target.generalVoicemail(), inbound, outbound, increment,
                20, false, "", false, 0, false, false, "");
    }

    static CallStore.Journey journey(String direction, Instant connectedAt) {
        return new CallStore.Journey(UUID.randomUUID(), direction, "+13125550100", "+13125550199", "ENDED",
                JsonMapper.builder().build().createObjectNode(), "caller", T0, connectedAt, connectedAt, null, null, null, null, null, null);
    }

    static CallStore.Leg leg(String id, String role, String destination, Instant answeredAt, Instant endedAt) {
        return new CallStore.Leg(id, role, null, destination, endedAt == null ? "ANSWERED" : "ENDED", answeredAt, null, endedAt, T0);
    }
}
