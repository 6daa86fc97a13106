package dev.switchboard.directory.web;

import dev.switchboard.directory.Members;
import dev.switchboard.tenancy.AuditedThings;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * The team members the activity page names (their settings and their availability), with their edit page; their
 * status as My status offers it and their state as it shows it.
 */
@Component
class DirectoryAuditedThings implements AuditedThings {

    static final Map<String, String> STATUSES = Map.of("AVAILABLE", "Available", "AWAY", "Away", "OFFLINE", "Offline");
    static final Map<String, String> STATES = Map.of("IDLE", "idle", "RINGING", "ringing", "ON_CALL", "on call",
            "WRAP_UP", "wrap up");

    private final Members members;

    DirectoryAuditedThings(Members members) {
        this.members = members;
    }

    @Override
    public Map<String, Shown> find(String entityType, Set<String> ids) {
        var found = new HashMap<String, Shown>();
        if (entityType.equals("team_member") || entityType.equals("team_availability")) {
            members.list().stream().filter(m -> ids.contains(m.id().toString()))
                    .forEach(m -> found.put(m.id().toString(), new Shown(m.name(), ExtensionsTab.URL + "/" + m.id() + "/edit")));
        }
        return found;
    }

    @Override
    public String words(String entityType, String field, String value) {
        if (!entityType.equals("team_member") && !entityType.equals("team_availability")) {
            return null;
        }
        return switch (field) {
            case "status" -> STATUSES.get(value);
            case "state" -> STATES.get(value);
            default -> null;
        };
    }
}
