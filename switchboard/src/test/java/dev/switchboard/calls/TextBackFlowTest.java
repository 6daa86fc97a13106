package dev.switchboard.calls;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.shared.PhoneNumber;
import dev.switchboard.simulator.PhoneScript;
import dev.switchboard.simulator.SimClock;
import dev.switchboard.simulator.TelnyxSimulator;
import dev.switchboard.support.VirtualTimeCallTest;
import dev.switchboard.support.WebClient;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import tools.jackson.databind.JsonNode;

/**
 * Missed-call text-back through the in-process simulator in virtual time: the texts the simulated carrier's
 * messaging API received, sent by the worker run by hand, and what the call's detail says of them.
 */
@Import(TextBackFlowTest.VirtualTime.class)
class TextBackFlowTest extends VirtualTimeCallTest {

    @TestConfiguration
    static class VirtualTime {
        @Bean
        @Primary
        SimClock virtualClock() {
            return new SimClock(Instant.parse("2026-11-25T18:00:00Z")); // Wednesday noon in Chicago
        }
    }

    @Autowired
    TextBacks textBacks;

    static final String MESSAGE = "Sorry we missed your call to {company}. Call us on {number} or reply here.";

    String companyName;

    @BeforeEach
    void company() {
        companyName = "Demo Plumbing " + randomNumber("000").substring(8);
        newCompanyWithAnnAndBob(companyName, 15);
        rule(Map.of("name", "Ann", "type", "SIMULTANEOUS", "member_ids", List.of(ann), "ring_timeout_seconds", 15));
        sim.phone(annSip, new PhoneScript.NeverAnswer());
    }

    void rule(Map<String, Object> body) {
        var r = owner.post("/api/v1/routing-rules", body);
        assertThat(r.status()).as(r.body()).isEqualTo(201);
    }

    void textBack(Map<String, Object> settings) {
        var r = owner.put("/api/v1/phone-settings", settings);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
    }

    void textBackOn() {
        textBack(Map.of("text_back_enabled", true, "text_back_message", MESSAGE));
    }

    JsonNode detail(String callId) {
        var r = owner.get("/api/v1/call-logs/" + callId);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json();
    }

    String expectedText() {
        return "Sorry we missed your call to " + companyName + ". Call us on " + PhoneNumber.parse(number).international()
                + " or reply here.";
    }

    @Test
    void aMissedCallIsTextedOnceFromTheDialledNumberAndASecondWithinTheQuietWindowIsNot() {
        textBack(Map.of("text_back_enabled", true, "text_back_message", MESSAGE, "text_back_quiet_hours", 2));
        var dana = randomNumber("773");
        var first = missedCallFrom(dana);
        assertThat(textsTo(dana)).as("nothing is sent while the call is handled").isEmpty();
        textBacks.sendDue();
        var texts = textsTo(dana);
        assertThat(texts).hasSize(1);
        assertThat(texts.getFirst().from()).isEqualTo(number);
        assertThat(texts.getFirst().text()).isEqualTo(expectedText());
        var sent = detail(first).get("text_back");
        assertThat(sent.get("status").asString()).isEqualTo("SENT");
        assertThat(sent.get("summary").asString()).startsWith("sent at ");
        // Virtual time goes on from test to test: the page says when, in the company's time zone.
        var sentAt = java.time.Instant.parse(sent.get("sent_at").asString()).atZone(java.time.ZoneId.of("America/Chicago"));
        assertThat(companyOwnerWeb().get("/calls/" + first).body()).contains(">Sent at "
                + dev.switchboard.tenancy.DisplayFormats.DATE_TIME.format(sentAt));

        sim.advance(Duration.ofMinutes(30));
        var second = missedCallFrom(dana);
        textBacks.sendDue();
        assertThat(textsTo(dana)).as("one text per caller per window").hasSize(1);
        var skipped = detail(second);
        assertThat(skipped.get("text_back").get("status").asString()).isEqualTo("SKIPPED");
        assertThat(skipped.get("text_back").get("reason").asString()).contains("within the quiet window of 2 h")
                .as("when, in the company's time (Chicago), not raw UTC")
                .matches("the caller was texted back at \\w{3} \\d{1,2} \\w{3} \\d{4}, \\d{1,2}:\\d{2} [AP]M C[SD]T, within .*");
        assertThat(skipped.get("trace").toString()).contains("text-back skipped: the caller was texted back at");
        assertThat(skipped.get("call").get("metadata").get("text_back_skipped").asString()).contains("quiet window");
        assertThat(companyOwnerWeb().get("/calls/" + second).body()).contains(">Skipped: the caller was texted back at");

        sim.advance(Duration.ofHours(2));
        missedCallFrom(dana);
        textBacks.sendDue();
        assertThat(textsTo(dana)).as("after the window, texted again").hasSize(2);
    }

