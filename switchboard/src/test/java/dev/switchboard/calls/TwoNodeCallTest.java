package dev.switchboard.calls;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import dev.switchboard.support.AppErrors;
import dev.switchboard.platform.Timers;
import dev.switchboard.simulator.Caller;
import dev.switchboard.simulator.Leg;
import dev.switchboard.simulator.PhoneScript;
import dev.switchboard.simulator.SimClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;

/**
 * The cases that matter most with two app nodes on one database ({@link TwoNodes}): what one node does with a call
 * while the other handles the same call's next event at the same moment, or runs the same background work. The
 * webhooks concerned are held, then delivered together, each to a node of its own, on two threads (or one is sent to
 * both nodes at once); background work (timers, text-backs) is run by both nodes' beans at once on two threads.
 * Cases: two members answering a simultaneous ring, each answer on a node (one bridged, one released, counted once);
 * the caller's hangup on one node while the other takes the member's answer; a ring timeout delivered to both; a
 * queue timer both nodes fire; a member at their limit offered two calls arriving on both; a queue's callers
 * dispatched by both; a text-back both nodes send; a routing change and a number added on one node followed at once by
 * the other. Afterwards
 * the same checks as the fuzz: nothing left ringing, every member released, no timer or inbox event left, no error
 * logged.
 */
@Import({TwoNodeCallTest.Noon.class, TwoNodes.SharedSimulator.class})
class TwoNodeCallTest extends RandomScenarios {

    @TestConfiguration
    static class Noon {
        @Bean
        @Primary
        SimClock twoNodeClock() {
            return new SimClock(Instant.parse("2026-11-25T18:00:00Z")); // Wednesday noon in Chicago
        }
    }

    static ConfigurableApplicationContext nodeB;

    @Autowired
    ConfigurableApplicationContext nodeA;

    private final AppErrors capture = new AppErrors(logged);
    private final Set<String> before = new HashSet<>();

