package dev.switchboard.calls;

import dev.switchboard.platform.TenantContext;
import dev.switchboard.platform.Write;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The rows of a call: the journey (locked while a signal is handled), its legs and its event log.
 *
 * <p>Inside a unit of work ({@link #beginUnit} ... {@link #flush}) a locked call's legs come with its
 * lock, and every change to the call, its legs and its log (and writes of other modules handed to
 * {@link #alsoWrite}) is held back and written at the end, all in one statement: the legs change only
 * while their call is locked, so what the unit holds is what the database holds. A signal's handling is
 * thus about three statements (lock, the occasional member claim, the writes) rather than one per
 * change. Outside a unit every method reads and writes at once.
 */
@Component
class CallStore {

    private final JdbcClient jdbc;
    private final org.springframework.jdbc.core.namedparam.NamedParameterJdbcOperations named;
    private final ObjectMapper json;

    CallStore(JdbcClient jdbc, org.springframework.jdbc.core.namedparam.NamedParameterJdbcOperations named, ObjectMapper json) {
        this.jdbc = jdbc;
        this.named = named;
        this.json = json;
    }

    /** A call's working state. */
    record Journey(UUID id, String direction, String from, String to, String phase, ObjectNode step, String callerLegId,
            Instant startedAt, Instant connectedAt, Instant answeredAt, Instant endedAt, UUID answeredBy, UUID ruleId,
            UUID voicemailId, String recordingUrl, String plan) {

        /** The journey with a column changed as {@link #update} changes it (columns it does not hold are ignored). */
        Journey with(String column, Object value, ObjectMapper json) {
            return switch (column) {
                case "phase" -> new Journey(id, direction, from, to, (String) value, step, callerLegId, startedAt, connectedAt, answeredAt,
                        endedAt, answeredBy, ruleId, voicemailId, recordingUrl, plan);
                case "step" -> new Journey(id, direction, from, to, phase, ((ObjectNode) value).deepCopy(), callerLegId, startedAt,
                        connectedAt, answeredAt, endedAt, answeredBy, ruleId, voicemailId, recordingUrl, plan);
                case "caller_leg_id" -> new Journey(id, direction, from, to, phase, step, (String) value, startedAt, connectedAt, answeredAt,
                        endedAt, answeredBy, ruleId, voicemailId, recordingUrl, plan);
                case "connected_at" -> new Journey(id, direction, from, to, phase, step, callerLegId, startedAt, (Instant) value, answeredAt,
                        endedAt, answeredBy, ruleId, voicemailId, recordingUrl, plan);
                case "answered_at" -> new Journey(id, direction, from, to, phase, step, callerLegId, startedAt, connectedAt, (Instant) value,
                        endedAt, answeredBy, ruleId, voicemailId, recordingUrl, plan);
                case "ended_at" -> new Journey(id, direction, from, to, phase, step, callerLegId, startedAt, connectedAt, answeredAt,
                        (Instant) value, answeredBy, ruleId, voicemailId, recordingUrl, plan);
                case "answered_by" -> new Journey(id, direction, from, to, phase, step, callerLegId, startedAt, connectedAt, answeredAt,
                        endedAt, (UUID) value, ruleId, voicemailId, recordingUrl, plan);
                case "rule_id" -> new Journey(id, direction, from, to, phase, step, callerLegId, startedAt, connectedAt, answeredAt,
                        endedAt, answeredBy, (UUID) value, voicemailId, recordingUrl, plan);
                case "voicemail_id" -> new Journey(id, direction, from, to, phase, step, callerLegId, startedAt, connectedAt, answeredAt,
                        endedAt, answeredBy, ruleId, (UUID) value, recordingUrl, plan);
                case "recording_url" -> new Journey(id, direction, from, to, phase, step, callerLegId, startedAt, connectedAt, answeredAt,
                        endedAt, answeredBy, ruleId, voicemailId, (String) value, plan);
                case "plan" -> new Journey(id, direction, from, to, phase, step, callerLegId, startedAt, connectedAt, answeredAt,
                        endedAt, answeredBy, ruleId, voicemailId, recordingUrl,
                        value == null || value instanceof String ? (String) value : json.writeValueAsString(value));
                default -> this;
            };
        }
    }

    /**
     * A leg of the call; {@code hangupCause} is the carrier's, once it has ended; {@code startedAt} when we began it or learnt
     * of it; {@code connectedAt} when the carrier said it answered (what it bills from), which may be before it answered for
     * the call ({@code answeredAt}: a forwarded phone asked to press 1) or without it ever doing so (nobody pressed).
     */
    record Leg(String legId, String role, UUID memberId, String destination, String state, Instant answeredAt, String hangupCause,
            Instant endedAt, Instant startedAt, Instant connectedAt) {

        Leg(String legId, String role, UUID memberId, String destination, String state, Instant answeredAt, String hangupCause,
                Instant endedAt, Instant startedAt) {
            this(legId, role, memberId, destination, state, answeredAt, hangupCause, endedAt, startedAt, answeredAt);
        }

        /** When the carrier bills this leg from: its connection, or its answer for a leg recorded before connections were. */
        Instant billedFrom() {
            return connectedAt != null ? connectedAt : answeredAt;
        }
    }

    /** A leg as a unit holds it: everything its row holds, and whether the row is new or changed. */
    private static final class LegRow {
        final UUID callId;
        final String legId;
        final String role;
        final UUID memberId;
        final Instant startedAt;
        String destination;
        String state;
        Instant answeredAt;
        Instant connectedAt;
        Instant endedAt;
        String hangupCause;
        boolean inserted;
        boolean changed;

        LegRow(UUID callId, String legId, String role, UUID memberId, String destination, String state, Instant startedAt) {
            this.callId = callId;
            this.legId = legId;
            this.role = role;
            this.memberId = memberId;
            this.destination = destination;
            this.state = state;
            this.startedAt = startedAt;
        }

        Leg leg() {
            return new Leg(legId, role, memberId, destination, state, answeredAt, hangupCause, endedAt, startedAt, connectedAt);
        }
    }

    private record Event(UUID callId, Instant at, String kind, String detail) {
    }

    /** What one unit of work holds: the calls it locked as they are now, their legs, and the writes held back. */
    private static final class Unit {
        final Map<UUID, Journey> journeys = new LinkedHashMap<>();
        final Map<UUID, List<LegRow>> legs = new LinkedHashMap<>();
        final Map<UUID, Map<String, Object>> columns = new LinkedHashMap<>();
        final Map<UUID, List<String>> notes = new LinkedHashMap<>();
        final List<Event> events = new ArrayList<>();
        final List<Write> writes = new ArrayList<>();
        /** Whether a leg is recorded for any call, read with a call's lock (see {@link #recordAndLock}). */
        final Map<String, Boolean> legsRecorded = new java.util.HashMap<>();

        LegRow leg(String legId) {
            for (var list : legs.values()) {
                for (var leg : list) {
                    if (leg.legId.equals(legId)) {
                        return leg;
                    }
                }
            }
            return null;
        }
    }

    private record Parsed(String text, Object value) {
    }

    private final ThreadLocal<Unit> unit = new ThreadLocal<>();

    /**
     * Plans parsed for earlier signals of calls in progress, by call: a call's plan is read back by each of its
     * signals and seldom changes, so it is parsed once while its text stays the same (the text read with the
     * call decides, so a plan changed by another node is parsed again). Let go when the call ends or is read
     * ended (its end handled on another node), after an hour unread, and the least recently used first past
     * {@link #PARSED_CHARS} characters of plan text in all (a plan of ten rings is about 1,300; the parsed
     * plans take a few times their text).
     */
    private final com.github.benmanes.caffeine.cache.Cache<UUID, Parsed> parsed = com.github.benmanes.caffeine.cache.Caffeine.newBuilder()
            .maximumWeight(CallStore.PARSED_CHARS)
            .weigher((UUID id, Parsed p) -> p.text().length())
            .expireAfterAccess(java.time.Duration.ofHours(1))
            .executor(Runnable::run)
            .build();

    static final long PARSED_CHARS = 16_000_000;

    /**
     * A call's JSON column (its plan) read as {@code type}: parsed once per call while the text is the same,
     * however many signals ask. The value is shared between them: nothing may change it.
     */
    <T> T parsed(UUID callId, String text, Class<T> type) {
        var held = parsed.getIfPresent(callId);
        if (held != null && held.text().equals(text) && type.isInstance(held.value())) {
            return type.cast(held.value());
        }
        var value = json.readValue(text, type);
        parsed.put(callId, new Parsed(text, value));
        return value;
    }

    /**
     * The text to write as call {@code callId}'s plan {@code plan}, which is held as if {@link #parsed} had read it:
     * the call's next signal reads this very text back (PostgreSQL's {@code json} keeps it as given) and need not
     * parse it. Should the write not happen, the text read differs and is parsed.
     */
    String planText(UUID callId, Object plan) {
        var text = json.writeValueAsString(plan);
        parsed.put(callId, new Parsed(text, plan));
        return text;
    }

    /** Lets go of what {@link #parsed} holds for a call that has ended. */
    void ended(UUID callId) {
        parsed.invalidate(callId);
    }

    /** Creates a call; false when it exists already (the same call.initiated handled again). */
    boolean create(UUID id, String direction, String from, String to, String phase, String callerLeg, Instant at) {
        boolean created = jdbc.sql("""
                insert into calls (company_id, id, direction, from_number, to_number, phase, caller_leg_id, started_at)
                values (:c, :id, :dir, :from, :to, :phase, :leg, :at) on conflict (company_id, id) do nothing
                """)
                .param("c", company()).param("id", id).param("dir", direction).param("from", from).param("to", to)
                .param("phase", phase).param("leg", callerLeg).param("at", ts(at)).update() == 1;
        var u = unit.get();
        if (created && u != null) {
            u.journeys.put(id, new Journey(id, direction, from, to, phase, json.createObjectNode(), callerLeg, at, null, null, null, null,
                    null, null, null, null));
            u.legs.put(id, new ArrayList<>());
        }
        return created;
    }

    private static final String WORKING_COLUMNS = """
            c.id, c.direction, c.from_number, c.to_number, c.phase, c.step, c.caller_leg_id, c.started_at, c.connected_at,
            c.answered_at, c.ended_at, c.answered_by, c.rule_id, c.voicemail_id, c.recording_url, c.plan""";

    /**
     * The call, locked for this transaction: signals for one call are handled one at a time, on any node.
     * Only the working columns: the trace, transfers, notes and tags of a long call are not read per signal.
     * In a unit the call's legs come with it, and a call locked already is not read again.
     */
    Optional<Journey> lock(UUID id) {
        var u = unit.get();
        if (u == null) {
            return jdbc.sql(LOCK).param("c", company()).param("id", id).query(this::journey).optional();
        }
        var held = u.journeys.get(id);
        if (held != null) {
            return Optional.of(held);
        }
        var locked = lockInUnit(null, id, null);
        return Optional.ofNullable(locked.journey());
    }

    /**
     * In a unit of work, sends {@code record} (a write whose changed-rows count says whether it did
     * something: the carrier event's insert, which sets the transaction's company) and the lock of call
     * {@code id} with its legs in one round trip, the record first. The call is then held as {@link #lock}
     * would hold it. Returns whether the record changed a row.
     */
    boolean recordAndLock(Write record, UUID id) {
        return recordAndLock(record, id, null);
    }

    /**
     * As above, and whether the signal's leg {@code legId} is recorded for any call (whichever company's), in the same round
     * trip: {@link #legRecorded} then answers from it.
     */
    boolean recordAndLock(Write record, UUID id, String legId) {
        var u = unit.get();
        if (u == null || u.journeys.containsKey(id)) {
            throw new IllegalStateException("recordAndLock opens a unit's work, before anything is locked");
        }
        return lockInUnit(record, id, legId).recorded() > 0;
    }

    /** Whether leg {@code legId} is recorded for any call, of any company (read with the call's lock when it could be). */
    boolean legRecorded(String legId) {
        var u = unit.get();
        if (u != null && u.legsRecorded.containsKey(legId)) {
            return u.legsRecorded.get(legId);
        }
        return jdbc.sql("select leg_company(:l) is not null").param("l", legId).query(Boolean.class).single();
    }

    private record Locked(Journey journey, List<LegRow> legs, int recorded, Boolean legRecorded) {
    }

    /**
     * The call locked, then its legs read, as two statements in one round trip (after {@code record}, if
     * any: three), and held in the unit. The legs are a statement of their own on purpose: a statement's
     * snapshot is taken when it starts, so legs read by the locking statement itself (a subquery) would be
     * those from before it waited for the lock, without the changes of the signal that held it; the legs'
     * statement starts once the lock is granted, and sees them.
     */
    private Locked lockInUnit(Write record, UUID id, String legId) {
        var params = new LinkedHashMap<String, Object>();
        var sql = (record == null ? "" : record.part("r_", params) + ";\n") + LOCK + ";\n"
                // Another company's leg is hidden from the call's rows: leg_company looks past them, asked only when the leg
                // is not this call's (a CASE is evaluated in order), once a call (its dialled leg's first webhook), not
                // on each of its signals.
                + (legId == null ? LEGS : LEGS.replace("from call_legs l",
                        ", case when coalesce(bool_or(l.leg_id = :leg), false) then true else leg_company(:leg) is not null end from call_legs l"));
        if (legId != null) {
            params.put("leg", legId);
        }
        params.put("c", company());
        params.put("id", id);
        var locked = named.execute(sql, new org.springframework.jdbc.core.namedparam.MapSqlParameterSource(params), ps -> {
            boolean rows = ps.execute();
            int recorded = 0;
            if (record != null) {
                if (rows) {
                    throw new IllegalStateException("the record returned rows");
                }
                recorded = ps.getUpdateCount();
                rows = ps.getMoreResults();
            }
            Journey journey = null;
            try (var rs = resultSet(rows, ps)) {
                if (rs.next()) {
                    journey = journey(rs, 0);
                }
            }
            var legs = new ArrayList<LegRow>();
            Boolean legRecorded = null;
            try (var rs = resultSet(ps.getMoreResults(), ps)) {
                if (rs.next()) {
                    readLegs(rs.getString(1), id, legs);
                    if (legId != null) {
                        legRecorded = rs.getBoolean(2);
                    }
                }
            }
            return new Locked(journey, legs, recorded, legRecorded);
        });
        if (legId != null && locked.legRecorded() != null) {
            unit.get().legsRecorded.put(legId, locked.legRecorded());
        }
        if (locked.journey() != null) {
            var u = unit.get();
            u.journeys.put(id, locked.journey());
            u.legs.put(id, locked.legs());
        }
        return locked;
    }

    private static java.sql.ResultSet resultSet(boolean isResultSet, java.sql.PreparedStatement ps) throws java.sql.SQLException {
        if (!isResultSet) {
            throw new IllegalStateException("a query of the call's lock returned no rows");
        }
        return ps.getResultSet();
    }

    private static final String LOCK = "select " + WORKING_COLUMNS + " from calls c where c.company_id = :c and c.id = :id for update";

    /**
     * The call's working columns as they are, not locked (outside a unit): for a page asking what a transfer would do, which
     * must not hold up the call's signals.
     */
    Optional<Journey> read(UUID id) {
        return jdbc.sql(LOCK.replace(" for update", "")).param("c", company()).param("id", id).query(this::journey).optional();
    }

    private static final String LEGS = """
            select json_agg(json_build_array(l.leg_id, l.role, l.member_id, l.destination, l.state, l.started_at, l.answered_at,
                     l.ended_at, l.hangup_cause, l.connected_at) order by l.started_at, l.leg_id)
            from call_legs l where l.company_id = :c and l.call_id = :id""";

    private void readLegs(String text, UUID id, List<LegRow> legs) {
        if (text == null) {
            return;
        }
        for (var l : json.readTree(text)) {
            var row = new LegRow(id, l.get(0).asString(), l.get(1).asString(), uuid(l.get(2)), string(l.get(3)),
                    l.get(4).asString(), instant(l.get(5)));
            row.answeredAt = instant(l.get(6));
            row.endedAt = instant(l.get(7));
            row.hangupCause = string(l.get(8));
            row.connectedAt = instant(l.get(9));
            legs.add(row);
        }
    }

    private Journey journey(java.sql.ResultSet rs, int n) throws java.sql.SQLException {
        var journey = new Journey(rs.getObject("id", UUID.class), rs.getString("direction"), rs.getString("from_number"),
                rs.getString("to_number"), rs.getString("phase"), (ObjectNode) json.readTree(rs.getString("step")),
                rs.getString("caller_leg_id"), instant(rs.getTimestamp("started_at")), instant(rs.getTimestamp("connected_at")),
                instant(rs.getTimestamp("answered_at")), instant(rs.getTimestamp("ended_at")),
                rs.getObject("answered_by", UUID.class), rs.getObject("rule_id", UUID.class),
                rs.getObject("voicemail_id", UUID.class), rs.getString("recording_url"), rs.getString("plan"));
        if (journey.endedAt() != null) {
            ended(journey.id()); // its end may have been handled on another node
        }
        return journey;
    }

    Optional<UUID> callOfLeg(String legId) {
        var u = unit.get();
        var held = u == null ? null : u.leg(legId);
        if (held != null) {
            return Optional.of(held.callId);
        }
        return jdbc.sql("select call_id from call_legs where company_id = :c and leg_id = :l")
                .param("c", company()).param("l", legId).query(UUID.class).optional();
    }

    /** Starts holding back this thread's writes (until {@link #flush} and {@link #endUnit}). */
    void beginUnit() {
        if (unit.get() != null) {
            // Handling a signal opens no transaction of its own (follow-ups run after commit): nothing nests.
            throw new IllegalStateException("a unit of work is already open on this thread");
        }
        unit.set(new Unit());
    }

    /** Whether a unit of work is open on this thread. */
    boolean inUnit() {
        return unit.get() != null;
    }

    /**
     * Writes what is held back, in this transaction, as one statement: the call's update, its legs' and
     * its log's writes joined as data-modifying {@code WITH} parts (each row is written by one part only,
     * so their order does not matter). One statement, not several in one round trip: PostgreSQL's fixed
     * cost per statement was most of what these small writes cost it.
     */
    void flush() {
        flush(false);
    }

    /**
     * As {@link #flush()}, and the same round trip commits the transaction ({@code COMMIT} after the
     * writes): the transaction manager's own commit then finds it ended and sends nothing (PgJDBC skips a
     * commit when the server says no transaction is open). The caller must run nothing more in this
     * transaction. With nothing to write, nothing is sent and the manager commits as usual.
     */
    void flushAndCommit() {
        flush(true);
    }

    private void flush(boolean commit) {
        var u = unit.get();
        if (u == null) {
            return;
        }
        var parts = new ArrayList<String>();
        var params = new LinkedHashMap<String, Object>();
        var ids = new java.util.LinkedHashSet<UUID>(u.columns.keySet());
        ids.addAll(u.notes.keySet());
        int n = 0;
        for (var id : ids) {
            var columns = u.columns.getOrDefault(id, Map.of());
            var notes = u.notes.getOrDefault(id, List.of());
            if (!columns.isEmpty() || !notes.isEmpty()) {
                parts.add(update(id, columns, notes, "u" + n++ + "_", params));
            }
        }
        u.columns.clear();
        u.notes.clear();
        var inserts = new ArrayList<LegRow>();
        for (var list : u.legs.values()) {
            for (var leg : list) {
                if (leg.inserted) {
                    inserts.add(leg);
                } else if (leg.changed) {
                    var p = "l" + n++ + "_";
                    parts.add("update call_legs set state = :" + p + "state, destination = :" + p + "dest, answered_at = :" + p
                            + "answered, connected_at = :" + p + "connected, ended_at = :" + p + "ended, hangup_cause = :" + p
                            + "cause where company_id = :c and leg_id = :" + p + "leg");
                    params.put(p + "state", leg.state);
                    params.put(p + "dest", leg.destination);
                    params.put(p + "answered", ts(leg.answeredAt));
                    params.put(p + "connected", ts(leg.connectedAt));
                    params.put(p + "ended", ts(leg.endedAt));
                    params.put(p + "cause", leg.hangupCause);
                    params.put(p + "leg", leg.legId);
                }
                leg.inserted = false;
                leg.changed = false;
            }
        }
        if (!inserts.isEmpty()) {
            var sql = new StringBuilder("insert into call_legs (company_id, call_id, leg_id, role, member_id, destination, state, started_at, ")
                    .append("answered_at, connected_at, ended_at, hangup_cause) values ");
            for (int i = 0; i < inserts.size(); i++) {
                var leg = inserts.get(i);
                var p = "i" + n++ + "_";
                sql.append(i == 0 ? "" : ", ").append("(:c, :").append(p).append("call, :").append(p).append("leg, :").append(p)
                        .append("role, :").append(p).append("member, :").append(p).append("dest, :").append(p).append("state, :")
                        .append(p).append("started, :").append(p).append("answered, :").append(p).append("connected, :").append(p)
                        .append("ended, :").append(p).append("cause)");
                params.put(p + "call", leg.callId);
                params.put(p + "leg", leg.legId);
                params.put(p + "role", leg.role);
                params.put(p + "member", leg.memberId);
                params.put(p + "dest", leg.destination);
                params.put(p + "state", leg.state);
                params.put(p + "started", ts(leg.startedAt));
                params.put(p + "answered", ts(leg.answeredAt));
                params.put(p + "connected", ts(leg.connectedAt));
                params.put(p + "ended", ts(leg.endedAt));
                params.put(p + "cause", leg.hangupCause);
            }
            // A leg of another call cannot have the same carrier id; should one ever, it is left as it was.
            parts.add(sql.append(" on conflict (leg_id) do nothing").toString());
        }
        if (!u.events.isEmpty()) {
            var sql = new StringBuilder("insert into call_events (company_id, call_id, at, kind, detail) values ");
            for (int i = 0; i < u.events.size(); i++) {
                var e = u.events.get(i);
                var p = "e" + n++ + "_";
                sql.append(i == 0 ? "" : ", ").append("(:c, :").append(p).append("call, :").append(p).append("at, :").append(p)
                        .append("kind, :").append(p).append("detail)");
                params.put(p + "call", e.callId());
                params.put(p + "at", ts(e.at()));
                params.put(p + "kind", e.kind());
                params.put(p + "detail", e.detail());
            }
            parts.add(sql.toString());
            u.events.clear();
        }
        for (var write : u.writes) {
            parts.add(write.part("x" + n++ + "_", params));
        }
        u.writes.clear();
        if (parts.isEmpty()) {
            return;
        }
        params.put("c", company());
        jdbc.sql(oneStatement(parts) + (commit ? ";\ncommit" : "")).params(params).update();
    }

    /** Data-modifying statements as one: all but the last become {@code WITH} parts of the last. */
    static String oneStatement(List<String> statements) {
        var sql = new StringBuilder();
        for (int i = 0; i < statements.size() - 1; i++) {
            sql.append(i == 0 ? "with " : ", ").append('w').append(i).append(" as (").append(statements.get(i)).append(")\n");
        }
        return sql.append(statements.getLast()).toString();
    }

    /**
     * A write of another module (a member's availability, a round-robin pointer) sent with this unit's
     * writes, after them, in the same statement; at once outside a unit.
     */
    void alsoWrite(Write write) {
        var u = unit.get();
        if (u == null) {
            write.run(jdbc);
        } else {
            u.writes.add(write);
        }
    }

    /** Stops holding back (anything not flushed is dropped: the transaction is rolling back). */
    void endUnit() {
        unit.remove();
    }

    void update(UUID id, Map<String, Object> columns) {
        if (columns.isEmpty()) {
            return;
        }
        var u = unit.get();
        if (u != null) {
            u.columns.computeIfAbsent(id, k -> new LinkedHashMap<>()).putAll(columns);
            if (columns.containsKey("trace")) {
                u.notes.remove(id); // a trace set anew replaces the notes added before it (as writing both at once would)
            }
            var held = u.journeys.get(id);
            if (held != null) {
                for (var e : columns.entrySet()) {
                    held = held.with(e.getKey(), e.getValue(), json);
                }
                u.journeys.put(id, held);
            }
            return;
        }
        write(id, columns, List.of());
    }

    /**
     * Adds facts to the call's metadata (the carrier's session, how it ended...): merged into what the
     * column holds (jsonb {@code ||}), so facts added by different signals add up. Null values are left out.
     */
    void addMetadata(UUID id, Map<String, ?> facts) {
        var node = json.createObjectNode();
        facts.forEach((k, v) -> {
            if (v != null) {
                node.set(k, json.valueToTree(v));
            }
        });
        if (node.isEmpty()) {
            return;
        }
        mergeMetadata(id, node);
    }

    /**
     * Takes {@code key} out of the call's metadata (a fact that no longer holds: see the engine's machine detection),
     * with the unit's other writes; a fact added after it in the same unit puts it back.
     */
    void removeMetadata(UUID id, String key) {
        var node = json.createObjectNode();
        node.putNull(key); // a null in the metadata written drops the key (see update)
        mergeMetadata(id, node);
    }

    /** Merges {@code node} into the call's metadata, with the unit's other writes (or at once outside a unit). */
    private void mergeMetadata(UUID id, ObjectNode node) {
        var u = unit.get();
        if (u != null) {
            var columns = u.columns.computeIfAbsent(id, k -> new LinkedHashMap<>());
            if (columns.get("metadata") instanceof ObjectNode held) {
                held.setAll(node);
            } else {
                columns.put("metadata", node);
            }
            return;
        }
        write(id, Map.of("metadata", node), List.of());
    }

    /** Adds a line to the call's decision trace ("ringing Ann", "could not claim Bob..."). */
    void note(UUID id, String line) {
        var u = unit.get();
        if (u != null) {
            u.notes.computeIfAbsent(id, k -> new ArrayList<>()).add(line);
            return;
        }
        write(id, Map.of(), List.of(line));
    }

    private void write(UUID id, Map<String, Object> columns, List<String> notes) {
        if (columns.isEmpty() && notes.isEmpty()) {
            return;
        }
        var params = new LinkedHashMap<String, Object>();
        var sql = update(id, columns, notes, "", params);
        params.put("c", company());
        jdbc.sql(sql).params(params).update();
    }

    /** An UPDATE of one call's row, its parameter names prefixed with {@code p} (several go in one round trip). */
    private String update(UUID id, Map<String, Object> written, List<String> notes, String p, Map<String, Object> params) {
        var sets = new StringBuilder();
        var columns = written;
        // Metadata keys written null are taken out (removeMetadata); addMetadata never writes a null.
        var dropped = new ArrayList<String>();
        if (columns.get("metadata") instanceof ObjectNode facts && facts.properties().stream().anyMatch(e -> e.getValue().isNull())) {
            var kept = facts.deepCopy();
            facts.properties().stream().filter(e -> e.getValue().isNull()).forEach(e -> dropped.add(e.getKey()));
            dropped.forEach(kept::remove);
            columns = new LinkedHashMap<>(written);
            columns.put("metadata", kept);
        }
        var removing = new StringBuilder(dropped.isEmpty() ? "metadata" : "(metadata");
        for (int i = 0; i < dropped.size(); i++) {
            removing.append(" - cast(:").append(p).append("metadata_drop").append(i).append(" as text)");
            params.put(p + "metadata_drop" + i, dropped.get(i));
        }
        removing.append(dropped.isEmpty() ? "" : ")");
        var finalColumns = columns;
        finalColumns.keySet().forEach(k -> sets.append(sets.isEmpty() ? "" : ", ").append(k).append(" = ")
                .append(k.equals("plan") || k.equals("step") ? "cast(:" + p + k + " as json)"
                        : k.equals("trace") || k.equals("transfers") ? "cast(:" + p + k + " as jsonb)"
                        : k.equals("metadata") ? removing + " || cast(:" + p + k + " as jsonb)" : ":" + p + k)
                .append(k.equals("trace") && !notes.isEmpty() ? " || cast(:" + p + "notes as jsonb)" : ""));
        if (!notes.isEmpty() && !columns.containsKey("trace")) {
            sets.append(sets.isEmpty() ? "" : ", ").append("trace = trace || cast(:").append(p).append("notes as jsonb)");
        }
        for (var e : columns.entrySet()) {
            var v = e.getValue();
            if (v instanceof Instant i) {
                v = ts(i);
            } else if (v instanceof JsonNode || v instanceof List<?> || v instanceof Map<?, ?>) {
                v = json.writeValueAsString(v);
            } else if (v != null && v.getClass().isRecord()) {
                v = json.writeValueAsString(v);
            }
            params.put(p + e.getKey(), v);
        }
        if (!notes.isEmpty()) {
            params.put(p + "notes", json.writeValueAsString(notes));
        }
        params.put(p + "id", id);
        return "update calls set " + sets + " where company_id = :c and id = :" + p + "id";
    }

    /**
     * Records a leg; true when it was not known before. A leg first recorded without its destination (its
     * answer or hangup came before its call.initiated) gets it from the next record that has it.
     */
    boolean addLeg(UUID callId, String legId, String role, UUID memberId, String destination, Instant at) {
        var u = unit.get();
        var legs = u == null ? null : u.legs.get(callId);
        if (legs != null) {
            var held = u.leg(legId);
            if (held != null) {
                if (held.destination == null && destination != null) {
                    held.destination = destination;
                    held.changed = true;
                }
                return false;
            }
            var row = new LegRow(callId, legId, role, memberId, destination, "RINGING", at);
            row.inserted = true;
            legs.add(row);
            return true;
        }
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

    /** What became of a dial's stand-in leg once the dial's own leg id was known. */
    enum StandInSettled {
        /** Nothing of the leg had been handled: the stand-in is that leg now. */
        BECAME_THE_LEG,
        /** The leg's own webhooks recorded it meanwhile: the stand-in is gone. */
        LEG_KNOWN,
        /** The leg was recorded and has ended meanwhile: the stand-in is left to end as it did. */
        LEG_ENDED,
        /**
         * The stand-in had been ended (the call moved on while its phone was being dialled): the leg takes its place
         * ended, so nothing of it is counted or given back again, and the phone is to be hung up.
         */
        NOT_WANTED
    }

    /** Puts the leg {@code legId} in the place of its stand-in (outside a unit of work; the call locked). */
    StandInSettled settleStandIn(String standIn, String legId) {
        var standInState = jdbc.sql("select state from call_legs where company_id = :c and leg_id = :standIn")
                .param("c", company()).param("standIn", standIn).query(String.class).optional().orElse(null);
        if ("ENDED".equals(standInState)) {
            jdbc.sql("delete from call_legs where company_id = :c and leg_id = :leg and state <> 'ENDED'")
                    .param("c", company()).param("leg", legId).update();
            jdbc.sql("update call_legs set leg_id = :leg where company_id = :c and leg_id = :standIn and not exists "
                    + "(select 1 from call_legs where leg_id = :leg)").param("leg", legId).param("c", company()).param("standIn", standIn).update();
            jdbc.sql("delete from call_legs where company_id = :c and leg_id = :standIn").param("c", company()).param("standIn", standIn).update();
            return StandInSettled.NOT_WANTED;
        }
        if (jdbc.sql("""
                update call_legs set leg_id = :leg where company_id = :c and leg_id = :standIn
                  and not exists (select 1 from call_legs where leg_id = :leg)
                """).param("leg", legId).param("c", company()).param("standIn", standIn).update() == 1) {
            return StandInSettled.BECAME_THE_LEG;
        }
        var state = jdbc.sql("select state from call_legs where company_id = :c and leg_id = :leg").param("c", company()).param("leg", legId)
                .query(String.class).optional().orElse(null);
        if ("ENDED".equals(state)) {
            return StandInSettled.LEG_ENDED;
        }
        jdbc.sql("delete from call_legs where company_id = :c and leg_id = :standIn")
                .param("c", company()).param("standIn", standIn).update();
        return StandInSettled.LEG_KNOWN;
    }

    List<Leg> legs(UUID callId) {
        var u = unit.get();
        var held = u == null ? null : u.legs.get(callId);
        if (held != null) {
            return held.stream().map(LegRow::leg).toList();
        }
        return jdbc.sql("select * from call_legs where company_id = :c and call_id = :call order by started_at, leg_id")
                .param("c", company()).param("call", callId)
                .query((rs, n) -> new Leg(rs.getString("leg_id"), rs.getString("role"), rs.getObject("member_id", UUID.class),
                        rs.getString("destination"), rs.getString("state"), instant(rs.getTimestamp("answered_at")),
                        rs.getString("hangup_cause"), instant(rs.getTimestamp("ended_at")), instant(rs.getTimestamp("started_at")),
                        instant(rs.getTimestamp("connected_at"))))
                .list();
    }

    /**
     * The carrier connected a leg still ringing for the call, at {@code at} (a forwarded phone asked to press 1, or waited on
     * for a machine's detection): what it is billed from, whether or not it answers for the call. The first time counts.
     */
    void legConnected(String legId, Instant at) {
        var u = unit.get();
        var held = u == null ? null : u.leg(legId);
        if (held != null) {
            if (held.connectedAt == null && held.state.equals("RINGING")) {
                held.connectedAt = at;
                held.changed = true;
            }
            return;
        }
        jdbc.sql("update call_legs set connected_at = :at where company_id = :c and leg_id = :leg and state = 'RINGING' "
                        + "and connected_at is null")
                .param("at", ts(at)).param("c", company()).param("leg", legId).update();
    }

    /**
     * The carrier says it connected a leg at {@code at}, though the leg was taken for answered later (a person detected on
     * it before its answer was delivered) or, ended, for never connected (its answer delivered after its hangup): the
     * carrier bills it from {@code at}, which is kept. False when the leg was connected at {@code at} or before, or had
     * ended by then.
     */
    boolean connectedBy(String legId, Instant at) {
        var u = unit.get();
        var held = u == null ? null : u.leg(legId);
        if (held != null) {
            var from = held.connectedAt != null ? held.connectedAt : held.answeredAt;
            if (from != null && !from.isAfter(at) || held.endedAt != null && !at.isBefore(held.endedAt)) {
                return false;
            }
            held.connectedAt = at;
            held.changed = true;
            return true;
        }
        return jdbc.sql("update call_legs set connected_at = :at where company_id = :c and leg_id = :leg "
                        + "and coalesce(connected_at, answered_at, 'infinity') > :at and coalesce(ended_at, 'infinity') > :at")
                .param("at", ts(at)).param("c", company()).param("leg", legId).update() == 1;
    }

    /**
     * A leg whose hangup was handled before its answer (webhooks out of order) answered at {@code at}, before it
     * ended: its answer is recorded after the fact. False when the leg is not so (still up, answered already, or
     * ended before {@code at}).
     */
    boolean answeredBeforeItEnded(String legId, Instant at) {
        var u = unit.get();
        var held = u == null ? null : u.leg(legId);
        if (held != null) {
            if (!held.state.equals("ENDED") || held.answeredAt != null || held.endedAt == null || !at.isBefore(held.endedAt)) {
                return false;
            }
            held.answeredAt = at;
            if (held.connectedAt == null) {
                held.connectedAt = at;
            }
            held.changed = true;
            return true;
        }
        return jdbc.sql("update call_legs set answered_at = :at, connected_at = coalesce(connected_at, :at) where company_id = :c "
                        + "and leg_id = :leg and state = 'ENDED' "
                        + "and answered_at is null and ended_at > :at")
                .param("at", ts(at)).param("c", company()).param("leg", legId).update() == 1;
    }

    /** Moves a leg to a new state; false when it was already there or past it (a duplicate or late signal). */
    boolean legState(String legId, String state, Instant at, String cause) {
        var u = unit.get();
        var held = u == null ? null : u.leg(legId);
        if (held != null) {
            boolean allowed = state.equals("ANSWERED") ? held.state.equals("RINGING") : !held.state.equals("ENDED");
            if (!allowed) {
                return false;
            }
            held.state = state;
            if (state.equals("ANSWERED")) {
                held.answeredAt = at;
                if (held.connectedAt == null) {
                    held.connectedAt = at;
                }
            } else if (state.equals("ENDED")) {
                held.endedAt = at;
            }
            if (cause != null) {
                held.hangupCause = cause;
            }
            held.changed = true;
            return true;
        }
        var allowed = state.equals("ANSWERED") ? "('RINGING')" : "('RINGING', 'ANSWERED')";
        return jdbc.sql("update call_legs set state = :s, answered_at = case when :s = 'ANSWERED' then :at else answered_at end, "
                        + "connected_at = case when :s = 'ANSWERED' then coalesce(connected_at, :at) else connected_at end, "
                        + "ended_at = case when :s = 'ENDED' then :at else ended_at end, hangup_cause = coalesce(:cause, hangup_cause) "
                        + "where company_id = :c and leg_id = :leg and state in " + allowed)
                .param("s", state).param("at", ts(at)).param("cause", cause).param("c", company()).param("leg", legId).update() == 1;
    }

    /** Adds an entry to the call's journey log. */
    void event(UUID callId, Instant at, String kind, String detail) {
        var u = unit.get();
        if (u != null) {
            u.events.add(new Event(callId, at, kind, detail));
            return;
        }
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

    private static Instant instant(JsonNode node) {
        return node == null || node.isNull() ? null : OffsetDateTime.parse(node.asString()).toInstant();
    }

    private static String string(JsonNode node) {
        return node == null || node.isNull() ? null : node.asString();
    }

    private static UUID uuid(JsonNode node) {
        return node == null || node.isNull() ? null : UUID.fromString(node.asString());
    }
}
