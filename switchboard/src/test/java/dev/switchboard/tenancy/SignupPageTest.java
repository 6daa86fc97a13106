package dev.switchboard.tenancy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.support.IntegrationTest;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The sign-up and login pages, through a cookie-keeping HTTP client as a browser would use them. */
class SignupPageTest extends IntegrationTest {

    @Test
    void signingUpOnThePageCreatesAnEmptyCompanyWhoseOwnerIsSignedInAtOnce() {
        var browser = api();
        var page = browser.get("/signup");
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains("Sign up your company").contains("America/Chicago (Central Time)");

        var email = "page-" + UUID.randomUUID() + "@test.example";
        var bad = browser.postForm("/signup", Map.of("companyName", "", "timezone", "America/Denver",
                "ownerEmail", email, "ownerPassword", "short", "_csrf", csrf(page.body())));
        assertThat(bad.status()).as("refused as every form's refusal is, not a 200").isEqualTo(422);
        assertThat(bad.body()).contains("must not be blank").contains("must be 8 to 72 characters")
                .contains("value=\"" + email + "\"");

        assertThat(bad.body()).as("the owner's name is asked for, and refused blank naming the field")
                .contains("Your name").contains("id=\"ownerName-error\"");
        var tooLong = browser.postForm("/signup", Map.of("companyName", "Page Plumbing", "timezone", "America/Denver",
                "ownerName", "P".repeat(201), "ownerEmail", email, "ownerPassword", "long-enough", "_csrf", csrf(bad.body())));
        assertThat(tooLong.status()).isEqualTo(422);
        assertThat(tooLong.body()).contains("id=\"ownerName-error\"").contains("must be at most 200 characters");
        var control = api().post("/api/v1/signup", Map.of("company_name", "Page Plumbing", "timezone", "America/Denver",
                "owner_name", "Pat\u0007", "owner_email", email, "owner_password", "long-enough"));
        assertThat(control.status()).as("refused as every control character is, naming the field").isEqualTo(400);
        assertThat(control.errorField()).isEqualTo("owner_name");

        var before = sessionCookie(page);
        var staleCsrf = csrf(tooLong.body());
        var good = browser.postForm("/signup", Map.of("companyName", "Page Plumbing", "timezone", "America/Denver",
                "ownerName", "Pat Page", "ownerEmail", email, "ownerPassword", "long-enough", "_csrf", staleCsrf));
        // Signed in at once, as a login does, and sent where a login sends a new company: home, then the setup wizard.
        assertThat(good.status()).isEqualTo(302);
        assertThat(good.header("Location")).endsWith("/").doesNotContain("login");
        assertThat(sessionCookie(good)).as("a new session id, as the login form gives (session fixation)")
                .isNotNull().isNotEqualTo(before);
        var home = browser.get("/");
        assertThat(home.status()).isEqualTo(302);
        assertThat(home.header("Location")).endsWith("/setup");
        var wizard = browser.get("/setup/phone");
        assertThat(wizard.status()).isEqualTo(200);
        assertThat(csrf(wizard.body())).as("a new CSRF token, as after a login").isNotEqualTo(staleCsrf);
        assertThat(browser.postForm("/logout", Map.of("_csrf", staleCsrf)).status())
                .as("the token of the page before signing in is no longer taken").isEqualTo(403);
        assertThat(browser.get("/setup/phone").body()).contains("Page Plumbing").contains("Your business phone")
                .contains("<option value=\"America/Denver\" selected=\"selected\">");
        var token = api().login(email, "long-enough");
        assertThat(browser.get("/setup/phone").body()).as("the navigation names the owner").contains(">Pat Page<");
        assertThat(token.get("/api/v1/users").json().get(0).get("display_name").asString()).isEqualTo("Pat Page");
        assertThat(token.get("/api/v1/members").json().size()).isZero();
    }

