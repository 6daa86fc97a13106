package dev.switchboard.calls;

import static org.assertj.core.api.Assertions.assertThat;

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
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;

/**
 * The routing strategies and member features that {@link CallFlowTest} does not cover, each end to end
 * through the simulator: a direct rule, a conditional rule and the rule after it, a business-hours rule
 * on its own schedule open and closed, the company's after-hours target, forwarding alone and with
 * simultaneous ring, a round robin that runs out to its no-answer target, and a menu that times out,
 * prompts again and gives up to its timeout target.
 */
@Import(StrategiesFlowTest.Noon.class)
class StrategiesFlowTest extends VirtualTimeCallTest {

    @TestConfiguration
    static class Noon {
        @Bean
        @Primary
        SimClock strategiesClock() {
            return new SimClock(Instant.parse("2026-11-25T18:00:00Z")); // Wednesday noon in Chicago
        }
    }

    @BeforeEach
    void company() {
        newCompanyWithAnnAndBob("Strategy Co", 15);
    }

    String rule(Map<String, Object> body) {
        var r = owner.post("/api/v1/routing-rules", body);
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json().get("rule").get("id").asString();
    }

    /** Moves virtual time on to the next {@code day} at {@code time} in Chicago (the tests of this class share one clock). */
    void advanceTo(java.time.DayOfWeek day, java.time.LocalTime time) {
        var zone = java.time.ZoneId.of("America/Chicago");
        var now = sim.clock().instant();
        var next = now.atZone(zone).with(java.time.temporal.TemporalAdjusters.nextOrSame(day)).with(time);
        if (!next.toInstant().isAfter(now)) {
            next = next.plusWeeks(1);
        }
        sim.advance(Duration.between(now, next.toInstant()));
    }

    /** No rule: the phone settings' default strategy (at once, for a new company) rings the whole team. */
    @Test
    void withNoRuleTheDefaultStrategyRingsTheWholeTeamAtOnce() {
        sim.phone(annSip, new PhoneScript.NeverAnswer());
        sim.phone(bobSip, PhoneScript.answerAfter(Duration.ofSeconds(3)));
        var caller = sim.call("+17735550123", number);
        assertThat(legsTo(annSip)).hasSize(1);
        assertThat(legsTo(bobSip)).hasSize(1);
        sim.advance(Duration.ofSeconds(3));
        assertThat(caller.leg().bridgedWith()).isEqualTo(legsTo(bobSip).getFirst().callControlId());
        assertThat(legsTo(annSip).getFirst().state()).isEqualTo(Leg.State.ENDED);
        caller.hangUp();
        assertThat(call().get("outcome")).isEqualTo("ANSWERED");
        assertThat(call().get("answered_by").toString()).isEqualTo(bob);
        assertThat(call().get("rule_id")).as("no rule of the company took it").isNull();
        assertThat(trace()).contains("no rule applies: the team, all at once (the default strategy)");
    }

    /**
     * The default strategy in turns (round robin): a call no rule takes (the one rule matches other callers) rings one
     * member at a time by extension, the next call starts after the member who answered the last, and when nobody
     * answers the caller reaches the general voicemail.
     */
    @Test
    void theDefaultStrategyInTurnsRingsOneMemberAtATimeAndTheNextCallStartsWithTheNext() {
        var settings = owner.put("/api/v1/phone-settings", Map.of("default_strategy", "ROUND_ROBIN"));
        assertThat(settings.status()).as(settings.body()).isEqualTo(200);
        rule(Map.of("name", "San Francisco callers", "type", "CONDITIONAL", "conditions", Map.of("caller_pattern", "+1415*"),
                "match_target", Map.of("kind", "HANGUP", "message", "Goodbye.")));
        sim.phone(annSip, PhoneScript.answerAfter(Duration.ofSeconds(2)));
        sim.phone(bobSip, new PhoneScript.NeverAnswer());
        var first = sim.call("+17735550123", number);
        assertThat(legsTo(annSip)).hasSize(1);
        assertThat(legsTo(bobSip)).as("one at a time").isEmpty();
        sim.advance(Duration.ofSeconds(2));
        first.hangUp();
        assertThat(call().get("answered_by").toString()).isEqualTo(ann);
        assertThat(trace()).contains("rule 'San Francisco callers' does not match").contains("no rule applies: the team, in turns");

        sim.phone(annSip, new PhoneScript.NeverAnswer());
        var second = sim.call("+17735550124", number);
        assertThat(legsTo(bobSip)).as("Bob's turn first").hasSize(1);
        assertThat(legsTo(annSip)).hasSize(1);
        sim.advance(Duration.ofSeconds(21));
        assertThat(legsTo(annSip)).as("then Ann").hasSize(2);
        sim.advance(Duration.ofSeconds(21));
        assertThat(call().get("phase").toString()).startsWith("VOICEMAIL");
        second.hangUp();
        assertThat(call().get("outcome")).isIn("VOICEMAIL", "MISSED");
    }

