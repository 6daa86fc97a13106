package dev.switchboard.queue;

import dev.switchboard.directory.MemberReferences.Use;
import dev.switchboard.directory.Members;
import dev.switchboard.media.Media;
import dev.switchboard.platform.ConflictException;
import dev.switchboard.platform.FieldProblem;
import dev.switchboard.platform.InvalidInputException;
import dev.switchboard.platform.NotFoundException;
import dev.switchboard.platform.TenantContext;
import dev.switchboard.routing.QueueReferences;
import dev.switchboard.routing.RoutingRules;
import dev.switchboard.routing.RuleInput;
import dev.switchboard.routing.Target;
import dev.switchboard.tenancy.Actor;
import dev.switchboard.tenancy.AuditLog;
import dev.switchboard.tenancy.Companies;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.ObjectMapper;

/** The company's call queues: settings and members, validated and audited. */
@Service
public class Queues implements QueueReferences, dev.switchboard.routing.TargetUses {

    private final JdbcClient jdbc;
    private final ObjectMapper json;
    private final Members members;
    private final Media media;
    private final RoutingRules rules;
    private final AuditLog audit;
    private final Clock clock;

    private final org.springframework.beans.factory.ListableBeanFactory beans;

    Queues(JdbcClient jdbc, ObjectMapper json, Members members, Media media, RoutingRules rules, AuditLog audit, Clock clock,
            org.springframework.beans.factory.ListableBeanFactory beans) {
        this.beans = beans;
        this.jdbc = jdbc;
        this.json = json;
        this.members = members;
        this.media = media;
        this.rules = rules;
        this.audit = audit;
        this.clock = clock;
    }

    @Override
    @Transactional(readOnly = true)
    public boolean queueExists(UUID queueId) {
        return find(queueId).isPresent();
    }

    @Override
    @Transactional(readOnly = true)
    public List<Choice> queueChoices() {
        return list().stream().map(q -> new Choice(q.id(), q.name())).toList();
    }

    @Override
    @Transactional(readOnly = true)
    public List<MaxWait> maxWaitTargets() {
        return list().stream().map(q -> new MaxWait(q.id(), q.name(), q.maxWaitTarget())).toList();
    }

    @Override
    @Transactional(readOnly = true)
    public List<Choice> queuesWithNobody() {
        return list().stream().filter(q -> q.memberIds().isEmpty()).map(q -> new Choice(q.id(), q.name())).toList();
    }

    @Transactional(readOnly = true)
    public List<CallQueue> list() {
        return jdbc.sql("select * from call_queues where company_id = :c order by lower(name)").param("c", company())
                .query(this::map).list();
    }

    @Transactional(readOnly = true)
    public Optional<CallQueue> find(UUID id) {
        return jdbc.sql("select * from call_queues where company_id = :c and id = :id").param("c", company()).param("id", id)
                .query(this::map).optional();
    }

    @Transactional(readOnly = true)
    public CallQueue get(UUID id) {
        return find(id).orElseThrow(() -> new NotFoundException("call queue", id));
    }

    /** The queues a member takes calls from. */
    @Transactional(readOnly = true)
    public List<UUID> queuesOf(UUID memberId) {
        return jdbc.sql("select queue_id from queue_members where company_id = :c and member_id = :m").param("c", company())
                .param("m", memberId).query(UUID.class).list();
    }

