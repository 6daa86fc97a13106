package dev.switchboard.tenancy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.support.ApiClient;
import dev.switchboard.support.IntegrationTest;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Sessions and tokens follow the account: a user disabled, removed, demoted, linked to another member or given a new
 * password is treated as they now are, in the browser as through the API. Also guards the doors themselves: CSRF on
 * forms and htmx, a session cookie is not an API credential, and login errors do not tell which emails exist.
 */
class SessionsFollowTheAccountTest extends IntegrationTest {

    private record Created(String id, String email) {
    }

    private Created user(ApiClient owner, String role) {
        var email = role.toLowerCase() + "-" + UUID.randomUUID() + "@test.example";
        var created = owner.post("/api/v1/users", Map.of("email", email, "password", "their-password", "role", role));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return new Created(created.json().get("id").asString(), email);
    }

    @Test
    void aDisabledUsersWebSessionStopsWorking() {
        var owner = api().signUpNewCompany("Disabled Session Co");
        var admin = user(owner, "ADMIN");
        var web = webLogin(admin.email(), "their-password");
        assertThat(web.get("/calls").status()).isEqualTo(200);

        assertThat(owner.put("/api/v1/users/" + admin.id(), Map.of("enabled", false)).status()).isEqualTo(200);

        // Disabled: the account can no longer sign in...
        assertThat(api().post("/api/v1/auth/token", Map.of("email", admin.email(), "password", "their-password")).status())
                .isEqualTo(401);
        // ...and the browser session it already had is over: it neither reads nor changes anything.
        assertThat(web.get("/calls").status()).as("call log after the user was disabled").isEqualTo(302);
        web.get("/settings/communications/phone/general");
        var changed = web.post("/settings/communications/phone/general", "inboundRate", "7");
        assertThat(changed.status()).as("a settings change after the user was disabled").isNotIn(200, 302, 303);
    }

    /** Disabling takes the account's access away for good: re-enabled, it signs in afresh (tokens and sessions stay ended). */
    @Test
    void reEnablingAUserDoesNotReviveTheTokensAndSessionsTheyHadBefore() {
        var owner = api().signUpNewCompany("Re-enabled Co");
        var admin = user(owner, "ADMIN");
        var token = api().login(admin.email(), "their-password");
        var web = webLogin(admin.email(), "their-password");
        assertThat(token.get("/api/v1/me").status()).isEqualTo(200);
        assertThat(web.get("/calls").status()).isEqualTo(200);

        // Disabled and re-enabled with neither the token nor the browser used in between.
        assertThat(owner.put("/api/v1/users/" + admin.id(), Map.of("enabled", false)).status()).isEqualTo(200);
        assertThat(owner.put("/api/v1/users/" + admin.id(), Map.of("enabled", true)).status()).isEqualTo(200);

        assertThat(token.get("/api/v1/me").status()).as("a token issued before the user was disabled").isEqualTo(401);
        assertThat(web.get("/calls").status()).as("a browser session opened before the user was disabled").isEqualTo(302);
        // The user themself is back: a new sign-in works, and their old token is listed as revoked.
        var fresh = api().login(admin.email(), "their-password");
        assertThat(fresh.get("/api/v1/me").status()).isEqualTo(200);
        assertThat(fresh.get("/api/v1/auth/tokens").json().valueStream().filter(t -> !t.get("revoked_at").isNull()).count())
                .as("tokens revoked").isEqualTo(1);
        assertThat(webLogin(admin.email(), "their-password").get("/calls").status()).isEqualTo(200);
        // The audit log says what disabling did.
        var disabled = owner.get("/api/v1/audit-log?entity_type=user").json().valueStream()
                .filter(e -> e.get("entity_id").asString().equals(admin.id())).toList();
        assertThat(disabled.stream().map(e -> e.get("action").asString()))
                .contains("update (disabled, API tokens revoked, signed out)");
    }

    @Test
    void aDeletedUsersWebSessionStopsWorking() {
        var owner = api().signUpNewCompany("Deleted Session Co");
        var admin = user(owner, "ADMIN");
        var web = webLogin(admin.email(), "their-password");
        assertThat(owner.delete("/api/v1/users/" + admin.id()).status()).isEqualTo(204);
        assertThat(web.get("/calls").status()).as("call log after the user was deleted").isEqualTo(302);
    }

