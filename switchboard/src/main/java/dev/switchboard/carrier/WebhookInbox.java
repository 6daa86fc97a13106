package dev.switchboard.carrier;

import java.sql.Timestamp;
import dev.switchboard.platform.Write;
import java.time.Clock;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** Stores accepted webhooks once each, by event id. */
@Component
class WebhookInbox {

    private final JdbcClient jdbc;
    private final Clock clock;

    WebhookInbox(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /**
     * Stores an event; true when stored now, false when this event id was already in the inbox (a
     * redelivery). With {@code processed} it is stored as handled already: an event the engine takes no
     * step on, or one handled in the very transaction that stores it (so it is never written twice).
     */
    boolean store(TelnyxEvents.Envelope e, dev.switchboard.calls.CallSignal signal, String rawBody, boolean processed) {
        return store(e, signal, rawBody, processed, null);
    }

    /**
     * As {@link #store(TelnyxEvents.Envelope, dev.switchboard.calls.CallSignal, String, boolean)}; with a
     * {@code tenantSetting} (the call engine's, see {@link dev.switchboard.calls.CallEngine.Recorder}) the
     * insert also sets its transaction's company, in the same round trip.
     */
    boolean store(TelnyxEvents.Envelope e, dev.switchboard.calls.CallSignal signal, String rawBody, boolean processed,
            String tenantSetting) {
        return storing(e, signal, rawBody, processed, tenantSetting).run(jdbc) == 1;
    }

    /**
     * The insert {@link #store(TelnyxEvents.Envelope, dev.switchboard.calls.CallSignal, String, boolean, String)}
     * sends, as a write the call engine can send together with its first read: it changes one row when the
     * event is stored now, none for a redelivery.
     */
    Write storing(TelnyxEvents.Envelope e, dev.switchboard.calls.CallSignal signal, String rawBody, boolean processed,
            String tenantSetting) {
        var now = Timestamp.from(clock.instant());
        var params = Write.params("id", e.id(), "type", e.type(), "leg", signal.legId(), "session", signal.sessionId(),
                "occurred", e.occurredAt() == null ? null : Timestamp.from(e.occurredAt()), "received", now, "attempt", e.attempt(),
                "body", rawBody, "processed", processed ? now : null);
        return new Write(p -> {
            var columns = "insert into carrier_inbox (event_id, event_type, leg_id, session_id, occurred_at, received_at, attempt, body, processed_at) ";
            var values = (":id, :type, :leg, :session, :occurred, :received, :attempt, cast(:body as json), :processed").replace(":", ":" + p);
            return tenantSetting == null
                    ? columns + "values (" + values + ") on conflict (event_id) do nothing"
                    : "with " + tenantSetting + " " + columns + "select " + values + " from tenant_setting on conflict (event_id) do nothing";
        }, params);
    }

    /**
     * Stores an event whose handling failed, unprocessed with the error and one attempt counted, for the
     * sweep to handle again; false when it was already stored (a redelivery).
     */
    boolean storeFailed(TelnyxEvents.Envelope e, dev.switchboard.calls.CallSignal signal, String rawBody, String error) {
        return jdbc.sql("""
                insert into carrier_inbox (event_id, event_type, leg_id, session_id, occurred_at, received_at, attempt, body,
                  process_attempts, last_error)
                values (:id, :type, :leg, :session, :occurred, :received, :attempt, cast(:body as json), 1, :error)
                on conflict (event_id) do nothing
                """)
                .param("id", e.id()).param("type", e.type()).param("leg", signal.legId()).param("session", signal.sessionId())
                .param("occurred", e.occurredAt() == null ? null : Timestamp.from(e.occurredAt()))
                .param("received", Timestamp.from(clock.instant())).param("attempt", e.attempt()).param("body", rawBody)
                .param("error", error)
                .update() == 1;
    }
}
