package dev.switchboard.calls;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.platform.TenantContext;
import dev.switchboard.shared.CompanyId;
import dev.switchboard.support.IntegrationTest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Two signals of one call, one waiting for the call's lock while the other holds it: the one that waited
 * must see what the other wrote, its legs included (they come with the lock, in the same round trip).
 */
class CallLockTest extends IntegrationTest {

    @Autowired
    CallStore store;

    @Autowired
    TransactionTemplate tx;

    @Autowired
    JdbcClient jdbc;

    @Test
    void aSignalThatWaitedForTheCallsLockSeesTheLegsWrittenByTheSignalThatHeldIt() throws Exception {
        var owner = api().signUpNewCompany("Lock order");
        var company = CompanyId.of(owner.get("/api/v1/me").json().get("company_id").asString());
        var callId = UUID.randomUUID();
        var at = Instant.parse("2026-12-02T15:00:00Z");
        TenantContext.runAs(company, () -> tx.executeWithoutResult(s -> {
            store.create(callId, "INBOUND", "+17735550123", "+13125550100", "RINGING", "v3:lock-caller", at);
            store.addLeg(callId, "v3:lock-member", "MEMBER", null, "sip:ann@example.test", at);
        }));

        var holding = new CountDownLatch(1);
        var release = new CountDownLatch(1);
        // The member's answer: holds the call's lock, its leg ANSWERED, until released.
        var threads = java.util.concurrent.Executors.newFixedThreadPool(2); // not the common pool: one thread on two cores
        var answer = CompletableFuture.runAsync(() -> TenantContext.runAs(company, () -> tx.executeWithoutResult(s -> {
            store.beginUnit();
            try {
                assertThat(store.lock(callId)).isPresent();
                assertThat(store.legState("v3:lock-member", "ANSWERED", at.plusSeconds(5), null)).isTrue();
                store.flush();
                holding.countDown();
                await(release);
            } finally {
                store.endUnit();
            }
        })), threads);
        await(holding);
        // The caller's hangup, arriving meanwhile: waits for the lock, then reads the call and its legs.
        var hangup = CompletableFuture.supplyAsync(() -> TenantContext.callAs(company, () -> tx.execute(s -> {
            store.beginUnit();
            try {
                assertThat(store.lock(callId)).isPresent();
                return store.legs(callId);
            } finally {
                store.endUnit();
            }
        })), threads);
        waitUntilABackendWaitsForALock(hangup);
        release.countDown();
        answer.get(30, TimeUnit.SECONDS);
        List<CallStore.Leg> legs = hangup.get(30, TimeUnit.SECONDS);
        threads.shutdown();

        assertThat(legs).singleElement().satisfies(leg -> {
            assertThat(leg.state()).isEqualTo("ANSWERED");
            assertThat(leg.answeredAt()).isEqualTo(at.plusSeconds(5));
        });
    }

    /**
     * Returns once PostgreSQL shows a backend waiting for a lock: the second signal is queued behind the first.
     * A real lock in a real database, not a timeout of a call, so no virtual clock applies: Awaitility polls.
     */
    private void waitUntilABackendWaitsForALock(CompletableFuture<?> waiter) {
        Awaitility.await("the second signal waiting for the call's lock").atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(10)).until(() -> {
                    if (waiter.isDone()) {
                        waiter.get();
                        throw new AssertionError("the second signal did not wait for the call's lock");
                    }
                    return jdbc.sql("select count(*) from pg_locks where not granted").query(Long.class).single() > 0;
                });
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(30, TimeUnit.SECONDS)) {
                throw new AssertionError("timed out waiting for the other signal");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
