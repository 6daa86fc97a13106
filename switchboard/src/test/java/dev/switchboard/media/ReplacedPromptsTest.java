package dev.switchboard.media;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.platform.TenantContext;
import dev.switchboard.shared.CompanyId;
import dev.switchboard.support.ApiClient;
import dev.switchboard.support.IntegrationTest;
import dev.switchboard.support.TestAudio;
import dev.switchboard.tenancy.Actor;
import dev.switchboard.voicemail.MailboxSettings;
import dev.switchboard.voicemail.Mailboxes;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A greeting, menu prompt or hold music replaced or removed leaves the media folder once nothing uses it (after the
 * change commits), and never before: not while another greeting still plays it, nor a call in progress, nor when the
 * change rolls back. Callers' messages and call recordings are never deleted this way.
 */
class ReplacedPromptsTest extends IntegrationTest {

    @Autowired
    Media media;
    @Autowired
    Mailboxes mailboxes;
    @Autowired
    TransactionTemplate tx;
    @Autowired
    JdbcClient jdbc;

    ApiClient owner;
    CompanyId company;
    byte[] wav;

    @BeforeEach
    void company() throws Exception {
        owner = api().signUpNewCompany("Prompt Pruners " + UUID.randomUUID());
        company = CompanyId.of(owner.get("/api/v1/me").json().get("company_id").asString());
        wav = TestAudio.wav();
    }

    @Test
    void aReplacedGreetingIsDeletedOnceNoMailboxOrHolidayPlaysItAnyMore() {
        var first = upload();
        assertThat(owner.put("/api/v1/voicemail/settings", Map.of("greeting_type", "AUDIO", "greeting_media_id", first)).status())
                .isEqualTo(200);
        var second = upload();
        var christmas = holiday("Christmas", "2026-12-25", second);
        var newYear = holiday("New Year", "2027-01-01", second);

        // The general box's greeting replaced: the first file is gone, row and bytes.
        assertThat(owner.put("/api/v1/voicemail/settings", Map.of("greeting_type", "AUDIO", "greeting_media_id", second)).status())
                .isEqualTo(200);
        assertThat(stored(first)).as("replaced and used nowhere else").isFalse();
        assertThat(owner.get("/api/v1/media/" + first).status()).isEqualTo(404);
        assertThat(stored(second)).isTrue();

        // One holiday drops it, the box switches to speech: the other holiday still plays it, so it stays.
        assertThat(owner.put("/api/v1/holidays/" + christmas, Map.of("name", "Christmas", "date", "2026-12-25",
                "recurrence", "YEARLY", "greeting_text", "We are closed for Christmas.")).status()).isEqualTo(200);
        assertThat(owner.put("/api/v1/voicemail/settings", Map.of("greeting_type", "TEXT_TO_SPEECH",
                "greeting_text", "Leave a message.")).status()).isEqualTo(200);
        assertThat(stored(second)).as("still New Year's greeting").isTrue();
        assertThat(owner.get("/api/v1/holidays/" + newYear).json().get("greeting_media_id").asString()).isEqualTo(second.toString());

        // The last one that played it is deleted: now it goes.
        assertThat(owner.delete("/api/v1/holidays/" + newYear).status()).isEqualTo(204);
        assertThat(stored(second)).isFalse();
    }

    @Test
    void menusQueuesAndARemovedMembersBoxLetGoOfTheirOldAudio() {
        var menuFirst = upload();
        var created = owner.post("/api/v1/ivr-menus", Map.of("name", "Main", "greeting_media_id", menuFirst,
                "options", Map.of()));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        var menu = created.json().get("menu").get("id").asString();
        var menuSecond = upload();
        assertThat(owner.put("/api/v1/ivr-menus/" + menu, Map.of("name", "Main", "greeting_media_id", menuSecond,
                "options", Map.of())).status()).isEqualTo(200);
        assertThat(stored(menuFirst)).isFalse();
        assertThat(stored(menuSecond)).isTrue();
        assertThat(owner.delete("/api/v1/ivr-menus/" + menu).status()).isEqualTo(204);
        assertThat(stored(menuSecond)).isFalse();

        var ann = owner.post("/api/v1/members", Map.of("name", "Ann Reed")).json().get("id").asString();
        var musicFirst = upload();
        var queue = owner.post("/api/v1/queues", Map.of("name", "Sales", "member_ids", List.of(ann), "hold_media_id", musicFirst))
                .json().get("id").asString();
        var musicSecond = upload();
        assertThat(owner.put("/api/v1/queues/" + queue, Map.of("name", "Sales", "member_ids", List.of(ann),
                "hold_media_id", musicSecond)).status()).isEqualTo(200);
        assertThat(stored(musicFirst)).isFalse();
        assertThat(owner.put("/api/v1/queues/" + queue, Map.of("name", "Sales", "member_ids", List.of(ann))).status()).isEqualTo(200);
        assertThat(stored(musicSecond)).as("hold music removed (default music from now on)").isFalse();

        var greeting = upload();
        assertThat(owner.put("/api/v1/members/" + ann + "/voicemail", Map.of("greeting_type", "AUDIO", "greeting_media_id", greeting))
                .status()).isEqualTo(200);
        assertThat(owner.delete("/api/v1/queues/" + queue).status()).isEqualTo(204);
        assertThat(owner.delete("/api/v1/members/" + ann).status()).isEqualTo(204);
        assertThat(stored(greeting)).as("the removed member's greeting").isFalse();
    }

