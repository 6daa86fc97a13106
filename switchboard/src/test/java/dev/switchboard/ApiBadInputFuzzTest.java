package dev.switchboard;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import dev.switchboard.platform.TenantContext;
import dev.switchboard.shared.CompanyId;
import dev.switchboard.support.ApiClient;
import dev.switchboard.support.IntegrationTest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Every bad input to the REST API gets a clear error naming the problem and changes nothing. Walks every write
 * endpoint under {@code /api/v1} (checked against the app's OpenAPI document, so a new one is not forgotten) and sends,
 * from a valid body for each, seeded random mutations: wrong JSON types, null, missing fields, empty and blank strings,
 * 10,000 characters, NUL and other control characters, unpaired UTF-16 surrogates, huge, negative and fractional
 * numbers, invalid ids and phone numbers, unknown fields, arrays for objects and back, deep nesting, duplicate keys,
 * malformed JSON, the wrong content type, and bad ids in the path. Each answer must not be a 5xx; a 4xx must be an RFC
 * 9457 problem naming the field or the problem; and a refused request must leave every table of the company (and the
 * audit log, and the number of companies) exactly as it was. A mutation the app accepts (2xx) may change things:
 * leaving out an optional field or sending a negative number somewhere one is allowed is still valid; those are
 * counted by kind and printed, and kinds that are never valid (an unknown field, malformed JSON...) must be refused.
 *
 * <p>One seed is one request, from {@code fuzz.seed} (1) for {@code fuzz.n} (1500) seeds: {@code -Dfuzz.seed=N -Dfuzz.n=1}
 * reproduces one. A failure prints its seed, the request and the answer. ERRORs the app logs meanwhile fail the seed too.
 */
class ApiBadInputFuzzTest extends IntegrationTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    /** Stands for a string whose JSON text is written by hand (an unpaired surrogate, which no JSON writer emits). */
    private static final String SURROGATE = "__lone_surrogate__";
    private static final Instant STARTED = Instant.now();

    @Autowired
    JdbcClient jdbc;

    @Autowired
    TransactionTemplate tx;

    final HttpClient http = HttpClient.newHttpClient();

    /** ERRORs logged by the app while a seed runs. */
    static final List<String> logged = Collections.synchronizedList(new ArrayList<>());

    static final class Capture extends AppenderBase<ILoggingEvent> {
        @Override
        protected void append(ILoggingEvent e) {
            if (e.getLevel().isGreaterOrEqual(Level.ERROR) && e.getLoggerName().startsWith("dev.switchboard")) {
                logged.add(e.getLoggerName() + ": " + e.getFormattedMessage()
                        + (e.getThrowableProxy() == null ? "" : " / " + e.getThrowableProxy().getClassName() + ": " + e.getThrowableProxy().getMessage()));
            }
        }
    }

    /** A write endpoint: its method, its path template (as OpenAPI names it), the concrete path, and a valid body (null: none). */
    record Endpoint(String method, String template, String path, Supplier<JsonNode> body, String contentType) {

        Endpoint(String method, String template, String path, Supplier<JsonNode> body) {
            this(method, template, path, body, "application/json");
        }

        String name() {
            return method + " " + template;
        }
    }

    /** A request as sent: enough to print it and send it again ({@code raw}, when given, is the body's bytes). */
    record Sent(String method, String path, String contentType, String body, byte[] raw) {

        Sent(String method, String path, String contentType, String body) {
            this(method, path, contentType, body, null);
        }

        @Override
        public String toString() {
            var text = raw != null ? new String(raw, StandardCharsets.ISO_8859_1) : body;
            var shown = text == null ? "(no body)" : text.length() > 600 ? text.substring(0, 600) + "... (" + text.length() + " chars)" : text;
            return method + " " + path + " [" + contentType + "] " + shown.replace("\u0000", "\\u0000");
        }
    }

    /** What one mutation was: its kind, the field it touched (null: the whole body or the path), and the request. */
    record Mutation(String kind, String field, Sent request, boolean neverValid) {
    }

    private static String json(Object value) {
        return JSON.writeValueAsString(value);
    }

    private static JsonNode tree(Object value) {
        return JSON.valueToTree(value);
    }

    // --- the fixture: one company with one of everything the endpoints refer to ---

    ApiClient owner;
    UUID companyId;
    String memberA;
    String memberB;
    String customer;
    String job;
    String rule;
    String menu;
    String queue;
    String schedule;
    String holiday;
    String override;
    String user;
    String userEmail;
    String tokenId;

    void fixture() {
        owner = api().signUpNewCompany("Fuzz Co");
        companyId = UUID.fromString(owner.get("/api/v1/me").json().get("company_id").asString());
        memberA = created(owner.post("/api/v1/members", Map.of("name", "Ann", "phone_extension", "201")), null);
        memberB = created(owner.post("/api/v1/members", Map.of("name", "Bob", "phone_extension", "202",
                "call_forwarding_enabled", true, "call_forwarding_number", "+13125550177")), null);
        customer = created(owner.post("/api/v1/customers", Map.of("name", "Carla", "phone_numbers", List.of("+17735550123"))), null);
        job = created(owner.post("/api/v1/jobs", Map.of("customer_id", customer, "title", "Boiler", "status", "SCHEDULED")), null);
        rule = created(owner.post("/api/v1/routing-rules", Map.of("name", "Rotation", "type", "ROUND_ROBIN",
                "member_ids", List.of(memberA, memberB))), "rule");
        menu = created(owner.post("/api/v1/ivr-menus", Map.of("name", "Main", "greeting_text", "Press 1.",
                "options", Map.of("1", Map.of("kind", "MEMBER", "member_id", memberA), "2", Map.of("kind", "VOICEMAIL")))), "menu");
        queue = created(owner.post("/api/v1/queues", Map.of("name", "Sales", "member_ids", List.of(memberA))), null);
        schedule = created(owner.post("/api/v1/schedules", Map.of("name", "Shop",
                "ranges", List.of(Map.of("day", "MONDAY", "start", "09:00", "end", "17:00")))), null);
        holiday = created(owner.post("/api/v1/holidays", Map.of("name", "Christmas", "date", "2026-12-25", "recurrence", "YEARLY",
                "greeting_text", "Closed")), null);
        override = created(owner.post("/api/v1/business-hours/overrides", Map.of("kind", "CLOSED_UNTIL",
                "until", Instant.now().plusSeconds(86_400).toString(), "reason", "Staff meeting")), null);
        userEmail = "fuzzed-" + UUID.randomUUID() + "@test.example";
        user = created(owner.post("/api/v1/users", Map.of("email", userEmail, "password", "their-password", "role", "AGENT")), null);
        tokenId = owner.get("/api/v1/auth/tokens").json().get(0).get("id").asString();
    }

    private static String created(ApiClient.Response response, String wrapper) {
        assertThat(response.status()).as(response.body()).isIn(200, 201);
        var node = wrapper == null ? response.json() : response.json().get(wrapper);
        return node.get("id").asString();
    }

    List<Endpoint> endpoints() {
        var in = Instant.now().plusSeconds(3_600).toString();
        Map<String, Object> target = Map.of("kind", "MEMBER", "member_id", memberB);
        var list = new ArrayList<Endpoint>();
        // tenancy
        list.add(new Endpoint("POST", "/api/v1/signup", "/api/v1/signup", () -> tree(Map.of("company_name", "Fuzzed Signup",
                "timezone", "America/Chicago", "owner_email", "signup-" + UUID.randomUUID() + "@test.example", "owner_password", "correct-horse"))));
        list.add(new Endpoint("POST", "/api/v1/auth/token", "/api/v1/auth/token", () -> tree(Map.of("email", userEmail,
                "password", "their-password", "name", "fuzz"))));
        list.add(new Endpoint("DELETE", "/api/v1/auth/tokens/{id}", "/api/v1/auth/tokens/" + tokenId, null));
        list.add(new Endpoint("PUT", "/api/v1/company", "/api/v1/company", () -> tree(Map.of("name", "Fuzz Co",
                "timezone", "America/Chicago", "default_region", "US", "business_numbers", List.of()))));
        list.add(new Endpoint("POST", "/api/v1/users", "/api/v1/users", () -> tree(Map.of("email", "u-" + UUID.randomUUID() + "@test.example",
                "password", "their-password", "display_name", "Una", "role", "AGENT", "member_id", memberB, "enabled", true))));
        list.add(new Endpoint("PUT", "/api/v1/users/{id}", "/api/v1/users/" + user, () -> tree(Map.of("display_name", "Una",
                "role", "AGENT", "enabled", true))));
        list.add(new Endpoint("DELETE", "/api/v1/users/{id}", "/api/v1/users/" + user, null));
        // directory
        list.add(new Endpoint("POST", "/api/v1/members", "/api/v1/members", () -> tree(memberBody("Dee", null))));
        list.add(new Endpoint("PUT", "/api/v1/members/{id}", "/api/v1/members/" + memberB, () -> tree(memberBody("Bob", "202"))));
        list.add(new Endpoint("PATCH", "/api/v1/members/{id}", "/api/v1/members/" + memberB, () -> tree(Map.of("name", "Bob",
                "ring_timeout_seconds", 30, "call_forwarding_number", "+13125550177", "max_concurrent_calls", 1)), "application/merge-patch+json"));
        list.add(new Endpoint("DELETE", "/api/v1/members/{id}", "/api/v1/members/" + memberB, null));
        list.add(new Endpoint("POST", "/api/v1/members/assign-extensions", "/api/v1/members/assign-extensions", () -> tree(Map.of("start", 101))));
        list.add(new Endpoint("PUT", "/api/v1/members/{id}/status", "/api/v1/members/" + memberA + "/status", () -> tree(Map.of("status", "AWAY",
                "reason", "lunch"))));
        list.add(new Endpoint("PUT", "/api/v1/members/{id}/vacation", "/api/v1/members/" + memberA + "/vacation", () -> tree(Map.of(
                "start_date", "2027-01-04", "end_date", "2027-01-08", "message", "Back Monday", "auto_reply_enabled", true))));
        list.add(new Endpoint("DELETE", "/api/v1/members/{id}/vacation", "/api/v1/members/" + memberA + "/vacation", null));
        list.add(new Endpoint("PUT", "/api/v1/members/{id}/do-not-disturb", "/api/v1/members/" + memberA + "/do-not-disturb",
                () -> tree(Map.of("until", in))));
        list.add(new Endpoint("DELETE", "/api/v1/members/{id}/do-not-disturb", "/api/v1/members/" + memberA + "/do-not-disturb", null));
        list.add(new Endpoint("POST", "/api/v1/customers", "/api/v1/customers", () -> tree(customerBody("C-" + UUID.randomUUID()))));
        list.add(new Endpoint("PUT", "/api/v1/customers/{id}", "/api/v1/customers/" + customer, () -> tree(customerBody("C-0"))));
        list.add(new Endpoint("DELETE", "/api/v1/customers/{id}", "/api/v1/customers/" + customer, null));
        list.add(new Endpoint("POST", "/api/v1/jobs", "/api/v1/jobs", () -> tree(jobBody())));
        list.add(new Endpoint("PUT", "/api/v1/jobs/{id}", "/api/v1/jobs/" + job, () -> tree(jobBody())));
        list.add(new Endpoint("DELETE", "/api/v1/jobs/{id}", "/api/v1/jobs/" + job, null));
        // schedule
        list.add(new Endpoint("PUT", "/api/v1/business-hours", "/api/v1/business-hours", () -> tree(Map.of("ranges", List.of(
                Map.of("day", "MONDAY", "start", "08:00", "end", "12:00"), Map.of("day", "MONDAY", "start", "13:00", "end", "17:00"))))));
        list.add(new Endpoint("POST", "/api/v1/business-hours/overrides", "/api/v1/business-hours/overrides", () -> tree(Map.of(
                "kind", "CLOSED_UNTIL", "until", in, "reason", "Training"))));
        list.add(new Endpoint("DELETE", "/api/v1/business-hours/overrides/{id}", "/api/v1/business-hours/overrides/" + override, null));
        list.add(new Endpoint("POST", "/api/v1/schedules", "/api/v1/schedules", () -> tree(Map.of("name", "Desk", "ranges",
                List.of(Map.of("day", "WEDNESDAY", "start", "11:00", "end", "13:00"))))));
        list.add(new Endpoint("PUT", "/api/v1/schedules/{id}", "/api/v1/schedules/" + schedule, () -> tree(Map.of("name", "Shop", "ranges",
                List.of(Map.of("day", "MONDAY", "start", "09:00", "end", "17:00"))))));
        list.add(new Endpoint("DELETE", "/api/v1/schedules/{id}", "/api/v1/schedules/" + schedule, null));
        list.add(new Endpoint("POST", "/api/v1/holidays", "/api/v1/holidays", () -> tree(holidayBody())));
        list.add(new Endpoint("PUT", "/api/v1/holidays/{id}", "/api/v1/holidays/" + holiday, () -> tree(holidayBody())));
        list.add(new Endpoint("DELETE", "/api/v1/holidays/{id}", "/api/v1/holidays/" + holiday, null));
        list.add(new Endpoint("POST", "/api/v1/holidays/preview", "/api/v1/holidays/preview", () -> tree(holidayBody())));
        list.add(new Endpoint("POST", "/api/v1/holidays/import", "/api/v1/holidays/import", () -> tree(Map.of("country", "US",
                "region", "il", "year", 2027))));
        // routing
        list.add(new Endpoint("POST", "/api/v1/routing-rules", "/api/v1/routing-rules", () -> tree(ruleBody("Overflow"))));
        list.add(new Endpoint("PUT", "/api/v1/routing-rules/{id}", "/api/v1/routing-rules/" + rule, () -> tree(ruleBody("Rotation"))));
        list.add(new Endpoint("PATCH", "/api/v1/routing-rules/{id}", "/api/v1/routing-rules/" + rule, () -> tree(Map.of("enabled", true,
                "ring_timeout_seconds", 25, "member_ids", List.of(memberA, memberB), "no_answer_target", Map.of("kind", "VOICEMAIL"))),
                "application/merge-patch+json"));
        list.add(new Endpoint("DELETE", "/api/v1/routing-rules/{id}", "/api/v1/routing-rules/" + rule, null));
        list.add(new Endpoint("POST", "/api/v1/routing-rules/{id}/move", "/api/v1/routing-rules/" + rule + "/move",
                () -> tree(Map.of("direction", "up"))));
        list.add(new Endpoint("PUT", "/api/v1/routing-rules/order", "/api/v1/routing-rules/order",
                () -> tree(Map.of("rule_ids", owner.get("/api/v1/routing-rules").json().findValuesAsString("id")))));
        list.add(new Endpoint("POST", "/api/v1/ivr-menus", "/api/v1/ivr-menus", () -> tree(menuBody("Side"))));
        list.add(new Endpoint("PUT", "/api/v1/ivr-menus/{id}", "/api/v1/ivr-menus/" + menu, () -> tree(menuBody("Main"))));
        list.add(new Endpoint("PATCH", "/api/v1/ivr-menus/{id}", "/api/v1/ivr-menus/" + menu, () -> tree(Map.of("timeout_seconds", 8,
                "options", Map.of("3", Map.of("kind", "EXTERNAL_NUMBER", "number", "+13125550188")))), "application/merge-patch+json"));
        list.add(new Endpoint("DELETE", "/api/v1/ivr-menus/{id}", "/api/v1/ivr-menus/" + menu, null));
        list.add(new Endpoint("PUT", "/api/v1/phone-settings", "/api/v1/phone-settings", () -> tree(phoneSettingsBody())));
        list.add(new Endpoint("POST", "/api/v1/routing/simulate", "/api/v1/routing/simulate", () -> tree(Map.of("from", "+17735550123",
                "to", "+13125550100", "at", "2026-11-25T18:00:00Z"))));
        // queue
        list.add(new Endpoint("POST", "/api/v1/queues", "/api/v1/queues", () -> tree(queueBody("Support"))));
        list.add(new Endpoint("PUT", "/api/v1/queues/{id}", "/api/v1/queues/" + queue, () -> tree(queueBody("Sales"))));
        list.add(new Endpoint("PATCH", "/api/v1/queues/{id}", "/api/v1/queues/" + queue, () -> tree(Map.of("max_wait_seconds", 300,
                "max_wait_target", Map.of("kind", "VOICEMAIL"), "vip_tag", "VIP")), "application/merge-patch+json"));
        list.add(new Endpoint("DELETE", "/api/v1/queues/{id}", "/api/v1/queues/" + queue, null));
        // voicemail
        list.add(new Endpoint("PUT", "/api/v1/voicemail/settings", "/api/v1/voicemail/settings", () -> tree(mailboxBody())));
        list.add(new Endpoint("PUT", "/api/v1/members/{id}/voicemail", "/api/v1/members/" + memberA + "/voicemail", () -> tree(mailboxBody())));
        var noMessage = UUID.randomUUID();
        list.add(new Endpoint("PATCH", "/api/v1/voicemail/messages/{id}", "/api/v1/voicemail/messages/" + noMessage,
                () -> tree(Map.of("heard", true))));
        list.add(new Endpoint("DELETE", "/api/v1/voicemail/messages/{id}", "/api/v1/voicemail/messages/" + noMessage, null));
        // calls: the company has no business number, so a valid click-to-call is refused (after its fields are checked)
        var noCall = UUID.randomUUID();
        list.add(new Endpoint("POST", "/api/v1/calls", "/api/v1/calls", () -> tree(Map.of("member_id", memberA, "number", "+17735550123"))));
        list.add(new Endpoint("POST", "/api/v1/calls/{id}/transfer", "/api/v1/calls/" + noCall + "/transfer", () -> tree(Map.of("member_id", memberA))));
        list.add(new Endpoint("PATCH", "/api/v1/call-logs/{id}", "/api/v1/call-logs/" + noCall, () -> tree(Map.of("notes", "Called back",
                "tags", List.of("vip")))));
        // the demo's test calls: none of them dial this company (it has no number)
        list.add(new Endpoint("POST", "/api/v1/simulator/calls", "/api/v1/simulator/calls", () -> tree(Map.of("from", "+17735550123",
                "to", "+13125559999"))));
        list.add(new Endpoint("POST", "/api/v1/simulator/calls/{id}/digits", "/api/v1/simulator/calls/v3:none/digits",
                () -> tree(Map.of("digits", "1"))));
        list.add(new Endpoint("POST", "/api/v1/simulator/calls/{id}/hangup", "/api/v1/simulator/calls/v3:none/hangup", null));
        list.add(new Endpoint("POST", "/api/v1/simulator/texts", "/api/v1/simulator/texts", () -> tree(Map.of("from", "+17735550123",
                "to", "+13125559999", "text", "STOP"))));
        // uploaded files: their own mutations (uploadMutation)
        list.add(new Endpoint("POST", "/api/v1/customers/import", "/api/v1/customers/import", null, "text/csv"));
        list.add(new Endpoint("POST", "/api/v1/media", "/api/v1/media", null, "multipart/form-data"));
        return list;
    }

    private Map<String, Object> memberBody(String name, String extension) {
        var body = new LinkedHashMap<String, Object>();
        body.put("name", name);
        body.put("email", name.toLowerCase() + "@fuzz.example");
        if (extension != null) {
            body.put("phone_extension", extension);
        }
        body.put("extension_enabled", true);
        body.put("call_forwarding_enabled", true);
        body.put("call_forwarding_number", "+13125550177");
        body.put("simultaneous_ring_enabled", false);
        body.put("ring_timeout_seconds", 30);
        body.put("sip_address", "sip:" + name.toLowerCase() + "@fuzz.sip.telnyx.com");
        body.put("max_concurrent_calls", 1);
        return body;
    }

    private Map<String, Object> customerBody(String externalId) {
        return Map.of("name", "Carla", "email", "carla@fuzz.example", "external_id", externalId, "phone_numbers", List.of("+17735550123"),
                "tags", List.of("VIP"), "notes", "Gate code 1234");
    }

    private Map<String, Object> jobBody() {
        return Map.of("customer_id", customer, "title", "Boiler", "status", "SCHEDULED", "assigned_member_id", memberA,
                "scheduled_at", "2027-01-05T15:00:00Z");
    }

    private Map<String, Object> holidayBody() {
        var body = new LinkedHashMap<String, Object>();
        body.put("name", "Christmas");
        body.put("date", "2026-12-25");
        body.put("recurrence", "YEARLY");
        body.put("exception_dates", List.of("2027-12-25"));
        body.put("observe_weekend", true);
        body.put("greeting_text", "Closed");
        body.put("enabled", true);
        return body;
    }

    private Map<String, Object> ruleBody(String name) {
        var body = new LinkedHashMap<String, Object>();
        body.put("name", name);
        body.put("type", "SIMULTANEOUS");
        body.put("enabled", true);
        body.put("ring_timeout_seconds", 25);
        body.put("member_ids", List.of(memberA, memberB));
        body.put("conditions", Map.of("caller_pattern", "+1773*", "weekdays", List.of("MONDAY", "TUESDAY"),
                "time_from", "08:00", "time_to", "18:00"));
        body.put("no_answer_target", Map.of("kind", "EXTERNAL_NUMBER", "number", "+13125550188"));
        return body;
    }

    private Map<String, Object> menuBody(String name) {
        var body = new LinkedHashMap<String, Object>();
        body.put("name", name);
        body.put("greeting_text", "Press 1 for Ann, 2 for voicemail.");
        body.put("greeting_voice", "female");
        body.put("options", Map.of("1", Map.of("kind", "MEMBER", "member_id", memberA), "2", Map.of("kind", "VOICEMAIL")));
        body.put("timeout_seconds", 8);
        body.put("max_retries", 3);
        body.put("invalid_prompt", "Not a choice.");
        body.put("timeout_target", Map.of("kind", "HANGUP", "message", "Goodbye."));
        return body;
    }

    private Map<String, Object> phoneSettingsBody() {
        var body = new LinkedHashMap<String, Object>();
        body.put("default_strategy", "SIMULTANEOUS");
        body.put("recording_default", false);
        body.put("after_hours_target", Map.of("kind", "VOICEMAIL"));
        body.put("inbound_rate_cents_per_minute", 1);
        body.put("billing_increment_seconds", 60);
        body.put("default_ring_seconds", 20);
        body.put("text_back_message", "Sorry we missed you: {company} will call you back.");
        body.put("text_back_quiet_hours", 24);
        body.put("recording_announcement", "This call may be recorded.");
        return body;
    }

    private Map<String, Object> queueBody(String name) {
        var body = new LinkedHashMap<String, Object>();
        body.put("name", name);
        body.put("strategy", "ROUND_ROBIN");
        body.put("member_ids", List.of(memberA));
        body.put("ring_timeout_seconds", 20);
        body.put("announce_position", true);
        body.put("max_wait_seconds", 600);
        body.put("max_wait_target", Map.of("kind", "VOICEMAIL"));
        body.put("max_callers", 10);
        body.put("callback_enabled", true);
        body.put("callback_key", "1");
        return body;
    }

    private Map<String, Object> mailboxBody() {
        var body = new LinkedHashMap<String, Object>();
        body.put("greeting_type", "TEXT_TO_SPEECH");
        body.put("greeting_text", "Leave a message.");
        body.put("email_enabled", true);
        body.put("email_addresses", List.of("office@fuzz.example"));
        body.put("sms_enabled", true);
        body.put("sms_number", "+13125550199");
        body.put("retention_days", 90);
        body.put("max_message_seconds", 120);
        return body;
    }

    // --- the mutations ---

    /** The paths to every value in {@code node} (object fields and array elements), with the node each is in. */
    private static void paths(JsonNode node, String at, List<String> out) {
        if (node.isObject()) {
            for (var name : node.propertyNames()) {
                var path = at.isEmpty() ? name : at + "." + name;
                out.add(path);
                paths(node.get(name), path, out);
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                var path = at + "[" + i + "]";
                out.add(path);
                paths(node.get(i), path, out);
            }
        }
    }

    /** The last named field of a path: {@code options.1.kind} is {@code kind}, {@code member_ids[0]} is {@code member_ids}. */
    static String named(String path) {
        var p = path.replaceAll("\\[\\d+]$", "");
        int dot = p.lastIndexOf('.');
        return dot < 0 ? p : p.substring(dot + 1);
    }

    /** The path of the object or array holding {@code path}'s value ("" for the body itself). */
    static String parentPath(String path) {
        var last = Math.max(path.lastIndexOf('.'), path.lastIndexOf('['));
        return last < 0 ? "" : path.substring(0, last);
    }

    private static JsonNode parentOf(JsonNode root, String path) {
        var steps = steps(path);
        JsonNode node = root;
        for (int i = 0; i < steps.size() - 1; i++) {
            var s = steps.get(i);
            node = s instanceof Integer index ? node.get(index) : node.get((String) s);
        }
        return node;
    }

    private static List<Object> steps(String path) {
        var steps = new ArrayList<Object>();
        for (var part : path.split("\\.")) {
            var m = java.util.regex.Pattern.compile("([^\\[]*)((\\[\\d+])*)").matcher(part);
            m.matches();
            if (!m.group(1).isEmpty()) {
                steps.add(m.group(1));
            }
            var idx = java.util.regex.Pattern.compile("\\[(\\d+)]").matcher(m.group(2));
            while (idx.find()) {
                steps.add(Integer.parseInt(idx.group(1)));
            }
        }
        return steps;
    }

    private static void replace(JsonNode root, String path, JsonNode value) {
        var parent = parentOf(root, path);
        var last = steps(path).getLast();
        if (last instanceof Integer index) {
            ((ArrayNode) parent).set(index, value);
        } else {
            ((ObjectNode) parent).set((String) last, value);
        }
    }

    private static void remove(JsonNode root, String path) {
        var parent = parentOf(root, path);
        var last = steps(path).getLast();
        if (last instanceof Integer index) {
            ((ArrayNode) parent).remove((int) index);
        } else {
            ((ObjectNode) parent).remove((String) last);
        }
    }

    private static JsonNode valueAt(JsonNode root, String path) {
        var parent = parentOf(root, path);
        var last = steps(path).getLast();
        return last instanceof Integer index ? parent.get(index) : parent.get((String) last);
    }

    private static final List<String> CONTROL = List.of("a\u0000b", "\u0000", "bell\u0007", "\u001b[31mred", "line\nbreak", "tab\tin",
            "\u007f", "del\u0085", "x\u200b\u202e");
    private static final List<String> BAD_UUIDS = List.of("not-a-uuid", "00000000-0000-0000-0000-00000000000g", "", "123",
            "{" + UUID.randomUUID() + "}", UUID.randomUUID() + "x");
    private static final List<String> BAD_NUMBERS = List.of("+1", "12", "+999999999999999999", "phone", "+1312555O100", "+13125550100ext",
            "911");

    /** A wrong-typed value for {@code old}: never of its JSON type. */
    private static JsonNode wrongType(JsonNode old, Random r) {
        var options = new ArrayList<JsonNode>();
        if (!old.isString()) {
            options.add(NODES.stringNode("wrong"));
        }
        if (!old.isNumber()) {
            options.add(NODES.numberNode(42));
        }
        if (!old.isBoolean()) {
            options.add(NODES.booleanNode(true));
        }
        if (!old.isObject()) {
            options.add(NODES.objectNode().put("a", 1));
        }
        if (!old.isArray()) {
            options.add(NODES.arrayNode().add(old.deepCopy()));
        }
        return options.get(r.nextInt(options.size()));
    }

    private static String nested(int depth, boolean arrays) {
        var sb = new StringBuilder();
        for (int i = 0; i < depth; i++) {
            sb.append(arrays ? "[" : "{\"a\":");
        }
        sb.append("1");
        for (int i = 0; i < depth; i++) {
            sb.append(arrays ? "]" : "}");
        }
        return sb.toString();
    }

    /** One random mutation of {@code e}'s valid request. */
    Mutation mutate(Endpoint e, Random r) {
        if (e.template().equals("/api/v1/customers/import") || e.template().equals("/api/v1/media")) {
            return uploadMutation(e, r);
        }
        var valid = e.body() == null ? null : e.body().get();
        // A path id: not a UUID, or one of nobody's.
        boolean hasId = e.template().contains("{id}");
        if (valid == null || (hasId && r.nextInt(8) == 0)) {
            var bad = r.nextBoolean() ? BAD_UUIDS.get(r.nextInt(BAD_UUIDS.size() - 1)) + "" : UUID.randomUUID().toString();
            if (bad.isEmpty() || !hasId) {
                bad = "not-a-uuid";
            }
            var path = hasId ? e.template().replace("{id}", java.net.URLEncoder.encode(bad, StandardCharsets.UTF_8)) : e.path();
            if (!hasId) {
                // no id and no body (none such today): only the content type can be wrong
                return new Mutation("content-type", null, new Sent(e.method(), path, "text/plain", "x"), false);
            }
            return new Mutation("path-id", "id", new Sent(e.method(), path, e.contentType(), valid == null ? null : json(valid)), true);
        }
        int choice = r.nextInt(20);
        if (choice < 5) {
            return bodyMutation(e, valid, r);
        }
        var fields = new ArrayList<String>();
        paths(valid, "", fields);
        var field = fields.get(r.nextInt(fields.size()));
        var old = valueAt(valid, field);
        var body = valid.deepCopy();
        String kind;
        boolean neverValid = false;
        String text = null;
        switch (r.nextInt(11)) {
            case 0 -> {
                kind = "wrong-type";
                replace(body, field, wrongType(old, r));
                neverValid = true;
            }
            case 1 -> {
                kind = "null";
                replace(body, field, NODES.nullNode());
            }
            case 2 -> {
                kind = "missing";
                remove(body, field);
            }
            case 3 -> {
                kind = r.nextBoolean() ? "empty" : "blank";
                replace(body, field, NODES.stringNode(kind.equals("empty") ? "" : " \t "));
            }
            case 4 -> {
                kind = "10000-chars";
                replace(body, field, NODES.stringNode("x".repeat(10_000)));
            }
            case 5 -> {
                var c = CONTROL.get(r.nextInt(CONTROL.size()));
                kind = c.contains("\u0000") ? "nul" : "control-chars";
                // (a date or instant with a NUL after it is read as the date: Jackson's date readers trim control characters)
                // and a phone number is read as people type it (libphonenumber drops what is not a digit: "+1 (773) 555-0123")
                neverValid = c.contains("\u0000") && !(old.isString() && old.asString().matches("(\\d{4}-\\d\\d-\\d\\d|\\+\\d).*"));
                replace(body, field, NODES.stringNode(old.isString() ? old.asString() + c : c));
            }
            case 6 -> {
                kind = "lone-surrogate";
                neverValid = true;
                replace(body, field, NODES.stringNode(SURROGATE));
                var lone = r.nextBoolean() ? "\\ud800" : "\\udfff";
                text = json(body).replace("\"" + SURROGATE + "\"", "\"" + (old.isString() ? escape(old.asString()) : "") + lone + "\"");
            }
            case 7 -> {
                var numbers = List.of("1e400", "99999999999999999999999", "9223372036854775808", "2147483648", "-1", "-2147483649",
                        "1.5", "0.0001", "-0", "NaN", "1e2");
                var n = numbers.get(r.nextInt(numbers.size()));
                kind = switch (n) {
                    case "-1", "-2147483649", "-0" -> "negative";
                    case "1.5", "0.0001" -> "fractional";
                    case "NaN" -> "not-a-number";
                    case "1e2" -> "exponent";
                    default -> "huge";
                };
                neverValid = kind.equals("huge") || kind.equals("not-a-number") || (kind.equals("fractional") && old.isIntegralNumber());
                replace(body, field, NODES.stringNode(SURROGATE));
                text = json(body).replace("\"" + SURROGATE + "\"", n);
            }
            case 8 -> {
                if (old.isString() && looksLikeUuid(old.asString())) {
                    var bad = BAD_UUIDS.get(r.nextInt(BAD_UUIDS.size()));
                    kind = "bad-uuid";
                    neverValid = true;
                    replace(body, field, NODES.stringNode(bad));
                } else if (old.isString() && old.asString().startsWith("+1") && !field.contains("pattern")) {
                    kind = "bad-e164";
                    neverValid = true;
                    replace(body, field, NODES.stringNode(BAD_NUMBERS.get(r.nextInt(BAD_NUMBERS.size()))));
                } else {
                    kind = "unknown-uuid";
                    replace(body, field, NODES.stringNode(UUID.randomUUID().toString()));
                }
            }
            case 9 -> {
                kind = "unknown-nested-field";
                var parent = old.isObject() ? old : parentOf(body, field);
                // (a menu's options are keyed by digit: an unknown key there is a key, not a field)
                if (parent.isObject() && !(e.template().contains("ivr-menus") && (old.isObject() ? field : parentPath(field)).equals("options"))) {
                    var target = old.isObject() ? valueAt(body, field) : parentOf(body, field);
                    ((ObjectNode) target).put("zz_unknown", 1);
                    var at = old.isObject() ? field : parentPath(field);
                    field = at.isEmpty() ? "zz_unknown" : at + ".zz_unknown";
                    neverValid = true;
                } else {
                    kind = "array-for-object";
                    replace(body, field, NODES.arrayNode().add(NODES.objectNode()));
                    neverValid = true;
                }
            }
            default -> {
                kind = "deep-nesting";
                neverValid = true;
                replace(body, field, NODES.stringNode(SURROGATE));
                text = json(body).replace("\"" + SURROGATE + "\"", nested(2_000 + r.nextInt(3_000), r.nextBoolean()));
            }
        }
        // A phone number or id the app recognises whatever the mutation: still of the same kind (a uuid "wrong" is not a uuid)
        return new Mutation(kind, field, new Sent(e.method(), e.path(), e.contentType(), text != null ? text : json(body)), neverValid);
    }

    private static boolean looksLikeUuid(String s) {
        return s.matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    }

    private static String escape(String s) {
        var quoted = json(s);
        return quoted.substring(1, quoted.length() - 1);
    }

    private Mutation bodyMutation(Endpoint e, JsonNode valid, Random r) {
        var text = json(valid);
        var type = e.contentType();
        String kind;
        switch (r.nextInt(10)) {
            case 0 -> {
                kind = "unknown-field";
                var body = (ObjectNode) valid.deepCopy();
                body.put("zz_unknown_" + r.nextInt(100), r.nextBoolean() ? "x" : null);
                text = json(body);
            }
            case 1 -> {
                kind = "duplicate-key";
                var first = valid.propertyNames().iterator().next();
                text = "{\"" + first + "\":" + json(wrongType(valid.get(first), r)) + "," + text.substring(1);
            }
            case 2 -> {
                kind = "malformed";
                var forms = List.of(text.substring(0, text.length() / 2), text + "}", text.replace("\"", "'"), "{", "", "nul",
                        text.replaceFirst(":", ""), text + " trailing", "{\"a\":1,}", "\uFEFF\uFEFF" + text);
                text = forms.get(r.nextInt(forms.size()));
            }
            case 3 -> {
                kind = "content-type";
                var types = List.of("text/plain", "application/xml", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x",
                        "application/octet-stream", "application/json; charset=ISO-8859-1");
                type = types.get(r.nextInt(types.size()));
                if (type.contains("ISO-8859-1")) {
                    text = text.replace("\"", "\"é").replaceFirst("\"é", "\"");
                }
            }
            case 4 -> {
                kind = "array-body";
                text = "[" + text + "]";
            }
            case 5 -> {
                kind = "scalar-body";
                var scalars = List.of("\"text\"", "42", "true", "[]", "\"\"");
                text = scalars.get(r.nextInt(scalars.size()));
            }
            case 6 -> {
                kind = "deep-body";
                text = nested(5_000 + r.nextInt(5_000), r.nextBoolean());
            }
            case 7 -> {
                kind = "huge-body";
                var body = (ObjectNode) valid.deepCopy();
                body.put(valid.propertyNames().iterator().next(), "y".repeat(2_000_000));
                text = json(body);
            }
            case 8 -> {
                kind = "invalid-utf8";
                return new Mutation(kind, null, new Sent(e.method(), e.path(), type, text.replaceFirst("\"", "\"\u0000INVALID_UTF8")), true);
            }
            default -> {
                kind = "empty-object";
                text = "{}";
                return new Mutation(kind, null, new Sent(e.method(), e.path(), type, text), false);
            }
        }
        return new Mutation(kind, null, new Sent(e.method(), e.path(), type, text), true);
    }

    /** A bad CSV file to import, or a bad audio upload: each names its problem in its kind. */
    private Mutation uploadMutation(Endpoint e, Random r) {
        if (e.template().equals("/api/v1/customers/import")) {
            var header = "name,phone,email,tags,notes\n";
            var files = new LinkedHashMap<String, byte[]>();
            files.put("bad-e164", (header + "Ann,phone,ann@fuzz.example,,\n").getBytes(StandardCharsets.UTF_8));
            files.put("nul", (header + "A\u0000nn,+17735550123,,,\n").getBytes(StandardCharsets.UTF_8));
            files.put("10000-chars", (header + "x".repeat(10_000) + ",+17735550123,,,\n").getBytes(StandardCharsets.UTF_8));
            files.put("control-chars", (header + "Ann\u001b[31m,+17735550123,,,\n").getBytes(StandardCharsets.UTF_8));
            files.put("unknown-column", "name,fone\nAnn,+17735550123\n".getBytes(StandardCharsets.UTF_8));
            files.put("missing-column", "phone\n+17735550123\n".getBytes(StandardCharsets.UTF_8));
            files.put("duplicate-column", "name,name\nAnn,Bea\n".getBytes(StandardCharsets.UTF_8));
            files.put("empty", new byte[0]);
            files.put("unbalanced-quote", (header + "\"Ann,+17735550123,,,\n").getBytes(StandardCharsets.UTF_8));
            files.put("short-row", (header + "Ann\n").getBytes(StandardCharsets.UTF_8));
            files.put("bad-email", (header + "Ann,+17735550123,not-an-email,,\n").getBytes(StandardCharsets.UTF_8));
            var invalid = (header + "Ann\u0001,+17735550123,,,\n").getBytes(StandardCharsets.UTF_8);
            invalid[header.length() + 3] = (byte) 0xC3;
            files.put("invalid-utf8", invalid);
            var surrogate = (header + "Ann\u0001\u0001\u0001,+17735550123,,,\n").getBytes(StandardCharsets.UTF_8);
            surrogate[header.length() + 3] = (byte) 0xED; // CESU-8 / WTF-8 encoding of the lone surrogate U+D800
            surrogate[header.length() + 4] = (byte) 0xA0;
            surrogate[header.length() + 5] = (byte) 0x80;
            files.put("lone-surrogate", surrogate);
            var garbage = new byte[2_000];
            r.nextBytes(garbage);
            files.put("binary", garbage);
            var kinds = new ArrayList<>(files.keySet());
            var kind = kinds.get(r.nextInt(kinds.size()));
            // (control characters other than NUL are taken in a CSV cell as in a JSON text: counted, not failed)
            return new Mutation("csv-" + kind, null, new Sent("POST", e.path(), "text/csv", null, files.get(kind)), !kind.equals("control-chars"));
        }
        var kinds = List.of("empty", "not-audio", "text-as-mp3", "no-file-field", "nul-filename", "long-filename", "json-body",
                "broken-multipart", "bad-purpose");
        var kind = kinds.get(r.nextInt(kinds.size()));
        var garbage = new byte[4_000];
        r.nextBytes(garbage);
        var boundary = "fuzz" + r.nextInt(1_000_000);
        String field = "file";
        String filename = "greeting.mp3";
        String type = "audio/mpeg";
        byte[] bytes = garbage;
        var path = e.path();
        switch (kind) {
            case "empty" -> bytes = new byte[0];
            case "text-as-mp3" -> bytes = "hello, this is not audio".getBytes(StandardCharsets.UTF_8);
            case "no-file-field" -> field = "upload";
            case "nul-filename" -> filename = "greet\u0000ing.mp3";
            case "long-filename" -> filename = "g".repeat(10_000) + ".mp3";
            case "bad-purpose" -> {
                path = path + "?purpose=" + (r.nextBoolean() ? "nonsense" : "%00");
                bytes = wav();
            }
            case "json-body" -> {
                return new Mutation("media-" + kind, null, new Sent("POST", path, "application/json", "{\"file\":\"x\"}"), true);
            }
            default -> {
            }
        }
        var out = new java.io.ByteArrayOutputStream();
        out.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + field + "\"; filename=\"" + filename
                + "\"\r\nContent-Type: " + type + "\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        out.writeBytes(bytes);
        if (!kind.equals("broken-multipart")) {
            out.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        }
        return new Mutation("media-" + kind, null, new Sent("POST", path, "multipart/form-data; boundary=" + boundary, null,
                out.toByteArray()), true);
    }

    /** A short valid WAV (a second of silence), for an upload whose only fault is elsewhere. */
    private static byte[] wav() {
        try {
            return dev.switchboard.support.TestAudio.wav();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    // --- sending and checking ---

    record Answer(int status, String contentType, String body, JsonNode json) {
    }

    Answer send(Sent s, String bearer) {
        try {
            var builder = HttpRequest.newBuilder(URI.create("http://localhost:" + port + s.path()));
            if (bearer != null) {
                builder.header("Authorization", "Bearer " + bearer);
            }
            HttpRequest.BodyPublisher body;
            if (s.raw() != null) {
                body = HttpRequest.BodyPublishers.ofByteArray(s.raw());
            } else if (s.body() == null) {
                body = HttpRequest.BodyPublishers.noBody();
            } else if (s.body().contains("\u0000INVALID_UTF8")) {
                var bytes = s.body().replace("\u0000INVALID_UTF8", "\u0001").getBytes(StandardCharsets.UTF_8);
                for (int i = 0; i < bytes.length; i++) {
                    if (bytes[i] == 1) {
                        bytes[i] = (byte) 0xC3; // a UTF-8 lead byte followed by a quote: not UTF-8
                    }
                }
                body = HttpRequest.BodyPublishers.ofByteArray(bytes);
            } else if (s.contentType().contains("ISO-8859-1")) {
                body = HttpRequest.BodyPublishers.ofString(s.body(), StandardCharsets.ISO_8859_1);
            } else {
                body = HttpRequest.BodyPublishers.ofString(s.body());
            }
            if (s.body() != null || s.raw() != null) {
                builder.header("Content-Type", s.contentType());
            }
            var response = http.send(builder.method(s.method(), body).build(), HttpResponse.BodyHandlers.ofString());
            var type = response.headers().firstValue("Content-Type").orElse("");
            JsonNode json = null;
            if (type.contains("json") && !response.body().isEmpty()) {
                json = JSON.readTree(response.body());
            }
            return new Answer(response.statusCode(), type, response.body(), json);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Every table holding this company's rows, as the app's role sees them; login failures and sign-ups are counts by address. */
    List<String> tenantTables() {
        return jdbc.sql("""
                select table_name from information_schema.columns
                 where table_schema = current_schema() and column_name = 'company_id'
                   and table_name in (select table_name from information_schema.tables where table_type = 'BASE TABLE')
                 order by table_name""").query(String.class).list();
    }

    String checksumSql;

    /**
     * A digest of every row of the company (api_tokens' last_used_at aside, which a read sets), of the company itself,
     * and of how many companies there are (a sign-up must not half happen).
     */
    String checksum() {
        if (checksumSql == null) {
            var parts = new ArrayList<String>();
            for (var table : tenantTables()) {
                parts.add("select '" + table + "' t, (select md5(coalesce(string_agg((to_jsonb(x) - 'last_used_at')::text, '|' order by (to_jsonb(x) - 'last_used_at')::text), ''))"
                        + " from " + table + " x where company_id = :c) h");
            }
            parts.add("select 'companies' t, (select md5(to_jsonb(x)::text) from companies x where id = :c) h");
            parts.add("select 'company_count' t, company_count()::text h");
            checksumSql = "select string_agg(t || '=' || coalesce(h, '-'), ' ' order by t) from (" + String.join(" union all ", parts) + ") s";
        }
        return TenantContext.callAs(CompanyId.of(companyId.toString()),
                () -> tx.execute(s -> jdbc.sql(checksumSql).param("c", companyId).query(String.class).single()));
    }

    /** Which tables differ between two checksums. */
    static String changed(String before, String after) {
        var a = new TreeMap<String, String>();
        var b = new TreeMap<String, String>();
        for (var p : before.split(" ")) {
            a.put(p.substring(0, p.indexOf('=')), p);
        }
        for (var p : after.split(" ")) {
            b.put(p.substring(0, p.indexOf('=')), p);
        }
        var names = new TreeSet<String>();
        a.forEach((k, v) -> {
            if (!v.equals(b.get(k))) {
                names.add(k);
            }
        });
        return String.join(", ", names);
    }

    private static final List<String> GENERIC = List.of("something went wrong", "bad request", "invalid input", "malformed request",
            "failed to read request", "internal error");

    /** Why {@code a} is not a clear refusal of mutation {@code m}, or null when it is one. */
    /** The problem a kind of mutation is, in words an answer may use instead of the field's name. */
    private static final Map<String, List<String>> PROBLEM_WORDS = Map.of(
            "nul", List.of("nul character"),
            "lone-surrogate", List.of("surrogate"),
            "10000-chars", List.of("characters", "too long", "longer"),
            "deep-nesting", List.of("nesting", "depth"),
            "not-a-number", List.of("token 'nan'")); // no JSON token at all: the body's problem, named

    static String unclear(Mutation m, Answer a, java.util.Set<String> baselineFields) {
        if (m.kind().startsWith("csv-") && a.status() == 422 && a.json() != null && !a.json().path("committed").asBoolean(true)) {
            // The import's own answer: what was (not) imported and each problem by line and column.
            var errors = a.json().path("errors");
            for (var error : errors) {
                if (error.path("message").asString("").isBlank() || error.path("field").asString("").isBlank()) {
                    return "an import error without its field or message";
                }
            }
            return errors.isEmpty() ? "an import refused without errors" : null;
        }
        if (a.json() == null || !a.contentType().startsWith("application/problem+json")) {
            return "not a problem document (" + a.contentType() + ")";
        }
        var detail = a.json().path("detail").asString("");
        if (a.json().path("status").asInt() != a.status()) {
            return "its status " + a.json().path("status") + " is not the answer's";
        }
        if (detail.isBlank() || GENERIC.contains(detail.strip().toLowerCase())) {
            return "a generic detail";
        }
        if (a.body().contains("Exception") || a.body().contains("\tat ") || a.body().contains("java.") || a.body().contains("tools.jackson")
                || a.body().contains("org.springframework")) {
            return "internals in the answer";
        }
        if (a.status() == 401 || a.status() == 403 || a.status() == 404 || a.status() == 409 || a.status() == 429) {
            return null; // about who or what, not about a field: the detail says which
        }
        var said = new StringBuilder(detail.toLowerCase());
        for (var error : a.json().path("errors")) {
            said.append(' ').append(error.path("field").asString("")).append(' ').append(error.path("message").asString("").toLowerCase());
        }
        if (m.field() != null) {
            var name = named(m.field());
            if (name.matches("\\d+") || name.isEmpty()) {
                name = m.field();
            }
            var parent = parentPath(m.field());
            if (said.toString().contains(name.toLowerCase()) || said.toString().contains(m.field().toLowerCase())
                    || (parent.contains(".") && said.toString().contains(parent.toLowerCase())) // "options.1: option 1 has no target"
                    || PROBLEM_WORDS.getOrDefault(m.kind(), List.of()).stream().anyMatch(said.toString()::contains)) {
                return null;
            }
            // An endpoint whose valid request is refused too (no such call, no number to call from) may name that instead.
            for (var error : a.json().path("errors")) {
                if (baselineFields.contains(error.path("field").asString(""))) {
                    return null;
                }
            }
            return "it does not name " + m.field();
        }
        if (!a.json().path("errors").isEmpty() && a.json().path("errors").valueStream()
                .allMatch(err -> !err.path("field").asString("").isBlank() && !err.path("message").asString("").isBlank())) {
            return null; // names the fields it found wrong
        }
        if (m.kind().equals("path-id")) {
            return said.toString().contains("id") ? null : "it does not name the id";
        }
        if (a.status() == 415 || a.status() == 413) {
            return null;
        }
        return said.toString().contains("body") || said.toString().contains("json") || said.toString().contains("field")
                || said.toString().contains("content") || said.toString().contains("part 'file'") ? null : "it names neither the body nor a field";
    }

    @Test
    void everyBadInputToAWriteEndpointIsRefusedClearlyAndChangesNothing() {
        fixture();
        var endpoints = endpoints();
        var covered = new TreeSet<String>();
        endpoints.forEach(e -> covered.add(e.name()));
        assertThat(covered).as("endpoints").containsAll(writeEndpointsInOpenApi());
        var bearer = owner.token();
        // Each valid request first, to know what it is answered: 2xx, or (a call that does not exist...) the fields it names.
        var baselines = new java.util.HashMap<String, java.util.Set<String>>();
        for (var e : endpoints) {
            if (e.body() == null) {
                continue;
            }
            var a = send(new Sent(e.method(), e.path(), e.contentType(), json(e.body().get())), bearer);
            assertThat(a.status()).as("the valid request of " + e.name() + ": " + a.body()).isLessThan(500);
            var fields = new java.util.HashSet<String>();
            if (a.status() >= 400 && a.json() != null) {
                a.json().path("errors").forEach(err -> fields.add(err.path("field").asString("")));
                System.out.println("ApiBadInputFuzzTest the valid request of " + e.name() + " is refused: " + a.body());
            }
            baselines.put(e.name(), fields);
        }
        var root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        var capture = new Capture();
        capture.start();
        root.addAppender(capture);
        long from = Long.getLong("fuzz.seed", 1);
        int count = Integer.getInteger("fuzz.n", 1500);
        var failures = new ArrayList<String>();
        var accepted = new TreeMap<String, Integer>();
        var refused = new TreeMap<String, Integer>();
        long t0 = System.nanoTime();
        try {
            var before = checksum();
            for (int i = 0; i < count; i++) {
                long seed = from + i;
                var r = new Random(seed);
                var e = endpoints.get(r.nextInt(endpoints.size()));
                var m = mutate(e, r);
                logged.clear();
                Answer a;
                try {
                    a = send(m.request(), bearer);
                } catch (RuntimeException ex) {
                    failures.add("SEED " + seed + " " + m.kind() + ": no answer (" + ex + ")\n   " + m.request());
                    continue;
                }
                var after = checksum();
                String problem = null;
                if (a.status() >= 500) {
                    problem = "answered " + a.status();
                } else if (a.status() >= 400) {
                    problem = unclear(m, a, baselines.getOrDefault(e.name(), java.util.Set.of()));
                    if (problem == null && !after.equals(before)) {
                        problem = "refused but changed " + changed(before, after);
                    }
                    refused.merge(m.kind(), 1, Integer::sum);
                } else {
                    accepted.merge(m.kind() + " " + e.name() + (m.field() == null ? "" : " " + m.field()), 1, Integer::sum);
                    if (m.neverValid()) {
                        problem = "accepted (" + a.status() + ") what is never valid";
                    }
                }
                if (problem == null && !logged.isEmpty()) {
                    problem = "the app logged " + logged;
                }
                if (problem != null) {
                    failures.add("SEED " + seed + " " + m.kind() + (m.field() == null ? "" : " of " + m.field()) + ": " + problem
                            + "\n   " + m.request() + "\n   -> " + a.status() + " " + (a.body().length() > 400 ? a.body().substring(0, 400) : a.body()));
                }
                before = after;
            }
        } finally {
            root.detachAppender(capture);
        }
        System.out.println("ApiBadInputFuzzTest ran " + count + " requests from seed " + from + " on " + endpoints.size() + " endpoints in "
                + (System.nanoTime() - t0) / 1_000_000 + " ms; refused by kind " + refused);
        accepted.forEach((k, v) -> System.out.println("ApiBadInputFuzzTest accepted " + v + "x " + k));
        failures.forEach(f -> System.out.println("ApiBadInputFuzzTest " + f));
        assertThat(failures).as(failures.size() + " of " + count + " requests failed (see the ApiBadInputFuzzTest lines)").isEmpty();
    }

    // --- the signed Telnyx webhook ---

    /** The private seed matching IntegrationTest's configured public key (the Telnyx SDK's test pair). */
    private static final byte[] SIGNING_SEED = java.util.Base64.getDecoder().decode("i1xxSkIuQOY9H8laaRslIoYGTJ1NwBAFdjsQwiwJH04=");

    private static String sign(String timestamp, String body) {
        var message = (timestamp + "|" + body).getBytes(StandardCharsets.UTF_8);
        var signature = new byte[64];
        org.bouncycastle.math.ec.rfc8032.Ed25519.sign(SIGNING_SEED, 0, message, 0, message.length, signature, 0);
        return java.util.Base64.getEncoder().encodeToString(signature);
    }

    /** A valid event to the company's number: a call coming in, or a text (a STOP, the kind that changes things). */
    private static ObjectNode validEvent(String id, String number, boolean text) {
        var payload = text
                ? Map.<String, Object>of("id", "msg-" + id, "direction", "inbound", "type", "SMS", "text", "STOP",
                        "from", Map.of("phone_number", "+17735550123"), "to", List.of(Map.of("phone_number", number)))
                : Map.<String, Object>of("call_control_id", "v3:leg-" + id, "direction", "incoming", "from", "+17735550123", "to", number,
                        "state", "parked", "connection_id", "simulator-connection");
        return (ObjectNode) tree(Map.of("data", Map.of("event_type", text ? "message.received" : "call.initiated", "id", id,
                "occurred_at", "2026-11-25T12:00:00.000001Z", "record_type", "event", "payload", payload),
                "meta", Map.of("attempt", 1, "delivered_to", "http://localhost/api/telnyx/webhooks")));
    }

    /**
     * The webhook endpoint, smaller: validly signed events with one field mutated. Never a 5xx; a malformed event is a
     * 400 problem naming the field, and nothing of it is stored (no inbox row, no call, no opt-out); an event taken (200)
     * is handled without an error logged.
     */
    @Test
    void everyMalformedSignedWebhookIsRefusedNamingTheFieldAndStoresNothing() {
        var owner = api().signUpNewCompany("Webhook Fuzz Co");
        companyId = UUID.fromString(owner.get("/api/v1/me").json().get("company_id").asString());
        var number = "+1312556" + String.format("%04d", new Random().nextInt(10_000));
        assertThat(owner.put("/api/v1/company", Map.of("name", "Webhook Fuzz Co", "timezone", "America/Chicago",
                "business_numbers", List.of(number))).status()).isEqualTo(200);
        var root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        var capture = new Capture();
        capture.start();
        root.addAppender(capture);
        long from = Long.getLong("fuzz.seed", 1);
        int count = Integer.getInteger("fuzz.webhooks", 150);
        var failures = new ArrayList<String>();
        var outcomes = new TreeMap<String, Integer>();
        try {
            var before = optOuts();
            for (int i = 0; i < count; i++) {
                long seed = from + i;
                var r = new Random(seed);
                var id = UUID.randomUUID().toString();
                var event = validEvent(id, number, r.nextInt(3) == 0);
                var fields = new ArrayList<String>();
                paths(event, "", fields);
                fields.removeIf(f -> f.startsWith("meta"));
                var field = fields.get(r.nextInt(fields.size()));
                var old = valueAt(event, field);
                String kind;
                String text = null;
                switch (r.nextInt(8)) {
                    case 0 -> {
                        kind = "wrong-type";
                        replace(event, field, wrongType(old, r));
                    }
                    case 1 -> {
                        kind = "null";
                        replace(event, field, NODES.nullNode());
                    }
                    case 2 -> {
                        kind = "missing";
                        remove(event, field);
                    }
                    case 3 -> {
                        kind = "empty";
                        replace(event, field, NODES.stringNode(r.nextBoolean() ? "" : "  "));
                    }
                    case 4 -> {
                        kind = "10000-chars";
                        replace(event, field, NODES.stringNode("x".repeat(10_000)));
                    }
                    case 5 -> {
                        var c = CONTROL.get(r.nextInt(CONTROL.size()));
                        kind = c.contains("\u0000") ? "nul" : "control-chars";
                        replace(event, field, NODES.stringNode(old.isString() ? old.asString() + c : c));
                    }
                    case 6 -> {
                        kind = "lone-surrogate";
                        replace(event, field, NODES.stringNode(SURROGATE));
                        text = json(event).replace("\"" + SURROGATE + "\"", "\"" + (old.isString() ? escape(old.asString()) : "") + "\\ud800\"");
                    }
                    default -> {
                        kind = "bad-value";
                        var bad = List.of("+1", "not-a-number", "9999-99-99T99:99:99Z", "call.unknown_event", "v3:", "-1", "sip:");
                        replace(event, field, NODES.stringNode(bad.get(r.nextInt(bad.size()))));
                    }
                }
                var body = text != null ? text : json(event);
                var ts = String.valueOf(Instant.now().getEpochSecond());
                logged.clear();
                Answer a;
                try {
                    var response = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/telnyx/webhooks"))
                            .header("Content-Type", "application/json").header("telnyx-timestamp", ts).header("telnyx-signature-ed25519", sign(ts, body))
                            .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
                    var type = response.headers().firstValue("Content-Type").orElse("");
                    a = new Answer(response.statusCode(), type, response.body(), type.contains("json") ? JSON.readTree(response.body()) : null);
                } catch (java.io.IOException | InterruptedException ex) {
                    failures.add("SEED " + seed + " " + kind + " of " + field + ": no answer (" + ex + ")");
                    continue;
                }
                var after = optOuts();
                var stored = jdbc.sql("select count(*) from carrier_inbox where event_id = :id").param("id", id).query(Long.class).single()
                        + TenantContext.callAs(CompanyId.of(companyId.toString()), () -> tx.execute(st -> jdbc
                                .sql("select count(*) from calls where company_id = :c and caller_leg_id = :leg").param("c", companyId)
                                .param("leg", "v3:leg-" + id).query(Long.class).single()));
                outcomes.merge(a.status() + " " + kind, 1, Integer::sum);
                String problem = null;
                if (a.status() >= 500) {
                    problem = "answered " + a.status();
                } else if (a.status() >= 400) {
                    var detail = a.json() == null ? "" : a.json().path("detail").asString("");
                    var name = named(field);
                    if (a.json() == null || !a.contentType().startsWith("application/problem+json")) {
                        problem = "not a problem document";
                    } else if (!detail.contains(name) && !detail.contains(parentPath(field).replaceAll("\\[\\d+]", ""))) {
                        problem = "the detail does not name " + field;
                    } else if (stored > 0 || !after.equals(before)) {
                        problem = "refused but stored (" + stored + " inbox rows or calls" + (after.equals(before) ? "" : ", the opt-outs changed") + ")";
                    }
                }
                if (problem == null && !logged.isEmpty()) {
                    problem = "the app logged " + logged;
                }
                if (problem != null) {
                    failures.add("SEED " + seed + " " + kind + " of " + field + ": " + problem + "\n   " + (body.length() > 600 ? body.substring(0, 600) : body)
                            + "\n   -> " + a.status() + " " + (a.body().length() > 400 ? a.body().substring(0, 400) : a.body()));
                }
                before = after;
            }
        } finally {
            root.detachAppender(capture);
        }
        System.out.println("ApiBadInputFuzzTest webhooks: " + count + " from seed " + from + ", answers by kind " + outcomes);
        failures.forEach(f -> System.out.println("ApiBadInputFuzzTest webhook " + f));
        assertThat(failures).as(failures.size() + " of " + count + " webhooks failed (see the ApiBadInputFuzzTest webhook lines)").isEmpty();
    }

    /**
     * The company's opt-outs (what a text changes). Calls are checked by the event's own leg: calls an accepted event
     * started go on by themselves (the simulator answers, rings, hangs up) while later events are sent.
     */
    String optOuts() {
        return TenantContext.callAs(CompanyId.of(companyId.toString()), () -> tx.execute(st -> jdbc.sql(
                "select coalesce(string_agg(to_jsonb(x)::text, '|' order by to_jsonb(x)::text), '') from call_text_opt_outs x where company_id = :c")
                .param("c", companyId).query(String.class).single()));
    }

    /** Every POST, PUT, PATCH and DELETE under /api/v1 in the app's OpenAPI document, as "METHOD /path/{id}". */
    java.util.Set<String> writeEndpointsInOpenApi() {
        var docs = api().get("/v3/api-docs").json();
        var found = new TreeSet<String>();
        for (var path : docs.get("paths").propertyNames()) {
            if (!path.startsWith("/api/v1/")) {
                continue;
            }
            for (var method : docs.get("paths").get(path).propertyNames()) {
                if (List.of("post", "put", "patch", "delete").contains(method)) {
                    found.add(method.toUpperCase() + " " + path.replaceAll("\\{[^}]+}", "{id}"));
                }
            }
        }
        return found;
    }

    /** Leaves no failed logins from this machine's address behind for the tests after this one. */
    @AfterAll
    static void forgetFailedLogins(@Autowired JdbcClient jdbc) {
        jdbc.sql("delete from login_failures where at >= :t").param("t", java.sql.Timestamp.from(STARTED)).update();
    }
}
