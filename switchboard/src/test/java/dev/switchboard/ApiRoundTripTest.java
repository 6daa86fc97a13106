package dev.switchboard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.support.ApiClient;
import dev.switchboard.support.IntegrationTest;
import dev.switchboard.support.TestNumbers;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * What a client of the API does first with a resource: read it, change a field, send it back. The body a GET answers,
 * sent back whole with a PUT (or a PATCH), is taken and changes nothing: the fields GET adds (an id, times, warnings,
 * what is worked out such as whether the business is open now) are accepted and ignored, and a rule's time window, which
 * GET gives in minutes after midnight, is read in those minutes. A field no GET answers is still refused, naming it.
 */
class ApiRoundTripTest extends IntegrationTest {

    ApiClient owner;
    String ann;
    String bob;

    @BeforeEach
    void company() {
        owner = api().signUpNewCompany("Round Trip Co");
        var company = owner.put("/api/v1/company", Map.of("name", "Round Trip Co", "timezone", "America/Chicago",
                "default_region", "US", "business_numbers", List.of(TestNumbers.unused("+1312")), "international_calls", true));
        assertThat(company.status()).as(company.body()).isEqualTo(200);
        ann = created(owner.post("/api/v1/members", Map.ofEntries(Map.entry("name", "Ann"), Map.entry("email", "ann@roundtrip.example"),
                Map.entry("phone_extension", "101"), Map.entry("direct_inward_dial", TestNumbers.unused("+1312")),
                Map.entry("sip_address", "sip:ann@roundtrip.example"), Map.entry("call_forwarding_enabled", true),
                Map.entry("call_forwarding_number", "+17735550188"), Map.entry("simultaneous_ring_enabled", true),
                Map.entry("ring_timeout_seconds", 35), Map.entry("max_concurrent_calls", 2), Map.entry("voicemail_pin", "4821"))));
        bob = created(owner.post("/api/v1/members", Map.of("name", "Bob", "phone_extension", "102")));
    }

    static String created(ApiClient.Response response) {
        assertThat(response.status()).as(response.body()).isEqualTo(201);
        var json = response.json();
        return (json.has("rule") ? json.get("rule") : json.has("menu") ? json.get("menu") : json).get("id").asString();
    }

    /** The resource as GET answers it, without its time of change (a save stamps it, changing nothing else). */
    JsonNode read(String path) {
        var got = owner.get(path);
        assertThat(got.status()).as(got.body()).isEqualTo(200);
        var json = (ObjectNode) got.json();
        json.remove("updated_at");
        return json;
    }

    /** GET {@code path}, send the body back with {@code method}: taken, and the resource read again is the same. */
    void sendsBackUnchanged(String method, String path) {
        var body = owner.get(path).body();
        var before = read(path);
        var sent = method.equals("PUT") ? owner.put(path, body) : owner.patch(path, body);
        assertThat(sent.status()).as(method + " " + path + " with the body GET answered: " + sent.body()).isEqualTo(200);
        assertThat(read(path)).as(method + " " + path).isEqualTo(before);
    }

