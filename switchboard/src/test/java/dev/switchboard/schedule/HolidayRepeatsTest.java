package dev.switchboard.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import org.junit.jupiter.api.Test;

/** A holiday's repeat in words, and the weekday-of-the-month rules made from a date. */
class HolidayRepeatsTest {

    @Test
    void theRepeatsHolidaysHaveAreSaidInWordsAndAnyOtherAsWritten() {
        var day = LocalDate.of(2026, 12, 25);
        assertThat(HolidayRepeats.inWords(day, Recurrence.ONE_TIME, null)).isEqualTo("Only once");
        assertThat(HolidayRepeats.inWords(day, Recurrence.YEARLY, null)).isEqualTo("Every year on 25 December");
        assertThat(HolidayRepeats.inWords(LocalDate.of(2026, 12, 1), Recurrence.MONTHLY, null)).isEqualTo("Every month on the 1st");
        assertThat(HolidayRepeats.inWords(LocalDate.of(2026, 12, 22), Recurrence.MONTHLY, null)).isEqualTo("Every month on the 22nd");
        assertThat(HolidayRepeats.inWords(LocalDate.of(2026, 12, 13), Recurrence.MONTHLY, null)).isEqualTo("Every month on the 13th");
        assertThat(HolidayRepeats.inWords(day, Recurrence.WEEKLY, null)).isEqualTo("Every week on Friday");
        assertThat(HolidayRepeats.inWords(day, Recurrence.CUSTOM, "FREQ=YEARLY;BYMONTH=11;BYDAY=4TH"))
                .isEqualTo("Every year on the fourth Thursday of November");
        assertThat(HolidayRepeats.inWords(day, Recurrence.CUSTOM, "RRULE:FREQ=YEARLY;BYMONTH=5;BYDAY=-1MO"))
                .isEqualTo("Every year on the last Monday of May");
        assertThat(HolidayRepeats.inWords(day, Recurrence.CUSTOM, "FREQ=YEARLY;BYMONTH=1;BYDAY=3SU"))
                .isEqualTo("Every year on the third Sunday of January");
        assertThat(HolidayRepeats.inWords(day, Recurrence.CUSTOM, "FREQ=YEARLY;BYMONTH=7;BYMONTHDAY=4")).isEqualTo("Every year on 4 July");
        assertThat(HolidayRepeats.inWords(day, Recurrence.CUSTOM, "FREQ=MONTHLY;BYDAY=1MO")).isEqualTo("Every month on the first Monday");
        for (var other : new String[] {"FREQ=MONTHLY;INTERVAL=2;BYDAY=2MO", "FREQ=YEARLY;BYMONTH=11;BYDAY=TH",
                "FREQ=YEARLY;BYMONTH=11;BYDAY=4TH;COUNT=3", "FREQ=YEARLY;BYMONTH=3,4;BYDAY=1MO", "FREQ=WEEKLY;BYDAY=MO,TU"}) {
            assertThat(HolidayRepeats.inWords(day, Recurrence.CUSTOM, other)).as(other).isEqualTo("Custom: " + other);
        }
    }

    /** Several days in a row (a winter break), by a last day or a number of days: said as the days, not as "Custom: FREQ=DAILY". */
    @Test
    void daysInARowAreSaidAsTheirFirstAndLastDay() {
        var eve = LocalDate.of(2026, 12, 24);
        assertThat(HolidayRepeats.daysThroughRule(LocalDate.of(2027, 1, 1))).isEqualTo("FREQ=DAILY;UNTIL=20270101");
        assertThat(HolidayRepeats.inWords(eve, Recurrence.CUSTOM, "FREQ=DAILY;UNTIL=20270101"))
                .isEqualTo("Each day from 24 December 2026 to 1 January 2027 (9 days)");
        assertThat(HolidayRepeats.inWords(eve, Recurrence.CUSTOM, "FREQ=DAILY;COUNT=9"))
                .isEqualTo("Each day from 24 December 2026 to 1 January 2027 (9 days)");
        assertThat(HolidayRepeats.daysThrough(eve, "FREQ=DAILY;UNTIL=20270101")).contains(LocalDate.of(2027, 1, 1));
        for (var other : new String[] {"FREQ=DAILY", "FREQ=DAILY;INTERVAL=2;UNTIL=20270101", "FREQ=DAILY;UNTIL=20261224",
                "FREQ=DAILY;BYDAY=MO;UNTIL=20270101", "FREQ=WEEKLY;UNTIL=20270101"}) {
            assertThat(HolidayRepeats.daysThrough(eve, other)).as(other).isEmpty();
        }
    }

    @Test
    void aDatesWeekdayOfItsMonthMakesTheRuleOfThatWeekdayEveryYear() {
        var thanksgiving = LocalDate.of(2026, 11, 26);
        assertThat(HolidayRepeats.yearlyOnWeekday(thanksgiving, false)).isEqualTo("FREQ=YEARLY;BYMONTH=11;BYDAY=4TH");
        assertThat(HolidayRepeats.yearlyOnWeekday(thanksgiving, true)).isEqualTo("FREQ=YEARLY;BYMONTH=11;BYDAY=-1TH");
        assertThat(HolidayRepeats.lastWeekdayOfMonth(thanksgiving)).isTrue();
        assertThat(HolidayRepeats.weekdayOfMonthInWords(thanksgiving, false)).isEqualTo("the fourth Thursday of November");
        var laborDay = LocalDate.of(2027, 9, 6);
        assertThat(HolidayRepeats.yearlyOnWeekday(laborDay, false)).isEqualTo("FREQ=YEARLY;BYMONTH=9;BYDAY=1MO");
        assertThat(HolidayRepeats.lastWeekdayOfMonth(laborDay)).isFalse();
        // A fifth weekday, which not every year's month has, is the last.
        var fifth = LocalDate.of(2027, 5, 31);
        assertThat(HolidayRepeats.weekdayOfMonth(fifth)).isEqualTo(5);
        assertThat(HolidayRepeats.yearlyOnWeekday(fifth, false)).isEqualTo("FREQ=YEARLY;BYMONTH=5;BYDAY=-1MO");
        assertThat(HolidayRepeats.weekdayOfMonthInWords(fifth, false)).isEqualTo("the last Monday of May");
        // Every rule made is one the holidays read.
        assertThat(new HolidayRule(null, "Thanksgiving", thanksgiving, Recurrence.CUSTOM, HolidayRepeats.yearlyOnWeekday(thanksgiving, false),
                null, false, null, null, true).occurrences(LocalDate.of(2028, 1, 1), LocalDate.of(2028, 12, 31)))
                .containsExactly(LocalDate.of(2028, 11, 23));
        assertThat(new HolidayRule(null, "Memorial Day", fifth, Recurrence.CUSTOM, HolidayRepeats.yearlyOnWeekday(fifth, true),
                null, false, null, null, true).occurrences(LocalDate.of(2028, 1, 1), LocalDate.of(2028, 12, 31)))
                .containsExactly(LocalDate.of(2028, 5, 29));
    }
}
