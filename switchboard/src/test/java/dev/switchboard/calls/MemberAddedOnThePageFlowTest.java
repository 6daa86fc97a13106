package dev.switchboard.calls;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.simulator.Leg;
import dev.switchboard.simulator.PhoneScript;
import dev.switchboard.simulator.SimClock;
import dev.switchboard.support.VirtualTimeCallTest;
import dev.switchboard.support.WebClient;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;

/**
 * A member added on the Extensions tab takes calls as one added through the API: a rule rings their SIP phone. Deleted
 * on the same tab while on a call, the call goes on to its end, and the call log keeps their name.
 */
@Import(MemberAddedOnThePageFlowTest.VirtualTime.class)
class MemberAddedOnThePageFlowTest extends VirtualTimeCallTest {

    static final String TAB = "/settings/communications/phone/extensions";

    @TestConfiguration
    static class VirtualTime {
        @Bean
        @Primary
        SimClock virtualClock() {
            return new SimClock(Instant.parse("2026-11-25T18:00:00Z")); // Wednesday noon in Chicago
        }
    }

    /** The owner's browser, the member added on the page with {@code sip} as their phone, and their id. */
    private record Added(WebClient web, String id) {
    }

    private Added addOnThePage(String name, String sip) {
        var web = webLogin(owner.email(), "correct-horse");
        var saved = web.post(TAB + "/new", "name", name, "phoneExtension", "101", "sipAddress", sip, "ringTimeoutSeconds", "20",
                "extensionEnabled", "true");
        assertThat(saved.status()).as(saved.body()).isEqualTo(302);
        var id = owner.get("/api/v1/members").json().valueStream().filter(m -> m.get("name").asString().equals(name))
                .findFirst().orElseThrow().get("id").asString();
        return new Added(web, id);
    }

    @Test
    void aMemberAddedOnThePageIsRungByARule() {
        newCompany("Added On The Page Co");
        var sip = "sip:cara-" + UUID.randomUUID().toString().substring(0, 8) + "@test.sip.telnyx.com";
        var cara = addOnThePage("Cara Diaz", sip);
        var rule = owner.post("/api/v1/routing-rules", Map.of("name", "Cara direct", "type", "DIRECT", "member_ids", List.of(cara.id())));
        assertThat(rule.status()).as(rule.body()).isEqualTo(201);
        sim.phone(sip, PhoneScript.answerAfter(Duration.ofSeconds(2)));

        var caller = sim.call("+17735550123", number);
        sim.advance(Duration.ofSeconds(3));
        assertThat(legsTo(sip)).hasSize(1);
        assertThat(legsTo(sip).getFirst().state()).isEqualTo(Leg.State.ANSWERED);
        caller.hangUp();
        sim.advance(Duration.ofSeconds(1));
        assertThat(call().get("outcome")).isEqualTo("ANSWERED");
        assertThat(call().get("answered_by").toString()).isEqualTo(cara.id());
        assertThat(trace(call().get("id"))).contains("rule 'Cara direct'");
    }

    @Test
    void aMemberDeletedOnThePageWhileOnACallKeepsTheCallAndTheirNameInTheLog() {
        newCompany("Deleted On A Call Co");
        var sip = "sip:dan-" + UUID.randomUUID().toString().substring(0, 8) + "@test.sip.telnyx.com";
        var dan = addOnThePage("Dan Ortiz", sip);
        sim.phone(sip, PhoneScript.answerAfter(Duration.ofSeconds(2)));
        // No rule: the team (Dan) is rung by the default strategy, so nothing stops the delete.
        var caller = sim.call("+17735550124", number);
        sim.advance(Duration.ofSeconds(3));
        var danLeg = legsTo(sip).getFirst();
        assertThat(danLeg.state()).isEqualTo(Leg.State.ANSWERED);

        var confirm = dan.web().htmxGet(TAB + "/" + dan.id() + "/delete").body();
        assertThat(confirm).contains("Dan Ortiz is on a call right now. Deleting does not cut it off");
        assertThat(dan.web().post(TAB + "/" + dan.id() + "/delete").status()).isEqualTo(302);

        sim.advance(Duration.ofSeconds(30));
        assertThat(danLeg.state()).as("the call goes on").isEqualTo(Leg.State.ANSWERED);
        assertThat(call().get("ended_at")).isNull();
        caller.hangUp();
        sim.advance(Duration.ofSeconds(1));
        assertThat(call().get("outcome")).isEqualTo("ANSWERED");
        assertThat(call().get("answered_by").toString()).isEqualTo(dan.id());
        var log = dan.web().get("/calls").body();
        assertThat(log).contains("Dan Ortiz (removed)");
        assertThat(dan.web().get("/calls/" + call().get("id")).body()).contains("Dan Ortiz (removed)");
    }

