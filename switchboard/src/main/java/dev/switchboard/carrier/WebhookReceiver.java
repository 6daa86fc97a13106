package dev.switchboard.carrier;

import dev.switchboard.calls.CallEngine;
import dev.switchboard.calls.TextOptOuts;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Takes a webhook in (Call Control's call events, and messaging's inbound texts, which go to {@link TextOptOuts}
 * instead of the call engine): checks its signature over the exact bytes, then stores it in the inbox once (by
 * event id) and hands its signal to the call engine in the same transaction, so the row is written once,
 * already marked handled, and a redelivery is recognised by that same insert. That transaction commits
 * without waiting for the disk (the rows it locked are free at once); the carrier gets its answer once it
 * is durable ({@link dev.switchboard.platform.WalFlush}, one flush for every webhook waiting), and the
 * commands it led to are sent afterwards, on a virtual thread, or inline when configured (the in-process
 * simulator in tests). A flush that fails is tried again; should it keep failing, the delivery is answered
 * 503 (Telnyx delivers it again) and its commands are kept: the redelivery is a duplicate that leads to
 * nothing by itself, so it sends them once its own flush succeeds, or the sweep does (the redelivery may
 * reach another node), provided the event's inbox row is still the one that handling wrote.
 * Events the engine takes no step on are only stored. An event whose handling failed is stored
 * unprocessed with its error, and a sweep handles it again: it claims due events in a short transaction
 * of its own ({@code SKIP LOCKED}, one more attempt counted) and holds no lock while it handles them (a
 * lock held across the handling could wait on a webhook that waits on the sweep, a cycle PostgreSQL
 * cannot see); an event handled twice (two nodes) changes nothing the second time, like any redelivery.
 */
@Component
public class WebhookReceiver {

