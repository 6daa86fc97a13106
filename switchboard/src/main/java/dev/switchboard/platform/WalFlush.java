package dev.switchboard.platform;

import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.UUID;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import javax.sql.DataSource;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.stereotype.Component;

/**
 * Group commit, done by the app: {@link #await} returns once everything this thread committed before
 * calling it is on disk, and one flush serves every thread waiting at that moment.
 *
 * <p>Why: a webhook's transaction (store the event, lock the call, claim a member...) commits without
 * waiting for the disk, so the rows it locked (a member's availability, a round-robin pointer, shared
 * by every call) are free again at once instead of staying locked through an fsync; under load those
 * waits queued calls behind each other. Telnyx must not hear "200" before the event is durable, though,
 * so the receiver awaits the flush before it answers (and before any command goes out).
 *
 * <p>How: a flush is a tiny synchronous commit that writes WAL (this process's row in
 * {@code wal_flushes}); PostgreSQL flushes the WAL up to that commit record, which covers every commit
 * made before it. A caller takes a ticket; if no flush is running it runs one for everybody that has a
 * ticket so far (on its own thread: no background thread), otherwise it waits for a flush that started
 * after its ticket. With PostgreSQL's {@code synchronous_commit} off (the tests' fast settings) the flush
 * costs a statement and makes nothing more durable than the database itself is.
 */
@Component
public class WalFlush {

    private final DataSource dataSource;
    private final Clock clock;
    private final UUID node = UUID.randomUUID();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition done = lock.newCondition();
    /** Tickets handed out so far. */
    private long tickets;
    /** Every ticket up to this one is flushed. */
    private long flushedUpTo;
    private boolean flushing;

    WalFlush(DataSource dataSource, Clock clock) {
        this.dataSource = dataSource;
        this.clock = clock;
    }

    /** Returns once everything committed on this thread before the call is durable. */
    public void await() {
        if (org.springframework.transaction.support.TransactionSynchronizationManager.isActualTransactionActive()) {
            // Inside a transaction the flush would join it and flush nothing of it: call this after commit.
            throw new IllegalStateException("WalFlush.await() inside a transaction");
        }
        lock.lock();
        try {
            long ticket = ++tickets;
            while (flushedUpTo < ticket) {
                if (flushing) {
                    done.awaitUninterruptibly();
                    continue;
                }
                flushing = true;
                long covers = tickets; // every ticket so far was taken after its holder's commit
                lock.unlock();
                boolean ok = false;
                try {
                    flush();
                    ok = true;
                } finally {
                    lock.lock();
                    flushing = false;
                    if (ok) {
                        flushedUpTo = Math.max(flushedUpTo, covers);
                    }
                    done.signalAll();
                }
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * The flush's commit, on a connection of its own (autocommit), never on one bound to the thread: a thread whose
     * transaction just committed (work after its commit, e.g. a member set available dialling a callback) may still
     * hold that transaction's connection, which Spring no longer counts as a transaction once another transaction
     * ran on the thread meanwhile. The upsert there was left uncommitted until the request ended: it flushed
     * nothing and held the node's row, so every other thread's flush on the node waited for that request.
     */
    private void flush() {
        try (var connection = dataSource.getConnection()) {
            if (!connection.getAutoCommit()) {
                connection.setAutoCommit(true);
            }
            try (var statement = connection.prepareStatement("""
                    insert into wal_flushes (node, flushes, flushed_at) values (?, 1, ?)
                    on conflict (node) do update set flushes = wal_flushes.flushes + 1, flushed_at = excluded.flushed_at
                    """)) {
                statement.setObject(1, node);
                statement.setTimestamp(2, Timestamp.from(clock.instant()));
                statement.executeUpdate();
            }
        } catch (SQLException e) {
            throw new DataAccessResourceFailureException("flushing the WAL failed: " + e.getMessage(), e);
        }
    }
}
