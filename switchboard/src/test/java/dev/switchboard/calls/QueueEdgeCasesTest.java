package dev.switchboard.calls;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.simulator.Caller;
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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;

/** Queues at their edges: VIP tags as people write them, a member with two phones, members coming free by the clock, queues overflowing into each other. */
@Import(QueueEdgeCasesTest.VirtualTime.class)
class QueueEdgeCasesTest extends VirtualTimeCallTest {

    @TestConfiguration
    static class VirtualTime {
        @Bean
        @Primary
        SimClock virtualClock() {
            return new SimClock(Instant.parse("2026-11-25T18:00:00Z")); // Wednesday noon in Chicago
        }
    }

    String queueId;
    String cell;

    @BeforeEach
    void company() {
        newCompany("Queue Edge Co");
        var tag = UUID.randomUUID().toString().substring(0, 8);
        annSip = "sip:ann-" + tag + "@review.sip.telnyx.com";
        bobSip = "sip:bob-" + tag + "@review.sip.telnyx.com";
        cell = randomNumber("773");
        // Ann: desk phone and cell at once (simultaneous ring).
        ann = member(Map.of("name", "Ann", "phone_extension", "101", "sip_address", annSip, "ring_timeout_seconds", 20,
                "max_concurrent_calls", 1, "call_forwarding_enabled", true, "call_forwarding_number", cell,
                "simultaneous_ring_enabled", true));
        bob = member(Map.of("name", "Bob", "phone_extension", "102", "sip_address", bobSip, "ring_timeout_seconds", 20,
                "max_concurrent_calls", 1));
    }

    @AfterEach
    void hangUpEveryone() {
        sim.legs().stream().filter(l -> l.state() != Leg.State.ENDED)
                .forEach(l -> sim.handle("POST", "/v2/calls/" + l.callControlId() + "/actions/hangup", "{}"));
        sim.advance(Duration.ofSeconds(1));
    }

    void queue(Map<String, Object> settings) {
        var body = new HashMap<String, Object>(Map.of("name", "Support", "strategy", "FIXED_ORDER", "member_ids", List.of(ann, bob),
                "ring_timeout_seconds", 15, "wrap_up_seconds", 0, "announce_interval_seconds", 30, "join_when_empty", true));
        body.putAll(settings);
        var r = owner.post("/api/v1/queues", body);
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        queueId = r.json().get("id").asString();
        var rule = owner.post("/api/v1/routing-rules", Map.of("name", "To the queue", "type", "BUSINESS_HOURS",
                "open_target", Map.of("kind", "QUEUE", "queue_id", queueId), "closed_target", Map.of("kind", "VOICEMAIL")));
        assertThat(rule.status()).as(rule.body()).isEqualTo(201);
    }

    void status(String member, String status) {
        var r = owner.put("/api/v1/members/" + member + "/status", Map.of("status", status));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
    }

    Caller call(String from) {
        return sim.call(from, number);
    }

    List<Map<String, Object>> events(String type) {
        return inCompany(() -> jdbc.sql("select * from queue_events where company_id = :c and queue_id = :q and type = :t order by seq")
                .param("c", company.value()).param("q", UUID.fromString(queueId)).param("t", type).query().listOfRows());
    }

    /**
     * A free member added to a queue while a caller waits in it is offered the caller at once. Nobody was offered until the
     * queue next looked: a caller's next announcement, and in a queue announcing only on joining, never; the caller waited
     * out the maximum wait (found by the queue walk).
     */
    @Test
    void aFreeMemberAddedToAQueueWhileACallerWaitsIsOfferedTheCallerAtOnce() {
        queue(Map.of("member_ids", List.of(ann), "announce_interval_seconds", 0));
        status(ann, "AWAY");
        var caller = call("+17735550141");
        sim.advance(Duration.ofSeconds(5));
        assertThat(legsTo(bobSip)).isEmpty();
        sim.phone(bobSip, PhoneScript.answerAfter(Duration.ofSeconds(2)));
        var added = owner.patch("/api/v1/queues/" + queueId, Map.of("member_ids", List.of(ann, bob)));
        assertThat(added.status()).as(added.body()).isEqualTo(200);
        sim.advance(Duration.ofSeconds(4));
        assertThat(legsTo(bobSip)).hasSize(1);
        assertThat(caller.leg().bridgedWith()).isEqualTo(legsTo(bobSip).getLast().callControlId());
    }