    @Test
    void everyResourceReadCanBeSentBackAsItIs() {
        var vip = created(owner.post("/api/v1/routing-rules", Map.of("name", "VIP evenings", "type", "CONDITIONAL",
                "conditions", Map.of("customer_tag", "VIP", "weekdays", List.of("MONDAY", "FRIDAY"), "time_from", "17:30",
                        "time_to", "22:00"),
                "match_target", Map.of("kind", "MEMBER", "member_id", ann))));
        var office = created(owner.post("/api/v1/routing-rules", Map.of("name", "Office", "type", "ROUND_ROBIN",
                "member_ids", List.of(ann, bob), "no_answer_target", Map.of("kind", "VOICEMAIL", "member_id", ann))));
        var menu = created(owner.post("/api/v1/ivr-menus", Map.of("name", "Main", "greeting_text", "Press 1 for the office.",
                "options", Map.of("1", Map.of("kind", "RULE", "rule_id", office)))));
        var queue = created(owner.post("/api/v1/queues", Map.of("name", "Support", "member_ids", List.of(ann, bob))));
        var schedule = created(owner.post("/api/v1/schedules", Map.of("name", "Shop",
                "ranges", List.of(Map.of("day", "MONDAY", "start", "09:00", "end", "17:00")))));
        var holiday = created(owner.post("/api/v1/holidays", Map.of("name", "Christmas", "date", "2026-12-25",
                "recurrence", "YEARLY", "greeting_text", "Closed today")));
        var customer = created(owner.post("/api/v1/customers", Map.of("name", "Carla", "email", "carla@example.com",
                "phone_numbers", List.of("+17735550123"), "tags", List.of("VIP"))));
        var job = created(owner.post("/api/v1/jobs", Map.of("customer_id", customer, "title", "Boiler", "status", "SCHEDULED",
                "assigned_member_id", ann)));
        var user = created(owner.post("/api/v1/users", Map.of("email", "sue-" + java.util.UUID.randomUUID() + "@roundtrip.example",
                "password", "their-password", "role", "SUPERVISOR", "member_id", bob)));
        var hours = owner.put("/api/v1/business-hours", Map.of("ranges", List.of(Map.of("day", "MONDAY", "start", "08:00", "end", "18:00"),
                Map.of("day", "SATURDAY", "start", "22:00", "end", "02:00"))));
        assertThat(hours.status()).as(hours.body()).isEqualTo(200);

        sendsBackUnchanged("PUT", "/api/v1/company");
        sendsBackUnchanged("PUT", "/api/v1/phone-settings");
        sendsBackUnchanged("PUT", "/api/v1/business-hours");
        sendsBackUnchanged("PUT", "/api/v1/schedules/" + schedule);
        for (var member : List.of(ann, bob)) {
            sendsBackUnchanged("PUT", "/api/v1/members/" + member);
            sendsBackUnchanged("PATCH", "/api/v1/members/" + member);
        }
        assertThat(owner.get("/api/v1/members/" + ann).json().get("voicemail_pin_set").asBoolean()).as("the PIN kept").isTrue();
        for (var rule : List.of(vip, office)) {
            sendsBackUnchanged("PUT", "/api/v1/routing-rules/" + rule);
            sendsBackUnchanged("PATCH", "/api/v1/routing-rules/" + rule);
        }
        var window = owner.get("/api/v1/routing-rules/" + vip).json().get("conditions");
        assertThat(window.get("time_from_minute").asInt()).isEqualTo(17 * 60 + 30);
        assertThat(window.get("time_to_minute").asInt()).isEqualTo(22 * 60);
        sendsBackUnchanged("PUT", "/api/v1/ivr-menus/" + menu);
        sendsBackUnchanged("PATCH", "/api/v1/ivr-menus/" + menu);
        sendsBackUnchanged("PUT", "/api/v1/queues/" + queue);
        sendsBackUnchanged("PATCH", "/api/v1/queues/" + queue);
        sendsBackUnchanged("PUT", "/api/v1/holidays/" + holiday);
        sendsBackUnchanged("PUT", "/api/v1/customers/" + customer);
        sendsBackUnchanged("PUT", "/api/v1/jobs/" + job);
        sendsBackUnchanged("PUT", "/api/v1/users/" + user);
    }

    @Test
    void aMailboxsSettingsReadCanBeSentBack() {
        for (var path : List.of("/api/v1/voicemail/settings", "/api/v1/members/" + ann + "/voicemail")) {
            var set = owner.put(path, Map.of("email_enabled", true, "email_addresses", List.of("office@roundtrip.example"),
                    "retention_days", 30, "greeting_type", "TEXT_TO_SPEECH", "greeting_text", "Leave a message."));
            assertThat(set.status()).as(set.body()).isEqualTo(200);
            var before = owner.get(path).json().get("settings");

            var sent = owner.put(path, before.toString());

            assertThat(sent.status()).as(path + ": " + sent.body()).isEqualTo(200);
            assertThat(owner.get(path).json().get("settings")).as(path).isEqualTo(before);
        }
    }

