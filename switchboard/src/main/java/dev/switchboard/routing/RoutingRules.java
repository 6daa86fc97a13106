package dev.switchboard.routing;

import dev.switchboard.platform.ConflictException;
import dev.switchboard.platform.FieldProblem;
import dev.switchboard.platform.InvalidInputException;
import dev.switchboard.platform.NotFoundException;
import dev.switchboard.platform.TenantContext;
import dev.switchboard.platform.Warning;
import dev.switchboard.platform.Write;
import dev.switchboard.schedule.Holidays;
import dev.switchboard.schedule.Schedules;
import dev.switchboard.tenancy.Actor;
import dev.switchboard.tenancy.AuditLog;
import dev.switchboard.tenancy.Companies;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The company's routing rules in strict priority order. Every change takes the company's routing lock
 * (a transaction-scoped advisory lock), so two admins reordering at once are serialised and the order
 * stays 1..n with no gap or duplicate.
 */
@Service
public class RoutingRules {

    public static final int MIN_TIMEOUT = 5;
    public static final int MAX_TIMEOUT = 300;

    private final JdbcClient jdbc;
    private final RoutingStore store;
    private final Checks checks;
    private final Schedules schedules;
    private final Holidays holidays;
    private final AuditLog audit;
    private final Clock clock;
    private final org.springframework.beans.factory.ListableBeanFactory beans;

    RoutingRules(JdbcClient jdbc, RoutingStore store, Checks checks, Schedules schedules, Holidays holidays, AuditLog audit,
            Clock clock, org.springframework.beans.factory.ListableBeanFactory beans) {
        this.beans = beans;
        this.jdbc = jdbc;
        this.store = store;
        this.checks = checks;
        this.schedules = schedules;
        this.holidays = holidays;
        this.audit = audit;
        this.clock = clock;
    }

    /** A saved rule and the non-fatal problems with it. */
    public record Saved(RoutingRule rule, List<Warning> warnings) {
    }

    /**
     * Checks a target given by another module (a queue's overflow): problems are added under
     * {@code field}; returns the target, or null when it is missing or invalid.
     */
    @Transactional(readOnly = true)
    public Target checkTarget(String field, RuleInput.TargetInput in, boolean required, List<FieldProblem> problems) {
        return checks.target(field, in, required, problems);
    }

    /**
     * Serialises a change to something routing targets point at (a queue's overflow) with changes to rules and menus,
     * for the rest of the transaction: a rule deleted or re-pointed meanwhile cannot slip past the checks.
     */
    @Transactional
    public void lockRouting() {
        lock();
    }

    /**
     * The loop a queue would close with {@code maxWaitTarget} as its maximum-wait target (a rule that puts the caller
     * back in the queue, a queue whose own maximum wait leads back), as names; empty when there is none.
     */
    @Transactional(readOnly = true)
    public List<String> loopThroughQueue(UUID queueId, String name, Target maxWaitTarget) {
        var queues = new ArrayList<>(checks.queueMaxWaits().stream().filter(q -> !q.queueId().equals(queueId)).toList());
        queues.add(new QueueReferences.MaxWait(queueId, name, maxWaitTarget));
        return Checks.loop(store.rules(), store.menus(), queues);
    }

    @Transactional(readOnly = true)
    public List<RoutingRule> list() {
        return store.rules();
    }

    /**
     * A saved rule's warnings: its own ({@code checked}) and what its place in the list makes of it, as the rules' list
     * says (a new rule is put last: below a rule that takes every call, it is never reached; the page said so, the save's
     * answer did not).
     */
    private List<Warning> withPlace(UUID id, List<Warning> checked) {
        var all = new ArrayList<>(checked);
        warnings().getOrDefault(id, List.of()).stream().filter(w -> !all.contains(w)).forEach(all::add);
        return List.copyOf(all);
    }

