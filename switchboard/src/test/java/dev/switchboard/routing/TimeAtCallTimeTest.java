package dev.switchboard.routing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.directory.Availability;
import dev.switchboard.schedule.Holiday;
import dev.switchboard.schedule.HolidayRule;
import dev.switchboard.schedule.OpenRange;
import dev.switchboard.schedule.Recurrence;
import dev.switchboard.schedule.Schedule;
import dev.switchboard.schedule.ScheduleOverride;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The time a call arrives, as routing reads it (pure): overrides on holidays, overnight windows, DST, far time zones. */
class TimeAtCallTimeTest {

    static final ZoneId CHICAGO = ZoneId.of("America/Chicago");
    static final ZoneId LONDON = ZoneId.of("Europe/London");
    static final ZoneId AUCKLAND = ZoneId.of("Pacific/Auckland");
    static final String MAIN = "+13125550100";

    final dev.switchboard.directory.TeamMember ann = RouterTest.member("Ann", "101", null, Availability.initial(Instant.EPOCH));

    static Schedule weekdays(ZoneId zone, List<HolidayRule> holidays, List<ScheduleOverride> overrides) {
        var ranges = Stream.of("MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY").map(d -> OpenRange.parse(d, "08:00", "18:00")).toList();
        return new Schedule(zone, ranges, true, holidays, overrides);
    }

    /** "Open until the next change" on a holiday: Schedules.openUntilNextChange allows it, the schedule says open, the router still plays the holiday. */
    @Test
    void anOpenOverrideOnAHolidayOpensTheBusinessForCalls() {
        var everyone = RouterTest.rule("Everyone", RuleType.SIMULTANEOUS, 1, List.of(ann.id()), null, null, null, 0);
        var h = RouterTest.holiday("Thanksgiving", LocalDate.of(2026, 11, 26), "We are closed for Thanksgiving.", null);
        var thursdayNoon = Instant.parse("2026-11-26T18:00:00Z");
        var open = new ScheduleOverride(UUID.randomUUID(), true, Instant.parse("2026-11-26T15:00:00Z"), Instant.parse("2026-11-27T14:00:00Z"),
                "we work today after all", null, Instant.parse("2026-11-26T15:00:00Z"));
        var schedule = weekdays(CHICAGO, List.of(h.rule()), List.of(open));
        assertThat(schedule.stateAt(thursdayNoon).open()).as(schedule.stateAt(thursdayNoon).reason()).isTrue();
        var s = new RoutingSnapshot(CHICAGO, List.of(ann), schedule, List.of(h), List.of(everyone), List.of(), Map.of(),
                PhoneSettings.Settings.defaults());
        var d = Router.decide(RouterTest.call(MAIN, thursdayNoon, Set.of()), s);
        assertThat(d.greeting()).as(String.join("\n", d.trace())).isNull();
        assertThat(d.action()).as(String.join("\n", d.trace())).isInstanceOf(Decision.RingMembers.class);
    }

    /**
     * "Closed until 20:00" (a power cut) on a holiday whose rule rings the on-call member: the override beats the holiday,
     * as the schedule says (and as the hours' own "open?" answer and the what-if page say), so the caller gets the
     * after-hours target, not a phone nobody can answer. The holiday's rule rang the member, the override unmentioned.
     */
    @Test
    void aClosedOverrideOnAHolidayWithItsOwnRuleClosesTheBusinessForCalls() {
        var onCall = RouterTest.rule("On call", RuleType.SIMULTANEOUS, 1, List.of(ann.id()), null, null, null, 0);
        var h = RouterTest.holiday("Christmas Eve", LocalDate.of(2026, 12, 24), "Holiday hours.", onCall.id());
        var thursdayNoon = Instant.parse("2026-12-24T18:00:00Z");
        var closed = new ScheduleOverride(UUID.randomUUID(), false, Instant.parse("2026-12-24T17:00:00Z"), Instant.parse("2026-12-24T20:00:00Z"),
                "Power cut: nobody can answer", null, Instant.parse("2026-12-24T17:00:00Z"));
        var schedule = weekdays(CHICAGO, List.of(h.rule()), List.of(closed));
        assertThat(schedule.stateAt(thursdayNoon).reason()).isEqualTo("closed by override: Power cut: nobody can answer");
        var s = new RoutingSnapshot(CHICAGO, List.of(ann), schedule, List.of(h), List.of(onCall), List.of(), Map.of(),
                PhoneSettings.Settings.defaults());
        var d = Router.decide(RouterTest.call(MAIN, thursdayNoon, Set.of()), s);
        var trace = String.join("\n", d.trace());
        assertThat(d.action()).as(trace).isInstanceOf(Decision.Voicemail.class);
        assertThat(d.greeting()).as(trace).isNull();
        assertThat(d.trace()).as(trace).contains("holiday today: Christmas Eve, but closed by an override")
                .anyMatch(line -> line.startsWith("closed (closed by override: Power cut: nobody can answer): after-hours target"));
        // Once the override is over, the holiday is the holiday again: its greeting and its rule.
        var later = Router.decide(RouterTest.call(MAIN, Instant.parse("2026-12-24T21:00:00Z"), Set.of()), s);
        assertThat(later.greeting()).as(String.join("\n", later.trace())).isNotNull();
        assertThat(later.action()).as(String.join("\n", later.trace())).isInstanceOf(Decision.RingMembers.class);
    }

