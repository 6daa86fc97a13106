package dev.switchboard.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Weekly hours across daylight-saving changes. Expected instants are worked out by hand from the
 * offsets (EST -5, EDT -4; GMT 0, BST +1; AEST +10, AEDT +11), not computed with java.time.
 */
class ScheduleDstTest {

    static Schedule hours(String zone, OpenRange... ranges) {
        return new Schedule(ZoneId.of(zone), List.of(ranges), true, List.of(), List.of());
    }

    static void assertOpen(Schedule s, String instant, boolean open) {
        assertThat(s.isOpen(Instant.parse(instant))).as(instant).isEqualTo(open);
    }

    @Test
    void newYorkSpringForwardRangeAcrossMidnightEndsAtTheFirstTimeThatExists() {
        // Sat 2026-03-07 22:00 EST to Sun 02:00, which does not exist: it moves forward to 03:00 EDT.
        var s = hours("America/New_York", OpenRange.parse("SATURDAY", "22:00", "02:00"));
        assertOpen(s, "2026-03-08T02:59:59Z", false);
        assertOpen(s, "2026-03-08T03:00:00Z", true);  // 22:00 EST
        assertOpen(s, "2026-03-08T06:59:00Z", true);  // 01:59 EST
        assertOpen(s, "2026-03-08T07:00:00Z", false); // 03:00 EDT
    }

    @Test
    void newYorkSpringForwardStartInTheGapMovesForward() {
        var s = hours("America/New_York", OpenRange.parse("SUNDAY", "02:30", "05:00"));
        assertOpen(s, "2026-03-08T07:29:00Z", false); // 03:29 EDT
        assertOpen(s, "2026-03-08T07:30:00Z", true);  // 03:30 EDT = 02:30 moved forward by the hour
        assertOpen(s, "2026-03-08T08:59:00Z", true);
        assertOpen(s, "2026-03-08T09:00:00Z", false); // 05:00 EDT
        // The week before, an ordinary Sunday: 02:30 EST = 07:30Z.
        assertOpen(s, "2026-03-01T07:30:00Z", true);
        assertOpen(s, "2026-03-01T07:29:00Z", false);
    }

    @Test
    void newYorkFallBackRangeAcrossMidnightLastsFiveRealHours() {
        // Sat 2026-10-31 22:00 EDT (02:00Z) to Sun 02:00 EST (07:00Z); 01:00-02:00 happens twice.
        var s = hours("America/New_York", OpenRange.parse("SATURDAY", "22:00", "02:00"));
        assertOpen(s, "2026-11-01T01:59:00Z", false);
        assertOpen(s, "2026-11-01T02:00:00Z", true);
        assertOpen(s, "2026-11-01T05:30:00Z", true);  // first 01:30 (EDT)
        assertOpen(s, "2026-11-01T06:30:00Z", true);  // second 01:30 (EST)
        assertOpen(s, "2026-11-01T07:00:00Z", false); // 02:00 EST
    }

    @Test
    void newYorkFallBackTheRepeatedHourCountsOnce() {
        var s = hours("America/New_York", OpenRange.parse("SUNDAY", "01:00", "01:30"));
        assertOpen(s, "2026-11-01T05:00:00Z", true);  // 01:00 EDT
        assertOpen(s, "2026-11-01T05:29:00Z", true);
        assertOpen(s, "2026-11-01T05:30:00Z", false); // 01:30 EDT
        assertOpen(s, "2026-11-01T06:15:00Z", false); // 01:15 EST: the hour again, not open again
    }

    @Test
    void weekdayHoursFollowTheOffsetOnEachSideOfTheChange() {
        var s = hours("America/New_York", OpenRange.parse("FRIDAY", "09:00", "17:00"), OpenRange.parse("MONDAY", "09:00", "17:00"));
        assertOpen(s, "2026-03-06T14:00:00Z", true);  // Fri 09:00 EST
        assertOpen(s, "2026-03-06T13:59:00Z", false);
        assertOpen(s, "2026-03-09T13:00:00Z", true);  // Mon 09:00 EDT
        assertOpen(s, "2026-03-09T12:59:00Z", false);
        assertOpen(s, "2026-03-09T21:00:00Z", false); // Mon 17:00 EDT
    }

