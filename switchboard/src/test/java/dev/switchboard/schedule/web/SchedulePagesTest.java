package dev.switchboard.schedule.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.support.IntegrationTest;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

/** The Hours and Holidays tabs, and the holiday's next-dates fragment. */
class SchedulePagesTest extends IntegrationTest {

    @Test
    void hoursAreSavedWithASplitShiftAndTheNextChangesShownAndBadTimesRefusedBesideTheirDay() {
        var web = newCompanyOwner("Hours Heating");
        var page = web.get("/settings/communications/phone/hours");
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains("Next changes").contains("America/Chicago");
        assertThat(page.body()).as("overrides said in plain words (was: \"Beat the weekly hours\")")
                .contains("Open or close outside the weekly hours and holidays for a while").doesNotContain("Beat the");

        var bad = web.post("/settings/communications/phone/hours", "timezone", "America/Chicago", "MONDAY.open", "on",
                "MONDAY.start", "09:00", "MONDAY.end", "9pm");
        assertThat(bad.status()).isEqualTo(422);
        assertThat(bad.body()).contains("field-error").contains("value=\"9pm\"")
                .as("said beside the day, with which of its times is wrong").contains("Closing time: &#39;9pm&#39; is not a time");
        var badZone = web.post("/settings/communications/phone/hours", "timezone", "Mars/Olympus", "MONDAY.open", "on",
                "MONDAY.start", "09:00", "MONDAY.end", "17:00");
        assertThat(badZone.status()).isEqualTo(422);
        assertThat(web.get("/settings/communications/phone/hours").body()).contains("No changes ahead");

        var good = web.post("/settings/communications/phone/hours", "timezone", "America/Denver", "MONDAY.open", "on",
                "MONDAY.start", "08:00", "MONDAY.end", "12:00", "MONDAY.start2", "13:00", "MONDAY.end2", "17:00");
        assertThat(good.status()).isEqualTo(302);
        var after = web.get("/settings/communications/phone/hours").body();
        assertThat(after).contains("Business hours saved.").contains("value=\"13:00\"").containsPattern("<strong>Opens</strong>\\s*<span>Mon ");
        assertThat(after).contains("<option value=\"America/Denver\" selected=\"selected\">");
        // Saved again in the same timezone: the hours, not a company change that changed nothing (every save wrote one).
        var api = api().login(web.email(), "correct-horse");
        int companyChanges = api.get("/api/v1/audit-log?entity_type=company").json().size();
        assertThat(web.post("/settings/communications/phone/hours", "timezone", "America/Denver", "MONDAY.open", "on",
                "MONDAY.start", "08:00", "MONDAY.end", "12:00").status()).isEqualTo(302);
        assertThat(api.get("/api/v1/audit-log?entity_type=company").json().size()).isEqualTo(companyChanges);
    }

    /**
     * A company signed up in the offered America/Chicago whose owner sets Europe/London on the Hours tab kept a US company:
     * their UK numbers typed as dialled were refused, and every UK mobile was a call abroad (found by the wizard walk). The
     * country moves with the timezone, as sign-up sets it, and the save says so; one chosen on the General tab stays.
     */
    @Test
    void theTimezoneChangedOnTheHoursTabMovesTheCountryWithItUnlessChosenOtherwise() {
        var web = newCompanyOwner("Hours Abroad Heating");
        var api = api().login(web.email(), "correct-horse");
        web.get("/settings/communications/phone/hours");
        assertThat(web.post("/settings/communications/phone/hours", "timezone", "Europe/London", "MONDAY.open", "on",
                "MONDAY.start", "08:00", "MONDAY.end", "17:00").status()).isEqualTo(302);
        assertThat(api.get("/api/v1/company").json().get("default_region").asString()).isEqualTo("GB");
        assertThat(web.get("/settings/communications/phone/hours").body()).contains("Business hours saved. Your country is now United Kingdom (GB)");
        assertThat(api.post("/api/v1/members", java.util.Map.of("name", "Tom", "call_forwarding_enabled", true,
                "call_forwarding_number", "07400 123456")).status()).as("a UK mobile as dialled there, no call abroad").isEqualTo(201);

        assertThat(api.put("/api/v1/company", java.util.Map.of("name", "Hours Abroad Heating", "timezone", "Europe/London",
                "default_region", "IE")).status()).isEqualTo(200);
        assertThat(web.post("/settings/communications/phone/hours", "timezone", "Europe/Dublin", "MONDAY.open", "on",
                "MONDAY.start", "08:00", "MONDAY.end", "17:00").status()).isEqualTo(302);
        assertThat(api.get("/api/v1/company").json().get("default_region").asString()).as("chosen on the General tab").isEqualTo("IE");
        assertThat(web.get("/settings/communications/phone/hours").body()).doesNotContain("Your country is now");
    }

