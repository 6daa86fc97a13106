package dev.switchboard.routing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.support.ApiClient;
import dev.switchboard.support.IntegrationTest;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** PATCH of an IVR menu as a JSON Merge Patch (RFC 7396): options merge key by key; the result is checked as a PUT. */
class IvrMenuPatchTest extends IntegrationTest {

    ApiClient owner;
    String ann;
    String menu;

    @BeforeEach
    void company() {
        owner = api().signUpNewCompany("Patch Menu Co");
        ann = owner.post("/api/v1/members", Map.of("name", "Ann", "phone_extension", "101")).json().get("id").asString();
        var created = owner.post("/api/v1/ivr-menus", Map.of("name", "Main", "greeting_text", "Press 1 for Ann, 2 for voicemail.",
                "greeting_voice", "female", "options", Map.of("1", Map.of("kind", "MEMBER", "member_id", ann), "2", Map.of("kind", "VOICEMAIL")),
                "timeout_seconds", 8, "max_retries", 3, "invalid_prompt", "Not a choice.",
                "timeout_target", Map.of("kind", "HANGUP", "message", "Goodbye.")));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        menu = created.json().get("menu").get("id").asString();
    }

    JsonNode stored() {
        var m = (ObjectNode) owner.get("/api/v1/ivr-menus/" + menu).json();
        m.remove("updated_at");
        return m;
    }

    @Test
    void optionsMergeKeyByKeyAndTheRestIsKept() {
        var before = (ObjectNode) stored();
        var patched = owner.mergePatch("/api/v1/ivr-menus/" + menu,
                "{\"options\": {\"2\": null, \"3\": {\"kind\": \"HANGUP\"}}, \"greeting_text\": \"Press 1 for Ann, 3 to hang up.\"}");
        assertThat(patched.status()).as(patched.body()).isEqualTo(200);
        var after = stored();
        assertThat(after.get("options").propertyNames()).containsExactlyInAnyOrder("1", "3");
        assertThat(after.get("options").get("1")).isEqualTo(before.get("options").get("1"));
        assertThat(after.get("options").get("3").get("kind").asString()).isEqualTo("HANGUP");
        for (var kept : List.of("name", "greeting_voice", "timeout_seconds", "max_retries", "invalid_prompt", "timeout_prompt",
                "timeout_target", "dial_by_extension")) {
            assertThat(after.get(kept)).as(kept).isEqualTo(before.get(kept));
        }
        assertThat(owner.mergePatch("/api/v1/ivr-menus/" + menu, "{\"timeout_target\": null}").status()).isEqualTo(200);
        assertThat(stored().get("timeout_target").isNull()).isTrue();
    }

    @Test
    void refusedPatchesChangeNothing() {
        var before = stored();
        var nulled = new HashMap<String, Object>();
        nulled.put("max_retries", null);
        var notNullable = owner.mergePatch("/api/v1/ivr-menus/" + menu, nulled);
        assertThat(notNullable.status()).isEqualTo(400);
        assertThat(notNullable.errorField()).isEqualTo("max_retries");
        assertThat(owner.mergePatch("/api/v1/ivr-menus/" + menu, Map.of("music", "jazz")).errorField()).isEqualTo("music");
        // Dial-by-extension without a prefix: key 1 would start Ann's extension 101. The same error as a PUT's.
        var patch = owner.mergePatch("/api/v1/ivr-menus/" + menu, Map.of("dial_by_extension", true));
        var put = owner.put("/api/v1/ivr-menus/" + menu, Map.of("name", "Main", "greeting_text", "Press 1 for Ann, 2 for voicemail.",
                "greeting_voice", "female", "options", Map.of("1", Map.of("kind", "MEMBER", "member_id", ann), "2", Map.of("kind", "VOICEMAIL")),
                "timeout_seconds", 8, "max_retries", 3, "invalid_prompt", "Not a choice.", "dial_by_extension", true,
                "timeout_target", Map.of("kind", "HANGUP", "message", "Goodbye.")));
        assertThat(patch.status()).as(patch.body()).isEqualTo(422);
        assertThat(patch.errorField()).isEqualTo("options.1");
        assertThat(patch.json().get("errors")).isEqualTo(put.json().get("errors"));
        var agent = owner.newUser("AGENT", ann);
        assertThat(agent.mergePatch("/api/v1/ivr-menus/" + menu, Map.of("name", "Mine")).status()).isEqualTo(403);
        assertThat(stored()).isEqualTo(before);
    }
}
