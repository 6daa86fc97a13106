package dev.switchboard.calls;

import dev.switchboard.platform.TenantContext;
import dev.switchboard.routing.PhoneSettings;
import dev.switchboard.shared.CompanyId;
import dev.switchboard.shared.PhoneNumber;
import dev.switchboard.tenancy.Companies;
import dev.switchboard.voicemail.SmsSender;
import io.github.resilience4j.core.IntervalFunction;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Missed-call text-back: a text to a caller nobody answered (the call MISSED or ABANDONED, or VOICEMAIL when the
 * company says so), from the number they dialled, with the company's message.
 *
 * <p>A transactional outbox, as voicemail's notifications: the row is written in the transaction that ends the
 * call ({@link #schedule}), PENDING, or SKIPPED with the reason when the caller cannot be texted (anonymous, a short
 * code) or was texted within the company's quiet window (the call's trace says so too). Call handling never waits
 * for the carrier: a worker on any node ({@link #sendDue}) claims due rows under a lease ({@code FOR UPDATE SKIP
 * LOCKED}) and sends each after commit through the {@link SmsSender} port, with the row's id as idempotency key.
 * Just before sending it looks at the call again: one answered after all (the answer reported after the hangup), or
 * that turned out to be a voicemail (the message saved after the hangup) when the company does not text those, is
 * skipped; the caller's latest call since then that was skipped only because that text was on its way (the quiet
 * window) then gets its text instead, so a caller is not left without one. {@code {company}} is the company's name
 * when the call ended. A failed send is tried again after 1, 2, 4... minutes (capped) when the carrier may take it later, and
 * given up after {@code max-attempts}, its last error kept; the call's detail shows which. A text given up (FAILED) hands
 * over the same way as one skipped at send time: it was not sent, so the caller's later call it kept quiet is texted.
 * A caller who texted STOP to the company ({@link TextOptOuts}) is skipped, when the call ends and again just before
 * the text goes (the STOP may come while it waits); nothing hands over from such a skip.
 */
@Service
public class TextBacks {

    private static final Logger log = LoggerFactory.getLogger(TextBacks.class);
    private static final int BATCH = 50;

    /** What became of a call's text-back. */
    public enum Status { PENDING, SENT, FAILED, SKIPPED }

    /**
     * A call's text-back, as its detail shows it.
     *
     * @param summary in a line: "sent at ...", "failed: ...", "skipped: ...", "pending"
     */
    public record TextBack(Status status, String toNumber, String fromNumber, String text, String reason, int attempts,
            String lastError, Instant nextAttemptAt, Instant sentAt, Instant failedAt, String summary) {
    }

    private final JdbcClient jdbc;
    private final CallStore store;
    private final dev.switchboard.routing.RoutingSnapshots snapshots;
    private final PhoneSettings phoneSettings;
    private final Companies companies;
    private final ObjectProvider<SmsSender> sms;
    private final TransactionTemplate tx;
    private final Clock clock;
    private final TextBackProperties properties;
    private final IntervalFunction backoff;
    private final boolean polling;
    private final TextOptOuts optOuts;

    TextBacks(JdbcClient jdbc, CallStore store, dev.switchboard.routing.RoutingSnapshots snapshots, PhoneSettings phoneSettings,
            Companies companies, ObjectProvider<SmsSender> sms, TransactionTemplate tx, Clock clock, TextBackProperties properties,
            TextOptOuts optOuts, @Value("${switchboard.calls.text-back.enabled:true}") boolean polling) {
        this.jdbc = jdbc;
        this.optOuts = optOuts;
        this.store = store;
        this.snapshots = snapshots;
        this.phoneSettings = phoneSettings;
        this.companies = companies;
        this.sms = sms;
        this.tx = tx;
        this.clock = clock;
        this.properties = properties;
        this.backoff = IntervalFunction.ofExponentialBackoff(properties.firstRetry(), 2.0, properties.maxRetry());
        this.polling = polling;
    }

