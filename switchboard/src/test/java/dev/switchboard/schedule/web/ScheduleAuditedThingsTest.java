package dev.switchboard.schedule.web;

import static dev.switchboard.support.FormWords.assertChoices;
import static dev.switchboard.support.FormWords.assertLabels;
import static dev.switchboard.support.FormWords.template;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The Activity page's words for holidays are the holiday form's own: the form changed, this fails. */
class ScheduleAuditedThingsTest {

    @Test
    void aHolidaysFieldsAndHowItRepeatsAreSaidAsTheHolidayFormSaysThem() {
        assertLabels("settings/holiday-form", ScheduleAuditedThings.HOLIDAY_LABELS, Map.of("greeting_media_id", "greetingFile",
                "start_minute", "start", "end_minute", "end"));
        assertChoices("settings/holiday-form", "recurrence", ScheduleAuditedThings.RECURRENCES);
    }

    @Test
    void aPartOfDayHolidaysMinutesAreSaidAsTimesOfDay() {
        var things = new ScheduleAuditedThings(null, null);
        assertThat(things.words("holiday", "start_minute", "540")).isEqualTo("9:00 AM");
        assertThat(things.words("holiday", "end_minute", "750")).isEqualTo("12:30 PM");
        assertThat(things.words("holiday", "start_minute", "0")).isEqualTo("12:00 AM");
        assertThat(things.words("holiday", "end_minute", "1440")).isEqualTo("midnight");
        // Not a holiday's, or not minutes: not said so.
        assertThat(things.words("schedule", "start_minute", "540")).isNull();
        assertThat(things.words("holiday", "end_minute", "soon")).isNull();
    }

    @Test
    void schedulesAndOverridesAreSaidAsTheHoursTabSaysThem() {
        var hours = template("settings/hours");
        assertThat(hours).as("the Hours tab's table of ranges").contains("style=\"text-align:left\">"
                + ScheduleAuditedThings.SCHEDULE_LABELS.get("ranges") + ";");
        assertLabels("settings/hours", Map.of("reason", ScheduleAuditedThings.OVERRIDE_LABELS.get("reason")),
                Map.of("reason", "override-reason"));
        assertThat(hours).as("the Overrides heading").contains("<h2>" + ScheduleAuditedThings.OVERRIDE_LABELS.get("open") + "s</h2>")
                .as("the overrides' list").contains("\n          until <span");
        assertThat(hours).as("the Overrides form's buttons").contains(">" + ScheduleAuditedThings.OVERRIDE_KINDS.get("false") + "</button>")
                .contains(">" + ScheduleAuditedThings.OVERRIDE_KINDS.get("true") + "</button>");
    }
}
