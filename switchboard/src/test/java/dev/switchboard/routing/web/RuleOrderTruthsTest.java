package dev.switchboard.routing.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.support.IntegrationTest;
import dev.switchboard.support.WebClient;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * What the Call Routing and General tabs say of the rules' order, as an owner on their first day reads them: a rule with
 * no conditions (the demo's "Office") takes every call that gets to it, so a rule added below it is never used, and the
 * default ring strategy neither.
 */
class RuleOrderTruthsTest extends IntegrationTest {

    private static final String ROUTING = "/settings/communications/phone/routing";

    private WebClient companyWithMember(String name) {
        return RoutingPagesTest.withMember(newCompanyOwner(name));
    }

    private static String memberId(String html) {
        return RoutingPagesTest.memberId(html);
    }

    /** "Office" (simultaneous, Ann Lee, no conditions) first, then "Emergency line" (conditional) below it; the list. */
    private String officeThenEmergencyLine(WebClient web) {
        var member = memberId(web.get(ROUTING + "/new").body());
        web.post(ROUTING, "name", "Office", "type", "SIMULTANEOUS", "enabled", "true", "memberIds", member, "ringTimeoutSeconds", "20");
        web.get(ROUTING + "/new");
        var saved = web.post(ROUTING, "name", "Emergency line", "type", "CONDITIONAL", "enabled", "true",
                "customerTag", "VIP", "weekdays", "SATURDAY", "timeFrom", "08:00", "timeTo", "12:00",
                "matchKind", "MEMBER", "matchMember", member);
        assertThat(saved.status()).as(saved.body()).isEqualTo(302);
        return web.get(ROUTING).body();
    }

    private static java.util.List<String> ruleIds(String list) {
        return Pattern.compile("id=\"rule-([0-9a-f-]{36})\"").matcher(list).results().map(r -> r.group(1)).toList();
    }

    @Test
    void aRuleAddedBelowARuleWithoutConditionsIsToldItNeverGetsACallUntilMovedAboveIt() {
        var web = companyWithMember("Order Of Things HVAC");
        var list = officeThenEmergencyLine(web);
        assertThat(list).as("the rule saved below \u201cOffice\u201d is told it never gets a call, and how to mend it")
                .contains("Rule \u201cEmergency line\u201d saved.")
                .contains("calls never get this far: rule &#39;Office&#39; above it takes every call that reaches it")
                .contains("Move this rule above &#39;Office&#39;");
        web.post(ROUTING + "/" + ruleIds(list).get(1) + "/move", "direction", "up");
        assertThat(web.get(ROUTING).body()).as("moved above it, the rule gets its calls").doesNotContain("calls never get this far");
    }

    /**
     * A rule below the one that takes every call, but sent calls by it (its no-answer target here; a menu's key, a holiday
     * alike), is where it belongs: not told to move above it, which would take the calls its sender means to pass on.
     */
    @Test
    void aRuleBelowOneThatTakesEveryCallButSentCallsByItIsNotWarned() {
        var web = companyWithMember("Overflow HVAC");
        var member = memberId(web.get(ROUTING + "/new").body());
        web.post(ROUTING, "name", "Overflow", "type", "SIMULTANEOUS", "enabled", "true", "memberIds", member, "ringTimeoutSeconds", "20");
        web.get(ROUTING + "/new");
        web.post(ROUTING, "name", "Office", "type", "SIMULTANEOUS", "enabled", "true", "memberIds", member, "ringTimeoutSeconds", "20");
        var list = web.get(ROUTING).body();
        var ids = ruleIds(list);
        web.post(ROUTING + "/" + ids.get(1) + "/move", "direction", "up");
        assertThat(web.get(ROUTING).body()).as("nothing sends calls to it yet").contains("calls never get this far: rule &#39;Office&#39;");
        var office = ids.get(1);
        var edit = web.get(ROUTING + "/" + office).body();
        assertThat(edit).contains("Office");
        var saved = web.post(ROUTING + "/" + office, "name", "Office", "type", "SIMULTANEOUS", "enabled", "true", "memberIds", member,
                "ringTimeoutSeconds", "20", "noAnswerKind", "RULE", "noAnswerRule", ids.get(0));
        assertThat(saved.status()).as(saved.body()).isEqualTo(302);
        var after = web.get(ROUTING).body();
        assertThat(after).as("Office's no-answer target: where it belongs").doesNotContain("calls never get this far");
        // And the list says how its calls come, beside the rule (it read only "Takes every call that gets this far").
        var overflow = after.substring(after.indexOf("id=\"rule-" + ids.get(0) + "\""));
        overflow = overflow.substring(0, overflow.indexOf("</li>", overflow.indexOf("in-use-places")) + 5).replaceAll("\\s+", " ");
        assertThat(overflow).contains("Also sent calls by:")
                .contains("<a href=\"/settings/communications/phone/routing/" + office + "\">routing rule &#39;Office&#39;</a> (no-answer target)");
        var officeItem = after.substring(after.indexOf("id=\"rule-" + office + "\""));
        assertThat(officeItem.substring(0, officeItem.indexOf("</article>"))).as("nothing sends calls to Office").doesNotContain("Also sent calls by");
    }

    @Test
    void eachRuleSaysWhichCallsItTakesAndWhereItSendsThem() {
        var web = companyWithMember("Plain Words HVAC");
        var list = officeThenEmergencyLine(web);
        assertThat(list).as("what each rule takes, in words (the list said only \u201cConditional\u201d)")
                .contains("Takes every call that gets this far (only conditional rules have conditions).")
                .contains("When the caller is a customer tagged VIP and between 8:00 AM and 12:00 PM and on Saturday: to Ann Lee;"
                        + " other calls go on to the next rule.");
        web.post(ROUTING + "/" + ruleIds(list).get(0) + "/enabled", "enabled", "false");
        assertThat(web.get(ROUTING).body()).contains("Disabled, so calls pass it by. Once enabled: Takes every call")
                .doesNotContain("calls never get this far");
    }

    @Test
    void theDefaultStrategyIsSaidUnusedWhileAnEnabledRuleTakesEveryCall() {
        var web = companyWithMember("Default Doubts HVAC");
        assertThat(web.get("/settings/communications/phone/general").body()).doesNotContain("Not used now");
        var list = officeThenEmergencyLine(web);
        assertThat(web.get("/settings/communications/phone/general").body())
                .as("the default strategy is for calls no rule takes: \u201cOffice\u201d leaves none")
                .contains("Not used now: the routing").contains("\u201cOffice\u201d");
        web.get(ROUTING);
        web.post(ROUTING + "/" + ruleIds(list).get(0) + "/enabled", "enabled", "false");
        assertThat(web.get("/settings/communications/phone/general").body()).doesNotContain("Not used now");
    }
}
