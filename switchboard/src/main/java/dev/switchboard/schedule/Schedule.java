package dev.switchboard.schedule;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.TextStyle;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.TreeSet;

/**
 * A company's schedule at one moment of configuration: weekly open ranges, holidays and overrides,
 * evaluated in its IANA timezone. Pure: give it an instant and it says whether the business is open
 * and why, so it can be tested and simulated at any date and time.
 *
 * <p>DST: a local time that does not exist (in the spring-forward gap) moves forward by the length of
 * the gap; a local time that happens twice (in the fall-back overlap) is taken at its first
 * occurrence, so the repeated hour is counted once. An override beats a holiday, which beats the
 * weekly hours. A weekly range belongs to the day it starts, for all-day holidays too (see {@link #holidayClosureAt}). With weekly hours never saved, the business counts as always open (calls
 * reach people rather than voicemail until hours are set); saved without ranges, always closed.
 *
 * @param hours the weekly ranges
 * @param hoursConfigured whether the weekly hours were ever saved (when not, the business is open at any time)
 */
public record Schedule(ZoneId zone, List<OpenRange> hours, boolean hoursConfigured, List<HolidayRule> holidays,
        List<ScheduleOverride> overrides) {

    public Schedule {
        hours = List.copyOf(hours);
        holidays = holidays.stream().filter(HolidayRule::enabled).toList();
        overrides = List.copyOf(overrides);
    }

    /** Whether the business is open at an instant, and why. */
    public record State(boolean open, String reason) {
    }

    /** A change between open and closed. {@code local} is the wall-clock time in the company's zone. */
    public record Transition(Instant at, LocalDateTime local, String weekday, boolean open, String reason) {
    }

    public boolean isOpen(Instant instant) {
        return stateAt(instant).open();
    }

    public State stateAt(Instant instant) {
        var override = overrideAt(instant);
        if (override.isPresent()) {
            var o = override.get();
            return new State(o.open(), (o.open() ? "open by override" : "closed by override")
                    + (o.reason() == null ? "" : ": " + o.reason()));
        }
        var holiday = holidayAt(instant);
        if (holiday.isPresent()) {
            return new State(false, "holiday: " + holiday.get().name());
        }
        if (!hoursConfigured) {
            return new State(true, "no business hours set");
        }
        return inHours(instant) ? new State(true, "business hours") : new State(false, "outside business hours");
    }

    /**
     * The override in force at an instant, if any (it beats holidays and the weekly hours). When several
     * are active, the one set last wins: "closed until 20:00" set while "open until the next change" runs closes
     * the business until 20:00, and "closed until 12:00" set on Saturday morning for a burst pipe keeps the business
     * closed past the 9:00 opening set ahead on Monday ("open this Saturday 9:00 to 13:00"), which then runs from
     * 12:00 to 13:00. The owner's latest word is what they mean now; it was the one taking effect last, so an opening
     * set days before reopened a business just closed for an emergency.
     */
    public Optional<ScheduleOverride> overrideAt(Instant instant) {
        ScheduleOverride latest = null;
        for (var o : overrides) {
            if (o.activeAt(instant) && (latest == null || !o.setAt().isBefore(latest.setAt()))) {
                latest = o;
            }
        }
        return Optional.ofNullable(latest);
    }

    /**
     * The holiday closing the business at an instant, if any (see {@link #holidayClosureAt}).
     */
    public Optional<HolidayRule> holidayAt(Instant instant) {
        return holidayClosureAt(instant).map(HolidayClosure::rule);
    }

    /** A holiday closing the business, and the day of its occurrence that does (the day before the instant's, after midnight). */
    public record HolidayClosure(HolidayRule rule, LocalDate day) {
    }

    /**
     * The holiday closing the business at an instant, with the date of the occurrence doing so. A part-day holiday closes
     * its interval as it is. An all-day holiday closes its calendar day, but weekly ranges belong to the day they start, as
     * a business reads its night shifts: a range that started the evening before the holiday (Friday 22:00-02:00 before a
     * Saturday holiday) runs to its end, and one that starts on the holiday (Saturday 22:00-02:00) stays closed to its end,
     * after midnight too.
     */
    public Optional<HolidayClosure> holidayClosureAt(Instant instant) {
        var day = instant.atZone(zone).toLocalDate();
        for (var h : holidays) {
            for (var d : h.occurrences(day.minusDays(1), day)) {
                if (closes(h, d, instant)) {
                    return Optional.of(new HolidayClosure(h, d));
                }
            }
        }
        return Optional.empty();
    }

    /** Whether the occurrence of {@code h} on {@code date} closes the business at {@code instant}. */
    private boolean closes(HolidayRule h, LocalDate date, Instant instant) {
        var closure = h.closure(date, zone);
        if (!h.allDay()) {
            return within(instant, closure);
        }
        if (within(instant, closure)) {
            // The end of a shift that started the day before the holiday is not the holiday's.
            return !inRangeStartingOn(date.minusDays(1), instant);
        }
        // After the holiday's day: the rest of a shift that started on it is still the holiday's.
        return !instant.isBefore(closure[1]) && inRangeStartingOn(date, instant);
    }

    private boolean inRangeStartingOn(LocalDate date, Instant instant) {
        for (var r : hours) {
            if (r.day() == date.getDayOfWeek() && within(instant, interval(r, date))) {
                return true;
            }
        }
        return false;
    }

    private static boolean within(Instant instant, Instant[] interval) {
        return !instant.isBefore(interval[0]) && instant.isBefore(interval[1]);
    }

    private boolean inHours(Instant instant) {
        return openRangeAt(instant).isPresent();
    }

    /**
     * The weekly range an instant falls in, whatever the overrides and holidays say (see {@link #stateAt} for that): the
     * shift "Monday 8:00 to 12:00" a what-if names as why the business is open. A range belongs to the day it starts, so
     * the small hours of Saturday can be Friday's night shift.
     */
    public Optional<OpenRange> openRangeAt(Instant instant) {
        var day = instant.atZone(zone).toLocalDate();
        // A range that started yesterday (or on the day before, for a 24 h range) may still be running.
        for (var date = day.minusDays(1); !date.isAfter(day); date = date.plusDays(1)) {
            for (var r : hours) {
                if (r.day() != date.getDayOfWeek()) {
                    continue;
                }
                if (within(instant, interval(r, date))) {
                    return Optional.of(r);
                }
            }
        }
        return Optional.empty();
    }

    private Instant[] interval(OpenRange r, LocalDate date) {
        var local = r.occurrence(date);
        return new Instant[] {resolve(local[0]), resolve(local[1])};
    }

    /** Local time to instant: gaps move forward, overlaps take the earlier offset. */
    Instant resolve(LocalDateTime local) {
        return ZonedDateTime.ofLocal(local, zone, null).toInstant();
    }

    /** The next {@code count} changes between open and closed after {@code from}, looking ahead at most {@code days}. */
    public List<Transition> transitions(Instant from, int count, int days) {
        var boundaries = new TreeSet<Instant>();
        var startDay = from.atZone(zone).toLocalDate().minusDays(1);
        var endDay = startDay.plusDays(days + 1);
        for (var date = startDay; !date.isAfter(endDay); date = date.plusDays(1)) {
            for (var r : hours) {
                if (r.day() == date.getDayOfWeek()) {
                    var i = interval(r, date);
                    boundaries.add(i[0]);
                    boundaries.add(i[1]);
                }
            }
        }
        for (var h : holidays) {
            for (var d : h.occurrences(startDay, endDay)) {
                var c = h.closure(d, zone);
                boundaries.add(c[0]);
                boundaries.add(c[1]);
            }
        }
        for (var o : overrides) {
            boundaries.add(o.from());
            boundaries.add(o.until());
        }
        var result = new ArrayList<Transition>();
        var current = stateAt(from).open();
        for (var at : boundaries.tailSet(from, false)) {
            if (result.size() >= count) {
                break;
            }
            var state = stateAt(at);
            if (state.open() != current) {
                current = state.open();
                var local = at.atZone(zone).toLocalDateTime();
                result.add(new Transition(at, local, local.getDayOfWeek().getDisplayName(TextStyle.SHORT, Locale.ENGLISH),
                        state.open(), state.reason()));
            }
        }
        return result;
    }

    /** The next change after {@code from}, if any within two weeks. */
    public Optional<Transition> nextChange(Instant from) {
        var next = transitions(from, 1, 14);
        return next.isEmpty() ? Optional.empty() : Optional.of(next.getFirst());
    }

    /** How far {@link #endOfNextBusinessDay} looks for the next day the business opens. */
    static final int NEXT_BUSINESS_DAY_LOOK_AHEAD_DAYS = 62;

    /**
     * The end (the next local midnight) of the first day after {@code asked}'s own local day on which the business is open
     * at some time: what a request made at {@code asked} may wait for at most (a queue callback asked for on Friday evening
     * is still made on Monday, the next day open, and given up at the end of Monday). Empty when the business does not open
     * within {@value #NEXT_BUSINESS_DAY_LOOK_AHEAD_DAYS} days (the request waits for it).
     */
    public Optional<Instant> endOfNextBusinessDay(Instant asked) {
        var nextDay = asked.atZone(zone).toLocalDate().plusDays(1);
        var from = resolve(nextDay.atStartOfDay());
        LocalDate businessDay = null;
        if (isOpen(from)) {
            businessDay = nextDay;
        } else {
            for (var t : transitions(from, Integer.MAX_VALUE, NEXT_BUSINESS_DAY_LOOK_AHEAD_DAYS)) {
                if (t.open()) {
                    businessDay = t.local().toLocalDate();
                    break;
                }
            }
        }
        return businessDay == null ? Optional.empty() : Optional.of(resolve(businessDay.plusDays(1).atStartOfDay()));
    }

    static String dayName(DayOfWeek day) {
        return day.getDisplayName(TextStyle.SHORT, Locale.ENGLISH);
    }
}
