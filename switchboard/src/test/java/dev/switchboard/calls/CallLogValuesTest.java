package dev.switchboard.calls;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.simulator.Leg;
import dev.switchboard.simulator.PhoneScript;
import dev.switchboard.simulator.SimClock;
import dev.switchboard.support.VirtualTimeCallTest;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;

/**
 * Values of the call log a review found wrong: billable time rounded up from the carrier's microseconds, a caller
 * hung up on after waiting (a queue's maximum wait, a menu's last try) is missed, not refused; a click-to-call
 * to a customer carries their open job; a number two customers share is logged with the tags it was routed by.
 */
@Import(CallLogValuesTest.VirtualTime.class)
class CallLogValuesTest extends VirtualTimeCallTest {

    @TestConfiguration
    static class VirtualTime {
        @Bean
        @Primary
        SimClock virtualClock() {
            return new SimClock(Instant.parse("2026-11-25T18:00:00Z")); // Wednesday noon in Chicago
        }
    }

    @Autowired
    CallLogs logs;

    String ann;
    String annSip;

    @BeforeEach
    void company() {
        newCompany("Call Log Values Co");
        annSip = "sip:ann-" + UUID.randomUUID().toString().substring(0, 8) + "@probe.sip.telnyx.com";
        var r = owner.post("/api/v1/members", Map.of("name", "Ann", "phone_extension", "101", "sip_address", annSip, "ring_timeout_seconds", 20));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        ann = r.json().get("id").asString();
    }

    void rule(Map<String, Object> body) {
        var r = owner.post("/api/v1/routing-rules", body);
        assertThat(r.status()).as(r.body()).isEqualTo(201);
    }

    void rates(int increment) {
        var r = owner.put("/api/v1/phone-settings", Map.of("inbound_rate_cents_per_minute", 1, "outbound_rate_cents_per_minute", 3,
                "billing_increment_seconds", increment));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
    }

    @Test
    void aFractionOfASecondPastAnIncrementIsBilledAsTheNextIncrement() {
        rates(60);
        rule(Map.of("name", "Ann", "type", "SIMULTANEOUS", "member_ids", List.of(ann), "ring_timeout_seconds", 20));
        sim.phone(annSip, PhoneScript.answerAfter(Duration.ofSeconds(2)));
        var caller = sim.call("+17735550123", number);
        sim.advance(Duration.ofSeconds(2));
        sim.advance(Duration.ofMillis(58_500)); // connected 60.5 s
        caller.hangUp();
        var row = call();
        assertThat(((Number) row.get("billable_seconds")).intValue()).as("60.5 s rounded up to 60 s increments").isEqualTo(120);
        assertThat(((Number) row.get("cost_cents")).intValue()).isEqualTo(2);
    }

    @Test
    void anAnswerTheCallerLeftWithinASecondIsBilledOneIncrement() {
        rates(60);
        rule(Map.of("name", "Ann", "type", "SIMULTANEOUS", "member_ids", List.of(ann), "ring_timeout_seconds", 20));
        var caller = sim.call("+17735550123", number);
        sim.advance(Duration.ofMillis(900));
        caller.hangUp();
        var row = call();
        assertThat(row.get("connected_at")).isNotNull();
        assertThat(((Number) row.get("billable_seconds")).intValue()).as("0.9 s connected, rounded up").isEqualTo(60);
    }

    @Test
    void aQueueCallerHungUpOnAtTheMaximumWaitIsMissed() {
        var body = new HashMap<String, Object>(Map.of("name", "Support", "strategy", "FIXED_ORDER", "member_ids", List.of(ann),
                "ring_timeout_seconds", 15, "join_when_empty", true, "max_wait_seconds", 60,
                "max_wait_target", Map.of("kind", "HANGUP", "message", "Sorry, all agents are still busy. Goodbye.")));
        var q = owner.post("/api/v1/queues", body);
        assertThat(q.status()).as(q.body()).isEqualTo(201);
        rule(Map.of("name", "Queue", "type", "BUSINESS_HOURS",
                "open_target", Map.of("kind", "QUEUE", "queue_id", q.json().get("id").asString()), "closed_target", Map.of("kind", "VOICEMAIL")));
        assertThat(owner.put("/api/v1/members/" + ann + "/status", Map.of("status", "AWAY")).status()).isEqualTo(200);
        var caller = sim.call("+17735550123", number);
        sim.advance(Duration.ofSeconds(30));
        assertThat(call().get("phase")).isEqualTo("QUEUED");
        sim.advance(Duration.ofSeconds(40));
        assertThat(caller.state()).isEqualTo(Leg.State.ENDED);
        assertThat(call().get("outcome")).as("waited 60 s for an agent: nobody took the call").isEqualTo("MISSED");
        var summary = inCompany(() -> logs.summary(Instant.parse("2026-11-25T00:00:00Z"), Instant.parse("2026-11-26T00:00:00Z")));
        assertThat(summary.missed()).isEqualTo(1);
    }

