package dev.switchboard.voicemail.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.platform.TenantContext;
import dev.switchboard.shared.CompanyId;
import dev.switchboard.support.IntegrationTest;
import dev.switchboard.voicemail.Voicemails;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;

/** The Voicemail settings tab and the voicemail inbox. */
class VoicemailPagesTest extends IntegrationTest {

    @Autowired
    Voicemails voicemails;
    @Autowired
    TransactionTemplate tx;
    @Autowired
    org.springframework.jdbc.core.simple.JdbcClient jdbc;

    @Test
    void mailboxSettingsAreCheckedAndSaved() throws Exception {
        var web = newCompanyOwner("Mailbox Movers");
        var page = web.get("/settings/communications/phone/voicemail");
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains("General mailbox").contains("Transcribe messages")
                .contains("Unheard messages are kept until someone listens");

        var bad = web.post("/settings/communications/phone/voicemail", "greetingType", "TEXT_TO_SPEECH", "greetingText", "",
                "emailEnabled", "true", "emailAddresses", "", "retention", "90", "maxMessageSeconds", "900");
        assertThat(bad.status()).isEqualTo(422);
        assertThat(bad.body()).contains("a text-to-speech greeting needs its text").contains("must be 30 to 300 seconds")
                .contains("email notification needs at least one address");

        // An uploaded recording chosen without a file: told to choose one here, not the API's endpoint.
        var noFile = web.post("/settings/communications/phone/voicemail", "greetingType", "AUDIO", "retention", "90",
                "maxMessageSeconds", "120");
        assertThat(noFile.status()).isEqualTo(422);
        assertThat(noFile.body()).contains("id=\"greetingFile-error\">an audio greeting needs an uploaded file: choose a WAV or MP3"
                + " file (up to 5 MB) to upload, or another kind of greeting<").doesNotContain("/api/v1/media");

        var good = web.post("/settings/communications/phone/voicemail", "greetingType", "TEXT_TO_SPEECH",
                "greetingText", "You reached Mailbox Movers.", "emailEnabled", "true", "emailAddresses", "office@movers.test",
                "transcriptionEnabled", "true", "retention", "forever", "maxMessageSeconds", "180");
        assertThat(good.status()).isEqualTo(302);
        var after = web.get("/settings/communications/phone/voicemail").body();
        assertThat(after).contains("Voicemail settings saved.").contains("You reached Mailbox Movers.")
                .contains("<option value=\"forever\" selected").contains("value=\"180\"");

        var uploaded = web.postFile("/settings/communications/phone/voicemail", "greetingFile", "hello.wav", "audio/wav",
                dev.switchboard.support.TestAudio.wav(), "greetingType", "AUDIO", "retention", "90",
                "maxMessageSeconds", "120", "transcriptionEnabled", "true");
        assertThat(uploaded.status()).isEqualTo(302);
        assertThat(web.get("/settings/communications/phone/voicemail").body()).contains("<audio controls").contains("/media/");
    }

    /**
     * The tab's greeting is My status's (one fragment): a text-to-speech greeting's voice and language are chosen here
     * too, kept and shown again; a bad one is refused beside its field, what was typed kept, and nothing changes.
     */
    @Test
    void aSpokenGreetingsVoiceAndLanguageAreSavedShownAgainAndCheckedAsOnMyStatus() {
        var web = newCompanyOwner("Voiced Movers");
        var owner = api().login(web.email(), "correct-horse");
        var page = web.get("/settings/communications/phone/voicemail").body();
        assertThat(page).contains("id=\"greetingVoice\"").contains("id=\"greetingLanguage\"")
                .as("voices and languages offered by name, each stored by its id")
                .contains("<option value=\"AWS.Polly.Joanna-Neural\">Joanna — US English, female (natural)</option>")
                .contains("<option value=\"es-US\">US Spanish</option>").doesNotContain("such as female or Polly.Joanna")
                .contains("Mobile number to text").doesNotContain("SMS number");

        var good = web.post("/settings/communications/phone/voicemail", "greetingType", "TEXT_TO_SPEECH",
                "greetingText", "You reached Voiced Movers.", "greetingVoice", "Polly.Joanna", "greetingLanguage", "en-GB",
                "retention", "90", "maxMessageSeconds", "120");
        assertThat(good.status()).as(good.body()).isEqualTo(302);
        assertThat(web.get("/settings/communications/phone/voicemail").body())
                .as("the voice chosen is shown by its name, its id as it was stored")
                .contains("<option value=\"Polly.Joanna\" selected=\"selected\">Joanna — US English, female</option>")
                .contains("<option value=\"en-GB\" selected=\"selected\">British English</option>");
        var settings = owner.get("/api/v1/voicemail/settings").json().get("settings");
        assertThat(settings.get("greeting_voice").asString()).isEqualTo("Polly.Joanna");
        assertThat(settings.get("greeting_language").asString()).isEqualTo("en-GB");

        var before = owner.get("/api/v1/voicemail/settings").json().get("settings").toString();
        var badVoice = web.post("/settings/communications/phone/voicemail", "greetingType", "TEXT_TO_SPEECH",
                "greetingText", "Changed text.", "greetingVoice", "Joanna <3", "greetingLanguage", "en-US",
                "retention", "90", "maxMessageSeconds", "120");
        assertThat(badVoice.status()).isEqualTo(422);
        assertThat(badVoice.body()).contains("Nothing was saved")
                .contains("id=\"greetingVoice-error\">must be a voice&#39;s name, such as female, male or AWS.Polly.Joanna (letters, digits, dots and dashes only)<")
                .as("what was sent stays, to be corrected").contains("<option value=\"Joanna &lt;3\" selected=\"selected\">Other voice: Joanna &lt;3</option>");
        var badLanguage = web.post("/settings/communications/phone/voicemail", "greetingType", "TEXT_TO_SPEECH",
                "greetingText", "Changed text.", "greetingVoice", "female", "greetingLanguage", "English please",
                "retention", "90", "maxMessageSeconds", "120");
        assertThat(badLanguage.status()).isEqualTo(422);
        assertThat(badLanguage.body()).contains("id=\"greetingLanguage-error\">must be a language code such as en-US (US English) or es-US (US Spanish)<")
                .contains("value=\"English please\"");
        assertThat(owner.get("/api/v1/voicemail/settings").json().get("settings").toString()).isEqualTo(before);
    }

    /**
     * Without an SMTP server no email goes out: the notifications wait and are retried, which only the server's log said.
     * The tab says so beside the switch, and a save that turns email on (on the tab or through the API) warns.
     */
    @Test
    void emailNotificationsSayWhenNoEmailServerIsSetUp() {
        var web = newCompanyOwner("Unmailed Movers");
        var tab = web.get("/settings/communications/phone/voicemail").body();
        assertThat(tab).as("in an owner's words; the setting's name only in a muted note for whoever runs the server")
                .contains("Note: Switchboard cannot send emails yet, as no email server is connected to it: new-message emails "
                        + "wait, and go out once one is.")
                .contains("<small class=\"muted\" id=\"no-email-server-it\">For your IT person: set SPRING_MAIL_HOST");
        assertThat(tab.replaceAll("<small class=\"muted\" id=\"no-email-server-it\">[^<]*</small>", "")).doesNotContain("SPRING_MAIL_HOST");

        var saved = web.post("/settings/communications/phone/voicemail", "greetingType", "DEFAULT", "emailEnabled", "true",
                "emailAddresses", "office@movers.test", "retention", "90", "maxMessageSeconds", "120");
        assertThat(saved.status()).isEqualTo(302);
        assertThat(web.get("/settings/communications/phone/voicemail").body())
                .contains("Voicemail settings saved. Note: Switchboard cannot send emails yet, as no email server is connected "
                        + "to it: new-message emails wait, and go out once one is.");

        var api = api().signUpNewCompany("Unmailed Api Movers");
        var put = api.put("/api/v1/voicemail/settings", java.util.Map.of("email_enabled", true, "email_addresses",
                java.util.List.of("office@movers.test")));
        assertThat(put.status()).as(put.body()).isEqualTo(200);
        assertThat(put.json().get("warnings").findValuesAsString("message")).contains(dev.switchboard.voicemail.Mailboxes.NO_EMAIL_SERVER);
    }