    /**
     * The non-fatal problems of every stored rule, by rule id (the same ones a save reports): a rule with
     * nobody in it, a target rule that is disabled; and one that only its place in the list makes: an enabled rule
     * below an enabled rule that takes every call reaching it (any but a conditional one), which calls never get to in
     * turn, unless something sends calls to it ({@link #usesOf}). Rules without problems are left out.
     */
    @Transactional(readOnly = true)
    public java.util.Map<UUID, List<Warning>> warnings() {
        var all = store.rules();
        var enabled = new java.util.HashMap<UUID, Boolean>();
        all.forEach(r -> enabled.put(r.id(), r.enabled()));
        var result = new java.util.LinkedHashMap<UUID, List<Warning>>();
        RoutingRule takesAll = null;
        var reached = reached(all);
        var businessHours = all.stream().anyMatch(r -> r.type() == RuleType.BUSINESS_HOURS) ? schedules.businessHours() : null;
        var afterHours = businessHours == null ? null : beans.getBean(PhoneSettings.class).current().afterHoursTarget();
        var queuesWithNobody = all.stream().anyMatch(Checks::sendsToAQueue) ? checks.queuesWithNobody() : List.<QueueReferences.Choice>of();
        Schedules.Hours hours = null;
        for (var r : all) {
            var list = new ArrayList<Warning>();
            if (r.type() == RuleType.BUSINESS_HOURS && businessHours.configured()
                    && (r.scheduleId() == null || r.scheduleId().equals(businessHours.id()))
                    && !(afterHours.kind() == Target.Kind.RULE && r.id().equals(afterHours.ruleId()))) {
                // Closed, a call goes to the after-hours target before any rule (found by a walk: an owner's on-call number as
                // this rule's closed target never rang, while the rules list said "when closed, forwarded to ...").
                list.add(new Warning("closed_target", "outside business hours every call goes to the after-hours target (Phone "
                        + "settings, General) before any rule, so this rule's target when closed takes only the calls sent to it "
                        + "while closed (by a holiday or a transfer); to use it after hours, choose this rule as the after-hours target"));
            }
            if (takesAll != null && r.enabled() && !reached.contains(r.id())) {
                // A new rule is put last: below a rule without conditions (the demo's "Office") it was saved but never used.
                // One that something reached sends calls to (a menu's key, another rule's target, a holiday) is where it
                // belongs: "Sales" below the main menu's rule must not be told to move above it. But a main menu's rule put
                // below "Office" was not warned as soon as its submenu had "9 for the main menu": each sent calls to the other,
                // and neither ever played.
                boolean sent = !usesOf(r.id()).isEmpty();
                list.add(new Warning("priority", "calls never get this far: rule '" + takesAll.name() + "' above it takes every"
                        + " call that reaches it (only conditional rules have conditions). Move this rule above '"
                        + takesAll.name() + "'; until then it takes only the calls a holiday, a menu or another rule sends to it"
                        + (sent ? " (the menus and rules that send calls to it are not reached either)" : "")));
            }
            if (r.enabled() && r.type() == RuleType.CONDITIONAL && r.conditions() != null
                    && (r.conditions().timeFromMinute() != null || !r.conditions().weekdays().isEmpty())) {
                if (hours == null) {
                    hours = schedules.businessHours();
                }
                if (hours.configured() && closedThroughout(r.conditions(), hours.ranges()) && usesOf(r.id()).isEmpty()) {
                    // Closed, a call goes to the after-hours target before any rule: a rule for the hours the business is
                    // closed ("19:00 to 06:00: the on-call tech") saved, sat first in the list and never took a call.
                    list.add(new Warning("conditions", "the business is closed at every time this rule's conditions cover, and a"
                            + " call outside business hours goes to the after-hours target (Phone settings, General) before any"
                            + " rule: in the rule order this rule never takes a call (only an opening set by an override, or a transfer, would reach it). To route calls after hours, choose this rule as the after-hours"
                            + " target"));
                }
            }
            if (!r.enabled()) {
                // Disabled, it is passed by in the order, which the list says; but a call sent to it (the after-hours target,
                // a menu's key, another rule) skips it too. Found by a walk: the after-hours menu's rule disabled to keep it
                // out of the daytime order, every call at night went to the general voicemail and nothing said so.
                var senders = usesOf(r.id()).stream().map(dev.switchboard.directory.MemberReferences.Use::description).distinct().toList();
                if (!senders.isEmpty()) {
                    list.add(new Warning("enabled", "disabled, yet " + String.join(", ", senders) + (senders.size() == 1 ? " sends" : " send")
                            + " calls to it: those calls skip it" + (r.type() == RuleType.IVR ? " (callers do not hear its menu)" : "")
                            + " and go to " + unanswered(r) + "; enable it, or send those calls elsewhere"));
                }
            }
            if (takesAll == null && takesEveryCall(r)) {
                takesAll = r;
            }
            if (r.type() == RuleType.ROUND_ROBIN || r.type() == RuleType.SIMULTANEOUS) {
                var w = Checks.warnIfEmpty(r.memberIds());
                if (w != null) {
                    list.add(w);
                }
            }
            if (r.targets().stream().anyMatch(t -> t.kind() == Target.Kind.RULE && !enabled.getOrDefault(t.ruleId(), true))) {
                list.add(new Warning("targets", "a target rule is disabled: calls sent there go to its no-answer target"));
            }
            var emptyQueue = checks.warnIfQueueEmpty(r, queuesWithNobody);
            if (emptyQueue != null) {
                list.add(emptyQueue);
            }
            if (!list.isEmpty()) {
                result.put(r.id(), List.copyOf(list));
            }
        }
        return result;
    }

