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
 * A member's phone rings from the company's own number (the only caller id a call may send), and says who is calling by
 * the dial's caller id name: the customer's name, else the caller's number; for a call out, whom it calls. So too a
 * transfer's ring, of a call in or of a call out handed on.
 */
@Import(CallerDisplayFlowTest.Noon.class)
class CallerDisplayFlowTest extends VirtualTimeCallTest {

    @TestConfiguration
    static class Noon {
        @Bean
        @Primary
        SimClock callerDisplayClock() {
            return new SimClock(Instant.parse("2026-11-25T18:00:00Z"));
        }
    }

    String customer;

    @BeforeEach
    void company() {
        newCompanyWithAnnAndBob("Caller Display Co", 20);
        customer = randomNumber("773");
        var rule = owner.post("/api/v1/routing-rules", Map.of("name", "Ann", "type", "SIMULTANEOUS", "member_ids", List.of(ann)));
        assertThat(rule.status()).as(rule.body()).isEqualTo(201);
    }

    void aCustomer(String name) {
        var c = owner.post("/api/v1/customers", Map.of("name", name, "phone_numbers", List.of(customer)));
        assertThat(c.status()).as(c.body()).isEqualTo(201);
    }

    Leg annLeg() {
        return legsTo(annSip).getFirst();
    }

    @Test
    void aCustomersCallShowsTheirNameOnTheMembersPhone() {
        aCustomer("José O'Brien & Sons");
        sim.phone(annSip, PhoneScript.answerAfter(Duration.ofSeconds(3)));
        var caller = sim.call(customer, number);
        sim.advance(Duration.ofSeconds(1));
        assertThat(annLeg().from()).as("the company's number: the only one the call may send").isEqualTo(number);
        assertThat(annLeg().fromDisplayName()).isEqualTo("Jose OBrien Sons");
        caller.hangUp();
    }

    @Test
    void anUnknownCallersNumberIsShownAndATransfersRingShowsTheCallerToo() {
        sim.phone(annSip, PhoneScript.answerAfter(Duration.ofSeconds(2)));
        sim.phone(bobSip, PhoneScript.answerAfter(Duration.ofSeconds(2)));
        var caller = sim.call(customer, number);
        sim.advance(Duration.ofSeconds(5));
        assertThat(annLeg().fromDisplayName()).isEqualTo(customer);
        var transferred = owner.post("/api/v1/calls/" + call().get("id") + "/transfer", Map.of("member_id", bob));
        assertThat(transferred.status()).as(transferred.body()).isEqualTo(200);
        assertThat(legsTo(bobSip).getFirst().fromDisplayName()).as("Bob sees who he is being handed").isEqualTo(customer);
        caller.hangUp();
    }

    @Test
    void aCallOutShowsTheMemberWhomTheyCallAndItsTransferShowsTheColleagueWhoItIs() {
        aCustomer("Jane Doe");
        sim.phone(annSip, PhoneScript.answerAfter(Duration.ofSeconds(2)));
        sim.phone(customer, PhoneScript.answerAfter(Duration.ofSeconds(4)));
        var placed = owner.post("/api/v1/calls", Map.of("member_id", ann, "number", customer));
        assertThat(placed.status()).as(placed.body()).isEqualTo(201);
        assertThat(annLeg().fromDisplayName()).as("Ann's own phone, rung first, says whom she is calling").isEqualTo("Jane Doe");
        sim.advance(Duration.ofSeconds(10));
        assertThat(legsTo(customer).getFirst().fromDisplayName()).as("the customer's phone: our number, no name of ours").isNull();
        sim.phone(bobSip, PhoneScript.answerAfter(Duration.ofSeconds(2)));
        var transferred = owner.post("/api/v1/calls/" + placed.json().get("call_id").asString() + "/transfer", Map.of("member_id", bob));
        assertThat(transferred.status()).as(transferred.body()).isEqualTo(200);
        var bobLeg = legsTo(bobSip).getFirst();
        assertThat(bobLeg.from()).isEqualTo(number);
        assertThat(bobLeg.fromDisplayName()).as("Bob sees the customer, not just the company's number").isEqualTo("Jane Doe");
        sim.hangUpAnsweredPhone(legsTo(customer).getFirst().callControlId());
    }
}
