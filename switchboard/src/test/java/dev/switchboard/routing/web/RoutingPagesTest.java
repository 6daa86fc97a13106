package dev.switchboard.routing.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.support.IntegrationTest;
import dev.switchboard.support.WebClient;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The General, Call Routing and Call Flows tabs. */
class RoutingPagesTest extends IntegrationTest {

    @org.springframework.beans.factory.annotation.Autowired
    dev.switchboard.queue.Queues queues;

    @org.springframework.beans.factory.annotation.Autowired
    dev.switchboard.routing.PhoneSettings phoneSettings;

    @org.springframework.beans.factory.annotation.Autowired
    dev.switchboard.routing.RoutingRules routingRules;

    @org.springframework.beans.factory.annotation.Autowired
    dev.switchboard.routing.IvrMenus menus;

    @Test
    void aCallQueueCanBeChosenAsATarget() {
        var web = companyWithMember("Queue Qualities");
        var company = dev.switchboard.shared.CompanyId.of(web.companyId());
        var queue = dev.switchboard.platform.TenantContext.callAs(company, () -> queues.create(dev.switchboard.tenancy.Actor.system(company),
                new dev.switchboard.queue.QueueInput("Support desk", "RING_ALL", java.util.List.of(), null, null, null, null, null, null,
                        null, null, null, null, null, null, null, null, null, null, null, null, null, null)));
        var page = web.get("/settings/communications/phone/general");
        assertThat(page.body()).contains("A call queue").contains("<optgroup label=\"Call queues\">").contains("Support desk");
        var saved = web.post("/settings/communications/phone/general", "businessNumbers", "", "defaultStrategy", "ROUND_ROBIN",
                "voicemailEnabled", "true", "inboundRate", "1", "outboundRate", "2", "billingIncrement", "60",
                "ahKind", "QUEUE", "ahRule", queue.id().toString());
        assertThat(saved.status()).as(saved.body()).isEqualTo(302);
        var target = dev.switchboard.platform.TenantContext.callAs(company, () -> phoneSettings.current().afterHoursTarget());
        assertThat(target.kind()).isEqualTo(dev.switchboard.routing.Target.Kind.QUEUE);
        assertThat(target.queueId()).isEqualTo(queue.id());
        assertThat(web.get("/settings/communications/phone/general").body())
                .containsPattern("<option value=\"" + queue.id() + "\"[^>]*selected");
    }

    /**
     * The after-hours target naming a rule later disabled (to keep it out of the daytime order) sent every call at night past
     * it, and the General tab, where that target is chosen, said nothing: the rule was listed as any other. It is marked
     * disabled in the choices, and the tab says where those calls go instead.
     */
    @Test
    void anAfterHoursTargetNamingADisabledRuleIsSaidOnTheGeneralTab() {
        var web = companyWithMember("Night Menu Heating");
        var api = api().login(web.email(), "correct-horse");
        var rule = api.post("/api/v1/routing-rules", java.util.Map.of("name", "Night crew", "type", "SIMULTANEOUS",
                "member_ids", java.util.List.of(memberId(web.get("/settings/communications/phone/routing/new").body()))));
        assertThat(rule.status()).as(rule.body()).isEqualTo(201);
        var id = rule.json().get("id").asString();
        assertThat(api.put("/api/v1/phone-settings", java.util.Map.of("after_hours_target", java.util.Map.of("kind", "RULE", "rule_id", id)))
                .status()).isEqualTo(200);
        assertThat(web.get("/settings/communications/phone/general").body()).doesNotContain("after-hours-note")
                .doesNotContain("Night crew (disabled)");

        assertThat(api.patch("/api/v1/routing-rules/" + id, java.util.Map.of("enabled", false)).status()).isEqualTo(200);
        assertThat(web.get("/settings/communications/phone/general").body()).contains("Night crew (disabled)</option>")
                .contains("Rule &#39;Night crew&#39; is disabled: calls sent to it skip it and go to the general voicemail. Enable it"
                        + " on Call routing, or choose another target.");
    }

    private WebClient companyWithMember(String name) {
        return withMember(newCompanyOwner(name));
    }

    /** A new company's owner {@code web} who adds Ann Lee (extension 101) in the setup wizard and skips the rest of it. */
    static WebClient withMember(WebClient web) {
        web.get("/setup/extensions");
        web.post("/setup/extensions", "name", "Ann Lee", "extension", "101");
        web.get("/setup/phone");
        web.post("/setup/skip");
        return web;
    }

    /** The first member offered by a rule form's member choices. */
    static String memberId(String html) {
        var m = Pattern.compile("name=\"memberIds\" value=\"([0-9a-f-]{36})\"").matcher(html);
        assertThat(m.find()).isTrue();
        return m.group(1);
    }

