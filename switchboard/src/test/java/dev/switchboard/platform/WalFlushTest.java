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
import org.springframework.transaction.support.TransactionTemplate;

/** The app's group commit: everyone waiting is served, by fewer flushes than waiters; never inside a transaction. */
class WalFlushTest extends IntegrationTest {

    @Autowired
    WalFlush walFlush;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    TransactionTemplate tx;

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
}
