package dev.switchboard.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class HolidayRecurrenceTest {

    static HolidayRule rule(String name, String date, Recurrence recurrence, String rrule, Set<LocalDate> exceptions,
            boolean observe) {
        return new HolidayRule(null, name, LocalDate.parse(date), recurrence, rrule, exceptions, observe, null, null, true);
    }

    static List<LocalDate> in(HolidayRule r, int year) {
        return r.occurrences(LocalDate.of(year, 1, 1), LocalDate.of(year, 12, 31));
    }

    @Test
    void thanksgivingIsTheFourthThursdayOfNovember() {
        var thanksgiving = rule("Thanksgiving", "2025-11-27", Recurrence.CUSTOM, "FREQ=YEARLY;BYMONTH=11;BYDAY=4TH", Set.of(), false);
        assertThat(in(thanksgiving, 2026)).containsExactly(LocalDate.of(2026, 11, 26));
        assertThat(in(thanksgiving, 2027)).containsExactly(LocalDate.of(2027, 11, 25));
    }

    @Test
    void memorialDayIsTheLastMondayOfMay() {
        var memorial = rule("Memorial Day", "2025-05-26", Recurrence.CUSTOM, "FREQ=YEARLY;BYMONTH=5;BYDAY=-1MO", Set.of(), false);
        assertThat(in(memorial, 2026)).containsExactly(LocalDate.of(2026, 5, 25));
        assertThat(in(memorial, 2027)).containsExactly(LocalDate.of(2027, 5, 31));
    }

    @Test
    void christmasOnASaturdayIsObservedOnFridayWhenAsked() {
        var christmas = rule("Christmas", "2025-12-25", Recurrence.YEARLY, null, Set.of(), false);
        assertThat(in(christmas, 2027)).containsExactly(LocalDate.of(2027, 12, 25)); // a Saturday
        var observed = rule("Christmas", "2025-12-25", Recurrence.YEARLY, null, Set.of(), true);
        assertThat(in(observed, 2027)).containsExactly(LocalDate.of(2027, 12, 24));
        assertThat(in(observed, 2022)).isEmpty(); // before its first date
        assertThat(in(observed, 2028)).containsExactly(LocalDate.of(2028, 12, 25)); // a Monday
        // 2033-12-25 is a Sunday: observed on Monday the 26th.
        assertThat(in(observed, 2033)).containsExactly(LocalDate.of(2033, 12, 26));
    }

    @Test
    void aMonthlyRuleOnThe31stSkipsShorterMonthsAsRfc5545Says() {
        var monthEnd = rule("Inventory", "2026-01-31", Recurrence.MONTHLY, null, Set.of(), false);
        assertThat(monthEnd.occurrences(LocalDate.of(2026, 1, 1), LocalDate.of(2026, 8, 31))).containsExactly(
                LocalDate.of(2026, 1, 31), LocalDate.of(2026, 3, 31), LocalDate.of(2026, 5, 31),
                LocalDate.of(2026, 7, 31), LocalDate.of(2026, 8, 31));
        var lastDay = rule("Last day", "2026-01-31", Recurrence.CUSTOM, "FREQ=MONTHLY;BYMONTHDAY=-1", Set.of(), false);
        assertThat(lastDay.occurrences(LocalDate.of(2026, 2, 1), LocalDate.of(2026, 4, 30))).containsExactly(
                LocalDate.of(2026, 2, 28), LocalDate.of(2026, 3, 31), LocalDate.of(2026, 4, 30));
    }

    @Test
    void anExceptionDateIsSkipped() {
        var christmas = rule("Christmas", "2025-12-25", Recurrence.YEARLY, null, Set.of(LocalDate.of(2027, 12, 25)), false);
        assertThat(christmas.occurrences(LocalDate.of(2026, 1, 1), LocalDate.of(2028, 12, 31)))
                .containsExactly(LocalDate.of(2026, 12, 25), LocalDate.of(2028, 12, 25));
        var weekly = rule("Staff meeting", "2026-11-02", Recurrence.WEEKLY, null, Set.of(LocalDate.of(2026, 11, 9)), false);
        assertThat(weekly.occurrences(LocalDate.of(2026, 11, 1), LocalDate.of(2026, 11, 20)))
                .containsExactly(LocalDate.of(2026, 11, 2), LocalDate.of(2026, 11, 16));
    }

    @Test
    void nextOccurrenceAndOneTime() {
        var once = rule("Move day", "2026-12-03", Recurrence.ONE_TIME, null, Set.of(), false);
        assertThat(once.nextOn(LocalDate.of(2026, 11, 25))).contains(LocalDate.of(2026, 12, 3));
        assertThat(once.nextOn(LocalDate.of(2026, 12, 4))).isEmpty();
    }

    @Test
    void badCustomRulesAreRefusedWithAReason() {
        assertThatThrownBy(() -> HolidayRule.parseRule("FREQ=SOMETIMES")).hasMessageContaining("is not a repeat rule as calendar apps write one");
        assertThatThrownBy(() -> HolidayRule.parseRule("FREQ=HOURLY")).hasMessageContaining("by day at the finest");
        assertThatThrownBy(() -> HolidayRule.parseRule(" ")).hasMessageContaining("needs a repeat rule, as calendar apps write one");
    }

    @Test
    void aHolidayClosesTheBusinessInTheCompanyZoneAndShowsInThePreview() {
        var chicago = ZoneId.of("America/Chicago");
        var weekdays = java.util.stream.Stream.of("MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY")
                .map(d -> OpenRange.parse(d, "08:00", "17:00")).toList();
        var thanksgiving = rule("Thanksgiving", "2025-11-27", Recurrence.CUSTOM, "FREQ=YEARLY;BYMONTH=11;BYDAY=4TH", Set.of(), false);
        var s = new Schedule(chicago, weekdays, true, List.of(thanksgiving), List.of());
        assertThat(s.stateAt(Instant.parse("2026-11-26T18:00:00Z")).reason()).isEqualTo("holiday: Thanksgiving");
        assertThat(s.isOpen(Instant.parse("2026-11-25T18:00:00Z"))).isTrue();

        var next = s.transitions(Instant.parse("2026-11-25T18:00:00Z"), 4, 30); // Wed 12:00 CST
        assertThat(next).extracting(Schedule.Transition::at).containsExactly(
                Instant.parse("2026-11-25T23:00:00Z"),  // closes Wed 17:00
                Instant.parse("2026-11-27T14:00:00Z"),  // opens Fri 08:00 (Thu is Thanksgiving)
                Instant.parse("2026-11-27T23:00:00Z"),  // closes Fri 17:00
                Instant.parse("2026-11-30T14:00:00Z")); // opens Mon 08:00
        assertThat(next.get(0).weekday()).isEqualTo("Wed");
        assertThat(next.get(1).open()).isTrue();

        var disabled = new HolidayRule(null, "Off", LocalDate.parse("2026-11-27"), Recurrence.ONE_TIME, null, Set.of(), false, null, null, false);
        var withDisabled = new Schedule(chicago, weekdays, true, List.of(disabled), List.of());
        assertThat(withDisabled.isOpen(Instant.parse("2026-11-27T18:00:00Z"))).isTrue();
    }

    @Test
    void aPartDayHolidayClosesOnlyItsHours() {
        var chicago = ZoneId.of("America/Chicago");
        var eve = new HolidayRule(null, "Christmas Eve", LocalDate.parse("2026-12-24"), Recurrence.YEARLY, null, Set.of(), false,
                12 * 60, 1440, true);
        var s = new Schedule(chicago, List.of(OpenRange.parse("THURSDAY", "08:00", "17:00")), true, List.of(eve), List.of());
        assertThat(s.isOpen(Instant.parse("2026-12-24T17:59:00Z"))).isTrue();  // 11:59 CST
        assertThat(s.isOpen(Instant.parse("2026-12-24T18:00:00Z"))).isFalse(); // 12:00 CST
    }
}