    /**
     * Whether the weekly {@code open} ranges leave the business closed at every minute of the week that {@code conditions}'
     * time window and weekdays cover (a window across midnight belongs to the day it starts, as {@link Conditions#matches}
     * reads it). Holidays and overrides are not looked at: they only close more.
     */
    static boolean closedThroughout(Conditions conditions, List<dev.switchboard.schedule.OpenRange> open) {
        int week = 7 * 1440;
        var isOpen = new boolean[week];
        for (var range : open) {
            int start = (range.day().getValue() - 1) * 1440 + range.startMinute();
            for (int m = 0; m < range.lengthMinutes(); m++) {
                isOpen[(start + m) % week] = true;
            }
        }
        var days = conditions.weekdays().isEmpty() ? java.util.EnumSet.allOf(java.time.DayOfWeek.class) : conditions.weekdays();
        int from = conditions.timeFromMinute() == null ? 0 : conditions.timeFromMinute();
        int to = conditions.timeToMinute() == null ? 1440 : conditions.timeToMinute();
        int length = from < to ? to - from : 1440 - from + to;
        for (var day : days) {
            int start = (day.getValue() - 1) * 1440 + from;
            for (int m = 0; m < length; m++) {
                if (isOpen[(start + m) % week]) {
                    return false;
                }
            }
        }
        return true;
    }

    /**
     * Where {@code rule} sends a call it does not take (Router's no-answer), in words: a one-person rule's voicemail is its
     * member's box, not the general one (the warning named the general box, where the owner then found nothing; found by
     * review).
     */
    /**
     * What a target naming the disabled rule {@code ruleId} does instead, said where the target is chosen (the after-hours
     * target on the General tab); empty for an enabled or unknown rule.
     */
    @Transactional(readOnly = true)
    public java.util.Optional<String> disabledTargetNote(UUID ruleId) {
        return store.rule(ruleId).filter(r -> !r.enabled()).map(r -> "Rule '" + r.name() + "' is disabled: calls sent to it skip it"
                + (r.type() == RuleType.IVR ? " (callers do not hear its menu)" : "") + " and go to " + unanswered(r)
                + ". Enable it on Call routing, or choose another target.");
    }

    private String unanswered(RoutingRule rule) {
        if (rule.noAnswerTarget() != null) {
            return "its no-answer target (" + beans.getBean(RoutingSnapshots.class).current().describe(rule.noAnswerTarget()) + ")";
        }
        if (!rule.voicemailEnabled()) {
            return "a hang-up with a message";
        }
        if (rule.type() == RuleType.DIRECT && rule.memberIds().size() == 1) {
            var member = rule.memberIds().getFirst();
            return "the voicemail of " + beans.getBean(RoutingSnapshots.class).current().members().stream()
                    .filter(m -> m.id().equals(member)).findFirst().map(m -> m.name()).orElse("its member");
        }
        return "the general voicemail";
    }

    /**
     * The rules a call can reach: each enabled rule in turn down to the first that takes every call, each rule a holiday, the
     * after-hours target or a queue sends calls to, and every rule these lead on to through their targets and, for an IVR
     * rule, its menu's keys, wrong-key and silence targets.
     */
    private java.util.Set<UUID> reached(List<RoutingRule> all) {
        var byId = new java.util.HashMap<UUID, RoutingRule>();
        all.forEach(r -> byId.put(r.id(), r));
        var menus = new java.util.HashMap<UUID, IvrMenu>();
        store.menus().forEach(m -> menus.put(m.id(), m));
        var next = new java.util.ArrayDeque<UUID>();
        boolean inTurn = true;
        for (var r : all) {
            if (inTurn && r.enabled()) {
                next.add(r.id());
                inTurn = !takesEveryCall(r);
            } else if (usesOf(r.id()).stream().anyMatch(u -> u.kind() != dev.switchboard.directory.MemberReferences.Use.Kind.ROUTING_RULE
                    && u.kind() != dev.switchboard.directory.MemberReferences.Use.Kind.IVR_MENU)) {
                next.add(r.id());
            }
        }
        var reached = new java.util.HashSet<UUID>();
        while (!next.isEmpty()) {
            var r = byId.get(next.poll());
            if (r == null || !reached.add(r.id())) {
                continue;
            }
            var targets = new ArrayList<>(r.targets());
            var menu = r.type() == RuleType.IVR && r.ivrMenuId() != null ? menus.get(r.ivrMenuId()) : null;
            if (menu != null) {
                targets.addAll(menu.options().values());
                java.util.stream.Stream.of(menu.invalidTarget(), menu.timeoutTarget()).filter(java.util.Objects::nonNull).forEach(targets::add);
            }
            targets.stream().filter(t -> t.kind() == Target.Kind.RULE && t.ruleId() != null).forEach(t -> next.add(t.ruleId()));
        }
        return reached;
    }

