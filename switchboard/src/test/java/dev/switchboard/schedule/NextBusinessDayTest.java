package dev.switchboard.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** How long a request (a queue callback) may wait: to the end of the next day the business is open. */
class NextBusinessDayTest {

    static final ZoneId CHICAGO = ZoneId.of("America/Chicago");

    static final List<OpenRange> WEEKDAYS = List.of("MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY").stream()
            .map(d -> OpenRange.parse(d, "08:00", "17:00")).toList();

    static Instant local(String dateTime) {
        return java.time.LocalDateTime.parse(dateTime).atZone(CHICAGO).toInstant();
    }

    @Test
    void askedOnFridayEveningItWaitsToTheEndOfMonday() {
        var s = new Schedule(CHICAGO, WEEKDAYS, true, List.of(), List.of());
        // Friday 2026-12-04 17:55, and Saturday: Monday is the next day open.
        assertThat(s.endOfNextBusinessDay(local("2026-12-04T17:55"))).contains(local("2026-12-08T00:00"));
        assertThat(s.endOfNextBusinessDay(local("2026-12-05T10:00"))).contains(local("2026-12-08T00:00"));
        // Monday morning in the rush: the end of Tuesday.
        assertThat(s.endOfNextBusinessDay(local("2026-12-07T08:30"))).contains(local("2026-12-09T00:00"));
    }

    @Test
    void aHolidayOrAClosureIsNoBusinessDay() {
        // Thanksgiving, Thursday 2026-11-26: asked on Wednesday, it waits to the end of Friday.
        var thanksgiving = new HolidayRule(UUID.randomUUID(), "Thanksgiving", LocalDate.parse("2026-11-26"), Recurrence.ONE_TIME, null,
                java.util.Set.of(), false, null, null, true);
        var s = new Schedule(CHICAGO, WEEKDAYS, true, List.of(thanksgiving), List.of());
        assertThat(s.endOfNextBusinessDay(local("2026-11-25T16:00"))).contains(local("2026-11-28T00:00"));
        // Weekly hours never saved: open every day, so tomorrow.
        var always = new Schedule(CHICAGO, List.of(), false, List.of(), List.of());
        assertThat(always.endOfNextBusinessDay(local("2026-11-25T16:00"))).contains(local("2026-11-27T00:00"));
        // Saved without any hours: never open, so no end (the request waits for an opening).
        var never = new Schedule(CHICAGO, List.of(), true, List.of(), List.of());
        assertThat(never.endOfNextBusinessDay(local("2026-11-25T16:00"))).isEmpty();
    }
}
