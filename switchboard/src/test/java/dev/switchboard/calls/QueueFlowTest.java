package dev.switchboard.calls;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.ApiContractTest;
import dev.switchboard.platform.TenantContext;
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
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;

/**
 * The call queue end to end through the in-process simulator, in virtual time: the app's timers
 * (announcements, maximum wait, wrap-up) run on the simulator's timeline.
 */
@Import(QueueFlowTest.VirtualTime.class)
class QueueFlowTest extends VirtualTimeCallTest {

    @TestConfiguration
    static class VirtualTime {
        @Bean
        @Primary
        SimClock virtualClock() {
            return new SimClock(Instant.parse("2026-11-25T18:00:00Z")); // Wednesday noon in Chicago
        }
    }

    @Autowired
    CallEngine engine;

    String ann;
    String bob;
    String annSip;
    String bobSip;
    String queueId;
    Instant started;

    @BeforeEach
    void company() {
        newCompany("Queue Co");
        var tag = UUID.randomUUID().toString().substring(0, 8);
        annSip = "sip:ann-" + tag + "@queue.sip.telnyx.com";
        bobSip = "sip:bob-" + tag + "@queue.sip.telnyx.com";
        ann = member("Ann", "101", annSip);
        bob = member("Bob", "102", bobSip);
        started = sim.clock().instant();
    }

    /** Callers left waiting at the end of a test would keep their timers in the shared database: hang them up. */
    @org.junit.jupiter.api.AfterEach
    void hangUpEveryone() {
        sim.legs().stream().filter(l -> l.state() != Leg.State.ENDED && l.to() != null && l.to().equals(number))
                .forEach(l -> assertThat(sim.handle("POST", "/v2/calls/" + l.callControlId() + "/actions/hangup", "{}").status())
                        .isEqualTo(200));
        sim.advance(Duration.ofSeconds(1));
        assertThat(inCompany(() -> jdbc.sql("select count(*) from timers where company_id = :c and kind = 'call'").param("c", company.value())
                .query(Integer.class).single())).isZero();
    }

    @Override
    protected String member(String name, String ext, String sip) {
        var r = owner.post("/api/v1/members", Map.of("name", name, "phone_extension", ext, "sip_address", sip, "ring_timeout_seconds", 20,
                "max_concurrent_calls", 1));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json().get("id").asString();
    }

    /** A queue with Ann and Bob (both away unless said otherwise), and the company's calls sent to it. */
    void queue(Map<String, Object> settings) {
        var body = new HashMap<String, Object>(Map.of("name", "Support", "strategy", "FIXED_ORDER", "member_ids", List.of(ann, bob),
                "ring_timeout_seconds", 15, "wrap_up_seconds", 30, "announce_interval_seconds", 30, "join_when_empty", true,
                "callback_enabled", true));
        body.putAll(settings);
        var r = owner.post("/api/v1/queues", body);
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        queueId = r.json().get("id").asString();
        var rule = owner.post("/api/v1/routing-rules", Map.of("name", "To the queue", "type", "BUSINESS_HOURS",
                "open_target", Map.of("kind", "QUEUE", "queue_id", queueId), "closed_target", Map.of("kind", "VOICEMAIL")));
        assertThat(rule.status()).as(rule.body()).isEqualTo(201);
    }

    /** A queue (as {@link #queue}) whose members are both away, so callers wait. */
    void queueWithEveryoneAway(Map<String, Object> settings) {
        queue(settings);
        status(ann, "AWAY");
        status(bob, "AWAY");
    }

    @Test
    void aQueueWithACallerWaitingCannotBeDeletedAndSaysSoAsAPassingState() throws Exception {
        queueWithEveryoneAway(Map.of());
        var caller = call("+17735550101");
        sim.advance(Duration.ofSeconds(3));
        var refused = owner.delete("/api/v1/queues/" + queueId);
        assertThat(refused.status()).as(refused.body()).isEqualTo(409);
        assertThat(refused.errorField()).isEqualTo("id");
        // Not 'unique' (a taken value): the queue is busy now and can go once it is empty.
        assertThat(refused.errorRule()).isEqualTo("state");
        assertThat(refused.body()).contains("1 caller(s) are waiting");
        // The OpenAPI document lists both refusals, as problem documents (ConflictsDocumentedTest checks the others).
        var docs = new ObjectMapper().readTree(api().get("/v3/api-docs").body());
        var operation = docs.path("paths").path("/api/v1/queues/{id}").path("delete");
        assertThat(operation.path("responses").path("409").path("description").asText()).contains("state").contains("in_use");
        assertThat(ApiContractTest.disagreement(docs, operation, refused)).isNull();
        assertThat(owner.get("/api/v1/queues/" + queueId).status()).isEqualTo(200);
        caller.hangUp();
        sim.advance(Duration.ofSeconds(1));
        // Empty now; the rule still sends calls to it, which is the other refusal.
        var inUse = owner.delete("/api/v1/queues/" + queueId);
        assertThat(inUse.status()).as(inUse.body()).isEqualTo(409);
        assertThat(inUse.errorRule()).isEqualTo("in_use");
        assertThat(inUse.body()).contains("rule 'To the queue'");
        assertThat(ApiContractTest.disagreement(docs, operation, inUse)).isNull();
    }

    @Test
    void aMemberRingingForOneCallerOfTheQueueIsNotOfferedTheNextOneWhateverTheirCallLimit() {
        queue(Map.of("member_ids", List.of(ann), "ring_timeout_seconds", 30));
        inCompany(() -> jdbc.sql("update team_members set max_concurrent_calls = 2 where company_id = :c and id = :m")
                .param("c", company.value()).param("m", UUID.fromString(ann)).update());
        status(ann, "AVAILABLE");
        sim.phone(annSip, new PhoneScript.NeverAnswer());
        call("+17735550101");
        sim.advance(Duration.ofSeconds(3));
        call("+17735550102");
        sim.advance(Duration.ofSeconds(3));
        assertThat(legsTo(annSip).stream().filter(l -> l.state() != dev.switchboard.simulator.Leg.State.ENDED).count())
                .as("Ann's phone rings for one caller of the queue at a time").isEqualTo(1);
        assertThat(events("OFFERED")).hasSize(1);
    }

    void status(String member, String status) {
        var r = owner.put("/api/v1/members/" + member + "/status", Map.of("status", status));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        sim.advance(Duration.ZERO); // the queues look again at once, on the timers' thread, not the request's
    }

    Caller call(String from) {
        return sim.call(from, number);
    }

    /** The caller is talking to the member at {@code sip} (on that member's latest leg). */
    void assertBridged(Caller caller, String sip) {
        var legs = legsTo(sip);
        assertThat(legs).isNotEmpty();
        assertThat(caller.leg().bridgedWith()).isEqualTo(legs.getLast().callControlId());
    }

    List<Map<String, Object>> events(String type) {
        return inCompany(() -> jdbc.sql("select * from queue_events where company_id = :c and queue_id = :q and type = :t order by seq")
                .param("c", company.value()).param("q", UUID.fromString(queueId)).param("t", type).query().listOfRows());
    }

    Map<String, Object> callOf(Caller caller) {
        return inCompany(() -> jdbc.sql("""
                select c.* from calls c join call_legs l on l.company_id = c.company_id and l.call_id = c.id
                where c.company_id = :c and l.leg_id = :leg
                """).param("c", company.value()).param("leg", caller.callControlId()).query().singleRow());
    }

    static String first(List<String> heard) {
        return heard.getFirst();
    }

    @Test
    void positionAnnouncementsInOrderAndTheLongestWaitingCallerIsServedFirst() {
        queueWithEveryoneAway(Map.of());
        var c1 = call("+17735550101");
        sim.advance(Duration.ofSeconds(5));
        var c2 = call("+17735550102");
        sim.advance(Duration.ofSeconds(5));
        var c3 = call("+17735550103");
        assertThat(first(c1.heard())).contains("You are next in line.").contains("press 1");
        assertThat(first(c2.heard())).contains("You are number 2 in line.");
        assertThat(first(c3.heard())).contains("You are number 3 in line.");
        sim.advance(Duration.ofSeconds(8));
        // After the announcement, music on hold (the default audio).
        assertThat(c1.heard().get(1)).endsWith("/audio/hold-music.wav");

        // 30 s after joining, each hears their place again, in the same order.
        sim.advance(Duration.ofSeconds(12)); // c1 has waited 30 s
        assertThat(c1.heard().get(2)).startsWith("You are next in line.");
        sim.advance(Duration.ofSeconds(5));
        assertThat(c2.heard().get(2)).startsWith("You are number 2 in line.");
        sim.advance(Duration.ofSeconds(5));
        assertThat(c3.heard().get(2)).startsWith("You are number 3 in line.");

        var callers = owner.get("/api/v1/queues/" + queueId + "/callers").json();
        assertThat(callers.size()).isEqualTo(3);
        assertThat(callers.get(0).get("from").asString()).isEqualTo("+17735550101");
        assertThat(callers.get(0).get("wait_seconds").asInt()).isEqualTo(40);
        assertThat(callers.get(2).get("position").asInt()).isEqualTo(3);

        sim.phone(annSip, PhoneScript.answerAfter(Duration.ofSeconds(2)));
        status(ann, "AVAILABLE");
        assertThat(legsTo(annSip)).hasSize(1);
        sim.advance(Duration.ofSeconds(2));
        assertBridged(c1, annSip);
        assertThat(c2.leg().bridgedWith()).isNull();
        assertThat(callOf(c1).get("answered_by").toString()).isEqualTo(ann);
        var waiting = owner.get("/api/v1/queues/" + queueId + "/callers").json();
        assertThat(waiting.size()).isEqualTo(2);
        assertThat(waiting.get(0).get("from").asString()).isEqualTo("+17735550102");
        assertThat(waiting.get(0).get("position").asInt()).isEqualTo(1);
        // The next announcement tells c2 they moved up.
        sim.advance(Duration.ofSeconds(30));
        assertThat(c2.heard().stream().filter(h -> h.startsWith("You are")).toList().getLast()).startsWith("You are next in line.");
    }

    /** What a caller hears on joining is true: "please hold" while a free member is rung, "all busy" only when all are. */
    @Test
    void theJoiningAnnouncementSaysAllAreBusyOnlyWhenTheyAre() {
        queue(Map.of("member_ids", List.of(ann)));
        sim.phone(annSip, PhoneScript.answerAfter(Duration.ofSeconds(5)));
        var c1 = call("+17735550101");
        assertThat(first(c1.heard())).as("Ann is free and being rung for this caller")
                .contains("Please hold, we will connect you shortly.").doesNotContain("busy");
        sim.advance(Duration.ofSeconds(5));
        assertBridged(c1, annSip);

        var c2 = call("+17735550102");
        assertThat(first(c2.heard())).as("Ann, the only member, is on a call").contains("All of our team are busy.");

        status(ann, "AWAY");
        var c3 = call("+17735550103");
        assertThat(first(c3.heard())).as("nobody is logged in").contains("Nobody from our team is available right now.")
                .doesNotContain("busy").doesNotContain("connect you shortly");
    }

    /**
     * A caller waiting while nobody in the queue is logged in is told so, and no expected wait (found by a walk:
     * with the whole team away, "The expected wait is about 1 minute" every 30 s, from the answers of the hour before, for
     * as long as they waited).
     */
    @Test
    void withNobodyLoggedInTheAnnouncementsForetellNoWait() {
        queue(Map.of("member_ids", List.of(ann), "wrap_up_seconds", 0));
        status(bob, "AWAY");
        sim.phone(annSip, PhoneScript.answerAfter(Duration.ofSeconds(2)));
        for (var from : List.of("+17735550101", "+17735550102")) { // two answers this hour: a wait can be estimated
            var c = call(from);
            sim.advance(Duration.ofSeconds(2));
            assertBridged(c, annSip);
            sim.advance(Duration.ofSeconds(20));
            c.hangUp();
            sim.advance(Duration.ofSeconds(1));
        }
        status(ann, "AWAY");
        var waiting = call("+17735550103");
        assertThat(first(waiting.heard())).contains("Nobody from our team is available right now.").doesNotContain("expected wait");
        sim.advance(Duration.ofSeconds(30));
        var again = waiting.heard().stream().filter(h -> h.contains("in line")).toList();
        assertThat(again).hasSize(2);
        assertThat(again.getLast()).isEqualTo("You are next in line. To be called back instead, without losing your place, press 1.");
    }

