package dev.switchboard.tenancy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.support.IntegrationTest;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The sign-up and login pages, through a cookie-keeping HTTP client as a browser would use them. */
class SignupPageTest extends IntegrationTest {

    @Test
    void signingUpOnThePageCreatesAnEmptyCompanyWhoseOwnerCanLogIn() {
        var browser = api();
        var page = browser.get("/signup");
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains("Sign up your company").contains("America/Chicago");

        var email = "page-" + UUID.randomUUID() + "@test.example";
        var bad = browser.postForm("/signup", Map.of("companyName", "", "timezone", "America/Denver",
                "ownerEmail", email, "ownerPassword", "short", "_csrf", csrf(page.body())));
        assertThat(bad.status()).isEqualTo(200);
        assertThat(bad.body()).contains("must not be blank").contains("must be 8 to 72 characters")
                .contains("value=\"" + email + "\"");

        var good = browser.postForm("/signup", Map.of("companyName", "Page Plumbing", "timezone", "America/Denver",
                "ownerEmail", email, "ownerPassword", "long-enough", "_csrf", csrf(bad.body())));
        assertThat(good.status()).isEqualTo(302);
        assertThat(good.header("Location")).endsWith("/login?signedUp");

        var login = browser.get("/login?signedUp");
        var loggedIn = browser.postForm("/login", Map.of("email", email, "password", "long-enough", "_csrf", csrf(login.body())));
        assertThat(loggedIn.status()).isEqualTo(302);
        var home = browser.get("/");
        assertThat(home.status()).isEqualTo(302);
        assertThat(home.header("Location")).endsWith("/setup");
        assertThat(browser.get("/setup/phone").body()).contains("Page Plumbing").contains("Your business phone")
                .contains("<option value=\"America/Denver\" selected=\"selected\">");
        var token = api().login(email, "long-enough");
        assertThat(token.get("/api/v1/members").json().size()).isZero();
    }

    @Test
    void aWrongPasswordOnTheLoginPageSaysSoAndPagesNeedALogin() {
        var browser = api();
        assertThat(browser.get("/").status()).isEqualTo(302);
        var page = browser.get("/login");
        var wrong = browser.postForm("/login", Map.of("email", "nobody-" + UUID.randomUUID() + "@test.example",
                "password", "nope", "_csrf", csrf(page.body())));
        assertThat(wrong.status()).isEqualTo(302);
        assertThat(wrong.header("Location")).endsWith("/login?error");
        assertThat(browser.get("/login?error").body()).contains("wrong email or password");
    }

    static String csrf(String html) {
        var value = html.replaceAll("(?s).*name=\"_csrf\"[^>]*value=\"([^\"]+)\".*", "$1");
        assertThat(value).doesNotContain("<");
        return value;
    }
}
