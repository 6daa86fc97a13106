package dev.switchboard.calls.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.simulator.PhoneScript;
import dev.switchboard.simulator.SimClock;
import dev.switchboard.support.VirtualTimeCallTest;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;

/**
 * "Call back": an agent returns a missed call from its page, and a general mailbox message from the inbox, from their own
 * phone (their phone rings, then the caller is dialled); refused, the page they were on says why and nothing is placed.
 */
@Import(CallBackPageTest.Noon.class)
class CallBackPageTest extends VirtualTimeCallTest {

    static final Instant T0 = Instant.parse("2026-11-25T18:00:00Z"); // Wednesday noon in Chicago

    @TestConfiguration
    static class Noon {
        @Bean
        @Primary
        SimClock callBackClock() {
            return new SimClock(T0);
        }
    }

    @org.springframework.beans.factory.annotation.Autowired
    dev.switchboard.voicemail.Voicemails voicemails;

    @Test
    void anAgentCallsBackAMissedCallerAndAGeneralMailboxCallerFromTheirOwnPhone() {
        newCompanyWithAnnAndBob("Call Back Co", 20);
        var agent = webLogin(owner.newUser("AGENT", ann).email(), "their-password");
        var caller = randomNumber("773");
        var shown = dev.switchboard.shared.PhoneNumber.parse(caller, "US").display("US");

        // Rung for it, Ann missed it: the caller gave up while her phone rang.
        sim.phone(annSip, new PhoneScript.NeverAnswer());
        sim.phone(bobSip, new PhoneScript.NeverAnswer());
        var missed = sim.call(caller, number);
        sim.advance(Duration.ofSeconds(5));
        missed.hangUp();
        sim.advance(Duration.ofSeconds(2));
        var missedId = owner.get("/api/v1/call-logs").json().get(0).get("id").asString();
        var page = agent.get("/calls/" + missedId).body();
        assertThat(page).contains("<h1>Call from " + shown + "</h1>").contains("Call back " + shown).contains("name=\"number\" value=\"" + caller + "\"");

        sim.phone(annSip, PhoneScript.answerAfter(Duration.ofSeconds(2)));
        sim.phone(caller, PhoneScript.answerAfter(Duration.ofSeconds(3)));
        var placed = agent.post("/calls/call-back", "number", caller, "back", "/calls/" + missedId);
        assertThat(placed.status()).isEqualTo(302);
        assertThat(placed.location()).contains("/calls/").doesNotContain(missedId);
        var callId = placed.location().substring(placed.location().lastIndexOf('/') + 1);
        assertThat(agent.get("/calls/" + callId).body()).as("the agent sees the call they placed, and what happens next")
                .contains("Calling " + shown + ": your phone rings first, and " + shown + " is dialled when you answer.")
                .contains(">Outbound<").as("named by whom it calls, not the company's own number").contains("<h1>Call to " + shown + "</h1>");
        sim.advance(Duration.ofSeconds(10));
        var call = owner.get("/api/v1/call-logs/" + callId).json().get("call");
        assertThat(call.get("direction").asString()).isEqualTo("OUTBOUND");
        assertThat(call.get("to_number").asString()).isEqualTo(caller);
        assertThat(call.get("answered_by").asString()).as("placed from Ann's own phone").isEqualTo(ann);
        assertThat(call.get("phase").asString()).isEqualTo("BRIDGED");
        sim.legs().stream().filter(l -> caller.equals(l.to()) && l.state() != dev.switchboard.simulator.Leg.State.ENDED)
                .forEach(l -> sim.handle("POST", "/v2/calls/" + l.callControlId() + "/actions/hangup", "{}"));
        sim.advance(Duration.ofSeconds(2));

        // A message in the general mailbox, whose call Ann took no part in: called back from the inbox.
        var other = randomNumber("773");
        inCompany(() -> voicemails.deposit(null, UUID.randomUUID(), other, T0, 12, null));
        var inbox = agent.get("/voicemail").body();
        assertThat(inbox).contains("Call back " + dev.switchboard.shared.PhoneNumber.parse(other, "US").display("US"))
                .contains("name=\"number\" value=\"" + other + "\"").contains("name=\"back\" value=\"/voicemail");

        // Away (between jobs), Ann still calls back from her own phone: her status is for calls to her, and she is the one
        // calling (it stopped her, told to set herself Available first). It stays Away.
        int calls = owner.get("/api/v1/call-logs").json().size();
        assertThat(agent.post("/me/status", "status", "AWAY").status()).isEqualTo(302);
        sim.phone(annSip, PhoneScript.answerAfter(Duration.ofSeconds(2)));
        sim.phone(other, PhoneScript.answerAfter(Duration.ofSeconds(3)));
        var away = agent.post("/calls/call-back", "number", other, "back", "/voicemail");
        assertThat(away.location()).as("placed").contains("/calls/").doesNotEndWith("/voicemail");
        sim.advance(Duration.ofSeconds(10));
        assertThat(owner.get("/api/v1/call-logs").json().size()).isEqualTo(calls + 1);
        assertThat(legsTo(other)).hasSize(1);
        assertThat(owner.get("/api/v1/members/" + ann).json().get("availability").get("status").asString()).isEqualTo("AWAY");
        sim.legs().stream().filter(l -> other.equals(l.to()) && l.state() != dev.switchboard.simulator.Leg.State.ENDED)
                .forEach(l -> sim.handle("POST", "/v2/calls/" + l.callControlId() + "/actions/hangup", "{}"));
        sim.advance(Duration.ofSeconds(2));
        calls++;

        assertThat(agent.post("/me/status", "status", "AVAILABLE").status()).isEqualTo(302);
        var typo = agent.post("/calls/call-back", "number", "12", "back", "/calls/" + missedId);
        assertThat(typo.location()).endsWith("/calls/" + missedId);
        assertThat(agent.get("/calls/" + missedId).body()).contains("Not called: ").contains("12");
        assertThat(owner.get("/api/v1/call-logs").json().size()).as("nothing placed").isEqualTo(calls);

        var elsewhere = agent.post("/calls/call-back", "number", "12", "back", "https://example.com/");
        assertThat(elsewhere.location()).as("sent back only to this app's own pages").endsWith("/calls")
                .doesNotContain("example.com");
    }