    @Transactional
    public CallQueue create(Actor actor, QueueInput input) {
        Companies.requireConfigureOf(actor);
        rules.lockRouting();
        var id = UUID.randomUUID();
        var q = check(id, input);
        refuseTakenName(id, q.name());
        try {
            jdbc.sql("""
                    insert into call_queues (company_id, id, name, strategy, ring_timeout_seconds, wrap_up_seconds, hold_media_id,
                      announce_position, announce_interval_seconds, max_wait_seconds, max_wait_target, max_callers, full_target,
                      join_when_empty, leave_when_empty, empty_target, max_missed_offers, callback_enabled, callback_key, vip_tag,
                      vip_priority, rejoin_window_seconds, short_abandon_seconds, service_level_seconds, updated_at)
                    values (:c, :id, :name, :strategy, :ring, :wrap, :hold, :announce, :interval, :maxWait, cast(:maxWaitTarget as jsonb),
                      :maxCallers, cast(:fullTarget as jsonb), :joinEmpty, :leaveEmpty, cast(:emptyTarget as jsonb), :missed, :callback,
                      :key, :vipTag, :vipPriority, :rejoin, :shortAbandon, :serviceLevel, :now)
                    """).paramSource(params(q)).update();
        } catch (DuplicateKeyException e) {
            throw new ConflictException("name", "another queue already has this name; choose another");
        }
        saveMembers(id, q.memberIds());
        var created = get(id);
        audit.record(actor, "call_queue", id, "create", null, created);
        return created;
    }

    @Transactional
    public CallQueue update(Actor actor, UUID id, QueueInput input) {
        return update(actor, id, current -> input);
    }

    /**
     * Updates a queue with the input {@code change} makes of it as it is ({@link QueueInput#of}), read under the same locks
     * as any update, so a partial change (an API PATCH) is merged into what is stored at that moment and never undoes a
     * change committed meanwhile. The input is then checked and saved exactly as a full one.
     */
    @Transactional
    public CallQueue update(Actor actor, UUID id, java.util.function.UnaryOperator<QueueInput> change) {
        Companies.requireConfigureOf(actor);
        var before = lock(id);
        rules.lockRouting();
        var q = check(id, change.apply(QueueInput.of(before)));
        refuseTakenName(id, q.name());
        try {
            jdbc.sql("""
                    update call_queues set name = :name, strategy = :strategy, ring_timeout_seconds = :ring, wrap_up_seconds = :wrap,
                      hold_media_id = :hold, announce_position = :announce, announce_interval_seconds = :interval,
                      max_wait_seconds = :maxWait, max_wait_target = cast(:maxWaitTarget as jsonb), max_callers = :maxCallers,
                      full_target = cast(:fullTarget as jsonb), join_when_empty = :joinEmpty, leave_when_empty = :leaveEmpty,
                      empty_target = cast(:emptyTarget as jsonb), max_missed_offers = :missed, callback_enabled = :callback,
                      callback_key = :key, vip_tag = :vipTag, vip_priority = :vipPriority, rejoin_window_seconds = :rejoin,
                      short_abandon_seconds = :shortAbandon, service_level_seconds = :serviceLevel, updated_at = :now
                    where company_id = :c and id = :id
                    """).paramSource(params(q)).update();
        } catch (DuplicateKeyException e) {
            throw new ConflictException("name", "another queue already has this name; choose another");
        }
        saveMembers(id, q.memberIds());
        var after = get(id);
        if (before.holdMediaId() != null && !before.holdMediaId().equals(after.holdMediaId())) {
            media.released(before.holdMediaId()); // replaced or removed: its file goes once nothing uses it
        }
        audit.record(actor, "call_queue", id, "update", before, after);
        return after;
    }

    /** What sends calls to the queue (rules, menus, the phone settings, other queues): while any does, {@link #delete} refuses. */
    @Transactional(readOnly = true)
    public List<Use> usesOf(UUID id) {
        return dev.switchboard.routing.TargetUses.find(beans, t -> id.equals(t.queueId()), id);
    }