    @Test
    void anAnsweredCallIsNotTextedNorIsAnyCallWhileTextBackIsOff() {
        var off = randomNumber("773");
        missedCallFrom(off);
        textBacks.sendDue();
        assertThat(textsTo(off)).as("off by default").isEmpty();

        textBackOn();
        sim.phone(annSip, PhoneScript.answerAfter(Duration.ofSeconds(2)));
        var eve = randomNumber("773");
        var caller = sim.call(eve, number);
        sim.advance(Duration.ofSeconds(10));
        caller.hangUp();
        sim.advance(Duration.ofSeconds(1));
        assertThat(call().get("outcome")).isEqualTo("ANSWERED");
        textBacks.sendDue();
        assertThat(textsTo(eve)).isEmpty();
        assertThat(detail(call().get("id").toString()).get("text_back").isNull()).isTrue();
    }

    @Test
    void aCallerWhoLeftAVoicemailIsTextedOnlyWhenTheCompanySaysSo() {
        textBackOn();
        // Nobody rings: straight to the general voicemail.
        owner.get("/api/v1/routing-rules").json().forEach(r -> owner.delete("/api/v1/routing-rules/" + r.get("id").asString()));
        textBack(Map.of("default_strategy", "VOICEMAIL"));
        var frank = randomNumber("773");
        var left = leaveMessageFrom(frank);
        textBacks.sendDue();
        assertThat(textsTo(frank)).isEmpty();
        // The caller hung up while recording: the carrier reports the message after the hangup, so the text waits for it.
        sim.advance(Duration.ofMinutes(3));
        textBacks.sendDue();
        assertThat(textsTo(frank)).isEmpty();
        assertThat(detail(left).get("text_back").get("summary").asString()).isEqualTo("skipped: the caller left a voicemail");
        // The trace says so too, not only that the text was waiting (found by a walk of the demo: "is on its way" and the
        // page's "Skipped" side by side).
        assertThat(detail(left).get("trace").toString()).contains("waits for the caller's message to be reported")
                .contains("text-back skipped: the caller left a voicemail").doesNotContain("is on its way");

        textBack(Map.of("text_back_after_voicemail", true));
        var gina = randomNumber("773");
        leaveMessageFrom(gina);
        textBacks.sendDue();
        assertThat(textsTo(gina)).hasSize(1);
        assertThat(textsTo(gina).getFirst().text()).isEqualTo(expectedText());
    }

    String leaveMessageFrom(String from) {
        var caller = sim.call(from, number);
        until(caller, "(beep)"::equals);
        caller.leaveMessage(Duration.ofSeconds(10), "Please call me back about the water heater.");
        sim.advance(Duration.ofSeconds(2));
        assertThat(call().get("outcome")).isEqualTo("VOICEMAIL");
        return call().get("id").toString();
    }

    @Test
    void anAnonymousCallerIsNotTextedAndTheCallSaysWhy() {
        textBackOn();
        var id = missedCallFrom("anonymous");
        var before = sim.messages().size();
        textBacks.sendDue();
        assertThat(sim.messages()).hasSize(before);
        var detail = detail(id);
        assertThat(detail.get("text_back").get("status").asString()).isEqualTo("SKIPPED");
        assertThat(detail.get("text_back").get("summary").asString())
                .isEqualTo("skipped: the caller's number (anonymous) is not a phone number a text can go to");
        assertThat(detail.get("trace").toString()).contains("text-back skipped: the caller's number (anonymous)");
    }

