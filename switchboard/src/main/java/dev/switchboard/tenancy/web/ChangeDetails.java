package dev.switchboard.tenancy.web;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * An audit entry's before and after, as rows an owner can read: one per field, nested fields named by their path
 * ("Strategy › Kind"), lists of plain values joined, and for a change only the fields that changed. Bookkeeping fields
 * (ids, creation and update times) are left out: they change on every save and say nothing about what was changed.
 */
final class ChangeDetails {

    /** One field: its name in words, and its value before and after ("" where that side has none). */
    record Row(String field, String before, String after) {
    }

    private static final Set<String> BOOKKEEPING = Set.of("id", "company_id", "created_at", "updated_at");
    static final String NONE = "(none)";

    private ChangeDetails() {
    }

    static List<Row> of(JsonNode before, JsonNode after) {
        var was = flatten(before);
        var now = flatten(after);
        var fields = new LinkedHashSet<String>(now.keySet());
        fields.addAll(was.keySet());
        var rows = new ArrayList<Row>();
        for (var field : fields) {
            var b = before == null ? "" : Objects.requireNonNullElse(was.get(field), NONE);
            var a = after == null ? "" : Objects.requireNonNullElse(now.get(field), NONE);
            // An empty list that became a list of objects has no field of its own on the after side: "(none)" both ways.
            if (before != null && after != null && b.equals(a)) {
                continue;
            }
            rows.add(new Row(field, b, a));
        }
        return rows;
    }

    /** Field name in words -> value in words; a value that is no object is one field, "Value". */
    static Map<String, String> flatten(JsonNode node) {
        var out = new LinkedHashMap<String, String>();
        if (node != null && !node.isNull()) {
            flatten("", node, out, true);
        }
        return out;
    }

    private static void flatten(String path, JsonNode node, Map<String, String> out, boolean top) {
        if (node.isObject()) {
            for (var e : node.properties()) {
                if (top && BOOKKEEPING.contains(e.getKey())) {
                    continue;
                }
                flatten(path.isEmpty() ? words(e.getKey()) : path + " › " + words(e.getKey()), e.getValue(), out, false);
            }
            if (node.isEmpty() && !path.isEmpty()) {
                out.put(path, NONE);
            }
        } else if (node.isArray()) {
            var name = path.isEmpty() ? "Value" : path;
            boolean plain = true;
            for (var item : node) {
                plain &= !item.isContainer();
            }
            if (node.isEmpty()) {
                out.put(name, NONE);
            } else if (plain) {
                var values = new ArrayList<String>();
                node.forEach(item -> values.add(value(item)));
                out.put(name, String.join(", ", values));
            } else {
                int i = 1;
                for (var item : node) {
                    flatten(name + " " + i++, item, out, false);
                }
            }
        } else {
            out.put(path.isEmpty() ? "Value" : path, value(node));
        }
    }

    private static String value(JsonNode node) {
        if (node.isNull()) {
            return NONE;
        }
        if (node.isBoolean()) {
            return node.booleanValue() ? "yes" : "no";
        }
        return node.isString() ? node.stringValue() : node.toString();
    }

    /** {@code ring_timeout_seconds} -> "Ring timeout seconds"; {@code ringTimeout} -> "Ring timeout". */
    static String words(String key) {
        var spaced = key.replaceAll("([a-z0-9])([A-Z])", "$1 $2").replace('_', ' ').toLowerCase(Locale.ROOT).strip();
        return spaced.isEmpty() ? key : Character.toUpperCase(spaced.charAt(0)) + spaced.substring(1);
    }
}
