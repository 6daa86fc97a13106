package dev.switchboard.tenancy;

import java.util.Map;
import java.util.Set;

/**
 * The things the audit log names, as the modules that own them see them now: each module answers for the entity types
 * it records, so the activity page can link to a routing rule or a holiday that still exists (and name it when its entry
 * holds no name) without the tenancy module depending on those modules.
 */
public interface AuditedThings {

    /** A thing that still exists: its name now (null when it has none) and the web page that shows it. */
    record Shown(String name, String href) {
    }

    /**
     * Those of {@code ids} (as the audit log stores them) of {@code entityType} that still exist, by id. Types this
     * module does not record, and ids gone, are absent. Called inside the signed-in company's transaction.
     */
    Map<String, Shown> find(String entityType, Set<String> ids);

    /**
     * Those of {@code names} (audio files' names as stored, by the audit log's entries and as the files are named now)
     * that this module gave a file it stored for someone ({@code greeting-<member id>}, a greeting recorded by phone), in
     * words ("Voicemail greeting of Dana Ruiz") with the page of whom it is for while there is one; the rest are absent.
     * Called once for a page of entries.
     */
    default Map<String, Shown> fileNames(Set<String> names) {
        return Map.of();
    }

    /**
     * A code of this module's in an entry of {@code entityType}, in the words its settings pages use for it
     * ({@code SIMULTANEOUS} in a routing rule's {@code type}: "Simultaneous ring"), so the activity page shows what the
     * owner chose rather than the code it is stored as; null when the field is not this module's or the value no code.
     *
     * @param field the value's own key in the entry's JSON ({@code type}, {@code kind}, {@code default_strategy})
     */
    default String words(String entityType, String field, String value) {
        return null;
    }

    /**
     * The keys of {@code entityType}'s entries that are this module's own bookkeeping rather than a setting anyone chose
     * (a routing rule's round-robin pointer, which moves with every call), left out of what changed.
     */
    default Set<String> internal(String entityType) {
        return Set.of();
    }

    /**
     * A key of {@code entityType}'s entries in the words of the form that sets it ({@code sip_address}: "SIP address"),
     * so what changed names a field as the owner knows it; null when the key is not this module's.
     */
    default String label(String entityType, String field) {
        return null;
    }

    /**
     * The keys an added or deleted {@code entityType} is summed up by, in the order to show them: its name and the
     * few fields an owner sets, not every column it has. Empty when this module does not record the type (every field
     * that holds something is shown then).
     */
    default java.util.List<String> summary(String entityType) {
        return java.util.List.of();
    }
}
