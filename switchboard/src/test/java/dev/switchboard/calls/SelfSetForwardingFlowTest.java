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
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;

/**
 * A forwarding number an agent sets for themselves on My status rings on the very next call, as one an admin set would:
 * the routing reads it at once (the save drops the cached configuration), in virtual time.
 */
@Import(SelfSetForwardingFlowTest.VirtualTime.class)
class SelfSetForwardingFlowTest extends VirtualTimeCallTest {

    @TestConfiguration
    static class VirtualTime {
        @Bean
        @Primary
        SimClock virtualClock() {
            return new SimClock(Instant.parse("2026-11-25T18:00:00Z")); // Wednesday noon in Chicago
        }
    }

    @Test
    void aForwardingNumberTheAgentSetThemselvesRingsOnTheNextCall() {
        newCompanyWithAnnAndBob("Self Forwarding Co", 20);
        var rule = owner.post("/api/v1/routing-rules", Map.of("name", "Ann direct", "type", "DIRECT", "member_ids", List.of(ann)));
        assertThat(rule.status()).as(rule.body()).isEqualTo(201);
        sim.phone(annSip, PhoneScript.answerAfter(Duration.ofSeconds(2)));
        var cell = randomNumber("773");
        sim.phone(cell, PhoneScript.answerAfter(Duration.ofSeconds(3)));

        // A first call rings her desk phone, as the admin set it up.
        var first = sim.call("+17735550123", number);
        sim.advance(Duration.ofSeconds(3));
        assertThat(legsTo(annSip)).hasSize(1);
        first.hangUp();
        sim.advance(Duration.ofSeconds(1));

        // Ann forwards her calls to her cell on My status.
        var web = webLogin(owner.newUser("AGENT", ann).email(), "their-password");
        var saved = web.post("/me/forwarding", "callForwardingNumber", cell, "callForwardingEnabled", "true");
        assertThat(saved.status()).as(saved.body()).isEqualTo(302);

        var second = sim.call("+17735550124", number);
        sim.advance(Duration.ofSeconds(4));
        assertThat(legsTo(cell)).as("her cell rings").hasSize(1);
        assertThat(legsTo(cell).getFirst().state()).isEqualTo(Leg.State.ANSWERED);
        assertThat(legsTo(annSip)).as("instead of her desk phone: no new leg to it").hasSize(1);
        second.hangUp();
        sim.advance(Duration.ofSeconds(1));
        assertThat(call().get("outcome")).isEqualTo("ANSWERED");
        assertThat(call().get("answered_by").toString()).isEqualTo(ann);
    }
}
