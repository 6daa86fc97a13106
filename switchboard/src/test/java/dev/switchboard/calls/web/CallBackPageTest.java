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

        // Away, Ann cannot call out: told so on the page she was on, nothing placed.
        int calls = owner.get("/api/v1/call-logs").json().size();
        assertThat(agent.post("/me/status", "status", "AWAY").status()).isEqualTo(302);
        var refused = agent.post("/calls/call-back", "number", other, "back", "/voicemail");
        assertThat(refused.location()).endsWith("/voicemail");
        assertThat(agent.get("/voicemail").body()).contains("Not called: Ann is not available");
        assertThat(owner.get("/api/v1/call-logs").json().size()).as("nothing placed").isEqualTo(calls);

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
    void aLoginWithNoTeamMemberIsToldItHasNoPhoneToCallFrom() {
        newCompany("No Phone Co");
        var web = webLogin(owner.email(), "correct-horse");
        var refused = web.post("/calls/call-back", "number", "+17735550100", "back", "/voicemail");
        assertThat(refused.location()).endsWith("/voicemail");
        assertThat(web.get("/voicemail").body()).contains("Not called: your login is not linked to a team member");
        assertThat(owner.get("/api/v1/call-logs").json().size()).isZero();
    }
}
