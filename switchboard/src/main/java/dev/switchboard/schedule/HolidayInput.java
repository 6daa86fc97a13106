package dev.switchboard.schedule;

import io.swagger.v3.oas.annotations.media.Schema;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/**
 * A holiday as sent by the API or a form, checked by {@link Holidays}. Leave {@code start} and
 * {@code end} empty for an all-day holiday. {@code rrule} is used only with {@code recurrence} CUSTOM (another's own rule, as GET
 * answers it, is taken and changes nothing). The greeting is
 * {@code greetingText} spoken, or an uploaded file ({@code greetingMediaId}), which wins when both are set.
 */
// The fields GET answers besides these, so its body can be sent back: accepted and ignored (ApiRoundTripTest).
@com.fasterxml.jackson.annotation.JsonIgnoreProperties({"id", "all_day", "source", "next_occurrence", "warnings"})
public record HolidayInput(@Schema(requiredMode = Schema.RequiredMode.REQUIRED) String name,
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED) LocalDate date,
        @Schema(description = "ONE_TIME (left out), YEARLY, MONTHLY, WEEKLY or CUSTOM (by rrule)") String recurrence,
        @Schema(description = "Required when recurrence is CUSTOM: an RFC 5545 repeat rule such as FREQ=YEARLY;BYMONTH=11;BYDAY=4TH "
                + "(the fourth Thursday of November). With YEARLY, MONTHLY or WEEKLY only the rule GET answers for such a holiday "
                + "(its date's: FREQ=YEARLY;BYMONTH=12;BYMONTHDAY=25) is taken, and changes nothing; any other is refused") String rrule,
        List<LocalDate> exceptionDates,
        Boolean observeWeekend,
        @Schema(description = "A part-day holiday's start, HH:MM in the company's timezone. Required when end is given "
                + "(both left out: all day)") String start,
        @Schema(description = "A part-day holiday's end, HH:MM (24:00 for midnight), after start. Required when start is given "
                + "(both left out: all day)") String end, @dev.switchboard.platform.Text.MultiLine String greetingText, String greetingVoice,
        String greetingLanguage, UUID greetingMediaId, UUID routingRuleId, Boolean enabled) {
}
