package dev.switchboard.platform;

/**
 * A value written to a CSV file as text a spreadsheet never runs as a formula (CSV injection): names, notes and tags are
 * typed by people, a caller id comes from outside. Shared by every export (the call log, the analytics tables, the
 * customers).
 */
public final class SpreadsheetText {

    private SpreadsheetText() {
    }

    /**
     * {@code value} itself, unless it is text that would start a formula ({@code =}, {@code @}, a tab or carriage return,
     * or {@code +} or {@code -} not followed by digits only, as a phone number is): that is quoted with a leading
     * apostrophe, as OWASP advises.
     */
    public static Object of(Object value) {
        if (!(value instanceof String s) || s.isEmpty()) {
            return value;
        }
        char first = s.charAt(0);
        boolean formula = first == '=' || first == '@' || first == '\t' || first == '\r'
                || ((first == '+' || first == '-') && !s.substring(1).matches("[0-9]+"));
        return formula ? "'" + s : s;
    }

    /**
     * A cell read back from such a file: the apostrophe {@link #of} put before a text that would start a formula is taken
     * off, so an export imports back as it was ("- prefers mornings", "@Home Plumbing"); any other text is as it is.
     */
    public static String unquote(String cell) {
        if (cell == null || cell.length() < 2 || cell.charAt(0) != '\'') {
            return cell;
        }
        var rest = cell.substring(1);
        return cell.equals(of(rest)) ? rest : cell;
    }
}