    @Test
    void aTextTheCarrierRefusesForNowIsTriedAgainLaterAndSentOnce() {
        textBackOn();
        var hal = randomNumber("773");
        var id = missedCallFrom(hal);
        sim.failNextCommands(1, 503);
        textBacks.sendDue();
        assertThat(textsTo(hal)).isEmpty();
        var pending = detail(id).get("text_back");
        assertThat(pending.get("status").asString()).isEqualTo("PENDING");
        assertThat(pending.get("attempts").asInt()).isEqualTo(1);
        assertThat(pending.get("last_error").asString()).contains("HTTP 503");
        assertThat(companyOwnerWeb().get("/calls/" + id).body()).contains(">Not sent yet: try 2 at");

        textBacks.sendDue();
        assertThat(textsTo(hal)).as("not before its retry is due").isEmpty();
        sim.advance(Duration.ofMinutes(1));
        textBacks.sendDue();
        textBacks.sendDue();
        assertThat(textsTo(hal)).hasSize(1);
        var sent = detail(id).get("text_back");
        assertThat(sent.get("status").asString()).isEqualTo("SENT");
        assertThat(sent.get("attempts").asInt()).isEqualTo(2);
    }

    /**
     * A caller whose call was skipped for the quiet window because a text was on its way for their earlier call, a text
     * then skipped at send time (that earlier call turned out a voicemail), is texted for the later call instead.
     */
    @Test
    void aCallSkippedForATextThatIsThenNotSentGetsTheTextInstead() {
        textBackOn();
        owner.get("/api/v1/routing-rules").json().forEach(r -> owner.delete("/api/v1/routing-rules/" + r.get("id").asString()));
        textBack(Map.of("default_strategy", "VOICEMAIL"));
        var ivy = randomNumber("773");
        var voicemail = leaveMessageFrom(ivy); // hung up while recording: its text waits 2 minutes for the message
        assertThat(detail(voicemail).get("text_back").get("status").asString()).isEqualTo("PENDING");
        sim.advance(Duration.ofSeconds(20));
        // She calls again and hangs up during the greeting: no message this time.
        var caller = sim.call(ivy, number);
        sim.advance(Duration.ofSeconds(2));
        caller.hangUp();
        sim.advance(Duration.ofSeconds(1));
        assertThat(call().get("outcome")).isEqualTo("MISSED");
        var missed = call().get("id").toString();
        assertThat(detail(missed).get("text_back").get("reason").asString()).contains("quiet window");
        sim.advance(Duration.ofMinutes(3));
        textBacks.sendDue();
        assertThat(detail(voicemail).get("text_back").get("summary").asString()).isEqualTo("skipped: the caller left a voicemail");
        textBacks.sendDue();
        assertThat(textsTo(ivy)).as("the missed call's text goes, the voicemail's did not").hasSize(1);
        assertThat(textsTo(ivy).getFirst().text()).isEqualTo(expectedText());
        var sent = detail(missed);
        assertThat(sent.get("text_back").get("status").asString()).isEqualTo("SENT");
        assertThat(sent.get("trace").toString()).contains("text-back: the text for the caller's earlier call was not sent");

        // And a third call within the window is still quiet: one text per caller per window.
        sim.advance(Duration.ofMinutes(5));
        missedCallFrom(ivy);
        textBacks.sendDue();
        assertThat(textsTo(ivy)).hasSize(1);
    }

    /**
     * A text the carrier refuses for good (FAILED) was not sent, as one skipped at send time: the caller's later call that
     * was skipped only because that text was on its way (the quiet window) is texted instead, and its trace says why.
     */
    @Test
    void aCallSkippedForATextThatThenFailsGetsTheTextInstead() {
        textBackOn();
        var nia = randomNumber("773");
        var first = missedCallFrom(nia);
        sim.advance(Duration.ofSeconds(20));
        var second = missedCallFrom(nia);
        assertThat(detail(second).get("text_back").get("reason").asString()).contains("quiet window");
        sim.failNextCommands(1, 400);
        textBacks.sendDue();
        assertThat(detail(first).get("text_back").get("status").asString()).isEqualTo("FAILED");
        assertThat(textsTo(nia)).isEmpty();
        textBacks.sendDue();
        assertThat(textsTo(nia)).as("the second call's text goes, the first's failed").hasSize(1);
        var sent = detail(second);
        assertThat(sent.get("text_back").get("status").asString()).isEqualTo("SENT");
        assertThat(sent.get("trace").toString()).contains("text-back: the text for the caller's earlier call was not sent (it failed: HTTP 400");
        assertThat(sent.get("call").get("metadata").has("text_back_skipped")).isFalse();
    }