    /** Whether a call that ended so gets a text-back under {@code s}. */
    static boolean qualifies(Outcome outcome, PhoneSettings.Settings s) {
        return switch (outcome) {
            case MISSED, ABANDONED -> true;
            case VOICEMAIL -> s.textBackAfterVoicemail();
            default -> false;
        };
    }

    /**
     * Writes the text-back of a call that has just ended, in the engine's transaction (the call's row locked):
     * nothing for an outbound call, a call that does not qualify, or a company that does not text back.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    void schedule(CallStore.Journey call, Outcome outcome, Instant at) {
        if (!"INBOUND".equals(call.direction())) {
            return;
        }
        var s = snapshots.phoneSettings(); // as the engine saw them for the call
        if (!s.textBackEnabled() || !qualifies(outcome, s)) {
            return;
        }
        var company = TenantContext.require().value();
        PhoneNumber caller;
        PhoneNumber dialled;
        try {
            caller = PhoneNumber.parse(call.from() == null ? "" : call.from());
        } catch (IllegalArgumentException e) {
            skip(call, call.from() == null ? "" : call.from(), call.to(), at,
                    "the caller's number (" + (call.from() == null || call.from().isBlank() ? "none" : call.from())
                            + ") is not a phone number a text can go to");
            return;
        }
        try {
            dialled = PhoneNumber.parse(call.to() == null ? "" : call.to());
        } catch (IllegalArgumentException e) {
            skip(call, caller.e164(), call.to(), at, "the dialled number (" + call.to() + ") cannot send texts");
            return;
        }
        // One text per caller per window: calls from one number ending at once take turns here (and with their STOP).
        lockCaller(company, caller.e164());
        var optOut = optOuts.optedOut(caller.e164());
        if (optOut.isPresent()) {
            skip(call, caller.e164(), dialled.e164(), at, optedOut(optOut.get()));
            return;
        }
        var since = at.minus(Duration.ofHours(s.textBackQuietHours()));
        var last = jdbc.sql("""
                select max(created_at) from call_text_backs
                where company_id = :c and to_number = :n and status in ('PENDING', 'SENT') and created_at > :since
                """).param("c", company).param("n", caller.e164()).param("since", Timestamp.from(since))
                .query(Timestamp.class).optional().orElse(null);
        // A caller who hung up while leaving a message: the carrier reports the message after the hangup. When such
        // calls are not texted, wait for it (the send then finds the call a voicemail and skips it).
        var due = outcome == Outcome.MISSED && "VOICEMAIL_RECORDING".equals(call.phase()) && !s.textBackAfterVoicemail()
                ? at.plus(properties.voicemailWait()) : at;
        // {company} is the company's name when the call ended.
        var text = s.textBack(companies.current().name(), dialled.international());
        if (last != null) {
            // Kept ready: if the text that makes this one wait is not sent after all, this one goes instead (promote).
            var reason = "the caller was texted back at " + local(last.toInstant()) + ", within the quiet window of " + s.textBackQuietHours() + " h";
            insert(call.id(), caller.e164(), dialled.e164(), text, s.textBackAfterVoicemail(), Status.SKIPPED, reason, null, at, true, due);
            noteSkipped(call, reason);
            return;
        }
        insert(call.id(), caller.e164(), dialled.e164(), text, s.textBackAfterVoicemail(), Status.PENDING, null, due, at, false, null);
        store.note(call.id(), "text-back: a text to " + caller.e164() + " from " + dialled.e164() + (due.equals(at) ? " is on its way"
                : " waits for the caller's message to be reported (not sent if they left one)"));
    }

    private void skip(CallStore.Journey call, String to, String from, Instant at, String reason) {
        insert(call.id(), to, from == null ? "" : from, "", false, Status.SKIPPED, reason, null, at, false, null);
        noteSkipped(call, reason);
    }

    private void noteSkipped(CallStore.Journey call, String reason) {
        store.note(call.id(), "text-back skipped: " + reason);
        store.addMetadata(call.id(), Map.of("text_back_skipped", reason));
    }

    /** A text skipped when it was about to go: the call's trace says why (its text-back shows it too). */
    private void noteSkippedAtSend(UUID callId, String reason) {
        store.note(callId, "text-back skipped: " + reason);
        store.addMetadata(callId, Map.of("text_back_skipped", reason));
    }

