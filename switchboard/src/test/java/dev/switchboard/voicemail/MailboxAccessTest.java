package dev.switchboard.voicemail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.platform.NotFoundException;
import dev.switchboard.voicemail.MailboxAccess.Result;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** Voicemail PIN checks by phone: lockout with a growing delay, in virtual time, every attempt recorded. */
class MailboxAccessTest extends VoicemailTestSupport {

    @Autowired
    MailboxAccess access;

    UUID ann;

    @BeforeEach
    void company() {
        signUp("Pin Co");
        var r = owner.post("/api/v1/members", Map.of("name", "Ann", "voicemail_pin", "2468"));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        ann = UUID.fromString(r.json().get("id").asString());
    }

    Result verify(String pin) {
        return asCompany(() -> access.verifyPin(ann, pin));
    }

    Instant in(Duration d) {
        return clock.instant().plus(d);
    }

    @Test
    void theRightPinOpensTheBox() {
        assertThat(verify("2468")).isEqualTo(new Result.Granted());
    }

    @Test
    void threeWrongPinsAreFreeThenTheLockoutDoublesEachTime() {
        assertThat(verify("1111")).isEqualTo(new Result.WrongPin(1, null));
        assertThat(verify("2222")).isEqualTo(new Result.WrongPin(2, null));
        var firstLock = in(Duration.ofMinutes(1));
        assertThat(verify("3333")).isEqualTo(new Result.WrongPin(3, firstLock));

        // While locked even the right PIN is refused, and the lock does not grow.
        assertThat(verify("2468")).isEqualTo(new Result.LockedOut(firstLock));
        clock.advance(Duration.ofSeconds(59));
        assertThat(verify("2468")).isEqualTo(new Result.LockedOut(firstLock));

        clock.advance(Duration.ofSeconds(1));
        assertThat(verify("4444")).isEqualTo(new Result.WrongPin(4, in(Duration.ofMinutes(2))));
        clock.advance(Duration.ofMinutes(2));
        assertThat(verify("5555")).isEqualTo(new Result.WrongPin(5, in(Duration.ofMinutes(4))));
        clock.advance(Duration.ofMinutes(4));
        assertThat(verify("6666")).isEqualTo(new Result.WrongPin(6, in(Duration.ofMinutes(8))));
        clock.advance(Duration.ofMinutes(8));

        assertThat(verify("2468")).isEqualTo(new Result.Granted());
        assertThat(verify("1111")).as("the right PIN clears the count").isEqualTo(new Result.WrongPin(1, null));
    }

    @Test
    void everyAttemptIsRecorded() {
        verify("1111");
        verify("2222");
        verify("3333");
        verify("2468");
        clock.advance(Duration.ofMinutes(1));
        verify("2468");
        var attempts = asCompany(() -> access.attempts(ann));
        assertThat(attempts).extracting(MailboxAccess.Attempt::outcome)
                .containsExactly("GRANTED", "LOCKED_OUT", "WRONG_PIN", "WRONG_PIN", "WRONG_PIN");
        assertThat(attempts.get(2).lockedUntil()).isNotNull();
    }

    @Test
    void aMemberWithoutAPinCannotOpenTheirBoxByPhone() {
        var bob = UUID.fromString(member("Bob"));
        assertThat(asCompany(() -> access.verifyPin(bob, "0000"))).isEqualTo(new Result.NoPin());
        assertThat(asCompany(() -> access.verifyPin(bob, null))).isEqualTo(new Result.NoPin());
    }

    @Test
    void anotherCompanysMemberIsNotFound() {
        var other = ann;
        signUp("Other Pin Co");
        assertThatThrownBy(() -> asCompany(() -> access.verifyPin(other, "2468"))).isInstanceOf(NotFoundException.class);
    }

    @Test
    void theLockoutIsCappedAtADay() {
        assertThat(access.lockoutAfter(2)).isZero();
        assertThat(access.lockoutAfter(3)).isEqualTo(Duration.ofMinutes(1));
        assertThat(access.lockoutAfter(7)).isEqualTo(Duration.ofMinutes(16));
        assertThat(access.lockoutAfter(40)).isEqualTo(Duration.ofHours(24));
    }
}
