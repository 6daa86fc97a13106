package dev.switchboard.routing.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.support.ApiClient;
import dev.switchboard.support.IntegrationTest;
import dev.switchboard.support.WebClient;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The "Try your routing" page: a call at any date and time, explained in plain words, with the simulation API's service
 * (Demo-like company: open 8:00 to 12:00 on Mondays, closed on Christmas Day every year, rule "Office" ringing Ann then
 * Bob in turns, Bob on vacation the week tried).
 */
class WhatIfPageTest extends IntegrationTest {

    static final String PAGE = "/settings/communications/phone/routing/try";

    record Company(ApiClient owner, WebClient web, String number, String ann, String bob) {
    }

    private Company company(String name) {
        var owner = api().signUpNewCompany(name);
        var number = unusedNumber();
        assertThat(owner.put("/api/v1/company", Map.of("name", name, "timezone", "America/Chicago", "default_region", "US",
                "business_numbers", List.of(number))).status()).isEqualTo(200);
        assertThat(owner.put("/api/v1/business-hours", Map.of("ranges", List.of(Map.of("day", "MONDAY", "start", "08:00",
                "end", "12:00")))).status()).isEqualTo(200);
        assertThat(owner.post("/api/v1/holidays", Map.of("name", "Christmas Day", "date", "2026-12-25", "recurrence", "YEARLY"))
                .status()).isEqualTo(201);
        var ann = id(owner.post("/api/v1/members", Map.of("name", "Ann Lee", "sip_address", "sip:ann@example.sip.telnyx.com")), null);
        var bob = id(owner.post("/api/v1/members", Map.of("name", "Bob Diaz", "sip_address", "sip:bob@example.sip.telnyx.com")), null);
        assertThat(owner.put("/api/v1/members/" + bob + "/vacation", Map.of("start_date", "2026-12-06", "end_date", "2026-12-11"))
                .status()).isEqualTo(200);
        id(owner.post("/api/v1/routing-rules", Map.of("name", "Office", "type", "ROUND_ROBIN", "member_ids", List.of(ann, bob))), "rule");
        assertThat(owner.post("/api/v1/customers", Map.of("name", "Robert Chen", "phone_numbers", List.of("+13125550151")))
                .status()).isEqualTo(201);
        return new Company(owner, webLogin(owner.email(), "correct-horse"), number, ann, bob);
    }

    private static String id(ApiClient.Response created, String wrapper) {
        assertThat(created.status()).as(created.body()).isIn(200, 201);
        return (wrapper == null ? created.json() : created.json().get(wrapper)).get("id").asString();
    }

    private static String tryAt(String from, String to, String date, String time) {
        return PAGE + "?from=" + enc(from) + "&to=" + enc(to) + "&date=" + enc(date) + "&time=" + enc(time);
    }