    @Test
    void aBadClosedUntilTimeIsRefusedAsTheLocalDateAndTimeTheFieldHoldsNotAsAnInstant() {
        var web = newCompanyOwner("Override Heating");
        web.get("/settings/communications/phone/hours");
        var blank = web.post("/settings/communications/phone/hours/overrides", "kind", "CLOSED_UNTIL", "until", "", "reason", "Meeting");
        assertThat(blank.status()).isEqualTo(422);
        assertThat(blank.body()).contains("choose a date and time such as 2026-11-25 17:00 (America/Chicago time)")
                .doesNotContain("instant").doesNotContain("T14:00:00Z");
        var typo = web.post("/settings/communications/phone/hours/overrides", "kind", "CLOSED_UNTIL", "until", "2pm", "reason", "Meeting");
        assertThat(typo.status()).isEqualTo(422);
        assertThat(typo.body()).contains("must be a date and time such as 2026-11-25 17:00 (America/Chicago time)")
                .contains("value=\"2pm\"");
        var later = java.time.LocalDateTime.now(java.time.ZoneId.of("America/Chicago")).plusHours(2).withSecond(0).withNano(0);
        var typed = web.post("/settings/communications/phone/hours/overrides", "kind", "CLOSED_UNTIL",
                "until", later.toLocalDate() + " " + later.toLocalTime(), "reason", "Meeting");
        assertThat(typed.status()).as("typed with a space, as the message shows it").isEqualTo(302);
        assertThat(web.get("/settings/communications/phone/hours").body()).as("said once (was \"Closed closed by override: Meeting\")")
                .containsPattern(">Closed</span>\\s*(<!--[^>]*-->\\s*)?<span class=\"muted\">by override: Meeting</span>");
    }

    /**
     * "Open this Saturday from 9:00 to 13:00" is set ahead on the Hours tab (From and Until, on the company's clock): listed
     * with its start; one overlapping it is refused beside the form, what was typed kept (found by the hours walk).
     */
    @Test
    void aClosureSetOnTheHoursTabHasWhatCallersHearAndItIsShownWithIt() {
        var web = newCompanyOwner("Snowy Heating");
        var owner = api().login(web.email(), "correct-horse");
        var until = java.time.LocalDateTime.now(java.time.ZoneId.of("America/Chicago")).plusHours(3).withSecond(0).withNano(0);
        web.get("/settings/communications/phone/hours");
        var opened = web.post("/settings/communications/phone/hours/overrides", "kind", "OPEN_UNTIL", "until", until.toString(),
                "greeting", "We are open late tonight");
        assertThat(opened.status()).as("an opening has no message").isEqualTo(302);
        assertThat(web.get("/settings/communications/phone/hours").body()).contains("calls are answered as in opening hours.");
        assertThat(owner.get("/api/v1/business-hours/overrides").json().get(0).get("greeting").isNull()).isTrue();
        var closed = web.post("/settings/communications/phone/hours/overrides", "kind", "CLOSED_UNTIL", "until", until.toString(),
                "reason", "Snow", "greeting", "We are closed today because of the snow.\r\nPlease leave a message.");
        assertThat(closed.status()).as(closed.body()).isEqualTo(302);
        var page = web.get("/settings/communications/phone/hours").body();
        assertThat(page).contains("callers hear your message, then the after-hours treatment.")
                .contains("Callers hear: “We are closed today because of the snow.\r\nPlease leave a message.”");
        var tooLong = web.post("/settings/communications/phone/hours/overrides", "kind", "CLOSED_UNTIL", "until", until.toString(),
                "greeting", "x".repeat(1001));
        assertThat(tooLong.status()).isEqualTo(422);
        assertThat(tooLong.body()).contains("Nothing was changed: greeting: must be at most 1000 characters");
    }

    @Test
    void anOverrideIsSetAheadOnTheHoursTab() {
        var web = newCompanyOwner("Saturday Heating");
        var owner = api().login(web.email(), "correct-horse");
        var zone = java.time.ZoneId.of("America/Chicago");
        var saturday = java.time.LocalDate.now(zone).plusDays(3).with(java.time.temporal.TemporalAdjusters.next(java.time.DayOfWeek.SATURDAY));
        web.get("/settings/communications/phone/hours");
        var set = web.post("/settings/communications/phone/hours/overrides", "kind", "OPEN_UNTIL", "from", saturday + "T09:00",
                "until", saturday + "T13:00", "reason", "Christmas Saturday");
        assertThat(set.status()).as(set.body()).isEqualTo(302);
        var fmt = dev.switchboard.tenancy.DisplayFormats.DATE;
        var page = web.get("/settings/communications/phone/hours").body();
        assertThat(page).contains("Open until then").containsPattern("<strong>Open</strong>\\s*from <span>" + saturday.format(fmt)
                + ", 9:00 AM</span>\\s*until <span>" + saturday.format(fmt) + ", 1:00 PM</span>");
        var nine = saturday.atTime(9, 30).atZone(zone).toInstant();
        assertThat(owner.get("/api/v1/business-hours/open?at=" + nine).json().get("reason").asString())
                .isEqualTo("open by override: Christmas Saturday");

        var overlap = web.post("/settings/communications/phone/hours/overrides", "kind", "CLOSED_UNTIL", "from", saturday + "T12:00",
                "until", saturday + "T15:00", "reason", "Stocktake");
        assertThat(overlap.status()).isEqualTo(422);
        assertThat(overlap.body()).contains("Nothing was changed: from: overlaps the override open from")
                .contains("value=\"" + saturday + "T12:00\"").contains("value=\"Stocktake\"");
        assertThat(owner.get("/api/v1/business-hours/overrides").json().size()).isEqualTo(1);
    }

    /** Hours never set say so (calls are handled as open); saved with no day open, the tab says every call is after hours. */
    @Test
    void hoursNotSetAreSaidSoAndSavingNoOpenDaySaysEveryCallIsAfterHours() {
        var web = newCompanyOwner("Closed Heating");
        var unset = web.get("/settings/communications/phone/hours").body();
        assertThat(unset).contains("id=\"hours-not-set\"").contains("no business hours set");
        var saved = web.post("/settings/communications/phone/hours", "timezone", "America/Chicago");
        assertThat(saved.status()).isEqualTo(302);
        var after = web.get("/settings/communications/phone/hours").body();
        assertThat(after).contains("No day is open: every call is handled as after hours").doesNotContain("id=\"hours-not-set\"")
                .contains("outside business hours");
    }