    private void insert(UUID callId, String to, String from, String text, boolean afterVoicemail, Status status, String reason,
            Instant due, Instant at, boolean quiet, Instant notBefore) {
        jdbc.sql("""
                insert into call_text_backs (company_id, id, call_id, to_number, from_number, text, after_voicemail, status, reason,
                  next_attempt_at, created_at, quiet, not_before)
                values (:c, :id, :call, :to, :from, :text, :av, :status, :reason, :due, :at, :quiet, :nb)
                on conflict (company_id, call_id) do nothing
                """)
                .param("c", TenantContext.require().value()).param("id", UUID.randomUUID()).param("call", callId).param("to", to)
                .param("from", from).param("text", text).param("av", afterVoicemail).param("status", status.name())
                .param("reason", reason).param("due", due == null ? null : Timestamp.from(due)).param("at", Timestamp.from(at))
                .param("quiet", quiet).param("nb", notBefore == null ? null : Timestamp.from(notBefore))
                .update();
    }

    private void lockCaller(UUID company, String caller) {
        TextOptOuts.lockCaller(jdbc, company, caller);
    }

    /** Why a caller on the opt-out list is not texted. */
    private String optedOut(TextOptOuts.OptOut optOut) {
        return "the caller texted " + optOut.keyword() + " at " + local(optOut.at()) + " (no texts from this company until they text START)";
    }

    private static final java.time.format.DateTimeFormatter REASON_TIME =
            java.time.format.DateTimeFormatter.ofPattern("EEE d MMM yyyy, h:mm a zzz", java.util.Locale.US);

    /** An instant in a skip reason, as the company's people read time (their timezone), not raw UTC. */
    private String local(Instant at) {
        return REASON_TIME.format(at.atZone(companies.current().timezone()));
    }

    /**
     * Text {@code skipped} (to {@code to}, written at {@code since}) is not sent after all: the caller's latest call
     * since then that was skipped only because that text was on its way gets its text instead, unless another text
     * to the caller went (or is on its way) within that call's quiet window. Its call's trace says so.
     */
    private void promoteQuietSkip(UUID company, UUID skipped, String to, Instant since, String why) {
        lockCaller(company, to);
        if (optOuts.optedOut(to).isPresent()) {
            return; // no text for any of their calls
        }
        var hours = phoneSettings.current().textBackQuietHours();
        var next = jdbc.sql("""
                select t.id, t.call_id, t.not_before, t.from_number from call_text_backs t
                where t.company_id = :c and t.to_number = :n and t.status = 'SKIPPED' and t.quiet and t.created_at >= :since
                  and t.id <> :x
                  and not exists (select 1 from call_text_backs o where o.company_id = t.company_id and o.to_number = t.to_number
                                  and o.id <> :x and o.status in ('PENDING', 'SENT')
                                  and o.created_at > t.created_at - make_interval(hours => :h))
                order by t.created_at desc limit 1
                """).param("c", company).param("n", to).param("since", Timestamp.from(since)).param("x", skipped).param("h", hours)
                .query().listOfRows();
        if (next.isEmpty()) {
            return;
        }
        var row = next.getFirst();
        var notBefore = row.get("not_before") == null ? null : ((Timestamp) row.get("not_before")).toInstant();
        var now = clock.instant();
        var due = notBefore != null && notBefore.isAfter(now) ? notBefore : now;
        jdbc.sql("""
                update call_text_backs set status = 'PENDING', reason = null, quiet = false, next_attempt_at = :due
                where company_id = :c and id = :id
                """).param("due", Timestamp.from(due)).param("c", company).param("id", row.get("id")).update();
        var callId = (UUID) row.get("call_id");
        jdbc.sql("update calls set metadata = metadata - 'text_back_skipped' where company_id = :c and id = :id")
                .param("c", company).param("id", callId).update();
        store.note(callId, "text-back: the text for the caller's earlier call was not sent (" + why + "); a text to " + to
                + " from " + row.get("from_number") + " is on its way for this one");
    }

