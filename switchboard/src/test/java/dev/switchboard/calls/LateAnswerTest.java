package dev.switchboard.calls;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.simulator.PhoneScript;
import dev.switchboard.simulator.SimClock;
import dev.switchboard.support.VirtualTimeCallTest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;

/** Webhooks out of order around a member answering: found by a randomized run of call scenarios (seed 5131), minimized. */
@Import(LateAnswerTest.Noon.class)
class LateAnswerTest extends VirtualTimeCallTest {

    @TestConfiguration
    static class Noon {
        @Bean
        @Primary
        SimClock findingsClock() {
            return new SimClock(Instant.parse("2026-11-25T18:00:00Z"));
        }
    }

    /**
     * Ann answers at 5 s and talks to the caller for a second; her call.answered webhook comes 3 s late (after
     * her call.hangup, which is on time: out of order, as Telnyx may deliver). She did answer: the call is hers.
     */
    @Test
    void aMembersAnswerDeliveredAfterHerHangupStillMakesTheCallAnswered() {
        newCompanyWithAnnAndBob("Late Answer Co", 20);
        var rule = owner.post("/api/v1/routing-rules", Map.of("name", "Rotation", "type", "ROUND_ROBIN", "member_ids", List.of(ann, bob),
                "ring_timeout_seconds", 20));
        assertThat(rule.status()).as(rule.body()).isEqualTo(201);
        sim.phone(annSip, PhoneScript.answerAfter(Duration.ofSeconds(5)));
        sim.phone(bobSip, new PhoneScript.NeverAnswer());
        var caller = sim.call("+17735550123", number);
        assertThat(legsTo(annSip)).hasSize(1);
        sim.delayNextDeliveries(1, Duration.ofSeconds(3), "call.answered"); // Ann's answer, only
        sim.advance(Duration.ofSeconds(6));
        assertThat(sim.deliveries().stream().filter(d -> d.legId().equals(legsTo(annSip).getFirst().callControlId()))
                .map(d -> d.eventType()).toList()).as("nothing about Ann's answer yet").doesNotContain("call.answered");
        caller.hangUp(); // at 6 s: Ann had been on the line with the caller for a second
        sim.advance(Duration.ofSeconds(5)); // Ann's call.answered arrives at 8 s
        sim.advance(Duration.ofMinutes(1));
        var log = call();
        assertThat(log.get("outcome")).as("Ann answered the caller").isEqualTo("ANSWERED");
        assertThat(String.valueOf(log.get("answered_by"))).isEqualTo(ann);
        assertThat(activeCalls(ann)).isZero();
    }

    /**
     * The reverse: Ann picks up at 10 s, after the caller hung up at 8 s, but the caller's hangup is delivered late
     * (after her answer). Nobody talked to the caller: the call is missed, not answered by Ann. (Found by the
     * randomized run, seed 2118, in a queue.)
     */
    @Test
    void aMemberWhoPicksUpAfterTheCallerHungUpDidNotAnswerEvenIfTheHangupIsDeliveredLast() {
        newCompanyWithAnnAndBob("Early Hangup Co", 20);
        var cell = randomNumber("773");
        var put = owner.put("/api/v1/members/" + ann, Map.of("name", "Ann", "phone_extension", "101", "sip_address", annSip,
                "call_forwarding_number", cell, "simultaneous_ring_enabled", true));
        assertThat(put.status()).as(put.body()).isEqualTo(200);
        var rule = owner.post("/api/v1/routing-rules", Map.of("name", "Ann", "type", "SIMULTANEOUS", "member_ids", List.of(ann),
                "ring_timeout_seconds", 20));
        assertThat(rule.status()).as(rule.body()).isEqualTo(201);
        sim.phone(annSip, PhoneScript.answerAfter(Duration.ofSeconds(10)));
        sim.phone(cell, new PhoneScript.NeverAnswer());
        var caller = sim.call("+17735550123", number);
        sim.advance(Duration.ofSeconds(8));
        sim.delayNextDeliveries(1, Duration.ofSeconds(5), "call.hangup"); // the caller's hangup, delivered at 13 s
        caller.hangUp();
        sim.advance(Duration.ofMinutes(1));
        var log = call();
        assertThat(log.get("outcome")).isEqualTo("MISSED");
        assertThat(log.get("answered_by")).isNull();
        assertThat(activeCalls(ann)).isZero();
    }
}
