package dev.switchboard.calls;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.carrier.WebhookKeys;
import dev.switchboard.carrier.WebhookReceiver;
import dev.switchboard.simulator.Leg;
import dev.switchboard.simulator.PhoneScript;
import dev.switchboard.simulator.SimClock;
import dev.switchboard.simulator.TelnyxSimulator;
import dev.switchboard.support.VirtualTimeCallTest;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.RepeatedTest;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;

/**
 * Two members answer a simultaneous ring at the same instant, and the app handles both answers at the
 * same time on two threads: both phones are answered at the carrier before the app has heard of either
 * (their {@code call.answered} webhooks are held, then delivered together). One member is bridged, the
 * other's phone is hung up and its member released, and nothing is counted twice.
 */
@Import(SimultaneousAnswerRaceTest.HeldAnswers.class)
class SimultaneousAnswerRaceTest extends VirtualTimeCallTest {

    /** A webhook the sink kept back instead of delivering. */
    record Held(String timestamp, String signature, String body) {
    }

    @TestConfiguration
    static class HeldAnswers {
        static final List<Held> held = new CopyOnWriteArrayList<>();
        static volatile boolean holding;

        @Bean
        @Primary
        SimClock raceClock() {
            return new SimClock(Instant.parse("2026-11-25T18:00:00Z")); // Wednesday noon in Chicago
        }

        /** The simulator, its member phones' answers held back while {@link #holding}. */
        @Bean
        @Primary
        TelnyxSimulator raceSimulator(SimClock clock, ObjectProvider<WebhookReceiver> receiver, WebhookKeys keys) {
            var seed = new byte[32];
            new SecureRandom().nextBytes(seed);
            var simulator = new TelnyxSimulator(new TelnyxSimulator.Config("demo-connection", "in-process", seed, Duration.ofSeconds(1)),
                    clock, (url, headers, body) -> {
                        if (holding && body.contains("\"call.answered\"") && body.contains("\"to\":\"sip:")) {
                            held.add(new Held(headers.get("telnyx-timestamp"), headers.get("telnyx-signature-ed25519"), body));
                            return 200;
                        }
                        return receiver.getObject().receive(headers.get("telnyx-timestamp"), headers.get("telnyx-signature-ed25519"),
                                body.getBytes(StandardCharsets.UTF_8)).status();
                    });
            keys.trust(simulator.publicKey());
            return simulator;
        }
    }

    @Autowired
    WebhookReceiver receiver;

    @BeforeEach
    void company() {
        HeldAnswers.held.clear();
        HeldAnswers.holding = false;
        newCompanyWithAnnAndBob("Race Co", 20);
        var r = owner.post("/api/v1/routing-rules", Map.of("name", "Everyone", "type", "SIMULTANEOUS", "member_ids", List.of(ann, bob),
                "ring_timeout_seconds", 20));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
    }

    @RepeatedTest(5)
    void twoAnswersHandledAtTheSameTimeBridgeOneMemberAndReleaseTheOther() throws Exception {
        sim.phone(annSip, PhoneScript.answerAfter(Duration.ofSeconds(3)));
        sim.phone(bobSip, PhoneScript.answerAfter(Duration.ofSeconds(3)));
        var caller = sim.call("+17735550123", number);
        assertThat(legTo(annSip).state()).isEqualTo(Leg.State.RINGING);
        assertThat(legTo(bobSip).state()).isEqualTo(Leg.State.RINGING);

        HeldAnswers.holding = true;
        sim.advance(Duration.ofSeconds(3));
        HeldAnswers.holding = false;
        // Both phones are answered at the carrier; the app has heard of neither yet.
        assertThat(HeldAnswers.held).hasSize(2);
        assertThat(legTo(annSip).state()).isEqualTo(Leg.State.ANSWERED);
        assertThat(legTo(bobSip).state()).isEqualTo(Leg.State.ANSWERED);
        assertThat(activeCalls(ann) + activeCalls(bob)).isEqualTo(2); // both were claimed to ring

        var start = new CyclicBarrier(2);
        var threads = Executors.newFixedThreadPool(2);
        try {
            var answers = new ArrayList<Future<Integer>>();
            for (var h : HeldAnswers.held) {
                answers.add(threads.submit(() -> {
                    start.await(10, TimeUnit.SECONDS);
                    return receiver.receive(h.timestamp(), h.signature(), h.body().getBytes(StandardCharsets.UTF_8)).status();
                }));
            }
            for (var answer : answers) {
                assertThat(answer.get(30, TimeUnit.SECONDS)).isEqualTo(200);
            }
        } finally {
            threads.shutdownNow();
        }
        sim.advance(Duration.ofSeconds(1));

        var bridged = caller.leg().bridgedWith();
        assertThat(bridged).as("the caller is bridged to one of the two phones").isIn(legTo(annSip).callControlId(), legTo(bobSip).callControlId());
        var winner = legTo(annSip).callControlId().equals(bridged) ? ann : bob;
        var loser = winner.equals(ann) ? bob : ann;
        var loserLeg = legTo(winner.equals(ann) ? bobSip : annSip);
        assertThat(loserLeg.state()).as("the other phone is hung up").isEqualTo(Leg.State.ENDED);
        assertThat(activeCalls(loser)).isZero();
        assertThat(activeCalls(winner)).isEqualTo(1);
        assertThat(call().get("answered_by").toString()).isEqualTo(winner);

        sim.advance(Duration.ofSeconds(30));
        caller.hangUp();
        sim.advance(Duration.ofSeconds(1));
        var log = call();
        assertThat(log.get("outcome")).isEqualTo("ANSWERED");
        assertThat(log.get("answered_by").toString()).isEqualTo(winner);
        // The caller ended it, though the other phone (answered at the same instant) was hung up before.
        assertThat(owner.get("/api/v1/call-logs/" + log.get("id")).json().get("call").get("metadata").get("ended_by").asString())
                .isEqualTo("caller");
        assertThat(activeCalls(ann)).isZero();
        assertThat(activeCalls(bob)).isZero();
        var answeredToday = inCompany(() -> jdbc.sql("select sum(calls_today) from team_availability where company_id = :c")
                .param("c", company.value()).query(Long.class).single());
        assertThat(answeredToday).as("one answer counted, not two").isEqualTo(1);
    }

    Leg legTo(String address) {
        var legs = sim.legs().stream().filter(l -> address.equals(l.to())).toList();
        assertThat(legs).hasSize(1);
        return legs.getFirst();
    }

}
