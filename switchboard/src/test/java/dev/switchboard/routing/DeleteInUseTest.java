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
 * with 409 naming the user, and nothing changes; once the target is changed, the delete goes through. The problem's
 * rule is {@code in_use} (it said {@code unique}, the rule of a taken value, which told a client to pick another).
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
        assertThat(refused.errorField()).as(path).isEqualTo("id");
        assertThat(refused.errorRule()).as(path).isEqualTo("in_use");
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
    @Test
    void anIvrMenuARuleSendsCallsToStaysAndSaysWhichRule() {
        var menu = owner.post("/api/v1/ivr-menus", Map.of("name", "Main menu", "greeting_text", "Press 1 for Ann.",
                "options", Map.of("1", Map.of("kind", "MEMBER", "member_id", ann))));
        assertThat(menu.status()).as(menu.body()).isEqualTo(201);
        var id = menu.json().get("menu").get("id").asString();
        var rule = owner.post("/api/v1/routing-rules", Map.of("name", "Front desk", "type", "IVR", "ivr_menu_id", id));
        assertThat(rule.status()).as(rule.body()).isEqualTo(201);
        refused("/api/v1/ivr-menus/" + id, "rule 'Front desk'");
        assertThat(owner.delete("/api/v1/routing-rules/" + rule.json().get("rule").get("id").asString()).status()).isEqualTo(204);
        assertThat(owner.delete("/api/v1/ivr-menus/" + id).status()).isEqualTo(204);
    }

    @Test
    void aScheduleARuleFollowsStaysAndSaysWhichRule() {
        var schedule = owner.post("/api/v1/schedules", Map.of("name", "Shop", "ranges", List.of(Map.of("day", "MONDAY", "start", "09:00",
                "end", "17:00"))));
        assertThat(schedule.status()).as(schedule.body()).isEqualTo(201);
        var id = schedule.json().get("id").asString();
        var rule = owner.post("/api/v1/routing-rules", Map.of("name", "Shop hours", "type", "BUSINESS_HOURS", "schedule_id", id,
                "open_target", Map.of("kind", "MEMBER", "member_id", ann), "closed_target", Map.of("kind", "VOICEMAIL")));
        assertThat(rule.status()).as(rule.body()).isEqualTo(201);
        var refused = owner.delete("/api/v1/schedules/" + id);
        assertThat(refused.status()).as(refused.body()).isEqualTo(409);
        assertThat(refused.errorField()).isEqualTo("id");
        assertThat(refused.errorRule()).isEqualTo("in_use");
        assertThat(refused.body()).contains("'Shop hours'");
        assertThat(owner.delete("/api/v1/routing-rules/" + rule.json().get("rule").get("id").asString()).status()).isEqualTo(204);
        assertThat(owner.delete("/api/v1/schedules/" + id).status()).isEqualTo(204);
    }

    /**
     * A refusal names each place down to the part of it that sends the calls (a rule's members or no-answer target, a
     * menu's key, a queue's overflow), a place using it twice once: an owner knows which field to change without
     * opening every rule to look.
     */
    @Test
    void aRefusalNamesThePartOfEachPlaceThatSendsTheCalls() {
        var weekdays = owner.post("/api/v1/routing-rules", Map.of("name", "Weekdays", "type", "SIMULTANEOUS", "member_ids", List.of(ann),
                "no_answer_target", Map.of("kind", "VOICEMAIL", "member_id", ann)));
        assertThat(weekdays.status()).as(weekdays.body()).isEqualTo(201);
        var weekdaysId = weekdays.json().get("rule").get("id").asString();
        var main = owner.post("/api/v1/ivr-menus", Map.of("name", "Main", "greeting_text", "Press 2 for Ann, 3 for the office.",
                "options", Map.of("2", Map.of("kind", "MEMBER", "member_id", ann), "3", Map.of("kind", "RULE", "rule_id", weekdaysId)),
                "timeout_target", Map.of("kind", "MEMBER", "member_id", ann)));
        assertThat(main.status()).as(main.body()).isEqualTo(201);
        var late = owner.post("/api/v1/routing-rules", Map.of("name", "Late", "type", "SIMULTANEOUS", "member_ids", List.of(ann),
                "no_answer_target", Map.of("kind", "RULE", "rule_id", weekdaysId)));
        assertThat(late.status()).as(late.body()).isEqualTo(201);
        var q = queue("Support", Map.of("max_wait_seconds", 60, "max_wait_target", Map.of("kind", "RULE", "rule_id", weekdaysId)));

        var member = owner.delete("/api/v1/members/" + ann);
        assertThat(member.status()).as(member.body()).isEqualTo(409);
        assertThat(member.body()).contains("routing rule 'Weekdays' (members, no-answer target)")
                .contains("IVR menu 'Main' (key 2, target after silence)").contains("routing rule 'Late' (members)")
                .as("a queue she is only a member of does not hold her: she leaves it").doesNotContain("queue 'Support'");
        var rule = owner.delete("/api/v1/routing-rules/" + weekdaysId);
        assertThat(rule.status()).as(rule.body()).isEqualTo(409);
        assertThat(rule.body()).contains("IVR menu 'Main' (key 3)").contains("routing rule 'Late' (no-answer target)")
                .contains("queue 'Support' (maximum-wait target)");
        assertThat(owner.get("/api/v1/queues/" + q).status()).isEqualTo(200);
    }

    /**
     * A member leaving is the delete's natural intent: what only they were part of lets them go in the same transaction
     * (the queue they took calls from, their job, their login), each change in the Activity by whoever deleted them, as
     * any edit of those would be. Before, the queue's row went by the database's cascade and the job and login by bare
     * updates, none audited: the Activity could not say why a queue had one member fewer or a job nobody.
     */
    @Test
    void aMemberLeavingLetsGoOfTheirQueueJobAndLoginEachInTheActivity() {
        var q = queue("Support", Map.of());
        var customer = owner.post("/api/v1/customers", Map.of("name", "Rita", "phone_numbers", List.of("+17735550188")));
        assertThat(customer.status()).as(customer.body()).isEqualTo(201);
        var job = owner.post("/api/v1/jobs", Map.of("customer_id", customer.json().get("id").asString(), "title", "Boiler",
                "status", "SCHEDULED", "assigned_member_id", ann));
        assertThat(job.status()).as(job.body()).isEqualTo(201);
        var jobId = job.json().get("id").asString();
        var login = owner.newUser("AGENT", ann);
        var loginId = login.get("/api/v1/me").json().get("user_id").asString();

        var deleted = owner.delete("/api/v1/members/" + ann);
        assertThat(deleted.status()).as(deleted.body()).isEqualTo(204);

        assertThat(owner.get("/api/v1/queues/" + q).json().get("member_ids")).isEmpty();
        assertThat(owner.get("/api/v1/jobs/" + jobId).json().get("assigned_member_id").isNull()).isTrue();
        var user = owner.get("/api/v1/users/" + loginId);
        assertThat(user.status()).as("the login is kept").isEqualTo(200);
        assertThat(user.json().get("member_id").isNull()).isTrue();
        for (var changed : List.of(List.of("call_queue", q), List.of("job", jobId), List.of("user", loginId))) {
            var entries = owner.get("/api/v1/audit-log?entity_type=" + changed.get(0)).json();
            var entry = java.util.stream.StreamSupport.stream(entries.spliterator(), false)
                    .filter(e -> e.get("entity_id").asString().equals(changed.get(1))).findFirst();
            assertThat(entry).as(changed + " in the Activity").isPresent();
            assertThat(entry.get().get("action").asString()).as(changed.toString()).startsWith("update");
            assertThat(entry.get().get("before").toString()).as(changed.toString()).contains(ann);
            assertThat(entry.get().get("after").toString()).as(changed.toString()).doesNotContain(ann);
        }
    }

    @org.springframework.beans.factory.annotation.Autowired
    org.springframework.jdbc.core.simple.JdbcClient jdbc;

    @org.springframework.beans.factory.annotation.Autowired
    org.springframework.transaction.support.TransactionTemplate tx;

    @Test
    void aMemberWithMessagesCanBeDeletedAndTheMessagesGoToTheGeneralMailbox() {
        var company = java.util.UUID.fromString(owner.get("/api/v1/company").json().get("id").asString());
        var message = java.util.UUID.randomUUID();
        dev.switchboard.platform.TenantContext.callAs(dev.switchboard.shared.CompanyId.of(company.toString()), () -> tx.execute(s -> jdbc.sql("""
                insert into voicemail_messages (company_id, id, member_id, from_number, received_at, duration_seconds, transcription)
                values (:c, :id, :m, '+17735550123', now(), 12, 'Please call me back')
                """).param("c", company).param("id", message).param("m", java.util.UUID.fromString(ann)).update()));
        var deleted = owner.delete("/api/v1/members/" + ann);
        assertThat(deleted.status()).as(deleted.body()).isEqualTo(204);
        var kept = owner.get("/api/v1/voicemail/messages/" + message);
        assertThat(kept.status()).as(kept.body()).isEqualTo(200);
        assertThat(kept.json().get("member_id").isNull()).as("in the general mailbox").isTrue();
        assertThat(kept.json().get("transcription").asString()).isEqualTo("Please call me back");
    }

    /**
     * Two transactions: a rule save caught between its checks and its commit (it holds the company's routing lock and has
     * pointed the rule at the schedule) and a delete of that schedule. The delete waits for the routing lock, as member
     * deletes do, and then sees the rule: refused naming it. Without the lock it read the rules before the save committed,
     * found none, and was then stopped only by the foreign key, with a message naming nothing (or, the other way round, the
     * save was: a rule following a schedule deleted under it).
     */
    @Test
    void aScheduleDeleteWaitsForARuleSaveInProgressAndThenNamesTheRule() throws Exception {
        var shop = owner.post("/api/v1/schedules", Map.of("name", "Shop", "ranges", List.of(Map.of("day", "MONDAY", "start", "09:00",
                "end", "17:00")))).json().get("id").asString();
        var other = owner.post("/api/v1/schedules", Map.of("name", "Other", "ranges", List.of(Map.of("day", "TUESDAY", "start", "09:00",
                "end", "17:00")))).json().get("id").asString();
        var rule = owner.post("/api/v1/routing-rules", Map.of("name", "Shop hours", "type", "BUSINESS_HOURS", "schedule_id", other,
                "open_target", Map.of("kind", "MEMBER", "member_id", ann), "closed_target", Map.of("kind", "VOICEMAIL")));
        assertThat(rule.status()).as(rule.body()).isEqualTo(201);
        var ruleId = java.util.UUID.fromString(rule.json().get("rule").get("id").asString());
        var companyId = owner.get("/api/v1/company").json().get("id").asString();
        var company = dev.switchboard.shared.CompanyId.of(companyId);
        var key = "routing:" + companyId;
        // As RoutingRules.update does: the routing lock, then the rule's new schedule written.
        var refused = new dev.switchboard.support.HeldTransaction(tx, jdbc).whileHeld(company, () -> {
            jdbc.sql("select pg_advisory_xact_lock(hashtext(:k))").param("k", key).query().singleRow();
            jdbc.sql("update call_routing_rules set schedule_id = :s where company_id = :c and id = :id")
                    .param("s", java.util.UUID.fromString(shop)).param("c", java.util.UUID.fromString(companyId)).param("id", ruleId).update();
        }, dev.switchboard.support.HeldTransaction.theAdvisoryLock(key), "the delete (while a rule save held the routing lock)",
                () -> owner.delete("/api/v1/schedules/" + shop));
        assertThat(refused.status()).as(refused.body()).isEqualTo(409);
        assertThat(refused.errorRule()).isEqualTo("in_use");
        assertThat(refused.body()).contains("'Shop hours'");
        assertThat(owner.get("/api/v1/schedules/" + shop).status()).isEqualTo(200);
    }
}
