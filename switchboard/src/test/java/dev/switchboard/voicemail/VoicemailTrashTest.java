package dev.switchboard.voicemail;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.ApiContractTest;
import dev.switchboard.media.Media;
import dev.switchboard.support.ApiClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import tools.jackson.databind.JsonNode;

/**
 * The Deleted folder: a delete keeps the message (audio, transcription, heard or not) where it can be restored as it was,
 * deleted forever, or purged by the retention job {@value VoicemailMessage#TRASH_DAYS} days after its delete, in virtual
 * time; a deleted message is in no list, count or phone session of the box; every step is audited; a request the
 * message's state does not allow is a 409 naming it, and changes nothing.
 */
class VoicemailTrashTest extends VoicemailTestSupport {

    static final String MESSAGES = "/api/v1/voicemail/messages";

    @Autowired
    Retention retention;

    @Autowired
    Media media;

    @Autowired
    Deliveries deliveries;

    @Autowired
    Mailboxes mailboxes;

    @Value("${switchboard.data-dir}")
    String dataDir;

    String ann;

    @BeforeEach
    void company() {
        signUp("Trash Co");
        ann = member("Ann");
    }

    UUID withAudio(UUID message) throws Exception {
        var audio = VoicemailSettingsApiTest.wav(1);
        assertThat(asCompany(() -> voicemails.storeAudio(message, audio))).isTrue();
        return message;
    }

    JsonNode message(UUID id) {
        var r = owner.get(MESSAGES + "/" + id);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json();
    }

    static List<String> ids(ApiClient.Response r) {
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        var ids = new ArrayList<String>();
        r.json().forEach(m -> ids.add(m.get("id").asString()));
        return ids;
    }

    void deleted(ApiClient who, UUID id) {
        var r = who.delete(MESSAGES + "/" + id);
        assertThat(r.status()).as(r.body()).isEqualTo(204);
    }

    boolean exists(UUID id) {
        return owner.get(MESSAGES + "/" + id).status() == 200;
    }

    Path file(UUID mediaId) {
        return Path.of(dataDir, "media", company.toString(), mediaId.toString());
    }

    /** The audit log's entries for one message, oldest first: "action by actor". */
    List<String> audited(UUID id) {
        var entries = new ArrayList<String>();
        owner.get("/api/v1/audit-log?entity_type=voicemail_message").json().forEach(e -> {
            if (e.get("entity_id").asString().equals(id.toString())) {
                entries.addFirst(e.get("action").asString() + " by " + e.get("actor").asString());
            }
        });
        return entries;
    }

    @Test
    void aDeletedMessageKeepsItsAudioAndComesBackHeardOrNewAsItWas() throws Exception {
        var heard = withAudio(deposit(ann, "+17735550101", 20));
        asCompany(() -> {
            voicemails.transcribed(heard, "Call me about the water heater.");
            return null;
        });
        assertThat(owner.patch(MESSAGES + "/" + heard, Map.of("heard", true)).status()).isEqualTo(200);
        var fresh = withAudio(deposit(ann, "+17735550102", 20));
        var audioOfHeard = message(heard).get("audio_url").asString();
        var agent = owner.newUser("AGENT", ann);

        clock.advance(Duration.ofMinutes(5));
        var deletedAt = clock.instant();
        deleted(agent, heard);
        deleted(owner, fresh);

        assertThat(ids(owner.get(MESSAGES))).as("gone from the box").doesNotContain(heard.toString(), fresh.toString());
        assertThat(ids(agent.get(MESSAGES + "?box=mine"))).isEmpty();
        assertThat(ids(owner.get(MESSAGES + "?deleted=true"))).containsExactlyInAnyOrder(heard.toString(), fresh.toString());
        assertThat(ids(agent.get(MESSAGES + "?deleted=true&box=mine&heard=true"))).containsExactly(heard.toString());
        var inTrash = message(heard);
        assertThat(inTrash.get("deleted").asBoolean()).isTrue();
        assertThat(inTrash.get("deleted_at").asString()).isEqualTo(deletedAt.toString());
        assertThat(inTrash.get("deleted_by").asString()).as("who deleted it").isEqualTo(agent.email());
        assertThat(inTrash.get("purge_at").asString()).isEqualTo(deletedAt.plus(Duration.ofDays(30)).toString());
        assertThat(inTrash.get("transcription").asString()).isEqualTo("Call me about the water heater.");
        assertThat(owner.getBytes(audioOfHeard).body()).as("its audio plays in the Deleted folder").isEqualTo(VoicemailSettingsApiTest.wav(1));

        var restored = owner.post(MESSAGES + "/" + heard + "/restore", Map.of());
        assertThat(restored.status()).as(restored.body()).isEqualTo(200);
        assertThat(restored.json().get("deleted").asBoolean()).isFalse();
        assertThat(restored.json().get("deleted_at").isNull()).isTrue();
        assertThat(restored.json().get("purge_at").isNull()).isTrue();
        assertThat(restored.json().get("heard").asBoolean()).as("heard as it was").isTrue();
        assertThat(restored.json().get("box").asString()).as("to its box").isEqualTo(ann);
        var back = agent.post(MESSAGES + "/" + fresh + "/restore", Map.of());
        assertThat(back.status()).as("the box's member restores what the owner deleted").isEqualTo(200);
        assertThat(back.json().get("heard").asBoolean()).as("new as it was").isFalse();
        assertThat(ids(agent.get(MESSAGES + "?box=mine&heard=false"))).containsExactly(fresh.toString());
        assertThat(ids(owner.get(MESSAGES + "?deleted=true"))).isEmpty();
        assertThat(owner.getBytes(audioOfHeard).body()).isEqualTo(VoicemailSettingsApiTest.wav(1));

        assertThat(audited(heard)).containsExactly("delete by " + agent.email(), "restore by " + owner.email());
        assertThat(audited(fresh)).containsExactly("delete by " + owner.email(), "restore by " + agent.email());
    }

