package dev.switchboard.schedule.web;

import static dev.switchboard.support.FormWords.assertChoices;
import static dev.switchboard.support.FormWords.assertLabels;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The Activity page's words for holidays are the holiday form's own: the form changed, this fails. */
class ScheduleAuditedThingsTest {

    @Test
    void aHolidaysFieldsAndHowItRepeatsAreSaidAsTheHolidayFormSaysThem() {
        assertLabels("settings/holiday-form", ScheduleAuditedThings.HOLIDAY_LABELS, Map.of("greeting_media_id", "greetingFile"));
        assertChoices("settings/holiday-form", "recurrence", ScheduleAuditedThings.RECURRENCES);
    }
}
