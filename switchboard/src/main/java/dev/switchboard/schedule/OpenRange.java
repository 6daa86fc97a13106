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
        var t = text.strip();
        if (allow24 && (t.equals("24:00") || t.equals("24:00:00"))) {
            return 1440;
        }
        try {
            var time = LocalTime.parse(t);
            if (time.getSecond() != 0 || time.getNano() != 0) {
                throw new InvalidPart(part, "'" + text + "' must be whole minutes such as 08:30");
            }
            return time.getHour() * 60 + time.getMinute();
        } catch (DateTimeParseException e) {
            throw new InvalidPart(part, "'" + text + "' is not a time such as 08:00" + (allow24 ? " or 24:00" : ""));
        }
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
