package dev.switchboard.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.support.IntegrationTest;
import dev.switchboard.support.WebClient;
import org.junit.jupiter.api.Test;

/** The login page, the shell's navigation, log out, and the 404 page. */
class ShellPagesTest extends IntegrationTest {

    @Test
    void theShellShowsCompanyUserAndRoleAndLoggingOutEndsTheSession() {
        var web = webLogin("owner@demo.test", "demo");
        var home = web.get("/");
        assertThat(home.status()).isEqualTo(200);
        assertThat(home.body()).contains("Demo Plumbing").contains("owner@demo.test").contains(">Owner<")
                .as("the role in words on hover too, and one's name leads to one's own page (status, password)")
                .contains("title=\"Your role: owner\"").doesNotContain("Your role: OWNER").contains("href=\"/me\" title=\"owner@demo.test: your status and password\"")
                .contains("Demo mode: the phone carrier is simulated").contains("/webjars/htmx.org/").contains("/webjars/picocss__pico/");
        assertThat(web.get("/webjars/htmx.org/dist/htmx.min.js").status()).isEqualTo(200);

        assertThat(web.get("/calls/00000000-0000-0000-0000-000000000001").status()).isEqualTo(404);
        assertThat(web.get("/me").body()).contains("not linked to a team member");

        var out = web.post("/logout");
        assertThat(out.location()).endsWith("/login?logout");
        assertThat(web.get("/login?logout").body()).contains("You are logged out.");
        assertThat(web.get("/").status()).isEqualTo(302);
    }

    /** The pages seen before signing in sat against the window's left edge, without the margins every other page has. */
    @Test
    void theLoginAndSignUpPagesHaveThePageMarginsOfEveryOtherPage() {
        var visitor = WebClient.anonymous(port);
        assertThat(visitor.get("/login").body()).contains("<main id=\"main\" class=\"container narrow\">");
        assertThat(visitor.get("/signup").body()).contains("<main id=\"main\" class=\"container narrow\">");
    }
}
