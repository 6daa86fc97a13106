package dev.switchboard.directory;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Objects;

/**
 * A vacation: whole days from {@code startDate} to {@code endDate} inclusive, in the company's
 * timezone. It is on from local midnight at the start of the first day to local midnight at the end
 * of the last, so it switches itself on and off at those dates with no job to run, and a day made 23
 * or 25 hours long by a DST change is still one whole day.
 *
 * @param autoReply answer callers with {@code message} instead of only skipping the member
 */
public record Vacation(LocalDate startDate, LocalDate endDate, String message, boolean autoReply) {

    public Vacation {
        Objects.requireNonNull(startDate, "start date");
        Objects.requireNonNull(endDate, "end date");
        if (endDate.isBefore(startDate)) {
            throw new IllegalArgumentException("vacation ends before it starts");
        }
    }

    /** The instant it starts: the first day's local midnight (or the first valid time after a gap). */
    public Instant startsAt(ZoneId zone) {
        return startDate.atStartOfDay(zone).toInstant();
    }

    /** The instant it ends (exclusive): the local midnight after the last day. */
    public Instant endsAt(ZoneId zone) {
        return endDate.plusDays(1).atStartOfDay(zone).toInstant();
    }

    public boolean activeAt(Instant instant, ZoneId zone) {
        return !instant.isBefore(startsAt(zone)) && instant.isBefore(endsAt(zone));
    }

    /** Where a vacation stands at an instant: still to come, on, or over. */
    public enum Phase { UPCOMING, ON, ENDED }

    public Phase phaseAt(Instant instant, ZoneId zone) {
        return instant.isBefore(startsAt(zone)) ? Phase.UPCOMING : instant.isBefore(endsAt(zone)) ? Phase.ON : Phase.ENDED;
    }

    /**
     * The vacation in a sentence for its member's forms: "On vacation until Fri 11 Dec 2026 (the last day).", "Vacation
     * planned from Mon 21 Dec 2026 to Fri 1 Jan 2027.", "The vacation from ... to ... is over."
     */
    public String inWords(Instant instant, ZoneId zone, dev.switchboard.tenancy.DisplayFormats fmt) {
        return switch (phaseAt(instant, zone)) {
            case UPCOMING -> "Vacation planned from " + fmt.date(startDate) + " to " + fmt.date(endDate) + ".";
            case ON -> "On vacation until " + fmt.date(endDate) + " (the last day).";
            case ENDED -> "The vacation from " + fmt.date(startDate) + " to " + fmt.date(endDate) + " is over.";
        };
    }
}
