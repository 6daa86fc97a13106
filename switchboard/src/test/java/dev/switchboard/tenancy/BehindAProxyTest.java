package dev.switchboard.tenancy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.support.IntegrationTest;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;

/**
 * Behind a load balancer (here: this machine, trusted as the proxy), the client's address is the one it forwards, so the
 * login and sign-up limits count each client on its own and not everyone as the balancer; and the sign-up limit answers
 * 429 with when to try again.
 */
@TestPropertySource(properties = {"server.forward-headers-strategy=native",
        "server.tomcat.remoteip.internal-proxies=127.0.0.1/32, ::1/128", "switchboard.signup.max-per-address=3"})
class BehindAProxyTest extends IntegrationTest {

    @Autowired
    JdbcClient jdbc;

    private static String someAddress() {
        var r = new java.util.Random();
        return "10." + r.nextInt(256) + "." + r.nextInt(256) + "." + (1 + r.nextInt(254));
    }

    private static Map<String, String> signup(String email) {
        return Map.of("company_name", "Proxy Co", "timezone", "America/Chicago", "owner_email", email,
                "owner_password", "correct-horse");
    }

    @Test
    void aFailedLoginIsCountedAgainstTheForwardedAddress() {
        var client = someAddress();
        var account = "nobody-" + UUID.randomUUID() + "@test.example";
        var failed = api().forwardedFor(client).post("/api/v1/auth/token", Map.of("email", account, "password", "wrong-password"));
        assertThat(failed.status()).isEqualTo(401);
        assertThat(jdbc.sql("select address from login_failures where account = :a").param("a", account).query(String.class).list())
                .containsExactly(client);
    }

    @Test
    void theFourthSignUpFromOneAddressInAnHourIsRefusedWith429AndCreatesNothing() {
        var client = someAddress();
        for (int i = 0; i < 3; i++) {
            var ok = api().forwardedFor(client).post("/api/v1/signup", signup("owner-" + UUID.randomUUID() + "@test.example"));
            assertThat(ok.status()).as(ok.body()).isEqualTo(201);
        }
        var email = "owner-" + UUID.randomUUID() + "@test.example";
        var refused = api().forwardedFor(client).post("/api/v1/signup", signup(email));
        assertThat(refused.status()).as(refused.body()).isEqualTo(429);
        assertThat(refused.json().get("detail").asString()).contains("too many sign-ups from your address", "try again in 60 minutes");
        assertThat(Long.parseLong(refused.header("Retry-After"))).isBetween(3000L, 3600L);
        assertThat(api().post("/api/v1/auth/token", Map.of("email", email, "password", "correct-horse")).status())
                .as("the refused sign-up's owner").isEqualTo(401);
        // The page says it too, keeping what was typed (but the password).
        var browser = api().forwardedFor(client);
        var page = browser.get("/signup");
        var form = browser.postForm("/signup", Map.of("companyName", "Page Proxy Co", "timezone", "America/Denver",
                "ownerName", "Pat Proxy", "ownerEmail", email, "ownerPassword", "long-enough", "_csrf", SignupPageTest.csrf(page.body())));
        assertThat(form.status()).isEqualTo(429);
        assertThat(form.header("Retry-After")).isNotNull();
        assertThat(form.body()).contains("too many sign-ups from your address").contains("value=\"" + email + "\"");
        // Another client behind the same balancer is not held up.
        assertThat(api().forwardedFor(someAddress()).post("/api/v1/signup", signup(email)).status()).isEqualTo(201);
    }
}