    @Test
    void theInboxPlaysReadsMarksHeardAndDeletes() {
        var web = newCompanyOwner("Inbox Installers");
        var company = CompanyId.of(web.companyId());
        var id = new UUID[1];
        TenantContext.runAs(company, () -> tx.executeWithoutResult(s ->
                id[0] = voicemails.deposit(null, UUID.randomUUID(), "+17735550111", Instant.now(), 12, null)));
        TenantContext.runAs(company, () -> tx.executeWithoutResult(s -> voicemails.transcribed(id[0], "Please call me back about the boiler.")));

        var inbox = web.get("/voicemail");
        assertThat(inbox.status()).isEqualTo(200);
        assertThat(inbox.body()).contains("General mailbox").doesNotContain("Shared mailbox").contains("(773) 555-0111").contains("Please call me back about the boiler.")
.contains(">New<")
                .contains("unheard messages are kept until someone listens");
        assertThat(inbox.body()).as("a 12 s message is a message").doesNotContain("Very short");
        assertThat(inbox.body()).as("deleting a message nobody heard asks so, and says where it goes")
                .contains("data-confirm-new=\"Nobody has listened to this message yet. Move it to Deleted anyway? It can be restored there for 30 days.\"")
                .contains("data-confirm-by-state");
        web.post("/voicemail/" + id[0] + "/heard", "heard", "true");
        assertThat(web.get("/voicemail").body()).contains("Marked as heard.").doesNotContain(">New<").contains("Mark as new")
                .contains("data-confirm-heard=\"Move this message to Deleted? It can be restored there for 30 days.\"");
        var supervisor = webLogin("maria@demo.test", "demo-agent");
        assertThat(supervisor.get("/voicemail").body()).contains("My mailbox").contains("Open a member's mailbox");
        web.post("/voicemail/" + id[0] + "/delete");
        assertThat(web.get("/voicemail").body()).contains("Message moved to Deleted: it can be restored there for 30 days.")
                .doesNotContain("(773) 555-0111");
        // A caller who hung up on the beep: the second kept is marked, so nobody waits for words in it.
        TenantContext.runAs(company, () -> tx.executeWithoutResult(s ->
                voicemails.deposit(null, UUID.randomUUID(), "+17735550112", Instant.now(), 1, null)));
        assertThat(web.get("/voicemail").body()).contains("(773) 555-0112").contains(">Very short<");
    }

    @Test
    void aMessageFromAKnownCustomerLinksToTheirPage() {
        var web = newCompanyOwner("Inbox Customer Plumbing");
        var api = api().login(web.email(), "correct-horse");
        var customer = api.post("/api/v1/customers", java.util.Map.of("name", "Rita Moreno", "phone_numbers",
                java.util.List.of("+17735550121"))).json().get("id").asString();
        TenantContext.runAs(CompanyId.of(web.companyId()), () -> tx.executeWithoutResult(s -> voicemails.deposit(null,
                UUID.randomUUID(), UUID.fromString(customer), "+17735550121", Instant.now(), 12, null, null, Instant.now())));
        var inbox = web.get("/voicemail").body();
        assertThat(inbox).containsPattern("<a href=\"/customers/" + customer + "\">Rita Moreno</a>\\s*<span>· \\(773\\) 555-0121</span>");
        // A caller no customer has is their number, with nothing to link to.
        TenantContext.runAs(CompanyId.of(web.companyId()), () -> tx.executeWithoutResult(s -> voicemails.deposit(null,
                UUID.randomUUID(), "+17735550122", Instant.now(), 12, null)));
        assertThat(web.get("/voicemail").body()).contains("<strong>(773) 555-0122</strong>");
    }

    @Test
    void aDeletedMembersMessagesInTheGeneralMailboxStillSayWhomTheyWereFor() {
        var web = newCompanyOwner("Whose Caller Heating");
        var api = api().login(web.email(), "correct-horse");
        var company = CompanyId.of(web.companyId());
        var ann = UUID.fromString(api.post("/api/v1/members", java.util.Map.of("name", "Ann Field")).json().get("id").asString());
        var ids = new UUID[2];
        TenantContext.runAs(company, () -> tx.executeWithoutResult(s -> {
            ids[0] = voicemails.deposit(ann, UUID.randomUUID(), "+17735550121", Instant.now(), 12, null);
            ids[1] = voicemails.deposit(null, UUID.randomUUID(), "+17735550122", Instant.now(), 9, null);
        }));
        assertThat(api.get("/api/v1/voicemail/messages/" + ids[0]).json().get("was_for").isNull()).as("still in her box").isTrue();

        assertThat(api.delete("/api/v1/members/" + ann).status()).isEqualTo(204);
        var moved = api.get("/api/v1/voicemail/messages/" + ids[0]).json();
        assertThat(moved.get("box").asString()).isEqualTo("general");
        assertThat(moved.get("member_id").isNull()).isTrue();
        assertThat(moved.get("was_for").asString()).isEqualTo("Ann Field");
        assertThat(api.get("/api/v1/voicemail/messages/" + ids[1]).json().get("was_for").isNull())
                .as("a message left for the general box was for nobody in particular").isTrue();

        var inbox = web.get("/voicemail").body();
        assertThat(inbox).contains("General mailbox").doesNotContain("Shared mailbox").containsPattern("\\(773\\) 555-0121</strong>\\s*<span class=\"pill\">was for Ann Field</span>");
        assertThat(inbox.split("was for ").length - 1).as("only the moved message says so").isEqualTo(1);
    }

    /**
     * Every notification of a member's message links to their box ("/voicemail?box=<member>#vm-<message>"), as do
     * bookmarks: once the member leaves the company, the link leads to the general mailbox their messages moved to, saying
     * so, not to a "team member not found" page; the API's refusal of their box says where the messages went too.
     */
    @Test
    void aLinkToTheMailboxOfAMemberWhoLeftOpensTheGeneralMailboxWhereTheirMessagesAre() {
        var web = newCompanyOwner("Left Box Heating");
        var api = api().login(web.email(), "correct-horse");
        var company = CompanyId.of(web.companyId());
        var ann = UUID.fromString(api.post("/api/v1/members", java.util.Map.of("name", "Ann Field")).json().get("id").asString());
        var ids = new UUID[1];
        TenantContext.runAs(company, () -> tx.executeWithoutResult(s ->
                ids[0] = voicemails.deposit(ann, UUID.randomUUID(), "+17735550121", Instant.now(), 12, null)));
        assertThat(api.delete("/api/v1/members/" + ann).status()).isEqualTo(204);

        var link = web.get("/voicemail?box=" + ann);
        assertThat(link.status()).isEqualTo(302);
        assertThat(link.location()).endsWith("/voicemail?box=general");
        assertThat(web.get("/voicemail?box=general").body())
                .contains("Ann Field is no longer on the team: the messages of their mailbox are in the general mailbox, each saying it was for them.")
                .contains("was for Ann Field");
        var deleted = web.get("/voicemail/deleted?box=" + ann);
        assertThat(deleted.status()).isEqualTo(302);
        assertThat(deleted.location()).endsWith("/voicemail/deleted?box=general");

        var refused = api.get("/api/v1/voicemail/messages?box=" + ann);
        assertThat(refused.status()).isEqualTo(422);
        assertThat(refused.json().get("detail").asString()).contains("Ann Field was removed from the team")
                .contains("their messages are in the general mailbox (box=general), was_for naming them");
        assertThat(web.get("/voicemail?box=" + UUID.randomUUID()).status()).as("a box that never was").isEqualTo(404);
    }

