package dev.switchboard.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Night shifts (22:00-02:00 every night) and holidays in America/Chicago, on DST change nights: a shift belongs to the
 * day it starts. An all-day holiday lets the shift that started the evening before run to its end and keeps the one
 * starting on it closed to its end, after midnight too; a part-day holiday closes its interval as it is.
 */
class NightShiftHolidayTest {

    static final ZoneId CHICAGO = ZoneId.of("America/Chicago");
    static final List<OpenRange> NIGHTS = Stream.of(DayOfWeek.values()).map(d -> OpenRange.parse(d.name(), "22:00", "02:00")).toList();

    static HolidayRule allDay(String name, LocalDate date) {
        return new HolidayRule(UUID.randomUUID(), name, date, Recurrence.ONE_TIME, null, Set.of(), false, null, null, true);
    }

    static Schedule nights(HolidayRule... holidays) {
        return new Schedule(CHICAGO, NIGHTS, true, List.of(holidays), List.of());
    }

    /** Saturday 2026-03-07 is a holiday; that night clocks spring forward (Sunday 02:00 CST is 03:00 CDT). */
    @Test
    void aHolidayBeforeSpringForwardLetsFridaysShiftRunAndKeepsItsOwnShiftClosedPastMidnight() {
        var s = nights(allDay("Staff party", LocalDate.of(2026, 3, 7)));
        // Friday's shift, after midnight on the holiday: runs to its end.
        assertThat(s.stateAt(Instant.parse("2026-03-07T07:00:00Z"))).isEqualTo(new Schedule.State(true, "business hours")); // Sat 01:00 CST
        assertThat(s.stateAt(Instant.parse("2026-03-07T08:00:00Z")).open()).isFalse(); // Sat 02:00 CST
        // The holiday's own shift, before and after midnight, up to its end at 03:00 CDT (02:00 does not exist).
        assertThat(s.stateAt(Instant.parse("2026-03-08T05:00:00Z"))).isEqualTo(new Schedule.State(false, "holiday: Staff party")); // Sat 23:00
        assertThat(s.stateAt(Instant.parse("2026-03-08T07:30:00Z"))).isEqualTo(new Schedule.State(false, "holiday: Staff party")); // Sun 01:30 CST
        assertThat(s.holidayClosureAt(Instant.parse("2026-03-08T07:30:00Z")).orElseThrow().day()).isEqualTo(LocalDate.of(2026, 3, 7));
        assertThat(s.stateAt(Instant.parse("2026-03-08T08:00:00Z"))).isEqualTo(new Schedule.State(false, "outside business hours")); // Sun 03:00 CDT
        assertThat(s.isOpen(Instant.parse("2026-03-09T03:00:00Z"))).isTrue(); // Sun 22:00 CDT

        // Friday noon onwards: opens Fri 22:00, closes Sat 02:00, next opens Sunday 22:00 CDT (nothing at the holiday's midnights).
        var changes = s.transitions(Instant.parse("2026-03-06T18:00:00Z"), 4, 14);
        assertThat(changes).extracting(Schedule.Transition::at).containsExactly(Instant.parse("2026-03-07T04:00:00Z"),
                Instant.parse("2026-03-07T08:00:00Z"), Instant.parse("2026-03-09T03:00:00Z"), Instant.parse("2026-03-09T07:00:00Z"));
        assertThat(changes).extracting(Schedule.Transition::open).containsExactly(true, false, true, false);
        assertThat(s.nextChange(Instant.parse("2026-03-07T07:00:00Z")).orElseThrow().at()).isEqualTo(Instant.parse("2026-03-07T08:00:00Z"));
    }

