package dev.switchboard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.support.IntegrationTest;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What a developer reading {@code /v3/api-docs} for the first time needs before anything else: how to authenticate (a
 * bearer token, from POST /api/v1/auth/token; none for signing up and getting one), and how the lists page (a full page's
 * Link header, limit, the before_ cursor). The document said neither: no security scheme at all, and no header.
 */
class ApiDocumentForNewcomersTest extends IntegrationTest {

    @Test
    void theDocumentSaysHowToAuthenticateAndHowListsPage() {
        var docs = api().get("/v3/api-docs").json();
        assertThat(docs.at("/components/securitySchemes/bearer/type").asString()).isEqualTo("http");
        assertThat(docs.at("/components/securitySchemes/bearer/scheme").asString()).isEqualTo("bearer");
        assertThat(docs.at("/components/securitySchemes/bearer/description").asString()).contains("POST /api/v1/auth/token");
        assertThat(docs.at("/security/0").has("bearer")).isTrue();
        for (var open : List.of("/paths/~1api~1v1~1signup/post/security", "/paths/~1api~1v1~1auth~1token/post/security")) {
            assertThat(docs.at(open).isArray()).as(open).isTrue();
            assertThat(docs.at(open).size()).as(open + ": no token needed").isZero();
        }
        assertThat(docs.at("/info/title").asString()).isEqualTo("Switchboard API");

        var missing = new ArrayList<String>();
        for (var paged : List.of("/api/v1/call-logs", "/api/v1/voicemail/messages", "/api/v1/media", "/api/v1/text-opt-outs",
                "/api/v1/customers", "/api/v1/jobs")) {
            var operation = docs.get("paths").get(paged).get("get");
            if (!operation.at("/responses/200/headers/Link/description").asString("").contains("rel=\"next\"")) {
                missing.add(paged + ": no Link header documented");
            }
            if (!operation.at("/responses/200/headers/Link/schema/example").asString("").contains(paged + "?")) {
                missing.add(paged + ": the Link header's example is another list's: "
                        + operation.at("/responses/200/headers/Link/schema/example").asString(""));
            }
            for (var parameter : operation.get("parameters")) {
                var name = parameter.get("name").asString();
                if ((name.equals("limit") || name.startsWith("before_") || name.startsWith("after_")) && parameter.path("description").asString("").isBlank()) {
                    missing.add(paged + " " + name + ": no description");
                }
            }
        }
        for (var path : docs.get("paths").propertyNames()) {
            var get = docs.get("paths").get(path).get("get");
            if (get != null && get.has("parameters")) {
                for (var parameter : get.get("parameters")) {
                    if (parameter.get("name").asString().equals("limit") && parameter.path("description").asString("").isBlank()) {
                        missing.add(path + " limit: no description");
                    }
                }
            }
        }
        assertThat(missing).isEmpty();
    }

    @Test
    void eachPagedListDocumentsTheLimitsItTakes() {
        var owner = api().signUpNewCompany("Limits Co");
        var docs = owner.get("/v3/api-docs").json();
        var wrong = new ArrayList<String>();
        for (var paged : List.of("/api/v1/call-logs", "/api/v1/voicemail/messages", "/api/v1/media", "/api/v1/text-opt-outs",
                "/api/v1/customers", "/api/v1/jobs", "/api/v1/audit-log")) {
            var limit = docs.get("paths").get(paged).get("get").get("parameters").valueStream()
                    .filter(p -> p.get("name").asString().equals("limit")).findFirst().orElseThrow().get("schema");
            if (!limit.has("minimum") || !limit.has("maximum")) {
                wrong.add(paged + ": limit's range undocumented: " + limit);
                continue;
            }
            int max = limit.get("maximum").asInt();
            int min = limit.get("minimum").asInt();
            // The documented range is the range taken: its ends answered, one past each refused naming limit.
            for (var taken : List.of(min, max)) {
                var answer = owner.get(paged + "?limit=" + taken);
                if (answer.status() != 200) {
                    wrong.add(paged + "?limit=" + taken + " documented, answered " + answer.status() + " " + answer.body());
                }
            }
            for (var refused : List.of(min - 1, max + 1)) {
                var answer = owner.get(paged + "?limit=" + refused);
                if (answer.status() != 422 || !"limit".equals(answer.errorField())) {
                    wrong.add(paged + "?limit=" + refused + " outside the documented range, answered " + answer.status());
                }
            }
        }
        assertThat(wrong).isEmpty();
    }

