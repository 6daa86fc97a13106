package dev.switchboard.voicemail;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.support.ApiClient;
import dev.switchboard.support.IntegrationTest;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import javax.sound.sampled.AudioFileFormat;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class VoicemailSettingsApiTest extends IntegrationTest {

    ApiClient owner;

    @BeforeEach
    void company() {
        owner = api().signUpNewCompany("Voicemail Co");
    }

    /** A real WAV: one second of 8 kHz 16-bit mono silence. */
    static byte[] wav(int seconds) throws IOException {
        var format = new AudioFormat(8000, 16, 1, true, false);
        var pcm = new byte[8000 * 2 * seconds];
        var out = new ByteArrayOutputStream();
        AudioSystem.write(new AudioInputStream(new ByteArrayInputStream(pcm), format, 8000L * seconds), AudioFileFormat.Type.WAVE, out);
        return out.toByteArray();
    }

    /** Two MPEG-1 Layer III frames (128 kbit/s, 44.1 kHz: 417 bytes each). */
    static byte[] mp3() {
        var bytes = new byte[417 * 2 + 4];
        for (int frame = 0; frame < 3; frame++) {
            int at = frame * 417;
            if (at + 4 <= bytes.length) {
                bytes[at] = (byte) 0xFF;
                bytes[at + 1] = (byte) 0xFB;
                bytes[at + 2] = (byte) 0x90;
                bytes[at + 3] = 0x00;
            }
        }
        return bytes;
    }

    @Test
    void aRealWavIsStoredAndServedOnlyThroughItsSignedUrl() throws IOException {
        var audio = wav(1);
        var uploaded = owner.upload("/api/v1/media?purpose=greeting", "file", "hello.wav", "audio/wav", audio);
        assertThat(uploaded.status()).as(uploaded.body()).isEqualTo(201);
        assertThat(uploaded.json().get("file").get("content_type").asString()).isEqualTo("audio/wav");
        assertThat(uploaded.json().get("file").get("duration_millis").asLong()).isEqualTo(1000);
        var url = uploaded.json().get("url").asString();
        assertThat(url).contains("signature=").contains("expires=");

        var anonymous = api();
        var served = anonymous.getBytes(url);
        assertThat(served.statusCode()).isEqualTo(200);
        assertThat(served.body()).isEqualTo(audio);
        assertThat(anonymous.getBytes(url.replaceAll("signature=[^&]+", "signature=forged")).statusCode()).isEqualTo(404);
        assertThat(anonymous.getBytes(url.replaceAll("expires=\\d+", "expires=4102444800")).statusCode()).isEqualTo(404);
        assertThat(anonymous.getBytes(url.replaceAll("expires=\\d+", "expires=1000")).statusCode()).isEqualTo(404);
        assertThat(anonymous.getBytes(url.substring(0, url.indexOf('?'))).statusCode()).isEqualTo(404);
    }

    @Test
    void mp3IsAcceptedAndThingsThatAreNotAudioAreRefused() throws IOException {
        var mp3 = owner.upload("/api/v1/media", "file", "hold.mp3", "audio/mpeg", mp3());
        assertThat(mp3.status()).as(mp3.body()).isEqualTo(201);
        assertThat(mp3.json().get("file").get("content_type").asString()).isEqualTo("audio/mpeg");
        // Two frames of 1152 samples at 44.1 kHz; the third's header, cut short, is not counted.
        assertThat(mp3.json().get("file").get("duration_millis").asLong()).isEqualTo(52);

        // Ten seconds of frames between an ID3v2 tag and an ID3v1 one, as an exported hold message is: its length was
        // unknown ("—" on the Audio files tab), as if it could not be read. 383 frames of 1152 samples at 44.1 kHz.
        var tagged = new java.io.ByteArrayOutputStream();
        tagged.write(new byte[] {'I', 'D', '3', 3, 0, 0, 0, 0, 0, 10});
        tagged.write(new byte[10]);
        for (int i = 0; i < 383; i++) {
            tagged.write(java.util.Arrays.copyOf(mp3(), 417));
        }
        var v1 = new byte[128];
        v1[0] = 'T';
        v1[1] = 'A';
        v1[2] = 'G';
        tagged.write(v1);
        var ten = owner.upload("/api/v1/media", "file", "hold-10s.mp3", "audio/mpeg", tagged.toByteArray());
        assertThat(ten.status()).as(ten.body()).isEqualTo(201);
        assertThat(ten.json().get("file").get("duration_millis").asLong()).isEqualTo(Math.round(383 * 1152 * 1000.0 / 44100));

        var png = new byte[] {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10, 0, 0, 0, 13};
        var renamed = owner.upload("/api/v1/media", "file", "greeting.wav", "audio/wav", png);
        assertThat(renamed.status()).isEqualTo(422);
        assertThat(renamed.errorField()).isEqualTo("file");
        var truncatedWav = java.util.Arrays.copyOf(wav(1), 30);
        assertThat(owner.upload("/api/v1/media", "file", "cut.wav", "audio/wav", truncatedWav).status()).isEqualTo(422);
        var oneFrame = java.util.Arrays.copyOf(mp3(), 417);
        assertThat(owner.upload("/api/v1/media", "file", "one.mp3", "audio/mpeg", oneFrame).status()).isEqualTo(422);

        var big = new byte[5 * 1024 * 1024 + 10];
        System.arraycopy(mp3(), 0, big, 0, 838);
        var tooBig = owner.upload("/api/v1/media", "file", "long.mp3", "audio/mpeg", big);
        assertThat(tooBig.status()).isEqualTo(422);
        assertThat(tooBig.json().get("errors").get(0).get("rule").asString()).isEqualTo("size");
        var huge = owner.upload("/api/v1/media", "file", "huge.mp3", "audio/mpeg", new byte[7 * 1024 * 1024]);
        assertThat(huge.status()).isEqualTo(413);
        assertThat(owner.upload("/api/v1/media?purpose=selfie", "file", "x.wav", "audio/wav", wav(1)).errorField()).isEqualTo("purpose");
    }

    @Test
    void generalBoxSettingsAreCheckedAndSaved() throws IOException {
        var defaults = owner.get("/api/v1/voicemail/settings").json().get("settings");
        assertThat(defaults.get("greeting_type").asString()).isEqualTo("DEFAULT");
        assertThat(defaults.get("max_message_seconds").asInt()).isEqualTo(120);

        var bad = owner.put("/api/v1/voicemail/settings", Map.of("retention_days", 45, "max_message_seconds", 301,
                "greeting_type", "AUDIO", "email_enabled", true, "email_addresses", List.of("not-an-email"), "sms_number", "12"));
        assertThat(bad.status()).isEqualTo(422);
        assertThat(bad.json().get("errors").findValuesAsString("field")).contains("retention_days", "max_message_seconds",
                "greeting_media_id", "email_addresses[0]", "sms_number");
        assertThat(owner.get("/api/v1/voicemail/settings").json().get("settings").get("retention_days").asInt()).isEqualTo(90);

        var tts = owner.put("/api/v1/voicemail/settings", Map.of("greeting_type", "TEXT_TO_SPEECH"));
        assertThat(tts.errorField()).isEqualTo("greeting_text");

        var mediaId = owner.upload("/api/v1/media", "file", "hello.wav", "audio/wav", wav(2)).json().get("file").get("id").asString();
        var ok = owner.put("/api/v1/voicemail/settings", Map.of("greeting_type", "AUDIO", "greeting_media_id", mediaId,
                "email_enabled", true, "email_addresses", List.of("Office@Example.com"), "attach_audio", false,
                "sms_enabled", true, "sms_number", "(312) 555-0188", "keep_forever", true, "max_message_seconds", 300));
        assertThat(ok.status()).as(ok.body()).isEqualTo(200);
        var saved = ok.json().get("settings");
        assertThat(saved.get("email_addresses").get(0).asString()).isEqualTo("office@example.com");
        assertThat(saved.get("sms_number").asString()).isEqualTo("+13125550188");
        assertThat(saved.get("retention_days").isNull()).isTrue();
        assertThat(ok.json().get("greeting_audio_url").asString()).startsWith("/media/");
    }

    @Test
    void aTextAbroadIsRefusedWhileCallsAbroadAreOffAndOneSavedWhenTheyWereOnIsKept() {
        // A new US company has calls abroad off: a text to a UK mobile would be billed as a call there is.
        var refused = owner.put("/api/v1/voicemail/settings", Map.of("sms_enabled", true, "sms_number", "+447400123456"));
        assertThat(refused.status()).as(refused.body()).isEqualTo(422);
        assertThat(refused.errorField()).isEqualTo("sms_number");
        assertThat(refused.body()).contains("is a number in the United Kingdom").contains("calls abroad are off for this company");
        assertThat(owner.get("/api/v1/voicemail/settings").json().get("settings").get("sms_enabled").asBoolean()).isFalse();

        var company = owner.get("/api/v1/company").json();
        assertThat(owner.put("/api/v1/company", Map.of("name", company.get("name").asString(), "timezone",
                company.get("timezone").asString(), "international_calls", true)).status()).isEqualTo(200);
        var saved = owner.put("/api/v1/voicemail/settings", Map.of("sms_enabled", true, "sms_number", "+447400123456"));
        assertThat(saved.status()).as(saved.body()).isEqualTo(200);
        assertThat(owner.put("/api/v1/company", Map.of("name", company.get("name").asString(), "timezone",
                company.get("timezone").asString(), "international_calls", false)).status()).isEqualTo(200);
        // Kept as it is, as a forwarding number saved then is: another setting of the box still saves.
        var other = owner.put("/api/v1/voicemail/settings", Map.of("sms_number", "+447400123456", "max_message_seconds", 60));
        assertThat(other.status()).as(other.body()).isEqualTo(200);
        var another = owner.put("/api/v1/voicemail/settings", Map.of("sms_number", "+447400123457"));
        assertThat(another.status()).as("a new number abroad is refused").isEqualTo(422);
        assertThat(owner.put("/api/v1/voicemail/settings", Map.of("sms_number", "(312) 555-0188")).status()).isEqualTo(200);
    }

    @Test
    void aContradictoryOrIncompleteRetentionIsRefusedAndChangesNothing() {
        assertThat(owner.put("/api/v1/voicemail/settings", Map.of("keep_forever", true)).status()).isEqualTo(200);

        var stop = owner.put("/api/v1/voicemail/settings", Map.of("keep_forever", false));
        assertThat(stop.status()).as(stop.body()).isEqualTo(422);
        assertThat(stop.errorField()).isEqualTo("retention_days");
        assertThat(stop.body()).contains("keep_forever false needs retention_days");

        var both = owner.put("/api/v1/voicemail/settings", Map.of("keep_forever", true, "retention_days", 30));
        assertThat(both.status()).as(both.body()).isEqualTo(422);
        assertThat(both.errorField()).isEqualTo("keep_forever");
        assertThat(both.body()).contains("contradict");
        assertThat(owner.get("/api/v1/voicemail/settings").json().get("settings").get("retention_days").isNull()).as("still forever").isTrue();

        var days = owner.put("/api/v1/voicemail/settings", Map.of("keep_forever", false, "retention_days", 60));
        assertThat(days.status()).as(days.body()).isEqualTo(200);
        assertThat(days.json().get("settings").get("retention_days").asInt()).isEqualTo(60);
    }

    @Test
    void aFieldLeftOutKeepsItsValueAndOneSentEmptyIsCleared() {
        var full = owner.put("/api/v1/voicemail/settings", Map.of("greeting_type", "TEXT_TO_SPEECH", "greeting_text", "Hello, leave a message",
                "greeting_voice", "female", "email_enabled", true, "email_addresses", java.util.List.of("a@example.com")));
        assertThat(full.status()).as(full.body()).isEqualTo(200);
        var onlyLength = owner.put("/api/v1/voicemail/settings", Map.of("max_message_seconds", 60));
        assertThat(onlyLength.status()).as("the text and the addresses are still there: " + onlyLength.body()).isEqualTo(200);
        var settings = owner.get("/api/v1/voicemail/settings").json().get("settings");
        assertThat(settings.get("greeting_text").asString()).isEqualTo("Hello, leave a message");
        assertThat(settings.get("greeting_voice").asString()).isEqualTo("female");
        assertThat(settings.get("email_addresses").toString()).contains("a@example.com");
        assertThat(settings.get("max_message_seconds").asInt()).isEqualTo(60);
        assertThat(owner.put("/api/v1/voicemail/settings", Map.of("greeting_voice", "")).status()).isEqualTo(200);
        assertThat(owner.get("/api/v1/voicemail/settings").json().get("settings").get("greeting_voice").isNull()).as("sent empty: cleared").isTrue();
    }

    @Test
    void memberBoxesBelongToTheCompany() {
        var member = owner.post("/api/v1/members", Map.of("name", "Vi", "phone_extension", "150")).json().get("id").asString();
        var saved = owner.put("/api/v1/members/" + member + "/voicemail", Map.of("greeting_type", "TEXT_TO_SPEECH",
                "greeting_text", "You reached Vi.", "greeting_voice", "female", "greeting_language", "en-US"));
        assertThat(saved.status()).as(saved.body()).isEqualTo(200);
        assertThat(saved.json().get("warnings").size()).isEqualTo(1);
        var elsewhere = api().signUpNewCompany("Other");
        assertThat(elsewhere.get("/api/v1/members/" + member + "/voicemail").status()).isEqualTo(404);
        assertThat(elsewhere.put("/api/v1/members/" + member + "/voicemail", Map.of("greeting_type", "DEFAULT")).status()).isEqualTo(404);
        assertThat(owner.get("/api/v1/members/" + member + "/voicemail").json().get("settings").get("greeting_text").asString())
                .isEqualTo("You reached Vi.");
    }

    /** An agent reads their own box's settings, not a colleague's (whose notification emails and SMS number it shows). */
    @Test
    void anAgentReadsOnlyTheirOwnBoxsSettings() {
        var vi = owner.post("/api/v1/members", Map.of("name", "Vi", "phone_extension", "151")).json().get("id").asString();
        var bo = owner.post("/api/v1/members", Map.of("name", "Bo", "phone_extension", "152")).json().get("id").asString();
        assertThat(owner.put("/api/v1/members/" + bo + "/voicemail", Map.of("email_enabled", true,
                "email_addresses", java.util.List.of("bo.private@example.com"))).status()).isEqualTo(200);
        var email = "vi-" + java.util.UUID.randomUUID() + "@test.example";
        assertThat(owner.post("/api/v1/users", Map.of("email", email, "password", "long-enough", "role", "AGENT", "member_id", vi))
                .status()).isEqualTo(201);
        var agent = api().withToken(api().post("/api/v1/auth/token", Map.of("email", email, "password", "long-enough"))
                .json().get("token").asString());
        assertThat(agent.get("/api/v1/members/" + vi + "/voicemail").status()).isEqualTo(200);
        var colleague = agent.get("/api/v1/members/" + bo + "/voicemail");
        assertThat(colleague.status()).as(colleague.body()).isEqualTo(403);
        assertThat(colleague.body()).doesNotContain("bo.private@example.com");
    }

    @Test
    void holidayAndIvrGreetingsCanBeUploadedAudioOfTheCompany() throws IOException {
        var mediaId = owner.upload("/api/v1/media", "file", "closed.wav", "audio/wav", wav(1)).json().get("file").get("id").asString();
        var holiday = owner.post("/api/v1/holidays", Map.of("name", "Closed", "date", "2030-01-02", "greeting_media_id", mediaId));
        assertThat(holiday.status()).as(holiday.body()).isEqualTo(201);
        assertThat(holiday.json().get("warnings").findValuesAsString("field")).doesNotContain("greeting_text");
        var menu = owner.post("/api/v1/ivr-menus", Map.of("name", "Main", "greeting_media_id", mediaId));
        assertThat(menu.status()).as(menu.body()).isEqualTo(201);
        var elsewhere = api().signUpNewCompany("Thief");
        var stolen = elsewhere.post("/api/v1/holidays", Map.of("name", "X", "date", "2030-01-02", "greeting_media_id", mediaId));
        assertThat(stolen.errorField()).isEqualTo("greeting_media_id");
        assertThat(elsewhere.post("/api/v1/ivr-menus", Map.of("name", "Main", "greeting_media_id", mediaId)).errorField())
                .isEqualTo("greeting_media_id");
    }
}
