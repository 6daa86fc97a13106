package dev.switchboard.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class HolidayExceptionObservedTest {

    @Test
    void anExceptionOnTheObservedDateTheListShowsSkipsThatOccurrence() {
        // Christmas 2027 is a Saturday, observed (and listed) on Friday the 24th; the business stays open that Friday.
        var christmas = new HolidayRule(null, "Christmas", LocalDate.parse("2025-12-25"), Recurrence.YEARLY, null,
                Set.of(LocalDate.of(2027, 12, 24)), true, null, null, true);
        assertThat(christmas.occurrences(LocalDate.of(2026, 1, 1), LocalDate.of(2028, 12, 31)))
                .containsExactly(LocalDate.of(2026, 12, 25), LocalDate.of(2028, 12, 25));
        assertThat(christmas.nextOn(LocalDate.of(2027, 1, 1))).contains(LocalDate.of(2028, 12, 25));
        var chicago = ZoneId.of("America/Chicago");
        var s = new Schedule(chicago, List.of(OpenRange.parse("FRIDAY", "08:00", "17:00")), true, List.of(christmas), List.of());
        assertThat(s.stateAt(Instant.parse("2027-12-24T16:00:00Z")).reason()).isEqualTo("business hours");

        // The date it falls on still works as an exception too.
        var byRuleDate = new HolidayRule(null, "Christmas", LocalDate.parse("2025-12-25"), Recurrence.YEARLY, null,
                Set.of(LocalDate.of(2027, 12, 25)), true, null, null, true);
        assertThat(byRuleDate.occurrences(LocalDate.of(2027, 1, 1), LocalDate.of(2027, 12, 31))).isEmpty();
    }
}
