package dev.switchboard.calls;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.simulator.Leg;
import dev.switchboard.simulator.TelnyxSimulator.Command;
import dev.switchboard.simulator.PhoneScript;
import dev.switchboard.simulator.SimClock;
import dev.switchboard.support.VirtualTimeCallTest;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;

/**
 * "Press 1 to accept" on a member's forwarding number, end to end through the simulator: whoever answers the
 * member's cell hears who the call is for and from, and the caller is put through only when they press 1; a cell
 * whose own voicemail picks up (nobody presses) is hung up and the call goes on as not answered.
 */
@Import(ConfirmForwardedCallsFlowTest.Noon.class)
class ConfirmForwardedCallsFlowTest extends VirtualTimeCallTest {

    @TestConfiguration
    static class Noon {
        @Bean
        @Primary
        SimClock confirmClock() {
            return new SimClock(Instant.parse("2026-11-25T18:00:00Z")); // Wednesday noon in Chicago
        }
    }

    static final String CALLER = "+17735550123";
    static final String QUESTION = "Call for Confirm Co from 7 7 3, 5 5 5, 0 1 2 3. Press 1 to accept.";

    String maria;
    String mariaSip;
    String cell;

    @BeforeEach
    void company() {
        newCompanyWithAnnAndBob("Confirm Co", 20);
        mariaSip = "sip:maria-" + UUID.randomUUID().toString().substring(0, 8) + "@confirm.sip.telnyx.com";
        cell = randomNumber("773");
    }

    /** Maria Lopez, whose calls are forwarded to her cell ({@code alsoSip}: her desk phone rings too), confirm on. */
    void mariaWithCell(boolean alsoSip, boolean confirm) {
        var body = new HashMap<String, Object>(Map.of("name", "Maria Lopez", "phone_extension", "103", "sip_address", mariaSip,
                "call_forwarding_enabled", true, "call_forwarding_number", cell, "simultaneous_ring_enabled", alsoSip,
                "confirm_forwarded_calls", confirm, "ring_timeout_seconds", 25));
        maria = member(body);
    }

    void rule(Map<String, Object> body) {
        var r = owner.post("/api/v1/routing-rules", body);
        assertThat(r.status()).as(r.body()).isEqualTo(201);
    }

    @Test
    void theCellThatAnswersAndPressesOneIsPutThroughAndTheCallIsAnsweredByTheMember() {
        mariaWithCell(false, true);
        rule(Map.of("name", "Maria", "type", "SIMULTANEOUS", "member_ids", List.of(maria)));
        sim.phone(cell, PhoneScript.answerThenPress(Duration.ofSeconds(3), "1"));

        var caller = sim.call(CALLER, number);
        assertThat(legsTo(cell)).hasSize(1);
        assertThat(caller.leg().bridgedWith()).as("not put through to the cell while it rings").isNull();
        sim.advance(Duration.ofSeconds(4));
        var mobile = legsTo(cell).getFirst();
        assertThat(mobile.state()).isEqualTo(Leg.State.ANSWERED);
        assertThat(mobile.heard()).contains(QUESTION);
        assertThat(caller.leg().bridgedWith()).as("not before they press 1").isNull();
        assertThat(call().get("answered_at")).isNull();

        sim.advance(Duration.ofSeconds(10));
        assertThat(caller.leg().bridgedWith()).isEqualTo(mobile.callControlId());
        sim.advance(Duration.ofSeconds(30));
        caller.hangUp();
        assertThat(call().get("outcome")).isEqualTo("ANSWERED");
        assertThat(call().get("answered_by").toString()).isEqualTo(maria);
        assertThat(trace()).contains("Maria Lopez's forwarded phone answered: asking them to press 1")
                .contains("Maria Lopez pressed 1 on their forwarded phone: connecting");
        assertThat(activeCalls(maria)).isZero();
    }

    @Test
    void theCellsOwnVoicemailThatNeverPressesIsHungUpAndTheCallerReachesTheCompanysVoicemail() {
        mariaWithCell(false, true);
        rule(Map.of("name", "Maria", "type", "SIMULTANEOUS", "member_ids", List.of(maria), "no_answer_target", Map.of("kind", "VOICEMAIL")));
        sim.phone(cell, PhoneScript.answerAfter(Duration.ofSeconds(3)));

        var caller = sim.call(CALLER, number);
        sim.advance(Duration.ofSeconds(4));
        var mobile = legsTo(cell).getFirst();
        assertThat(mobile.heard()).contains(QUESTION);
        assertThat(caller.leg().bridgedWith()).isNull();
        until(caller, "(beep)"::equals);
        assertThat(mobile.state()).as("the cell's voicemail is hung up").isEqualTo(Leg.State.ENDED);
        assertThat(mobile.bridgedWith()).isNull();
        assertThat(call().get("phase")).isEqualTo("VOICEMAIL_RECORDING");
        caller.leaveMessage(Duration.ofSeconds(10), "Please call me back.");
        assertThat(call().get("outcome")).isEqualTo("VOICEMAIL");
        assertThat(call().get("answered_by")).isNull();
        assertThat(trace()).contains("Maria Lopez's forwarded phone answered: asking them to press 1")
                .contains("Maria Lopez did not confirm (an answering machine?)");
        assertThat(activeCalls(maria)).isZero();
    }

