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
 * ("Strategy › Kind"), lists of plain values joined, and for a change only the fields that changed; an added or deleted
 * thing is summed up ({@link Values#summary}) by the fields that hold something. Bookkeeping fields (ids, the company,
 * creation and update times, versions, and what {@link Values} hides), wherever they are nested, are left out: they
 * change on every save and say nothing about what was changed. Fields and values read as {@link Values} says (an id as
 * the name of what it refers to, a code in words, a field as its form labels it).
 */
final class ChangeDetails {

    /**
     * One field: its name in words, and its value before and after ("" where that side has none), each with the page
     * of the thing it names when it names one that has a page (a call, a member), else null.
     */
    record Row(String field, String before, String after, String beforeHref, String afterHref) {

        Row(String field, String before, String after) {
            this(field, before, after, null, null);
        }
    }

    /** How an entry's values read: a value in words, and the keys left out. */
    interface Values {

        /** Every value as it is stored. */
        Values AS_STORED = new Values() {
        };

        /**
         * {@code value}, stored under {@code field} (its own key; null for a value the entry holds under no key, such
         * as the list of a reorder), in words; the value itself when there are none.
         */
        default String say(String field, String value) {
            return value;
        }

        /** The page of what {@code value}, stored under {@code field}, names (as {@link #say} names it); null for none. */
        default String href(String field, String value) {
            return null;
        }

        /**
         * An audio file's name as stored, in words with its page, when a module gave it that name for someone (a
         * greeting recorded by phone); null for a name of the file's own.
         */
        default dev.switchboard.tenancy.AuditedThings.Shown file(String storedName) {
            return null;
        }

        /** Whether {@code field} is bookkeeping to leave out, wherever it is. */
        default boolean hidden(String field) {
            return false;
        }

        /** The key {@code field} in words. */
        default String label(String field) {
            return words(field);
        }

        /** The keys an added or deleted thing is summed up by, in order; empty for every key it has. */
        default List<String> summary() {
            return List.of();
        }
    }

    private static final Set<String> BOOKKEEPING = Set.of("id", "company_id", "created_at", "updated_at", "version");
    static final String NONE = "(none)";

    private ChangeDetails() {
    }

    static List<Row> of(JsonNode before, JsonNode after) {
        return of(before, after, Values.AS_STORED);
    }

    static List<Row> of(JsonNode before, JsonNode after, Values values) {
        if (before == null || after == null) {
            return summary(before, after, values);
        }
        var wasLinks = new LinkedHashMap<String, String>();
        var nowLinks = new LinkedHashMap<String, String>();
        var was = flatten(before, values, wasLinks);
        var now = flatten(after, values, nowLinks);
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
            rows.add(new Row(field, b, a, wasLinks.get(field), nowLinks.get(field)));
        }
        return rows;
    }

    /**
     * An added (or deleted) thing, on its one side: the fields of its summary (all of them without one) that hold
     * something; "(none)" says nothing of a thing that never had it.
     */
    private static List<Row> summary(JsonNode before, JsonNode after, Values values) {
        var node = after != null ? after : before;
        if (node == null || node.isNull()) {
            return List.of();
        }
        var fields = new LinkedHashMap<String, String>();
        var links = new LinkedHashMap<String, String>();
        if (node.isObject() && !values.summary().isEmpty()) {
            for (var key : values.summary()) {
                var value = node.get(key);
                if (value != null && !values.hidden(key)) {
                    flatten(values.label(key), key, value, fields, links, values);
                }
            }
        } else {
            fields.putAll(flatten(node, values, links));
        }
        var rows = new ArrayList<Row>();
        fields.forEach((field, value) -> {
            if (!value.isBlank() && !value.equals(NONE)) {
                rows.add(after != null ? new Row(field, "", value, null, links.get(field)) : new Row(field, value, "", links.get(field), null));
            }
        });
        return rows;
    }

    /** Field name in words -> value in words; a value that is no object is one field, "Value". */
    static Map<String, String> flatten(JsonNode node, Values values) {
        return flatten(node, values, new LinkedHashMap<>());
    }

    /** As {@link #flatten(JsonNode, Values)}, putting in {@code links} the page of each field whose one value names a thing that has one. */
    private static Map<String, String> flatten(JsonNode node, Values values, Map<String, String> links) {
        var out = new LinkedHashMap<String, String>();
        if (node != null && !node.isNull()) {
            flatten("", null, node, out, links, values);
        }
        return out;
    }

    /** {@code key}: the JSON key the node is stored under (an array's for its items), null at the top. */
    private static void flatten(String path, String key, JsonNode node, Map<String, String> out, Map<String, String> links,
            Values values) {
        if (node.isObject()) {
            for (var e : node.properties()) {
                if (BOOKKEEPING.contains(e.getKey()) || values.hidden(e.getKey())) {
                    continue;
                }
                // A key labelled "" only holds fields that read as the entry's own.
                var label = values.label(e.getKey());
                flatten(path.isEmpty() || label.isEmpty() ? path + label : path + " › " + label, e.getKey(), e.getValue(), out, links,
                        values);
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
                var plainValues = new ArrayList<String>();
                node.forEach(item -> plainValues.add(value(key, item, values)));
                out.put(name, String.join(", ", plainValues));
            } else {
                int i = 1;
                for (var item : node) {
                    flatten(name + " " + i++, key, item, out, links, values);
                }
            }
        } else {
            var field = path.isEmpty() ? "Value" : path;
            out.put(field, value(key, node, values));
            var href = node.isString() ? values.href(key, node.stringValue()) : null;
            if (href != null) {
                links.put(field, href);
            }
        }
    }

    private static String value(String key, JsonNode node, Values values) {
        if (node.isNull()) {
            return NONE;
        }
        if (node.isBoolean()) {
            // A flag may stand for a choice with words of its own (an hours override's opening or closing).
            var raw = String.valueOf(node.booleanValue());
            var said = values.say(key, raw);
            return !said.equals(raw) ? said : node.booleanValue() ? "yes" : "no";
        }
        if (node.isString()) {
            return values.say(key, node.stringValue());
        }
        // A number may be a code too (a holiday's minutes after midnight, said as a time of day).
        return node.isNumber() ? values.say(key, node.toString()) : node.toString();
    }

    /** {@code ring_timeout_seconds} -> "Ring timeout seconds"; {@code ringTimeout} -> "Ring timeout". */
    static String words(String key) {
        var spaced = key.replaceAll("([a-z0-9])([A-Z])", "$1 $2").replace('_', ' ').toLowerCase(Locale.ROOT).strip();
        return spaced.isEmpty() ? key : Character.toUpperCase(spaced.charAt(0)) + spaced.substring(1);
    }
}
