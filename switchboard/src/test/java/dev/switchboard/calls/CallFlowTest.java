package dev.switchboard.calls;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.platform.TenantContext;
import dev.switchboard.simulator.Leg;
import dev.switchboard.simulator.PhoneScript;
import dev.switchboard.simulator.SimClock;
import dev.switchboard.support.VirtualTimeCallTest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;

/**
 * Whole calls through the in-process Telnyx simulator, in virtual time: the app's clock is the
 * simulator's, webhooks are signed and checked, and each is processed as it is delivered.
 */
@Import(CallFlowTest.VirtualTime.class)
class CallFlowTest extends VirtualTimeCallTest {

    @TestConfiguration
    static class VirtualTime {
        @Bean
        @Primary
        SimClock virtualClock() {
            return new SimClock(Instant.parse("2026-11-25T18:00:00Z")); // Wednesday noon in Chicago
        }
    }

    @BeforeEach
    void company() {
        newCompanyWithAnnAndBob("Flow Co", 20);
    }

    void rule(Map<String, Object> body) {
        var r = owner.post("/api/v1/routing-rules", body);
        assertThat(r.status()).as(r.body()).isEqualTo(201);
    }

    @Test
    void simultaneousRingFirstAnswerWinsAndTheOtherIsReleased() {
        rule(Map.of("name", "Everyone", "type", "SIMULTANEOUS", "member_ids", List.of(ann, bob), "ring_timeout_seconds", 20));
        sim.phone(annSip, PhoneScript.answerAfter(Duration.ofSeconds(3)));
        sim.phone(bobSip, PhoneScript.answerAfter(Duration.ofSeconds(5)));
        var caller = sim.call("+17735550123", number);
        assertThat(caller.state()).isEqualTo(Leg.State.ANSWERED);
        assertThat(legsTo(annSip)).hasSize(1);
        assertThat(legsTo(bobSip)).hasSize(1);
        assertThat(activeCalls(ann)).isEqualTo(1);
        assertThat(activeCalls(bob)).isEqualTo(1);

        sim.advance(Duration.ofSeconds(3));
        assertThat(caller.leg().bridgedWith()).isEqualTo(legsTo(annSip).getFirst().callControlId());
        assertThat(legsTo(bobSip).getFirst().state()).isEqualTo(Leg.State.ENDED);
        assertThat(activeCalls(bob)).isZero();
        assertThat(call().get("answered_by").toString()).isEqualTo(ann);

        sim.advance(Duration.ofSeconds(60));
        caller.hangUp();
        var log = call();
        assertThat(log.get("outcome")).isEqualTo("ANSWERED");
        assertThat(log.get("ended_at")).isNotNull();
        assertThat(((Number) log.get("billable_seconds")).intValue()).isEqualTo(120);
        assertThat(((Number) log.get("cost_cents")).longValue()).isEqualTo(2);
        assertThat(activeCalls(ann)).isZero();
        assertThat(legsTo(annSip).getFirst().state()).isEqualTo(Leg.State.ENDED);
        // The call's journey log: every signal the engine acted on, in order (bridges change nothing and are not logged).
        var detail = owner.get("/api/v1/call-logs/" + log.get("id")).json();
        var kinds = new java.util.ArrayList<String>();
        detail.get("events").forEach(e -> {
            var who = e.get("detail").isNull() ? "" : e.get("detail").asString().split(" ")[0];
            kinds.add(e.get("kind").asString() + (who.equals("CALLER") || who.equals("MEMBER") || e.get("kind").asString().equals("Ended") ? " " + who : ""));
        });
        assertThat(kinds).startsWith("Decided", "Answered CALLER").contains("Initiated MEMBER", "Answered MEMBER", "Hangup CALLER", "Ended ANSWERED")
                .noneMatch(k -> k.startsWith("Bridged"));
    }

    @Test
    void nobodyAnswersSoTheCallerLeavesAVoicemailWhoseAudioIsStored() {
        rule(Map.of("name", "Everyone", "type", "SIMULTANEOUS", "member_ids", List.of(ann, bob), "ring_timeout_seconds", 20));
        sim.phone(annSip, new PhoneScript.NeverAnswer());
        sim.phone(bobSip, new PhoneScript.NeverAnswer());
        var caller = sim.call("+17735550123", number);
        sim.advance(Duration.ofSeconds(20));
        assertThat(legsTo(annSip).getFirst().state()).isEqualTo(Leg.State.ENDED);
        assertThat(call().get("phase")).isEqualTo("VOICEMAIL_GREETING");
        sim.advance(Duration.ofSeconds(7));
        // Ringing while the members' phones rang (not silence), then the greeting and the beep.
        assertThat(caller.heard()).containsExactly("http://localhost:8080/audio/ringback.wav",
                "Nobody is available to take your call. Please leave a message after the tone.", "(beep)");
        assertThat(call().get("phase")).isEqualTo("VOICEMAIL_RECORDING");
        caller.talkThenHangUp(Duration.ofSeconds(12));
        // As from Telnyx (reference §8.4), the recording is saved after the caller's hangup, not before.
        assertThat(sim.deliveries().stream().filter(d -> d.legId().equals(caller.callControlId()))
                .map(dev.switchboard.simulator.TelnyxSimulator.Delivery::eventType)
                .filter(t -> t.equals("call.hangup") || t.equals("call.recording.saved")))
                .containsExactly("call.hangup", "call.recording.saved");
        var log = call();
        assertThat(log.get("outcome")).isEqualTo("VOICEMAIL");
        // The journey log says how: the call ended missed (no message yet), and became a voicemail when the
        // recording, saved after the hangup, brought the message.
        var outcomes = new java.util.ArrayList<String>();
        owner.get("/api/v1/call-logs/" + log.get("id")).json().get("events").forEach(e -> {
            var kind = e.get("kind").asString();
            if (kind.equals("Ended") || kind.equals("Outcome")) {
                outcomes.add(kind + " " + e.get("detail").asString());
            }
        });
        assertThat(outcomes).containsExactly("Ended MISSED", "Outcome VOICEMAIL: the message was saved after the hangup");
        // The call's page says it in words: the system answered the caller (no person did), the caller hung up, the call
        // ended unanswered and then the voicemail was saved (it read "Answered CALLER", "Ended MISSED", "Outcome VOICEMAIL").
        var page = webLogin(owner.email(), "correct-horse").get("/calls/" + log.get("id")).body();
        var journey = page.replaceAll("(?s).*<ol id=\"journey\">(.*?)</ol>.*", "$1").replaceAll("<[^>]+>", " ").replaceAll("\\s+", " ");
        assertThat(journey).containsSubsequence("Switchboard picked up the call", "Caller hung up", "Call ended: nobody answered",
                "Voicemail saved").doesNotContain("CALLER", "MISSED", "Outcome");
        var message = TenantContext.callAs(company, () -> tx.execute(s -> jdbc.sql("select * from voicemail_messages where company_id = :c")
                .param("c", company.value()).query().singleRow()));
        assertThat(message.get("media_id")).isNotNull();
        // Recording began when the 5.6 s greeting ended (1.4 s before the test's 7 s step was over), then 12 s of talk.
        assertThat(((Number) message.get("duration_seconds")).intValue()).isEqualTo(13);
        assertThat(activeCalls(ann)).isZero();
        assertThat(activeCalls(bob)).isZero();
    }

