package dev.switchboard.tenancy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.support.IntegrationTest;
import java.util.ArrayList;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.LockedException;

/** Password guesses sent all at once are counted as they arrive, not only once each has been checked. */
class ConcurrentLoginGuessesTest extends IntegrationTest {

    @Autowired
    PasswordAuthenticator authenticator;

    @Test
    void aBurstOfParallelGuessesGetsNoMoreTriesThanTheLimit() throws Exception {
        var owner = api().signUpNewCompany("Burst Co");
        var email = owner.get("/api/v1/me").json().get("email").asString();
        var address = "198.51.100." + (1 + new java.util.Random().nextInt(250)) + "-" + UUID.randomUUID();
        int guesses = 15;
        var start = new CountDownLatch(1);
        var results = new ArrayList<Future<String>>();
        try (var pool = Executors.newFixedThreadPool(guesses)) {
            for (int i = 0; i < guesses; i++) {
                var password = "guess-" + i;
                results.add(pool.submit(() -> {
                    start.await();
                    try {
                        authenticator.authenticate(email, password, address);
                        return "signed in";
                    } catch (BadCredentialsException e) {
                        return "checked";
                    } catch (LockedException e) {
                        return "locked";
                    }
                }));
            }
            start.countDown();
            int checked = 0;
            for (var result : results) {
                if (result.get().equals("checked")) {
                    checked++;
                }
            }
            assertThat(checked).as("passwords actually tried, of %d sent at once", guesses).isLessThanOrEqualTo(5);
        }
        // And the account is now locked, for the right password too, until the window has passed.
        assertThat(api().post("/api/v1/auth/token", java.util.Map.of("email", email, "password", "correct-horse")).status())
                .isEqualTo(429);
    }
}