    /** Likewise a member of the queue whose extension is enabled again while a caller waits. */
    @Test
    void aMemberOfTheQueueWhoseExtensionIsEnabledAgainIsOfferedTheWaitingCallerAtOnce() {
        queue(Map.of("member_ids", List.of(bob), "announce_interval_seconds", 0));
        var off = owner.patch("/api/v1/members/" + bob, Map.of("extension_enabled", false));
        assertThat(off.status()).as(off.body()).isEqualTo(200);
        var caller = call("+17735550142");
        sim.advance(Duration.ofSeconds(5));
        assertThat(legsTo(bobSip)).isEmpty();
        sim.phone(bobSip, PhoneScript.answerAfter(Duration.ofSeconds(2)));
        var on = owner.patch("/api/v1/members/" + bob, Map.of("extension_enabled", true));
        assertThat(on.status()).as(on.body()).isEqualTo(200);
        sim.advance(Duration.ofSeconds(4));
        assertThat(legsTo(bobSip)).hasSize(1);
        assertThat(caller.leg().bridgedWith()).isEqualTo(legsTo(bobSip).getLast().callControlId());
    }

    /** A customer tagged "VIP" (as people write it) should get the queue's VIP priority (its vip_tag defaults to "vip"). */
    @Test
    void aCustomerTaggedVipInCapitalsJumpsAhead() {
        var vip = "+17735550199";
        var customer = owner.post("/api/v1/customers", Map.of("name", "Big Client", "phone_numbers", List.of(vip), "tags", List.of("VIP")));
        assertThat(customer.status()).as(customer.body()).isEqualTo(201);
        queue(Map.of("vip_tag", "VIP"));
        status(ann, "AWAY");
        status(bob, "AWAY");
        var c1 = call("+17735550101");
        sim.advance(Duration.ofSeconds(10));
        var v = call(vip);
        assertThat(v.heard().getFirst()).as("the VIP customer is put first").contains("You are next in line.");
        assertThat(events("JOINED").get(1).get("detail")).isEqualTo("priority 10");
        c1.hangUp();
    }

    /**
     * Ann rings on her desk phone and her cell at once. She misses one offer (both ring out together): that is one
     * missed offer, not two. With max_missed_offers 2 she must not be set away after a single missed call.
     */
    @Test
    void oneMissedOfferOnAMemberWithSimultaneousRingCountsOnce() {
        queue(Map.of("member_ids", List.of(ann), "max_missed_offers", 2));
        status(ann, "AVAILABLE");
        sim.phone(annSip, new PhoneScript.NeverAnswer());
        sim.phone(cell, new PhoneScript.NeverAnswer());
        var c1 = call("+17735550101");
        assertThat(legsTo(annSip)).hasSize(1);
        assertThat(legsTo(cell)).hasSize(1);
        sim.advance(Duration.ofSeconds(16));
        assertThat(events("NO_ANSWER")).as("one offer missed").hasSize(1);
        var availability = owner.get("/api/v1/members/" + ann).json().get("availability");
        assertThat(availability.get("status").asString()).as("missed one queue call, not two").isEqualTo("AVAILABLE");
        c1.hangUp();
    }

    /**
     * Ann's cell is busy, but her desk phone is still ringing, and she picks it up: she did not miss the offer, and
     * the fixed-order queue must not ring Bob for the same caller while Ann's phone still rings.
     */
    @Test
    void aBusyCellWhileTheDeskPhoneStillRingsIsNotAMissedOffer() {
        queue(Map.of());
        status(ann, "AVAILABLE");
        status(bob, "AVAILABLE");
        sim.phone(annSip, PhoneScript.answerAfter(Duration.ofSeconds(5)));
        sim.phone(cell, new PhoneScript.Busy());
        sim.phone(bobSip, new PhoneScript.NeverAnswer());
        var c1 = call("+17735550101");
        sim.advance(Duration.ofSeconds(1));
        assertThat(legsTo(bobSip)).as("fixed order: Bob is not rung while Ann's offer is still ringing").isEmpty();
        sim.advance(Duration.ofSeconds(5));
        assertThat(c1.leg().bridgedWith()).isEqualTo(legsTo(annSip).getFirst().callControlId());
        assertThat(events("NO_ANSWER")).as("Ann answered: nothing missed").isEmpty();
        c1.hangUp();
    }

    /**
     * Ann is in do-not-disturb for a minute; the queue gives no position announcements after joining (interval 0).
     * When her do-not-disturb ends she is free: the waiting caller must be offered to her, not left to wait for the
     * maximum wait and go to voicemail.
     */
    @Test
    void aWaitingCallerIsOfferedToAMemberWhenTheirDoNotDisturbEnds() {
        queue(Map.of("member_ids", List.of(ann), "announce_interval_seconds", 0, "max_wait_seconds", 300));
        status(ann, "AVAILABLE");
        var until = sim.clock().instant().plusSeconds(60);
        var dnd = owner.put("/api/v1/members/" + ann + "/do-not-disturb", Map.of("until", until.toString()));
        assertThat(dnd.status()).as(dnd.body()).isEqualTo(200);
        sim.phone(annSip, PhoneScript.answerAfter(Duration.ofSeconds(2)));
        sim.phone(cell, new PhoneScript.NeverAnswer());
        var c1 = call("+17735550101");
        sim.advance(Duration.ofSeconds(30));
        assertThat(legsTo(annSip)).as("in do-not-disturb: not rung").isEmpty();
        sim.advance(Duration.ofSeconds(40)); // 10 s after her do-not-disturb ended
        assertThat(legsTo(annSip)).as("free again: offered the waiting caller").isNotEmpty();
        c1.hangUp();
    }

