package dev.switchboard.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.support.IntegrationTest;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The pages' source holds no comments written for the developers (which class marks a message heard, why a form is
 * shaped so, walks that found a bug): templates write them as Thymeleaf's parser-level comments, left out of what is
 * sent. They were in every page's source for anyone to read.
 */
class PageSourceTest extends IntegrationTest {

    @Test
    void noPageSendsTheDevelopersComments() {
        var web = newCompanyOwner("Source Plumbing");
        // Rows to show (a member, a customer) and the wizard finished, so the home page is shown, not a redirect.
        var api = api().login(web.email(), "correct-horse");
        api.post("/api/v1/members", java.util.Map.of("name", "Ann Lee", "phone_extension", "101"));
        api.post("/api/v1/customers", java.util.Map.of("name", "Rita Moss", "phone_numbers", List.of("+17735550190")));
        web.get("/setup/done");
        assertThat(web.post("/setup/finish").status()).isEqualTo(302);
        for (var page : List.of("/", "/calls", "/voicemail", "/voicemail/deleted", "/customers", "/me", "/setup/phone", "/setup/extensions", "/setup/done", "/settings/communications/phone/analytics",
                "/settings/communications/phone/general", "/settings/communications/phone/extensions",
                "/settings/communications/phone/routing", "/settings/communications/phone/hours",
                "/settings/communications/phone/holidays", "/settings/communications/phone/holidays/new",
                "/settings/communications/phone/voicemail", "/queues", "/test-call")) {
            var response = web.get(page);
            assertThat(response.status()).as(page).isEqualTo(200);
            assertThat(response.body()).as(page).doesNotContain("<!--");
        }
        var anonymous = dev.switchboard.support.WebClient.anonymous(port);
        assertThat(anonymous.get("/login").body()).doesNotContain("<!--");
        assertThat(anonymous.get("/signup").body()).doesNotContain("<!--");
    }
}
