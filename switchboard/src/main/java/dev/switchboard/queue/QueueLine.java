package dev.switchboard.queue;

import dev.switchboard.directory.Eligibility;
import dev.switchboard.directory.Members;
import dev.switchboard.directory.TeamMember;
import dev.switchboard.platform.TenantContext;
import dev.switchboard.routing.Decision;
import dev.switchboard.routing.Router;
import dev.switchboard.routing.Target;
import dev.switchboard.tenancy.Companies;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The line of callers in each queue and who is offered whom. Every change to a queue's line takes the
 * queue's row lock, so two nodes dispatching at once cannot offer one caller twice, and the members
 * themselves are claimed atomically ({@link Members#claim}), so no member gets two callers at once
 * beyond their limit. Callers are served by priority (VIP first), then by when they joined; a callback
 * keeps its caller's place. Every step is written to the queue's event log.
 */
@Service
public class QueueLine {

    /** States of an entry still in line. */
    static final List<String> IN_LINE = List.of("WAITING", "OFFERING", "CALLBACK", "CALLBACK_DIALING");

    private final JdbcClient jdbc;
    private final Queues queues;
    private final Members members;
    private final Companies companies;

    QueueLine(JdbcClient jdbc, Queues queues, Members members, Companies companies) {
        this.jdbc = jdbc;
        this.queues = queues;
        this.members = members;
        this.companies = companies;
    }

    /** What came of a caller asking to join. */
    public sealed interface Join {
    }

    /**
     * In line at {@code position}; {@code etaSeconds} is null when there is no recent history to estimate from;
     * {@code staffing} says how the queue's members stood as the caller joined (what the caller may truthfully be told).
     */
    public record Joined(UUID entryId, int position, Integer etaSeconds, boolean rejoined, CallQueue queue, Staffing staffing)
            implements Join {
    }

    /** The queue's members as a caller joins. */
    public enum Staffing {
        /** At least one member is free to be offered a caller now (they are being rung, or will be in turn). */
        FREE,
        /** Members are logged in, and every one is busy: on calls, ringing for other callers, or in wrap-up. */
        ALL_BUSY,
        /** Nobody in the queue is logged in (available). */
        NOBODY
    }

    /** Not let in: go to {@code target} (null: the general voicemail) for {@code reason}. */
    public record Refused(Target target, String reason) implements Join {
    }

    /** An offer made: ring {@code rings} for the caller in {@code callId}, or, for a callback, {@code callbackNumber}. */
    public record Offer(UUID queueId, UUID entryId, UUID callId, String callbackNumber, List<Decision.Ring> rings) {
    }

    /** A waiting caller who must leave because nobody is logged in any more. */
    public record Eviction(UUID entryId, UUID callId, Target target) {
    }

    public record Dispatch(List<Offer> offers, List<Eviction> evictions) {
    }

    /**
     * A caller in line as the API shows them.
     *
     * @param offers how many times they were offered to a member so far (a callback's offers nobody took are counted here
     *               and listed in its {@link #history}, not in the call log)
     * @param callbackRequestedAt for a callback, when it was asked for (its place in line, of {@code waitSeconds}, can be
     *                            older: that of a caller who came back); null for a caller on the line
     */
    public record Waiting(UUID entryId, UUID callId, String from, int position, long waitSeconds, String state, int priority,
            String callbackNumber, int offers, Instant callbackRequestedAt) {
    }

    /** An entry's state, for the engine. */
    public record Entry(UUID id, UUID queueId, UUID callId, String state, List<UUID> offeredMembers, Instant joinedAt) {
    }

    @Transactional
    public Join join(UUID queueId, UUID callId, String from, Set<String> tags, Instant now) {
        var q = queues.lock(queueId);
        int inLine = jdbc.sql("select count(*) from queue_entries where company_id = :c and queue_id = :q and state in ('WAITING','OFFERING')")
                .param("c", company()).param("q", queueId).query(Integer.class).single();
        if (inLine >= q.maxCallers()) {
            event(queueId, null, callId, null, "OVERFLOWED", now, null, null, "queue full (" + inLine + " waiting)");
            return new Refused(q.fullTarget(), "the queue is full (" + inLine + " waiting)");
        }
        var logged = loggedIn(q, now);
        if (!q.joinWhenEmpty() && logged.isEmpty()) {
            event(queueId, null, callId, null, "OVERFLOWED", now, null, null, "nobody logged in");
            return new Refused(q.emptyTarget(), "nobody in the queue is logged in");
        }
        int priority = q.vipTag() != null && tags.stream().anyMatch(q.vipTag()::equalsIgnoreCase) ? q.vipPriority() : 0;
        var joinedAt = now;
        boolean rejoined = false;
        // A caller whose callback is still waiting for its turn who calls again waits in its place (the same joined_at):
        // the callback is not dialled while they wait in line (dispatch passes it by), and once they are answered it is
        // dropped as done; if they hang up again, it is still there in its place (found by a walk of the demo: the
        // customer was dialled while on hold in the same line). One already being dialled is left to its call.
        var callback = from == null ? Optional.<Object[]>empty() : jdbc.sql("""
                select joined_at, priority from queue_entries where company_id = :c and queue_id = :q
                  and callback_number = :f and state = 'CALLBACK' order by joined_at limit 1
                """).param("c", company()).param("q", queueId).param("f", from)
                .query((rs, n) -> new Object[] {rs.getTimestamp(1).toInstant(), rs.getInt(2)}).optional();
        if (callback.isPresent()) {
            joinedAt = (Instant) callback.get()[0];
            priority = Math.max(priority, (Integer) callback.get()[1]);
            rejoined = true;
        } else if (q.rejoinWindowSeconds() > 0 && from != null) {
            var previous = jdbc.sql("""
                    select id, joined_at, priority from queue_entries where company_id = :c and queue_id = :q and from_number = :f
                      and state = 'ABANDONED' and ended_at >= :since order by ended_at desc limit 1
                    """).param("c", company()).param("q", queueId).param("f", from)
                    .param("since", Timestamp.from(now.minusSeconds(q.rejoinWindowSeconds())))
                    .query((rs, n) -> new Object[] {rs.getObject(1, UUID.class), rs.getTimestamp(2).toInstant(), rs.getInt(3)}).optional();
            if (previous.isPresent()) {
                joinedAt = (Instant) previous.get()[1];
                priority = Math.max(priority, (Integer) previous.get()[2]);
                rejoined = true;
                // Their old place is taken back once: the abandoned entry cannot be reclaimed again.
                jdbc.sql("update queue_entries set state = 'MERGED' where company_id = :c and id = :id")
                        .param("c", company()).param("id", previous.get()[0]).update();
            }
        }
        var id = UUID.randomUUID();
        jdbc.sql("""
                insert into queue_entries (company_id, id, queue_id, call_id, from_number, priority, joined_at, state)
                values (:c, :id, :q, :call, :f, :p, :at, 'WAITING')
                """).param("c", company()).param("id", id).param("q", queueId).param("call", callId).param("f", from)
                .param("p", priority).param("at", Timestamp.from(joinedAt)).update();
        int position = position(id);
        event(queueId, id, callId, null, rejoined ? "REJOINED" : "JOINED", now, position, null,
                priority > 0 ? "priority " + priority : null);
        var staffing = logged.isEmpty() ? Staffing.NOBODY : free(q, logged, now).isEmpty() ? Staffing.ALL_BUSY : Staffing.FREE;
        return new Joined(id, position, eta(q, position, now), rejoined, q, staffing);
    }

    /** How the queue's members stand now (what a caller waiting in it may truthfully be told), as {@link Joined#staffing}. */
    @Transactional(readOnly = true)
    public Staffing staffing(CallQueue q, Instant now) {
        var logged = loggedIn(q, now);
        return logged.isEmpty() ? Staffing.NOBODY : free(q, logged, now).isEmpty() ? Staffing.ALL_BUSY : Staffing.FREE;
    }

    /** A pending callback's history when its caller called again before it was dialled (the detail of its CALLBACK_MERGED). */
    public static final String CALLED_AGAIN = "called again and was answered in the callback's place";

    /**
     * SQL true for a pending callback ({@code entry}, the alias of a queue_entries row) whose customer called again and
     * waits on the line in its place: it is passed by while they wait, neither offered, listed nor counted in anyone's
     * place (they are one caller, where they wait).
     */
    private static String waitsInItsPlace(String entry) {
        return "(" + entry + ".state = 'CALLBACK' and exists (select 1 from queue_entries l where l.company_id = " + entry
                + ".company_id and l.queue_id = " + entry + ".queue_id and l.state in ('WAITING', 'OFFERING') and l.from_number = "
                + entry + ".callback_number))";
    }

    /**
     * The entry's place in line (1 = next), counting callbacks waiting for their turn, but not one whose customer called
     * again and waits in its place (they are one caller, counted where they wait: counted twice, everyone behind them was
     * told a place one too far back).
     */
    @Transactional(readOnly = true)
    public int position(UUID entryId) {
        return jdbc.sql("""
                select count(*) from queue_entries o join queue_entries e on e.company_id = o.company_id and e.queue_id = o.queue_id
                where e.company_id = :c and e.id = :id and o.state in ('WAITING','OFFERING','CALLBACK','CALLBACK_DIALING')
                  and (o.priority > e.priority or (o.priority = e.priority and (o.joined_at, o.id) <= (e.joined_at, e.id)))
                  and not (o.id <> e.id and ((o.state = 'CALLBACK' and o.callback_number = e.from_number) or """ + waitsInItsPlace("o") + """
                  ))
                """).param("c", company()).param("id", entryId).query(Integer.class).single();
    }

    /**
     * About how long the caller at {@code position} will wait: the average time between the queue's
     * last ten answers in the past hour, times the position; null with fewer than two such answers.
     */
    @Transactional(readOnly = true)
    public Integer eta(CallQueue q, int position, Instant now) {
        var answers = jdbc.sql("""
                select at from queue_events where company_id = :c and queue_id = :q and type in ('CONNECTED', 'CALLBACK_COMPLETED')
                  and at >= :since order by at desc limit 10
                """).param("c", company()).param("q", q.id()).param("since", Timestamp.from(now.minus(Duration.ofHours(1))))
                .query(Timestamp.class).list();
        if (answers.size() < 2) {
            return null;
        }
        long span = Duration.between(answers.getLast().toInstant(), answers.getFirst().toInstant()).toSeconds();
        long interval = Math.max(1, span / (answers.size() - 1));
        return (int) Math.min(3600, interval * position);
    }

    @Transactional(readOnly = true)
    public Optional<Entry> entry(UUID entryId) {
        return jdbc.sql("select id, queue_id, call_id, state, offered_members, joined_at from queue_entries where company_id = :c and id = :id")
                .param("c", company()).param("id", entryId)
                .query((rs, n) -> new Entry(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class), rs.getObject(3, UUID.class),
                        rs.getString(4), uuids(rs.getArray(5)), rs.getTimestamp(6).toInstant()))
                .optional();
    }

    /**
     * Offers waiting callers to free members, by the queue's strategy: the longest-waiting (highest
     * priority first) caller gets the first free member. Callbacks are offered only when
     * {@code callbacksAllowed} (business hours). With {@code leaveWhenEmpty} and nobody logged in,
     * waiting callers are sent on instead.
     */
    @Transactional
    public Dispatch dispatch(UUID queueId, Instant now, boolean callbacksAllowed) {
        var q = queues.lock(queueId);
        callbacksAnsweredInTheirPlace(queueId, now);
        // One whose caller is waiting in line in its place now is passed by while they wait.
        var entries = jdbc.sql("""
                select id, call_id, state, callback_number, missed_members,
                  array(select key::uuid from jsonb_each_text(voicemail_rests) where value::timestamptz > :now) from queue_entries e
                where company_id = :c and queue_id = :q and state in ('WAITING', 'CALLBACK')
                  and (callback_not_before is null or callback_not_before <= :now)
                  and not """ + waitsInItsPlace("e") + """
                order by priority desc, joined_at, id
                """).param("c", company()).param("q", queueId).param("now", Timestamp.from(now))
                .query((rs, n) -> new Object[] {rs.getObject(1, UUID.class), rs.getObject(2, UUID.class), rs.getString(3),
                        rs.getString(4), uuids(rs.getArray(5)), uuids(rs.getArray(6))})
                .list();
        var offers = new ArrayList<Offer>();
        var evictions = new ArrayList<Eviction>();
        if (entries.isEmpty()) {
            return new Dispatch(offers, evictions);
        }
        var logged = loggedIn(q, now);
        if (logged.isEmpty() && q.leaveWhenEmpty()) {
            for (var e : entries) {
                if ("WAITING".equals(e[2])) {
                    jdbc.sql("update queue_entries set state = 'OVERFLOWED', ended_at = :now where company_id = :c and id = :id")
                            .param("now", Timestamp.from(now)).param("c", company()).param("id", e[0]).update();
                    event(queueId, (UUID) e[0], (UUID) e[1], null, "OVERFLOWED", now, null, null, "nobody logged in any more");
                    evictions.add(new Eviction((UUID) e[0], (UUID) e[1], q.emptyTarget()));
                }
            }
            return new Dispatch(offers, evictions);
        }
        var free = new ArrayList<>(order(q, free(q, logged, now), now));
        for (var e : entries) {
            if (free.isEmpty()) {
                break;
            }
            var entryId = (UUID) e[0];
            boolean callback = "CALLBACK".equals(e[2]);
            if (callback && !callbacksAllowed) {
                continue;
            }
            @SuppressWarnings("unchecked")
            var missed = new HashSet<>((List<UUID>) e[4]);
            // Members who already missed this caller are tried last (and, if nobody else is free, again:
            // missing too many in a row sets them away).
            // A callback their own voicemail answered is not theirs again before the retry interval (see voicemailAnswered):
            // rung again at once, the voicemail would answer again, and again, until they were set away for one absence.
            @SuppressWarnings("unchecked")
            var resting = new HashSet<>((List<UUID>) e[5]);
            var candidates = new ArrayList<TeamMember>(free.stream().filter(m -> !missed.contains(m.id()) && !resting.contains(m.id())).toList());
            free.stream().filter(m -> missed.contains(m.id()) && !resting.contains(m.id())).forEach(candidates::add);
            // A callback rings one member (who then calls the customer); RING_ALL rings everyone free for a caller.
            // A member another call took since they were read as free is not free for anyone behind either: the
            // next candidate is tried for this caller (it was no offer at all, and the same failure for each caller).
            boolean ringAll = q.strategy() == QueueStrategy.RING_ALL && !callback;
            var rings = new ArrayList<Decision.Ring>();
            for (var m : candidates) {
                free.remove(m);
                if (!members.claim(m.id())) {
                    continue;
                }
                var destinations = Router.destinations(m);
                rings.add(new Decision.Ring(m.id(), m.name(), destinations, Duration.ofSeconds(q.ringTimeoutSeconds()),
                        Router.confirmsForwarded(m, destinations)));
                if (!ringAll) {
                    break;
                }
            }
            if (rings.isEmpty()) {
                continue;
            }
            var offered = rings.stream().map(Decision.Ring::memberId).toArray(UUID[]::new);
            jdbc.sql("update queue_entries set state = :s, offered_members = :m where company_id = :c and id = :id")
                    .param("s", callback ? "CALLBACK_DIALING" : "OFFERING").param("m", offered).param("c", company()).param("id", entryId)
                    .update();
            int position = position(entryId);
            for (var r : rings) {
                event(queueId, entryId, (UUID) e[1], r.memberId(), "OFFERED", now, position, null, callback ? "callback" : null);
                jdbc.sql("update queue_members set last_offered_at = :now where company_id = :c and queue_id = :q and member_id = :m")
                        .param("now", Timestamp.from(now)).param("c", company()).param("q", queueId).param("m", r.memberId()).update();
            }
            if (q.strategy() == QueueStrategy.ROUND_ROBIN) {
                int index = q.memberIds().indexOf(rings.getFirst().memberId());
                jdbc.sql("update call_queues set round_robin_next = :n where company_id = :c and id = :q")
                        .param("n", index + 1).param("c", company()).param("q", queueId).update();
                q = queues.get(queueId);
                free = new ArrayList<>(order(q, free, now));
            }
            offers.add(new Offer(queueId, entryId, (UUID) e[1], callback ? (String) e[3] : null, rings));
        }
        return new Dispatch(offers, evictions);
    }

    /**
     * A callback whose caller called again and was answered in its place ({@link #join}) is done: dropped, not dialled.
     * Done as they are answered ({@link #connected}); was only at the queue's next dispatch, so until a member came free
     * the callback was still listed as pending, and counted in the place of every caller behind it, while its customer
     * was talking to a member.
     */
    private void callbacksAnsweredInTheirPlace(UUID queueId, Instant now) {
        jdbc.sql("""
                update queue_entries e set state = 'MERGED', ended_at = :now
                where company_id = :c and queue_id = :q and state = 'CALLBACK' and exists (select 1 from queue_entries l
                  where l.company_id = e.company_id and l.queue_id = e.queue_id and l.id <> e.id and l.state = 'CONNECTED'
                    and l.from_number = e.callback_number and l.joined_at = e.joined_at)
                returning id, call_id
                """).param("c", company()).param("q", queueId).param("now", Timestamp.from(now))
                .query((rs, n) -> new UUID[] {rs.getObject(1, UUID.class), rs.getObject(2, UUID.class)}).list()
                .forEach(done -> event(queueId, done[0], done[1], null, "CALLBACK_MERGED", now, null, null, CALLED_AGAIN));
    }

    /** An offer could not be made after all (the caller left meanwhile): back in line, members not counted as missing it. */
    @Transactional
    public void withdrawn(UUID entryId) {
        jdbc.sql("""
                update queue_entries set state = case state when 'OFFERING' then 'WAITING' when 'CALLBACK_DIALING' then 'CALLBACK' else state end,
                  offered_members = '{}' where company_id = :c and id = :id
                """).param("c", company()).param("id", entryId).update();
    }

    /** A member took the caller. */
    @Transactional
    public void connected(UUID entryId, UUID memberId, Instant now) {
        var e = entry(entryId).orElseThrow();
        queues.lock(e.queueId());
        jdbc.sql("update queue_entries set state = 'CONNECTED', ended_at = :now, offered_members = '{}' where company_id = :c and id = :id")
                .param("now", Timestamp.from(now)).param("c", company()).param("id", entryId).update();
        event(e.queueId(), entryId, e.callId(), memberId, "CONNECTED", now, null, wait(e, now), null);
        jdbc.sql("update queue_members set missed_in_row = 0 where company_id = :c and queue_id = :q and member_id = :m")
                .param("c", company()).param("q", e.queueId()).param("m", memberId).update();
        callbacksAnsweredInTheirPlace(e.queueId(), now);
    }

    /**
     * The caller taken for {@link #connected} had hung up at {@code callerLeft}, before they could be put through to the
     * member who answered (the answer and the hangup crossed): nobody talked to them. Their connection is taken back (its
     * CONNECTED step removed: the statistics and the history count an answer once, when it is) and they abandoned the line.
     * Nothing for an entry that is not connected.
     */
    @Transactional
    public void notConnectedAfterAll(UUID entryId, Instant callerLeft, String why) {
        var e = entry(entryId).orElse(null);
        if (e == null || !"CONNECTED".equals(e.state())) {
            return;
        }
        queues.lock(e.queueId());
        jdbc.sql("update queue_entries set state = 'ABANDONED', ended_at = :at where company_id = :c and id = :id and state = 'CONNECTED'")
                .param("at", Timestamp.from(callerLeft)).param("c", company()).param("id", entryId).update();
        jdbc.sql("delete from queue_events where company_id = :c and entry_id = :id and type = 'CONNECTED'")
                .param("c", company()).param("id", entryId).update();
        event(e.queueId(), entryId, e.callId(), null, "ABANDONED", callerLeft, null, wait(e, callerLeft), why);
        // A callback of theirs taken for done by this answer is theirs again, in its place (they hung up, as one who hangs
        // up while waiting in its place keeps it).
        jdbc.sql("""
                with back as (
                  update queue_entries c set state = 'CALLBACK', ended_at = null
                  from queue_entries l where l.company_id = :c and l.id = :id and c.company_id = l.company_id and c.queue_id = l.queue_id
                    and c.id <> l.id and c.state = 'MERGED' and c.callback_number = l.from_number and c.joined_at = l.joined_at
                    and exists (select 1 from queue_events v where v.company_id = c.company_id and v.entry_id = c.id
                      and v.type = 'CALLBACK_MERGED' and v.detail = :calledAgain)
                  returning c.id)
                delete from queue_events where company_id = :c and type = 'CALLBACK_MERGED' and entry_id in (select id from back)
                """).param("c", company()).param("id", entryId).param("calledAgain", CALLED_AGAIN).update();
    }

    /**
     * A member did not take an offer (no answer, rejected, busy). After {@code maxMissedOffers} in a
     * row they are set away, with the reason. The caller goes back in line (to be offered to someone
     * else) once nobody else is ringing for them.
     *
     * @return true when the caller is back in line
     */
    @Transactional
    public boolean missed(UUID entryId, UUID memberId, Instant now) {
        return missed(entryId, memberId, now, null);
    }

    private boolean missed(UUID entryId, UUID memberId, Instant now, String detail) {
        var e = entry(entryId).orElse(null);
        if (e == null) {
            return false;
        }
        var q = queues.lock(e.queueId());
        event(q.id(), entryId, e.callId(), memberId, "NO_ANSWER", now, null, null, detail);
        int inRow = jdbc.sql("""
                update queue_members set missed_in_row = missed_in_row + 1 where company_id = :c and queue_id = :q and member_id = :m
                returning missed_in_row
                """).param("c", company()).param("q", q.id()).param("m", memberId).query(Integer.class).optional().orElse(0);
        if (inRow >= q.maxMissedOffers()) {
            var reason = "missed " + inRow + " queue calls in a row (" + q.name() + ")";
            members.setAwayBySystem(memberId, reason);
            jdbc.sql("update queue_members set missed_in_row = 0 where company_id = :c and queue_id = :q and member_id = :m")
                    .param("c", company()).param("q", q.id()).param("m", memberId).update();
            event(q.id(), entryId, e.callId(), memberId, "MEMBER_SET_AWAY", now, null, null, reason);
        }
        return jdbc.sql("""
                update queue_entries set offered_members = array_remove(offered_members, :m),
                  missed_members = case when :m = any(missed_members) then missed_members else array_append(missed_members, :m) end,
                  state = case when cardinality(array_remove(offered_members, :m)) = 0
                               then (case state when 'OFFERING' then 'WAITING' when 'CALLBACK_DIALING' then 'CALLBACK' else state end)
                               else state end
                where company_id = :c and id = :id returning state
                """).param("m", memberId).param("c", company()).param("id", entryId)
                .query(String.class).optional().map(s -> s.equals("WAITING") || s.equals("CALLBACK")).orElse(false);
    }

    /**
     * The member's own voicemail answered a callback offered to them (the carrier's machine detection; hung up before the
     * customer was dialled): one missed offer, as {@link #missed}, and the callback is not offered to that member again
     * before {@link #CALLBACK_RETRY}. The next free member is offered it meanwhile; with nobody else, it waits for a member
     * to become free, or for that time. (Offered again at once, as a ring with no answer is, the voicemail answered again
     * every few seconds until the member was set away for what was one absence.)
     *
     * @return when the member may be offered it again (the engine looks at the queue then), empty when the entry is gone
     */
    @Transactional
    public Optional<Instant> voicemailAnswered(UUID entryId, UUID memberId, Instant now) {
        var e = entry(entryId).orElse(null);
        if (e == null) {
            return Optional.empty();
        }
        var until = now.plus(CALLBACK_RETRY);
        missed(entryId, memberId, now, "their voicemail answered; not offered to them again before " + until);
        rest(entryId, memberId, until);
        return Optional.of(until);
    }

    /**
     * The member's own voicemail answered a callback offered to them, heard only after that offer ended and was taken for
     * not taken ({@link #callbackNotTaken}: its miss is counted already): the callback is not offered to that member again
     * before {@link #CALLBACK_RETRY} after their phone hung up, as when their voicemail is heard while it rings
     * ({@link #voicemailAnswered}), instead of the shorter back-off of a ring nobody took. Nothing for a callback no longer in
     * line, or whose rest for that member ends later already.
     *
     * @return when the member may be offered it again (the engine looks at the queue then), empty when nothing changed
     */
    @Transactional
    public Optional<Instant> voicemailHeardLate(UUID entryId, UUID memberId, Instant hungUpAt) {
        var until = hungUpAt.plus(CALLBACK_RETRY);
        boolean longer = jdbc.sql("""
                update queue_entries set voicemail_rests = voicemail_rests || jsonb_build_object(cast(:m as text), cast(:u as text))
                where company_id = :c and id = :id and state in ('CALLBACK', 'CALLBACK_DIALING')
                  and (voicemail_rests ->> cast(:m as text) is null or cast(voicemail_rests ->> cast(:m as text) as timestamptz) < :until)
                """).param("m", memberId.toString()).param("u", until.toString()).param("until", Timestamp.from(until))
                .param("c", company()).param("id", entryId).update() == 1;
        return longer ? Optional.of(until) : Optional.empty();
    }

    /** The first wait before a member who let a callback offer ring out is offered that callback again (see {@link #callbackNotTaken}). */
    public static final Duration CALLBACK_BACK_OFF = Duration.ofSeconds(30);

    /**
     * A member did not take a callback offered to them (it rang out, they declined it, their phone was busy): one missed
     * offer, as {@link #missed}, and the callback is not offered to that member again for a back-off, {@link #CALLBACK_BACK_OFF}
     * after their first miss of it, doubling with each (30 s, 1, 2, 4 min), at most {@link #CALLBACK_RETRY}. The next free
     * member is offered it at once; with nobody else, it waits for one, or for that time. A caller on the line is offered
     * to the same member again at once (they hear ringing, and a member may have just missed it); a callback has no caller
     * waiting, and offered again at once it rang the member's phone without a pause, every ring timeout, until they were
     * set away. ACDs treat a ring with no answer (RONA) as the agent's miss and move the work on, not back at once.
     *
     * @return when the member may be offered it again (the engine looks at the queue then), empty when the entry is gone
     */
    @Transactional
    public Optional<Instant> callbackNotTaken(UUID entryId, UUID memberId, Instant now) {
        var e = entry(entryId).orElse(null);
        if (e == null) {
            return Optional.empty();
        }
        int offers = jdbc.sql("""
                select count(*) from queue_events where company_id = :c and entry_id = :e and member_id = :m and type = 'OFFERED'
                  and detail = 'callback'
                """).param("c", company()).param("e", entryId).param("m", memberId).query(Integer.class).single();
        var until = now.plus(callbackBackOff(offers));
        missed(entryId, memberId, now, "not taken; not offered to them again before " + until);
        rest(entryId, memberId, until);
        return Optional.of(until);
    }

    /** The back-off after a member's {@code misses}-th miss of one callback: 30 s, doubling, at most {@link #CALLBACK_RETRY}. */
    static Duration callbackBackOff(int misses) {
        var wait = CALLBACK_BACK_OFF.multipliedBy(1L << Math.min(Math.max(misses - 1, 0), 10));
        return wait.compareTo(CALLBACK_RETRY) > 0 ? CALLBACK_RETRY : wait;
    }

    /**
     * Keeps {@code memberId} off the callback {@code entryId} until {@code until} (dispatch skips them for it). The column
     * is named for the first reason, a voicemail answering; it holds every member kept off a callback, whatever the reason.
     */
    private void rest(UUID entryId, UUID memberId, Instant until) {
        jdbc.sql("update queue_entries set voicemail_rests = voicemail_rests || jsonb_build_object(cast(:m as text), cast(:u as text)) "
                + "where company_id = :c and id = :id")
                .param("m", memberId.toString()).param("u", until.toString()).param("c", company()).param("id", entryId).update();
    }

    /** The caller hung up while waiting: recorded with their position and wait. */
    @Transactional
    public void abandoned(UUID entryId, Instant now) {
        leave(entryId, now, "ABANDONED", "ABANDONED", null);
    }

    /** The caller waited too long; returns where they go. */
    @Transactional
    public Optional<Target> timedOut(UUID entryId, Instant now) {
        var e = leave(entryId, now, "TIMED_OUT", "TIMED_OUT", null);
        return e == null ? Optional.empty() : Optional.ofNullable(queues.get(e.queueId()).maxWaitTarget());
    }

    private Entry leave(UUID entryId, Instant now, String state, String eventType, String detail) {
        var e = entry(entryId).orElse(null);
        if (e == null || !IN_LINE.contains(e.state())) {
            return null;
        }
        queues.lock(e.queueId());
        int position = position(entryId);
        jdbc.sql("update queue_entries set state = :s, ended_at = :now, offered_members = '{}' where company_id = :c and id = :id")
                .param("s", state).param("now", Timestamp.from(now)).param("c", company()).param("id", entryId).update();
        event(e.queueId(), entryId, e.callId(), null, eventType, now, position, wait(e, now), detail);
        return e;
    }

    /**
     * The waiting caller asked to be called back at {@code number}: they keep their place in line. A
     * second request from the same number while one is pending is merged into it.
     *
     * @return false when merged into an earlier request
     */
    @Transactional
    public boolean requestCallback(UUID entryId, String number, Instant now) {
        var e = entry(entryId).orElseThrow();
        queues.lock(e.queueId());
        var pending = jdbc.sql("""
                select id from queue_entries where company_id = :c and queue_id = :q and callback_number = :n
                  and state in ('CALLBACK', 'CALLBACK_DIALING') and id <> :id limit 1
                """).param("c", company()).param("q", e.queueId()).param("n", number).param("id", entryId).query(UUID.class).optional();
        if (pending.isPresent()) {
            jdbc.sql("update queue_entries set state = 'MERGED', ended_at = :now where company_id = :c and id = :id")
                    .param("now", Timestamp.from(now)).param("c", company()).param("id", entryId).update();
            event(e.queueId(), entryId, e.callId(), null, "CALLBACK_MERGED", now, null, wait(e, now), "merged into " + pending.get());
            // Asked for again (told "you keep your place"): given up only at the end of the next business day after this
            // ask, not the first one's, which could be hours away (see callbackExpired).
            jdbc.sql("update queue_entries set callback_requested_at = greatest(callback_requested_at, :now) where company_id = :c and id = :id")
                    .param("now", Timestamp.from(now)).param("c", company()).param("id", pending.get()).update();
            return false;
        }
        jdbc.sql("update queue_entries set state = 'CALLBACK', callback_number = :n, callback_requested_at = :now where company_id = :c and id = :id")
                .param("n", number).param("now", Timestamp.from(now)).param("c", company()).param("id", entryId).update();
        event(e.queueId(), entryId, e.callId(), null, "CALLBACK_REQUESTED", now, position(entryId), wait(e, now), number);
        return true;
    }

    /**
     * A pending callback cancelled by {@code actor} (the customer was reached another way, or asked not to be called): it
     * leaves the line, its history saying who. Only one still waiting for its turn: one being dialled now is its call's
     * (409); an entry of no callback, or of another queue, is none (404).
     */
    @Transactional
    public void cancelCallback(dev.switchboard.tenancy.Actor actor, UUID queueId, UUID entryId, Instant now) {
        queues.lock(queueId);
        var e = entry(entryId).filter(x -> x.queueId().equals(queueId) && x.state().startsWith("CALLBACK"))
                .orElseThrow(() -> new dev.switchboard.platform.NotFoundException("pending callback", entryId));
        if (!e.state().equals("CALLBACK")) {
            throw new dev.switchboard.platform.ConflictException("entry_id", "state",
                    "this callback is being made now (a member took it and the customer is being dialled)");
        }
        jdbc.sql("update queue_entries set state = 'CANCELLED', ended_at = :now where company_id = :c and id = :id")
                .param("now", Timestamp.from(now)).param("c", company()).param("id", entryId).update();
        event(queueId, entryId, e.callId(), null, "CALLBACK_CANCELLED", now, null, null, "by " + actor.label());
    }

    /** A callback waiting for its turn, and when it was asked for (see {@link #callbackExpired}). */
    public record PendingCallback(UUID entryId, Instant requestedAt) {
    }

    /** The queue's callbacks waiting for their turn (not being made now), with when each was asked for. */
    @Transactional(readOnly = true)
    public List<PendingCallback> pendingCallbacks(UUID queueId) {
        return jdbc.sql("""
                select id, callback_requested_at from queue_entries
                where company_id = :c and queue_id = :q and state = 'CALLBACK' and callback_requested_at is not null
                """).param("c", company()).param("q", queueId)
                .query((rs, n) -> new PendingCallback(rs.getObject(1, UUID.class), rs.getTimestamp(2).toInstant())).list();
    }

    /** The history's words for a callback given up as too old ({@link #callbackExpired}). */
    public static final String EXPIRED = "not made by the end of the next business day after it was asked for";

    /**
     * A callback still waiting for its turn at the end of the next business day after it was asked for is given up: the
     * customer who asked on Friday evening is called on Monday, not on Wednesday about a need long met elsewhere (the
     * history and the statistics say so, and the Queues page counts it, for someone to call them by hand). Nothing for
     * one being made now, or no longer waiting.
     *
     * @return whether it was given up
     */
    @Transactional
    public boolean callbackExpired(UUID entryId, Instant now) {
        var e = entry(entryId).orElse(null);
        if (e == null) {
            return false;
        }
        queues.lock(e.queueId());
        int position = position(entryId);
        int expired = jdbc.sql("""
                update queue_entries set state = 'EXPIRED', ended_at = :now, offered_members = '{}'
                where company_id = :c and id = :id and state = 'CALLBACK'
                """).param("now", Timestamp.from(now)).param("c", company()).param("id", entryId).update();
        if (expired == 1) {
            event(e.queueId(), entryId, e.callId(), null, "CALLBACK_EXPIRED", now, position, wait(e, now), EXPIRED);
        }
        return expired == 1;
    }

    /** A callback given up as too old ({@link #callbackExpired}): whom it was to call, the call that asked for it, when. */
    public record GivenUp(UUID entryId, UUID callId, String number, Instant requestedAt, Instant givenUpAt) {
    }

    /**
     * The queue's callbacks given up as too old from {@code from} to {@code to}, in the order they were given up: those
     * still to be called by hand, so not one whose customer the queue has reached since (they called again and were
     * answered, or a callback to them was made), whom the page told the office to call back after a member had talked to them.
     */
    @Transactional(readOnly = true)
    public List<GivenUp> callbacksGivenUp(UUID queueId, Instant from, Instant to) {
        return jdbc.sql("""
                select id, call_id, callback_number, callback_requested_at, ended_at from queue_entries e
                where company_id = :c and queue_id = :q and state = 'EXPIRED' and ended_at >= :from and ended_at < :to
                  and not exists (select 1 from queue_entries l where l.company_id = e.company_id and l.queue_id = e.queue_id
                    and l.id <> e.id and l.ended_at >= e.ended_at
                    and ((l.state = 'CONNECTED' and l.from_number = e.callback_number)
                      or (l.state = 'COMPLETED' and l.callback_number = e.callback_number)))
                order by ended_at, id
                """).param("c", company()).param("q", queueId).param("from", Timestamp.from(from)).param("to", Timestamp.from(to))
                .query((rs, n) -> new GivenUp(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class), rs.getString(3),
                        rs.getTimestamp(4) == null ? null : rs.getTimestamp(4).toInstant(), rs.getTimestamp(5).toInstant()))
                .list();
    }

    /** The callback's call was placed (the member answered and the customer is being dialled). */
    @Transactional
    public void callbackDialled(UUID entryId, UUID callId, UUID memberId, Instant now) {
        var e = entry(entryId).orElseThrow();
        jdbc.sql("update queue_entries set callback_call_id = :call, callback_attempts = callback_attempts + 1 where company_id = :c and id = :id")
                .param("call", callId).param("c", company()).param("id", entryId).update();
        event(e.queueId(), entryId, callId, memberId, "CALLBACK_DIALED", now, null, null, null);
    }

    /** The customer answered the callback: done. */
    @Transactional
    public void callbackCompleted(UUID entryId, UUID memberId, Instant now) {
        var e = entry(entryId).orElseThrow();
        queues.lock(e.queueId());
        jdbc.sql("update queue_entries set state = 'COMPLETED', ended_at = :now, offered_members = '{}' where company_id = :c and id = :id")
                .param("now", Timestamp.from(now)).param("c", company()).param("id", entryId).update();
        event(e.queueId(), entryId, e.callId(), memberId, "CALLBACK_COMPLETED", now, null, wait(e, now), null);
    }

    /**
     * The customer had answered the callback {@code callId}, though it was taken for unanswered (the answer was
     * delivered after the hangup): the callback is done, not tried again nor given up.
     */
    @Transactional
    public void callbackAnsweredLate(UUID entryId, UUID callId, UUID memberId, Instant now) {
        var e = entry(entryId).orElse(null);
        if (e == null) {
            return;
        }
        queues.lock(e.queueId());
        // Given up meanwhile too (taken for unanswered as its last day ended, and at once too old): it was made after all,
        // so its giving up is taken back, as neither the history nor the statistics nor the page's "call these customers
        // yourself" may say it was not.
        int done = jdbc.sql("""
                update queue_entries set state = 'COMPLETED', ended_at = coalesce(ended_at, :now), offered_members = '{}', callback_not_before = null
                where company_id = :c and id = :id and callback_call_id = :call and state in ('CALLBACK', 'FAILED', 'EXPIRED')
                """).param("now", Timestamp.from(now)).param("c", company()).param("id", entryId).param("call", callId).update();
        if (done == 1) {
            jdbc.sql("delete from queue_events where company_id = :c and entry_id = :id and type = 'CALLBACK_EXPIRED'")
                    .param("c", company()).param("id", entryId).update();
            event(e.queueId(), entryId, callId, memberId, "CALLBACK_COMPLETED", now, null, wait(e, now),
                    "the customer's answer arrived after their hangup");
        }
    }

    /**
     * The customer picked up the callback {@code callId} only after the member who placed it had hung up (that hangup
     * delivered after the answer, which had completed it): nobody talked to them, so the callback was not made after all.
     * Its completion is taken back (its CALLBACK_COMPLETED step removed: the statistics and the history count a callback
     * made once, when it is) and it is tried again as one whose customer did not answer ({@link #callbackFailed}).
     *
     * @return when to try again, or empty when given up (or the entry is not this call's completed callback)
     */
    @Transactional
    public Optional<Instant> callbackNotMadeAfterAll(UUID entryId, UUID callId, Instant now, String why) {
        var e = entry(entryId).orElse(null);
        if (e == null) {
            return Optional.empty();
        }
        queues.lock(e.queueId());
        int undone = jdbc.sql("""
                update queue_entries set state = 'CALLBACK', ended_at = null
                where company_id = :c and id = :id and callback_call_id = :call and state = 'COMPLETED'
                """).param("c", company()).param("id", entryId).param("call", callId).update();
        if (undone == 0) {
            return Optional.empty();
        }
        jdbc.sql("delete from queue_events where company_id = :c and entry_id = :id and type = 'CALLBACK_COMPLETED'")
                .param("c", company()).param("id", entryId).update();
        return callbackFailed(entryId, now, why);
    }

    /** A callback that cannot be made at all (no number to call from): given up at once. */
    @Transactional
    public void callbackGivenUp(UUID entryId, Instant now, String why) {
        leave(entryId, now, "FAILED", "CALLBACK_FAILED", why);
    }

    /** Calls to a callback's customer at most, and the wait between them. */
    static final int CALLBACK_ATTEMPTS = 3;
    public static final Duration CALLBACK_RETRY = Duration.ofMinutes(5);

    /**
     * The customer did not answer their callback: it keeps its place and is tried again after
     * {@link #CALLBACK_RETRY}, up to {@link #CALLBACK_ATTEMPTS} calls; then it is given up.
     *
     * @return when to try again, or empty when given up
     */
    @Transactional
    public Optional<Instant> callbackFailed(UUID entryId, Instant now, String why) {
        var attempts = jdbc.sql("select callback_attempts from queue_entries where company_id = :c and id = :id")
                .param("c", company()).param("id", entryId).query(Integer.class).optional().orElse(CALLBACK_ATTEMPTS);
        if (attempts >= CALLBACK_ATTEMPTS) {
            leave(entryId, now, "FAILED", "CALLBACK_FAILED", why + "; given up after " + attempts + " calls");
            return Optional.empty();
        }
        var e = entry(entryId).orElseThrow();
        queues.lock(e.queueId());
        var retry = now.plus(CALLBACK_RETRY);
        jdbc.sql("""
                update queue_entries set state = 'CALLBACK', offered_members = '{}', callback_not_before = :retry
                where company_id = :c and id = :id
                """).param("retry", Timestamp.from(retry)).param("c", company()).param("id", entryId).update();
        event(e.queueId(), entryId, e.callId(), null, "CALLBACK_FAILED", now, null, null,
                why + "; call " + attempts + " of " + CALLBACK_ATTEMPTS + ", trying again at " + retry);
        return Optional.of(retry);
    }

    /**
     * The callers in line now, in order. A customer whose callback is pending and who called again is listed once, where
     * they wait on the line (in the callback's place): the callback is passed by while they wait ({@link #dispatch}) and
     * done once they are answered. (Listed twice, the supervisor saw one more caller than there was, and everyone behind
     * them a place further back than they were told.)
     */
    @Transactional(readOnly = true)
    public List<Waiting> waiting(UUID queueId, Instant now) {
        queues.get(queueId);
        var rows = jdbc.sql("""
                select id, call_id, from_number, joined_at, state, priority, callback_number,
                  (select count(*) from queue_events v where v.company_id = e.company_id and v.entry_id = e.id and v.type = 'OFFERED'),
                  callback_requested_at
                from queue_entries e
                where company_id = :c and queue_id = :q and state in ('WAITING','OFFERING','CALLBACK','CALLBACK_DIALING')
                  and not """ + waitsInItsPlace("e") + """
                order by priority desc, joined_at, id
                """).param("c", company()).param("q", queueId)
                .query((rs, n) -> new Waiting(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class), rs.getString(3), n + 1,
                        Math.max(0, Duration.between(rs.getTimestamp(4).toInstant(), now).toSeconds()), rs.getString(5), rs.getInt(6),
                        rs.getString(7), rs.getInt(8), rs.getTimestamp(9) == null ? null : rs.getTimestamp(9).toInstant()))
                .list();
        return rows;
    }

    /**
     * One step of a queue entry's history, as its event log keeps it: joined, offered to a member (who), that member's no
     * answer, a callback requested, dialled, completed or failed (why).
     *
     * @param memberId the member the step was about (offered to, did not answer, placed the callback), null for none
     * @param callId the call it was about: the caller's own call, or the callback's call out once it was dialled
     */
    public record Step(Instant at, String type, UUID memberId, UUID callId, Integer position, Integer waitSeconds, String detail) {

        /**
         * {@code steps} as {@code actor} may read them: an agent sees the steps about colleagues without their names (a
         * colleague's offers and misses are performance figures, as in the queue's statistics), and their own.
         */
        public static List<Step> seenBy(dev.switchboard.tenancy.Actor actor, List<Step> steps) {
            if (actor.role() != dev.switchboard.tenancy.Role.AGENT) {
                return steps;
            }
            return steps.stream().map(s -> s.memberId() == null || s.memberId().equals(actor.memberId()) ? s
                    : new Step(s.at(), s.type(), null, s.callId(), s.position(), s.waitSeconds(), s.detail())).toList();
        }
    }

    /**
     * Everything that happened to entry {@code entryId}, in order: for a callback, every offer with who was offered it and
     * when, and who did not answer, so that how long it took can be told ("offered to Ann three times; Bob took it at
     * 10:20"). The offers a member did not take are here, not in the call log: no customer was called by them.
     */
    @Transactional(readOnly = true)
    public List<Step> history(UUID entryId) {
        return jdbc.sql("""
                select at, type, member_id, call_id, position, wait_seconds, detail from queue_events
                where company_id = :c and entry_id = :e order by at, seq
                """).param("c", company()).param("e", entryId)
                .query((rs, n) -> new Step(rs.getTimestamp(1).toInstant(), rs.getString(2), rs.getObject(3, UUID.class),
                        rs.getObject(4, UUID.class), (Integer) rs.getObject(5), (Integer) rs.getObject(6), rs.getString(7)))
                .list();
    }

    /**
     * The callback entry a caller's call {@code callId} asked for (it keeps the entry it joined the queue with), if it asked
     * for one and it was not merged into an earlier request from the same number.
     */
    @Transactional(readOnly = true)
    public Optional<UUID> callbackEntryOf(UUID callId) {
        return jdbc.sql("""
                select id from queue_entries e where company_id = :c and call_id = :call and callback_number is not null
                  and (state <> 'MERGED' or exists (select 1 from queue_events v where v.company_id = e.company_id
                    and v.entry_id = e.id and v.type = 'CALLBACK_REQUESTED'))
                  order by joined_at desc limit 1
                """).param("c", company()).param("call", callId).query(UUID.class).optional();
    }

    /** Queues with anyone in line (for the periodic dispatch). */
    @Transactional(readOnly = true)
    public List<UUID> queuesWithCallers() {
        return jdbc.sql("select distinct queue_id from queue_entries where company_id = :c and state in ('WAITING', 'CALLBACK')")
                .param("c", company()).query(UUID.class).list();
    }

    // ---- members ----

    /** The queue's members who are logged in: available (status), not on vacation or do-not-disturb. */
    private List<TeamMember> loggedIn(CallQueue q, Instant now) {
        var all = members.list().stream().collect(Collectors.toMap(TeamMember::id, Function.identity()));
        var inQueue = q.memberIds().stream().map(all::get).filter(java.util.Objects::nonNull).toList();
        var zone = companies.current().timezone();
        var report = Eligibility.evaluate(inQueue, now, zone);
        var ok = new HashSet<UUID>();
        report.eligible().forEach(x -> ok.add(x.memberId()));
        // At their call limit they are still logged in, just busy.
        report.excluded().stream().filter(x -> x.reason() == Eligibility.Reason.AT_CALL_LIMIT).forEach(x -> ok.add(x.memberId()));
        return inQueue.stream().filter(m -> ok.contains(m.id())).toList();
    }

    /** Logged-in members free for an offer now: under their limit, not ringing for this queue, out of wrap-up. */
    private List<TeamMember> free(CallQueue q, List<TeamMember> logged, Instant now) {
        var wrap = members.wrapUpEnds(logged.stream().map(TeamMember::id).toList());
        // Ringing for one of this queue's callers already (an offer of an earlier dispatch): not offered another,
        // whatever their call limit, until that offer is answered or over.
        var ringing = new HashSet<>(jdbc.sql("""
                select distinct unnest(offered_members) from queue_entries
                where company_id = :c and queue_id = :q and state in ('OFFERING', 'CALLBACK_DIALING')
                """).param("c", company()).param("q", q.id()).query(UUID.class).list());
        return logged.stream()
                .filter(m -> !Router.destinations(m).isEmpty())
                .filter(m -> !ringing.contains(m.id()))
                .filter(m -> m.availability().activeCalls() < m.maxConcurrentCalls())
                .filter(m -> !wrap.containsKey(m.id()) || !wrap.get(m.id()).isAfter(now))
                .toList();
    }

    private List<TeamMember> order(CallQueue q, List<TeamMember> free, Instant now) {
        var today = now.atZone(companies.current().timezone()).toLocalDate();
        Comparator<TeamMember> byPosition = Comparator.comparingInt(m -> q.memberIds().indexOf(m.id()));
        var sorted = new ArrayList<>(free);
        switch (q.strategy()) {
            case FIXED_ORDER, RING_ALL -> sorted.sort(byPosition);
            case ROUND_ROBIN -> {
                int next = roundRobinNext(q);
                int size = Math.max(1, q.memberIds().size());
                sorted.sort(Comparator.comparingInt((TeamMember m) -> Math.floorMod(q.memberIds().indexOf(m.id()) - next, size)));
            }
            case LONGEST_IDLE -> sorted.sort(Comparator.comparing((TeamMember m) -> idleSince(m), Comparator.nullsFirst(Comparator.naturalOrder()))
                    .thenComparing(byPosition));
            case FEWEST_CALLS -> sorted.sort(Comparator.comparingInt((TeamMember m) -> m.availability().callsHandledOn(today))
                    .thenComparing(byPosition));
        }
        return sorted;
    }

    private static Instant idleSince(TeamMember m) {
        return m.availability().lastCallEndedAt();
    }

    private int roundRobinNext(CallQueue q) {
        return jdbc.sql("select round_robin_next from call_queues where company_id = :c and id = :q").param("c", company())
                .param("q", q.id()).query(Integer.class).single();
    }

    // ---- helpers ----

    private static Integer wait(Entry e, Instant now) {
        return (int) Math.max(0, Duration.between(e.joinedAt(), now).toSeconds());
    }

    void event(UUID queueId, UUID entryId, UUID callId, UUID memberId, String type, Instant at, Integer position, Integer waitSeconds,
            String detail) {
        jdbc.sql("""
                insert into queue_events (company_id, queue_id, entry_id, call_id, member_id, type, at, position, wait_seconds, detail)
                values (:c, :q, :e, :call, :m, :t, :at, :p, :w, :d)
                """).param("c", company()).param("q", queueId).param("e", entryId).param("call", callId).param("m", memberId)
                .param("t", type).param("at", Timestamp.from(at)).param("p", position).param("w", waitSeconds).param("d", detail)
                .update();
    }

    private static List<UUID> uuids(java.sql.Array array) throws java.sql.SQLException {
        if (array == null) {
            return List.of();
        }
        var values = (Object[]) array.getArray();
        var result = new ArrayList<UUID>();
        for (var v : values) {
            result.add((UUID) v);
        }
        return result;
    }

    private static UUID company() {
        return TenantContext.require().value();
    }
}
