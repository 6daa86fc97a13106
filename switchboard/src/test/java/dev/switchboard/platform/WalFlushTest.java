package dev.switchboard.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.support.IntegrationTest;
import java.util.ArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/** The app's group commit: everyone waiting is served, by fewer flushes than waiters; never inside a transaction. */
class WalFlushTest extends IntegrationTest {

    @Autowired
    WalFlush walFlush;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    TransactionTemplate tx;

    @Autowired
    PlatformTransactionManager manager;

    long flushes() {
        return jdbc.sql("select coalesce(sum(flushes), 0) from wal_flushes").query(Long.class).single();
    }

    @Test
    void threadsWaitingTogetherShareFlushes() throws Exception {
        long before = flushes();
        int threads = 16;
        int rounds = 100;
        var results = new ArrayList<Future<?>>();
        try (var pool = Executors.newFixedThreadPool(threads)) {
            for (int t = 0; t < threads; t++) {
                results.add(pool.submit(() -> {
                    for (int i = 0; i < rounds; i++) {
                        walFlush.await();
                    }
                }));
            }
            for (var r : results) {
                r.get();
            }
        }
        long flushed = flushes() - before;
        assertThat(flushed).isPositive().isLessThan(threads * rounds);
    }

    @Test
    void isRefusedInsideATransactionWhoseCommitItCouldNotCover() {
        assertThatThrownBy(() -> tx.executeWithoutResult(s -> walFlush.await())).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aFlushOnTheThreadOfATransactionThatJustCommittedIsACommitOfItsOwn() throws Exception {
        // Found by TwoNodeOutboundScenariosTest seeds 95229, 95308 and 95337 (-Dfuzz.both=0.3): a member set available
        // made a queue callback dial their phone in the status change's after-commit work, the simulator delivered the
        // dial's webhook on that thread, and its flush ran on the status change's connection, still bound to the thread
        // though committed (the engine's own transactions in between had made it look like no transaction): an upsert
        // left uncommitted, holding the node's wal_flushes row until the request ended. It flushed nothing, and every
        // other webhook of that node waited on that row (the two-node run: 60 s, then "a delivery to both nodes did
        // not finish").
        var requiresNew = new TransactionTemplate(manager);
        requiresNew.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        long before = flushes();
        var seen = new long[1];
        tx.executeWithoutResult(s -> TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCompletion(int status) {
                requiresNew.executeWithoutResult(x -> jdbc.sql("select 1").query(Integer.class).single()); // work after the commit
                walFlush.await();
                try (var other = Executors.newSingleThreadExecutor()) {
                    seen[0] = other.submit(WalFlushTest.this::flushes).get(); // another connection, while this thread goes on
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }
        }));
        assertThat(seen[0]).as("the flush committed before await() returned").isGreaterThan(before);
    }
}