    /**
     * Whether {@code rule} takes every call that reaches it in the order of the rules: an enabled rule of any type but
     * conditional (the router tries the next rule only when a conditional rule's conditions do not hold).
     */
    static boolean takesEveryCall(RoutingRule rule) {
        return rule.enabled() && rule.type() != RuleType.CONDITIONAL;
    }

    /**
     * The first enabled rule that takes every call reaching it ({@link #takesEveryCall}): calls in opening hours never
     * get past it, to the rules below it or to the default strategy. Empty when every call may.
     */
    @Transactional(readOnly = true)
    public java.util.Optional<RoutingRule> takingEveryCall() {
        return store.rules().stream().filter(RoutingRules::takesEveryCall).findFirst();
    }

    @Transactional(readOnly = true)
    public RoutingRule get(UUID id) {
        return store.rule(id).orElseThrow(() -> new NotFoundException("routing rule", id));
    }

    @Transactional
    public Saved create(Actor actor, RuleInput.Rule input) {
        Companies.requireConfigureOf(actor);
        lock();
        var id = UUID.randomUUID();
        var checked = check(id, input, null);
        refuseTakenName(id, checked.rule().name());
        int priority = jdbc.sql("select coalesce(max(priority), 0) + 1 from call_routing_rules where company_id = :c")
                .param("c", company()).query(Integer.class).single();
        var now = Timestamp.from(clock.instant());
        var r = checked.rule();
        jdbc.sql("""
                insert into call_routing_rules (company_id, id, name, type, priority, enabled, ring_timeout_seconds,
                  voicemail_enabled, recording_enabled, ivr_menu_id, schedule_id, conditions, match_target, open_target,
                  closed_target, no_answer_target, assigned_member_first, created_at, updated_at)
                values (:c, :id, :name, :type, :priority, :enabled, :timeout, :vm, :rec, :menu, :schedule,
                  cast(:conditions as jsonb), cast(:match as jsonb), cast(:open as jsonb), cast(:closed as jsonb),
                  cast(:noAnswer as jsonb), :technicianFirst, :now, :now)
                """)
                .param("c", company()).param("id", id).param("name", r.name()).param("type", r.type().name())
                .param("priority", priority).param("enabled", r.enabled()).param("timeout", r.ringTimeoutSeconds())
                .param("vm", r.voicemailEnabled()).param("rec", r.recordingEnabled()).param("menu", r.ivrMenuId())
                .param("schedule", r.scheduleId()).param("conditions", store.write(r.conditions()))
                .param("match", store.write(r.matchTarget())).param("open", store.write(r.openTarget()))
                .param("closed", store.write(r.closedTarget())).param("noAnswer", store.write(r.noAnswerTarget()))
                .param("technicianFirst", r.assignedMemberFirst())
                .param("now", now).update();
        writeMembers(id, r.memberIds());
        var created = get(id);
        audit.record(actor, "routing_rule", id, "create", null, created);
        return new Saved(created, withPlace(id, checked.warnings()));
    }

    @Transactional
    public Saved update(Actor actor, UUID id, RuleInput.Rule input) {
        return update(actor, id, current -> input);
    }

