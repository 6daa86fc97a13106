package dev.switchboard.routing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.shared.CompanyId;
import dev.switchboard.support.ApiClient;
import dev.switchboard.support.HeldTransaction;
import dev.switchboard.support.IntegrationTest;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * PATCH of a routing rule as a JSON Merge Patch (RFC 7396): the fields sent change, the others stay, and the result is
 * checked and saved as a PUT of it would be.
 */
class RoutingRulePatchTest extends IntegrationTest {

    ApiClient owner;
    String ann;
    String bob;

    @Autowired
    RoutingRules rules;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    TransactionTemplate tx;

    @BeforeEach
    void company() {
        owner = api().signUpNewCompany("Patch Routing Co");
        ann = owner.post("/api/v1/members", Map.of("name", "Ann", "phone_extension", "101")).json().get("id").asString();
        bob = owner.post("/api/v1/members", Map.of("name", "Bob", "phone_extension", "102")).json().get("id").asString();
    }

    /** A simultaneous rule with every optional field set, so a patch that drops one shows. */
    String office() {
        var body = new HashMap<String, Object>(Map.of("name", "Office", "type", "SIMULTANEOUS", "member_ids", List.of(ann, bob),
                "ring_timeout_seconds", 35, "recording_enabled", true, "voicemail_enabled", false, "assigned_member_first", true,
                "no_answer_target", Map.of("kind", "VOICEMAIL", "member_id", ann)));
        var created = owner.post("/api/v1/routing-rules", body);
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return created.json().get("rule").get("id").asString();
    }

    JsonNode stored(String id) {
        var rule = (ObjectNode) owner.get("/api/v1/routing-rules/" + id).json();
        rule.remove("updated_at");
        return rule;
    }

    @Test
    void disablingARuleKeepsEveryOtherField() {
        var id = office();
        var before = (ObjectNode) stored(id);
        // What a replace does with the same body: refused, as the rule needs its name and type.
        assertThat(owner.put("/api/v1/routing-rules/" + id, Map.of("enabled", false)).status()).isEqualTo(422);

        var patched = owner.mergePatch("/api/v1/routing-rules/" + id, Map.of("enabled", false));

        assertThat(patched.status()).as(patched.body()).isEqualTo(200);
        assertThat(patched.json().get("rule").get("enabled").asBoolean()).isFalse();
        before.put("enabled", false);
        assertThat(stored(id)).isEqualTo(before);
        // Plain application/json is taken as the same merge patch.
        assertThat(owner.patch("/api/v1/routing-rules/" + id, Map.of("ring_timeout_seconds", 50)).status()).isEqualTo(200);
        before.put("ring_timeout_seconds", 50);
        assertThat(stored(id)).isEqualTo(before);
    }

    @Test
    void nullEmptiesAnOptionalFieldAndNestedObjectsAreMerged() {
        var id = office();
        var cleared = owner.mergePatch("/api/v1/routing-rules/" + id, "{\"no_answer_target\": null}");
        assertThat(cleared.status()).as(cleared.body()).isEqualTo(200);
        assertThat(stored(id).get("no_answer_target").isNull()).isTrue();
        assertThat(stored(id).get("member_ids").size()).isEqualTo(2);

        var conditional = owner.post("/api/v1/routing-rules", Map.of("name", "Chicago", "type", "CONDITIONAL",
                "conditions", Map.of("caller_pattern", "+1312*", "weekdays", List.of("MONDAY", "FRIDAY")),
                "match_target", Map.of("kind", "MEMBER", "member_id", bob))).json().get("rule").get("id").asString();
        var merged = owner.mergePatch("/api/v1/routing-rules/" + conditional,
                "{\"conditions\": {\"weekdays\": null, \"time_from\": \"08:00\", \"time_to\": \"24:00\"}}");
        assertThat(merged.status()).as(merged.body()).isEqualTo(200);
        var conditions = stored(conditional).get("conditions");
        assertThat(conditions.get("caller_pattern").asString()).isEqualTo("+1312*");
        assertThat(conditions.get("weekdays").size()).isZero();
        assertThat(conditions.get("time_from_minute").asInt()).isEqualTo(480);
        assertThat(conditions.get("time_to_minute").asInt()).isEqualTo(1440);
        // Stored as it was read back: a patch of nothing changes nothing.
        var again = (ObjectNode) stored(conditional);
        assertThat(owner.mergePatch("/api/v1/routing-rules/" + conditional, Map.of()).status()).isEqualTo(200);
        assertThat(stored(conditional)).isEqualTo(again);
    }

