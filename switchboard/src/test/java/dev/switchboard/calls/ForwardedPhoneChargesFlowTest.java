package dev.switchboard.calls;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.simulator.PhoneScript;
import dev.switchboard.simulator.SimClock;
import dev.switchboard.support.VirtualTimeCallTest;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;

/**
 * A member's cell asked to press 1, or waited on for the carrier's machine detection, is connected (and billed by the
 * carrier) from its pickup, whether or not it then answers for the call. A call's cost counted such a leg from the key
 * press (the question's seconds left out), or not at all when nobody pressed or a machine answered (found by a probe of
 * the call log's values). Rates here: inbound 2 cents a minute, outbound 6.
 */
@Import(ForwardedPhoneChargesFlowTest.Noon.class)
class ForwardedPhoneChargesFlowTest extends VirtualTimeCallTest {

    @TestConfiguration
    static class Noon {
        @Bean
        @Primary
        SimClock chargesClock() {
            return new SimClock(Instant.parse("2026-11-25T18:00:00Z")); // Wednesday noon in Chicago
        }
    }

    @BeforeEach
    void company() {
        newCompanyWithAnnAndBob("Forwarded Charges Co", 20);
    }

    void rates(int increment) {
        var r = owner.put("/api/v1/phone-settings", Map.of("inbound_rate_cents_per_minute", 2, "outbound_rate_cents_per_minute", 6,
                "billing_increment_seconds", increment));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
    }

    /** Maria: her calls forwarded to her cell only, asked to press 1. */
    String mariaConfirming(String cell) {
        var maria = member(new HashMap<String, Object>(Map.of("name", "Maria", "phone_extension", "103", "call_forwarding_enabled", true,
                "call_forwarding_number", cell, "simultaneous_ring_enabled", false, "confirm_forwarded_calls", true,
                "ring_timeout_seconds", 25)));
        var rule = owner.post("/api/v1/routing-rules", Map.of("name", "Maria", "type", "SIMULTANEOUS", "member_ids", List.of(maria)));
        assertThat(rule.status()).as(rule.body()).isEqualTo(201);
        return maria;
    }

    long cost() {
        return ((Number) call().get("cost_cents")).longValue();
    }

    @Test
    void aCellThatPressesOneIsBilledFromItsPickupNotFromTheKey() {
        rates(1);
        var cell = randomNumber("630");
        mariaConfirming(cell);
        sim.phone(cell, PhoneScript.answerThenPress(Duration.ofSeconds(3), "1"));
        var caller = sim.call(randomNumber("773"), number);
        sim.advance(Duration.ofSeconds(60));
        caller.hangUp();
        sim.advance(Duration.ofSeconds(1));
        assertThat(call().get("outcome")).isEqualTo("ANSWERED");
        // The caller connected 60 s: 2 cents. The cell picked up at 3 s and was asked; it pressed 1 about 7.6 s later:
        // 57 s at 6 cents a minute is 5.7, 6 cents (from the key, 49.4 s: 5 cents, 7 in all).
        assertThat(cost()).as(trace()).isEqualTo(8);
    }

    @Test
    void aCellWhoseVoicemailTookTheQuestionIsBilledAllTheSame() {
        rates(60);
        var cell = randomNumber("630");
        mariaConfirming(cell);
        sim.phone(cell, PhoneScript.answerAfter(Duration.ofSeconds(3)));
        var caller = sim.call(randomNumber("773"), number);
        sim.advance(Duration.ofSeconds(60));
        until(caller, "(beep)"::equals);
        caller.hangUp();
        sim.advance(Duration.ofSeconds(1));
        // Nobody pressed 1: the cell was hung up after some 17 s connected (one minute at 6 cents), the caller went to
        // voicemail (one minute at 2): 8 cents, where the cell was counted as nothing (2).
        assertThat(cost()).as(trace()).isEqualTo(8);
    }

    @Test
    void aClickToCallWhoseCellVoicemailAnsweredIsBilledForThatCell() {
        rates(60);
        assertThat(owner.put("/api/v1/phone-settings", Map.of("detect_answering_machines", true)).status()).isEqualTo(200);
        var cell = randomNumber("630");
        var r = owner.mergePatch("/api/v1/members/" + ann, Map.of("call_forwarding_enabled", true, "call_forwarding_number", cell,
                "simultaneous_ring_enabled", false));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        sim.phone(cell, PhoneScript.machine(Duration.ofSeconds(3)));
        var placed = owner.post("/api/v1/calls", Map.of("member_id", ann, "number", randomNumber("773")));
        assertThat(placed.status()).as(placed.body()).isEqualTo(201);
        sim.advance(Duration.ofSeconds(30));
        // Ann's voicemail answered her cell (the number was never dialled): a few seconds connected, one minute at 6 cents.
        assertThat(call().get("ended_at")).isNotNull();
        assertThat(cost()).as(trace()).isEqualTo(6);
    }

    @Test
    void aClickToCallCellHungUpForTheDeskPhoneIsBilledFromItsAnswerHeardLate() {
        // Found by RandomOutboundScenariosTest seeds 304454 and 304485, checking each leg's billing against the carrier's own
        // answer: Ann's cell picked up at 3 s, its answer delivered only at 11 s; her desk phone answered at 5 s and the
        // cell, taken for still ringing, was hung up. The carrier billed it 2 s; the call's cost left it out.
        rates(1);
        var cell = randomNumber("630");
        var r = owner.mergePatch("/api/v1/members/" + ann, Map.of("call_forwarding_enabled", true, "call_forwarding_number", cell,
                "simultaneous_ring_enabled", true));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        var customer = randomNumber("773");
        sim.phone(annSip, PhoneScript.answerAfter(Duration.ofSeconds(5)));
        sim.phone(cell, PhoneScript.answerAfter(Duration.ofSeconds(3)));
        sim.phone(customer, PhoneScript.answerAfter(Duration.ofSeconds(2)));
        sim.delayNextDeliveries(1, Duration.ofSeconds(8), "call.answered", null);
        var placed = owner.post("/api/v1/calls", Map.of("member_id", ann, "number", customer));
        assertThat(placed.status()).as(placed.body()).isEqualTo(201);
        sim.advance(Duration.ofSeconds(20));
        assertThat(legsTo(cell).getFirst().state()).isEqualTo(dev.switchboard.simulator.Leg.State.ENDED);
        assertThat(legsTo(customer)).as("dialled once her desk phone answered").hasSize(1);
        sim.hangUpAnsweredPhone(legsTo(customer).getFirst().callControlId());
        sim.advance(Duration.ofSeconds(1));
        assertThat(call().get("outcome")).isEqualTo("ANSWERED");
        // The customer, answered at 7 s, talked until 20 s: 13 s at 6 cents a minute, 1.3, 2 cents. Ann's cell, 3 s to 5 s:
        // 0.2, 1 cent. The call's own time is read from its row, the cell's from the carrier's answer and hangup.
        var row = call();
        long talked = CallCharges.billable(Duration.between(((java.sql.Timestamp) row.get("connected_at")).toInstant(),
                ((java.sql.Timestamp) row.get("ended_at")).toInstant()), 1);
        assertThat(talked).isEqualTo(13);
        assertThat(cost()).as(trace()).isEqualTo(2 + 1);
    }
}
