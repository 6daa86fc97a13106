package dev.switchboard.directory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.support.ApiClient;
import dev.switchboard.support.IntegrationTest;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every bad input gets a problem document naming the field and the rule, and changes nothing: the
 * member list and the audit log are the same before and after.
 */
class MemberValidationApiTest extends IntegrationTest {

    ApiClient owner;
    String memberId;
    String did = uniqueDid();

    @BeforeEach
    void companyWithOneMember() {
        owner = api().signUpNewCompany("Validation Co");
        var created = owner.post("/api/v1/members", member("Ann", "201", did));
        assertThat(created.status()).isEqualTo(201);
        memberId = created.json().get("id").asString();
    }

    @Test
    void duplicateExtensionIs409NamingTheFieldAndChangesNothing() {
        assertRefused(() -> owner.post("/api/v1/members", member("Bob", "201", null)), 409, "phone_extension");
        var other = owner.post("/api/v1/members", member("Cid", "202", null));
        var id = other.json().get("id").asString();
        assertRefused(() -> owner.put("/api/v1/members/" + id, member("Cid", "201", null)), 409, "phone_extension");
    }

    @Test
    void duplicateDidIs409EvenAcrossCompanies() {
        var elsewhere = api().signUpNewCompany("Other Co");
        var before = snapshot();
        var response = elsewhere.post("/api/v1/members", member("Zed", "201", "(" + did.substring(2, 5) + ") " + did.substring(5, 8) + "-" + did.substring(8)));
        assertThat(response.status()).isEqualTo(409);
        assertThat(response.errorRule()).as("a taken number: the one real duplicate keeps 'unique'").isEqualTo("unique");
        assertThat(response.errorField()).isEqualTo("direct_inward_dial");
        assertThat(response.json().get("errors").get(0).get("message").asString()).as("said plainly, not whose it is")
                .endsWith("is already in use: it belongs to another account");
        assertThat(elsewhere.get("/api/v1/members").json().size()).isZero();
        assertThat(snapshot()).isEqualTo(before);
    }

    @Test
    void malformedNumbersAre422() {
        var body = member("Bob", "203", "555-not-a-number");
        assertRefused(() -> owner.post("/api/v1/members", body), 422, "direct_inward_dial");
        var forwarding = member("Bob", "203", null);
        forwarding.put("call_forwarding_enabled", true);
        forwarding.put("call_forwarding_number", "12");
        assertRefused(() -> owner.post("/api/v1/members", forwarding), 422, "call_forwarding_number");
    }

    @Test
    void pinOutOfRangeIs422() {
        for (var pin : new String[] {"123", "12345678901", "12a4"}) {
            var body = member("Bob", "203", null);
            body.put("voicemail_pin", pin);
            assertRefused(() -> owner.post("/api/v1/members", body), 422, "voicemail_pin");
        }
    }

    @Test
    void ringTimeoutOutOfRangeIs422() {
        for (int timeout : new int[] {14, 91, 0}) {
            var body = member("Ann", "201", did);
            body.put("ring_timeout_seconds", timeout);
            assertRefused(() -> owner.put("/api/v1/members/" + memberId, body), 422, "ring_timeout_seconds");
        }
        var ok = member("Ann", "201", did);
        ok.put("ring_timeout_seconds", 15);
        assertThat(owner.put("/api/v1/members/" + memberId, ok).status()).isEqualTo(200);
    }

    @Test
    void extensionOfOneDigitOrSevenDigitsIs422() {
        assertRefused(() -> owner.post("/api/v1/members", member("Bob", "1", null)), 422, "phone_extension");
        assertRefused(() -> owner.post("/api/v1/members", member("Bob", "1234567", null)), 422, "phone_extension");
    }

    @Test
    void unknownIdIs404() {
        var missing = "00000000-0000-0000-0000-000000000001";
        assertRefused(() -> owner.get("/api/v1/members/" + missing), 404, null);
        assertRefused(() -> owner.put("/api/v1/members/" + missing, member("X", "299", null)), 404, null);
        assertRefused(() -> owner.delete("/api/v1/members/" + missing), 404, null);
    }

    @Test
    void anotherCompanysIdIs404NotForbidden() {
        var elsewhere = api().signUpNewCompany("Prober");
        assertThat(elsewhere.get("/api/v1/members/" + memberId).status()).isEqualTo(404);
        assertThat(elsewhere.put("/api/v1/members/" + memberId, member("Hacked", "201", null)).status()).isEqualTo(404);
        assertThat(elsewhere.put("/api/v1/members/" + memberId + "/status", Map.of("status", "OFFLINE")).status()).isEqualTo(404);
        assertThat(elsewhere.delete("/api/v1/members/" + memberId).status()).isEqualTo(404);
        assertThat(owner.get("/api/v1/members/" + memberId).json().get("name").asString()).isEqualTo("Ann");
    }