    @Test
    void theCallerHangsUpWhileMembersRing() {
        rule(Map.of("name", "Everyone", "type", "SIMULTANEOUS", "member_ids", List.of(ann, bob), "ring_timeout_seconds", 20));
        sim.phone(annSip, new PhoneScript.NeverAnswer());
        sim.phone(bobSip, new PhoneScript.NeverAnswer());
        var caller = sim.call("+17735550123", number);
        sim.advance(Duration.ofSeconds(4));
        caller.hangUp();
        assertThat(legsTo(annSip).getFirst().state()).isEqualTo(Leg.State.ENDED);
        assertThat(legsTo(bobSip).getFirst().state()).isEqualTo(Leg.State.ENDED);
        assertThat(call().get("outcome")).isEqualTo("MISSED");
        assertThat(activeCalls(ann)).isZero();
        assertThat(activeCalls(bob)).isZero();
        sim.advance(Duration.ofSeconds(30));
        assertThat(call().get("outcome")).isEqualTo("MISSED");
    }

    @Test
    void aDirectLineRingsItsMemberAndTheCallLogShowsTheTrace() {
        var did = dev.switchboard.support.TestNumbers.unused("+1312");
        var m = owner.get("/api/v1/members/" + ann).json();
        assertThat(owner.put("/api/v1/members/" + ann, Map.of("name", "Ann", "phone_extension", "101", "sip_address", annSip,
                "direct_inward_dial", did)).status()).isEqualTo(200);
        sim.phone(annSip, PhoneScript.answerAfter(Duration.ofSeconds(2)));
        var caller = sim.call("+17735550123", did);
        sim.advance(Duration.ofSeconds(2));
        assertThat(caller.leg().bridgedWith()).isNotNull();
        sim.advance(Duration.ofSeconds(30));
        caller.hangUp();
        var logs = owner.get("/api/v1/call-logs?outcome=ANSWERED").json();
        assertThat(logs.size()).isEqualTo(1);
        var id = logs.get(0).get("id").asString();
        var detail = owner.get("/api/v1/call-logs/" + id).json();
        assertThat(detail.get("trace").toString()).contains("direct line of Ann");
        assertThat(detail.get("call").get("answered_by").asString()).isEqualTo(ann);
        assertThat(detail.get("legs").size()).isEqualTo(2);
        assertThat(m.get("name").asString()).isEqualTo("Ann");
    }

    @Test
    void aMemberOnVacationIsSkippedWithTheReasonInTheCallsTrace() {
        rule(Map.of("name", "Everyone", "type", "SIMULTANEOUS", "member_ids", List.of(ann, bob), "ring_timeout_seconds", 20));
        assertThat(owner.put("/api/v1/members/" + bob + "/vacation", Map.of("start_date", "2026-11-20", "end_date", "2026-11-30")).status())
                .isEqualTo(200);
        sim.phone(annSip, PhoneScript.answerAfter(Duration.ofSeconds(2)));
        var caller = sim.call("+17735550123", number);
        assertThat(legsTo(bobSip)).isEmpty();
        sim.advance(Duration.ofSeconds(5));
        caller.hangUp();
        var id = owner.get("/api/v1/call-logs").json().get(0).get("id").asString();
        assertThat(owner.get("/api/v1/call-logs/" + id).json().get("trace").toString())
                .contains("skipped Bob: on vacation until the end of 2026-11-30");
    }

    /** Ann's direct line while she is on vacation with an auto-reply: her message, then her voicemail. */
    String annAwayWithAnAutoReply() {
        var did = dev.switchboard.support.TestNumbers.unused("+1312");
        assertThat(owner.put("/api/v1/members/" + ann, Map.of("name", "Ann", "phone_extension", "101", "sip_address", annSip,
                "direct_inward_dial", did)).status()).isEqualTo(200);
        var vacation = owner.put("/api/v1/members/" + ann + "/vacation", Map.of("start_date", "2026-11-20", "end_date", "2026-11-30",
                "message", "Ann is away until December first. For urgent jobs call the office.", "auto_reply_enabled", true));
        assertThat(vacation.status()).as(vacation.body()).isEqualTo(200);
        return did;
    }

    @Test
    void aMemberOnVacationWithAnAutoReplyHasItSaidBeforeTheirVoicemailGreeting() {
        var caller = sim.call("+17735550123", annAwayWithAnAutoReply());
        sim.advance(Duration.ofSeconds(20));
        assertThat(legsTo(annSip)).isEmpty();
        assertThat(caller.heard()).containsExactly("Ann is away until December first. For urgent jobs call the office. "
                + "Ann is not available. Please leave a message after the tone.", "(beep)");
        caller.hangUp();
        assertThat(owner.get("/api/v1/call-logs/" + call().get("id")).json().get("trace").toString())
                .contains("Ann's vacation auto-reply, then their voicemail");
    }

    @Test
    void anAutoReplyIsSaidBeforeAnUploadedGreetingWhichThenPlaysBeforeTheBeep() throws java.io.IOException {
        var did = annAwayWithAnAutoReply();
        var uploaded = owner.upload("/api/v1/media?purpose=greeting", "file", "ann.wav", "audio/wav", dev.switchboard.support.TestAudio.wav());
        assertThat(uploaded.status()).as(uploaded.body()).isEqualTo(201);
        var box = owner.put("/api/v1/members/" + ann + "/voicemail", Map.of("greeting_type", "AUDIO",
                "greeting_media_id", uploaded.json().get("file").get("id").asString()));
        assertThat(box.status()).as(box.body()).isEqualTo(200);
        var caller = sim.call("+17735550123", did);
        sim.advance(Duration.ofSeconds(20));
        assertThat(caller.heard()).hasSize(3);
        assertThat(caller.heard().get(0)).isEqualTo("Ann is away until December first. For urgent jobs call the office.");
        assertThat(caller.heard().get(1)).contains("/media/");
        assertThat(caller.heard().get(2)).isEqualTo("(beep)");
        caller.hangUp();
    }

    @Test
    void ivrInvalidDigitThenAValidOne() {
        var menu = owner.post("/api/v1/ivr-menus", Map.of("name", "Main", "greeting_text", "Press 1 for Ann.",
                "options", Map.of("1", Map.of("kind", "MEMBER", "member_id", ann)), "timeout_seconds", 5, "max_retries", 2));
        assertThat(menu.status()).as(menu.body()).isEqualTo(201);
        rule(Map.of("name", "Menu", "type", "IVR", "ivr_menu_id", menu.json().get("menu").get("id").asString()));
        sim.phone(annSip, PhoneScript.answerAfter(Duration.ofSeconds(2)));
        var caller = sim.call("+17735550123", number);
        assertThat(call().get("phase")).isEqualTo("MENU");
        caller.press("7");
        assertThat(caller.heard()).hasSize(2);
        assertThat(caller.heard().get(1)).startsWith("Sorry, that is not a valid choice.");
        caller.press("1");
        assertThat(legsTo(annSip)).hasSize(1);
        sim.advance(Duration.ofSeconds(2));
        assertThat(caller.leg().bridgedWith()).isEqualTo(legsTo(annSip).getFirst().callControlId());
        caller.hangUp();
        assertThat(call().get("outcome")).isEqualTo("ANSWERED");
    }

    @Test
    void aMenuOptionOnThePoundKeyIsReachedByPressingPound() {
        // The carrier ends a gather on # unless told another key: a menu with an option on # has * end entries.
        var menu = owner.post("/api/v1/ivr-menus", Map.of("name", "Main", "greeting_text", "Press pound for Ann.",
                "options", Map.of("#", Map.of("kind", "MEMBER", "member_id", ann)), "timeout_seconds", 5));
        assertThat(menu.status()).as(menu.body()).isEqualTo(201);
        rule(Map.of("name", "Menu", "type", "IVR", "ivr_menu_id", menu.json().get("menu").get("id").asString()));
        var caller = sim.call("+17735550123", number);
        caller.press("#");
        assertThat(legsTo(annSip)).hasSize(1);
        assertThat(owner.get("/api/v1/call-logs/" + call().get("id")).json().get("trace").toString()).contains("menu 'Main': pressed #");
    }

