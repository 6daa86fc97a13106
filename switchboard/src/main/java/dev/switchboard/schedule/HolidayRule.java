package dev.switchboard.schedule;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.dmfs.rfc5545.DateTime;
import org.dmfs.rfc5545.recur.InvalidRecurrenceRuleException;
import org.dmfs.rfc5545.recur.RecurrenceRule;

/**
 * When a holiday happens: a first date, how it repeats (an RFC 5545 rule, evaluated by lib-recur),
 * dates excepted, whether a Saturday or Sunday occurrence is observed on the Friday or Monday, and
 * whether it closes the whole day or a part of it (from {@code startMinute} to {@code endMinute} after
 * local midnight; {@code endMinute} 1440 is the end of the day).
 */
public record HolidayRule(UUID id, String name, LocalDate date, Recurrence recurrence, String rrule,
        Set<LocalDate> exceptions, boolean observeWeekend, Integer startMinute, Integer endMinute, boolean enabled) {

    private static final int MAX_STEPS = 20_000;

    public HolidayRule {
        Objects.requireNonNull(date, "date");
        Objects.requireNonNull(recurrence, "recurrence");
        exceptions = exceptions == null ? Set.of() : Set.copyOf(exceptions);
        if ((startMinute == null) != (endMinute == null)) {
            throw new IllegalArgumentException("a part-day holiday needs both start and end");
        }
        if (startMinute != null && (startMinute < 0 || endMinute > 1440 || endMinute <= startMinute)) {
            throw new IllegalArgumentException("a part-day holiday must end after it starts, within its day");
        }
    }

    public boolean allDay() {
        return startMinute == null;
    }

    /** How it repeats, in words ("Every year on the fourth Thursday of November"; see {@link HolidayRepeats}). */
    public String repeatsInWords() {
        return HolidayRepeats.inWords(date, recurrence, rrule);
    }

    /** The RFC 5545 rule this holiday repeats by, or null for a one-time holiday. */
    public String effectiveRule() {
        return recurrence == Recurrence.CUSTOM ? rrule : ruleOf(recurrence, date);
    }

    /** The RFC 5545 rule a holiday on {@code date} repeating by {@code recurrence} (not CUSTOM) follows; null for one-time. */
    static String ruleOf(Recurrence recurrence, LocalDate date) {
        return switch (recurrence) {
            case ONE_TIME, CUSTOM -> null;
            case YEARLY -> "FREQ=YEARLY;BYMONTH=" + date.getMonthValue() + ";BYMONTHDAY=" + date.getDayOfMonth();
            case MONTHLY -> "FREQ=MONTHLY;BYMONTHDAY=" + date.getDayOfMonth();
            case WEEKLY -> "FREQ=WEEKLY;BYDAY=" + date.getDayOfWeek().name().substring(0, 2);
        };
    }

    /**
     * Checks a custom rule; the message says what is wrong.
     *
     * @throws IllegalArgumentException for a rule lib-recur cannot read in strict RFC 5545 mode
     */
    public static RecurrenceRule parseRule(String rule) {
        if (rule == null || rule.isBlank()) {
            throw new IllegalArgumentException("a custom pattern needs a repeat rule, as calendar apps write one: FREQ=YEARLY;BYMONTH=11;BYDAY=4TH "
                    + "is the fourth Thursday of November");
        }
        var text = rule.strip();
        if (text.regionMatches(true, 0, "RRULE:", 0, 6)) {
            text = text.substring(6);
        }
        if (text.toUpperCase().matches(".*(FREQ=(SECONDLY|MINUTELY|HOURLY)).*")) {
            throw new IllegalArgumentException("a holiday repeats by day at the finest (DAILY, WEEKLY, MONTHLY or YEARLY)");
        }
        try {
            return new RecurrenceRule(text, RecurrenceRule.RfcMode.RFC5545_STRICT);
        } catch (InvalidRecurrenceRuleException | RuntimeException e) {
            throw new IllegalArgumentException("'" + rule + "' is not a repeat rule as calendar apps write one (RFC 5545): " + e.getMessage());
        }
    }

    /** The dates it falls on (after exceptions and weekend observance) from {@code from} to {@code to} inclusive, in order. */
    public List<LocalDate> occurrences(LocalDate from, LocalDate to) {
        var result = new ArrayList<LocalDate>();
        // Observance can move a date one day either way, so look one day beyond the window on each side.
        var scanFrom = from.minusDays(1);
        var scanTo = to.plusDays(1);
        if (recurrence == Recurrence.ONE_TIME) {
            addIfInWindow(date, from, to, result);
            return result;
        }
        var rule = parseRule(effectiveRule());
        var iterator = rule.iterator(new DateTime(date.getYear(), date.getMonthValue() - 1, date.getDayOfMonth()));
        if (scanFrom.isAfter(date)) {
            iterator.fastForward(new DateTime(scanFrom.getYear(), scanFrom.getMonthValue() - 1, scanFrom.getDayOfMonth()));
        }
        for (int steps = 0; iterator.hasNext() && steps < MAX_STEPS; steps++) {
            var next = iterator.nextDateTime();
            var d = LocalDate.of(next.getYear(), next.getMonth() + 1, next.getDayOfMonth());
            if (d.isAfter(scanTo)) {
                break;
            }
            addIfInWindow(d, from, to, result);
        }
        return result;
    }

    private void addIfInWindow(LocalDate d, LocalDate from, LocalDate to, List<LocalDate> result) {
        var observed = observed(d);
        // An exception names the date the holiday falls on, or the date it is observed on (the one the
        // preview and the list show): either way that occurrence is skipped.
        if (exceptions.contains(d) || exceptions.contains(observed)) {
            return;
        }
        if (!observed.isBefore(from) && !observed.isAfter(to) && !result.contains(observed)) {
            result.add(observed);
        }
    }

    /** The day it is observed: with weekend observance, Saturday moves to Friday and Sunday to Monday. */
    LocalDate observed(LocalDate d) {
        if (!observeWeekend) {
            return d;
        }
        if (d.getDayOfWeek() == DayOfWeek.SATURDAY) {
            return d.minusDays(1);
        }
        if (d.getDayOfWeek() == DayOfWeek.SUNDAY) {
            return d.plusDays(1);
        }
        return d;
    }

    /**
     * Whether it falls on any date at all, from its own date on (before exceptions and weekend observance): a rule whose
     * UNTIL is before the holiday's date gives none.
     *
     * @throws RuntimeException from lib-recur when no date can be found that matches the rule (30 February)
     */
    public boolean occursAtAll() {
        if (recurrence == Recurrence.ONE_TIME) {
            return true;
        }
        return parseRule(effectiveRule()).iterator(new DateTime(date.getYear(), date.getMonthValue() - 1, date.getDayOfMonth()))
                .hasNext();
    }

    /** The next date on or after {@code from}, looking at most ten years ahead. */
    public Optional<LocalDate> nextOn(LocalDate from) {
        for (int year = 0; year < 10; year++) {
            var window = occurrences(from.plusYears(year), from.plusYears(year + 1).minusDays(1));
            if (!window.isEmpty()) {
                return Optional.of(window.getFirst());
            }
        }
        return Optional.empty();
    }

    /** The closed interval of the occurrence on {@code day}, in instants (gaps move forward, as for hours). */
    Instant[] closure(LocalDate day, ZoneId zone) {
        if (allDay()) {
            return new Instant[] {day.atStartOfDay(zone).toInstant(), day.plusDays(1).atStartOfDay(zone).toInstant()};
        }
        var midnight = day.atStartOfDay();
        return new Instant[] {ZonedDateTime.ofLocal(midnight.plusMinutes(startMinute), zone, null).toInstant(),
                ZonedDateTime.ofLocal(midnight.plusMinutes(endMinute), zone, null).toInstant()};
    }
}
