package dev.switchboard.directory;

import static dev.switchboard.directory.MemberValidationApiTest.uniqueDid;
import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.platform.TenantContext;
import dev.switchboard.shared.CompanyId;
import dev.switchboard.support.ApiClient;
import dev.switchboard.support.HeldTransaction;
import dev.switchboard.support.IntegrationTest;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * PATCH of a team member as a JSON Merge Patch (RFC 7396): the fields sent change, the others (the voicemail PIN
 * included) stay, and the result is checked and saved as a PUT of it would be.
 */
class MemberPatchTest extends IntegrationTest {

    ApiClient owner;
    String did;
    String forwarding;

    @Autowired
    Members members;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    TransactionTemplate tx;

    @BeforeEach
    void company() {
        owner = api().signUpNewCompany("Patch Team Co");
        did = uniqueDid();
        forwarding = uniqueDid();
    }

    /** A member with every optional field set, so a patch that drops one shows. */
    Map<String, Object> ann() {
        var body = new HashMap<String, Object>();
        body.putAll(Map.of("name", "Ann", "email", "ann@example.com", "role", "Dispatcher", "phone_extension", "201",
                "direct_inward_dial", did, "voicemail_pin", "4821", "call_forwarding_enabled", true,
                "call_forwarding_number", forwarding, "ring_timeout_seconds", 30, "sip_address", "sip:ann@example.sip.telnyx.com"));
        body.putAll(Map.of("voicemail_greeting_url", "https://example.com/ann.mp3", "max_concurrent_calls", 2));
        return body;
    }

    String create(Map<String, Object> body) {
        var created = owner.post("/api/v1/members", body);
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return created.json().get("id").asString();
    }

    JsonNode stored(String id) {
        var member = (ObjectNode) owner.get("/api/v1/members/" + id).json();
        member.remove("updated_at");
        return member;
    }

    @Test
    void aPatchChangesTheFieldsSentAndKeepsTheRestWithThePin() {
        var id = create(ann());
        var before = (ObjectNode) stored(id);
        assertThat(before.get("voicemail_pin_set").asBoolean()).isTrue();
        // What a replace does with the same body: refused, as the member needs their name.
        assertThat(owner.put("/api/v1/members/" + id, Map.of("ring_timeout_seconds", 45)).status()).isEqualTo(422);

        var patched = owner.mergePatch("/api/v1/members/" + id, Map.of("ring_timeout_seconds", 45, "role", "Lead"));

        assertThat(patched.status()).as(patched.body()).isEqualTo(200);
        before.put("ring_timeout_seconds", 45);
        before.put("role", "Lead");
        assertThat(stored(id)).isEqualTo(before);
        var company = CompanyId.of(owner.get("/api/v1/me").json().get("company_id").asString());
        assertThat(TenantContext.callAs(company, () -> members.voicemailPinMatches(UUID.fromString(id), "4821"))).contains(true);
    }

    @Test
    void nullEmptiesAnOptionalFieldAndRemovesThePin() {
        var id = create(ann());
        var cleared = owner.mergePatch("/api/v1/members/" + id,
                "{\"email\": null, \"sip_address\": null, \"voicemail_pin\": null, \"direct_inward_dial\": null}");
        assertThat(cleared.status()).as(cleared.body()).isEqualTo(200);
        var member = stored(id);
        assertThat(member.get("email").isNull()).isTrue();
        assertThat(member.get("sip_address").isNull()).isTrue();
        assertThat(member.get("direct_inward_dial").isNull()).isTrue();
        assertThat(member.get("voicemail_pin_set").asBoolean()).isFalse();
        assertThat(member.get("role").asString()).isEqualTo("Dispatcher");
        assertThat(member.get("call_forwarding_number").asString()).isEqualTo(forwarding);
    }

    @Test
    void nullForAFieldWithoutAnEmptyValueIsRefusedNamingIt() {
        var id = create(ann());
        var before = stored(id);
        for (var field : List.of("name", "ring_timeout_seconds", "extension_enabled", "max_concurrent_calls")) {
            var body = new HashMap<String, Object>();
            body.put(field, null);
            var refused = owner.mergePatch("/api/v1/members/" + id, body);
            assertThat(refused.status()).as(refused.body()).isEqualTo(400);
            assertThat(refused.errorField()).isEqualTo(field);
        }
        assertThat(stored(id)).isEqualTo(before);
    }

    @Test
    void unknownFieldsAreRefusedAsPutRefusesThem() {
        var id = create(ann());
        var before = stored(id);
        var put = owner.put("/api/v1/members/" + id, Map.of("name", "Ann", "nickname", "Annie"));
        var patch = owner.mergePatch("/api/v1/members/" + id, Map.of("role", "Lead", "nickname", "Annie"));
        assertThat(put.status()).isEqualTo(400);
        assertThat(patch.status()).as(patch.body()).isEqualTo(400);
        assertThat(patch.json().get("errors")).isEqualTo(put.json().get("errors"));
        assertThat(owner.mergePatch("/api/v1/members/" + id, "{\"nickname\": null}").errorField()).isEqualTo("nickname");
        assertThat(stored(id)).isEqualTo(before);
    }