    /** The company's calls go to a menu "Main" whose key 9 is the voicemail, with {@code settings} (its greeting...). */
    void menuRule(Map<String, Object> settings) {
        var body = new java.util.HashMap<String, Object>(settings);
        body.put("name", "Main");
        body.put("options", Map.of("9", Map.of("kind", "VOICEMAIL")));
        var menu = owner.post("/api/v1/ivr-menus", body);
        assertThat(menu.status()).as(menu.body()).isEqualTo(201);
        rule(Map.of("name", "Menu", "type", "IVR", "ivr_menu_id", menu.json().get("menu").get("id").asString()));
    }

    @Test
    void dialByExtensionRingsThatMember() {
        menuRule(Map.of("greeting_text", "Dial an extension, or press 9 for voicemail.", "dial_by_extension", true, "timeout_seconds", 5));
        sim.phone(bobSip, PhoneScript.answerAfter(Duration.ofSeconds(1)));
        var caller = sim.call("+17735550123", number);
        caller.press("102");
        assertThat(legsTo(bobSip)).hasSize(1);
        assertThat(legsTo(annSip)).isEmpty();
        sim.advance(Duration.ofSeconds(1));
        assertThat(caller.leg().bridgedWith()).isEqualTo(legsTo(bobSip).getFirst().callControlId());
    }

    /**
     * A menu that takes extensions too asks the carrier for up to an extension's digits: a single key (9 for voicemail) was
     * acted on only after the carrier's default 5 s of silence (found by a walk of the demo). It waits 3 s for a next key.
     */
    @Test
    void aMenuKeyAloneInAMenuTakingExtensionsIsActedOnAfterAShortPause() {
        menuRule(Map.of("greeting_text", "Dial an extension, or press 9 for voicemail.", "dial_by_extension", true, "timeout_seconds", 5));
        var caller = sim.call("+17735550123", number);
        caller.press("9");
        sim.advance(Duration.ofMillis(2_900));
        assertThat(trace()).as("a next key may still come").doesNotContain("pressed 9");
        sim.advance(Duration.ofMillis(200));
        assertThat(trace()).contains("menu 'Main': pressed 9");
        // An extension typed at an ordinary pace, keys up to 3 s apart, is still read whole.
        var second = sim.call("+17735550124", number);
        sim.phone(bobSip, PhoneScript.answerAfter(Duration.ofSeconds(1)));
        second.press("1");
        sim.advance(Duration.ofMillis(2_500));
        second.press("0");
        sim.advance(Duration.ofMillis(2_500));
        second.press("2");
        sim.advance(Duration.ofSeconds(4));
        assertThat(legsTo(bobSip)).hasSize(1);
        second.hangUp();
        caller.hangUp();
    }

    /**
     * A call's journey on its page said "Keys pressed" for a menu's timeout (no key at all) as for a key (found by a walk of
     * the demo). Said as what happened; never which keys (a PIN is entered so too).
     */
    @Test
    void aMenuTimeoutIsNotShownAsKeysPressedOnTheCallsPage() {
        menuRule(Map.of("greeting_text", "Press 9 for voicemail.", "timeout_seconds", 5, "max_retries", 2));
        var caller = sim.call("+17735550123", number);
        sim.advance(Duration.ofSeconds(12));
        assertThat(trace()).contains("no choice");
        caller.press("9");
        sim.advance(Duration.ofSeconds(2));
        caller.hangUp();
        sim.advance(Duration.ofSeconds(1));
        var page = webLogin(owner.email(), "correct-horse").get("/calls/" + call().get("id")).body();
        assertThat(page).contains("No key pressed in time").contains("Keys entered").doesNotContain("Keys pressed");
    }

    @Test
    void duplicatedAndReorderedWebhooksChangeNothing() {
        rule(Map.of("name", "Everyone", "type", "SIMULTANEOUS", "member_ids", List.of(ann, bob), "ring_timeout_seconds", 20));
        sim.phone(annSip, PhoneScript.answerAfter(Duration.ofSeconds(3)));
        sim.phone(bobSip, new PhoneScript.NeverAnswer());
        sim.duplicateNextDeliveries(100);
        sim.reorderNextDeliveries(100);
        var caller = sim.call("+17735550123", number);
        sim.advance(Duration.ofSeconds(3));
        sim.advance(Duration.ofSeconds(40));
        caller.hangUp();
        sim.advance(Duration.ofSeconds(1));
        var calls = TenantContext.callAs(company, () -> tx.execute(s -> jdbc.sql("select count(*) from calls where company_id = :c")
                .param("c", company.value()).query(Long.class).single()));
        assertThat(calls).isEqualTo(1);
        assertThat(call().get("outcome")).isEqualTo("ANSWERED");
        assertThat(call().get("answered_by").toString()).isEqualTo(ann);
        assertThat(activeCalls(ann)).isZero();
        assertThat(activeCalls(bob)).isZero();
        assertThat(sim.deliveries().size()).isGreaterThan(10);
    }

    List<dev.switchboard.simulator.TelnyxSimulator.Delivery> delivered(String legId, String eventType) {
        return sim.deliveries().stream().filter(d -> d.legId().equals(legId) && d.eventType().equals(eventType)).toList();
    }

    @Test
    void aLateHangupStillClosesTheCallAsOfWhenTheCallerHungUp() {
        rule(Map.of("name", "Everyone", "type", "SIMULTANEOUS", "member_ids", List.of(ann), "ring_timeout_seconds", 20));
        sim.phone(annSip, PhoneScript.answerAfter(Duration.ofSeconds(2)));
        var caller = sim.call("+17735550123", number);
        sim.advance(Duration.ofSeconds(60));
        assertThat(caller.leg().bridgedWith()).isEqualTo(legsTo(annSip).getFirst().callControlId());
        // The caller's hangup reaches the app 90 s late; Ann's leg, ended with it, is reported on time.
        sim.delayNextDeliveries(1, Duration.ofSeconds(90));
        caller.hangUp();
        var hungUpAt = sim.clock().instant();
        assertThat(delivered(caller.callControlId(), "call.hangup")).isEmpty();
        assertThat(delivered(legsTo(annSip).getFirst().callControlId(), "call.hangup")).hasSize(1);
        sim.advance(Duration.ofSeconds(90));
        assertThat(delivered(caller.callControlId(), "call.hangup")).singleElement()
                .satisfies(d -> assertThat(d.at()).isEqualTo(hungUpAt.plusSeconds(90)));
        var log = call();
        assertThat(log.get("outcome")).isEqualTo("ANSWERED");
        assertThat(log.get("answered_by").toString()).isEqualTo(ann);
        // Timed by when it happened, not by when the app heard of it: 60 s, not 150.
        assertThat(((java.sql.Timestamp) log.get("ended_at")).toInstant()).isEqualTo(hungUpAt);
        assertThat(((Number) log.get("billable_seconds")).intValue()).isEqualTo(60);
        assertThat(activeCalls(ann)).isZero();
    }

    @Test
    void digitsThatArriveAfterTheCallerHungUpRingNobody() {
        var menu = owner.post("/api/v1/ivr-menus", Map.of("name", "Main", "greeting_text", "Press 1 for Ann.",
                "options", Map.of("1", Map.of("kind", "MEMBER", "member_id", ann)), "timeout_seconds", 5, "max_retries", 2));
        assertThat(menu.status()).as(menu.body()).isEqualTo(201);
        rule(Map.of("name", "Menu", "type", "IVR", "ivr_menu_id", menu.json().get("menu").get("id").asString()));
        sim.phone(annSip, PhoneScript.answerAfter(Duration.ofSeconds(2)));
        var caller = sim.call("+17735550123", number);
        assertThat(call().get("phase")).isEqualTo("MENU");
        // The key press (call.dtmf.received, the menu prompt it cuts short: call.speak.ended, and call.gather.ended)
        // is delivered 30 s late, after the hangup.
        sim.delayNextDeliveries(3, Duration.ofSeconds(30));
        caller.press("1");
        caller.hangUp();
        assertThat(delivered(caller.callControlId(), "call.gather.ended")).isEmpty();
        var before = call();
        assertThat(before.get("ended_at")).isNotNull();
        sim.advance(Duration.ofSeconds(30));
        assertThat(delivered(caller.callControlId(), "call.gather.ended")).singleElement()
                .satisfies(d -> assertThat(d.status()).isEqualTo(200));
        assertThat(legsTo(annSip)).isEmpty();
        assertThat(activeCalls(ann)).isZero();
        var after = call();
        assertThat(after.get("outcome")).isEqualTo(before.get("outcome"));
        assertThat(after.get("ended_at")).isEqualTo(before.get("ended_at"));
        assertThat(after.get("answered_by")).isNull();
    }

