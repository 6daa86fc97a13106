package dev.switchboard.calls;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.simulator.PhoneScript;
import dev.switchboard.simulator.SimClock;
import dev.switchboard.support.VirtualTimeCallTest;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;

/** IVR menus at their edges, through the simulator in virtual time: recorded menus on a retry, a menu deleted under a caller, a way back from a submenu, dial-by-extension, timeouts, holidays and overrides. */
@Import(IvrMenuEdgeCasesTest.VirtualTime.class)
class IvrMenuEdgeCasesTest extends VirtualTimeCallTest {

    @TestConfiguration
    static class VirtualTime {
        @Bean
        @Primary
        SimClock virtualClock() {
            return new SimClock(Instant.parse("2026-11-25T18:00:00Z")); // Wednesday noon in Chicago
        }
    }

    @BeforeEach
    void company() {
        newCompanyWithAnnAndBob("Ivr Co", 20);
    }

    String menu(Map<String, Object> body) {
        var r = owner.post("/api/v1/ivr-menus", body);
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json().get("menu").get("id").asString();
    }

    String ivrRule(String name, String menuId) {
        var r = owner.post("/api/v1/routing-rules", Map.of("name", name, "type", "IVR", "ivr_menu_id", menuId));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json().get("rule").get("id").asString();
    }

    @Test
    void anUploadedAudioMenuIsPlayedAgainAfterAnInvalidKey() throws java.io.IOException {
        var uploaded = owner.upload("/api/v1/media?purpose=greeting", "file", "menu.wav", "audio/wav", dev.switchboard.support.TestAudio.wav());
        assertThat(uploaded.status()).as(uploaded.body()).isEqualTo(201);
        var m = menu(Map.of("name", "Main", "greeting_media_id", uploaded.json().get("file").get("id").asString(),
                "options", Map.of("1", Map.of("kind", "MEMBER", "member_id", ann)), "timeout_seconds", 5, "max_retries", 2));
        ivrRule("Menu", m);
        var caller = sim.call("+17735550123", number);
        assertThat(call().get("phase")).isEqualTo("MENU");
        assertThat(caller.heard()).hasSize(1);
        assertThat(caller.heard().getFirst()).contains("/media/");
        caller.press("7");
        sim.advance(Duration.ofSeconds(3));
        // After "Sorry, that is not a valid choice." the caller must hear the menu's options again.
        assertThat(caller.heard().subList(1, caller.heard().size())).as(caller.heard().toString())
                .anyMatch(h -> h.contains("/media/"));
    }

    @Test
    void aMenuDeletedWhileACallerIsInItDoesNotLeaveTheCallerInSilence() {
        var a = menu(Map.of("name", "Old", "greeting_text", "Press 1 for Ann.",
                "options", Map.of("1", Map.of("kind", "MEMBER", "member_id", ann)), "timeout_seconds", 5, "max_retries", 1));
        var rule = ivrRule("Menu", a);
        sim.phone(annSip, PhoneScript.answerAfter(Duration.ofSeconds(2)));
        var caller = sim.call("+17735550123", number);
        assertThat(call().get("phase")).isEqualTo("MENU");
        // The admin points the rule at a new menu and deletes the old one while the caller listens to it.
        var b = menu(Map.of("name", "New", "greeting_text", "Press 2 for Bob.",
                "options", Map.of("2", Map.of("kind", "MEMBER", "member_id", bob)), "timeout_seconds", 5));
        var put = owner.put("/api/v1/routing-rules/" + rule, Map.of("name", "Menu", "type", "IVR", "ivr_menu_id", b));
        assertThat(put.status()).as(put.body()).isEqualTo(200);
        var del = owner.delete("/api/v1/ivr-menus/" + a);
        assertThat(del.status()).as(del.body()).isIn(200, 204);
        int heardBefore = caller.heard().size();
        caller.press("1");
        sim.advance(Duration.ofSeconds(30));
        // Something happens: Ann rings (the choice the caller heard), or the caller hears something new.
        assertThat(legsTo(annSip).size() + caller.heard().size() - heardBefore).as(caller.heard().toString()).isPositive();
    }

    @Test
    void aSubMenuCanOfferToGoBackToTheMainMenu() {
        var main = menu(Map.of("name", "Main", "greeting_text", "Press 9 for voicemail.",
                "options", Map.of("9", Map.of("kind", "VOICEMAIL")), "timeout_seconds", 5));
        var mainRule = ivrRule("Main menu", main);
        var sub = menu(Map.of("name", "Sales", "greeting_text", "Press 1 for Ann, or 0 to go back.",
                "options", Map.of("1", Map.of("kind", "MEMBER", "member_id", ann), "0", Map.of("kind", "RULE", "rule_id", mainRule)),
                "timeout_seconds", 5));
        var subRule = owner.post("/api/v1/routing-rules", Map.of("name", "Sales menu", "type", "IVR", "ivr_menu_id", sub));
        assertThat(subRule.status()).as(subRule.body()).isEqualTo(201);
        var options = new HashMap<String, Object>();
        options.put("9", Map.of("kind", "VOICEMAIL"));
        options.put("2", Map.of("kind", "RULE", "rule_id", subRule.json().get("rule").get("id").asString()));
        var linked = owner.put("/api/v1/ivr-menus/" + main, Map.of("name", "Main", "greeting_text", "Press 2 for sales, 9 for voicemail.",
                "options", options, "timeout_seconds", 5));
        // A key press back to the main menu is no endless loop: each step waits for the caller.
        assertThat(linked.status()).as(linked.body()).isEqualTo(200);
    }

