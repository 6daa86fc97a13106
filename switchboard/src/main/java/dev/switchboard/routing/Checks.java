package dev.switchboard.routing;

import dev.switchboard.directory.Members;
import dev.switchboard.platform.FieldProblem;
import dev.switchboard.platform.Warning;
import dev.switchboard.routing.RuleInput.ConditionsInput;
import dev.switchboard.routing.RuleInput.TargetInput;
import dev.switchboard.schedule.OpenRange;
import dev.switchboard.shared.PhoneNumber;
import dev.switchboard.tenancy.Companies;
import java.time.DayOfWeek;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * The checks rules and menus share: targets point at things that exist in the company, numbers are
 * E.164, conditions are well formed, and no chain of rules and menus loops back on itself.
 */
@Component
class Checks {

    private final Members members;
    private final Companies companies;
    private final RoutingStore store;
    private final org.springframework.beans.factory.ObjectProvider<QueueReferences> queues;

    Checks(Members members, Companies companies, RoutingStore store, org.springframework.beans.factory.ObjectProvider<QueueReferences> queues) {
        this.queues = queues;
        this.members = members;
        this.companies = companies;
        this.store = store;
    }

    Target target(String field, TargetInput in, boolean required, List<FieldProblem> problems) {
        return target(field, in, required, null, problems);
    }

