package dev.switchboard.platform;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;

/**
 * A form's {@code datetime-local} field: a date and time on the company's clock, not the API's instant. A bad or empty
 * one is refused in those terms ("a date and time such as 2026-11-25 17:00 (America/Chicago time)"), never with the
 * API's "an instant such as 2026-11-25T17:00:00Z", which asks for a UTC offset the field has no place for.
 */
public final class LocalDateTimeField {

    private LocalDateTimeField() {
    }

    /**
     * The instant {@code text} names in {@code zone} (a time the clocks skip, moved forward). The date and time may
     * be written with a space as well as a {@code T}: a browser without datetime-local shows a text box.
     *
     * @throws InvalidInputException naming {@code field} when {@code text} is empty or not a date and time
     */
    public static Instant read(String field, String text, ZoneId zone) {
        var example = "a date and time such as 2026-11-25 17:00 (" + zone.getId() + " time)";
        if (text == null || text.isBlank()) {
            throw new InvalidInputException(field, "required", "choose " + example);
        }
        try {
            return LocalDateTime.parse(text.strip().replaceFirst("^(\\d{4}-\\d{2}-\\d{2}) +", "$1T")).atZone(zone).toInstant();
        } catch (DateTimeParseException e) {
            throw new InvalidInputException(field, "datetime", "must be " + example);
        }
    }
}