    @Test
    void aRoundRobinMovesOnToTheNextMemberWhenTheCellDoesNotConfirm() {
        mariaWithCell(false, true);
        rule(Map.of("name", "Rotation", "type", "ROUND_ROBIN", "member_ids", List.of(maria, bob), "ring_timeout_seconds", 25));
        sim.phone(cell, PhoneScript.answerAfter(Duration.ofSeconds(2)));
        sim.phone(bobSip, PhoneScript.answerAfter(Duration.ofSeconds(2)));

        var caller = sim.call(CALLER, number);
        assertThat(legsTo(cell)).hasSize(1);
        assertThat(legsTo(bobSip)).isEmpty();
        assertThat(caller.leg().bridgedWith()).as("a cell rung alone in turn is not bridged to the caller while it rings, when it must "
                + "confirm: the caller would hear its voicemail").isNull();
        sim.advance(Duration.ofSeconds(30));
        assertThat(legsTo(cell).getFirst().state()).isEqualTo(Leg.State.ENDED);
        assertThat(caller.leg().bridgedWith()).isEqualTo(legsTo(bobSip).getFirst().callControlId());
        caller.hangUp();
        assertThat(call().get("outcome")).isEqualTo("ANSWERED");
        assertThat(call().get("answered_by").toString()).isEqualTo(bob);
        assertThat(trace()).contains("Maria Lopez did not confirm (an answering machine?)").contains("ringing Bob");
    }

    @Test
    void theDeskPhoneThatAnswersWhileTheCellIsAskedHangsTheCellUp() {
        mariaWithCell(true, true);
        rule(Map.of("name", "Maria", "type", "SIMULTANEOUS", "member_ids", List.of(maria)));
        sim.phone(cell, PhoneScript.answerAfter(Duration.ofSeconds(2)));
        sim.phone(mariaSip, PhoneScript.answerAfter(Duration.ofSeconds(5)));

        var caller = sim.call(CALLER, number);
        assertThat(legsTo(cell)).hasSize(1);
        assertThat(legsTo(mariaSip)).hasSize(1);
        sim.advance(Duration.ofSeconds(3));
        assertThat(legsTo(cell).getFirst().state()).as("asked to press 1").isEqualTo(Leg.State.ANSWERED);
        assertThat(caller.leg().bridgedWith()).isNull();
        sim.advance(Duration.ofSeconds(3));
        assertThat(caller.leg().bridgedWith()).isEqualTo(legsTo(mariaSip).getFirst().callControlId());
        assertThat(legsTo(cell).getFirst().state()).isEqualTo(Leg.State.ENDED);
        sim.advance(Duration.ofSeconds(20));
        assertThat(caller.leg().bridgedWith()).as("nothing the cell's question did later undoes it")
                .isEqualTo(legsTo(mariaSip).getFirst().callControlId());
        caller.hangUp();
        assertThat(call().get("outcome")).isEqualTo("ANSWERED");
        assertThat(call().get("answered_by").toString()).isEqualTo(maria);
        assertThat(trace()).doesNotContain("did not confirm");
        assertThat(activeCalls(maria)).isZero();
    }

    @Test
    void theCallerWhoHangsUpWhileTheCellIsAskedEndsEveryLegAndTheCallIsLoggedOnce() {
        mariaWithCell(true, true);
        rule(Map.of("name", "Maria", "type", "SIMULTANEOUS", "member_ids", List.of(maria)));
        sim.phone(cell, PhoneScript.answerAfter(Duration.ofSeconds(2)));
        sim.phone(mariaSip, new PhoneScript.NeverAnswer());

        var caller = sim.call(CALLER, number);
        sim.advance(Duration.ofSeconds(4));
        assertThat(legsTo(cell).getFirst().heard()).contains(QUESTION);
        caller.hangUp();
        sim.advance(Duration.ofSeconds(30));
        assertThat(legsTo(cell).getFirst().state()).isEqualTo(Leg.State.ENDED);
        assertThat(legsTo(mariaSip).getFirst().state()).isEqualTo(Leg.State.ENDED);
        var calls = inCompany(() -> jdbc.sql("select outcome from calls where company_id = :c").param("c", company.value())
                .query(String.class).list());
        assertThat(calls).containsExactly("MISSED");
        assertThat(call().get("answered_by")).isNull();
        assertThat(call().get("ended_at")).isNotNull();
        assertThat(activeCalls(maria)).isZero();
    }

