package dev.switchboard.schedule.web;

import static dev.switchboard.support.FormWords.assertChoices;
import static dev.switchboard.support.FormWords.assertLabels;

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
}