    /**
     * A caller who hung up while leaving a message is not texted before the carrier reports the message (here 90 s
     * after the hangup), when the company does not text callers who left one: the text waits 2 minutes, then finds
     * the call a voicemail. One who hung up during the greeting (no message) is texted at once.
     */
    @Test
    void aCallerWhoHungUpWhileRecordingIsNotTextedBeforeTheMessageIsReported() {
        textBackOn();
        owner.get("/api/v1/routing-rules").json().forEach(r -> owner.delete("/api/v1/routing-rules/" + r.get("id").asString()));
        textBack(Map.of("default_strategy", "VOICEMAIL"));
        var jo = randomNumber("773");
        var caller = sim.call(jo, number);
        until(caller, "(beep)"::equals);
        sim.delayNextDeliveries(1, Duration.ofSeconds(90), "call.recording.saved");
        caller.leaveMessage(Duration.ofSeconds(10), "It's Jo, the boiler is leaking.");
        sim.advance(Duration.ofSeconds(2));
        var id = call().get("id").toString();
        assertThat(call().get("outcome")).as("the message is not reported yet").isEqualTo("MISSED");
        var pending = detail(id).get("text_back");
        assertThat(pending.get("status").asString()).isEqualTo("PENDING");
        assertThat(pending.get("next_attempt_at").isNull()).as("due in 2 minutes").isFalse();
        sim.advance(Duration.ofSeconds(60));
        textBacks.sendDue();
        assertThat(textsTo(jo)).as("waiting for the message").isEmpty();
        sim.advance(Duration.ofSeconds(40)); // the message is reported
        assertThat(call().get("outcome")).isEqualTo("VOICEMAIL");
        textBacks.sendDue();
        assertThat(textsTo(jo)).isEmpty();
        sim.advance(Duration.ofSeconds(30)); // 2 minutes after the hangup
        textBacks.sendDue();
        assertThat(textsTo(jo)).isEmpty();
        assertThat(detail(id).get("text_back").get("summary").asString()).isEqualTo("skipped: the caller left a voicemail");

        // Hung up in the greeting: nothing to wait for.
        var kim = randomNumber("773");
        var early = sim.call(kim, number);
        sim.advance(Duration.ofSeconds(2));
        early.hangUp();
        sim.advance(Duration.ofSeconds(1));
        assertThat(call().get("outcome")).isEqualTo("MISSED");
        textBacks.sendDue();
        assertThat(textsTo(kim)).hasSize(1);
    }

    /**
     * A caller who hangs up right after the beep leaves a message of a second: kept (nothing a caller left is lost),
     * marked very short in the inbox, but the call is a missed one, so it is texted back as missed calls are. It used
     * to count as VOICEMAIL, and a company that does not text voicemails never texted that caller.
     */
    @Test
    void aMessageShorterThanTwoSecondsIsKeptButTheCallStaysMissedAndIsTextedBack() {
        textBackOn();
        owner.get("/api/v1/routing-rules").json().forEach(r -> owner.delete("/api/v1/routing-rules/" + r.get("id").asString()));
        textBack(Map.of("default_strategy", "VOICEMAIL"));
        var lee = randomNumber("773");
        var caller = sim.call(lee, number);
        until(caller, "(beep)"::equals);
        caller.leaveMessage(Duration.ofSeconds(1), "Uh");
        sim.advance(Duration.ofSeconds(2));
        var id = call().get("id").toString();
        assertThat(call().get("outcome")).as("the message came, and is too short to be one").isEqualTo("MISSED");
        assertThat(call().get("voicemail_id")).as("the message is linked to the call").isNotNull();
        var message = owner.get("/api/v1/voicemail/messages/" + call().get("voicemail_id"));
        assertThat(message.status()).as(message.body()).isEqualTo(200);
        assertThat(message.json().get("duration_seconds").asInt()).isEqualTo(1);
        assertThat(message.json().get("very_short").asBoolean()).isTrue();
        assertThat(detail(id).get("events").toString()).contains("shorter than 2 s");
        sim.advance(Duration.ofMinutes(3));
        textBacks.sendDue();
        assertThat(textsTo(lee)).as("texted back as a missed call").hasSize(1);

        // Two seconds is a message: the call is a voicemail, not texted (the company does not text those).
        var mo = randomNumber("773");
        var longer = sim.call(mo, number);
        until(longer, "(beep)"::equals);
        longer.leaveMessage(Duration.ofSeconds(2), "Mo here, call me.");
        sim.advance(Duration.ofSeconds(2));
        assertThat(call().get("outcome")).isEqualTo("VOICEMAIL");
        assertThat(owner.get("/api/v1/voicemail/messages/" + call().get("voicemail_id")).json().get("very_short").asBoolean()).isFalse();
        sim.advance(Duration.ofMinutes(3));
        textBacks.sendDue();
        assertThat(textsTo(mo)).isEmpty();
    }

