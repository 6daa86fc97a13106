package dev.switchboard.directory.web;

import dev.switchboard.directory.Customers;
import dev.switchboard.directory.Job;
import dev.switchboard.directory.Jobs;
import dev.switchboard.directory.Members;
import dev.switchboard.tenancy.AuditedThings;
import dev.switchboard.tenancy.Users;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * The team members the activity page names (their settings and their availability), with their edit page; their
 * status as My status offers it and their state as it shows it. The customers and jobs it names, with their pages; a
 * job's status as the job form offers it ({@link Job.Status#label}); the logins, with their page on Team & logins, and
 * their role as its form offers it. Fields in the words of the forms that set them.
 */
@Component
class DirectoryAuditedThings implements AuditedThings {

    static final Map<String, String> STATUSES = Map.of("AVAILABLE", "Available", "AWAY", "Away", "OFFLINE", "Offline");
    static final Map<String, String> STATES = Map.of("IDLE", "idle", "RINGING", "ringing", "ON_CALL", "on call",
            "WRAP_UP", "wrap up");

    /** The member form's labels (settings/extension-edit.html), without their hints in brackets. */
    static final Map<String, String> MEMBER_LABELS = Map.ofEntries(Map.entry("name", "Name"), Map.entry("email", "Email"),
            Map.entry("role", "Job title"), Map.entry("sip_address", "Desk phone or phone app address"), Map.entry("max_concurrent_calls", "Calls at once"),
            Map.entry("phone_extension", "Extension"), Map.entry("direct_inward_dial", "Direct number"),
            Map.entry("ring_timeout_seconds", "Ring for (seconds)"), Map.entry("voicemail_pin_set", "Voicemail PIN"),
            Map.entry("call_forwarding_number", "Forwarding number"), Map.entry("voicemail_greeting_url", "Voicemail greeting link"),
            Map.entry("extension_enabled", "Extension enabled"), Map.entry("call_forwarding_enabled", "Forward calls"),
            Map.entry("simultaneous_ring_enabled", "Ring phone and forwarding number at once"),
            Map.entry("confirm_forwarded_calls", "Ask to press 1 on the forwarding number"));
    /** What an owner sets when adding a member, in the form's order; the rest are defaults until changed. */
    static final List<String> MEMBER_SUMMARY = List.of("name", "phone_extension", "direct_inward_dial", "email", "role",
            "sip_address", "call_forwarding_number");
    /** What the system keeps of a member's calls, which moves with every call and is nobody's setting. */
    static final Set<String> MEMBER_BOOKKEEPING = Set.of("calls_today", "calls_today_date", "active_calls", "state_changed_at",
            "last_call_ended_at");
    /** The customer form's labels (customers/form.html). */
    static final Map<String, String> CUSTOMER_LABELS = Map.of("name", "Name", "email", "Email", "phone_numbers", "Phone numbers",
            "tags", "Tags", "external_id", "External id", "notes", "Notes");
    /** The job form's labels (customers/job-form.html); the customer is the page the form is on. */
    static final Map<String, String> JOB_LABELS = Map.of("title", "What the job is", "status", "Status",
            "assigned_member_id", "Assigned to", "scheduled_at", "Scheduled");

    /** The login form's labels (settings/team-form.html) without their hints in brackets. */
    static final Map<String, String> USER_LABELS = Map.of("display_name", "Name", "email", "Email", "role", "Role",
            "member_id", "Team member");
    static final List<String> USER_SUMMARY = List.of("display_name", "email", "role", "member_id");

    private final Members members;
    private final Customers customers;
    private final Jobs jobs;
    private final Users users;

    DirectoryAuditedThings(Members members, Customers customers, Jobs jobs, Users users) {
        this.members = members;
        this.customers = customers;
        this.jobs = jobs;
        this.users = users;
    }