    /**
     * As {@link #target(String, TargetInput, boolean, List)}, a target required only in some case: {@code when} says which,
     * in words ("for a business-hours rule"), put in front of the problem when it is missing.
     */
    Target target(String field, TargetInput in, boolean required, String when, List<FieldProblem> problems) {
        var needs = when == null ? "" : "required " + when + ": ";
        if (in != null && in.kind() != null && in.kind().isBlank()) {
            // A target sent with a blank kind is a target whose kind is missing, not no target: taken as none, a rule's
            // no-answer or a menu's timeout target silently became the default. (A form's empty choice is no target:
            // TargetForm makes it null.)
            problems.add(new FieldProblem(field + ".kind", "enum", "must be MEMBER, RULE, VOICEMAIL, EXTERNAL_NUMBER, HANGUP, QUEUE or MAILBOX"
                    + " (it is blank; send null or leave out the target for none)"));
            return null;
        }
        if (in != null && in.kind() == null && required) {
            // A target object sent without its kind ({} or "kind": null): the kind is what is missing, named so.
            problems.add(new FieldProblem(field + ".kind", "required", needs + "a target needs its kind: MEMBER, RULE, VOICEMAIL,"
                    + " EXTERNAL_NUMBER, HANGUP, QUEUE or MAILBOX"));
            return null;
        }
        if (in == null || in.kind() == null) {
            if (required) {
                // In words a form's "Send to" shows, the API's kinds after them (the page said only the codes).
                problems.add(new FieldProblem(field, "required", needs + "choose where calls go: a team member, another rule, "
                        + "voicemail, an outside number, a hang-up with a message or a call queue (kind MEMBER, RULE, VOICEMAIL, "
                        + "EXTERNAL_NUMBER, HANGUP, QUEUE or MAILBOX)"));
            }
            return null;
        }
        Target.Kind kind;
        try {
            kind = Target.Kind.valueOf(in.kind().strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            problems.add(new FieldProblem(field + ".kind", "enum", "must be MEMBER, RULE, VOICEMAIL, EXTERNAL_NUMBER, HANGUP, QUEUE or MAILBOX"));
            return null;
        }
        switch (kind) {
            case MEMBER -> {
                if (in.memberId() == null) {
                    problems.add(new FieldProblem(field + ".member_id", "required", "choose the team member to send calls to (required when calls go to a team member)"));
                } else if (members.find(in.memberId()).isEmpty()) {
                    problems.add(new FieldProblem(field + ".member_id", "exists", "no team member " + in.memberId() + " in this company"));
                }
                return new Target(kind, in.memberId(), null, null, null);
            }
            case RULE -> {
                if (in.ruleId() == null) {
                    problems.add(new FieldProblem(field + ".rule_id", "required", "choose the routing rule to send calls to (required when calls go to another routing rule)"));
                } else if (store.rule(in.ruleId()).isEmpty()) {
                    problems.add(new FieldProblem(field + ".rule_id", "exists", "no routing rule " + in.ruleId() + " in this company"));
                }
                return new Target(kind, null, in.ruleId(), null, null);
            }
            case VOICEMAIL -> {
                if (in.memberId() != null && members.find(in.memberId()).isEmpty()) {
                    problems.add(new FieldProblem(field + ".member_id", "exists", "no team member " + in.memberId() + " in this company"));
                }
                return new Target(kind, in.memberId(), null, null, null);
            }
            case EXTERNAL_NUMBER -> {
                var company = companies.current(); // read once: each read is a query of the company and one of its numbers
                try {
                    var number = PhoneNumber.parse(in.number(), company.defaultRegion());
                    // Premium-rate (billed at the number owner's price), the company's own number (the call would come
                    // straight back into this routing, and be sent out to the same number again: rule "loop" here, as
                    // ever), abroad while calls abroad are off: as a click-to-call's number.
                    var refusal = company.dialRefusal(number);
                    if (refusal != null) {
                        problems.add(new FieldProblem(field + ".number", refusal.rule().equals("own") ? "loop" : refusal.rule(), refusal.message()));
                        return null;
                    }
                    var colleague = members.directLine(number);
                    if (colleague.isPresent()) {
                        // Sent out and back in as a new call to their line, billed both ways (a click-to-call or a transfer to
                        // it is refused): the member target rings them directly, by their status.
                        problems.add(new FieldProblem(field + ".number", "loop", "is " + colleague.get().name() + "'s direct line, "
                                + "one of the company's own numbers: send calls to " + colleague.get().name() + " as a team member instead"));
                        return null;
                    }
                    return new Target(kind, null, null, number.e164(), null);
                } catch (IllegalArgumentException e) {
                    boolean missing = in.number() == null || in.number().isBlank();
                    problems.add(new FieldProblem(field + ".number", missing ? "required" : "e164",
                            missing ? e.getMessage() + " (required when calls go to an outside number)" : e.getMessage()));
                    return null;
                }
            }
            case HANGUP -> {
                if (in.message() != null && in.message().length() > 500) {
                    problems.add(new FieldProblem(field + ".message", "length", "must be at most 500 characters"));
                }
                return new Target(kind, null, null, null, blank(in.message()));
            }
            case QUEUE -> {
                if (in.queueId() == null) {
                    problems.add(new FieldProblem(field + ".queue_id", "required", "choose the call queue to send calls to (required when calls go to a call queue)"));
                } else if (queues.stream().noneMatch(q -> q.queueExists(in.queueId()))) {
                    problems.add(new FieldProblem(field + ".queue_id", "exists", "no call queue " + in.queueId() + " in this company"));
                }
                return Target.queue(in.queueId());
            }
            case MAILBOX -> {
                return new Target(kind, null, null, null, null, null);
            }
        }
        return null;
    }

    Conditions conditions(ConditionsInput in, List<FieldProblem> problems) {
        if (in == null) {
            problems.add(new FieldProblem("conditions", "required", "a conditional rule needs at least one condition"));
            return null;
        }
        var pattern = blank(in.callerPattern());
        // Callers' numbers are E.164: a pattern without + and the country code (312*, a bare *) would never match one.
        if (pattern != null && !pattern.matches("\\+[0-9*?]{1,20}")) {
            problems.add(new FieldProblem("conditions.caller_pattern", "pattern",
                    "+ and the country code, then digits with * (any digits) or ? (one digit), such as +1312*"));
        }
        var tag = blank(in.customerTag());
        var tagProblem = tag == null ? null : dev.switchboard.directory.Customers.tagProblem(tag);
        if (tagProblem != null) {
            problems.add(new FieldProblem("conditions.customer_tag", "pattern", tagProblem));
        }
        String dialled = null;
        if (blank(in.dialledNumber()) != null) {
            try {
                var number = PhoneNumber.parse(in.dialledNumber(), companies.current().defaultRegion());
                if (companies.current().businessNumbers().contains(number)) {
                    dialled = number.e164();
                } else {
                    // Only calls to the company's business numbers reach its rules: the rule would never match.
                    problems.add(new FieldProblem("conditions.dialled_number", "exists", number.e164()
                            + " is not one of the company's business numbers (add it in the company settings first)"));
                }
            } catch (IllegalArgumentException e) {
                problems.add(new FieldProblem("conditions.dialled_number", "e164", e.getMessage()));
            }
        }
        var days = new HashSet<DayOfWeek>();
        var weekdays = in.weekdays() == null ? List.<String>of() : in.weekdays();
        for (int i = 0; i < weekdays.size(); i++) {
            var day = weekday(weekdays.get(i));
            if (day == null) {
                problems.add(new FieldProblem("conditions.weekdays[" + i + "]", "enum", "'" + shown(weekdays.get(i))
                        + "' is not a day such as MONDAY"));
            } else {
                days.add(day);
            }
        }
        Integer from = null;
        Integer to = null;
        // GET answers the window in minutes after midnight: a rule read and sent back gives them (with or without HH:MM).
        var timeFrom = windowEnd(in.timeFrom(), in.timeFromMinute(), "time_from", false, problems);
        var timeTo = windowEnd(in.timeTo(), in.timeToMinute(), "time_to", true, problems);
        if (blank(timeFrom) != null && blank(timeTo) != null) {
            from = minute(timeFrom, "conditions.time_from", false, problems);
            to = minute(timeTo, "conditions.time_to", true, problems);
            if (from != null && from.equals(to)) {
                problems.add(new FieldProblem("conditions.time_to", "empty", "the time window is empty"));
            }
        } else if (blank(timeFrom) != null || blank(timeTo) != null) {
            // One end of the window only: it was read as the time 'null'.
            problems.add(new FieldProblem(blank(timeFrom) == null ? "conditions.time_from" : "conditions.time_to", "required",
                    "a time window needs both a start and an end"));
        }
        var conditions = new Conditions(pattern, in.knownCustomer(), tag, dialled, days, from, to);
        if (conditions.isEmpty() && problems.stream().noneMatch(p -> p.field().startsWith("conditions"))) {
            problems.add(new FieldProblem("conditions", "required", "a conditional rule needs at least one condition"));
        }
        return conditions;
    }

    /**
     * Finds a loop among rules and menus (rule to rule through targets, rule to its IVR menu, menu to
     * rules through its timeout target), with {@code rules} and {@code menus} already holding the change
     * being saved. Returns the loop as names, or an empty list.
     */
    static List<String> loop(List<RoutingRule> rules, List<IvrMenu> menus) {
        return loop(rules, menus, List.of());
    }

    /**
     * A warning for {@code rule} when a queue it sends calls to has nobody in it (none when the queue module is absent):
     * its callers are offered to no one, and the rule's save said nothing of it (found by the queue walk: every call of
     * the rule went to the queue's target when nobody is logged in, or waited out its maximum wait, with no phone rung).
     */
    Warning warnIfQueueEmpty(RoutingRule rule) {
        return sendsToAQueue(rule) ? warnIfQueueEmpty(rule, queuesWithNobody()) : null;
    }

    /** The same, with the company's queues that have nobody in them read once for every rule of a list. */
    Warning warnIfQueueEmpty(RoutingRule rule, List<QueueReferences.Choice> queuesWithNobody) {
        var sentTo = rule.targets().stream().filter(t -> t.kind() == Target.Kind.QUEUE).map(Target::queueId).toList();
        if (sentTo.isEmpty()) {
            return null;
        }
        var empty = queuesWithNobody.stream().filter(q -> sentTo.contains(q.id()))
                .map(q -> "'" + q.name() + "'").distinct().toList();
        return empty.isEmpty() ? null : new Warning("targets", "nobody is in the queue " + String.join(", ", empty)
                + ": its callers are offered to no one (they go to its target when nobody is logged in, or wait out its "
                + "maximum wait); add members to it on the Queues page");
    }

    static boolean sendsToAQueue(RoutingRule rule) {
        return rule.targets().stream().anyMatch(t -> t.kind() == Target.Kind.QUEUE);
    }

    /** The company's queues with nobody in them (none when the queue module is absent). */
    List<QueueReferences.Choice> queuesWithNobody() {
        return queues.stream().flatMap(q -> q.queuesWithNobody().stream()).toList();
    }

    /** Every queue's maximum-wait target (none when the queue module is absent). */
    List<QueueReferences.MaxWait> queueMaxWaits() {
        return queues.stream().flatMap(q -> q.maxWaitTargets().stream()).toList();
    }

    /**
     * {@link #loop(List, List)} through queues as well: a rule or a menu's timeout sends callers into a queue, whose
     * maximum-wait target (taken by itself, after the wait) leads on to a rule or another queue. A queue's full and
     * empty targets are not edges: a queue turning the caller away twice in one step sends them to voicemail.
     */
    static List<String> loop(List<RoutingRule> rules, List<IvrMenu> menus, List<QueueReferences.MaxWait> queues) {
        var edges = new HashMap<UUID, List<UUID>>();
        var names = new HashMap<UUID, String>();
        for (var q : queues) {
            names.put(q.queueId(), "queue '" + q.name() + "'");
            var next = new ArrayList<UUID>();
            var t = q.target();
            if (t != null && t.kind() == Target.Kind.RULE && t.ruleId() != null) {
                next.add(t.ruleId());
            } else if (t != null && t.kind() == Target.Kind.QUEUE && t.queueId() != null) {
                next.add(t.queueId());
            }
            edges.put(q.queueId(), next);
        }
        for (var r : rules) {
            names.put(r.id(), "rule '" + r.name() + "'");
            var next = new ArrayList<UUID>();
            r.targets().stream().filter(t -> t.kind() == Target.Kind.RULE && t.ruleId() != null).forEach(t -> next.add(t.ruleId()));
            r.targets().stream().filter(t -> t.kind() == Target.Kind.QUEUE && t.queueId() != null).forEach(t -> next.add(t.queueId()));
            if (r.type() == RuleType.IVR && r.ivrMenuId() != null) {
                next.add(r.ivrMenuId());
            }
            edges.put(r.id(), next);
        }
        for (var m : menus) {
            names.put(m.id(), "menu '" + m.name() + "'");
            var next = new ArrayList<UUID>();
            // Only the way out a menu takes by itself is an edge: its timeout target, reached when the caller does
            // nothing. An option or the invalid target needs a key pressed on every pass, so "press 0 for the main
            // menu" in a submenu is a way back, not a loop.
            var targets = new ArrayList<Target>();
            if (m.timeoutTarget() != null) {
                targets.add(m.timeoutTarget());
            }
            targets.stream().filter(t -> t.kind() == Target.Kind.RULE && t.ruleId() != null).forEach(t -> next.add(t.ruleId()));
            targets.stream().filter(t -> t.kind() == Target.Kind.QUEUE && t.queueId() != null).forEach(t -> next.add(t.queueId()));
            edges.put(m.id(), next);
        }
        var state = new HashMap<UUID, Integer>();
        for (var start : edges.keySet()) {
            var path = new ArrayList<UUID>();
            var found = dfs(start, edges, state, path);
            if (found != null) {
                return found.stream().map(id -> names.getOrDefault(id, id.toString())).toList();
            }
        }
        return List.of();
    }

    /**
     * A loop found by {@link #loop} ({@code a → b → c → a}) told from {@code start} (the rule or menu being saved, as the loop
     * names it) when it is in it: where the owner is reading. Which node the search met first depended on hash order.
     */
    static List<String> from(List<String> loop, String start) {
        int at = loop.isEmpty() ? -1 : loop.subList(0, loop.size() - 1).indexOf(start);
        if (at <= 0) {
            return loop;
        }
        var rotated = new ArrayList<>(loop.subList(at, loop.size() - 1));
        rotated.addAll(loop.subList(0, at));
        rotated.add(start);
        return rotated;
    }

    private static List<UUID> dfs(UUID node, Map<UUID, List<UUID>> edges, Map<UUID, Integer> state, List<UUID> path) {
        var s = state.getOrDefault(node, 0);
        if (s == 2) {
            return null;
        }
        if (s == 1) {
            var cycle = new ArrayList<>(path.subList(path.indexOf(node), path.size()));
            cycle.add(node);
            return cycle;
        }
        state.put(node, 1);
        path.add(node);
        for (var next : edges.getOrDefault(node, List.of())) {
            var found = dfs(next, edges, state, path);
            if (found != null) {
                return found;
            }
        }
        path.removeLast();
        state.put(node, 2);
        return null;
    }

    static Warning warnIfEmpty(List<UUID> members) {
        return members.isEmpty() ? new Warning("member_ids", "nobody is in this rule: calls go straight to its no-answer target") : null;
    }

    static Set<String> keys() {
        return Set.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "*", "#");
    }