    /**
     * Voicemail off in the phone settings: when nobody in the team answers (or nobody can be rung), the caller hears the
     * hang-up message, as a call no rule takes did before the default strategy rang the team; no message is taken.
     */
    @Test
    void withVoicemailOffTheTeamNobodyAnswersEndsWithTheHangUpMessage() {
        var settings = owner.put("/api/v1/phone-settings", Map.of("voicemail_enabled", false));
        assertThat(settings.status()).as(settings.body()).isEqualTo(200);
        sim.phone(annSip, new PhoneScript.NeverAnswer());
        sim.phone(bobSip, new PhoneScript.NeverAnswer());
        var caller = sim.call("+17735550123", number);
        assertThat(legsTo(annSip)).hasSize(1);
        sim.advance(Duration.ofSeconds(25));
        assertThat(call().get("phase").toString()).doesNotStartWith("VOICEMAIL");
        assertThat(caller.heard()).contains("Sorry, we cannot take your call right now. Please call again later.");
        assertThat(trace()).contains("voicemail is off: hang up with a message");
        assertThat(call().get("outcome")).isEqualTo("MISSED");
    }

    /** Voicemail off and nobody in the team to ring: the hang-up message at once, with the reason in the trace. */
    @Test
    void withVoicemailOffAndNobodyToRingTheCallerHearsTheHangUpMessage() {
        var settings = owner.put("/api/v1/phone-settings", Map.of("voicemail_enabled", false));
        assertThat(settings.status()).as(settings.body()).isEqualTo(200);
        assertThat(owner.put("/api/v1/members/" + ann + "/status", Map.of("status", "AWAY")).status()).isEqualTo(200);
        assertThat(owner.put("/api/v1/members/" + bob + "/status", Map.of("status", "AWAY")).status()).isEqualTo(200);
        var caller = sim.call("+17735550123", number);
        sim.advance(Duration.ofSeconds(5));
        assertThat(legsTo(annSip)).isEmpty();
        assertThat(call().get("phase").toString()).doesNotStartWith("VOICEMAIL");
        assertThat(caller.heard()).contains("Sorry, we cannot take your call right now. Please call again later.");
        assertThat(trace()).contains("nobody in rule 'the team (default strategy)' can take the call")
                .contains("voicemail is off: hang up with a message");
    }

    /**
     * The default strategy VOICEMAIL: a call in opening hours that no rule takes (the one rule matches other callers) rings
     * nobody and goes straight to the general voicemail.
     */
    @Test
    void withTheDefaultStrategyVoicemailACallNoRuleTakesGoesStraightToTheGeneralVoicemail() {
        var settings = owner.put("/api/v1/phone-settings", Map.of("default_strategy", "VOICEMAIL"));
        assertThat(settings.status()).as(settings.body()).isEqualTo(200);
        rule(Map.of("name", "San Francisco callers", "type", "CONDITIONAL", "conditions", Map.of("caller_pattern", "+1415*"),
                "match_target", Map.of("kind", "HANGUP", "message", "Goodbye.")));
        sim.phone(annSip, PhoneScript.answerAfter(Duration.ofSeconds(1)));
        sim.phone(bobSip, PhoneScript.answerAfter(Duration.ofSeconds(1)));
        var caller = sim.call("+17735550123", number);
        sim.advance(Duration.ofSeconds(10));
        assertThat(legsTo(annSip)).as("nobody rung").isEmpty();
        assertThat(legsTo(bobSip)).isEmpty();
        assertThat(call().get("phase").toString()).startsWith("VOICEMAIL");
        assertThat(caller.heard()).contains("(beep)");
        assertThat(trace()).contains("rule 'San Francisco callers' does not match")
                .contains("no rule applies: the general voicemail (the default strategy)");
        caller.hangUp();
        assertThat(call().get("rule_id")).isNull();
    }