    @Test
    void withConfirmOffTheCellIsPutThroughWhileItRingsAsBefore() {
        mariaWithCell(false, false);
        rule(Map.of("name", "Rotation", "type", "ROUND_ROBIN", "member_ids", List.of(maria, bob), "ring_timeout_seconds", 25));
        sim.phone(cell, PhoneScript.answerAfter(Duration.ofSeconds(3)));
        var caller = sim.call(CALLER, number);
        assertThat(caller.leg().bridgedWith()).as("bridged while it rings").isEqualTo(legsTo(cell).getFirst().callControlId());
        sim.advance(Duration.ofSeconds(4));
        assertThat(legsTo(cell).getFirst().heard()).doesNotContain(QUESTION);
        caller.hangUp();
        assertThat(call().get("outcome")).isEqualTo("ANSWERED");
        assertThat(call().get("answered_by").toString()).isEqualTo(maria);
    }

    private static final tools.jackson.databind.json.JsonMapper JSON = tools.jackson.databind.json.JsonMapper.shared();

    /** The gather sent to the cell once it answered (the last one, should there be several). */
    String question() {
        return sim.commands().stream().filter(c -> c.path().endsWith("/actions/gather_using_speak")).map(c -> c.body())
                .reduce((a, b) -> b).orElseThrow();
    }

    @Test
    void aQuestionThatNeverReachesTheCarrierIsGivenUpOnAndTheCallerReachesVoicemailNotRingingForEver() {
        mariaWithCell(false, true);
        rule(Map.of("name", "Maria", "type", "SIMULTANEOUS", "member_ids", List.of(maria), "no_answer_target", Map.of("kind", "VOICEMAIL")));
        sim.phone(cell, PhoneScript.answerThenPress(Duration.ofSeconds(3), "1"));

        var start = sim.clock().instant();
        var caller = sim.call(CALLER, number);
        sim.advance(Duration.ofMillis(2500));
        // The gather_using_speak, sent once the cell's answer is handled, and sent again 2, 6 and 14 s later (the call
        // still waiting for it): the question is given up on before its next try.
        sim.failNextCommands(4, 503);
        sim.advance(Duration.ofSeconds(1));
        var mobile = legsTo(cell).getFirst();
        assertThat(mobile.state()).isEqualTo(Leg.State.ANSWERED);
        assertThat(mobile.heard()).as("the question never reached the carrier").doesNotContain(QUESTION);
        sim.advance(Duration.ofSeconds(15));
        var questions = sim.commands().stream().filter(c -> c.path().contains(java.net.URLEncoder.encode(mobile.callControlId(),
                java.nio.charset.StandardCharsets.UTF_8)) && c.path().endsWith("/actions/gather_using_speak")).toList();
        assertThat(questions).extracting(Command::status).containsExactly(503, 503, 503, 503);
        assertThat(questions).extracting(c -> JSON.readTree(c.body()).get("command_id").asString()).as("each try with the one command id")
                .containsOnly(JSON.readTree(questions.getFirst().body()).get("command_id").asString());
        assertThat(caller.leg().bridgedWith()).isNull();
        assertThat(call().get("phase")).isNotEqualTo("VOICEMAIL_RECORDING");
        until(caller, "(beep)"::equals);
        assertThat(sim.clock().instant()).as("given up on some seconds after the question's timeout")
                .isBefore(start.plusSeconds(45));
        assertThat(mobile.state()).as("the cell is hung up").isEqualTo(Leg.State.ENDED);
        assertThat(mobile.bridgedWith()).isNull();
        caller.leaveMessage(Duration.ofSeconds(5), "Call me back.");
        assertThat(call().get("outcome")).isEqualTo("VOICEMAIL");
        assertThat(call().get("answered_by")).isNull();
        assertThat(trace()).contains("Maria Lopez's forwarded phone gave no answer to the question");
        assertThat(activeCalls(maria)).isZero();
        assertThat(callTimers()).isZero();
    }

    @Test
    void aQuestionThatDidNotReachTheCarrierIsAskedAgainAndTheCellPutThroughOnceItIsAnswered() {
        mariaWithCell(false, true);
        rule(Map.of("name", "Maria", "type", "SIMULTANEOUS", "member_ids", List.of(maria), "no_answer_target", Map.of("kind", "VOICEMAIL")));
        sim.phone(cell, PhoneScript.answerThenPress(Duration.ofSeconds(3), "1"));

        var caller = sim.call(CALLER, number);
        sim.advance(Duration.ofMillis(2500));
        sim.failNextCommands(1, 503); // the gather_using_speak, sent once the cell's answer is handled
        sim.advance(Duration.ofSeconds(1));
        var mobile = legsTo(cell).getFirst();
        assertThat(mobile.heard()).as("not yet").doesNotContain(QUESTION);
        sim.advance(Duration.ofSeconds(2));
        assertThat(mobile.heard()).as("asked again, once the carrier could be reached").contains(QUESTION);
        sim.advance(Duration.ofSeconds(10)); // the question heard out, then 1 pressed
        assertThat(caller.leg().bridgedWith()).isEqualTo(mobile.callControlId());
        caller.hangUp();
        assertThat(call().get("outcome")).isEqualTo("ANSWERED");
        assertThat(call().get("answered_by").toString()).isEqualTo(maria);
        assertThat(activeCalls(maria)).isZero();
    }

