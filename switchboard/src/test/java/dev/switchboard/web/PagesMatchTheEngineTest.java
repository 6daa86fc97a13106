package dev.switchboard.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.platform.TenantContext;
import dev.switchboard.shared.CompanyId;
import dev.switchboard.support.ApiClient;
import dev.switchboard.support.IntegrationTest;
import dev.switchboard.voicemail.Voicemails;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;

/** The pages set and keep what the engine acts on (auto-reply, menu voice and key messages), offer only what the user may do, and send an ended session to the login page. */
class PagesMatchTheEngineTest extends IntegrationTest {

    @Autowired
    Voicemails voicemails;
    @Autowired
    TransactionTemplate tx;

    private record Agent(ApiClient owner, String memberId, ApiClient agent) {
    }

    private Agent agentOfNewCompany(String name) {
        var owner = api().signUpNewCompany(name);
        var member = owner.post("/api/v1/members", Map.of("name", "Ann Agent", "phone_extension", "401"));
        assertThat(member.status()).as(member.body()).isEqualTo(201);
        var memberId = member.json().get("id").asString();
        return new Agent(owner, memberId, owner.newUser("AGENT", memberId));
    }

    private static boolean autoReply(ApiClient owner, String memberId) {
        return owner.get("/api/v1/members/" + memberId).json().get("availability").get("vacation").get("auto_reply_enabled").asBoolean();
    }

    /** The engine says the vacation message to callers only with auto-reply on; /me cannot keep it on. */
    @Test
    void myStatusKeepsTheVacationAutoReplyWhenTheAgentEditsTheirMessage() {
        var a = agentOfNewCompany("Auto Reply Me Co");
        var start = LocalDate.now(ZoneId.of("America/Chicago")).plusDays(2);
        var set = a.owner().put("/api/v1/members/" + a.memberId() + "/vacation", Map.of("start_date", start.toString(),
                "end_date", start.plusDays(5).toString(), "message", "Ann is away.", "auto_reply_enabled", true));
        assertThat(set.status()).as(set.body()).isEqualTo(200);
        assertThat(autoReply(a.owner(), a.memberId())).isTrue();

        var web = webLogin(a.agent().email(), "their-password");
        var me = web.get("/me");
        assertThat(me.status()).isEqualTo(200);
        assertThat(me.body()).as("the auto-reply switch shown on").containsPattern("name=\"autoReplyEnabled\" value=\"true\" checked");
        // The agent fixes a typo in the message, changing nothing else the page shows (the switch is sent as shown).
        var saved = web.post("/me/vacation", "startDate", start.toString(), "endDate", start.plusDays(5).toString(),
                "message", "Ann is away until next week.", "autoReplyEnabled", "true");
        assertThat(saved.status()).isEqualTo(302);
        assertThat(autoReply(a.owner(), a.memberId())).as("auto-reply after saving the vacation on /me").isTrue();
    }

    @Test
    void theExtensionsVacationDialogKeepsTheAutoReply() {
        var a = agentOfNewCompany("Auto Reply Dialog Co");
        var start = LocalDate.now(ZoneId.of("America/Chicago")).plusDays(2);
        a.owner().put("/api/v1/members/" + a.memberId() + "/vacation", Map.of("start_date", start.toString(),
                "end_date", start.plusDays(5).toString(), "message", "Ann is away.", "auto_reply_enabled", true));
        var admin = a.owner().newUser("ADMIN", null);
        var web = webLogin(admin.email(), "their-password");
        var dialog = web.htmxGet("/settings/communications/phone/extensions/" + a.memberId() + "/vacation");
        assertThat(dialog.status()).isEqualTo(200);
        assertThat(dialog.body()).as("the auto-reply switch shown on").containsPattern("name=\"autoReplyEnabled\" value=\"true\" checked");
        web.htmxPost("/settings/communications/phone/extensions/" + a.memberId() + "/vacation", "startDate", start.toString(),
                "endDate", start.plusDays(5).toString(), "message", "Ann is away until next week.", "autoReplyEnabled", "true");
        assertThat(autoReply(a.owner(), a.memberId())).as("auto-reply after saving the vacation dialog").isTrue();
        // Switched off on the page: off.
        web.htmxPost("/settings/communications/phone/extensions/" + a.memberId() + "/vacation", "startDate", start.toString(),
                "endDate", start.plusDays(5).toString(), "message", "Ann is away until next week.");
        assertThat(autoReply(a.owner(), a.memberId())).as("auto-reply switched off in the dialog").isFalse();
    }