    @Test
    void aCustomRuleWhoseFirstDateIsNotAnOccurrenceDoesNotCloseThatDate() {
        var id = UUID.randomUUID();
        var thanksgiving = new HolidayRule(id, "Thanksgiving", LocalDate.of(2026, 1, 1), Recurrence.CUSTOM, "FREQ=YEARLY;BYMONTH=11;BYDAY=4TH",
                Set.of(), false, null, null, true);
        assertThat(thanksgiving.occurrences(LocalDate.of(2026, 1, 1), LocalDate.of(2026, 12, 31))).containsExactly(LocalDate.of(2026, 11, 26));
    }

    @Test
    void overnightAndDstInChicagoAndLondon() {
        // Every night 22:00-06:00.
        var nights = Stream.of(DayOfWeek.values()).map(d -> OpenRange.parse(d.name(), "22:00", "06:00")).toList();
        var chicago = new Schedule(CHICAGO, nights, true, List.of(), List.of());
        // Fall back 2026-11-01: 01:30 happens twice, both inside the night.
        assertThat(chicago.isOpen(Instant.parse("2026-11-01T06:30:00Z"))).isTrue(); // 01:30 CDT
        assertThat(chicago.isOpen(Instant.parse("2026-11-01T07:30:00Z"))).isTrue(); // 01:30 CST
        assertThat(chicago.isOpen(Instant.parse("2026-11-01T11:59:00Z"))).isTrue(); // 05:59 CST
        assertThat(chicago.isOpen(Instant.parse("2026-11-01T12:00:00Z"))).isFalse(); // 06:00 CST
        // Spring forward 2026-03-08: 03:30 CDT
        assertThat(chicago.isOpen(Instant.parse("2026-03-08T08:30:00Z"))).isTrue();
        assertThat(chicago.isOpen(Instant.parse("2026-03-08T11:00:00Z"))).isFalse(); // 06:00 CDT
        var london = new Schedule(LONDON, nights, true, List.of(), List.of());
        assertThat(london.isOpen(Instant.parse("2026-03-29T01:30:00Z"))).isTrue(); // 02:30 BST
        assertThat(london.isOpen(Instant.parse("2026-03-29T05:00:00Z"))).isFalse(); // 06:00 BST
        assertThat(london.isOpen(Instant.parse("2026-10-25T01:30:00Z"))).isTrue(); // 01:30 GMT (second)
        assertThat(london.isOpen(Instant.parse("2026-10-25T06:00:00Z"))).isFalse(); // 06:00 GMT
        // Business hours with a 24:00 end and a split shift.
        var split = List.of(OpenRange.parse("MONDAY", "08:00", "12:00"), OpenRange.parse("MONDAY", "13:00", "24:00"));
        var auckland = new Schedule(AUCKLAND, split, true, List.of(), List.of());
        // Monday 2026-11-30 in Auckland (NZDT, +13): 12:30 closed, 23:59 open, Tuesday 00:00 closed.
        assertThat(auckland.isOpen(Instant.parse("2026-11-29T23:30:00Z"))).isFalse();
        assertThat(auckland.isOpen(Instant.parse("2026-11-30T10:59:00Z"))).isTrue();
        assertThat(auckland.isOpen(Instant.parse("2026-11-30T11:00:00Z"))).isFalse();
        assertThat(auckland.isOpen(Instant.parse("2026-11-29T18:59:00Z"))).isFalse(); // 07:59 Monday local is 19:00 Sunday UTC
        assertThat(auckland.isOpen(Instant.parse("2026-11-29T19:00:00Z").plusSeconds(60))).isTrue();
    }