    @Override
    public Map<String, Shown> find(String entityType, Set<String> ids) {
        var found = new HashMap<String, Shown>();
        switch (entityType) {
            case "team_member", "team_availability" -> members.list().stream().filter(m -> ids.contains(m.id().toString()))
                    .forEach(m -> found.put(m.id().toString(), new Shown(m.name(), ExtensionsTab.URL + "/" + m.id() + "/edit")));
            case "customer" -> customers.names(uuids(ids))
                    .forEach((id, name) -> found.put(id.toString(), new Shown(name, CustomersPage.URL + "/" + id)));
            // Logins are listed and edited on Team & logins.
            case "user" -> users.list().stream().filter(u -> ids.contains(u.id().toString()))
                    .forEach(u -> found.put(u.id().toString(), new Shown(u.displayName() != null && !u.displayName().isBlank()
                            ? u.displayName() : u.email(), LoginsPage.URL + "/" + u.id())));
            // A page holds at most 50 entries: one look-up each.
            case "job" -> uuids(ids).forEach(id -> jobs.find(id)
                    .ifPresent(j -> found.put(id.toString(), new Shown(j.title(), "/jobs/" + id))));
            default -> {
            }
        }
        return found;
    }

    /** A greeting recorded by phone ({@link dev.switchboard.directory.GreetingFileName}) by its member: linked while they are one. */
    @Override
    public Map<String, Shown> fileNames(Set<String> names) {
        var whose = new HashMap<String, UUID>();
        names.forEach(n -> dev.switchboard.directory.GreetingFileName.memberOf(n).ifPresent(id -> whose.put(n, id)));
        if (whose.isEmpty()) {
            return Map.of();
        }
        // Everyone, the removed too (by the name they had, "(removed)" after it, as the call log names them): one query.
        var everyone = new HashMap<UUID, Members.Everyone>();
        members.everyone().forEach(e -> everyone.put(e.id(), e));
        var found = new HashMap<String, Shown>();
        whose.forEach((name, id) -> {
            var member = everyone.get(id);
            found.put(name, member == null ? new Shown("Voicemail greeting of a deleted member", null)
                    : new Shown("Voicemail greeting of " + member.name(), member.removed() ? null : ExtensionsTab.URL + "/" + id + "/edit"));
        });
        return found;
    }

    @Override
    public String words(String entityType, String field, String value) {
        return switch (entityType) {
            case "team_member", "team_availability" -> switch (field) {
                case "status" -> STATUSES.get(value);
                case "state" -> STATES.get(value);
                default -> null;
            };
            // The role as the login form offers it (LoginsPage.ROLES, which the form lists).
            case "user" -> field.equals("role") ? LoginsPage.ROLES.stream().filter(r -> r.role().name().equals(value))
                    .map(LoginsPage.RoleChoice::name).findFirst().orElse(null) : null;
            case "job" -> field.equals("status") ? Arrays.stream(Job.Status.values()).filter(s -> s.name().equals(value))
                    .map(Job.Status::label).findFirst().orElse(null) : null;
            default -> null;
        };
    }

    @Override
    public Set<String> internal(String entityType) {
        return entityType.equals("team_member") || entityType.equals("team_availability") ? MEMBER_BOOKKEEPING : Set.of();
    }

    @Override
    public String label(String entityType, String field) {
        return switch (entityType) {
            case "team_member" -> MEMBER_LABELS.get(field);
            case "customer" -> CUSTOMER_LABELS.get(field);
            case "job" -> JOB_LABELS.get(field);
            case "user" -> USER_LABELS.get(field);
            default -> null;
        };
    }

    @Override
    public List<String> summary(String entityType) {
        return switch (entityType) {
            case "team_member" -> MEMBER_SUMMARY;
            case "user" -> USER_SUMMARY;
            default -> List.of();
        };
    }

    /** The ids that are UUIDs (the audit log stores them as text). */
    private static List<UUID> uuids(Set<String> ids) {
        return ids.stream().flatMap(id -> {
            try {
                return java.util.stream.Stream.of(UUID.fromString(id));
            } catch (IllegalArgumentException e) {
                return java.util.stream.Stream.empty();
            }
        }).toList();
    }
}
