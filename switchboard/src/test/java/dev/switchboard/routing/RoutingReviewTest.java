package dev.switchboard.routing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.support.ApiClient;
import dev.switchboard.support.IntegrationTest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Targets and settings an admin can save over the API that the engine could not carry out safely. */
class RoutingReviewTest extends IntegrationTest {

    ApiClient owner;
    String ann;

    @BeforeEach
    void company() {
        owner = api().signUpNewCompany("Routing Review Co");
        ann = owner.post("/api/v1/members", Map.of("name", "Ann", "phone_extension", "101")).json().get("id").asString();
    }

    /** A valid US number no other test uses (business numbers are unique across all companies). */
    static String uniqueDid() {
        return dev.switchboard.support.TestNumbers.unused("+1312");
    }

    private String everything() {
        return owner.get("/api/v1/routing-rules").body() + owner.get("/api/v1/ivr-menus").body()
                + owner.get("/api/v1/phone-settings").body() + owner.get("/api/v1/queues").body();
    }

    @Test
    void anExternalNumberTargetThatIsAPremiumRateNumberIsRefused() {
        var before = everything();
        var rule = owner.post("/api/v1/routing-rules", Map.of("name", "Overflow", "type", "SIMULTANEOUS", "member_ids", List.of(ann),
                "no_answer_target", Map.of("kind", "EXTERNAL_NUMBER", "number", "(900) 555-0100")));
        assertThat(rule.status()).as(rule.body()).isEqualTo(422);
        assertThat(rule.errorField()).isEqualTo("no_answer_target.number");
        var settings = owner.put("/api/v1/phone-settings", Map.of("after_hours_target", Map.of("kind", "EXTERNAL_NUMBER",
                "number", "+1 900 555 0100")));
        assertThat(settings.status()).as(settings.body()).isEqualTo(422);
        assertThat(settings.errorField()).isEqualTo("after_hours_target.number");
        var menu = owner.post("/api/v1/ivr-menus", Map.of("name", "Main", "greeting_text", "Press 1.",
                "options", Map.of("1", Map.of("kind", "EXTERNAL_NUMBER", "number", "+19005550100"))));
        assertThat(menu.status()).as(menu.body()).isEqualTo(422);
        assertThat(menu.errorField()).isEqualTo("options.1.number");
        var queue = owner.post("/api/v1/queues", Map.of("name", "Sales", "member_ids", List.of(ann),
                "max_wait_target", Map.of("kind", "EXTERNAL_NUMBER", "number", "+19005550100")));
        assertThat(queue.status()).as(queue.body()).isEqualTo(422);
        assertThat(queue.errorField()).isEqualTo("max_wait_target.number");
        assertThat(everything()).isEqualTo(before);
        // An ordinary number is still a fine target, kept in E.164.
        var ok = owner.post("/api/v1/routing-rules", Map.of("name", "Overflow", "type", "SIMULTANEOUS", "member_ids", List.of(ann),
                "no_answer_target", Map.of("kind", "EXTERNAL_NUMBER", "number", "(773) 555-0199")));
        assertThat(ok.status()).as(ok.body()).isEqualTo(201);
        assertThat(ok.json().get("rule").get("no_answer_target").get("number").asString()).isEqualTo("+17735550199");
    }

    @Test
    void anExternalNumberTargetThatIsTheCompanysOwnNumberIsRefusedAsALoop() {
        var number = uniqueDid();
        var company = owner.put("/api/v1/company", Map.of("name", "Routing Review Co", "timezone", "America/Chicago",
                "business_numbers", List.of(number)));
        assertThat(company.status()).as(company.body()).isEqualTo(200);
        var before = everything();
        var typed = "(" + number.substring(2, 5) + ") " + number.substring(5, 8) + "-" + number.substring(8);
        var settings = owner.put("/api/v1/phone-settings", Map.of("after_hours_target", Map.of("kind", "EXTERNAL_NUMBER", "number", typed)));
        assertThat(settings.status()).as(settings.body()).isEqualTo(422);
        assertThat(settings.errorField()).isEqualTo("after_hours_target.number");
        assertThat(settings.json().get("errors").get(0).get("rule").asString()).isEqualTo("loop");
        var rule = owner.post("/api/v1/routing-rules", Map.of("name", "Overflow", "type", "SIMULTANEOUS", "member_ids", List.of(ann),
                "no_answer_target", Map.of("kind", "EXTERNAL_NUMBER", "number", number)));
        assertThat(rule.status()).as(rule.body()).isEqualTo(422);
        assertThat(rule.errorField()).isEqualTo("no_answer_target.number");
        assertThat(everything()).isEqualTo(before);
    }

