package dev.switchboard.platform;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * Durable timers in PostgreSQL: a queue caller's maximum wait, the next position announcement, the
 * end of a member's wrap-up. Any node fires a due timer; it is leased (pushed {@link #LEASE} ahead)
 * while it fires and deleted after, so a node that dies mid-way leaves it to fire again, and two nodes
 * never fire it at the same time. Time is the injected {@link Clock}: in virtual-time tests the
 * simulator drives {@link #runDue(Instant)} between its own events (see {@link #nextDue()}).
 */
@Service
public class Timers {

    private static final Logger log = LoggerFactory.getLogger(Timers.class);
    static final Duration LEASE = Duration.ofSeconds(30);
    /** Waits after a failure grow from {@link #LEASE} by doubling up to this. */
    static final Duration MAX_RETRY_WAIT = Duration.ofMinutes(15);
    /** Failures after which a timer is given up (kept, marked failed, never fired again): about two and a half hours of them. */
    static final int MAX_ATTEMPTS = 14;

    private final JdbcClient jdbc;
    private final Clock clock;
    private final ObjectMapper json;
    private final TransactionTemplate tx;
    private final org.springframework.beans.factory.ObjectProvider<TimerHandler> handlerBeans;
    private volatile Map<String, TimerHandler> handlers;
    private volatile boolean drivenExternally;

    private final boolean polling;

    Timers(JdbcClient jdbc, Clock clock, ObjectMapper json, PlatformTransactionManager transactions,
            org.springframework.beans.factory.ObjectProvider<TimerHandler> handlers,
            @org.springframework.beans.factory.annotation.Value("${switchboard.timers.enabled:true}") boolean polling) {
        this.polling = polling;
        this.jdbc = jdbc;
        this.clock = clock;
        this.json = json;
        this.tx = new TransactionTemplate(transactions);
        this.tx.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        this.handlerBeans = handlers;
    }

    /**
     * Sets (or moves) the timer {@code name} of {@code kind}/{@code ref} to fire at {@code due}, in the
     * current company and transaction: it exists only if that transaction commits.
     */
    public void schedule(String kind, UUID ref, String name, Instant due, Map<String, ?> payload) {
        jdbc.sql("""
                insert into timers (company_id, id, kind, ref, name, due_at, payload) values (:c, :id, :k, :r, :n, :due, cast(:p as jsonb))
                on conflict (company_id, kind, ref, name) do update set id = excluded.id, due_at = excluded.due_at, payload = excluded.payload,
                  attempts = 0, failed_at = null
                """)
                .param("c", TenantContext.require().value()).param("id", UUID.randomUUID()).param("k", kind).param("r", ref)
                .param("n", name).param("due", Timestamp.from(due)).param("p", json.writeValueAsString(payload == null ? Map.of() : payload))
                .update();
    }

    /** Cancels one timer (no-op when there is none). */
    public void cancel(String kind, UUID ref, String name) {
        jdbc.sql("delete from timers where company_id = :c and kind = :k and ref = :r and name = :n")
                .param("c", TenantContext.require().value()).param("k", kind).param("r", ref).param("n", name).update();
    }

    /** Cancels every timer of {@code kind}/{@code ref}. */
    public void cancelAll(String kind, UUID ref) {
        jdbc.sql("delete from timers where company_id = :c and kind = :k and ref = :r")
                .param("c", TenantContext.require().value()).param("k", kind).param("r", ref).update();
    }

    /** When the earliest timer of any company is due, if any. */
    public Optional<Instant> nextDue() {
        return jdbc.sql("select next_timer_due()").query(Timestamp.class).optional().map(Timestamp::toInstant);
    }

    /** In virtual time the simulator calls {@link #runDue} itself, so the background poll stands down. */
    public void drivenExternally(boolean external) {
        this.drivenExternally = external;
    }

    private final java.util.concurrent.atomic.AtomicBoolean nudged = new java.util.concurrent.atomic.AtomicBoolean();

    /**
     * Timers set due now fire now, not at the next poll: on a thread of their own, so whoever set them (a request) does
     * not wait for what they do. Nudges while one runs are one. In virtual time, they fire when the clock is moved.
     */
    public void nudge() {
        if (polling && !drivenExternally && nudged.compareAndSet(false, true)) {
            Thread.ofVirtual().name("timers-nudge").start(() -> {
                nudged.set(false);
                try {
                    runDue(clock.instant());
                } catch (RuntimeException e) {
                    log.warn("timers fired on a nudge failed; the next poll fires them", e);
                }
            });
        }
    }

    @Scheduled(fixedDelayString = "${switchboard.timers.poll-interval:PT0.5S}", initialDelayString = "PT2S")
    void poll() {
        if (polling && !drivenExternally) {
            runDue(clock.instant());
        }
    }

    /**
     * Fires every timer due at {@code now}, earliest first (including ones that fall due while this
     * runs, up to {@code now}).
     *
     * @return how many fired
     */
    public int runDue(Instant now) {
        return runDue(now, () -> jdbc.sql("select company_id, id from due_timers(:now, 50)").param("now", Timestamp.from(now))
                .query((rs, n) -> new UUID[] {rs.getObject(1, UUID.class), rs.getObject(2, UUID.class)}).list());
    }

    /**
     * Fires the timers of {@code company} due at {@code now}, as {@link #runDue(Instant)} does for every company: for
     * one company's clock moved far ahead (a test at a date a month on) without firing the rest of the world's timers
     * at that date.
     *
     * @return how many fired
     */
    public int runDue(Instant now, dev.switchboard.shared.CompanyId company) {
        return runDue(now, () -> TenantContext.callAs(company, () -> tx.execute(s -> jdbc.sql("""
                select company_id, id from timers where due_at <= :now and failed_at is null order by due_at limit 50""")
                .param("now", Timestamp.from(now))
                .query((rs, n) -> new UUID[] {rs.getObject(1, UUID.class), rs.getObject(2, UUID.class)}).list())));
    }

    private int runDue(Instant now, java.util.function.Supplier<List<UUID[]>> dueNow) {
        int fired = 0;
        while (true) {
            var due = dueNow.get();
            if (due.isEmpty()) {
                return fired;
            }
            int firedNow = 0;
            for (var row : due) {
                if (fire(new dev.switchboard.shared.CompanyId(row[0]), row[1], now)) {
                    firedNow++;
                }
            }
            if (firedNow == 0) {
                // Every one due is being fired elsewhere (another node's lease holds its row) or cannot be leased: asking
                // again at once finds the same ones, a loop that spun a core for as long as that row stayed locked. The
                // next poll tries again.
                return fired;
            }
            fired += firedNow;
        }
    }

    private Map<String, TimerHandler> handlers() {
        var known = handlers;
        if (known == null) {
            known = new HashMap<>();
            for (var h : handlerBeans) {
                known.put(h.kind(), h);
            }
            handlers = known;
        }
        return known;
    }

    private record Leased(String kind, UUID ref, String name, JsonNode payload, int attempts, Timestamp lease) {
    }

    /** How long after its {@code attempts}-th failure a timer fires again: 30 s, doubling, at most 15 minutes. */
    static Duration retryWait(int attempts) {
        var wait = LEASE.multipliedBy(1L << Math.min(Math.max(attempts - 1, 0), 10));
        return wait.compareTo(MAX_RETRY_WAIT) > 0 ? MAX_RETRY_WAIT : wait;
    }

    /**
     * A timer's handling failed: it fires again after a growing wait, or after {@link #MAX_ATTEMPTS} failures it is
     * kept as failed and never fired again. Only if nobody re-scheduled it meanwhile (that gives it a new id and due
     * time, and its count starts again).
     */
    private void failed(dev.switchboard.shared.CompanyId company, UUID id, Leased leased, Instant now, RuntimeException e) {
        int attempts = leased.attempts() + 1;
        boolean givenUp = attempts >= MAX_ATTEMPTS;
        var next = now.plus(retryWait(attempts));
        if (givenUp) {
            log.error("Timer {} {} {} failed {} times; given up (kept in timers with failed_at set)", leased.kind(), leased.ref(),
                    leased.name(), attempts, e);
        } else {
            log.error("Timer {} {} {} failed (attempt {} of {}); it fires again at {}", leased.kind(), leased.ref(), leased.name(),
                    attempts, MAX_ATTEMPTS, next, e);
        }
        tx.executeWithoutResult(s -> jdbc.sql("""
                update timers set attempts = :attempts, due_at = :next, failed_at = :failed
                where company_id = :c and id = :id and due_at = :lease
                """).param("attempts", attempts).param("next", Timestamp.from(next))
                .param("failed", givenUp ? Timestamp.from(now) : null, java.sql.Types.TIMESTAMP)
                .param("c", company.value()).param("id", id).param("lease", leased.lease()).update());
    }

    private boolean fire(dev.switchboard.shared.CompanyId company, UUID id, Instant now) {
        return TenantContext.callAs(company, () -> {
            var lease = Timestamp.from(now.plus(LEASE));
            var leased = tx.execute(s -> jdbc.sql("""
                    update timers t set due_at = :lease from (select id from timers where company_id = :c and id = :id and due_at <= :now
                      for update skip locked) d where t.company_id = :c and t.id = d.id
                    returning t.kind, t.ref, t.name, t.payload::text, t.attempts
                    """)
                    .param("lease", lease).param("c", company.value()).param("id", id).param("now", Timestamp.from(now))
                    .query((rs, n) -> new Leased(rs.getString(1), rs.getObject(2, UUID.class), rs.getString(3), json.readTree(rs.getString(4)), rs.getInt(5), lease))
                    .optional().orElse(null));
            if (leased == null) {
                return false;
            }
            var handler = handlers().get(leased.kind());
            try {
                if (handler == null) {
                    log.error("No handler for timers of kind {}; dropping timer {}", leased.kind(), id);
                } else {
                    handler.fire(leased.ref(), leased.name(), leased.payload());
                }
            } catch (RuntimeException e) {
                failed(company, id, leased, now, e);
                return true;
            }
            // Deleted only if nobody re-scheduled it meanwhile (that gives it a new id and due time).
            tx.executeWithoutResult(s -> jdbc.sql("delete from timers where company_id = :c and id = :id and due_at = :lease")
                    .param("c", company.value()).param("id", id).param("lease", leased.lease()).update());
            return true;
        });
    }
}