    @Test
    void theTimezoneListsOfferCanonicalZonesOnlyWithTheCompanysOwnAliasKeptAndSelected() {
        var signup = api().get("/signup").body();
        assertThat(signup).contains("<option value=\"America/Chicago\" selected=\"selected\">")
                .contains("value=\"America/Argentina/Buenos_Aires\"").contains("value=\"Europe/Amsterdam\"")
                .contains("value=\"UTC\"")
                .doesNotContain("value=\"America/Buenos_Aires\"").doesNotContain("value=\"US/Central\"")
                .doesNotContain("value=\"Etc/GMT+5\"").doesNotContain("value=\"SystemV/CST6\"");
        assertThat(signup.split("<option ").length - 1).as("one zone per country and region, not the JDK's ~600")
                .isBetween(350, 450);

        // A client (or an older form) may still post an alias: accepted and kept as given, and shown chosen.
        var owner = api().signUpNewCompany("Alias Time Co");
        assertThat(owner.put("/api/v1/company", Map.of("name", "Alias Time Co", "timezone", "US/Central")).status())
                .isEqualTo(200);
        assertThat(owner.get("/api/v1/company").json().get("timezone").asString()).isEqualTo("US/Central");
        var web = webLogin(owner.email(), "correct-horse");
        for (var page : new String[] {"/setup/phone", "/settings/communications/phone/hours"}) {
            var body = web.get(page).body();
            assertThat(body).as(page).contains("<option value=\"US/Central\" selected=\"selected\">")
                    .doesNotContain("value=\"US/Eastern\"").contains("value=\"America/Chicago\"");
        }
    }

    @Test
    void aWrongPasswordOnTheLoginPageSaysSoAndPagesNeedALogin() {
        var browser = api();
        assertThat(browser.get("/").status()).isEqualTo(302);
        var page = browser.get("/login");
        var email = "nobody-" + UUID.randomUUID() + "@test.example";
        var wrong = browser.postForm("/login", Map.of("email", email, "password", "nope", "_csrf", csrf(page.body())));
        assertThat(wrong.status()).isEqualTo(302);
        assertThat(wrong.header("Location")).endsWith("/login?error").doesNotContain("test.example");
        // The email typed is kept (only the password is typed again, where the cursor is); it was an empty box.
        assertThat(browser.get("/login?error").body()).contains("wrong email or password")
                .contains("value=\"" + email + "\"").containsPattern("id=\"password\"[^>]*autofocus");
        assertThat(browser.get("/login").body()).as("once").doesNotContain(email);
    }

    /** The session id a response sets, or null. */
    private static String sessionCookie(dev.switchboard.support.ApiClient.Response response) {
        var cookies = response.headers().getOrDefault("set-cookie", java.util.List.of());
        return cookies.stream().filter(c -> c.startsWith("JSESSIONID=")).map(c -> c.substring(11, c.indexOf(';')))
                .findFirst().orElse(null);
    }

    /**
     * Empty fields are not marked valid before anything is typed (aria-invalid="false" drew a green tick beside Company name
     * and Your name), and an email already signed up is refused with the way to log in with it.
     */
    @Test
    void emptyFieldsShowNoTickAndATakenEmailLinksToTheLogin() {
        var browser = api();
        var page = browser.get("/signup");
        assertThat(page.body()).doesNotContain("aria-invalid=\"false\"").doesNotContain("aria-invalid");
        var owner = api().signUpNewCompany("First Heating");
        var taken = browser.postForm("/signup", Map.of("companyName", "Second Heating", "timezone", "America/Chicago",
                "ownerName", "Sam Second", "ownerEmail", owner.email(), "ownerPassword", "long-enough", "_csrf", csrf(page.body())));
        assertThat(taken.status()).isEqualTo(422);
        assertThat(taken.body()).contains("a user with this email already exists</span>: if it is yours, <a href=\"/login\">log in</a> "
                + "with it instead.").contains("id=\"ownerEmail\"").contains("aria-invalid=\"true\" aria-describedby=\"ownerEmail-error\"")
                .as("only the refused field is marked").doesNotContain("aria-invalid=\"false\"");
    }

    static String csrf(String html) {
        var value = html.replaceAll("(?s).*name=\"_csrf\"[^>]*value=\"([^\"]+)\".*", "$1");
        assertThat(value).doesNotContain("<");
        return value;
    }
}