    @Test
    void anAgentCanSwitchTheVacationAutoReplyOnFromMyStatus() {
        var a = agentOfNewCompany("Auto Reply On Co");
        var web = webLogin(a.agent().email(), "their-password");
        var me = web.get("/me");
        assertThat(me.body()).as("/me offers an auto-reply switch").containsIgnoringCase("auto-reply");
        var start = LocalDate.now(ZoneId.of("America/Chicago")).plusDays(2);
        web.post("/me/vacation", "startDate", start.toString(), "endDate", start.plusDays(5).toString(),
                "message", "Ann is away.", "autoReplyEnabled", "true", "autoReply", "true");
        assertThat(autoReply(a.owner(), a.memberId())).isTrue();
    }

    /** Saving a menu on the Call Flows page without touching anything drops what only the API can set. */
    @Test
    void savingAMenuOnThePageKeepsItsVoiceLanguageAndAKeysHangUpMessage() {
        var owner = api().signUpNewCompany("Menu Voice Co");
        var menu = owner.post("/api/v1/ivr-menus", Map.of("name", "Main", "greeting_text", "Press 1 for voicemail, 9 to end.",
                "greeting_voice", "female", "greeting_language", "en-GB",
                "options", Map.of("1", Map.of("kind", "VOICEMAIL"), "9", Map.of("kind", "HANGUP", "message", "Goodbye from Menu Voice."))));
        assertThat(menu.status()).as(menu.body()).isEqualTo(201);
        var id = menu.json().get("menu").get("id").asString();
        var before = owner.get("/api/v1/ivr-menus/" + id).json();
        assertThat(before.path("greeting_voice").asString("")).isEqualTo("female");
        assertThat(before.path("greeting_language").asString("")).isEqualTo("en-GB");
        assertThat(before.get("options").get("9").path("message").asString("")).isEqualTo("Goodbye from Menu Voice.");

        var web = webLogin(owner.email(), "correct-horse");
        var edit = web.get("/settings/communications/phone/call-flows/" + id);
        assertThat(edit.status()).isEqualTo(200);
        assertThat(edit.body()).as("key 9's words shown in its row").contains("value=\"Goodbye from Menu Voice.\"");
        // Every field the form has, as the page shows it.
        var saved = web.post("/settings/communications/phone/call-flows/" + id, "name", "Main",
                "greetingText", "Press 1 for voicemail, 9 to end.", "greetingMediaId", "",
                "k1Kind", "VOICEMAIL", "k1Member", "", "k1Rule", "", "k1Number", "",
                "k9Kind", "HANGUP", "k9Member", "", "k9Rule", "", "k9Number", "Goodbye from Menu Voice.",
                "extensionPrefix", "", "timeoutSeconds", "5", "maxRetries", "2",
                "invalidPrompt", "Sorry, that is not a valid choice.", "timeoutPrompt", "Sorry, I did not hear a choice.",
                "invalidKind", "", "timeoutKind", "");
        assertThat(saved.status()).as(saved.body()).isEqualTo(302);

        var after = owner.get("/api/v1/ivr-menus/" + id).json();
        org.assertj.core.api.SoftAssertions.assertSoftly(soft -> {
            soft.assertThat(after.get("options").get("9").path("message").asString("")).as("key 9's goodbye")
                    .isEqualTo("Goodbye from Menu Voice.");
            soft.assertThat(after.path("greeting_voice").asString("")).as("menu voice").isEqualTo("female");
            soft.assertThat(after.path("greeting_language").asString("")).as("menu language").isEqualTo("en-GB");
        });
    }

