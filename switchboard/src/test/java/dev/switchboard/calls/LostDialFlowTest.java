package dev.switchboard.calls;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.carrier.SimulatedCallControl;
import dev.switchboard.simulator.Leg;
import dev.switchboard.simulator.PhoneScript;
import dev.switchboard.simulator.SimClock;
import dev.switchboard.simulator.TelnyxSimulator;
import dev.switchboard.support.VirtualTimeCallTest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;

/**
 * A member's phone dialled whose every try lost its reply (a timeout, a 504): the carrier may have placed it, and its
 * phone ring all the same. The member stays claimed and the ring waits for it until the dial's timeout: a phone that
 * rang after all is theirs as any other (put through when it answers, hung up when someone else does), the member given
 * back once; one that never came is given up as a refused dial, after its timeout.
 */
@Import(LostDialFlowTest.Carrier.class)
class LostDialFlowTest extends VirtualTimeCallTest {

    @TestConfiguration
    static class Carrier {
        /** How many dials next are placed but answered as failed (their reply lost). */
        final AtomicInteger placedButLost = new AtomicInteger();
        /** How many dials next are not placed and answered as failed without saying so (a timeout). */
        final AtomicInteger lostUnplaced = new AtomicInteger();

        @Bean
        @Primary
        SimClock virtualClock() {
            return new SimClock(Instant.parse("2026-11-25T18:00:00Z"));
        }

        @Bean
        @Primary
        CallControl losingDialReplies(TelnyxSimulator simulator) {
            var carrier = new SimulatedCallControl(simulator, "demo-connection");
            return new CallControl() {
                @Override
                public Result send(String legId, CallCommand command, String commandId, String clientState) {
                    return carrier.send(legId, command, commandId, clientState);
                }

                @Override
                public DialResult dial(String from, String fromDisplayName, String to, int timeoutSeconds, String linkTo, String commandId,
                        String clientState, boolean detectMachine) {
                    if (lostUnplaced.getAndUpdate(n -> n > 0 ? n - 1 : n) > 0) {
                        return new DialResult(new Result.Unavailable("request timed out (every try)"), null, true);
                    }
                    var placed = carrier.dial(from, fromDisplayName, to, timeoutSeconds, linkTo, commandId, clientState, detectMachine);
                    if (placedButLost.getAndUpdate(n -> n > 0 ? n - 1 : n) > 0) {
                        return new DialResult(new Result.Unavailable("HTTP 504"), null, true);
                    }
                    return placed;
                }

                @Override
                public LegStatus status(String legId) {
                    return carrier.status(legId);
                }
            };
        }
    }

    @Autowired
    Carrier carrier;

    @BeforeEach
    void annAndBob() {
        carrier.placedButLost.set(0);
        carrier.lostUnplaced.set(0);
        newCompanyWithAnnAndBob("Lost Dials", 20);
    }

    void rule(String type, List<String> members) {
        var rule = owner.post("/api/v1/routing-rules", Map.of("name", "Team", "type", type, "member_ids", members));
        assertThat(rule.status()).as(rule.body()).isEqualTo(201);
    }

    /** No phone of the call is left up, and nobody busy. */
    void nothingLeft() {
        assertThat(sim.legs()).allSatisfy(l -> assertThat(l.state()).as(l.to()).isEqualTo(Leg.State.ENDED));
        assertThat(activeCalls(ann)).isZero();
        assertThat(activeCalls(bob)).isZero();
        assertThat(endings(call().get("id").toString())).isOne();
    }

    @Test
    void aPhoneWhoseDialReplyWasLostRingsAndIsPutThroughWithItsMemberClaimed() {
        rule("ROUND_ROBIN", List.of(ann));
        sim.phone(annSip, PhoneScript.answerAfter(Duration.ofSeconds(3)));
        carrier.placedButLost.set(1);
        var caller = sim.call("+17735550123", number);
        sim.advance(Duration.ofSeconds(1));
        assertThat(caller.heard()).as("not silence: the caller was never bridged to her ringing phone").contains(
                "http://localhost:8080/audio/ringback.wav");
        assertThat(activeCalls(ann)).as("still claimed: her phone may ring").isEqualTo(1);
        sim.advance(Duration.ofSeconds(4));
        var annLeg = legsTo(annSip).getFirst();
        assertThat(caller.leg().bridgedWith()).as("put through when she answers").isEqualTo(annLeg.callControlId());
        assertThat(activeCalls(ann)).as("on the call, counted once").isEqualTo(1);
        assertThat(call().get("answered_by").toString()).isEqualTo(ann);
        caller.talkThenHangUp(Duration.ofSeconds(60));
        sim.advance(Duration.ofSeconds(5));
        assertThat(call().get("outcome")).isEqualTo("ANSWERED");
        assertThat(trace()).contains("the carrier's reply to dialling " + annSip + " was lost",
                "the phone dialled when the carrier's reply was lost did ring");
        nothingLeft();
    }

    @Test
    void aPhoneThatRangAfterItsReplyWasLostIsHungUpWhenSomeoneElseAnswersAndItsMemberGivenBackOnce() {
        rule("SIMULTANEOUS", List.of(ann, bob));
        sim.phone(annSip, new PhoneScript.NeverAnswer());
        sim.phone(bobSip, PhoneScript.answerAfter(Duration.ofSeconds(2)));
        carrier.placedButLost.set(1); // Ann's, dialled first
        var caller = sim.call("+17735550123", number);
        sim.advance(Duration.ofSeconds(4));
        assertThat(caller.leg().bridgedWith()).isEqualTo(legsTo(bobSip).getFirst().callControlId());
        assertThat(legsTo(annSip)).singleElement().satisfies(l -> assertThat(l.state()).isEqualTo(Leg.State.ENDED));
        assertThat(activeCalls(bob)).isEqualTo(1);
        sim.advance(Duration.ofSeconds(40)); // past her dial's timeout
        assertThat(activeCalls(ann)).as("given back once her dial's wait was over").isZero();
        caller.hangUp();
        sim.advance(Duration.ofSeconds(5));
        assertThat(call().get("outcome")).isEqualTo("ANSWERED");
        nothingLeft();
    }

    @Test
    void aDialWhoseReplyWasLostAndThatNeverRangIsGivenUpAfterItsTimeout() {
        rule("ROUND_ROBIN", List.of(ann));
        carrier.lostUnplaced.set(1);
        var caller = sim.call("+17735550123", number);
        sim.advance(Duration.ofSeconds(25));
        assertThat(call().get("phase")).as("waiting for her phone until its timeout").isEqualTo("RINGING");
        assertThat(activeCalls(ann)).isEqualTo(1);
        sim.advance(Duration.ofSeconds(10));
        until(caller, h -> h.contains("leave a message"));
        assertThat(trace()).contains("the carrier would not dial " + annSip + ": nothing of it came once its reply was lost");
        assertThat(activeCalls(ann)).isZero();
        caller.hangUp();
        sim.advance(Duration.ofSeconds(5));
        nothingLeft();
    }
}