    @Test
    void anAgentCallsACustomerFromTheirPageAndANumberTypedOnTheCallLog() {
        newCompanyWithAnnAndBob("Call Out Co", 20);
        var agent = webLogin(owner.newUser("AGENT", ann).email(), "their-password");
        var home = randomNumber("773");
        var cell = randomNumber("872");
        var customer = owner.post("/api/v1/customers", Map.of("name", "Carla Diaz", "phone_numbers", java.util.List.of(home, cell)));
        assertThat(customer.status()).as(customer.body()).isEqualTo(201);
        var customerPage = "/customers/" + customer.json().get("id").asString();
        var shownCell = dev.switchboard.shared.PhoneNumber.parse(cell, "US").display("US");

        // Each of the customer's numbers has its own Call button.
        var page = agent.get(customerPage).body();
        assertThat(page).contains("Call " + dev.switchboard.shared.PhoneNumber.parse(home, "US").display("US"))
                .contains("Call " + shownCell).contains("name=\"number\" value=\"" + cell + "\"")
                .contains("name=\"back\" value=\"" + customerPage + "\"");
        sim.phone(annSip, PhoneScript.answerAfter(Duration.ofSeconds(2)));
        sim.phone(cell, PhoneScript.answerAfter(Duration.ofSeconds(3)));
        var placed = agent.post("/calls/call-back", "number", cell, "back", customerPage);
        assertThat(placed.status()).isEqualTo(302);
        var callId = placed.location().substring(placed.location().lastIndexOf('/') + 1);
        sim.advance(Duration.ofSeconds(10));
        var call = owner.get("/api/v1/call-logs/" + callId).json().get("call");
        assertThat(call.get("to_number").asString()).isEqualTo(cell);
        assertThat(call.get("answered_by").asString()).isEqualTo(ann);
        assertThat(call.get("customer_id").asString()).as("the customer called is the call's").isEqualTo(customer.json().get("id").asString());
        sim.legs().stream().filter(l -> cell.equals(l.to()) && l.state() != dev.switchboard.simulator.Leg.State.ENDED)
                .forEach(l -> sim.handle("POST", "/v2/calls/" + l.callControlId() + "/actions/hangup", "{}"));
        sim.advance(Duration.ofSeconds(2));
        assertThat(agent.get(customerPage).body()).as("listed in the customer's recent calls, its length as minutes and seconds")
                .contains("/calls/" + callId).containsPattern("<td>0:\\d\\d</td>");

        // Ann away: an owner placing a call from her phone (the API) is refused, as her status says she is not there;
        // nothing placed. (Her own calls are not stopped by it.)
        int calls = owner.get("/api/v1/call-logs").json().size();
        assertThat(agent.post("/me/status", "status", "AWAY").status()).isEqualTo(302);
        var forHer = owner.post("/api/v1/calls", Map.of("member_id", ann, "number", home));
        assertThat(forHer.status()).as(forHer.body()).isEqualTo(409);
        assertThat(forHer.json().get("detail").asString()).isEqualTo("member_id: Ann is not available: away");
        assertThat(owner.get("/api/v1/call-logs").json().size()).as("nothing placed").isEqualTo(calls);
        assertThat(agent.post("/me/status", "status", "AVAILABLE").status()).isEqualTo(302);

        // Do-not-disturb keeps calls from ringing her, not her from calling out.
        var until = java.time.LocalDateTime.ofInstant(T0.plus(Duration.ofHours(3)), java.time.ZoneId.of("America/Chicago"));
        assertThat(agent.post("/me/dnd", "until", until.toString()).status()).isEqualTo(302);
        sim.phone(annSip, PhoneScript.answerAfter(Duration.ofSeconds(2)));
        sim.phone(home, PhoneScript.answerAfter(Duration.ofSeconds(3)));
        var onDnd = agent.post("/calls/call-back", "number", home, "back", customerPage);
        assertThat(onDnd.location()).as("placed").doesNotEndWith(customerPage);
        sim.advance(Duration.ofSeconds(10));

        // On that call, a second is refused as such, not as her status.
        var second = agent.post("/calls/call-back", "number", cell, "back", customerPage);
        assertThat(second.location()).endsWith(customerPage);
        assertThat(agent.get(customerPage).body()).contains("Not called: you are already on a call: hang up first.");
        assertThat(owner.get("/api/v1/call-logs").json().size()).as("only the one placed").isEqualTo(calls + 1);
        sim.legs().stream().filter(l -> home.equals(l.to()) && l.state() != dev.switchboard.simulator.Leg.State.ENDED)
                .forEach(l -> sim.handle("POST", "/v2/calls/" + l.callControlId() + "/actions/hangup", "{}"));
        sim.advance(Duration.ofSeconds(2));
        assertThat(agent.post("/me/dnd", "clear", "true").status()).isEqualTo(302);

        // The call log: a number typed as people write them.
        var log = agent.get("/calls").body();
        assertThat(log).contains("id=\"make-call\"").contains("Call a number from your phone")
                .as("the filters closed while none is set: the calls come first on a phone").contains("<details id=\"filters-box\">");
        assertThat(agent.get("/calls?outcome=MISSED").body()).contains("<details id=\"filters-box\" open=\"open\">")
                .contains("Filters (set)");
        var other = randomNumber("773");
        var typed = "(" + other.substring(2, 5) + ") " + other.substring(5, 8) + "-" + other.substring(8);
        sim.phone(other, PhoneScript.answerAfter(Duration.ofSeconds(3)));
        var dialled = agent.post("/calls/call-back", "number", typed, "back", "/calls");
        assertThat(dialled.location()).contains("/calls/");
        var dialledId = dialled.location().substring(dialled.location().lastIndexOf('/') + 1);
        assertThat(owner.get("/api/v1/call-logs/" + dialledId).json().get("call").get("to_number").asString()).isEqualTo(other);
        sim.advance(Duration.ofSeconds(10));
        sim.legs().stream().filter(l -> other.equals(l.to()) && l.state() != dev.switchboard.simulator.Leg.State.ENDED)
                .forEach(l -> sim.handle("POST", "/v2/calls/" + l.callControlId() + "/actions/hangup", "{}"));
        sim.advance(Duration.ofSeconds(2));
        calls = owner.get("/api/v1/call-logs").json().size();
        for (var bad : Map.of("", "Not called: the number is required: write it as +1", "call me", "Not called: &#39;call me&#39; is not a phone number",
                "12", "Not called: &#39;12&#39; is not").entrySet()) {
            var nothing = agent.post("/calls/call-back", "number", bad.getKey(), "back", "/calls");
            assertThat(nothing.location()).endsWith("/calls");
            assertThat(agent.get("/calls").body()).as(bad.getKey()).contains(bad.getValue());
        }
        // The refused number stays in the field, to correct rather than retype.
        agent.post("/calls/call-back", "number", "(773) 555-01", "back", "/calls");
        assertThat(agent.get("/calls").body()).contains("id=\"call-number\"").contains("value=\"(773) 555-01\"");
        assertThat(agent.get("/calls").body()).as("once").doesNotContain("value=\"(773) 555-01\"");
        assertThat(owner.get("/api/v1/call-logs").json().size()).as("nothing placed").isEqualTo(calls);
    }

