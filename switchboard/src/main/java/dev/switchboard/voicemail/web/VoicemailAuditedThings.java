package dev.switchboard.voicemail.web;

import dev.switchboard.directory.Members;
import dev.switchboard.tenancy.AuditedThings;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * The voicemail boxes the activity page names: the general one (always there) and each member's (there while the
 * member is), all set on the Voicemail tab.
 */
@Component
class VoicemailAuditedThings implements AuditedThings {

    private final Members members;

    VoicemailAuditedThings(Members members) {
        this.members = members;
    }

    @Override
    public Map<String, Shown> find(String entityType, Set<String> ids) {
        var found = new HashMap<String, Shown>();
        if (entityType.equals("voicemail_box")) {
            if (ids.contains("general")) {
                found.put("general", new Shown(null, VoicemailTab.URL));
            }
            members.list().stream().filter(m -> ids.contains(m.id().toString()))
                    .forEach(m -> found.put(m.id().toString(), new Shown(m.name(), VoicemailTab.URL)));
        }
        return found;
    }
}