    /** Deletes a queue; refused while callers wait in it, or while anything sends calls to it ({@link #usesOf}). */
    @Transactional
    public void delete(Actor actor, UUID id) {
        Companies.requireConfigureOf(actor);
        var before = lock(id);
        int waiting = jdbc.sql("select count(*) from queue_entries where company_id = :c and queue_id = :q and state in ('WAITING','OFFERING','CALLBACK','CALLBACK_DIALING')")
                .param("c", company()).param("q", id).query(Integer.class).single();
        if (waiting > 0) {
            throw new ConflictException("id", "state", waiting + " caller(s) are waiting in this queue or for its callbacks; try again when it is empty");
        }
        // Under the routing lock, as rule and menu saves are: one saved meanwhile sending calls to this queue either is
        // seen here or, waiting for the lock, finds the queue gone and is refused. (The queue's row first, as update does.)
        rules.lockRouting();
        var users = usesOf(id).stream().map(Use::description).distinct().toList();
        if (!users.isEmpty()) {
            throw new ConflictException("id", "in_use", "the queue is used by " + String.join(", ", users) + "; change those first");
        }
        jdbc.sql("delete from call_queues where company_id = :c and id = :id").param("c", company()).param("id", id).update();
        media.released(before.holdMediaId());
        audit.record(actor, "call_queue", id, "delete", before, null);
    }

    @Override
    public List<Use> usesOf(java.util.function.Predicate<Target> matches) {
        var found = new ArrayList<Use>();
        for (var q : list()) {
            var parts = new ArrayList<String>();
            var named = new java.util.LinkedHashMap<String, Target>();
            named.put("maximum-wait target", q.maxWaitTarget());
            named.put("target when full", q.fullTarget());
            named.put("target when nobody is logged in", q.emptyTarget());
            named.forEach((part, t) -> {
                if (t != null && matches.test(t)) {
                    parts.add(part);
                }
            });
            if (!parts.isEmpty()) {
                found.add(new Use(Use.Kind.QUEUE, q.id(), q.name(), parts));
            }
        }
        return found;
    }

    /**
     * Two queues named alike ("Support" and " support") would make the queue list, the targets of rules and menus and
     * call traces ambiguous. Compared trimmed and in any case, as routing rules and IVR menus are, and refused naming the
     * queue that has the name. Checked under the routing lock every queue save takes, so two saves at once cannot both
     * pass; the unique index (V1_53) is the last line.
     */
    private void refuseTakenName(UUID id, String name) {
        jdbc.sql("select name from call_queues where company_id = :c and id <> :id and lower(btrim(name)) = lower(btrim(:name)) limit 1")
                .param("c", company()).param("id", id).param("name", name).query(String.class).optional().ifPresent(other -> {
                    throw new ConflictException("name", "the queue '" + other + "' already has this name; choose another");
                });
    }

    /** Locks the queue's row for this transaction (every change to its line goes through this lock). */
    CallQueue lock(UUID id) {
        jdbc.sql("select id from call_queues where company_id = :c and id = :id for update").param("c", company()).param("id", id)
                .query(UUID.class).optional().orElseThrow(() -> new NotFoundException("call queue", id));
        return get(id);
    }

    private void saveMembers(UUID queueId, List<UUID> memberIds) {
        jdbc.sql("delete from queue_members where company_id = :c and queue_id = :q and not (member_id = any(:ids))")
                .param("c", company()).param("q", queueId).param("ids", memberIds.toArray(new UUID[0])).update();
        for (int i = 0; i < memberIds.size(); i++) {
            jdbc.sql("""
                    insert into queue_members (company_id, queue_id, member_id, position) values (:c, :q, :m, :p)
                    on conflict (company_id, queue_id, member_id) do update set position = excluded.position
                    """).param("c", company()).param("q", queueId).param("m", memberIds.get(i)).param("p", i).update();
        }
    }

