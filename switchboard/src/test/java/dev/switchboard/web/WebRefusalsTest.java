package dev.switchboard.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.switchboard.support.IntegrationTest;
import dev.switchboard.support.WebClient;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Requests the pages refuse, each with a page that says why and nothing changed: an agent editing a call's
 * notes, keys pressed on a test call that is over, an address whose id is no id, an upload far too large.
 */
class WebRefusalsTest extends IntegrationTest {

    /** A demo test call, placed and hung up by the owner; its call log id. */
    private String endedTestCall(WebClient owner) {
        var from = "+1773555" + String.format("%04d", ThreadLocalRandom.current().nextInt(1000, 9999));
        owner.get("/test-call");
        var placed = owner.post("/test-call", "from", from, "to", "+13125550100");
        var callPage = placed.location().replaceAll("^https?://[^/]+", "");
        owner.get(callPage);
        owner.post(callPage + "/hangup");
        var query = "/calls?number=" + from.replace("+", "%2B");
        await().atMost(Duration.ofSeconds(20)).until(() -> owner.get(query).body().contains("call-row"));
        var m = Pattern.compile("/calls/([0-9a-f-]{36})").matcher(owner.get(query).body());
        assertThat(m.find()).isTrue();
        return m.group(1) + " " + callPage;
    }

    @Test
    void anAgentCannotEditACallsNotesAndKeysOnACallThatIsOverAreSaidNextToTheKeypad() {
        var owner = webLogin("owner@demo.test", "demo");
        var ids = endedTestCall(owner).split(" ");
        var id = ids[0];
        var callPage = ids[1];
        var agent = webLogin("aisha@demo.test", "demo-agent");
        agent.get("/me");
        var refused = agent.post("/calls/" + id + "/notes", "notes", "AGENT WAS HERE", "tags", "agent-tag");
        assertThat(refused.status()).isEqualTo(403);
        // The owner's notes refused (too long) come back as typed, with the tags typed beside them, not the saved ones.
        var tooLong = owner.post("/calls/" + id + "/notes", "notes", "Call back about the boiler. " + "x".repeat(5000), "tags",
                "urgent, followup");
        assertThat(tooLong.status()).isEqualTo(422);
        assertThat(tooLong.body()).contains("must be at most 5000 characters").contains("Call back about the boiler.")
                .contains("value=\"urgent, followup\"");
        assertThat(owner.get("/calls/" + id).body()).doesNotContain("AGENT WAS HERE").doesNotContain("agent-tag");
        assertThat(owner.get("/calls/" + id).body()).contains("Save notes");

        var keys = owner.post(callPage + "/digits", "digits", "1");
        assertThat(keys.status()).isEqualTo(409);
        assertThat(keys.body()).contains("keys reach nobody on a call that is over");
    }

    @Test
    void anAddressWhoseIdIsNoIdIsNotFound() {
        var owner = webLogin("owner@demo.test", "demo");
        for (var path : new String[] {"/calls/abc", "/settings/communications/phone/routing/abc"}) {
            var page = owner.get(path);
            assertThat(page.status()).as(path).isEqualTo(404);
            assertThat(page.body()).as(path).contains("is not a valid");
        }
        // In a filter or a form field, a value of the wrong kind is named (the form itself is not shown again).
        var filter = owner.get("/calls?member=abc");
        assertThat(filter.status()).isEqualTo(400);
        assertThat(filter.body()).contains("member: &#39;abc&#39; is not a valid value").contains("Part of the address could not be read")
                .doesNotContain("nothing was saved");
        // So too a query parameter read on its own (the page's size, where the next page starts): a bad request, not "not found".
        for (var query : new String[] {"size=x", "beforeStartedAt=zzz"}) {
            var param = owner.get("/calls?" + query);
            assertThat(param.status()).as(query).isEqualTo(400);
            assertThat(param.body()).as(query).contains(query.substring(0, query.indexOf('=')) + ": &#39;").contains("is not a valid value");
        }
        // A mailbox in the voicemail page's address that is no id: the error page names it and what it should be.
        var box = owner.get("/voicemail?box=abc");
        assertThat(box.status()).isEqualTo(400);
        assertThat(box.body()).contains("Part of the address could not be read")
                .contains("box: &#39;abc&#39; is not a mailbox").contains("leave box out for your own")
                .doesNotContain("nothing was saved");
        // (A form's whole number that is none is said beside its field: FormNumbersTest.)
    }

