package dev.switchboard.queue;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.support.ApiClient;
import dev.switchboard.support.IntegrationTest;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Queue settings over the API: saved as sent, every bad field named, nothing changed by a refusal. */
class QueueApiTest extends IntegrationTest {

    ApiClient owner;
    String ann;

    @BeforeEach
    void company() {
        owner = api().signUpNewCompany("Queue Settings Co");
        var r = owner.post("/api/v1/members", Map.of("name", "Ann", "phone_extension", "101", "sip_address", "sip:ann@q.sip.telnyx.com"));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        ann = r.json().get("id").asString();
    }

    Map<String, Object> valid() {
        return new HashMap<>(Map.of("name", "Sales", "strategy", "LONGEST_IDLE", "member_ids", List.of(ann)));
    }

    /**
     * A rule sending calls to a queue with nobody in it is warned, as one with nobody in it is: its callers are offered to
     * no one. Its save said nothing (found by the queue walk); the warning goes once the queue has a member.
     */
    @Test
    void aRuleSendingCallsToAQueueWithNobodyInItIsWarned() {
        var empty = owner.post("/api/v1/queues", Map.of("name", "Night desk"));
        assertThat(empty.status()).as(empty.body()).isEqualTo(201);
        var queue = empty.json().get("id").asString();
        var rule = owner.post("/api/v1/routing-rules", Map.of("name", "To the desk", "type", "CONDITIONAL",
                "conditions", Map.of("caller_pattern", "+1773*"), "match_target", Map.of("kind", "QUEUE", "queue_id", queue)));
        assertThat(rule.status()).as(rule.body()).isEqualTo(201);
        assertThat(rule.json().get("warnings").toString()).contains("nobody is in the queue 'Night desk'");
        var ruleId = rule.json().get("rule").get("id").asString();
        assertThat(owner.get("/api/v1/routing-rules/" + ruleId).json().get("warnings").toString()).contains("nobody is in the queue 'Night desk'");
        assertThat(owner.patch("/api/v1/queues/" + queue, Map.of("member_ids", List.of(ann))).status()).isEqualTo(200);
        assertThat(owner.get("/api/v1/routing-rules/" + ruleId).json().get("warnings").toString()).doesNotContain("nobody is in the queue");
    }

    @Test
    void aQueueIsCreatedWithDefaultsAndUpdated() {
        var created = owner.post("/api/v1/queues", valid());
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        var q = created.json();
        assertThat(q.get("strategy").asString()).isEqualTo("LONGEST_IDLE");
        assertThat(q.get("ring_timeout_seconds").asInt()).isEqualTo(20);
        assertThat(q.get("wrap_up_seconds").asInt()).isEqualTo(10);
        assertThat(q.get("max_wait_seconds").asInt()).isEqualTo(300);
        assertThat(q.get("callback_key").asString()).isEqualTo("1");
        assertThat(q.get("member_ids").get(0).asString()).isEqualTo(ann);
        var body = valid();
        body.put("max_wait_target", Map.of("kind", "VOICEMAIL", "member_id", ann));
        body.put("wrap_up_seconds", 45);
        var updated = owner.put("/api/v1/queues/" + q.get("id").asString(), body);
        assertThat(updated.status()).as(updated.body()).isEqualTo(200);
        assertThat(updated.json().get("wrap_up_seconds").asInt()).isEqualTo(45);
        assertThat(updated.json().get("max_wait_target").get("kind").asString()).isEqualTo("VOICEMAIL");
        assertThat(owner.get("/api/v1/queues").json().size()).isEqualTo(1);
    }

    @Test
    void badFieldsAreNamedAndNothingIsSaved() {
        var body = valid();
        body.put("strategy", "RANDOM");
        body.put("member_ids", List.of(ann, ann, UUID.randomUUID().toString()));
        body.put("ring_timeout_seconds", 2);
        body.put("announce_interval_seconds", 5);
        body.put("callback_key", "12");
        body.put("full_target", Map.of("kind", "EXTERNAL_NUMBER", "number", "not a number"));
        var r = owner.post("/api/v1/queues", body);
        assertThat(r.status()).isEqualTo(422);
        var fields = new java.util.ArrayList<String>();
        r.json().get("errors").forEach(e -> fields.add(e.get("field").asString()));
        assertThat(fields).contains("strategy", "member_ids[1]", "member_ids[2]", "ring_timeout_seconds", "announce_interval_seconds",
                "callback_key", "full_target.number");
        assertThat(owner.get("/api/v1/queues").json().size()).isZero();
    }

