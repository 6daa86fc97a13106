package dev.switchboard.schedule;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.Month;
import java.time.format.TextStyle;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.dmfs.rfc5545.recur.Freq;
import org.dmfs.rfc5545.recur.RecurrenceRule;

/**
 * How a holiday repeats, said in words ("Every year on the fourth Thursday of November", "Every year on 25 December"),
 * and the repeat rules of the holidays that fall on a weekday of a month (Thanksgiving, Memorial Day, Labor Day), made
 * from the holiday's date so that nobody has to write {@code FREQ=YEARLY;BYMONTH=11;BYDAY=4TH} by hand. The rules are
 * read by lib-recur; a rule these words do not cover is shown as it is written ("Custom: FREQ=...").
 */
public final class HolidayRepeats {

    private static final List<String> ORDINALS = List.of("first", "second", "third", "fourth", "fifth");

    private HolidayRepeats() {
    }

    /** How a holiday first on {@code date} repeats, in words. */
    public static String inWords(LocalDate date, Recurrence recurrence, String rrule) {
        return switch (recurrence) {
            case ONE_TIME -> "Only once";
            case YEARLY -> "Every year on " + date.getDayOfMonth() + " " + month(date.getMonth());
            case MONTHLY -> "Every month on the " + dayOfMonth(date.getDayOfMonth());
            case WEEKLY -> "Every week on " + weekday(date.getDayOfWeek());
            case CUSTOM -> daysThrough(date, rrule).map(last -> "Each day from " + dayMonthYear(date) + " to " + dayMonthYear(last)
                    + " (" + (java.time.temporal.ChronoUnit.DAYS.between(date, last) + 1) + " days)")
                    .or(() -> describe(rrule)).orElse("Custom: " + rrule);
        };
    }

    /** The rule of a closure of several days in a row through {@code last}, from the holiday's date: every day until it. */
    public static String daysThroughRule(LocalDate last) {
        return last == null ? null : "FREQ=DAILY;UNTIL=" + last.format(java.time.format.DateTimeFormatter.BASIC_ISO_DATE);
    }

    /**
     * The last day of a holiday that is several days in a row from {@code date} (24 December to 1 January): a rule of every
     * day until a date ({@code FREQ=DAILY;UNTIL=20270101}) or for a number of days ({@code FREQ=DAILY;COUNT=9}), with
     * nothing else; empty for any other rule, or one whose last day is not after the date.
     */
    public static Optional<LocalDate> daysThrough(LocalDate date, String rrule) {
        var parsed = date == null ? Optional.<RecurrenceRule>empty() : parsed(rrule);
        if (parsed.isEmpty()) {
            return Optional.empty();
        }
        var rule = parsed.get();
        if (rule.getFreq() != Freq.DAILY || rule.getInterval() != 1 || rule.isInfinite()
                || rrule.strip().replaceFirst("(?i)^RRULE:", "").split(";").length != 2) {
            return Optional.empty();
        }
        LocalDate last;
        if (rule.getCount() != null) {
            last = date.plusDays(rule.getCount() - 1L);
        } else {
            var until = rule.getUntil();
            if (until == null || !until.isAllDay()) {
                return Optional.empty();
            }
            last = LocalDate.of(until.getYear(), until.getMonth() + 1, until.getDayOfMonth());
        }
        return last.isAfter(date) ? Optional.of(last) : Optional.empty();
    }