    /**
     * The place in line repeated every 30 s, changed to "only on joining" (0) while a caller waits: the one repeat due is
     * the last. (Its timer was set again at now + 0: the caller heard the announcement over and over, back to back, with
     * no music between, for as long as they waited; found by a walk.)
     */
    @Test
    void repeatsTurnedOffWhileACallerWaitsEndAfterTheOneDue() {
        queueWithEveryoneAway(Map.of("max_wait_seconds", 600));
        var caller = call("+17735550101");
        sim.advance(Duration.ofSeconds(5));
        var changed = owner.patch("/api/v1/queues/" + queueId, Map.of("announce_interval_seconds", 0));
        assertThat(changed.status()).as(changed.body()).isEqualTo(200);
        sim.advance(Duration.ofSeconds(120));
        assertThat(caller.heard().stream().filter(h -> h.contains("in line")))
                .as("on joining, and the repeat due at 30 s").hasSize(2);
        assertThat(caller.heard().getLast()).as("then the music").endsWith("/audio/hold-music.wav");
    }

    /**
     * A queue that does not tell callers their place (its "Tell callers their place in line" unticked) tells it in no
     * repeat either: only how to be called back, while callbacks are on, and nothing but music once they are off. (The
     * repeats told the place and the expected wait whatever the box said: found by a walk.)
     */
    @Test
    void aQueueThatDoesNotTellThePlaceInLineTellsOnlyHowToBeCalledBack() {
        queueWithEveryoneAway(Map.of("announce_position", false, "announce_interval_seconds", 30));
        var caller = call("+17735550101");
        assertThat(first(caller.heard())).isEqualTo("Thank you for calling. Nobody from our team is available right now. Please hold. "
                + "To be called back instead, without losing your place, press 1.");
        sim.advance(Duration.ofSeconds(30));
        assertThat(caller.heard().getLast()).isEqualTo("To be called back instead, without losing your place, press 1.");
        var off = owner.patch("/api/v1/queues/" + queueId, Map.of("callback_enabled", false));
        assertThat(off.status()).as(off.body()).isEqualTo(200);
        sim.advance(Duration.ofSeconds(60));
        assertThat(caller.heard()).noneMatch(h -> h.contains("in line"));
        assertThat(caller.heard().stream().filter(h -> h.startsWith("To be called back"))).hasSize(1);
        assertThat(caller.heard().getLast()).endsWith("/audio/hold-music.wav");
    }

    @Test
    void aVipCustomerJumpsAheadByTheQueuesPriority() {
        var vip = "+17735550199";
        var customer = owner.post("/api/v1/customers", Map.of("name", "Big Client", "phone_numbers", List.of(vip), "tags", List.of("vip")));
        assertThat(customer.status()).as(customer.body()).isEqualTo(201);
        queueWithEveryoneAway(Map.of());
        var c1 = call("+17735550101");
        sim.advance(Duration.ofSeconds(10));
        var v = call(vip);
        assertThat(first(v.heard())).contains("You are next in line.");
        sim.phone(annSip, PhoneScript.answerAfter(Duration.ofSeconds(2)));
        status(ann, "AVAILABLE");
        sim.advance(Duration.ofSeconds(2));
        assertBridged(v, annSip);
        assertThat(c1.leg().bridgedWith()).isNull();
        assertThat(events("JOINED").get(1).get("detail")).isEqualTo("priority 10");
    }

    @Test
    void wrapUpIsHonouredBeforeTheNextCallerIsOffered() {
        queue(Map.of("wrap_up_seconds", 30));
        status(bob, "AWAY");
        sim.phone(annSip, PhoneScript.answerAfter(Duration.ofSeconds(2)));
        var c1 = call("+17735550101");
        sim.advance(Duration.ofSeconds(2));
        assertBridged(c1, annSip);
        var c2 = call("+17735550102");
        assertThat(legsTo(annSip)).hasSize(1);
        sim.advance(Duration.ofSeconds(60));
        c1.hangUp();
        var state = owner.get("/api/v1/members/" + ann).json().get("availability").get("state").asString();
        assertThat(state).isEqualTo("WRAP_UP");
        sim.advance(Duration.ofSeconds(29));
        assertThat(legsTo(annSip)).hasSize(1);
        sim.advance(Duration.ofSeconds(1));
        assertThat(legsTo(annSip)).hasSize(2);
        sim.advance(Duration.ofSeconds(2));
        assertBridged(c2, annSip);
        assertThat(((Number) events("CONNECTED").get(1).get("wait_seconds")).intValue()).isEqualTo(92);
    }

    @Test
    void twoMembersFreeAtOnceTakeTwoDifferentCallers() throws Exception {
        queueWithEveryoneAway(Map.of("strategy", "LONGEST_IDLE"));
        var c1 = call("+17735550101");
        sim.advance(Duration.ofSeconds(1));
        var c2 = call("+17735550102");
        sim.phone(annSip, PhoneScript.answerAfter(Duration.ofSeconds(2)));
        sim.phone(bobSip, PhoneScript.answerAfter(Duration.ofSeconds(2)));
        // Both become free in the same instant, without an event: two dispatches race (as two nodes would).
        inCompany(() -> jdbc.sql("update team_availability set status = 'AVAILABLE' where company_id = :c").param("c", company.value()).update());
        var barrier = new CyclicBarrier(2);
        try (var pool = Executors.newFixedThreadPool(2)) {
            var a = pool.submit(() -> TenantContext.runAs(company, () -> {
                await(barrier);
                engine.dispatchQueue(UUID.fromString(queueId));
            }));
            var b = pool.submit(() -> TenantContext.runAs(company, () -> {
                await(barrier);
                engine.dispatchQueue(UUID.fromString(queueId));
            }));
            a.get(30, TimeUnit.SECONDS);
            b.get(30, TimeUnit.SECONDS);
        }
        assertThat(legsTo(annSip)).hasSize(1);
        assertThat(legsTo(bobSip)).hasSize(1);
        assertThat(events("OFFERED")).hasSize(2);
        sim.advance(Duration.ofSeconds(2));
        assertThat(List.of(c1.leg().bridgedWith(), c2.leg().bridgedWith()))
                .containsExactlyInAnyOrder(legsTo(annSip).getFirst().callControlId(), legsTo(bobSip).getFirst().callControlId());
    }