    @Test
    void aQuestionTheCarrierRefusesHangsTheCellUpAndTheCallGoesOnAsNotAnswered() {
        mariaWithCell(false, true);
        rule(Map.of("name", "Maria", "type", "SIMULTANEOUS", "member_ids", List.of(maria), "no_answer_target", Map.of("kind", "VOICEMAIL")));
        sim.phone(cell, PhoneScript.answerThenPress(Duration.ofSeconds(3), "1"));

        var start = sim.clock().instant();
        var caller = sim.call(CALLER, number);
        sim.advance(Duration.ofMillis(2500));
        sim.failNextCommands(1, 422);
        sim.advance(Duration.ofSeconds(1));
        until(caller, "(beep)"::equals);
        assertThat(sim.clock().instant()).isBefore(start.plusSeconds(15));
        assertThat(legsTo(cell).getFirst().state()).isEqualTo(Leg.State.ENDED);
        assertThat(caller.leg().bridgedWith()).isNull();
        caller.hangUp();
        assertThat(call().get("answered_by")).isNull();
        assertThat(activeCalls(maria)).isZero();
        assertThat(callTimers()).isZero();
    }

    @Test
    void theQuestionIsReadInTheVoiceOfMariasSpokenGreeting() {
        mariaWithCell(false, true);
        var box = owner.put("/api/v1/members/" + maria + "/voicemail", Map.of("greeting_type", "TEXT_TO_SPEECH", "greeting_text",
                "Maria here, leave a message.", "greeting_voice", "Polly.Joanna", "greeting_language", "en-GB"));
        assertThat(box.status()).as(box.body()).isEqualTo(200);
        rule(Map.of("name", "Maria", "type", "SIMULTANEOUS", "member_ids", List.of(maria)));
        sim.phone(cell, PhoneScript.answerThenPress(Duration.ofSeconds(3), "1"));
        var caller = sim.call(CALLER, number);
        sim.advance(Duration.ofSeconds(4));
        assertThat(question()).contains("\"voice\":\"Polly.Joanna\"").contains("\"language\":\"en-GB\"");
        sim.advance(Duration.ofSeconds(10));
        assertThat(caller.leg().bridgedWith()).isEqualTo(legsTo(cell).getFirst().callControlId());
        caller.hangUp();
    }

    @Test
    void aQuestionIsNotReadInAnotherLanguagesVoiceNorWithoutAGreetingOfTheirOwn() {
        mariaWithCell(false, true);
        var box = owner.put("/api/v1/members/" + maria + "/voicemail", Map.of("greeting_type", "TEXT_TO_SPEECH", "greeting_text",
                "Hola, soy Maria.", "greeting_language", "es-MX"));
        assertThat(box.status()).as(box.body()).isEqualTo(200);
        rule(Map.of("name", "Maria", "type", "SIMULTANEOUS", "member_ids", List.of(maria)));
        sim.phone(cell, PhoneScript.answerThenPress(Duration.ofSeconds(3), "1"));
        var caller = sim.call(CALLER, number);
        sim.advance(Duration.ofSeconds(4));
        assertThat(question()).as("English text in the carrier's default English voice").contains("\"language\":\"en-US\"");
        caller.hangUp();
    }

    int callTimers() {
        return inCompany(() -> jdbc.sql("select count(*) from timers where company_id = :c and kind = 'call'").param("c", company.value())
                .query(Integer.class).single());
    }

    @Test
    void aQueueOfferTheCellsVoicemailAnswersIsMissedAndTheCallerStaysInLineForTheNextMember() {
        mariaWithCell(false, true);
        var queue = owner.post("/api/v1/queues", Map.of("name", "Support", "strategy", "FIXED_ORDER", "member_ids", List.of(maria, bob),
                "ring_timeout_seconds", 25, "wrap_up_seconds", 0, "announce_interval_seconds", 60, "join_when_empty", true));
        assertThat(queue.status()).as(queue.body()).isEqualTo(201);
        rule(Map.of("name", "To the queue", "type", "BUSINESS_HOURS", "open_target", Map.of("kind", "QUEUE", "queue_id",
                queue.json().get("id").asString()), "closed_target", Map.of("kind", "VOICEMAIL")));
        sim.phone(cell, PhoneScript.answerAfter(Duration.ofSeconds(2)));
        sim.phone(bobSip, PhoneScript.answerAfter(Duration.ofSeconds(2)));

        var caller = sim.call(CALLER, number);
        sim.advance(Duration.ofSeconds(4));
        var mobile = legsTo(cell).getFirst();
        assertThat(mobile.heard()).contains(QUESTION);
        assertThat(caller.leg().bridgedWith()).as("the queue caller is not put through to the cell's voicemail").isNull();
        assertThat(legsTo(bobSip)).isEmpty();
        assertThat(call().get("phase")).isEqualTo("QUEUED");
        sim.advance(Duration.ofSeconds(25));
        assertThat(mobile.state()).isEqualTo(Leg.State.ENDED);
        assertThat(mobile.bridgedWith()).isNull();
        assertThat(caller.leg().bridgedWith()).as("offered next to Bob, and he answered").isEqualTo(legsTo(bobSip).getFirst().callControlId());
        caller.hangUp();
        assertThat(call().get("outcome")).isEqualTo("ANSWERED");
        assertThat(call().get("answered_by").toString()).isEqualTo(bob);
        assertThat(trace()).contains("Maria Lopez did not confirm").contains("queue: Maria Lopez did not answer");
        assertThat(activeCalls(maria)).isZero();
        assertThat(activeCalls(bob)).isZero();
        assertThat(callTimers()).isZero();
    }