    // ---- sending, on any node ----

    @Scheduled(fixedDelayString = "${switchboard.calls.text-back.interval:PT10S}", initialDelayString = "PT15S")
    void poll() {
        if (polling) {
            sendDue();
        }
    }

    private record Claimed(CompanyId company, UUID id) {
    }

    /**
     * Claims the due text-backs of every company and sends them, each as its own company.
     *
     * @return how many were claimed (sent, failed, skipped or put back for a retry)
     */
    public int sendDue() {
        int total = 0;
        while (true) {
            var now = clock.instant();
            var leaseUntil = now.plus(properties.lease());
            var claimed = tx.execute(s -> jdbc.sql("select claimed_company, claimed_id from calls_claim_text_backs(:now, :lease, :limit)")
                    .param("now", Timestamp.from(now)).param("lease", Timestamp.from(leaseUntil)).param("limit", BATCH)
                    .query((rs, n) -> new Claimed(new CompanyId(rs.getObject(1, UUID.class)), rs.getObject(2, UUID.class))).list());
            if (claimed == null || claimed.isEmpty()) {
                return total;
            }
            for (var c : claimed) {
                try {
                    TenantContext.runAs(c.company(), () -> send(c.id()));
                } catch (RuntimeException e) {
                    // The lease runs out and the row is due again.
                    log.error("Sending text-back {} failed unexpectedly", c.id(), e);
                }
            }
            total += claimed.size();
            if (claimed.size() < BATCH) {
                return total;
            }
        }
    }

    private record Outgoing(UUID id, String to, String from, String text, int attempts, Instant createdAt) {
    }

    private void send(UUID id) {
        var outgoing = tx.execute(s -> prepare(id));
        if (outgoing == null) {
            return;
        }
        var result = SmsSender.attempt(sms.getIfAvailable(), outgoing.from(), outgoing.to(), outgoing.text(), outgoing.id().toString());
        tx.executeWithoutResult(s -> record(outgoing, result));
    }

    /** The claimed text if it is still to go: the call may have turned out answered, or a voicemail the company does not text. */
    private Outgoing prepare(UUID id) {
        var company = TenantContext.require().value();
        var row = jdbc.sql("""
                select t.to_number, t.from_number, t.text, t.attempts, t.after_voicemail, t.created_at, t.call_id, c.outcome
                from call_text_backs t left join calls c on c.company_id = t.company_id and c.id = t.call_id
                where t.company_id = :c and t.id = :id and t.status = 'PENDING'
                for update of t
                """).param("c", company).param("id", id).query().listOfRows();
        if (row.isEmpty()) {
            return null;
        }
        var r = row.getFirst();
        var outcome = (String) r.get("outcome");
        var to = (String) r.get("to_number");
        String reason = null;
        // A STOP that came while the text waited. One that comes after this is too late for it (Telnyx itself then
        // refuses texts to a number that texted STOP to the messaging profile).
        var optOut = optOuts.optedOut(to);
        if (optOut.isPresent()) {
            jdbc.sql("update call_text_backs set status = 'SKIPPED', reason = :r, next_attempt_at = null where company_id = :c and id = :id")
                    .param("r", optedOut(optOut.get())).param("c", company).param("id", id).update();
            noteSkippedAtSend((UUID) r.get("call_id"), optedOut(optOut.get()));
            return null;
        }
        if (Outcome.ANSWERED.name().equals(outcome)) {
            reason = "the call was answered after all (the answer was reported after the hangup)";
        } else if (Outcome.VOICEMAIL.name().equals(outcome) && !(Boolean) r.get("after_voicemail")) {
            reason = "the caller left a voicemail";
        } else if (!phoneSettings.current().textBackEnabled()) {
            reason = "text-back was turned off before the text went";
        }
        if (reason != null) {
            jdbc.sql("update call_text_backs set status = 'SKIPPED', reason = :r, next_attempt_at = null where company_id = :c and id = :id")
                    .param("r", reason).param("c", company).param("id", id).update();
            // The trace said the text was on its way (or waiting for the message): it says now that it did not go.
            noteSkippedAtSend((UUID) r.get("call_id"), reason);
            promoteQuietSkip(company, id, (String) r.get("to_number"), ((Timestamp) r.get("created_at")).toInstant(), reason);
            return null;
        }
        return new Outgoing(id, (String) r.get("to_number"), (String) r.get("from_number"), (String) r.get("text"),
                (Integer) r.get("attempts"), ((Timestamp) r.get("created_at")).toInstant());
    }