    @Test
    void nullForAFieldWithoutAnEmptyValueIsRefusedNamingIt() {
        var id = office();
        var before = stored(id);
        for (var field : List.of("ring_timeout_seconds", "name", "enabled", "member_ids")) {
            var body = new HashMap<String, Object>();
            body.put(field, null);
            var refused = owner.mergePatch("/api/v1/routing-rules/" + id, body);
            assertThat(refused.status()).as(refused.body()).isEqualTo(400);
            assertThat(refused.errorField()).isEqualTo(field);
        }
        assertThat(stored(id)).isEqualTo(before);
    }

    @Test
    void unknownFieldsAreRefusedAsPutRefusesThem() {
        var id = office();
        var before = stored(id);
        var put = owner.put("/api/v1/routing-rules/" + id, Map.of("name", "Office", "type", "SIMULTANEOUS", "colour", "red"));
        var patch = owner.mergePatch("/api/v1/routing-rules/" + id, Map.of("enabled", false, "colour", "red"));
        assertThat(put.status()).isEqualTo(400);
        assertThat(patch.status()).as(patch.body()).isEqualTo(400);
        assertThat(patch.json().get("errors")).isEqualTo(put.json().get("errors"));
        assertThat(patch.errorField()).isEqualTo("colour");
        // A null for an unknown field would be dropped by the merge without a word: refused too, as is one nested in a target.
        assertThat(owner.mergePatch("/api/v1/routing-rules/" + id, "{\"colour\": null}").errorField()).isEqualTo("colour");
        assertThat(owner.mergePatch("/api/v1/routing-rules/" + id, "{\"no_answer_target\": {\"colour\": 1}}").errorField())
                .isEqualTo("no_answer_target.colour");
        assertThat(owner.put("/api/v1/routing-rules/" + id, Map.of("name", "Office", "type", "SIMULTANEOUS",
                "no_answer_target", Map.of("kind", "VOICEMAIL", "colour", 1))).errorField()).isEqualTo("no_answer_target.colour");
        assertThat(owner.mergePatch("/api/v1/routing-rules/" + id, "{\"ring_timeout_seconds\": \"long\"}").errorField())
                .isEqualTo("ring_timeout_seconds");
        assertThat(owner.mergePatch("/api/v1/routing-rules/" + id, "[]").errorField()).isEqualTo("body");
        assertThat(stored(id)).isEqualTo(before);
    }

    @Test
    void aMergedRuleAPutWouldRefuseIsRefusedWithTheSameErrors() {
        var id = office();
        var before = (ObjectNode) stored(id);
        // A direct rule rings one member, and technician-first is for round robin and simultaneous rules only.
        var patch = owner.mergePatch("/api/v1/routing-rules/" + id, Map.of("type", "DIRECT"));
        var put = owner.put("/api/v1/routing-rules/" + id, Map.of("name", "Office", "type", "DIRECT", "member_ids", List.of(ann, bob),
                "ring_timeout_seconds", 35, "recording_enabled", true, "voicemail_enabled", false, "assigned_member_first", true,
                "no_answer_target", Map.of("kind", "VOICEMAIL", "member_id", ann)));
        assertThat(patch.status()).as(patch.body()).isEqualTo(422);
        assertThat(patch.json().get("errors")).isEqualTo(put.json().get("errors"));
        assertThat(patch.body()).contains("member_ids", "assigned_member_first");
        assertThat(stored(id)).isEqualTo(before);
        assertThat(owner.mergePatch("/api/v1/routing-rules/" + id, Map.of("no_answer_target", Map.of("member_id",
                "7d2f6b1e-0000-4000-8000-000000000000"))).errorField()).isEqualTo("no_answer_target.member_id");
        assertThat(stored(id)).isEqualTo(before);
    }

