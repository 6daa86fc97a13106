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
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;

/** A transfer to an outside number, and a demo test call that presses digits through the REST API. */
@Import(TransferAndTestCallFlowTest.Noon.class)
class TransferAndTestCallFlowTest extends VirtualTimeCallTest {

    @TestConfiguration
    static class Noon {
        @Bean
        @Primary
        SimClock transferClock() {
            return new SimClock(Instant.parse("2026-11-25T18:00:00Z"));
        }
    }

    @BeforeEach
    void company() {
        newCompanyWithAnnAndBob("Transfer Co", 20);
    }

    @Test
    void anAnsweredCallIsTransferredToAnOutsideNumberAndThatLegIsBilledAtTheOutboundRate() {
        var rates = owner.put("/api/v1/phone-settings", Map.of("inbound_rate_cents_per_minute", 1, "outbound_rate_cents_per_minute", 10,
                "billing_increment_seconds", 60));
        assertThat(rates.status()).as(rates.body()).isEqualTo(200);
        var rule = owner.post("/api/v1/routing-rules", Map.of("name", "Ann", "type", "SIMULTANEOUS", "member_ids", List.of(ann)));
        assertThat(rule.status()).as(rule.body()).isEqualTo(201);
        sim.phone(annSip, PhoneScript.answerAfter(Duration.ofSeconds(2)));
        sim.phone("+17735550166", PhoneScript.answerAfter(Duration.ofSeconds(3)));
        var caller = sim.call("+17735550123", number);
        sim.advance(Duration.ofSeconds(2));
        var id = inCompany(() -> jdbc.sql("select id from calls where company_id = :c").param("c", company.value()).query(UUID.class).single());
        assertThat(owner.post("/api/v1/calls/" + id + "/transfer", Map.of("number", "not a number")).errorField()).isEqualTo("number");

        var transferred = owner.post("/api/v1/calls/" + id + "/transfer", Map.of("number", "(773) 555-0166"));
        assertThat(transferred.status()).as(transferred.body()).isEqualTo(200);
        assertThat(legsTo("+17735550166")).hasSize(1);
        sim.advance(Duration.ofSeconds(3));
        assertThat(caller.leg().bridgedWith()).isEqualTo(legsTo("+17735550166").getFirst().callControlId());
        assertThat(legsTo(annSip).getFirst().state()).as("Ann has handed the call over").isEqualTo(Leg.State.ENDED);
        assertThat(caller.state()).isEqualTo(Leg.State.ANSWERED);
        sim.advance(Duration.ofSeconds(90));
        caller.hangUp();
        sim.advance(Duration.ofSeconds(1));

        var log = owner.get("/api/v1/call-logs/" + id).json().get("call");
        assertThat(log.get("outcome").asString()).isEqualTo("ANSWERED");
        assertThat(log.get("transfers").size()).isEqualTo(1);
        assertThat(log.get("transfers").toString()).contains("+17735550166");
        int billable = log.get("billable_seconds").asInt();
        assertThat(billable).isEqualTo(120); // 95 s connected, in whole minutes
        // The caller's inbound minutes at 1 cent, and the outside leg's 90 s (two minutes) at 10 cents.
        assertThat(log.get("cost_cents").asLong()).isEqualTo(2 + 20);
        assertThat(activeCalls(ann)).isZero();
    }

