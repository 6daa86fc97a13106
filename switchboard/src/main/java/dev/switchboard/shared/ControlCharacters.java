package dev.switchboard.shared;

/**
 * Finding and naming control characters (C0, DEL, C1): the rule of {@code dev.switchboard.platform.Text}, here so that
 * {@link PhoneNumber}, which cannot use the platform module, refuses a number with the same rule and the same words.
 */
public final class ControlCharacters {

    private ControlCharacters() {
    }

    /** The first control character in {@code text}, or -1 (also for null); tab, CR and LF pass when {@code multiLine}. */
    public static int first(String text, boolean multiLine) {
        if (text == null) {
            return -1;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (isControl(c) && !(multiLine && (c == '\t' || c == '\n' || c == '\r'))) {
                return c;
            }
        }
        return -1;
    }

    /** The words for a refused control character {@code c}. */
    public static String message(int c) {
        return String.format("must not contain control characters (U+%04X%s)", c, switch (c) {
            case 0 -> ", the NUL character";
            case '\t' -> ", a tab";
            case '\n', '\r' -> ", a line break: this text is one line";
            default -> "";
        });
    }

    private static boolean isControl(char c) {
        return c <= 0x1F || (c >= 0x7F && c <= 0x9F);
    }
}