    static final int MAX_BODY = 256 * 1024;
    private static final Logger log = LoggerFactory.getLogger(WebhookReceiver.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final WebhookInbox inbox;
    private final WebhookKeys keys;
    private final CallEngine engine;
    private final JdbcClient jdbc;
    private final Clock clock;
    private final boolean inline;
    private final ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor();
    private final WebhookTimings timings;
    private final dev.switchboard.platform.WalFlush walFlush;
    private final org.springframework.transaction.support.TransactionTemplate tx;
    private final TextOptOuts optOuts;

    WebhookReceiver(WebhookInbox inbox, WebhookKeys keys, CallEngine engine, TextOptOuts optOuts, JdbcClient jdbc, Clock clock,
            WebhookTimings timings, org.springframework.transaction.support.TransactionTemplate tx, dev.switchboard.platform.WalFlush walFlush,
            @Value("${switchboard.calls.inline-processing:false}") boolean inline) {
        this.optOuts = optOuts;
        this.walFlush = walFlush;
        this.timings = timings;
        this.tx = tx;
        this.inbox = inbox;
        this.keys = keys;
        this.engine = engine;
        this.jdbc = jdbc;
        this.clock = clock;
        this.inline = inline;
    }

    /** How long a node that is stopping waits for the commands of webhooks it has taken to be sent. */
    static final java.time.Duration STOP_WAIT = java.time.Duration.ofSeconds(30);

    /**
     * A node stopping (a graceful shutdown: no new webhook is taken by then) first sends the commands of the webhooks it
     * has taken: each was answered 200, so the carrier will not deliver it again, and its commands (answer the caller,
     * dial the member, bridge the answer) exist nowhere else. Without this wait they were dropped with the process, and
     * the call waited for a command that never came.
     */
    @jakarta.annotation.PreDestroy
    void sendTakenBeforeStopping() throws InterruptedException {
        workers.shutdown();
        if (!workers.awaitTermination(STOP_WAIT.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
            log.error("Stopping with commands still being sent after {}: their calls may wait for them", STOP_WAIT);
        }
    }

    /** The HTTP answer to a delivery. */
    public record Answer(int status, String title, String detail, Map<String, Object> body) {
    }

    public Answer receive(String timestamp, String signature, byte[] body) {
        return receive(timestamp, signature, body, true);
    }

    /** With {@code dispatch} false the event is only checked and stored (the benchmark's baseline). */
    Answer receive(String timestamp, String signature, byte[] body, boolean dispatch) {
        long arrived = System.nanoTime();
        if (body.length > MAX_BODY) {
            return new Answer(413, "Request body too large", "a webhook body is at most 256 KB", null);
        }
        var verifier = keys.verifier();
        if (verifier == null) {
            return new Answer(401, "Unauthorized", "no TELNYX_PUBLIC_KEY is configured, so no webhook can be trusted", null);
        }
        try {
            verifier.verify(timestamp, signature, body);
        } catch (WebhookSignature.Rejected e) {
            log.warn("Refused a webhook: {}", e.getMessage());
            return new Answer(401, "Unauthorized", e.getMessage(), null);
        }
        // JSON between systems is UTF-8 (RFC 8259 §8.1), the inbox stores it as such. A UTF-8 byte order mark is
        // ignored, as that section allows; UTF-16 or UTF-32 (which Jackson would detect and read) is refused:
        // PostgreSQL's json would not take the stored text, and the delivery failed with a 500, again on each retry.
        int start = utf8Bom(body) ? 3 : 0;
        if (start == 0 && !utf8(body)) {
            return new Answer(400, "Malformed webhook", "the body is not UTF-8 JSON", null);
        }
        TelnyxEvents.Envelope envelope;
        dev.switchboard.calls.CallSignal signal;
        TextOptOuts.InboundText text = null;
        try {
            envelope = TelnyxEvents.envelope(JSON.readTree(body));
            signal = TelnyxEvents.signal(envelope);
            if (TelnyxEvents.MESSAGE_RECEIVED.equals(envelope.type())) {
                text = TelnyxEvents.inboundText(envelope);
            }
        } catch (JacksonException | IllegalArgumentException e) {
            return new Answer(400, "Malformed webhook", e instanceof IllegalArgumentException ? e.getMessage() : "the body is not valid JSON", null);
        }
        var raw = new String(body, start, body.length - start, StandardCharsets.UTF_8);
        if (!dispatch) {
            return accepted(inbox.store(envelope, signal, raw, false), envelope);
        }
        if (text != null) {
            return receiveText(envelope, signal, raw, text);
        }
        CallEngine.Handled handled;
        try {
            // Stored and handled in one transaction: the row is written once, already marked handled. That
            // transaction did not wait for the disk; nothing is acknowledged or sent before it is durable.
            handled = engine.handle(signal, new CallEngine.Recorder() {
                @Override
                public boolean record(String tenantSetting) {
                    return inbox.store(envelope, signal, raw, true, tenantSetting);
                }

                @Override
                public dev.switchboard.platform.Write asWrite(String tenantSetting) {
                    return inbox.storing(envelope, signal, raw, true, tenantSetting);
                }
            });
        } catch (RuntimeException e) {
            log.error("Handling webhook {} ({}) failed; stored for the sweep to retry", envelope.id(), envelope.type(), e);
            return accepted(inbox.storeFailed(envelope, signal, raw, String.valueOf(e.getMessage())), envelope);
        }
        long handledAt = System.nanoTime();
        if (handled.fresh()) {
            // Handled now: commands kept from an earlier delivery whose commit was lost are not this handling's.
            unsent.remove(envelope.id());
        }
        if (handled.needsFlush() || !handled.fresh()) {
            // Its transaction (or, for a redelivery, maybe the first delivery's) did not wait for the disk.
            try {
                durable();
            } catch (RuntimeException e) {
                // The handling committed, but it is not known to be durable: no answer, no command yet. Its
                // commands are kept for the redelivery (or the sweep) to send once a flush confirms it, as the
                // redelivery itself is a duplicate that leads to nothing.
                if (handled.fresh() && handled.hasCommands()) {
                    keepUnsent(envelope, handled);
                }
                log.error("Webhook {} ({}) was handled but could not be made durable; answered 503 for Telnyx to deliver it again",
                        envelope.id(), envelope.type(), e);
                return new Answer(503, "Service Unavailable", "the event could not be made durable; deliver it again", null);
            }
        }
        var times = new Times(arrived, handledAt, System.nanoTime());
        if (handled.fresh() && !handled.hasCommands()) {
            times.record(timings);
        } else if (handled.fresh()) {
            dispatch(handled, times);
        } else {
            sendUnsent(envelope.id(), times);
        }
        return accepted(handled.fresh(), envelope);
    }

    /**
     * A text sent to one of our numbers (Telnyx messaging's {@code message.received}, on the same signed endpoint):
     * stored once and read for an opt-out keyword in one transaction, which commits durably (it locks no call), so
     * the answer needs no flush. One whose handling failed is stored for the sweep, as a call event is.
     */
    private Answer receiveText(TelnyxEvents.Envelope envelope, dev.switchboard.calls.CallSignal signal, String raw,
            TextOptOuts.InboundText text) {
        try {
            return accepted(optOuts.received(text, () -> inbox.store(envelope, signal, raw, true)).fresh(), envelope);
        } catch (RuntimeException e) {
            log.error("Handling text webhook {} failed; stored for the sweep to retry", envelope.id(), e);
            return accepted(inbox.storeFailed(envelope, signal, raw, String.valueOf(e.getMessage())), envelope);
        }
    }

    /** How many times a flush is tried before a delivery is answered with an error (a broken connection is replaced). */
    static final int FLUSH_TRIES = 3;
    /** How long commands whose handling could not be made durable are kept for a redelivery or the sweep to send. */
    private static final java.time.Duration KEEP_UNSENT = java.time.Duration.ofMinutes(10);

    /**
     * Commands of a handling that committed but whose flush failed, by event id: sent by the event's redelivery
     * (answered as a duplicate) or by the sweep, once a flush succeeds and the event's inbox row is still the one
     * that handling wrote (the commit was not lost); dropped when the event is handled anew.
     */
    private record Unsent(CallEngine.Handled handled, Integer attempt, java.time.Instant keptAt) {
    }

    private final Map<String, Unsent> unsent = new java.util.concurrent.ConcurrentHashMap<>();

    private void durable() {
        for (int tries = 1;; tries++) {
            try {
                walFlush.await();
                return;
            } catch (RuntimeException e) {
                if (tries >= FLUSH_TRIES) {
                    throw e;
                }
                log.warn("Flushing the WAL failed (try {} of {}); trying again", tries, FLUSH_TRIES, e);
            }
        }
    }

    private void keepUnsent(TelnyxEvents.Envelope envelope, CallEngine.Handled handled) {
        unsent.put(envelope.id(), new Unsent(handled, envelope.attempt(), clock.instant()));
    }

    /**
     * Sends the commands kept for {@code eventId}, if any, once everything committed so far is durable (the caller
     * has flushed): only when its inbox row is still the one their handling stored, processed; a row stored by
     * another delivery (the first commit was lost, the event was handled anew) has had its own commands sent.
     */
    private void sendUnsent(String eventId, Times times) {
        var kept = unsent.get(eventId);
        if (kept == null) {
            return;
        }
        boolean stillOurs = jdbc.sql("""
                select count(*) from carrier_inbox
                where event_id = :id and processed_at is not null and attempt is not distinct from :attempt
                """).param("id", eventId).param("attempt", kept.attempt()).query(Long.class).single() == 1;
        if (!unsent.remove(eventId, kept)) {
            return; // sent (or dropped) meanwhile by another delivery or the sweep
        }
        if (stillOurs) {
            log.info("Sending the commands of webhook {}, kept since its flush failed", eventId);
            dispatch(kept.handled(), times);
        } else {
            log.warn("Dropped the commands kept for webhook {}: its handling was lost, the event was handled anew", eventId);
        }
    }

    /** Sends the commands kept from failed flushes (a redelivery may have gone to another node), once a flush succeeds. */
    void sendUnsent() {
        var oldest = clock.instant().minus(KEEP_UNSENT);
        unsent.entrySet().removeIf(e -> {
            if (e.getValue().keptAt().isBefore(oldest)) {
                log.error("Gave up the commands kept for webhook {} since {}: no flush confirmed its handling", e.getKey(), e.getValue().keptAt());
                return true;
            }
            return false;
        });
        if (unsent.isEmpty()) {
            return;
        }
        walFlush.await();
        for (var eventId : java.util.List.copyOf(unsent.keySet())) {
            try {
                long now = System.nanoTime();
                sendUnsent(eventId, new Times(now, now, now));
            } catch (RuntimeException e) {
                log.error("Could not send the commands kept for webhook {}; trying again at the next sweep", eventId, e);
            }
        }
    }

    private void dispatch(CallEngine.Handled handled, Times times) {
        if (inline) {
            sendCommands(handled, times);
        } else {
            // The carrier gets its answer now; the commands follow on a thread of their own.
            workers.submit(() -> sendCommands(handled, times));
        }
    }

    /** When (System.nanoTime) a webhook arrived, its transaction ended and it was known durable: for {@link WebhookTimings}. */
    private record Times(long arrived, long handled, long durable) {
        void record(WebhookTimings timings) {
            timings.record(System.nanoTime() - arrived, handled - arrived, durable - handled);
        }
    }

    private static boolean utf8Bom(byte[] body) {
        return body.length >= 3 && body[0] == (byte) 0xEF && body[1] == (byte) 0xBB && body[2] == (byte) 0xBF;
    }

    /**
     * False for JSON in UTF-16 or UTF-32 (with or without a byte order mark): JSON text in UTF-8 starts with
     * an ASCII character, and has no NUL byte (a NUL within a string is escaped).
     */
    private static boolean utf8(byte[] body) {
        return body.length == 0 || body[0] != 0 && body[0] != (byte) 0xFE && body[0] != (byte) 0xFF && (body.length == 1 || body[1] != 0);
    }

    private static Answer accepted(boolean fresh, TelnyxEvents.Envelope envelope) {
        return new Answer(200, null, null, Map.of("status", fresh ? "accepted" : "duplicate", "event_id", envelope.id()));
    }

    private void sendCommands(CallEngine.Handled handled, Times times) {
        try {
            handled.send();
        } catch (RuntimeException e) {
            log.error("Sending the commands of a webhook failed", e);
        }
        times.record(timings);
    }

    /** How many times an event's handling is tried (its delivery's included) before it is given up. */
    static final int MAX_ATTEMPTS = 12;
    /** The wait after a failed try, doubled after each (10 s after the first, 20 s...), up to {@link #LONGEST_WAIT}. */
    private static final java.time.Duration FIRST_WAIT = java.time.Duration.ofSeconds(5);
    private static final java.time.Duration LONGEST_WAIT = java.time.Duration.ofMinutes(5);

    /**
     * Handles an event stored earlier and left unprocessed, marking its inbox row processed inside the
     * engine's own transaction (one commit).
     */
    private void process(TelnyxEvents.Envelope envelope, dev.switchboard.calls.CallSignal signal) {
        java.util.function.BooleanSupplier markProcessed = () -> jdbc.sql(
                "update carrier_inbox set processed_at = :now where event_id = :id and processed_at is null")
                .param("now", Timestamp.from(clock.instant())).param("id", envelope.id()).update() == 1;
        var text = TelnyxEvents.MESSAGE_RECEIVED.equals(envelope.type()) ? TelnyxEvents.inboundText(envelope) : null;
        if (text != null) {
            optOuts.received(text, markProcessed);
            return;
        }
        engine.handle(signal, markProcessed).send();
    }

    /** Records a failed try on the event's row; after the last one, that it was given up (and says so in the log). */
    private void failed(String eventId, int attempts, RuntimeException e) {
        var error = String.valueOf(e.getMessage());
        if (attempts >= MAX_ATTEMPTS) {
            log.error("Handling webhook {} failed {} times: given up, it stays unprocessed in the inbox", eventId, attempts, e);
            error = "gave up after " + attempts + " tries: " + error;
        } else {
            log.error("Handling webhook {} failed (try {} of {}); the sweep will retry it", eventId, attempts, MAX_ATTEMPTS, e);
        }
        jdbc.sql("update carrier_inbox set last_error = :e where event_id = :id").param("e", error).param("id", eventId).update();
    }

    /** Picks up events left unprocessed (crash, restart, a failure), oldest first, with growing waits between tries. */
    @Scheduled(fixedDelayString = "${switchboard.calls.sweep-interval:PT5S}", initialDelayString = "PT10S")
    void sweep() {
        try {
            sendUnsent();
        } catch (RuntimeException e) {
            log.error("Could not send the commands kept from failed flushes; trying again at the next sweep", e);
        }
        sweep(clock.instant().minusSeconds(5));
    }

    /**
     * Handles events received before {@code staleBefore}, still unprocessed and due again, oldest first, at
     * most {@link #MAX_ATTEMPTS} tries each, the wait after a failed try doubling from 10 s to 5 minutes
     * (about half an hour in all: a failure lasting a minute does not lose the event). They are claimed (a
     * try counted and the next one set, which also keeps another node from taking it meanwhile) in a short
     * transaction that holds no lock afterwards; each is then handled like a fresh delivery. One still
     * failing at its last try is given up, its row saying so.
     *
     * @return how many were handled
     */
    public int sweep(java.time.Instant staleBefore) {
        var now = clock.instant();
        var rows = tx.execute(status -> jdbc.sql("""
                update carrier_inbox i set process_attempts = i.process_attempts + 1,
                  next_attempt_at = cast(:now as timestamptz) + least(make_interval(secs => :first * power(2, i.process_attempts)), make_interval(secs => :longest))
                from (select event_id from carrier_inbox where processed_at is null and received_at < :stale and process_attempts < :max
                        and (next_attempt_at is null or next_attempt_at <= :now)
                      order by received_at limit 50 for update skip locked) due
                where i.event_id = due.event_id
                returning i.event_id, i.body::text, i.received_at, i.process_attempts
                """).param("stale", Timestamp.from(staleBefore)).param("now", Timestamp.from(now)).param("max", MAX_ATTEMPTS)
                .param("first", FIRST_WAIT.toSeconds()).param("longest", LONGEST_WAIT.toSeconds())
                .query((rs, n) -> new Object[] {rs.getString(1), rs.getString(2), rs.getTimestamp(3), rs.getInt(4)}).list());
        if (rows == null) {
            return 0;
        }
        rows.sort(java.util.Comparator.comparing(r -> (java.sql.Timestamp) r[2]));
        int handled = 0;
        for (var row : rows) {
            try {
                var envelope = TelnyxEvents.envelope(JSON.readTree((String) row[1]));
                process(envelope, TelnyxEvents.signal(envelope));
                handled++;
            } catch (RuntimeException e) {
                failed((String) row[0], (Integer) row[3], e);
            }
        }
        return handled;
    }
}