    @Test
    void aMailboxsWholeAnswerCanBeSentBackChangedAndItsProblemsAreNamedWhereTheyAre() {
        for (var path : List.of("/api/v1/voicemail/settings", "/api/v1/members/" + ann + "/voicemail")) {
            var whole = (ObjectNode) owner.get(path).json();
            ((ObjectNode) whole.get("settings")).put("retention_days", 60).put("greeting_type", "TEXT_TO_SPEECH")
                    .put("greeting_text", "Back soon.");

            var sent = owner.put(path, whole.toString());

            assertThat(sent.status()).as(path + ": " + sent.body()).isEqualTo(200);
            var after = owner.get(path).json().get("settings");
            assertThat(after.get("retention_days").asInt()).as(path).isEqualTo(60);
            assertThat(after.get("greeting_text").asString()).as(path).isEqualTo("Back soon.");

            // A problem inside the settings object is named where it is in the body; nothing changes.
            ((ObjectNode) whole.get("settings")).put("retention_days", 45);
            var refused = owner.put(path, whole.toString());
            assertThat(refused.status()).as(refused.body()).isEqualTo(422);
            assertThat(refused.errorField()).isEqualTo("settings.retention_days");
            assertThat(owner.get(path).json().get("settings")).as(path).isEqualTo(after);

            // The settings both inside settings and at the top level: which to take is not guessed.
            ((ObjectNode) whole.get("settings")).put("retention_days", 30);
            whole.put("retention_days", 90);
            var both = owner.put(path, whole.toString());
            assertThat(both.status()).as(both.body()).isEqualTo(422);
            assertThat(both.errorField()).isEqualTo("settings");
            assertThat(owner.get(path).json().get("settings")).as(path).isEqualTo(after);
        }
    }

    @Test
    void aRuleOrMenuWrittenIsAnsweredAsGetAnswersItWithItsOldWrapperKept() {
        var added = owner.post("/api/v1/routing-rules", Map.of("name", "Front desk", "type", "DIRECT", "member_ids", List.of(ann)));
        assertThat(added.status()).as(added.body()).isEqualTo(201);
        var id = added.json().path("id").asString("");
        assertThat(id).as("the created rule's id where GET has it: " + added.body()).isNotEmpty();
        var menu = owner.post("/api/v1/ivr-menus", Map.of("name", "Main", "greeting_text", "Press 1.",
                "options", Map.of("1", Map.of("kind", "VOICEMAIL"))));
        assertThat(menu.status()).as(menu.body()).isEqualTo(201);
        var menuId = menu.json().path("id").asString("");
        assertThat(menuId).as(menu.body()).isNotEmpty();

        for (var write : List.of(added, owner.put("/api/v1/routing-rules/" + id, owner.get("/api/v1/routing-rules/" + id).body()),
                menu, owner.put("/api/v1/ivr-menus/" + menuId, owner.get("/api/v1/ivr-menus/" + menuId).body()))) {
            var answer = (ObjectNode) write.json();
            var wrapper = answer.has("rule") ? "rule" : "menu";
            // As before, inside the wrapper too: the clients written against it keep working.
            assertThat(answer.get(wrapper).get("id").asString()).isEqualTo(wrapper.equals("rule") ? id : menuId);
            answer.remove(wrapper);
            answer.remove("updated_at");
            var path = wrapper.equals("rule") ? "/api/v1/routing-rules/" + id : "/api/v1/ivr-menus/" + menuId;
            var read = (ObjectNode) read(path);
            // A write's warnings are the save's (a menu without a timeout target told so), a read's what is wrong now.
            assertThat(answer.remove("warnings").isArray()).isTrue();
            read.remove("warnings");
            assertThat(answer).as(path).isEqualTo(read);
        }
        // The document says which to read, and what the mailbox's PUT takes.
        var schemas = owner.get("/v3/api-docs").json().get("components").get("schemas");
        assertThat(schemas.at("/RoutingApiRuleView/properties/rule/deprecated").asBoolean()).as("rule").isTrue();
        assertThat(schemas.at("/RoutingApiMenuView/properties/menu/deprecated").asBoolean()).as("menu").isTrue();
        assertThat(schemas.at("/MailboxSettingsInput/properties/settings/description").asString("")).contains("the whole answer of GET");
    }