    @Test
    void aChangeThatRollsBackKeepsTheGreetingItWouldHaveReplaced() {
        var kept = upload();
        assertThat(owner.put("/api/v1/voicemail/settings", Map.of("greeting_type", "AUDIO", "greeting_media_id", kept)).status())
                .isEqualTo(200);
        var other = upload();
        TenantContext.runAs(company, () -> tx.executeWithoutResult(status -> {
            mailboxes.update(Actor.system(company), null, new MailboxSettings.Input("AUDIO", null, null, null, other,
                    null, null, null, null, null, null, null, null, null, null));
            status.setRollbackOnly(); // as when a later step of the same save fails
        }));
        assertThat(stored(kept)).as("the greeting still played after the rollback").isTrue();
        assertThat(owner.get("/api/v1/voicemail/settings").json().get("settings").get("greeting_media_id").asString())
                .isEqualTo(kept.toString());
    }

    @Test
    void aGreetingACallInProgressIsAboutToPlayIsKept() {
        var greeting = upload();
        var christmas = holiday("Christmas", "2026-12-25", greeting);
        TenantContext.runAs(company, () -> tx.executeWithoutResult(s -> jdbc.sql("""
                insert into calls (company_id, id, direction, phase, plan, started_at)
                values (:c, :id, 'INBOUND', 'GREETING', cast(:plan as json), now())
                """).param("c", company.value()).param("id", UUID.randomUUID())
                .param("plan", "{\"greeting\":{\"text\":null,\"media_id\":\"" + greeting + "\"}}").update()));
        assertThat(owner.put("/api/v1/holidays/" + christmas, Map.of("name", "Christmas", "date", "2026-12-25",
                "recurrence", "YEARLY", "greeting_text", "Closed.")).status()).isEqualTo(200);
        assertThat(stored(greeting)).as("a caller is hearing it").isTrue();
    }

    @Test
    void messagesAndRecordingsAreNeverDeletedAsPrompts() {
        var ids = TenantContext.callAs(company, () -> tx.execute(s -> List.of(
                media.storeFetched("voicemail", "message.wav", wav).id(), media.storeFetched("recording", "call.wav", wav).id())));
        TenantContext.runAs(company, () -> tx.executeWithoutResult(s -> ids.forEach(media::released)));
        assertThat(ids).allSatisfy(id -> assertThat(stored(id)).isTrue());
    }

    @Test
    void aFileThatCannotBeDeletedIsLoggedAndTheSaveStillSucceeds() throws Exception {
        var stuck = upload();
        assertThat(owner.put("/api/v1/voicemail/settings", Map.of("greeting_type", "AUDIO", "greeting_media_id", stuck)).status())
                .isEqualTo(200);
        var path = TenantContext.callAs(company, () -> media.fileOf(stuck));
        // A directory that is not empty where the file was: deleting it fails.
        Files.delete(path);
        Files.createDirectories(path.resolve("in-the-way"));
        try {
            var other = upload();
            var saved = owner.put("/api/v1/voicemail/settings", Map.of("greeting_type", "AUDIO", "greeting_media_id", other));
            assertThat(saved.status()).as(saved.body()).isEqualTo(200);
            assertThat(saved.json().get("settings").get("greeting_media_id").asString()).isEqualTo(other.toString());
            java.util.Optional<MediaFile> row = TenantContext.callAs(company, () -> tx.execute(s -> media.find(stuck)));
            assertThat(row).as("its row went (nothing uses it), then deleting the bytes failed").isEmpty();
            assertThat(Files.exists(path)).as("left where it was, logged").isTrue();
        } finally {
            Files.delete(path.resolve("in-the-way"));
            Files.delete(path);
        }
    }

    private PromptFixture prompts() {
        return new PromptFixture(owner, company, media, tx, wav);
    }

    private UUID upload() {
        return prompts().upload();
    }

    private String holiday(String name, String date, UUID greeting) {
        return prompts().holiday(name, date, greeting);
    }

    private boolean stored(UUID id) {
        return prompts().stored(id);
    }
}