    /**
     * One end of a rule's window as HH:MM, from {@code text} or, when that is left out, from {@code minute} (minutes after
     * midnight, as GET answers it); both sent must say the same time. Null when neither is sent or the minute is refused.
     */
    private static String windowEnd(String text, Integer minute, String field, boolean end, List<FieldProblem> problems) {
        if (minute == null) {
            return text;
        }
        if (minute < 0 || minute > (end ? 1440 : 1439)) {
            problems.add(new FieldProblem("conditions." + field + "_minute", "range", "must be minutes after midnight, "
                    + (end ? "0 to 1440" : "0 to 1439") + ", not " + minute));
            return null;
        }
        var hhmm = String.format(java.util.Locale.ROOT, "%02d:%02d", minute / 60, minute % 60);
        if (blank(text) == null) {
            return hhmm;
        }
        var typed = minute(text, "conditions." + field, end, new ArrayList<>());
        if (typed != null && !typed.equals(minute)) {
            problems.add(new FieldProblem("conditions." + field + "_minute", "conflict", minute + " is " + hhmm + ", but "
                    + field + " is " + text.strip() + ": send one of them, or both saying the same time"));
            return null;
        }
        return text;
    }

    /** Minutes after midnight; an end may be 24:00 (1440: up to midnight, so 00:00 to 24:00 is the whole day). */
    private static Integer minute(String text, String field, boolean end, List<FieldProblem> problems) {
        if (!end && text != null && text.strip().startsWith("24:")) {
            problems.add(new FieldProblem(field, "range", "a window starts at 23:59 at the latest"));
            return null;
        }
        try {
            return OpenRange.minuteOfDay(text, end);
        } catch (IllegalArgumentException e) {
            problems.add(new FieldProblem(field, "format", e.getMessage()));
            return null;
        }
    }

    /**
     * A day of the week by its name, in any case, with spaces around it; null for anything else. Not String.strip():
     * it drops the control characters U+001C to U+001F and tab, CR and LF too, so "MONDAY" with a unit separator
     * (U+001F) after it was read as Monday.
     */
    private static DayOfWeek weekday(String name) {
        if (name == null) {
            return null;
        }
        var trimmed = name.replaceAll("^ +| +$", "").toUpperCase(Locale.ROOT);
        return java.util.Arrays.stream(DayOfWeek.values()).filter(d -> d.name().equals(trimmed)).findFirst().orElse(null);
    }

    /** A value as sent, with its control characters written out (\\u001f), to repeat in an error. */
    private static String shown(String value) {
        var out = new StringBuilder();
        (value == null ? "" : value).codePoints().forEach(c -> {
            if (Character.isISOControl(c)) {
                out.append(String.format("\\u%04x", c));
            } else {
                out.appendCodePoint(c);
            }
        });
        return out.toString();
    }

    static String blank(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