    static void await(CyclicBarrier barrier) {
        try {
            barrier.await(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void theMaximumWaitOverflowsToVoicemail() {
        queueWithEveryoneAway(Map.of("max_wait_seconds", 60, "max_wait_target", Map.of("kind", "VOICEMAIL")));
        var c1 = call("+17735550101");
        sim.advance(Duration.ofSeconds(59));
        assertThat(callOf(c1).get("phase")).isEqualTo("QUEUED");
        sim.advance(Duration.ofSeconds(1));
        assertThat(callOf(c1).get("phase")).isEqualTo("VOICEMAIL_GREETING");
        assertThat(((Number) events("TIMED_OUT").getFirst().get("wait_seconds")).intValue()).isEqualTo(60);
        // The trace says where the caller went (it ended at "waited 60 s": found by a walk).
        assertThat(callOf(c1).get("trace").toString()).contains("queue: waited 60 s, the most this queue allows: on to ");
        sim.advance(Duration.ofSeconds(8));
        c1.talkThenHangUp(Duration.ofSeconds(10));
        assertThat(callOf(c1).get("outcome")).isEqualTo("VOICEMAIL");
        assertThat(owner.get("/api/v1/queues/" + queueId + "/callers").json().size()).isZero();
    }

    @Test
    void theMaximumWaitToAMemberRingsThemWithoutTheOfferItCancelledSendingTheCallerOnAgain() {
        queue(Map.of("member_ids", List.of(ann), "max_wait_seconds", 30, "max_wait_target", Map.of("kind", "MEMBER", "member_id", bob)));
        status(bob, "AVAILABLE");
        sim.phone(annSip, new PhoneScript.NeverAnswer());
        sim.phone(bobSip, PhoneScript.answerAfter(Duration.ofSeconds(3)));
        var caller = call("+17735550109");
        sim.advance(Duration.ofSeconds(30));
        assertThat(legsTo(annSip)).isNotEmpty();
        assertThat(legsTo(annSip).getLast().state()).as("her offer is cancelled").isEqualTo(Leg.State.ENDED);
        assertThat(legsTo(bobSip)).hasSize(1);
        assertThat(callOf(caller).get("phase")).isEqualTo("RINGING");
        sim.advance(Duration.ofSeconds(3));
        assertBridged(caller, bobSip);
        assertThat(caller.heard()).noneMatch(h -> h.contains("leave a message"));
        assertThat(activeCalls(ann)).isZero();
        assertThat(activeCalls(bob)).isOne();
        caller.hangUp();
        assertThat(callOf(caller).get("outcome")).isEqualTo("ANSWERED");
        assertThat(callOf(caller).get("answered_by").toString()).isEqualTo(bob);
        assertThat(activeCalls(bob)).isZero();
    }

    @Test
    void anAbandonIsRecordedAndACallerWhoCallsBackSoonGetsTheirPlaceBack() {
        queueWithEveryoneAway(Map.of("rejoin_window_seconds", 120));
        var c1 = call("+17735550101");
        sim.advance(Duration.ofSeconds(5));
        var c2 = call("+17735550102");
        sim.advance(Duration.ofSeconds(15));
        c1.hangUp();
        var abandoned = events("ABANDONED").getFirst();
        assertThat(((Number) abandoned.get("position")).intValue()).isEqualTo(1);
        assertThat(((Number) abandoned.get("wait_seconds")).intValue()).isEqualTo(20);
        assertThat(callOf(c1).get("outcome")).isEqualTo("ABANDONED");
        assertThat(callOf(c1).get("trace").toString()).contains("queue: the caller hung up while waiting in line");
        sim.advance(Duration.ofSeconds(60));
        var again = call("+17735550101");
        assertThat(first(again.heard())).contains("You are next in line.");
        assertThat(events("REJOINED")).hasSize(1);
        var callers = owner.get("/api/v1/queues/" + queueId + "/callers").json();
        assertThat(callers.get(0).get("from").asString()).isEqualTo("+17735550101");
        assertThat(callers.get(0).get("wait_seconds").asInt()).isEqualTo(80);
        assertThat(c2.leg().state()).isEqualTo(Leg.State.ANSWERED);
        // Two callers, one of whom came back for their place: offered twice, and nobody abandoned the line.
        sim.advance(Duration.ofSeconds(1));
        var stats = owner.get("/api/v1/queues/" + queueId + "/stats").json();
        assertThat(stats.get("offered").asLong()).isEqualTo(2);
        assertThat(stats.get("abandoned").asLong()).isZero();
        assertThat(stats.get("longest_wait_seconds").isNull()).isTrue();
        assertThat(stats.get("service_level_percent").isNull()).isTrue();
    }

    @Test
    void ringingEveryoneTheMembersWhoseCallWasAnsweredElsewhereDidNotMissIt() {
        queue(Map.of("strategy", "RING_ALL"));
        status(ann, "AVAILABLE");
        status(bob, "AVAILABLE");
        sim.phone(annSip, PhoneScript.answerAfter(Duration.ofSeconds(3)));
        sim.phone(bobSip, new PhoneScript.NeverAnswer());
        var caller = call("+17735550101");
        sim.advance(Duration.ofSeconds(5));
        assertThat(legsTo(bobSip)).hasSize(1);
        assertBridged(caller, annSip);
        caller.hangUp();
        sim.advance(Duration.ofSeconds(1));
        var stats = owner.get("/api/v1/queues/" + queueId + "/stats").json();
        assertThat(stats.get("offered").asLong()).isEqualTo(1);
        assertThat(stats.get("answered").asLong()).isEqualTo(1);
        for (var m : stats.get("members")) {
            boolean isAnn = m.get("member_id").asString().equals(ann);
            assertThat(m.get("offers").asLong()).as(m.toString()).isEqualTo(1);
            assertThat(m.get("answered").asLong()).as(m.toString()).isEqualTo(isAnn ? 1 : 0);
            assertThat(m.get("missed").asLong()).as("answered elsewhere: " + m).isZero();
        }
    }

    /**
     * A caller ID is the caller's to set: a callback to one abroad (calls abroad off) or premium-rate is not taken (the
     * company would have dialled it at its cost; found by review); the caller is told so and keeps waiting, nothing dialled.
     */
    @Test
    void aCallbackToANumberAbroadIsNotTakenAndTheCallerKeepsWaiting() {
        queueWithEveryoneAway(Map.of());
        var jamaica = call("+18765550123");
        sim.advance(Duration.ofSeconds(10));
        jamaica.press("1");
        sim.advance(Duration.ofSeconds(3));
        assertThat(jamaica.heard()).contains("Sorry, we cannot call back the number you are calling from. Please stay on the line.");
        assertThat(jamaica.state()).as("still waiting").isEqualTo(Leg.State.ANSWERED);
        status(ann, "AVAILABLE");
        sim.advance(Duration.ofSeconds(20));
        assertThat(sim.legs().stream().filter(l -> "+18765550123".equals(l.to()))).as("never dialled").isEmpty();
        assertThat(owner.get("/api/v1/call-logs/" + callOf(jamaica).get("id")).json().get("trace").toString())
                .contains("queue: no callback to +18765550123, which is a number in Jamaica");
    }

    /**
     * A caller ID set to a member's direct line: a callback to it would come back in as a new call to that line (billed both
     * ways), as a click-to-call to it is refused. Not taken; the caller keeps waiting.
     */
    @Test
    void aCallbackToAMembersDirectLineIsNotTaken() {
        queueWithEveryoneAway(Map.of());
        var line = randomNumber("312");
        assertThat(owner.patch("/api/v1/members/" + bob, Map.of("direct_inward_dial", line)).status()).isEqualTo(200);
        var spoofed = call(line);
        sim.advance(Duration.ofSeconds(10));
        spoofed.press("1");
        sim.advance(Duration.ofSeconds(3));
        assertThat(spoofed.heard()).contains("Sorry, we cannot call back the number you are calling from. Please stay on the line.");
        assertThat(spoofed.state()).as("still waiting").isEqualTo(Leg.State.ANSWERED);
        assertThat(owner.get("/api/v1/call-logs/" + callOf(spoofed).get("id")).json().get("trace").toString())
                .contains("queue: no callback to " + line + ", which is Bob's direct line");
    }

    @Test
    void aCallbackKeepsItsPlaceIsNotDuplicatedAndConnectsAMemberFirst() {
        queueWithEveryoneAway(Map.of());
        var c1 = call("+17735550101");
        sim.advance(Duration.ofSeconds(5));
        var c2 = call("+17735550102");
        sim.advance(Duration.ofSeconds(10));
        c2.press("1");
        sim.advance(Duration.ofSeconds(10));
        assertThat(c2.heard().getLast()).startsWith("Thank you. We will call you back");
        assertThat(c2.state()).isEqualTo(Leg.State.ENDED);
        assertThat(callOf(c2).get("outcome")).isEqualTo("CALLBACK_REQUESTED");

        var c3 = call("+17735550103");
        assertThat(first(c3.heard())).contains("You are number 3 in line.");
        // The same number asks again: merged into the first request, not a second callback.
        var again = call("+17735550102");
        sim.advance(Duration.ofSeconds(3));
        again.press("1");
        sim.advance(Duration.ofSeconds(10));
        assertThat(again.heard().getLast()).startsWith("You already asked us to call you back");
        assertThat(events("CALLBACK_REQUESTED")).hasSize(1);
        assertThat(events("CALLBACK_MERGED")).hasSize(1);

        sim.phone(annSip, PhoneScript.answerAfter(Duration.ofSeconds(2)));
        status(ann, "AVAILABLE");
        sim.advance(Duration.ofSeconds(2));
        assertBridged(c1, annSip);

        // Bob becomes free: the callback is next (its caller kept their place), so Bob is rung first...
        sim.phone(bobSip, PhoneScript.answerAfter(Duration.ofSeconds(2)));
        sim.phone("+17735550102", PhoneScript.answerAfter(Duration.ofSeconds(4)));
        status(bob, "AVAILABLE");
        assertThat(legsTo(bobSip)).hasSize(1);
        assertThat(legsTo("+17735550102")).isEmpty();
        sim.advance(Duration.ofSeconds(2));
        // ...and when he answers, the customer is dialled and the two are bridged.
        assertThat(legsTo("+17735550102")).hasSize(1);
        sim.advance(Duration.ofSeconds(4));
        assertThat(legsTo(bobSip).getFirst().bridgedWith()).isEqualTo(legsTo("+17735550102").getFirst().callControlId());
        assertThat(events("CALLBACK_COMPLETED")).hasSize(1);
        assertThat(c3.leg().bridgedWith()).isNull();
        var callers = owner.get("/api/v1/queues/" + queueId + "/callers").json();
        assertThat(callers.size()).isEqualTo(1);
        assertThat(callers.get(0).get("from").asString()).isEqualTo("+17735550103");
        // Each member was offered one caller and took them: Bob's was a callback.
        var members = owner.get("/api/v1/queues/" + queueId + "/stats").json().get("members");
        for (var m : members) {
            assertThat(m.get("offers").asLong()).as(m.toString()).isEqualTo(1);
            assertThat(m.get("answered").asLong()).as(m.toString()).isEqualTo(1);
            assertThat(m.get("missed").asLong()).as(m.toString()).isZero();
        }

        // The call log's queue filter lists every call that went through the queue: its callers, each time they came, and
        // the callback's call out; not a call out of a member's own.
        sim.phone("+17735550197", PhoneScript.answerAfter(Duration.ofSeconds(2)));
        var calSip = "sip:cal-" + UUID.randomUUID().toString().substring(0, 8) + "@queue.sip.telnyx.com";
        var cal = member("Cal", "103", calSip);
        sim.phone(calSip, PhoneScript.answerAfter(Duration.ofSeconds(1)));
        var own = owner.post("/api/v1/calls", Map.of("member_id", cal, "number", "+17735550197"));
        assertThat(own.status()).as(own.body()).isEqualTo(201);
        sim.advance(Duration.ofSeconds(4));
        assertThat(owner.get("/api/v1/call-logs?number=%2B17735550197").json().size()).as("Cal's own call is logged").isEqualTo(1);
        var listed = new java.util.ArrayList<String>();
        for (var row : owner.get("/api/v1/call-logs?queue_id=" + queueId).json()) {
            listed.add(row.get("direction").asString() + " " + (row.get("direction").asString().equals("INBOUND")
                    ? row.get("from_number").asString() : row.get("to_number").asString()));
        }
        assertThat(listed).containsExactlyInAnyOrder("INBOUND +17735550101", "INBOUND +17735550102", "INBOUND +17735550102",
                "INBOUND +17735550103", "OUTBOUND +17735550102");
        assertThat(owner.get("/api/v1/call-logs?queue_id=" + UUID.randomUUID()).json().size()).as("another queue's: none").isZero();
        var page = webLogin(owner.email(), "correct-horse").get("/calls?queue=" + queueId).body();
        assertThat(page).contains("<option value=\"" + queueId + "\" selected=\"selected\">Support</option>")
                .doesNotContain("+17735550197").doesNotContain("(773) 555-0197");
    }

    @Test
    void aMemberWhoMissesOffersInARowIsSetAwayWithTheReason() {
        queue(Map.of("max_missed_offers", 2, "ring_timeout_seconds", 15));
        status(bob, "AWAY");
        sim.phone(annSip, new PhoneScript.NeverAnswer());
        var c1 = call("+17735550101");
        assertThat(legsTo(annSip)).hasSize(1);
        sim.advance(Duration.ofSeconds(15));
        assertThat(legsTo(annSip)).hasSize(2);
        sim.advance(Duration.ofSeconds(15));
        var availability = owner.get("/api/v1/members/" + ann).json().get("availability");
        assertThat(availability.get("status").asString()).isEqualTo("AWAY");
        assertThat(availability.get("status_reason").asString()).isEqualTo("missed 2 queue calls in a row (Support)");
        assertThat(events("NO_ANSWER")).hasSize(2);
        assertThat(events("MEMBER_SET_AWAY")).hasSize(1);
        sim.advance(Duration.ofSeconds(60));
        assertThat(legsTo(annSip)).hasSize(2);
        assertThat(c1.leg().state()).isEqualTo(Leg.State.ANSWERED);
        assertThat(callOf(c1).get("phase")).isEqualTo("QUEUED");
    }

    @Test
    void statisticsMatchAHandCountedScenario() {
        queueWithEveryoneAway(Map.of("announce_interval_seconds", 0, "service_level_seconds", 20, "short_abandon_seconds", 5));
        sim.phone(annSip, PhoneScript.answerAfter(Duration.ofSeconds(2)));
        sim.phone(bobSip, PhoneScript.answerAfter(Duration.ofSeconds(2)));
        var c1 = call("+17735550101");                  // t=0
        sim.advance(Duration.ofSeconds(1));
        var c2 = call("+17735550102");                  // t=1
        sim.advance(Duration.ofSeconds(1));
        var c3 = call("+17735550103");                  // t=2
        sim.advance(Duration.ofSeconds(2));
        c3.hangUp();                                     // t=4: abandoned after 2 s (short)
        sim.advance(Duration.ofSeconds(6));
        status(ann, "AVAILABLE");                        // t=10: offered c1, answered t=12 (waited 12 s)
        sim.advance(Duration.ofSeconds(30));
        status(bob, "AVAILABLE");                        // t=40: offered c2, answered t=42 (waited 41 s)
        sim.advance(Duration.ofSeconds(10));
        var c4 = call("+17735550104");                  // t=50
        sim.advance(Duration.ofSeconds(10));
        c4.hangUp();                                     // t=60: abandoned after 10 s
        assertBridged(c1, annSip);
        assertBridged(c2, bobSip);

        var from = started.minusSeconds(60);
        var to = sim.clock().instant().plusSeconds(60);
        var stats = owner.get("/api/v1/queues/" + queueId + "/stats?from=" + from + "&to=" + to).json();
        assertThat(stats.get("offered").asLong()).isEqualTo(4);
        assertThat(stats.get("answered").asLong()).isEqualTo(2);
        assertThat(stats.get("abandoned").asLong()).isEqualTo(2);
        assertThat(stats.get("short_abandoned").asLong()).isEqualTo(1);
        assertThat(stats.get("timed_out").asLong()).isZero();
        // Answered within 20 s: c1 only; over answered 2 + abandoned 2 - short 1 = 3.
        assertThat(stats.get("service_level_percent").asDouble()).isEqualTo(33.3);
        assertThat(stats.get("average_speed_of_answer_seconds").asDouble()).isEqualTo(26.5);
        assertThat(stats.get("longest_wait_seconds").asInt()).isEqualTo(41);
        var perMember = new HashMap<String, String>();
        stats.get("members").forEach(m -> perMember.put(m.get("member_id").asString(),
                m.get("offers").asLong() + "/" + m.get("answered").asLong() + "/" + m.get("missed").asLong()));
        assertThat(perMember).containsEntry(ann, "1/1/0").containsEntry(bob, "1/1/0");
    }

    @Test
    void withNobodyLoggedInCallersGoOnAndTheLastMemberToLeaveEmptiesTheLine() {
        queueWithEveryoneAway(Map.of("join_when_empty", false, "leave_when_empty", true, "empty_target", Map.of("kind", "VOICEMAIL")));
        var c1 = call("+17735550101");
        assertThat(callOf(c1).get("phase")).isEqualTo("VOICEMAIL_GREETING");
        assertThat(events("OVERFLOWED").getFirst().get("detail")).isEqualTo("nobody logged in");

        sim.phone(annSip, PhoneScript.answerAfter(Duration.ofSeconds(2)));
        status(ann, "AVAILABLE");
        var c2 = call("+17735550102");
        sim.advance(Duration.ofSeconds(2));
        assertBridged(c2, annSip);
        var c3 = call("+17735550103");                       // Ann is busy: c3 waits
        sim.advance(Duration.ofSeconds(10));
        assertThat(callOf(c3).get("phase")).isEqualTo("QUEUED");
        status(ann, "AWAY");                                 // the last one logged in leaves
        assertThat(callOf(c3).get("phase")).isEqualTo("VOICEMAIL_GREETING");
        assertThat(events("OVERFLOWED")).hasSize(2);
        assertThat(callOf(c2).get("phase")).isEqualTo("BRIDGED"); // her current call goes on
    }

    @Test
    void callbacksAreMadeOnlyInBusinessHours() {
        // Open until five minutes from now and from 09:00 tomorrow (the class's clock starts at Wednesday noon in
        // Chicago; the tests before this one moved it on by some minutes or hours, never past the evening).
        var chicago = java.time.ZoneId.of("America/Chicago");
        var now = sim.clock().instant().atZone(chicago);
        var closes = now.plusMinutes(5).truncatedTo(java.time.temporal.ChronoUnit.MINUTES);
        var reopens = now.toLocalDate().plusDays(1).atTime(9, 0).atZone(chicago);
        var hours = owner.put("/api/v1/business-hours", Map.of("ranges", List.of(
                Map.of("day", now.getDayOfWeek().name(), "start", "00:00", "end", closes.toLocalTime().toString()),
                Map.of("day", reopens.getDayOfWeek().name(), "start", "09:00", "end", "17:00"))));
        assertThat(hours.status()).as(hours.body()).isEqualTo(200);
        queueWithEveryoneAway(Map.of());
        var c1 = call("+17735550101");                       // open
        sim.advance(Duration.ofSeconds(3));
        c1.press("1");
        sim.advance(Duration.ofSeconds(10));
        assertThat(callOf(c1).get("outcome")).isEqualTo("CALLBACK_REQUESTED");
        sim.advance(Duration.ofMinutes(6));                   // closed
        sim.phone(bobSip, PhoneScript.answerAfter(Duration.ofSeconds(2)));
        sim.phone("+17735550101", PhoneScript.answerAfter(Duration.ofSeconds(3)));
        status(bob, "AVAILABLE");
        assertThat(legsTo(bobSip)).isEmpty();
        sim.advance(Duration.between(sim.clock().instant(), reopens.toInstant()).minusMinutes(54)); // tomorrow 08:06
        assertThat(legsTo(bobSip)).isEmpty();
        sim.advance(Duration.ofMinutes(54));                  // 09:00 it opens, and the callback is made
        assertThat(legsTo(bobSip)).hasSize(1);
        assertThat(((java.sql.Timestamp) events("OFFERED").getLast().get("at")).toInstant()).isEqualTo(reopens.toInstant());
        sim.advance(Duration.ofSeconds(5));
        assertThat(legsTo(bobSip).getFirst().bridgedWith()).isEqualTo(legsTo("+17735550101").getFirst().callControlId());
        assertThat(events("CALLBACK_COMPLETED")).hasSize(1);
    }

    /**
     * The business closes with a callback waiting (its turn computed for tomorrow 09:00); then the owner opens
     * early, by an override or by changing the hours: the callback is made at once, not tomorrow.
     */
    @ParameterizedTest
    @ValueSource(strings = {"override", "hours"})
    void aCallbackWaitingForTheOpeningIsMadeWhenTheBusinessOpensEarly(String how) {
        var chicago = java.time.ZoneId.of("America/Chicago");
        var now = sim.clock().instant().atZone(chicago);
        var closes = now.plusMinutes(5).truncatedTo(java.time.temporal.ChronoUnit.MINUTES);
        var tomorrow = now.toLocalDate().plusDays(1).getDayOfWeek().name();
        var hours = owner.put("/api/v1/business-hours", Map.of("ranges", List.of(
                Map.of("day", now.getDayOfWeek().name(), "start", "00:00", "end", closes.toLocalTime().toString()),
                Map.of("day", tomorrow, "start", "09:00", "end", "17:00"))));
        assertThat(hours.status()).as(hours.body()).isEqualTo(200);
        var customer = randomNumber("773");
        callbackRequestedBy(customer);
        sim.advance(Duration.ofMinutes(6));                   // closed
        sim.phone(bobSip, PhoneScript.answerAfter(Duration.ofSeconds(2)));
        sim.phone(customer, PhoneScript.answerAfter(Duration.ofSeconds(3)));
        status(bob, "AVAILABLE");
        sim.advance(Duration.ofMinutes(1));
        assertThat(legsTo(bobSip)).isEmpty();
        var opened = switch (how) {
            case "override" -> owner.post("/api/v1/business-hours/overrides", Map.of("kind", "OPEN_UNTIL_NEXT_CHANGE",
                    "reason", "back early"));
            default -> {
                var later = sim.clock().instant().atZone(chicago);
                yield owner.put("/api/v1/business-hours", Map.of("ranges", List.of(
                        Map.of("day", later.getDayOfWeek().name(), "start", "00:00", "end", "23:59"),
                        Map.of("day", tomorrow, "start", "09:00", "end", "17:00"))));
            }
        };
        assertThat(opened.status()).as(opened.body()).isBetween(200, 201);
        sim.advance(Duration.ofSeconds(1));
        assertThat(legsTo(bobSip)).hasSize(1);
        sim.advance(Duration.ofSeconds(6));
        assertThat(legsTo(bobSip).getFirst().bridgedWith()).isEqualTo(legsTo(customer).getFirst().callControlId());
        assertThat(events("CALLBACK_COMPLETED")).hasSize(1);
    }

    /**
     * A callback nobody made by the end of the next business day after it was asked for is given up, not dialled days
     * later about a need long met elsewhere (asked for on Friday evening it is still made on Monday, the next day open).
     * Its history says so, the statistics count it, it leaves the line, and a member coming free later calls nobody. It
     * waited for ever: found by the queue walk (a Friday evening's callback still dialled on the Wednesday after).
     */
    @Test
    void aCallbackNotMadeByTheEndOfTheNextBusinessDayIsGivenUp() {
        // Open today until five minutes from now and tomorrow 09:00 to 17:00 (the class's clock starts at Wednesday noon
        // in Chicago; the tests before this one moved it on by some minutes or days).
        var chicago = java.time.ZoneId.of("America/Chicago");
        var now = sim.clock().instant().atZone(chicago);
        var closes = now.plusMinutes(5).truncatedTo(java.time.temporal.ChronoUnit.MINUTES);
        var tomorrow = now.toLocalDate().plusDays(1);
        var hours = owner.put("/api/v1/business-hours", Map.of("ranges", List.of(
                Map.of("day", now.getDayOfWeek().name(), "start", "00:00", "end", closes.toLocalTime().toString()),
                Map.of("day", tomorrow.getDayOfWeek().name(), "start", "09:00", "end", "17:00"))));
        assertThat(hours.status()).as(hours.body()).isEqualTo(200);
        var customer = randomNumber("773");
        callbackRequestedBy(customer);
        var entry = events("CALLBACK_REQUESTED").getFirst().get("entry_id").toString();
        var request = events("CALLBACK_REQUESTED").getFirst().get("call_id");
        // Nobody takes callbacks tomorrow either: at its very end the callback is still waiting.
        var endOfTomorrow = tomorrow.plusDays(1).atStartOfDay(chicago).toInstant();
        sim.advance(Duration.between(sim.clock().instant(), endOfTomorrow).minusMinutes(1));
        assertThat(owner.get("/api/v1/queues/" + queueId + "/callers").json().size()).isEqualTo(1);
        assertThat(events("CALLBACK_EXPIRED")).isEmpty();
        sim.advance(Duration.ofMinutes(1));
        var expired = events("CALLBACK_EXPIRED");
        assertThat(expired).hasSize(1);
        assertThat(expired.getFirst().get("entry_id").toString()).isEqualTo(entry);
        assertThat(((java.sql.Timestamp) expired.getFirst().get("at")).toInstant()).isEqualTo(endOfTomorrow);
        assertThat(owner.get("/api/v1/queues/" + queueId + "/callers").json().size()).isZero();
        var stats = owner.get("/api/v1/queues/" + queueId + "/stats?from=" + started.minusSeconds(60) + "&to="
                + sim.clock().instant().plusSeconds(60)).json();
        assertThat(stats.get("callbacks_requested").asLong()).isEqualTo(1);
        assertThat(stats.get("callbacks_completed").asLong()).isZero();
        assertThat(stats.get("callbacks_expired").asLong()).isEqualTo(1);
        var history = owner.get("/api/v1/call-logs/" + request).json().get("callback").get("history");
        assertThat(history.get(history.size() - 1).get("type").asString()).isEqualTo("CALLBACK_EXPIRED");
        // The next opening, with Bob there: the customer is not called.
        var nextOpen = owner.put("/api/v1/business-hours", Map.of("ranges", List.of(Map.of("day",
                sim.clock().instant().atZone(chicago).getDayOfWeek().name(), "start", "00:00", "end", "23:59"))));
        assertThat(nextOpen.status()).as(nextOpen.body()).isEqualTo(200);
        sim.phone(bobSip, PhoneScript.answerAfter(Duration.ofSeconds(2)));
        status(bob, "AVAILABLE");
        sim.advance(Duration.ofSeconds(10));
        assertThat(legsTo(bobSip)).isEmpty();
        assertThat(legsTo(customer)).isEmpty();
    }

    /**
     * A customer whose callback is still pending who calls again and asks for it again is told "you keep your place": their
     * callback then counts as asked for that day, and is given up only at the end of the next business day after it. It was
     * given up at the end of the day they asked again, hours after they were told they kept their place.
     */
    @Test
    void aCallbackAskedForAgainIsGivenUpOnlyAtTheEndOfTheNextBusinessDayAfterTheLastAsk() {
        var chicago = java.time.ZoneId.of("America/Chicago");
        var now = sim.clock().instant().atZone(chicago);
        var closes = now.plusMinutes(5).truncatedTo(java.time.temporal.ChronoUnit.MINUTES);
        var tomorrow = now.toLocalDate().plusDays(1);
        var dayAfter = tomorrow.plusDays(1);
        var hours = owner.put("/api/v1/business-hours", Map.of("ranges", List.of(
                Map.of("day", now.getDayOfWeek().name(), "start", "00:00", "end", closes.toLocalTime().toString()),
                Map.of("day", tomorrow.getDayOfWeek().name(), "start", "09:00", "end", "17:00"),
                Map.of("day", dayAfter.getDayOfWeek().name(), "start", "09:00", "end", "17:00"))));
        assertThat(hours.status()).as(hours.body()).isEqualTo(200);
        var customer = randomNumber("773");
        callbackRequestedBy(customer);
        // Tomorrow morning, open, nobody free yet: they call again and ask again.
        sim.advance(Duration.between(sim.clock().instant(), tomorrow.atTime(10, 0).atZone(chicago).toInstant()));
        var again = call(customer);
        sim.advance(Duration.ofSeconds(3));
        again.press("1");
        sim.advance(Duration.ofSeconds(10));
        assertThat(again.heard()).contains("You already asked us to call you back, and you keep your place. Goodbye.");
        assertThat(events("CALLBACK_MERGED")).hasSize(1);
        // The end of tomorrow: still theirs, asked for again today.
        sim.advance(Duration.between(sim.clock().instant(), dayAfter.atStartOfDay(chicago).toInstant()).plusMinutes(1));
        assertThat(events("CALLBACK_EXPIRED")).isEmpty();
        assertThat(owner.get("/api/v1/queues/" + queueId + "/callers").json().size()).isEqualTo(1);
        // Not made by the end of the day after: given up then.
        var endOfDayAfter = dayAfter.plusDays(1).atStartOfDay(chicago).toInstant();
        sim.advance(Duration.between(sim.clock().instant(), endOfDayAfter));
        assertThat(events("CALLBACK_EXPIRED")).hasSize(1);
        assertThat(((java.sql.Timestamp) events("CALLBACK_EXPIRED").getFirst().get("at")).toInstant()).isEqualTo(endOfDayAfter);
    }

    /**
     * A queue deleted after its callbacks were dealt with leaves no timer failing: the one for when its callback would have
     * been given up fired for a queue no longer there, failed, and was tried again and again, an error logged each time,
     * until kept as failed.
     */
    @Test
    void aQueueDeletedAfterItsCallbackWasDealtWithLeavesNoTimerFailing() {
        callbackRequestedBy(randomNumber("773"));
        var entry = events("CALLBACK_REQUESTED").getFirst().get("entry_id").toString();
        var cancelled = owner.delete("/api/v1/queues/" + queueId + "/callbacks/" + entry);
        assertThat(cancelled.status()).as(cancelled.body()).isIn(200, 204);
        for (var rule : owner.get("/api/v1/routing-rules").json()) {
            var id = rule.has("rule") ? rule.get("rule").get("id").asString() : rule.get("id").asString();
            assertThat(owner.delete("/api/v1/routing-rules/" + id).status()).isIn(200, 204);
        }
        var deleted = owner.delete("/api/v1/queues/" + queueId);
        assertThat(deleted.status()).as(deleted.body()).isEqualTo(204);
        sim.advance(Duration.ofDays(3));
        var failing = inCompany(() -> jdbc.sql("""
                select count(*) from timers where company_id = :c and kind = 'queue' and ref = :q and (attempts > 0 or failed_at is not null)
                """).param("c", company.value()).param("q", UUID.fromString(queueId)).query(Integer.class).single());
        assertThat(failing).isZero();
    }

    /** Closed for three weeks (longer than the schedule looks ahead, two): the callback is made when it opens again. */
    @Test
    void aCallbackWaitsThroughAClosureLongerThanTheScheduleLooksAhead() {
        var customer = randomNumber("773");
        callbackRequestedBy(customer);
        // Closed every day for three weeks from today (a holiday repeating daily); no business hours, so open after.
        var today = sim.clock().instant().atZone(java.time.ZoneId.of("America/Chicago")).toLocalDate();
        var reopens = today.plusDays(21).atStartOfDay(java.time.ZoneId.of("America/Chicago")).toInstant();
        var closed = owner.post("/api/v1/holidays", Map.of("name", "Closed for the season", "date", today.toString(),
                "recurrence", "CUSTOM", "rrule", "FREQ=DAILY;COUNT=21", "greeting_text", "We are closed for the season."));
        assertThat(closed.status()).as(closed.body()).isEqualTo(201);
        sim.phone(bobSip, PhoneScript.answerAfter(Duration.ofSeconds(2)));
        sim.phone(customer, PhoneScript.answerAfter(Duration.ofSeconds(3)));
        status(bob, "AVAILABLE");
        sim.advance(Duration.between(sim.clock().instant(), reopens).minusMinutes(1));
        assertThat(legsTo(bobSip)).isEmpty();
        sim.advance(Duration.ofMinutes(1));
        assertThat(legsTo(bobSip)).hasSize(1);
        assertThat(((java.sql.Timestamp) events("OFFERED").getLast().get("at")).toInstant()).isEqualTo(reopens);
        sim.advance(Duration.ofSeconds(6));
        assertThat(events("CALLBACK_COMPLETED")).hasSize(1);
    }

    @Test
    void aCallbackWhoseCustomerDoesNotAnswerIsTriedTwiceMoreFiveMinutesApartThenGivenUp() {
        queueWithEveryoneAway(Map.of("wrap_up_seconds", 0));
        var c1 = call("+17735550177");
        sim.advance(Duration.ofSeconds(3));
        c1.press("1");
        sim.advance(Duration.ofSeconds(10));
        sim.phone(bobSip, PhoneScript.answerAfter(Duration.ofSeconds(2)));
        sim.phone("+17735550177", new PhoneScript.Busy());
        status(bob, "AVAILABLE");
        sim.advance(Duration.ofSeconds(5));
        assertThat(legsTo("+17735550177")).hasSize(1);
        assertThat(events("CALLBACK_FAILED")).hasSize(1);
        sim.advance(Duration.ofMinutes(4));
        assertThat(legsTo(bobSip)).hasSize(1);          // not before five minutes
        sim.advance(Duration.ofMinutes(1));
        assertThat(legsTo(bobSip)).hasSize(2);          // Bob first again, then the customer
        sim.advance(Duration.ofSeconds(5));
        assertThat(legsTo("+17735550177")).hasSize(2);
        sim.advance(Duration.ofMinutes(5).plusSeconds(5));
        assertThat(legsTo("+17735550177")).hasSize(3);
        assertThat(events("CALLBACK_FAILED").getLast().get("detail").toString()).endsWith("given up after 3 calls");
        sim.advance(Duration.ofMinutes(30));
        assertThat(legsTo("+17735550177")).hasSize(3);  // no more
        assertThat(owner.get("/api/v1/queues/" + queueId + "/callers").json().size()).isZero();
    }

    /**
     * Two callbacks whose customers did not answer, tried again five minutes after each: the first is tried again at its
     * own time. Each retry was the queue's one timer named 'dispatch', so the second one's retry, two minutes later, moved
     * it: the first customer waited until the second's retry.
     */
    @Test
    void twoCallbacksTriedAgainAtDifferentTimesAreEachTriedAgainAtTheirOwnTime() {
        queueWithEveryoneAway(Map.of("wrap_up_seconds", 0));
        var first = randomNumber("773");
        var second = randomNumber("773");
        sim.phone(bobSip, PhoneScript.answerAfter(Duration.ofSeconds(2)));
        sim.phone(first, new PhoneScript.Busy());
        sim.phone(second, new PhoneScript.Busy());
        var c1 = call(first);
        sim.advance(Duration.ofSeconds(3));
        c1.press("1");
        sim.advance(Duration.ofSeconds(10));
        status(bob, "AVAILABLE");
        sim.advance(Duration.ofSeconds(5));
        assertThat(legsTo(first)).hasSize(1);
        assertThat(events("CALLBACK_FAILED")).hasSize(1);
        var firstRetry = sim.clock().instant().plus(Duration.ofMinutes(5)).minusSeconds(5);
        status(bob, "AWAY");
        sim.advance(Duration.ofMinutes(2));
        var c2 = call(second);
        sim.advance(Duration.ofSeconds(3));
        c2.press("1");
        sim.advance(Duration.ofSeconds(10));
        status(bob, "AVAILABLE");
        sim.advance(Duration.ofSeconds(5));
        assertThat(legsTo(second)).hasSize(1);
        assertThat(events("CALLBACK_FAILED")).hasSize(2);

        sim.advance(Duration.between(sim.clock().instant(), firstRetry).plusSeconds(10));
        assertThat(legsTo(first)).as("the first callback is tried again five minutes after its failure, not after the second's")
                .hasSize(2);
        assertThat(legsTo(second)).hasSize(1);
        sim.advance(Duration.ofMinutes(3));
        assertThat(legsTo(second)).as("and the second at its own time").hasSize(2);
    }

    /**
     * A customer whose callback is pending calls again: they wait in its place, the callback is not dialled while they are
     * on hold in the same line (it was: the member who took it called a customer busy waiting for them), and once they are
     * answered it is done; hanging up again, they keep it (found by a walk of the demo).
     */
    @Test
    void aCustomerWhoseCallbackIsPendingCallsAgainWaitsInItsPlaceAndIsNotDialledWhileOnHold() {
        callbackRequestedBy("+17735550102");
        var other = call("+17735550109");
        sim.advance(Duration.ofSeconds(3));
        var again = call("+17735550102");
        sim.advance(Duration.ofSeconds(3));
        assertThat(first(again.heard())).as("the callback's place, before the caller who came since").contains("You are next in line.");
        // Hung up again while waiting: the callback is still theirs, in its place.
        again.hangUp();
        sim.advance(Duration.ofSeconds(2));
        var back = call("+17735550102");
        sim.advance(Duration.ofSeconds(3));
        assertThat(first(back.heard())).contains("You are next in line.");
        // Bob is free: the caller on hold is offered to him, not their callback.
        sim.phone(bobSip, PhoneScript.answerAfter(Duration.ofSeconds(2)));
        status(bob, "AVAILABLE");
        sim.advance(Duration.ofSeconds(3));
        assertBridged(back, bobSip);
        assertThat(legsTo("+17735550102")).as("the customer on hold is not dialled").isEmpty();
        // Answered in the callback's place, the callback is done: nobody calls them back later.
        sim.phone(annSip, PhoneScript.answerAfter(Duration.ofSeconds(2)));
        status(ann, "AVAILABLE");
        sim.advance(Duration.ofSeconds(3));
        assertBridged(other, annSip);
        back.hangUp();
        other.hangUp();
        sim.advance(Duration.ofMinutes(2));
        assertThat(legsTo("+17735550102")).isEmpty();
        assertThat(events("CALLBACK_MERGED")).extracting(e -> e.get("detail")).containsExactly(dev.switchboard.queue.QueueLine.CALLED_AGAIN);
        assertThat(owner.get("/api/v1/queues/" + queueId + "/callers").json()).isEmpty();
    }

    /**
     * A customer whose callback is pending and who calls again is one caller: the supervisor's list shows them once, where
     * they wait, and the caller behind them hears their true place. They were listed twice (the callback and the call), and
     * the caller behind was told "number 3" at their next announcement with one person ahead (found by the queue walk).
     */
    @Test
    void aCustomerWhoseCallbackIsPendingAndWhoCallsAgainIsCountedOnceInTheLine() {
        callbackRequestedBy("+17735550131");
        var behind = call("+17735550132");
        sim.advance(Duration.ofSeconds(3));
        assertThat(first(behind.heard())).contains("You are number 2 in line.");
        call("+17735550131");
        sim.advance(Duration.ofSeconds(3));
        var callers = owner.get("/api/v1/queues/" + queueId + "/callers").json();
        assertThat(callers.size()).as(callers.toString()).isEqualTo(2);
        assertThat(callers.get(0).get("from").asString()).isEqualTo("+17735550131");
        assertThat(callers.get(0).get("state").asString()).isEqualTo("WAITING");
        assertThat(callers.get(1).get("from").asString()).isEqualTo("+17735550132");
        assertThat(callers.get(1).get("position").asInt()).isEqualTo(2);
        assertThat(webLogin(owner.email(), "correct-horse").get("/queues").body()).contains("2 callers waiting");
        // The repeat 30 s after joining tells the caller behind the same place.
        sim.advance(Duration.ofSeconds(30));
        assertThat(behind.heard().stream().filter(h -> h.contains("in line.")).toList().getLast()).contains("You are number 2 in line.");
    }

    /**
     * A customer whose callback is pending who calls again and is answered in its place is done with it at once: it leaves
     * the supervisor's list, and the caller behind is next. It stayed listed as pending (and counted ahead of everyone
     * behind) until a member next came free, while its customer talked to a member (found by the queue walk).
     */
    @Test
    void aPendingCallbackIsDoneAsItsCustomerIsAnsweredInItsPlace() {
        callbackRequestedBy("+17735550133");
        var behind = call("+17735550134");
        sim.advance(Duration.ofSeconds(3));
        var again = call("+17735550133");
        sim.advance(Duration.ofSeconds(3));
        sim.phone(bobSip, PhoneScript.answerAfter(Duration.ofSeconds(2)));
        status(bob, "AVAILABLE");
        sim.advance(Duration.ofSeconds(3));
        assertBridged(again, bobSip);
        var callers = owner.get("/api/v1/queues/" + queueId + "/callers").json();
        assertThat(callers.size()).as(callers.toString()).isEqualTo(1);
        assertThat(callers.get(0).get("from").asString()).isEqualTo("+17735550134");
        assertThat(events("CALLBACK_MERGED")).extracting(e -> e.get("detail")).containsExactly(dev.switchboard.queue.QueueLine.CALLED_AGAIN);
        // One customer, answered (after 21 s, within a 60 s service level): not also a callback still owed in the base.
        assertThat(owner.patch("/api/v1/queues/" + queueId, Map.of("service_level_seconds", 60)).status()).isEqualTo(200);
        var stats = owner.get("/api/v1/queues/" + queueId + "/stats").json();
        assertThat(stats.get("answered").asLong()).isEqualTo(1);
        assertThat(stats.get("callbacks_requested").asLong()).as("they did ask for one").isEqualTo(1);
        assertThat(stats.get("service_level_percent").asDouble()).as(stats.toString()).isEqualTo(100.0);
        sim.advance(Duration.ofSeconds(30));
        assertThat(behind.heard().stream().filter(h -> h.contains("in line.")).toList().getLast()).contains("You are next in line.");
    }

    /**
     * A customer whose callback is pending, who called again and hung up before the queue could put them through to the
     * member who answered, keeps their callback: that answer did not do it.
     */
    @Test
    void aPendingCallbackIsKeptWhenItsCustomerLeftBeforeTheAnswerPutThemThrough() {
        callbackRequestedBy("+17735550135");
        var again = call("+17735550135");
        sim.advance(Duration.ofSeconds(3));
        sim.phone(bobSip, PhoneScript.answerAfter(Duration.ofSeconds(3)));
        sim.delayNextDeliveries(1, Duration.ofSeconds(3), "call.answered"); // Bob's answer at 3 s, delivered at 6 s
        status(bob, "AVAILABLE");
        sim.advance(Duration.ofSeconds(4));
        sim.delayNextDeliveries(1, Duration.ofSeconds(5), "call.hangup"); // the caller's, at 4 s, delivered at 9 s
        again.hangUp();
        sim.advance(Duration.ofSeconds(8));
        assertThat(events("CONNECTED")).isEmpty();
        assertThat(events("CALLBACK_MERGED")).isEmpty();
        assertThat(inCompany(() -> jdbc.sql("select state from queue_entries where company_id = :c and callback_number = '+17735550135'")
                .param("c", company.value()).query(String.class).single())).isIn("CALLBACK", "CALLBACK_DIALING");
        // The callback offered to Bob meanwhile is no concern of the tests after this one (they share the simulator).
        sim.legs().stream().filter(l -> l.state() != Leg.State.ENDED && (bobSip.equals(l.to()) || "+17735550135".equals(l.to())))
                .forEach(l -> sim.handle("POST", "/v2/calls/" + l.callControlId() + "/actions/hangup", "{}"));
        sim.advance(Duration.ofSeconds(1));
    }

    /**
     * A pending callback can be cancelled (the customer was reached another way, or asked not to be called): it leaves the
     * line and nobody dials the customer; its history says who. There was no way to, and the queue could not be deleted
     * while it waited (found by a walk of the demo).
     */
    @Test
    void aPendingCallbackCanBeCancelledAndIsThenNeverMade() {
        callbackRequestedBy("+17735550103");
        var callers = owner.get("/api/v1/queues/" + queueId + "/callers").json();
        assertThat(callers.size()).isEqualTo(1);
        var entry = callers.get(0).get("entry_id").asString();
        assertThat(owner.delete("/api/v1/queues/" + queueId + "/callbacks/" + entry).status()).isEqualTo(204);
        assertThat(owner.get("/api/v1/queues/" + queueId + "/callers").json()).isEmpty();
        assertThat(owner.delete("/api/v1/queues/" + queueId + "/callbacks/" + entry).status()).as("no longer pending").isEqualTo(404);
        sim.phone(bobSip, PhoneScript.answerAfter(Duration.ofSeconds(2)));
        status(bob, "AVAILABLE");
        sim.advance(Duration.ofMinutes(2));
        assertThat(legsTo("+17735550103")).isEmpty();
        assertThat(legsTo(bobSip)).as("nobody was offered it").isEmpty();
        var history = owner.get("/api/v1/queues/" + queueId + "/entries/" + entry + "/history").json();
        assertThat(history.toString()).contains("CALLBACK_CANCELLED").contains("\"detail\":\"by " + owner.email() + "\"");
    }

    /** A customer waiting in line asks for a callback (Ann and Bob away), as in the tests above. */
    void callbackRequestedBy(String customer) {
        queueWithEveryoneAway(Map.of("wrap_up_seconds", 0));
        var c = call(customer);
        sim.advance(Duration.ofSeconds(3));
        c.press("1");
        sim.advance(Duration.ofSeconds(10));
        assertThat(events("CALLBACK_REQUESTED")).hasSize(1);
    }

    /**
     * {@code customer} asks for a callback; Bob, made Available, is offered it and answers after 2 s, and the customer (who
     * answers after {@code customerAnswersAfter}) is dialled.
     */
    void bobTakesTheCallbackOf(String customer, Duration customerAnswersAfter) {
        callbackRequestedBy(customer);
        sim.phone(bobSip, PhoneScript.answerAfter(Duration.ofSeconds(2)));
        sim.phone(customer, PhoneScript.answerAfter(customerAnswersAfter));
        status(bob, "AVAILABLE");
        sim.advance(Duration.ofSeconds(2));
    }

    /** The latest outbound call (a callback), as its row. */
    Map<String, Object> latestCallOut() {
        return inCompany(() -> jdbc.sql("select * from calls where company_id = :c and direction = 'OUTBOUND' order by started_at desc limit 1")
                .param("c", company.value()).query().singleRow());
    }

    /**
     * A company that records its calls by default records its callbacks too, as its click-to-calls
     * (OutboundRecordingFlowTest): the customer is told when they answer, then put through to Bob, recorded.
     */
    @Test
    void aCallbackOfACompanyRecordingByDefaultIsRecordedOnceTheCustomerIsTold() {
        var customer = randomNumber("773");
        callbackRequestedBy(customer);
        var recorded = owner.put("/api/v1/phone-settings", Map.of("recording_default", true));
        assertThat(recorded.status()).as(recorded.body()).isEqualTo(200);
        sim.phone(bobSip, PhoneScript.answerAfter(Duration.ofSeconds(2)));
        sim.phone(customer, PhoneScript.answerAfter(Duration.ofSeconds(2)));
        status(bob, "AVAILABLE");
        sim.advance(Duration.ofSeconds(4)); // Bob answers; the customer is dialled and answers
        var customerLeg = legsTo(customer).getFirst();
        assertThat(customerLeg.heard()).containsExactly(dev.switchboard.routing.PhoneSettings.DEFAULT_RECORDING_ANNOUNCEMENT);
        sim.advance(Duration.ofSeconds(8));
        assertThat(customerLeg.bridgedWith()).isEqualTo(legsTo(bobSip).getFirst().callControlId());
        sim.advance(Duration.ofSeconds(20));
        sim.hangUpAnsweredPhone(customerLeg.callControlId());
        sim.advance(Duration.ofSeconds(5));
        var out = latestCallOut();
        assertThat(out.get("outcome")).isEqualTo("ANSWERED");
        assertThat(out.get("recording_url")).isNotNull();
        assertThat(out.get("recording_media_id")).isNotNull();
        assertThat(owner.get("/api/v1/call-logs/" + out.get("id")).json().get("call").get("recording_status").asString()).isEqualTo("STORED");
        assertThat(events("CALLBACK_COMPLETED")).hasSize(1);
        assertThat(activeCalls(bob)).isZero();
    }

    /**
     * Bob, on a callback with the customer, transfers them to an outside number that does not answer: the call stays with
     * Bob, and that number's unanswered ring is no failed callback (it was the customer's ring that once made the callback
     * fail and be tried again); the callback stays made, once. Bob then hands them on to a number that answers.
     */
    @Test
    void aCallbackTransferredOnIsMadeOnceWhateverItsTransfersRingAndWhoeverAnswersThem() {
        var customer = randomNumber("773");
        callbackRequestedBy(customer);
        sim.phone(bobSip, PhoneScript.answerAfter(Duration.ofSeconds(2)));
        sim.phone(customer, PhoneScript.answerAfter(Duration.ofSeconds(2)));
        status(bob, "AVAILABLE");
        sim.advance(Duration.ofSeconds(10));
        var out = latestCallOut();
        assertThat(out.get("phase")).isEqualTo("BRIDGED");
        assertThat(events("CALLBACK_COMPLETED")).hasSize(1);

        var nobody = randomNumber("630");
        sim.phone(nobody, new PhoneScript.NeverAnswer());
        var first = owner.post("/api/v1/calls/" + out.get("id") + "/transfer", Map.of("number", nobody));
        assertThat(first.status()).as(first.body()).isEqualTo(200);
        sim.advance(Duration.ofSeconds(35));
        assertThat(legsTo(nobody).getFirst().state()).isEqualTo(Leg.State.ENDED);
        assertThat(latestCallOut().get("phase")).as("still with Bob").isEqualTo("BRIDGED");
        assertThat(legsTo(customer).getFirst().bridgedWith()).isEqualTo(legsTo(bobSip).getFirst().callControlId());
        assertThat(events("CALLBACK_FAILED")).as("a transfer's ring is not the customer's").isEmpty();

        var colleague = randomNumber("630");
        sim.phone(colleague, PhoneScript.answerAfter(Duration.ofSeconds(2)));
        var second = owner.post("/api/v1/calls/" + out.get("id") + "/transfer", Map.of("number", colleague));
        assertThat(second.status()).as(second.body()).isEqualTo(200);
        sim.advance(Duration.ofSeconds(3));
        assertThat(legsTo(customer).getFirst().bridgedWith()).isEqualTo(legsTo(colleague).getFirst().callControlId());
        assertThat(activeCalls(bob)).isZero();
        sim.advance(Duration.ofSeconds(30));
        sim.hangUpAnsweredPhone(legsTo(colleague).getFirst().callControlId());
        sim.advance(Duration.ofSeconds(2));
        assertThat(legsTo(customer).getFirst().state()).isEqualTo(Leg.State.ENDED);
        assertThat(latestCallOut().get("outcome")).isEqualTo("ANSWERED");
        assertThat(events("CALLBACK_COMPLETED")).hasSize(1);
        assertThat(events("CALLBACK_FAILED")).isEmpty();
        assertThat(owner.get("/api/v1/queues/" + queueId + "/callers").json().size()).isZero();
        sim.advance(Duration.ofMinutes(10));
        assertThat(legsTo(customer)).as("not called again").hasSize(1);
    }

    /**
     * The customer answers their callback 2 s after Bob, but that answer is delivered after their hangup: the
     * callback was made (completed, not tried again five minutes later), and its call out is answered.
     */
    @Test
    void aCallbackWhoseAnswerIsDeliveredAfterTheCustomersHangupIsCompletedNotTriedAgain() {
        var customer = randomNumber("773");
        bobTakesTheCallbackOf(customer, Duration.ofSeconds(2)); // Bob answers; the customer is dialled
        assertThat(legsTo(customer)).hasSize(1);
        sim.delayNextDeliveries(1, Duration.ofSeconds(5), "call.answered"); // the customer's answer, only
        sim.advance(Duration.ofSeconds(6));
        sim.hangUpAnsweredPhone(legsTo(customer).getFirst().callControlId());
        sim.advance(Duration.ofSeconds(10));
        assertThat(events("CALLBACK_COMPLETED")).hasSize(1);
        assertThat(latestCallOut().get("outcome")).isEqualTo("ANSWERED");
        sim.advance(Duration.ofMinutes(10));
        assertThat(legsTo(customer)).as("not called again").hasSize(1);
        assertThat(legsTo(bobSip)).hasSize(1);
        assertThat(owner.get("/api/v1/queues/" + queueId + "/callers").json().size()).isZero();
        assertThat(activeCalls(bob)).isZero();
    }

    /**
     * The reverse: Bob takes the callback and hangs up at 4 s while the customer's phone still rings, but his hangup is
     * delivered 10 s late; the customer picks up at 6 s, an answer delivered on time, which completed the callback.
     * Nobody talked to the customer (Bob had gone): the call out is not answered, and the callback was not made, so it is
     * tried again five minutes later, as one whose customer did not answer, and counted made once, when it is. So too
     * when the customer hangs up at once, before Bob's hangup arrives: the call out, ended as answered by their hangup, is
     * not answered after all. (Found by the randomized run of calls out, seed 7026: two callbacks completed, one call out
     * answered.)
     */
    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void aCallbackTheCustomerAnsweredOnlyAfterTheMemberHungUpIsTriedAgainNotCompleted(boolean customerHangsUpFirst) {
        var customer = randomNumber("773");
        bobTakesTheCallbackOf(customer, Duration.ofSeconds(4)); // Bob answers; the customer is dialled
        assertThat(legsTo(customer)).hasSize(1);
        sim.advance(Duration.ofSeconds(2));
        sim.delayNextDeliveries(1, Duration.ofSeconds(10), "call.hangup"); // Bob's hangup, delivered at 14 s
        sim.hangUpAnsweredPhone(legsTo(bobSip).getFirst().callControlId());
        sim.advance(Duration.ofSeconds(3)); // the customer answers at 6 s
        assertThat(events("CALLBACK_COMPLETED")).as("taken for made until Bob's hangup arrives").hasSize(1);
        if (customerHangsUpFirst) {
            sim.hangUpAnsweredPhone(legsTo(customer).getFirst().callControlId()); // at 7 s
            sim.advance(Duration.ofSeconds(1));
            assertThat(latestCallOut().get("outcome")).as("taken for answered until Bob's hangup arrives").isEqualTo("ANSWERED");
        }
        sim.advance(Duration.ofSeconds(10));
        var first = latestCallOut();
        assertThat(first.get("outcome")).isEqualTo("MISSED");
        assertThat(first.get("answered_at")).isNull();
        assertThat(((Number) first.get("billable_seconds")).intValue()).isZero();
        assertThat(events("CALLBACK_COMPLETED")).as("not made after all").isEmpty();
        assertThat(events("CALLBACK_FAILED").getLast().get("detail").toString()).startsWith("the customer answered only after Bob had hung up");
        assertThat(owner.get("/api/v1/queues/" + queueId + "/callers").json().size()).as("the callback still waits").isOne();

        sim.phone(customer, PhoneScript.answerAfter(Duration.ofSeconds(2)));
        sim.advance(Duration.ofMinutes(5));
        assertThat(legsTo(bobSip)).as("offered again five minutes later").hasSize(2);
        assertThat(legsTo(customer)).as("and the customer called again").hasSize(2);
        sim.advance(Duration.ofSeconds(5));
        assertThat(events("CALLBACK_COMPLETED")).hasSize(1);
        sim.hangUpAnsweredPhone(legsTo(customer).getLast().callControlId());
        sim.advance(Duration.ofSeconds(5));
        assertThat(latestCallOut().get("outcome")).isEqualTo("ANSWERED");
        assertThat(owner.get("/api/v1/queues/" + queueId + "/callers").json().size()).isZero();
        assertThat(activeCalls(bob)).isZero();
    }

    /**
     * Bob takes the callback and hangs up while the customer's phone rings, and our cancel of that ring never reaches the
     * carrier (refused with 500s): the customer picks up after the call out has ended and is hung up on. They were not
     * called back: the callback is tried again five minutes later, not left dialling for good (no retry, never offered
     * again). Found by the randomized run of calls out (seed 7020 once transfers were drawn).
     */
    @Test
    void aCallbackTheCustomerPicksUpOnlyAfterTheCallOutEndedIsTriedAgainNotLeftDialling() {
        var customer = randomNumber("773");
        bobTakesTheCallbackOf(customer, Duration.ofMillis(2500)); // Bob answers; the customer is dialled
        assertThat(legsTo(customer)).hasSize(1);
        sim.advance(Duration.ofSeconds(2));
        sim.failNextCommands(1, 500); // our hangup of the customer's ring: its retry comes too late
        sim.hangUpAnsweredPhone(legsTo(bobSip).getFirst().callControlId());
        assertThat(latestCallOut().get("ended_at")).isNotNull();
        assertThat(legsTo(customer).getFirst().state()).as("still ringing: the cancel did not get through").isEqualTo(Leg.State.RINGING);
        sim.advance(Duration.ofSeconds(5)); // the customer picks up at 4.5 s, and is hung up on
        assertThat(legsTo(customer).getFirst().state()).isEqualTo(Leg.State.ENDED);
        var callOut = latestCallOut();
        assertThat(callOut.get("answered_at")).isNull();
        assertThat(events("CALLBACK_COMPLETED")).isEmpty();
        assertThat(events("CALLBACK_FAILED").getLast().get("detail").toString())
                .startsWith("the customer answered only after the call out had ended");
        var waiting = owner.get("/api/v1/queues/" + queueId + "/callers").json();
        assertThat(waiting.size()).as("the callback still waits").isOne();
        assertThat(waiting.get(0).get("state").asString()).isEqualTo("CALLBACK");

        sim.phone(customer, PhoneScript.answerAfter(Duration.ofSeconds(2)));
        sim.advance(Duration.ofMinutes(5));
        assertThat(legsTo(bobSip)).as("offered again five minutes later").hasSize(2);
        sim.advance(Duration.ofSeconds(5));
        assertThat(legsTo(customer)).hasSize(2);
        assertThat(events("CALLBACK_COMPLETED")).hasSize(1);
        assertThat(activeCalls(bob)).isOne();
    }

    /**
     * A callback offered to Ann three times, who never answers, then taken by Bob and answered by the customer: the call
     * log (list, filters, export, analytics) has the customer's request and the one call out that reached them, answered by
     * Bob and linked to the queue entry; Ann's three offers called nobody, so they are no calls ABANDONED (nor missed),
     * listed only when asked for by their outcome. The call out's page keeps every offer, who was offered it and when.
     */
    @Test
    void aCallbackOfferNoMemberTookIsNoAbandonedCallAndTheCallThatReachedTheCustomerKeepsEveryOffer() throws Exception {
        var customer = randomNumber("773");
        callbackRequestedBy(customer);
        inCompany(() -> jdbc.sql("update call_queues set max_missed_offers = 10 where company_id = :c and id = :q")
                .param("c", company.value()).param("q", UUID.fromString(queueId)).update());
        sim.phone(annSip, new PhoneScript.NeverAnswer());
        status(ann, "AVAILABLE");
        sim.advance(Duration.ofSeconds(130));                // offered at 0, 45 and 120 s (her back-off): nobody else is free
        status(ann, "AWAY");
        sim.advance(Duration.ofSeconds(10));                 // her third offer rings out; the callback waits
        assertThat(legsTo(annSip)).hasSize(3);
        assertThat(events("NO_ANSWER")).hasSize(3);
        assertThat(legsTo(customer)).as("no customer was called by Ann's offers").isEmpty();
        var waiting = owner.get("/api/v1/queues/" + queueId + "/callers").json();
        assertThat(waiting.get(0).get("callback_number").asString()).isEqualTo(customer);
        assertThat(waiting.get(0).get("offers").asInt()).as("the queue says it was tried").isEqualTo(3);
        var web = webLogin(owner.get("/api/v1/me").json().get("email").asString(), "correct-horse");
        assertThat(web.get("/queues").body()).contains("<td class=\"offers\">3</td>");
        sim.phone(bobSip, PhoneScript.answerAfter(Duration.ofSeconds(2)));
        sim.phone(customer, PhoneScript.answerAfter(Duration.ofSeconds(3)));
        status(bob, "AVAILABLE");
        sim.advance(Duration.ofSeconds(10));
        assertThat(events("CALLBACK_COMPLETED")).hasSize(1);
        sim.hangUpAnsweredPhone(legsTo(customer).getFirst().callControlId());
        sim.advance(Duration.ofSeconds(5));

        var log = owner.get("/api/v1/call-logs").json();
        assertThat(log.size()).as(log.toString()).isEqualTo(2);
        var out = owner.get("/api/v1/call-logs?direction=OUTBOUND").json();
        assertThat(out.size()).as(out.toString()).isEqualTo(1);
        var callback = out.get(0);
        assertThat(callback.get("outcome").asString()).isEqualTo("ANSWERED");
        assertThat(callback.get("answered_by").asString()).isEqualTo(bob);
        assertThat(callback.get("to_number").asString()).isEqualTo(customer);
        var entryId = events("CALLBACK_REQUESTED").getFirst().get("entry_id").toString();
        assertThat(callback.get("metadata").get("queue_entry_id").asString()).isEqualTo(entryId);
        assertThat(owner.get("/api/v1/call-logs?outcome=ABANDONED").json().size()).isZero();
        assertThat(owner.get("/api/v1/call-logs?outcome=MISSED").json().size()).isZero();
        assertThat(owner.get("/api/v1/call-logs?member_id=" + ann).json().size()).as("Ann took no call").isZero();
        // Asked for, Ann's offers are there: nothing is hidden for good.
        var notTaken = owner.get("/api/v1/call-logs?outcome=OFFER_NOT_TAKEN").json();
        assertThat(notTaken.size()).isEqualTo(3);
        for (var offer : notTaken) {
            assertThat(offer.get("answered_by").isNull()).isTrue();
            assertThat(offer.get("metadata").get("queue_entry_id").asString()).isEqualTo(entryId);
        }
        // The analytics count two calls, neither missed.
        var summary = inCompany(() -> logs.summary(started.minusSeconds(60), sim.clock().instant().plusSeconds(60)));
        assertThat(summary.calls()).isEqualTo(2);
        assertThat(summary.missed()).isZero();

        // "Why did my callback take so long?": the call that reached the customer has every offer, whom and when.
        var detail = owner.get("/api/v1/call-logs/" + callback.get("id").asString()).json();
        var history = detail.get("callback").get("history");
        var steps = new java.util.ArrayList<String>();
        history.forEach(h -> steps.add(h.get("type").asString() + (h.get("member_id").isNull() ? ""
                : " " + (h.get("member_id").asString().equals(ann) ? "Ann" : "Bob"))));
        assertThat(steps).containsSubsequence("CALLBACK_REQUESTED", "OFFERED Ann", "NO_ANSWER Ann", "OFFERED Ann", "NO_ANSWER Ann",
                "OFFERED Ann", "NO_ANSWER Ann", "OFFERED Bob", "CALLBACK_DIALED Bob", "CALLBACK_COMPLETED Bob");
        assertThat(detail.get("callback").get("entry_id").asString()).isEqualTo(entryId);
        // The customer's own call, which asked for it, tells the same.
        var request = owner.get("/api/v1/call-logs?outcome=CALLBACK_REQUESTED").json().get(0).get("id").asString();
        assertThat(owner.get("/api/v1/call-logs/" + request).json().get("callback").get("history").size()).isEqualTo(history.size());

        // The queue's API has the entry's history too, as the call's.
        var fromQueue = owner.get("/api/v1/queues/" + queueId + "/entries/" + entryId + "/history");
        assertThat(fromQueue.status()).as(fromQueue.body()).isEqualTo(200);
        assertThat(fromQueue.json().toString()).isEqualTo(history.toString());
        var elsewhere = owner.get("/api/v1/queues/" + UUID.randomUUID() + "/entries/" + entryId + "/history");
        assertThat(elsewhere.status()).as("an entry asked for under another queue").isEqualTo(404);

        // The pages and the export as the API: two calls; the call out's page lists the offers, Ann's three among them.
        assertThat(web.get("/calls").body().split("class=\"call-row\"").length - 1).isEqualTo(2);
        var csv = org.apache.commons.csv.CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get()
                .parse(new java.io.StringReader(web.get("/calls/export.csv").body())).getRecords();
        assertThat(csv).extracting(r -> r.get("outcome")).containsExactlyInAnyOrder("ANSWERED", "CALLBACK_REQUESTED");
        var page = web.get("/calls/" + callback.get("id").asString()).body();
        var table = page.substring(page.indexOf("id=\"callback\""), page.indexOf("</table>", page.indexOf("id=\"callback\"")));
        assertThat(table.split("<td>Not taken by</td>").length - 1).as(table).isEqualTo(3);
        assertThat(table).contains("<td>Taken: the customer dialled by</td>", "<td>Bob</td>", "<td>The customer answered</td>");
        assertThat(web.get("/calls?outcome=OFFER_NOT_TAKEN").body().split("class=\"call-row\"").length - 1).isEqualTo(3);
        // Asked for among other outcomes, the offers are listed with the calls of those: here the call out that was answered.
        assertThat(web.get("/calls?outcome=ANSWERED,OFFER_NOT_TAKEN").body().split("class=\"call-row\"").length - 1).isEqualTo(4);
        var withOffers = owner.get("/api/v1/call-logs?outcome=offer_not_taken&outcome=CALLBACK_REQUESTED").json();
        var outcomes = new java.util.ArrayList<String>();
        withOffers.forEach(c -> outcomes.add(c.get("outcome").asString()));
        assertThat(outcomes).containsExactlyInAnyOrder("OFFER_NOT_TAKEN", "OFFER_NOT_TAKEN", "OFFER_NOT_TAKEN", "CALLBACK_REQUESTED");
    }

    /**
     * A callback offer its member lets ring out is offered to them again, when nobody else is free, only after a back-off:
     * 30 s after their first miss of it, doubling with each (at most the 5 min retry interval). It was offered to them
     * again at once, every ring timeout (0, 15, 30 s...), their phone ringing without a pause until they were set away; a
     * member free meanwhile is offered it at once.
     */
    @Test
    void aCallbackOfferLeftRingingIsOfferedToTheSameMemberAgainOnlyAfterABackOff() {
        var customer = randomNumber("773");
        callbackRequestedBy(customer);
        inCompany(() -> jdbc.sql("update call_queues set max_missed_offers = 10 where company_id = :c and id = :q")
                .param("c", company.value()).param("q", UUID.fromString(queueId)).update());
        sim.phone(annSip, new PhoneScript.NeverAnswer());
        var t0 = sim.clock().instant();
        status(ann, "AVAILABLE");
        sim.advance(Duration.ofSeconds(40));
        assertThat(legsTo(annSip)).as("missed at 15 s, not offered to her again before 45 s").hasSize(1);
        sim.advance(Duration.ofSeconds(110));
        assertThat(events("OFFERED")).extracting(e -> Duration.between(t0, ((java.sql.Timestamp) e.get("at")).toInstant()).toSeconds())
                .as("offered at 0 s, 30 s after her first miss, 60 s after her second").containsExactly(0L, 45L, 120L);
        assertThat(events("NO_ANSWER")).extracting(e -> e.get("detail").toString())
                .allSatisfy(d -> assertThat(d).startsWith("not taken; not offered to them again before "));
        assertThat(events("NO_ANSWER").getFirst().get("detail").toString()).endsWith(t0.plusSeconds(45).toString());

        // Bob, free while Ann waits out her back-off (until 255 s), is offered it at once: by the queue's timer, due now,
        // not in the request that set him available (was: dialled there, so he waited for the carrier to answer his click).
        sim.phone(bobSip, PhoneScript.answerAfter(Duration.ofSeconds(2)));
        sim.phone(customer, PhoneScript.answerAfter(Duration.ofSeconds(3)));
        var r = owner.put("/api/v1/members/" + bob + "/status", Map.of("status", "AVAILABLE"));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(legsTo(bobSip)).as("nothing dialled in the request").isEmpty();
        sim.advance(Duration.ZERO);
        assertThat(legsTo(bobSip)).hasSize(1);
        sim.advance(Duration.ofSeconds(10));
        assertThat(events("CALLBACK_COMPLETED")).singleElement().satisfies(e -> assertThat(e.get("member_id").toString()).isEqualTo(bob));
        sim.hangUpAnsweredPhone(legsTo(customer).getFirst().callControlId());
        sim.advance(Duration.ofSeconds(2));
    }

    /**
     * A callback offer still ringing its member is no call with anyone yet: the call log (API, page, export, analytics)
     * leaves it out as it does an offer not taken, and lists it when asked for by that outcome; once the member takes it
     * and the customer is dialled, it is a call in progress like any other. Was: listed as a call in progress while it rang.
     */
    @Test
    void aCallbackOfferStillRingingItsMemberIsNoCallInProgressUntilTheyTakeIt() throws Exception {
        var customer = randomNumber("773");
        callbackRequestedBy(customer);
        sim.phone(bobSip, PhoneScript.answerAfter(Duration.ofSeconds(8)));
        sim.phone(customer, PhoneScript.answerAfter(Duration.ofSeconds(5)));
        status(bob, "AVAILABLE");
        sim.advance(Duration.ofSeconds(3));
        assertThat(legsTo(bobSip)).hasSize(1);
        var offer = latestCallOut();
        assertThat(offer.get("ended_at")).as("ringing Bob").isNull();
        var web = webLogin(owner.get("/api/v1/me").json().get("email").asString(), "correct-horse");

        var log = owner.get("/api/v1/call-logs").json();
        assertThat(log.size()).as("the customer's request only: " + log).isEqualTo(1);
        assertThat(log.get(0).get("outcome").asString()).isEqualTo("CALLBACK_REQUESTED");
        assertThat(owner.get("/api/v1/call-logs?direction=OUTBOUND").json().size()).isZero();
        assertThat(owner.get("/api/v1/call-logs?member_id=" + bob).json().size()).as("Bob took no call yet").isZero();
        assertThat(web.get("/calls").body().split("class=\"call-row\"").length - 1).isEqualTo(1);
        assertThat(web.get("/calls").body()).doesNotContain("In progress");
        var csv = org.apache.commons.csv.CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get()
                .parse(new java.io.StringReader(web.get("/calls/export.csv").body())).getRecords();
        assertThat(csv).extracting(r -> r.get("outcome")).containsExactly("CALLBACK_REQUESTED");
        var summary = inCompany(() -> logs.summary(started.minusSeconds(60), sim.clock().instant().plusSeconds(60)));
        assertThat(summary.calls()).isEqualTo(1);
        var asked = owner.get("/api/v1/call-logs?outcome=OFFER_NOT_TAKEN").json();
        assertThat(asked.size()).as("asked for, the offer is there: " + asked).isEqualTo(1);
        assertThat(asked.get(0).get("id").asString()).isEqualTo(offer.get("id").toString());
        assertThat(asked.get(0).get("outcome").isNull()).as("not ended").isTrue();

        sim.advance(Duration.ofSeconds(8)); // Bob takes it: the customer is dialled
        assertThat(legsTo(customer)).hasSize(1);
        var calls = owner.get("/api/v1/call-logs?direction=OUTBOUND").json();
        assertThat(calls.size()).as("a call in progress now").isEqualTo(1);
        assertThat(calls.get(0).get("id").asString()).isEqualTo(offer.get("id").toString());
        assertThat(calls.get(0).get("outcome").isNull()).isTrue();
        assertThat(owner.get("/api/v1/call-logs").json().size()).isEqualTo(2);
        assertThat(owner.get("/api/v1/call-logs?outcome=OFFER_NOT_TAKEN").json().size()).isZero();
        assertThat(web.get("/calls").body()).contains("In progress");
        assertThat(inCompany(() -> logs.summary(started.minusSeconds(60), sim.clock().instant().plusSeconds(60))).calls()).isEqualTo(2);
        sim.advance(Duration.ofSeconds(10));
        sim.hangUpAnsweredPhone(legsTo(customer).getFirst().callControlId());
        sim.advance(Duration.ofSeconds(5));
        assertThat(latestCallOut().get("outcome")).isEqualTo("ANSWERED");
    }

    @Autowired
    CallLogs logs;

    /** Bob has a desk phone and a cell rung together (simultaneous ring). */
    String deskAndCell() {
        var cell = randomNumber("312");
        var put = owner.put("/api/v1/members/" + bob, Map.of("name", "Bob", "phone_extension", "102", "sip_address", bobSip,
                "call_forwarding_number", cell, "simultaneous_ring_enabled", true, "max_concurrent_calls", 1));
        assertThat(put.status()).as(put.body()).isEqualTo(200);
        return cell;
    }

    /** Bob's cell is busy at once while his desk phone rings: the callback goes on with the desk phone. */
    @Test
    void aCallbackToAMemberWhoseCellIsBusyGoesOnWithTheirDeskPhone() {
        var customer = randomNumber("773");
        callbackRequestedBy(customer);
        var cell = deskAndCell();
        sim.phone(cell, new PhoneScript.Busy());
        sim.phone(bobSip, PhoneScript.answerAfter(Duration.ofSeconds(3)));
        sim.phone(customer, PhoneScript.answerAfter(Duration.ofSeconds(2)));
        status(bob, "AVAILABLE");
        assertThat(legsTo(cell)).hasSize(1);
        assertThat(legsTo(bobSip)).hasSize(1);
        sim.advance(Duration.ofSeconds(8));
        assertThat(legsTo(bobSip)).as("the desk phone was not cancelled").hasSize(1);
        assertThat(legsTo(bobSip).getFirst().state()).isEqualTo(Leg.State.ANSWERED);
        assertThat(legsTo(customer)).hasSize(1);
        assertThat(legsTo(bobSip).getFirst().bridgedWith()).isEqualTo(legsTo(customer).getFirst().callControlId());
        assertThat(events("CALLBACK_COMPLETED")).hasSize(1);
        assertThat(events("CALLBACK_FAILED")).isEmpty();
        sim.hangUpAnsweredPhone(legsTo(customer).getFirst().callControlId());
        sim.advance(Duration.ofSeconds(5));
        assertThat(latestCallOut().get("outcome")).isEqualTo("ANSWERED");
        assertThat(java.util.stream.Stream.of(bobSip, cell, customer).flatMap(a -> legsTo(a).stream())
                .filter(l -> l.state() != Leg.State.ENDED)).isEmpty();
        assertThat(activeCalls(bob)).isZero();
    }

    /**
     * Bob's desk phone and cell ring for his callback: the one he answers places the call (the customer is dialled
     * and bridged to it); the other is cancelled while it rings, or hung up should it pick up at the same instant.
     * The other phone's end does not end the callback.
     */
    @ParameterizedTest
    @ValueSource(ints = {2, 4})
    void aCallbackAnsweredOnOnePhoneEndsTheOtherAndGoesOn(int deskAnswersAfter) {
        var customer = randomNumber("773");
        callbackRequestedBy(customer);
        var cell = deskAndCell();
        sim.phone(cell, PhoneScript.answerAfter(Duration.ofSeconds(2)));
        sim.phone(bobSip, PhoneScript.answerAfter(Duration.ofSeconds(deskAnswersAfter)));
        sim.phone(customer, PhoneScript.answerAfter(Duration.ofSeconds(2)));
        status(bob, "AVAILABLE");
        sim.advance(Duration.ofSeconds(8));
        var dialled = legsTo(customer);
        assertThat(dialled).hasSize(1);
        assertThat(dialled.getFirst().state()).isEqualTo(Leg.State.ANSWERED);
        var bobs = List.of(legsTo(cell).getFirst(), legsTo(bobSip).getFirst());
        assertThat(bobs.stream().filter(l -> l.state() == Leg.State.ANSWERED)).as("one phone of Bob's talks").hasSize(1);
        assertThat(bobs.stream().filter(l -> l.state() == Leg.State.ENDED)).as("the other has ended").hasSize(1);
        var talking = bobs.stream().filter(l -> l.state() == Leg.State.ANSWERED).findFirst().orElseThrow();
        assertThat(talking.bridgedWith()).isEqualTo(dialled.getFirst().callControlId());
        if (deskAnswersAfter > 2) {
            assertThat(talking.to()).as("the cell answered first").isEqualTo(cell);
        }
        assertThat(events("CALLBACK_COMPLETED")).hasSize(1);
        sim.hangUpAnsweredPhone(dialled.getFirst().callControlId());
        sim.advance(Duration.ofSeconds(5));
        assertThat(latestCallOut().get("outcome")).isEqualTo("ANSWERED");
        assertThat(java.util.stream.Stream.of(bobSip, cell, customer).flatMap(a -> legsTo(a).stream())
                .filter(l -> l.state() != Leg.State.ENDED)).isEmpty();
        assertThat(activeCalls(bob)).isZero();
    }

    /**
     * Ann picks up at 3 s, but her call.answered is delivered 3 s late; the caller hangs up at 4 s, and that hangup is
     * delivered 5 s late, after the app heard Ann's answer and tried to put the caller through to her (the carrier
     * refused: the caller's leg had ended). The caller never talked to anyone: the call is abandoned, as a ring group's
     * caller who leaves as a member answers is missed, and the queue counts an abandon, not a connection. (The
     * randomized run took both for right.)
     */
    @Test
    void aCallerWhoLeftBeforeTheQueueCouldPutThemThroughToTheMemberWhoAnsweredAbandonedTheCall() {
        queue(Map.of("member_ids", List.of(ann)));
        status(ann, "AVAILABLE");
        sim.phone(annSip, PhoneScript.answerAfter(Duration.ofSeconds(3)));
        var caller = call("+17735550101");
        assertThat(legsTo(annSip)).hasSize(1);
        sim.delayNextDeliveries(1, Duration.ofSeconds(3), "call.answered"); // Ann's answer at 3 s, delivered at 6 s
        sim.advance(Duration.ofSeconds(4));
        sim.delayNextDeliveries(1, Duration.ofSeconds(5), "call.hangup"); // the caller's, at 4 s, delivered at 9 s
        caller.hangUp();
        sim.advance(Duration.ofSeconds(3));
        assertThat(sim.commands().stream().filter(c -> java.net.URLDecoder.decode(c.path(), java.nio.charset.StandardCharsets.UTF_8)
                .equals("/v2/calls/" + caller.callControlId() + "/actions/bridge")))
                .as("the app tried to put the caller through once it heard Ann's answer").singleElement()
                .satisfies(c -> assertThat(c.status()).isEqualTo(422));
        sim.advance(Duration.ofSeconds(10));
        var log = callOf(caller);
        assertThat(log.get("outcome")).isEqualTo("ABANDONED");
        assertThat(log.get("answered_by")).isNull();
        assertThat(log.get("answered_at")).isNull();
        assertThat(events("CONNECTED")).isEmpty();
        assertThat(events("ABANDONED")).hasSize(1);
        assertThat(owner.get("/api/v1/queues/" + queueId + "/stats").json().get("answered").asLong()).isZero();
        assertThat(legsTo(annSip).getFirst().state()).as("Ann's phone is hung up").isEqualTo(Leg.State.ENDED);
        assertThat(activeCalls(ann)).isZero();
    }

    /**
     * Ann picks up the queue's offer at 3 s and hangs up at 4 s, before the app heard her answer (delivered 5 s late,
     * after her hangup). A queue puts its caller through only once it hears the answer (they are never bridged to a
     * ringing phone): the caller never talked to her, and leaves at 10 s having talked to nobody. Abandoned, not answered
     * by Ann. (Found by the randomized run, seed 90128, in a ring-all queue; minimized.)
     */
    @Test
    void aQueueOfferWhoseAnswerIsHeardOnlyAfterItsHangupNeverPutTheCallerThrough() {
        queue(Map.of("member_ids", List.of(ann), "wrap_up_seconds", 0));
        status(ann, "AVAILABLE");
        sim.phone(annSip, PhoneScript.answerAfter(Duration.ofSeconds(3)));
        var caller = call("+17735550101");
        assertThat(legsTo(annSip)).hasSize(1);
        sim.phone(annSip, new PhoneScript.NeverAnswer()); // should she be offered the caller again
        sim.delayNextDeliveries(1, Duration.ofSeconds(5), "call.answered"); // hers, at 3 s, delivered at 8 s
        sim.advance(Duration.ofSeconds(4));
        sim.hangUpAnsweredPhone(legsTo(annSip).getFirst().callControlId()); // at 4 s, delivered on time
        sim.advance(Duration.ofSeconds(6));
        assertThat(caller.leg().bridgedWith()).as("never put through").isNull();
        caller.hangUp(); // at 10 s
        sim.advance(Duration.ofSeconds(5));
        var log = callOf(caller);
        assertThat(log.get("outcome")).isEqualTo("ABANDONED");
        assertThat(log.get("answered_by")).isNull();
        assertThat(events("CONNECTED")).isEmpty();
        assertThat(activeCalls(ann)).isZero();
    }
}
