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
}
