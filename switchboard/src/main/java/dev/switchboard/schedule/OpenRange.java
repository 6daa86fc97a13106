package dev.switchboard.schedule;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Objects;

/**
 * One stretch of open time in the week: it starts on {@code day} at {@code startMinute} (minutes after
 * local midnight) and lasts {@code lengthMinutes} (1 to 1440). A range whose end is at or before its
 * start crosses midnight into the next day ({@code FRI 22:00-02:00}); {@code 00:00-24:00} is the whole
 * day.
 */
public record OpenRange(DayOfWeek day, int startMinute, int lengthMinutes) {

    public OpenRange {
        Objects.requireNonNull(day, "day");
        if (startMinute < 0 || startMinute >= 1440) {
            throw new IllegalArgumentException("start must be 00:00 to 23:59");
        }
        if (lengthMinutes < 1 || lengthMinutes > 1440) {
            throw new IllegalArgumentException("a range lasts 1 minute to 24 hours");
        }
    }

    /**
     * Reads {@code day}, {@code "08:00"} and {@code "17:00"} (end may be {@code "24:00"}).
     *
     * @throws IllegalArgumentException naming which part is wrong, or that the range is empty
     */
    public static OpenRange parse(String day, String start, String end) {
        DayOfWeek d;
        try {
            d = DayOfWeek.valueOf(day == null ? "" : day.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InvalidPart("day", "'" + day + "' is not a day such as MONDAY");
        }
        int s = minutes(start, "start", false);
        int e = minutes(end, "end", true);
        if (e == s) {
            throw new InvalidPart("end", "the range " + start + "-" + end + " is empty");
        }
        int length = e > s ? e - s : e + 1440 - s;
        return new OpenRange(d, s, length);
    }

    public LocalTime start() {
        return LocalTime.of(startMinute / 60, startMinute % 60);
    }

    /** The end as written: {@code 24:00} for a range ending at midnight. */
    public String endText() {
        int e = (startMinute + lengthMinutes) % 1440;
        if (e == 0) {
            return "24:00";
        }
        return String.format("%02d:%02d", e / 60, e % 60);
    }

    /** The end as a time field shows it: midnight as {@code 00:00} (a time field cannot hold 24:00: a browser blanks it). */
    public String endTimeOfDay() {
        return timeField((startMinute + lengthMinutes) % 1440);
    }

    /** A minute of the day as a time field holds it, {@code HH:MM}: the midnight that ends the day (1440) as 00:00. */
    public static String timeField(int minute) {
        int m = minute % 1440;
        return String.format(Locale.ROOT, "%02d:%02d", m / 60, m % 60);
    }

    /**
     * An end typed in a time field, as a range's end: {@code 00:00} is the midnight that ends the day ({@code 24:00}), so
     * a day open from 00:00 to 00:00 is open all day, as a time field can only say it (not an empty range).
     */
    public static String typedEnd(String end) {
        return end != null && end.strip().equals("00:00") ? "24:00" : end;
    }

    public String startText() {
        return String.format("%02d:%02d", startMinute / 60, startMinute % 60);
    }

    public boolean crossesMidnight() {
        return startMinute + lengthMinutes > 1440;
    }

    /** Local start and end of this range's occurrence that starts on {@code date} (which must be {@link #day}). */
    LocalDateTime[] occurrence(LocalDate date) {
        var start = date.atStartOfDay().plusMinutes(startMinute);
        return new LocalDateTime[] {start, start.plusMinutes(lengthMinutes)};
    }

    /** Minutes since Monday 00:00 of this range's start. */
    int weekMinute() {
        return (day.getValue() - 1) * 1440 + startMinute;
    }

    /** Whether the two ranges share any minute of the week (touching ends do not). */
    boolean overlaps(OpenRange other) {
        int week = 7 * 1440;
        int a = weekMinute();
        int b = other.weekMinute();
        int delta = Math.floorMod(b - a, week);
        return delta < lengthMinutes || Math.floorMod(a - b, week) < other.lengthMinutes;
    }

    private static int minutes(String text, String part, boolean allow24) {
        if (text == null || text.isBlank()) {
            throw new InvalidPart(part, "is required, such as 08:00");
        }
        try {
            return minuteOfDay(text, allow24);
        } catch (IllegalArgumentException e) {
            throw new InvalidPart(part, e.getMessage());
        }
    }

    /**
     * A time of day as every form and the API write it ({@code 08:30}, seconds allowed only as {@code :00}), in minutes
     * after midnight; an end may be {@code 24:00} (1440, the midnight that ends the day). One reading for the weekly
     * hours, a holiday's part of the day and a rule's time window: seconds were dropped without a word by the last two.
     *
     * @throws IllegalArgumentException saying what is wrong, for a text that is not such a time (blank included)
     */
    public static int minuteOfDay(String text, boolean end) {
        var t = text == null ? "" : text.strip();
        if (end && (t.equals("24:00") || t.equals("24:00:00"))) {
            return 1440;
        }
        LocalTime time;
        try {
            time = LocalTime.parse(t);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("'" + text + "' is not a time such as 08:00" + (end ? " or 24:00" : ""));
        }
        if (time.getSecond() != 0 || time.getNano() != 0) {
            throw new IllegalArgumentException("'" + text + "' must be whole minutes such as 08:30");
        }
        return time.getHour() * 60 + time.getMinute();
    }

    /** Which part of a range is wrong ({@code day}, {@code start} or {@code end}) and why. */
    public static final class InvalidPart extends IllegalArgumentException {
        private final String part;

        InvalidPart(String part, String message) {
            super(message);
            this.part = part;
        }

        public String part() {
            return part;
        }
    }
}
