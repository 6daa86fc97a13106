package dev.switchboard;

import static dev.switchboard.BadInputFuzz.*;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import dev.switchboard.support.AppErrors;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;
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

    private static final Instant STARTED = Instant.now();

    @Autowired
    JdbcClient jdbc;

    @Autowired
    TransactionTemplate tx;

    final HttpClient http = HttpClient.newHttpClient();

    BadInputFuzz fuzz;

    // --- the fixture: one company with one of everything the endpoints refer to ---

    ApiClient owner;
    UUID companyId;
    String memberA;
    /** Ann's direct line: the company's one number (it has no business number), which a simulated call may dial. */
    String memberADirect;
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
        memberADirect = unusedNumber();
        memberA = created(owner.post("/api/v1/members", Map.of("name", "Ann", "phone_extension", "201", "direct_inward_dial", memberADirect)),
                null);
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
        // A team member has one login, so a new user's valid body links none (it would be valid once); the update's links
        // the fuzzed user to Ann, which stays valid however often it is sent.
        list.add(new Endpoint("POST", "/api/v1/users", "/api/v1/users", () -> tree(Map.of("email", "u-" + UUID.randomUUID() + "@test.example",
                "password", "their-password", "display_name", "Una", "role", "AGENT", "enabled", true))));
        list.add(new Endpoint("PUT", "/api/v1/users/{id}", "/api/v1/users/" + user, () -> tree(Map.of("display_name", "Una",
                "role", "AGENT", "member_id", memberA, "enabled", true))));
        list.add(new Endpoint("DELETE", "/api/v1/users/{id}", "/api/v1/users/" + user, null));
        // directory
        list.add(new Endpoint("POST", "/api/v1/members", "/api/v1/members", () -> tree(memberBody("Dee", null))));
        list.add(new Endpoint("PUT", "/api/v1/members/{id}", "/api/v1/members/" + memberB, () -> tree(memberBody("Bob", "202"))));
        list.add(new Endpoint("PATCH", "/api/v1/members/{id}", "/api/v1/members/" + memberB, () -> tree(Map.of("name", "Bob",
                "ring_timeout_seconds", 30, "call_forwarding_number", "+13125550177", "max_concurrent_calls", 1)), "application/merge-patch+json"));
        list.add(new Endpoint("DELETE", "/api/v1/members/{id}", "/api/v1/members/" + memberB, null));
        list.add(new Endpoint("POST", "/api/v1/members/assign-extensions", "/api/v1/members/assign-extensions", () -> tree(Map.of("start", 101))));
        list.add(new Endpoint("PATCH", "/api/v1/members/{id}/forwarding", "/api/v1/members/" + memberA + "/forwarding",
                () -> tree(Map.of("call_forwarding_enabled", true, "call_forwarding_number", "+13125550178",
                        "simultaneous_ring_enabled", false, "confirm_forwarded_calls", false)), "application/merge-patch+json"));
        list.add(new Endpoint("PUT", "/api/v1/members/{id}/voicemail-pin", "/api/v1/members/" + memberA + "/voicemail-pin",
                () -> tree(Map.of("voicemail_pin", "4821"))));
        list.add(new Endpoint("DELETE", "/api/v1/members/{id}/voicemail-pin", "/api/v1/members/" + memberA + "/voicemail-pin", null));
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
        // Each body an hour of its own, two hours after the last: one a mutation left valid has saved does not overlap the
        // next (refused for the overlap, not for what was changed in it).
        var slot = new java.util.concurrent.atomic.AtomicInteger();
        list.add(new Endpoint("POST", "/api/v1/business-hours/overrides", "/api/v1/business-hours/overrides", () -> {
            var from = Instant.now().plusSeconds(2 * 86_400 + 7_200L * slot.getAndIncrement());
            return tree(Map.of("kind", "OPEN_UNTIL", "from", from.toString(), "until", from.plusSeconds(3_600).toString(), "reason", "Training"));
        }));
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
                "to", memberADirect, "at", "2026-11-25T18:00:00Z"))));
        // queue
        list.add(new Endpoint("POST", "/api/v1/queues", "/api/v1/queues", () -> tree(queueBody("Support"))));
        list.add(new Endpoint("PUT", "/api/v1/queues/{id}", "/api/v1/queues/" + queue, () -> tree(queueBody("Sales"))));
        list.add(new Endpoint("PATCH", "/api/v1/queues/{id}", "/api/v1/queues/" + queue, () -> tree(Map.of("max_wait_seconds", 300,
                "max_wait_target", Map.of("kind", "VOICEMAIL"), "vip_tag", "VIP")), "application/merge-patch+json"));
        list.add(new Endpoint("DELETE", "/api/v1/queues/{id}", "/api/v1/queues/" + queue, null));
        list.add(new Endpoint("DELETE", "/api/v1/queues/{id}/callbacks/{id}", "/api/v1/queues/" + queue + "/callbacks/" + UUID.randomUUID(), null));
        // voicemail
        list.add(new Endpoint("PUT", "/api/v1/voicemail/settings", "/api/v1/voicemail/settings", () -> tree(mailboxBody())));
        list.add(new Endpoint("PUT", "/api/v1/members/{id}/voicemail", "/api/v1/members/" + memberA + "/voicemail", () -> tree(mailboxBody())));
        list.add(new Endpoint("PUT", "/api/v1/members/{id}/greeting", "/api/v1/members/" + memberA + "/greeting",
                () -> tree(Map.of("greeting_type", "TEXT_TO_SPEECH", "greeting_text", "Ann here, leave a message.",
                        "greeting_voice", "female", "greeting_language", "en-US"))));
        list.add(new Endpoint("POST", "/api/v1/members/{id}/greeting/audio", "/api/v1/members/" + memberA + "/greeting/audio", null,
                "multipart/form-data"));
        list.add(new Endpoint("PUT", "/api/v1/members/{id}/voicemail/notifications", "/api/v1/members/" + memberA + "/voicemail/notifications",
                () -> tree(Map.of("email_enabled", true, "email_addresses", List.of("ann@fuzz.example"), "attach_audio", true,
                        "sms_enabled", true, "sms_number", "+13125550199"))));
        var noMessage = UUID.randomUUID();
        list.add(new Endpoint("PATCH", "/api/v1/voicemail/messages/{id}", "/api/v1/voicemail/messages/" + noMessage,
                () -> tree(Map.of("heard", true))));
        list.add(new Endpoint("DELETE", "/api/v1/voicemail/messages/{id}", "/api/v1/voicemail/messages/" + noMessage, null));
        list.add(new Endpoint("POST", "/api/v1/voicemail/messages/{id}/restore", "/api/v1/voicemail/messages/" + noMessage + "/restore", null));
        list.add(new Endpoint("POST", "/api/v1/voicemail/messages/{id}/permanent-delete",
                "/api/v1/voicemail/messages/" + noMessage + "/permanent-delete", null));
        list.add(new Endpoint("POST", "/api/v1/voicemail/messages/{id}/move", "/api/v1/voicemail/messages/" + noMessage + "/move",
                () -> tree(Map.of("box", "general"))));
        // calls: the company has no business number, so a valid click-to-call is refused (after its fields are checked)
        var noCall = UUID.randomUUID();
        list.add(new Endpoint("POST", "/api/v1/calls", "/api/v1/calls", () -> tree(Map.of("member_id", memberA, "number", "+17735550123"))));
        list.add(new Endpoint("POST", "/api/v1/calls/{id}/transfer", "/api/v1/calls/" + noCall + "/transfer", () -> tree(Map.of("member_id", memberA))));
        list.add(new Endpoint("PATCH", "/api/v1/call-logs/{id}", "/api/v1/call-logs/" + noCall, () -> tree(Map.of("notes", "Called back",
                "tags", List.of("vip")))));
        list.add(new Endpoint("PATCH", "/api/v1/call-logs/{id}", "/api/v1/call-logs/" + noCall, () -> tree(Map.of("customer_id", customer,
                "job_id", job))));
        // the demo's test calls: none of them dial this company (it has no number)
        list.add(new Endpoint("POST", "/api/v1/simulator/calls", "/api/v1/simulator/calls", () -> tree(Map.of("from", "+17735550123",
                "to", "+13125559999"))));
        list.add(new Endpoint("POST", "/api/v1/simulator/calls/{id}/digits", "/api/v1/simulator/calls/v3:none/digits",
                () -> tree(Map.of("digits", "1"))));
        list.add(new Endpoint("POST", "/api/v1/simulator/calls/{id}/hangup", "/api/v1/simulator/calls/v3:none/hangup", null));
        list.add(new Endpoint("PUT", "/api/v1/simulator/phones/{id}", "/api/v1/simulator/phones/" + memberA,
                () -> tree(Map.of("answers", "ANSWER", "after_seconds", 0))));
        list.add(new Endpoint("POST", "/api/v1/simulator/texts", "/api/v1/simulator/texts", () -> tree(Map.of("from", "+17735550123",
                "to", "+13125559999", "text", "STOP"))));
        // uploaded files: their own mutations (uploadMutation)
        list.add(new Endpoint("POST", "/api/v1/customers/import", "/api/v1/customers/import", null, "text/csv"));
        list.add(new Endpoint("POST", "/api/v1/media", "/api/v1/media", null, "multipart/form-data"));
        // An uploaded prompt nothing plays, to delete.
        var spare = owner.upload("/api/v1/media", "file", "spare.wav", "audio/wav", wav());
        assertThat(spare.status()).as(spare.body()).isEqualTo(201);
        list.add(new Endpoint("DELETE", "/api/v1/media/{id}", "/api/v1/media/" + spare.json().get("file").get("id").asString(), null));
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


    /** One random mutation of {@code e}'s valid request (an upload's own kinds for the two uploads). */
    Mutation mutate(Endpoint e, Random r) {
        if (e.template().equals("/api/v1/customers/import") || e.template().equals("/api/v1/media")
                || e.template().equals("/api/v1/members/{id}/greeting/audio")) {
            return uploadMutation(e, r);
        }
        return BadInputFuzz.mutate(e, r, List.of());
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
            // (a column the import does not know is ignored, not refused: a file of only such columns is)
            files.put("no-known-column", "nome,fone\nAnn,+17735550123\n".getBytes(StandardCharsets.UTF_8));
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
        var kinds = new ArrayList<>(List.of("empty", "not-audio", "text-as-mp3", "no-file-field", "nul-filename", "long-filename",
                "json-body", "broken-multipart"));
        if (e.template().equals("/api/v1/media")) {
            kinds.add("bad-purpose"); // a member's greeting has no purpose to choose
        }
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


    @Test
    void everyBadInputToAWriteEndpointIsRefusedClearlyAndChangesNothing() {
        fixture();
        fuzz = new BadInputFuzz(port, jdbc, tx);
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
            var a = fuzz.send(new Sent(e.method(), e.path(), e.contentType(), json(e.body().get())), bearer);
            assertThat(a.status()).as("the valid request of " + e.name() + ": " + a.body()).isLessThan(500);
            var fields = new java.util.HashSet<String>();
            if (a.status() >= 400 && a.json() != null) {
                a.json().path("errors").forEach(err -> fields.add(err.path("field").asString("")));
                System.out.println("ApiBadInputFuzzTest the valid request of " + e.name() + " is refused: " + a.body());
            }
            baselines.put(e.name(), fields);
        }
        var root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        var capture = new AppErrors(logged);
        capture.start();
        root.addAppender(capture);
        long from = Long.getLong("fuzz.seed", 1);
        int count = Integer.getInteger("fuzz.n", 1500);
        var failures = new ArrayList<String>();
        var accepted = new TreeMap<String, Integer>();
        var refused = new TreeMap<String, Integer>();
        long t0 = System.nanoTime();
        try {
            var before = fuzz.checksum(companyId);
            for (int i = 0; i < count; i++) {
                long seed = from + i;
                var r = new Random(seed);
                var e = endpoints.get(r.nextInt(endpoints.size()));
                var m = mutate(e, r);
                logged.clear();
                Answer a;
                try {
                    a = fuzz.send(m.request(), bearer);
                } catch (RuntimeException ex) {
                    failures.add("SEED " + seed + " " + m.kind() + ": no answer (" + ex + ")\n   " + m.request());
                    continue;
                }
                var after = fuzz.checksum(companyId);
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
        var capture = new AppErrors(logged);
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