    /**
     * Two teams that overflow into each other when nobody is logged in ("Sales empty: try Support", and back). At
     * night both are empty: a caller must end somewhere (the general voicemail), not bounce between the two for ever.
     */
    @Test
    void twoQueuesThatOverflowIntoEachOtherWhenEmptyDoNotLoop() {
        queue(Map.of("member_ids", List.of(ann), "join_when_empty", false));
        var sales = queueId;
        var support = owner.post("/api/v1/queues", Map.of("name", "Support team", "member_ids", List.of(bob), "join_when_empty", false,
                "empty_target", Map.of("kind", "QUEUE", "queue_id", sales)));
        assertThat(support.status()).as(support.body()).isEqualTo(201);
        var supportId = support.json().get("id").asString();
        var update = owner.put("/api/v1/queues/" + sales, Map.of("name", "Support", "strategy", "FIXED_ORDER", "member_ids", List.of(ann),
                "join_when_empty", false, "empty_target", Map.of("kind", "QUEUE", "queue_id", supportId)));
        assertThat(update.status()).as(update.body()).isEqualTo(200);
        status(ann, "AWAY");
        status(bob, "AWAY");
        var c1 = call("+17735550101");
        sim.advance(Duration.ofSeconds(2));
        var row = call();
        assertThat(row.get("phase")).as("the caller reaches the general voicemail").isEqualTo("VOICEMAIL_GREETING");
        c1.hangUp();
    }

    String ruleId(Map<String, Object> body) {
        var r = owner.post("/api/v1/routing-rules", body);
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json().get("rule").get("id").asString();
    }

    /**
     * "Nobody in Support is logged in: back to the main menu" is a usual set-up (the queue's empty target is the menu's
     * rule). The caller goes to the menu, Ann logs in meanwhile, the caller presses 1 for Support again: they must join
     * the queue (and Ann's phone ring), not be sent to the general voicemail because Support turned them away once.
     */
    @Test
    void aCallerBackInTheMenuAfterAnEmptyQueueCanJoinItOnceSomeoneLogsIn() {
        var queue = owner.post("/api/v1/queues", Map.of("name", "Support", "strategy", "FIXED_ORDER", "member_ids", List.of(ann),
                "ring_timeout_seconds", 15, "wrap_up_seconds", 0, "join_when_empty", false));
        assertThat(queue.status()).as(queue.body()).isEqualTo(201);
        var queueId = queue.json().get("id").asString();
        var menu = owner.post("/api/v1/ivr-menus", Map.of("name", "Main", "greeting_text", "Press 1 for support.",
                "options", Map.of("1", Map.of("kind", "QUEUE", "queue_id", queueId)), "timeout_seconds", 10, "max_retries", 3));
        assertThat(menu.status()).as(menu.body()).isEqualTo(201);
        var menuRule = ruleId(Map.of("name", "Menu", "type", "IVR", "ivr_menu_id", menu.json().get("menu").get("id").asString()));
        var update = owner.put("/api/v1/queues/" + queueId, Map.of("name", "Support", "strategy", "FIXED_ORDER", "member_ids", List.of(ann),
                "ring_timeout_seconds", 15, "wrap_up_seconds", 0, "join_when_empty", false,
                "empty_target", Map.of("kind", "RULE", "rule_id", menuRule)));
        assertThat(update.status()).as(update.body()).isEqualTo(200);
        status(ann, "AWAY");
        sim.phone(annSip, new PhoneScript.NeverAnswer());

        var caller = sim.call("+17735550123", number);
        caller.pressWhenPrompted("1");
        sim.advance(Duration.ofSeconds(3));
        assertThat(call().get("phase")).as("Support is empty: back to the menu").isEqualTo("MENU");

        status(ann, "AVAILABLE"); // Ann logs in
        caller.pressWhenPrompted("1");
        sim.advance(Duration.ofSeconds(3));
        assertThat(call().get("phase")).as("trace: " + owner.get("/api/v1/call-logs/" + call().get("id")).json().get("trace")).isEqualTo("QUEUED");
        assertThat(legsTo(annSip)).as("Ann is logged in now: the caller is offered to her").isNotEmpty();
    }
}