    @Test
    void aYearlyHolidayInAucklandClosesItsLocalDay() {
        var id = UUID.randomUUID();
        var xmas = new HolidayRule(id, "Christmas", LocalDate.of(2025, 12, 25), Recurrence.YEARLY, null, Set.of(), false, null, null, true);
        var s = weekdays(AUCKLAND, List.of(xmas), List.of());
        // 2026-12-25 10:00 NZDT = 2026-12-24T21:00Z
        assertThat(s.holidayAt(Instant.parse("2026-12-24T21:00:00Z"))).isPresent();
        // 2026-12-26 00:30 NZDT = 2026-12-25T11:30Z: UTC says Dec 25, local says Dec 26
        assertThat(s.holidayAt(Instant.parse("2026-12-25T11:30:00Z"))).isEmpty();
    }

    @Test
    void conditionalTimeWindowAcrossMidnightWithWeekdays() {
        // Fridays 22:00-02:00: 01:00 on Saturday is the Friday night but weekday says Saturday.
        var c = new Conditions(null, null, null, null, Set.of(DayOfWeek.FRIDAY), 22 * 60, 2 * 60);
        var fridayLate = Instant.parse("2026-11-28T04:30:00Z"); // Fri 22:30 CST
        assertThat(c.matches(new Conditions.Call("+1", MAIN, false, Set.of(), fridayLate), CHICAGO)).isTrue();
    }

    /** Hours "FRI 22:00-02:00" include Saturday 01:00; a conditional rule "Friday, 22:00-02:00" does not. */
    @Test
    void aConditionalWindowAcrossMidnightBelongsToTheDayItStarts() {
        var c = new Conditions(null, null, null, null, Set.of(DayOfWeek.FRIDAY), 22 * 60, 2 * 60);
        var saturdayOneAm = Instant.parse("2026-11-28T07:00:00Z"); // Sat 01:00 CST, still Friday night
        var hours = new Schedule(CHICAGO, List.of(OpenRange.parse("FRIDAY", "22:00", "02:00")), true, List.of(), List.of());
        assertThat(hours.isOpen(saturdayOneAm)).isTrue();
        assertThat(c.matches(new Conditions.Call("+1", MAIN, false, Set.of(), saturdayOneAm), CHICAGO)).isTrue();
    }

    /**
     * Nights 22:00-02:00 and a holiday on Saturday 2026-03-07, the night clocks spring forward: Friday's shift rings the
     * team after midnight on the holiday; the holiday's own shift plays the holiday greeting after midnight too, and the
     * trace says which day's holiday it is.
     */
    @Test
    void aNightShiftBelongsToTheDayItStartsForRoutingAroundAHoliday() {
        var everyone = RouterTest.rule("Everyone", RuleType.SIMULTANEOUS, 1, List.of(ann.id()), null, null, null, 0);
        var h = RouterTest.holiday("Staff party", LocalDate.of(2026, 3, 7), "Closed for our staff party.", null);
        var nights = Stream.of(DayOfWeek.values()).map(d -> OpenRange.parse(d.name(), "22:00", "02:00")).toList();
        var s = new RoutingSnapshot(CHICAGO, List.of(ann), new Schedule(CHICAGO, nights, true, List.of(h.rule()), List.of()), List.of(h),
                List.of(everyone), List.of(), Map.of(), PhoneSettings.Settings.defaults());

        var fridayShift = Router.decide(RouterTest.call(MAIN, Instant.parse("2026-03-07T07:00:00Z"), Set.of()), s); // Sat 01:00 CST
        assertThat(fridayShift.greeting()).as(String.join("\n", fridayShift.trace())).isNull();
        assertThat(fridayShift.action()).isInstanceOf(Decision.RingMembers.class);
        assertThat(fridayShift.trace()).contains("open (business hours)");

        var holidayShift = Router.decide(RouterTest.call(MAIN, Instant.parse("2026-03-08T07:30:00Z"), Set.of()), s); // Sun 01:30 CST
        assertThat(holidayShift.greeting().text()).as(String.join("\n", holidayShift.trace())).isEqualTo("Closed for our staff party.");
        assertThat(holidayShift.action()).isEqualTo(new Decision.Voicemail(null));
        assertThat(holidayShift.trace()).contains("holiday (2026-03-07; the shift that started on it stays closed to its end): Staff party");

        var sundayMorning = Router.decide(RouterTest.call(MAIN, Instant.parse("2026-03-08T08:00:00Z"), Set.of()), s); // Sun 03:00 CDT
        assertThat(sundayMorning.greeting()).isNull();
        assertThat(sundayMorning.trace()).anyMatch(l -> l.startsWith("closed (outside business hours)"));
    }
}
