package dev.switchboard.tenancy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.support.IntegrationTest;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The users API's rules: what it refuses, and what it records. */
class UsersApiTest extends IntegrationTest {

    @Test
    void aHugeDisplayNameIsRefusedNamingTheFieldAndCreatesNothing() {
        var owner = api().signUpNewCompany("Names Co");
        var before = owner.get("/api/v1/users").json().size();
        var created = owner.post("/api/v1/users", Map.of("email", "big-" + UUID.randomUUID() + "@test.example",
                "password", "long-enough", "role", "AGENT", "display_name", "x".repeat(100_000)));
        assertThat(created.status()).isEqualTo(422);
        assertThat(created.errorField()).isEqualTo("display_name");
        assertThat(owner.get("/api/v1/users").json().size()).isEqualTo(before);
    }
}
