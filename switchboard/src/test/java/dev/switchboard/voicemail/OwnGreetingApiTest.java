package dev.switchboard.voicemail;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.support.ApiClient;
import dev.switchboard.support.IntegrationTest;
import java.io.IOException;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * {@code PUT /api/v1/members/{id}/greeting} and {@code POST .../greeting/audio}: an agent sets their own voicemail greeting
 * (default, spoken text, or an uploaded recording) with the admin's checks and audit, and never a colleague's.
 */
class OwnGreetingApiTest extends IntegrationTest {

    @Autowired
    JdbcClient jdbc;

    ApiClient owner;
    ApiClient agent;
    String ann;
    String bob;

    @BeforeEach
    void company() {
        owner = api().signUpNewCompany("Own Greeting Co");
        ann = owner.post("/api/v1/members", Map.of("name", "Ann Lee")).json().get("id").asString();
        bob = owner.post("/api/v1/members", Map.of("name", "Bob Stone")).json().get("id").asString();
        agent = owner.newUser("AGENT", ann);
        // The admin's settings of Ann's box, which her greeting leaves as they are.
        assertThat(owner.put("/api/v1/members/" + ann + "/voicemail", Map.of("email_enabled", true, "email_addresses",
                java.util.List.of("ann@example.com"), "retention_days", 30)).status()).isEqualTo(200);
    }

    private String box(String member) {
        return owner.get("/api/v1/members/" + member + "/voicemail").json().get("settings").toString();
    }

    @Autowired
    org.springframework.transaction.support.TransactionTemplate tx;

    /** The company's stored audio files. */
    private long mediaFiles() {
        var company = owner.get("/api/v1/me").json().get("company_id").asString();
        return dev.switchboard.platform.TenantContext.callAs(dev.switchboard.shared.CompanyId.of(company), () -> tx.execute(s ->
                jdbc.sql("select count(*) from media_files where company_id = :c").param("c", java.util.UUID.fromString(company))
                        .query(Long.class).single()));
    }

    @Test
    void anAgentSetsASpokenGreetingAndThenARecordingAndEachIsAuditedAsTheirs() throws IOException {
        var spoken = agent.put("/api/v1/members/" + ann + "/greeting", Map.of("greeting_type", "TEXT_TO_SPEECH",
                "greeting_text", "Ann here, leave a message.", "greeting_voice", "Polly.Joanna", "greeting_language", "en-US"));
        assertThat(spoken.status()).as(spoken.body()).isEqualTo(200);
        var settings = owner.get("/api/v1/members/" + ann + "/voicemail").json().get("settings");
        assertThat(settings.get("greeting_type").asString()).isEqualTo("TEXT_TO_SPEECH");
        assertThat(settings.get("greeting_text").asString()).isEqualTo("Ann here, leave a message.");
        assertThat(settings.get("greeting_voice").asString()).isEqualTo("Polly.Joanna");
        assertThat(settings.get("greeting_language").asString()).isEqualTo("en-US");
        assertThat(settings.get("email_addresses").get(0).asString()).as("the admin's part kept").isEqualTo("ann@example.com");
        assertThat(settings.get("retention_days").asInt()).isEqualTo(30);
        var entry = owner.get("/api/v1/audit-log?entity_type=voicemail_box").json().get(0);
        assertThat(entry.get("entity_id").asString()).isEqualTo(ann);
        assertThat(entry.get("action").asString()).isEqualTo("update");
        assertThat(entry.get("actor").asString()).isEqualTo(agent.email());

        var recorded = agent.upload("/api/v1/members/" + ann + "/greeting/audio", "file", "ann.wav", "audio/wav",
                VoicemailSettingsApiTest.wav(1));
        assertThat(recorded.status()).as(recorded.body()).isEqualTo(200);
        assertThat(recorded.json().get("settings").get("greeting_type").asString()).isEqualTo("AUDIO");
        assertThat(recorded.json().get("greeting_audio_url").asString()).contains("signature=");
        assertThat(owner.get("/api/v1/audit-log?entity_type=voicemail_box").json().get(0).get("actor").asString())
                .isEqualTo(agent.email());

        // Back to the standard greeting.
        assertThat(agent.put("/api/v1/members/" + ann + "/greeting", Map.of("greeting_type", "DEFAULT")).status()).isEqualTo(200);
        assertThat(owner.get("/api/v1/members/" + ann + "/voicemail").json().get("settings").get("greeting_type").asString())
                .isEqualTo("DEFAULT");
    }