    /** The default strategy VOICEMAIL with voicemail off: the hang-up message at once, nobody rung, no message taken. */
    @Test
    void withTheDefaultStrategyVoicemailAndVoicemailOffTheCallerHearsTheHangUpMessage() {
        var settings = owner.put("/api/v1/phone-settings", Map.of("default_strategy", "VOICEMAIL", "voicemail_enabled", false));
        assertThat(settings.status()).as(settings.body()).isEqualTo(200);
        var caller = sim.call("+17735550123", number);
        sim.advance(Duration.ofSeconds(10));
        assertThat(legsTo(annSip)).isEmpty();
        assertThat(legsTo(bobSip)).isEmpty();
        assertThat(call().get("phase").toString()).doesNotStartWith("VOICEMAIL");
        assertThat(caller.heard()).contains("Sorry, we cannot take your call right now. Please call again later.")
                .doesNotContain("(beep)");
        assertThat(trace()).contains("voicemail is off: hang up with a message");
    }

    /** The team rung by the default strategy rings for the ring time of the phone settings, then the general voicemail. */
    @Test
    void theDefaultStrategyRingsTheTeamForTheConfiguredTimeThenTheGeneralVoicemail() {
        var settings = owner.put("/api/v1/phone-settings", Map.of("default_ring_seconds", 45));
        assertThat(settings.status()).as(settings.body()).isEqualTo(200);
        sim.phone(annSip, new PhoneScript.NeverAnswer());
        sim.phone(bobSip, new PhoneScript.NeverAnswer());
        var caller = sim.call("+17735550123", number);
        assertThat(legsTo(annSip)).hasSize(1);
        assertThat(legsTo(bobSip)).hasSize(1);
        sim.advance(Duration.ofSeconds(44));
        assertThat(legsTo(annSip).getFirst().state()).as("still ringing after 44 s (the fixed 20 s is gone)").isNotEqualTo(Leg.State.ENDED);
        assertThat(call().get("phase").toString()).doesNotStartWith("VOICEMAIL");
        sim.advance(Duration.ofSeconds(3));
        assertThat(legsTo(annSip).getFirst().state()).isEqualTo(Leg.State.ENDED);
        assertThat(legsTo(bobSip).getFirst().state()).isEqualTo(Leg.State.ENDED);
        assertThat(call().get("phase").toString()).startsWith("VOICEMAIL");
        assertThat(trace()).contains("for 45 s");
        caller.hangUp();
    }

    /** Voicemail off and the business closed: the default after-hours target (the general voicemail) takes no message. */
    @Test
    void withVoicemailOffACallAfterHoursHearsTheHangUpMessageNotTheBeep() {
        var settings = owner.put("/api/v1/phone-settings", Map.of("voicemail_enabled", false));
        assertThat(settings.status()).as(settings.body()).isEqualTo(200);
        var closed = owner.post("/api/v1/business-hours/overrides", Map.of("kind", "CLOSED_UNTIL",
                "until", sim.clock().instant().plus(Duration.ofHours(1)).toString(), "reason", "training"));
        assertThat(closed.status()).as(closed.body()).isEqualTo(201);
        var caller = sim.call("+17735550123", number);
        sim.advance(Duration.ofSeconds(10));
        assertThat(call().get("phase").toString()).doesNotStartWith("VOICEMAIL");
        assertThat(caller.heard()).contains("Sorry, we cannot take your call right now. Please call again later.")
                .doesNotContain("(beep)");
        assertThat(trace()).contains("after-hours target").contains("voicemail is off: hang up with a message");
    }

