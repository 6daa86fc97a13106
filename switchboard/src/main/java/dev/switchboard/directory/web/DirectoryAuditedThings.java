package dev.switchboard.directory.web;

import dev.switchboard.directory.Members;
import dev.switchboard.tenancy.AuditedThings;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.springframework.stereotype.Component;

/** The team members the activity page names (their settings and their availability), with their edit page. */
@Component
class DirectoryAuditedThings implements AuditedThings {

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
}
