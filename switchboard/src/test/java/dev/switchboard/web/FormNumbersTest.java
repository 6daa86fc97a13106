package dev.switchboard.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.support.ApiClient;
import dev.switchboard.support.IntegrationTest;
import dev.switchboard.support.WebClient;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The forms' whole-number fields (ring times, rates, a message's length, a menu's wait): one that is no whole number is
 * refused beside its field in its own words, with what was typed still in it, and one emptied (which is what a browser
 * sends for text typed into a number field) is refused as one to give. They used to stop the post on a page naming the
 * Java property ("inboundRate: '1.5' is not a valid value"), or to save the emptied field as the default (a member's ring
 * time of 45 s became 20 s). Nothing is saved either way.
 */
class FormNumbersTest extends IntegrationTest {

    private record Company(WebClient web, ApiClient api) {
    }

    private Company company(String name) {
        var web = newCompanyOwner(name);
        return new Company(web, api().login(web.email(), "correct-horse"));
    }

    /** The id of what a POST created; {@code in} names the object it is in ("rule", "menu"), or null for the body itself. */
    private static String created(ApiClient.Response r, String in) {
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return (in == null ? r.json() : r.json().get(in)).get("id").asString();
    }

    private static String created(ApiClient.Response r) {
        return created(r, null);
    }

    @Test
    void aGeneralSettingThatIsNoWholeNumberIsSaidBesideItsFieldAsTypedAndNothingIsSaved() {
        var c = company("Whole Rates Co");
        c.web().get("/settings/communications/phone/general");
        var rate = c.web().post("/settings/communications/phone/general", "inboundRate", "1.5", "defaultRingSeconds", "");
        assertThat(rate.status()).isEqualTo(422);
        assertThat(rate.body()).contains("must be a whole number of cents, 0 to 10000 (&#39;1.5&#39; is not)")
                .contains("must be given: a whole number of seconds, 10 to 120").contains("value=\"1.5\"")
                .doesNotContain("inboundRate:").doesNotContain("defaultRingSeconds:");
        var settings = c.api().get("/api/v1/phone-settings").json();
        assertThat(settings.get("inbound_rate_cents_per_minute").asInt()).isEqualTo(1);
        assertThat(settings.get("default_ring_seconds").asInt()).isEqualTo(20);
        // Too large to be held is no different: said as what the field takes, not as "(a whole number)".
        var huge = c.web().post("/settings/communications/phone/general", "outboundRate", "2147483648");
        assertThat(huge.status()).isEqualTo(422);
        assertThat(huge.body()).contains("(&#39;2147483648&#39; is not)");
    }

    @Test
    void anEmptiedRingTimeIsRefusedOnAMembersARulesAndAQueuesFormNotSavedAsTheDefault() {
        var c = company("Emptied Fields Co");
        var member = created(c.api().post("/api/v1/members", Map.of("name", "Ann Lee", "ring_timeout_seconds", 45)));
        var edit = c.web().htmxPost("/settings/communications/phone/extensions/" + member, "name", "Ann Lee", "extensionEnabled", "true",
                "ringTimeoutSeconds", "", "maxConcurrentCalls", "1.0");
        assertThat(edit.status()).isEqualTo(422);
        assertThat(edit.body()).contains("must be given: a whole number of seconds, 15 to 90")
                .contains("must be a whole number of calls, 1 to 10 (&#39;1.0&#39; is not)").contains("value=\"1.0\"");
        assertThat(c.api().get("/api/v1/members/" + member).json().get("ring_timeout_seconds").asInt()).isEqualTo(45);

        var rule = created(c.api().post("/api/v1/routing-rules", Map.of("name", "Office", "type", "SIMULTANEOUS",
                "member_ids", List.of(member), "ring_timeout_seconds", 45)), "rule");
        var ruleEdit = c.web().post("/settings/communications/phone/routing/" + rule, "name", "Office", "type", "SIMULTANEOUS",
                "enabled", "true", "memberIds", member, "ringTimeoutSeconds", "");
        assertThat(ruleEdit.status()).isEqualTo(422);
        assertThat(ruleEdit.body()).contains("must be given: a whole number of seconds, 5 to 300");
        assertThat(c.api().get("/api/v1/routing-rules/" + rule).json().get("ring_timeout_seconds").asInt()).isEqualTo(45);
        // A menu's rule has no ring time on its form (the field is hidden): what it holds is not read.
        var menu = created(c.api().post("/api/v1/ivr-menus", Map.of("name", "Main", "greeting_text", "Press 1",
                "options", Map.of("1", Map.of("kind", "MEMBER", "member_id", member)))), "menu");
        var ivr = c.web().post("/settings/communications/phone/routing/" + rule, "name", "Office", "type", "IVR", "enabled", "true",
                "ivrMenuId", menu, "ringTimeoutSeconds", "");
        assertThat(ivr.status()).as(ivr.body()).isEqualTo(302);

        var queue = created(c.api().post("/api/v1/queues", Map.of("name", "Dispatch", "wrap_up_seconds", 30)));
        c.web().get("/queues/" + queue);
        var queueEdit = c.web().post("/queues/" + queue, "name", "Dispatch", "strategy", "ROUND_ROBIN", "wrapUpSeconds", "");
        assertThat(queueEdit.status()).isEqualTo(422);
        assertThat(queueEdit.body()).contains("must be given: a whole number of seconds, 0 to 600");
        assertThat(c.api().get("/api/v1/queues/" + queue).json().get("wrap_up_seconds").asInt()).isEqualTo(30);
    }