    /**
     * A member's direct line as an outside number: the call would go out and come back in as a new call to their line,
     * billed both ways (a click-to-call or a transfer to it was refused already; a rule's target was saved). Refused naming
     * them, nothing saved; the member target rings them.
     */
    @Test
    void anExternalNumberTargetThatIsAColleaguesDirectLineIsRefused() {
        var line = uniqueDid();
        assertThat(owner.patch("/api/v1/members/" + ann, Map.of("direct_inward_dial", line)).status()).isEqualTo(200);
        var before = everything();
        var rule = owner.post("/api/v1/routing-rules", Map.of("name", "Overflow", "type", "SIMULTANEOUS", "member_ids", List.of(ann),
                "no_answer_target", Map.of("kind", "EXTERNAL_NUMBER", "number", line)));
        assertThat(rule.status()).as(rule.body()).isEqualTo(422);
        assertThat(rule.errorField()).isEqualTo("no_answer_target.number");
        assertThat(rule.json().get("errors").get(0).get("rule").asString()).isEqualTo("loop");
        assertThat(rule.json().get("errors").get(0).get("message").asString()).startsWith("is Ann's direct line");
        assertThat(everything()).isEqualTo(before);
    }

    /** The other way round: a number a rule sends calls to may not become a business number (the calls would come back). */
    @Test
    void aBusinessNumberWhereARuleSendsCallsIsRefusedAsALoop() {
        var number = uniqueDid();
        var rule = owner.post("/api/v1/routing-rules", Map.of("name", "Overflow", "type", "SIMULTANEOUS", "member_ids", List.of(ann),
                "no_answer_target", Map.of("kind", "EXTERNAL_NUMBER", "number", number)));
        assertThat(rule.status()).as(rule.body()).isEqualTo(201);
        var before = owner.get("/api/v1/company").body();
        var company = owner.put("/api/v1/company", Map.of("name", "Routing Review Co", "timezone", "America/Chicago",
                "business_numbers", List.of(number)));
        assertThat(company.status()).as(company.body()).isEqualTo(422);
        assertThat(company.errorField()).isEqualTo("business_numbers[0]");
        assertThat(company.body()).contains("routing rule 'Overflow'");
        assertThat(owner.get("/api/v1/company").body()).isEqualTo(before);
    }

