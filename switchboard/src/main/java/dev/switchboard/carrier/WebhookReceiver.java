package dev.switchboard.carrier;

import dev.switchboard.calls.CallEngine;
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
 * Takes a webhook in: checks its signature over the exact bytes, stores it in the inbox once (by event
 * id), and hands its signal to the call engine: on a virtual thread, so the HTTP answer goes back at
 * once, or inline when configured (the in-process simulator in tests). Events whose processing did not
 * finish (a crash, a restart) are picked up again by a sweep, claimed with {@code SKIP LOCKED} so no
 * two nodes take the same one.
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
    private final org.springframework.transaction.support.TransactionTemplate tx;

    WebhookReceiver(WebhookInbox inbox, WebhookKeys keys, CallEngine engine, JdbcClient jdbc, Clock clock, WebhookTimings timings,
            org.springframework.transaction.support.TransactionTemplate tx,
            @Value("${switchboard.calls.inline-processing:false}") boolean inline) {
        this.timings = timings;
        this.tx = tx;
        this.inbox = inbox;
        this.keys = keys;
        this.engine = engine;
        this.jdbc = jdbc;
        this.clock = clock;
        this.inline = inline;
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
        TelnyxEvents.Envelope envelope;
        try {
            envelope = TelnyxEvents.envelope(JSON.readTree(body));
        } catch (JacksonException | IllegalArgumentException e) {
            return new Answer(400, "Malformed webhook", e instanceof IllegalArgumentException ? e.getMessage() : "the body is not valid JSON", null);
        }
        var signal = TelnyxEvents.signal(envelope);
        boolean fresh = inbox.store(envelope, signal, new String(body, StandardCharsets.UTF_8));
        if (fresh && dispatch) {
            if (inline) {
                process(envelope, signal, arrived);
            } else {
                workers.submit(() -> process(envelope, signal, arrived));
            }
        }
        return new Answer(200, null, null, Map.of("status", fresh ? "accepted" : "duplicate", "event_id", envelope.id()));
    }

    /**
     * Handles one stored event. Fresh deliveries mark their inbox row processed inside the engine's own
     * transaction (one commit); the sweep, which already holds the row locked in its transaction, marks
     * it there instead.
     */
    private void process(TelnyxEvents.Envelope envelope, dev.switchboard.calls.CallSignal signal, long arrived) {
        process(envelope, signal, arrived, false);
    }

    private void process(TelnyxEvents.Envelope envelope, dev.switchboard.calls.CallSignal signal, long arrived, boolean sweeping) {
        try {
            Runnable mark = () -> jdbc.sql("update carrier_inbox set processed_at = :now where event_id = :id and processed_at is null")
                    .param("now", Timestamp.from(clock.instant())).param("id", envelope.id()).update();
            if (sweeping) {
                engine.handle(signal);
                mark.run();
            } else {
                engine.handle(signal, mark);
            }
            timings.record(System.nanoTime() - arrived);
        } catch (RuntimeException e) {
            log.error("Processing webhook {} ({}) failed; the sweep will retry it", envelope.id(), envelope.type(), e);
            jdbc.sql("update carrier_inbox set process_attempts = process_attempts + 1, last_error = :e where event_id = :id")
                    .param("e", String.valueOf(e.getMessage())).param("id", envelope.id()).update();
        }
    }

    /** Picks up events left unprocessed (crash, restart, a failure), oldest first, at most 5 tries each. */
    @Scheduled(fixedDelayString = "${switchboard.calls.sweep-interval:PT5S}", initialDelayString = "PT10S")
    void sweep() {
        sweep(clock.instant().minusSeconds(5));
    }

    /**
     * Handles events received before {@code staleBefore} and still unprocessed. The rows stay locked
     * ({@code FOR UPDATE SKIP LOCKED}) while they are handled, so another node's sweep skips them.
     *
     * @return how many were handled
     */
    public int sweep(java.time.Instant staleBefore) {
        var handled = tx.execute(status -> {
            var rows = jdbc.sql("""
                    select event_id, body::text from carrier_inbox where processed_at is null and received_at < :stale and process_attempts < 5
                    order by received_at limit 50 for update skip locked
                    """).param("stale", java.sql.Timestamp.from(staleBefore)).query((rs, n) -> new String[] {rs.getString(1), rs.getString(2)}).list();
            for (var row : rows) {
                try {
                    var envelope = TelnyxEvents.envelope(JSON.readTree(row[1]));
                    process(envelope, TelnyxEvents.signal(envelope), System.nanoTime(), true);
                } catch (RuntimeException e) {
                    log.error("Could not re-process webhook {}", row[0], e);
                }
            }
            return rows.size();
        });
        return handled == null ? 0 : handled;
    }
}