    /**
     * A message's {@code deleted_by_name} names who deleted it as the web Deleted page does: a login by its name as it is
     * now, the box's member with " (by phone)" for a delete by phone; null when it is not deleted. {@code deleted_by} stays
     * what it was (the login's email, or "phone"), and the document lists the new field.
     */
    @Test
    void theApiNamesWhoDeletedAMessageAsTheDeletedPageDoes() throws Exception {
        var me = owner.get("/api/v1/me").json().get("user_id").asString();
        assertThat(owner.put("/api/v1/users/" + me, Map.of("display_name", "Tess Owner")).status()).isEqualTo(200);
        var agent = owner.newUser("AGENT", ann);
        var byOwner = deposit(null, "+17735550121", 9);
        var byAgent = deposit(ann, "+17735550122", 9);
        var byPhone = deposit(ann, "+17735550123", 9);
        var kept = deposit(ann, "+17735550124", 9);
        deleted(owner, byOwner);
        deleted(agent, byAgent);
        // Ann, by phone after her PIN (as the call engine deletes it on 3).
        asCompany(() -> voicemails.delete(new dev.switchboard.tenancy.Actor(company, null, Voicemails.PHONE,
                dev.switchboard.tenancy.Role.AGENT, UUID.fromString(ann)), byPhone));

        assertThat(message(byOwner).get("deleted_by").asString()).as("as it was").isEqualTo(owner.email());
        assertThat(message(byOwner).get("deleted_by_name").asString()).isEqualTo("Tess Owner");
        assertThat(message(byAgent).get("deleted_by").asString()).isEqualTo(agent.email());
        assertThat(message(byAgent).get("deleted_by_name").asString()).as("the login's name, its member's by default").isEqualTo("Ann");
        assertThat(message(byPhone).get("deleted_by").asString()).isEqualTo("phone");
        assertThat(message(byPhone).get("deleted_by_name").asString()).isEqualTo("Ann (by phone)");
        assertThat(message(kept).get("deleted_by_name").isNull()).as("not deleted").isTrue();

        var listed = new java.util.HashMap<String, String>();
        owner.get(MESSAGES + "?deleted=true").json().forEach(m -> listed.put(m.get("id").asString(), m.get("deleted_by_name").asString()));
        assertThat(listed).containsEntry(byOwner.toString(), "Tess Owner").containsEntry(byAgent.toString(), "Ann")
                .containsEntry(byPhone.toString(), "Ann (by phone)");
        var agentsView = agent.get(MESSAGES + "/" + byOwner);
        assertThat(agentsView.json().get("deleted_by_name").asString()).as("the general box's, as an agent reads it").isEqualTo("Tess Owner");

        assertThat(owner.put("/api/v1/users/" + me, Map.of("display_name", "Tess Fox")).status()).isEqualTo(200);
        assertThat(message(byOwner).get("deleted_by_name").asString()).as("the name as it is now").isEqualTo("Tess Fox");
        var restored = owner.post(MESSAGES + "/" + byOwner + "/restore", Map.of());
        assertThat(restored.json().get("deleted_by_name").isNull()).as("restored: no longer deleted").isTrue();

        var docs = new ObjectMapper().readTree(api().get("/v3/api-docs").body());
        var ref = docs.path("paths").path(MESSAGES + "/{id}").path("get").path("responses").path("200").path("content")
                .elements().next().path("schema").path("$ref").asText();
        var properties = docs.at(ref.substring(1)).path("properties");
        assertThat(properties.has("deleted_by")).isTrue();
        assertThat(properties.path("deleted_by_name").path("type").toString()).as("documented, a text or null").contains("string");
    }