    /**
     * A time field holds 00:00 to 23:59: a day closing at midnight came back as value="24:00", which a browser blanks, so
     * the next save of the tab (or the wizard's hours) was refused for that day's missing closing time. Midnight is shown
     * as 00:00, and 00:00 to 00:00 typed is the whole day (00:00-24:00: the only way a time field can say it), not empty.
     */
    /**
     * An AM/PM slip (Friday 8:00 AM to 5:00 AM) was saved without a word as 21 hours open overnight. The Hours tab asks
     * beside the day, saving nothing, and saves it once "Yes, open overnight" is ticked; the API saves it with a warning.
     */
    @Test
    void aLongNightIsAskedAboutBesideTheDayAndTheApiSavesItWithAWarning() {
        var api = api().signUpNewCompany("Slip Heating");
        var web = webLogin(api.email(), "correct-horse");
        web.get("/settings/communications/phone/hours");
        var asked = web.post("/settings/communications/phone/hours", "timezone", "America/Chicago", "FRIDAY.open", "on",
                "FRIDAY.start", "08:00", "FRIDAY.end", "05:00");
        assertThat(asked.status()).isEqualTo(422);
        assertThat(asked.body()).contains("id=\"FRIDAY-error\">Friday 8:00 AM to 5:00 AM the next day would be open 21 hours: did you mean 5:00 PM?")
                .contains("name=\"FRIDAY.overnight\"");
        assertThat(api.get("/api/v1/business-hours").json().get("ranges").size()).as("nothing saved").isZero();
        var evening = web.post("/settings/communications/phone/hours", "timezone", "America/Chicago", "SATURDAY.open", "on",
                "SATURDAY.start", "20:00", "SATURDAY.end", "17:00");
        assertThat(evening.body()).as("an evening start for a morning one")
                .contains("Saturday 8:00 PM to 5:00 PM the next day would be open 21 hours: did you mean to open at 8:00 AM?");

        var confirmed = web.post("/settings/communications/phone/hours", "timezone", "America/Chicago", "FRIDAY.open", "on",
                "FRIDAY.start", "08:00", "FRIDAY.end", "05:00", "FRIDAY.overnight", "on");
        assertThat(confirmed.status()).as(confirmed.body()).isEqualTo(302);
        assertThat(api.get("/api/v1/business-hours").body()).contains("\"day\":\"FRIDAY\",\"start\":\"08:00\",\"end\":\"05:00\"");
        assertThat(web.post("/settings/communications/phone/hours", "timezone", "America/Chicago", "FRIDAY.open", "on",
                "FRIDAY.start", "08:00", "FRIDAY.end", "05:00").status()).as("saved as it is: not asked again").isEqualTo(302);

        var put = api.put("/api/v1/business-hours", java.util.Map.of("ranges", java.util.List.of(
                java.util.Map.of("day", "MONDAY", "start", "22:00", "end", "06:00"),
                java.util.Map.of("day", "THURSDAY", "start", "08:00", "end", "05:00"))));
        assertThat(put.status()).as("the API keeps accepting it").isEqualTo(200);
        var warnings = put.json().get("warnings");
        assertThat(warnings.size()).as("a short night shift is no slip: " + warnings).isEqualTo(1);
        assertThat(warnings.get(0).get("field").asString()).isEqualTo("ranges[1]");
        assertThat(warnings.get(0).get("message").asString())
                .isEqualTo("Thursday 8:00 AM to 5:00 AM the next day is open 21 hours: did you mean 5:00 PM?");
    }

    @Test
    void aDayClosingAtMidnightComesBackAsATimeFieldHoldsItAndSavesAgainAndAWholeDayCanBeTyped() {
        var api = api().signUpNewCompany("Midnight Heating");
        var web = webLogin(api.email(), "correct-horse");
        var saved = web.post("/settings/communications/phone/hours", "timezone", "America/Chicago", "MONDAY.open", "on",
                "MONDAY.start", "07:00", "MONDAY.end", "00:00", "TUESDAY.open", "on", "TUESDAY.start", "00:00", "TUESDAY.end", "00:00");
        assertThat(saved.status()).as(saved.body()).isEqualTo(302);
        var ranges = new java.util.ArrayList<String>();
        api.get("/api/v1/business-hours").json().get("ranges")
                .forEach(r -> ranges.add(r.get("day").asString() + " " + r.get("start").asString() + "-" + r.get("end").asString()));
        assertThat(ranges).containsExactly("MONDAY 07:00-24:00", "TUESDAY 00:00-24:00");
        for (var page : java.util.List.of("/settings/communications/phone/hours", "/setup/hours")) {
            var body = web.get(page).body();
            assertThat(body).as(page).contains("name=\"MONDAY.end\" value=\"00:00\"").contains("name=\"TUESDAY.end\" value=\"00:00\"")
                    .doesNotContain("value=\"24:00\"");
        }
        // The page saved again as the browser sends it back, one day changed.
        var again = web.post("/settings/communications/phone/hours", "timezone", "America/Chicago", "MONDAY.open", "on",
                "MONDAY.start", "07:00", "MONDAY.end", "00:00", "TUESDAY.open", "on", "TUESDAY.start", "00:00", "TUESDAY.end", "00:00",
                "WEDNESDAY.open", "on", "WEDNESDAY.start", "09:00", "WEDNESDAY.end", "17:00");
        assertThat(again.status()).as(again.body()).isEqualTo(302);
        assertThat(web.post("/setup/hours", "MONDAY.open", "on", "MONDAY.start", "07:00", "MONDAY.end", "00:00", "TUESDAY.open", "on",
                "TUESDAY.start", "00:00", "TUESDAY.end", "00:00").status()).isEqualTo(302);
        ranges.clear();
        api.get("/api/v1/business-hours").json().get("ranges")
                .forEach(r -> ranges.add(r.get("day").asString() + " " + r.get("start").asString() + "-" + r.get("end").asString()));
        assertThat(ranges).containsExactly("MONDAY 07:00-24:00", "TUESDAY 00:00-24:00");
    }