    /** A call out the number did not answer is never texted: it is the company that called. */
    @Test
    void aCallOutNobodyAnsweredIsNotTexted() {
        textBackOn();
        var customer = randomNumber("773");
        sim.phone(annSip, PhoneScript.answerAfter(Duration.ofSeconds(2)));
        sim.phone(customer, new PhoneScript.NeverAnswer());
        var placed = owner.post("/api/v1/calls", Map.of("member_id", ann, "number", customer));
        assertThat(placed.status()).as(placed.body()).isEqualTo(201);
        sim.advance(Duration.ofMinutes(3));
        var log = call();
        assertThat(log.get("direction")).isEqualTo("OUTBOUND");
        assertThat(log.get("outcome")).isNotEqualTo("ANSWERED");
        textBacks.sendDue();
        assertThat(textsTo(customer)).isEmpty();
        assertThat(detail(log.get("id").toString()).get("text_back").isNull()).isTrue();
    }

    /**
     * A text the carrier keeps refusing for now is tried 5 times (after 1, 2, 4 and 8 minutes) and then given up, its
     * last error shown; one it refuses for good (an invalid number) is given up at the first try.
     */
    @Test
    void aTextIsGivenUpAfterFiveTriesOrAtOnceWhenTheCarrierRefusesItForGood() {
        textBackOn();
        var lee = randomNumber("773");
        var id = missedCallFrom(lee);
        sim.failNextCommands(100, 503);
        textBacks.sendDue();
        for (int minutes : new int[] {1, 2, 4, 8}) {
            assertThat(detail(id).get("text_back").get("status").asString()).isEqualTo("PENDING");
            sim.advance(Duration.ofMinutes(minutes).minusSeconds(1));
            textBacks.sendDue();
            assertThat(detail(id).get("text_back").get("attempts").asInt()).as("not before its retry is due").isEqualTo(
                    List.of(1, 2, 4, 8).indexOf(minutes) + 1);
            sim.advance(Duration.ofSeconds(1));
            textBacks.sendDue();
        }
        var failed = detail(id).get("text_back");
        assertThat(failed.get("status").asString()).isEqualTo("FAILED");
        assertThat(failed.get("attempts").asInt()).isEqualTo(5);
        assertThat(failed.get("summary").asString()).startsWith("failed: HTTP 503");
        sim.failNextCommands(0, 503);
        sim.advance(Duration.ofHours(1));
        textBacks.sendDue();
        assertThat(textsTo(lee)).as("given up is given up").isEmpty();

        var max = randomNumber("773");
        var refused = missedCallFrom(max);
        sim.failNextCommands(1, 400);
        textBacks.sendDue();
        var once = detail(refused).get("text_back");
        assertThat(once.get("status").asString()).isEqualTo("FAILED");
        assertThat(once.get("attempts").asInt()).isEqualTo(1);
        assertThat(once.get("summary").asString()).startsWith("failed: HTTP 400");
    }

    private WebClient web;

    /** The owner's browser session (signed in through the login form). */
    WebClient companyOwnerWeb() {
        if (web == null) {
            web = webLogin(owner.email(), "correct-horse");
        }
        return web;
    }
}