    @Test
    void theRetentionJobPurgesADeletedMessageWithItsAudioThirtyDaysAfterItsDelete() throws Exception {
        settings(null, Map.of("keep_forever", true));
        settings(ann, Map.of("retention_days", 365));
        var general = withAudio(deposit(null, "+17735550103", 9));
        var audio = asCompany(() -> voicemails.get(general).mediaId());
        var unheard = deposit(ann, "+17735550104", 9);
        deleted(owner, general);
        clock.advance(Duration.ofDays(10));
        deleted(owner, unheard);
        var kept = deposit(null, "+17735550105", 9);

        clock.advance(Duration.ofDays(20).minusSeconds(1));
        retention.purge();
        assertThat(exists(general)).as("one second short of 30 days").isTrue();
        assertThat(Files.exists(file(audio))).isTrue();

        clock.advance(Duration.ofSeconds(2));
        retention.purge();
        assertThat(exists(general)).as("a keep-forever box's deleted message goes: deleting asked for it to go").isFalse();
        assertThat(asCompany(() -> media.find(audio))).isEmpty();
        assertThat(Files.exists(file(audio))).as("the audio file is gone too").isFalse();
        assertThat(audited(general)).containsExactly("delete by " + owner.email(), "purge by system");
        assertThat(exists(unheard)).as("deleted 10 days later: its own clock").isTrue();
        assertThat(exists(kept)).isTrue();

        clock.advance(Duration.ofDays(10));
        retention.purge();
        assertThat(exists(unheard)).as("unheard, in a 365-day box: deleted, it goes 30 days after its delete").isFalse();
        assertThat(exists(kept)).as("never deleted, never heard").isTrue();
    }

    @Test
    void aDeletedMessageKeepsItsTrashClockAndARestoredOneGetsItsBoxsRetentionFromTheRestore() {
        settings(null, Map.of("retention_days", 30));
        var message = deposit(null, "+17735550106", 9);
        assertThat(owner.patch(MESSAGES + "/" + message, Map.of("heard", true)).status()).isEqualTo(200);
        clock.advance(Duration.ofDays(25));
        deleted(owner, message);

        clock.advance(Duration.ofDays(10)); // heard 35 days ago, past the box's 30: in the Deleted folder, not purged by it
        retention.purge();
        assertThat(exists(message)).isTrue();
        assertThat(owner.post(MESSAGES + "/" + message + "/restore", Map.of()).status()).isEqualTo(200);
        retention.purge();
        assertThat(exists(message)).as("restored: not purged within the hour by a retention that ran out while it was deleted").isTrue();
        clock.advance(Duration.ofDays(30).minusSeconds(1));
        retention.purge();
        assertThat(exists(message)).isTrue();
        clock.advance(Duration.ofSeconds(2));
        retention.purge();
        assertThat(exists(message)).as("the box's 30 days from the restore").isFalse();
    }

    @Test
    void deletingForeverTakesOnlyADeletedMessageWithItsAudio() throws Exception {
        var message = withAudio(deposit(ann, "+17735550107", 9));
        var audio = asCompany(() -> voicemails.get(message).mediaId());

        var notDeleted = owner.post(MESSAGES + "/" + message + "/permanent-delete", Map.of());
        assertThat(notDeleted.status()).isEqualTo(409);
        assertThat(notDeleted.errorField()).isEqualTo("id");
        assertThat(notDeleted.errorRule()).isEqualTo("state");
        assertThat(notDeleted.body()).contains("is not in the Deleted folder: delete it first");
        assertThat(message(message).get("deleted").asBoolean()).as("unchanged").isFalse();

        deleted(owner, message);
        var agent = owner.newUser("AGENT", ann);
        var gone = agent.post(MESSAGES + "/" + message + "/permanent-delete", Map.of());
        assertThat(gone.status()).as(gone.body()).isEqualTo(204);
        assertThat(owner.get(MESSAGES + "/" + message).status()).isEqualTo(404);
        assertThat(owner.getBytes(MESSAGES + "/" + message + "/audio").statusCode()).isEqualTo(404);
        assertThat(asCompany(() -> media.find(audio))).isEmpty();
        assertThat(Files.exists(file(audio))).isFalse();
        assertThat(audited(message)).containsExactly("delete by " + owner.email(), "purge by " + agent.email());
        assertThat(owner.post(MESSAGES + "/" + message + "/permanent-delete", Map.of()).status()).isEqualTo(404);
        assertThat(owner.post(MESSAGES + "/" + message + "/restore", Map.of()).status()).isEqualTo(404);
    }