    /**
     * The tab shows two openings a day; a third set through the API (a night shift after a split day) is shown beside
     * its day and kept when the tab is saved, say to change the timezone, instead of being deleted without a word.
     */
    @Test
    void savingTheTabKeepsADaysThirdOpeningSetThroughTheApi() {
        var api = api().signUpNewCompany("Night Shift Plumbing");
        var put = api.put("/api/v1/business-hours", java.util.Map.of("ranges", java.util.List.of(
                java.util.Map.of("day", "MONDAY", "start", "07:00", "end", "11:00"),
                java.util.Map.of("day", "MONDAY", "start", "12:00", "end", "16:00"),
                java.util.Map.of("day", "MONDAY", "start", "22:00", "end", "02:00"))));
        assertThat(put.status()).isEqualTo(200);
        var web = webLogin(api.email(), "correct-horse");
        assertThat(web.get("/settings/communications/phone/hours").body()).contains("Also open 22:00-02:00 (set by an app connected to Switchboard")
                .as("the split shift's column named as people say it").contains("Open again").doesNotContain("Second range")
                .doesNotContain("set through the API");

        var overlapping = web.post("/settings/communications/phone/hours", "timezone", "America/Chicago", "MONDAY.open", "on",
                "MONDAY.start", "07:00", "MONDAY.end", "11:00", "MONDAY.start2", "12:00", "MONDAY.end2", "23:00");
        assertThat(overlapping.status()).isEqualTo(422);
        assertThat(overlapping.body()).contains("field-error").contains("overlaps").contains("value=\"23:00\"");

        var saved = web.post("/settings/communications/phone/hours", "timezone", "America/Denver", "MONDAY.open", "on",
                "MONDAY.start", "07:00", "MONDAY.end", "11:00", "MONDAY.start2", "12:00", "MONDAY.end2", "16:00");
        assertThat(saved.status()).isEqualTo(302);
        var hours = api.get("/api/v1/business-hours").json();
        assertThat(hours.get("timezone").asString()).isEqualTo("America/Denver");
        var ranges = new java.util.ArrayList<String>();
        hours.get("ranges").forEach(r -> ranges.add(r.get("day").asString() + " " + r.get("start").asString() + "-" + r.get("end").asString()));
        assertThat(ranges).containsExactly("MONDAY 07:00-11:00", "MONDAY 12:00-16:00", "MONDAY 22:00-02:00");
    }

    /**
     * A saved holiday's edit form previews the dates calls will follow: an exception date (set through the API: open
     * that day this year) is left out of "Next five dates", there and in the preview refreshed as the form is edited.
     */
    @Test
    void aSavedHolidaysPreviewLeavesOutItsExceptionDates() {
        var api = api().signUpNewCompany("Exception Plumbing");
        var today = java.time.LocalDate.now(java.time.ZoneId.of("America/Chicago"));
        var first = today.plusDays(10);
        var skipped = first.plusWeeks(1);
        var created = api.post("/api/v1/holidays", java.util.Map.of("name", "Team day", "date", first.toString(),
                "recurrence", "WEEKLY", "exception_dates", java.util.List.of(skipped.toString()), "greeting_text", "Closed today."));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        var id = created.json().get("id").asString();
        var fmt = dev.switchboard.tenancy.DisplayFormats.DATE;
        var web = webLogin(api.email(), "correct-horse");

        var form = web.get("/settings/communications/phone/holidays/" + id).body();
        var preview = form.substring(form.indexOf("id=\"preview\""));
        assertThat(preview).contains(first.format(fmt)).contains(first.plusWeeks(2).format(fmt)).doesNotContain(skipped.format(fmt))
                .contains("preview?holiday=" + id);
        var refreshed = web.htmxPost("/settings/communications/phone/holidays/preview?holiday=" + id, "name", "Team day",
                "date", first.toString(), "recurrence", "WEEKLY", "enabled", "true").body();
        assertThat(refreshed).contains(first.format(fmt)).doesNotContain(skipped.format(fmt));
    }