    @Test
    void aLoginWithNoTeamMemberIsToldItHasNoPhoneToCallFrom() {
        newCompany("No Phone Co");
        var web = webLogin(owner.email(), "correct-horse");
        assertThat(web.get("/calls").body()).as("no field to call from, and why").doesNotContain("id=\"make-call\"")
                .contains("To call out from here, your login needs a team member").contains("link one on Team &amp; logins");
        var refused = web.post("/calls/call-back", "number", "+17735550100", "back", "/voicemail");
        assertThat(refused.location()).endsWith("/voicemail");
        assertThat(web.get("/voicemail").body()).contains("Not called: your login is not linked to a team member");
        assertThat(owner.get("/api/v1/call-logs").json().size()).isZero();

        // A customer's page: no Call buttons beside the numbers, and why, as on the call log.
        var customer = owner.post("/api/v1/customers", Map.of("name", "Carla Diaz", "phone_numbers", java.util.List.of("+17735550100")));
        assertThat(customer.status()).as(customer.body()).isEqualTo(201);
        var page = web.get("/customers/" + customer.json().get("id").asString()).body();
        assertThat(page).doesNotContain("id=\"call-customer\"").contains("id=\"make-call-none\"")
                .contains("To call out from here, your login needs a team member").contains("link one on Team &amp; logins");
        var none = owner.post("/api/v1/customers", Map.of("name", "No Number", "email", "nn@example.com"));
        assertThat(none.status()).as(none.body()).isEqualTo(201);
        assertThat(web.get("/customers/" + none.json().get("id").asString()).body()).as("no number: nothing to call")
                .doesNotContain("make-call-none");
    }
}
