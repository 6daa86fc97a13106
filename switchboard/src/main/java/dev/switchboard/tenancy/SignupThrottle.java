package dev.switchboard.tenancy;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Limits the companies one client address can sign up in a window (else one script could create them without end).
 * Counted in PostgreSQL, in the same sliding window as failed logins (see {@link LoginThrottle}), so every node sees
 * the same counts. Only sign-ups that went through count: the row is written in the sign-up's transaction.
 */
@Component
class SignupThrottle {

    private final JdbcClient jdbc;
    private final Clock clock;
    private final int perAddress;
    private final Duration window;

    SignupThrottle(JdbcClient jdbc, Clock clock, @Value("${switchboard.signup.max-per-address:5}") int perAddress,
            @Value("${switchboard.signup.window:PT1H}") Duration window) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.perAddress = perAddress;
        this.window = window;
    }

    /**
     * In the sign-up's transaction: when {@code address} may sign up again, if it has had its sign-ups in the window;
     * else this sign-up is counted (and uncounted if the transaction rolls back). Sign-ups from one address wait for
     * each other here, so a burst of them each sees the ones before.
     */
    Optional<Instant> take(String address) {
        // Lock space 3 (1 and 2 are the login throttle's).
        jdbc.sql("select pg_advisory_xact_lock(3, hashtext(:ip))").param("ip", address).query((rs, n) -> 1).list();
        var until = LoginThrottle.oldestOfLast(jdbc, "signups", "address", address, perAddress, clock.instant().minus(window))
                .map(oldest -> oldest.plus(window));
        if (until.isEmpty()) {
            jdbc.sql("insert into signups (address, at) values (:ip, :at)")
                    .param("ip", address).param("at", Timestamp.from(clock.instant())).update();
        }
        return until;
    }

    @Scheduled(fixedDelayString = "PT1H", initialDelayString = "PT5M")
    void forgetOldSignups() {
        jdbc.sql("delete from signups where at < :t").param("t", Timestamp.from(clock.instant().minus(window))).update();
    }
}
