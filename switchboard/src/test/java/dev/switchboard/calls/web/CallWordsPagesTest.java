package dev.switchboard.calls.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.simulator.PhoneScript;
import dev.switchboard.simulator.SimClock;
import dev.switchboard.support.VirtualTimeCallTest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;

/**
 * The test-call page and the call's page say a call in the words the rest of the app uses: a rule's type as the rule
 * form offers it, a call's state and outcome as the call log, a job's status as the job form, and a do-not-disturb or a
 * vacation in the pages' date format. They showed the codes ("(ROUND_ROBIN, priority 1)", "State: ANSWERED", "(OPEN)",
 * "do-not-disturb until 2026-12-05T17:00").
 */
@Import(CallWordsPagesTest.SaturdayNoon.class)
class CallWordsPagesTest extends VirtualTimeCallTest {

    @TestConfiguration
    static class SaturdayNoon {
        @Bean
        @Primary
        SimClock wordsClock() {
            return new SimClock(Instant.parse("2026-12-05T18:00:00Z")); // noon on Saturday 5 December in Chicago
        }
    }

    @Test
    void aTestCallAndItsPageSayTheRuleTheStateTheOutcomeTheJobAndWhoWasSkippedUntilWhenInWords() {
        newCompanyWithAnnAndBob("Plain Words Heating", 20);
        var catSip = "sip:cat-" + java.util.UUID.randomUUID().toString().substring(0, 8) + "@test.sip.telnyx.com";
        var cat = member("Cat", "103", catSip);
        var rule = owner.post("/api/v1/routing-rules", Map.of("name", "Turns", "type", "ROUND_ROBIN", "member_ids", List.of(ann, bob, cat)));
        assertThat(rule.status()).as(rule.body()).isEqualTo(201);
        assertThat(owner.put("/api/v1/members/" + ann + "/vacation", Map.of("start_date", "2026-12-04", "end_date", "2026-12-11")).status())
                .isEqualTo(200);
        assertThat(owner.put("/api/v1/members/" + bob + "/do-not-disturb", Map.of("until", "2026-12-05T23:00:00Z")).status())
                .isEqualTo(200);
        var from = randomNumber("773");
        var customer = owner.post("/api/v1/customers", Map.of("name", "Jane Doe", "phone_numbers", List.of(from)));
        assertThat(customer.status()).as(customer.body()).isEqualTo(201);
        var job = owner.post("/api/v1/jobs", Map.of("customer_id", customer.json().get("id").asString(), "title", "Water heater",
                "status", "IN_PROGRESS"));
        assertThat(job.status()).as(job.body()).isEqualTo(201);
        sim.phone(catSip, PhoneScript.answerAfter(Duration.ofSeconds(2)));

        var web = webLogin(owner.email(), "correct-horse");
        web.get("/test-call");
        var placed = web.post("/test-call", "from", from, "to", number);
        assertThat(placed.status()).isEqualTo(302);
        var testCall = placed.location().replaceAll("^https?://[^/]+", "");
        sim.advance(Duration.ofSeconds(3));

        var talking = text(web.get(testCall).body());
        assertThat(talking).contains("State: Connected Talking with Cat.").doesNotContain("ANSWERED")
                .contains("rule 'Turns' (Round robin, priority 1) applies").doesNotContain("ROUND_ROBIN")
                .contains("skipped Ann: on vacation until the end of Fri 11 Dec 2026")
                .contains("skipped Bob: do-not-disturb until Sat 5 Dec 2026, 5:00 PM").doesNotContain("2026-12-05T17:00");
        web.post(testCall + "/hangup");
        sim.advance(Duration.ofSeconds(1));
        var ended = text(web.get(testCall).body());
        assertThat(ended).contains("State: Ended").contains("Outcome: Answered").doesNotContain("ENDED");

        var id = call().get("id").toString();
        var page = text(web.get("/calls/" + id).body());
        assertThat(page).contains("Water heater (In progress)").doesNotContain("IN_PROGRESS")
                .contains("rule 'Turns' (Round robin, priority 1) applies")
                .contains("skipped Ann: on vacation until the end of Fri 11 Dec 2026")
                .contains("skipped Bob: do-not-disturb until Sat 5 Dec 2026, 5:00 PM")
                .doesNotContain("ROUND_ROBIN").doesNotContain("2026-12-05T17:00").doesNotContain("2026-12-11");
        var rung = page.substring(page.indexOf("Phones rung"), page.indexOf("Notes and tags"));
        assertThat(rung).as("each phone's state and why it ended in words, not codes").contains("Ended: answered, then hung up")
                .doesNotContain("(normal)").doesNotContainPattern("[A-Z]{3,}").doesNotContain("_");
        // Which of their phones (a member's desk phone and cell rung together read as two identical rows: a walk of the demo).
        assertThat(rung).contains("Cat on their desk phone or app");
        // The API keeps the trace as it is stored.
        assertThat(owner.get("/api/v1/call-logs/" + id).json().get("trace").toString())
                .contains("skipped Bob: do-not-disturb until 2026-12-05T17:00");
    }