    /** The rule read, or empty for none or one that cannot be read (said elsewhere: these only put rules in words). */
    private static Optional<RecurrenceRule> parsed(String rrule) {
        if (rrule == null || rrule.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(HolidayRule.parseRule(rrule));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static String dayMonthYear(LocalDate d) {
        return d.getDayOfMonth() + " " + month(d.getMonth()) + " " + d.getYear();
    }

    /**
     * A repeat rule in words when it is one of the yearly or monthly patterns holidays have (the nth or last weekday of a
     * month, a day of a month), every year or month without an end; empty for any other (or one that cannot be read).
     */
    static Optional<String> describe(String rrule) {
        var parsed = parsed(rrule);
        if (parsed.isEmpty()) {
            return Optional.empty();
        }
        var rule = parsed.get();
        if (rule.getInterval() != 1 || !rule.isInfinite() || rule.hasPart(RecurrenceRule.Part.BYSETPOS)
                || rule.hasPart(RecurrenceRule.Part.BYYEARDAY) || rule.hasPart(RecurrenceRule.Part.BYWEEKNO)) {
            return Optional.empty();
        }
        var days = rule.hasPart(RecurrenceRule.Part.BYDAY) ? rule.getByDayPart() : List.<RecurrenceRule.WeekdayNum>of();
        var monthDays = rule.hasPart(RecurrenceRule.Part.BYMONTHDAY) ? rule.getByPart(RecurrenceRule.Part.BYMONTHDAY) : List.<Integer>of();
        var months = rule.hasPart(RecurrenceRule.Part.BYMONTH) ? rule.getByPart(RecurrenceRule.Part.BYMONTH) : List.<Integer>of();
        boolean oneWeekday = days.size() == 1 && days.getFirst().pos != 0 && monthDays.isEmpty();
        boolean oneMonthDay = days.isEmpty() && monthDays.size() == 1 && monthDays.getFirst() > 0;
        if (rule.getFreq() == Freq.YEARLY && months.size() == 1) {
            var month = month(Month.of(months.getFirst() + 1)); // lib-recur counts months from 0
            if (oneWeekday && ordinal(days.getFirst().pos) != null) {
                return Optional.of("Every year on the " + ordinal(days.getFirst().pos) + " " + weekday(days.getFirst().weekday)
                        + " of " + month);
            }
            if (oneMonthDay) {
                return Optional.of("Every year on " + monthDays.getFirst() + " " + month);
            }
        }
        if (rule.getFreq() == Freq.MONTHLY && months.isEmpty()) {
            if (oneWeekday && ordinal(days.getFirst().pos) != null) {
                return Optional.of("Every month on the " + ordinal(days.getFirst().pos) + " " + weekday(days.getFirst().weekday));
            }
            if (oneMonthDay) {
                return Optional.of("Every month on the " + dayOfMonth(monthDays.getFirst()));
            }
        }
        return Optional.empty();
    }

    /**
     * The rule of a holiday on {@code date}'s weekday of its month every year: the same one of the month's weekdays
     * (Thanksgiving on 26 Nov 2026, the fourth Thursday: {@code FREQ=YEARLY;BYMONTH=11;BYDAY=4TH}), or with {@code last}
     * the month's last such weekday (Memorial Day: {@code BYDAY=-1MO}). A fifth one, which not every year has, is the last.
     */
    public static String yearlyOnWeekday(LocalDate date, boolean last) {
        return "FREQ=YEARLY;BYMONTH=" + date.getMonthValue() + ";BYDAY=" + position(date, last) + date.getDayOfWeek().name().substring(0, 2);
    }

    /** The rule's position of {@code date}'s weekday in its month: 1 to 4, or -1 for the last (a fifth is the last). */
    private static int position(LocalDate date, boolean last) {
        return last || weekdayOfMonth(date) == 5 ? -1 : weekdayOfMonth(date);
    }

    /** Which of its month's weekdays of its kind {@code date} is: 1 for the first Monday, 4 for the fourth Thursday. */
    public static int weekdayOfMonth(LocalDate date) {
        return (date.getDayOfMonth() - 1) / 7 + 1;
    }

    /** Whether {@code date} is the last of its weekday in its month (31 May 2027, a Monday: Memorial Day). */
    public static boolean lastWeekdayOfMonth(LocalDate date) {
        return date.plusWeeks(1).getMonth() != date.getMonth();
    }

    /** "the fourth Thursday of November", "the last Monday of May": {@code date}'s weekday of its month in words. */
    public static String weekdayOfMonthInWords(LocalDate date, boolean last) {
        return "the " + ordinal(position(date, last)) + " " + weekday(date.getDayOfWeek()) + " of " + month(date.getMonth());
    }

    private static String ordinal(int pos) {
        if (pos == -1) {
            return "last";
        }
        if (pos == -2) {
            return "second to last";
        }
        return pos >= 1 && pos <= ORDINALS.size() ? ORDINALS.get(pos - 1) : null;
    }

    private static String weekday(DayOfWeek day) {
        return day.getDisplayName(TextStyle.FULL, Locale.US);
    }

    private static String weekday(org.dmfs.rfc5545.Weekday day) {
        return weekday(DayOfWeek.of(day.ordinal() == 0 ? 7 : day.ordinal()));
    }

    private static String month(Month month) {
        return month.getDisplayName(TextStyle.FULL, Locale.US);
    }

    private static String dayOfMonth(int day) {
        var suffix = day % 100 >= 11 && day % 100 <= 13 ? "th" : switch (day % 10) {
            case 1 -> "st";
            case 2 -> "nd";
            case 3 -> "rd";
            default -> "th";
        };
        return day + suffix;
    }
}