    /**
     * Updates a rule with the input {@code change} makes of it as it is ({@link RuleInput.Rule#of}), read under the routing
     * lock as any update, so a partial change (an API PATCH) is merged into what is stored at that moment and never undoes
     * a change committed meanwhile. The input is then checked and saved exactly as a full one.
     */
    @Transactional
    public Saved update(Actor actor, UUID id, java.util.function.UnaryOperator<RuleInput.Rule> change) {
        Companies.requireConfigureOf(actor);
        lock();
        var before = get(id);
        var input = change.apply(RuleInput.Rule.of(before));
        var checked = check(id, input, before);
        refuseTakenName(id, checked.rule().name());
        var r = checked.rule();
        if (before.enabled() && !r.enabled()) {
            refuseIfHolidaysUse(id, "disabled");
        }
        jdbc.sql("""
                update call_routing_rules set name = :name, type = :type, enabled = :enabled, ring_timeout_seconds = :timeout,
                  voicemail_enabled = :vm, recording_enabled = :rec, ivr_menu_id = :menu, schedule_id = :schedule,
                  conditions = cast(:conditions as jsonb), match_target = cast(:match as jsonb),
                  open_target = cast(:open as jsonb), closed_target = cast(:closed as jsonb),
                  no_answer_target = cast(:noAnswer as jsonb), assigned_member_first = :technicianFirst, updated_at = :now
                where company_id = :c and id = :id
                """)
                .param("c", company()).param("id", id).param("name", r.name()).param("type", r.type().name())
                .param("enabled", r.enabled()).param("timeout", r.ringTimeoutSeconds())
                .param("vm", r.voicemailEnabled()).param("rec", r.recordingEnabled()).param("menu", r.ivrMenuId())
                .param("schedule", r.scheduleId()).param("conditions", store.write(r.conditions()))
                .param("match", store.write(r.matchTarget())).param("open", store.write(r.openTarget()))
                .param("closed", store.write(r.closedTarget())).param("noAnswer", store.write(r.noAnswerTarget()))
                .param("technicianFirst", r.assignedMemberFirst())
                .param("now", Timestamp.from(clock.instant())).update();
        writeMembers(id, r.memberIds());
        var after = get(id);
        audit.record(actor, "routing_rule", id, "update", before, after);
        return new Saved(after, withPlace(id, checked.warnings()));
    }

    /**
     * What sends calls to the rule: every target naming it (other rules, menus, the phone settings, queues) and every
     * holiday following it, enabled or not (a disabled one would point at nothing once enabled again). While any does,
     * {@link #delete} refuses, naming each; a page links each to where it is changed.
     */
    @Transactional(readOnly = true)
    public List<dev.switchboard.directory.MemberReferences.Use> usesOf(UUID id) {
        var uses = new ArrayList<>(TargetUses.find(beans, t -> id.equals(t.ruleId()), id));
        holidays.referencingRule(id).forEach(h -> uses.add(new dev.switchboard.directory.MemberReferences.Use(
                dev.switchboard.directory.MemberReferences.Use.Kind.HOLIDAY, h.id(), h.name(), List.of("rule for the day"))));
        return uses;
    }

    /** Deletes a rule nothing else points at, and closes the gap in the order. */
    @Transactional
    public void delete(Actor actor, UUID id) {
        Companies.requireConfigureOf(actor);
        lock();
        var before = get(id);
        var users = usesOf(id).stream().map(dev.switchboard.directory.MemberReferences.Use::description).toList();
        if (!users.isEmpty()) {
            throw new ConflictException("id", "in_use", "the rule is used by " + String.join(", ", users) + "; change those first");
        }
        jdbc.sql("delete from call_routing_rules where company_id = :c and id = :id").param("c", company()).param("id", id).update();
        renumber(store.rules().stream().map(RoutingRule::id).toList());
        audit.record(actor, "routing_rule", id, "delete", before, null);
    }

    /** Moves a rule one place up (earlier, higher priority) or down. At the end already, nothing changes. */
    @Transactional
    public List<RoutingRule> move(Actor actor, UUID id, String direction) {
        Companies.requireConfigureOf(actor);
        lock();
        var order = new ArrayList<>(store.rules().stream().map(RoutingRule::id).toList());
        int at = order.indexOf(id);
        if (at < 0) {
            throw new NotFoundException("routing rule", id);
        }
        var dir = direction == null ? "" : direction.strip().toUpperCase(Locale.ROOT);
        int to = switch (dir) {
            case "UP" -> at - 1;
            case "DOWN" -> at + 1;
            default -> throw new InvalidInputException("direction", "enum", "must be UP or DOWN");
        };
        if (to < 0 || to >= order.size()) {
            return store.rules();
        }
        var before = order.stream().map(UUID::toString).toList();
        order.set(at, order.get(to));
        order.set(to, id);
        renumber(order);
        audit.record(actor, "routing_rule", id, "move " + dir.toLowerCase(Locale.ROOT), before, order);
        return store.rules();
    }

    /** Puts the rules in exactly the given order (every rule of the company, once). */
    @Transactional
    public List<RoutingRule> reorder(Actor actor, List<UUID> ruleIds) {
        Companies.requireConfigureOf(actor);
        lock();
        var current = store.rules().stream().map(RoutingRule::id).toList();
        if (ruleIds == null || ruleIds.size() != current.size() || !new HashSet<>(ruleIds).equals(new HashSet<>(current))
                || new HashSet<>(ruleIds).size() != ruleIds.size()) {
            throw new InvalidInputException("rule_ids", "permutation",
                    "must list every rule of the company exactly once (" + current.size() + " rules)");
        }
        renumber(ruleIds);
        audit.record(actor, "routing_rule", null, "reorder", current, ruleIds);
        return store.rules();
    }

