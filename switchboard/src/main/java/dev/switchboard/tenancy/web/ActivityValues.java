package dev.switchboard.tenancy.web;

import dev.switchboard.tenancy.AuditLog;
import dev.switchboard.tenancy.AuditedThings;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * The values of a page of audit entries in words, as the settings pages show them: an id that refers to another thing
 * (a rule's members, a target's rule or queue, a job's customer, a greeting's recording) as that thing's name now, or "a
 * deleted member" once it is gone; a code as the words its module's pages use ({@link AuditedThings#words}); an instant
 * or a day in the company's timezone as the page says its own times; a field in its form's words
 * ({@link AuditedThings#label}); an added thing by its summary ({@link AuditedThings#summary}); and each module's
 * bookkeeping left out ({@link AuditedThings#internal}). The ids are looked up once for the whole page, by kind.
 */
final class ActivityValues {

    /** A key whose value is the id of a thing of another kind: which kind, and what it reads as once gone. */
    record Reference(String entityType, String gone) {
    }

    /**
     * What an id names that no module has (any more): a call gone from the log, or an id under a key no module names,
     * which shows nothing to an owner as it is.
     */
    static final String REMOVED = "(removed)";
    /** The keys the modules store references under, whatever the entry is about. */
    static final Map<String, Reference> REFERENCES = Map.ofEntries(
            Map.entry("member_id", new Reference("team_member", "a deleted member")),
            Map.entry("member_ids", new Reference("team_member", "a deleted member")),
            Map.entry("assigned_member_id", new Reference("team_member", "a deleted member")),
            Map.entry("rule_id", new Reference("routing_rule", "a deleted routing rule")),
            Map.entry("routing_rule_id", new Reference("routing_rule", "a deleted routing rule")),
            Map.entry("queue_id", new Reference("call_queue", "a deleted call queue")),
            Map.entry("schedule_id", new Reference("schedule", "a deleted schedule")),
            Map.entry("ivr_menu_id", new Reference("ivr_menu", "a deleted call flow")),
            Map.entry("customer_id", new Reference("customer", "a deleted customer")),
            Map.entry("job_id", new Reference("job", "a deleted job")),
            Map.entry("call_id", new Reference("call", REMOVED)));
    /** Every key ending so holds an audio file's id ({@code greeting_media_id}, {@code hold_media_id}). */
    static final String MEDIA_SUFFIX = "media_id";
    static final Reference MEDIA = new Reference("media", "a deleted audio file");
    /** The key of an audio file's name in its entries. */
    static final String FILE_NAME = "original_name";
    private static final Pattern DAY = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");
    private static final Pattern INSTANT = Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}.*(Z|[+-]\\d{2}:\\d{2})");

    private final List<AuditedThings> things;
    private final ZoneId zone;
    /** Entity type -> id -> its name now and page, for every id the page's entries refer to that still exists. */
    private final Map<String, Map<String, AuditedThings.Shown>> names = new HashMap<>();
    /** An audio file's stored name -> its words and page, for the names a module gave files it stored ({@link AuditedThings#fileNames}). */
    private final Map<String, AuditedThings.Shown> files = new HashMap<>();

    ActivityValues(List<AuditedThings> things, List<AuditLog.Entry> entries, ZoneId zone) {
        this.things = things;
        this.zone = zone;
        var ids = new HashMap<String, Set<String>>();
        for (var e : entries) {
            var own = own(e.entityType());
            collect(e.before(), own, ids);
            collect(e.after(), own, ids);
        }
        ids.forEach((type, wanted) -> {
            var found = new HashMap<String, AuditedThings.Shown>();
            for (var t : things) {
                found.putAll(t.find(type, wanted));
            }
            names.put(type, found);
        });
        // The files' names, as the entries hold them and as the files are named now, each put into words once.
        var fileNames = new HashSet<String>();
        for (var e : entries) {
            if (e.entityType().equals(MEDIA.entityType())) {
                for (var node : new JsonNode[] {e.before(), e.after()}) {
                    var name = node == null ? null : node.get(FILE_NAME);
                    if (name != null && name.isString()) {
                        fileNames.add(name.stringValue());
                    }
                }
            }
        }
        names.getOrDefault(MEDIA.entityType(), Map.of()).values().forEach(f -> {
            if (f.name() != null) {
                fileNames.add(f.name());
            }
        });
        if (!fileNames.isEmpty()) {
            things.forEach(t -> files.putAll(t.fileNames(fileNames)));
        }
    }

    /** An audio file's stored name in words (a greeting recorded by phone, by its member) with its page; null for a name of its own. */
    AuditedThings.Shown file(String storedName) {
        return storedName == null ? null : files.get(storedName);
    }

    /**
     * What a key refers to when it holds an id; null for none. A key no module names ({@code widget_id}) is asked of
     * the kind its name says ({@code widget}): no module answering, its id reads as {@link #REMOVED}.
     */
    static Reference reference(String key) {
        var known = REFERENCES.get(key);
        if (known != null) {
            return known;
        }
        if (key.endsWith(MEDIA_SUFFIX)) {
            return MEDIA;
        }
        var kind = key.endsWith("_ids") ? key.substring(0, key.length() - 4) : key.endsWith("_id") ? key.substring(0, key.length() - 3) : key;
        return new Reference(kind, REMOVED);
    }

    /** A value the entry holds under no key of its own (the ids of a reorder) is an id of the entry's own kind. */
    private static Reference own(String entityType) {
        return new Reference(entityType, "a deleted " + ActivityKinds.of(entityType).noun());
    }

    /** How the values of an entry about {@code entityType} read. */
    ChangeDetails.Values of(String entityType) {
        var hidden = new HashSet<String>();
        things.forEach(t -> hidden.addAll(t.internal(entityType)));
        var summary = things.stream().map(t -> t.summary(entityType)).filter(s -> !s.isEmpty()).findFirst().orElse(List.of());
        return new ChangeDetails.Values() {
            @Override
            public String say(String field, String value) {
                var reference = field == null ? own(entityType) : reference(field);
                if (isId(value)) {
                    var shown = shown(reference, value);
                    return shown != null ? shown.name() : reference.gone();
                }
                if (FILE_NAME.equals(field) && entityType.equals(MEDIA.entityType()) && file(value) != null) {
                    return file(value).name();
                }
                if (field != null) {
                    for (var t : things) {
                        var words = t.words(entityType, field, value);
                        if (words != null) {
                            return words;
                        }
                    }
                }
                return time(value);
            }

            @Override
            public String href(String field, String value) {
                if (isId(value)) {
                    var shown = shown(field == null ? own(entityType) : reference(field), value);
                    return shown == null ? null : shown.href();
                }
                return FILE_NAME.equals(field) && entityType.equals(MEDIA.entityType()) && file(value) != null ? file(value).href() : null;
            }

            @Override
            public AuditedThings.Shown file(String storedName) {
                return ActivityValues.this.file(storedName);
            }

            @Override
            public boolean hidden(String field) {
                return hidden.contains(field);
            }

            @Override
            public String label(String field) {
                for (var t : things) {
                    var label = t.label(entityType, field);
                    if (label != null) {
                        return label;
                    }
                }
                // A reference shows a name, so its label says what it names, not that it is an id.
                if (field.endsWith("_" + MEDIA_SUFFIX)) {
                    return ChangeDetails.words(field.substring(0, field.length() - MEDIA_SUFFIX.length() - 1)) + " recording";
                }
                // Any key holding ids is one, known or not ("user_id": "User Maria Lopez", not "User id Maria Lopez").
                if (REFERENCES.containsKey(field) || field.endsWith("_id") || field.endsWith("_ids")) {
                    return ChangeDetails.words(field.endsWith("_ids") ? field.substring(0, field.length() - 4) + "s"
                            : field.substring(0, field.length() - 3));
                }
                return ChangeDetails.words(field);
            }

            @Override
            public List<String> summary() {
                return summary;
            }
        };
    }

    /**
     * The thing {@code id} of the reference's kind as it is now, named; a file by its words when a module gave it its
     * name ({@link #file}); null when it is gone or has no name.
     */
    private AuditedThings.Shown shown(Reference reference, String id) {
        var shown = names.getOrDefault(reference.entityType(), Map.of()).get(id);
        if (shown == null || shown.name() == null || shown.name().isBlank()) {
            return null;
        }
        var file = reference == MEDIA ? file(shown.name()) : null;
        return file != null ? file : shown;
    }

    /** An instant (as JSON holds one, in UTC) in the company's timezone and a day as the page says them; else the value. */
    private String time(String value) {
        try {
            if (INSTANT.matcher(value).matches()) {
                return ActivityEntry.WHEN.format(OffsetDateTime.parse(value).atZoneSameInstant(zone));
            }
            if (DAY.matcher(value).matches()) {
                return ActivityEntry.DAY.format(LocalDate.parse(value));
            }
        } catch (DateTimeParseException notATime) {
            // Looks like one but is not: shown as it is.
        }
        return value;
    }

    private static void collect(JsonNode node, Reference reference, Map<String, Set<String>> ids) {
        if (node == null) {
            return;
        }
        if (node.isObject()) {
            for (var e : node.properties()) {
                collect(e.getValue(), reference(e.getKey()), ids);
            }
        } else if (node.isArray()) {
            node.forEach(item -> collect(item, reference, ids));
        } else if (node.isString() && isId(node.stringValue())) {
            ids.computeIfAbsent(reference.entityType(), t -> new HashSet<>()).add(node.stringValue());
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