    /**
     * Closed by an override with its own message ("closed today because of the snow"): the caller hears it, then the
     * after-hours target (here the general voicemail), as a holiday's greeting comes before its target.
     */
    @Test
    void aClosureWithItsOwnMessageIsHeardBeforeTheAfterHoursTarget() {
        var closed = owner.post("/api/v1/business-hours/overrides", Map.of("kind", "CLOSED_UNTIL",
                "until", sim.clock().instant().plus(Duration.ofHours(1)).toString(), "reason", "snow",
                "greeting", "We are closed today because of the snow."));
        assertThat(closed.status()).as(closed.body()).isEqualTo(201);
        var caller = sim.call("+17735550123", number);
        sim.advance(Duration.ofSeconds(20));
        assertThat(caller.heard()).contains("We are closed today because of the snow.").contains("(beep)");
        assertThat(caller.heard().indexOf("We are closed today because of the snow.")).isLessThan(caller.heard().indexOf("(beep)"));
        assertThat(trace()).contains("closed (closed by override: snow)").contains("the override's message is said first");
        caller.hangUp();
    }

    @Test
    void aDirectRuleRingsItsOneMember() {
        rule(Map.of("name", "Ann direct", "type", "DIRECT", "member_ids", List.of(ann)));
        sim.phone(annSip, PhoneScript.answerAfter(Duration.ofSeconds(2)));
        var caller = sim.call("+17735550123", number);
        assertThat(legsTo(annSip)).hasSize(1);
        assertThat(legsTo(bobSip)).isEmpty();
        sim.advance(Duration.ofSeconds(2));
        assertThat(caller.leg().bridgedWith()).isEqualTo(legsTo(annSip).getFirst().callControlId());
        caller.hangUp();
        assertThat(call().get("outcome")).isEqualTo("ANSWERED");
        assertThat(call().get("answered_by").toString()).isEqualTo(ann);
    }

    /**
     * A member whose phone is still ringing for another call is skipped for a second one at their limit, and the trace says
     * that, not "at concurrent-call limit" (which read as if they were on calls: found by a walk of the demo).
     */
    @Test
    void aMemberRingingForAnotherCallIsSkippedSayingSo() {
        rule(Map.of("name", "Office", "type", "SIMULTANEOUS", "member_ids", List.of(ann, bob)));
        sim.phone(annSip, new PhoneScript.NeverAnswer());
        sim.phone(bobSip, new PhoneScript.NeverAnswer());
        var first = sim.call("+17735550123", number);
        sim.advance(Duration.ofSeconds(1));
        var second = sim.call("+17735550124", number);
        sim.advance(Duration.ofSeconds(1));
        assertThat(trace()).contains("ringing for another call, which counts towards their calls at once (1 of 1)");
        first.hangUp();
        second.hangUp();
        sim.advance(Duration.ofSeconds(1));
        // The first caller hung up while Ann and Bob rang: the trace says so (it ended at "ringing ...": found by a walk).
        var firstCall = inCompany(() -> jdbc.sql("select trace::text from calls where company_id = :c order by started_at limit 1")
                .param("c", company.value()).query(String.class).single());
        assertThat(firstCall).contains("the caller hung up before anyone answered");
    }

    @Test
    void aConditionalRuleTakesTheCallsItMatchesAndTheNextRuleTheRest() {
        rule(Map.of("name", "Chicago callers", "type", "CONDITIONAL", "conditions", Map.of("caller_pattern", "+1773*"),
                "match_target", Map.of("kind", "MEMBER", "member_id", bob)));
        rule(Map.of("name", "Everyone else", "type", "SIMULTANEOUS", "member_ids", List.of(ann)));
        sim.phone(annSip, PhoneScript.answerAfter(Duration.ofSeconds(2)));
        sim.phone(bobSip, PhoneScript.answerAfter(Duration.ofSeconds(2)));

        var chicago = sim.call("+17735550123", number);
        assertThat(legsTo(bobSip)).hasSize(1);
        assertThat(legsTo(annSip)).isEmpty();
        sim.advance(Duration.ofSeconds(2));
        chicago.hangUp();
        assertThat(call().get("answered_by").toString()).isEqualTo(bob);

        var elsewhere = sim.call("+14155550123", number);
        assertThat(legsTo(annSip)).hasSize(1);
        assertThat(legsTo(bobSip)).hasSize(1);
        sim.advance(Duration.ofSeconds(2));
        elsewhere.hangUp();
        assertThat(call().get("answered_by").toString()).isEqualTo(ann);
        assertThat(trace()).contains("rule 'Chicago callers' does not match");
    }

