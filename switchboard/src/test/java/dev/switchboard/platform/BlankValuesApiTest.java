package dev.switchboard.platform;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.support.ApiClient;
import dev.switchboard.support.IntegrationTest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * An empty or blank text sent for a number, a switch, an id, a list or an object is refused naming the field, not read
 * as null and given the default: {@code "enabled": " \t "} created an enabled rule and {@code "max_concurrent_calls": " "}
 * a member without a limit. A target with a blank kind is refused too, not taken as no target. Found by
 * ApiBadInputFuzzTest ("accepted blank" lines).
 */
class BlankValuesApiTest extends IntegrationTest {

    @Test
    void aBlankTextForASwitchANumberAnIdAListOrAnObjectIsRefusedNamingTheField() {
        var owner = api().signUpNewCompany("Blank Co");
        var member = owner.post("/api/v1/members", Map.of("name", "Ann", "phone_extension", "201")).json().get("id").asString();
        var rules = owner.get("/api/v1/routing-rules").json().size();
        for (var blank : List.of("", "   ", " \\t ")) { // (the last escaped in the JSON, as a client sends a tab)
            assertRefused(owner.postRaw("/api/v1/routing-rules", "application/json",
                    "{\"name\":\"R\",\"type\":\"SIMULTANEOUS\",\"member_ids\":[\"" + member + "\"],\"enabled\":\"" + blank + "\"}"), "enabled");
            assertRefused(owner.postRaw("/api/v1/members", "application/json",
                    "{\"name\":\"Bob\",\"max_concurrent_calls\":\"" + blank + "\"}"), "max_concurrent_calls");
            assertRefused(owner.postRaw("/api/v1/routing-rules", "application/json",
                    "{\"name\":\"R\",\"type\":\"SIMULTANEOUS\",\"member_ids\":\"" + blank + "\"}"), "member_ids");
            assertRefused(owner.postRaw("/api/v1/routing-rules", "application/json",
                    "{\"name\":\"R\",\"type\":\"SIMULTANEOUS\",\"member_ids\":[\"" + member + "\"],\"no_answer_target\":\"" + blank + "\"}"),
                    "no_answer_target");
            assertRefused(owner.postRaw("/api/v1/users", "application/json", "{\"email\":\"u@blank.example\",\"password\":\"their-password\","
                    + "\"role\":\"AGENT\",\"member_id\":\"" + blank + "\"}"), "member_id");
        }
        assertThat(owner.get("/api/v1/routing-rules").json()).hasSize(rules);
        assertThat(owner.get("/api/v1/members").json()).hasSize(1);
        // A text may still be empty: its service says what that means (no notes here).
        assertThat(owner.post("/api/v1/customers", Map.of("name", "Carla", "notes", "")).status()).isEqualTo(201);
    }

    @Test
    void aTargetWithABlankKindIsRefusedNotTakenAsNoTarget() {
        var owner = api().signUpNewCompany("Blank Kind Co");
        var menu = Map.of("name", "Main", "greeting_text", "Press 1.", "options", Map.of("1", Map.of("kind", "VOICEMAIL")),
                "timeout_target", Map.of("kind", " "));
        var refused = owner.post("/api/v1/ivr-menus", menu);
        assertThat(refused.status()).as(refused.body()).isEqualTo(422);
        assertThat(refused.errorField()).isEqualTo("timeout_target.kind");
        assertThat(refused.json().get("detail").asString()).contains("it is blank");
        assertThat(owner.get("/api/v1/ivr-menus").json()).isEmpty();
    }

    /** A required target sent as an object without its kind ({} or "kind": null) is refused naming the kind, not the target. */
    @Test
    void aRequiredTargetSentWithoutItsKindNamesTheKind() {
        var owner = api().signUpNewCompany("No Kind Co");
        var before = owner.get("/api/v1/phone-settings").body();
        var nullKind = new java.util.HashMap<String, Object>();
        nullKind.put("kind", null);
        for (var target : List.<Object>of(Map.of(), nullKind)) {
            var refused = owner.put("/api/v1/phone-settings", Map.of("after_hours_target", target));
            assertThat(refused.status()).as(refused.body()).isEqualTo(422);
            assertThat(refused.errorField()).isEqualTo("after_hours_target.kind");
            assertThat(refused.json().get("detail").asString()).contains("a target needs its kind");
        }
        assertThat(owner.get("/api/v1/phone-settings").body()).isEqualTo(before);
    }

    private static void assertRefused(ApiClient.Response refused, String field) {
        assertThat(refused.status()).as(refused.body()).isEqualTo(400);
        assertThat(refused.errorField()).as(refused.body()).isEqualTo(field);
        assertThat(refused.body()).doesNotContain("java.").doesNotContain("Cannot coerce");
        assertThat(refused.json().get("detail").asString()).as(refused.body()).startsWith(field + ": must be ");
    }
}