    @Test
    void playingAMessageInThePageMarksItHeardButFetchingItsAudioDoesNot() throws Exception {
        var owner = api().signUpNewCompany("Player Plumbers");
        var web = webLogin(owner.email(), "correct-horse");
        var bob = owner.post("/api/v1/members", java.util.Map.of("name", "Bob Stone")).json().get("id").asString();
        var agentEmail = "agent-" + UUID.randomUUID() + "@test.example";
        owner.post("/api/v1/users", java.util.Map.of("email", agentEmail, "password", "long-enough", "role", "AGENT"));
        var company = CompanyId.of(owner.get("/api/v1/me").json().get("company_id").asString());
        var id = new UUID[2];
        var wav = dev.switchboard.support.TestAudio.wav();
        TenantContext.runAs(company, () -> tx.executeWithoutResult(s -> {
            id[0] = voicemails.deposit(null, UUID.randomUUID(), "+17735550141", Instant.now(), 12, null);
            voicemails.storeAudio(id[0], wav);
            id[1] = voicemails.deposit(UUID.fromString(bob), UUID.randomUUID(), "+17735550142", Instant.now(), 12, null);
        }));

        var inbox = web.get("/voicemail").body();
        var player = java.util.regex.Pattern.compile("<audio [^>]*>").matcher(inbox);
        assertThat(player.find()).isTrue();
        assertThat(player.group()).as("nothing fetched before play; the first sound posts that it was played")
                .contains("preload=\"none\"").contains("hx-post=\"/voicemail/" + id[0] + "/played\"")
                .contains("hx-trigger=\"playing once\"").contains("hx-swap=\"none\"")
                .contains("hx-include=\"#vm-" + id[0] + "-heard-form\"");
        assertThat(inbox).contains("id=\"vm-" + id[0] + "-heard-form\"").contains("id=\"vm-" + id[0] + "-header\"");

        // The browser fetching the audio (metadata, buffering, even all of it) is not a listen: still new.
        var audioUrl = java.util.regex.Pattern.compile("src=\"(/voicemail/[^\"]+/audio)\"").matcher(player.group());
        assertThat(audioUrl.find()).isTrue();
        var fetched = web.get(audioUrl.group(1).replace("&amp;", "&"));
        assertThat(fetched.status()).isEqualTo(200);
        assertThat(heardAt(company, id[0])).as("fetching the audio leaves it unheard").isNull();

        // Someone who may not see the message (a colleague's) cannot mark it: 403, nothing changed; no such message: 404.
        var agent = webLogin(agentEmail, "long-enough");
        agent.get("/voicemail");
        assertThat(agent.htmxPost("/voicemail/" + id[1] + "/played").status()).isEqualTo(403);
        assertThat(heardAt(company, id[1])).isNull();
        assertThat(web.htmxPost("/voicemail/" + UUID.randomUUID() + "/played").status()).isEqualTo(404);

        // The player's first sound: heard from now, and the page is told without replacing the audio playing.
        var played = web.htmxPost("/voicemail/" + id[0] + "/played");
        assertThat(played.status()).isEqualTo(200);
        assertThat(played.body()).contains("hx-swap-oob=\"true\"").contains("id=\"vm-" + id[0] + "-header\"")
                .contains("id=\"vm-" + id[0] + "-heard-form\"").contains("Mark as new").contains("(773) 555-0141")
                .doesNotContain(">New<").doesNotContain("<audio").doesNotContain("<main");
        var first = heardAt(company, id[0]);
        assertThat(first).isNotNull();
        var again = web.get("/voicemail").body();
        assertThat(again).doesNotContain("hx-post=\"/voicemail/" + id[0] + "/played\"").contains("Mark as new");

        // Played again (another tab): still heard, retention still counts from the first time.
        assertThat(web.htmxPost("/voicemail/" + id[0] + "/played").status()).isEqualTo(200);
        assertThat(heardAt(company, id[0])).isEqualTo(first);

        // Without htmx (a plain form post) it goes back to the mailbox it came from.
        var plain = web.post("/voicemail/" + id[1] + "/played", "box", bob);
        assertThat(plain.status()).isEqualTo(302);
        assertThat(plain.location()).endsWith("/voicemail?box=" + bob);
        assertThat(heardAt(company, id[1])).isNotNull();
    }

    /**
     * The inbox's players played a signed /media link valid for an hour: anyone it was passed to heard the message without
     * signing in, and a page left open longer had players that played nothing, saying nothing. They play through the
     * session now, checked as the API's .../audio is, every time; a Download link saves it under a name saying whose and
     * when. Neither marks it heard.
     */
    @Test
    void theInboxPlaysAndDownloadsAMessageOnlyForWhoeverSignedInMayHearIt() throws Exception {
        var owner = api().signUpNewCompany("Download Drains");
        assertThat(owner.put("/api/v1/company", java.util.Map.of("name", "Download Drains", "timezone", "America/Chicago",
                "default_region", "US")).status()).isEqualTo(200);
        var web = webLogin(owner.email(), "correct-horse");
        var bob = owner.post("/api/v1/members", java.util.Map.of("name", "Bob Stone")).json().get("id").asString();
        var ann = owner.post("/api/v1/members", java.util.Map.of("name", "Ann Field")).json().get("id").asString();
        var agentApi = owner.newUser("AGENT", ann);
        var company = CompanyId.of(owner.get("/api/v1/me").json().get("company_id").asString());
        var id = new UUID[2];
        var wav = dev.switchboard.support.TestAudio.wav();
        var received = Instant.parse("2026-12-07T15:05:00Z");
        TenantContext.runAs(company, () -> tx.executeWithoutResult(s -> {
            id[0] = voicemails.deposit(null, UUID.randomUUID(), "+17735550141", received, 12, null);
            voicemails.storeAudio(id[0], wav);
            id[1] = voicemails.deposit(UUID.fromString(bob), UUID.randomUUID(), "+17735550142", received, 12, null);
            voicemails.storeAudio(id[1], wav);
        }));

        var inbox = web.get("/voicemail").body();
        assertThat(inbox).contains("src=\"/voicemail/" + id[0] + "/audio\"").doesNotContain("src=\"/media/")
                .contains("href=\"/voicemail/" + id[0] + "/audio?download=true\"");
        var played = web.get("/voicemail/" + id[0] + "/audio");
        assertThat(played.status()).isEqualTo(200);
        assertThat(played.contentType()).isEqualTo("audio/wav");
        assertThat(played.bytes()).isEqualTo(wav);
        assertThat(web.lastHeaders().firstValue("Content-Disposition")).isEmpty();
        // A player seeks with ranges.
        var part = web.get("/voicemail/" + id[0] + "/audio", "Range", "bytes=0-99");
        assertThat(part.status()).isEqualTo(206);
        assertThat(part.bytes()).hasSize(100);
        var saved = web.get("/voicemail/" + id[0] + "/audio?download=true");
        assertThat(saved.status()).isEqualTo(200);
        assertThat(web.lastHeaders().firstValue("Content-Disposition").orElseThrow()).startsWith("attachment;")
                .contains("Voicemail from +17735550141 2026-12-07 0905.wav");
        assertThat(heardAt(company, id[0])).as("fetched, not listened to").isNull();

        // An agent: the general box's, not a colleague's; another company's: no such message; signed out: sign in.
        var agent = webLogin(agentApi.email(), "their-password");
        assertThat(agent.get("/voicemail/" + id[0] + "/audio").status()).isEqualTo(200);
        var colleague = agent.get("/voicemail/" + id[1] + "/audio");
        assertThat(colleague.status()).isEqualTo(403);
        assertThat(colleague.contentType()).contains("html");
        assertThat(newCompanyOwner("Other Drains").get("/voicemail/" + id[0] + "/audio").status()).isEqualTo(404);
        var anonymous = dev.switchboard.support.WebClient.anonymous(port).get("/voicemail/" + id[0] + "/audio");
        assertThat(anonymous.status()).isEqualTo(302);
        assertThat(anonymous.location()).endsWith("/login");
        assertThat(heardAt(company, id[1])).isNull();
    }

    private Instant heardAt(CompanyId company, UUID message) {
        return TenantContext.callAs(company, () -> tx.execute(s -> jdbc.sql(
                        "select heard_at from voicemail_messages where id = :id").param("id", message)
                .query((rs, n) -> rs.getTimestamp(1) == null ? null : rs.getTimestamp(1).toInstant()).list().getFirst()));
    }

    /** The href of the link with this text on the page, as the browser follows it. */
    static String link(String page, String text) {
        var m = java.util.regex.Pattern.compile("href=\"([^\"]+)\"[^>]*>" + java.util.regex.Pattern.quote(text)).matcher(page);
        assertThat(m.find()).as("a link '" + text + "'").isTrue();
        return m.group(1).replace("&amp;", "&");
    }

    static long messagesOn(String page) {
        return page.lines().filter(l -> l.contains("class=\"voicemail\"")).count();
    }

