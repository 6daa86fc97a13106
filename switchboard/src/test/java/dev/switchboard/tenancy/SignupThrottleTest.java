package dev.switchboard.tenancy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.support.IntegrationTest;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/** The sign-up limit in virtual time: a few per address in the window, counted only when the sign-up commits. */
class SignupThrottleTest extends IntegrationTest {

    @Autowired
    JdbcClient jdbc;

    @Autowired
    TransactionTemplate tx;

    LoginThrottleTest.MutableClock clock = new LoginThrottleTest.MutableClock(Instant.parse("2031-03-01T09:00:00Z"));

    private Optional<Instant> take(SignupThrottle throttle, String address) {
        return tx.execute(s -> throttle.take(address));
    }

    @Test
    void anAddressGetsThreeSignUpsAnHourThenWaitsForTheOldestToLeaveTheWindow() {
        var throttle = new SignupThrottle(jdbc, clock, 3, Duration.ofHours(1));
        var address = "client-" + UUID.randomUUID();
        for (int i = 0; i < 3; i++) {
            assertThat(take(throttle, address)).as("sign-up " + (i + 1)).isEmpty();
            clock.advance(Duration.ofMinutes(10));
        }
        assertThat(take(throttle, address)).contains(Instant.parse("2031-03-01T10:00:00Z"));
        assertThat(take(throttle, "another-" + address)).as("another address").isEmpty();
        clock.advance(Duration.ofMinutes(30).minusSeconds(1));
        assertThat(take(throttle, address)).as("a second before the first leaves the window").isPresent();
        clock.advance(Duration.ofSeconds(1));
        assertThat(take(throttle, address)).as("the first has left the window").isEmpty();
        assertThat(take(throttle, address)).as("and the next is counted").contains(Instant.parse("2031-03-01T10:10:00Z"));
    }

    @Test
    void aSignUpThatRolledBackIsNotCounted() {
        var throttle = new SignupThrottle(jdbc, clock, 1, Duration.ofHours(1));
        var address = "rolled-back-" + UUID.randomUUID();
        tx.executeWithoutResult(s -> {
            assertThat(throttle.take(address)).isEmpty();
            s.setRollbackOnly();
        });
        assertThat(take(throttle, address)).isEmpty();
        assertThat(take(throttle, address)).isPresent();
    }
}