    /** A caller talking with Ann (who answered a rule ringing her) is transferred to Maria, whose cell must confirm and does as {@code cellScript}. */
    private dev.switchboard.simulator.Caller transferredToMaria(PhoneScript cellScript) {
        mariaWithCell(false, true);
        rule(Map.of("name", "Ann", "type", "SIMULTANEOUS", "member_ids", List.of(ann)));
        sim.phone(annSip, PhoneScript.answerAfter(Duration.ofSeconds(2)));
        sim.phone(cell, cellScript);
        var caller = sim.call(CALLER, number);
        sim.advance(Duration.ofSeconds(3));
        var transferred = owner.post("/api/v1/calls/" + call().get("id") + "/transfer", Map.of("member_id", maria));
        assertThat(transferred.status()).as(transferred.body()).isEqualTo(200);
        return caller;
    }

    @Test
    void aTransferToMariaAsksHerCellAndPutsTheCallerThroughWhenShePressesOne() {
        var caller = transferredToMaria(PhoneScript.answerThenPress(Duration.ofSeconds(3), "1"));
        sim.advance(Duration.ofSeconds(4));
        var mobile = legsTo(cell).getFirst();
        assertThat(mobile.heard()).contains(QUESTION);
        assertThat(caller.leg().bridgedWith()).as("still with Ann while the cell is asked").isEqualTo(legsTo(annSip).getFirst().callControlId());
        sim.advance(Duration.ofSeconds(12));
        assertThat(caller.leg().bridgedWith()).isEqualTo(mobile.callControlId());
        assertThat(legsTo(annSip).getFirst().state()).isEqualTo(Leg.State.ENDED);
        caller.hangUp();
        assertThat(call().get("answered_by").toString()).isEqualTo(maria);
        assertThat(trace()).contains("Maria Lopez pressed 1 on their forwarded phone: the transfer is put through");
        assertThat(activeCalls(maria)).isZero();
        assertThat(activeCalls(ann)).isZero();
        assertThat(callTimers()).isZero();
    }

    @Test
    void aTransferToACellWhoseVoicemailAnswersIsNotAnsweredAndTheCallerStaysWithAnn() {
        var caller = transferredToMaria(PhoneScript.answerAfter(Duration.ofSeconds(3)));
        sim.advance(Duration.ofSeconds(4));
        var mobile = legsTo(cell).getFirst();
        assertThat(mobile.heard()).contains(QUESTION);
        sim.advance(Duration.ofSeconds(25));
        assertThat(mobile.state()).isEqualTo(Leg.State.ENDED);
        assertThat(mobile.bridgedWith()).isNull();
        assertThat(caller.leg().bridgedWith()).isEqualTo(legsTo(annSip).getFirst().callControlId());
        assertThat(trace()).contains("Maria Lopez did not confirm").contains("the transfer was not answered");
        caller.hangUp();
        assertThat(call().get("answered_by").toString()).isEqualTo(ann);
        assertThat(activeCalls(maria)).isZero();
        assertThat(callTimers()).isZero();
    }