    @Test
    void onlyOwnersAndAdminsMayPatchAndEachPatchIsAudited() {
        var id = office();
        var before = stored(id);
        for (var role : List.of("SUPERVISOR", "AGENT")) {
            var user = owner.newUser(role, role.equals("AGENT") ? ann : null);
            assertThat(user.put("/api/v1/routing-rules/" + id, Map.of("name", "Office", "type", "SIMULTANEOUS")).status()).isEqualTo(403);
            assertThat(user.mergePatch("/api/v1/routing-rules/" + id, Map.of("enabled", false)).status()).as(role).isEqualTo(403);
        }
        assertThat(stored(id)).isEqualTo(before);
        var admin = owner.newUser("ADMIN", null);
        assertThat(admin.mergePatch("/api/v1/routing-rules/" + id, Map.of("enabled", false)).status()).isEqualTo(200);
        var entry = owner.get("/api/v1/audit-log?entity_type=routing_rule").json().get(0);
        assertThat(entry.get("entity_id").asString()).isEqualTo(id);
        assertThat(entry.get("action").asString()).isEqualTo("update");
        assertThat(entry.get("actor").asString()).isEqualTo(admin.email());
        assertThat(entry.get("before").get("enabled").asBoolean()).isTrue();
        assertThat(entry.get("after").get("enabled").asBoolean()).isFalse();
    }

    /** The OpenAPI document lists the PATCHes with their media types and the input's fields as the API names them. */
    @Test
    void thePatchesAreDocumented() {
        var docs = api().get("/v3/api-docs").json();
        for (var path : List.of("/api/v1/routing-rules/{id}", "/api/v1/ivr-menus/{id}")) {
            var patch = docs.get("paths").get(path).get("patch");
            assertThat(patch).as(path).isNotNull();
            assertThat(patch.get("summary").asString()).contains("JSON Merge Patch");
            assertThat(patch.get("requestBody").get("content").propertyNames()).contains("application/merge-patch+json", "application/json");
        }
        var rule = docs.get("components").get("schemas").get("RuleInputRule").get("properties");
        assertThat(rule.propertyNames()).contains("ring_timeout_seconds", "no_answer_target", "assigned_member_first");
    }

    /**
     * PUT has no ETag or If-Match (the last save wins, under the routing lock), and PATCH is no different; but a PATCH
     * merges into the rule as it is once it holds that lock, so a change committed while it waited is kept, not undone.
     */
    @Test
    void aPatchWaitingForAnotherEditMergesIntoItsResult() throws Exception {
        var id = office();
        var company = CompanyId.of(owner.get("/api/v1/me").json().get("company_id").asString());
        var patched = new HeldTransaction(tx, jdbc).whileHeld(company,
                () -> rules.update(dev.switchboard.tenancy.Actor.system(company), java.util.UUID.fromString(id),
                        current -> new RuleInput.Rule("Front desk", current.type(), current.enabled(), current.ringTimeoutSeconds(),
                                current.voicemailEnabled(), current.recordingEnabled(), current.memberIds(), null, null, null, null,
                                null, null, current.noAnswerTarget(), current.assignedMemberFirst())),
                HeldTransaction.AN_ADVISORY_LOCK, "the patch (while the rule was being edited, the routing lock)",
                () -> owner.mergePatch("/api/v1/routing-rules/" + id, Map.of("enabled", false)));
        assertThat(patched.status()).as(patched.body()).isEqualTo(200);
        var rule = stored(id);
        assertThat(rule.get("name").asString()).isEqualTo("Front desk");
        assertThat(rule.get("enabled").asBoolean()).isFalse();
    }
}
