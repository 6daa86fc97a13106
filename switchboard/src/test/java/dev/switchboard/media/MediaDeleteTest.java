package dev.switchboard.media;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.platform.TenantContext;
import dev.switchboard.shared.CompanyId;
import dev.switchboard.support.ApiClient;
import dev.switchboard.support.IntegrationTest;
import dev.switchboard.support.TestAudio;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * An uploaded audio file is deleted (row and bytes, with an Activity entry) on the API and on the Audio files tab once
 * nothing plays it; while anything does, the delete is refused naming every place (linked on the page), and nothing
 * changes. A caller's voicemail or a call recording is never deleted this way, and the refusal says why.
 */
class MediaDeleteTest extends IntegrationTest {

    @Autowired
    Media media;
    @Autowired
    TransactionTemplate tx;

    ApiClient owner;
    CompanyId company;
    PromptFixture prompts;

    @BeforeEach
    void company() throws Exception {
        owner = api().signUpNewCompany("Audio Tidy " + UUID.randomUUID());
        company = CompanyId.of(owner.get("/api/v1/me").json().get("company_id").asString());
        prompts = new PromptFixture(owner, company, media, tx, TestAudio.wav());
    }

    @Test
    void aFileInUseIsRefusedNamingEveryPlaceAndOneNothingPlaysIsDeletedWithAnActivityEntry() {
        var file = prompts.upload();
        var ann = owner.post("/api/v1/members", Map.of("name", "Ann Reed", "phone_extension", "101")).json().get("id").asString();
        assertThat(owner.put("/api/v1/voicemail/settings", Map.of("greeting_type", "AUDIO", "greeting_media_id", file)).status())
                .isEqualTo(200);
        assertThat(owner.put("/api/v1/members/" + ann + "/voicemail", Map.of("greeting_type", "AUDIO", "greeting_media_id", file))
                .status()).isEqualTo(200);
        prompts.holiday("Christmas", "2026-12-25", file);
        var menu = owner.post("/api/v1/ivr-menus", Map.of("name", "Main", "greeting_media_id", file, "options", Map.of()));
        assertThat(menu.status()).as(menu.body()).isEqualTo(201);
        var queue = owner.post("/api/v1/queues", Map.of("name", "Support", "member_ids", List.of(ann), "hold_media_id", file));
        assertThat(queue.status()).as(queue.body()).isEqualTo(201);

        var refused = owner.delete("/api/v1/media/" + file);
        assertThat(refused.status()).as(refused.body()).isEqualTo(409);
        assertThat(refused.header("content-type")).startsWith("application/problem+json");
        assertThat(refused.errorField()).isEqualTo("id");
        assertThat(refused.errorRule()).isEqualTo("in_use");
        assertThat(refused.json().get("detail").asString()).contains("the general mailbox (greeting)", "Ann Reed's mailbox (greeting)",
                "holiday 'Christmas' (greeting)", "IVR menu 'Main' (greeting)", "queue 'Support' (hold music)", "change those first");
        assertThat(prompts.stored(file)).as("refused: still there, row and bytes").isTrue();

        var unused = prompts.upload();
        assertThat(owner.get("/api/v1/media").json().findValuesAsString("id")).contains(unused.toString(), file.toString());
        var deleted = owner.delete("/api/v1/media/" + unused);
        assertThat(deleted.status()).as(deleted.body()).isEqualTo(204);
        assertThat(prompts.stored(unused)).isFalse();
        assertThat(owner.get("/api/v1/media/" + unused).status()).isEqualTo(404);
        assertThat(owner.delete("/api/v1/media/" + unused).status()).as("gone").isEqualTo(404);
        var entry = owner.get("/api/v1/audit-log?entity_type=media").json().get(0);
        assertThat(entry.get("entity_id").asString()).isEqualTo(unused.toString());
        assertThat(entry.get("action").asString()).isEqualTo("delete");
    }

    @Test
    void aVoicemailOrACallRecordingIsNotDeletedAsAnAudioFile() {
        for (var purpose : List.of("voicemail", "recording")) {
            var stored = TenantContext.callAs(company, () -> tx.execute(s -> media.storeFetched(purpose, purpose + ".wav", prompts.wav())));
            var refused = owner.delete("/api/v1/media/" + stored.id());
            assertThat(refused.status()).as(refused.body()).isEqualTo(409);
            assertThat(refused.errorRule()).isEqualTo("state");
            assertThat(refused.json().get("detail").asString()).as(purpose)
                    .contains(purpose.equals("voicemail") ? "a caller's voicemail message" : "a call recording").contains("not an uploaded audio file");
            assertThat(prompts.stored(stored.id())).isTrue();
            assertThat(owner.get("/api/v1/media").json().findValuesAsString("id")).as("not listed as a prompt").doesNotContain(stored.id().toString());
        }
    }

    @Test
    void theAudioFilesTabListsWhatPlaysEachFileAndItsDeleteLinksThePlacesThatStillDo() {
        var web = webLogin(owner.email(), "correct-horse");
        var file = prompts.upload();
        var christmas = prompts.holiday("Christmas", "2026-12-25", file);
        var unused = prompts.upload();

        var page = web.get("/settings/communications/phone/audio");
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains("/settings/communications/phone/holidays/" + christmas).contains("holiday &#39;Christmas&#39;");

        var refused = web.post("/settings/communications/phone/audio/" + file + "/delete");
        assertThat(refused.status()).isEqualTo(302);
        var shown = web.get("/settings/communications/phone/audio").body();
        assertThat(shown).contains("was not deleted: it is played by the places below");
        assertThat(shown.substring(shown.indexOf("not-deleted"))).contains("href=\"/settings/communications/phone/holidays/" + christmas + "\"");
        assertThat(prompts.stored(file)).isTrue();

        web.get("/settings/communications/phone/audio");
        var deleted = web.post("/settings/communications/phone/audio/" + unused + "/delete");
        assertThat(deleted.status()).isEqualTo(302);
        assertThat(web.get("/settings/communications/phone/audio").body()).contains("\u201cgreeting.wav\u201d deleted.");
        assertThat(prompts.stored(unused)).isFalse();
    }
}