    @Test
    void aFieldNoGetAnswersIsStillRefused() {
        var body = (ObjectNode) owner.get("/api/v1/members/" + ann).json();
        body.put("ring_timout_seconds", 50);

        var sent = owner.put("/api/v1/members/" + ann, body.toString());

        assertThat(sent.status()).as(sent.body()).isEqualTo(400);
        assertThat(sent.errorField()).isEqualTo("ring_timout_seconds");
    }

    @Test
    void aYearlyHolidaysOwnRuleIsTakenBackButNoOther() {
        var holiday = created(owner.post("/api/v1/holidays", Map.of("name", "Christmas Eve", "date", "2026-12-24",
                "recurrence", "YEARLY")));
        var body = (ObjectNode) owner.get("/api/v1/holidays/" + holiday).json();
        assertThat(body.get("rrule").asString()).isEqualTo("FREQ=YEARLY;BYMONTH=12;BYMONTHDAY=24");

        // Its date moved, the rule GET gave for the old one sent with it: the date decides.
        body.put("date", "2026-12-23");
        var moved = owner.put("/api/v1/holidays/" + holiday, body.toString());
        assertThat(moved.status()).as(moved.body()).isEqualTo(200);
        assertThat(moved.json().get("rrule").asString()).isEqualTo("FREQ=YEARLY;BYMONTH=12;BYMONTHDAY=23");

        // A rule of the client's own with a yearly holiday: refused as before, saying how to use it.
        body.put("rrule", "FREQ=YEARLY;BYMONTH=11;BYDAY=4TH");
        var own = owner.put("/api/v1/holidays/" + holiday, body.toString());
        assertThat(own.status()).as(own.body()).isEqualTo(422);
        assertThat(own.errorField()).isEqualTo("rrule");
        assertThat(own.body()).contains("CUSTOM");
        assertThat(owner.get("/api/v1/holidays/" + holiday).json().get("date").asString()).isEqualTo("2026-12-23");
    }

    @Test
    void aRuleWindowSentInMinutesIsTakenAndBothWaysMustAgree() {
        var body = new HashMap<String, Object>(Map.of("name", "Evenings", "type", "CONDITIONAL",
                "conditions", Map.of("time_from_minute", 1020, "time_to_minute", 1440),
                "match_target", Map.of("kind", "MEMBER", "member_id", bob)));
        var rule = created(owner.post("/api/v1/routing-rules", body));
        var conditions = owner.get("/api/v1/routing-rules/" + rule).json().get("conditions");
        assertThat(conditions.get("time_from_minute").asInt()).isEqualTo(1020);
        assertThat(conditions.get("time_to_minute").asInt()).isEqualTo(1440);

        body.put("conditions", Map.of("time_from", "17:00", "time_from_minute", 1080, "time_to", "24:00"));
        var clash = owner.put("/api/v1/routing-rules/" + rule, body);

        assertThat(clash.status()).as(clash.body()).isEqualTo(422);
        assertThat(clash.errorField()).isEqualTo("conditions.time_from_minute");
        assertThat(clash.body()).contains("17:00").contains("18:00");
        assertThat(owner.get("/api/v1/routing-rules/" + rule).json().get("conditions").get("time_from_minute").asInt())
                .as("nothing changed").isEqualTo(1020);
        body.put("conditions", Map.of("time_from_minute", 1440, "time_to", "24:00"));
        var late = owner.put("/api/v1/routing-rules/" + rule, body);
        assertThat(late.status()).as(late.body()).isEqualTo(422);
        assertThat(late.errorField()).isEqualTo("conditions.time_from_minute");
    }
}