    @Test
    void aQueueWhoseMaximumWaitLeadsBackIntoItThroughARuleIsRefusedAsALoop() {
        var queue = owner.post("/api/v1/queues", Map.of("name", "Sales", "member_ids", List.of(ann))).json().get("id").asString();
        var rule = owner.post("/api/v1/routing-rules", Map.of("name", "To sales", "type", "BUSINESS_HOURS",
                "open_target", Map.of("kind", "QUEUE", "queue_id", queue), "closed_target", Map.of("kind", "VOICEMAIL")));
        assertThat(rule.status()).as(rule.body()).isEqualTo(201);
        var ruleId = rule.json().get("rule").get("id").asString();
        var before = everything();
        // A caller who waited the longest time would go to the rule, which puts them back in the line, for ever.
        var viaQueue = owner.put("/api/v1/queues/" + queue, Map.of("name", "Sales", "member_ids", List.of(ann),
                "max_wait_target", Map.of("kind", "RULE", "rule_id", ruleId)));
        assertThat(viaQueue.status()).as(viaQueue.body()).isEqualTo(422);
        assertThat(viaQueue.errorField()).isEqualTo("max_wait_target");
        assertThat(viaQueue.json().get("errors").get(0).get("rule").asString()).isEqualTo("loop");
        assertThat(viaQueue.json().get("detail").asString()).contains("queue 'Sales'").contains("rule 'To sales'");
        assertThat(everything()).isEqualTo(before);
        // The other way round: the queue already overflows to a rule, and that rule is changed to send calls to the queue.
        var other = owner.post("/api/v1/routing-rules", Map.of("name", "Overflow", "type", "SIMULTANEOUS", "member_ids", List.of(ann)))
                .json().get("rule").get("id").asString();
        var overflow = owner.put("/api/v1/queues/" + queue, Map.of("name", "Sales", "member_ids", List.of(ann),
                "max_wait_target", Map.of("kind", "RULE", "rule_id", other)));
        assertThat(overflow.status()).as(overflow.body()).isEqualTo(200);
        before = everything();
        var viaRule = owner.put("/api/v1/routing-rules/" + other, Map.of("name", "Overflow", "type", "SIMULTANEOUS",
                "member_ids", List.of(ann), "no_answer_target", Map.of("kind", "QUEUE", "queue_id", queue)));
        assertThat(viaRule.status()).as(viaRule.body()).isEqualTo(422);
        assertThat(viaRule.json().get("errors").get(0).get("rule").asString()).isEqualTo("loop");
        assertThat(everything()).isEqualTo(before);
        // Two queues whose maximum waits send callers to each other would pass them back and forth for ever.
        var support = owner.post("/api/v1/queues", Map.of("name", "Support", "member_ids", List.of(ann),
                "max_wait_target", Map.of("kind", "QUEUE", "queue_id", queue)));
        assertThat(support.status()).as(support.body()).isEqualTo(201);
        var pingPong = owner.put("/api/v1/queues/" + queue, Map.of("name", "Sales", "member_ids", List.of(ann),
                "max_wait_target", Map.of("kind", "QUEUE", "queue_id", support.json().get("id").asString())));
        assertThat(pingPong.status()).as(pingPong.body()).isEqualTo(422);
        assertThat(pingPong.errorField()).isEqualTo("max_wait_target");
        // "Sales empty: Support" and "Support empty: Sales" is still allowed: the engine sends a caller both turn away to voicemail.
        var empty = owner.put("/api/v1/queues/" + queue, Map.of("name", "Sales", "member_ids", List.of(ann),
                "empty_target", Map.of("kind", "QUEUE", "queue_id", support.json().get("id").asString())));
        assertThat(empty.status()).as(empty.body()).isEqualTo(200);
    }

    @Test
    void aCallerPatternWithoutTheCountryCodeIsRefusedRatherThanNeverMatching() {
        var before = everything();
        // Callers' numbers are E.164 (+13125550177): a pattern typed as a local number could never match one.
        for (var pattern : List.of("312*", "*", "13125550177")) {
            var rule = owner.post("/api/v1/routing-rules", Map.of("name", "Chicago", "type", "CONDITIONAL",
                    "conditions", Map.of("caller_pattern", pattern), "match_target", Map.of("kind", "MEMBER", "member_id", ann)));
            assertThat(rule.status()).as(pattern + ": " + rule.body()).isEqualTo(422);
            assertThat(rule.errorField()).isEqualTo("conditions.caller_pattern");
            assertThat(rule.json().get("detail").asString()).contains("+1312*");
        }
        assertThat(everything()).isEqualTo(before);
        var ok = owner.post("/api/v1/routing-rules", Map.of("name", "Chicago", "type", "CONDITIONAL",
                "conditions", Map.of("caller_pattern", "+1312*"), "match_target", Map.of("kind", "MEMBER", "member_id", ann)));
        assertThat(ok.status()).as(ok.body()).isEqualTo(201);
    }