    @Test
    void duplicatedAndRedeliveredAnswersAndGatherEndsCountOnceAndLeaveNoLegUp() {
        mariaWithCell(true, true);
        rule(Map.of("name", "Maria", "type", "SIMULTANEOUS", "member_ids", List.of(maria)));
        sim.phone(cell, PhoneScript.answerThenPress(Duration.ofSeconds(3), "1"));
        sim.phone(mariaSip, new PhoneScript.NeverAnswer());
        var caller = sim.call(CALLER, number);
        sim.advance(Duration.ofMillis(2500));
        sim.duplicateNextDeliveries(50);
        sim.reorderNextDeliveries(50);
        sim.advance(Duration.ofSeconds(1));
        var mobile = legsTo(cell).getFirst();
        var answered = sim.deliveries().stream().filter(d -> d.eventType().equals("call.answered") && d.legId().equals(mobile.callControlId()))
                .findFirst().orElseThrow();
        sim.redeliverAsNewEvent(answered); // the same answer again, under a new event id
        assertThat(sim.commands().stream().filter(c -> c.path().endsWith("/actions/gather_using_speak")
                && c.path().contains(mobile.callControlId().replace(":", "%3A")) || c.path().endsWith("/actions/gather_using_speak")
                && c.path().contains(mobile.callControlId())).count()).as("asked once").isEqualTo(1);
        sim.advance(Duration.ofSeconds(14));
        assertThat(caller.leg().bridgedWith()).isEqualTo(mobile.callControlId());
        var gatherEnded = sim.deliveries().stream().filter(d -> d.eventType().equals("call.gather.ended") && d.legId().equals(mobile.callControlId()))
                .findFirst().orElseThrow();
        sim.redeliverAsNewEvent(gatherEnded);
        sim.redeliverAsNewEvent(answered);
        sim.advance(Duration.ofSeconds(5));
        assertThat(caller.leg().bridgedWith()).isEqualTo(mobile.callControlId());
        assertThat(legsTo(mariaSip).getFirst().state()).isEqualTo(Leg.State.ENDED);
        caller.hangUp();
        sim.advance(Duration.ofSeconds(2));
        assertThat(mobile.state()).isEqualTo(Leg.State.ENDED);
        assertThat(caller.leg().state()).isEqualTo(Leg.State.ENDED);
        var calls = inCompany(() -> jdbc.sql("select outcome from calls where company_id = :c").param("c", company.value())
                .query(String.class).list());
        assertThat(calls).containsExactly("ANSWERED");
        assertThat(call().get("answered_by").toString()).isEqualTo(maria);
        assertThat(trace().split("pressed 1 on their forwarded phone", -1)).as("connected once").hasSize(2);
        assertThat(activeCalls(maria)).isZero();
        assertThat(callTimers()).isZero();
    }
    // ---- calls the app places to Maria first: a queue callback, a click-to-call ----

    String queueId;

    List<Map<String, Object>> queueEvents(String type) {
        return inCompany(() -> jdbc.sql("select * from queue_events where company_id = :c and queue_id = :q and type = :t order by seq")
                .param("c", company.value()).param("q", UUID.fromString(queueId)).param("t", type).query().listOfRows());
    }

    void status(String member, String status) {
        var r = owner.put("/api/v1/members/" + member + "/status", Map.of("status", status));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        sim.advance(Duration.ZERO); // the queues look again at once, on the timers' thread, not the request's
    }

    /** A queue of Maria then Bob, both away, and {@code customer} waiting in it who asks to be called back. */
    void callbackRequestedBy(String customer) {
        mariaWithCell(false, true);
        var queue = owner.post("/api/v1/queues", Map.of("name", "Support", "strategy", "FIXED_ORDER", "member_ids", List.of(maria, bob),
                "ring_timeout_seconds", 25, "wrap_up_seconds", 0, "announce_interval_seconds", 60, "join_when_empty", true,
                "callback_enabled", true));
        assertThat(queue.status()).as(queue.body()).isEqualTo(201);
        queueId = queue.json().get("id").asString();
        rule(Map.of("name", "To the queue", "type", "BUSINESS_HOURS", "open_target", Map.of("kind", "QUEUE", "queue_id", queueId),
                "closed_target", Map.of("kind", "VOICEMAIL")));
        status(maria, "AWAY");
        status(bob, "AWAY");
        var caller = sim.call(customer, number);
        sim.advance(Duration.ofSeconds(3));
        caller.press("1");
        sim.advance(Duration.ofSeconds(10));
        assertThat(caller.state()).isEqualTo(Leg.State.ENDED);
        assertThat(queueEvents("CALLBACK_REQUESTED")).hasSize(1);
    }

    /** The latest call out (a callback, a click-to-call), as its row. */
    Map<String, Object> latestCallOut() {
        return inCompany(() -> jdbc.sql("select * from calls where company_id = :c and direction = 'OUTBOUND' order by started_at desc limit 1")
                .param("c", company.value()).query().singleRow());
    }

    String traceOf(Map<String, Object> call) {
        return owner.get("/api/v1/call-logs/" + call.get("id")).json().get("trace").toString();
    }