    /** Sunday 2026-11-01 01:00-02:00 happens twice (fall back). */
    @Test
    void fallBackNightAfterAHolidayStaysClosedThroughBothOneThirtiesAndBeforeAHolidayStaysOpen() {
        var onSaturday = nights(allDay("Halloween", LocalDate.of(2026, 10, 31)));
        assertThat(onSaturday.isOpen(Instant.parse("2026-11-01T06:30:00Z"))).isFalse(); // Sun 01:30 CDT
        assertThat(onSaturday.isOpen(Instant.parse("2026-11-01T07:30:00Z"))).isFalse(); // Sun 01:30 CST
        assertThat(onSaturday.stateAt(Instant.parse("2026-11-01T07:59:00Z")).reason()).isEqualTo("holiday: Halloween");
        assertThat(onSaturday.stateAt(Instant.parse("2026-11-01T08:00:00Z")).reason()).isEqualTo("outside business hours"); // 02:00 CST
        assertThat(onSaturday.transitions(Instant.parse("2026-10-31T12:00:00Z"), 1, 14)).extracting(Schedule.Transition::at)
                .containsExactly(Instant.parse("2026-11-02T04:00:00Z")); // Sun 22:00 CST

        var onSunday = nights(allDay("All Saints", LocalDate.of(2026, 11, 1)));
        assertThat(onSunday.isOpen(Instant.parse("2026-11-01T05:30:00Z"))).isTrue(); // Sun 00:30 CDT, Saturday's shift
        assertThat(onSunday.isOpen(Instant.parse("2026-11-01T06:30:00Z"))).isTrue(); // Sun 01:30 CDT
        assertThat(onSunday.isOpen(Instant.parse("2026-11-01T07:30:00Z"))).isTrue(); // Sun 01:30 CST
        assertThat(onSunday.isOpen(Instant.parse("2026-11-01T08:00:00Z"))).isFalse(); // Sun 02:00 CST
        assertThat(onSunday.transitions(Instant.parse("2026-10-31T12:00:00Z"), 3, 14)).extracting(Schedule.Transition::at)
                .containsExactly(Instant.parse("2026-11-01T03:00:00Z"), Instant.parse("2026-11-01T08:00:00Z"),
                        Instant.parse("2026-11-03T04:00:00Z")); // Sat 22:00 CDT, Sun 02:00 CST, Mon 22:00 CST
    }

    @Test
    void twoHolidaysInARowKeepTheFirstOnesShiftClosedPastMidnight() {
        var s = nights(allDay("Christmas Eve", LocalDate.of(2026, 12, 24)), allDay("Christmas", LocalDate.of(2026, 12, 25)));
        assertThat(s.stateAt(Instant.parse("2026-12-24T07:00:00Z"))).isEqualTo(new Schedule.State(true, "business hours")); // Thu 01:00
        assertThat(s.stateAt(Instant.parse("2026-12-25T07:00:00Z"))).isEqualTo(new Schedule.State(false, "holiday: Christmas Eve")); // Fri 01:00
        assertThat(s.stateAt(Instant.parse("2026-12-26T07:00:00Z"))).isEqualTo(new Schedule.State(false, "holiday: Christmas")); // Sat 01:00
        assertThat(s.isOpen(Instant.parse("2026-12-27T04:00:00Z"))).isTrue(); // Sat 22:00
    }

    @Test
    void aPartDayHolidayClosesItsIntervalAsItIs() {
        var evening = new HolidayRule(UUID.randomUUID(), "Early close", LocalDate.of(2026, 3, 7), Recurrence.ONE_TIME, null, Set.of(), false,
                18 * 60, 1440, true);
        var s = nights(evening);
        assertThat(s.stateAt(Instant.parse("2026-03-08T05:00:00Z")).reason()).isEqualTo("holiday: Early close"); // Sat 23:00
        assertThat(s.isOpen(Instant.parse("2026-03-08T07:30:00Z"))).as("Sun 01:30: after the part-day holiday").isTrue();
        var morning = new HolidayRule(UUID.randomUUID(), "Inventory", LocalDate.of(2026, 3, 7), Recurrence.ONE_TIME, null, Set.of(), false,
                0, 180, true);
        assertThat(nights(morning).stateAt(Instant.parse("2026-03-07T07:00:00Z")).reason())
                .as("Sat 01:00: Friday's shift is cut by the part-day holiday").isEqualTo("holiday: Inventory");
    }

    @Test
    void withoutNightShiftsAnAllDayHolidayClosesItsCalendarDay() {
        var days = new Schedule(CHICAGO, List.of(OpenRange.parse("SATURDAY", "00:00", "24:00")), true,
                List.of(allDay("Staff party", LocalDate.of(2026, 3, 7))), List.of());
        assertThat(days.stateAt(Instant.parse("2026-03-07T06:00:00Z")).reason()).isEqualTo("holiday: Staff party"); // Sat 00:00
        assertThat(days.stateAt(Instant.parse("2026-03-08T05:59:00Z")).reason()).isEqualTo("holiday: Staff party"); // Sat 23:59
        assertThat(days.holidayAt(Instant.parse("2026-03-08T06:00:00Z"))).isEmpty(); // Sun 00:00
    }
}