    /**
     * Where a round-robin rule's rotation stands: its pointer, its number of members, and the position in
     * the rule of each member asked about.
     */
    public record Turn(int pointer, int size, java.util.Map<UUID, Integer> positions) {

        /**
         * {@code ring} (members as the call was decided) in the order this call should try them now: from
         * the pointer on, round the circle. Calls decided together (before any of them rang) so start at
         * different members; members not in the rule keep their place at the end.
         */
        public <T> List<T> order(List<T> ring, java.util.function.Function<T, UUID> member) {
            return ring.stream().sorted(java.util.Comparator.comparingInt(r -> {
                var at = positions.get(member.apply(r));
                return at == null ? Integer.MAX_VALUE : Math.floorMod(at - pointer, size);
            })).toList();
        }
    }

    /**
     * Round robin: the next call starts at position {@code next}, unless the pointer is already further
     * on. Both are measured round the circle from where this call found the pointer ({@code expected},
     * modulo the rule's {@code size}): calls ringing at the same moment each push it forward, the one
     * that got furthest wins, and it never goes back. One statement, not waiting for the disk: this row
     * is shared by every call of the rule, so it is held for as short as it can be.
     */
    @Transactional
    public void offeredRoundRobin(UUID ruleId, int size, int expected, int next) {
        roundRobinWrite(ruleId, size, expected, next, true).run(jdbc);
    }

    /**
     * {@link #offeredRoundRobin} as a write to send with others in this transaction. When {@code wait} is
     * false it gives up at once if another transaction holds the rule's row: that call is pushing the
     * pointer forward itself, and waiting for it would queue every call of the rule behind each other's
     * commits. A ringing call's own transaction moves the pointer this way, in its last statement.
     */
    public Write roundRobinWrite(UUID ruleId, int size, int expected, int next, boolean wait) {
        if (RoutingRule.TEAM_ID.equals(ruleId) && !wait) {
            // The default strategy's pointer is kept with the phone settings. Given up at once, as a rule's, should another
            // call hold the row (an upsert would wait for its commit). Not a statement with a WITH of its own: it may be
            // sent as a part of one (see CallStore). The row is there: in turns is a setting saved, and saving makes it.
            return new Write(p -> """
                    update phone_settings set default_round_robin_next = :%1$snext
                    where company_id = :%1$sc
                      and mod(mod(default_round_robin_next, :%1$ssize) - :%1$sexpected + :%1$ssize, :%1$ssize)
                        < mod(:%1$snext - :%1$sexpected + :%1$ssize, :%1$ssize)
                      and company_id in (select company_id from phone_settings where company_id = :%1$sc for update skip locked)
                    """.formatted(p), Write.params("next", next, "c", company(), "size", size, "expected", expected));
        }
        if (RoutingRule.TEAM_ID.equals(ruleId)) {
            // The default strategy's pointer is kept with the phone settings (a row made here if they were never saved).
            return new Write(p -> """
                    insert into phone_settings (company_id, default_round_robin_next, updated_at) values (:%1$sc, :%1$snext, :%1$snow)
                    on conflict (company_id) do update set default_round_robin_next = excluded.default_round_robin_next
                    where mod(mod(phone_settings.default_round_robin_next, :%1$ssize) - :%1$sexpected + :%1$ssize, :%1$ssize)
                      < mod(:%1$snext - :%1$sexpected + :%1$ssize, :%1$ssize)
                    """.formatted(p), Write.params("next", next, "c", company(), "size", size, "expected", expected,
                    "now", java.sql.Timestamp.from(clock.instant())));
        }
        return new Write(p -> """
                update call_routing_rules set round_robin_next = :%1$snext
                where company_id = :%1$sc and id = :%1$sid
                  and mod(mod(round_robin_next, :%1$ssize) - :%1$sexpected + :%1$ssize, :%1$ssize) < mod(:%1$snext - :%1$sexpected + :%1$ssize, :%1$ssize)
                """.formatted(p) + (wait ? "" : """
                  and id in (select id from call_routing_rules where company_id = :%1$sc and id = :%1$sid for update skip locked)
                """.formatted(p)), Write.params("next", next, "c", company(), "id", ruleId, "size", size,
                "expected", expected));
    }

    // --- internals ---

    record Checked(RoutingRule rule, List<Warning> warnings) {
    }