    @Test
    void theInboxShowsFiftyMessagesAPageNewestFirstWithLinksToOlderAndNewerPages() {
        var web = newCompanyOwner("Busy Boilers");
        var company = CompanyId.of(web.companyId());
        var now = Instant.now();
        var ids = new UUID[60];
        TenantContext.runAs(company, () -> tx.executeWithoutResult(s -> {
            for (int i = 0; i < 60; i++) { // message i arrived i minutes ago
                ids[i] = voicemails.deposit(null, UUID.randomUUID(), "+1773555%04d".formatted(i), now.minusSeconds(60L * i), 12, null);
            }
        }));

        var first = web.get("/voicemail").body();
        assertThat(messagesOn(first)).isEqualTo(50);
        assertThat(first).contains("(773) 555-0000").contains("(773) 555-0049").doesNotContain("(773) 555-0050")
                .doesNotContain("Previous (newer messages)");
        assertThat(first.indexOf("(773) 555-0000")).as("newest first").isLessThan(first.indexOf("(773) 555-0001"));

        var next = link(first, "Next (older messages)");
        var second = web.get(next);
        assertThat(second.status()).isEqualTo(200);
        assertThat(messagesOn(second.body())).isEqualTo(10);
        assertThat(second.body()).contains("(773) 555-0050").contains("(773) 555-0059").doesNotContain("(773) 555-0049")
                .doesNotContain("Next (older messages)");

        // Marking one heard on the second page comes back to the second page.
        var query = java.net.URI.create(next).getQuery();
        var pairs = new java.util.ArrayList<String>(java.util.List.of("heard", "true"));
        for (var p : query.split("&")) {
            pairs.add(p.substring(0, p.indexOf('=')));
            pairs.add(java.net.URLDecoder.decode(p.substring(p.indexOf('=') + 1), java.nio.charset.StandardCharsets.UTF_8));
        }
        var heard = web.post("/voicemail/" + ids[55] + "/heard", pairs.toArray(String[]::new));
        assertThat(heard.status()).isEqualTo(302);
        var back = web.get(heard.location().replaceFirst("^https?://[^/]+", "")).body();
        assertThat(back).contains("Marked as heard.").contains("(773) 555-0055").doesNotContain("(773) 555-0049");

        var previous = web.get(link(second.body(), "Previous (newer messages)")).body();
        assertThat(messagesOn(previous)).isEqualTo(50);
        assertThat(previous).contains("(773) 555-0000").contains("(773) 555-0049").doesNotContain("(773) 555-0050")
                .doesNotContain("Previous (newer messages)");

        var half = web.get("/voicemail?sharedBefore=" + now);
        assertThat(half.status()).isEqualTo(400);
        assertThat(half.body()).contains("sharedBefore and sharedBeforeId go together");
        assertThat(web.get("/voicemail?sharedBefore=yesterday&sharedBeforeId=" + ids[0]).status()).isEqualTo(400);
    }

    /**
     * A supervisor reads every box, but listening to a colleague's message leaves it new for that colleague: no mark-heard
     * trigger on the player nor button, and the mark itself is refused (403). It was marked heard, and no longer showed as
     * new to the one it was left for. The General box is the team's: anyone marks its messages.
     */
    @Test
    void aSupervisorListeningToAColleaguesMessageLeavesItNewForThem() throws Exception {
        var owner = api().signUpNewCompany("Listening Plumbers");
        var bob = owner.post("/api/v1/members", java.util.Map.of("name", "Bob Stone")).json().get("id").asString();
        var supervisor = owner.newUser("SUPERVISOR", null);
        var company = CompanyId.of(owner.get("/api/v1/me").json().get("company_id").asString());
        var id = new UUID[2];
        var wav = dev.switchboard.support.TestAudio.wav();
        TenantContext.runAs(company, () -> tx.executeWithoutResult(s -> {
            id[0] = voicemails.deposit(UUID.fromString(bob), UUID.randomUUID(), "+17735550151", Instant.now(), 12, null);
            voicemails.storeAudio(id[0], wav);
            id[1] = voicemails.deposit(null, UUID.randomUUID(), "+17735550152", Instant.now(), 12, null);
            voicemails.storeAudio(id[1], wav);
        }));
        var web = webLogin(supervisor.email(), "their-password");
        var bobsBox = web.get("/voicemail?box=" + bob).body();
        assertThat(bobsBox).contains("(773) 555-0151").doesNotContain("/voicemail/" + id[0] + "/played")
                .doesNotContain("id=\"vm-" + id[0] + "-heard-form\"");
        assertThat(web.htmxPost("/voicemail/" + id[0] + "/played").status()).isEqualTo(403);
        assertThat(web.post("/voicemail/" + id[0] + "/heard", "heard", "true").status()).isEqualTo(403);
        assertThat(supervisor.patch("/api/v1/voicemail/messages/" + id[0], java.util.Map.of("heard", true)).status()).isEqualTo(403);
        assertThat(heardAt(company, id[0])).isNull();

        assertThat(web.get("/voicemail").body()).contains("/voicemail/" + id[1] + "/played");
        assertThat(web.htmxPost("/voicemail/" + id[1] + "/played").status()).isEqualTo(200);
        assertThat(heardAt(company, id[1])).as("the General box's: the team's to mark").isNotNull();
    }

    @Test
    void anAgentsInboxLinksOnlyToCallsTheyMayOpen() {
        var owner = api().signUpNewCompany("Link Keepers");
        var web = webLogin(owner.email(), "correct-horse");
        var bob = owner.post("/api/v1/members", java.util.Map.of("name", "Bob Stone")).json().get("id").asString();
        var email = "agent-" + UUID.randomUUID() + "@test.example";
        owner.post("/api/v1/users", java.util.Map.of("email", email, "password", "long-enough", "role", "AGENT", "member_id", bob));
        var company = CompanyId.of(owner.get("/api/v1/me").json().get("company_id").asString());
        var call = UUID.randomUUID();
        // A caller who reached the shared mailbox: a call Bob took no part in, so his call log refuses it (403).
        TenantContext.runAs(company, () -> tx.executeWithoutResult(s ->
                voicemails.deposit(null, call, "+17735550131", Instant.now(), 12, null)));

        var agent = webLogin(email, "long-enough");
        var inbox = agent.get("/voicemail").body();
        assertThat(inbox).contains("(773) 555-0131").doesNotContain("/calls/" + call);
        assertThat(web.get("/voicemail").body()).contains("/calls/" + call);
    }

    @Test
    void markingOrDeletingAMessageInAMembersMailboxStaysInThatMailbox() {
        var owner = api().signUpNewCompany("Box Keepers");
        var web = webLogin(owner.email(), "correct-horse");
        var bob = owner.post("/api/v1/members", java.util.Map.of("name", "Bob Stone")).json().get("id").asString();
        var company = CompanyId.of(owner.get("/api/v1/me").json().get("company_id").asString());
        var ids = new UUID[2];
        TenantContext.runAs(company, () -> tx.executeWithoutResult(s -> {
            ids[0] = voicemails.deposit(UUID.fromString(bob), UUID.randomUUID(), "+17735550121", Instant.now(), 12, null);
            ids[1] = voicemails.deposit(UUID.fromString(bob), UUID.randomUUID(), "+17735550122", Instant.now(), 14, null);
        }));

        var box = web.get("/voicemail?box=" + bob);
        assertThat(box.body()).contains("Bob Stone&#39;s mailbox").contains("(773) 555-0121")
                .as("each form says which mailbox it was sent from").contains("name=\"box\" value=\"" + bob + "\"");
        var heard = web.post("/voicemail/" + ids[0] + "/heard", "heard", "true", "box", bob);
        assertThat(heard.status()).isEqualTo(302);
        assertThat(heard.location()).as("back to Bob's mailbox, not the owner's own").endsWith("/voicemail?box=" + bob);
        assertThat(web.get("/voicemail?box=" + bob).body()).contains("Marked as heard.").contains("Bob Stone&#39;s mailbox").contains("(773) 555-0122");
        var deleted = web.post("/voicemail/" + ids[1] + "/delete", "box", bob);
        assertThat(deleted.location()).endsWith("/voicemail?box=" + bob);
        assertThat(web.get("/voicemail?box=" + bob).body()).contains("Message moved to Deleted").contains("Bob Stone&#39;s mailbox")
                .doesNotContain("(773) 555-0122");
    }