    @Test
    void londonBothChangesWithARangeAcrossMidnight() {
        // Sat 2026-03-28 23:00 GMT (23:00Z) to Sun 02:00 BST (01:00Z): two real hours, not three.
        var spring = hours("Europe/London", OpenRange.parse("SATURDAY", "23:00", "02:00"));
        assertOpen(spring, "2026-03-28T22:59:00Z", false);
        assertOpen(spring, "2026-03-28T23:00:00Z", true);
        assertOpen(spring, "2026-03-29T00:59:00Z", true);
        assertOpen(spring, "2026-03-29T01:00:00Z", false);
        // Sat 2026-10-24 23:00 BST (22:00Z) to Sun 02:00 GMT (02:00Z): four real hours.
        assertOpen(spring, "2026-10-24T21:59:00Z", false);
        assertOpen(spring, "2026-10-24T22:00:00Z", true);
        assertOpen(spring, "2026-10-25T01:30:00Z", true);
        assertOpen(spring, "2026-10-25T02:00:00Z", false);
    }

    @Test
    void sydneyBothChangesWithARangeAcrossMidnight() {
        // DST ends Sun 2026-04-05 03:00 AEDT -> 02:00 AEST. Sat 22:00 AEDT (11:00Z) to Sun 02:30, which
        // happens twice: the first (AEDT, 15:30Z) ends it.
        var s = hours("Australia/Sydney", OpenRange.parse("SATURDAY", "22:00", "02:30"));
        assertOpen(s, "2026-04-04T10:59:00Z", false);
        assertOpen(s, "2026-04-04T11:00:00Z", true);
        assertOpen(s, "2026-04-04T15:29:00Z", true);
        assertOpen(s, "2026-04-04T15:30:00Z", false);
        assertOpen(s, "2026-04-04T16:15:00Z", false); // 02:15 AEST, the repeated half hour
        // DST starts Sun 2026-10-04 02:00 AEST -> 03:00 AEDT. Sat 22:00 AEST (12:00Z) to Sun 02:30, in the
        // gap: it moves forward to 03:30 AEDT (16:30Z).
        assertOpen(s, "2026-10-03T11:59:00Z", false);
        assertOpen(s, "2026-10-03T12:00:00Z", true);
        assertOpen(s, "2026-10-03T16:29:00Z", true);
        assertOpen(s, "2026-10-03T16:30:00Z", false);
    }

    @Test
    void splitShiftsAndAWholeDay() {
        var s = hours("America/Chicago", OpenRange.parse("TUESDAY", "08:00", "12:00"), OpenRange.parse("TUESDAY", "13:00", "17:00"),
                OpenRange.parse("WEDNESDAY", "00:00", "24:00"));
        assertOpen(s, "2026-11-24T14:00:00Z", true);  // Tue 08:00 CST
        assertOpen(s, "2026-11-24T18:30:00Z", false); // Tue 12:30, lunch
        assertOpen(s, "2026-11-24T19:00:00Z", true);  // Tue 13:00
        assertOpen(s, "2026-11-25T06:00:00Z", true);  // Wed 00:00
        assertOpen(s, "2026-11-26T05:59:00Z", true);  // Wed 23:59
        assertOpen(s, "2026-11-26T06:00:00Z", false); // Thu 00:00
        assertThat(OpenRange.parse("WEDNESDAY", "00:00", "24:00").endText()).isEqualTo("24:00");
        assertThat(OpenRange.parse("FRIDAY", "22:00", "02:00").crossesMidnight()).isTrue();
        assertThat(OpenRange.parse("FRIDAY", "22:00", "02:00").day()).isEqualTo(DayOfWeek.FRIDAY);
    }

    @Test
    void noHoursConfiguredMeansAlwaysOpen() {
        var s = new Schedule(ZoneId.of("UTC"), List.of(), false, List.of(), List.of());
        assertThat(s.stateAt(Instant.parse("2026-01-01T03:00:00Z")).reason()).isEqualTo("no business hours set");
        assertThat(s.isOpen(Instant.parse("2026-01-01T03:00:00Z"))).isTrue();
    }
}
