package dev.switchboard.tenancy.web;

import dev.switchboard.platform.ForbiddenException;
import dev.switchboard.tenancy.Actor;
import dev.switchboard.tenancy.AuditLog;
import dev.switchboard.tenancy.AuditedThings;
import dev.switchboard.tenancy.Companies;
import jakarta.servlet.http.HttpServletResponse;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * Settings · Activity: the audit log in words, for owners and admins (as {@code GET /api/v1/audit-log}), so an owner can
 * see who changed the routing, the hours or the team, and when: newest first, older pages by keyset, filtered by kind
 * of thing and by who. Each entry links to its thing while that still exists (asked of the module that owns it, through
 * {@link AuditedThings}) and shows what changed, field by field.
 */
@Controller
class ActivityPage {

    static final String URL = "/settings/activity";
    static final int PAGE = 50;
    /** What the "who" filter sends for the system's entries (no user made them). */
    static final String SYSTEM = "system";

    private final AuditLog audit;
    private final Companies companies;
    private final List<AuditedThings> things;

    ActivityPage(AuditLog audit, Companies companies, List<AuditedThings> things) {
        this.audit = audit;
        this.companies = companies;
        this.things = things;
    }

    @GetMapping(URL)
    String page(@RequestParam(required = false) String kind, @RequestParam(required = false) String who,
            @RequestParam(required = false) String before, Model model, HttpServletResponse response) {
        var actor = Actor.current().orElseThrow(() -> new ForbiddenException("not signed in"));
        if (!actor.canConfigure()) {
            throw new ForbiddenException("only an owner or admin can see the company's activity");
        }
        var authors = audit.authors();
        var names = new HashMap<UUID, String>();
        authors.forEach(a -> names.put(a.userId(), a.name()));
        model.addAttribute("kinds", ActivityKinds.ALL.values());
        model.addAttribute("authors", authors);
        model.addAttribute("kind", blankToEmpty(kind));
        model.addAttribute("who", blankToEmpty(who));

        var errors = new LinkedHashMap<String, String>();
        String entityType = null;
        if (kind != null && !kind.isBlank()) {
            if (ActivityKinds.ALL.containsKey(kind.strip())) {
                entityType = kind.strip();
            } else {
                errors.put("kind", "'" + kind + "' is not a kind of thing the activity records: choose one from the list");
            }
        }
        AuditLog.By by = null;
        if (who != null && !who.isBlank()) {
            by = author(who.strip(), names);
            if (by == null) {
                errors.put("who", "'" + who + "' is nobody who made a change here: choose someone from the list");
            }
        }
        Long beforeId = null;
        if (before != null && !before.isBlank()) {
            try {
                beforeId = Long.parseLong(before.strip());
            } catch (NumberFormatException e) {
                beforeId = -1L;
            }
            if (beforeId < 1) {
                errors.put("before", "'" + before + "' is not a place in the activity to page back from (a whole number above 0)");
            }
        }
        List<ActivityEntry> entries = List.of();
        boolean older = false;
        if (errors.isEmpty()) {
            var found = audit.list(new AuditLog.Filter(entityType, by, beforeId, PAGE + 1));
            older = found.size() > PAGE;
            entries = describe(found.subList(0, Math.min(PAGE, found.size())), names, companies.current().timezone());
        } else {
            response.setStatus(422);
        }
        model.addAttribute("errors", errors);
        model.addAttribute("entries", entries);
        model.addAttribute("newest", beforeId != null && errors.isEmpty() ? link(entityType, who, null) : null);
        model.addAttribute("older", older ? link(entityType, who, entries.getLast().id()) : null);
        return "settings/activity";
    }

    /** This page with the same filters (those given), older than {@code beforeId} when given. */
    private static String link(String entityType, String who, Long beforeId) {
        var uri = org.springframework.web.util.UriComponentsBuilder.fromPath(URL);
        if (entityType != null) {
            uri.queryParam("kind", entityType);
        }
        if (who != null && !who.isBlank()) {
            uri.queryParam("who", who.strip());
        }
        if (beforeId != null) {
            uri.queryParam("before", beforeId);
        }
        return uri.build().encode().toUriString();
    }

    /** The filter's "who": the system, or a user who made an entry (a deleted one included); null for anyone else. */
    private static AuditLog.By author(String who, Map<UUID, String> names) {
        if (who.equals(SYSTEM)) {
            return names.containsKey(null) ? AuditLog.By.SYSTEM : null;
        }
        try {
            var id = UUID.fromString(who);
            return names.containsKey(id) ? new AuditLog.By(id) : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private List<ActivityEntry> describe(List<AuditLog.Entry> found, Map<UUID, String> names, ZoneId zone) {
        var idsByType = new HashMap<String, Set<String>>();
        for (var e : found) {
            if (e.entityId() != null) {
                idsByType.computeIfAbsent(e.entityType(), t -> new HashSet<>()).add(e.entityId());
            }
        }
        var shown = new HashMap<String, Map<String, AuditedThings.Shown>>();
        idsByType.forEach((type, ids) -> {
            var all = new HashMap<String, AuditedThings.Shown>();
            for (var t : things) {
                all.putAll(t.find(type, ids));
            }
            shown.put(type, all);
        });
        var values = new ActivityValues(things, found, zone);
        return found.stream().map(e -> ActivityEntry.of(e,
                        who(e, names),
                        e.entityId() == null ? null : shown.getOrDefault(e.entityType(), Map.of()).get(e.entityId()), zone,
                        values.of(e.entityType())))
                .toList();
    }

    /** A user by their name now; a member without a login (by phone) by the name recorded; else the system. */
    private static String who(AuditLog.Entry e, Map<UUID, String> names) {
        if (e.actorId() != null) {
            return Objects.requireNonNullElse(names.get(e.actorId()), e.actor());
        }
        return e.actor() == null || e.actor().equals("system") ? "The system" : e.actor();
    }

    private static String blankToEmpty(String s) {
        return s == null ? "" : s.strip();
    }
}