    @Test
    void aMessageInTheGeneralMailboxIsMovedToATechniciansMailboxWhereItIsNew() {
        var owner = api().signUpNewCompany("Box Handers");
        var web = webLogin(owner.email(), "correct-horse");
        var bob = owner.post("/api/v1/members", java.util.Map.of("name", "Bob Stone")).json().get("id").asString();
        var company = CompanyId.of(owner.get("/api/v1/me").json().get("company_id").asString());
        var ids = new UUID[1];
        TenantContext.runAs(company, () -> tx.executeWithoutResult(s ->
                ids[0] = voicemails.deposit(null, UUID.randomUUID(), "+17735550121", Instant.now(), 12, null)));
        web.post("/voicemail/" + ids[0] + "/heard", "heard", "true", "box", "general");

        var general = web.get("/voicemail?box=general").body();
        assertThat(general).contains("action=\"/voicemail/" + ids[0] + "/move\"")
                .contains("<option value=\"" + bob + "\">Bob Stone&#39;s mailbox</option>");
        var moved = web.post("/voicemail/" + ids[0] + "/move", "to", bob, "box", "general");
        assertThat(moved.status()).isEqualTo(302);
        assertThat(moved.location()).as("back to the mailbox it was moved from").endsWith("/voicemail?box=general");
        assertThat(web.get("/voicemail?box=general").body()).contains("Message moved to Bob Stone&#39;s mailbox, where it shows as new.")
                .contains("Bob Stone (1 new)");
        var bobs = web.get("/voicemail?box=" + bob).body();
        assertThat(bobs).contains("(773) 555-0121").contains("<option value=\"general\">General mailbox</option>")
                .doesNotContain("<option value=\"" + bob + "\">Bob Stone&#39;s mailbox</option>");

        // Moved meanwhile in another tab: said, nothing changed.
        var again = web.post("/voicemail/" + ids[0] + "/move", "to", bob, "box", "general");
        assertThat(again.status()).isEqualTo(302);
        assertThat(web.get("/voicemail?box=general").body()).contains("Not moved: the message is already in Bob Stone&#39;s mailbox. Nothing was changed.");
    }

    /**
     * The mailbox picker's first choice opens the reader's own mailbox, and says so; an owner with no team member of their
     * own has none to open, and was offered "(mine)", which opened only the general mailbox.
     */
    @Test
    void theMailboxPickerOffersMyMailboxOnlyToWhoeverHasOne() {
        var owner = api().signUpNewCompany("Picker Plumbers");
        var bob = owner.post("/api/v1/members", java.util.Map.of("name", "Bob Stone")).json().get("id").asString();
        var ownersPage = webLogin(owner.email(), "correct-horse").get("/voicemail").body();
        assertThat(ownersPage).contains("<option value=\"general\"").doesNotContain("(mine)").doesNotContain(">My mailbox</option>");
        var bobsLogin = owner.newUser("SUPERVISOR", bob);
        var bobsPage = webLogin(bobsLogin.email(), "their-password").get("/voicemail").body();
        assertThat(bobsPage).contains("<option value=\"\">My mailbox</option>").doesNotContain("(mine)");
    }

    @Test
    void aMessageWhoseRecordingCouldNotBeCopiedSaysSoInsteadOfAPlayerThatCannotPlay() {
        var web = newCompanyOwner("Lost Audio Locksmiths");
        var company = CompanyId.of(web.companyId());
        var failedUrl = "https://carrier.example/recordings/" + UUID.randomUUID() + ".wav";
        var fetchingUrl = "https://carrier.example/recordings/" + UUID.randomUUID() + ".wav";
        TenantContext.runAs(company, () -> tx.executeWithoutResult(s -> {
            var failed = voicemails.deposit(null, UUID.randomUUID(), "+17735550131", Instant.now(), 12, failedUrl);
            voicemails.audioFetchFailed(failed, "HTTP 404 from the carrier", n -> null);
            voicemails.deposit(null, UUID.randomUUID(), "+17735550132", Instant.now(), 12, fetchingUrl);
        }));

        var inbox = web.get("/voicemail").body();
        assertThat(inbox).contains("(773) 555-0131").contains("(773) 555-0132")
                .as("no player for a recording that could not be copied").doesNotContain(failedUrl)
                .contains("The recording could not be copied from the carrier").contains("HTTP 404 from the carrier")
                .contains("The recording is still being copied from the carrier");
    }

    /**
     * Delete moves a message to the Deleted page (count, box, who deleted it and when, the day it goes for good), which
     * restores it to its box heard or new as it was, or deletes it forever; the Activity page says each.
     */
    @Test
    void theDeletedPageRestoresAMessageAsItWasOrDeletesItForever() {
        var web = newCompanyOwner("Trash Installers");
        var api = api().login(web.email(), "correct-horse");
        var me = api.get("/api/v1/me").json().get("user_id").asString();
        assertThat(api.put("/api/v1/users/" + me, java.util.Map.of("display_name", "Tess Owner")).status()).isEqualTo(200);
        var zone = java.time.ZoneId.of(api.get("/api/v1/company").json().get("timezone").asString());
        var company = CompanyId.of(web.companyId());
        var ids = new UUID[2];
        TenantContext.runAs(company, () -> tx.executeWithoutResult(s -> {
            ids[0] = voicemails.deposit(null, UUID.randomUUID(), "+17735550141", Instant.now(), 12, null);
            ids[1] = voicemails.deposit(null, UUID.randomUUID(), "+17735550142", Instant.now(), 12, null);
            voicemails.transcribed(ids[0], "The boiler is making that noise again.");
        }));
        web.post("/voicemail/" + ids[0] + "/heard", "heard", "true");
        assertThat(web.get("/voicemail").body()).contains("Deleted (0)");
        var empty = web.get("/voicemail/deleted");
        assertThat(empty.status()).isEqualTo(200);
        assertThat(empty.body()).contains("No deleted messages.").contains("0 deleted messages.");

        assertThat(web.post("/voicemail/" + ids[0] + "/delete").status()).isEqualTo(302);
        assertThat(web.post("/voicemail/" + ids[1] + "/delete").status()).isEqualTo(302);
        var inbox = web.get("/voicemail").body();
        assertThat(inbox).contains("Deleted (2)").contains("href=\"/voicemail/deleted?box=general\"")
                .doesNotContain("(773) 555-0141").doesNotContain("(773) 555-0142");

        var purgeAt = Instant.parse(api.get("/api/v1/voicemail/messages/" + ids[0]).json().get("purge_at").asString());
        var deletedAt = purgeAt.minus(java.time.Duration.ofDays(30));
        var trash = web.get("/voicemail/deleted").body();
        assertThat(trash).contains("2 deleted messages. A deleted message is kept with its recording for 30 days")
                .contains("(773) 555-0141").contains("(773) 555-0142").contains("The boiler is making that noise again.")
                .contains("General mailbox")
                .contains("Deleted by Tess Owner on " + dev.switchboard.tenancy.DisplayFormats.DATE_TIME.format(deletedAt.atZone(zone)))
                .contains("Deleted for good on " + dev.switchboard.tenancy.DisplayFormats.DATE.format(purgeAt.atZone(zone)))
                .contains("/voicemail/" + ids[0] + "/restore").contains("/voicemail/" + ids[0] + "/delete-forever")
                .contains("Delete this message and its recording for good? It cannot be brought back.")
                .as("playing a deleted message does not mark it heard").doesNotContain("/played");
        var article = trash.substring(trash.indexOf("id=\"vm-" + ids[1] + "\""));
        assertThat(article.substring(0, article.indexOf("</article>"))).as("the unheard one says so").contains(">New<");

        var restored = web.post("/voicemail/" + ids[0] + "/restore");
        assertThat(restored.status()).isEqualTo(302);
        assertThat(restored.location()).endsWith("/voicemail/deleted");
        assertThat(web.get("/voicemail/deleted").body()).contains("Message restored to the general mailbox.")
                .contains("1 deleted message.").doesNotContain("(773) 555-0141");
        var back = web.get("/voicemail").body();
        var again = back.substring(back.indexOf("id=\"vm-" + ids[0] + "\""));
        assertThat(again.substring(0, again.indexOf("</article>"))).as("heard, as it was").doesNotContain(">New<")
                .contains("Mark as new").contains("The boiler is making that noise again.");

        var forever = web.post("/voicemail/" + ids[1] + "/delete-forever");
        assertThat(forever.status()).isEqualTo(302);
        assertThat(web.get("/voicemail/deleted").body()).contains("Message and its recording deleted for good.")
                .contains("No deleted messages.");
        assertThat(api.get("/api/v1/voicemail/messages/" + ids[1]).status()).isEqualTo(404);
        var notDeleted = web.post("/voicemail/" + ids[0] + "/delete-forever");
        assertThat(notDeleted.status()).as("restored meanwhile (another tab): said on the page").isEqualTo(302);
        assertThat(web.get("/voicemail/deleted").body()).contains("Voicemail message " + ids[0]
                + " is not in the Deleted folder: delete it first, then delete it forever from there. Nothing was changed.");
        assertThat(api.get("/api/v1/voicemail/messages/" + ids[0]).status()).as("kept").isEqualTo(200);
        web.post("/voicemail/" + ids[0] + "/restore");
        assertThat(web.get("/voicemail/deleted").body()).contains("is not in the Deleted folder: there is nothing to restore");

        var activity = web.get("/settings/activity").body().replaceAll("<[^>]+>", "").replaceAll("\\s+", " ");
        assertThat(activity).contains("restored a voicemail message").contains("permanently deleted a voicemail message")
                .contains("deleted a voicemail message");
    }