    @Test
    void aCallbackAsksMariasCellAndDialsTheCustomerWhenShePressesOne() {
        var customer = randomNumber("773");
        callbackRequestedBy(customer);
        sim.phone(cell, PhoneScript.answerThenPress(Duration.ofSeconds(3), "1"));
        sim.phone(customer, PhoneScript.answerAfter(Duration.ofSeconds(2)));
        status(maria, "AVAILABLE");
        assertThat(legsTo(cell)).hasSize(1);
        sim.advance(Duration.ofSeconds(4));
        var mobile = legsTo(cell).getFirst();
        assertThat(mobile.heard()).contains("Callback for Confirm Co to " + CallEngine.spokenNumber(customer) + ". Press 1 to call them now.");
        assertThat(legsTo(customer)).as("not before she presses 1").isEmpty();
        sim.advance(Duration.ofSeconds(12));
        assertThat(legsTo(customer)).hasSize(1);
        sim.advance(Duration.ofSeconds(3));
        assertThat(mobile.bridgedWith()).isEqualTo(legsTo(customer).getFirst().callControlId());
        assertThat(queueEvents("CALLBACK_COMPLETED")).hasSize(1);
        sim.hangUpAnsweredPhone(legsTo(customer).getFirst().callControlId());
        sim.advance(Duration.ofSeconds(2));
        var out = latestCallOut();
        assertThat(out.get("outcome")).isEqualTo("ANSWERED");
        assertThat(out.get("answered_by").toString()).isEqualTo(maria);
        assertThat(traceOf(out)).contains("Maria Lopez's forwarded phone answered: asking them to press 1")
                .contains("Maria Lopez pressed 1 on their forwarded phone: calling " + customer);
        assertThat(owner.get("/api/v1/queues/" + queueId + "/callers").json().size()).isZero();
        assertThat(activeCalls(maria)).isZero();
        assertThat(callTimers()).isZero();
    }

    @Test
    void aCallbackTheCellsVoicemailAnswersDoesNotDialTheCustomerAndGoesToTheNextMember() {
        var customer = randomNumber("773");
        callbackRequestedBy(customer);
        sim.phone(cell, PhoneScript.answerAfter(Duration.ofSeconds(2)));
        sim.phone(bobSip, PhoneScript.answerAfter(Duration.ofSeconds(2)));
        sim.phone(customer, PhoneScript.answerAfter(Duration.ofSeconds(2)));
        status(maria, "AVAILABLE");
        sim.advance(Duration.ofSeconds(4));
        var mobile = legsTo(cell).getFirst();
        assertThat(mobile.heard()).anyMatch(h -> h.startsWith("Callback for Confirm Co"));
        var mariasCall = latestCallOut();
        status(bob, "AVAILABLE");
        assertThat(legsTo(bobSip)).as("the callback is Maria's while her cell is asked").isEmpty();
        sim.advance(Duration.ofSeconds(8));
        assertThat(legsTo(customer)).as("the customer is not dialled into Maria's voicemail").isEmpty();
        assertThat(queueEvents("CALLBACK_COMPLETED")).isEmpty();
        assertThat(owner.get("/api/v1/queues/" + queueId + "/callers").json().size()).as("the callback still waits").isEqualTo(1);

        // Nothing pressed (the question read out, then its 10 s): Maria's cell is hung up, her offer missed, and the
        // callback is Bob's.
        sim.advance(Duration.ofSeconds(10));
        assertThat(mobile.state()).isEqualTo(Leg.State.ENDED);
        assertThat(mobile.bridgedWith()).isNull();
        assertThat(queueEvents("NO_ANSWER")).singleElement().satisfies(e -> assertThat(e.get("member_id").toString()).isEqualTo(maria));
        var missed = inCompany(() -> jdbc.sql("select * from calls where company_id = :c and id = :id").param("c", company.value())
                .param("id", mariasCall.get("id")).query().singleRow());
        assertThat(missed.get("ended_at")).isNotNull();
        assertThat(missed.get("answered_by")).isNull();
        assertThat(traceOf(missed)).contains("Maria Lopez did not confirm");
        assertThat(legsTo(bobSip)).hasSize(1);
        sim.advance(Duration.ofSeconds(6));
        assertThat(legsTo(customer)).hasSize(1);
        assertThat(legsTo(bobSip).getFirst().bridgedWith()).isEqualTo(legsTo(customer).getFirst().callControlId());
        assertThat(queueEvents("CALLBACK_COMPLETED")).singleElement().satisfies(e -> assertThat(e.get("member_id").toString()).isEqualTo(bob));
        sim.hangUpAnsweredPhone(legsTo(customer).getFirst().callControlId());
        sim.advance(Duration.ofSeconds(2));
        assertThat(latestCallOut().get("answered_by").toString()).isEqualTo(bob);
        assertThat(legsTo(customer)).hasSize(1);
        assertThat(activeCalls(maria)).isZero();
        assertThat(activeCalls(bob)).isZero();
        assertThat(callTimers()).isZero();
    }

