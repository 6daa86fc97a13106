package dev.switchboard.voicemail;

import dev.switchboard.directory.Members;
import dev.switchboard.platform.TenantContext;
import io.github.resilience4j.core.IntervalFunction;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Checks a member's voicemail PIN entered by phone, and slows guessing: after {@code free-attempts}
 * (3) wrong PINs in a row the box locks for 1 minute, and every further wrong PIN locks it twice as
 * long as the last (1, 2, 4, 8... minutes, at most {@code max-lockout}, 24 hours). While locked, an
 * attempt is refused without looking at the PIN. The right PIN clears the count. The state is a row
 * per member in PostgreSQL, locked while a PIN is checked, so every node sees the same count; every
 * attempt is recorded in {@code voicemail_pin_attempts}.
 */
@Service
public class MailboxAccess {

    /** The answer to one PIN entry. */
    public sealed interface Result {

        /** The PIN is right. */
        record Granted() implements Result {
        }

        /**
         * The PIN is wrong.
         *
         * @param lockedUntil when the next attempt will be checked, if this failure locked the box
         */
        record WrongPin(int failures, Instant lockedUntil) implements Result {
        }

        /** Too many wrong PINs: nothing is checked until {@code until}. */
        record LockedOut(Instant until) implements Result {
        }

        /** The member has no PIN set, so the box cannot be opened by phone. */
        record NoPin() implements Result {
        }
    }

    private final JdbcClient jdbc;
    private final Members members;
    private final Clock clock;
    private final int freeAttempts;
    private final IntervalFunction lockout;

    MailboxAccess(JdbcClient jdbc, Members members, Clock clock,
            @Value("${switchboard.voicemail.pin.free-attempts:3}") int freeAttempts,
            @Value("${switchboard.voicemail.pin.first-lockout:PT1M}") Duration firstLockout,
            @Value("${switchboard.voicemail.pin.max-lockout:PT24H}") Duration maxLockout) {
        this.jdbc = jdbc;
        this.members = members;
        this.clock = clock;
        this.freeAttempts = Math.max(1, freeAttempts);
        this.lockout = IntervalFunction.ofExponentialBackoff(firstLockout, 2.0, maxLockout);
    }

    /** How long the {@code failures}-th wrong PIN in a row locks the box (zero while still free). */
    Duration lockoutAfter(int failures) {
        return failures < freeAttempts ? Duration.ZERO : Duration.ofMillis(lockout.apply(failures - freeAttempts + 1));
    }

    /**
     * Checks {@code pin} for the box of {@code memberId} in the current company (404 for a member not
     * in it) and records the attempt.
     */
    @Transactional
    public Result verifyPin(UUID memberId, String pin) {
        var company = TenantContext.require().value();
        var now = clock.instant();
        members.get(memberId);
        // The member's state row, created on the first attempt and locked until commit: concurrent
        // attempts for one box (on any node) are counted one after the other.
        jdbc.sql("insert into voicemail_pin_state (company_id, member_id) values (:c, :m) on conflict do nothing")
                .param("c", company).param("m", memberId).update();
        var state = jdbc.sql("select failures, locked_until from voicemail_pin_state where company_id = :c and member_id = :m for update")
                .param("c", company).param("m", memberId)
                .query((rs, n) -> new State(rs.getInt(1), rs.getTimestamp(2) == null ? null : rs.getTimestamp(2).toInstant()))
                .single();
        if (state.lockedUntil() != null && now.isBefore(state.lockedUntil())) {
            log(memberId, now, "LOCKED_OUT", state.failures(), state.lockedUntil());
            return new Result.LockedOut(state.lockedUntil());
        }
        var matches = members.voicemailPinMatches(memberId, pin);
        if (matches.isEmpty()) {
            log(memberId, now, "NO_PIN", state.failures(), null);
            return new Result.NoPin();
        }
        if (matches.get()) {
            save(memberId, 0, null);
            log(memberId, now, "GRANTED", 0, null);
            return new Result.Granted();
        }
        int failures = state.failures() + 1;
        var wait = lockoutAfter(failures);
        var until = wait.isZero() ? null : now.plus(wait);
        save(memberId, failures, until);
        log(memberId, now, "WRONG_PIN", failures, until);
        return new Result.WrongPin(failures, until);
    }

    /** Until when the box of {@code memberId} is locked after wrong PINs, if it is locked now. */
    @Transactional(readOnly = true)
    public java.util.Optional<Instant> lockedUntil(UUID memberId) {
        var now = clock.instant();
        return jdbc.sql("select locked_until from voicemail_pin_state where company_id = :c and member_id = :m")
                .param("c", TenantContext.require().value()).param("m", memberId)
                .query((rs, n) -> rs.getTimestamp(1) == null ? null : rs.getTimestamp(1).toInstant())
                .list().stream().filter(until -> until != null && now.isBefore(until)).findFirst();
    }

    private record State(int failures, Instant lockedUntil) {
    }

    private void save(UUID memberId, int failures, Instant lockedUntil) {
        jdbc.sql("update voicemail_pin_state set failures = :f, locked_until = :u where company_id = :c and member_id = :m")
                .param("f", failures).param("u", lockedUntil == null ? null : Timestamp.from(lockedUntil))
                .param("c", TenantContext.require().value()).param("m", memberId).update();
    }

    private void log(UUID memberId, Instant at, String outcome, int failures, Instant lockedUntil) {
        jdbc.sql("""
                insert into voicemail_pin_attempts (company_id, member_id, at, outcome, failures, locked_until)
                values (:c, :m, :at, :o, :f, :u)
                """).param("c", TenantContext.require().value()).param("m", memberId).param("at", Timestamp.from(at))
                .param("o", outcome).param("f", failures).param("u", lockedUntil == null ? null : Timestamp.from(lockedUntil))
                .update();
    }

    /** One recorded PIN attempt. */
    public record Attempt(Instant at, String outcome, int failures, Instant lockedUntil) {
    }

    /** The member's PIN attempts, newest first (at most 100). */
    @Transactional(readOnly = true)
    public java.util.List<Attempt> attempts(UUID memberId) {
        return jdbc.sql("select at, outcome, failures, locked_until from voicemail_pin_attempts where company_id = :c and member_id = :m order by id desc limit 100")
                .param("c", TenantContext.require().value()).param("m", memberId)
                .query((rs, n) -> new Attempt(rs.getTimestamp(1).toInstant(), rs.getString(2), rs.getInt(3),
                        rs.getTimestamp(4) == null ? null : rs.getTimestamp(4).toInstant()))
                .list();
    }
}
