package dev.switchboard.shared;

import java.util.regex.Pattern;

/** The one check of what counts as an email address here: something@domain.tld, at most 254 characters. */
public final class EmailAddress {

    private static final Pattern SHAPE = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");

    private EmailAddress() {
    }

    public static boolean isValid(String text) {
        return text != null && text.length() <= 254 && SHAPE.matcher(text.strip()).matches();
    }
}
