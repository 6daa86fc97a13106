package dev.switchboard.platform;

import java.util.List;

/**
 * A form's whole-number field (a ring time, a rate, a count), kept as the text typed so that a refused form shows it
 * again as it was. One that is not a whole number ("1.5", "20s", a number too large to hold) is refused saying what the
 * field takes, where the form's binder used to stop the whole post on a page naming the Java property
 * ({@code ringTimeoutSeconds: '1.5' is not a valid value}); an empty one is refused as one to give, where it used to be
 * saved as the default (a browser sends an empty value for anything typed into a number field that is not a number).
 * A field missing from the post altogether is left to the service, as the API's omitted field.
 */
public final class WholeNumberField {

    private WholeNumberField() {
    }

    /**
     * The number {@code text} holds; when it is empty or no whole number, null and a problem naming {@code field} added
     * to {@code problems}, saying it must be {@code what} ("a whole number of seconds, 15 to 90"). The range itself is
     * the service's to check. A field not sent at all (null: a browser sends every field of its form, empty or not) is
     * null with no problem, left to the service as the API's omitted field is.
     */
    public static Integer read(String field, String text, String what, List<FieldProblem> problems) {
        if (text == null) {
            return null; // not sent at all (a script's post, not a browser's form): the service's own default or value
        }
        if (text.isBlank()) {
            problems.add(new FieldProblem(field, "required", "must be given: " + what));
            return null;
        }
        var typed = text.strip();
        try {
            if (!typed.matches("-?[0-9]+")) { // Integer.valueOf takes '+7' and other scripts' digits too
                throw new NumberFormatException(typed);
            }
            return Integer.valueOf(typed);
        } catch (NumberFormatException e) {
            var shown = typed.length() > 40 ? typed.substring(0, 40) + "..." : typed;
            problems.add(new FieldProblem(field, "format", "must be " + what + " ('" + shown + "' is not)"));
            return null;
        }
    }

    /** A number as the form shows it (empty for none). */
    public static String text(Integer value) {
        return value == null ? "" : value.toString();
    }
}
