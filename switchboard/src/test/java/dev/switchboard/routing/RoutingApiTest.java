package dev.switchboard.routing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.support.ApiClient;
import dev.switchboard.support.IntegrationTest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RoutingApiTest extends IntegrationTest {

    ApiClient owner;
    String ann;
    String bob;
    /** The company's number: a simulated call dials one of the company's numbers. */
    String main;

    @BeforeEach
    void company() {
        owner = api().signUpNewCompany("Routing Co");
        main = unusedNumber();
        assertThat(owner.put("/api/v1/company", Map.of("name", "Routing Co", "timezone", "America/Chicago", "default_region", "US",
                "business_numbers", List.of(main))).status()).isEqualTo(200);
        ann = owner.post("/api/v1/members", Map.of("name", "Ann", "phone_extension", "101")).json().get("id").asString();
        bob = owner.post("/api/v1/members", Map.of("name", "Bob", "phone_extension", "102")).json().get("id").asString();
    }

    String rule(String name, Map<String, Object> extra) {
        var body = new HashMap<String, Object>(Map.of("name", name, "type", "SIMULTANEOUS", "member_ids", List.of(ann, bob)));
        body.putAll(extra);
        var response = owner.post("/api/v1/routing-rules", body);
        assertThat(response.status()).as(response.body()).isEqualTo(201);
        return response.json().get("rule").get("id").asString();
    }

    List<String> order() {
        return owner.get("/api/v1/routing-rules").json().findValuesAsString("name");
    }

    @Test
    void rulesGetStrictPrioritiesAndMoveUpAndDown() {
        var a = rule("A", Map.of());
        rule("B", Map.of());
        var c = rule("C", Map.of());
        assertThat(order()).containsExactly("A", "B", "C");
        assertThat(owner.get("/api/v1/routing-rules").json().findValuesAsString("priority")).containsExactly("1", "2", "3");
        owner.post("/api/v1/routing-rules/" + c + "/move", Map.of("direction", "UP"));
        assertThat(order()).containsExactly("A", "C", "B");
        owner.post("/api/v1/routing-rules/" + a + "/move", Map.of("direction", "UP"));
        assertThat(order()).containsExactly("A", "C", "B");
        owner.post("/api/v1/routing-rules/" + a + "/move", Map.of("direction", "DOWN"));
        assertThat(order()).containsExactly("C", "A", "B");
        assertThat(owner.post("/api/v1/routing-rules/" + a + "/move", Map.of("direction", "SIDEWAYS")).errorField()).isEqualTo("direction");
        owner.delete("/api/v1/routing-rules/" + c);
        assertThat(owner.get("/api/v1/routing-rules").json().findValuesAsString("priority")).containsExactly("1", "2");
    }

    /**
     * A main menu's rule saved below "Office" (which takes every call) never plays, but was not warned once its submenu had
     * "9 for the main menu": each menu's rule was sent calls by the other, so neither was told. Only what a call can reach
     * counts: moved above Office, neither is warned.
     */
    @Test
    void aMenuAndItsSubmenuBelowARuleThatTakesEveryCallAreWarnedThoughTheySendCallsToEachOther() {
        rule("Office", Map.of());
        var billing = owner.post("/api/v1/ivr-menus", Map.of("name", "Billing", "greeting_text", "Press 1 for voicemail.",
                "options", Map.of("1", Map.of("kind", "VOICEMAIL")))).json().get("menu").get("id").asString();
        var billingRule = ivrRule("Billing menu", billing);
        var main = owner.post("/api/v1/ivr-menus", Map.of("name", "Main", "greeting_text", "Press 2 for billing.",
                "options", Map.of("2", Map.of("kind", "RULE", "rule_id", billingRule)))).json().get("menu").get("id").asString();
        var mainRule = ivrRule("Main menu", main);
        var back = owner.patch("/api/v1/ivr-menus/" + billing, Map.of("options", Map.of("9", Map.of("kind", "RULE", "rule_id", mainRule))));
        assertThat(back.status()).as(back.body()).isEqualTo(200);

        var rules = owner.get("/api/v1/routing-rules").json();
        for (var r : rules) {
            if (!r.get("name").asString().equals("Office")) {
                assertThat(r.get("warnings").toString()).as(r.get("name").asString())
                        .contains("calls never get this far: rule 'Office' above it takes every call")
                        .contains("(the menus and rules that send calls to it are not reached either)");
            }
        }
        assertThat(owner.post("/api/v1/routing-rules/" + mainRule + "/move", Map.of("direction", "UP")).status()).isEqualTo(200);
        assertThat(owner.post("/api/v1/routing-rules/" + mainRule + "/move", Map.of("direction", "UP")).status()).isEqualTo(200);
        // The main menu first: it and its submenu are reached (Office, now below it, is told so).
        for (var r : owner.get("/api/v1/routing-rules").json()) {
            if (!r.get("name").asString().equals("Office")) {
                assertThat(r.get("warnings").toString()).as(r.get("name").asString()).doesNotContain("calls never get this far");
            }
        }
    }

    String ivrRule(String name, String menuId) {
        var response = owner.post("/api/v1/routing-rules", Map.of("name", name, "type", "IVR", "ivr_menu_id", menuId));
        assertThat(response.status()).as(response.body()).isEqualTo(201);
        return response.json().get("rule").get("id").asString();
    }

    /**
     * A rule saved below one that takes every call is never reached: the rules' list said so, the save's answer not (its
     * warnings empty; found by a walk of the demo). The save says it too.
     */
    @Test
    void aRuleSavedBelowOneThatTakesEveryCallIsWarnedOfItInTheSavesAnswer() {
        rule("Everyone", Map.of());
        var below = owner.post("/api/v1/routing-rules", Map.of("name", "Sales", "type", "SIMULTANEOUS", "member_ids", List.of(ann)));
        assertThat(below.status()).as(below.body()).isEqualTo(201);
        assertThat(below.json().get("warnings").toString()).contains("calls never get this far: rule 'Everyone' above it takes every call");
        var id = below.json().get("rule").get("id").asString();
        var changed = owner.put("/api/v1/routing-rules/" + id, Map.of("name", "Sales", "type", "SIMULTANEOUS", "member_ids", List.of(bob)));
        assertThat(changed.status()).as(changed.body()).isEqualTo(200);
        assertThat(changed.json().get("warnings").toString()).contains("calls never get this far");
        assertThat(changed.json().get("warnings").size()).as("said once").isEqualTo(1);
    }

    @Test
    void aFullReorderMustNameEveryRuleOnce() {
        var a = rule("A", Map.of());
        var b = rule("B", Map.of());
        var c = rule("C", Map.of());
        assertThat(owner.put("/api/v1/routing-rules/order", Map.of("rule_ids", List.of(c, a, b))).status()).isEqualTo(200);
        assertThat(order()).containsExactly("C", "A", "B");
        assertThat(owner.put("/api/v1/routing-rules/order", Map.of("rule_ids", List.of(c, a))).errorField()).isEqualTo("rule_ids");
        assertThat(owner.put("/api/v1/routing-rules/order", Map.of("rule_ids", List.of(c, a, a))).errorField()).isEqualTo("rule_ids");
        assertThat(order()).containsExactly("C", "A", "B");
    }

    @Test
    void concurrentReordersKeepAStrictOrder() throws Exception {
        var ids = new ArrayList<String>();
        for (int i = 0; i < 6; i++) {
            ids.add(rule("R" + i, Map.of()));
        }
        var admin2 = api().login(owner.get("/api/v1/me").json().get("email").asString(), "correct-horse");
        var pool = Executors.newFixedThreadPool(4);
        var failures = new java.util.concurrent.atomic.AtomicInteger();
        for (int t = 0; t < 4; t++) {
            var client = t % 2 == 0 ? owner : admin2;
            pool.submit(() -> {
                for (int i = 0; i < 15; i++) {
                    var random = ThreadLocalRandom.current();
                    int status;
                    if (random.nextBoolean()) {
                        status = client.post("/api/v1/routing-rules/" + ids.get(random.nextInt(ids.size())) + "/move",
                                Map.of("direction", random.nextBoolean() ? "UP" : "DOWN")).status();
                    } else {
                        var shuffled = new ArrayList<>(ids);
                        java.util.Collections.shuffle(shuffled);
                        status = client.put("/api/v1/routing-rules/order", Map.of("rule_ids", shuffled)).status();
                    }
                    if (status != 200) {
                        failures.incrementAndGet();
                    }
                }
            });
        }
        pool.shutdown();
        assertThat(pool.awaitTermination(120, TimeUnit.SECONDS)).isTrue();
        assertThat(failures.get()).isZero();
        var priorities = owner.get("/api/v1/routing-rules").json().findValuesAsString("priority");
        assertThat(priorities).containsExactly("1", "2", "3", "4", "5", "6");
        assertThat(owner.get("/api/v1/routing-rules").json().findValuesAsString("id")).containsExactlyInAnyOrderElementsOf(ids);
    }

    @Test
    void danglingReferencesAreRefused() {
        var missing = "00000000-0000-0000-0000-00000000000a";
        var before = owner.get("/api/v1/routing-rules").body();
        var ghostMember = owner.post("/api/v1/routing-rules", Map.of("name", "X", "type", "DIRECT", "member_ids", List.of(missing)));
        assertThat(ghostMember.status()).isEqualTo(422);
        assertThat(ghostMember.errorField()).isEqualTo("member_ids[0]");
        var ghostRule = owner.post("/api/v1/routing-rules", Map.of("name", "X", "type", "SIMULTANEOUS", "member_ids", List.of(ann),
                "no_answer_target", Map.of("kind", "RULE", "rule_id", missing)));
        assertThat(ghostRule.errorField()).isEqualTo("no_answer_target.rule_id");
        var direct = owner.post("/api/v1/routing-rules", Map.of("name", "X", "type", "DIRECT", "member_ids", List.of(ann, bob)));
        assertThat(direct.errorField()).isEqualTo("member_ids");
        var hours = owner.post("/api/v1/routing-rules", Map.of("name", "X", "type", "BUSINESS_HOURS",
                "open_target", Map.of("kind", "MEMBER", "member_id", ann)));
        assertThat(hours.errorField()).isEqualTo("closed_target");
        var badNumber = owner.post("/api/v1/routing-rules", Map.of("name", "X", "type", "SIMULTANEOUS", "member_ids", List.of(ann),
                "no_answer_target", Map.of("kind", "EXTERNAL_NUMBER", "number", "12")));
        assertThat(badNumber.errorField()).isEqualTo("no_answer_target.number");
        var timeout = owner.post("/api/v1/routing-rules", Map.of("name", "X", "type", "SIMULTANEOUS", "member_ids", List.of(ann),
                "ring_timeout_seconds", 2));
        assertThat(timeout.errorField()).isEqualTo("ring_timeout_seconds");
        var fraction = owner.post("/api/v1/routing-rules", Map.of("name", "X", "type", "SIMULTANEOUS", "member_ids", List.of(ann),
                "ring_timeout_seconds", 20.5));
        assertThat(fraction.status()).as("a fraction is not cut to a whole number").isEqualTo(400);
        assertThat(fraction.errorField()).isEqualTo("ring_timeout_seconds");
        assertThat(owner.get("/api/v1/routing-rules").body()).isEqualTo(before);
    }

    @Test
    void aRuleWithNobodyInItIsSavedWithAWarning() {
        var response = owner.post("/api/v1/routing-rules", Map.of("name", "Empty", "type", "ROUND_ROBIN"));
        assertThat(response.status()).isEqualTo(201);
        assertThat(response.json().get("warnings").findValuesAsString("field")).containsExactly("member_ids");
    }

    /**
     * Conditions sent with a rule of another type (a menu for callers from 773, say) are not kept: the rule takes every
     * call its turn comes to. Saved as before, but the client is told so instead of believing the rule is for some callers.
     */
    @Test
    void conditionsSentWithARuleThatIsNotConditionalAreDroppedWithAWarning() {
        var response = owner.post("/api/v1/routing-rules", Map.of("name", "Team from 773", "type", "SIMULTANEOUS",
                "member_ids", List.of(ann), "conditions", Map.of("caller_pattern", "+1773*", "weekdays", List.of())));
        assertThat(response.status()).as(response.body()).isEqualTo(201);
        assertThat(response.json().get("rule").get("conditions").isNull()).isTrue();
        assertThat(response.json().get("warnings").findValuesAsString("field")).containsExactly("conditions");
        assertThat(response.json().get("warnings").toString()).contains("only conditional rules");
        var none = owner.post("/api/v1/routing-rules", Map.of("name", "Team", "type", "SIMULTANEOUS", "member_ids", List.of(ann),
                "conditions", Map.of("weekdays", List.of())));
        assertThat(none.status()).as(none.body()).isEqualTo(201);
        assertThat(none.json().get("warnings").findValuesAsString("field")).as("no condition in it: nothing dropped (only its place,"
                + " below a rule that takes every call, is warned of)").containsExactly("priority");
    }

    @Test
    void aRuleChainThatLoopsBackIsRefused() {
        var a = rule("A", Map.of());
        var b = rule("B", Map.of("no_answer_target", Map.of("kind", "RULE", "rule_id", a)));
        var loop = owner.put("/api/v1/routing-rules/" + a, Map.of("name", "A", "type", "SIMULTANEOUS", "member_ids", List.of(ann),
                "no_answer_target", Map.of("kind", "RULE", "rule_id", b)));
        assertThat(loop.status()).isEqualTo(422);
        assertThat(loop.json().get("errors").get(0).get("rule").asString()).isEqualTo("loop");
        assertThat(loop.json().get("detail").asString()).contains("rule 'A'").contains("rule 'B'");
        var self = owner.put("/api/v1/routing-rules/" + a, Map.of("name", "A", "type", "SIMULTANEOUS", "member_ids", List.of(ann),
                "no_answer_target", Map.of("kind", "RULE", "rule_id", a)));
        assertThat(self.json().get("errors").get(0).get("rule").asString()).isEqualTo("loop");
        // Through an IVR menu: rule M plays menu X, whose timeout target (taken with no key pressed) is rule M again.
        var menu = owner.post("/api/v1/ivr-menus", Map.of("name", "Main", "greeting_text", "Press 1 for sales.",
                "options", Map.of("1", Map.of("kind", "RULE", "rule_id", b)))).json().get("menu").get("id").asString();
        var ivr = owner.post("/api/v1/routing-rules", Map.of("name", "M", "type", "IVR", "ivr_menu_id", menu));
        var ivrId = ivr.json().get("rule").get("id").asString();
        var viaMenu = owner.put("/api/v1/ivr-menus/" + menu, Map.of("name", "Main", "greeting_text", "Press 1.",
                "options", Map.of("1", Map.of("kind", "RULE", "rule_id", b)), "timeout_target", Map.of("kind", "RULE", "rule_id", ivrId)));
        assertThat(viaMenu.status()).isEqualTo(422);
        assertThat(viaMenu.json().get("errors").get(0).get("rule").asString()).isEqualTo("loop");
        // An option back to the menu's own rule ("press 9 to hear the menu again") needs a key each time: allowed.
        var again = owner.put("/api/v1/ivr-menus/" + menu, Map.of("name", "Main", "greeting_text", "Press 1, or 9 to hear this again.",
                "options", Map.of("1", Map.of("kind", "RULE", "rule_id", b), "9", Map.of("kind", "RULE", "rule_id", ivrId))));
        assertThat(again.status()).as(again.body()).isEqualTo(200);
    }

    @Test
    void aRuleOrMenuNameTakenTrimmedInAnyCaseIsRefusedOnCreateAndRenameNamingTheOneThatHasIt() {
        var booking = rule("Booking team", Map.of());
        var twin = owner.post("/api/v1/routing-rules", Map.of("name", "  booking TEAM ", "type", "SIMULTANEOUS",
                "member_ids", List.of(ann)));
        assertThat(twin.status()).isEqualTo(409);
        assertThat(twin.errorField()).isEqualTo("name");
        assertThat(twin.errorRule()).isEqualTo("unique");
        assertThat(twin.json().get("detail").asString()).contains("'Booking team'");
        var other = rule("Sales", Map.of());
        var rename = owner.put("/api/v1/routing-rules/" + other, Map.of("name", "BOOKING team", "type", "SIMULTANEOUS",
                "member_ids", List.of(ann)));
        assertThat(rename.status()).isEqualTo(409);
        assertThat(rename.errorField()).isEqualTo("name");
        assertThat(owner.patch("/api/v1/routing-rules/" + other, Map.of("name", "Booking Team")).status()).isEqualTo(409);
        assertThat(order()).containsExactly("Booking team", "Sales");
        // Its own name, in another case, is no clash.
        assertThat(owner.put("/api/v1/routing-rules/" + booking, Map.of("name", "Booking Team", "type", "SIMULTANEOUS",
                "member_ids", List.of(ann))).status()).isEqualTo(200);

        var main = owner.post("/api/v1/ivr-menus", Map.of("name", "Main", "greeting_text", "Press 1."));
        assertThat(main.status()).as(main.body()).isEqualTo(201);
        var mainTwin = owner.post("/api/v1/ivr-menus", Map.of("name", "main ", "greeting_text", "Press 2."));
        assertThat(mainTwin.status()).isEqualTo(409);
        assertThat(mainTwin.errorField()).isEqualTo("name");
        assertThat(mainTwin.errorRule()).isEqualTo("unique");
        assertThat(mainTwin.json().get("detail").asString()).contains("'Main'");
        var side = owner.post("/api/v1/ivr-menus", Map.of("name", "Side", "greeting_text", "Press 2.")).json().get("menu").get("id").asString();
        assertThat(owner.put("/api/v1/ivr-menus/" + side, Map.of("name", "MAIN", "greeting_text", "Press 2.")).status()).isEqualTo(409);
        assertThat(owner.get("/api/v1/ivr-menus").json().findValuesAsString("name")).containsExactlyInAnyOrder("Main", "Side");
        // A rule and a menu may share a name; another company may use the same ones.
        assertThat(owner.post("/api/v1/ivr-menus", Map.of("name", "Sales", "greeting_text", "Press 3.")).status()).isEqualTo(201);
        var elsewhere = api().signUpNewCompany("Elsewhere Co");
        assertThat(elsewhere.post("/api/v1/ivr-menus", Map.of("name", "Main", "greeting_text", "Press 1.")).status()).isEqualTo(201);
    }

    @Test
    void ivrMenusRefuseOptionsWithoutTargetsAndExtensionCollisions() {
        var noTarget = owner.post("/api/v1/ivr-menus", Map.of("name", "Main", "greeting_text", "Press 1.",
                "options", Map.of("1", Map.of())));
        assertThat(noTarget.status()).isEqualTo(422);
        assertThat(noTarget.errorField()).isEqualTo("options.1");
        var collision = owner.post("/api/v1/ivr-menus", Map.of("name", "Main", "greeting_text", "Press 1 for sales.",
                "options", Map.of("1", Map.of("kind", "MEMBER", "member_id", ann)), "dial_by_extension", true));
        assertThat(collision.status()).isEqualTo(422);
        assertThat(collision.errorField()).isEqualTo("options.1");
        assertThat(collision.json().get("detail").asString()).contains("extension 101");
        var withPrefix = owner.post("/api/v1/ivr-menus", Map.of("name", "Main", "greeting_text", "Press 1 for sales, or star and an extension.",
                "options", Map.of("1", Map.of("kind", "MEMBER", "member_id", ann)), "dial_by_extension", true, "extension_prefix", "*"));
        assertThat(withPrefix.status()).as(withPrefix.body()).isEqualTo(201);
        // The other way round: a menu dials extensions without a prefix and uses key 5, so no extension may begin with 5.
        var noPrefix = owner.post("/api/v1/ivr-menus", Map.of("name", "Front desk", "greeting_text", "Press 5 for billing, or dial an extension.",
                "options", Map.of("5", Map.of("kind", "MEMBER", "member_id", ann)), "dial_by_extension", true));
        assertThat(noPrefix.status()).as(noPrefix.body()).isEqualTo(201);
        var fiveOhOne = owner.post("/api/v1/members", Map.of("name", "Cy", "phone_extension", "501"));
        assertThat(fiveOhOne.status()).as(fiveOhOne.body()).isEqualTo(422);
        assertThat(fiveOhOne.errorField()).isEqualTo("phone_extension");
        assertThat(fiveOhOne.json().get("detail").asString()).contains("Front desk").contains("key 5");
        assertThat(owner.post("/api/v1/members", Map.of("name", "Cy", "phone_extension", "601")).status()).isEqualTo(201);
        var prefixIsOption = owner.post("/api/v1/ivr-menus", Map.of("name", "Main", "greeting_text", "Press 1.",
                "options", Map.of("*", Map.of("kind", "HANGUP")), "dial_by_extension", true, "extension_prefix", "*"));
        assertThat(prefixIsOption.errorField()).isEqualTo("extension_prefix");
        var badKey = owner.post("/api/v1/ivr-menus", Map.of("name", "Main", "greeting_text", "Press 1.",
                "options", Map.of("A", Map.of("kind", "HANGUP"))));
        assertThat(badKey.errorField()).isEqualTo("options.A");
        // One of # and * must stay free to end what a caller keys in.
        var bothEnds = owner.post("/api/v1/ivr-menus", Map.of("name", "Main", "greeting_text", "Press star or pound.",
                "options", Map.of("#", Map.of("kind", "HANGUP"), "*", Map.of("kind", "VOICEMAIL"))));
        assertThat(bothEnds.status()).isEqualTo(422);
        assertThat(bothEnds.errorField()).isEqualTo("options");
        assertThat(bothEnds.json().get("detail").asString()).contains("# and * cannot both be used");
        var poundAndStarPrefix = owner.post("/api/v1/ivr-menus", Map.of("name", "Main", "greeting_text", "Press pound.",
                "options", Map.of("#", Map.of("kind", "HANGUP")), "dial_by_extension", true, "extension_prefix", "*"));
        assertThat(poundAndStarPrefix.status()).isEqualTo(422);
        assertThat(poundAndStarPrefix.errorField()).isEqualTo("options");
    }

    @Test
    void holidaysAndRulesRespectEachOther() {
        var rule = rule("Holiday crew", Map.of("enabled", false));
        var holiday = owner.post("/api/v1/holidays", Map.of("name", "Christmas", "date", "2026-12-25", "recurrence", "YEARLY",
                "routing_rule_id", rule));
        assertThat(holiday.status()).isEqualTo(422);
        assertThat(holiday.errorField()).isEqualTo("routing_rule_id");
        owner.put("/api/v1/routing-rules/" + rule, Map.of("name", "Holiday crew", "type", "SIMULTANEOUS", "member_ids", List.of(ann), "enabled", true));
        var ok = owner.post("/api/v1/holidays", Map.of("name", "Christmas", "date", "2026-12-25", "recurrence", "YEARLY",
                "routing_rule_id", rule, "greeting_text", "Closed"));
        assertThat(ok.status()).as(ok.body()).isEqualTo(201);
        var disable = owner.put("/api/v1/routing-rules/" + rule, Map.of("name", "Holiday crew", "type", "SIMULTANEOUS",
                "member_ids", List.of(ann), "enabled", false));
        assertThat(disable.status()).isEqualTo(422);
        assertThat(disable.errorField()).isEqualTo("enabled");
        assertThat(owner.delete("/api/v1/routing-rules/" + rule).status()).isEqualTo(409);
    }

    @Test
    void aMemberInARuleCannotBeDeleted() {
        rule("Everyone", Map.of());
        var refused = owner.delete("/api/v1/members/" + ann);
        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.json().get("detail").asString()).contains("Everyone");
        assertThat(owner.get("/api/v1/members/" + ann).status()).isEqualTo(200);
    }

    @Test
    void conditionalAndBusinessHoursRules() {
        var vip = owner.post("/api/v1/routing-rules", Map.of("name", "VIP", "type", "CONDITIONAL",
                "conditions", Map.of("customer_tag", "VIP", "weekdays", List.of("MONDAY", "FRIDAY"), "time_from", "08:00", "time_to", "18:00"),
                "match_target", Map.of("kind", "MEMBER", "member_id", ann)));
        assertThat(vip.status()).as(vip.body()).isEqualTo(201);
        assertThat(vip.json().get("rule").get("conditions").get("customer_tag").asString()).isEqualTo("VIP");
        var wholeDay = owner.post("/api/v1/routing-rules", Map.of("name", "All day Sunday", "type", "CONDITIONAL",
                "conditions", Map.of("weekdays", List.of("SUNDAY"), "time_from", "00:00", "time_to", "24:00"),
                "match_target", Map.of("kind", "VOICEMAIL")));
        assertThat(wholeDay.status()).as("00:00 to 24:00 is the whole day, not an empty window: " + wholeDay.body()).isEqualTo(201);
        var startsAtMidnightEnd = owner.post("/api/v1/routing-rules", Map.of("name", "X", "type", "CONDITIONAL",
                "conditions", Map.of("time_from", "24:00", "time_to", "06:00"), "match_target", Map.of("kind", "HANGUP")));
        assertThat(startsAtMidnightEnd.errorField()).isEqualTo("conditions.time_from");
        var noConditions = owner.post("/api/v1/routing-rules", Map.of("name", "X", "type", "CONDITIONAL", "conditions", Map.of(),
                "match_target", Map.of("kind", "HANGUP")));
        assertThat(noConditions.errorField()).isEqualTo("conditions");
        var badPattern = owner.post("/api/v1/routing-rules", Map.of("name", "X", "type", "CONDITIONAL",
                "conditions", Map.of("caller_pattern", "drop table"), "match_target", Map.of("kind", "HANGUP")));
        assertThat(badPattern.errorField()).isEqualTo("conditions.caller_pattern");
        var hours = owner.post("/api/v1/routing-rules", Map.of("name", "Hours", "type", "BUSINESS_HOURS",
                "open_target", Map.of("kind", "MEMBER", "member_id", ann), "closed_target", Map.of("kind", "VOICEMAIL")));
        assertThat(hours.status()).isEqualTo(201);
        var ghostSchedule = owner.post("/api/v1/routing-rules", Map.of("name", "Hours", "type", "BUSINESS_HOURS",
                "schedule_id", "00000000-0000-0000-0000-00000000000b",
                "open_target", Map.of("kind", "MEMBER", "member_id", ann), "closed_target", Map.of("kind", "VOICEMAIL")));
        assertThat(ghostSchedule.errorField()).isEqualTo("schedule_id");
    }

    /**
     * A business-hours rule may name the business hours themselves by their id (the schedules' list gives it, marked
     * default): it follows them as a rule naming no schedule does. It read as closed at every hour (only the named
     * schedules were looked up), and every call went to the closed target.
     */
    @Test
    void aBusinessHoursRuleNamingTheBusinessHoursByTheirIdFollowsThem() {
        var hours = owner.put("/api/v1/business-hours", Map.of("ranges", List.of(Map.of("day", "WEDNESDAY", "start", "09:00", "end", "17:00"))));
        assertThat(hours.status()).as(hours.body()).isEqualTo(200);
        var defaultId = hours.json().get("id").asString();
        assertThat(owner.get("/api/v1/schedules").body()).contains(defaultId);
        var office = owner.post("/api/v1/routing-rules", Map.of("name", "Office", "type", "BUSINESS_HOURS", "schedule_id", defaultId,
                "open_target", Map.of("kind", "MEMBER", "member_id", ann), "closed_target", Map.of("kind", "VOICEMAIL")));
        assertThat(office.status()).as(office.body()).isEqualTo(201);
        // Wednesday 2026-11-25, noon in Chicago: open; 20:00: closed.
        var noon = owner.post("/api/v1/routing/simulate", Map.of("from", "+17735550123", "to", main, "at", "2026-11-25T18:00:00Z"));
        assertThat(noon.body()).contains("rule 'Office': open").doesNotContain("rule 'Office': closed");
        var evening = owner.post("/api/v1/routing/simulate", Map.of("from", "+17735550123", "to", main, "at", "2026-11-26T02:00:00Z"));
        assertThat(evening.body()).contains("after-hours target");
    }

    /**
     * Closed, a call goes to the after-hours target before any rule (DESIGN's order): a business-hours rule following the
     * business hours had a closed target that never took a call, the rules' list saying "when closed, forwarded to ..."
     * and the save warning of nothing (found by a walk: an owner's on-call number never rang after hours). The save and
     * the list warn of it, saying how to use it; with the rule as the after-hours target, its closed target takes the call.
     */
    @Test
    void aBusinessHoursRulesClosedTargetUnusedAfterHoursIsWarnedOfUntilTheRuleIsTheAfterHoursTarget() {
        var hours = owner.put("/api/v1/business-hours", Map.of("ranges", List.of(Map.of("day", "WEDNESDAY", "start", "09:00", "end", "17:00"))));
        assertThat(hours.status()).as(hours.body()).isEqualTo(200);
        var office = owner.post("/api/v1/routing-rules", Map.of("name", "Main line", "type", "BUSINESS_HOURS",
                "open_target", Map.of("kind", "MEMBER", "member_id", ann),
                "closed_target", Map.of("kind", "EXTERNAL_NUMBER", "number", "+13035559999")));
        assertThat(office.status()).as(office.body()).isEqualTo(201);
        assertThat(office.json().get("warnings").toString()).contains("closed_target")
                .contains("choose this rule as the after-hours target");
        var id = office.json().get("rule").get("id").asString();
        var evening = owner.post("/api/v1/routing/simulate", Map.of("from", "+17735550123", "to", main, "at", "2026-11-26T02:00:00Z"));
        assertThat(evening.body()).contains("after-hours target").doesNotContain("+13035559999");

        var settings = owner.put("/api/v1/phone-settings", Map.of("after_hours_target", Map.of("kind", "RULE", "rule_id", id)));
        assertThat(settings.status()).as(settings.body()).isEqualTo(200);
        assertThat(owner.get("/api/v1/routing-rules/" + id).json().get("warnings").toString()).doesNotContain("closed_target");
        var now = owner.post("/api/v1/routing/simulate", Map.of("from", "+17735550123", "to", main, "at", "2026-11-26T02:00:00Z"));
        assertThat(now.body()).contains("rule 'Main line': closed").contains("3035559999");
        // A rule following a schedule of its own is closed by that schedule while the business is open: no warning.
        var shop = owner.post("/api/v1/schedules", Map.of("name", "Shop", "ranges", List.of())).json().get("id").asString();
        var shopRule = owner.post("/api/v1/routing-rules", Map.of("name", "Shop line", "type", "BUSINESS_HOURS", "schedule_id", shop,
                "open_target", Map.of("kind", "MEMBER", "member_id", ann), "closed_target", Map.of("kind", "VOICEMAIL")));
        assertThat(shopRule.json().get("warnings").toString()).as(shopRule.body()).doesNotContain("closed_target");
    }

    @Test
    void phoneSettingsAreChecked() {
        var defaults = owner.get("/api/v1/phone-settings").json();
        assertThat(defaults.get("billing_increment_seconds").asInt()).isEqualTo(60);
        var bad = owner.put("/api/v1/phone-settings", Map.of("billing_increment_seconds", 7, "inbound_rate_cents_per_minute", -1));
        assertThat(bad.status()).isEqualTo(422);
        assertThat(bad.json().get("errors").findValuesAsString("field"))
                .containsExactlyInAnyOrder("billing_increment_seconds", "inbound_rate_cents_per_minute");
        var ok = owner.put("/api/v1/phone-settings", Map.of("billing_increment_seconds", 6, "outbound_rate_cents_per_minute", 3,
                "after_hours_target", Map.of("kind", "VOICEMAIL", "member_id", ann)));
        assertThat(ok.status()).as(ok.body()).isEqualTo(200);
        assertThat(owner.get("/api/v1/phone-settings").json().get("after_hours_target").get("member_id").asString()).isEqualTo(ann);
    }

    /** The default strategy takes SIMULTANEOUS, ROUND_ROBIN or VOICEMAIL; anything else is refused by name and changes nothing. */
    @Test
    void theDefaultStrategyMayBeVoicemailAndAnythingElseIsRefusedNamingTheThreeValues() {
        var voicemail = owner.put("/api/v1/phone-settings", Map.of("default_strategy", "voicemail"));
        assertThat(voicemail.status()).as(voicemail.body()).isEqualTo(200);
        assertThat(owner.get("/api/v1/phone-settings").json().get("default_strategy").asString()).isEqualTo("VOICEMAIL");
        for (var bad : List.of("IVR", "DIRECT", "everyone")) {
            var refused = owner.put("/api/v1/phone-settings", Map.of("default_strategy", bad, "inbound_rate_cents_per_minute", 9));
            assertThat(refused.status()).as(bad).isEqualTo(422);
            assertThat(refused.errorField()).isEqualTo("default_strategy");
            assertThat(refused.body()).contains("must be SIMULTANEOUS, ROUND_ROBIN or VOICEMAIL");
        }
        var now = owner.get("/api/v1/phone-settings").json();
        assertThat(now.get("default_strategy").asString()).isEqualTo("VOICEMAIL");
        assertThat(now.get("inbound_rate_cents_per_minute").asInt()).as("nothing changed").isEqualTo(1);
        var simulated = owner.post("/api/v1/routing/simulate", Map.of("from", "+17735550123", "to", main,
                "at", "2026-11-25T18:00:00Z"));
        assertThat(simulated.json().get("action").get("type").asString()).as(simulated.body()).isEqualTo("voicemail");
        assertThat(simulated.body()).contains("no rule applies: the general voicemail (the default strategy)");
    }

    /** The default strategy's ring time: 20 s unless set, 10 to 120; a value outside is refused by name and changes nothing. */
    @Test
    void theDefaultStrategysRingTimeIsASettingFrom10To120Seconds() {
        assertThat(owner.get("/api/v1/phone-settings").json().get("default_ring_seconds").asInt()).isEqualTo(20);
        for (var bad : List.of(9, 121, -1)) {
            var refused = owner.put("/api/v1/phone-settings", Map.of("default_ring_seconds", bad, "inbound_rate_cents_per_minute", 9));
            assertThat(refused.status()).as("%s", bad).isEqualTo(422);
            assertThat(refused.errorField()).isEqualTo("default_ring_seconds");
            assertThat(refused.body()).contains("must be 10 to 120 seconds");
        }
        assertThat(owner.get("/api/v1/phone-settings").json().get("inbound_rate_cents_per_minute").asInt()).as("nothing changed").isEqualTo(1);
        var ok = owner.put("/api/v1/phone-settings", Map.of("default_ring_seconds", 45));
        assertThat(ok.status()).as(ok.body()).isEqualTo(200);
        var other = owner.put("/api/v1/phone-settings", Map.of("billing_increment_seconds", 6));
        assertThat(other.json().get("default_ring_seconds").asInt()).as("kept when not sent").isEqualTo(45);
        for (var id : List.of(ann, bob)) {
            var m = owner.get("/api/v1/members/" + id).json();
            owner.put("/api/v1/members/" + id, Map.of("name", m.get("name").asString(), "phone_extension", m.get("phone_extension").asString(),
                    "sip_address", "sip:" + m.get("name").asString().toLowerCase() + "@ring.sip.telnyx.com"));
        }
        var simulated = owner.post("/api/v1/routing/simulate", Map.of("from", "+17735550123", "to", main,
                "at", "2026-11-25T18:00:00Z"));
        assertThat(simulated.body()).contains("for 45 s");
    }

    /**
     * A rule's or a menu key's target that is a disabled rule (calls skip it) comes back with a warning when read, in the
     * API and on the pages; enabling the rule clears it. The rules keep their fields where they were.
     */
    @Test
    void aTargetThatIsADisabledRuleIsWarnedAboutWhenRulesAndMenusAreRead() {
        var night = rule("Night crew", Map.of("enabled", false));
        var front = rule("Front desk", Map.of("no_answer_target", Map.of("kind", "RULE", "rule_id", night)));
        var menu = owner.post("/api/v1/ivr-menus", Map.of("name", "Main", "greeting_text", "Press 2 for the night crew.",
                "options", Map.of("2", Map.of("kind", "RULE", "rule_id", night)), "timeout_target", Map.of("kind", "VOICEMAIL")));
        assertThat(menu.status()).as(menu.body()).isEqualTo(201);
        assertThat(menu.body()).as("said when saved").contains("key 2 sends calls to rule 'Night crew', which is disabled");
        var menuId = menu.json().get("menu").get("id").asString();

        var listed = owner.get("/api/v1/routing-rules").json();
        assertThat(listed.get(1).get("name").asString()).isEqualTo("Front desk");
        assertThat(listed.get(1).get("id").asString()).isEqualTo(front);
        assertThat(listed.get(1).get("warnings").toString()).contains("a target rule is disabled");
        assertThat(listed.get(0).get("warnings").toString()).as("the disabled rule itself: what still sends calls to it")
                .contains("disabled, yet routing rule 'Front desk' (no-answer target), IVR menu 'Main' (key 2) send calls to it");
        assertThat(owner.get("/api/v1/routing-rules/" + front).json().get("warnings").toString()).contains("a target rule is disabled");
        var menus = owner.get("/api/v1/ivr-menus").json();
        assertThat(menus.get(0).get("name").asString()).isEqualTo("Main");
        assertThat(menus.get(0).get("warnings").get(0).get("field").asString()).isEqualTo("options.2");
        assertThat(menus.get(0).get("warnings").toString()).contains("key 2 sends calls to rule 'Night crew', which is disabled");
        assertThat(owner.get("/api/v1/ivr-menus/" + menuId).json().get("warnings").size()).isEqualTo(1);

        var enable = owner.put("/api/v1/routing-rules/" + night, Map.of("name", "Night crew", "type", "SIMULTANEOUS",
                "member_ids", List.of(ann, bob), "enabled", true));
        assertThat(enable.status()).as(enable.body()).isEqualTo(200);
        var frontWarnings = owner.get("/api/v1/routing-rules/" + front).json().get("warnings");
        assertThat(frontWarnings.toString()).doesNotContain("a target rule is disabled");
        assertThat(frontWarnings.size()).as("only that 'Night crew', enabled above it without conditions, now takes every call first")
                .isEqualTo(1);
        assertThat(frontWarnings.get(0).get("field").asString()).isEqualTo("priority");
        assertThat(owner.get("/api/v1/ivr-menus/" + menuId).json().get("warnings").size()).isZero();
    }

    @Test
    void simulatingACallShowsTheDecisionAndItsTrace() {
        for (var id : List.of(ann, bob)) {
            var m = owner.get("/api/v1/members/" + id).json();
            owner.put("/api/v1/members/" + id, Map.of("name", m.get("name").asString(), "phone_extension", m.get("phone_extension").asString(),
                    "sip_address", "sip:" + m.get("name").asString().toLowerCase() + "@routing.sip.telnyx.com"));
        }
        owner.put("/api/v1/business-hours", Map.of("ranges", List.of(Map.of("day", "WEDNESDAY", "start", "08:00", "end", "18:00"))));
        owner.put("/api/v1/members/" + bob + "/status", Map.of("status", "AWAY", "reason", "at lunch"));
        owner.post("/api/v1/customers", Map.of("name", "Big Client", "phone_numbers", List.of("+13125550177"), "tags", List.of("VIP")));
        rule("VIP", Map.of("type", "CONDITIONAL", "member_ids", List.of(), "conditions", Map.of("customer_tag", "VIP"),
                "match_target", Map.of("kind", "MEMBER", "member_id", ann)));
        rule("Everyone", Map.of());
        var noon = "2026-11-25T18:00:00Z"; // Wednesday 12:00 in Chicago
        var vip = owner.post("/api/v1/routing/simulate", Map.of("from", "+13125550177", "to", main, "at", noon));
        assertThat(vip.status()).as(vip.body()).isEqualTo(200);
        assertThat(vip.json().get("action").get("type").asString()).as(vip.body()).isEqualTo("ring_members");
        assertThat(vip.json().get("action").get("rings").get(0).get("member_name").asString()).isEqualTo("Ann");
        var other = owner.post("/api/v1/routing/simulate", Map.of("from", "+17735550123", "to", main, "at", noon));
        assertThat(other.json().get("action").get("rings").findValuesAsString("member_name")).containsExactly("Ann");
        assertThat(other.json().get("trace").toString()).contains("skipped Bob: away: at lunch");
        var skipped = other.json().get("skipped");
        assertThat(skipped.size()).as(other.body()).isEqualTo(1);
        assertThat(skipped.get(0).get("member_id").asString()).isEqualTo(bob);
        assertThat(skipped.get(0).get("name").asString()).isEqualTo("Bob");
        assertThat(skipped.get(0).get("reason").asString()).isEqualTo("AWAY");
        assertThat(skipped.get(0).get("detail").asString()).isEqualTo("away: at lunch");
        assertThat(vip.json().get("skipped").size()).as("the VIP rule rings Ann alone: nobody passed over").isZero();
        var night = owner.post("/api/v1/routing/simulate", Map.of("from", "+17735550123", "to", main, "at", "2026-11-26T04:00:00Z"));
        assertThat(night.json().get("trace").toString()).contains("closed (outside business hours)");
        assertThat(owner.post("/api/v1/routing/simulate", Map.of("from", "nope", "to", main)).errorField()).isEqualTo("from");
    }

    /**
     * The simulation asked for a caller the what-if page does not (a withheld number is a caller too) and took any number
     * as the one dialled, deciding a call no number of the company's would ever receive: the caller is optional, and the
     * number dialled must be the company's (a business number or a member's direct line), else a 422 naming {@code to}.
     */
    @Test
    void simulatingACallNeedsNoCallerAndOneOfTheCompanysOwnNumbers() {
        var withheld = owner.post("/api/v1/routing/simulate", Map.of("to", main, "at", "2026-11-25T18:00:00Z"));
        assertThat(withheld.status()).as(withheld.body()).isEqualTo(200);
        assertThat(withheld.json().get("trace").get(0).asString()).startsWith("call from anonymous to " + main);
        var blank = owner.post("/api/v1/routing/simulate", Map.of("from", " ", "to", main));
        assertThat(blank.status()).as(blank.body()).isEqualTo(200);

        var direct = unusedNumber();
        assertThat(owner.put("/api/v1/members/" + ann, Map.of("name", "Ann", "phone_extension", "101", "direct_inward_dial", direct))
                .status()).isEqualTo(200);
        var toAnn = owner.post("/api/v1/routing/simulate", Map.of("to", direct));
        assertThat(toAnn.status()).as(toAnn.body()).isEqualTo(200);
        assertThat(toAnn.json().get("trace").toString()).contains("is the direct line of Ann");

        var elsewhere = unusedNumber();
        var refused = owner.post("/api/v1/routing/simulate", Map.of("from", "+17735550123", "to", elsewhere));
        assertThat(refused.status()).as(refused.body()).isEqualTo(422);
        assertThat(refused.errorField()).isEqualTo("to");
        assertThat(refused.body()).contains("is not one of the company's numbers");
        var missing = owner.post("/api/v1/routing/simulate", Map.of("from", "+17735550123"));
        assertThat(missing.status()).as(missing.body()).isEqualTo(422);
        assertThat(missing.errorField()).isEqualTo("to");
        assertThat(owner.post("/api/v1/routing/simulate", Map.of("to", "not a number")).errorField()).isEqualTo("to");
    }

    /**
     * A call to a member's direct line says in its trace where it goes: it ended at "skipped Ann: away", saying nothing of
     * the voicemail the caller then reached, where a rule's trace says "if nobody answers: ...".
     */
    @Test
    void aDirectLineCallsTraceSaysItGoesToTheMembersVoicemail() {
        var direct = unusedNumber();
        assertThat(owner.put("/api/v1/members/" + ann, Map.of("name", "Ann", "phone_extension", "101", "direct_inward_dial", direct,
                "sip_address", "sip:ann@direct.sip.telnyx.com")).status()).isEqualTo(200);
        var rung = owner.post("/api/v1/routing/simulate", Map.of("to", direct)).json().get("trace");
        assertThat(rung.get(rung.size() - 1).asString()).isEqualTo("if nobody answers: the voicemail of Ann");

        var away = owner.put("/api/v1/members/" + ann + "/status", Map.of("status", "AWAY"));
        assertThat(away.status()).as(away.body()).isEqualTo(200);
        var skipped = owner.post("/api/v1/routing/simulate", Map.of("to", direct)).json().get("trace");
        assertThat(skipped.get(skipped.size() - 2).asString()).isEqualTo("skipped Ann: away");
        assertThat(skipped.get(skipped.size() - 1).asString()).isEqualTo("to the voicemail of Ann");
        owner.put("/api/v1/members/" + ann + "/status", Map.of("status", "AVAILABLE"));
    }

    /**
     * The decision's trace named a queue by its raw id ("to call queue 30da5915-...") where it names rules and members;
     * it names the queue as the company calls it, and follows a rename at once.
     */
    @Test
    void theTraceNamesAQueueByItsName() {
        var queue = owner.post("/api/v1/queues", Map.of("name", "Service desk", "strategy", "LONGEST_IDLE", "member_ids", List.of(ann)));
        assertThat(queue.status()).as(queue.body()).isEqualTo(201);
        var id = queue.json().get("id").asString();
        // Ann and Bob have no phone: nobody is rung, and the rule's no-answer target takes the call.
        rule("Office", Map.of("no_answer_target", Map.of("kind", "QUEUE", "queue_id", id)));
        var noon = Map.of("from", "+17735550123", "to", main, "at", "2026-11-25T18:00:00Z");

        var trace = owner.post("/api/v1/routing/simulate", noon).json().get("trace").toString();
        assertThat(trace).contains("to queue 'Service desk'").doesNotContain(id);

        var renamed = owner.put("/api/v1/queues/" + id, Map.of("name", "Front desk", "strategy", "LONGEST_IDLE", "member_ids", List.of(ann)));
        assertThat(renamed.status()).as(renamed.body()).isEqualTo(200);
        assertThat(owner.post("/api/v1/routing/simulate", noon).json().get("trace").toString()).contains("to queue 'Front desk'");
    }

    /**
     * A conditional rule for times the business is closed throughout is warned: closed, a call goes to the after-hours
     * target before any rule, so "19:00 to 06:00: the on-call tech" saved first in the list and never took a call. One that
     * covers some open time, or that the after-hours target sends calls to, is not.
     */
    @Test
    void aConditionalRuleForTimesTheBusinessIsClosedThroughoutIsWarned() {
        var week = java.util.stream.Stream.of("MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY")
                .map(d -> Map.of("day", d, "start", "07:00", "end", "18:00")).toList();
        var hours = owner.put("/api/v1/business-hours", Map.of("ranges", week));
        assertThat(hours.status()).as(hours.body()).isEqualTo(200);
        var toBob = Map.of("kind", "MEMBER", "member_id", bob);
        var night = owner.post("/api/v1/routing-rules", Map.of("name", "Night on-call", "type", "CONDITIONAL",
                "conditions", Map.of("time_from", "19:00", "time_to", "06:00"), "match_target", toBob));
        assertThat(night.status()).as(night.body()).isEqualTo(201);
        assertThat(night.json().get("warnings").toString()).contains("\"conditions\"").contains("the business is closed at every time"
                + " this rule's conditions cover").contains("in the rule order this rule never takes a call");
        var sunday = owner.post("/api/v1/routing-rules", Map.of("name", "Sunday", "type", "CONDITIONAL",
                "conditions", Map.of("weekdays", List.of("SUNDAY")), "match_target", toBob));
        assertThat(sunday.json().get("warnings").toString()).contains("the business is closed at every time");
        var evening = owner.post("/api/v1/routing-rules", Map.of("name", "Evening", "type", "CONDITIONAL",
                "conditions", Map.of("time_from", "17:00", "time_to", "20:00"), "match_target", toBob));
        assertThat(evening.json().get("warnings").toString()).as("open from 17:00 to 18:00").doesNotContain("the business is closed");

        var nightId = night.json().get("rule").get("id").asString();
        assertThat(owner.put("/api/v1/phone-settings", Map.of("after_hours_target", Map.of("kind", "RULE", "rule_id", nightId))).status())
                .isEqualTo(200);
        assertThat(owner.get("/api/v1/routing-rules/" + nightId).json().get("warnings").toString()).doesNotContain("the business is closed");
    }

    /**
     * A menu key sending callers to a queue with nobody in it is warned, as a rule sending calls there is: "press 1 for
     * emergencies" into an on-call queue whose only member was taken out offered every caller to no one.
     */
    @Test
    void aMenuKeyToAQueueWithNobodyInItIsWarned() {
        var queue = owner.post("/api/v1/queues", Map.of("name", "On-call", "strategy", "RING_ALL", "member_ids", List.of()));
        assertThat(queue.status()).as(queue.body()).isEqualTo(201);
        var queueId = queue.json().get("id").asString();
        var menu = owner.post("/api/v1/ivr-menus", Map.of("name", "After hours", "greeting_text", "For emergencies press 1.",
                "options", Map.of("1", Map.of("kind", "QUEUE", "queue_id", queueId)), "timeout_target", Map.of("kind", "VOICEMAIL")));
        assertThat(menu.status()).as(menu.body()).isEqualTo(201);
        assertThat(menu.json().get("warnings").toString()).contains("options.1")
                .contains("key 1 sends callers to the queue 'On-call', which has nobody in it");
        var id = menu.json().get("menu").get("id").asString();
        assertThat(owner.get("/api/v1/ivr-menus/" + id).json().get("warnings").toString()).contains("which has nobody in it");

        var filled = owner.put("/api/v1/queues/" + queueId, Map.of("name", "On-call", "strategy", "RING_ALL", "member_ids", List.of(ann)));
        assertThat(filled.status()).as(filled.body()).isEqualTo(200);
        assertThat(owner.get("/api/v1/ivr-menus/" + id).json().get("warnings").toString()).doesNotContain("nobody in it");
    }

    /**
     * A menu whose spoken greeting tells callers to press a key that has no option is warned, on its save and when read:
     * the billing option taken off the after-hours menu, its greeting still said "for billing press 2", and callers who did
     * heard "not a valid choice" until the retries ran out. Extensions' digits, and "dial 101", are not taken for keys.
     */
    @Test
    void aMenuWhoseGreetingOffersAKeyWithNoOptionIsWarned() {
        var created = owner.post("/api/v1/ivr-menus", Map.of("name", "After hours", "greeting_text",
                "For emergencies press 1. For billing press 2. To hear this again, press star. Or dial 101 for Ann.",
                "options", Map.of("1", Map.of("kind", "MEMBER", "member_id", ann)), "timeout_target", Map.of("kind", "VOICEMAIL")));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        assertThat(created.json().get("warnings").toString()).contains("greeting_text").contains("the greeting tells callers to press 2, *,"
                + " but those keys have no option: callers who press one hear \\\"Sorry, that is not a valid choice.\\\"");
        var id = created.json().get("menu").get("id").asString();
        assertThat(owner.get("/api/v1/ivr-menus/" + id).json().get("warnings").toString()).contains("the greeting tells callers to press 2, *");

        var fixed = owner.patch("/api/v1/ivr-menus/" + id, Map.of("options", Map.of("2", Map.of("kind", "VOICEMAIL", "member_id", bob),
                "*", Map.of("kind", "HANGUP"))));
        assertThat(fixed.status()).as(fixed.body()).isEqualTo(200);
        assertThat(fixed.json().get("warnings").toString()).doesNotContain("the greeting tells");
        assertThat(owner.get("/api/v1/ivr-menus/" + id).json().get("warnings").toString()).doesNotContain("the greeting tells");

        var directory = owner.post("/api/v1/ivr-menus", Map.of("name", "Directory", "greeting_text", "Dial the extension, or press 0.",
                "options", Map.of("0", Map.of("kind", "MEMBER", "member_id", ann)), "dial_by_extension", true,
                "timeout_target", Map.of("kind", "VOICEMAIL")));
        assertThat(directory.status()).as(directory.body()).isEqualTo(201);
        assertThat(directory.json().get("warnings").toString()).doesNotContain("the greeting tells");

        // Words that are no key to press: the key ending a typed entry, a number's first digit, a count of digits; and a
        // list of keys is read whole (found by review: "then press pound" in a dial-by-extension greeting was warned).
        var words = owner.post("/api/v1/ivr-menus", Map.of("name", "Words", "greeting_text",
                "For sales press 1 or 2. Enter the 4 digit code, then press pound. Or hang up and dial 1-800-555-0199, or dial 1 800 555 0199.",
                "options", Map.of("1", Map.of("kind", "MEMBER", "member_id", ann)), "timeout_target", Map.of("kind", "VOICEMAIL")));
        assertThat(words.status()).as(words.body()).isEqualTo(201);
        assertThat(words.json().get("warnings").toString()).contains("the greeting tells callers to press 2, but that key has no option");
    }

    /**
     * A disabled rule that something still sends calls to is warned about, on its save and in the list: the after-hours
     * menu's rule, disabled to keep it out of the daytime order, sent every call at night to the general voicemail (the
     * list said only "Disabled, so calls pass it by"). Enabling it clears the warning.
     */
    @Test
    void aDisabledRuleThatTheAfterHoursTargetOrAMenuSendsCallsToIsWarned() {
        var menu = owner.post("/api/v1/ivr-menus", Map.of("name", "After hours", "greeting_text", "For emergencies press 1.",
                "options", Map.of("1", Map.of("kind", "MEMBER", "member_id", ann)), "timeout_target", Map.of("kind", "VOICEMAIL")));
        assertThat(menu.status()).as(menu.body()).isEqualTo(201);
        var night = rule("After-hours menu", Map.of("type", "IVR", "member_ids", List.of(), "ivr_menu_id",
                menu.json().get("menu").get("id").asString()));
        assertThat(owner.put("/api/v1/phone-settings", Map.of("after_hours_target", Map.of("kind", "RULE", "rule_id", night))).status())
                .isEqualTo(200);
        var crew = rule("Night crew", Map.of());
        var main = owner.post("/api/v1/ivr-menus", Map.of("name", "Main", "greeting_text", "Press 2 for the night crew.",
                "options", Map.of("2", Map.of("kind", "RULE", "rule_id", crew)), "timeout_target", Map.of("kind", "VOICEMAIL")));
        assertThat(main.status()).as(main.body()).isEqualTo(201);

        var disabled = owner.patch("/api/v1/routing-rules/" + night, Map.of("enabled", false));
        assertThat(disabled.status()).as(disabled.body()).isEqualTo(200);
        assertThat(disabled.json().get("warnings").toString()).contains("disabled, yet the after-hours target of the phone settings sends"
                + " calls to it: those calls skip it (callers do not hear its menu) and go to the general voicemail");
        var listed = owner.get("/api/v1/routing-rules/" + night).json().get("warnings");
        assertThat(listed.get(0).get("field").asString()).isEqualTo("enabled");
        assertThat(owner.patch("/api/v1/routing-rules/" + crew, Map.of("enabled", false, "no_answer_target",
                Map.of("kind", "MEMBER", "member_id", bob))).json().get("warnings").toString())
                .contains("disabled, yet IVR menu 'Main' (key 2) sends calls to it: those calls skip it and go to its no-answer target (member Bob)");

        assertThat(owner.patch("/api/v1/routing-rules/" + night, Map.of("enabled", true)).status()).isEqualTo(200);
        assertThat(owner.get("/api/v1/routing-rules/" + night).json().get("warnings").toString()).doesNotContain("disabled, yet");

        // A one-person rule's calls go to its member's box, as the router sends them (found by review: "the general voicemail").
        var annOnCall = rule("Ann on call", Map.of("type", "DIRECT", "member_ids", List.of(ann)));
        assertThat(owner.put("/api/v1/phone-settings", Map.of("after_hours_target", Map.of("kind", "RULE", "rule_id", annOnCall))).status())
                .isEqualTo(200);
        assertThat(owner.patch("/api/v1/routing-rules/" + annOnCall, Map.of("enabled", false)).json().get("warnings").toString())
                .contains("and go to the voicemail of Ann;");
    }

    /**
     * The after-hours line of the trace named its target by id ("after-hours target rule 30da5915-...") where every other
     * line names rules, members and queues: it names them too, and follows a rename.
     */
    @Test
    void theAfterHoursTraceLineNamesItsTarget() {
        owner.put("/api/v1/business-hours", Map.of("ranges", List.of(Map.of("day", "WEDNESDAY", "start", "08:00", "end", "18:00"))));
        var night = Map.of("from", "+17735550123", "to", main, "at", "2026-11-26T04:00:00Z"); // Wednesday 22:00 in Chicago
        var crew = rule("Night crew", Map.of("enabled", false));
        var queue = owner.post("/api/v1/queues", Map.of("name", "Service desk", "strategy", "LONGEST_IDLE", "member_ids", List.of(ann)));
        assertThat(queue.status()).as(queue.body()).isEqualTo(201);
        var queueId = queue.json().get("id").asString();
        record Case(Map<String, Object> target, String named, String id) {
        }
        for (var c : List.of(new Case(Map.of("kind", "RULE", "rule_id", crew), "after-hours target rule 'Night crew'", crew),
                new Case(Map.of("kind", "MEMBER", "member_id", bob), "after-hours target member Bob", bob),
                new Case(Map.of("kind", "VOICEMAIL", "member_id", ann), "after-hours target the voicemail of Ann", ann),
                new Case(Map.of("kind", "QUEUE", "queue_id", queueId), "after-hours target queue 'Service desk'", queueId))) {
            var settings = owner.put("/api/v1/phone-settings", Map.of("after_hours_target", c.target()));
            assertThat(settings.status()).as(settings.body()).isEqualTo(200);
            var trace = owner.post("/api/v1/routing/simulate", night).json().get("trace").toString();
            assertThat(trace).contains("closed (outside business hours): " + c.named()).doesNotContain(c.id());
        }
        var renamed = owner.put("/api/v1/queues/" + queueId, Map.of("name", "Front desk", "strategy", "LONGEST_IDLE", "member_ids", List.of(ann)));
        assertThat(renamed.status()).as(renamed.body()).isEqualTo(200);
        assertThat(owner.post("/api/v1/routing/simulate", night).json().get("trace").toString())
                .contains("after-hours target queue 'Front desk'");
    }
}