    @Test
    void aBusinessHoursRuleOnItsOwnScheduleRingsWhileOpenAndTakesItsClosedTargetAfter() {
        var desk = owner.post("/api/v1/schedules", Map.of("name", "Service desk",
                "ranges", List.of(Map.of("day", "WEDNESDAY", "start", "11:00", "end", "13:00"))));
        assertThat(desk.status()).as(desk.body()).isEqualTo(201);
        rule(Map.of("name", "Desk hours", "type", "BUSINESS_HOURS", "schedule_id", desk.json().get("id").asString(),
                "open_target", Map.of("kind", "MEMBER", "member_id", bob),
                "closed_target", Map.of("kind", "HANGUP", "message", "The service desk is closed. Goodbye.")));
        sim.phone(bobSip, PhoneScript.answerAfter(Duration.ofSeconds(2)));
        advanceTo(java.time.DayOfWeek.WEDNESDAY, java.time.LocalTime.NOON);

        var open = sim.call("+17735550123", number); // 12:00 on Wednesday
        assertThat(legsTo(bobSip)).hasSize(1);
        sim.advance(Duration.ofSeconds(2));
        open.hangUp();
        assertThat(call().get("outcome")).isEqualTo("ANSWERED");

        sim.advance(Duration.ofMinutes(90)); // 13:30: the desk is closed, the company is not
        var closed = sim.call("+17735550124", number);
        assertThat(closed.heard()).containsExactly("The service desk is closed. Goodbye.");
        assertThat(legsTo(bobSip)).hasSize(1);
        sim.advance(Duration.ofSeconds(10));
        assertThat(closed.leg().state()).isEqualTo(Leg.State.ENDED);
    }

    @Test
    void afterHoursTheCompanysAfterHoursTargetTakesTheCall() {
        var hours = owner.put("/api/v1/business-hours", Map.of("ranges", List.of(
                Map.of("day", "MONDAY", "start", "09:00", "end", "17:00"), Map.of("day", "TUESDAY", "start", "09:00", "end", "17:00"),
                Map.of("day", "WEDNESDAY", "start", "09:00", "end", "17:00"), Map.of("day", "THURSDAY", "start", "09:00", "end", "17:00"),
                Map.of("day", "FRIDAY", "start", "09:00", "end", "17:00"))));
        assertThat(hours.status()).as(hours.body()).isEqualTo(200);
        var settings = owner.put("/api/v1/phone-settings", Map.of("after_hours_target", Map.of("kind", "EXTERNAL_NUMBER", "number", "+17735550999")));
        assertThat(settings.status()).as(settings.body()).isEqualTo(200);
        rule(Map.of("name", "Ann", "type", "SIMULTANEOUS", "member_ids", List.of(ann)));
        sim.phone(annSip, PhoneScript.answerAfter(Duration.ofSeconds(2)));
        sim.phone("+17735550999", PhoneScript.answerAfter(Duration.ofSeconds(3)));
        advanceTo(java.time.DayOfWeek.WEDNESDAY, java.time.LocalTime.NOON);

        var day = sim.call("+17735550123", number); // 12:00: open
        assertThat(legsTo(annSip)).hasSize(1);
        sim.advance(Duration.ofSeconds(2));
        day.hangUp();

        sim.advance(Duration.ofHours(6)); // 18:00: closed
        var evening = sim.call("+17735550124", number);
        assertThat(legsTo("+17735550999")).hasSize(1);
        assertThat(legsTo(annSip)).hasSize(1);
        sim.advance(Duration.ofSeconds(3));
        assertThat(evening.leg().bridgedWith()).isEqualTo(legsTo("+17735550999").getFirst().callControlId());
        sim.advance(Duration.ofSeconds(30));
        evening.hangUp();
        assertThat(call().get("outcome")).isEqualTo("ANSWERED");
        assertThat(trace()).contains("closed").contains("after-hours target");
    }