    /**
     * A caller who goes from the main menu into a submenu, presses a wrong key there, then goes back: the trace names the menu
     * of each step. It read "menu: pressed 2", "menu: invalid choice 7", "menu: pressed 0", and the owner could not tell which.
     */
    @Test
    void theTraceNamesTheMenuOfEachKeyPressed() {
        var main = menu(Map.of("name", "Main", "greeting_text", "Press 9 for voicemail.",
                "options", Map.of("9", Map.of("kind", "VOICEMAIL")), "timeout_seconds", 5));
        var mainRule = ivrRule("Main menu", main);
        var sales = menu(Map.of("name", "Sales", "greeting_text", "Press 1 for Ann, or 0 to go back.",
                "options", Map.of("1", Map.of("kind", "MEMBER", "member_id", ann), "0", Map.of("kind", "RULE", "rule_id", mainRule)),
                "timeout_seconds", 5));
        var salesRule = ivrRule("Sales menu", sales);
        assertThat(owner.put("/api/v1/routing-rules/order", Map.of("rule_ids", List.of(mainRule, salesRule))).status()).isEqualTo(200);
        assertThat(owner.put("/api/v1/ivr-menus/" + main, Map.of("name", "Main", "greeting_text", "Press 2 for sales, 9 for voicemail.",
                "options", Map.of("9", Map.of("kind", "VOICEMAIL"), "2", Map.of("kind", "RULE", "rule_id", salesRule)),
                "timeout_seconds", 5)).status()).isEqualTo(200);
        var caller = sim.call("+17735550123", number);
        caller.pressWhenPrompted("2");
        caller.pressWhenPrompted("7");
        caller.pressWhenPrompted("0");
        sim.advance(Duration.ofSeconds(30));
        assertThat(caller.heard()).as(caller.heard().toString()).containsSubsequence("Press 2 for sales, 9 for voicemail.",
                "Press 1 for Ann, or 0 to go back.", "Sorry, that is not a valid choice. Press 1 for Ann, or 0 to go back.",
                "Press 2 for sales, 9 for voicemail.");
        caller.hangUp();
        sim.advance(Duration.ofSeconds(2));
        assertThat(trace()).containsSubsequence("menu 'Main': pressed 2", "on to rule 'Sales menu'",
                "menu 'Sales': invalid choice 7 (try 1 of 3)", "menu 'Sales': pressed 0", "on to rule 'Main menu'");
    }

    /**
     * Dial-by-extension at its edges: an extension nobody has and a short one are invalid choices, retried, then the
     * invalid target (hang up with a message), which the trace names; an extension whose member is away goes to their
     * voicemail with the reason; a menu key beside extensions still works.
     */
    @Test
    void dialByExtensionEdgeCases() {
        var m = menu(Map.of("name", "Main", "greeting_text", "Dial an extension, or press 9 for voicemail.",
                "options", Map.of("9", Map.of("kind", "VOICEMAIL")), "dial_by_extension", true, "timeout_seconds", 5, "max_retries", 1,
                "invalid_target", Map.of("kind", "HANGUP", "message", "Goodbye.")));
        ivrRule("Menu", m);
        owner.put("/api/v1/members/" + bob + "/status", Map.of("status", "AWAY", "reason", "at lunch"));
        var caller = sim.call("+17735550123", number);
        caller.press("109");
        sim.advance(Duration.ofSeconds(1));
        // Told the extension is not there, not "not a valid choice" as after a wrong key.
        assertThat(caller.heard()).containsExactly("Dial an extension, or press 9 for voicemail.",
                "Sorry, there is no extension 1 0 9. Dial an extension, or press 9 for voicemail.");
        caller.press("10");
        sim.advance(Duration.ofSeconds(8));
        assertThat(caller.heard().getLast()).isEqualTo("Goodbye.");
        assertThat(caller.state()).isEqualTo(dev.switchboard.simulator.Leg.State.ENDED);
        sim.advance(Duration.ofSeconds(10));
        assertThat(trace()).contains("menu 'Main': invalid choice 109: no extension 109 (try 1 of 2)",
                "menu 'Main': invalid choice 10: no extension 10 (try 2 of 2)",
                "menu 'Main': after the last try: hang up with a message");
        assertThat(legsTo(annSip)).isEmpty();

        var c2 = sim.call("+17735550124", number);
        c2.press("102");
        sim.advance(Duration.ofSeconds(5));
        assertThat(c2.heard()).contains("Bob is not available. Please leave a message after the tone.");
        assertThat(legsTo(bobSip)).as("away: not rung").isEmpty();
        c2.hangUp();
        assertThat(trace()).contains("menu 'Main': extension 102 (Bob)", "skipped Bob: away: at lunch");

        var c3 = sim.call("+17735550125", number);
        c3.press("9");
        sim.advance(Duration.ofSeconds(8));
        assertThat(c3.heard().getLast()).isEqualTo("Nobody is available to take your call. Please leave a message after the tone.");
        c3.hangUp();
    }