    @Test
    void aDemotedAdminsWebSessionLosesTheAdminRole() {
        var owner = api().signUpNewCompany("Demoted Session Co");
        var admin = user(owner, "ADMIN");
        var web = webLogin(admin.email(), "their-password");
        assertThat(web.get("/settings/communications/phone/general").status()).isEqualTo(200);

        assertThat(owner.put("/api/v1/users/" + admin.id(), Map.of("role", "AGENT")).status()).isEqualTo(200);

        // Through the API, the same user is an agent at once (the token's principal is read on every request)...
        var token = api().login(admin.email(), "their-password");
        assertThat(token.get("/api/v1/me").json().get("role").asString()).isEqualTo("AGENT");
        // ...and so in the browser session opened while they were an admin.
        var refused = web.get("/settings/communications/phone/general");
        assertThat(refused.status()).as("an agent reading settings").isEqualTo(403);
        // The refusal is the "Not allowed" page in the app's shell (signed in as them), not an empty answer.
        assertThat(refused.body()).contains("Not allowed", "Your role does not allow this page", admin.email());
        var nothing = web.get("/no-such-page");
        assertThat(nothing.status()).isEqualTo(404);
        assertThat(nothing.body()).contains("Not found", "There is nothing at this address", admin.email());
    }

    @Test
    void aWebSessionCookieDoesNotAuthenticateTheApi() {
        var web = newCompanyOwner("Cookie Api Co");
        assertThat(web.get("/api/v1/me").status()).isEqualTo(401);
    }

    @Test
    void tokensIssuedBeforeAPasswordResetStopWorking() {
        var owner = api().signUpNewCompany("Password Reset Co");
        var agent = user(owner, "AGENT");
        var stolen = api().login(agent.email(), "their-password");
        assertThat(stolen.get("/api/v1/me").status()).isEqualTo(200);
        assertThat(owner.put("/api/v1/users/" + agent.id(), Map.of("password", "a-new-password")).status()).isEqualTo(200);
        assertThat(stolen.get("/api/v1/me").status()).as("a token issued with the old password").isEqualTo(401);
    }

    @Test
    void aNewPasswordEndsTheBrowserSessionsOpenedWithTheOldOne() {
        var owner = api().signUpNewCompany("Password Session Co");
        var admin = user(owner, "ADMIN");
        var web = webLogin(admin.email(), "their-password");
        assertThat(web.get("/calls").status()).isEqualTo(200);
        assertThat(owner.put("/api/v1/users/" + admin.id(), Map.of("password", "a-new-password")).status()).isEqualTo(200);
        assertThat(web.get("/calls").status()).as("the old session after a new password").isEqualTo(302);
        assertThat(webLogin(admin.email(), "a-new-password").get("/calls").status()).isEqualTo(200);
    }

    /** A browser session made by hand, so a test can leave the CSRF token out. */
    private static final java.util.regex.Pattern CSRF = java.util.regex.Pattern.compile("name=\"_csrf\"[^>]*value=\"([^\"]+)\"");

