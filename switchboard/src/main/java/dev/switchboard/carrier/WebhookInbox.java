package dev.switchboard.carrier;

import java.sql.Timestamp;
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

    /** True when stored now, false when this event id was already in the inbox (a redelivery). */
    boolean store(TelnyxEvents.Envelope e, dev.switchboard.calls.CallSignal signal, String rawBody) {
        return jdbc.sql("""
                insert into carrier_inbox (event_id, event_type, leg_id, session_id, occurred_at, received_at, attempt, body)
                values (:id, :type, :leg, :session, :occurred, :received, :attempt, cast(:body as json))
                on conflict (event_id) do nothing
                """)
                .param("id", e.id()).param("type", e.type()).param("leg", signal.legId()).param("session", signal.sessionId())
                .param("occurred", e.occurredAt() == null ? null : Timestamp.from(e.occurredAt()))
                .param("received", Timestamp.from(clock.instant())).param("attempt", e.attempt()).param("body", rawBody)
                .update() == 1;
    }
}
