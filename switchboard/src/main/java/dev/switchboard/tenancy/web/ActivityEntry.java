package dev.switchboard.tenancy.web;

import dev.switchboard.tenancy.AuditLog;
import dev.switchboard.tenancy.AuditedThings;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import tools.jackson.databind.JsonNode;

/**
 * One audit entry in words: "Maria Lopez changed routing rule 'VIP customers' on Fri 4 Dec 2026 at 7:00 PM", in parts
 * so the page can link the thing's name ({@code href}, null once the thing is gone), and its changes field by field.
 *
 * @param thing the noun and, when it has one, the name in quotes ("routing rule 'VIP customers'"); empty when the
 *              action says it all ("reordered the routing rules")
 */
record ActivityEntry(long id, Instant at, String who, String did, String thing, String href, String tail, String when,
        List<ChangeDetails.Row> changes) {

    /** As every page writes a date and time ({@link dev.switchboard.tenancy.DisplayFormats#DATE_TIME}). */
    static final DateTimeFormatter WHEN = dev.switchboard.tenancy.DisplayFormats.DATE_TIME;
    /** A day without a time, as every page writes it. */
    static final DateTimeFormatter DAY = dev.switchboard.tenancy.DisplayFormats.DATE;

    /** The whole sentence, as plain text. */
    String sentence() {
        return who + " " + did + (thing.isEmpty() ? "" : " " + thing) + tail + " on " + when;
    }

    static ActivityEntry of(AuditLog.Entry e, String who, AuditedThings.Shown shown, ZoneId zone) {
        return of(e, who, shown, zone, ChangeDetails.Values.AS_STORED);
    }

    /** {@code values}: how the entry's values read (names for ids, words for codes). */
    static ActivityEntry of(AuditLog.Entry e, String who, AuditedThings.Shown shown, ZoneId zone, ChangeDetails.Values values) {
        var kind = ActivityKinds.of(e.entityType());
        var action = e.action() == null ? "" : e.action();
        String did;
        String tail = "";
        boolean named = true;
        switch (action) {
            case "create" -> did = "added";
            case "update" -> did = "changed";
            case "delete" -> did = "deleted";
            case "revoke" -> did = "revoked";
            case "upload" -> did = "uploaded";
            case "cancel" -> did = "cancelled";
            case "restore" -> did = "restored";
            // A voicemail message deleted for good from the Deleted folder (by a person, or by the system 30 days on).
            case "purge" -> did = "permanently deleted";
            case "move up", "move down" -> {
                did = "moved";
                tail = action.substring("move".length());
            }
            case "extension assigned" -> did = "assigned an extension to";
            // Only the member themselves records their greeting by phone.
            case "greeting recorded by phone" -> {
                did = "changed their voicemail greeting by phone";
                named = false;
            }
            case "status" -> did = "set the status of";
            case "vacation" -> did = "set a vacation for";
            case "vacation cleared" -> did = "cleared the vacation of";
            case "do-not-disturb" -> did = "turned on do-not-disturb for";
            case "do-not-disturb cleared" -> did = "turned off do-not-disturb for";
            case "reorder" -> {
                did = "reordered the " + kind.plural().toLowerCase(Locale.ROOT);
                named = false;
            }
            case "signup" -> {
                did = "signed the company up";
                named = false;
            }
            case "setup-completed" -> {
                did = "finished the setup wizard";
                named = false;
            }
            case "setup-reopened" -> {
                did = "reopened the setup wizard";
                named = false;
            }
            default -> {
                if (action.startsWith("update (")) {
                    did = "changed";
                    tail = " " + action.substring("update ".length());
                } else if (action.startsWith("cancel (")) {
                    did = "cancelled";
                    tail = " " + action.substring("cancel ".length());
                } else if (action.equals("import") || action.startsWith("import ")) {
                    did = "imported " + kind.plural().toLowerCase(Locale.ROOT) + action.substring("import".length());
                    named = false;
                } else {
                    did = action.replace('_', ' ').replace('-', ' ');
                }
            }
        }
        String thing = "";
        var href = shown == null ? null : shown.href();
        if (named) {
            thing = kind.noun();
            // An audio file is what it is for: "uploaded greeting 'after-hours.wav'".
            var purpose = purpose(e.after() != null ? e.after() : e.before());
            if (e.entityType().equals("media") && purpose != null) {
                thing = values.say("purpose", purpose);
            }
            if (e.entityType().equals("voicemail_box") && "general".equals(e.entityId())) {
                thing = "the general voicemail box";
            } else if (!thing.startsWith("the ") && !thing.startsWith("a ") && !thing.startsWith("an ")) {
                var name = name(e.after());
                name = name != null ? name : name(e.before());
                name = name != null ? name : shown == null ? null : shown.name();
                // A file stored under a name given for someone (a greeting recorded by phone) is named by whom it is for.
                var file = e.entityType().equals("media") ? values.file(name) : null;
                if (file != null) {
                    name = file.name();
                    href = file.href();
                }
                if (name != null && !name.isBlank()) {
                    thing += " '" + name + "'";
                }
            }
        }
        return new ActivityEntry(e.id(), e.at(), who, did, thing, href, tail,
                WHEN.format(e.at().atZone(zone)), ChangeDetails.of(e.before(), e.after(), values));
    }

    private static String purpose(JsonNode node) {
        var purpose = node == null ? null : node.get("purpose");
        return purpose != null && purpose.isString() ? purpose.stringValue() : null;
    }

    /** What the entry's object calls itself: a name, title or email; a holiday's is in its rule. */
    static String name(JsonNode node) {
        if (node == null || !node.isObject()) {
            return null;
        }
        for (var field : List.of("name", "display_name", "title", "original_name", "email")) {
            var v = node.get(field);
            if (v != null && v.isString() && !v.stringValue().isBlank()) {
                return v.stringValue();
            }
        }
        var rule = node.get("rule");
        return rule != null && rule.isObject() ? name(rule) : null;
    }
}