    @Test
    void aHolidayGreetingCanBeARecordingPlayedBackOnTheForm() throws Exception {
        var web = newCompanyOwner("Recorded Greetings");
        web.get("/settings/communications/phone/holidays/new");
        var notAudio = web.postFile("/settings/communications/phone/holidays", "greetingFile", "x.wav", "audio/wav",
                "not audio".getBytes(), "name", "Closed", "date", LocalDate.now().plusDays(3).toString(), "recurrence", "ONE_TIME",
                "enabled", "true");
        assertThat(notAudio.status()).isEqualTo(422);
        assertThat(notAudio.body()).contains("greetingFile-error");
        assertThat(web.get("/settings/communications/phone/holidays").body()).contains("No holidays yet");

        web.get("/settings/communications/phone/holidays/new");
        var saved = web.postFile("/settings/communications/phone/holidays", "greetingFile", "closed.wav", "audio/wav", dev.switchboard.support.TestAudio.wav(),
                "name", "Closed", "date", LocalDate.now().plusDays(3).toString(), "recurrence", "ONE_TIME", "enabled", "true");
        assertThat(saved.status()).isEqualTo(302);
        var list = web.get("/settings/communications/phone/holidays").body();
        var id = list.replaceAll("(?s).*holidays/([0-9a-f-]{36})/enabled.*", "$1");
        var form = web.get("/settings/communications/phone/holidays/" + id).body();
        assertThat(form).contains("<audio controls").contains("/media/").contains("Remove the recording");
    }

    /** Each of a saved holiday's warnings is shown (only the first was): no greeting, and another holiday on its day. */
    @Test
    void aSavedHolidaysWarningsAreAllShown() {
        var web = newCompanyOwner("Two Holidays Plumbing");
        var day = LocalDate.now().plusDays(20).toString();
        web.get("/settings/communications/phone/holidays/new");
        assertThat(web.post("/settings/communications/phone/holidays", "name", "Shop closed", "date", day, "recurrence", "YEARLY",
                "greetingText", "We are closed today.", "enabled", "true").status()).isEqualTo(302);
        web.get("/settings/communications/phone/holidays/new");
        assertThat(web.post("/settings/communications/phone/holidays", "name", "Team outing", "date", day, "recurrence", "YEARLY",
                "enabled", "true").status()).isEqualTo(302);
        assertThat(web.get("/settings/communications/phone/holidays").body())
                .contains("No holiday greeting: callers hear the standard closed message.")
                .contains("is also the holiday &#39;Shop closed&#39;")
                .as("the next date as the pages write dates, not ISO").contains("“Team outing” saved; next on "
                        + dev.switchboard.tenancy.DisplayFormats.DATE.format(LocalDate.parse(day)) + ".");
    }

    @Test
    void aRecurringHolidayShowsItsNextDatesWhileEditingAndIsListedByNextOccurrence() {
        var web = newCompanyOwner("Holiday Plumbing");
        assertThat(web.get("/settings/communications/phone/holidays").body()).contains("No holidays yet");
        var form = web.get("/settings/communications/phone/holidays/new");
        assertThat(form.body()).contains("Next five dates").contains("That day, calls follow")
                .as("a custom pattern explained, not named by its standard").contains("Another pattern: a repeat rule, below")
                .contains("is the fourth Thursday of November, every year.").doesNotContain("RFC 5545");

        var next = LocalDate.now().plusDays(10);
        var preview = web.htmxPost("/settings/communications/phone/holidays/preview", "name", "Team day", "date", next.toString(),
                "recurrence", "MONTHLY", "enabled", "true");
        assertThat(preview.body()).doesNotContain("<html").contains("id=\"preview\"");
        assertThat(preview.body().split("class=\"pill\"").length - 1).isEqualTo(5);
        var custom = web.htmxPost("/settings/communications/phone/holidays/preview", "name", "Thanksgiving", "date", "2025-11-27",
                "recurrence", "CUSTOM", "rrule", "FREQ=YEARLY;BYMONTH=11;BYDAY=4TH");
        assertThat(custom.body()).containsPattern("Thu [0-9]{1,2} Nov 20[0-9]{2}");
        var badRule = web.htmxPost("/settings/communications/phone/holidays/preview", "name", "X", "date", "2025-11-27",
                "recurrence", "CUSTOM", "rrule", "FREQ=SOMETIMES");
        assertThat(badRule.body()).contains("field-error");

        var bad = web.post("/settings/communications/phone/holidays", "name", "", "date", next.toString(), "recurrence", "YEARLY");
        assertThat(bad.status()).isEqualTo(422);
        assertThat(bad.body()).contains("must not be blank");
        assertThat(web.get("/settings/communications/phone/holidays").body()).contains("No holidays yet");

        web.get("/settings/communications/phone/holidays/new");
        assertThat(web.post("/settings/communications/phone/holidays", "name", "Later day", "date", next.plusDays(30).toString(),
                "recurrence", "YEARLY", "enabled", "true").status()).isEqualTo(302);
        web.get("/settings/communications/phone/holidays/new");
        web.post("/settings/communications/phone/holidays", "name", "Team day", "date", next.toString(), "recurrence", "MONTHLY",
                "greetingText", "Closed for our team day.", "enabled", "true");
        var list = web.get("/settings/communications/phone/holidays").body();
        assertThat(list.indexOf("Team day")).isLessThan(list.indexOf("Later day"));
        assertThat(list).contains("Closed for our team day.");

        var teamDay = java.util.regex.Pattern.compile("holidays/([0-9a-f-]{36})/enabled").matcher(list);
        assertThat(teamDay.find()).isTrue();
        web.post("/settings/communications/phone/holidays/" + teamDay.group(1) + "/enabled", "enabled", "false");
        assertThat(web.get("/settings/communications/phone/holidays").body()).contains("disabled.").contains(">Disabled<");
        web.post("/settings/communications/phone/holidays/import", "country", "US", "year", String.valueOf(next.getYear() + 1));
        assertThat(web.get("/settings/communications/phone/holidays").body()).contains("public holidays of United States (US) imported")
                .as("an imported holiday's origin and the country list, in words").contains(">Imported (US)<").doesNotContain(">import:US<")
                .contains("<option value=\"US\" selected=\"selected\">United States (US)</option>");
    }