    /**
     * A test call the general voicemail takes: "Answered" while the greeting played read as someone answering, and an
     * owner who hung up during the greeting (before the beep) thought voicemail broken. The page says what the caller is
     * connected to, and that a message is kept only from the beep on.
     */
    @Test
    void aTestCallAtVoicemailSaysSwitchboardAnsweredAndThatTheMessageStartsAtTheBeep() {
        newCompany("Beep Heating"); // nobody to ring: the general voicemail
        var web = webLogin(owner.email(), "correct-horse");
        web.get("/test-call");
        var placed = web.post("/test-call", "from", randomNumber("773"), "to", number);
        assertThat(placed.status()).isEqualTo(302);
        var testCall = placed.location().replaceAll("^https?://[^/]+", "");
        sim.advance(Duration.ofSeconds(1));
        var greeting = text(web.get(testCall).body());
        assertThat(greeting).contains("State: Connected Switchboard answered: the caller hears the voicemail greeting.")
                .contains("hung up before it, none is left").doesNotContain("State: Answered");
        sim.advance(Duration.ofSeconds(30));
        var recording = text(web.get(testCall).body());
        assertThat(recording).contains("(beep)").contains("State: Connected Recording a message after the beep");
        web.post(testCall + "/hangup");
        sim.advance(Duration.ofSeconds(1));
        var ended = text(web.get(testCall).body());
        assertThat(ended).contains("State: Ended").contains("Outcome: Voicemail").doesNotContain("Switchboard answered");
    }

    /**
     * On a simultaneous ring, the phone that lost to a colleague's answer read "Ended: stopped ringing before it was
     * answered", as if the call had been missed, on the very call Ann answered (found by a walk of the call log): it says
     * it was answered elsewhere, and by whom. A phone stopped by the caller's hangup, nobody having answered, still says it
     * stopped ringing before it was answered.
     */
    @Test
    void aPhoneThatLostToAColleaguesAnswerSaysTheCallWasAnsweredElsewhere() {
        newCompanyWithAnnAndBob("Elsewhere Heating", 20);
        var rule = owner.post("/api/v1/routing-rules", Map.of("name", "Both", "type", "SIMULTANEOUS", "member_ids", List.of(ann, bob)));
        assertThat(rule.status()).as(rule.body()).isEqualTo(201);
        sim.phone(annSip, PhoneScript.answerAfter(Duration.ofSeconds(2)));
        sim.phone(bobSip, new PhoneScript.NeverAnswer());
        var caller = sim.call(randomNumber("773"), number);
        sim.advance(Duration.ofSeconds(10));
        caller.hangUp();
        sim.advance(Duration.ofSeconds(1));
        assertThat(call().get("outcome")).isEqualTo("ANSWERED");
        var web = webLogin(owner.email(), "correct-horse");
        var page = text(web.get("/calls/" + call().get("id")).body());
        var rung = page.substring(page.indexOf("Phones rung"), page.indexOf("Notes and tags"));
        assertThat(rung).contains("Bob on their desk phone or app : Ended: answered elsewhere (Ann took the call)")
                .contains("Ann on their desk phone or app : Ended: answered, then hung up")
                .doesNotContain("stopped ringing before it was answered");

        sim.phone(annSip, new PhoneScript.NeverAnswer());
        var unanswered = sim.call(randomNumber("773"), number);
        sim.advance(Duration.ofSeconds(5));
        unanswered.hangUp();
        sim.advance(Duration.ofSeconds(1));
        var missed = text(web.get("/calls/" + call().get("id")).body());
        var rungMissed = missed.substring(missed.indexOf("Phones rung"), missed.indexOf("Notes and tags"));
        assertThat(rungMissed).contains("Ann on their desk phone or app : Ended: stopped ringing before it was answered")
                .contains("Bob on their desk phone or app : Ended: stopped ringing before it was answered")
                .doesNotContain("elsewhere");
    }