    @Test
    void aCallerWhoHangsUpOnTheMenusLastTryIsNotSentToItsTimeoutTarget() {
        var menu = owner.post("/api/v1/ivr-menus", Map.of("name", "Main", "greeting_text", "Press 1 for Bob.",
                "options", Map.of("1", Map.of("kind", "MEMBER", "member_id", bob)), "timeout_seconds", 5, "max_retries", 0,
                "timeout_target", Map.of("kind", "MEMBER", "member_id", ann)));
        assertThat(menu.status()).as(menu.body()).isEqualTo(201);
        rule(Map.of("name", "Menu", "type", "IVR", "ivr_menu_id", menu.json().get("menu").get("id").asString()));
        var caller = sim.call("+17735550123", number);
        assertThat(call().get("phase")).isEqualTo("MENU");
        // The hangup ends the gather first (call.gather.ended, status call_hangup), then the leg (call.hangup).
        caller.hangUp();
        assertThat(delivered(caller.callControlId(), "call.gather.ended")).isNotEmpty();
        sim.advance(Duration.ofSeconds(30));
        assertThat(legsTo(annSip)).isEmpty();
        assertThat(activeCalls(ann)).isZero();
        assertThat(call().get("outcome")).isEqualTo("ABANDONED");
        assertThat(owner.get("/api/v1/call-logs/" + call().get("id")).json().get("trace").toString()).doesNotContain("no choice");
    }

    /**
     * Both phones are due to answer at the same virtual instant, but the simulator runs one first and the
     * app handles its answer before the other phone picks up, so that phone is hung up while it rings.
     * Two answers handled at the same time are {@link SimultaneousAnswerRaceTest}'s.
     */
    @Test
    void twoPhonesDueToAnswerAtTheSameInstantTheFirstHandledIsBridgedAndTheOtherStopsRinging() {
        rule(Map.of("name", "Everyone", "type", "SIMULTANEOUS", "member_ids", List.of(ann, bob), "ring_timeout_seconds", 20));
        sim.phone(annSip, PhoneScript.answerAfter(Duration.ofSeconds(3)));
        sim.phone(bobSip, PhoneScript.answerAfter(Duration.ofSeconds(3)));
        var caller = sim.call("+17735550123", number);
        sim.advance(Duration.ofSeconds(3));
        var bridged = caller.leg().bridgedWith();
        assertThat(bridged).isNotNull();
        var winner = legsTo(annSip).getFirst().callControlId().equals(bridged) ? ann : bob;
        var loser = winner.equals(ann) ? bob : ann;
        var loserLeg = (winner.equals(ann) ? legsTo(bobSip) : legsTo(annSip)).getFirst();
        assertThat(loserLeg.state()).isEqualTo(Leg.State.ENDED);
        assertThat(activeCalls(loser)).isZero();
        assertThat(activeCalls(winner)).isEqualTo(1);
        caller.hangUp();
        assertThat(call().get("answered_by").toString()).isEqualTo(winner);
        var answeredToday = TenantContext.callAs(company, () -> tx.execute(s -> jdbc.sql(
                "select sum(calls_today) from team_availability where company_id = :c").param("c", company.value()).query(Long.class).single()));
        assertThat(answeredToday).isEqualTo(1);
    }

    @Test
    void roundRobinMovesOnWhenAMemberRejectsAndRemembersWhereItStopped() {
        rule(Map.of("name", "Rotation", "type", "ROUND_ROBIN", "member_ids", List.of(ann, bob), "ring_timeout_seconds", 15));
        sim.phone(annSip, new PhoneScript.Reject());
        sim.phone(bobSip, PhoneScript.answerAfter(Duration.ofSeconds(2)));
        var caller = sim.call("+17735550123", number);
        assertThat(legsTo(annSip)).hasSize(1);
        assertThat(legsTo(bobSip)).isEmpty();
        sim.advance(Duration.ofSeconds(1));
        assertThat(legsTo(bobSip)).hasSize(1);
        sim.advance(Duration.ofSeconds(2));
        assertThat(caller.leg().bridgedWith()).isEqualTo(legsTo(bobSip).getFirst().callControlId());
        caller.hangUp();
        var next = owner.get("/api/v1/routing-rules").json().get(0).get("round_robin_next").asInt();
        assertThat(next).isZero(); // Bob (index 1) was offered last, so the next call starts with Ann (index 0)
        // The trace: the decision first, then each step's notes in the order they happened.
        var trace = new java.util.ArrayList<String>();
        owner.get("/api/v1/call-logs/" + call().get("id")).json().get("trace").forEach(t -> trace.add(t.asString()));
        assertThat(trace.getFirst()).doesNotStartWith("ringing");
        assertThat(trace).containsSubsequence("ringing Ann", "ringing Bob");
    }

    @Test
    void theCallerIsBridgedToTheRingingPhoneSoTheMembersFirstWordsAreNotLost() {
        rule(Map.of("name", "Rotation", "type", "ROUND_ROBIN", "member_ids", List.of(ann, bob), "ring_timeout_seconds", 15));
        sim.phone(annSip, new PhoneScript.NeverAnswer());
        sim.phone(bobSip, PhoneScript.answerAfter(Duration.ofSeconds(3)));
        var caller = sim.call("+17735550123", number);
        var annLeg = legsTo(annSip).getFirst();
        // Bridged while Ann's phone rings: the caller hears its ringtone, not silence and not our ringback.
        assertThat(annLeg.state()).isEqualTo(Leg.State.RINGING);
        assertThat(caller.leg().bridgedWith()).isEqualTo(annLeg.callControlId());
        assertThat(caller.heard()).containsExactly("(ringtone)");
        // Ann does not answer: the caller's leg stays up, parked, and is bridged to Bob's ringing phone next.
        sim.advance(Duration.ofSeconds(15));
        assertThat(annLeg.state()).isEqualTo(Leg.State.ENDED);
        assertThat(caller.state()).isEqualTo(Leg.State.ANSWERED);
        var bobLeg = legsTo(bobSip).getFirst();
        assertThat(caller.leg().bridgedWith()).isEqualTo(bobLeg.callControlId());
        sim.advance(Duration.ofSeconds(3));
        assertThat(bobLeg.state()).isEqualTo(Leg.State.ANSWERED);
        assertThat(call().get("answered_by").toString()).isEqualTo(bob);
        // Nothing was bridged again when Bob answered: one bridge per phone rung.
        var bridges = sim.deliveries().stream().filter(d -> d.eventType().equals("call.bridged") && d.legId().equals(caller.leg().callControlId())).count();
        assertThat(bridges).isEqualTo(2);
        caller.hangUp();
        assertThat(bobLeg.state()).isEqualTo(Leg.State.ENDED);
        assertThat(call().get("outcome")).isEqualTo("ANSWERED");
        assertThat(activeCalls(ann)).isZero();
        assertThat(activeCalls(bob)).isZero();
    }