    /** The API can close the business until a time or open it until the next change; the Hours tab can neither, nor show one. */
    @Test
    void theHoursTabShowsAndOffersOverrides() {
        var owner = api().signUpNewCompany("Override Co");
        var until = Instant.now().plusSeconds(7200);
        var override = owner.post("/api/v1/business-hours/overrides", Map.of("kind", "CLOSED_UNTIL", "until", until.toString(),
                "reason", "Staff meeting"));
        assertThat(override.status()).as(override.body()).isEqualTo(201);
        var web = webLogin(owner.email(), "correct-horse");
        var page = web.get("/settings/communications/phone/hours");
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).as("an active override shown with a way to cancel it")
                .contains("Staff meeting")
                .containsPattern("<form[^>]+action=\"[^\"]*overrides/" + override.json().get("id").asString());
        assertThat(page.body()).as("a way to open until the next change or close until a time")
                .containsPattern("<form[^>]+action=\"[^\"]*overrides\"");
        // Cancelled on the page: gone, and the API agrees.
        var cancelled = web.post("/settings/communications/phone/hours/overrides/" + override.json().get("id").asString() + "/cancel");
        assertThat(cancelled.status()).isEqualTo(302);
        assertThat(web.get("/settings/communications/phone/hours").body()).doesNotContain("Staff meeting");
        // Closed until a local time typed on the page; a time that is not one changes nothing and says why.
        var local = java.time.LocalDateTime.now(ZoneId.of("America/Chicago")).plusHours(3).withSecond(0).withNano(0);
        assertThat(web.post("/settings/communications/phone/hours/overrides", "kind", "CLOSED_UNTIL", "until", local.toString(),
                "reason", "Inventory").status()).isEqualTo(302);
        var closed = web.get("/settings/communications/phone/hours").body();
        assertThat(closed).contains("Inventory").contains("<strong>Closed</strong>");
        assertThat(owner.get("/api/v1/business-hours/open").json().get("open").asBoolean()).isFalse();
        // Refused beside the form (422), what was typed kept in it, so it can be corrected rather than typed again.
        var notATime = web.post("/settings/communications/phone/hours/overrides", "kind", "CLOSED_UNTIL", "until", "soon",
                "reason", "Burst main");
        assertThat(notATime.status()).isEqualTo(422);
        assertThat(notATime.body()).contains("Nothing was changed: until: must be a date and time")
                .contains("value=\"soon\"").contains("value=\"Burst main\"");
        var past = local.minusHours(6);
        var inThePast = web.post("/settings/communications/phone/hours/overrides", "kind", "CLOSED_UNTIL", "until", past.toString(),
                "reason", "Burst main");
        assertThat(inThePast.status()).isEqualTo(422);
        assertThat(inThePast.body()).contains("until: must be in the future").contains("value=\"" + past + "\"");
        assertThat(web.get("/settings/communications/phone/hours").body()).doesNotContain("Burst main");
    }

    /** An htmx request whose session has ended gets a 302 to the login page, which htmx follows and swaps into the fragment's place. */
    @Test
    void anHtmxRequestAfterTheSessionEndedIsToldToReloadTheLoginPage() throws Exception {
        var owner = api().signUpNewCompany("Htmx Login Co");
        var member = owner.post("/api/v1/members", Map.of("name", "Bo", "phone_extension", "402")).json().get("id").asString();
        var adminEmail = "admin-" + UUID.randomUUID() + "@test.example";
        var created = owner.post("/api/v1/users", Map.of("email", adminEmail, "password", "their-password", "role", "ADMIN"));
        var web = webLogin(adminEmail, "their-password");
        assertThat(web.htmxGet("/settings/communications/phone/extensions/" + member + "/edit").status()).isEqualTo(200);
        assertThat(owner.put("/api/v1/users/" + created.json().get("id").asString(), Map.of("enabled", false)).status()).isEqualTo(200);
        var after = web.htmxGet("/settings/communications/phone/extensions/" + member + "/edit");
        assertThat(after.status()).as("an htmx request of an ended session (Location " + after.location() + ")").isNotEqualTo(302);

        // The same for a browser with no session at all, with the header htmx acts on.
        var http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
        var response = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/settings/communications/phone/routing"))
                .header("HX-Request", "true").GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.headers().firstValue("HX-Redirect").or(() -> response.headers().firstValue("HX-Refresh")))
                .as("status " + response.statusCode() + ", Location " + response.headers().firstValue("Location").orElse("")).isPresent();
    }

    /** Agents and supervisors are shown Delete on messages they may not delete; the click ends on a 403 page. */
    @Test
    void theInboxOffersDeleteOnlyWhereTheUserMayDelete() {
        var a = agentOfNewCompany("Inbox Delete Co");
        var web = webLogin(a.agent().email(), "their-password");
        var id = new UUID[1];
        var companyId = companyIdOf(a.owner());
        TenantContext.runAs(CompanyId.of(companyId), () -> tx.executeWithoutResult(s ->
                id[0] = voicemails.deposit(null, UUID.randomUUID(), "+17735550111", Instant.now(), 12, null)));
        var inbox = web.get("/voicemail");
        assertThat(inbox.body()).contains("vm-" + id[0]);
        var delete = web.post("/voicemail/" + id[0] + "/delete");
        assertThat(delete.status()).isEqualTo(403);
        assertThat(inbox.body()).as("no Delete button on a shared message an agent may not delete")
                .doesNotContain("/voicemail/" + id[0] + "/delete");
    }

    private static String companyIdOf(ApiClient owner) {
        for (var path : List.of("/api/v1/company", "/api/v1/companies/current", "/api/v1/me")) {
            var r = owner.get(path);
            if (r.status() == 200 && r.json() != null) {
                for (var f : List.of("company_id", "id")) {
                    if (r.json().hasNonNull(f)) {
                        return r.json().get(f).asString();
                    }
                }
            }
        }
        throw new AssertionError("no company id");
    }
}
