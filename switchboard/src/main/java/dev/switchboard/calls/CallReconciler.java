package dev.switchboard.calls;

import dev.switchboard.shared.CompanyId;
import dev.switchboard.platform.TenantContext;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Checks calls still open long after they began against the carrier. A leg's hangup can fail to reach us
 * (a webhook lost after every retry, a handling that failed until the sweep gave up), and the call would
 * then stay open for ever: never logged as ended, its member counted busy. Every open call that began more
 * than {@code after} ago, and was not checked within that time, has the legs we think are up looked up at
 * the carrier's; each one the carrier says has ended is handled as its hangup would have been (members
 * released, the call ended and logged), and the call's trace says so. A leg the carrier cannot be asked
 * about now is left for the next check; a call with no leg up at all is ended as it stands. Runs on any
 * node: calls are claimed, so two nodes check different ones. Members counted on calls no leg holds any
 * more are given those claims back ({@link #releaseUnheldClaims()}). Calls a carrier lost with everything it knew
 * (the demo's in-process simulator, when the app restarts) are ended the same way at once, not a period later
 * ({@link #endCallsTheCarrierLost}).
 */
@Component
public class CallReconciler {

    private static final Logger log = LoggerFactory.getLogger(CallReconciler.class);
    private static final int BATCH = 100;

    private final JdbcClient jdbc;
    private final CallStore store;
    private final CallControl control;
    private final CallEngine engine;
    private final TransactionTemplate tx;
    private final Clock clock;
    private final Duration after;
    private final boolean polling;
    private final int batch;

    @org.springframework.beans.factory.annotation.Autowired
    CallReconciler(JdbcClient jdbc, CallStore store, CallControl control, CallEngine engine, PlatformTransactionManager transactions,
            Clock clock, @Value("${switchboard.calls.reconcile.after:PT10M}") Duration after,
            @Value("${switchboard.calls.reconcile.enabled:true}") boolean polling) {
        this(jdbc, store, control, engine, transactions, clock, after, polling, BATCH);
    }

    /** With batches of {@code batch} calls (tests: a few calls fill several batches). */
    CallReconciler(JdbcClient jdbc, CallStore store, CallControl control, CallEngine engine, PlatformTransactionManager transactions,
            Clock clock, Duration after, boolean polling, int batch) {
        if (after.isNegative() || after.isZero()) {
            throw new IllegalArgumentException("switchboard.calls.reconcile.after must be positive, not " + after);
        }
        this.jdbc = jdbc;
        this.store = store;
        this.control = control;
        this.engine = engine;
        this.tx = new TransactionTemplate(transactions);
        this.tx.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        this.clock = clock;
        this.after = after;
        this.polling = polling;
        this.batch = batch;
    }

    @Scheduled(fixedDelayString = "${switchboard.calls.reconcile.interval:PT1M}", initialDelayString = "PT1M")
    void poll() {
        if (polling) {
            reconcile();
            releaseUnheldClaims();
        }
    }

    /**
     * Gives back the claims on members that no call holds any more: a member counted on more calls than they
     * have legs up in open calls, with nothing about their availability changed for the period, is counted on
     * those legs only (idle with none). Such a claim is left by a node that stopped between claiming a member
     * and dialling them, or by a member's hangup that never reached us on a call that ended; without this they
     * would stay busy, never rung again once at their limit.
     *
     * @return how many members were given claims back
     */
    public int releaseUnheldClaims() {
        var now = clock.instant();
        var released = tx.execute(s -> jdbc.sql("select released_company, released_member, counted, held from members_release_unheld_claims(:now, :quiet)")
                .param("now", Timestamp.from(now)).param("quiet", Timestamp.from(now.minus(after)))
                .query((rs, n) -> {
                    log.warn("Member {} of company {} was counted on {} call(s) but has {} leg(s) up in open calls: given back the rest",
                            rs.getObject(2), rs.getObject(1), rs.getInt(3), rs.getInt(4));
                    return new CompanyId(rs.getObject(1, UUID.class));
                }).list());
        if (released == null) {
            return 0;
        }
        // They may be free now: their companies' waiting callers are offered to them.
        for (var company : new java.util.LinkedHashSet<>(released)) {
            try {
                TenantContext.runAs(company, engine::availabilityChanged);
            } catch (RuntimeException e) {
                log.error("Offering company {}'s waiting callers to the members given back their claims failed", company, e);
            }
        }
        return released.size();
    }

    private record Due(CompanyId company, UUID callId) {
    }

    /**
     * Checks every call due now.
     *
     * @return how many legs were found ended at the carrier and handled as hung up
     */
    public int reconcile() {
        int ended = 0;
        while (true) {
            var now = clock.instant();
            var due = tx.execute(s -> jdbc.sql("select claimed_company, claimed_id from calls_claim_reconcile(:now, :started, :checked, :limit)")
                    .param("now", Timestamp.from(now)).param("started", Timestamp.from(now.minus(after)))
                    .param("checked", Timestamp.from(now.minus(after))).param("limit", batch)
                    .query((rs, n) -> new Due(new CompanyId(rs.getObject(1, UUID.class)), rs.getObject(2, UUID.class))).list());
            for (var call : due) {
                try {
                    ended += TenantContext.callAs(call.company(), () -> check(call.callId()));
                } catch (RuntimeException e) {
                    log.error("Checking open call {} against the carrier failed", call.callId(), e);
                }
            }
            if (due.size() < batch) {
                return ended;
            }
        }
    }

    /**
     * Ends at once every open call begun before {@code startedBefore} none of whose legs we think are up the carrier
     * {@code knows}: a carrier gone with everything it knew (the demo's in-process simulator, after the app restarted)
     * will never send their hangups, nor say they ended when asked, and they would wait for {@link #reconcile()} a whole
     * period, their members busy. Each such leg is handled as hung up now, as {@link #reconcile()} handles a leg the
     * carrier says has ended (the same outcome, members released, the call ended and logged, what the caller left kept),
     * with {@code why} in the call's trace, and nothing is sent to the carrier for it
     * ({@link CallEngine#handleWithCarrierGone}); a call with no leg up at all is ended as it stands. Members those
     * calls free are then offered their companies' waiting callers. A call the carrier knows a leg of is left alone.
     *
     * @return how many calls were ended
     */
    public int endCallsTheCarrierLost(Instant startedBefore, java.util.function.Predicate<String> knows, String why) {
        int ended = 0;
        var companies = new java.util.LinkedHashSet<CompanyId>();
        // Claimed as the check claims them (another node's check skips them meanwhile), each once: only those not checked
        // since this began (a call left open, known to the carrier or failing to end, is not taken again by the next batch).
        var began = clock.instant();
        while (true) {
            var now = clock.instant();
            var due = tx.execute(s -> jdbc.sql("select claimed_company, claimed_id from calls_claim_reconcile(:now, :started, :checked, :limit)")
                    .param("now", Timestamp.from(now)).param("started", Timestamp.from(startedBefore))
                    .param("checked", Timestamp.from(began)).param("limit", batch)
                    .query((rs, n) -> new Due(new CompanyId(rs.getObject(1, UUID.class)), rs.getObject(2, UUID.class))).list());
            for (var call : due) {
                try {
                    if (TenantContext.callAs(call.company(), () -> endIfLost(call.callId(), knows, why))) {
                        ended++;
                        companies.add(call.company());
                    }
                } catch (RuntimeException e) {
                    log.error("Ending open call {}, which its carrier no longer knows, failed", call.callId(), e);
                }
            }
            if (due.size() < batch) {
                break;
            }
        }
        for (var company : companies) {
            try {
                TenantContext.runAs(company, engine::availabilityChanged);
            } catch (RuntimeException e) {
                log.error("Offering company {}'s waiting callers to the members freed by its lost calls failed", company, e);
            }
        }
        return ended;
    }

    private boolean endIfLost(UUID callId, java.util.function.Predicate<String> knows, String why) {
        var open = openLegs(callId);
        if (open.stream().anyMatch(l -> knows.test(l.legId()))) {
            return false;
        }
        log.info("Open call {}: {}", callId, why);
        tx.executeWithoutResult(s -> store.note(callId, why));
        var now = clock.instant();
        // Ended by us, not by whoever was on it: "system" in its log (as a hang-up of ours), not "caller".
        handleEnded(callId, open, open.stream().map(l -> new Ended(l, now)).toList(), null, CallSignal.Side.CALLEE, engine::handleWithCarrierGone);
        return true;
    }

    private List<CallStore.Leg> openLegs(UUID callId) {
        return tx.execute(s -> store.legs(callId).stream().filter(l -> !"ENDED".equals(l.state())).toList());
    }

    /** A leg of ours found ended, and when. */
    private record Ended(CallStore.Leg leg, Instant at) {
    }

    /**
     * One call's legs that we think are up, asked about at the carrier's; those it says ended are handled
     * (see {@link #handleEnded}).
     */
    private int check(UUID callId) {
        var open = openLegs(callId);
        var ended = new ArrayList<Ended>();
        for (var leg : open) {
            if (leg.legId().startsWith(CallEngine.STAND_IN)) {
                // A phone that was being dialled when its node stopped (a dial takes seconds, not the period): the
                // carrier knows no leg by this id, and nothing will settle it now. One begun within the period is
                // being dialled now (a long call offered to a member with two phones): its dial settles it.
                if (leg.startedAt() != null && leg.startedAt().isAfter(clock.instant().minus(after))) {
                    continue;
                }
                ended.add(new Ended(leg, clock.instant()));
                continue;
            }
            var status = control.status(leg.legId());
            if (status.state() == CallControl.LegStatus.State.ENDED) {
                // When the carrier says it ended (so the call's length and cost are right), else now.
                ended.add(new Ended(leg, status.endedAt() != null ? status.endedAt() : clock.instant()));
            }
        }
        return handleEnded(callId, open, ended, leg -> "the carrier says the " + leg.role().toLowerCase(java.util.Locale.ROOT)
                + "'s leg has ended, though its hangup never reached us: ended here", CallSignal.Side.UNKNOWN, engine::handle);
    }

    /**
     * Handles the legs of {@code open} found {@code ended} as their hangups would have been, in the order they ended,
     * the caller's first of those that ended together (a caller's hangup ends the leg they were bridged to at the same
     * instant), each after its {@code note} in the trace (none when null); a call none of whose legs is up any more is
     * then ended as it stands.
     */
    private int handleEnded(UUID callId, List<CallStore.Leg> open, List<Ended> ended, java.util.function.Function<CallStore.Leg, String> note,
            CallSignal.Side side, java.util.function.Consumer<CallSignal.Hangup> handle) {
        var ordered = new ArrayList<>(ended);
        ordered.sort(Comparator.comparing(Ended::at).thenComparing(e -> !"CALLER".equals(e.leg().role())));
        for (var e : ordered) {
            if (note != null) {
                var line = note.apply(e.leg());
                log.warn("Leg {} of call {}: {}", e.leg().legId(), callId, line);
                tx.executeWithoutResult(s -> store.note(callId, line));
            }
            handle.accept(new CallSignal.Hangup("reconciled:" + UUID.randomUUID(), e.leg().legId(), null, e.at(), null,
                    CallSignal.Reason.OTHER, side, null, null));
        }
        if (ordered.size() == open.size()) {
            // No leg of it is up, here or at the carrier's, yet it may still be open: a call whose phones were
            // never dialled (the node stopped between deciding and dialling), or whose last hangup left it open.
            engine.endWithNoLegUp(callId);
        }
        return ordered.size();
    }
}