    private void record(Outgoing o, SmsSender.Result result) {
        var now = clock.instant();
        int attempts = o.attempts() + 1;
        var company = TenantContext.require().value();
        switch (result) {
            case SmsSender.Result.Sent sent -> jdbc.sql("""
                    update call_text_backs set status = 'SENT', sent_at = :now, attempts = :a, next_attempt_at = null, last_error = null
                    where company_id = :c and id = :id
                    """).param("now", Timestamp.from(now)).param("a", attempts).param("c", company).param("id", o.id()).update();
            case SmsSender.Result.Failed failed when failed.retryable() && attempts < properties.maxAttempts() -> {
                var next = now.plus(Duration.ofMillis(backoff.apply(attempts)));
                log.warn("Text-back to {} failed (try {} of {}), next try at {}: {}", o.to(), attempts, properties.maxAttempts(), next,
                        failed.error());
                jdbc.sql("update call_text_backs set attempts = :a, next_attempt_at = :next, last_error = :e where company_id = :c and id = :id")
                        .param("a", attempts).param("next", Timestamp.from(next)).param("e", failed.error())
                        .param("c", company).param("id", o.id()).update();
            }
            case SmsSender.Result.Failed failed -> {
                log.error("Gave up the text-back to {} after {} tries: {}", o.to(), attempts, failed.error());
                jdbc.sql("""
                        update call_text_backs set status = 'FAILED', attempts = :a, next_attempt_at = null, failed_at = :now, last_error = :e
                        where company_id = :c and id = :id
                        """).param("a", attempts).param("now", Timestamp.from(now)).param("e", failed.error())
                        .param("c", company).param("id", o.id()).update();
                // Not sent after all, as a skipped one: a later call of the caller's that waited for it gets its text.
                promoteQuietSkip(company, o.id(), o.to(), o.createdAt(), "it failed: " + failed.error());
            }
        }
    }

    /** The text-back of call {@code callId}, if it had one. */
    @Transactional(readOnly = true)
    public Optional<TextBack> of(UUID callId) {
        return jdbc.sql("select * from call_text_backs where company_id = :c and call_id = :call")
                .param("c", TenantContext.require().value()).param("call", callId)
                .query((rs, n) -> {
                    var status = Status.valueOf(rs.getString("status"));
                    var sentAt = instant(rs.getTimestamp("sent_at"));
                    var next = instant(rs.getTimestamp("next_attempt_at"));
                    var error = rs.getString("last_error");
                    var summary = switch (status) {
                        case SENT -> "sent at " + local(sentAt);
                        case FAILED -> "failed: " + error;
                        case SKIPPED -> "skipped: " + rs.getString("reason");
                        case PENDING -> rs.getInt("attempts") == 0 ? "pending"
                                : "pending: try " + (rs.getInt("attempts") + 1) + " at " + local(next) + " (last try: " + error + ")";
                    };
                    return new TextBack(status, rs.getString("to_number"), rs.getString("from_number"), rs.getString("text"),
                            rs.getString("reason"), rs.getInt("attempts"), error, next, sentAt,
                            instant(rs.getTimestamp("failed_at")), summary);
                }).optional();
    }

    private static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }
}