    /**
     * A phone that did pick up, but lost the race to a colleague's answer (or to another phone of the same member) and was
     * hung up at once by us, read "Ended: answered, then hung up", as if its member had hung up on the caller (found
     * walking a supervisor's day: a VIP's call read so for Grace, who never talked to them). It says it was answered
     * elsewhere, and by whom; the phone that had the caller still reads "answered, then hung up".
     */
    @Test
    void aPhoneThatPickedUpAsAColleagueTookTheCallSaysItWasAnsweredElsewhere() {
        newCompanyWithAnnAndBob("Race Words Heating", 20);
        var rule = owner.post("/api/v1/routing-rules", Map.of("name", "Both", "type", "SIMULTANEOUS", "member_ids", List.of(ann, bob)));
        assertThat(rule.status()).as(rule.body()).isEqualTo(201);
        sim.phone(annSip, PhoneScript.answerAfter(Duration.ofSeconds(3)));
        sim.phone(bobSip, PhoneScript.answerAfter(Duration.ofMillis(2900)));
        var caller = sim.call(randomNumber("773"), number);
        sim.advance(Duration.ofSeconds(1));
        // Bob picks up a moment before Ann, but his phone's webhooks reach us late: Ann's answer is taken first.
        sim.delayNextDeliveries(2, Duration.ofMillis(300), null, legsTo(bobSip).getFirst().callControlId());
        sim.advance(Duration.ofSeconds(2));
        sim.advance(Duration.ofSeconds(20));
        caller.hangUp();
        sim.advance(Duration.ofSeconds(1));
        var call = call();
        assertThat(call.get("outcome")).isEqualTo("ANSWERED");
        var winner = String.valueOf(call.get("answered_by")).equals(ann) ? "Ann" : "Bob";
        var loser = winner.equals("Ann") ? "Bob" : "Ann";
        var web = webLogin(owner.email(), "correct-horse");
        var page = text(web.get("/calls/" + call.get("id")).body());
        var rung = page.substring(page.indexOf("Phones rung"), page.indexOf("Notes and tags"));
        assertThat(rung).contains(loser + " on their desk phone or app : Ended: picked up as " + winner
                        + " took the call, and hung up at once: answered elsewhere")
                .contains(winner + " on their desk phone or app : Ended: answered, then hung up");

        // A member rung on their desk phone and their cell at once, both picking up: the cell lost to the desk phone.
        var cell = randomNumber("773");
        var deeSip = "sip:dee-" + java.util.UUID.randomUUID().toString().substring(0, 8) + "@test.sip.telnyx.com";
        var dee = member(Map.of("name", "Dee", "phone_extension", "104", "sip_address", deeSip, "call_forwarding_enabled", true,
                "call_forwarding_number", cell, "simultaneous_ring_enabled", true, "ring_timeout_seconds", 20));
        var both = owner.put("/api/v1/routing-rules/" + rule.json().get("rule").get("id").asString(), Map.of("name", "Both",
                "type", "SIMULTANEOUS", "member_ids", List.of(dee)));
        assertThat(both.status()).as(both.body()).isEqualTo(200);
        sim.phone(deeSip, PhoneScript.answerAfter(Duration.ofSeconds(2)));
        sim.phone(cell, PhoneScript.answerAfter(Duration.ofMillis(1900)));
        var second = sim.call(randomNumber("773"), number);
        sim.advance(Duration.ofSeconds(1));
        sim.delayNextDeliveries(2, Duration.ofMillis(300), null, legsTo(cell).getLast().callControlId());
        sim.advance(Duration.ofSeconds(2));
        sim.advance(Duration.ofSeconds(20));
        second.hangUp();
        sim.advance(Duration.ofSeconds(1));
        var legs = owner.get("/api/v1/call-logs/" + call().get("id")).json().get("legs");
        long answered = 0;
        for (var leg : legs) {
            if (!leg.get("member_id").isNull() && !leg.get("answered_at").isNull()) {
                answered++;
            }
        }
        assertThat(answered).as("both of Dee's phones picked up (the race this is about): " + legs).isEqualTo(2);
        var twoPhones = text(web.get("/calls/" + call().get("id")).body());
        var rungTwo = twoPhones.substring(twoPhones.indexOf("Phones rung"), twoPhones.indexOf("Notes and tags"));
        assertThat(rungTwo).containsOnlyOnce("picked up as another of their phones took the call, and hung up at once")
                .containsOnlyOnce("Ended: answered, then hung up");
    }