    /** {@code answer}, a 409 state, is as the document lists it for the messages' {@code path} and {@code method}. */
    private static void documented(com.fasterxml.jackson.databind.JsonNode docs, String path, String method, ApiClient.Response answer) {
        var operation = docs.path("paths").path(MESSAGES + path).path(method);
        assertThat(operation.path("responses").path("409").path("description").asText()).as(method + " " + path).contains("state");
        assertThat(answer.errorRule()).isEqualTo("state");
        assertThat(ApiContractTest.disagreement(docs, operation, answer)).as(method + " " + path).isNull();
    }

    @Test
    void whatTheStateDoesNotAllowIsAConflictNamingItAndBadIdsAreRefused() throws Exception {
        var message = deposit(ann, "+17735550108", 9);
        var restore = owner.post(MESSAGES + "/" + message + "/restore", Map.of());
        assertThat(restore.status()).isEqualTo(409);
        assertThat(restore.errorField()).isEqualTo("id");
        assertThat(restore.errorRule()).isEqualTo("state");
        assertThat(restore.body()).contains("is not in the Deleted folder: there is nothing to restore");
        var purge = owner.post(MESSAGES + "/" + message + "/permanent-delete", Map.of());
        assertThat(purge.status()).isEqualTo(409);
        assertThat(purge.errorRule()).isEqualTo("state");

        deleted(owner, message);
        var again = owner.delete(MESSAGES + "/" + message);
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.body()).contains("is already in the Deleted folder");
        var heard = owner.patch(MESSAGES + "/" + message, Map.of("heard", true));
        assertThat(heard.status()).isEqualTo(409);
        assertThat(heard.body()).contains("is in the Deleted folder: restore it first");
        // The OpenAPI document lists each of these refusals, as a problem document.
        var docs = new ObjectMapper().readTree(api().get("/v3/api-docs").body());
        documented(docs, "/{id}/restore", "post", restore);
        documented(docs, "/{id}/permanent-delete", "post", purge);
        documented(docs, "/{id}", "delete", again);
        documented(docs, "/{id}", "patch", heard);
        var after = message(message);
        assertThat(after.get("heard").asBoolean()).as("unchanged").isFalse();
        assertThat(after.get("deleted").asBoolean()).isTrue();

        assertThat(owner.post(MESSAGES + "/not-an-id/restore", Map.of()).errorField()).isEqualTo("id");
        assertThat(owner.post(MESSAGES + "/not-an-id/permanent-delete", Map.of()).errorField()).isEqualTo("id");
        assertThat(owner.post(MESSAGES + "/" + UUID.randomUUID() + "/restore", Map.of()).status()).isEqualTo(404);
        var deletedFilter = owner.get(MESSAGES + "?deleted=maybe");
        assertThat(deletedFilter.status()).isEqualTo(400);
        assertThat(deletedFilter.errorField()).isEqualTo("deleted");