    private java.net.http.HttpResponse<String> send(java.net.http.HttpClient http, String method, String path, String form,
            Map<String, String> headers) throws Exception {
        var b = java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://localhost:" + port + path));
        headers.forEach(b::header);
        if (form == null) {
            b.GET();
        } else {
            b.header("Content-Type", "application/x-www-form-urlencoded").method(method, java.net.http.HttpRequest.BodyPublishers.ofString(form));
        }
        return http.send(b.build(), java.net.http.HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void htmxAndFormPostsWithoutTheCsrfTokenAreRefused() throws Exception {
        var owner = api().signUpNewCompany("Csrf Co");
        var admin = user(owner, "ADMIN");
        var http = java.net.http.HttpClient.newBuilder().cookieHandler(new java.net.CookieManager())
                .followRedirects(java.net.http.HttpClient.Redirect.NEVER).build();
        var login = send(http, "GET", "/login", null, Map.of());
        var m = CSRF.matcher(login.body());
        assertThat(m.find()).isTrue();
        var enc = (java.util.function.Function<String, String>) v -> java.net.URLEncoder.encode(v, java.nio.charset.StandardCharsets.UTF_8);
        var in = send(http, "POST", "/login", "email=" + enc.apply(admin.email()) + "&password=their-password&_csrf=" + enc.apply(m.group(1)), Map.of());
        assertThat(in.statusCode()).isEqualTo(302);
        assertThat(in.headers().firstValue("Location").orElse("")).doesNotContain("error");
        var page = send(http, "GET", "/settings/communications/phone/general", null, Map.of());
        assertThat(page.statusCode()).isEqualTo(200);
        var plain = send(http, "POST", "/settings/communications/phone/general", "inboundRate=9", Map.of("Accept", "text/html"));
        assertThat(plain.statusCode()).isEqualTo(403);
        // Said as it is: the form's security token is missing or out of date (not "your role does not allow").
        assertThat(plain.body()).contains("reload the page").doesNotContain("Your role does not allow");
        var htmx = send(http, "POST", "/settings/communications/phone/general", "inboundRate=9", Map.of("HX-Request", "true"));
        assertThat(htmx.statusCode()).isEqualTo(403);
        var wrong = send(http, "POST", "/settings/communications/phone/general", "inboundRate=9",
                Map.of("HX-Request", "true", "X-CSRF-TOKEN", "not-the-token"));
        assertThat(wrong.statusCode()).isEqualTo(403);
        var logout = send(http, "POST", "/logout", "", Map.of());
        assertThat(logout.statusCode()).isEqualTo(403);
        // The header htmx sends (hx-headers on <body>) is accepted.
        var hm = java.util.regex.Pattern.compile("hx-headers=\"([^\"]+)\"").matcher(page.body());
        assertThat(hm.find()).as("hx-headers on the page").isTrue();
        var headerJson = hm.group(1).replace("&quot;", "\"");
        var hv = java.util.regex.Pattern.compile("\"([^\"]+)\":\\s*\"([^\"]+)\"").matcher(headerJson);
        assertThat(hv.find()).isTrue();
        var ok = send(http, "POST", "/settings/communications/phone/general", "inboundRate=9",
                Map.of("HX-Request", "true", hv.group(1), hv.group(2)));
        assertThat(ok.statusCode()).isNotEqualTo(403);
    }

    @Test
    void loginErrorsDoNotTellWhichEmailsExist() throws Exception {
        var owner = api().signUpNewCompany("Login Errors Co");
        var agent = user(owner, "AGENT");
        var disabled = user(owner, "AGENT");
        owner.put("/api/v1/users/" + disabled.id(), Map.of("enabled", false));
        var messages = new java.util.ArrayList<String>();
        for (var attempt : java.util.List.of(new String[] {agent.email(), "wrong-password"},
                new String[] {"nobody-" + UUID.randomUUID() + "@test.example", "wrong-password"},
                new String[] {disabled.email(), "their-password"})) {
            var http = java.net.http.HttpClient.newBuilder().cookieHandler(new java.net.CookieManager())
                    .followRedirects(java.net.http.HttpClient.Redirect.NEVER).build();
            var m = CSRF.matcher(send(http, "GET", "/login", null, Map.of()).body());
            assertThat(m.find()).isTrue();
            var enc = (java.util.function.Function<String, String>) v -> java.net.URLEncoder.encode(v, java.nio.charset.StandardCharsets.UTF_8);
            var r = send(http, "POST", "/login", "email=" + enc.apply(attempt[0]) + "&password=" + attempt[1] + "&_csrf=" + enc.apply(m.group(1)), Map.of());
            assertThat(r.headers().firstValue("Location").orElse("")).contains("error");
            var body = send(http, "GET", "/login?error", null, Map.of()).body();
            var e = java.util.regex.Pattern.compile("class=\"error\"[^>]*>([^<]*)<").matcher(body);
            messages.add(e.find() ? e.group(1) : "(none)");
        }
        assertThat(messages).as(messages.toString()).containsOnly(messages.getFirst());
        var api = java.util.List.of(
                api().post("/api/v1/auth/token", Map.of("email", agent.email(), "password", "wrong-password")),
                api().post("/api/v1/auth/token", Map.of("email", "nobody-" + UUID.randomUUID() + "@test.example", "password", "x")),
                api().post("/api/v1/auth/token", Map.of("email", disabled.email(), "password", "their-password")));
        assertThat(api.stream().map(r -> r.status() + " " + r.json().get("detail").asString()).distinct().toList()).hasSize(1);
    }

    @Test
    void anAgentRelinkedToAnotherMemberNoLongerActsAsTheFirstInTheBrowser() {
        var owner = api().signUpNewCompany("Relinked Co");
        var first = owner.post("/api/v1/members", Map.of("name", "First", "phone_extension", "201")).json().get("id").asString();
        var second = owner.post("/api/v1/members", Map.of("name", "Second", "phone_extension", "202")).json().get("id").asString();
        var email = "agent-" + UUID.randomUUID() + "@test.example";
        var created = owner.post("/api/v1/users", Map.of("email", email, "password", "their-password", "role", "AGENT", "member_id", first));
        assertThat(created.status()).isEqualTo(201);
        var web = webLogin(email, "their-password");
        web.get("/me");
        assertThat(owner.put("/api/v1/users/" + created.json().get("id").asString(), Map.of("member_id", second)).status()).isEqualTo(200);
        web.get("/me");
        web.post("/me/status", "status", "OFFLINE", "reason", "gone");
        assertThat(owner.get("/api/v1/members/" + first).json().get("availability").get("status").asString())
                .as("the member the user is no longer linked to").isEqualTo("AVAILABLE");
    }
}