    /**
     * The Deleted page names who deleted each message as the app names people elsewhere (the Activity page, a call's
     * transfers): a login by its name as it is now, not its email; a member by phone by their name; a login removed
     * since by the email recorded.
     */
    @Test
    void theDeletedPageNamesWhoDeletedEachMessageByName() {
        var owner = api().signUpNewCompany("Trash Namers");
        var web = webLogin(owner.email(), "correct-horse");
        var ann = owner.post("/api/v1/members", java.util.Map.of("name", "Ann Lee")).json().get("id").asString();
        var agent = owner.newUser("AGENT", ann);
        var danaEmail = "dana-" + UUID.randomUUID() + "@test.example";
        var dana = owner.post("/api/v1/users", java.util.Map.of("email", danaEmail, "password", "long-enough", "role", "ADMIN",
                "display_name", "Dana Admin")).json().get("id").asString();
        var company = CompanyId.of(owner.get("/api/v1/me").json().get("company_id").asString());
        var ids = new UUID[3];
        TenantContext.runAs(company, () -> tx.executeWithoutResult(s -> {
            ids[0] = voicemails.deposit(UUID.fromString(ann), UUID.randomUUID(), "+17735550161", Instant.now(), 12, null);
            ids[1] = voicemails.deposit(null, UUID.randomUUID(), "+17735550162", Instant.now(), 12, null);
            ids[2] = voicemails.deposit(UUID.fromString(ann), UUID.randomUUID(), "+17735550163", Instant.now(), 12, null);
        }));
        assertThat(webLogin(agent.email(), "their-password").post("/voicemail/" + ids[0] + "/delete").status()).isEqualTo(302);
        assertThat(webLogin(danaEmail, "long-enough").post("/voicemail/" + ids[1] + "/delete").status()).isEqualTo(302);
        // Ann, by phone after her PIN (as the call engine deletes it on 3).
        TenantContext.runAs(company, () -> tx.executeWithoutResult(s -> voicemails.delete(new dev.switchboard.tenancy.Actor(company,
                null, Voicemails.PHONE, dev.switchboard.tenancy.Role.AGENT, UUID.fromString(ann)), ids[2])));

        var trash = web.get("/voicemail/deleted").body();
        assertThat(deletedBy(trash, ids[0])).startsWith("Deleted by Ann Lee on ");
        assertThat(deletedBy(trash, ids[1])).startsWith("Deleted by Dana Admin on ");
        assertThat(deletedBy(trash, ids[2])).startsWith("Deleted by Ann Lee (by phone) on ");
        assertThat(trash).doesNotContain(danaEmail).doesNotContain(agent.email());

        assertThat(owner.put("/api/v1/users/" + dana, java.util.Map.of("display_name", "Dana Fox")).status()).isEqualTo(200);
        assertThat(deletedBy(web.get("/voicemail/deleted").body(), ids[1])).as("the name as it is now").startsWith("Deleted by Dana Fox on ");
        assertThat(owner.delete("/api/v1/users/" + dana).status()).isEqualTo(204);
        assertThat(deletedBy(web.get("/voicemail/deleted").body(), ids[1])).as("a login removed since: the email recorded")
                .startsWith("Deleted by " + danaEmail + " on ");
    }

    /**
     * The Deleted page chooses a member's mailbox as the inbox does (?box=...): only that box's deleted messages, counted,
     * kept by its forms; an agent only ever their own; a box that is no mailbox's id is the inbox's 400, an unknown member
     * its 404.
     */
    @Test
    void theDeletedPageShowsOneMailboxChosenAsTheInboxDoes() {
        var owner = api().signUpNewCompany("Trash Pickers");
        var web = webLogin(owner.email(), "correct-horse");
        var ann = owner.post("/api/v1/members", java.util.Map.of("name", "Ann Lee")).json().get("id").asString();
        var bob = owner.post("/api/v1/members", java.util.Map.of("name", "Bob Stone")).json().get("id").asString();
        var agentUser = owner.newUser("AGENT", ann);
        var company = CompanyId.of(owner.get("/api/v1/me").json().get("company_id").asString());
        var ids = new UUID[4];
        TenantContext.runAs(company, () -> tx.executeWithoutResult(s -> {
            ids[0] = voicemails.deposit(UUID.fromString(ann), UUID.randomUUID(), "+17735550171", Instant.now(), 12, null);
            ids[1] = voicemails.deposit(null, UUID.randomUUID(), "+17735550172", Instant.now(), 12, null);
            ids[2] = voicemails.deposit(UUID.fromString(bob), UUID.randomUUID(), "+17735550173", Instant.now(), 12, null);
            ids[3] = voicemails.deposit(UUID.fromString(bob), UUID.randomUUID(), "+17735550174", Instant.now(), 12, null);
        }));
        for (var id : ids) {
            assertThat(web.post("/voicemail/" + id + "/delete").status()).isEqualTo(302);
        }
        var every = web.get("/voicemail/deleted").body();
        assertThat(every).contains("4 deleted messages").contains("(every mailbox)")
                .contains("<option value=\"" + bob + "\">Bob Stone</option>").contains("<option value=\"" + ann + "\">Ann Lee</option>");

        var bobs = web.get("/voicemail/deleted?box=" + bob);
        assertThat(bobs.status()).isEqualTo(200);
        assertThat(bobs.body()).contains("2 deleted messages").contains("Deleted from Bob Stone&#39;s mailbox")
                .contains("(773) 555-0173").contains("(773) 555-0174").doesNotContain("(773) 555-0171").doesNotContain("(773) 555-0172")
                .contains("<option value=\"" + bob + "\" selected=\"selected\">Bob Stone</option>")
                .as("its forms keep the box").contains("name=\"box\" value=\"" + bob + "\"");
        var restored = web.post("/voicemail/" + ids[2] + "/restore", "box", bob);
        assertThat(restored.location()).as("back to Bob's deleted messages").endsWith("/voicemail/deleted?box=" + bob);
        assertThat(web.get("/voicemail/deleted?box=" + bob).body()).contains("Message restored to Bob Stone&#39;s mailbox.")
                .contains("1 deleted message.").doesNotContain("(773) 555-0173");
        assertThat(web.post("/voicemail/" + ids[3] + "/delete-forever", "box", bob).location()).endsWith("/voicemail/deleted?box=" + bob);

        var bad = web.get("/voicemail/deleted?box=bob");
        assertThat(bad.status()).as("as the inbox: " + web.get("/voicemail?box=bob").status()).isEqualTo(400);
        assertThat(bad.body()).contains("box: &#39;bob&#39; is not a mailbox. The address names a team member&#39;s mailbox by its id")
                .doesNotContain("(773) 555-0171");
        assertThat(web.get("/voicemail?box=bob").status()).isEqualTo(400);
        assertThat(web.get("/voicemail/deleted?box=" + UUID.randomUUID()).status()).as("as the inbox").isEqualTo(404);

        var agent = webLogin(agentUser.email(), "their-password");
        var theirs = agent.get("/voicemail/deleted").body();
        assertThat(theirs).contains("2 deleted messages").contains("(773) 555-0171").contains("(773) 555-0172")
                .as("no other member's box to choose").doesNotContain("<option value=\"" + bob + "\"");
        var asked = agent.get("/voicemail/deleted?box=" + bob);
        assertThat(asked.status()).as("a colleague's box is refused in words, as the inbox and the API refuse it").isEqualTo(403);
        assertThat(asked.body()).contains("agents see only their own box and the general box, not Bob").doesNotContain("555-0174");
        assertThat(agent.get("/voicemail/deleted?box=" + ann).body()).as("their own, asked by its id").contains("Deleted from my mailbox")
                .contains("1 deleted message.").contains("(773) 555-0171").doesNotContain("(773) 555-0172").doesNotContain("555-0174");
    }

