package dev.switchboard.calls;

import dev.switchboard.platform.TenantContext;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ObjectNode;

/** The rows of a call: the journey (locked while a signal is handled), its legs and its event log. */
@Component
class CallStore {

    private final JdbcClient jdbc;
    private final ObjectMapper json;

    CallStore(JdbcClient jdbc, ObjectMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /** A call's working state. */
    record Journey(UUID id, String direction, String from, String to, String phase, ObjectNode step, String callerLegId,
            Instant startedAt, Instant connectedAt, Instant answeredAt, Instant endedAt, UUID answeredBy, UUID ruleId,
            UUID voicemailId, String recordingUrl, String plan) {
    }

    record Leg(String legId, String role, UUID memberId, String destination, String state, Instant answeredAt) {
    }

    void create(UUID id, String direction, String from, String to, String phase, String callerLeg, Instant at) {
        jdbc.sql("""
                insert into calls (company_id, id, direction, from_number, to_number, phase, caller_leg_id, started_at)
                values (:c, :id, :dir, :from, :to, :phase, :leg, :at)
                """)
                .param("c", company()).param("id", id).param("dir", direction).param("from", from).param("to", to)
                .param("phase", phase).param("leg", callerLeg).param("at", ts(at)).update();
    }

    private static final String WORKING_COLUMNS = """
            id, direction, from_number, to_number, phase, step, caller_leg_id, started_at, connected_at, answered_at,
            ended_at, answered_by, rule_id, voicemail_id, recording_url, plan""";

    /**
     * The call, locked for this transaction: signals for one call are handled one at a time, on any node.
     * Only the working columns: the trace, transfers, notes and tags of a long call are not read per signal.
     */
    Optional<Journey> lock(UUID id) {
        flushPending(id);
        return jdbc.sql("select " + WORKING_COLUMNS + " from calls where company_id = :c and id = :id for update")
                .param("c", company()).param("id", id).query(this::journey).optional();
    }

    /**
     * {@link #lock} and {@link #event} in one statement (one round trip per signal instead of two). The
     * event row's foreign-key check runs at the end of the statement, after the lock is held, so two
     * signals for one call still queue on the lock rather than deadlock.
     */
    Optional<Journey> lockAndLog(UUID id, Instant at, String kind, String detail) {
        flushPending(id);
        return jdbc.sql("""
                with logged as (
                  insert into call_events (company_id, call_id, at, kind, detail)
                  select company_id, id, :at, :k, :d from calls where company_id = :c and id = :id
                )
                select %s from calls where company_id = :c and id = :id for update
                """.formatted(WORKING_COLUMNS))
                .param("c", company()).param("id", id).param("at", ts(at)).param("k", kind).param("d", detail)
                .query(this::journey).optional();
    }

    /** Writes the call's held-back changes before it is read again in the same transaction. */
    private void flushPending(UUID id) {
        var u = unit.get();
        if (u != null && (u.columns.containsKey(id) || u.notes.containsKey(id))) {
            flush(id);
        }
    }

    private Journey journey(java.sql.ResultSet rs, int n) throws java.sql.SQLException {
        return new Journey(rs.getObject("id", UUID.class), rs.getString("direction"), rs.getString("from_number"),
                rs.getString("to_number"), rs.getString("phase"), (ObjectNode) json.readTree(rs.getString("step")),
                rs.getString("caller_leg_id"), instant(rs.getTimestamp("started_at")), instant(rs.getTimestamp("connected_at")),
                instant(rs.getTimestamp("answered_at")), instant(rs.getTimestamp("ended_at")),
                rs.getObject("answered_by", UUID.class), rs.getObject("rule_id", UUID.class),
                rs.getObject("voicemail_id", UUID.class), rs.getString("recording_url"), rs.getString("plan"));
    }

    Optional<UUID> callOfLeg(String legId) {
        return jdbc.sql("select call_id from call_legs where company_id = :c and leg_id = :l")
                .param("c", company()).param("l", legId).query(UUID.class).optional();
    }

    /**
     * Writes to calls rows made while one signal is handled, held back and written as one UPDATE per call
     * when the handling ends ({@link #flush}), instead of one per change (a signal often changes a call's
     * row three or four times, and adds notes to its trace). Reading a call ({@link #lock}) writes its
     * pending changes first, so nothing in the transaction ever reads a stale row.
     */
    private static final class Unit {
        final Map<UUID, Map<String, Object>> columns = new java.util.LinkedHashMap<>();
        final Map<UUID, List<String>> notes = new java.util.LinkedHashMap<>();
    }

    private final ThreadLocal<Unit> unit = new ThreadLocal<>();

    /** Starts holding back this thread's writes to calls rows (until {@link #flush} and {@link #endUnit}). */
    void beginUnit() {
        if (unit.get() != null) {
            // Handling a signal opens no transaction of its own (follow-ups run after commit): nothing nests.
            throw new IllegalStateException("a unit of work is already open on this thread");
        }
        unit.set(new Unit());
    }

    /** Writes what is held back, in this transaction. */
    void flush() {
        var u = unit.get();
        if (u == null) {
            return;
        }
        var ids = new java.util.LinkedHashSet<UUID>(u.columns.keySet());
        ids.addAll(u.notes.keySet());
        ids.forEach(this::flush);
    }

    /** Stops holding back (anything not flushed is dropped: the transaction is rolling back). */
    void endUnit() {
        unit.remove();
    }

    private void flush(UUID id) {
        var u = unit.get();
        var columns = u.columns.remove(id);
        var notes = u.notes.remove(id);
        write(id, columns == null ? Map.of() : columns, notes == null ? List.of() : notes);
    }

    void update(UUID id, Map<String, Object> columns) {
        if (columns.isEmpty()) {
            return;
        }
        var u = unit.get();
        if (u != null) {
            u.columns.computeIfAbsent(id, k -> new java.util.LinkedHashMap<>()).putAll(columns);
            if (columns.containsKey("trace")) {
                u.notes.remove(id); // a trace set anew replaces the notes added before it (as writing both at once would)
            }
            return;
        }
        write(id, columns, List.of());
    }

    /** Adds a line to the call's decision trace ("ringing Ann", "could not claim Bob..."). */
    void note(UUID id, String line) {
        var u = unit.get();
        if (u != null) {
            u.notes.computeIfAbsent(id, k -> new java.util.ArrayList<>()).add(line);
            return;
        }
        write(id, Map.of(), List.of(line));
    }

    private void write(UUID id, Map<String, Object> columns, List<String> notes) {
        if (columns.isEmpty() && notes.isEmpty()) {
            return;
        }
        var sets = new StringBuilder();
        columns.keySet().forEach(k -> sets.append(sets.isEmpty() ? "" : ", ").append(k).append(" = ")
                .append(k.equals("plan") || k.equals("step") || k.equals("trace") || k.equals("transfers") ? "cast(:" + k + " as jsonb)" : ":" + k)
                .append(k.equals("trace") && !notes.isEmpty() ? " || cast(:notes as jsonb)" : ""));
        if (!notes.isEmpty() && !columns.containsKey("trace")) {
            sets.append(sets.isEmpty() ? "" : ", ").append("trace = trace || cast(:notes as jsonb)");
        }
        var spec = jdbc.sql("update calls set " + sets + " where company_id = :c and id = :id");
        for (var e : columns.entrySet()) {
            var v = e.getValue();
            if (v instanceof Instant i) {
                v = ts(i);
            } else if (v instanceof JsonNode || v instanceof List<?> || v instanceof Map<?, ?>) {
                v = json.writeValueAsString(v);
            } else if (v != null && v.getClass().isRecord()) {
                v = json.writeValueAsString(v);
            }
            spec = spec.param(e.getKey(), v);
        }
        if (!notes.isEmpty()) {
            spec = spec.param("notes", json.writeValueAsString(notes));
        }
        spec.param("c", company()).param("id", id).update();
    }

    /**
     * Records a leg; true when it was not known before. A leg first recorded without its destination (its
     * answer or hangup came before its call.initiated) gets it from the next record that has it.
     */
    boolean addLeg(UUID callId, String legId, String role, UUID memberId, String destination, Instant at) {
        return jdbc.sql("""
                insert into call_legs (company_id, call_id, leg_id, role, member_id, destination, state, started_at)
                values (:c, :call, :leg, :role, :m, :dest, 'RINGING', :at)
                on conflict (leg_id) do update set destination = excluded.destination
                  where call_legs.destination is null and excluded.destination is not null
                returning xmax = 0
                """)
                .param("c", company()).param("call", callId).param("leg", legId).param("role", role).param("m", memberId)
                .param("dest", destination).param("at", ts(at)).query(Boolean.class).optional().orElse(false);
    }

    List<Leg> legs(UUID callId) {
        return jdbc.sql("select * from call_legs where company_id = :c and call_id = :call order by started_at, leg_id")
                .param("c", company()).param("call", callId)
                .query((rs, n) -> new Leg(rs.getString("leg_id"), rs.getString("role"), rs.getObject("member_id", UUID.class),
                        rs.getString("destination"), rs.getString("state"), instant(rs.getTimestamp("answered_at"))))
                .list();
    }

    /** Moves a leg to a new state; false when it was already there or past it (a duplicate or late signal). */
    boolean legState(String legId, String state, Instant at, String cause) {
        var allowed = state.equals("ANSWERED") ? "('RINGING')" : "('RINGING', 'ANSWERED')";
        return jdbc.sql("update call_legs set state = :s, answered_at = case when :s = 'ANSWERED' then :at else answered_at end, "
                        + "ended_at = case when :s = 'ENDED' then :at else ended_at end, hangup_cause = coalesce(:cause, hangup_cause) "
                        + "where company_id = :c and leg_id = :leg and state in " + allowed)
                .param("s", state).param("at", ts(at)).param("cause", cause).param("c", company()).param("leg", legId).update() == 1;
    }

    void event(UUID callId, Instant at, String kind, String detail) {
        jdbc.sql("insert into call_events (company_id, call_id, at, kind, detail) values (:c, :call, :at, :k, :d)")
                .param("c", company()).param("call", callId).param("at", ts(at)).param("k", kind).param("d", detail).update();
    }

    ObjectNode newStep() {
        return json.createObjectNode();
    }

    ObjectMapper json() {
        return json;
    }

    private static UUID company() {
        return TenantContext.require().value();
    }

    private static Timestamp ts(Instant i) {
        return i == null ? null : Timestamp.from(i);
    }

    private static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }
}