    @Test
    void aQueueCannotOverflowIntoItselfAndNamesAreUnique() {
        var q = owner.post("/api/v1/queues", valid()).json().get("id").asString();
        var body = valid();
        body.put("max_wait_target", Map.of("kind", "QUEUE", "queue_id", q));
        var r = owner.put("/api/v1/queues/" + q, body);
        assertThat(r.status()).isEqualTo(422);
        assertThat(r.errorField()).isEqualTo("max_wait_target.queue_id");
        var duplicate = owner.post("/api/v1/queues", valid());
        assertThat(duplicate.status()).isEqualTo(409);
    }

    /** Compared as routing rules and menus compare theirs: trimmed and in any case, refused naming the queue that has it. */
    @Test
    void aQueueNameIsRefusedTrimmedAndInAnyCaseNamingTheQueueThatHasIt() {
        owner.post("/api/v1/queues", valid());
        var body = valid();
        body.put("name", "  SALES ");
        var twin = owner.post("/api/v1/queues", body);
        assertThat(twin.status()).as(twin.body()).isEqualTo(409);
        assertThat(twin.errorField()).isEqualTo("name");
        assertThat(twin.body()).contains("the queue 'Sales' already has this name; choose another");
        assertThat(owner.get("/api/v1/queues").json().size()).isEqualTo(1);

        body.put("name", "Support");
        var support = owner.post("/api/v1/queues", body).json().get("id").asString();
        var before = owner.get("/api/v1/queues/" + support).body();
        body.put("name", "sales");
        var renamed = owner.put("/api/v1/queues/" + support, body);
        assertThat(renamed.status()).as(renamed.body()).isEqualTo(409);
        assertThat(renamed.body()).contains("the queue 'Sales' already has this name");
        assertThat(owner.get("/api/v1/queues/" + support).body()).as("nothing changed").isEqualTo(before);
        body.put("name", " support ");
        assertThat(owner.put("/api/v1/queues/" + support, body).status()).as("its own name, in another case").isEqualTo(200);
    }

    @Test
    void aRoutingTargetMustNameAnExistingQueue() {
        var r = owner.post("/api/v1/routing-rules", Map.of("name", "Q", "type", "BUSINESS_HOURS",
                "open_target", Map.of("kind", "QUEUE", "queue_id", UUID.randomUUID().toString())));
        assertThat(r.status()).isEqualTo(422);
        assertThat(r.errorField()).isEqualTo("open_target.queue_id");
        var q = owner.post("/api/v1/queues", valid()).json().get("id").asString();
        var ok = owner.post("/api/v1/routing-rules", Map.of("name", "Q", "type", "BUSINESS_HOURS",
                "open_target", Map.of("kind", "QUEUE", "queue_id", q), "closed_target", Map.of("kind", "VOICEMAIL")));
        assertThat(ok.status()).as(ok.body()).isEqualTo(201);
    }

    @Test
    void anotherCompanysQueueIsNotFoundAndStatsCheckThePeriod() {
        var q = owner.post("/api/v1/queues", valid()).json().get("id").asString();
        var other = api().signUpNewCompany("Other Co");
        assertThat(other.get("/api/v1/queues/" + q).status()).isEqualTo(404);
        assertThat(other.get("/api/v1/queues/" + q + "/callers").status()).isEqualTo(404);
        assertThat(owner.get("/api/v1/queues/" + q + "/stats?from=2026-11-25T00:00:00Z&to=2026-11-24T00:00:00Z").status()).isEqualTo(422);
        var stats = owner.get("/api/v1/queues/" + q + "/stats").json();
        assertThat(stats.get("offered").asLong()).isZero();
        assertThat(stats.get("service_level_percent").isNull()).isTrue();
        assertThat(owner.delete("/api/v1/queues/" + q).status()).isEqualTo(204);
        assertThat(owner.get("/api/v1/queues/" + q).status()).isEqualTo(404);
    }

