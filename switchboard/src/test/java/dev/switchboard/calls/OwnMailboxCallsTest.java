package dev.switchboard.calls;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.support.VirtualTimeCallTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A call to a member's direct line while they are offline rings nobody and goes to their voicemail: it is their call all
 * the same, in their call log (an agent's), under the member filter, and opened from their message ("why did my phone
 * not ring?"), while a colleague still gets a 403 for it.
 */
class OwnMailboxCallsTest extends VirtualTimeCallTest {

    @Test
    void aCallThatWentStraightToAnAgentsVoicemailIsInTheirCallLogAndOpensFromTheirMessage() {
        newCompanyWithAnnAndBob("Own Mailbox Co", 20);
        var did = dev.switchboard.support.TestNumbers.unused("+1312");
        assertThat(owner.put("/api/v1/members/" + ann, Map.of("name", "Ann", "phone_extension", "101", "sip_address", annSip,
                "direct_inward_dial", did)).status()).isEqualTo(200);
        var annLogin = owner.newUser("AGENT", ann);
        var bobLogin = owner.newUser("AGENT", bob);
        assertThat(annLogin.put("/api/v1/members/" + ann + "/status", Map.of("status", "OFFLINE")).status()).isEqualTo(200);

        var caller = sim.call("+17735550142", did);
        sim.advance(Duration.ofSeconds(3));
        caller.leaveMessage(Duration.ofSeconds(12), "The boiler is leaking again");
        sim.advance(Duration.ofSeconds(2));
        var id = call().get("id").toString();
        assertThat(call().get("outcome")).isEqualTo("VOICEMAIL");
        assertThat(legsTo(annSip)).as("nobody was rung").isEmpty();

        assertThat(ids(annLogin.get("/api/v1/call-logs").json())).as("Ann's own calls").containsExactly(id);
        var detail = annLogin.get("/api/v1/call-logs/" + id);
        assertThat(detail.status()).as(detail.body()).isEqualTo(200);
        assertThat(detail.json().get("trace").toString()).contains("skipped Ann: offline");
        assertThat(ids(owner.get("/api/v1/call-logs?member_id=" + ann).json())).as("the member filter").containsExactly(id);
        assertThat(ids(owner.get("/api/v1/call-logs?member_id=" + bob).json())).isEmpty();
        assertThat(ids(bobLogin.get("/api/v1/call-logs").json())).isEmpty();
        assertThat(bobLogin.get("/api/v1/call-logs/" + id).status()).as("a colleague's call").isEqualTo(403);

        var annWeb = webLogin(annLogin.email(), "their-password");
        assertThat(annWeb.get("/voicemail").body()).as("The call, beside her message").contains("href=\"/calls/" + id + "\"");
        assertThat(annWeb.get("/calls").body()).contains("/calls/" + id);
        assertThat(annWeb.get("/calls/" + id).status()).isEqualTo(200);
    }

    private static List<String> ids(tools.jackson.databind.JsonNode calls) {
        var ids = new ArrayList<String>();
        calls.forEach(c -> ids.add(c.get("id").asString()));
        return ids;
    }
}