    @Test
    void whenTheMemberHangsUpFirstTheCallersLegIsEndedToo() {
        rule(Map.of("name", "Rotation", "type", "ROUND_ROBIN", "member_ids", List.of(ann), "ring_timeout_seconds", 15));
        sim.phone(annSip, PhoneScript.answerAfter(Duration.ofSeconds(2)));
        var caller = sim.call("+17735550123", number);
        sim.advance(Duration.ofSeconds(32));
        var annLeg = legsTo(annSip).getFirst();
        assertThat(sim.handle("POST", "/v2/calls/" + annLeg.callControlId() + "/actions/hangup", "{}").status()).isEqualTo(200);
        assertThat(caller.state()).isEqualTo(Leg.State.ENDED);
        var log = call();
        assertThat(log.get("outcome")).isEqualTo("ANSWERED");
        assertThat(((Number) log.get("billable_seconds")).intValue()).isEqualTo(60);
        assertThat(activeCalls(ann)).isZero();
    }

    @Test
    void aRoundRobinRuleReachedAsAnotherRulesNoAnswerTargetTakesItsOwnTurn() {
        var rotation = owner.post("/api/v1/routing-rules", Map.of("name", "Rotation", "type", "ROUND_ROBIN", "member_ids", List.of(bob, ann),
                "ring_timeout_seconds", 15)).json().get("rule").get("id").asString();
        var first = owner.post("/api/v1/routing-rules", Map.of("name", "Ann first", "type", "SIMULTANEOUS", "member_ids", List.of(ann),
                "ring_timeout_seconds", 10, "no_answer_target", Map.of("kind", "RULE", "rule_id", rotation))).json().get("rule").get("id").asString();
        assertThat(owner.put("/api/v1/routing-rules/order", Map.of("rule_ids", List.of(first, rotation))).status()).isEqualTo(200);
        sim.phone(annSip, new PhoneScript.NeverAnswer());
        sim.phone(bobSip, PhoneScript.answerAfter(Duration.ofSeconds(2)));
        var caller = sim.call("+17735550123", number);
        sim.advance(Duration.ofSeconds(10));
        assertThat(legsTo(bobSip)).hasSize(1);
        sim.advance(Duration.ofSeconds(2));
        assertThat(caller.leg().bridgedWith()).isEqualTo(legsTo(bobSip).getFirst().callControlId());
        caller.hangUp();
        // Bob (position 0 of the rotation) took the call: the rotation's own pointer moves past him; the rule that
        // matched (Ann first) has none to move.
        var pointers = new java.util.HashMap<String, Integer>();
        owner.get("/api/v1/routing-rules").json().forEach(r -> pointers.put(r.get("name").asString(), r.get("round_robin_next").asInt()));
        assertThat(pointers).containsEntry("Rotation", 1).containsEntry("Ann first", 0);
    }

    @Test
    void aTestCallCanBePlacedThroughTheDemoApi() {
        rule(Map.of("name", "Everyone", "type", "SIMULTANEOUS", "member_ids", List.of(ann), "ring_timeout_seconds", 20));
        sim.phone(annSip, PhoneScript.answerAfter(Duration.ofSeconds(2)));
        var placed = owner.post("/api/v1/simulator/calls", Map.of("from", "+17735550123", "to", number));
        assertThat(placed.status()).as(placed.body()).isEqualTo(201);
        var id = placed.json().get("id").asString();
        sim.advance(Duration.ofSeconds(2));
        assertThat(owner.post("/api/v1/simulator/calls/" + id + "/hangup", Map.of()).json().get("state").asString()).isEqualTo("ENDED");
        assertThat(owner.get("/api/v1/call-logs").json().get(0).get("outcome").asString()).isEqualTo("ANSWERED");
        // Hanging up a call that is over is refused, saying so (it was a 200, as if it had hung up), and changes nothing.
        int deliveries = sim.deliveries().size();
        var again = owner.post("/api/v1/simulator/calls/" + id + "/hangup", Map.of());
        assertThat(again.status()).as(again.body()).isEqualTo(409);
        assertThat(again.json().get("detail").asString()).contains("already over");
        assertThat(again.errorRule()).as("a call no longer in a state to be hung up, not a taken value").isEqualTo("state");
        var keys = owner.post("/api/v1/simulator/calls/" + id + "/digits", Map.of("digits", "1"));
        assertThat(keys.status()).as(keys.body()).isEqualTo(409);
        assertThat(keys.errorField()).isEqualTo("digits");
        assertThat(keys.errorRule()).isEqualTo("state");
        assertThat(sim.deliveries()).hasSize(deliveries);
        assertThat(owner.post("/api/v1/simulator/calls", Map.of("from", "+17735550123", "to", "+13125550100")).errorField()).isEqualTo("to");
        var other = api().signUpNewCompany("Other");
        assertThat(other.post("/api/v1/simulator/calls/" + id + "/hangup", Map.of()).status()).isEqualTo(404);
    }

    @Test
    void aRecordedRuleStoresTheRecordingAndAHolidayPlaysItsGreetingThenVoicemail() {
        rule(Map.of("name", "Recorded", "type", "SIMULTANEOUS", "member_ids", List.of(ann), "recording_enabled", true));
        sim.phone(annSip, PhoneScript.answerAfter(Duration.ofSeconds(2)));
        var caller = sim.call("+17735550123", number);
        sim.advance(Duration.ofSeconds(2));
        sim.advance(Duration.ofSeconds(45));
        caller.hangUp();
        var recorded = call();
        assertThat(recorded.get("recording_url")).isNotNull();
        assertThat(recorded.get("recording_media_id")).isNotNull();

        var today = owner.post("/api/v1/holidays", Map.of("name", "Staff party", "date", "2026-11-25",
                "greeting_text", "We are closed today for our staff party."));
        assertThat(today.status()).as(today.body()).isEqualTo(201);
        var holidayCaller = sim.call("+17735550124", number);
        assertThat(holidayCaller.heard()).containsExactly("We are closed today for our staff party.");
        sim.advance(Duration.ofSeconds(4));
        assertThat(holidayCaller.heard()).hasSize(2);
        assertThat(holidayCaller.heard().get(1)).contains("leave a message");
        assertThat(legsTo(annSip)).hasSize(1);
    }

    @Test
    void aRecordedRuleThatForwardsToAnOutsideNumberRecordsTheConversation() {
        var outside = "+17735550977";
        rule(Map.of("name", "Chicago to the answering service", "type", "CONDITIONAL", "conditions", Map.of("caller_pattern", "+1773*"),
                "match_target", Map.of("kind", "EXTERNAL_NUMBER", "number", outside), "recording_enabled", true));
        sim.phone(outside, PhoneScript.answerAfter(Duration.ofSeconds(3)));
        var caller = sim.call("+17735550123", number);
        sim.advance(Duration.ofSeconds(5));
        assertThat(caller.heard()).as("told first that the call is recorded")
                .first().isEqualTo(dev.switchboard.routing.PhoneSettings.DEFAULT_RECORDING_ANNOUNCEMENT);
        sim.advance(Duration.ofSeconds(3));
        assertThat(caller.leg().bridgedWith()).isEqualTo(legsTo(outside).getFirst().callControlId());
        sim.advance(Duration.ofSeconds(40));
        caller.hangUp();
        var recorded = call();
        assertThat(recorded.get("outcome")).isEqualTo("ANSWERED");
        assertThat(recorded.get("recording_url")).isNotNull();
        assertThat(recorded.get("recording_media_id")).isNotNull();
    }

