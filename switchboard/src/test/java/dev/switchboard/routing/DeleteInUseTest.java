package dev.switchboard.routing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.support.ApiClient;
import dev.switchboard.support.IntegrationTest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A member, rule or queue that a target still sends calls to cannot be deleted, wherever the target is: another
 * rule, a menu, the phone settings' after-hours target, a queue's overflow, a holiday (enabled or not). Refused
 * with 409 naming the user, and nothing changes; once the target is changed, the delete goes through.
 */
class DeleteInUseTest extends IntegrationTest {

    ApiClient owner;
    String ann;

    @BeforeEach
    void company() {
        owner = api().signUpNewCompany("Delete In Use Co");
        ann = owner.post("/api/v1/members", Map.of("name", "Ann", "phone_extension", "101")).json().get("id").asString();
    }

    private String queue(String name, Map<String, Object> extra) {
        var body = new java.util.HashMap<String, Object>(Map.of("name", name, "strategy", "FIXED_ORDER", "member_ids", List.of(ann)));
        body.putAll(extra);
        var q = owner.post("/api/v1/queues", body);
        assertThat(q.status()).as(q.body()).isEqualTo(201);
        return q.json().get("id").asString();
    }

    private String rule(String name) {
        var r = owner.post("/api/v1/routing-rules", Map.of("name", name, "type", "SIMULTANEOUS", "member_ids", List.of(ann)));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json().get("rule").get("id").asString();
    }

    private void settings(Map<String, Object> target) {
        var put = owner.put("/api/v1/phone-settings", Map.of("after_hours_target", target));
        assertThat(put.status()).as(put.body()).isEqualTo(200);
    }

    private void refused(String path, String naming) {
        var refused = owner.delete(path);
        assertThat(refused.status()).as(path + ": " + refused.body()).isEqualTo(409);
        assertThat(refused.body()).as(path).contains(naming);
        assertThat(owner.get(path).status()).as(path + " still there").isEqualTo(200);
    }

    @Test
    void aQueueUsedByTheAfterHoursTargetOrAnotherQueueStays() {
        var support = queue("Support", Map.of());
        settings(Map.of("kind", "QUEUE", "queue_id", support));
        refused("/api/v1/queues/" + support, "after-hours target");
        settings(Map.of("kind", "VOICEMAIL"));
        var overflow = queue("Overflow", Map.of("max_wait_seconds", 60, "max_wait_target", Map.of("kind", "QUEUE", "queue_id", support)));
        refused("/api/v1/queues/" + support, "queue 'Overflow'");
        assertThat(owner.delete("/api/v1/queues/" + overflow).status()).isEqualTo(204);
        assertThat(owner.delete("/api/v1/queues/" + support).status()).isEqualTo(204);
    }

    @Test
    void aRuleUsedByAQueueTheSettingsOrADisabledHolidayStays() {
        var rule = rule("Main");
        var q = queue("Support", Map.of("max_wait_seconds", 60, "max_wait_target", Map.of("kind", "RULE", "rule_id", rule)));
        refused("/api/v1/routing-rules/" + rule, "queue 'Support'");
        assertThat(owner.delete("/api/v1/queues/" + q).status()).isEqualTo(204);
        settings(Map.of("kind", "RULE", "rule_id", rule));
        refused("/api/v1/routing-rules/" + rule, "after-hours target");
        settings(Map.of("kind", "VOICEMAIL"));
        var holiday = owner.post("/api/v1/holidays", Map.of("name", "Closed day", "date", "2031-01-02", "routing_rule_id", rule, "enabled", false));
        assertThat(holiday.status()).as(holiday.body()).isEqualTo(201);
        refused("/api/v1/routing-rules/" + rule, "holiday 'Closed day'");
        assertThat(owner.delete("/api/v1/holidays/" + holiday.json().get("id").asString()).status()).isEqualTo(204);
        assertThat(owner.delete("/api/v1/routing-rules/" + rule).status()).isEqualTo(204);
    }

    @Test
    void aMemberNamedByTheAfterHoursTargetOrAQueuesOverflowStays() {
        var bob = owner.post("/api/v1/members", Map.of("name", "Bob", "phone_extension", "102")).json().get("id").asString();
        settings(Map.of("kind", "VOICEMAIL", "member_id", bob));
        refused("/api/v1/members/" + bob, "after-hours target");
        settings(Map.of("kind", "VOICEMAIL"));
        var q = queue("Support", Map.of("max_callers", 5, "full_target", Map.of("kind", "MEMBER", "member_id", bob)));
        refused("/api/v1/members/" + bob, "queue 'Support'");
        assertThat(owner.delete("/api/v1/queues/" + q).status()).isEqualTo(204);
        assertThat(owner.delete("/api/v1/members/" + bob).status()).isEqualTo(204);
    }
}
