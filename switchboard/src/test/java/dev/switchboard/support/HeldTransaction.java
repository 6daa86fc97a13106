package dev.switchboard.support;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.platform.TenantContext;
import dev.switchboard.shared.CompanyId;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A race made deterministic, without sleeps: one transaction does its work and is held open (as a save caught between
 * its checks and its commit), the request under test is started meanwhile, and once PostgreSQL shows it waiting for a
 * lock the held transaction commits. The request's answer is what it does once it sees the other's work.
 */
public final class HeldTransaction {

    /** Which waiting lock shows the request blocked: {@code pg_locks} rows not granted, narrowed by this condition. */
    public static final String ANY_LOCK = "true";
    public static final String A_ROW_LOCK = "locktype = 'transactionid'";
    public static final String AN_ADVISORY_LOCK = "locktype = 'advisory'";

    private final TransactionTemplate tx;
    private final JdbcClient jdbc;

    public HeldTransaction(TransactionTemplate tx, JdbcClient jdbc) {
        this.tx = tx;
        this.jdbc = jdbc;
    }

    /** The waiting lock of {@code pg_advisory_xact_lock(hashtext(key))}. */
    public static String theAdvisoryLock(String key) {
        return "locktype = 'advisory' and objsubid = 1 and objid::text::bigint = (hashtext('" + key.replace("'", "''")
                + "')::bigint & 4294967295)";
    }

    /**
     * Runs {@code work} in a transaction (as {@code company}, or with no company when null) held open while
     * {@code request} runs on another thread; asserts that the request neither finishes nor fails to wait for a lock
     * ({@code lock}, a condition on {@code pg_locks}) while it is held ({@code what} names the request in the failure),
     * then commits it and returns the request's result.
     */
    public <T> T whileHeld(CompanyId company, Runnable work, String lock, String what, Callable<T> request) throws Exception {
        var held = new CountDownLatch(1);
        var release = new CountDownLatch(1);
        try (var pool = Executors.newFixedThreadPool(2)) {
            Runnable holding = () -> tx.executeWithoutResult(s -> {
                work.run();
                held.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            var other = pool.submit(() -> {
                if (company == null) {
                    holding.run();
                } else {
                    TenantContext.runAs(company, holding);
                }
            });
            held.await();
            var answer = pool.submit(request);
            try {
                var deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                boolean waiting = false;
                while (!answer.isDone() && !waiting && System.nanoTime() < deadline) {
                    waiting = jdbc.sql("select count(*) > 0 from pg_locks where not granted and (" + lock + ")").query(Boolean.class).single();
                    Thread.onSpinWait();
                }
                assertThat(answer.isDone()).as(what + " finished while the other transaction was open").isFalse();
                assertThat(waiting).as(what + " waits for the other transaction's lock").isTrue();
            } finally {
                release.countDown();
            }
            other.get();
            return answer.get();
        }
    }
}
