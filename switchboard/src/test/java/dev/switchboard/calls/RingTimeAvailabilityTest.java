package dev.switchboard.calls;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.simulator.Leg;
import dev.switchboard.simulator.PhoneScript;
import dev.switchboard.simulator.SimClock;
import dev.switchboard.support.VirtualTimeCallTest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;

/**
 * Who rings is checked again at the moment each phone would ring, not only when the call was decided: members who
 * turned on do-not-disturb, went on vacation or away meanwhile are skipped with the reason in the trace; a
 * transfer never rings the member handing the call on; simultaneous ring rings the forwarding number.
 */
@Import(RingTimeAvailabilityTest.Noon.class)
class RingTimeAvailabilityTest extends VirtualTimeCallTest {

    @TestConfiguration
    static class Noon {
        @Bean
        @Primary
        SimClock reviewClock() {
            return new SimClock(Instant.parse("2026-11-25T18:00:00Z")); // Wednesday noon in Chicago
        }
    }

    @BeforeEach
    void company() {
        newCompanyWithAnnAndBob("Review Co", 15);
    }

    String rule(Map<String, Object> body) {
        var r = owner.post("/api/v1/routing-rules", body);
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json().get("rule").get("id").asString();
    }

    /**
     * A call rings Ann (who does not answer) under {@code rule}; five seconds in, {@code change} (PUT to {@code path}) changes Bob's
     * availability; when Ann's ring times out Bob, who would answer, must not ring, and the trace says why.
     */
    void bobChangesWhileAnnRings(Map<String, Object> rule, String path, Map<String, Object> change, String reason) {
        rule(rule);
        sim.phone(annSip, new PhoneScript.NeverAnswer());
        sim.phone(bobSip, PhoneScript.answerAfter(Duration.ofSeconds(2)));
        var caller = sim.call("+17735550123", number);
        assertThat(legsTo(annSip)).hasSize(1);
        sim.advance(Duration.ofSeconds(5));
        var changed = owner.put("/api/v1/members/" + bob + path, change);
        assertThat(changed.status()).as(changed.body()).isEqualTo(200);
        sim.advance(Duration.ofSeconds(12)); // Ann's ring times out
        assertThat(legsTo(annSip).getFirst().state()).isEqualTo(Leg.State.ENDED);
        assertThat(legsTo(bobSip)).as("Bob is " + reason + " now: his phone must not ring").isEmpty();
        assertThat(trace()).as("the skip names its reason, as a skip at the decision does").contains("skipped Bob: " + reason);
        sim.advance(Duration.ofSeconds(10));
        caller.hangUp();
    }

    Map<String, Object> rotationOfAnnAndBob() {
        return Map.of("name", "Rotation", "type", "ROUND_ROBIN", "member_ids", List.of(ann, bob), "ring_timeout_seconds", 15,
                "no_answer_target", Map.of("kind", "HANGUP", "message", "Nobody could take your call. Goodbye."));
    }

    Map<String, Object> doNotDisturbForAnHour() {
        return Map.of("until", sim.clock().instant().plus(Duration.ofHours(1)).toString());
    }

    @Test
    void roundRobinFallThroughDoesNotRingAMemberWhoTurnedOnDoNotDisturbWhileTheFirstRang() {
        bobChangesWhileAnnRings(rotationOfAnnAndBob(), "/do-not-disturb", doNotDisturbForAnHour(), "do-not-disturb");
    }

    @Test
    void roundRobinFallThroughDoesNotRingAMemberWhoseVacationWasSetWhileTheFirstRang() {
        bobChangesWhileAnnRings(rotationOfAnnAndBob(), "/vacation", Map.of("start_date", "2026-11-25", "end_date", "2026-11-30"), "on vacation");
    }

    @Test
    void aRulesNoAnswerTargetMemberWhoTurnedOnDoNotDisturbWhileTheRuleRangIsNotRung() {
        bobChangesWhileAnnRings(Map.of("name", "Ann first", "type", "SIMULTANEOUS", "member_ids", List.of(ann), "ring_timeout_seconds", 15,
                "no_answer_target", Map.of("kind", "MEMBER", "member_id", bob)), "/do-not-disturb", doNotDisturbForAnHour(), "do-not-disturb");
    }