    /**
     * Nothing pressed on Maria's cell is her voicemail taking the offer, as one machine detection names: one miss, and
     * the callback is not offered to her again for the callback retry interval. It was offered to her again at once, as
     * after a ring with no answer, her voicemail answering every 30 s or so until she was set away for one absence.
     */
    @Test
    void aCallbackMariasCellsVoicemailTakesWithoutPressingIsNotOfferedToHerAgainForFiveMinutes() {
        var customer = randomNumber("773");
        callbackRequestedBy(customer);
        sim.phone(cell, PhoneScript.answerAfter(Duration.ofSeconds(2)));
        status(maria, "AVAILABLE");
        sim.advance(Duration.ofMinutes(3));
        assertThat(legsTo(cell)).as("not offered to her voicemail again at once").hasSize(1);
        assertThat(queueEvents("NO_ANSWER")).singleElement().satisfies(e -> assertThat(e.get("detail").toString())
                .startsWith("their voicemail answered; not offered to them again before "));
        assertThat(traceOf(latestCallOut())).contains("nothing was pressed on Maria Lopez's forwarded phone (their voicemail, it seems)");
        assertThat(owner.get("/api/v1/members/" + maria).json().get("availability").get("status").asString())
                .as("one absence, not set away").isEqualTo("AVAILABLE");
        sim.advance(Duration.ofMinutes(3));
        assertThat(legsTo(cell)).as("offered to her again after five minutes").hasSize(2);
        assertThat(legsTo(cell)).allSatisfy(l -> assertThat(l.bridgedWith()).isNull());
        assertThat(legsTo(customer)).as("never dialled into her voicemail").isEmpty();
        assertThat(queueEvents("CALLBACK_COMPLETED")).isEmpty();
        assertThat(owner.get("/api/v1/queues/" + queueId + "/callers").json().size()).as("the callback still waits").isEqualTo(1);
    }

    /** A key other than 1 is a person saying no: a plain miss, not their voicemail (see the queue's back-off). */
    @Test
    void aCallbackDeclinedWithAnotherKeyIsAPlainMissNotAVoicemail() {
        var customer = randomNumber("773");
        callbackRequestedBy(customer);
        sim.phone(cell, PhoneScript.answerThenPress(Duration.ofSeconds(3), "2"));
        status(maria, "AVAILABLE");
        sim.advance(Duration.ofSeconds(20));
        assertThat(queueEvents("NO_ANSWER")).singleElement().satisfies(e -> assertThat(e.get("detail").toString())
                .doesNotContain("voicemail"));
    }

    @Test
    void aClickToCallFromMariasCellAsksHerAndCallsTheNumberWhenShePressesOne() {
        mariaWithCell(false, true);
        var customer = randomNumber("773");
        sim.phone(cell, PhoneScript.answerThenPress(Duration.ofSeconds(3), "1"));
        sim.phone(customer, PhoneScript.answerAfter(Duration.ofSeconds(2)));
        var placed = owner.post("/api/v1/calls", Map.of("member_id", maria, "number", customer));
        assertThat(placed.status()).as(placed.body()).isEqualTo(201);
        sim.advance(Duration.ofSeconds(4));
        var mobile = legsTo(cell).getFirst();
        assertThat(mobile.heard()).contains("Call out for Confirm Co. Press 1 to call " + CallEngine.spokenNumber(customer) + ".");
        assertThat(legsTo(customer)).as("not before she presses 1").isEmpty();
        sim.advance(Duration.ofSeconds(12));
        assertThat(legsTo(customer)).hasSize(1);
        sim.advance(Duration.ofSeconds(3));
        assertThat(mobile.bridgedWith()).isEqualTo(legsTo(customer).getFirst().callControlId());
        sim.hangUpAnsweredPhone(legsTo(customer).getFirst().callControlId());
        sim.advance(Duration.ofSeconds(2));
        var out = latestCallOut();
        assertThat(out.get("outcome")).isEqualTo("ANSWERED");
        assertThat(out.get("answered_by").toString()).isEqualTo(maria);
        assertThat(activeCalls(maria)).isZero();
        assertThat(callTimers()).isZero();
    }

    @Test
    void aClickToCallTheCellsVoicemailAnswersNeverDialsTheNumberAndIsLoggedAsNotPickedUp() {
        mariaWithCell(false, true);
        var customer = randomNumber("773");
        sim.phone(cell, PhoneScript.answerAfter(Duration.ofSeconds(3)));
        sim.phone(customer, PhoneScript.answerAfter(Duration.ofSeconds(2)));
        var placed = owner.post("/api/v1/calls", Map.of("member_id", maria, "number", customer));
        assertThat(placed.status()).as(placed.body()).isEqualTo(201);
        sim.advance(Duration.ofSeconds(4));
        var mobile = legsTo(cell).getFirst();
        assertThat(mobile.heard()).anyMatch(h -> h.startsWith("Call out for Confirm Co."));
        sim.advance(Duration.ofSeconds(30));
        assertThat(mobile.state()).isEqualTo(Leg.State.ENDED);
        assertThat(mobile.bridgedWith()).isNull();
        assertThat(legsTo(customer)).as("the number is never dialled into Maria's voicemail").isEmpty();
        var out = latestCallOut();
        assertThat(out.get("ended_at")).isNotNull();
        assertThat(out.get("outcome")).as("our member did not pick up their own phone").isEqualTo("ABANDONED");
        assertThat(out.get("answered_by")).isNull();
        assertThat(out.get("connected_at")).isNull();
        assertThat(((Number) out.get("billable_seconds")).intValue()).isZero();
        assertThat(traceOf(out)).contains("Maria Lopez did not confirm");
        assertThat(activeCalls(maria)).isZero();
        assertThat(callTimers()).isZero();
    }
}