    @Test
    void anUploadFarTooLargeIsAPageSayingSoAndOneALittleTooLargeIsTheFormsMessage() {
        var web = newCompanyOwner("Upload Limits Co");
        web.get("/settings/communications/phone/voicemail");
        var little = web.postFile("/settings/communications/phone/voicemail", "greetingFile", "big.wav", "audio/wav",
                new byte[8_000_000], "greetingType", "AUDIO", "retention", "90", "maxMessageSeconds", "120");
        assertThat(little.status()).isEqualTo(422);
        assertThat(little.body()).contains("5 MB");
        web.get("/settings/communications/phone/voicemail");
        var far = web.postFile("/settings/communications/phone/voicemail", "greetingFile", "huge.wav", "audio/wav",
                new byte[22_000_000], "greetingType", "AUDIO", "retention", "90", "maxMessageSeconds", "120");
        assertThat(far.status()).isEqualTo(413);
        // The page's title (the server closes the connection after it, since it did not read the whole upload, so
        // the client may not get the rest of the page).
        assertThat(far.body()).contains("<title>File too large");
    }
    /**
     * A form over the server's limits on its number of fields (max-part-count for an upload, max-parameter-count for a
     * plain form) was answered with a bare 400 page naming Tomcat's exception (FileCountLimitExceededException): it is
     * the app's error page in plain words, with nothing of the exception's name, and nothing saved.
     */
    @Test
    void aFormWithTooManyFieldsGetsAPageSayingSoInPlainWords() {
        var web = newCompanyOwner("Many Fields Co");
        web.get("/settings/communications/phone/call-flows/new");
        var pairs = new java.util.ArrayList<String>(java.util.List.of("name", "Too Many", "greetingText", "Press 1.",
                "timeoutSeconds", "5", "maxRetries", "2"));
        for (int i = 0; i < 1001; i++) {
            pairs.add("extra" + i);
            pairs.add("");
        }
        var upload = web.postFile("/settings/communications/phone/call-flows/new", "greetingFile", "", "application/octet-stream",
                new byte[0], pairs.toArray(String[]::new));
        assertThat(upload.status()).as(upload.body()).isEqualTo(400);
        assertThat(upload.body()).contains("The form had too many fields").doesNotContain("Exception").doesNotContain("tomcat")
                .contains("<nav");
        web.get("/settings/communications/phone/call-flows/new");
        var plain = web.post("/settings/communications/phone/call-flows", pairs.toArray(String[]::new));
        assertThat(plain.status()).as(plain.body()).isEqualTo(400);
        assertThat(plain.body()).contains("The form had too many fields").doesNotContain("Exception").doesNotContain("percent-escape");
        assertThat(web.get("/settings/communications/phone/call-flows").body()).doesNotContain("Too Many");
    }

    @org.springframework.beans.factory.annotation.Autowired
    org.springframework.jdbc.core.simple.JdbcClient jdbc;

    @org.springframework.beans.factory.annotation.Autowired
    org.springframework.transaction.support.TransactionTemplate tx;

    private long mediaFiles(WebClient web) {
        var company = dev.switchboard.shared.CompanyId.of(web.companyId());
        return dev.switchboard.platform.TenantContext.callAs(company, () -> tx.execute(s -> jdbc
                .sql("select count(*) from media_files where company_id = :c").param("c", company.value()).query(Long.class).single()));
    }

    @Test
    void aFormRefusedAfterItsUploadKeepsNoFile() throws Exception {
        var web = newCompanyOwner("Refused Uploads Co");
        var wav = dev.switchboard.support.TestAudio.wav();
        web.get("/settings/communications/phone/voicemail");
        var voicemail = web.postFile("/settings/communications/phone/voicemail", "greetingFile", "hello.wav", "audio/wav", wav,
                "greetingType", "AUDIO", "retention", "90", "maxMessageSeconds", "900");
        assertThat(voicemail.status()).isEqualTo(422);
        assertThat(voicemail.body()).contains("must be 30 to 300 seconds");
        assertThat(mediaFiles(web)).isZero();

        web.get("/settings/communications/phone/call-flows/new");
        var menu = web.postFile("/settings/communications/phone/call-flows", "greetingFile", "hello.wav", "audio/wav", wav,
                "name", "", "timeoutSeconds", "5", "maxRetries", "2");
        assertThat(menu.status()).isEqualTo(422);
        assertThat(mediaFiles(web)).isZero();
        web.get("/settings/communications/phone/call-flows/new");
        var notAudio = web.postFile("/settings/communications/phone/call-flows", "greetingFile", "notes.wav", "audio/wav",
                "hello".getBytes(java.nio.charset.StandardCharsets.UTF_8), "name", "Main menu", "timeoutSeconds", "5", "maxRetries", "2");
        assertThat(notAudio.status()).isEqualTo(422);
        assertThat(notAudio.body()).contains("is not WAV or MP3 audio");

        web.get("/settings/communications/phone/voicemail");
        var saved = web.postFile("/settings/communications/phone/voicemail", "greetingFile", "hello.wav", "audio/wav", wav,
                "greetingType", "AUDIO", "retention", "90", "maxMessageSeconds", "120");
        assertThat(saved.status()).as(saved.body()).isEqualTo(302);
        assertThat(mediaFiles(web)).as("a form saved keeps its file").isEqualTo(1);
    }
}
