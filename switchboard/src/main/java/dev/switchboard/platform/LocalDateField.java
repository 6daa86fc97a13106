package dev.switchboard.platform;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;

/**
 * A form's {@code date} field. An empty one is no date (the service says whether one is needed); one that is not a
 * date is refused as that, in the API's words for a date it cannot read ("must be a date such as 2026-12-24
 * ('24/12/2030' is not)"). It used to be read as no date, and refused, if at all, as one left empty: a browser
 * without a date picker shows a text box, and a date typed in the local way was told to be given, not corrected.
 */
public final class LocalDateField {

    private LocalDateField() {
    }

    /**
     * The date {@code text} holds, or null when it is empty; when it is no date, null and a problem naming
     * {@code field} added to {@code problems}, with {@code example} as the date to write like.
     */
    public static LocalDate read(String field, String text, String example, List<FieldProblem> problems) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return LocalDate.parse(text.strip());
        } catch (DateTimeParseException e) {
            var shown = text.strip().length() > 40 ? text.strip().substring(0, 40) + "..." : text.strip();
            problems.add(new FieldProblem(field, "format", "must be a date such as " + example + " ('" + shown + "' is not)"));
            return null;
        }
    }
}
