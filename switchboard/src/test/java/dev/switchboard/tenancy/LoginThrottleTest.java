package dev.switchboard.tenancy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.support.IntegrationTest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The throttle in virtual time: locks after the limit, per account and per address, and lets go after the window. */
class LoginThrottleTest extends IntegrationTest {

    @Autowired
    JdbcClient jdbc;

    @Autowired
    org.springframework.transaction.support.TransactionTemplate tx;

    MutableClock clock = new MutableClock(Instant.parse("2030-01-01T12:00:00Z"));

    @Test
    void locksAnAccountAfterFiveFailuresUntilTheWindowHasPassed() {
        var throttle = new LoginThrottle(jdbc, clock, tx, 5, 20, Duration.ofMinutes(15));
        var account = "victim-" + UUID.randomUUID() + "@test.example";
        for (int i = 0; i < 4; i++) {
            throttle.recordFailure(account, "198.51.100." + i);
            clock.advance(Duration.ofSeconds(10));
        }
        assertThat(throttle.lockedUntil(account, "198.51.100.99")).isEmpty();
        throttle.recordFailure(account, "198.51.100.4");
        var until = throttle.lockedUntil(account.toUpperCase(), "198.51.100.99");
        assertThat(until).contains(Instant.parse("2030-01-01T12:15:00Z"));
        clock.advance(Duration.ofMinutes(15).minusSeconds(41));
        assertThat(throttle.lockedUntil(account, "198.51.100.99")).isPresent();
        clock.advance(Duration.ofSeconds(1));
        assertThat(throttle.lockedUntil(account, "198.51.100.99")).isEmpty();
    }

    @Test
    void locksAnAddressAfterTwentyFailuresAcrossAccounts() {
        var throttle = new LoginThrottle(jdbc, clock, tx, 5, 20, Duration.ofMinutes(15));
        var address = "203.0.113." + (1 + new java.util.Random().nextInt(250));
        jdbc.sql("delete from login_failures where address = :a").param("a", address).update();
        for (int i = 0; i < 19; i++) {
            throttle.recordFailure("guess-" + i + "-" + UUID.randomUUID() + "@test.example", address);
        }
        assertThat(throttle.lockedUntil("someone@test.example", address)).isEmpty();
        throttle.recordFailure("one-more@test.example", address);
        assertThat(throttle.lockedUntil("someone@test.example", address)).isPresent();
        assertThat(throttle.lockedUntil("someone@test.example", "203.0.114.1")).isEmpty();
    }

    @Test
    void aSuccessfulLoginClearsTheAccountsFailures() {
        var throttle = new LoginThrottle(jdbc, clock, tx, 5, 20, Duration.ofMinutes(15));
        var account = "forgetful-" + UUID.randomUUID() + "@test.example";
        for (int i = 0; i < 4; i++) {
            throttle.recordFailure(account, "192.0.2.1");
        }
        throttle.recordSuccess(account);
        throttle.recordFailure(account, "192.0.2.1");
        assertThat(throttle.lockedUntil(account, "192.0.2.2")).isEmpty();
    }

    /** Unless a proxy is configured as trusted, X-Forwarded-For is anyone's to send: a guesser would pick a fresh address for each try. */
    @Test
    void aForwardedForHeaderIsIgnoredByDefault() {
        var account = "spoofer-" + UUID.randomUUID() + "@test.example";
        var failed = api().forwardedFor("203.0.113.250").post("/api/v1/auth/token", java.util.Map.of("email", account, "password", "wrong-password"));
        assertThat(failed.status()).isEqualTo(401);
        assertThat(jdbc.sql("select address from login_failures where account = :a").param("a", account).query(String.class).single())
                .isNotEqualTo("203.0.113.250").isIn("127.0.0.1", "0:0:0:0:0:0:0:1");
    }

    /** A token request missing its email or password is the client's mistake: refused naming what is missing, not a guess. */
    @Test
    void aTokenRequestWithoutEmailOrPasswordIsRefusedNamingThemAndNotCountedAsAFailedLogin() {
        var account = "half-" + UUID.randomUUID() + "@test.example";
        var anonymous = "select count(*) from login_failures where account = ''";
        long before = jdbc.sql(anonymous).query(Long.class).single();
        var noPassword = api().post("/api/v1/auth/token", java.util.Map.of("email", account));
        assertThat(noPassword.status()).as(noPassword.body()).isEqualTo(422);
        assertThat(noPassword.json().get("errors").findValuesAsString("field")).containsExactly("password");
        var nothing = api().post("/api/v1/auth/token", java.util.Map.of("password", "  "));
        assertThat(nothing.status()).as(nothing.body()).isEqualTo(422);
        assertThat(nothing.json().get("errors").findValuesAsString("field")).containsExactly("email");
        assertThat(jdbc.sql("select count(*) from login_failures where account = :a").param("a", account).query(Long.class).single())
                .isZero();
        assertThat(jdbc.sql(anonymous).query(Long.class).single()).isEqualTo(before);
    }

    static final class MutableClock extends Clock {
        private Instant now;

        MutableClock(Instant start) {
            this.now = start;
        }

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