    @Test
    void aMailboxsLongestMessageAndAMenusWaitThatAreNoNumbersAreSaidSoAndAMenusGreetingIsKept() {
        var c = company("Numbers In Menus Co");
        c.web().get("/settings/communications/phone/voicemail");
        var mailbox = c.web().post("/settings/communications/phone/voicemail", "greetingType", "DEFAULT", "retention", "forever",
                "maxMessageSeconds", "99999999999");
        assertThat(mailbox.status()).isEqualTo(422);
        assertThat(mailbox.body()).contains("must be a whole number of seconds, 30 to 300 (&#39;99999999999&#39; is not)");
        assertThat(c.api().get("/api/v1/voicemail/settings").json().get("settings").get("max_message_seconds").asInt()).isEqualTo(120);

        var member = created(c.api().post("/api/v1/members", Map.of("name", "Ann Lee")));
        var menu = created(c.api().post("/api/v1/ivr-menus", Map.of("name", "Main", "greeting_text", "Press 1",
                "options", Map.of("1", Map.of("kind", "MEMBER", "member_id", member)))), "menu");
        c.web().get("/settings/communications/phone/call-flows/" + menu);
        var wait = c.web().post("/settings/communications/phone/call-flows/" + menu, "name", "Main", "greetingText", "Press 1",
                "k1Kind", "MEMBER", "k1Member", member, "timeoutSeconds", "abc", "maxRetries", "2");
        assertThat(wait.status()).isEqualTo(422);
        assertThat(wait.body()).contains("must be a whole number of seconds, 2 to 30 (&#39;abc&#39; is not)");
        // A greeting's id that is none is refused, not read as no greeting (which removed the menu's own).
        var greeting = c.web().post("/settings/communications/phone/call-flows/" + menu, "name", "Main", "greetingText", "Press 1",
                "k1Kind", "MEMBER", "k1Member", member, "timeoutSeconds", "5", "maxRetries", "2", "greetingMediaId", "bogus");
        assertThat(greeting.status()).isEqualTo(422);
        assertThat(greeting.body()).contains("is not an uploaded greeting&#39;s id");
    }

    @Test
    void aRuleMovedNeitherUpNorDownIsRefusedSayingWhyNotAServerError() {
        var c = company("Sideways Co");
        var member = created(c.api().post("/api/v1/members", Map.of("name", "Ann Lee")));
        var rule = created(c.api().post("/api/v1/routing-rules", Map.of("name", "Office", "type", "SIMULTANEOUS",
                "member_ids", List.of(member))), "rule");
        c.web().get("/settings/communications/phone/routing");
        var sideways = c.web().post("/settings/communications/phone/routing/" + rule + "/move", "direction", "sideways");
        assertThat(sideways.status()).isEqualTo(422);
        assertThat(sideways.body()).contains("direction: must be UP or DOWN").contains("nothing was saved");
        var none = c.web().post("/settings/communications/phone/routing/" + rule + "/move");
        assertThat(none.status()).isEqualTo(400);
        assertThat(none.body()).contains("direction: is missing");
    }
}
