package dev.switchboard.calls;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.simulator.PhoneScript;
import dev.switchboard.simulator.SimClock;
import dev.switchboard.support.VirtualTimeCallTest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;

/**
 * The same call twice, in two companies: once delivered cleanly, once with every webhook delivered
 * twice and in swapped pairs. The faulty run must end exactly like the clean one: one call, the same
 * outcome, answerer, billable seconds and cost, each phone dialled once, one answer counted, and the
 * same journey-log entries (in any order: reordering may change the order things were learnt in).
 */
@Import(WebhookFaultsFlowTest.Noon.class)
class WebhookFaultsFlowTest extends VirtualTimeCallTest {

    @TestConfiguration
    static class Noon {
        @Bean
        @Primary
        SimClock faultsClock() {
            return new SimClock(Instant.parse("2026-11-25T18:00:00Z"));
        }
    }

    /** What a finished call left behind, for comparing two runs. */
    record Result(long calls, String outcome, String answeredBy, int billable, long cost, long annLegs, long bobLegs, long answersCounted,
            List<String> journey, int activeCalls) {
    }

    @Test
    void duplicatedAndReorderedWebhooksEndTheCallExactlyAsACleanDeliveryDoes() {
        int before = sim.deliveries().size();
        var clean = run(sim -> { });
        int cleanDeliveries = sim.deliveries().size() - before;
        var faulty = run(sim -> {
            sim.duplicateNextDeliveries(1000);
            sim.reorderNextDeliveries(1000);
        });
        int faultyDeliveries = sim.deliveries().size() - before - cleanDeliveries;
        assertThat(faultyDeliveries).as("every webhook of the faulty run was delivered twice").isEqualTo(2 * cleanDeliveries);
        assertThat(clean.outcome()).isEqualTo("ANSWERED");
        assertThat(clean.annLegs()).isEqualTo(1);
        assertThat(faulty.calls()).isEqualTo(1);
        assertThat(faulty).usingRecursiveComparison().ignoringFields("journey").isEqualTo(clean);
        assertThat(faulty.journey()).containsExactlyInAnyOrderElementsOf(clean.journey());
    }

    Result run(Consumer<dev.switchboard.simulator.TelnyxSimulator> faults) {
        newCompany("Faults Co " + UUID.randomUUID().toString().substring(0, 6));
        var tag = UUID.randomUUID().toString().substring(0, 8);
        var annSip = "sip:ann-" + tag + "@faults.sip.telnyx.com";
        var bobSip = "sip:bob-" + tag + "@faults.sip.telnyx.com";
        var ann = member("Ann", "101", annSip);
        var bob = member("Bob", "102", bobSip);
        var rule = owner.post("/api/v1/routing-rules", Map.of("name", "Everyone", "type", "SIMULTANEOUS", "member_ids", List.of(ann, bob),
                "ring_timeout_seconds", 20));
        assertThat(rule.status()).as(rule.body()).isEqualTo(201);
        sim.phone(annSip, PhoneScript.answerAfter(Duration.ofSeconds(3)));
        sim.phone(bobSip, PhoneScript.answerAfter(Duration.ofSeconds(8)));
        faults.accept(sim);
        var caller = sim.call("+17735550123", number);
        sim.advance(Duration.ofSeconds(3));
        sim.advance(Duration.ofSeconds(90));
        caller.hangUp();
        sim.advance(Duration.ofSeconds(5));
        sim.duplicateNextDeliveries(0);
        sim.reorderNextDeliveries(0);
        return inCompany(() -> {
            var c = company.value();
            var call = jdbc.sql("select * from calls where company_id = :c").param("c", c).query().singleRow();
            long calls = jdbc.sql("select count(*) from calls where company_id = :c").param("c", c).query(Long.class).single();
            var journey = new ArrayList<String>();
            jdbc.sql("select kind, detail from call_events where company_id = :c").param("c", c).query((rs, n) -> {
                var detail = rs.getString(2);
                // Leg ids, the business number, the members' addresses and the start time differ between runs.
                return rs.getString(1) + " " + (detail == null ? "" : detail.replaceAll("v3:[A-Za-z0-9_-]+", "<leg>")
                        .replace(number, "<number>").replace(tag, "<tag>").replaceAll(" on .+? \\(America/Chicago\\)", " on <time>"));
            }).list().forEach(journey::add);
            long answers = jdbc.sql("select coalesce(sum(calls_today), 0) from team_availability where company_id = :c").param("c", c)
                    .query(Long.class).single();
            int active = jdbc.sql("select coalesce(sum(active_calls), 0) from team_availability where company_id = :c").param("c", c)
                    .query(Integer.class).single();
            String answeredBy = call.get("answered_by") == null ? null : call.get("answered_by").toString().equals(ann) ? "Ann" : "Bob";
            return new Result(calls, (String) call.get("outcome"), answeredBy, ((Number) call.get("billable_seconds")).intValue(),
                    ((Number) call.get("cost_cents")).longValue(), sim.legs().stream().filter(l -> annSip.equals(l.to())).count(),
                    sim.legs().stream().filter(l -> bobSip.equals(l.to())).count(), answers, journey, active);
        });
    }

}
