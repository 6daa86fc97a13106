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
        /** A destination whose next dial is placed but answered as failed (its reply lost). */
        final java.util.concurrent.atomic.AtomicReference<String> placedButLostTo = new java.util.concurrent.atomic.AtomicReference<>();

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
                    if (placedButLost.getAndUpdate(n -> n > 0 ? n - 1 : n) > 0 || to.equals(placedButLostTo.getAndUpdate(t -> to.equals(t) ? null : t))) {
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
        carrier.placedButLostTo.set(null);
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

    /** A caller Ann (rung alone) has answered; the call's id. */
    String callerTalkingToAnn() {
        rule("SIMULTANEOUS", List.of(ann));
        sim.phone(annSip, PhoneScript.answerAfter(Duration.ofSeconds(2)));
        sim.call("+17735550123", number);
        sim.advance(Duration.ofSeconds(3));
        assertThat(call().get("phase")).isEqualTo("BRIDGED");
        return call().get("id").toString();
    }

    void transfer(String id, String to) {
        var transferred = owner.post("/api/v1/calls/" + id + "/transfer", Map.of("number", to));
        assertThat(transferred.status()).as(transferred.body()).isEqualTo(200);
    }

    @Test
    void aNumberDialledForATransferWhoseReplyWasLostRingsAndTheTransferIsAnswered() {
        var id = callerTalkingToAnn();
        var outside = randomNumber("773");
        sim.phone(outside, PhoneScript.answerAfter(Duration.ofSeconds(3)));
        carrier.placedButLostTo.set(outside);
        transfer(id, outside);
        sim.advance(Duration.ofSeconds(1));
        assertThat(call().get("phase")).as("its phone is waited for").isEqualTo("TRANSFERRING");
        sim.advance(Duration.ofSeconds(3));
        var caller = sim.legs().stream().filter(l -> l.to().equals(number)).findFirst().orElseThrow();
        assertThat(caller.bridgedWith()).as("put through when it answers").isEqualTo(legsTo(outside).getFirst().callControlId());
        assertThat(activeCalls(ann)).as("Ann has handed the call over").isZero();
        sim.advance(Duration.ofSeconds(60));
        assertThat(sim.handle("POST", "/v2/calls/" + caller.callControlId() + "/actions/hangup", "{}").status()).isEqualTo(200);
        sim.advance(Duration.ofSeconds(5));
        var transfers = owner.get("/api/v1/call-logs/" + id).json().get("call").get("transfers");
        assertThat(transfers.get(0).get("result").asString()).isEqualTo("answered");
        assertThat(call().get("outcome")).isEqualTo("ANSWERED");
        assertThat(trace()).contains("the carrier's reply to dialling " + outside + " was lost",
                "the phone dialled when the carrier's reply was lost did ring: " + outside).doesNotContain("the carrier would not dial");
        nothingLeft();
    }

    @Test
    void aTransferToANumberWhoseDialReplyWasLostAndThatNeverRangIsNotAnsweredAfterItsTimeout() {
        var id = callerTalkingToAnn();
        var outside = randomNumber("773");
        carrier.lostUnplaced.set(1);
        transfer(id, outside);
        sim.advance(Duration.ofSeconds(35));
        assertThat(call().get("phase")).as("waiting for its phone until its timeout (30 s)").isEqualTo("TRANSFERRING");
        sim.advance(Duration.ofSeconds(6));
        assertThat(call().get("phase")).as("the call stays with Ann").isEqualTo("BRIDGED");
        assertThat(trace()).contains("the carrier would not dial " + outside + ": nothing of it came once its reply was lost",
                "the transfer was not answered; the call stays with whoever had it");
        var transfers = owner.get("/api/v1/call-logs/" + id).json().get("call").get("transfers");
        assertThat(transfers.get(0).get("result").asString()).isEqualTo("not_answered");
        hangsUp(legsTo(annSip).getFirst());
        sim.advance(Duration.ofSeconds(5));
        assertThat(call().get("outcome")).isEqualTo("ANSWERED");
        nothingLeft();
    }

    void hangsUp(Leg leg) {
        assertThat(sim.handle("POST", "/v2/calls/" + leg.callControlId() + "/actions/hangup", "{}").status()).isEqualTo(200);
    }

    /** Ann's click-to-call to a fresh number whose dial's reply is lost; the number, as {@code script} says. */
    String clickToCallLosingTheNumbersReply(PhoneScript script) {
        sim.phone(annSip, PhoneScript.answerAfter(Duration.ofSeconds(2)));
        var outside = randomNumber("773");
        sim.phone(outside, script);
        carrier.placedButLostTo.set(outside);
        var placed = owner.post("/api/v1/calls", Map.of("member_id", ann, "number", outside));
        assertThat(placed.status()).as(placed.body()).isEqualTo(201);
        sim.advance(Duration.ofSeconds(3));
        assertThat(call().get("phase")).as("the number's phone is waited for").isEqualTo("DIALING_TARGET");
        assertThat(trace()).contains("the carrier's reply to dialling " + outside + " was lost");
        return outside;
    }

    @Test
    void aClickToCallWhoseNumbersDialReplyWasLostIsPutThroughWhenItAnswers() {
        var outside = clickToCallLosingTheNumbersReply(PhoneScript.answerAfter(Duration.ofSeconds(4)));
        sim.advance(Duration.ofSeconds(3));
        var annLeg = legsTo(annSip).getFirst();
        assertThat(annLeg.bridgedWith()).isEqualTo(legsTo(outside).getFirst().callControlId());
        sim.advance(Duration.ofSeconds(60));
        hangsUp(annLeg);
        sim.advance(Duration.ofSeconds(5));
        assertThat(call().get("outcome")).isEqualTo("ANSWERED");
        assertThat(trace()).contains("the phone dialled when the carrier's reply was lost did ring: " + outside);
        nothingLeft();
    }

    @Test
    void aClickToCallWhoseNumberRangOutAfterItsReplyWasLostEndsNotAnswered() {
        clickToCallLosingTheNumbersReply(new PhoneScript.NeverAnswer());
        sim.advance(Duration.ofSeconds(45)); // the number's ring timeout (30 s), and the wait's 10 s
        assertThat(call().get("phase")).isEqualTo("ENDED");
        assertThat(call().get("outcome")).as("rang out, as any number not answered").isEqualTo("MISSED");
        assertThat(trace()).contains("the phone dialled when the carrier's reply was lost did ring");
        nothingLeft();
    }

    @Test
    void aClickToCallWhoseMemberHangsUpWhileALostDialsNumberRingsEndsOnce() {
        var outside = clickToCallLosingTheNumbersReply(new PhoneScript.NeverAnswer());
        hangsUp(legsTo(annSip).getFirst());
        sim.advance(Duration.ofSeconds(2));
        assertThat(legsTo(outside)).singleElement().satisfies(l -> assertThat(l.state()).as("nobody waits for it").isEqualTo(Leg.State.ENDED));
        sim.advance(Duration.ofSeconds(45));
        assertThat(call().get("outcome")).as("our member left first").isEqualTo("ABANDONED");
        nothingLeft();
    }
}
