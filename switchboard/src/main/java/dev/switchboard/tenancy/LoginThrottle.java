package dev.switchboard.tenancy;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Slows password guessing: after too many failed logins in a window, further attempts for that
 * account, or from that address, are refused until the window has passed. Counted in PostgreSQL so
 * every app node sees the same counts.
 */
@Component
class LoginThrottle {

    private final JdbcClient jdbc;
    private final Clock clock;
    private final TransactionTemplate tx;
    private final int perAccount;
    private final int perAddress;
    private final Duration window;

    LoginThrottle(JdbcClient jdbc, Clock clock, TransactionTemplate tx,
            @Value("${switchboard.login.max-failures-per-account:5}") int perAccount,
            @Value("${switchboard.login.max-failures-per-address:20}") int perAddress,
            @Value("${switchboard.login.failure-window:PT15M}") Duration window) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.tx = tx;
        this.perAccount = perAccount;
        this.perAddress = perAddress;
        this.window = window;
    }

    /** When this account or address may try again, if it is currently locked out. */
    Optional<Instant> lockedUntil(String account, String address) {
        var since = clock.instant().minus(window);
        var byAccount = oldestOfLast("account", key(account), perAccount, since);
        var byAddress = oldestOfLast("address", address, perAddress, since);
        return byAccount.or(() -> byAddress).map(oldest -> oldest.plus(window));
    }

    /**
     * Starts a login attempt: refused (with when to try again) if the account or address is locked out, else
     * counted at once as a failure, which a success then clears. Counting it before the password is checked,
     * under a lock per account and per address, means guesses sent all at once each see the ones before them:
     * checked first and counted after, a burst of guesses all passed the check before any was counted.
     */
    Optional<Instant> attempt(String account, String address) {
        return tx.execute(s -> {
            // Two lock spaces (1: accounts, 2: addresses), always taken in that order: no deadlock.
            jdbc.sql("select pg_advisory_xact_lock(1, hashtext(:a)), pg_advisory_xact_lock(2, hashtext(:ip))")
                    .param("a", key(account)).param("ip", address).query((rs, n) -> 1).list();
            var locked = lockedUntil(account, address);
            if (locked.isEmpty()) {
                recordFailure(account, address);
            }
            return locked;
        });
    }

    void recordFailure(String account, String address) {
        jdbc.sql("insert into login_failures (account, address, at) values (:a, :ip, :at)")
                .param("a", key(account)).param("ip", address).param("at", Timestamp.from(clock.instant()))
                .update();
    }

    void recordSuccess(String account) {
        jdbc.sql("delete from login_failures where account = :a").param("a", key(account)).update();
    }

    @Scheduled(fixedDelayString = "PT1H", initialDelayString = "PT5M")
    void forgetOldFailures() {
        jdbc.sql("delete from login_failures where at < :t")
                .param("t", Timestamp.from(clock.instant().minus(window.multipliedBy(4)))).update();
    }

    private Optional<Instant> oldestOfLast(String column, String value, int limit, Instant since) {
        return oldestOfLast(jdbc, "login_failures", column, value, limit, since);
    }

    /**
     * The sliding window of a throttle counted in a table of {@code at} instants (failed logins, sign-ups): if there are
     * at least {@code limit} rows with {@code column = value} since {@code since}, the oldest of the last {@code limit}
     * (the window lets go when it leaves it).
     */
    static Optional<Instant> oldestOfLast(JdbcClient jdbc, String table, String column, String value, int limit, Instant since) {
        return jdbc.sql("select at from " + table + " where " + column + " = :v and at > :since order by at desc offset :skip limit 1")
                .param("v", value).param("since", Timestamp.from(since)).param("skip", limit - 1)
                .query((rs, n) -> rs.getTimestamp(1).toInstant())
                .optional();
    }

    private static String key(String account) {
        return account == null ? "" : account.strip().toLowerCase(Locale.ROOT);
    }
}