    private CallQueue check(UUID id, QueueInput in) {
        if (in == null) {
            throw new InvalidInputException("body", "required", "send the queue's settings as JSON");
        }
        var problems = new ArrayList<FieldProblem>();
        var name = in.name() == null ? "" : in.name().strip();
        if (name.isEmpty() || name.length() > 100) {
            problems.add(new FieldProblem("name", "length", "is required, at most 100 characters"));
        }
        QueueStrategy strategy = QueueStrategy.ROUND_ROBIN;
        if (in.strategy() != null) {
            try {
                strategy = QueueStrategy.valueOf(in.strategy().strip().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                problems.add(new FieldProblem("strategy", "enum", "must be RING_ALL, ROUND_ROBIN, LONGEST_IDLE, FEWEST_CALLS or FIXED_ORDER"));
            }
        }
        var memberIds = in.memberIds() == null ? List.<UUID>of() : in.memberIds();
        var seen = new HashSet<UUID>();
        for (int i = 0; i < memberIds.size(); i++) {
            var m = memberIds.get(i);
            if (m == null || members.find(m).isEmpty()) {
                problems.add(new FieldProblem("member_ids[" + i + "]", "exists", "no team member " + m + " in this company"));
            } else if (!seen.add(m)) {
                problems.add(new FieldProblem("member_ids[" + i + "]", "unique", "member " + m + " is listed twice"));
            }
        }
        int ring = range(in.ringTimeoutSeconds(), 20, 5, 120, "ring_timeout_seconds", problems);
        int wrap = range(in.wrapUpSeconds(), 10, 0, 600, "wrap_up_seconds", problems);
        int interval = range(in.announceIntervalSeconds(), 60, 0, 600, "announce_interval_seconds", problems);
        if (interval > 0 && interval < 15) {
            problems.add(new FieldProblem("announce_interval_seconds", "range", "must be 0 (only on joining) or 15 to 600"));
        }
        int maxWait = range(in.maxWaitSeconds(), 300, 30, 3600, "max_wait_seconds", problems);
        int maxCallers = range(in.maxCallers(), 20, 1, 500, "max_callers", problems);
        int missed = range(in.maxMissedOffers(), 3, 1, 10, "max_missed_offers", problems);
        int vipPriority = range(in.vipPriority(), 10, 0, 100, "vip_priority", problems);
        int rejoin = range(in.rejoinWindowSeconds(), 120, 0, 3600, "rejoin_window_seconds", problems);
        int shortAbandon = range(in.shortAbandonSeconds(), 5, 0, 60, "short_abandon_seconds", problems);
        int serviceLevel = range(in.serviceLevelSeconds(), 20, 5, 600, "service_level_seconds", problems);
        var key = in.callbackKey() == null ? "1" : in.callbackKey().strip();
        if (!key.matches("[0-9*#]")) {
            problems.add(new FieldProblem("callback_key", "pattern", "must be one key: 0-9, * or #"));
        }
        var vipTag = in.vipTag() == null ? "vip" : in.vipTag().strip().toLowerCase(Locale.ROOT);
        var vipTagProblem = vipTag.isEmpty() ? null : dev.switchboard.directory.Customers.tagProblem(vipTag);
        if (vipTagProblem != null) {
            problems.add(new FieldProblem("vip_tag", "pattern", vipTagProblem));
        }
        if (in.holdMediaId() != null && media.findPrompt(in.holdMediaId()).isEmpty()) {
            problems.add(new FieldProblem("hold_media_id", "exists", "no uploaded audio " + in.holdMediaId() + " in this company"));
        }
        var maxWaitTarget = target("max_wait_target", in.maxWaitTarget(), id, problems);
        var fullTarget = target("full_target", in.fullTarget(), id, problems);
        var emptyTarget = target("empty_target", in.emptyTarget(), id, problems);
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
        var loop = rules.loopThroughQueue(id, name, maxWaitTarget);
        if (!loop.isEmpty()) {
            // A caller who waited the longest time would be put back in this line, and again, and never reach voicemail.
            throw new InvalidInputException("max_wait_target", "loop", "the maximum-wait target leads back to this queue: "
                    + String.join(" → ", loop));
        }
        return new CallQueue(id, name, strategy, List.copyOf(memberIds), ring, wrap, in.holdMediaId(),
                in.announcePosition() == null || in.announcePosition(), interval, maxWait, maxWaitTarget, maxCallers, fullTarget,
                in.joinWhenEmpty() != null && in.joinWhenEmpty(), in.leaveWhenEmpty() != null && in.leaveWhenEmpty(), emptyTarget,
                missed, in.callbackEnabled() != null && in.callbackEnabled(), key, vipTag.isEmpty() ? null : vipTag, vipPriority,
                rejoin, shortAbandon, serviceLevel, clock.instant());
    }

    private Target target(String field, RuleInput.TargetInput in, UUID self, List<FieldProblem> problems) {
        if (in == null) {
            return null;
        }
        if (in.queueId() != null && in.queueId().equals(self)) {
            problems.add(new FieldProblem(field + ".queue_id", "loop", "a queue cannot overflow into itself"));
            return null;
        }
        return rules.checkTarget(field, in, false, problems);
    }

    private static int range(Integer value, int fallback, int min, int max, String field, List<FieldProblem> problems) {
        if (value == null) {
            return fallback;
        }
        if (value < min || value > max) {
            problems.add(new FieldProblem(field, "range", "must be " + min + " to " + max));
        }
        return value;
    }

    private org.springframework.jdbc.core.namedparam.MapSqlParameterSource params(CallQueue q) {
        return new org.springframework.jdbc.core.namedparam.MapSqlParameterSource()
                .addValue("c", company()).addValue("id", q.id()).addValue("name", q.name()).addValue("strategy", q.strategy().name())
                .addValue("ring", q.ringTimeoutSeconds()).addValue("wrap", q.wrapUpSeconds()).addValue("hold", q.holdMediaId())
                .addValue("announce", q.announcePosition()).addValue("interval", q.announceIntervalSeconds())
                .addValue("maxWait", q.maxWaitSeconds()).addValue("maxWaitTarget", targetJson(q.maxWaitTarget()))
                .addValue("maxCallers", q.maxCallers()).addValue("fullTarget", targetJson(q.fullTarget()))
                .addValue("joinEmpty", q.joinWhenEmpty()).addValue("leaveEmpty", q.leaveWhenEmpty())
                .addValue("emptyTarget", targetJson(q.emptyTarget())).addValue("missed", q.maxMissedOffers())
                .addValue("callback", q.callbackEnabled()).addValue("key", q.callbackKey()).addValue("vipTag", q.vipTag())
                .addValue("vipPriority", q.vipPriority()).addValue("rejoin", q.rejoinWindowSeconds())
                .addValue("shortAbandon", q.shortAbandonSeconds()).addValue("serviceLevel", q.serviceLevelSeconds())
                .addValue("now", Timestamp.from(q.updatedAt()));
    }

    private String targetJson(Target t) {
        return t == null ? null : json.writeValueAsString(t);
    }

    private Target target(String text) {
        return text == null ? null : json.readValue(text, Target.class);
    }

    private CallQueue map(ResultSet rs, int n) throws SQLException {
        var id = rs.getObject("id", UUID.class);
        var memberIds = jdbc.sql("select member_id from queue_members where company_id = :c and queue_id = :q order by position")
                .param("c", company()).param("q", id).query(UUID.class).list();
        return new CallQueue(id, rs.getString("name"), QueueStrategy.valueOf(rs.getString("strategy")), memberIds,
                rs.getInt("ring_timeout_seconds"), rs.getInt("wrap_up_seconds"), rs.getObject("hold_media_id", UUID.class),
                rs.getBoolean("announce_position"), rs.getInt("announce_interval_seconds"), rs.getInt("max_wait_seconds"),
                target(rs.getString("max_wait_target")), rs.getInt("max_callers"), target(rs.getString("full_target")),
                rs.getBoolean("join_when_empty"), rs.getBoolean("leave_when_empty"), target(rs.getString("empty_target")),
                rs.getInt("max_missed_offers"), rs.getBoolean("callback_enabled"), rs.getString("callback_key"),
                rs.getString("vip_tag"), rs.getInt("vip_priority"), rs.getInt("rejoin_window_seconds"),
                rs.getInt("short_abandon_seconds"), rs.getInt("service_level_seconds"), rs.getTimestamp("updated_at").toInstant());
    }

    private static UUID company() {
        return TenantContext.require().value();
    }
}