    /**
     * A holiday on a weekday of its month (Thanksgiving, Memorial Day) is chosen as that, not written as a repeat rule:
     * the form offers "Every year on the fourth Thursday of November" for 26 Nov 2026 (and "the last Thursday", which that
     * date also is), saves the rule made from the date, shows the choice again when the holiday is edited, and the list
     * and the preview say how each holiday repeats in words ("Custom" told an owner nothing).
     */
    @Test
    void aHolidayOnAWeekdayOfItsMonthIsChosenAsThatAndEveryRepeatIsSaidInWords() {
        var web = newCompanyOwner("Weekday Holidays Heating");
        var owner = api().login(web.email(), "correct-horse");
        assertThat(web.get("/settings/communications/phone/holidays/new").body())
                .as("said for the new holiday's date, tomorrow").contains("value=\"YEARLY_WEEKDAY\"")
                .containsPattern("Every year on the (first|second|third|fourth|last) [A-Z][a-z]+day of [A-Z][a-z]+<");
        var preview = web.htmxPost("/settings/communications/phone/holidays/preview", "name", "Thanksgiving", "date", "2026-11-26",
                "recurrence", "YEARLY_WEEKDAY");
        assertThat(preview.body()).contains("Every year on the fourth Thursday of November").contains("Thu 25 Nov 2027")
                .contains("Thu 23 Nov 2028").as("the fourth, not the last: 2028 has five Thursdays in November").doesNotContain("30 Nov 2028");
        web.get("/settings/communications/phone/holidays/new");
        assertThat(web.post("/settings/communications/phone/holidays", "name", "Thanksgiving", "date", "2026-11-26",
                "recurrence", "YEARLY_WEEKDAY", "enabled", "true").status()).isEqualTo(302);
        web.get("/settings/communications/phone/holidays/new");
        assertThat(web.post("/settings/communications/phone/holidays", "name", "Memorial Day", "date", "2027-05-31",
                "recurrence", "YEARLY_LAST_WEEKDAY", "enabled", "true").status()).isEqualTo(302);
        web.get("/settings/communications/phone/holidays/new");
        assertThat(web.post("/settings/communications/phone/holidays", "name", "Christmas", "date", "2026-12-25",
                "recurrence", "YEARLY", "enabled", "true").status()).isEqualTo(302);
        web.get("/settings/communications/phone/holidays/new");
        assertThat(web.post("/settings/communications/phone/holidays", "name", "Inventory", "date", "2026-12-14",
                "recurrence", "CUSTOM", "rrule", "FREQ=MONTHLY;INTERVAL=2;BYDAY=2MO", "enabled", "true").status()).isEqualTo(302);

        var stored = new java.util.HashMap<String, String>();
        for (var h : owner.get("/api/v1/holidays").json()) {
            stored.put(h.get("name").asString(), h.get("recurrence").asString() + " " + (h.get("rrule").isNull() ? "" : h.get("rrule").asString()));
        }
        assertThat(stored).containsEntry("Thanksgiving", "CUSTOM FREQ=YEARLY;BYMONTH=11;BYDAY=4TH")
                .containsEntry("Memorial Day", "CUSTOM FREQ=YEARLY;BYMONTH=5;BYDAY=-1MO");
        var list = web.get("/settings/communications/phone/holidays").body();
        assertThat(list).contains(">Every year on the fourth Thursday of November<").contains(">Every year on the last Monday of May<")
                .contains(">Every year on 25 December<").as("a rule the words do not cover is shown as written")
                .contains(">Custom: FREQ=MONTHLY;INTERVAL=2;BYDAY=2MO<").doesNotContain(">Custom<");

        var thanksgiving = java.util.regex.Pattern.compile("holidays/([0-9a-f-]{36})\"[^>]*aria-label=\"Edit Thanksgiving\"").matcher(list);
        assertThat(thanksgiving.find()).as(list).isTrue();
        var edit = web.get("/settings/communications/phone/holidays/" + thanksgiving.group(1)).body();
        assertThat(edit).containsPattern("value=\"YEARLY_WEEKDAY\" checked=\"checked\"")
                .contains("Every year on the last Thursday of November").contains("Every year on the fourth Thursday of November");
    }

    /**
     * A closure of 90 days in a row typed by hand as a repeat rule (FREQ=DAILY;COUNT=90, which the API takes) was read back
     * by the list's toggle and the edit form as the form's "several days in a row", at most 60: disabling it was refused
     * ("must be at most 60 days"). Beyond the form's 60 days it stays the rule it is, and the toggle changes only the switch.
     */
    @Test
    void aLongClosureTypedAsARuleCanBeDisabledFromTheList() {
        var web = newCompanyOwner("Season Closed Pools");
        var owner = api().login(web.email(), "correct-horse");
        var created = owner.post("/api/v1/holidays", java.util.Map.of("name", "Off season", "date", "2030-11-01",
                "recurrence", "CUSTOM", "rrule", "FREQ=DAILY;COUNT=90"));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        var id = created.json().get("id").asString();
        web.get("/settings/communications/phone/holidays");
        web.post("/settings/communications/phone/holidays/" + id + "/enabled", "enabled", "false");
        assertThat(web.get("/settings/communications/phone/holidays").body()).contains("Holiday \u201cOff season\u201d disabled.")
                .doesNotContain("Not changed");
        var after = owner.get("/api/v1/holidays/" + id).json();
        assertThat(after.get("enabled").asBoolean()).isFalse();
        assertThat(after.get("rrule").asString()).isEqualTo("FREQ=DAILY;COUNT=90");
        assertThat(web.get("/settings/communications/phone/holidays/" + id).body()).containsPattern("value=\"CUSTOM\" checked");
    }