    @Test
    void twoAdminsChangingDifferentPhoneSettingsAtOnceBothKeepTheirChange() throws Exception {
        var admin2 = api().login(owner.get("/api/v1/me").json().get("email").asString(), "correct-horse");
        var pool = java.util.concurrent.Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < 25; round++) {
                assertThat(owner.put("/api/v1/phone-settings", Map.of("inbound_rate_cents_per_minute", 1,
                        "outbound_rate_cents_per_minute", 2)).status()).isEqualTo(200);
                var barrier = new java.util.concurrent.CyclicBarrier(2);
                int inbound = 10 + round;
                int outbound = 50 + round;
                var a = pool.submit(() -> {
                    barrier.await();
                    return owner.put("/api/v1/phone-settings", Map.of("inbound_rate_cents_per_minute", inbound)).status();
                });
                var b = pool.submit(() -> {
                    barrier.await();
                    return admin2.put("/api/v1/phone-settings", Map.of("outbound_rate_cents_per_minute", outbound)).status();
                });
                assertThat(a.get(60, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo(200);
                assertThat(b.get(60, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo(200);
                var now = owner.get("/api/v1/phone-settings").json();
                assertThat(List.of(now.get("inbound_rate_cents_per_minute").asInt(), now.get("outbound_rate_cents_per_minute").asInt()))
                        .as("round " + round + ": neither change is lost").containsExactly(inbound, outbound);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aDialledNumberConditionMustBeOneOfTheCompanysNumbers() {
        var number = uniqueDid();
        var company = owner.put("/api/v1/company", Map.of("name", "Routing Review Co", "timezone", "America/Chicago",
                "business_numbers", List.of(number)));
        assertThat(company.status()).as(company.body()).isEqualTo(200);
        var before = everything();
        // Only calls to the company's numbers reach its rules: a rule on any other number never matches.
        var other = number.substring(0, number.length() - 1) + (number.endsWith("9") ? "8" : "9");
        var refused = owner.post("/api/v1/routing-rules", Map.of("name", "Spanish line", "type", "CONDITIONAL",
                "conditions", Map.of("dialled_number", other), "match_target", Map.of("kind", "MEMBER", "member_id", ann)));
        assertThat(refused.status()).as(refused.body()).isEqualTo(422);
        assertThat(refused.errorField()).isEqualTo("conditions.dialled_number");
        assertThat(everything()).isEqualTo(before);
        var ok = owner.post("/api/v1/routing-rules", Map.of("name", "Spanish line", "type", "CONDITIONAL",
                "conditions", Map.of("dialled_number", "(" + number.substring(2, 5) + ") " + number.substring(5)),
                "match_target", Map.of("kind", "MEMBER", "member_id", ann)));
        assertThat(ok.status()).as(ok.body()).isEqualTo(201);
        assertThat(ok.json().get("rule").get("conditions").get("dialled_number").asString()).isEqualTo(number);
    }

    /**
     * A business number a rule's condition names (calls to it) cannot be removed: the rule would never match again. The
     * refusal names the rule, changes nothing (the other number added with it is not saved either), and once the rule is
     * gone the number can go.
     */
    @Test
    void removingABusinessNumberThatARuleMatchesIsRefusedNamingTheRule() {
        var main = uniqueDid();
        var spanish = uniqueDid();
        assertThat(owner.put("/api/v1/company", Map.of("name", "Routing Review Co", "timezone", "America/Chicago",
                "business_numbers", List.of(main, spanish))).status()).isEqualTo(200);
        var rule = owner.post("/api/v1/routing-rules", Map.of("name", "Spanish line", "type", "CONDITIONAL",
                "conditions", Map.of("dialled_number", spanish), "match_target", Map.of("kind", "MEMBER", "member_id", ann)));
        assertThat(rule.status()).as(rule.body()).isEqualTo(201);
        var added = uniqueDid();
        var refused = owner.put("/api/v1/company", Map.of("name", "Routing Review Co", "timezone", "America/Chicago",
                "business_numbers", List.of(main, added)));
        assertThat(refused.status()).as(refused.body()).isEqualTo(422);
        assertThat(refused.errorField()).isEqualTo("business_numbers");
        assertThat(refused.body()).contains("cannot remove " + spanish).contains("routing rule 'Spanish line'");
        assertThat(owner.get("/api/v1/company").body()).contains(spanish).doesNotContain(added);
        var kept = owner.put("/api/v1/company", Map.of("name", "Renamed Review Co", "timezone", "America/Chicago"));
        assertThat(kept.status()).as("numbers not sent: kept, nothing removed").isEqualTo(200);
        assertThat(owner.delete("/api/v1/routing-rules/" + rule.json().get("rule").get("id").asString()).status()).isEqualTo(204);
        var removed = owner.put("/api/v1/company", Map.of("name", "Routing Review Co", "timezone", "America/Chicago",
                "business_numbers", List.of(main)));
        assertThat(removed.status()).as(removed.body()).isEqualTo(200);
    }

    @org.springframework.beans.factory.annotation.Autowired
    dev.switchboard.tenancy.Companies companies;

    @org.springframework.beans.factory.annotation.Autowired
    PhoneSettings phoneSettings;

    @org.springframework.beans.factory.annotation.Autowired
    org.springframework.jdbc.core.simple.JdbcClient jdbc;

    @org.springframework.beans.factory.annotation.Autowired
    org.springframework.transaction.support.TransactionTemplate tx;

    /**
     * The General tab saves the company (its numbers) and then the phone settings in one transaction; another admin
     * removing a business number at that moment (the API) checked the rules under the routing lock and then waited for
     * the company's row, which the tab held while waiting for that lock: a deadlock, one of the two saves failing with
     * a server error. Both now take the routing lock before the company's row, so the second waits and both are saved.
     */
    @Test
    void aBusinessNumberRemovedWhileTheGeneralTabIsSavedWaitsForItRatherThanDeadlocking() throws Exception {
        var main = uniqueDid();
        var spare = uniqueDid();
        assertThat(owner.put("/api/v1/company", Map.of("name", "Routing Review Co", "timezone", "America/Chicago",
                "business_numbers", List.of(main, spare))).status()).isEqualTo(200);
        var company = dev.switchboard.shared.CompanyId.of(owner.get("/api/v1/me").json().get("company_id").asString());
        var actor = dev.switchboard.tenancy.Actor.system(company);
        var saved = new java.util.concurrent.CountDownLatch(1);
        var removing = new java.util.concurrent.CountDownLatch(1);
        try (var pool = java.util.concurrent.Executors.newFixedThreadPool(2)) {
            // The General tab's transaction: the company (numbers unchanged), then the phone settings.
            var tab = pool.submit(() -> dev.switchboard.platform.TenantContext.callAs(company, () -> tx.execute(s -> {
                companies.update(actor, new dev.switchboard.tenancy.Companies.Settings("Routing Review Co", "America/Chicago", null,
                        List.of(main, spare)));
                saved.countDown();
                try {
                    removing.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return phoneSettings.update(actor, new PhoneSettings.Input(null, null, null, null, null, null, null, 45, null, null,
                        null, null, null, null, null));
            })));
            saved.await();
            var removal = pool.submit(() -> owner.put("/api/v1/company", Map.of("name", "Routing Review Co", "timezone",
                    "America/Chicago", "business_numbers", List.of(main))));
            try {
                var deadline = System.nanoTime() + java.time.Duration.ofSeconds(30).toNanos();
                boolean waiting = false;
                while (!removal.isDone() && !waiting && System.nanoTime() < deadline) {
                    waiting = jdbc.sql("select count(*) > 0 from pg_locks where not granted").query(Boolean.class).single();
                    Thread.onSpinWait();
                }
                assertThat(waiting).as("the removal waits for the tab's transaction").isTrue();
            } finally {
                removing.countDown();
            }
            assertThat(tab.get().defaultRingSeconds()).isEqualTo(45);
            var removed = removal.get();
            assertThat(removed.status()).as(removed.body()).isEqualTo(200);
        }
        assertThat(owner.get("/api/v1/company").body()).contains(main).doesNotContain(spare);
    }
}