    @Test
    void whenEveryMemberInTheCallsTurnIsTakenBeforeItRingsTheRotationIsTakenAsItIsNow() {
        // Eleven in the rotation: a call is decided with the first ten in turn (at most ten are rung on one call).
        var team = new java.util.ArrayList<>(List.of(ann, bob));
        var sips = new java.util.ArrayList<>(List.of(annSip, bobSip));
        for (int i = 3; i <= 11; i++) {
            var sip = "sip:m" + i + "-" + UUID.randomUUID().toString().substring(0, 8) + "@flow.sip.telnyx.com";
            team.add(member("Member " + i, String.valueOf(100 + i), sip));
            sips.add(sip);
        }
        rule(Map.of("name", "Rotation", "type", "ROUND_ROBIN", "member_ids", team, "ring_timeout_seconds", 15));
        var ruleId = owner.get("/api/v1/routing-rules").json().get(0).get("id").asString();
        // A greeting first (today is a holiday routed to the rotation), so the call is decided some seconds before it rings.
        var holiday = owner.post("/api/v1/holidays", Map.of("name", "Open day", "date", "2026-11-25",
                "greeting_text", "Thanks for calling on our open day.", "routing_rule_id", ruleId));
        assertThat(holiday.status()).as(holiday.body()).isEqualTo(201);
        sips.forEach(sip -> sim.phone(sip, PhoneScript.answerAfter(Duration.ofSeconds(2))));
        var caller = sim.call("+17735550123", number);
        assertThat(caller.heard()).containsExactly("Thanks for calling on our open day.");
        assertThat(sips.stream().mapToInt(sip -> legsTo(sip).size()).sum()).isZero();
        // Meanwhile the ten in this call's turn become unavailable (other calls took them, in real life).
        for (var member : team.subList(0, 10)) {
            assertThat(owner.put("/api/v1/members/" + member + "/status", Map.of("status", "AWAY")).status()).isEqualTo(200);
        }
        sim.advance(Duration.ofSeconds(5));
        // Not voicemail while the eleventh is free: the rotation as it is now.
        assertThat(legsTo(sips.get(10))).hasSize(1);
        sim.advance(Duration.ofSeconds(3));
        assertThat(caller.leg().bridgedWith()).isEqualTo(legsTo(sips.get(10)).getFirst().callControlId());
        caller.hangUp();
        assertThat(call().get("outcome")).isEqualTo("ANSWERED");
        assertThat(call().get("answered_by").toString()).isEqualTo(team.get(10));
        var trace = new java.util.ArrayList<String>();
        owner.get("/api/v1/call-logs/" + call().get("id")).json().get("trace").forEach(t -> trace.add(t.asString()));
        assertThat(trace).containsSubsequence("skipped Member 10: away",
                "everyone in this call's turn was taken before it rang: the rotation as it is now", "ringing Member 11");
    }

    @Test
    void clickToCallRingsTheMemberThenTheNumberAndIsLoggedOutbound() {
        sim.phone(annSip, PhoneScript.answerAfter(Duration.ofSeconds(2)));
        sim.phone("+17735550177", PhoneScript.answerAfter(Duration.ofSeconds(4)));
        var placed = owner.post("/api/v1/calls", Map.of("member_id", ann, "number", "(773) 555-0177"));
        assertThat(placed.status()).as(placed.body()).isEqualTo(201);
        assertThat(legsTo(annSip)).hasSize(1);
        sim.advance(Duration.ofSeconds(2));
        assertThat(legsTo("+17735550177")).hasSize(1);
        sim.advance(Duration.ofSeconds(4));
        assertThat(legsTo(annSip).getFirst().bridgedWith()).isEqualTo(legsTo("+17735550177").getFirst().callControlId());
        sim.advance(Duration.ofSeconds(61));
        assertThat(sim.handle("POST", "/v2/calls/" + legsTo(annSip).getFirst().callControlId() + "/actions/hangup", "{}").status()).isEqualTo(200);
        var log = call();
        assertThat(log.get("direction")).isEqualTo("OUTBOUND");
        assertThat(log.get("outcome")).isEqualTo("ANSWERED");
        assertThat(log.get("to_number")).isEqualTo("+17735550177");
        assertThat(((Number) log.get("billable_seconds")).intValue()).isEqualTo(120);
        assertThat(activeCalls(ann)).isZero();
        // Who made it is said, beside the company's number it was made from (the log showed only that number).
        var web = webLogin(owner.email(), "correct-horse");
        assertThat(web.get("/calls").body()).contains("<span class=\"made-by\">Ann</span>");
        assertThat(web.get("/calls/" + log.get("id")).body()).containsPattern("<dt>Made by</dt><dd id=\"made-by\">Ann</dd>");
        // In the API's row and the export too (the pages only said it).
        var row = owner.get("/api/v1/call-logs/" + log.get("id")).json().get("call");
        assertThat(row.get("made_by").asString()).isEqualTo(ann);
        var csv = web.get("/calls/export.csv?direction=OUTBOUND").body().lines().toList();
        assertThat(csv.getFirst()).endsWith(",made_by");
        assertThat(csv).anyMatch(l -> l.contains(log.get("id").toString()) && l.endsWith(",Ann"));
        assertThat(owner.post("/api/v1/calls", Map.of("member_id", ann, "number", "nope")).errorField()).isEqualTo("number");
        var nobody = owner.post("/api/v1/calls", Map.of("member_id", UUID.randomUUID().toString(), "number", "+17735550177"));
        assertThat(nobody.status()).isEqualTo(422);
        assertThat(nobody.errorField()).isEqualTo("member_id");
        // The company's own numbers would go out and come back in as a new call (billed both ways), ringing whoever the
        // routing says: refused naming them, nothing dialled (found by a walk: "answered" by a phone that was nobody's).
        var bobsLine = randomNumber("312");
        assertThat(owner.patch("/api/v1/members/" + bob, Map.of("direct_inward_dial", bobsLine)).status()).isEqualTo(200);
        var mainLine = owner.post("/api/v1/calls", Map.of("member_id", ann, "number", number));
        assertThat(mainLine.status()).as(mainLine.body()).isEqualTo(422);
        assertThat(mainLine.errorRule()).isEqualTo("own");
        assertThat(mainLine.body()).contains("is the company's own number");
        var colleague = owner.post("/api/v1/calls", Map.of("member_id", ann, "number", bobsLine));
        assertThat(colleague.status()).as(colleague.body()).isEqualTo(422);
        // Not "choose Bob as the member instead": a click-to-call's member is whose phone places it (found by a walk).
        assertThat(colleague.body()).contains("is Bob's direct line").contains("would come back in as a new call to them, billed both ways")
                .doesNotContain("as the member instead");
        assertThat(legsTo(number)).isEmpty();
        assertThat(legsTo(bobsLine)).isEmpty();
        assertThat(legsTo(annSip)).as("Ann's phone rang for the first call only").hasSize(1);
    }

    /**
     * A click-to-call is placed from the member's own direct line when they have one, so whoever they called calls them
     * back (as RingCentral and Dialpad do); without one, from the company's number. Calls went out from the main line
     * always, and a customer calling back reached the company's routing, not the member (found by a walk).
     */
    @Test
    void aClickToCallShowsTheMembersDirectLineWhenTheyHaveOne() {
        var bobsLine = randomNumber("312");
        assertThat(owner.patch("/api/v1/members/" + bob, Map.of("direct_inward_dial", bobsLine)).status()).isEqualTo(200);
        var customer = randomNumber("773");
        sim.phone(bobSip, PhoneScript.answerAfter(Duration.ofSeconds(1)));
        sim.phone(annSip, PhoneScript.answerAfter(Duration.ofSeconds(1)));
        sim.phone(customer, PhoneScript.answerAfter(Duration.ofSeconds(1)));
        var fromBob = owner.post("/api/v1/calls", Map.of("member_id", bob, "number", customer));
        assertThat(fromBob.status()).as(fromBob.body()).isEqualTo(201);
        sim.advance(Duration.ofSeconds(3));
        assertThat(legsTo(customer)).hasSize(1);
        assertThat(legsTo(customer).getFirst().from()).as("the customer sees Bob's line").isEqualTo(bobsLine);
        assertThat(owner.get("/api/v1/call-logs/" + fromBob.json().get("call_id").asString()).json().get("call").get("from_number")
                .asString()).isEqualTo(bobsLine);
        legsTo(customer).forEach(l -> sim.handle("POST", "/v2/calls/" + l.callControlId() + "/actions/hangup", "{}"));
        sim.advance(Duration.ofSeconds(2));

        var fromAnn = owner.post("/api/v1/calls", Map.of("member_id", ann, "number", customer));
        assertThat(fromAnn.status()).as(fromAnn.body()).isEqualTo(201);
        sim.advance(Duration.ofSeconds(3));
        assertThat(legsTo(customer)).hasSize(2);
        assertThat(legsTo(customer).get(1).from()).as("Ann has no line of her own: the company's number").isEqualTo(number);
    }