    /** A voice named reads its own language whatever the language chosen: saved, and said so (the form's note too). */
    @Test
    void aNamedVoiceGivenAnotherLanguageIsSavedWithAWarningThatItReadsItsOwn() {
        var path = "/api/v1/members/" + ann + "/greeting";
        var mismatched = agent.put(path, Map.of("greeting_type", "TEXT_TO_SPEECH", "greeting_text", "Hola, deje su mensaje.",
                "greeting_voice", "AWS.Polly.Joanna", "greeting_language", "es-US"));
        assertThat(mismatched.status()).as(mismatched.body()).isEqualTo(200);
        assertThat(mismatched.json().get("warnings").get(0).get("field").asString()).isEqualTo("greeting_voice");
        assertThat(mismatched.json().get("warnings").get(0).get("message").asString())
                .startsWith("the voice Joanna speaks US English only, so the text is read in US English, not US Spanish");
        var matched = agent.put(path, Map.of("greeting_voice", "female"));
        assertThat(matched.status()).isEqualTo(200);
        assertThat(matched.json().get("warnings").toString()).isEqualTo("[]");
        var menu = owner.post("/api/v1/ivr-menus", Map.of("name", "Menu", "greeting_text", "Para ventas, oprima 1.",
                "greeting_voice", "AWS.Polly.Matthew", "greeting_language", "es-MX", "options", Map.of("1", Map.of("kind", "VOICEMAIL"))));
        assertThat(menu.status()).as(menu.body()).isEqualTo(201);
        assertThat(menu.json().get("warnings").toString()).contains("the voice Matthew speaks US English only");
    }

    @Test
    void badGreetingsAreRefusedNamingTheProblemAndChangeNothing() throws IOException {
        var before = box(ann);
        long files = mediaFiles();
        var path = "/api/v1/members/" + ann + "/greeting";
        var blank = agent.put(path, Map.of("greeting_type", "TEXT_TO_SPEECH", "greeting_text", "  "));
        assertThat(blank.status()).isEqualTo(422);
        assertThat(blank.errorField()).isEqualTo("greeting_text");
        assertThat(blank.json().get("errors").get(0).get("message").asString()).isEqualTo("a text-to-speech greeting needs its text");

        var voice = agent.put(path, Map.of("greeting_type", "TEXT_TO_SPEECH", "greeting_text", "Hi", "greeting_language", "English"));
        assertThat(voice.status()).isEqualTo(422);
        assertThat(voice.errorField()).isEqualTo("greeting_language");

        var noFile = agent.put(path, Map.of("greeting_type", "AUDIO"));
        assertThat(noFile.status()).isEqualTo(422);
        assertThat(noFile.json().get("errors").get(0).get("message").asString())
                .isEqualTo("an audio greeting needs an uploaded file (upload one: POST /api/v1/members/" + ann
                        + "/greeting/audio, or on My status)");

        var notAudio = agent.upload(path + "/audio", "file", "notes.wav", "audio/wav", "not audio at all".getBytes());
        assertThat(notAudio.status()).isEqualTo(422);
        assertThat(notAudio.errorField()).isEqualTo("file");
        assertThat(notAudio.json().get("errors").get(0).get("message").asString()).contains("('notes.wav')");

        var tooLarge = new byte[5 * 1024 * 1024 + 1];
        System.arraycopy(VoicemailSettingsApiTest.wav(1), 0, tooLarge, 0, 100);
        var large = agent.upload(path + "/audio", "file", "long.wav", "audio/wav", tooLarge);
        assertThat(large.status()).isEqualTo(422);
        assertThat(large.errorField()).isEqualTo("file");
        assertThat(large.json().get("errors").get(0).get("message").asString()).startsWith("must be at most 5 MB");

        assertThat(box(ann)).isEqualTo(before);
        assertThat(mediaFiles()).as("no upload kept").isEqualTo(files);
    }

    @Test
    void anAgentNeverChangesAColleaguesGreeting() throws IOException {
        var before = box(bob);
        long files = mediaFiles();
        var refused = agent.put("/api/v1/members/" + bob + "/greeting", Map.of("greeting_type", "TEXT_TO_SPEECH", "greeting_text", "Ha"));
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.json().get("detail").asString()).isEqualTo("you can change only your own voicemail greeting");
        var upload = agent.upload("/api/v1/members/" + bob + "/greeting/audio", "file", "ha.wav", "audio/wav",
                VoicemailSettingsApiTest.wav(1));
        assertThat(upload.status()).isEqualTo(403);
        var memberless = owner.newUser("SUPERVISOR", null);
        var none = memberless.put("/api/v1/members/" + bob + "/greeting", Map.of("greeting_type", "DEFAULT"));
        assertThat(none.status()).isEqualTo(403);
        assertThat(none.json().get("detail").asString()).contains("your login is not linked to a team member");
        assertThat(box(bob)).isEqualTo(before);
        assertThat(mediaFiles()).as("the refused upload not stored").isEqualTo(files);
    }
}