    /** "+13125550100" as every page writes the company's own numbers: "(312) 555-0100". */
    private static String national(String e164) {
        return "(" + e164.substring(2, 5) + ") " + e164.substring(5, 8) + "-" + e164.substring(8);
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    @Test
    void aMondayMorningCallRingsTheRuleInTurnsAndSaysWhoIsSkippedAndWhy() {
        var c = company("What If Plumbing");
        var page = c.web().get(tryAt("(312) 555-0151", c.number(), "2026-12-07", "09:30"));
        assertThat(page.status()).as(page.body()).isEqualTo(200);
        assertThat(page.body())
                .as("who calls, the number as every page writes it").contains("(312) 555-0151: Robert Chen (customer)")
                .as("when, on the company's clock").contains("Mon 7 Dec 2026, 9:30 AM (CST)")
                .as("the hours and why").contains("Open: Monday 8:00 AM – 12:00 PM")
                .as("the rule and why").contains("“Office” (Round robin, priority 1): the first enabled rule that matches")
                .as("who rings").contains("Ring Ann Lee at sip:ann@example.sip.telnyx.com, for 20 s")
                .as("who is skipped, with the reason").containsPattern("<li>Bob Diaz: on vacation[^<]*</li>")
                .as("the vacation's last day as every page writes a date").contains("Fri 11 Dec 2026").doesNotContain("2026-12-11")
                .as("what if nobody answers").contains("If nobody answers:").contains("Take a message in the general voicemail");
        assertThat(page.body()).as("what was tried is kept in the form").contains("value=\"(312) 555-0151\"").contains("value=\"2026-12-07\"")
                .contains("value=\"09:30\"");
    }

    @Test
    void aConditionalRuleSaysWhichConditionsHoldAndARuleThatDoesNotMatchIsPassedOver() {
        var c = company("What If Septic");
        var rule = id(c.owner().post("/api/v1/routing-rules", Map.of("name", "Mornings", "type", "CONDITIONAL",
                "conditions", Map.of("weekdays", List.of("MONDAY"), "time_from", "08:00", "time_to", "10:00"),
                "match_target", Map.of("kind", "MEMBER", "member_id", c.ann()))), "rule");
        assertThat(c.owner().post("/api/v1/routing-rules/" + rule + "/move", Map.of("direction", "up")).status()).isEqualTo(200);
        var early = c.web().get(tryAt("", c.number(), "2026-12-07", "09:00"));
        assertThat(early.body()).contains("“Mornings” (Conditional, priority 1): the first enabled rule that matches, because it is "
                + "Monday, it is between 8:00 AM and 10:00 AM").contains("Take a message in Ann Lee&#39;s voicemail");
        var later = c.web().get(tryAt("", c.number(), "2026-12-07", "10:30"));
        assertThat(later.body()).contains("“Office” (Round robin, priority 2)")
                .contains("<li>“Mornings”: its conditions do not hold for this call</li>");
    }

    @Test
    void christmasMorningIsClosedForTheYearlyHolidayAndAfternoonsAreOutsideTheHours() {
        var c = company("What If Heating");
        var christmas = c.web().get(tryAt("", c.number(), "2027-12-25", "10:00"));
        assertThat(christmas.status()).as(christmas.body()).isEqualTo(200);
        assertThat(christmas.body()).contains("Closed: Christmas Day (yearly)").contains("a withheld number")
                .contains("Take a message in the general voicemail").doesNotContain("Ring Ann Lee");
        var afternoon = c.web().get(tryAt("", c.number(), "2026-12-07", "15:00"));
        assertThat(afternoon.body()).as("the next opening as every page writes a date and time")
                .contains("Closed: outside business hours; opens Mon 14 Dec 2026, 8:00 AM");
    }

    @Test
    void aMenuSaysWhatEachKeyWouldDo() {
        var c = company("What If Cooling");
        var menu = id(c.owner().post("/api/v1/ivr-menus", Map.of("name", "Front desk", "greeting_text", "Press 1 for Ann.",
                "options", Map.of("1", Map.of("kind", "MEMBER", "member_id", c.ann()), "2", Map.of("kind", "MEMBER", "member_id", c.bob())))),
                "menu");
        var rule = id(c.owner().post("/api/v1/routing-rules", Map.of("name", "Menu first", "type", "IVR", "ivr_menu_id", menu)), "rule");
        assertThat(c.owner().post("/api/v1/routing-rules/" + rule + "/move", Map.of("direction", "up")).status()).isEqualTo(200);
        var page = c.web().get(tryAt("", c.number(), "2026-12-07", "09:00"));
        assertThat(page.status()).as(page.body()).isEqualTo(200);
        assertThat(page.body()).contains("Play the menu “Front desk”")
                .contains("The menu “Front desk”: what each key would do")
                .containsPattern("(?s)Press 1</th>\\s*<td>\\s*<div[^>]*>Ring Ann Lee at sip:ann@")
                .as("a key to someone on vacation says so, and where the call goes instead")
                .containsPattern("(?s)Press 2</th>.*?Take a message in Bob Diaz&#39;s voicemail.*?Not rung: Bob Diaz: on vacation")
                .contains("No key within 5 s");
    }

    /**
     * A key into another menu (through that menu's IVR rule) named the menu and stopped there: the submenu's keys are listed
     * too, one level deep. "Press 0 for the main menu" and a key that starts the menu again lead to menus the page lists
     * already, and the submenu's own submenu is named, not listed, so a menu that leads back to itself ends.
     */
    @Test
    void aKeyIntoASubmenuListsItsKeysOneLevelDeepAndAMenuLeadingBackIsNotListedAgain() {
        var c = company("What If Sewers");
        var front = id(c.owner().post("/api/v1/ivr-menus", Map.of("name", "Front desk", "greeting_text", "Press 1 for Ann.",
                "options", Map.of("1", Map.of("kind", "MEMBER", "member_id", c.ann())))), "menu");
        var frontRule = id(c.owner().post("/api/v1/routing-rules", Map.of("name", "Menu first", "type", "IVR", "ivr_menu_id", front)), "rule");
        assertThat(c.owner().post("/api/v1/routing-rules/" + frontRule + "/move", Map.of("direction", "up")).status()).isEqualTo(200);
        var parts = id(c.owner().post("/api/v1/ivr-menus", Map.of("name", "Parts", "greeting_text", "Press 1 to leave a message.",
                "options", Map.of("1", Map.of("kind", "VOICEMAIL")))), "menu");
        var partsRule = id(c.owner().post("/api/v1/routing-rules", Map.of("name", "Parts line", "type", "IVR", "ivr_menu_id", parts)), "rule");
        var service = id(c.owner().post("/api/v1/ivr-menus", Map.of("name", "Service", "greeting_text", "Press 1 for Bob.",
                "options", Map.of("1", Map.of("kind", "MEMBER", "member_id", c.bob()), "0", Map.of("kind", "RULE", "rule_id", frontRule),
                        "3", Map.of("kind", "RULE", "rule_id", partsRule)))), "menu");
        var serviceRule = id(c.owner().post("/api/v1/routing-rules", Map.of("name", "Service line", "type", "IVR", "ivr_menu_id", service)),
                "rule");
        var updated = c.owner().put("/api/v1/ivr-menus/" + front, Map.of("name", "Front desk", "greeting_text", "Press 1 for Ann.",
                "options", Map.of("1", Map.of("kind", "MEMBER", "member_id", c.ann()), "2", Map.of("kind", "RULE", "rule_id", serviceRule),
                        "9", Map.of("kind", "RULE", "rule_id", frontRule))));
        assertThat(updated.status()).as(updated.body()).isEqualTo(200);

        var page = c.web().get(tryAt("", c.number(), "2026-12-07", "09:00"));

        assertThat(page.status()).as(page.body()).isEqualTo(200);
        assertThat(page.body())
                .containsPattern("(?s)Press 2</th>\\s*<td>\\s*<div[^>]*>Play the menu “Service”: what each key does is below")
                .containsPattern("(?s)Press 9</th>\\s*<td>\\s*<div[^>]*>Play the menu “Front desk” again, from the start")
                .as("the submenu's keys, once, saying which key leads to it")
                .contains("The menu “Service” (Press 2 in “Front desk”): what each key would do")
                .containsPattern("(?s)“Service” \\(Press 2.*?Press 1</th>.*?Take a message in Bob Diaz&#39;s voicemail.*?Not rung: Bob Diaz: on vacation")
                .containsPattern("(?s)Press 0</th>\\s*<td>\\s*<div[^>]*>Play the menu “Front desk”: what each key does is above")
                .as("a submenu's submenu is named, not listed").contains("Play the menu “Parts” (its keys are on the Call Flows tab)")
                .doesNotContain("The menu “Parts”");
        assertThat(page.body().split("The menu “Front desk”", -1)).as("the main menu listed once").hasSize(2);
        assertThat(page.body().split("The menu “Service”", -1)).hasSize(2);
    }

    @Test
    void badFieldsAreRefusedBesideThemKeepingWhatWasTyped() {
        var c = company("What If Drains");
        var page = c.web().get(tryAt("abc", "+13125550000", "25/12/2026", "25:99"));
        assertThat(page.status()).isEqualTo(422);
        assertThat(page.body()).contains("id=\"from-error\"").contains("&#39;abc&#39; is not a phone number")
                .contains("id=\"to-error\"").contains("is not one of the company&#39;s numbers")
                .contains("id=\"date-error\"").contains("must be a date such as 2026-12-25 (&#39;25/12/2026&#39; is not)")
                .contains("id=\"time-error\"").contains("must be a time such as 10:00 or 14:30 (&#39;25:99&#39; is not)")
                .as("what was typed stays").contains("value=\"abc\"").contains("value=\"25/12/2026\"").contains("value=\"25:99\"")
                .as("nothing was tried").doesNotContain("id=\"result\"");
    }

    @Test
    void aTimeTheClocksSkipIsTriedAsTheHoursTakeItAndTheMainNumberMayBeWrittenAnyWay() {
        var c = company("What If Gutters");
        var national = national(c.number());
        var page = c.web().get(tryAt("", national, "2027-03-14", "02:30"));
        assertThat(page.status()).as(page.body()).isEqualTo(200);
        assertThat(page.body()).contains("2:30 AM does not exist on that day (the clocks go forward): tried at 3:30 AM")
                .contains("Sun 14 Mar 2027, 3:30 AM (CDT)")
                .as("the number sent is the main number, chosen once").contains("<option value=\"" + c.number() + "\" selected")
                .doesNotContain(">" + national + "</option>");
    }

    @Test
    void theFormStartsAtNowOnTheMainNumberAndTheRoutingTabsLinkToIt() {
        var c = company("What If Roofing");
        var page = c.web().get(PAGE);
        assertThat(page.status()).isEqualTo(200);
        var today = java.time.LocalDate.now(java.time.ZoneId.of("America/Chicago"));
        assertThat(page.body()).contains("<option value=\"" + c.number() + "\" selected")
                .contains(">" + national(c.number()) + " (main number)</option>").doesNotContain("id=\"result\"")
                .contains("value=\"" + today + "\"");
        assertThat(c.web().get("/settings/communications/phone/routing").body()).contains("href=\"" + PAGE + "\"");
        assertThat(c.web().get("/settings/communications/phone/call-flows").body()).contains("href=\"" + PAGE + "\"");
    }

    /**
     * The quick picks offered "Christmas Day 10:00 AM" to every company, one that works on Christmas too; they are the
     * company's own three nearest holidays to come (not a disabled or a past one; one closing part of the day when it
     * begins), then Saturday morning and tonight.
     */
    @Test
    void theQuickPicksAreTheCompanysOwnNextHolidaysThenSaturdayMorningAndTonight() {
        var c = company("What If Paving");
        var today = java.time.LocalDate.now(java.time.ZoneId.of("America/Chicago"));
        var christmas = java.time.MonthDay.of(12, 25).atYear(today.getYear());
        christmas = christmas.isBefore(today) ? christmas.plusYears(1) : christmas;
        var dates = new java.util.TreeMap<java.time.LocalDate, String>(Map.of(christmas, "Christmas Day"));
        for (var h : List.of(Map.entry("Inventory day", 10), Map.entry("Spring cleaning", 400))) {
            var date = today.plusDays(h.getValue());
            dates.putIfAbsent(date, h.getKey());
            assertThat(c.owner().post("/api/v1/holidays", Map.of("name", h.getKey(), "date", date.toString(), "recurrence", "ONE_TIME"))
                    .status()).isEqualTo(201);
        }
        // Closed in the afternoon only: tried when it begins (at 10:00 AM the business is open).
        var founders = today.plusDays(40);
        dates.putIfAbsent(founders, "Founders day");
        assertThat(c.owner().post("/api/v1/holidays", Map.of("name", "Founders day", "date", founders.toString(), "recurrence", "ONE_TIME",
                "start", "13:30", "end", "17:00")).status()).isEqualTo(201);
        assertThat(c.owner().post("/api/v1/holidays", Map.of("name", "Paint day", "date", today.plusDays(1).toString(),
                "recurrence", "ONE_TIME", "enabled", false)).status()).isEqualTo(201);
        assertThat(c.owner().post("/api/v1/holidays", Map.of("name", "Old party", "date", today.minusDays(3).toString(),
                "recurrence", "ONE_TIME")).status()).isEqualTo(201);

        var text = c.web().get(PAGE).body();

        var day = java.time.format.DateTimeFormatter.ofPattern("EEE d MMM yyyy", java.util.Locale.US);
        var nearest = dates.entrySet().stream().limit(3).toList();
        var picks = java.util.regex.Pattern.compile("class=\"quick-pick\" href=\"[^\"]*date=([0-9-]+)&amp;time=([0-9:]+)\">([^<]*)</a>")
                .matcher(text).results().map(m -> m.group(3) + " @ " + m.group(1) + "T" + m.group(2)).toList();
        var expected = new java.util.ArrayList<String>();
        nearest.forEach(e -> expected.add(e.getValue().equals("Founders day")
                ? e.getValue() + ", " + day.format(e.getKey()) + ", 1:30 PM @ " + e.getKey() + "T13:30"
                : e.getValue() + ", " + day.format(e.getKey()) + ", 10:00 AM @ " + e.getKey() + "T10:00"));
        expected.add("Saturday 10:00 AM @ " + today.with(java.time.temporal.TemporalAdjusters.nextOrSame(java.time.DayOfWeek.SATURDAY))
                + "T10:00");
        expected.add("Tonight 11:00 PM @ " + today + "T23:00");
        assertThat(picks).containsExactlyElementsOf(expected);
        assertThat(text).doesNotContain("Paint day").doesNotContain("Old party").doesNotContain("Spring cleaning");

        var working = company("What If Open All Year");
        var holidays = working.owner().get("/api/v1/holidays").json();
        holidays.forEach(h -> assertThat(working.owner().delete("/api/v1/holidays/" + h.get("id").asString()).status()).isLessThan(300));
        assertThat(working.web().get(PAGE).body()).as("no holiday, no holiday pick").doesNotContain("Christmas")
                .contains("Saturday 10:00 AM").contains("Tonight 11:00 PM");
    }

    @Test
    void supervisorsTryTheRoutingAndAgentsAreRefused() {
        var c = company("What If Electric");
        var supervisor = c.owner().newUser("SUPERVISOR", null);
        var agent = c.owner().newUser("AGENT", c.ann());
        assertThat(webLogin(supervisor.email(), "their-password").get(tryAt("", c.number(), "2026-12-07", "09:00")).body())
                .contains("Ring Ann Lee");
        assertThat(webLogin(agent.email(), "their-password").get(tryAt("", c.number(), "2026-12-07", "09:00")).status())
                .isEqualTo(403);
    }
}
