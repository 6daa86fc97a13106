package dev.switchboard.voicemail;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.media.Media;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;

/**
 * Heard messages past their box's retention go, with their audio; nothing goes early; keep-forever keeps; a message
 * nobody has listened to is never deleted.
 */
class RetentionTest extends VoicemailTestSupport {

    @Autowired
    Retention retention;

    @Autowired
    Media media;

    @Value("${switchboard.data-dir}")
    String dataDir;

    @BeforeEach
    void company() {
        signUp("Retention Co");
    }

    UUID depositWithAudio(String member) throws Exception {
        var id = deposit(member, "+17735550123", 3);
        var audio = VoicemailSettingsApiTest.wav(1);
        assertThat(asCompany(() -> voicemails.storeAudio(id, audio))).isTrue();
        return heard(id);
    }

    UUID heard(UUID message) {
        assertThat(owner.patch("/api/v1/voicemail/messages/" + message, Map.of("heard", true)).status()).isEqualTo(200);
        return message;
    }

    boolean kept(UUID message) {
        try {
            asCompany(() -> voicemails.get(message));
            return true;
        } catch (dev.switchboard.platform.NotFoundException e) {
            return false;
        }
    }

    Path file(UUID mediaId) {
        return Path.of(dataDir, "media", company.toString(), mediaId.toString());
    }

    @Test
    void messagesOlderThanTheBoxRetentionGoWithTheirAudioAndNothingGoesEarly() throws Exception {
        settings(null, Map.of("retention_days", 30));
        var forever = member("Keeps Everything");
        settings(forever, Map.of("keep_forever", true));
        var unconfigured = member("Never Configured"); // the default: 90 days

        var old = depositWithAudio(null);
        var oldAudio = asCompany(() -> voicemails.get(old).mediaId());
        var keptForever = heard(deposit(forever, "+17735550124", 3));
        var keptByDefault = heard(deposit(unconfigured, "+17735550125", 3));
        assertThat(Files.exists(file(oldAudio))).isTrue();

        clock.advance(Duration.ofDays(20));
        var recent = depositWithAudio(null);
        var recentAudio = asCompany(() -> voicemails.get(recent).mediaId());

        clock.advance(Duration.ofDays(10).minusSeconds(1));
        retention.purge();
        assertThat(kept(old)).as("one second short of 30 days").isTrue();

        clock.advance(Duration.ofSeconds(2));
        retention.purge();
        assertThat(kept(old)).isFalse();
        assertThat(asCompany(() -> media.find(oldAudio))).isEmpty();
        assertThat(Files.exists(file(oldAudio))).as("the audio file is gone too").isFalse();

        assertThat(kept(recent)).isTrue();
        assertThat(asCompany(() -> media.find(recentAudio))).isPresent();
        assertThat(Files.exists(file(recentAudio))).isTrue();
        assertThat(kept(keptForever)).isTrue();
        assertThat(kept(keptByDefault)).isTrue();

        clock.advance(Duration.ofDays(61));
        retention.purge();
        assertThat(kept(keptByDefault)).as("past the default 90 days").isFalse();
        assertThat(kept(recent)).isFalse();
        assertThat(kept(keptForever)).isTrue();
    }

    @Test
    void aMessageNobodyHasHeardIsKeptPastItsRetentionUntilSomeoneListens() throws Exception {
        settings(null, Map.of("retention_days", 30));
        var unconfigured = member("Never Configured"); // the default: 90 days
        var unheard = deposit(null, "+17735550150", 3);
        var audio = VoicemailSettingsApiTest.wav(1);
        assertThat(asCompany(() -> voicemails.storeAudio(unheard, audio))).isTrue();
        var unheardAudio = asCompany(() -> voicemails.get(unheard).mediaId());
        var unheardByDefault = deposit(unconfigured, "+17735550151", 3);
        var heard = heard(deposit(null, "+17735550152", 3));

        clock.advance(Duration.ofDays(400));
        retention.purge();
        assertThat(kept(heard)).isFalse();
        assertThat(kept(unheard)).as("nobody listened to it: a caller's message is not lost").isTrue();
        assertThat(kept(unheardByDefault)).isTrue();
        assertThat(Files.exists(file(unheardAudio))).isTrue();

        heard(unheard);
        retention.purge();
        assertThat(kept(unheard)).as("heard only now: kept for the box's retention from now, not deleted within the hour").isTrue();
        clock.advance(Duration.ofDays(29));
        retention.purge();
        assertThat(kept(unheard)).isTrue();
        clock.advance(Duration.ofDays(2));
        retention.purge();
        assertThat(kept(unheard)).as("30 days after it was first heard").isFalse();
        assertThat(kept(unheardByDefault)).isTrue();
    }

    @Test
    void shorteningTheRetentionWarnsOfTheMessagesItWillDelete() {
        settings(null, Map.of("keep_forever", true));
        deposit(null, "+17735550140", 5);
        deposit(null, "+17735550141", 5);
        assertThat(owner.patch("/api/v1/voicemail/messages/" + deposit(null, "+17735550142", 5), Map.of("heard", true)).status()).isEqualTo(200);
        clock.advance(java.time.Duration.ofDays(45));
        deposit(null, "+17735550143", 5);

        var to60 = owner.put("/api/v1/voicemail/settings", Map.of("retention_days", 60));
        assertThat(to60.status()).as(to60.body()).isEqualTo(200);
        assertThat(to60.json().get("warnings").findValuesAsString("field")).as("nothing is old enough to go").doesNotContain("retention_days");

        var to30 = owner.put("/api/v1/voicemail/settings", Map.of("retention_days", 30));
        assertThat(to30.status()).as(to30.body()).isEqualTo(200);
        var warning = java.util.stream.StreamSupport.stream(to30.json().get("warnings").spliterator(), false)
                .filter(w -> w.get("field").asString().equals("retention_days")).findFirst();
        assertThat(warning).as(to30.body()).isPresent();
        assertThat(warning.get().get("message").asString()).as("only the heard one goes")
                .contains("1 heard message older than 30 days will be deleted").contains("2 not yet heard are kept until someone listens");
    }
}