    /**
     * Without a period the statistics are today's, from midnight on the company's clock, as the Queues page's "Today" and
     * a contact centre's daily counters (RingCentral resets them at midnight in the account's timezone). They were the last
     * 24 hours, so the API said more than the page on any morning after a busy evening (found by the queue walk). Given
     * only its end, the period starts at that day's midnight.
     */
    @Test
    void theStatsWithoutAPeriodAreTodaysFromMidnightOnTheCompanysClockAsThePageSays() {
        assertThat(owner.put("/api/v1/company", Map.of("name", "Queue Settings Co", "timezone", "America/Chicago")).status()).isEqualTo(200);
        var q = owner.post("/api/v1/queues", valid()).json().get("id").asString();
        var chicago = java.time.ZoneId.of("America/Chicago");
        var stats = owner.get("/api/v1/queues/" + q + "/stats").json();
        var to = java.time.Instant.parse(stats.get("to").asString());
        assertThat(java.time.Instant.parse(stats.get("from").asString()))
                .isEqualTo(to.atZone(chicago).toLocalDate().atStartOfDay(chicago).toInstant());
        var endOnly = owner.get("/api/v1/queues/" + q + "/stats?to=2026-11-25T15:30:00Z").json();
        assertThat(endOnly.get("from").asString()).isEqualTo("2026-11-25T06:00:00Z");
        // A period ending at midnight is the day before it, not an empty one.
        var atMidnight = owner.get("/api/v1/queues/" + q + "/stats?to=2026-11-25T06:00:00Z");
        assertThat(atMidnight.status()).as(atMidnight.body()).isEqualTo(200);
        assertThat(atMidnight.json().get("from").asString()).isEqualTo("2026-11-24T06:00:00Z");
    }

    /**
     * The statistics take days, as the analytics do (GET /api/v1/analytics?from=2026-12-01&to=2026-12-07): a first day from
     * its midnight on the company's clock, a last day to its end, included. Only instants were taken: "from=2026-11-25" was
     * refused as malformed, and a day's figures needed its midnight worked out in UTC by hand (found by the queue walk).
     * Instants are still taken; neither is refused naming the field, with both forms.
     */
    @Test
    void theStatsTakeDaysOnTheCompanysClockAsTheAnalyticsDoAndInstantsToo() {
        assertThat(owner.put("/api/v1/company", Map.of("name", "Queue Settings Co", "timezone", "America/Chicago")).status()).isEqualTo(200);
        var q = owner.post("/api/v1/queues", valid()).json().get("id").asString();
        var day = owner.get("/api/v1/queues/" + q + "/stats?from=2026-11-25&to=2026-11-25");
        assertThat(day.status()).as(day.body()).isEqualTo(200);
        assertThat(day.json().get("from").asString()).isEqualTo("2026-11-25T06:00:00Z");
        assertThat(day.json().get("to").asString()).isEqualTo("2026-11-26T06:00:00Z");
        var week = owner.get("/api/v1/queues/" + q + "/stats?from=2026-11-23&to=2026-11-29").json();
        assertThat(week.get("to").asString()).isEqualTo("2026-11-30T06:00:00Z");
        var instants = owner.get("/api/v1/queues/" + q + "/stats?from=2026-11-25T10:00:00Z&to=2026-11-25T12:00:00Z").json();
        assertThat(instants.get("from").asString()).isEqualTo("2026-11-25T10:00:00Z");
        assertThat(instants.get("to").asString()).isEqualTo("2026-11-25T12:00:00Z");
        var bad = owner.get("/api/v1/queues/" + q + "/stats?from=25/11/2026");
        assertThat(bad.status()).as(bad.body()).isEqualTo(422);
        assertThat(bad.errorField()).isEqualTo("from");
        assertThat(bad.body()).contains("2026-12-01").contains("2026-12-01T00:00:00Z").contains("25/11/2026");
    }

    @Test
    void anAgentSeesTheQueuesFiguresAndOnlyTheirOwnAmongTheMembers() {
        var bob = owner.post("/api/v1/members", Map.of("name", "Bob", "phone_extension", "102", "sip_address", "sip:bob@q.sip.telnyx.com"))
                .json().get("id").asString();
        var body = valid();
        body.put("member_ids", List.of(ann, bob));
        var q = owner.post("/api/v1/queues", body).json().get("id").asString();
        var members = owner.get("/api/v1/queues/" + q + "/stats").json().get("members");
        assertThat(members.size()).isEqualTo(2);

        var agent = owner.newUser("AGENT", ann);
        var own = agent.get("/api/v1/queues/" + q + "/stats");
        assertThat(own.status()).isEqualTo(200);
        assertThat(own.json().get("offered").asLong()).isZero();
        assertThat(own.json().get("members").size()).as("Bob's offers and misses are not Ann's to see").isEqualTo(1);
        assertThat(own.json().get("members").get(0).get("member_id").asString()).isEqualTo(ann);
        assertThat(owner.newUser("AGENT", null).get("/api/v1/queues/" + q + "/stats").json().get("members").size()).isZero();
    }
}