    @Test
    void aMenuCallerHungUpOnAfterTheLastTryIsMissed() {
        var menu = owner.post("/api/v1/ivr-menus", Map.of("name", "Main", "greeting_text", "Press 1 for sales.",
                "options", Map.of("1", Map.of("kind", "MEMBER", "member_id", ann)), "timeout_seconds", 5, "max_retries", 0,
                "timeout_target", Map.of("kind", "HANGUP", "message", "We did not hear a choice. Goodbye.")));
        assertThat(menu.status()).as(menu.body()).isEqualTo(201);
        rule(Map.of("name", "Menu", "type", "IVR", "ivr_menu_id", menu.json().get("menu").get("id").asString()));
        var caller = sim.call("+17735550123", number);
        sim.advance(Duration.ofSeconds(30));
        assertThat(caller.state()).isEqualTo(Leg.State.ENDED);
        assertThat(call().get("outcome")).isEqualTo("MISSED");
    }

    @Test
    void aClickToCallToACustomerCarriesTheirOpenJob() {
        var customer = owner.post("/api/v1/customers", Map.of("name", "Ada", "phone_numbers", List.of("+17735550177")));
        assertThat(customer.status()).as(customer.body()).isEqualTo(201);
        var customerId = customer.json().get("id").asString();
        var job = owner.post("/api/v1/jobs", Map.of("customer_id", customerId, "title", "Fix boiler", "status", "SCHEDULED"));
        assertThat(job.status()).as(job.body()).isEqualTo(201);
        sim.phone(annSip, PhoneScript.answerAfter(Duration.ofSeconds(2)));
        sim.phone("+17735550177", PhoneScript.answerAfter(Duration.ofSeconds(3)));
        var placed = owner.post("/api/v1/calls", Map.of("member_id", ann, "number", "+17735550177"));
        assertThat(placed.status()).as(placed.body()).isEqualTo(201);
        sim.advance(Duration.ofSeconds(20));
        assertThat(sim.handle("POST", "/v2/calls/" + legsTo(annSip).getLast().callControlId() + "/actions/hangup", "{}").status()).isEqualTo(200);
        var out = call();
        assertThat(out.get("direction")).isEqualTo("OUTBOUND");
        assertThat(out.get("customer_id")).hasToString(customerId);
        assertThat(out.get("job_id")).hasToString(job.json().get("id").asString());
    }

    @Test
    void aNumberTwoCustomersShareIsLoggedWithTheTagsItWasRoutedBy() {
        var older = owner.post("/api/v1/customers", Map.of("name", "Home line", "phone_numbers", List.of("+17735550188")));
        assertThat(older.status()).as(older.body()).isEqualTo(201);
        sim.advance(Duration.ofSeconds(1));
        var vip = owner.post("/api/v1/customers", Map.of("name", "Big Client", "phone_numbers", List.of("+17735550188"), "tags", List.of("VIP")));
        assertThat(vip.status()).as(vip.body()).isEqualTo(201);
        rule(Map.of("name", "VIP line", "type", "CONDITIONAL", "conditions", Map.of("customer_tag", "VIP"),
                "match_target", Map.of("kind", "MEMBER", "member_id", ann)));
        sim.phone(annSip, PhoneScript.answerAfter(Duration.ofSeconds(2)));
        var caller = sim.call("+17735550188", number);
        sim.advance(Duration.ofSeconds(5));
        caller.hangUp();
        var row = call();
        assertThat(row.get("answered_by")).hasToString(ann);
        assertThat(row.get("customer_id")).as("the first customer with the number").hasToString(older.json().get("id").asString());
        var log = owner.get("/api/v1/call-logs/" + row.get("id")).json().get("call");
        assertThat(log.get("tags").toString()).as("the tag the call was routed by").contains("VIP");
    }
}
