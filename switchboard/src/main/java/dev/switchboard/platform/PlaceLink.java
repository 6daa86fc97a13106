package dev.switchboard.platform;

/**
 * A place that still uses something a delete was refused for, as a page lists it: {@code place} in words ("routing rule
 * 'Weekdays'", "IVR menu 'Main'"), linked to {@code href}, the page where that very place is changed (null: no page
 * changes it, as a call in progress), then which of its parts use it, as " (members, no-answer target)" (empty when it
 * is all of it). Every in-use refusal on the pages (a member, a rule, a menu, a queue, an audio file) lists its places
 * so, with the fragment {@code fragments/ui :: uses}, so that the person can go and change each. Serializable: the list is
 * shown after the refusal's redirect, kept in the session (a flash attribute) in PostgreSQL in between.
 */
public record PlaceLink(String place, String href, String parts) implements java.io.Serializable {

    public PlaceLink {
        parts = parts == null ? "" : parts;
    }

    /** {@code parts} as the list shows them: " (members, no-answer target)", or nothing for none. */
    public static String parts(java.util.List<String> parts) {
        return parts == null || parts.isEmpty() ? "" : " (" + String.join(", ", parts) + ")";
    }
}