    @Test
    void forwardingAloneRingsOnlyTheForwardingNumberAndWithSimultaneousRingBothRing() {
        var body = new HashMap<String, Object>(Map.of("name", "Cy", "phone_extension", "103", "sip_address", "sip:cy-" + UUID.randomUUID()
                .toString().substring(0, 8) + "@strategy.sip.telnyx.com", "call_forwarding_enabled", true,
                "call_forwarding_number", "+17735550188", "simultaneous_ring_enabled", false, "ring_timeout_seconds", 15));
        var cy = member(body);
        var cySip = (String) body.get("sip_address");
        rule(Map.of("name", "Cy", "type", "SIMULTANEOUS", "member_ids", List.of(cy)));
        sim.phone("+17735550188", PhoneScript.answerAfter(Duration.ofSeconds(2)));
        sim.phone(cySip, PhoneScript.answerAfter(Duration.ofSeconds(5)));

        var forwarded = sim.call("+17735550123", number);
        assertThat(legsTo("+17735550188")).hasSize(1);
        assertThat(legsTo(cySip)).as("forwarding alone: the desk phone does not ring").isEmpty();
        sim.advance(Duration.ofSeconds(2));
        assertThat(forwarded.leg().bridgedWith()).isEqualTo(legsTo("+17735550188").getFirst().callControlId());
        forwarded.hangUp();
        assertThat(call().get("answered_by").toString()).isEqualTo(cy);

        body.put("simultaneous_ring_enabled", true);
        var both = owner.put("/api/v1/members/" + cy, body);
        assertThat(both.status()).as(both.body()).isEqualTo(200);
        sim.advance(Duration.ofSeconds(5));
        var together = sim.call("+17735550124", number);
        assertThat(legsTo("+17735550188")).hasSize(2);
        assertThat(legsTo(cySip)).as("simultaneous ring: the desk phone rings too").hasSize(1);
        sim.advance(Duration.ofSeconds(2));
        assertThat(together.leg().bridgedWith()).isEqualTo(legsTo("+17735550188").getLast().callControlId());
        assertThat(legsTo(cySip).getFirst().state()).as("the other phone stops ringing").isEqualTo(Leg.State.ENDED);
        together.hangUp();
        assertThat(call().get("outcome")).isEqualTo("ANSWERED");
    }

    @Test
    void aMemberWhoseDeskPhoneFailsAtOnceIsStillRungOnTheirCellAndCountedOnTheCall() {
        // The desk phone is not registered (the technician is out): it fails as soon as it is dialled, and its
        // webhooks are handled before the cell's first one arrives.
        var cySip = "sip:cy-" + UUID.randomUUID().toString().substring(0, 8) + "@strategy.sip.telnyx.com";
        var cell = "+17735550187";
        var cy = member(new HashMap<String, Object>(Map.of("name", "Cy", "phone_extension", "103", "sip_address", cySip,
                "call_forwarding_enabled", true, "call_forwarding_number", cell, "simultaneous_ring_enabled", true, "ring_timeout_seconds", 15)));
        rule(Map.of("name", "Cy", "type", "SIMULTANEOUS", "member_ids", List.of(cy),
                "no_answer_target", Map.of("kind", "HANGUP", "message", "Nobody could take your call. Goodbye.")));
        sim.phone(cySip, new PhoneScript.Busy());
        sim.phone(cell, PhoneScript.answerAfter(Duration.ofSeconds(5)));
        // Every leg's call.initiated (the caller's, the desk's, the cell's) comes a second late; the desk's hangup does not.
        sim.delayNextDeliveries(3, Duration.ofSeconds(1), "call.initiated");
        var caller = sim.call("+17735550123", number);
        sim.advance(Duration.ofSeconds(3));
        assertThat(legsTo(cySip).getFirst().state()).isEqualTo(Leg.State.ENDED);
        assertThat(caller.heard()).as("the ring is not over while the cell rings").doesNotContain("Nobody could take your call. Goodbye.");
        assertThat(activeCalls(cy)).isOne();
        sim.advance(Duration.ofSeconds(4));
        assertThat(caller.leg().bridgedWith()).isEqualTo(legsTo(cell).getFirst().callControlId());
        assertThat(activeCalls(cy)).isOne();
        caller.hangUp();
        assertThat(call().get("outcome")).isEqualTo("ANSWERED");
        assertThat(call().get("answered_by").toString()).isEqualTo(cy);
        assertThat(activeCalls(cy)).isZero();
        var legs = owner.get("/api/v1/call-logs/" + call().get("id")).json().get("legs");
        assertThat(legs.size()).as("the caller, the desk phone, the cell").isEqualTo(3);
    }