    @Test
    void aMergedMemberAPutWouldRefuseIsRefusedWithTheSameErrors() {
        var id = create(ann());
        var before = stored(id);
        // Forwarding on, with no number left to forward to.
        var patch = owner.mergePatch("/api/v1/members/" + id, "{\"call_forwarding_number\": null, \"ring_timeout_seconds\": 5}");
        var merged = ann();
        merged.remove("voicemail_pin");
        merged.remove("call_forwarding_number");
        merged.put("ring_timeout_seconds", 5);
        var put = owner.put("/api/v1/members/" + id, merged);
        assertThat(patch.status()).as(patch.body()).isEqualTo(422);
        assertThat(patch.json().get("errors")).isEqualTo(put.json().get("errors"));
        assertThat(patch.body()).contains("call_forwarding_number", "ring_timeout_seconds");
        // A taken extension: the same 409 as a PUT's.
        create(Map.of("name", "Bob", "phone_extension", "202"));
        var taken = owner.mergePatch("/api/v1/members/" + id, Map.of("phone_extension", "202"));
        assertThat(taken.status()).isEqualTo(409);
        assertThat(taken.errorField()).isEqualTo("phone_extension");
        assertThat(stored(id)).isEqualTo(before);
    }

    @Test
    void onlyOwnersAndAdminsMayPatchAndEachPatchIsAudited() {
        var id = create(ann());
        var before = stored(id);
        for (var role : List.of("SUPERVISOR", "AGENT")) {
            // The agent is Ann herself: she sets her own status, not her settings.
            var user = owner.newUser(role, role.equals("AGENT") ? id : null);
            assertThat(user.put("/api/v1/members/" + id, ann()).status()).isEqualTo(403);
            assertThat(user.mergePatch("/api/v1/members/" + id, Map.of("ring_timeout_seconds", 60)).status()).as(role).isEqualTo(403);
        }
        assertThat(stored(id)).isEqualTo(before);
        var admin = owner.newUser("ADMIN", null);
        assertThat(admin.mergePatch("/api/v1/members/" + id, Map.of("ring_timeout_seconds", 60)).status()).isEqualTo(200);
        var entry = owner.get("/api/v1/audit-log?entity_type=team_member").json().get(0);
        assertThat(entry.get("entity_id").asString()).isEqualTo(id);
        assertThat(entry.get("action").asString()).isEqualTo("update");
        assertThat(entry.get("actor").asString()).isEqualTo(admin.email());
        assertThat(entry.get("before").get("ring_timeout_seconds").asInt()).isEqualTo(30);
        assertThat(entry.get("after").get("ring_timeout_seconds").asInt()).isEqualTo(60);
        assertThat(admin.mergePatch("/api/v1/members/" + id, "{\"voicemail_pin\": null}").status()).isEqualTo(200);
        assertThat(owner.get("/api/v1/audit-log?entity_type=team_member").json().get(0).get("action").asString())
                .isEqualTo("update (voicemail PIN changed)");
    }

    @Test
    void thePatchIsDocumented() {
        var docs = api().get("/v3/api-docs").json();
        var patch = docs.get("paths").get("/api/v1/members/{id}").get("patch");
        assertThat(patch.get("description").asString()).contains("voicemail_pin: null");
        assertThat(patch.get("requestBody").get("content").propertyNames()).contains("application/merge-patch+json", "application/json");
        var schemas = docs.get("components").get("schemas");
        assertThat(schemas.get("MemberInput").get("properties").propertyNames())
                .contains("ring_timeout_seconds", "call_forwarding_number");
        // A create or a PUT requires the name; a patch keeps every field left out, so its body requires none.
        assertThat(schemas.get("MemberInput").get("required")).hasToString("[\"name\"]");
        for (var media : List.of("application/merge-patch+json", "application/json")) {
            assertThat(patch.get("requestBody").get("content").get(media).get("schema").get("$ref").asString()).as(media)
                    .isEqualTo("#/components/schemas/MemberInputPartial");
        }
        assertThat(schemas.get("MemberInputPartial").has("required")).isFalse();
        assertThat(schemas.get("MemberInputPartial").get("properties").propertyNames())
                .containsExactlyElementsOf(schemas.get("MemberInput").get("properties").propertyNames());
    }

    /**
     * PUT has no ETag or If-Match (the last save wins, under the member's row lock), and PATCH is no different; but a
     * PATCH merges into the member as they are once it holds the locks, so a change committed while it waited is kept.
     */
    @Test
    void aPatchWaitingForAnotherEditMergesIntoItsResult() throws Exception {
        var id = create(ann());
        var company = CompanyId.of(owner.get("/api/v1/me").json().get("company_id").asString());
        var patched = new HeldTransaction(tx, jdbc).whileHeld(company,
                () -> members.update(dev.switchboard.tenancy.Actor.system(company), UUID.fromString(id),
                        current -> new MemberInput("Ann Lee", current.email(), current.role(), current.phoneExtension(),
                                current.directInwardDial(), current.extensionEnabled(), null, null, current.callForwardingEnabled(),
                                current.callForwardingNumber(), current.simultaneousRingEnabled(), current.confirmForwardedCalls(),
                                current.ringTimeoutSeconds(), current.voicemailGreetingUrl(), current.sipAddress(),
                                current.maxConcurrentCalls())),
                HeldTransaction.ANY_LOCK, "the patch (while the member was being edited)",
                () -> owner.mergePatch("/api/v1/members/" + id, Map.of("ring_timeout_seconds", 45)));
        assertThat(patched.status()).as(patched.body()).isEqualTo(200);
        var member = stored(id);
        assertThat(member.get("name").asString()).isEqualTo("Ann Lee");
        assertThat(member.get("ring_timeout_seconds").asInt()).isEqualTo(45);
    }
}
