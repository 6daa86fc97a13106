package dev.switchboard.tenancy.web;

import dev.switchboard.tenancy.AuditLog;
import dev.switchboard.tenancy.AuditedThings;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import tools.jackson.databind.JsonNode;

/**
 * The values of a page of audit entries in words, as the settings pages show them: an id that refers to another thing
 * (a rule's members, a target's rule or queue, a schedule) as that thing's name now, or "a deleted member" once it is
 * gone; a code as the words its module's pages use ({@link AuditedThings#words}); and each module's bookkeeping left out
 * ({@link AuditedThings#internal}). The ids are looked up once for the whole page, by kind.
 */
final class ActivityValues {

    /** A key whose value is the id of a thing of another kind: which kind, and what it reads as once gone. */
    record Reference(String entityType, String gone) {
    }

    /** The keys the modules store references under, whatever the entry is about. */
    static final Map<String, Reference> REFERENCES = Map.of(
            "member_id", new Reference("team_member", "a deleted member"),
            "member_ids", new Reference("team_member", "a deleted member"),
            "assigned_member_id", new Reference("team_member", "a deleted member"),
            "rule_id", new Reference("routing_rule", "a deleted routing rule"),
            "routing_rule_id", new Reference("routing_rule", "a deleted routing rule"),
            "queue_id", new Reference("call_queue", "a deleted call queue"),
            "schedule_id", new Reference("schedule", "a deleted schedule"),
            "ivr_menu_id", new Reference("ivr_menu", "a deleted call flow"));

    private final List<AuditedThings> things;
    /** Entity type -> id -> name now, for every id the page's entries refer to that still exists. */
    private final Map<String, Map<String, String>> names = new HashMap<>();

    ActivityValues(List<AuditedThings> things, List<AuditLog.Entry> entries) {
        this.things = things;
        var ids = new HashMap<String, Set<String>>();
        for (var e : entries) {
            collect(e.before(), ids);
            collect(e.after(), ids);
        }
        ids.forEach((type, wanted) -> {
            var found = new HashMap<String, String>();
            for (var t : things) {
                t.find(type, wanted).forEach((id, shown) -> found.put(id, shown.name()));
            }
            names.put(type, found);
        });
    }

    /** How the values of an entry about {@code entityType} read. */
    ChangeDetails.Values of(String entityType) {
        var hidden = new HashSet<String>();
        things.forEach(t -> hidden.addAll(t.internal(entityType)));
        return new ChangeDetails.Values() {
            @Override
            public String say(String field, String value) {
                var reference = REFERENCES.get(field);
                if (reference != null && isId(value)) {
                    var name = names.getOrDefault(reference.entityType(), Map.of()).get(value);
                    return name != null && !name.isBlank() ? name : reference.gone();
                }
                for (var t : things) {
                    var words = t.words(entityType, field, value);
                    if (words != null) {
                        return words;
                    }
                }
                return value;
            }

            @Override
            public boolean hidden(String field) {
                return hidden.contains(field);
            }
        };
    }

    private static void collect(JsonNode node, Map<String, Set<String>> ids) {
        if (node == null) {
            return;
        }
        if (node.isObject()) {
            for (var e : node.properties()) {
                var reference = REFERENCES.get(e.getKey());
                if (reference != null) {
                    var set = ids.computeIfAbsent(reference.entityType(), t -> new HashSet<>());
                    if (e.getValue().isString() && isId(e.getValue().stringValue())) {
                        set.add(e.getValue().stringValue());
                    }
                    if (e.getValue().isArray()) {
                        e.getValue().forEach(item -> {
                            if (item.isString() && isId(item.stringValue())) {
                                set.add(item.stringValue());
                            }
                        });
                    }
                } else {
                    collect(e.getValue(), ids);
                }
            }
        } else if (node.isArray()) {
            node.forEach(item -> collect(item, ids));
        }
    }

    /** Only a UUID is looked up: a reference field holding anything else is shown as it is. */
    private static boolean isId(String value) {
        try {
            UUID.fromString(value);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