    @Test
    void malformedJsonIs400() {
        assertRefused(() -> owner.post("/api/v1/members", "{\"name\": \"Bob\", "), 400, "body");
        assertRefused(() -> owner.post("/api/v1/members", "{\"name\": \"Bob\", \"extention\": \"12\"}"), 400, "extention");
        assertRefused(() -> owner.post("/api/v1/members", "{\"name\": \"Bob\", \"ring_timeout_seconds\": \"soon\"}"), 400, "ring_timeout_seconds");
    }

    @Test
    void bodyTooLargeIs413() {
        var huge = "{\"name\": \"" + "x".repeat(300_000) + "\"}";
        var before = snapshot();
        var response = owner.post("/api/v1/members", huge);
        assertThat(response.status()).isEqualTo(413);
        assertThat(response.json().get("title").asString()).isEqualTo("Request body too large");
        assertThat(snapshot()).isEqualTo(before);
    }

    @Test
    void thePinIsNeverReturnedAndStoredHashed() {
        var body = member("Ann", "201", did);
        body.put("voicemail_pin", "4731");
        var updated = owner.put("/api/v1/members/" + memberId, body);
        assertThat(updated.status()).isEqualTo(200);
        assertThat(updated.body()).doesNotContain("4731").contains("\"voicemail_pin_set\":true");
        assertThat(owner.get("/api/v1/members").body()).doesNotContain("4731").doesNotContain("voicemail_pin_hash");
        assertThat(owner.get("/api/v1/audit-log").body()).doesNotContain("4731");
    }

    @Test
    void aValidChangeIsAuditedWithBeforeAndAfter() {
        var body = member("Ann Smith", "201", did);
        assertThat(owner.put("/api/v1/members/" + memberId, body).status()).isEqualTo(200);
        var entry = owner.get("/api/v1/audit-log?entity_type=team_member").json().get(0);
        assertThat(entry.get("action").asString()).isEqualTo("update");
        assertThat(entry.get("before").get("name").asString()).isEqualTo("Ann");
        assertThat(entry.get("after").get("name").asString()).isEqualTo("Ann Smith");
        assertThat(entry.get("actor").asString()).startsWith("owner-");
    }

    @Test
    void confirmingForwardedCallsIsOffByDefaultThenSavedShownAndAudited() {
        assertThat(owner.get("/api/v1/members/" + memberId).json().get("confirm_forwarded_calls").asBoolean()).isFalse();
        var body = member("Ann", "201", did);
        body.put("call_forwarding_enabled", true);
        body.put("call_forwarding_number", "+17735550166");
        body.put("confirm_forwarded_calls", true);
        var updated = owner.put("/api/v1/members/" + memberId, body);
        assertThat(updated.status()).as(updated.body()).isEqualTo(200);
        assertThat(updated.json().get("confirm_forwarded_calls").asBoolean()).isTrue();
        assertThat(owner.get("/api/v1/members/" + memberId).json().get("confirm_forwarded_calls").asBoolean()).isTrue();
        var entry = owner.get("/api/v1/audit-log?entity_type=team_member").json().get(0);
        assertThat(entry.get("before").get("confirm_forwarded_calls").asBoolean()).isFalse();
        assertThat(entry.get("after").get("confirm_forwarded_calls").asBoolean()).isTrue();

        body.put("confirm_forwarded_calls", "perhaps");
        assertRefused(() -> owner.put("/api/v1/members/" + memberId, body), 400, null);
    }

    private void assertRefused(java.util.function.Supplier<ApiClient.Response> call, int status, String field) {
        var before = snapshot();
        var response = call.get();
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        assertThat(response.header("Content-Type")).contains("application/problem+json");
        if (field != null) {
            assertThat(response.errorField()).isEqualTo(field);
            assertThat(response.json().get("errors").get(0).get("rule").asString()).isNotBlank();
        }
        assertThat(snapshot()).as("nothing changed").isEqualTo(before);
    }

    private String snapshot() {
        return owner.get("/api/v1/members").body() + owner.get("/api/v1/audit-log").body();
    }

    /** A valid US number no other test uses (DIDs are unique across all companies). */
    static String uniqueDid() {
        return dev.switchboard.support.TestNumbers.unused("+1312");
    }

    static Map<String, Object> member(String name, String extension, String did) {
        var body = new HashMap<String, Object>();
        body.put("name", name);
        body.put("phone_extension", extension);
        if (did != null) {
            body.put("direct_inward_dial", did);
        }
        return body;
    }
}