    @Test
    void timeoutRetriesThenTheTimeoutTarget() {
        var m = menu(Map.of("name", "Main", "greeting_text", "Press 1 for Ann.",
                "options", Map.of("1", Map.of("kind", "MEMBER", "member_id", ann)), "timeout_seconds", 5, "max_retries", 1,
                "timeout_target", Map.of("kind", "MEMBER", "member_id", bob)));
        ivrRule("Menu", m);
        sim.phone(bobSip, new PhoneScript.NeverAnswer());
        var caller = sim.call("+17735550123", number);
        sim.advance(Duration.ofSeconds(60));
        caller.hangUp();
        assertThat(legsTo(bobSip)).hasSize(1);
    }

    @Test
    void aHolidayWhoseRuleIsAMenuGreetsThenPlaysTheMenuAndASubMenuWorks() {
        var sub = menu(Map.of("name", "Sales", "greeting_text", "Sales. Press 1 for Ann.",
                "options", Map.of("1", Map.of("kind", "MEMBER", "member_id", ann)), "timeout_seconds", 5));
        var subRule = ivrRule("Sales menu", sub);
        var main = menu(Map.of("name", "Main", "greeting_text", "Press 2 for sales.",
                "options", Map.of("2", Map.of("kind", "RULE", "rule_id", subRule)), "timeout_seconds", 5));
        var mainRule = ivrRule("Main menu", main);
        var h = owner.post("/api/v1/holidays", Map.of("name", "Staff day", "date", "2026-11-25", "recurrence", "ONE_TIME",
                "greeting_text", "We are on a staff day.", "routing_rule_id", mainRule));
        assertThat(h.status()).as(h.body()).isEqualTo(201);
        sim.phone(annSip, PhoneScript.answerAfter(Duration.ofSeconds(2)));
        var caller = sim.call("+17735550123", number);
        caller.pressWhenPrompted("2");
        sim.advance(Duration.ofSeconds(10));
        caller.pressWhenPrompted("1");
        sim.advance(Duration.ofSeconds(10));
        assertThat(caller.heard().getFirst()).isEqualTo("We are on a staff day.");
        assertThat(legsTo(annSip)).hasSize(1);
        caller.hangUp();
    }

    /** The owner opens the business on a holiday ("open until the next change"); the API says open, calls still get the holiday. */
    @Test
    void openingTheBusinessOnAHolidayRoutesCallsAsOpen() {
        var hours = owner.put("/api/v1/business-hours", Map.of("ranges", List.of(
                Map.of("day", "WEDNESDAY", "start", "08:00", "end", "18:00"))));
        assertThat(hours.status()).as(hours.body()).isEqualTo(200);
        var h = owner.post("/api/v1/holidays", Map.of("name", "Staff day", "date", "2026-11-25", "recurrence", "ONE_TIME",
                "greeting_text", "We are closed for a staff day."));
        assertThat(h.status()).as(h.body()).isEqualTo(201);
        var o = owner.post("/api/v1/business-hours/overrides", Map.of("kind", "OPEN_UNTIL_NEXT_CHANGE", "reason", "staff day cancelled"));
        assertThat(o.status()).as(o.body()).isEqualTo(201);
        var open = owner.get("/api/v1/business-hours/open").json();
        assertThat(open.get("open").asBoolean()).as(open.toString()).isTrue();
        owner.post("/api/v1/routing-rules", Map.of("name", "Everyone", "type", "SIMULTANEOUS", "member_ids", List.of(ann, bob),
                "ring_timeout_seconds", 20));
        var caller = sim.call("+17735550123", number);
        sim.advance(Duration.ofSeconds(2));
        assertThat(caller.heard()).doesNotContain("We are closed for a staff day.");
        assertThat(legsTo(annSip)).hasSize(1);
    }

    /** "Why didn't my phone ring?": a menu's timeout target that skips its member must say why in the call's trace. */
    @Test
    void theTimeoutTargetsSkipReasonIsInTheTrace() {
        var m = menu(Map.of("name", "Main", "greeting_text", "Press 1 for Ann.",
                "options", Map.of("1", Map.of("kind", "MEMBER", "member_id", ann)), "timeout_seconds", 5, "max_retries", 0,
                "timeout_target", Map.of("kind", "MEMBER", "member_id", bob)));
        ivrRule("Menu", m);
        assertThat(owner.put("/api/v1/members/" + bob + "/status", Map.of("status", "AWAY", "reason", "at lunch")).status()).isEqualTo(200);
        var caller = sim.call("+17735550123", number);
        sim.advance(Duration.ofSeconds(30));
        caller.hangUp();
        assertThat(trace()).contains("skipped Bob: away: at lunch");
    }
}