    @Test
    void aFieldTakingOneOfAFewValuesListsThem() {
        var schemas = api().get("/v3/api-docs").json().get("components").get("schemas");
        var expected = new java.util.LinkedHashMap<String, List<String>>();
        expected.put("JobInput/status", List.of("OPEN", "SCHEDULED", "IN_PROGRESS", "DONE", "CANCELLED"));
        expected.put("QueueInput/strategy", List.of("RING_ALL", "ROUND_ROBIN", "LONGEST_IDLE", "FEWEST_CALLS", "FIXED_ORDER"));
        expected.put("UsersUserInput/role", List.of("OWNER", "ADMIN", "SUPERVISOR", "AGENT"));
        expected.put("DirectoryApiStatusBody/status", List.of("AVAILABLE", "AWAY", "OFFLINE"));
        expected.put("SchedulesRangeInput/day", List.of("MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY", "SATURDAY", "SUNDAY"));
        expected.put("PhoneSettingsInput/default_strategy", List.of("SIMULTANEOUS", "ROUND_ROBIN", "VOICEMAIL"));
        expected.put("CallLogsEntry/direction", List.of("INBOUND", "OUTBOUND"));
        expected.put("MemberViewAvailabilityView/status", List.of("AVAILABLE", "AWAY", "OFFLINE"));
        expected.put("MemberViewAvailabilityView/state", List.of("IDLE", "RINGING", "ON_CALL", "WRAP_UP"));
        var wrong = new ArrayList<String>();
        expected.forEach((field, values) -> {
            var property = schemas.at("/" + field.replace("/", "/properties/"));
            var listed = new ArrayList<String>();
            property.path("enum").forEach(v -> listed.add(v.asString()));
            if (!listed.equals(values)) {
                wrong.add(field + ": " + property);
            }
        });
        assertThat(wrong).as("a generated client must be told the values these take").isEmpty();
    }

    /**
     * A generated client names its methods by the operations' ids: springdoc's own were the handler's method name, made
     * unique with a number ("list_5", "get_12"), which says nothing and changes when a handler is added. Each id is the
     * handler's resource and method ("callsClickToCall"), unique, with no number to tell it apart.
     */
    @Test
    void everyOperationHasAnIdAClientCanNameAMethodBy() {
        var docs = api().get("/v3/api-docs").json();
        var ids = new ArrayList<String>();
        var bad = new ArrayList<String>();
        for (var path : docs.get("paths").propertyNames()) {
            for (var method : docs.get("paths").get(path).propertyNames()) {
                var id = docs.get("paths").get(path).get(method).path("operationId").asString("");
                ids.add(id);
                if (!id.matches("[a-z][A-Za-z0-9]*") || id.matches(".*\\d$")) {
                    bad.add(method.toUpperCase() + " " + path + ": " + id);
                }
            }
        }
        assertThat(bad).isEmpty();
        assertThat(ids).doesNotHaveDuplicates();
        assertThat(docs.at("/paths/~1api~1v1~1calls/post/operationId").asString()).isEqualTo("callsClickToCall");
    }

    /**
     * Each operation says in a line what it does: a developer reading the document, or a generated client's docs, sees its
     * summary next to its path and method; without one there is nothing but the path.
     */
    @Test
    void everyOperationSaysWhatItDoesInItsSummary() {
        var docs = api().get("/v3/api-docs").json();
        var missing = new ArrayList<String>();
        for (var path : docs.get("paths").propertyNames()) {
            for (var method : docs.get("paths").get(path).propertyNames()) {
                if (docs.get("paths").get(path).get(method).path("summary").asString("").isBlank()) {
                    missing.add(method.toUpperCase() + " " + path);
                }
            }
        }
        assertThat(missing).as("operations with no summary").isEmpty();
    }
}