    /** What a message's article on the Deleted page says of who deleted it. */
    private static String deletedBy(String page, UUID id) {
        var article = page.substring(page.indexOf("id=\"vm-" + id + "\""));
        article = article.substring(0, article.indexOf("</article>"));
        var span = article.substring(article.indexOf("class=\"deleted-by\""));
        return span.substring(span.indexOf('>') + 1, span.indexOf("</span>"));
    }

    /** An agent's Deleted page holds their own box's and the general box's; only their own box's can be restored. */
    @Test
    void anAgentRestoresOnlyTheirOwnBoxsDeletedMessages() {
        var owner = api().signUpNewCompany("Trash Agents");
        var web = webLogin(owner.email(), "correct-horse");
        var ann = owner.post("/api/v1/members", java.util.Map.of("name", "Ann Lee")).json().get("id").asString();
        var bob = owner.post("/api/v1/members", java.util.Map.of("name", "Bob Stone")).json().get("id").asString();
        var agentUser = owner.newUser("AGENT", ann);
        var company = CompanyId.of(owner.get("/api/v1/me").json().get("company_id").asString());
        var ids = new UUID[3];
        TenantContext.runAs(company, () -> tx.executeWithoutResult(s -> {
            ids[0] = voicemails.deposit(UUID.fromString(ann), UUID.randomUUID(), "+17735550151", Instant.now(), 12, null);
            ids[1] = voicemails.deposit(null, UUID.randomUUID(), "+17735550152", Instant.now(), 12, null);
            ids[2] = voicemails.deposit(UUID.fromString(bob), UUID.randomUUID(), "+17735550153", Instant.now(), 12, null);
        }));
        for (var id : ids) {
            assertThat(web.post("/voicemail/" + id + "/delete").status()).isEqualTo(302);
        }
        assertThat(web.get("/voicemail/deleted").body()).contains("3 deleted messages").contains("Bob Stone&#39;s mailbox")
                .contains("Ann Lee&#39;s mailbox");

        var agent = webLogin(agentUser.email(), "their-password");
        assertThat(deletedLink(agent.get("/voicemail").body(), "mine")).isEqualTo("Deleted (1)");
        assertThat(deletedLink(agent.get("/voicemail").body(), "shared")).isEqualTo("Deleted (1)");
        var trash = agent.get("/voicemail/deleted").body();
        assertThat(trash).contains("2 deleted messages").contains("(773) 555-0151").contains("(773) 555-0152")
                .doesNotContain("(773) 555-0153")
                .contains("/voicemail/" + ids[0] + "/restore")
                .as("the general box is the owners' to restore").doesNotContain("/voicemail/" + ids[1] + "/restore");
        assertThat(agent.post("/voicemail/" + ids[1] + "/restore").status()).isEqualTo(403);
        assertThat(agent.post("/voicemail/" + ids[2] + "/delete-forever").status()).isEqualTo(403);
        assertThat(agent.post("/voicemail/" + ids[0] + "/restore").status()).isEqualTo(302);
        assertThat(agent.get("/voicemail").body()).contains("(773) 555-0151");
        assertThat(deletedLink(agent.get("/voicemail").body(), "mine")).isEqualTo("Deleted (0)");
        assertThat(web.get("/voicemail/deleted").body()).contains("2 deleted messages").contains("(773) 555-0152");
    }

    /** What an inbox section's link to its box's deleted messages says. */
    private static String deletedLink(String page, String section) {
        var link = page.substring(page.indexOf("id=\"" + section + "-deleted-link\""));
        return link.substring(link.indexOf('>') + 1, link.indexOf("</a>"));
    }

    /** Where an inbox section's link to its box's deleted messages goes. */
    private static String deletedHref(String page, String section) {
        var tag = page.substring(page.lastIndexOf("<a ", page.indexOf("id=\"" + section + "-deleted-link\"")));
        tag = tag.substring(0, tag.indexOf('>'));
        return tag.substring(tag.indexOf("href=\"") + 6, tag.indexOf('"', tag.indexOf("href=\"") + 6)).replace("&amp;", "&");
    }

    /**
     * Each inbox section links to its own box's deleted messages, counted as the Deleted page of that box counts them: the
     * member's box shown (an agent's own, whatever the address asks, an owner's choice) and the general one; not every box's.
     */
    @Test
    void theInboxLinksEachMailboxToItsOwnDeletedMessages() {
        var owner = api().signUpNewCompany("Trash Counters");
        var web = webLogin(owner.email(), "correct-horse");
        var ann = owner.post("/api/v1/members", java.util.Map.of("name", "Ann Lee")).json().get("id").asString();
        var bob = owner.post("/api/v1/members", java.util.Map.of("name", "Bob Stone")).json().get("id").asString();
        var agent = webLogin(owner.newUser("AGENT", ann).email(), "their-password");
        var company = CompanyId.of(owner.get("/api/v1/me").json().get("company_id").asString());
        String[] boxes = {ann, ann, bob, null, null, null};
        var ids = new UUID[boxes.length];
        TenantContext.runAs(company, () -> tx.executeWithoutResult(s -> {
            for (int i = 0; i < boxes.length; i++) {
                ids[i] = voicemails.deposit(boxes[i] == null ? null : UUID.fromString(boxes[i]), UUID.randomUUID(),
                        "+1773555018" + i, Instant.now(), 12, null);
            }
        }));
        for (int i = 0; i < 5; i++) { // the last general one stays in its box
            assertThat(web.post("/voicemail/" + ids[i] + "/delete").status()).isEqualTo(302);
        }

        var ownersInbox = web.get("/voicemail").body();
        assertThat(deletedLink(ownersInbox, "shared")).as("the general box's, not all five").isEqualTo("Deleted (2)");
        assertThat(deletedHref(ownersInbox, "shared")).isEqualTo("/voicemail/deleted?box=general");
        var bobs = web.get("/voicemail?box=" + bob).body();
        assertThat(deletedLink(bobs, "mine")).isEqualTo("Deleted (1)");
        assertThat(deletedHref(bobs, "mine")).isEqualTo("/voicemail/deleted?box=" + bob);
        assertThat(deletedLink(bobs, "shared")).isEqualTo("Deleted (2)");
        assertThat(web.get(deletedHref(bobs, "mine")).body()).as("the page it opens counts the same").contains("1 deleted message.");
        assertThat(web.get(deletedHref(bobs, "shared")).body()).contains("2 deleted messages.");

        var agentsInbox = agent.get("/voicemail").body();
        assertThat(deletedLink(agentsInbox, "mine")).isEqualTo("Deleted (2)");
        assertThat(deletedHref(agentsInbox, "mine")).isEqualTo("/voicemail/deleted?box=" + ann);
        assertThat(deletedLink(agentsInbox, "shared")).isEqualTo("Deleted (2)");
        var asked = agent.get("/voicemail?box=" + bob);
        assertThat(asked.status()).as("an agent asking a colleague's box is told, not shown their own as if it were").isEqualTo(403);
        assertThat(asked.body()).contains("agents see only their own box and the general box").doesNotContain("555-0182");
        assertThat(agent.get(deletedHref(agentsInbox, "mine")).body()).contains("2 deleted messages.")
                .doesNotContain("(773) 555-0182").doesNotContain("(773) 555-0183");
    }