    private Checked check(UUID id, RuleInput.Rule in, RoutingRule existing) {
        var problems = new ArrayList<FieldProblem>();
        var warnings = new ArrayList<Warning>();
        var name = Checks.blank(in.name());
        if (name == null) {
            problems.add(new FieldProblem("name", "required", "must not be blank"));
        } else if (name.length() > 100) {
            problems.add(new FieldProblem("name", "length", "must be at most 100 characters"));
        }
        RuleType type = null;
        try {
            type = RuleType.valueOf(in.type() == null ? "" : in.type().strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            problems.add(new FieldProblem("type", "enum", "must be DIRECT, ROUND_ROBIN, SIMULTANEOUS, IVR, BUSINESS_HOURS or CONDITIONAL"));
        }
        int timeout = in.ringTimeoutSeconds() == null ? 20 : in.ringTimeoutSeconds();
        if (timeout < MIN_TIMEOUT || timeout > MAX_TIMEOUT) {
            problems.add(new FieldProblem("ring_timeout_seconds", "range", "must be " + MIN_TIMEOUT + " to " + MAX_TIMEOUT + " seconds"));
        }
        var memberIds = in.memberIds() == null ? List.<UUID>of() : in.memberIds();
        if (memberIds.stream().anyMatch(Objects::isNull) || new HashSet<>(memberIds).size() != memberIds.size()) {
            problems.add(new FieldProblem("member_ids", "unique", "lists each member once"));
        }
        for (int i = 0; i < memberIds.size(); i++) {
            if (memberIds.get(i) != null) {
                var found = new ArrayList<FieldProblem>();
                checks.target("member_ids[" + i + "]", new RuleInput.TargetInput("MEMBER", memberIds.get(i), null, null, null), true, found);
                int index = i;
                found.forEach(p -> problems.add(new FieldProblem("member_ids[" + index + "]", p.rule(), p.message())));
            }
        }
        Conditions conditions = null;
        Target match = null;
        Target open = null;
        Target closed = null;
        UUID menu = null;
        UUID schedule = null;
        if (type != null) {
            switch (type) {
                case DIRECT -> {
                    if (memberIds.size() != 1) {
                        problems.add(new FieldProblem("member_ids", "count", "One person: choose exactly one person to ring"));
                    }
                }
                case ROUND_ROBIN, SIMULTANEOUS -> {
                    var w = Checks.warnIfEmpty(memberIds);
                    if (w != null) {
                        warnings.add(w);
                    }
                }
                case IVR -> {
                    if (in.ivrMenuId() == null) {
                        problems.add(new FieldProblem("ivr_menu_id", "required", "a phone menu (IVR) rule needs its menu"));
                    } else if (store.menu(in.ivrMenuId()).isEmpty()) {
                        problems.add(new FieldProblem("ivr_menu_id", "exists", "no IVR menu " + in.ivrMenuId() + " in this company"));
                    }
                    menu = in.ivrMenuId();
                }
                case BUSINESS_HOURS -> {
                    if (in.scheduleId() != null) {
                        try {
                            schedules.hours(in.scheduleId());
                        } catch (NotFoundException e) {
                            problems.add(new FieldProblem("schedule_id", "exists", "no schedule " + in.scheduleId() + " in this company"));
                        }
                    }
                    schedule = in.scheduleId();
                    open = checks.target("open_target", in.openTarget(), true, "for a business-hours rule", problems);
                    closed = checks.target("closed_target", in.closedTarget(), true, "for a business-hours rule", problems);
                }
                case CONDITIONAL -> {
                    conditions = checks.conditions(in.conditions(), problems);
                    match = checks.target("match_target", in.matchTarget(), true, "for a conditional rule", problems);
                }
            }
            if (type != RuleType.DIRECT && type != RuleType.ROUND_ROBIN && type != RuleType.SIMULTANEOUS && !memberIds.isEmpty()) {
                problems.add(new FieldProblem("member_ids", "unused", "only direct, round-robin and simultaneous rules have members"));
            }
        }
        if (type != null && type != RuleType.CONDITIONAL && in.conditions() != null) {
            // Conditions sent with a rule of another type are not kept, but they are read like a conditional rule's:
            // taken unread, any value passed ('MONDAY' with a BEL after it), and the client was told nothing of it.
            var unused = new ArrayList<FieldProblem>();
            checks.conditions(in.conditions(), unused);
            // (Only what is wrong in itself: a dialled number no longer the company's, or no condition at all, is no
            // matter for conditions that are not used.)
            unused.stream().filter(p -> java.util.Set.of("enum", "format", "pattern", "length", "e164", "range").contains(p.rule()))
                    .forEach(problems::add);
            if (anyCondition(in.conditions())) {
                // Saved, as before, without them; but a client that thought the rule was for some callers only is told.
                warnings.add(new Warning("conditions", "only conditional rules have conditions: not kept, this " + type
                        + " rule takes every call that reaches it"));
            }
        }
        boolean technicianFirst = Boolean.TRUE.equals(in.assignedMemberFirst());
        if (technicianFirst && type != null && type != RuleType.ROUND_ROBIN && type != RuleType.SIMULTANEOUS) {
            problems.add(new FieldProblem("assigned_member_first", "unused",
                    "only round-robin and simultaneous rules can ring the caller's technician first (this rule is " + type + ")"));
        }
        var noAnswer = checks.target("no_answer_target", in.noAnswerTarget(), false, problems);
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
        var now = clock.instant();
        var rule = new RoutingRule(id, name, type, existing == null ? 0 : existing.priority(), in.enabled() == null || in.enabled(),
                timeout, in.voicemailEnabled() == null || in.voicemailEnabled(), Boolean.TRUE.equals(in.recordingEnabled()),
                List.copyOf(memberIds), menu, schedule, conditions, match, open, closed, noAnswer,
                existing == null ? 0 : existing.roundRobinNext(), existing == null ? now : existing.createdAt(), now, technicianFirst);
        if (rule.targets().stream().anyMatch(t -> id.equals(t.ruleId()))) {
            throw new InvalidInputException("no_answer_target", "loop", "a rule cannot send calls to itself");
        }
        var rules = new ArrayList<>(store.rules().stream().filter(r -> !r.id().equals(id)).toList());
        rules.add(rule);
        var loop = Checks.loop(rules, store.menus(), checks.queueMaxWaits());
        if (!loop.isEmpty()) {
            throw new InvalidInputException("targets", "loop", "the rule chain loops back on itself: "
                    + String.join(" → ", Checks.from(loop, "rule '" + name + "'")));
        }
        if (rule.targets().stream().anyMatch(t -> t.kind() == Target.Kind.RULE && store.rule(t.ruleId()).map(r -> !r.enabled()).orElse(false))) {
            warnings.add(new Warning("targets", "a target rule is disabled: calls sent there go to its no-answer target"));
        }
        var emptyQueue = checks.warnIfQueueEmpty(rule);
        if (emptyQueue != null) {
            warnings.add(emptyQueue);
        }
        return new Checked(rule, warnings);
    }

    private void refuseIfHolidaysUse(UUID id, String what) {
        var using = holidays.usingRule(id);
        if (!using.isEmpty()) {
            throw new InvalidInputException("enabled", "in-use", "holiday '" + using.getFirst().name() + "' uses this rule; it cannot be " + what);
        }
    }

    private void writeMembers(UUID id, List<UUID> memberIds) {
        jdbc.sql("delete from routing_rule_members where company_id = :c and rule_id = :id").param("c", company()).param("id", id).update();
        int position = 0;
        for (var m : memberIds) {
            jdbc.sql("insert into routing_rule_members (company_id, rule_id, position, member_id) values (:c, :id, :p, :m)")
                    .param("c", company()).param("id", id).param("p", position++).param("m", m).update();
        }
    }

    /** Sets priorities 1..n in the given order; the unique (company, priority) check is deferred to commit. */
    private void renumber(List<UUID> order) {
        int priority = 1;
        for (var id : order) {
            jdbc.sql("update call_routing_rules set priority = :p where company_id = :c and id = :id")
                    .param("p", priority++).param("c", company()).param("id", id).update();
        }
    }

    /** Serialises every change to the company's rules (across nodes: it is a PostgreSQL lock). */
    private void lock() {
        store.lockRouting();
    }

    /**
     * Two rules named alike ("Booking team" twice) would make the list, the Activity page and call traces ambiguous.
     * Checked under the routing lock, so two saves at once cannot both pass; the unique index is the last line.
     */
    private void refuseTakenName(UUID id, String name) {
        store.nameTakenBy("call_routing_rules", id, name).ifPresent(other -> {
            throw new ConflictException("name", "the routing rule '" + other + "' already has this name; choose another");
        });
    }

    static List<Target> menuTargets(IvrMenu m) {
        var targets = new ArrayList<Target>(m.options().values());
        if (m.invalidTarget() != null) {
            targets.add(m.invalidTarget());
        }
        if (m.timeoutTarget() != null) {
            targets.add(m.timeoutTarget());
        }
        return targets;
    }

    private static UUID company() {
        return TenantContext.require().value();
    }

    private static boolean anyCondition(RuleInput.ConditionsInput c) {
        return c.callerPattern() != null || c.knownCustomer() != null || c.customerTag() != null || c.dialledNumber() != null
                || (c.weekdays() != null && !c.weekdays().isEmpty()) || c.timeFrom() != null || c.timeTo() != null
                || c.timeFromMinute() != null || c.timeToMinute() != null;
    }
}
