package dev.switchboard.platform;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The rule every text a person or a client sends is held to, wherever it comes in (a JSON body, a form, a CSV cell):
 * no control characters. The C0 set (U+0000 to U+001F), DEL (U+007F) and the C1 set (U+0080 to U+009F) are terminal
 * and printer commands, not text: an ESC sequence in a name recolours a supervisor's terminal reading the logs, a BEL
 * or a backspace in a prompt is read out as nothing or garbled by text-to-speech, and NUL cannot be stored at all.
 * A multi-line text (notes, a message to speak or to text, shown as a text area) may hold tab, CR and LF.
 *
 * <p>Everything else is text and is kept: accents, right-to-left scripts, emoji, zero-width joiners, the direction
 * marks (U+200E, U+200F) and the other format characters (Unicode category Cf), which are not control characters.
 */
public final class Text {

    private Text() {
    }

    /**
     * A record component (or field) whose text may span lines: tab, CR and LF are allowed in it. A form's text areas
     * are marked so too (see {@link OneLineFormFields}): the form record's component, the {@code @RequestParam}
     * parameter, or, on a {@code @RequestParam Map} of a form's fields, the names of its text areas in {@link #value}.
     */
    @Retention(RetentionPolicy.RUNTIME)
    @Target({ElementType.RECORD_COMPONENT, ElementType.FIELD, ElementType.PARAMETER, ElementType.METHOD})
    public @interface MultiLine {

        /** On a map of a form's fields only: the fields that are text areas. */
        String[] value() default {};
    }

    /** The first control character {@code text} holds that the rule refuses, or -1 (also for null). */
    public static int controlCharacter(String text, boolean multiLine) {
        return dev.switchboard.shared.ControlCharacters.first(text, multiLine);
    }

    /** The problem with {@code text}, or null: "must not contain control characters (U+001B)". */
    public static String problem(String text, boolean multiLine) {
        int c = controlCharacter(text, multiLine);
        return c < 0 ? null : message(c);
    }

    /** The words for a refused control character {@code c}. */
    public static String message(int c) {
        return dev.switchboard.shared.ControlCharacters.message(c);
    }
}