    /**
     * A call Dee took on her cell (her forwarding number) read "Duration 0:32 (billed 1:00)" and "Cost $0.03", which one
     * minute at the inbound rate is not: the cell's leg is a call out of its own, at the rate out. The page says the cost
     * takes it in; a call answered on a desk phone costs its own billed time alone, and says nothing more.
     */
    @Test
    void aCallsCostSaysItTakesInTheCallsOutItWentOnTo() {
        newCompanyWithAnnAndBob("Cost Words Heating", 20);
        var cell = randomNumber("773");
        var dee = member(Map.of("name", "Dee", "phone_extension", "104", "call_forwarding_enabled", true, "call_forwarding_number", cell,
                "ring_timeout_seconds", 20));
        var rule = owner.post("/api/v1/routing-rules", Map.of("name", "Dee", "type", "SIMULTANEOUS", "member_ids", List.of(dee)));
        assertThat(rule.status()).as(rule.body()).isEqualTo(201);
        sim.phone(cell, PhoneScript.answerAfter(Duration.ofSeconds(2)));
        var caller = sim.call(randomNumber("312"), number);
        sim.advance(Duration.ofSeconds(30));
        caller.hangUp();
        sim.advance(Duration.ofSeconds(1));
        assertThat(call().get("outcome")).isEqualTo("ANSWERED");
        var web = webLogin(owner.email(), "correct-horse");
        var page = text(web.get("/calls/" + call().get("id")).body());
        var shown = "(" + cell.substring(2, 5) + ") " + cell.substring(5, 8) + "-" + cell.substring(8);
        assertThat(page).as(page).contains("Cost $0.03 (this call's billed time, and the call out to Dee's " + shown
                + " at the rate out, from its answer)");

        var ruleId = owner.get("/api/v1/routing-rules").json().get(0).get("id").asString();
        var annOnly = owner.patch("/api/v1/routing-rules/" + ruleId, Map.of("member_ids", List.of(ann)));
        assertThat(annOnly.status()).as(annOnly.body()).isEqualTo(200);
        sim.phone(annSip, PhoneScript.answerAfter(Duration.ofSeconds(2)));
        var desk = sim.call(randomNumber("312"), number);
        sim.advance(Duration.ofSeconds(30));
        desk.hangUp();
        sim.advance(Duration.ofSeconds(1));
        var deskPage = text(web.get("/calls/" + call().get("id")).body());
        assertThat(deskPage).contains("Cost $0.01 ").doesNotContain("call out to");
    }

    /** A page's text as a person reads it: no tags, the quote unescaped, one space between words. */
    private static String text(String html) {
        return html.replaceAll("<[^>]+>", " ").replace("&#39;", "'").replaceAll("\\s+", " ");
    }
}
