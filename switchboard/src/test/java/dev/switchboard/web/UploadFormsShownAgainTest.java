package dev.switchboard.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.support.IntegrationTest;
import dev.switchboard.support.TestAudio;
import dev.switchboard.support.WebClient;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

/**
 * An upload form refused is shown again with its errors at the form's own address, not at the address it was posted
 * to, which holds its CSRF token ({@code ?_csrf=}): the token never stays in the address bar, the history or a link
 * copied from it. So is one refused before its handler (400 unreadable, 403 a wrong token, 413 too large). The token is
 * still checked as before.
 */
class UploadFormsShownAgainTest extends IntegrationTest {

    private static final byte[] NOT_AUDIO = "these are notes, not audio".getBytes(StandardCharsets.UTF_8);

    private record Refused(String form, String fileField, byte[] file, String error, String[] fields) {
    }

    private static Refused[] refusals() throws Exception {
        return new Refused[] {
                new Refused("/settings/communications/phone/voicemail", "greetingFile", TestAudio.wav(), "must be 30 to 300 seconds",
                        new String[] {"greetingType", "AUDIO", "retention", "90", "maxMessageSeconds", "900"}),
                new Refused("/settings/communications/phone/holidays/new", "greetingFile", NOT_AUDIO, "is not WAV or MP3 audio",
                        new String[] {"name", "Closed", "date", LocalDate.now().plusDays(3).toString(), "recurrence", "ONE_TIME",
                                "enabled", "true"}),
                new Refused("/settings/communications/phone/call-flows/new", "greetingFile", NOT_AUDIO, "is not WAV or MP3 audio",
                        new String[] {"name", "Main menu", "timeoutSeconds", "5", "maxRetries", "2"}),
                new Refused("/queues/new", "holdMusicFile", NOT_AUDIO, "is not WAV or MP3 audio",
                        new String[] {"name", "Sales line", "strategy", "FIXED_ORDER", "ringTimeoutSeconds", "25", "wrapUpSeconds", "15",
                                "maxWaitSeconds", "600", "maxWaitKind", "VOICEMAIL", "maxCallers", "12", "maxMissedOffers", "2",
                                "rejoinWindowSeconds", "90", "shortAbandonSeconds", "4", "serviceLevelSeconds", "30"})};
    }

    @Test
    void aRefusedUploadFormIsShownAgainAtItsOwnAddressWithoutTheToken() throws Exception {
        var web = newCompanyOwner("Clean Addresses Co");
        for (var refused : refusals()) {
            var form = web.get(refused.form()).body();
            // Posted, as the page's form posts it, to its own address with the token.
            assertThat(form).as(refused.form()).contains("action=\"" + refused.form() + "?_csrf=");
            var shown = web.postFile(refused.form(), refused.fileField(), "notes.wav", "audio/wav", refused.file(), refused.fields());

            assertThat(shown.status()).as(refused.form() + ": " + shown.body()).isEqualTo(422);
            assertThat(shown.body()).as(refused.form()).contains(refused.error());
            assertThat(shown.address()).as(refused.form()).isEqualTo(refused.form()).doesNotContain("_csrf");
            // What was typed is still there, and the form shown again can be sent again (a fresh token in its action).
            assertThat(shown.body()).as(refused.form()).contains(refused.fields()[1])
                    .contains("action=\"" + refused.form() + "?_csrf=");

            // Shown once: reloaded, the address shows the form afresh, as after any redirect after a post.
            var reloaded = web.get(refused.form());
            assertThat(reloaded.status()).as(refused.form()).isEqualTo(200);
            assertThat(reloaded.body()).as(refused.form()).doesNotContain(refused.error());
        }
    }

