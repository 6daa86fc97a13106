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
 * "Ring the caller's technician first", end to end through the simulator: a customer calling about an open job
 * assigned to Sam (who is not in the office's rule) rings Sam alone first, then the rule's members (Ann and Bob).
 */
@Import(TechnicianFirstFlowTest.Noon.class)
class TechnicianFirstFlowTest extends VirtualTimeCallTest {

    static final String JANE = "+17735550123";

    @TestConfiguration
    static class Noon {
        @Bean
        @Primary
        SimClock technicianClock() {
            return new SimClock(Instant.parse("2026-11-25T18:00:00Z")); // Wednesday noon in Chicago
        }
    }

    String sam;
    String samSip;
    String rule;
    String customer;
    String job;

    @BeforeEach
    void company() {
        newCompanyWithAnnAndBob("Plumbing Co", 15);
        samSip = "sip:sam-" + java.util.UUID.randomUUID().toString().substring(0, 8) + "@test.sip.telnyx.com";
        sam = member(Map.of("name", "Sam Okafor", "phone_extension", "103", "sip_address", samSip, "ring_timeout_seconds", 20));
        var r = owner.post("/api/v1/routing-rules", Map.of("name", "Office", "type", "SIMULTANEOUS", "member_ids", List.of(ann, bob),
                "ring_timeout_seconds", 15, "assigned_member_first", true));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        assertThat(r.json().get("rule").get("assigned_member_first").asBoolean()).isTrue();
        rule = r.json().get("rule").get("id").asString();
        var c = owner.post("/api/v1/customers", Map.of("name", "Jane Doe", "phone_numbers", List.of(JANE)));
        assertThat(c.status()).as(c.body()).isEqualTo(201);
        customer = c.json().get("id").asString();
        var j = owner.post("/api/v1/jobs", Map.of("customer_id", customer, "title", "Water heater", "status", "SCHEDULED",
                "assigned_member_id", sam));
        assertThat(j.status()).as(j.body()).isEqualTo(201);
        job = j.json().get("id").asString();
    }

    @Test
    void theTechniciansPhoneRingsAloneFirstAndTheirAnswerIsLoggedWithTheCustomerAndJob() {
        sim.phone(samSip, PhoneScript.answerAfter(Duration.ofSeconds(3)));
        sim.phone(annSip, PhoneScript.answerAfter(Duration.ofSeconds(1)));
        sim.phone(bobSip, PhoneScript.answerAfter(Duration.ofSeconds(1)));
        var caller = sim.call(JANE, number);
        assertThat(legsTo(samSip)).hasSize(1);
        assertThat(legsTo(annSip)).as("Sam alone first").isEmpty();
        assertThat(legsTo(bobSip)).isEmpty();
        sim.advance(Duration.ofSeconds(3));
        assertThat(caller.leg().bridgedWith()).isEqualTo(legsTo(samSip).getFirst().callControlId());
        caller.hangUp();
        var row = call();
        assertThat(row.get("outcome")).isEqualTo("ANSWERED");
        assertThat(row.get("answered_by").toString()).isEqualTo(sam);
        assertThat(row.get("customer_id").toString()).isEqualTo(customer);
        assertThat(row.get("job_id").toString()).isEqualTo(job);
        assertThat(row.get("rule_id").toString()).isEqualTo(rule);
        assertThat(legsTo(annSip)).isEmpty();
        assertThat(trace()).contains("caller is customer 'Jane Doe' with open job 'Water heater' assigned to Sam Okafor: ringing Sam Okafor first");
    }

    /**
     * A call Sam took, transferred to the office's rule, rings the office, not Sam first again: the trace said the caller
     * "has no open job" though it named her job lines before (found by a walk of the demo). It says a transfer is why.
     */
    @Test
    void aTransferToTheRuleRingsItsMembersSayingTheTransferIsWhyTheTechnicianIsNotFirst() {
        sim.phone(samSip, PhoneScript.answerAfter(Duration.ofSeconds(1)));
        sim.phone(annSip, new PhoneScript.NeverAnswer());
        sim.phone(bobSip, new PhoneScript.NeverAnswer());
        var caller = sim.call(JANE, number);
        sim.advance(Duration.ofSeconds(2));
        assertThat(caller.leg().bridgedWith()).isEqualTo(legsTo(samSip).getFirst().callControlId());
        var moved = owner.post("/api/v1/calls/" + call().get("id") + "/transfer", Map.of("rule_id", rule));
        assertThat(moved.status()).as(moved.body()).isEqualTo(200);
        assertThat(legsTo(annSip)).hasSize(1);
        assertThat(trace()).contains("rule 'Office' rings the caller's technician first, but not for a transfer, which goes where it is sent")
                .doesNotContain("the caller has no open job");
        caller.hangUp();
    }

    @Test
    void whenTheTechnicianDoesNotAnswerTheRulesMembersRingNext() {
        sim.phone(samSip, new PhoneScript.NeverAnswer());
        sim.phone(annSip, new PhoneScript.NeverAnswer());
        sim.phone(bobSip, PhoneScript.answerAfter(Duration.ofSeconds(2)));
        var caller = sim.call(JANE, number);
        assertThat(legsTo(samSip)).hasSize(1);
        sim.advance(Duration.ofSeconds(19));
        assertThat(legsTo(annSip)).as("still Sam's 20 s").isEmpty();
        sim.advance(Duration.ofSeconds(2));
        assertThat(legsTo(samSip).getFirst().state()).isEqualTo(Leg.State.ENDED);
        assertThat(legsTo(annSip)).hasSize(1);
        assertThat(legsTo(bobSip)).hasSize(1);
        assertThat(legsTo(samSip)).as("not rung again with the others").hasSize(1);
        sim.advance(Duration.ofSeconds(2));
        assertThat(caller.leg().bridgedWith()).isEqualTo(legsTo(bobSip).getFirst().callControlId());
        caller.hangUp();
        assertThat(call().get("outcome")).isEqualTo("ANSWERED");
        assertThat(call().get("answered_by").toString()).isEqualTo(bob);
        assertThat(call().get("job_id").toString()).isEqualTo(job);
    }

    @Test
    void aTechnicianOnVacationIsSkippedWithTheReasonAndTheRuleRingsAsUsual() {
        var set = owner.put("/api/v1/members/" + sam + "/vacation", Map.of("start_date", "2026-11-20", "end_date", "2026-11-30",
                "message", "Sam is away.", "auto_reply_enabled", false));
        assertThat(set.status()).as(set.body()).isEqualTo(200);
        sim.phone(samSip, PhoneScript.answerAfter(Duration.ofSeconds(1)));
        sim.phone(annSip, PhoneScript.answerAfter(Duration.ofSeconds(2)));
        sim.phone(bobSip, new PhoneScript.NeverAnswer());
        var caller = sim.call(JANE, number);
        assertThat(legsTo(samSip)).isEmpty();
        assertThat(legsTo(annSip)).hasSize(1);
        assertThat(legsTo(bobSip)).hasSize(1);
        sim.advance(Duration.ofSeconds(2));
        caller.hangUp();
        assertThat(call().get("answered_by").toString()).isEqualTo(ann);
        assertThat(trace()).contains("not ringing Sam Okafor first").contains("skipped Sam Okafor: on vacation")
                .contains("rule 'Office' as usual");
    }

    @Test
    void aCallerWhoIsNoCustomerGetsTheRulesPlan() {
        sim.phone(samSip, PhoneScript.answerAfter(Duration.ofSeconds(1)));
        sim.phone(annSip, PhoneScript.answerAfter(Duration.ofSeconds(2)));
        sim.phone(bobSip, new PhoneScript.NeverAnswer());
        var caller = sim.call("+17735550999", number);
        assertThat(legsTo(samSip)).isEmpty();
        assertThat(legsTo(annSip)).hasSize(1);
        assertThat(legsTo(bobSip)).hasSize(1);
        sim.advance(Duration.ofSeconds(2));
        caller.hangUp();
        assertThat(call().get("answered_by").toString()).isEqualTo(ann);
        assertThat(call().get("customer_id")).isNull();
        assertThat(trace()).contains("the caller is not a known customer");
    }

    @Test
    void withTheOptionOffTheRuleRingsAsBefore() {
        var off = owner.put("/api/v1/routing-rules/" + rule, Map.of("name", "Office", "type", "SIMULTANEOUS", "member_ids", List.of(ann, bob),
                "ring_timeout_seconds", 15, "assigned_member_first", false));
        assertThat(off.status()).as(off.body()).isEqualTo(200);
        sim.phone(samSip, PhoneScript.answerAfter(Duration.ofSeconds(1)));
        sim.phone(annSip, PhoneScript.answerAfter(Duration.ofSeconds(2)));
        sim.phone(bobSip, new PhoneScript.NeverAnswer());
        var caller = sim.call(JANE, number);
        assertThat(legsTo(samSip)).isEmpty();
        assertThat(legsTo(annSip)).hasSize(1);
        sim.advance(Duration.ofSeconds(2));
        caller.hangUp();
        assertThat(call().get("answered_by").toString()).isEqualTo(ann);
        assertThat(call().get("job_id").toString()).as("still linked to the job").isEqualTo(job);
        assertThat(trace()).doesNotContain("technician").doesNotContain("open job");
    }

    @Test
    void theSimulationShowsTheTechnicianFirstForTheCustomersNumber() {
        var r = owner.post("/api/v1/routing/simulate", Map.of("from", JANE, "to", number));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        var action = r.json().get("action");
        assertThat(action.get("type").asString()).isEqualTo("ring_members");
        assertThat(action.get("rings").get(0).get("member_id").asString()).isEqualTo(sam);
        assertThat(action.get("rings")).hasSize(1);
        assertThat(action.get("no_answer").get("rings")).hasSize(2);
        assertThat(r.json().get("trace").toString())
                .contains("caller is customer 'Jane Doe' with open job 'Water heater' assigned to Sam Okafor: ringing Sam Okafor first");
    }

    @Test
    void onlyRoundRobinAndSimultaneousRulesTakeTheOptionAndTheAuditLogHasIt() {
        var direct = owner.post("/api/v1/routing-rules", Map.of("name", "Just Ann", "type", "DIRECT", "member_ids", List.of(ann),
                "assigned_member_first", true));
        assertThat(direct.status()).as(direct.body()).isEqualTo(422);
        assertThat(direct.body()).contains("assigned_member_first")
                .contains("only round-robin and simultaneous rules can ring the caller's technician first (this rule is DIRECT)");
        var turns = owner.post("/api/v1/routing-rules", Map.of("name", "In turns", "type", "ROUND_ROBIN", "member_ids", List.of(ann, bob),
                "assigned_member_first", true));
        assertThat(turns.status()).as(turns.body()).isEqualTo(201);
        var listed = owner.get("/api/v1/routing-rules/" + rule);
        assertThat(listed.json().get("assigned_member_first").asBoolean()).as(listed.body()).isTrue();
        var audit = inCompany(() -> jdbc.sql("select count(*) from audit_log where company_id = :c and entity_type = 'routing_rule'"
                + " and after ->> 'assigned_member_first' = 'true'").param("c", company.value()).query(Integer.class).single());
        assertThat(audit).isGreaterThanOrEqualTo(2);
    }

    /** Demo Plumbing: Robert Chen's open job is Sam Okafor's, and the Office rule rings the caller's technician first. */
    @Test
    void inTheDemoCompanyRobertChensCallRingsTheOnCallTechnicianFirst() {
        var demo = api().login("owner@demo.test", "demo");
        var r = demo.post("/api/v1/routing/simulate", Map.of("from", "+13125550151", "to", "+13125550100", "at", "2026-11-25T18:00:00Z"));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.json().get("trace").toString()).contains("rule 'Office' (Everyone at once, priority 2) applies")
                .contains("caller is customer 'Robert Chen' with open job 'Leaking kitchen faucet' assigned to Sam Okafor");
    }

    /** Of several open jobs, the call is about the one most recently updated (here: assigned to Bob after a newer job was made). */
    @Test
    void ofSeveralOpenJobsTheMostRecentlyUpdatedOneDecidesWhoRingsFirst() {
        sim.advance(Duration.ofMinutes(1));
        var newer = owner.post("/api/v1/jobs", Map.of("customer_id", customer, "title", "Drain check", "status", "OPEN"));
        assertThat(newer.status()).as(newer.body()).isEqualTo(201);
        sim.advance(Duration.ofMinutes(1));
        var reassigned = owner.put("/api/v1/jobs/" + job, Map.of("customer_id", customer, "title", "Water heater", "status", "IN_PROGRESS",
                "assigned_member_id", bob));
        assertThat(reassigned.status()).as(reassigned.body()).isEqualTo(200);
        sim.phone(bobSip, PhoneScript.answerAfter(Duration.ofSeconds(1)));
        sim.phone(annSip, new PhoneScript.NeverAnswer());
        var caller = sim.call(JANE, number);
        assertThat(legsTo(bobSip)).hasSize(1);
        assertThat(legsTo(annSip)).as("Bob alone first").isEmpty();
        sim.advance(Duration.ofSeconds(1));
        caller.hangUp();
        assertThat(call().get("answered_by").toString()).isEqualTo(bob);
        assertThat(call().get("job_id").toString()).isEqualTo(job);
        assertThat(trace()).contains("with open job 'Water heater' assigned to Bob: ringing Bob first").contains("then rule 'Office' without Bob");
    }

    /**
     * A number two customers share (Jane, and her household added later): the call is about the most recently updated open
     * job of either, here the household's, assigned to Bob, so Bob rings first and the call log links the household and
     * its job, not Jane (the first customer with the number), whose job was the only one routing looked at before.
     */
    @Test
    void aNumberSeveralCustomersShareRingsTheTechnicianOfTheMostRecentlyUpdatedOpenJobOfAnyOfThem() {
        sim.advance(Duration.ofMinutes(1));
        var household = owner.post("/api/v1/customers", Map.of("name", "Doe Household", "phone_numbers", List.of(JANE)));
        assertThat(household.status()).as(household.body()).isEqualTo(201);
        var householdId = household.json().get("id").asString();
        var boiler = owner.post("/api/v1/jobs", Map.of("customer_id", householdId, "title", "Boiler", "status", "SCHEDULED",
                "assigned_member_id", bob));
        assertThat(boiler.status()).as(boiler.body()).isEqualTo(201);
        sim.phone(bobSip, PhoneScript.answerAfter(Duration.ofSeconds(1)));
        sim.phone(samSip, PhoneScript.answerAfter(Duration.ofSeconds(1)));
        sim.phone(annSip, new PhoneScript.NeverAnswer());

        var simulated = owner.post("/api/v1/routing/simulate", Map.of("from", JANE, "to", number));
        assertThat(simulated.json().get("action").get("rings").findValuesAsString("member_id")).as(simulated.body()).containsExactly(bob);

        var caller = sim.call(JANE, number);
        assertThat(legsTo(bobSip)).hasSize(1);
        assertThat(legsTo(samSip)).as("Jane's own job is older").isEmpty();
        assertThat(legsTo(annSip)).as("Bob alone first").isEmpty();
        sim.advance(Duration.ofSeconds(1));
        caller.hangUp();
        var row = call();
        assertThat(row.get("answered_by").toString()).isEqualTo(bob);
        assertThat(row.get("customer_id").toString()).as("the customer whose job routing went by").isEqualTo(householdId);
        assertThat(row.get("job_id").toString()).isEqualTo(boiler.json().get("id").asString());
        assertThat(trace()).contains("caller is customer 'Doe Household' with open job 'Boiler' (the most recently updated open job of the"
                + " 2 customers with this number) assigned to Bob: ringing Bob first");

        // Jane's job moves on: now hers is the most recently updated, and Sam rings first, the call linked to Jane.
        sim.advance(Duration.ofMinutes(1));
        var moved = owner.put("/api/v1/jobs/" + job, Map.of("customer_id", customer, "title", "Water heater", "status", "IN_PROGRESS",
                "assigned_member_id", sam));
        assertThat(moved.status()).as(moved.body()).isEqualTo(200);
        var again = sim.call(JANE, number);
        assertThat(legsTo(samSip)).hasSize(1);
        assertThat(legsTo(bobSip)).hasSize(1);
        sim.advance(Duration.ofSeconds(1));
        again.hangUp();
        assertThat(call().get("customer_id").toString()).isEqualTo(customer);
        assertThat(call().get("job_id").toString()).isEqualTo(job);
    }

    /**
     * A menu choice leading into a rule that rings the caller's technician first: the open job found when the call came
     * in decides who rings first after the caller presses the key, as for a call the rule takes directly.
     */
    @Test
    void aMenuChoiceLeadingIntoTheRuleRingsTheTechnicianFirst() {
        var menu = owner.post("/api/v1/ivr-menus", Map.of("name", "Main", "greeting_text", "Press 1 for service.",
                "options", Map.of("1", Map.of("kind", "RULE", "rule_id", rule)), "timeout_seconds", 5));
        assertThat(menu.status()).as(menu.body()).isEqualTo(201);
        var ivr = owner.post("/api/v1/routing-rules", Map.of("name", "Menu", "type", "IVR", "ivr_menu_id",
                menu.json().get("menu").get("id").asString()));
        assertThat(ivr.status()).as(ivr.body()).isEqualTo(201);
        var ivrId = ivr.json().get("rule").get("id").asString();
        var order = owner.put("/api/v1/routing-rules/order", Map.of("rule_ids", List.of(ivrId, rule)));
        assertThat(order.status()).as(order.body()).isEqualTo(200);
        sim.phone(samSip, PhoneScript.answerAfter(Duration.ofSeconds(2)));
        sim.phone(annSip, PhoneScript.answerAfter(Duration.ofSeconds(1)));
        sim.phone(bobSip, PhoneScript.answerAfter(Duration.ofSeconds(1)));

        var caller = sim.call(JANE, number);
        assertThat(call().get("phase")).isEqualTo("MENU");
        assertThat(legsTo(samSip)).as("nobody rings before the choice").isEmpty();
        caller.press("1");
        sim.advance(Duration.ofMillis(500));
        assertThat(legsTo(samSip)).hasSize(1);
        assertThat(legsTo(annSip)).as("Sam alone first").isEmpty();
        assertThat(legsTo(bobSip)).isEmpty();
        sim.advance(Duration.ofSeconds(2));
        assertThat(caller.leg().bridgedWith()).isEqualTo(legsTo(samSip).getFirst().callControlId());
        caller.hangUp();
        var row = call();
        assertThat(row.get("answered_by").toString()).isEqualTo(sam);
        assertThat(row.get("customer_id").toString()).isEqualTo(customer);
        assertThat(row.get("job_id").toString()).isEqualTo(job);
        assertThat(trace()).contains("caller is customer 'Jane Doe' with open job 'Water heater' assigned to Sam Okafor: ringing Sam Okafor first");
    }
}
