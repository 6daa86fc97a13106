package dev.switchboard.queue;

import dev.switchboard.platform.TenantContext;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * A queue's statistics for a period, computed from its event log (never from counters that could
 * drift). Definitions, as contact centres use them:
 * <ul>
 *   <li><b>offered</b>: callers who joined the line. A caller who hung up and called back within the
 *       rejoin window took back their place: one caller, offered once, and their hang-up no abandon;</li>
 *   <li><b>answered</b>: callers connected to a member;</li>
 *   <li><b>abandoned</b>: callers who hung up while waiting (and did not take back their place);
 *       <b>short abandons</b> (sooner than the queue's threshold) are counted apart and left out of the
 *       service level;</li>
 *   <li><b>service level</b>: answered within T seconds, divided by (answered + abandoned − short
 *       abandons + timed out + callbacks requested, less those whose customer called again and was answered in
 *       their place, counted as answered); null when that is 0;</li>
 *   <li><b>callbacks expired</b>: callbacks given up, not made by the end of the next business day after they were
 *       asked for (still among those requested, and in the service level's base: nobody called them back);</li>
 *   <li><b>average speed of answer</b>: mean wait of the answered callers; <b>longest wait</b>: of
 *       anyone who left the line in the period.</li>
 * </ul>
 */
@Service
public class QueueStats {

    private final JdbcClient jdbc;
    private final Queues queues;

    QueueStats(JdbcClient jdbc, Queues queues) {
        this.jdbc = jdbc;
        this.queues = queues;
    }

    /** A member's offers: taken ({@code answered}: a caller connected, or a callback whose call out they answered) or missed. */
    public record MemberStats(UUID memberId, long offers, long answered, long missed) {
    }

    public record Stats(UUID queueId, Instant from, Instant to, int serviceLevelSeconds, int shortAbandonSeconds, long offered,
            long answered, long abandoned, long shortAbandoned, long timedOut, long overflowed, long callbacksRequested,
            long callbacksCompleted, long callbacksExpired, Double serviceLevelPercent, Double averageSpeedOfAnswerSeconds, Integer longestWaitSeconds,
            List<MemberStats> members) {

        /** The same with only {@code memberId}'s figures among the members' (none for null): what an agent sees. */
        public Stats onlyMember(UUID memberId) {
            return new Stats(queueId, from, to, serviceLevelSeconds, shortAbandonSeconds, offered, answered, abandoned, shortAbandoned,
                    timedOut, overflowed, callbacksRequested, callbacksCompleted, callbacksExpired, serviceLevelPercent, averageSpeedOfAnswerSeconds,
                    longestWaitSeconds, members.stream().filter(m -> m.memberId().equals(memberId)).toList());
        }
    }

    @Transactional(readOnly = true)
    public Stats stats(UUID queueId, Instant from, Instant to) {
        var q = queues.get(queueId);
        // An abandoned entry whose caller rejoined was merged into their new one (QueueLine.join): not a caller lost. A
        // callback whose customer called again and was answered in its place was merged too (QueueLine's
        // CALLBACK_MERGED): one customer, counted in the service level's base once, as answered, not also as a callback
        // still owed (the queue walk's demo read 3 of 10 for 3 of 9). It stays among the callbacks requested.
        var row = jdbc.sql("""
                with ev as (
                  select v.type, v.wait_seconds, v.type = 'ABANDONED' and e.state = 'MERGED' as taken_back,
                    v.type = 'CALLBACK_REQUESTED' and e.state = 'MERGED' as answered_again
                  from queue_events v left join queue_entries e on e.company_id = v.company_id and e.id = v.entry_id
                  where v.company_id = :c and v.queue_id = :q and v.at >= :from and v.at < :to
                )
                select
                  count(*) filter (where type = 'JOINED') as offered,
                  count(*) filter (where type = 'CONNECTED') as answered,
                  count(*) filter (where type = 'ABANDONED' and not taken_back) as abandoned,
                  count(*) filter (where type = 'ABANDONED' and not taken_back and coalesce(wait_seconds, 0) < :short) as short_abandoned,
                  count(*) filter (where type = 'TIMED_OUT') as timed_out,
                  count(*) filter (where type = 'OVERFLOWED') as overflowed,
                  count(*) filter (where type = 'CALLBACK_REQUESTED') as callbacks,
                  count(*) filter (where type = 'CALLBACK_REQUESTED' and not answered_again) as callbacks_owed,
                  count(*) filter (where type = 'CALLBACK_COMPLETED') as callbacks_done,
                  count(*) filter (where type = 'CALLBACK_EXPIRED') as callbacks_expired,
                  count(*) filter (where type = 'CONNECTED' and wait_seconds <= :sl) as within,
                  avg(wait_seconds) filter (where type = 'CONNECTED') as asa,
                  max(wait_seconds) filter (where type in ('CONNECTED', 'ABANDONED', 'TIMED_OUT', 'CALLBACK_REQUESTED') and not taken_back) as longest
                from ev
                """).param("short", q.shortAbandonSeconds()).param("sl", q.serviceLevelSeconds())
                .param("c", TenantContext.require().value()).param("q", queueId)
                .param("from", Timestamp.from(from)).param("to", Timestamp.from(to))
                .query().singleRow();
        long answered = n(row.get("answered"));
        long abandoned = n(row.get("abandoned"));
        long shortAbandoned = n(row.get("short_abandoned"));
        long timedOut = n(row.get("timed_out"));
        long callbacks = n(row.get("callbacks"));
        long base = answered + abandoned - shortAbandoned + timedOut + n(row.get("callbacks_owed"));
        Double level = base == 0 ? null : Math.round(1000.0 * n(row.get("within")) / base) / 10.0;
        Double asa = row.get("asa") == null ? null : Math.round(((Number) row.get("asa")).doubleValue() * 10) / 10.0;
        Integer longest = row.get("longest") == null ? null : ((Number) row.get("longest")).intValue();
        // A member who answers a callback's offer is connected to the customer by a call out (CALLBACK_DIALED), not
        // to a caller in line: that offer was taken as much as a CONNECTED one.
        var perMember = new LinkedHashMap<UUID, long[]>();
        q.memberIds().forEach(m -> perMember.put(m, new long[3]));
        jdbc.sql("""
                select member_id, type, count(*) from queue_events where company_id = :c and queue_id = :q and at >= :from and at < :to
                  and member_id is not null and type in ('OFFERED', 'CONNECTED', 'CALLBACK_DIALED', 'NO_ANSWER') group by member_id, type
                """).param("c", TenantContext.require().value()).param("q", queueId)
                .param("from", Timestamp.from(from)).param("to", Timestamp.from(to))
                .query((rs, i) -> {
                    var counts = perMember.computeIfAbsent(rs.getObject(1, UUID.class), k -> new long[3]);
                    int slot = switch (rs.getString(2)) {
                        case "OFFERED" -> 0;
                        case "CONNECTED", "CALLBACK_DIALED" -> 1;
                        default -> 2;
                    };
                    counts[slot] += rs.getLong(3);
                    return null;
                }).list();
        var memberStats = new ArrayList<MemberStats>();
        perMember.forEach((id, c) -> memberStats.add(new MemberStats(id, c[0], c[1], c[2])));
        return new Stats(queueId, from, to, q.serviceLevelSeconds(), q.shortAbandonSeconds(), n(row.get("offered")), answered,
                abandoned, shortAbandoned, timedOut, n(row.get("overflowed")), callbacks, n(row.get("callbacks_done")), n(row.get("callbacks_expired")), level, asa,
                longest, memberStats);
    }

    private static long n(Object o) {
        return o == null ? 0 : ((Number) o).longValue();
    }
}
