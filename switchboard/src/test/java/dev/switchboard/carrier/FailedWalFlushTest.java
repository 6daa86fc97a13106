package dev.switchboard.carrier;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.platform.FailingWalFlush;
import dev.switchboard.simulator.Leg;
import dev.switchboard.simulator.PhoneScript;
import dev.switchboard.simulator.SimClock;
import dev.switchboard.simulator.TelnyxSimulator;
import dev.switchboard.support.VirtualTimeCallTest;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A webhook whose handling committed but whose durability wait (WalFlush) failed: the carrier must not hear
 * "200" for it, yet the commands that handling led to must still go out, although the redelivery finds the
 * event stored and handled already (a duplicate that leads to nothing by itself).
 */
@Import(FailedWalFlushTest.Config.class)
class FailedWalFlushTest extends VirtualTimeCallTest {

    @TestConfiguration
    static class Config {
        @Bean
        @Primary
        SimClock failedFlushClock() {
            return new SimClock(Instant.parse("2026-11-25T18:00:00Z")); // Wednesday noon in Chicago
        }

        @Bean
        @Primary
        FailingWalFlush failingWalFlush(javax.sql.DataSource dataSource, Clock clock) {
            return new FailingWalFlush(dataSource, clock);
        }

        /** The simulator, delivering to the receiver as the web endpoint does: an exception is a 500 (delivered again). */
        @Bean
        @Primary
        TelnyxSimulator failedFlushSimulator(SimClock clock, ObjectProvider<WebhookReceiver> receiver, WebhookKeys keys) {
            var seed = new byte[32];
            new SecureRandom().nextBytes(seed);
            var simulator = new TelnyxSimulator(new TelnyxSimulator.Config("demo-connection", "in-process", seed, Duration.ofSeconds(1)),
                    clock, (url, headers, body) -> {
                        try {
                            return receiver.getObject().receive(headers.get("telnyx-timestamp"), headers.get("telnyx-signature-ed25519"),
                                    body.getBytes(StandardCharsets.UTF_8)).status();
                        } catch (RuntimeException e) {
                            return 500;
                        }
                    });
            keys.trust(simulator.publicKey());
            return simulator;
        }
    }

    @Autowired
    FailingWalFlush walFlush;

    @Autowired
    WebhookReceiver receiver;

    @BeforeEach
    void company() {
        walFlush.failNext(0);
        newCompanyWithAnnAndBob("Flush Co", 20);
        var r = owner.post("/api/v1/routing-rules", Map.of("name", "Ann", "type", "SIMULTANEOUS", "member_ids", List.of(ann),
                "ring_timeout_seconds", 20));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
    }

    @Test
    void aMemberAnswerWhoseFlushFailedIsBridgedWhenTheCarrierDeliversItAgain() {
        sim.phone(annSip, PhoneScript.answerAfter(Duration.ofSeconds(3)));
        var caller = sim.call("+17735550123", number);
        var annLeg = legTo(annSip);
        assertThat(annLeg.state()).isEqualTo(Leg.State.RINGING);
        int before = sim.deliveries().size();

        // Ann's answer is handled and committed, but no flush can confirm it: every try of its delivery fails.
        walFlush.failNext(WebhookReceiver.FLUSH_TRIES);
        sim.advance(Duration.ofSeconds(3));
        var answers = annAnswers(before, annLeg.callControlId());
        assertThat(answers).as("Ann's answer was not acknowledged").singleElement()
                .satisfies(d -> assertThat(d.status()).isGreaterThanOrEqualTo(500));
        assertThat(caller.leg().bridgedWith()).as("nothing is sent before the answer is durable").isNull();

        // The database works again, and Telnyx delivers it again: a duplicate, yet the commands of its first
        // handling now go out.
        walFlush.failNext(0);
        sim.advance(Duration.ofSeconds(2));
        assertThat(annAnswers(before, annLeg.callControlId())).as("delivered again, and acknowledged").hasSize(2).last()
                .satisfies(d -> assertThat(d.status()).isEqualTo(200));
        assertThat(caller.leg().bridgedWith()).as("the caller is put through to Ann").isEqualTo(annLeg.callControlId());
        assertThat(call().get("answered_by").toString()).isEqualTo(ann);

        sim.advance(Duration.ofSeconds(30));
        caller.hangUp();
        sim.advance(Duration.ofSeconds(1));
        assertThat(call().get("outcome")).isEqualTo("ANSWERED");
        assertThat(activeCalls(ann)).isZero();
    }

    @Test
    void theSweepSendsTheCommandsWhenTheRedeliveryGoesElsewhere() {
        sim.phone(annSip, PhoneScript.answerAfter(Duration.ofSeconds(3)));
        var caller = sim.call("+17735550123", number);
        var annLeg = legTo(annSip);
        walFlush.failNext(WebhookReceiver.FLUSH_TRIES);
        sim.advance(Duration.ofSeconds(3));
        walFlush.failNext(0);
        assertThat(caller.leg().bridgedWith()).isNull();

        // The redelivery has not come here (another node answers it as a duplicate): the sweep sends them.
        receiver.sendUnsent();
        sim.advance(Duration.ofSeconds(2)); // the redelivery here after all: a duplicate, nothing sent twice
        assertThat(caller.leg().bridgedWith()).as("the caller is put through to Ann").isEqualTo(annLeg.callControlId());
        assertThat(legsTo(annSip)).hasSize(1);
        assertThat(call().get("answered_by").toString()).isEqualTo(ann);
    }

    @Test
    void aFlushThatFailsOnceIsTriedAgainBeforeTheCarrierIsAnswered() {
        sim.phone(annSip, PhoneScript.answerAfter(Duration.ofSeconds(3)));
        var caller = sim.call("+17735550123", number);
        var annLeg = legTo(annSip);
        int before = sim.deliveries().size();

        walFlush.failNext(1);
        sim.advance(Duration.ofSeconds(3));
        assertThat(annAnswers(before, annLeg.callControlId())).extracting(TelnyxSimulator.Delivery::status).containsExactly(200);
        assertThat(caller.leg().bridgedWith()).as("the caller is put through to Ann").isEqualTo(annLeg.callControlId());
        assertThat(call().get("answered_by").toString()).isEqualTo(ann);
    }

    private List<TelnyxSimulator.Delivery> annAnswers(int from, String annLegId) {
        var deliveries = sim.deliveries();
        return deliveries.subList(from, deliveries.size()).stream()
                .filter(d -> "call.answered".equals(d.eventType()) && annLegId.equals(d.legId())).toList();
    }

    private Leg legTo(String address) {
        var legs = legsTo(address);
        assertThat(legs).hasSize(1);
        return legs.getFirst();
    }
}