    /**
     * A technician leaves; customers keep calling the direct number on his van and their fridge magnets. Deleted, the
     * number belonged to nobody: the carrier refused those calls and nothing was logged. The delete now keeps it as a
     * business number (the box ticked by default), so the calls go through the call routing and are in the call log.
     */
    @Test
    void aDeletedMembersDirectNumberKeptAsABusinessNumberStillTakesCalls() {
        newCompany("Kept Line Plumbing");
        var evaSip = "sip:eva-" + UUID.randomUUID().toString().substring(0, 8) + "@test.sip.telnyx.com";
        member("Eva Stays", "102", evaSip);
        sim.phone(evaSip, PhoneScript.answerAfter(Duration.ofSeconds(2)));
        var web = webLogin(owner.email(), "correct-horse");
        var did = randomNumber("312");
        var saved = web.post(TAB + "/new", "name", "Lou Leaving", "phoneExtension", "101", "directInwardDial", did,
                "sipAddress", "sip:lou-" + UUID.randomUUID().toString().substring(0, 8) + "@test.sip.telnyx.com",
                "ringTimeoutSeconds", "20", "extensionEnabled", "true");
        assertThat(saved.status()).as(saved.body()).isEqualTo(302);
        assertThat(web.get(TAB).body()).contains("Lou Leaving added");
        var lou = owner.get("/api/v1/members").json().valueStream().filter(m -> m.get("name").asString().equals("Lou Leaving"))
                .findFirst().orElseThrow().get("id").asString();
        assertThat(web.htmxGet(TAB + "/" + lou + "/delete").body()).contains("name=\"keepDirectNumber\" value=\"true\" checked");

        assertThat(web.post(TAB + "/" + lou + "/delete", "keepDirectNumber", "true").status()).isEqualTo(302);
        assertThat(web.get(TAB).body()).contains("Lou Leaving deleted: ").contains("direct number " + did
                + " kept as a business number: its calls now go through the call routing");
        assertThat(owner.get("/api/v1/company").json().get("business_numbers").toString()).contains(did);

        var caller = sim.call("+17735550125", did);
        sim.advance(Duration.ofSeconds(3));
        assertThat(legsTo(evaSip)).as("the team is rung, as on the main number").hasSize(1);
        caller.hangUp();
        sim.advance(Duration.ofSeconds(1));
        assertThat(call().get("outcome")).isEqualTo("ANSWERED");
        assertThat(call().get("to_number")).isEqualTo(did);
    }

    /**
     * A colleague's calls forwarded to the leaver's direct number would come back round once it is a business number:
     * keeping it is refused, naming the colleague, and nothing is deleted; the confirmation says so and leaves the box
     * unticked.
     */
    @Test
    void aDirectNumberAColleagueForwardsToIsNotKeptAndTheMemberNotDeleted() {
        newCompany("Forwarded Line Cooling");
        var did = randomNumber("312");
        var lou = member(Map.of("name", "Lou Leaving", "phone_extension", "101", "direct_inward_dial", did,
                "sip_address", "sip:lou-" + UUID.randomUUID().toString().substring(0, 8) + "@test.sip.telnyx.com"));
        member(Map.of("name", "Kim Forwards", "phone_extension", "102", "call_forwarding_enabled", true,
                "call_forwarding_number", did));
        var web = webLogin(owner.email(), "correct-horse");
        var confirm = web.htmxGet(TAB + "/" + lou + "/delete").body();
        assertThat(confirm).contains("Calls to Kim Forwards are forwarded to this number")
                .contains("It cannot be kept as a business number yet: it is where Kim Forwards&#39;s calls are forwarded")
                .contains("name=\"keepDirectNumber\" value=\"true\">");

        var refused = web.htmxPost(TAB + "/" + lou + "/delete", "keepDirectNumber", "true");
        assertThat(refused.status()).isEqualTo(422);
        assertThat(refused.body()).contains("Lou Leaving was not deleted: cannot keep " + did + " as a business number: is where"
                + " Kim Forwards&#39;s calls are forwarded");
        assertThat(owner.get("/api/v1/members/" + lou).status()).isEqualTo(200);
        var byApi = owner.delete("/api/v1/members/" + lou + "?keep_direct_number=true");
        assertThat(byApi.status()).isEqualTo(422);
        assertThat(byApi.body()).contains("keep_direct_number");
        assertThat(owner.get("/api/v1/company").json().get("business_numbers").toString()).doesNotContain(did);
        assertThat(owner.delete("/api/v1/members/" + lou).status()).as("released, as before").isEqualTo(204);
    }

    private String trace(Object callId) {
        return owner.get("/api/v1/call-logs/" + callId).json().get("trace").toString();
    }
}