    /**
     * Ann's desk phone and cell (simultaneous ring) both ring for her click-to-call, as for an incoming call or a callback
     * (was: her desk phone only): whichever she answers places the call, the other is cancelled while it rings or hung up
     * should it pick up at the same instant; the number is dialled once, and her call is counted once.
     */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(ints = {2, 5})
    void clickToCallRingsEveryPhoneOfTheMemberAndTheFirstToAnswerPlacesTheCall(int deskAnswersAfter) {
        var cell = randomNumber("312");
        var put = owner.put("/api/v1/members/" + ann, Map.of("name", "Ann", "phone_extension", "101", "sip_address", annSip,
                "call_forwarding_number", cell, "simultaneous_ring_enabled", true, "max_concurrent_calls", 1));
        assertThat(put.status()).as(put.body()).isEqualTo(200);
        var customer = randomNumber("773");
        sim.phone(cell, PhoneScript.answerAfter(Duration.ofSeconds(2)));
        sim.phone(annSip, PhoneScript.answerAfter(Duration.ofSeconds(deskAnswersAfter)));
        sim.phone(customer, PhoneScript.answerAfter(Duration.ofSeconds(2)));
        var placed = owner.post("/api/v1/calls", Map.of("member_id", ann, "number", customer));
        assertThat(placed.status()).as(placed.body()).isEqualTo(201);
        assertThat(legsTo(annSip)).as("her desk phone rings").hasSize(1);
        assertThat(legsTo(cell)).as("and her cell, at once").hasSize(1);
        assertThat(activeCalls(ann)).isEqualTo(1);
        sim.advance(Duration.ofSeconds(8));
        var dialled = legsTo(customer);
        assertThat(dialled).as("the number is dialled once").hasSize(1);
        assertThat(dialled.getFirst().state()).isEqualTo(Leg.State.ANSWERED);
        var hers = List.of(legsTo(cell).getFirst(), legsTo(annSip).getFirst());
        assertThat(hers.stream().filter(l -> l.state() == Leg.State.ANSWERED)).as("one phone of Ann's talks").hasSize(1);
        assertThat(hers.stream().filter(l -> l.state() == Leg.State.ENDED)).as("the other has ended").hasSize(1);
        var talking = hers.stream().filter(l -> l.state() == Leg.State.ANSWERED).findFirst().orElseThrow();
        assertThat(talking.bridgedWith()).isEqualTo(dialled.getFirst().callControlId());
        if (deskAnswersAfter > 2) {
            assertThat(talking.to()).as("the cell answered first").isEqualTo(cell);
        }
        assertThat(activeCalls(ann)).as("one call, claimed once").isEqualTo(1);
        sim.hangUpAnsweredPhone(dialled.getFirst().callControlId());
        sim.advance(Duration.ofSeconds(5));
        var log = call();
        assertThat(log.get("direction")).isEqualTo("OUTBOUND");
        assertThat(log.get("outcome")).isEqualTo("ANSWERED");
        assertThat(log.get("answered_by").toString()).isEqualTo(ann);
        assertThat(java.util.stream.Stream.of(annSip, cell, customer).flatMap(a -> legsTo(a).stream())
                .filter(l -> l.state() != Leg.State.ENDED)).isEmpty();
        assertThat(activeCalls(ann)).isZero();
        assertThat(inCompany(() -> jdbc.sql("select calls_today from team_availability where company_id = :c and member_id = :m")
                .param("c", company.value()).param("m", UUID.fromString(ann)).query(Integer.class).single()))
                .as("her answer counted once").isEqualTo(1);
        assertThat(owner.get("/api/v1/call-logs").json().size()).as("one call in the log").isEqualTo(1);
    }

    @Test
    void anAnsweredCallIsTransferredToAnotherMember() {
        rule(Map.of("name", "Ann", "type", "SIMULTANEOUS", "member_ids", List.of(ann)));
        sim.phone(annSip, PhoneScript.answerAfter(Duration.ofSeconds(2)));
        sim.phone(bobSip, PhoneScript.answerAfter(Duration.ofSeconds(3)));
        var caller = sim.call("+17735550123", number);
        sim.advance(Duration.ofSeconds(2));
        var id = call().get("id").toString();
        assertThat(owner.post("/api/v1/calls/" + id + "/transfer", Map.of("member_id", bob, "number", "+1")).errorField()).isEqualTo("target");
        var transferred = owner.post("/api/v1/calls/" + id + "/transfer", Map.of("member_id", bob));
        assertThat(transferred.status()).as(transferred.body()).isEqualTo(200);
        sim.advance(Duration.ofSeconds(3));
        assertThat(caller.leg().bridgedWith()).isEqualTo(legsTo(bobSip).getFirst().callControlId());
        assertThat(legsTo(annSip).getFirst().state()).isEqualTo(Leg.State.ENDED);
        assertThat(caller.state()).isEqualTo(Leg.State.ANSWERED);
        assertThat(activeCalls(ann)).isZero();
        caller.hangUp();
        var log = owner.get("/api/v1/call-logs/" + id).json().get("call");
        assertThat(log.get("answered_by").asString()).isEqualTo(bob);
        assertThat(log.get("transfers").size()).isEqualTo(1);
        assertThat(log.get("outcome").asString()).isEqualTo("ANSWERED");
        assertThat(owner.post("/api/v1/calls/" + id + "/transfer", Map.of("member_id", ann)).status()).isEqualTo(409);
    }

    @Autowired
    dev.switchboard.carrier.WebhookReceiver receiver;

    @Test
    void anEventLeftUnprocessedIsPickedUpByTheSweep() {
        var id = UUID.randomUUID().toString();
        var body = "{\"data\":{\"event_type\":\"call.initiated\",\"id\":\"" + id + "\",\"occurred_at\":\"2026-11-25T18:00:00Z\","
                + "\"payload\":{\"call_control_id\":\"v3:swept-" + id + "\",\"client_state\":null,\"direction\":\"incoming\","
                + "\"from\":\"+17735550123\",\"to\":\"" + number + "\",\"state\":\"parked\"},\"record_type\":\"event\"}}";
        jdbc.sql("insert into carrier_inbox (event_id, event_type, leg_id, received_at, body) values (:id, 'call.initiated', :leg, :at, cast(:b as json))")
                .param("id", id).param("leg", "v3:swept-" + id).param("at", java.sql.Timestamp.from(Instant.parse("2026-11-25T17:00:00Z")))
                .param("b", body).update();
        assertThat(receiver.sweep(Instant.parse("2026-11-25T17:30:00Z"))).isGreaterThanOrEqualTo(1);
        var processed = jdbc.sql("select processed_at is not null from carrier_inbox where event_id = :id").param("id", id).query(Boolean.class).single();
        assertThat(processed).isTrue();
        assertThat(call().get("caller_leg_id")).isEqualTo("v3:swept-" + id);
        assertThat(receiver.sweep(Instant.parse("2026-11-25T17:30:00Z"))).isZero();
    }