    /**
     * A closure of several days in a row (24 December to 1 January) is chosen as that, with its last day, on the form: it
     * could be said only by typing the repeat rule FREQ=DAILY;COUNT=9 (found by the hours walk). It is saved as every day
     * until the last, closes each of them, is listed and edited as those days, and a last day missing, before the date or
     * more than 60 days on is refused beside it, saving nothing.
     */
    @Test
    void aClosureOfSeveralDaysInARowIsChosenWithItsLastDay() {
        var web = newCompanyOwner("Winter Break Plumbing");
        var owner = api().login(web.email(), "correct-horse");
        var form = web.get("/settings/communications/phone/holidays/new").body();
        assertThat(form).contains("value=\"DAYS_THROUGH\"").contains("id=\"lastDay\"");
        var preview = web.htmxPost("/settings/communications/phone/holidays/preview", "name", "Winter break", "date", "2030-12-24",
                "recurrence", "DAYS_THROUGH", "lastDay", "2031-01-01");
        assertThat(preview.body()).contains("Each day from 24 December 2030 to 1 January 2031 (9 days)").contains("Tue 24 Dec 2030")
                .contains("Sat 28 Dec 2030");

        for (var bad : new String[][] {{"", "the last day closed is needed"}, {"2030-12-20", "must be after the date (Tue 24 Dec 2030)"},
                {"2031-03-01", "must be at most 60 days"}}) {
            web.get("/settings/communications/phone/holidays/new");
            var refused = web.post("/settings/communications/phone/holidays", "name", "Winter break", "date", "2030-12-24",
                    "recurrence", "DAYS_THROUGH", "lastDay", bad[0], "enabled", "true");
            assertThat(refused.status()).as(bad[0]).isEqualTo(422);
            assertThat(refused.body()).as(bad[0]).contains("id=\"last_day-error\"").contains(bad[1]);
        }
        assertThat(owner.get("/api/v1/holidays").json().size()).as("nothing saved").isZero();

        web.get("/settings/communications/phone/holidays/new");
        assertThat(web.post("/settings/communications/phone/holidays", "name", "Winter break", "date", "2030-12-24",
                "recurrence", "DAYS_THROUGH", "lastDay", "2031-01-01", "observeWeekend", "true", "enabled", "true").status()).isEqualTo(302);
        var saved = owner.get("/api/v1/holidays").json().get(0);
        assertThat(saved.get("recurrence").asString()).isEqualTo("CUSTOM");
        assertThat(saved.get("rrule").asString()).isEqualTo("FREQ=DAILY;UNTIL=20310101");
        assertThat(saved.get("observe_weekend").asBoolean()).as("the days given, none moved").isFalse();
        // Closed on each day (Saturday 28 December at noon in Chicago included) and open again on 2 January.
        assertThat(owner.get("/api/v1/business-hours/open?at=2030-12-28T18:00:00Z").json().get("reason").asString())
                .isEqualTo("holiday: Winter break");
        assertThat(owner.get("/api/v1/business-hours/open?at=2031-01-01T18:00:00Z").json().get("open").asBoolean()).isFalse();
        assertThat(owner.get("/api/v1/business-hours/open?at=2031-01-02T18:00:00Z").json().get("reason").asString())
                .isNotEqualTo("holiday: Winter break");

        var list = web.get("/settings/communications/phone/holidays").body();
        assertThat(list).contains(">Each day from 24 December 2030 to 1 January 2031 (9 days)<");
        var id = saved.get("id").asString();
        var edit = web.get("/settings/communications/phone/holidays/" + id).body();
        assertThat(edit).containsPattern("value=\"DAYS_THROUGH\" checked=\"checked\"").contains("value=\"2031-01-01\"");
    }

    /**
     * "Next five dates" depends on the date and how it repeats only: a new holiday's form showed "must not be blank" there
     * (the name, not typed yet) instead of its dates, and "name: must not be blank" as the date was typed; a refused save
     * showed the name's problem there too, beside the dates the holiday would have.
     */
    @Test
    void aHolidaysNextDatesAreShownBeforeItsNameIsTyped() {
        var web = newCompanyOwner("Nameless Holidays Co");
        var fmt = dev.switchboard.tenancy.DisplayFormats.DATE;
        var form = web.get("/settings/communications/phone/holidays/new").body();
        // The form starts on the company's today, by the app's clock.
        var today = LocalDate.parse(form.replaceAll("(?s).*id=\"date\" name=\"date\" type=\"date\" value=\"([0-9-]{10})\".*", "$1"));
        var preview = form.substring(form.indexOf("id=\"preview\""));
        assertThat(preview).doesNotContain("field-error").contains(today.format(fmt)).contains(today.plusYears(1).format(fmt));

        var next = today.plusDays(10);
        var typed = web.htmxPost("/settings/communications/phone/holidays/preview", "name", "", "date", next.toString(),
                "recurrence", "MONTHLY", "greetingText", "x".repeat(1001), "enabled", "true").body();
        assertThat(typed).doesNotContain("field-error").contains(next.format(fmt)).contains(next.plusMonths(1).format(fmt));

        var refused = web.post("/settings/communications/phone/holidays", "name", "", "date", next.toString(), "recurrence", "MONTHLY",
                "enabled", "true");
        assertThat(refused.status()).isEqualTo(422);
        var refusedPreview = refused.body().substring(refused.body().indexOf("id=\"preview\""));
        assertThat(refusedPreview).doesNotContain("must not be blank").contains(next.format(fmt));
        assertThat(refused.body().substring(0, refused.body().indexOf("id=\"preview\""))).as("the name's problem beside the name")
                .contains("must not be blank");
    }

