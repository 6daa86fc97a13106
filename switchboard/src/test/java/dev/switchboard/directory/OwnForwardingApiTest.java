package dev.switchboard.directory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.support.ApiClient;
import dev.switchboard.support.IntegrationTest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code PATCH /api/v1/members/{id}/forwarding}: an agent or supervisor sets where their own calls are forwarded, with the
 * admin's checks and audit; never a colleague's, and a login with no team member is told why.
 */
class OwnForwardingApiTest extends IntegrationTest {

    ApiClient owner;
    ApiClient agent;
    String ann;
    String bob;
    String businessNumber;

    @BeforeEach
    void company() {
        owner = api().signUpNewCompany("Own Forwarding Co");
        businessNumber = unusedNumber();
        assertThat(owner.put("/api/v1/company", Map.of("name", "Own Forwarding Co", "timezone", "America/Chicago",
                "default_region", "US", "business_numbers", List.of(businessNumber))).status()).isEqualTo(200);
        ann = owner.post("/api/v1/members", Map.of("name", "Ann Lee", "phone_extension", "201")).json().get("id").asString();
        bob = owner.post("/api/v1/members", Map.of("name", "Bob Stone", "phone_extension", "202", "call_forwarding_enabled", true,
                "call_forwarding_number", "+13125550177")).json().get("id").asString();
        agent = owner.newUser("AGENT", ann);
    }

    private String stored(String member) {
        return owner.get("/api/v1/members/" + member).body().replaceAll("\"updated_at\":\"[^\"]*\"", "");
    }

    @Test
    void anAgentSetsTheirOwnForwardingAndTheChangeIsAuditedAsTheirs() {
        var set = agent.mergePatch("/api/v1/members/" + ann + "/forwarding", Map.of("call_forwarding_number", "(773) 555-0142",
                "simultaneous_ring_enabled", true, "confirm_forwarded_calls", true));
        assertThat(set.status()).as(set.body()).isEqualTo(200);
        var read = owner.get("/api/v1/members/" + ann).json();
        assertThat(read.get("call_forwarding_number").asString()).isEqualTo("+17735550142");
        assertThat(read.get("simultaneous_ring_enabled").asBoolean()).isTrue();
        assertThat(read.get("confirm_forwarded_calls").asBoolean()).isTrue();
        assertThat(read.get("call_forwarding_enabled").asBoolean()).as("left out: kept").isFalse();
        assertThat(read.get("phone_extension").asString()).as("the rest of the member as it was").isEqualTo("201");

        var entry = owner.get("/api/v1/audit-log?entity_type=team_member").json().get(0);
        assertThat(entry.get("entity_id").asString()).isEqualTo(ann);
        assertThat(entry.get("action").asString()).isEqualTo("update");
        assertThat(entry.get("actor").asString()).isEqualTo(agent.email());
        assertThat(entry.get("before").get("call_forwarding_number").isNull()).isTrue();
        assertThat(entry.get("after").get("call_forwarding_number").asString()).isEqualTo("+17735550142");

        // Then forwarding instead of the desk phone, and the number removed with null (the switches cannot be emptied).
        assertThat(agent.mergePatch("/api/v1/members/" + ann + "/forwarding", Map.of("call_forwarding_enabled", true,
                "simultaneous_ring_enabled", false)).status()).isEqualTo(200);
        assertThat(owner.get("/api/v1/members/" + ann).json().get("call_forwarding_enabled").asBoolean()).isTrue();
        var emptied = agent.mergePatch("/api/v1/members/" + ann + "/forwarding", "{\"call_forwarding_enabled\": null}");
        assertThat(emptied.status()).isEqualTo(400);
        assertThat(emptied.errorField()).isEqualTo("call_forwarding_enabled");
    }

    @Test
    void badNumbersAreRefusedNamingTheFieldAndChangeNothing() {
        var before = stored(ann);
        var path = "/api/v1/members/" + ann + "/forwarding";
        var notANumber = agent.mergePatch(path, Map.of("call_forwarding_number", "call me", "call_forwarding_enabled", true));
        assertThat(notANumber.status()).isEqualTo(422);
        assertThat(notANumber.errorField()).isEqualTo("call_forwarding_number");
        assertThat(notANumber.errorRule()).isEqualTo("e164");

        var companys = agent.mergePatch(path, Map.of("call_forwarding_number", businessNumber, "call_forwarding_enabled", true));
        assertThat(companys.status()).isEqualTo(422);
        assertThat(companys.errorField()).isEqualTo("call_forwarding_number");
        assertThat(companys.json().get("errors").get(0).get("message").asString())
                .isEqualTo("is the company's own number: a call to it would come back in as a new call to the company");

        var none = agent.mergePatch(path, Map.of("call_forwarding_enabled", true));
        assertThat(none.status()).isEqualTo(422);
        assertThat(none.json().get("errors").get(0).get("message").asString())
                .isEqualTo("is required when call forwarding is enabled");

        var unknown = agent.mergePatch(path, Map.of("ring_timeout_seconds", 60));
        assertThat(unknown.status()).as("only the forwarding fields: not the ring time").isEqualTo(400);
        assertThat(unknown.errorField()).isEqualTo("ring_timeout_seconds");
        assertThat(stored(ann)).isEqualTo(before);
    }

    @Test
    void anAgentNeverChangesAColleaguesForwardingAndALoginWithoutAMemberIsToldWhy() {
        var before = stored(bob);
        var refused = agent.mergePatch("/api/v1/members/" + bob + "/forwarding", Map.of("call_forwarding_enabled", false));
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.json().get("detail").asString()).isEqualTo("you can change only your own forwarding");

        var memberless = owner.newUser("AGENT", null);
        var none = memberless.mergePatch("/api/v1/members/" + bob + "/forwarding", Map.of("call_forwarding_enabled", false));
        assertThat(none.status()).isEqualTo(403);
        assertThat(none.json().get("detail").asString()).contains("your login is not linked to a team member");
        var supervisor = owner.newUser("SUPERVISOR", null);
        assertThat(supervisor.mergePatch("/api/v1/members/" + bob + "/forwarding", Map.of("call_forwarding_enabled", false)).status())
                .isEqualTo(403);
        assertThat(stored(bob)).isEqualTo(before);

        // Another company's owner: not found, as every id of this company.
        var other = api().signUpNewCompany("Other Forwarding Co");
        assertThat(other.mergePatch("/api/v1/members/" + bob + "/forwarding", Map.of("call_forwarding_enabled", false)).status())
                .isEqualTo(404);
        assertThat(stored(bob)).isEqualTo(before);

        // An admin changes anyone's.
        var admin = owner.newUser("ADMIN", null);
        assertThat(admin.mergePatch("/api/v1/members/" + bob + "/forwarding", Map.of("call_forwarding_enabled", false)).status())
                .isEqualTo(200);
        assertThat(owner.get("/api/v1/members/" + bob).json().get("call_forwarding_enabled").asBoolean()).isFalse();
    }
}
