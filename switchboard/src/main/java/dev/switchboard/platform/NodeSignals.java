package dev.switchboard.platform;

import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import org.postgresql.PGConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Signals between the app's nodes over PostgreSQL's {@code LISTEN/NOTIFY}, for what a node keeps in memory and another
 * node's change makes stale (the routing configuration, who owns a number). {@link #sendOnCommit} sends one with the
 * current transaction: every node (this one too) hears it once that transaction commits, none if it rolls back. Each
 * node listens on a connection of its own (not from the pool) and publishes what it hears as a {@link Received} event,
 * on its listening thread, within milliseconds of the commit. When that connection is lost, signals sent meanwhile are
 * never heard: a {@link Missed} event says so (caches then drop everything), and the node connects again.
 */
@Component
public class NodeSignals implements SmartLifecycle {

    /** The one channel every node listens on; a signal's topic is the part of its payload before the first '|'. */
    static final String CHANNEL = "switchboard_nodes";

    /** A signal heard from a node (this one or another): {@code topic} and {@code body} as sent. */
    public record Received(String topic, String body) {
    }

    /** Signals may have been sent while this node was not listening (at start, or after its connection was lost). */
    public record Missed() {
    }

    private static final Logger log = LoggerFactory.getLogger(NodeSignals.class);
    private static final Duration RETRY = Duration.ofSeconds(1);

    private final JdbcClient jdbc;
    private final DatabaseConfiguration.Connection connection;
    private final ApplicationEventPublisher events;
    private final boolean enabled;
    private volatile boolean running;
    private volatile Thread listener;
    private volatile java.sql.Connection listening;

    NodeSignals(JdbcClient jdbc, DatabaseConfiguration.Connection connection, ApplicationEventPublisher events,
            @Value("${switchboard.node-signals.enabled:true}") boolean enabled) {
        this.jdbc = jdbc;
        this.connection = connection;
        this.events = events;
        this.enabled = enabled;
    }

    /**
     * Sends {@code topic} with {@code body} to every node when the current transaction commits (PostgreSQL holds a
     * notification until then, and drops it on a rollback). Neither may contain '|' in the topic; the body is free.
     */
    public void sendOnCommit(String topic, String body) {
        if (topic.indexOf('|') >= 0) {
            throw new IllegalArgumentException("a signal's topic must not contain '|': " + topic);
        }
        jdbc.sql("select pg_notify(:channel, :payload)").param("channel", CHANNEL).param("payload", topic + "|" + body)
                .query((rs, n) -> 1).list();
    }

    @Override
    public void start() {
        if (!enabled || running) {
            return;
        }
        running = true;
        listener = Thread.ofPlatform().daemon().name("node-signals").start(this::listen);
    }

    @Override
    public void stop() {
        running = false;
        var thread = listener;
        if (thread != null) {
            thread.interrupt();
        }
        closeQuietly();
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    private void listen() {
        while (running) {
            try (var c = DriverManager.getConnection(connection.url(), connection.user(), connection.password())) {
                listening = c;
                try (var s = c.createStatement()) {
                    s.execute("LISTEN " + CHANNEL);
                }
                // Listening from now on: whatever was sent before (while starting, or while the connection was down) is unknown.
                events.publishEvent(new Missed());
                var pg = c.unwrap(PGConnection.class);
                while (running) {
                    var heard = pg.getNotifications(1000);
                    if (heard == null) {
                        continue;
                    }
                    for (var n : heard) {
                        var payload = n.getParameter();
                        int bar = payload.indexOf('|');
                        var signal = bar < 0 ? new Received(payload, "") : new Received(payload.substring(0, bar), payload.substring(bar + 1));
                        try {
                            events.publishEvent(signal);
                        } catch (RuntimeException e) {
                            log.error("Handling the signal {} from a node failed", signal, e);
                        }
                    }
                }
            } catch (SQLException | RuntimeException e) {
                if (!running) {
                    return;
                }
                log.warn("Listening for other nodes' signals failed; connecting again in {}", RETRY, e);
                try {
                    Thread.sleep(RETRY);
                } catch (InterruptedException interrupted) {
                    return;
                }
            } finally {
                listening = null;
            }
        }
    }

    private void closeQuietly() {
        var c = listening;
        if (c != null) {
            try {
                c.close();
            } catch (SQLException e) {
                // stopping anyway
            }
        }
    }
}
