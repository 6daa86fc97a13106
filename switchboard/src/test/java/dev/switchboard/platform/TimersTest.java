package dev.switchboard.platform;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.shared.CompanyId;
import dev.switchboard.simulator.SimClock;
import dev.switchboard.support.IntegrationTest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;

/**
 * Durable timers in virtual time: fire once when due, can be moved or cancelled, and retried after a failure. A test that
 * moves a clock days ahead fires only its company's timers ({@link Timers#runDue(Instant, CompanyId)}): the database holds
 * every other test class's timers too, and firing them all a month on ran other modules' handlers at that date.
 */
@Import(TimersTest.Setup.class)
class TimersTest extends IntegrationTest {

    static final List<String> FIRED = new CopyOnWriteArrayList<>();
    static volatile boolean failNext;
    static volatile boolean failAlways;

    @TestConfiguration
    static class Setup {
        @Bean
        @Primary
        SimClock virtualClock() {
            return new SimClock(Instant.parse("2026-11-25T18:00:00Z"));
        }

        @Bean
        TimerHandler testTimers() {
            return new TimerHandler() {
                @Override
                public String kind() {
                    return "test";
                }

                @Override
                public void fire(UUID ref, String name, JsonNode payload) {
                    if (failAlways) {
                        FIRED.add("failed:" + name);
                        throw new IllegalStateException("handler always fails");
                    }
                    if (failNext) {
                        failNext = false;
                        throw new IllegalStateException("handler failed");
                    }
                    FIRED.add(name + ":" + payload.path("n").asInt());
                }
            };
        }
    }

    @Autowired
    Timers timers;

    @Autowired
    SimClock clock;

    @Autowired
    TransactionTemplate tx;

    @Autowired
    org.springframework.jdbc.core.simple.JdbcClient jdbc;

    @Test
    void timersFireOnceWhenDueCanBeMovedOrCancelledAndAreRetriedAfterAFailure() {
        var company = CompanyId.of(api().signUpNewCompany("Timers Co").get("/api/v1/me").json().get("company_id").asString());
        var ref = UUID.randomUUID();
        var now = clock.instant();
        TenantContext.runAs(company, () -> tx.executeWithoutResult(s -> {
            timers.schedule("test", ref, "a", now.plusSeconds(10), Map.of("n", 1));
            timers.schedule("test", ref, "b", now.plusSeconds(20), Map.of("n", 2));
            timers.schedule("test", ref, "c", now.plusSeconds(30), Map.of("n", 3));
            timers.schedule("test", ref, "b", now.plusSeconds(40), Map.of("n", 22)); // moved
            timers.cancel("test", ref, "c");
        }));
        // (Counts are of this test's handler: the database is shared with other test classes' timers.)
        FIRED.clear();
        timers.runDue(now.plusSeconds(9), company);
        assertThat(FIRED).isEmpty();
        timers.runDue(now.plusSeconds(10), company);
        assertThat(FIRED).containsExactly("a:1");
        timers.runDue(now.plusSeconds(35), company);
        assertThat(FIRED).containsExactly("a:1");
        failNext = true;
        timers.runDue(now.plusSeconds(40), company);
        assertThat(failNext).isFalse();
        assertThat(FIRED).containsExactly("a:1");
        // The failed one is leased, not lost: it fires again once its lease is over.
        timers.runDue(now.plusSeconds(60), company);
        assertThat(FIRED).containsExactly("a:1");
        timers.runDue(now.plusSeconds(40).plus(Timers.LEASE), company);
        assertThat(FIRED).containsExactly("a:1", "b:22");
        timers.runDue(now.plus(Duration.ofHours(1)), company);
        assertThat(FIRED).containsExactly("a:1", "b:22");
    }