    private static java.util.List<String> ruleNames(String html) {
        var m = Pattern.compile("class=\"rule-name\">([^<]+)<").matcher(html);
        var names = new java.util.ArrayList<String>();
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    @Test
    void theCompanyNameAndCountryAreChangedOnTheGeneralTab() {
        var web = companyWithMember("Genral Gas");
        var page = web.get("/settings/communications/phone/general").body();
        assertThat(page).contains("Company name").contains("value=\"Genral Gas\"")
                .containsPattern("<option value=\"US\"[^>]*selected[^>]*>United States</option>");

        var blank = web.post("/settings/communications/phone/general", "companyName", "  ", "defaultRegion", "GB",
                "defaultStrategy", "SIMULTANEOUS", "voicemailEnabled", "true", "inboundRate", "1", "outboundRate", "2",
                "billingIncrement", "60", "ahKind", "VOICEMAIL");
        assertThat(blank.status()).isEqualTo(422);
        assertThat(blank.body()).contains("id=\"companyName-error\"").contains("must not be blank");
        assertThat(web.get("/settings/communications/phone/general").body()).contains("value=\"Genral Gas\"")
                .as("nothing saved").containsPattern("<option value=\"US\"[^>]*selected");

        var fixed = web.post("/settings/communications/phone/general", "companyName", "General Gas", "defaultRegion", "GB",
                "defaultStrategy", "SIMULTANEOUS", "voicemailEnabled", "true", "inboundRate", "1", "outboundRate", "2",
                "billingIncrement", "60", "ahKind", "VOICEMAIL");
        assertThat(fixed.status()).as(fixed.body()).isEqualTo(302);
        assertThat(web.get("/settings/communications/phone/general").body()).contains("value=\"General Gas\"")
                .containsPattern("<option value=\"GB\"[^>]*selected[^>]*>United Kingdom</option>");
        // A British mobile typed as its owner writes it is now a number at home, not one abroad.
        var after = web.post("/settings/communications/phone/general", "companyName", "General Gas", "defaultRegion", "GB",
                "defaultStrategy", "SIMULTANEOUS", "voicemailEnabled", "true", "inboundRate", "1", "outboundRate", "2",
                "billingIncrement", "60", "ahKind", "EXTERNAL_NUMBER", "ahNumber", "07400 123456");
        assertThat(after.status()).as(after.body()).isEqualTo(302);
    }

    @Test
    void generalSettingsAreSavedTogetherOrNotAtAll() {
        var web = companyWithMember("General Gas");
        var page = web.get("/settings/communications/phone/general");
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains("Business phone numbers").contains("Default ring strategy")
                .as("what a billing increment is, said as an owner reads a bill")
                .contains("Calls are billed in blocks of").contains("with 60, a 61-second call counts as two minutes")
                .contains("<option value=\"6\">6 seconds</option>").doesNotContain("Billing increment")
                .contains("Incoming calls cost (cents a minute)").doesNotContain("Inbound rate");

        var number = "+1312" + ThreadLocalRandom.current().nextInt(200, 999) + ThreadLocalRandom.current().nextInt(1000, 9999);
        var bad = web.post("/settings/communications/phone/general", "businessNumbers", number, "defaultStrategy", "ROUND_ROBIN",
                "inboundRate", "-5", "outboundRate", "2", "billingIncrement", "60", "ahKind", "VOICEMAIL");
        assertThat(bad.status()).isEqualTo(422);
        assertThat(bad.body()).contains("must be 0 to 10000 cents per minute");
        // The number in either form the page could hold it (not "312-", which a login's random e-mail address can hold too).
        assertThat(web.get("/settings/communications/phone/general").body()).doesNotContain(number)
                .doesNotContain(dev.switchboard.shared.PhoneNumber.parse(number, "US").international());

        var badNumber = web.post("/settings/communications/phone/general", "businessNumbers", "123", "defaultStrategy", "ROUND_ROBIN",
                "inboundRate", "1", "outboundRate", "2", "billingIncrement", "60");
        assertThat(badNumber.status()).isEqualTo(422);
        assertThat(badNumber.body()).contains("businessNumbers-error");

        var good = web.post("/settings/communications/phone/general", "businessNumbers", number, "defaultStrategy", "ROUND_ROBIN",
                "recordingDefault", "true", "voicemailEnabled", "true", "inboundRate", "3", "outboundRate", "4",
                "billingIncrement", "6", "ahKind", "VOICEMAIL");
        assertThat(good.status()).isEqualTo(302);
        var after = web.get("/settings/communications/phone/general").body();
        assertThat(after).contains("General settings saved.").contains("value=\"3\"").contains("<option value=\"ROUND_ROBIN\" selected")
                .as("saved, the number shows as the refused saves' check looked for it")
                .contains(dev.switchboard.shared.PhoneNumber.parse(number, "US").international());
    }

    /**
     * The business numbers field submitted empty removed every number of the company, silently, so no call reached it
     * any more. The page says what the numbers do; an empty field is refused beside it unless removing them all is
     * ticked, which a company may do (a new one has none).
     */
    @Test
    void anEmptyBusinessNumbersFieldRemovesTheNumbersOnlyWhenThatIsTicked() {
        var web = companyWithMember("Numberless Nursery");
        var number = "+1312" + ThreadLocalRandom.current().nextInt(200, 999) + ThreadLocalRandom.current().nextInt(1000, 9999);
        var settings = new String[] {"defaultStrategy", "SIMULTANEOUS", "voicemailEnabled", "true", "inboundRate", "1",
                "outboundRate", "2", "billingIncrement", "60", "ahKind", "VOICEMAIL"};
        web.get("/settings/communications/phone/general");
        assertThat(web.post("/settings/communications/phone/general", with(settings, "businessNumbers", number)).status()).isEqualTo(302);
        var page = web.get("/settings/communications/phone/general").body();
        assertThat(page).contains("Calls reach the company only at these numbers").doesNotContain("name=\"removeAllNumbers\"");
        var shown = page.replaceAll("(?s).*<textarea id=\"businessNumbers\"[^>]*>([^<]*)</textarea>.*", "$1");
        assertThat(shown).isNotBlank();

        var emptied = web.post("/settings/communications/phone/general", with(settings, "businessNumbers", " "));
        assertThat(emptied.status()).isEqualTo(422);
        assertThat(emptied.body()).contains("businessNumbers-error").contains("no new call reaches the company")
                .contains("name=\"removeAllNumbers\"");
        assertThat(web.get("/settings/communications/phone/general").body()).as("nothing removed").contains(shown);

        var confirmed = web.post("/settings/communications/phone/general", with(settings, "businessNumbers", "", "removeAllNumbers", "true"));
        assertThat(confirmed.status()).isEqualTo(302);
        assertThat(web.get("/settings/communications/phone/general").body()).contains("General settings saved.")
                .doesNotContain(shown).contains("></textarea>");
        // With none left, an empty field is no removal and saves as before.
        assertThat(web.post("/settings/communications/phone/general", with(settings, "businessNumbers", "")).status()).isEqualTo(302);
    }

    private static String[] with(String[] pairs, String... more) {
        var all = new java.util.ArrayList<>(java.util.List.of(pairs));
        all.addAll(java.util.List.of(more));
        return all.toArray(String[]::new);
    }

    @Test
    void aMistypedBusinessNumberDoesNotHideTheFormsOtherMistakes() {
        var web = companyWithMember("Every Mistake Heating");
        web.get("/settings/communications/phone/general");
        var bad = web.post("/settings/communications/phone/general", "businessNumbers", "abc", "defaultStrategy", "SIMULTANEOUS",
                "voicemailEnabled", "true", "inboundRate", "-1", "outboundRate", "2", "billingIncrement", "60", "ahKind", "VOICEMAIL",
                "defaultRingSeconds", "5", "textBackEnabled", "true", "textBackMessage", "Hi {name}", "textBackQuietHours", "24");
        assertThat(bad.status()).isEqualTo(422);
        assertThat(bad.body()).as("all of them marked at once, each beside its field").contains("businessNumbers-error")
                .contains("inboundRate-error").contains("must be 0 to 10000 cents per minute")
                .contains("defaultRingSeconds-error").contains("must be 10 to 120 seconds")
                .contains("unknown placeholder {name}")
                .as("what was typed is kept").contains(">abc</textarea>").contains("value=\"5\"");

        web.get("/settings/communications/phone/general");
        var rightSettings = web.post("/settings/communications/phone/general", "businessNumbers", "abc", "defaultStrategy", "ROUND_ROBIN",
                "voicemailEnabled", "true", "inboundRate", "7", "outboundRate", "2", "billingIncrement", "60", "ahKind", "VOICEMAIL");
        assertThat(rightSettings.status()).isEqualTo(422);
        assertThat(web.get("/settings/communications/phone/general").body()).as("the half that was right is not kept either")
                .doesNotContain("value=\"7\"").doesNotContain("<option value=\"ROUND_ROBIN\" selected");
    }

    @Test
    void theGeneralTabOffersStraightToVoicemailAsTheDefaultStrategyAndRefusesAnUnknownOne() {
        var web = companyWithMember("Voicemail Venting");
        assertThat(web.get("/settings/communications/phone/general").body())
                .contains("<option value=\"VOICEMAIL\">Straight to voicemail (ring nobody)</option>");
        var bad = web.post("/settings/communications/phone/general", "businessNumbers", "", "defaultStrategy", "IVR",
                "voicemailEnabled", "true", "inboundRate", "7", "outboundRate", "2", "billingIncrement", "60", "ahKind", "VOICEMAIL");
        assertThat(bad.status()).isEqualTo(422);
        assertThat(bad.body()).contains("defaultStrategy-error").contains("must be SIMULTANEOUS, ROUND_ROBIN or VOICEMAIL");
        assertThat(web.get("/settings/communications/phone/general").body()).doesNotContain("value=\"7\"");
        var good = web.post("/settings/communications/phone/general", "businessNumbers", "", "defaultStrategy", "VOICEMAIL",
                "voicemailEnabled", "true", "inboundRate", "1", "outboundRate", "2", "billingIncrement", "60", "ahKind", "VOICEMAIL");
        assertThat(good.status()).as(good.body()).isEqualTo(302);
        assertThat(web.get("/settings/communications/phone/general").body()).contains("<option value=\"VOICEMAIL\" selected");
    }

    /**
     * "Record calls by default" is for the calls no routing rule takes; a rule's own "Record these calls" decides for the
     * calls it takes. Turned on alone, it recorded none of the calls the company's rules took, and the switch did not say
     * so (found walking a supervisor's day: a call the Office rule took, with the default on, had no recording). The tab
     * says which calls it is for, and names the rules that do not record theirs.
     */
    @Test
    void theRecordingDefaultSaysWhichCallsItIsForAndNamesTheRulesThatDoNotRecord() {
        var web = companyWithMember("Recording Roofers");
        var company = dev.switchboard.shared.CompanyId.of(web.companyId());
        var actor = dev.switchboard.tenancy.Actor.system(company);
        dev.switchboard.platform.TenantContext.callAs(company, () -> {
            routingRules.create(actor, new dev.switchboard.routing.RuleInput.Rule("Office", "SIMULTANEOUS", true,
                    null, null, false, java.util.List.of(), null, null, null, null, null, null, null));
            return routingRules.create(actor, new dev.switchboard.routing.RuleInput.Rule("Recorded line", "SIMULTANEOUS", true,
                    null, null, true, java.util.List.of(), null, null, null, null, null, null, null));
        });
        var page = web.get("/settings/communications/phone/general").body().replaceAll("\\s+", " ");
        assertThat(page).contains("aria-describedby=\"recordingDefault-help\"")
                .contains("calls in that no routing rule takes")
                .contains("A call a routing rule takes is recorded as that rule's <em>Record these calls</em> says")
                .containsPattern("id=\"rules-not-recording\"[^>]*>“Office”</a>")
                .doesNotContain("“Recorded line”");
    }

    @Test
    void theGeneralTabSetsHowLongTheDefaultStrategyRingsTheTeam() {
        var web = companyWithMember("Ringing Roofers");
        assertThat(web.get("/settings/communications/phone/general").body()).contains("id=\"defaultRingSeconds\"").contains("value=\"20\"");
        var bad = web.post("/settings/communications/phone/general", "businessNumbers", "", "defaultStrategy", "SIMULTANEOUS",
                "voicemailEnabled", "true", "inboundRate", "7", "outboundRate", "2", "billingIncrement", "60", "ahKind", "VOICEMAIL",
                "defaultRingSeconds", "5");
        assertThat(bad.status()).isEqualTo(422);
        assertThat(bad.body()).contains("defaultRingSeconds-error").contains("must be 10 to 120 seconds").contains("value=\"5\"");
        assertThat(web.get("/settings/communications/phone/general").body()).doesNotContain("value=\"7\"");
        var good = web.post("/settings/communications/phone/general", "businessNumbers", "", "defaultStrategy", "SIMULTANEOUS",
                "voicemailEnabled", "true", "inboundRate", "1", "outboundRate", "2", "billingIncrement", "60", "ahKind", "VOICEMAIL",
                "defaultRingSeconds", "35");
        assertThat(good.status()).as(good.body()).isEqualTo(302);
        assertThat(web.get("/settings/communications/phone/general").body()).contains("value=\"35\"");
    }

    @Test
    void theCallFlowsListWarnsOfAMenuKeyThatSendsCallsToADisabledRule() {
        var web = companyWithMember("Flow Fencing");
        var company = dev.switchboard.shared.CompanyId.of(web.companyId());
        var actor = dev.switchboard.tenancy.Actor.system(company);
        dev.switchboard.platform.TenantContext.callAs(company, () -> {
            var night = routingRules.create(actor, new dev.switchboard.routing.RuleInput.Rule("Night crew", "SIMULTANEOUS", false,
                    null, null, null, java.util.List.of(), null, null, null, null, null, null, null)).rule();
            return menus.create(actor, new dev.switchboard.routing.RuleInput.Menu("Main", "Press 2.", null, null, null,
                    java.util.Map.of("2", new dev.switchboard.routing.RuleInput.TargetInput("RULE", null, night.id(), null, null, null)),
                    null, null, null, null, null, null, null, null));
        });
        assertThat(web.get("/settings/communications/phone/call-flows").body())
                .contains("Warning: key 2 sends calls to rule").contains("Night crew").contains("which is disabled");
    }

    @Test
    void aRuleCanRingTheCallersTechnicianFirstAndKeepsItWhenEditedOrToggled() {
        var web = companyWithMember("Technician Plumbing");
        var form = web.get("/settings/communications/phone/routing/new").body();
        assertThat(form).contains("name=\"assignedMemberFirst\"").contains("Ring the caller's technician first")
                .contains("when the caller is a customer with an open job assigned to a team member")
                .contains("data-for-types=\"ROUND_ROBIN SIMULTANEOUS\"");
        var member = memberId(form);
        var saved = web.post("/settings/communications/phone/routing", "name", "Office", "type", "SIMULTANEOUS", "enabled", "true",
                "memberIds", member, "ringTimeoutSeconds", "20", "assignedMemberFirst", "true");
        assertThat(saved.status()).as(saved.body()).isEqualTo(302);
        var list = web.get("/settings/communications/phone/routing").body();
        assertThat(list).contains("the caller&#39;s technician first, then ");
        var id = Pattern.compile("id=\"rule-([0-9a-f-]{36})\"").matcher(list).results().map(r -> r.group(1)).findFirst().orElseThrow();
        var edit = web.get("/settings/communications/phone/routing/" + id).body();
        assertThat(edit).containsPattern("name=\"assignedMemberFirst\" value=\"true\"[^>]* checked");
        web.post("/settings/communications/phone/routing/" + id + "/enabled", "enabled", "false");
        assertThat(web.get("/settings/communications/phone/routing/" + id).body())
                .as("the enable toggle keeps it").containsPattern("name=\"assignedMemberFirst\" value=\"true\"[^>]* checked");
        // The switch is shown for round robin and simultaneous only: left on and hidden when the type changed, it is not sent.
        var direct = web.post("/settings/communications/phone/routing/" + id, "name", "Office", "type", "DIRECT", "enabled", "true",
                "memberIds", member, "ringTimeoutSeconds", "20", "assignedMemberFirst", "true");
        assertThat(direct.status()).as(direct.body()).isEqualTo(302);
        assertThat(web.get("/settings/communications/phone/routing/" + id).body()).doesNotContainPattern("name=\"assignedMemberFirst\" value=\"true\"[^>]* checked");
    }

    @Test
    void rulesAreCreatedPerTypeWithWarningsAndMovedUpAndDownAsAFragment() {
        var web = companyWithMember("Routing Roofing");
        var form = web.get("/settings/communications/phone/routing/new");
        assertThat(form.body()).contains("data-for-types=\"BUSINESS_HOURS\"").contains("When it matches, send calls to")
                .as("a condition's fields said as an owner would").contains("Number they called").doesNotContain("Dialled number")
                .contains("A * stands for any digits: +1312* is every number with the area code 312.");
        var member = memberId(form.body());

        var bad = web.post("/settings/communications/phone/routing", "name", "", "type", "ROUND_ROBIN", "ringTimeoutSeconds", "500");
        assertThat(bad.status()).isEqualTo(422);
        assertThat(bad.body()).contains("name-error").contains("ringTimeoutSeconds-error");
        var typeless = web.post("/settings/communications/phone/routing", "name", "No type");
        assertThat(typeless.status()).as("a form without a type (not one the page sends) is refused for it: it was a 500").isEqualTo(422);
        assertThat(typeless.body()).contains("type-error");
        assertThat(web.get("/settings/communications/phone/routing").body()).contains("No rules yet");
        web.get("/settings/communications/phone/routing/new");
        var noNumber = web.post("/settings/communications/phone/routing", "name", "Overflow", "type", "SIMULTANEOUS", "enabled", "true",
                "memberIds", member, "ringTimeoutSeconds", "20", "noAnswerKind", "EXTERNAL_NUMBER", "noAnswerNumber", "");
        assertThat(noNumber.status()).isEqualTo(422);
        assertThat(noNumber.body()).as("an outside number chosen but not typed: was \"'null' is empty\"")
                .contains("is required: write it as +12015550123 or (201) 555-0123").doesNotContain("&#39;null&#39;")
                .as("said beside the outside number's field, not under \"Send to\"")
                .containsPattern("<small class=\"field-error\" id=\"noAnswerNumber-error\">is required: write it as")
                .containsPattern("id=\"noAnswerNumber\"[^>]*aria-invalid=\"true\"");
        var noMember = web.post("/settings/communications/phone/routing", "name", "Overflow", "type", "SIMULTANEOUS", "enabled", "true",
                "memberIds", member, "ringTimeoutSeconds", "20", "noAnswerKind", "MEMBER", "noAnswerMember", "");
        assertThat(noMember.status()).isEqualTo(422);
        assertThat(noMember.body()).as("in words, not the API's \"a MEMBER target needs member_id\"")
                .contains("choose the team member to send calls to").doesNotContain("member_id");
        assertThat(web.get("/settings/communications/phone/routing").body()).contains("No rules yet");

        web.get("/settings/communications/phone/routing/new");
        web.post("/settings/communications/phone/routing", "name", "Everyone", "type", "SIMULTANEOUS", "enabled", "true",
                "memberIds", member, "ringTimeoutSeconds", "20");
        web.get("/settings/communications/phone/routing/new");
        var vip = web.post("/settings/communications/phone/routing", "name", "VIP", "type", "CONDITIONAL", "enabled", "true",
                "customerTag", "VIP", "matchKind", "MEMBER", "matchMember", member);
        assertThat(vip.status()).isEqualTo(302);
        web.get("/settings/communications/phone/routing/new");
        var empty = web.post("/settings/communications/phone/routing", "name", "Nobody home", "type", "ROUND_ROBIN", "enabled", "true");
        assertThat(empty.status()).isEqualTo(302);
        var list = web.get("/settings/communications/phone/routing").body();
        assertThat(ruleNames(list)).containsExactly("Everyone", "VIP", "Nobody home");
        assertThat(list).contains("class=\"warning\"");

        var ids = Pattern.compile("id=\"rule-([0-9a-f-]{36})\"").matcher(list).results().map(r -> r.group(1)).toList();
        var vipId = ids.get(1);
        var fragment = web.htmxPost("/settings/communications/phone/routing/" + vipId + "/move", "direction", "up");
        assertThat(fragment.body()).doesNotContain("<html").startsWith("<div id=\"rules\">");
        assertThat(ruleNames(fragment.body())).containsExactly("VIP", "Everyone", "Nobody home");
        assertThat(fragment.body()).contains("nobody is in this rule");
        var plain = web.post("/settings/communications/phone/routing/" + vipId + "/move", "direction", "down");
        assertThat(plain.status()).isEqualTo(302);
        assertThat(ruleNames(web.get("/settings/communications/phone/routing").body())).containsExactly("Everyone", "VIP", "Nobody home");

        var edit = web.get("/settings/communications/phone/routing/" + vipId);
        assertThat(edit.body()).contains("value=\"VIP\"");
        var badEdit = web.post("/settings/communications/phone/routing/" + vipId, "name", "VIP", "type", "CONDITIONAL", "enabled", "true",
                "customerTag", "VIP", "matchKind", "EXTERNAL_NUMBER", "matchNumber", "not a number");
        assertThat(badEdit.status()).isEqualTo(422);
        assertThat(badEdit.body()).contains("field-error");
        web.get("/settings/communications/phone/routing");
        web.post("/settings/communications/phone/routing/" + vipId + "/enabled", "enabled", "false");
        var toggled = web.get("/settings/communications/phone/routing").body();
        assertThat(toggled).contains("Rule \u201cVIP\u201d disabled.").contains(">Disabled<").contains("aria-label=\"Enable VIP\"");
        web.post("/settings/communications/phone/routing/" + vipId + "/delete");
        assertThat(ruleNames(web.get("/settings/communications/phone/routing").body())).containsExactly("Everyone", "Nobody home");
    }

    @Test
    void aTakenRuleOrMenuNameIsSaidBesideTheNameFieldWithWhatWasTypedKept() {
        var web = companyWithMember("Twin Names Plumbing");
        var member = memberId(web.get("/settings/communications/phone/routing/new").body());
        assertThat(web.post("/settings/communications/phone/routing", "name", "Booking team", "type", "SIMULTANEOUS",
                "enabled", "true", "memberIds", member, "ringTimeoutSeconds", "20").status()).isEqualTo(302);
        web.get("/settings/communications/phone/routing/new");
        var twin = web.post("/settings/communications/phone/routing", "name", "booking team ", "type", "SIMULTANEOUS",
                "enabled", "true", "memberIds", member, "ringTimeoutSeconds", "20");
        assertThat(twin.status()).isEqualTo(422);
        assertThat(twin.body()).contains("id=\"name-error\"").contains("routing rule &#39;Booking team&#39;").contains("already has this name")
                .contains("value=\"booking team \"");
        assertThat(ruleNames(web.get("/settings/communications/phone/routing").body())).containsExactly("Booking team");

        assertThat(web.get("/settings/communications/phone/call-flows/new").body()).as("the menu form in plain words")
                .contains("New phone menu (IVR)").contains("Key to press before an extension").contains("Times to ask again")
                .doesNotContain("Prefix key").doesNotContain(">Retries<");
        assertThat(web.post("/settings/communications/phone/call-flows", "name", "Main", "greetingText", "Press 1",
                "timeoutSeconds", "5", "maxRetries", "2").status()).isEqualTo(302);
        web.get("/settings/communications/phone/call-flows/new");
        var menuTwin = web.post("/settings/communications/phone/call-flows", "name", "MAIN", "greetingText", "Press 2",
                "timeoutSeconds", "5", "maxRetries", "2");
        assertThat(menuTwin.status()).isEqualTo(422);
        assertThat(menuTwin.body()).contains("id=\"name-error\"").contains("IVR menu &#39;Main&#39;")
                .contains("already has this name").contains("value=\"MAIN\"");
    }

    /**
     * A browser sends every field of the menu form, the empty ones too, each as a part of its own (the form is multipart,
     * for the recorded prompt): some seventy parts, over Tomcat's default of 50, which refused the whole form with a 400
     * page naming FileCountLimitExceededException, so no menu could be saved from a browser.
     */
    @Test
    void theMenuFormSavesWhenSentAsABrowserSendsItEveryFieldInAPartOfItsOwn() {
        var web = companyWithMember("Browser Menus");
        var page = web.get("/settings/communications/phone/call-flows/new").body();
        var form = page.substring(page.indexOf("<form method=\"post\" enctype=\"multipart/form-data\""), page.indexOf("</form>",
                page.indexOf("<form method=\"post\" enctype=\"multipart/form-data\"")));
        var member = page.replaceAll("(?s).*name=\"k1Member\".*?<option value=\"([0-9a-f-]{36})\".*", "$1");
        var typed = java.util.Map.of("name", "Front desk", "greetingText", "For Ann, press 1.", "k1Kind", "MEMBER", "k1Member", member,
                "timeoutKind", "VOICEMAIL");
        var pairs = new java.util.ArrayList<String>();
        // Every field as a browser sends it: not an unticked checkbox, nor the file (sent below, empty), nor the token
        // (in the form's address).
        var field = Pattern.compile("<(input|select|textarea)\\b([^>]*)>").matcher(form);
        while (field.find()) {
            var attributes = field.group(2);
            var name = Pattern.compile("\\bname=\"([^\"]+)\"").matcher(attributes);
            if (!name.find() || name.group(1).equals("_csrf") || attributes.contains("type=\"file\"")
                    || attributes.contains("type=\"checkbox\"") && !attributes.contains("checked")) {
                continue;
            }
            var value = Pattern.compile("\\bvalue=\"([^\"]*)\"").matcher(attributes);
            pairs.add(name.group(1));
            pairs.add(typed.getOrDefault(name.group(1), field.group(1).equals("input") && value.find() ? value.group(1) : ""));
        }
        assertThat(pairs.size() / 2 + 1).as("parts, the file's included").isGreaterThan(50);

        var saved = web.postFile("/settings/communications/phone/call-flows/new", "greetingFile", "", "application/octet-stream",
                new byte[0], pairs.toArray(String[]::new));

        assertThat(saved.status()).as(saved.body()).isEqualTo(302);
        assertThat(web.get("/settings/communications/phone/call-flows").body()).contains("Front desk").contains("For Ann, press 1.");
    }

    /**
     * The menus say where each key sends callers by name, as a call's trace does ("Press 1: Rule" said nothing of which),
     * and the rules list says which menu an IVR rule plays, its type written "IVR menu" (not "Ivr").
     */
    @Test
    void theMenusNameWhereEachKeyGoesAndTheRulesWhichMenuTheyPlay() {
        var web = companyWithMember("Named Keys");
        var member = memberId(web.get("/settings/communications/phone/routing/new").body());
        web.post("/settings/communications/phone/routing", "name", "Booking team", "type", "ROUND_ROBIN", "enabled", "true",
                "memberIds", member, "ringTimeoutSeconds", "20");
        var company = dev.switchboard.shared.CompanyId.of(web.companyId());
        var queue = dev.switchboard.platform.TenantContext.callAs(company, () -> queues.create(dev.switchboard.tenancy.Actor.system(company),
                new dev.switchboard.queue.QueueInput("Billing", "RING_ALL", java.util.List.of(), null, null, null, null, null, null,
                        null, null, null, null, null, null, null, null, null, null, null, null, null, null)));
        var form = web.get("/settings/communications/phone/call-flows/new").body();
        var booking = form.replaceAll("(?s).*<option value=\"([0-9a-f-]{36})\">Booking team</option>.*", "$1");
        var menu = web.post("/settings/communications/phone/call-flows", "name", "Main menu", "greetingText", "For booking, press 1.",
                "k1Kind", "RULE", "k1Rule", booking, "k2Kind", "QUEUE", "k2Rule", queue.id().toString(), "k3Kind", "EXTERNAL_NUMBER",
                "k3Number", "+13125550188", "timeoutSeconds", "5", "maxRetries", "2");
        assertThat(menu.status()).as(menu.body()).isEqualTo(302);

        var menus = web.get("/settings/communications/phone/call-flows").body().replaceAll("\\s+", " ");
        assertThat(menus).contains("Press 1</strong>: <span>rule &#39;Booking team&#39;</span>")
                .contains("Press 2</strong>: <span>queue &#39;Billing&#39;</span>")
                .contains("Press 3</strong>: <span>external number (312) 555-0188</span>")
                .as("no rule plays it yet: callers never hear it").contains("Warning: no routing rule plays this menu, so callers never hear it")
                .as("the save's warning on a line of its own, not a list in brackets")
                .contains("Warning: no timeout target: after the retries the call goes to the general voicemail").doesNotContain("[no timeout");

        var menuId = menus.replaceAll(".*href=\"/settings/communications/phone/call-flows/([0-9a-f-]{36})\".*", "$1");
        web.get("/settings/communications/phone/routing/new");
        web.post("/settings/communications/phone/routing", "name", "Phone menu", "type", "IVR", "enabled", "true", "ivrMenuId", menuId);
        var rules = web.get("/settings/communications/phone/routing").body().replaceAll("\\s+", " ");
        assertThat(rules).contains("<span class=\"pill\">IVR menu</span>").doesNotContain(">Ivr<")
                .contains("<span class=\"pill\">Round robin</span>")
                .contains("Plays the menu <a href=\"/settings/communications/phone/call-flows/" + menuId + "\">Main menu</a>");
        var played = web.get("/settings/communications/phone/call-flows").body().replaceAll("\\s+", " ");
        assertThat(played).contains("Played by <a href=\"/settings/communications/phone/routing/").contains(">rule “Phone menu”</a>")
                .doesNotContain("no routing rule plays this menu");
    }

    /**
     * A loop and a clash of keys are problems of no single key: the menu and rule forms said "please correct the fields marked
     * below" and marked none (the problem was on "options" or "targets", which no field showed), so the owner could not
     * tell what to change. Each is now said: a menu's loop beside its target after silence, the keys' clash above the keys,
     * a rule's loop under the banner.
     */
    @Test
    void aLoopOrAClashOfKeysIsSaidOnTheFormNotOnlyThatNothingWasSaved() {
        var web = companyWithMember("Loop Lumber");
        var member = memberId(web.get("/settings/communications/phone/routing/new").body());
        assertThat(web.post("/settings/communications/phone/routing", "name", "Ring Ann", "type", "DIRECT", "enabled", "true",
                "memberIds", member, "ringTimeoutSeconds", "20").status()).isEqualTo(302);
        web.get("/settings/communications/phone/call-flows/new");
        assertThat(web.post("/settings/communications/phone/call-flows", "name", "Main", "greetingText", "Press 1 for Ann.",
                "k1Kind", "MEMBER", "k1Member", member, "timeoutSeconds", "5", "maxRetries", "1").status()).isEqualTo(302);
        var company = dev.switchboard.shared.CompanyId.of(web.companyId());
        var menuId = dev.switchboard.platform.TenantContext.callAs(company, () -> menus.list().getFirst().id());
        web.get("/settings/communications/phone/routing/new");
        assertThat(web.post("/settings/communications/phone/routing", "name", "Phone menu", "type", "IVR", "enabled", "true",
                "ivrMenuId", menuId.toString()).status()).isEqualTo(302);
        var rules = dev.switchboard.platform.TenantContext.callAs(company, () -> routingRules.list());
        var ringAnn = rules.stream().filter(r -> r.name().equals("Ring Ann")).findFirst().orElseThrow().id().toString();
        var phoneMenu = rules.stream().filter(r -> r.name().equals("Phone menu")).findFirst().orElseThrow().id().toString();

        web.get("/settings/communications/phone/call-flows/" + menuId);
        var loop = web.post("/settings/communications/phone/call-flows/" + menuId, "name", "Main", "greetingText", "Press 1 for Ann.",
                "k1Kind", "MEMBER", "k1Member", member, "timeoutSeconds", "5", "maxRetries", "1", "timeoutKind", "RULE", "timeoutRule", phoneMenu);
        assertThat(loop.status()).isEqualTo(422);
        assertThat(loop.body()).contains("after the retries on silence, calls would go round for ever: menu &#39;Main&#39; → rule &#39;Phone menu&#39;"
                + " → menu &#39;Main&#39;; choose another target for silence");

        var keys = web.post("/settings/communications/phone/call-flows/" + menuId, "name", "Main", "greetingText", "Press 1 for Ann.",
                "k1Kind", "MEMBER", "k1Member", member, "kStarKind", "VOICEMAIL", "kHashKind", "VOICEMAIL", "timeoutSeconds", "5",
                "maxRetries", "1");
        assertThat(keys.status()).isEqualTo(422);
        assertThat(keys.body()).contains("# and * cannot both be used");

        // The menu's silence goes to Ring Ann, fine; then Ring Ann's no-answer target to the menu's rule closes a loop.
        assertThat(web.post("/settings/communications/phone/call-flows/" + menuId, "name", "Main", "greetingText", "Press 1 for Ann.",
                "k1Kind", "MEMBER", "k1Member", member, "timeoutSeconds", "5", "maxRetries", "1", "timeoutKind", "RULE",
                "timeoutRule", ringAnn).status()).isEqualTo(302);
        web.get("/settings/communications/phone/routing/" + ringAnn);
        var ruleLoop = web.post("/settings/communications/phone/routing/" + ringAnn, "name", "Ring Ann", "type", "DIRECT",
                "enabled", "true", "memberIds", member, "ringTimeoutSeconds", "20", "noAnswerKind", "RULE", "noAnswerRule", phoneMenu);
        assertThat(ruleLoop.status()).isEqualTo(422);
        assertThat(ruleLoop.body()).contains("the rule chain loops back on itself: rule &#39;Ring Ann&#39; → rule &#39;Phone menu&#39;"
                + " → menu &#39;Main&#39; → rule &#39;Ring Ann&#39;");
    }

    @Test
    void anIvrMenuIsBuiltWithKeysTargetsAndDialByExtension() throws Exception {
        var web = companyWithMember("Menu Masonry");
        assertThat(web.get("/settings/communications/phone/call-flows").body()).contains("No menus yet");
        var form = web.get("/settings/communications/phone/call-flows/new");
        assertThat(form.body()).contains("What each key does");
        var member = form.body().replaceAll("(?s).*name=\"k1Member\".*?<option value=\"([0-9a-f-]{36})\".*", "$1");

        var bad = web.post("/settings/communications/phone/call-flows", "name", "Main", "greetingText", "Press 1",
                "k1Kind", "MEMBER", "dialByExtension", "on", "timeoutSeconds", "5", "maxRetries", "2");
        assertThat(bad.status()).isEqualTo(422);
        assertThat(bad.body()).contains("field-error");

        var good = web.post("/settings/communications/phone/call-flows", "name", "Main", "greetingText", "Press 1 for Ann",
                "k1Kind", "MEMBER", "k1Member", member, "k9Kind", "MAILBOX", "dialByExtension", "on", "extensionPrefix", "*",
                "timeoutSeconds", "5", "maxRetries", "2", "timeoutKind", "VOICEMAIL");
        assertThat(good.status()).as(good.body()).isEqualTo(302);
        var list = web.get("/settings/communications/phone/call-flows").body();
        assertThat(list).contains("Main").contains("Press 1").contains("Ann Lee").contains("Dial by extension");
        var id = list.replaceAll("(?s).*href=\"/settings/communications/phone/call-flows/([0-9a-f-]{36})\".*", "$1");
        assertThat(web.get("/settings/communications/phone/call-flows/" + id).body()).contains("Press 1 for Ann");

        var recorded = web.postFile("/settings/communications/phone/call-flows/" + id, "greetingFile", "menu.wav", "audio/wav",
                dev.switchboard.support.TestAudio.wav(), "name", "Main", "greetingText", "Press 1 for Ann", "k1Kind", "MEMBER",
                "k1Member", member, "timeoutSeconds", "5", "maxRetries", "2");
        assertThat(recorded.status()).isEqualTo(302);
        assertThat(web.get("/settings/communications/phone/call-flows/" + id).body()).contains("<audio controls").contains("/media/");
    }

    /**
     * The rules tab names ways to ring in the setup wizard's words ("Everyone at once", "One person"; it said "Simultaneous"
     * and "Direct"), the order a rule is tried in as words ("Tried 1st", not "Priority 1"), a "One person" rule with two
     * people is refused in those words, and the call log's filter says what offer was not taken.
     */
    @Test
    void theRulesTabAndTheCallLogSpeakTheWizardsWords() {
        var owner = api().signUpNewCompany("Words Heating");
        var ann = owner.post("/api/v1/members", java.util.Map.of("name", "Ann Lee")).json().get("id").asString();
        var bob = owner.post("/api/v1/members", java.util.Map.of("name", "Bob Stone")).json().get("id").asString();
        assertThat(owner.post("/api/v1/routing-rules", java.util.Map.of("name", "Everyone", "type", "SIMULTANEOUS",
                "member_ids", java.util.List.of(ann, bob))).status()).isEqualTo(201);
        var twoForOne = owner.post("/api/v1/routing-rules", java.util.Map.of("name", "Ann only", "type", "DIRECT",
                "member_ids", java.util.List.of(ann, bob)));
        assertThat(twoForOne.status()).isEqualTo(422);
        assertThat(twoForOne.body()).contains("One person: choose exactly one person to ring");
        var web = webLogin(owner.email(), "correct-horse");
        var tab = web.get("/settings/communications/phone/routing").body();
        assertThat(tab).contains("<span class=\"pill\">Everyone at once</span>").contains(">Tried 1st<")
                .doesNotContain("Priority 1").doesNotContain(">Simultaneous<");
        assertThat(web.get("/settings/communications/phone/routing/new").body())
                .contains(">Everyone at once: ring everyone, the first to answer takes it</option>")
                .contains(">One person: ring one member</option>").doesNotContain("Simultaneous:").doesNotContain("Direct:");
        assertThat(web.get("/calls").body()).contains(">Callback offer not taken (a team member did not take a caller&#39;s callback)</option>")
                .doesNotContain(">Offer not taken<");
    }
}