    /**
     * The Deleted page's mailbox choice has the general mailbox, as the inbox shows it to everyone: only its deleted
     * messages, counted, kept by the page's forms; an agent chooses it too (and their own box, no other member's) but
     * restores nothing of it. A form whose box names no mailbox is refused and changes nothing.
     */
    @Test
    void theDeletedPageChoosesTheGeneralMailboxForEveryoneWhoSeesIt() {
        var owner = api().signUpNewCompany("Trash Generalists");
        var web = webLogin(owner.email(), "correct-horse");
        var ann = owner.post("/api/v1/members", java.util.Map.of("name", "Ann Lee")).json().get("id").asString();
        var bob = owner.post("/api/v1/members", java.util.Map.of("name", "Bob Stone")).json().get("id").asString();
        var agent = webLogin(owner.newUser("AGENT", ann).email(), "their-password");
        var company = CompanyId.of(owner.get("/api/v1/me").json().get("company_id").asString());
        String[] boxes = {ann, bob, null, null};
        var ids = new UUID[boxes.length];
        TenantContext.runAs(company, () -> tx.executeWithoutResult(s -> {
            for (int i = 0; i < boxes.length; i++) {
                ids[i] = voicemails.deposit(boxes[i] == null ? null : UUID.fromString(boxes[i]), UUID.randomUUID(),
                        "+1773555019" + i, Instant.now(), 12, null);
            }
        }));
        for (var id : ids) {
            assertThat(web.post("/voicemail/" + id + "/delete").status()).isEqualTo(302);
        }

        assertThat(web.get("/voicemail/deleted").body()).contains("<option value=\"general\">General mailbox</option>")
                .contains("4 deleted messages");
        var general = web.get("/voicemail/deleted?box=general");
        assertThat(general.status()).isEqualTo(200);
        assertThat(general.body()).contains("Deleted from the general mailbox").contains("2 deleted messages.")
                .contains("(773) 555-0192").contains("(773) 555-0193").doesNotContain("(773) 555-0190").doesNotContain("(773) 555-0191")
                .contains("<option value=\"general\" selected=\"selected\">General mailbox</option>")
                .as("its forms keep the box").contains("name=\"box\" value=\"general\"");
        var restored = web.post("/voicemail/" + ids[2] + "/restore", "box", "general");
        assertThat(restored.location()).as("back to the general box's deleted messages").endsWith("/voicemail/deleted?box=general");
        assertThat(web.get("/voicemail/deleted?box=general").body()).contains("Message restored to the general mailbox.")
                .contains("1 deleted message.");
        assertThat(web.post("/voicemail/" + ids[3] + "/delete-forever", "box", "general").location())
                .endsWith("/voicemail/deleted?box=general");

        var bad = web.post("/voicemail/" + ids[0] + "/restore", "box", "generl");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.body()).contains("box: &#39;generl&#39; is not a valid value");
        assertThat(web.post("/voicemail/" + ids[0] + "/delete-forever", "box", "generl").status()).isEqualTo(400);
        assertThat(owner.get("/api/v1/voicemail/messages/" + ids[0]).json().get("deleted").asBoolean()).as("kept deleted").isTrue();
        var badAddress = web.get("/voicemail/deleted?box=generl");
        assertThat(badAddress.status()).isEqualTo(400);
        assertThat(badAddress.body()).contains("the general mailbox by general");

        TenantContext.runAs(company, () -> tx.executeWithoutResult(s -> ids[2] = voicemails.deposit(null, UUID.randomUUID(),
                "+17735550194", Instant.now(), 12, null)));
        assertThat(web.post("/voicemail/" + ids[2] + "/delete").status()).isEqualTo(302);
        var choices = agent.get("/voicemail/deleted").body();
        assertThat(choices).contains("<option value=\"general\">General mailbox</option>")
                .contains("<option value=\"" + ann + "\">My mailbox</option>").doesNotContain("<option value=\"" + bob + "\"");
        var theirs = agent.get("/voicemail/deleted?box=general").body();
        assertThat(theirs).contains("Deleted from the general mailbox").contains("1 deleted message.").contains("(773) 555-0194")
                .doesNotContain("(773) 555-0190").doesNotContain("(773) 555-0191")
                .as("the general box is the owners' to restore").doesNotContain("/voicemail/" + ids[2] + "/restore");
        assertThat(agent.get("/voicemail/deleted?box=" + ann).body()).contains("<option value=\"" + ann + "\" selected=\"selected\">My mailbox</option>")
                .contains("(773) 555-0190").doesNotContain("(773) 555-0194");
    }

    /**
     * The inbox opens the general mailbox by {@code box=general}, as the Deleted page does and as its links say it: the
     * general box first (the user's own after it), the choice kept by the page's forms and its picker, and the Deleted
     * page of the general box goes back there. Anything else that is no member's id stays a 400 naming box, and a form
     * sent with one changes nothing.
     */
    @Test
    void theInboxOpensTheGeneralMailboxFirstWhenTheAddressNamesIt() {
        var owner = api().signUpNewCompany("General First Heating");
        var web = webLogin(owner.email(), "correct-horse");
        var ann = owner.post("/api/v1/members", java.util.Map.of("name", "Ann Lee")).json().get("id").asString();
        var agent = webLogin(owner.newUser("AGENT", ann).email(), "their-password");
        var company = CompanyId.of(owner.get("/api/v1/me").json().get("company_id").asString());
        var ids = new UUID[2];
        TenantContext.runAs(company, () -> tx.executeWithoutResult(s -> {
            ids[0] = voicemails.deposit(UUID.fromString(ann), UUID.randomUUID(), "+17735550201", Instant.now(), 12, null);
            ids[1] = voicemails.deposit(null, UUID.randomUUID(), "+17735550202", Instant.now(), 12, null);
        }));

        var agents = agent.get("/voicemail?box=general");
        assertThat(agents.status()).as(agents.body()).isEqualTo(200);
        var page = agents.body();
        assertThat(page).contains("(773) 555-0202").contains("(773) 555-0201");
        assertThat(page.indexOf("id=\"shared-title\"")).as("the general box first").isPositive()
                .isLessThan(page.indexOf("id=\"mine-title\""));
        assertThat(page.indexOf("(773) 555-0202")).isLessThan(page.indexOf("(773) 555-0201"));
        assertThat(page).as("each form says which mailbox it was sent from").contains("name=\"box\" value=\"general\"");
        var default_ = agent.get("/voicemail").body();
        assertThat(default_.indexOf("id=\"mine-title\"")).as("without it, their own first as before")
                .isLessThan(default_.indexOf("id=\"shared-title\""));

        var owners = web.get("/voicemail?box=general").body();
        assertThat(owners).contains("<option value=\"general\" selected=\"selected\">General mailbox</option>")
                .contains("(773) 555-0202").doesNotContain("(773) 555-0201");
        assertThat(web.get("/voicemail").body()).contains("<option value=\"general\">General mailbox</option>");
        var heard = web.post("/voicemail/" + ids[1] + "/heard", "heard", "true", "box", "general");
        assertThat(heard.status()).isEqualTo(302);
        assertThat(heard.location()).as("back to the general mailbox").endsWith("/voicemail?box=general");
        assertThat(web.get("/voicemail?box=general").body()).contains("Marked as heard.");

        assertThat(web.post("/voicemail/" + ids[1] + "/delete", "box", "general").location()).endsWith("/voicemail?box=general");
        assertThat(web.get("/voicemail/deleted?box=general").body()).as("back to the inbox of the box shown")
                .contains("href=\"/voicemail?box=general\"");

        var bad = web.get("/voicemail?box=generl");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.body()).contains("box: &#39;generl&#39; is not a mailbox")
                .contains("a team member&#39;s mailbox by its id, the general mailbox by general").doesNotContain("(773) 555-0202");
        var refused = web.post("/voicemail/" + ids[0] + "/heard", "heard", "true", "box", "generl");
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.body()).contains("box: &#39;generl&#39; is not a valid value");
        assertThat(owner.get("/api/v1/voicemail/messages/" + ids[0]).json().get("heard").asBoolean()).as("unchanged").isFalse();
    }
}
