package dev.switchboard.directory;

import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The name a member's voicemail greeting recorded by phone is stored under ({@code greeting-<member id>}): the file
 * has no name of its own, and the member's id (not their name, which changes) says whose it is, so the pages can name
 * it by the member as they are called now, or were called when removed.
 */
public final class GreetingFileName {

    private static final String PREFIX = "greeting-";
    private static final Pattern NAME = Pattern.compile(Pattern.quote(PREFIX)
            + "([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})");

    private GreetingFileName() {
    }

    /** The name {@code memberId}'s greeting recorded by phone is stored under. */
    public static String of(UUID memberId) {
        return PREFIX + memberId;
    }

    /** The member whose greeting recorded by phone a file named {@code name} is; empty for any other name. */
    public static Optional<UUID> memberOf(String name) {
        var m = name == null ? null : NAME.matcher(name);
        return m != null && m.matches() ? Optional.of(UUID.fromString(m.group(1))) : Optional.empty();
    }
}