    @Test
    void roundRobinFallThroughPastAMemberWhoWentAwayWhileTheFirstRangSaysWhy() {
        bobChangesWhileAnnRings(rotationOfAnnAndBob(), "/status", Map.of("status", "AWAY", "reason", "lunch"), "away: lunch");
    }

    @Test
    void aMemberWhoTransfersACallToThemselvesIsNotRungForTheCallerTheyHave() {
        var body = new java.util.HashMap<String, Object>(Map.of("name", "Ann", "phone_extension", "101", "sip_address", annSip,
                "ring_timeout_seconds", 15, "max_concurrent_calls", 2));
        var put = owner.put("/api/v1/members/" + ann, body);
        assertThat(put.status()).as(put.body()).isEqualTo(200);
        rule(Map.of("name", "Ann", "type", "SIMULTANEOUS", "member_ids", List.of(ann)));
        sim.phone(annSip, PhoneScript.answerAfter(Duration.ofSeconds(2)));
        var caller = sim.call("+17735550123", number);
        sim.advance(Duration.ofSeconds(3));
        var id = call().get("id");
        var transfer = owner.post("/api/v1/calls/" + id + "/transfer", Map.of("member_id", ann));
        assertThat(transfer.status()).as(transfer.body()).isEqualTo(409);
        assertThat(transfer.body()).contains("Ann already has this call");
        sim.advance(Duration.ofSeconds(3));
        assertThat(legsTo(annSip)).as("Ann's own phone must not ring again for the caller she already has (transfer answered " + transfer.status() + ")")
                .hasSize(1);
        caller.hangUp();
    }

    @Test
    void aTransferToARuleThatIncludesTheTransferringMemberDoesNotRingThatMember() {
        var body = new java.util.HashMap<String, Object>(Map.of("name", "Ann", "phone_extension", "101", "sip_address", annSip,
                "ring_timeout_seconds", 15, "max_concurrent_calls", 2));
        var put = owner.put("/api/v1/members/" + ann, body);
        assertThat(put.status()).as(put.body()).isEqualTo(200);
        rule(Map.of("name", "Ann", "type", "DIRECT", "member_ids", List.of(ann)));
        var sales = rule(Map.of("name", "Sales", "type", "SIMULTANEOUS", "member_ids", List.of(ann, bob)));
        sim.phone(annSip, PhoneScript.answerAfter(Duration.ofSeconds(2)));
        sim.phone(bobSip, new PhoneScript.NeverAnswer());
        var caller = sim.call("+17735550123", number);
        sim.advance(Duration.ofSeconds(3));
        var id = call().get("id");
        var transfer = owner.post("/api/v1/calls/" + id + "/transfer", Map.of("rule_id", sales));
        assertThat(transfer.status()).as(transfer.body()).isEqualTo(200);
        sim.advance(Duration.ofSeconds(1));
        assertThat(legsTo(bobSip)).hasSize(1);
        assertThat(legsTo(annSip)).as("Ann is the one transferring: her own phone must not ring for this caller").hasSize(1);
        caller.hangUp();
    }

    @Test
    void simultaneousRingOnRingsTheDeskPhoneAndTheForwardingNumberEvenWithForwardCallsOff() {
        var deeSip = "sip:dee-" + java.util.UUID.randomUUID().toString().substring(0, 8) + "@test.sip.telnyx.com";
        var dee = member(new java.util.HashMap<String, Object>(Map.of("name", "Dee", "phone_extension", "104", "sip_address", deeSip,
                "call_forwarding_enabled", false, "call_forwarding_number", "+17735550177", "simultaneous_ring_enabled", true,
                "ring_timeout_seconds", 15)));
        rule(Map.of("name", "Dee", "type", "SIMULTANEOUS", "member_ids", List.of(dee)));
        sim.phone(deeSip, new PhoneScript.NeverAnswer());
        sim.phone("+17735550177", new PhoneScript.NeverAnswer());
        var caller = sim.call("+17735550123", number);
        assertThat(legsTo(deeSip)).hasSize(1);
        assertThat(legsTo("+17735550177")).as("'Ring phone and forwarding number at once' is on").hasSize(1);
        caller.hangUp();
    }
}