        // Whoever may not delete it may neither restore nor delete it forever; another company does not find it.
        var bob = member("Bob");
        var colleague = owner.newUser("AGENT", bob);
        assertThat(colleague.post(MESSAGES + "/" + message + "/restore", Map.of()).status()).isEqualTo(403);
        assertThat(colleague.post(MESSAGES + "/" + message + "/permanent-delete", Map.of()).status()).isEqualTo(403);
        var supervisor = owner.newUser("SUPERVISOR", null);
        assertThat(ids(supervisor.get(MESSAGES + "?deleted=true"))).as("a supervisor reads the Deleted folder").contains(message.toString());
        assertThat(supervisor.post(MESSAGES + "/" + message + "/restore", Map.of()).status()).isEqualTo(403);
        assertThat(supervisor.post(MESSAGES + "/" + message + "/permanent-delete", Map.of()).status()).isEqualTo(403);
        var other = api().signUpNewCompany("Nosy Trash Co");
        assertThat(other.post(MESSAGES + "/" + message + "/restore", Map.of()).status()).isEqualTo(404);
        assertThat(other.post(MESSAGES + "/" + message + "/permanent-delete", Map.of()).status()).isEqualTo(404);
        assertThat(ids(other.get(MESSAGES + "?deleted=true"))).isEmpty();
        assertThat(message(message).get("deleted").asBoolean()).as("still deleted, still there").isTrue();
    }

    @Test
    void aDeletedMessageIsInNoListCountOrPhoneSessionOfItsBox() {
        settings(ann, Map.of("keep_forever", true));
        var kept = deposit(ann, "+17735550109", 9);
        var gone = deposit(ann, "+17735550110", 9);
        assertThat(owner.patch(MESSAGES + "/" + gone, Map.of("heard", true)).status()).isEqualTo(200);
        var unheardGone = deposit(ann, "+17735550111", 9);
        clock.advance(Duration.ofDays(45));
        deleted(owner, gone);
        deleted(owner, unheardGone);

        assertThat(ids(owner.get(MESSAGES + "?box=" + ann))).containsExactly(kept.toString());
        assertThat(ids(owner.get(MESSAGES + "?heard=true"))).isEmpty();
        assertThat(ids(owner.get(MESSAGES + "?heard=false"))).containsExactly(kept.toString());
        var annId = UUID.fromString(ann);
        assertThat(asCompany(() -> voicemails.list(annId))).as("what the phone reads out").extracting(VoicemailMessage::id)
                .containsExactly(kept);
        assertThat(asCompany(() -> voicemails.find(gone))).as("the call's page and the phone").isEmpty();
        assertThat(asCompany(() -> voicemails.byIds(List.of(gone, kept))).keySet()).as("the call log").containsExactly(kept);
        assertThat(asCompany(() -> voicemails.countDeleted(dev.switchboard.tenancy.Actor.system(company)))).isEqualTo(2);

        // The retention warning counts the box's messages: not those in the Deleted folder, which keep their own clock.
        var shorter = owner.put("/api/v1/members/" + ann + "/voicemail", Map.of("retention_days", 30));
        assertThat(shorter.status()).as(shorter.body()).isEqualTo(200);
        assertThat(shorter.body()).as("one unheard in the box, no heard one").doesNotContain("heard message older than");
    }

    @Test
    void deletingAMessageCancelsItsNotificationsNotSentYet() {
        settings(ann, Map.of("email_enabled", true, "email_addresses", List.of("ann-" + UUID.randomUUID() + "@trash.test"),
                "transcription_enabled", true));
        var message = deposit(ann, "+17735550112", 9);
        assertThat(asCompany(() -> deliveries.of(message))).as("waiting for the transcription").isNotEmpty();
        deleted(owner, message);
        assertThat(asCompany(() -> deliveries.of(message))).isEmpty();
        assertThat(owner.post(MESSAGES + "/" + message + "/restore", Map.of()).status()).isEqualTo(200);
        assertThat(asCompany(() -> deliveries.of(message))).as("restoring does not tell anyone again").isEmpty();
    }

    @Test
    void aDeletedMembersDeletedMessagesMoveToTheGeneralBoxStillDeletedOnTheirClock() {
        var inBox = deposit(ann, "+17735550113", 9);
        var trashed = deposit(ann, "+17735550114", 9);
        var restoredLater = deposit(ann, "+17735550115", 9);
        deleted(owner, trashed);
        deleted(owner, restoredLater);
        var deletedAt = message(trashed).get("deleted_at").asString();
        clock.advance(Duration.ofDays(5));

        var removed = owner.delete("/api/v1/members/" + ann);
        assertThat(removed.status()).as(removed.body()).isIn(200, 204);
        var moved = message(trashed);
        assertThat(moved.get("box").asString()).isEqualTo("general");
        assertThat(moved.get("was_for").asString()).isEqualTo("Ann");
        assertThat(moved.get("deleted").asBoolean()).isTrue();
        assertThat(moved.get("deleted_at").asString()).as("its trash clock").isEqualTo(deletedAt);
        assertThat(ids(owner.get(MESSAGES + "?box=general"))).containsExactly(inBox.toString());

        var back = owner.post(MESSAGES + "/" + restoredLater + "/restore", Map.of());
        assertThat(back.status()).as(back.body()).isEqualTo(200);
        assertThat(back.json().get("box").asString()).as("its member is gone: to the general box").isEqualTo("general");
        assertThat(back.json().get("was_for").asString()).isEqualTo("Ann");

        clock.advance(Duration.ofDays(25).plusSeconds(1));
        retention.purge();
        assertThat(exists(trashed)).as("30 days after its delete, moved or not").isFalse();
        assertThat(exists(restoredLater)).isTrue();
        assertThat(exists(inBox)).isTrue();
    }
}