    @Test
    void aHolidayDateThatIsNoDateIsRefusedAsSuchNotAsAMissingOne() {
        var web = newCompanyOwner("Typo Holidays Co");
        web.get("/settings/communications/phone/holidays/new");
        // A browser without a date picker shows a text box: '24/12/2030' was read as no date, and refused as one left
        // empty ("must be a date such as 2026-12-25", rule required), not saying the typed one could not be read.
        var typo = web.post("/settings/communications/phone/holidays", "name", "Christmas Eve", "date", "24/12/2030",
                "recurrence", "YEARLY", "enabled", "true");
        assertThat(typo.status()).isEqualTo(422);
        assertThat(typo.body()).contains("must be a date such as 2026-12-25 (&#39;24/12/2030&#39; is not)")
                .as("the typed date is kept to be corrected").contains("value=\"24/12/2030\"");
        assertThat(web.get("/settings/communications/phone/holidays").body()).as("nothing saved").contains("No holidays yet");
        var preview = web.htmxPost("/settings/communications/phone/holidays/preview", "name", "X", "date", "2030-02-30",
                "recurrence", "YEARLY");
        assertThat(preview.body()).contains("date: must be a date such as 2026-12-25 (&#39;2030-02-30&#39; is not)");
        web.get("/settings/communications/phone/holidays/new");
        var empty = web.post("/settings/communications/phone/holidays", "name", "Christmas Eve", "date", "", "recurrence", "YEARLY");
        assertThat(empty.status()).isEqualTo(422);
        assertThat(empty.body()).as("an empty one is still asked for").contains("must be a date such as 2026-12-25<");
    }

    @Test
    void theHolidayImportOffersCountriesOnlyNotTheStockExchangesCalendars() {
        var web = newCompanyOwner("Countries Cooling");
        var page = web.get("/settings/communications/phone/holidays").body();
        assertThat(page).contains("<option value=\"US\" selected=\"selected\">United States (US)</option>")
                .as("a market's calendar is no country's holidays, and its code is no word an owner knows")
                .doesNotContain("NYSE").doesNotContain("DJ_STOXX").doesNotContain(">LME<").doesNotContain(">TARGET<");
        assertThat(page.indexOf(">Germany (DE)<")).as("by name, as a person looks for a country: not by its code")
                .isPositive().isLessThan(page.indexOf(">United Arab Emirates (AE)<"));
        assertThat(page.indexOf(">Austria (AT)<")).isPositive().isLessThan(page.indexOf(">Germany (DE)<"));
        var refused = web.post("/settings/communications/phone/holidays/import", "country", "NYSE", "year",
                String.valueOf(LocalDate.now().getYear()));
        assertThat(refused.status()).isEqualTo(302);
        assertThat(web.get("/settings/communications/phone/holidays").body())
                .contains("Nothing imported: &#39;NYSE&#39; is not a country with a holiday calendar").doesNotContain("Imported (");
    }

    /**
     * A London company was told to type a region's code "such as IL", and its import of the United Kingdom's holidays left
     * out England's Easter Monday and August bank holiday without a word. The field names the country's own regions, the
     * import of the whole country says its regions have holidays of their own, and a refused import keeps what was typed
     * (found by the setup walk).
     */
    @Test
    void theHolidayImportNamesTheCountrysRegionsAndKeepsARefusedImportAsTyped() {
        var owner = api().signUpNewCompany("Regions Boilers", "Europe/London");
        var web = webLogin(owner.email(), "correct-horse");
        var page = web.get("/settings/communications/phone/holidays").body();
        assertThat(page).contains("<option value=\"GB\" selected=\"selected\">").doesNotContain("such as IL")
                .contains("eng for England").contains("sct for Scotland").contains("<option value=\"eng\" label=\"England\">");

        var year = String.valueOf(LocalDate.now().getYear() + 1);
        web.post("/settings/communications/phone/holidays/import", "country", "GB", "region", "", "year", year);
        assertThat(web.get("/settings/communications/phone/holidays").body())
                .contains("Only the holidays of the whole of United Kingdom (GB) were imported: its regions (England, Northern Ireland, "
                        + "Scotland, Wales) have holidays of their own. To add yours, import again with its code, such as eng for England.");

        web.post("/settings/communications/phone/holidays/import", "country", "GB", "region", "england", "year", year);
        var refused = web.get("/settings/communications/phone/holidays").body();
        assertThat(refused).contains("Nothing imported: &#39;england&#39; is not a region of GB")
                .as("what was typed is kept to be corrected").contains("name=\"region\" value=\"england\"")
                .contains("name=\"year\" type=\"number\" value=\"" + year + "\"").contains("<details open=\"open\">");
        web.post("/settings/communications/phone/holidays/import", "country", "GB", "region", "eng", "year", year);
        assertThat(web.get("/settings/communications/phone/holidays").body()).contains("Easter Monday")
                .doesNotContain("Only the holidays of the whole");
    }
}
