package dev.switchboard.tenancy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.support.IntegrationTest;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A password longer than bcrypt can hash (72 bytes) is refused as input, naming the field, not failed with 500;
 * the longest one allowed signs up and signs in, and a longer one tried at sign-in is simply wrong.
 */
class LongPasswordTest extends IntegrationTest {

    @Test
    void aPasswordOverSeventyTwoBytesIsRefusedNamingTheField() {
        var email = "long-" + UUID.randomUUID() + "@test.example";
        var tooLong = "correct horse battery staple ".repeat(4); // 116 characters
        var refused = api().post("/api/v1/signup", Map.of("company_name", "Long Pass Co", "timezone", "Europe/London",
                "owner_email", email, "owner_password", tooLong));
        assertThat(refused.status()).as(refused.body()).isEqualTo(422);
        assertThat(refused.errorField()).isEqualTo("owner_password");
        var accented = api().post("/api/v1/signup", Map.of("company_name", "Long Pass Co", "timezone", "Europe/London",
                "owner_email", email, "owner_password", "é".repeat(40))); // 40 characters, 80 bytes
        assertThat(accented.status()).as(accented.body()).isEqualTo(422);

        var longest = "p".repeat(72);
        var signup = api().post("/api/v1/signup", Map.of("company_name", "Long Pass Co", "timezone", "Europe/London",
                "owner_email", email, "owner_password", longest));
        assertThat(signup.status()).as(signup.body()).isEqualTo(201);
        assertThat(api().post("/api/v1/auth/token", Map.of("email", email, "password", longest)).status()).isEqualTo(201);
        var wrong = api().post("/api/v1/auth/token", Map.of("email", email, "password", longest + "p"));
        assertThat(wrong.status()).as(wrong.body()).isEqualTo(401);
    }

    @Test
    void anOwnerGivingAUserAnOverlongPasswordIsToldWhy() {
        var owner = api().signUpNewCompany("Long Pass Users Co");
        var created = owner.post("/api/v1/users", Map.of("email", "u-" + UUID.randomUUID() + "@test.example",
                "password", "x".repeat(100), "role", "AGENT"));
        assertThat(created.status()).as(created.body()).isEqualTo(422);
        assertThat(created.errorField()).isEqualTo("password");
    }
}