    @Test
    void aRoundRobinThatRunsOutGoesToItsNoAnswerTarget() {
        rule(Map.of("name", "Rotation", "type", "ROUND_ROBIN", "member_ids", List.of(ann, bob), "ring_timeout_seconds", 15,
                "no_answer_target", Map.of("kind", "HANGUP", "message", "Nobody could take your call. Goodbye.")));
        sim.phone(annSip, new PhoneScript.NeverAnswer());
        sim.phone(bobSip, new PhoneScript.NeverAnswer());
        var caller = sim.call("+17735550123", number);
        assertThat(legsTo(annSip)).hasSize(1);
        assertThat(legsTo(bobSip)).isEmpty();
        sim.advance(Duration.ofSeconds(16));
        assertThat(legsTo(annSip).getFirst().state()).isEqualTo(Leg.State.ENDED);
        assertThat(legsTo(bobSip)).hasSize(1);
        sim.advance(Duration.ofSeconds(16));
        assertThat(legsTo(bobSip).getFirst().state()).isEqualTo(Leg.State.ENDED);
        assertThat(caller.heard()).contains("Nobody could take your call. Goodbye.");
        sim.advance(Duration.ofSeconds(10));
        assertThat(caller.leg().state()).isEqualTo(Leg.State.ENDED);
        assertThat(call().get("outcome")).isEqualTo("MISSED");
        assertThat(trace()).contains("ringing Ann", "ringing Bob");
    }

    @Test
    void aCallNobodyCanTakeThatEndsWithTheRulesHangUpMessageIsMissedNotRejected() {
        rule(Map.of("name", "Rotation", "type", "ROUND_ROBIN", "member_ids", List.of(ann, bob), "ring_timeout_seconds", 15,
                "no_answer_target", Map.of("kind", "HANGUP", "message", "Nobody could take your call. Goodbye.")));
        for (var member : List.of(ann, bob)) {
            var away = owner.put("/api/v1/members/" + member + "/status", Map.of("status", "AWAY"));
            assertThat(away.status()).as(away.body()).isEqualTo(200);
        }
        var caller = sim.call("+17735550123", number);
        assertThat(legsTo(annSip)).isEmpty();
        assertThat(legsTo(bobSip)).isEmpty();
        assertThat(caller.heard()).contains("Nobody could take your call. Goodbye.");
        sim.advance(Duration.ofSeconds(10));
        assertThat(caller.leg().state()).isEqualTo(Leg.State.ENDED);
        assertThat(call().get("outcome")).isEqualTo("MISSED");
    }

    @Test
    void aMenuWithNoChoicePromptsAgainThenGivesUpToItsTimeoutTarget() {
        var menu = owner.post("/api/v1/ivr-menus", Map.of("name", "Main", "greeting_text", "Press 1 for sales.",
                "options", Map.of("1", Map.of("kind", "MEMBER", "member_id", bob)), "timeout_seconds", 5, "max_retries", 1,
                "timeout_prompt", "We did not hear a choice.", "timeout_target", Map.of("kind", "MEMBER", "member_id", ann)));
        assertThat(menu.status()).as(menu.body()).isEqualTo(201);
        rule(Map.of("name", "Menu", "type", "IVR", "ivr_menu_id", menu.json().get("menu").get("id").asString()));
        sim.phone(annSip, PhoneScript.answerAfter(Duration.ofSeconds(2)));
        var caller = sim.call("+17735550123", number);
        assertThat(caller.heard()).hasSize(1);
        sim.advance(Duration.ofSeconds(12));
        assertThat(caller.heard()).hasSize(2);
        assertThat(caller.heard().get(1)).startsWith("We did not hear a choice.");
        assertThat(legsTo(annSip)).isEmpty();
        sim.advance(Duration.ofSeconds(12));
        assertThat(legsTo(annSip)).as("given up: the timeout target rings").hasSize(1);
        assertThat(legsTo(bobSip)).isEmpty();
        sim.advance(Duration.ofSeconds(2));
        assertThat(caller.leg().bridgedWith()).isEqualTo(legsTo(annSip).getFirst().callControlId());
        caller.hangUp();
        assertThat(call().get("answered_by").toString()).isEqualTo(ann);
        assertThat(trace()).contains("no choice (try 1 of 2)", "no choice (try 2 of 2)");
    }
}