    @Test
    void aMembersCellLegIsBilledUntilItEndedNotUntilTheCallEnded() {
        var rates = owner.put("/api/v1/phone-settings", Map.of("inbound_rate_cents_per_minute", 1, "outbound_rate_cents_per_minute", 10,
                "billing_increment_seconds", 60));
        assertThat(rates.status()).as(rates.body()).isEqualTo(200);
        var cy = member(Map.of("name", "Cy", "phone_extension", "103", "sip_address", "sip:cy-" + UUID.randomUUID().toString().substring(0, 8)
                + "@test.sip.telnyx.com", "call_forwarding_enabled", true, "call_forwarding_number", "+17735550188",
                "simultaneous_ring_enabled", false, "ring_timeout_seconds", 20));
        var rule = owner.post("/api/v1/routing-rules", Map.of("name", "Cy", "type", "SIMULTANEOUS", "member_ids", List.of(cy)));
        assertThat(rule.status()).as(rule.body()).isEqualTo(201);
        sim.phone("+17735550188", PhoneScript.answerAfter(Duration.ofSeconds(2)));
        sim.phone(bobSip, PhoneScript.answerAfter(Duration.ofSeconds(3)));
        var caller = sim.call("+17735550123", number);
        sim.advance(Duration.ofSeconds(2));
        var cell = legsTo("+17735550188").getFirst();
        assertThat(caller.leg().bridgedWith()).isEqualTo(cell.callControlId());
        sim.advance(Duration.ofSeconds(40));
        var id = call().get("id");
        assertThat(owner.post("/api/v1/calls/" + id + "/transfer", Map.of("member_id", bob)).status()).isEqualTo(200);
        sim.advance(Duration.ofSeconds(3)); // Bob answers; Cy's cell leg ends after about 43 s
        assertThat(cell.state()).isEqualTo(Leg.State.ENDED);
        sim.advance(Duration.ofMinutes(10));
        caller.hangUp();
        var log = owner.get("/api/v1/call-logs/" + id).json().get("call");
        int billable = log.get("billable_seconds").asInt();
        assertThat(billable).isGreaterThan(600);
        // The caller's minutes at 1 cent, and Cy's cell leg's one minute (not the call's eleven) at 10 cents.
        assertThat(log.get("cost_cents").asLong()).isEqualTo(billable / 60 + 10);
    }

    @Test
    void aDemoTestCallPressesDigitsThroughTheApi() {
        var menu = owner.post("/api/v1/ivr-menus", Map.of("name", "Main", "greeting_text", "Press 2 for Bob.",
                "options", Map.of("2", Map.of("kind", "MEMBER", "member_id", bob)), "timeout_seconds", 5, "max_retries", 2));
        assertThat(menu.status()).as(menu.body()).isEqualTo(201);
        var rule = owner.post("/api/v1/routing-rules", Map.of("name", "Menu", "type", "IVR", "ivr_menu_id", menu.json().get("menu").get("id").asString()));
        assertThat(rule.status()).as(rule.body()).isEqualTo(201);
        sim.phone(bobSip, PhoneScript.answerAfter(Duration.ofSeconds(1)));
        var placed = owner.post("/api/v1/simulator/calls", Map.of("from", "+17735550123", "to", number));
        assertThat(placed.status()).as(placed.body()).isEqualTo(201);
        var id = placed.json().get("id").asString();
        assertThat(placed.json().get("heard").toString()).contains("Press 2 for Bob.");

        assertThat(owner.post("/api/v1/simulator/calls/" + id + "/digits", Map.of("digits", "2; drop")).errorField()).isEqualTo("digits");
        assertThat(legsTo(bobSip)).isEmpty();
        var pressed = owner.post("/api/v1/simulator/calls/" + id + "/digits", Map.of("digits", "2"));
        assertThat(pressed.status()).as(pressed.body()).isEqualTo(200);
        assertThat(legsTo(bobSip)).hasSize(1);
        sim.advance(Duration.ofSeconds(1));
        assertThat(legsTo(bobSip).getFirst().state()).isEqualTo(Leg.State.ANSWERED);
        var other = api().signUpNewCompany("Other Transfer Co");
        assertThat(other.post("/api/v1/simulator/calls/" + id + "/digits", Map.of("digits", "1")).status()).isEqualTo(404);
        assertThat(owner.post("/api/v1/simulator/calls/" + id + "/hangup", Map.of()).json().get("state").asString()).isEqualTo("ENDED");
        assertThat(owner.get("/api/v1/call-logs").json().get(0).get("answered_by").asString()).isEqualTo(bob);
    }
}