    /** A {@code call.initiated} of an incoming call to the company's number, as Telnyx delivers it. */
    String incoming(String eventId, String leg) {
        return "{\"data\":{\"event_type\":\"call.initiated\",\"id\":\"" + eventId + "\",\"occurred_at\":\"" + sim.clock().instant() + "\","
                + "\"payload\":{\"call_control_id\":\"" + leg + "\",\"client_state\":null,\"direction\":\"incoming\","
                + "\"from\":\"+17735550123\",\"to\":\"" + number + "\",\"state\":\"parked\"},\"record_type\":\"event\"}}";
    }

    /** Stores {@code body} in the inbox as received now and left unprocessed (its handling failed). */
    void storeUnprocessed(String eventId, String leg, String body) {
        jdbc.sql("insert into carrier_inbox (event_id, event_type, leg_id, received_at, body, process_attempts) values (:id, 'call.initiated', :leg, :at, cast(:b as json), 1)")
                .param("id", eventId).param("leg", leg).param("at", java.sql.Timestamp.from(sim.clock().instant())).param("b", body).update();
    }

    Map<String, Object> inboxRow(String eventId) {
        return jdbc.sql("select processed_at, process_attempts, last_error from carrier_inbox where event_id = :id").param("id", eventId)
                .query().singleRow();
    }

    @Test
    void anEventWhoseHandlingFailsForAMinuteIsStillHandledOnceTheFailureClears() {
        var id = UUID.randomUUID().toString();
        var leg = "v3:swept-" + id;
        // Its handling fails (here: its body cannot be read, as under a bug a redeploy fixes) for a minute.
        storeUnprocessed(id, leg, incoming(id, leg).replace("\"call_control_id\":\"" + leg + "\",", ""));
        for (int i = 0; i < 12; i++) {
            sim.advance(Duration.ofSeconds(5));
            receiver.sweep(sim.clock().instant().minusSeconds(5));
        }
        assertThat(inboxRow(id).get("processed_at")).isNull();
        jdbc.sql("update carrier_inbox set body = cast(:b as json) where event_id = :id").param("b", incoming(id, leg)).param("id", id).update();
        for (int i = 0; i < 60 && inboxRow(id).get("processed_at") == null; i++) {
            sim.advance(Duration.ofSeconds(10));
            receiver.sweep(sim.clock().instant().minusSeconds(5));
        }
        assertThat(inboxRow(id).get("processed_at")).as("handled once it could be").isNotNull();
        assertThat(call().get("caller_leg_id")).isEqualTo(leg);
    }

    @Test
    void anEventWhoseHandlingKeepsFailingIsGivenUpSayingSo() {
        var id = UUID.randomUUID().toString();
        var leg = "v3:swept-" + id;
        storeUnprocessed(id, leg, incoming(id, leg).replace("\"call_control_id\":\"" + leg + "\",", ""));
        for (int i = 0; i < 200; i++) {
            sim.advance(Duration.ofSeconds(30));
            receiver.sweep(sim.clock().instant().minusSeconds(5));
        }
        var row = inboxRow(id);
        assertThat(row.get("processed_at")).isNull();
        assertThat(row.get("last_error").toString()).startsWith("gave up after " + row.get("process_attempts") + " tries: ");
        int attempts = ((Number) row.get("process_attempts")).intValue();
        sim.advance(Duration.ofHours(1));
        receiver.sweep(sim.clock().instant().minusSeconds(5));
        assertThat(((Number) inboxRow(id).get("process_attempts")).intValue()).as("not tried again").isEqualTo(attempts);
    }

    /** Dials a leg for {@code callId} straight through the carrier, as if the app had: its webhooks then come in. */
    String dialFor(Object callId, String role, String memberId, String to) {
        var state = new ClientState(company.value(), UUID.fromString(callId.toString()), role, memberId == null ? null : UUID.fromString(memberId));
        var body = "{\"connection_id\":\"demo-connection\",\"from\":\"" + number + "\",\"to\":\"" + to + "\",\"client_state\":\""
                + java.util.Base64.getEncoder().encodeToString(state.encode().getBytes(java.nio.charset.StandardCharsets.UTF_8)) + "\"}";
        var response = sim.handle("POST", "/v2/calls", body);
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return tools.jackson.databind.json.JsonMapper.builder().build().readTree(response.body()).path("data").path("call_control_id").asString();
    }

    void claim(String member) {
        TenantContext.runAs(company, () -> tx.executeWithoutResult(s -> assertThat(members.claim(UUID.fromString(member))).isTrue()));
    }

    @Autowired
    dev.switchboard.directory.Members members;

    @Test
    void aPhoneTheAppLearnsOfOnlyAfterTheCallerLeftIsHungUpAndItsMemberReleased() {
        rule(Map.of("name", "Everyone", "type", "SIMULTANEOUS", "member_ids", List.of(ann), "ring_timeout_seconds", 20));
        sim.phone(annSip, new PhoneScript.NeverAnswer());
        sim.phone(bobSip, new PhoneScript.NeverAnswer());
        var caller = sim.call("+17735550123", number);
        caller.hangUp();
        var callId = call().get("id");
        assertThat(call().get("outcome")).isEqualTo("MISSED");
        // Bob was claimed and dialled for this call, but the leg's first webhook comes in only now.
        claim(bob);
        var late = dialFor(callId, "MEMBER", bob, bobSip);
        assertThat(sim.leg(late).state()).isEqualTo(Leg.State.ENDED);
        assertThat(activeCalls(bob)).isZero();
        assertThat(call().get("outcome")).isEqualTo("MISSED");
    }

    @Test
    void aPhoneTheAppLearnsOfOnlyAfterSomeoneElseAnsweredIsHungUp() {
        rule(Map.of("name", "Everyone", "type", "SIMULTANEOUS", "member_ids", List.of(ann), "ring_timeout_seconds", 20));
        sim.phone(annSip, PhoneScript.answerAfter(Duration.ofSeconds(2)));
        sim.phone(bobSip, new PhoneScript.NeverAnswer());
        var caller = sim.call("+17735550123", number);
        sim.advance(Duration.ofSeconds(2));
        var annLeg = legsTo(annSip).getFirst().callControlId();
        assertThat(caller.leg().bridgedWith()).isEqualTo(annLeg);
        claim(bob);
        var late = dialFor(call().get("id"), "MEMBER", bob, bobSip);
        assertThat(sim.leg(late).state()).isEqualTo(Leg.State.ENDED);
        assertThat(activeCalls(bob)).isZero();
        assertThat(caller.leg().bridgedWith()).isEqualTo(annLeg);
        assertThat(activeCalls(ann)).isEqualTo(1);
        caller.hangUp();
        assertThat(call().get("outcome")).isEqualTo("ANSWERED");
        assertThat(call().get("answered_by").toString()).isEqualTo(ann);
    }

    @Test
    void aCallerWhoseNumberIsWithheldIsAnsweredAndRoutedLikeAnyUnknownCaller() {
        rule(Map.of("name", "Everyone", "type", "SIMULTANEOUS", "member_ids", List.of(ann), "ring_timeout_seconds", 20));
        sim.phone(annSip, PhoneScript.answerAfter(Duration.ofSeconds(2)));
        for (var from : List.of("anonymous", "+17730000000")) {
            var caller = sim.call(from, number);
            assertThat(caller.state()).isEqualTo(Leg.State.ANSWERED);
            sim.advance(Duration.ofSeconds(2));
            assertThat(caller.leg().bridgedWith()).isNotNull();
            caller.hangUp();
            assertThat(call().get("outcome")).isEqualTo("ANSWERED");
            assertThat(call().get("customer_id")).isNull();
        }
    }
}