    @BeforeEach
    void twoNodes() {
        nodeB = TwoNodes.secondNodeOf(nodeA);
        TwoNodes.ROUTER.randomly(new Random(7), 0);
        sim.participantsInRandomOrder(new Random(11));
        sim.legs().forEach(l -> before.add(l.callControlId()));
        logged.clear();
        capture.start();
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).addAppender(capture);
    }

    @AfterEach
    void detach() {
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).detachAppender(capture);
        TwoNodes.ROUTER.randomly(new Random(7), 0);
    }

    @AfterAll
    static void stopNodeB() {
        TwoNodes.stopSecondNode();
    }

    /** A {@code call.answered} of the phone at {@code address}. */
    static boolean answerOf(String body, String address) {
        return body.contains("\"call.answered\"") && body.contains("\"to\":\"" + address + "\"");
    }

    @Test
    void twoMembersAnsweringAtTheSameInstantOnTwoNodesBridgeOneAndReleaseTheOther() {
        newCompanyWithAnnAndBob("Two Nodes Race", 20);
        rule(Map.of("name", "Everyone", "type", "SIMULTANEOUS", "member_ids", List.of(ann, bob), "ring_timeout_seconds", 20));
        sim.phone(annSip, PhoneScript.answerAfter(Duration.ofSeconds(3)));
        sim.phone(bobSip, PhoneScript.answerAfter(Duration.ofSeconds(3)));
        var caller = sim.call("+17735550101", number);
        TwoNodes.ROUTER.hold(b -> answerOf(b, annSip) || answerOf(b, bobSip));
        sim.advance(Duration.ofSeconds(3));
        TwoNodes.ROUTER.hold(null);
        assertThat(TwoNodes.ROUTER.held).hasSize(2);
        // Ann's answer to node A, Bob's to node B, at the same moment.
        int annFirst = TwoNodes.ROUTER.held.getFirst().body().contains(annSip) ? 0 : 1;
        assertThat(TwoNodes.ROUTER.releaseTogether(annFirst, 1 - annFirst)).containsOnly(200);
        sim.advance(Duration.ofSeconds(1));

        var bridged = caller.leg().bridgedWith();
        var annLeg = legsTo(annSip).getFirst();
        var bobLeg = legsTo(bobSip).getFirst();
        assertThat(bridged).as("the caller is bridged to one of the two phones").isIn(annLeg.callControlId(), bobLeg.callControlId());
        var winner = annLeg.callControlId().equals(bridged) ? ann : bob;
        var loser = winner.equals(ann) ? bob : ann;
        assertThat((winner.equals(ann) ? bobLeg : annLeg).state()).as("the other phone is hung up").isEqualTo(Leg.State.ENDED);
        assertThat(activeCalls(winner)).isEqualTo(1);
        assertThat(activeCalls(loser)).isZero();

        sim.advance(Duration.ofSeconds(20));
        caller.hangUp();
        sim.advance(Duration.ofSeconds(5));
        var log = call();
        assertThat(log.get("outcome")).isEqualTo("ANSWERED");
        assertThat(log.get("answered_by").toString()).isEqualTo(winner);
        assertThat(callRows()).isEqualTo(1);
        var answeredToday = inCompany(() -> jdbc.sql("select sum(calls_today) from team_availability where company_id = :c")
                .param("c", company.value()).query(Long.class).single());
        assertThat(answeredToday).as("one answer counted, not two").isEqualTo(1);
        assertNothingLeft();
    }

    @Test
    void theCallerHangingUpOnOneNodeWhileTheOtherHandlesTheMembersAnswerEndsTheCallOnceAndReleasesTheMember() {
        newCompanyWithAnnAndBob("Two Nodes Hangup", 20);
        rule(Map.of("name", "Ann", "type", "SIMULTANEOUS", "member_ids", List.of(ann), "ring_timeout_seconds", 20));
        sim.phone(annSip, PhoneScript.answerAfter(Duration.ofSeconds(4)));
        var caller = sim.call("+17735550102", number);
        sim.advance(Duration.ofSeconds(3));
        // At the same instant Ann picks up and the caller hangs up: the carrier reports both, to different nodes.
        TwoNodes.ROUTER.hold(b -> answerOf(b, annSip) || b.contains("\"call.hangup\"") && b.contains(caller.callControlId()));
        sim.advance(Duration.ofSeconds(1));
        caller.hangUp();
        TwoNodes.ROUTER.hold(null);
        assertThat(TwoNodes.ROUTER.held).hasSize(2);
        int answerFirst = TwoNodes.ROUTER.held.getFirst().body().contains("\"call.answered\"") ? 1 : 0;
        // The caller's hangup to node A, Ann's answer to node B.
        assertThat(TwoNodes.ROUTER.releaseTogether(answerFirst, 1 - answerFirst)).containsOnly(200);
        sim.advance(Duration.ofSeconds(5));

        assertThat(callRows()).isEqualTo(1);
        var log = call();
        assertThat(log.get("ended_at")).as("the call ended").isNotNull();
        assertThat(log.get("outcome")).isIn("ANSWERED", "MISSED", "ABANDONED");
        assertThat(legsTo(annSip).getFirst().state()).as("Ann's phone is hung up").isEqualTo(Leg.State.ENDED);
        assertThat(activeCalls(ann)).isZero();
        assertNothingLeft();
    }

    @Test
    void aMembersRingTimeoutDeliveredToBothNodesAtOnceMovesTheCallOnToVoicemailOnce() {
        newCompanyWithAnnAndBob("Two Nodes Ring Timeout", 15);
        rule(Map.of("name", "Ann", "type", "SIMULTANEOUS", "member_ids", List.of(ann), "ring_timeout_seconds", 15,
                "no_answer_target", Map.of("kind", "VOICEMAIL")));
        sim.phone(annSip, new PhoneScript.NeverAnswer());
        // The carrier's end of Ann's ringing (its timeout_secs) goes to both nodes at the same moment.
        TwoNodes.ROUTER.pin(b -> b.contains("\"call.hangup\"") && b.contains("\"to\":\"" + annSip + "\"") ? TwoNodes.BOTH : Integer.MIN_VALUE);
        var caller = sim.call("+17735550103", number);
        sim.advance(Duration.ofSeconds(25));
        assertThat(TwoNodes.ROUTER.counts.get(2)).as("Ann's hangup went to both nodes").isPositive();
        assertThat(commandsTo(caller, "record_start")).as("the caller is recorded once, not once a node").isEqualTo(1);
        sim.advance(Duration.ofSeconds(10));
        caller.hangUp();
        sim.advance(Duration.ofSeconds(10));
        assertThat(callRows()).isEqualTo(1);
        assertThat(call().get("outcome")).isEqualTo("VOICEMAIL");
        assertThat(inCompany(() -> jdbc.sql("select count(*) from voicemail_messages where company_id = :c").param("c", company.value())
                .query(Long.class).single())).isEqualTo(1);
        assertNothingLeft();
    }

    @Test
    void aQueueTimerBothNodesFireAtTheSameInstantFiresOnce() throws Exception {
        newCompanyWithAnnAndBob("Two Nodes Timer", 20);
        var q = owner.post("/api/v1/queues", Map.of("name", "Support", "strategy", "ROUND_ROBIN", "member_ids", List.of(ann, bob),
                "ring_timeout_seconds", 15, "wrap_up_seconds", 0, "announce_interval_seconds", 300, "join_when_empty", true,
                "max_wait_seconds", 30, "max_wait_target", Map.of("kind", "VOICEMAIL")));
        assertThat(q.status()).as(q.body()).isEqualTo(201);
        rule(Map.of("name", "Q", "type", "BUSINESS_HOURS", "open_target", Map.of("kind", "QUEUE", "queue_id", q.json().get("id").asString()),
                "closed_target", Map.of("kind", "VOICEMAIL")));
        status(ann, "AWAY");
        status(bob, "AWAY");
        var caller = sim.call("+17735550104", number);
        sim.advance(Duration.ofSeconds(2));
        assertThat(call().get("phase")).isEqualTo("QUEUED");
        var due = inCompany(() -> jdbc.sql("select due_at from timers where company_id = :c and name = 'queue_max_wait'")
                .param("c", company.value()).query(java.sql.Timestamp.class).single()).toInstant();
        sim.advance(Duration.between(sim.clock().instant(), due).minusSeconds(1));
        sim.clock().set(due);
        // Both nodes' timer polls find the same timer due at the same instant.
        var start = new CyclicBarrier(2);
        var threads = Executors.newFixedThreadPool(2);
        int fired = 0;
        try {
            var runs = new ArrayList<Future<Integer>>();
            for (var node : List.of(nodeA, nodeB)) {
                var timers = node.getBean(Timers.class);
                runs.add(threads.submit(() -> {
                    start.await(10, TimeUnit.SECONDS);
                    return timers.runDue(due);
                }));
            }
            for (var run : runs) {
                fired += run.get(60, TimeUnit.SECONDS);
            }
        } finally {
            threads.shutdownNow();
        }
        assertThat(fired).as("one node fired it, the other found it taken").isEqualTo(1);
        sim.advance(Duration.ofSeconds(15));
        assertThat(commandsTo(caller, "record_start")).as("the caller is sent to voicemail once: " + sim.commands().stream()
                .filter(c -> c.path().contains(caller.callControlId())).map(c -> c.path() + " " + c.at()).toList()).isEqualTo(1);
        sim.advance(Duration.ofSeconds(10));
        caller.hangUp();
        sim.advance(Duration.ofSeconds(10));
        assertThat(call().get("outcome")).isEqualTo("VOICEMAIL");
        assertNothingLeft();
    }

    @Test
    void aMemberAtTheirCallLimitOfferedTwoCallsArrivingOnTwoNodesAtOnceIsRungForOne() {
        newCompanyWithAnnAndBob("Two Nodes Limit", 20);
        rule(Map.of("name", "Ann", "type", "SIMULTANEOUS", "member_ids", List.of(ann), "ring_timeout_seconds", 20,
                "no_answer_target", Map.of("kind", "VOICEMAIL")));
        sim.phone(annSip, new PhoneScript.NeverAnswer());
        TwoNodes.ROUTER.hold(b -> b.contains("\"call.initiated\"") && b.contains("\"to\":\"" + number + "\""));
        var first = sim.call("+17735550105", number);
        var second = sim.call("+17735550106", number);
        TwoNodes.ROUTER.hold(null);
        assertThat(TwoNodes.ROUTER.held).hasSize(2);
        assertThat(TwoNodes.ROUTER.releaseTogether(0, 1)).containsOnly(200);
        sim.advance(Duration.ofSeconds(1));
        assertThat(legsTo(annSip)).as("Ann (one call at a time) is rung for one of the two calls").hasSize(1);
        assertThat(activeCalls(ann)).isEqualTo(1);
        sim.advance(Duration.ofSeconds(30));
        first.hangUp();
        second.hangUp();
        sim.advance(Duration.ofSeconds(10));
        assertThat(callRows()).isEqualTo(2);
        assertNothingLeft();
    }

    @Test
    void callersOfAQueueAreDispatchedByBothNodesNoMemberOverTheirLimit() {
        newCompanyWithAnnAndBob("Two Nodes Queue", 20);
        var q = owner.post("/api/v1/queues", Map.of("name", "Support", "strategy", "ROUND_ROBIN", "member_ids", List.of(ann, bob),
                "ring_timeout_seconds", 15, "wrap_up_seconds", 5, "announce_interval_seconds", 30, "join_when_empty", true));
        assertThat(q.status()).as(q.body()).isEqualTo(201);
        rule(Map.of("name", "Q", "type", "BUSINESS_HOURS", "open_target", Map.of("kind", "QUEUE", "queue_id", q.json().get("id").asString()),
                "closed_target", Map.of("kind", "VOICEMAIL")));
        sim.phone(annSip, PhoneScript.answerAfter(Duration.ofSeconds(2)));
        sim.phone(bobSip, PhoneScript.answerAfter(Duration.ofSeconds(3)));
        // Every webhook to a node drawn at random, one in five to both at once; timers fired by either node.
        TwoNodes.ROUTER.randomly(new Random(42), 0.2);
        var callers = new ArrayList<Caller>();
        for (int i = 0; i < 4; i++) {
            callers.add(sim.call("+1773555011" + i, number));
            sim.advance(Duration.ofSeconds(1));
        }
        var talked = new HashSet<String>();
        for (int s = 0; s < 240 && talked.size() < callers.size(); s++) {
            sim.advance(Duration.ofSeconds(1));
            assertThat(activeCalls(ann)).as("Ann over her limit at " + s + " s").isLessThanOrEqualTo(1);
            assertThat(activeCalls(bob)).as("Bob over his limit at " + s + " s").isLessThanOrEqualTo(1);
            for (var c : callers) {
                if (c.state() != Leg.State.ENDED && c.leg().bridgedWith() != null && sim.leg(c.leg().bridgedWith()).state() == Leg.State.ANSWERED) {
                    talked.add(c.callControlId());
                    sim.advance(Duration.ofSeconds(5));
                    c.hangUp();
                }
            }
        }
        assertThat(talked).as("every caller of the queue was put through").hasSize(callers.size());
        sim.advance(Duration.ofSeconds(30));
        assertThat(TwoNodes.ROUTER.counts.get(0)).isPositive();
        assertThat(TwoNodes.ROUTER.counts.get(1)).isPositive();
        var outcomes = inCompany(() -> jdbc.sql("select outcome from calls where company_id = :c").param("c", company.value()).query(String.class).list());
        assertThat(outcomes).hasSize(4).containsOnly("ANSWERED");
        assertNothingLeft();
    }

    @Test
    void aRoutingChangeMadeOnNodeBIsFollowedAtOnceByTheCallsNodeAHandles() {
        newCompanyWithAnnAndBob("Two Nodes Config", 20);
        var r = owner.post("/api/v1/routing-rules", Map.of("name", "Front desk", "type", "SIMULTANEOUS", "member_ids", List.of(ann),
                "ring_timeout_seconds", 20));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        var rule = r.json().get("rule").get("id").asString();
        sim.phone(annSip, new PhoneScript.NeverAnswer());
        sim.phone(bobSip, new PhoneScript.NeverAnswer());
        TwoNodes.ROUTER.pin(b -> 0); // every webhook to node A
        var first = sim.call("+17735550107", number);
        sim.advance(Duration.ofSeconds(1));
        assertThat(legsTo(annSip)).as("node A, now holding the configuration, rings Ann").hasSize(1);

        var changed = owner.onPort(TwoNodes.port(nodeB)).mergePatch("/api/v1/routing-rules/" + rule, Map.of("member_ids", List.of(bob)));
        assertThat(changed.status()).as(changed.body()).isEqualTo(200);
        // Virtual time stands still: node A's copy of the configuration has not lapsed (RoutingSnapshots.CONFIG_TTL). Node B's
        // change reaches node A over the database (NodeSignals), in real milliseconds: node A's "what would happen?" says so.
        org.awaitility.Awaitility.await("node A hears of node B's change").atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(owner.post("/api/v1/routing/simulate", Map.of("from", "+17735550108", "to", number)).body())
                        .contains(bob).doesNotContain(ann));
        var second = sim.call("+17735550108", number);
        sim.advance(Duration.ofSeconds(1));
        assertThat(legsTo(bobSip)).as("node A follows node B's change").hasSize(1);
        assertThat(legsTo(annSip)).as("Ann is not rung for the second call").hasSize(1);
        first.hangUp();
        second.hangUp();
        sim.advance(Duration.ofSeconds(5));
        assertNothingLeft();
    }

    @Test
    void aNumberAddedOnNodeBIsAnsweredAtOnceByNodeA() {
        newCompanyWithAnnAndBob("Two Nodes Number", 20);
        rule(Map.of("name", "Front desk", "type", "SIMULTANEOUS", "member_ids", List.of(ann), "ring_timeout_seconds", 20));
        sim.phone(annSip, new PhoneScript.NeverAnswer());
        TwoNodes.ROUTER.pin(b -> 0); // every webhook to node A
        var added = randomNumber("312");
        var before = sim.call("+17735550109", added);
        sim.advance(Duration.ofSeconds(1));
        assertThat(legsTo(annSip)).as("a number nobody has rings nobody").isEmpty();
        before.hangUp(); // no time passes from here: node A's memory of the number stays within NumberOwners.TTL

        var company = owner.get("/api/v1/company").json();
        var numbers = new ArrayList<String>();
        company.get("business_numbers").forEach(n -> numbers.add(n.asString()));
        numbers.add(added);
        var put = owner.onPort(TwoNodes.port(nodeB)).put("/api/v1/company", Map.of("name", company.get("name").asString(),
                "timezone", company.get("timezone").asString(), "business_numbers", numbers));
        assertThat(put.status()).as(put.body()).isEqualTo(200);
        // Node A remembered that nobody had the number (NumberOwners.TTL, virtual time standing still); node B's change reaches
        // it over the database (NodeSignals), in real milliseconds.
        var owners = nodeA.getBean(NumberOwners.class);
        org.awaitility.Awaitility.await("node A hears of node B's change").atMost(Duration.ofSeconds(10))
                .until(() -> owners.owner(added).isPresent());
        var after = sim.call("+17735550109", added);
        sim.advance(Duration.ofSeconds(1));
        assertThat(legsTo(annSip)).as("node A takes the call to the number node B added").hasSize(1);
        after.hangUp();
        sim.advance(Duration.ofSeconds(5));
        assertNothingLeft();
    }

    @Test
    void aNodeStoppingSendsTheCommandsOfTheWebhooksItTookFirstAndTheOtherNodeGoesOnWithTheCall() throws Exception {
        newCompanyWithAnnAndBob("Two Nodes Stop", 20);
        rule(Map.of("name", "Front desk", "type", "SIMULTANEOUS", "member_ids", List.of(ann), "ring_timeout_seconds", 20));
        sim.phone(annSip, PhoneScript.answerAfter(Duration.ofSeconds(3)));
        // Node C sends its commands as a node does in production: after answering the carrier, on a thread of their own.
        var nodeC = TwoNodes.startNode(nodeA, sim, "--switchboard.calls.inline-processing=false");
        var stopping = new Thread(nodeC::close, "node-c-stopping");
        Caller caller;
        try {
            TwoNodes.ROUTER.nodes.set(1, nodeC.getBean(dev.switchboard.carrier.WebhookReceiver.class));
            TwoNodes.ROUTER.pin(b -> 1);
            // The simulator is held: node C takes the call's first webhook (answered 200), and its commands wait to be sent.
            synchronized (sim) {
                caller = sim.call("+17735550110", number);
                assertThat(commandsTo(caller, "answer")).as("not sent yet").isZero();
                TwoNodes.ROUTER.pin(b -> 0); // what follows goes to node A, as a balancer sends nothing to a node stopping
                stopping.start();
                stopping.join(3000);
                assertThat(stopping.isAlive()).as("node C does not stop with the commands of a webhook it took unsent").isTrue();
            }
            stopping.join(60_000);
            assertThat(stopping.isAlive()).as("node C stopped once they were sent").isFalse();
        } finally {
            TwoNodes.ROUTER.nodes.set(1, nodeB.getBean(dev.switchboard.carrier.WebhookReceiver.class));
            if (!stopping.isAlive()) {
                nodeC.close();
            }
        }
        assertThat(commandsTo(caller, "answer")).as("the caller was answered").isEqualTo(1);
        sim.advance(Duration.ofSeconds(5));
        assertThat(caller.leg().bridgedWith()).as("node A put Ann through").isEqualTo(legsTo(annSip).getFirst().callControlId());
        caller.hangUp();
        sim.advance(Duration.ofSeconds(5));
        assertThat(call().get("outcome")).isEqualTo("ANSWERED");
        assertNothingLeft();
    }

    @Test
    void aMissedCallsTextBackBothNodesSendAtTheSameInstantIsSentOnce() throws Exception {
        newCompanyWithAnnAndBob("Two Nodes Text", 20);
        rule(Map.of("name", "Everyone", "type", "SIMULTANEOUS", "member_ids", List.of(ann, bob), "ring_timeout_seconds", 20));
        sim.phone(annSip, new PhoneScript.NeverAnswer());
        sim.phone(bobSip, new PhoneScript.NeverAnswer());
        var settings = owner.put("/api/v1/phone-settings", Map.of("text_back_enabled", true));
        assertThat(settings.status()).as(settings.body()).isEqualTo(200);
        var dana = randomNumber("773");
        missedCallFrom(dana);
        // Both nodes' text-back senders find the same text due at the same instant.
        var start = new CyclicBarrier(2);
        var threads = Executors.newFixedThreadPool(2);
        int claimed = 0;
        try {
            var runs = new ArrayList<Future<Integer>>();
            for (var node : List.of(nodeA, nodeB)) {
                var textBacks = node.getBean(TextBacks.class);
                runs.add(threads.submit(() -> {
                    start.await(10, TimeUnit.SECONDS);
                    return textBacks.sendDue();
                }));
            }
            for (var run : runs) {
                claimed += run.get(60, TimeUnit.SECONDS);
            }
        } finally {
            threads.shutdownNow();
        }
        assertThat(claimed).as("one node claimed it, the other found it taken").isEqualTo(1);
        assertThat(textsTo(dana)).as("the caller is texted once").hasSize(1);
        assertNothingLeft();
    }

    /** How many commands {@code action} the app sent for the caller's leg. */
    long commandsTo(Caller caller, String action) {
        return sim.commands().stream().filter(c -> java.net.URLDecoder.decode(c.path(), java.nio.charset.StandardCharsets.UTF_8)
                .equals("/v2/calls/" + caller.callControlId() + "/actions/" + action)).count();
    }

    void rule(Map<String, Object> body) {
        var r = owner.post("/api/v1/routing-rules", body);
        assertThat(r.status()).as(r.body()).isEqualTo(201);
    }

    long callRows() {
        return inCompany(() -> jdbc.sql("select count(*) from calls where company_id = :c").param("c", company.value()).query(Long.class).single());
    }

    void assertNothingLeft() {
        var problems = new ArrayList<String>();
        nothingLeft(problems, before, Map.of(ann == null ? "" : ann, "Ann", bob == null ? "" : bob, "Bob"));
        assertThat(problems).isEmpty();
    }
}