    @Test
    void aFormShownAgainIsSavedFromThereAndAnEditFormComesBackToItsOwnAddress() throws Exception {
        var web = newCompanyOwner("Second Try Co");
        var queue = "/queues/new";
        web.get(queue);
        var fields = refusals()[3].fields();
        assertThat(web.postFile(queue, "holdMusicFile", "notes.wav", "audio/wav", NOT_AUDIO, fields).status()).isEqualTo(422);
        var saved = web.postFile(queue, "holdMusicFile", "jingle.wav", "audio/wav", TestAudio.wav(), fields);
        assertThat(saved.status()).as(saved.body()).isEqualTo(302);
        assertThat(saved.location()).endsWith("/queues");

        var edit = "/queues/" + queueId(web);
        web.get(edit);
        var shown = web.postFile(edit, "holdMusicFile", "notes.wav", "audio/wav", NOT_AUDIO, fields);
        assertThat(shown.status()).isEqualTo(422);
        assertThat(shown.address()).isEqualTo(edit);
        assertThat(shown.body()).contains("is not WAV or MP3 audio");
    }

    @Test
    void theTokenIsCheckedAsBeforeAndNoOtherSessionSeesThePageShownAgain() throws Exception {
        var web = newCompanyOwner("Still Checked Co");
        var page = "/settings/communications/phone/voicemail";
        web.get(page);
        var token = web.csrfToken();
        var boundary = "----shown-again";
        var body = WebClient.multipart(boundary, "greetingFile", "hello.wav", "audio/wav", TestAudio.wav(), "greetingType", "AUDIO",
                "retention", "90", "maxMessageSeconds", "900");
        var none = web.postMultipart(page, "multipart/form-data; boundary=" + boundary, body);
        assertThat(none.status()).as("no token").isEqualTo(403);
        var wrong = web.postMultipart(page + "?_csrf=not-the-token", "multipart/form-data; boundary=" + boundary, body);
        assertThat(wrong.status()).as("a wrong token").isEqualTo(403);
        assertThat(wrong.address()).as("refused before the form, shown at its address too").isEqualTo(page);
        assertThat(wrong.body()).contains("security token is missing or out of date");

        var shown = web.postMultipart(page + "?_csrf=" + token, "multipart/form-data; boundary=" + boundary, body);
        assertThat(shown.status()).isEqualTo(422);
        assertThat(shown.address()).isEqualTo(page);

        // Held for the session that posted only, and shown once.
        var other = newCompanyOwner("Other Session Co");
        assertThat(other.get(page).body()).doesNotContain("must be 30 to 300 seconds");
        assertThat(web.get(page).body()).doesNotContain("must be 30 to 300 seconds");
    }

    private String queueId(WebClient web) {
        var list = web.get("/queues").body();
        return list.replaceAll("(?s).*href=\"/queues/([0-9a-f-]{36})\".*", "$1");
    }

    @Test
    void anUploadRefusedBeforeItsFormIsShownAtTheFormsAddressWithoutTheToken() throws Exception {
        var web = newCompanyOwner("Early Refusals Co");
        var page = "/settings/communications/phone/voicemail";
        var boundary = "----early";
        var refusals = new java.util.LinkedHashMap<String, byte[]>();
        var cut = WebClient.multipart(boundary, "greetingFile", "hello.wav", "audio/wav", TestAudio.wav(), "greetingType", "AUDIO");
        refusals.put("400 could not be read as a form with a file", java.util.Arrays.copyOf(cut, cut.length / 2));
        refusals.put("400 the NUL character", WebClient.multipart(boundary, "greetingFile", "hello\u0000.wav", "audio/wav",
                TestAudio.wav(), "greetingType", "AUDIO"));
        refusals.put("413 The file is too large", WebClient.multipart(boundary, "greetingFile", "big.wav", "audio/wav",
                new byte[25_000_000], "greetingType", "AUDIO"));
        for (var refusal : refusals.entrySet()) {
            web.get(page);
            var posted = page + "?_csrf=" + web.csrfToken();
            var shown = web.postMultipart(posted, "multipart/form-data; boundary=" + boundary, refusal.getValue());

            var expected = refusal.getKey().split(" ", 2);
            assertThat(shown.status()).as(refusal.getKey() + ": " + shown.body()).isEqualTo(Integer.parseInt(expected[0]));
            assertThat(shown.body()).as(refusal.getKey()).contains(expected[1]);
            assertThat(shown.address()).as(refusal.getKey()).isEqualTo(page).doesNotContain("_csrf");
            // Shown once: the address then shows the form afresh.
            assertThat(web.get(page).status()).as(refusal.getKey()).isEqualTo(200);
        }
    }
}
