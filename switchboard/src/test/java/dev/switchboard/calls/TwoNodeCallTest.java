package dev.switchboard.calls;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
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
 * while the other handles the same call's next event at the same moment, or fires the same timer. Each holds the
 * webhooks concerned, then delivers them together, each to a node of its own, on two threads; afterwards the same
 * checks as the fuzz (nothing left ringing, every member released, no error logged).
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

    private final Capture capture = new Capture();
    private final Set<String> before = new HashSet<>();

    @BeforeEach
    void twoNodes() {
        if (nodeB == null) {
            nodeB = TwoNodes.startSecondNode(nodeA);
        }
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
        if (nodeB != null) {
            nodeB.close();
            nodeB = null;
        }
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