    @Test
    void aTimerThatKeepsFailingIsTriedAfterGrowingWaitsThenGivenUpAndKeptUntilScheduledAgain() {
        var company = CompanyId.of(api().signUpNewCompany("Failing Timers Co").get("/api/v1/me").json().get("company_id").asString());
        var ref = UUID.randomUUID();
        var start = clock.instant().plus(Duration.ofDays(30));
        TenantContext.runAs(company, () -> tx.executeWithoutResult(s -> timers.schedule("test", ref, "broken", start, Map.of("n", 1))));
        FIRED.clear();
        failAlways = true;
        try {
            var at = start;
            var waits = new java.util.ArrayList<Duration>();
            for (int attempt = 1; attempt <= Timers.MAX_ATTEMPTS; attempt++) {
                timers.runDue(at, company);
                assertThat(FIRED).as("attempt %d", attempt).hasSize(attempt);
                var wait = Timers.retryWait(attempt);
                // Not before the wait is over...
                timers.runDue(at.plus(wait).minusSeconds(1), company);
                assertThat(FIRED).as("attempt %d waits %s", attempt, wait).hasSize(attempt);
                waits.add(wait);
                at = at.plus(wait);
            }
            assertThat(waits.subList(0, 6)).containsExactly(Duration.ofSeconds(30), Duration.ofMinutes(1), Duration.ofMinutes(2),
                    Duration.ofMinutes(4), Duration.ofMinutes(8), Duration.ofMinutes(15));
            // Given up: never fired again, though kept.
            timers.runDue(at.plus(Duration.ofDays(1)), company);
            assertThat(FIRED).hasSize(Timers.MAX_ATTEMPTS);
            var kept = TenantContext.callAs(company, () -> tx.execute(s -> jdbc.sql(
                    "select attempts, failed_at is not null from timers where kind = 'test' and ref = :r and name = 'broken'")
                    .param("r", ref).query((rs, n) -> rs.getInt(1) + ":" + rs.getBoolean(2)).single()));
            assertThat(kept).isEqualTo(Timers.MAX_ATTEMPTS + ":true");
            // Scheduled again (say the call's next announcement), it counts from nothing and fires.
            failAlways = false;
            var again = at.plus(Duration.ofDays(2));
            TenantContext.runAs(company, () -> tx.executeWithoutResult(s -> timers.schedule("test", ref, "broken", again, Map.of("n", 7))));
            timers.runDue(again, company);
            assertThat(FIRED).last().isEqualTo("broken:7");
        } finally {
            failAlways = false;
        }
    }

    /**
     * A due timer whose row another transaction holds (another node firing it) is left to that one: the run returns
     * instead of asking again and again for the same timer (it spun a core until the row was let go: a whole test run
     * stalled in it), and the next run, once the row is free, fires it.
     */
    @Test
    void aDueTimerWhoseRowAnotherTransactionHoldsIsLeftAndFiredByTheNextRun(
            @Autowired @org.springframework.beans.factory.annotation.Qualifier("ownerDataSource") javax.sql.DataSource owner)
            throws Exception {
        var company = CompanyId.of(api().signUpNewCompany("Held Timers Co").get("/api/v1/me").json().get("company_id").asString());
        var ref = UUID.randomUUID();
        var due = clock.instant().plus(Duration.ofDays(60));
        TenantContext.runAs(company, () -> tx.executeWithoutResult(s -> timers.schedule("test", ref, "held", due, Map.of("n", 3))));
        FIRED.clear();
        try (var c = owner.getConnection()) {
            c.setAutoCommit(false);
            try (var lock = c.prepareStatement("select id from timers where ref = ? for update")) {
                lock.setObject(1, ref);
                lock.executeQuery().close();
            }
            var fired = org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(Duration.ofSeconds(60),
                    () -> timers.runDue(due, company), "a run that found only a held timer must return");
            assertThat(fired).isZero();
            assertThat(FIRED).isEmpty();
            c.rollback();
        }
        assertThat(timers.runDue(due, company)).isEqualTo(1);
        assertThat(FIRED).containsExactly("held:3");
    }
}
