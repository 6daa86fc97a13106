package dev.switchboard.voicemail;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.media.Media;
import dev.switchboard.support.ApiClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** Listing, playing, marking and deleting voicemail through the API, with each role's view (the Deleted folder: VoicemailTrashTest). */
class VoicemailMessagesApiTest extends VoicemailTestSupport {

    static final String MESSAGES = "/api/v1/voicemail/messages";

    @Autowired
    Media media;

    @Autowired
    Deliveries deliveries;

    @Autowired
    dev.switchboard.simulator.TelnyxSimulator sim;

    String ann;
    String bob;
    UUID general;
    UUID annMessage;
    UUID bobMessage;
    UUID silent;
    byte[] audio;

    @BeforeEach
    void company() throws Exception {
        signUp("Messages Co");
        ann = member("Ann");
        bob = member("Bob");
        audio = VoicemailSettingsApiTest.wav(1);
        general = deposit(null, "+17735550100", 12);
        asCompany(() -> voicemails.storeAudio(general, audio));
        annMessage = deposit(ann, "+17735550101", 20);
        asCompany(() -> voicemails.storeAudio(annMessage, audio));
        bobMessage = deposit(bob, "+17735550102", 30); // audio still at the carrier
        silent = asCompany(() -> voicemails.deposit(null, UUID.randomUUID(), "+17735550103", clock.instant(), 0, null));
    }

    ApiClient user(String role, String memberId) {
        return owner.newUser(role, memberId);
    }

    static List<String> ids(ApiClient.Response r) {
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        var ids = new ArrayList<String>();
        r.json().forEach(m -> ids.add(m.get("id").asString()));
        return ids;
    }

    @Test
    void ownersSeeEveryBoxAndFilterByBoxAndHeard() {
        assertThat(ids(owner.get(MESSAGES))).containsExactlyInAnyOrder(general.toString(), annMessage.toString(),
                bobMessage.toString(), silent.toString());
        assertThat(ids(owner.get(MESSAGES + "?box=general"))).containsExactlyInAnyOrder(general.toString(), silent.toString());
        assertThat(ids(owner.get(MESSAGES + "?box=" + ann))).containsExactly(annMessage.toString());

        var marked = owner.patch(MESSAGES + "/" + annMessage, Map.of("heard", true));
        assertThat(marked.status()).as(marked.body()).isEqualTo(200);
        assertThat(marked.json().get("heard").asBoolean()).isTrue();
        assertThat(ids(owner.get(MESSAGES + "?heard=true"))).containsExactly(annMessage.toString());
        assertThat(ids(owner.get(MESSAGES + "?heard=false"))).hasSize(3).doesNotContain(annMessage.toString());

        assertThat(owner.patch(MESSAGES + "/" + annMessage, Map.of("heard", false)).json().get("heard").asBoolean()).isFalse();
        // A field it does not take is refused saying which it does (a guess of "box" to move it learnt only that it was wrong).
        var guessed = owner.patch(MESSAGES + "/" + annMessage, Map.of("box", "general"));
        assertThat(guessed.status()).isEqualTo(400);
        assertThat(guessed.json().get("errors").get(0).get("message").asString()).isEqualTo("unknown field 'box' (it takes: heard)");
        assertThat(ids(owner.get(MESSAGES + "?heard=true"))).isEmpty();

        var one = owner.get(MESSAGES + "/" + annMessage).json();
        assertThat(one.get("box").asString()).isEqualTo(ann);
        assertThat(one.get("from_number").asString()).isEqualTo("+17735550101");
        assertThat(one.get("duration_seconds").asInt()).isEqualTo(20);
        assertThat(one.get("audio_status").asString()).isEqualTo("STORED");
        assertThat(one.get("audio_url").asString()).isEqualTo(MESSAGES + "/" + annMessage + "/audio");
    }

    @Test
    void playStreamsTheStoredAudioAndSaysWhyWhenThereIsNone() {
        var played = owner.getBytes(MESSAGES + "/" + general + "/audio");
        assertThat(played.statusCode()).isEqualTo(200);
        assertThat(played.headers().firstValue("Content-Type")).hasValue("audio/wav");
        assertThat(played.body()).isEqualTo(audio);
        // Documented: a download is not a listen (a program archiving messages would otherwise mark them all heard).
        assertThat(owner.get(MESSAGES + "/" + general).json().get("heard").asBoolean()).as("still new after a download").isFalse();

        assertThat(owner.get(MESSAGES + "/" + bobMessage).json().get("audio_status").asString()).isEqualTo("FETCHING");
        var fetching = owner.get(MESSAGES + "/" + bobMessage + "/audio");
        assertThat(fetching.status()).isEqualTo(404);
        assertThat(fetching.json().get("detail").asString()).contains("still being copied from the carrier");

        assertThat(owner.get(MESSAGES + "/" + silent).json().get("audio_status").asString()).isEqualTo("NONE");
        var none = owner.get(MESSAGES + "/" + silent + "/audio");
        assertThat(none.status()).isEqualTo(404);
        assertThat(none.json().get("detail").asString()).contains("has no recording");

        assertThat(owner.get(MESSAGES + "/" + UUID.randomUUID() + "/audio").status()).isEqualTo(404);
    }

    @Test
    void anAgentSeesOnlyTheirOwnBoxAndTheGeneralOne() {
        var agent = user("AGENT", ann);
        assertThat(ids(agent.get(MESSAGES))).containsExactlyInAnyOrder(general.toString(), annMessage.toString(), silent.toString());
        assertThat(ids(agent.get(MESSAGES + "?box=mine"))).containsExactly(annMessage.toString());

        var others = agent.get(MESSAGES + "?box=" + bob);
        assertThat(others.status()).isEqualTo(403);
        // A colleague's message is a 403 (as a colleague's call is), not a 404: it is in their company, just not theirs.
        var read = agent.get(MESSAGES + "/" + bobMessage);
        assertThat(read.status()).isEqualTo(403);
        assertThat(read.json().get("detail").asString()).contains("their own box and the general box");
        assertThat(agent.getBytes(MESSAGES + "/" + bobMessage + "/audio").statusCode()).isEqualTo(403);
        assertThat(agent.patch(MESSAGES + "/" + bobMessage, Map.of("heard", true)).status()).isEqualTo(403);
        assertThat(agent.delete(MESSAGES + "/" + bobMessage).status()).isEqualTo(403);
        assertThat(agent.get(MESSAGES + "/" + UUID.randomUUID()).status()).as("no such message").isEqualTo(404);
        assertThat(owner.get(MESSAGES + "/" + bobMessage).json().get("heard").asBoolean()).as("unchanged").isFalse();

        assertThat(agent.getBytes(MESSAGES + "/" + annMessage + "/audio").body()).isEqualTo(audio);
        assertThat(agent.patch(MESSAGES + "/" + general, Map.of("heard", true)).status()).isEqualTo(200);
        assertThat(agent.delete(MESSAGES + "/" + general).status()).as("the general box is the owners' to clear").isEqualTo(403);
        assertThat(agent.delete(MESSAGES + "/" + annMessage).status()).isEqualTo(204);
        assertThat(ids(agent.get(MESSAGES))).doesNotContain(annMessage.toString());
        assertThat(owner.get(MESSAGES + "/" + annMessage).json().get("deleted").asBoolean()).as("in the Deleted folder").isTrue();

        var unlinked = user("AGENT", null);
        assertThat(ids(unlinked.get(MESSAGES))).containsExactlyInAnyOrder(general.toString(), silent.toString());
        assertThat(unlinked.get(MESSAGES + "?box=mine").errorField()).isEqualTo("box");
    }

    @Test
    void aSupervisorReadsEveryBoxButDeletesNothing() {
        var supervisor = user("SUPERVISOR", null);
        assertThat(ids(supervisor.get(MESSAGES))).hasSize(4);
        // Nor marks a colleague's message heard: it stays new for the one it was left for.
        assertThat(supervisor.patch(MESSAGES + "/" + bobMessage, Map.of("heard", true)).status()).isEqualTo(403);
        assertThat(owner.get(MESSAGES + "/" + bobMessage).json().get("heard").asBoolean()).isFalse();
        assertThat(supervisor.delete(MESSAGES + "/" + bobMessage).status()).isEqualTo(403);
        assertThat(owner.get(MESSAGES + "/" + bobMessage).status()).isEqualTo(200);
    }

    @Test
    void deletingAMessageMovesItToTheDeletedFolderWithItsAudioAndIsAudited() {
        var mediaId = asCompany(() -> voicemails.get(general).mediaId());
        assertThat(owner.delete(MESSAGES + "/" + general).status()).isEqualTo(204);
        assertThat(ids(owner.get(MESSAGES))).doesNotContain(general.toString());
        assertThat(owner.get(MESSAGES + "/" + general).json().get("deleted").asBoolean()).isTrue();
        assertThat(owner.getBytes(MESSAGES + "/" + general + "/audio").body()).as("kept, until purged").isEqualTo(audio);
        assertThat(asCompany(() -> media.find(mediaId))).isPresent();
        assertThat(owner.delete(MESSAGES + "/" + general).status()).as("already deleted").isEqualTo(409);
        var audit = owner.get("/api/v1/audit-log?entity_type=voicemail_message").json();
        assertThat(audit.get(0).get("entity_id").asString()).isEqualTo(general.toString());
        assertThat(audit.get(0).get("action").asString()).isEqualTo("delete");
    }

    @Test
    void aMessageLeftInTheGeneralBoxForATechnicianIsMovedToTheirBoxNewAndTheyAreTold() {
        businessNumber();
        var annsCell = randomNumber("+1773");
        settings(ann, Map.of("sms_enabled", true, "sms_number", annsCell, "transcription_enabled", false));
        owner.patch(MESSAGES + "/" + general, Map.of("heard", true));

        // The dispatcher, who reads the general box, hands the caller's message to Ann.
        var dispatcher = user("SUPERVISOR", null);
        var moved = dispatcher.post(MESSAGES + "/" + general + "/move", Map.of("box", ann));
        assertThat(moved.status()).as(moved.body()).isEqualTo(200);
        assertThat(moved.json().get("box").asString()).isEqualTo(ann);
        assertThat(moved.json().get("heard").asBoolean()).as("new to Ann, who has not heard it").isFalse();
        assertThat(ids(owner.get(MESSAGES + "?box=general"))).doesNotContain(general.toString());
        assertThat(ids(owner.get(MESSAGES + "?box=" + ann))).contains(general.toString());
        var agent = user("AGENT", ann);
        assertThat(ids(agent.get(MESSAGES + "?box=mine&heard=false"))).contains(general.toString());
        assertThat(agent.getBytes(MESSAGES + "/" + general + "/audio").body()).as("with its recording").isEqualTo(audio);
        deliveries.deliverDue();
        assertThat(sim.messages().stream().filter(m -> m.to().equals(annsCell)).map(m -> m.text()).toList())
                .singleElement().asString().startsWith("Voicemail from +1 773-555-0100");
        var audit = owner.get("/api/v1/audit-log?entity_type=voicemail_message").json();
        assertThat(audit.get(0).get("entity_id").asString()).isEqualTo(general.toString());
        assertThat(audit.get(0).get("action").asString()).isEqualTo("move");

        // Ann sends it back to the office, "mine" names her own box for another of hers.
        assertThat(agent.post(MESSAGES + "/" + general + "/move", Map.of("box", "general")).json().get("box").asString()).isEqualTo("general");
        assertThat(agent.post(MESSAGES + "/" + general + "/move", Map.of("box", "mine")).json().get("box").asString()).isEqualTo(ann);
        // A colleague's message is not hers to move, nor the dispatcher's (it is Bob's, an owner's or an admin's).
        assertThat(agent.post(MESSAGES + "/" + bobMessage + "/move", Map.of("box", "mine")).status()).isEqualTo(403);
        assertThat(dispatcher.post(MESSAGES + "/" + bobMessage + "/move", Map.of("box", "general")).status()).isEqualTo(403);
        assertThat(owner.get(MESSAGES + "/" + bobMessage).json().get("box").asString()).isEqualTo(bob);
    }

    @Test
    void aMoveToNoBoxOrTheSameOneOrOfADeletedMessageIsRefusedNamingWhyAndChangesNothing() {
        var noBox = owner.post(MESSAGES + "/" + annMessage + "/move", Map.of());
        assertThat(noBox.status()).isEqualTo(422);
        assertThat(noBox.errorField()).isEqualTo("box");
        var kitchen = owner.post(MESSAGES + "/" + annMessage + "/move", Map.of("box", "kitchen"));
        assertThat(kitchen.status()).isEqualTo(422);
        assertThat(kitchen.json().get("detail").asString()).contains("'kitchen' is none");
        var nobody = owner.post(MESSAGES + "/" + annMessage + "/move", Map.of("box", UUID.randomUUID().toString()));
        assertThat(nobody.status()).isEqualTo(422);
        assertThat(nobody.json().get("detail").asString()).contains("no team member");
        var same = owner.post(MESSAGES + "/" + annMessage + "/move", Map.of("box", ann));
        assertThat(same.status()).isEqualTo(422);
        assertThat(same.json().get("detail").asString()).contains("already in Ann's mailbox");
        var ownerWithoutBox = owner.post(MESSAGES + "/" + annMessage + "/move", Map.of("box", "mine"));
        assertThat(ownerWithoutBox.status()).isEqualTo(422);
        assertThat(ownerWithoutBox.json().get("detail").asString()).contains("no box of your own");
        assertThat(owner.delete(MESSAGES + "/" + general).status()).isEqualTo(204);
        var deleted = owner.post(MESSAGES + "/" + general + "/move", Map.of("box", ann));
        assertThat(deleted.status()).isEqualTo(409);
        assertThat(deleted.json().get("detail").asString()).contains("restore it first");

        assertThat(owner.get(MESSAGES + "/" + annMessage).json().get("box").asString()).isEqualTo(ann);
        assertThat(owner.get(MESSAGES + "/" + general).json().get("box").asString()).isEqualTo("general");
        assertThat(owner.get("/api/v1/audit-log?entity_type=voicemail_message").json().valueStream().map(a -> a.get("action").asString()).toList())
                .doesNotContain("move");
    }

    @Test
    void badInputsAreRefusedNamingTheFieldAndChangeNothing() {
        var box = owner.get(MESSAGES + "?box=kitchen");
        assertThat(box.status()).isEqualTo(422);
        assertThat(box.errorField()).isEqualTo("box");
        var nobody = owner.get(MESSAGES + "?box=" + UUID.randomUUID());
        assertThat(nobody.status()).isEqualTo(422);
        assertThat(nobody.errorField()).isEqualTo("box");
        var heard = owner.get(MESSAGES + "?heard=maybe");
        assertThat(heard.status()).isEqualTo(400);
        assertThat(heard.errorField()).isEqualTo("heard");
        assertThat(owner.get(MESSAGES + "/not-an-id").errorField()).isEqualTo("id");

        var missing = owner.patch(MESSAGES + "/" + general, Map.of());
        assertThat(missing.status()).isEqualTo(422);
        assertThat(missing.errorField()).isEqualTo("heard");
        var wrongType = owner.patch(MESSAGES + "/" + general, Map.of("heard", List.of(1)));
        assertThat(wrongType.status()).isEqualTo(400);
        assertThat(wrongType.errorField()).isEqualTo("heard");
        var unknown = owner.patch(MESSAGES + "/" + general, Map.of("heard", true, "transcription", "edited"));
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.errorField()).isEqualTo("transcription");
        assertThat(owner.get(MESSAGES + "/" + general).json().get("heard").asBoolean()).isFalse();
    }

    @Test
    void anotherCompanysMessagesAreNotFound() {
        var other = api().signUpNewCompany("Nosy Co");
        assertThat(ids(other.get(MESSAGES))).isEmpty();
        assertThat(other.get(MESSAGES + "/" + general).status()).isEqualTo(404);
        assertThat(other.getBytes(MESSAGES + "/" + general + "/audio").statusCode()).isEqualTo(404);
        assertThat(other.delete(MESSAGES + "/" + general).status()).isEqualTo(404);
        assertThat(owner.get(MESSAGES + "/" + general).status()).isEqualTo(200);
        // An agent of another company too: 404 for any of this company's boxes, never the colleague's 403.
        var otherAgent = other.newUser("AGENT", null);
        assertThat(otherAgent.get(MESSAGES + "/" + bobMessage).status()).isEqualTo(404);
        assertThat(otherAgent.patch(MESSAGES + "/" + general, Map.of("heard", true)).status()).isEqualTo(404);
        assertThat(otherAgent.delete(MESSAGES + "/" + annMessage).status()).isEqualTo(404);
        assertThat(owner.get(MESSAGES + "/" + general).json().get("heard").asBoolean()).isFalse();
    }
    @Test
    void aCallersMessageCannotBeMadeAGreetingSoItCanStillBeDeleted() throws Exception {
        var ann = member("Ann");
        var id = deposit(ann, "+17735550123", 3);
        var audio = VoicemailSettingsApiTest.wav(1);
        assertThat(asCompany(() -> voicemails.storeAudio(id, audio))).isTrue();
        var mediaId = asCompany(() -> voicemails.get(id)).mediaId();
        var put = owner.put("/api/v1/voicemail/settings", Map.of("greeting_type", "AUDIO", "greeting_media_id", mediaId.toString()));
        assertThat(put.status()).as(put.body()).isEqualTo(422);
        assertThat(put.errorField()).isEqualTo("greeting_media_id");
        assertThat(put.body()).contains("a caller's message or a call recording cannot be one");
        assertThat(owner.delete("/api/v1/voicemail/messages/" + id).status()).isEqualTo(204);
    }

    @Test
    void aLongListComesInPagesNewestFirstWithEveryMessageOnce() {
        clock.advance(java.time.Duration.ofMinutes(1));
        var newest = deposit(ann, "+17735550104", 5);
        var all = ids(owner.get(MESSAGES));
        assertThat(all).hasSize(5).startsWith(newest.toString());

        // Four of the five arrived at the same instant: the pages still give each message once, in the list's order.
        var paged = new ArrayList<String>();
        var page = owner.get(MESSAGES + "?limit=2");
        int pages = 1;
        while (true) {
            var onPage = ids(page);
            assertThat(onPage.size()).isLessThanOrEqualTo(2);
            paged.addAll(onPage);
            var link = page.header("Link");
            if (link == null) {
                break;
            }
            assertThat(link).endsWith(">; rel=\"next\"").contains("limit=2").contains("before_id=").contains("before_received_at=");
            page = owner.get(link.substring(link.indexOf("/api/v1/"), link.indexOf('>')));
            pages++;
        }
        assertThat(paged).containsExactlyElementsOf(all);
        assertThat(pages).isEqualTo(3);

        var general1 = owner.get(MESSAGES + "?box=general&limit=1");
        var link = general1.header("Link");
        assertThat(link).contains("box=general");
        var general2 = owner.get(link.substring(link.indexOf("/api/v1/"), link.indexOf('>')));
        assertThat(ids(general1).size() + ids(general2).size()).isEqualTo(2);
        assertThat(ids(general2)).doesNotContainAnyElementsOf(ids(general1));

        for (var limit : List.of("0", "-1", "501")) {
            var bad = owner.get(MESSAGES + "?limit=" + limit);
            assertThat(bad.status()).isEqualTo(422);
            assertThat(bad.errorField()).isEqualTo("limit");
        }
        var half = owner.get(MESSAGES + "?before_id=" + newest);
        assertThat(half.status()).isEqualTo(422);
        assertThat(half.errorField()).isEqualTo("before_id");
        // A cursor the database cannot hold is named, not refused as "body" (was).
        var far = owner.get(MESSAGES + "?before_id=" + newest + "&before_received_at=%2B20000-01-01T00:00:00Z");
        assertThat(far.status()).as(far.body()).isEqualTo(422);
        assertThat(far.errorField()).isEqualTo("before_received_at");
    }

    /**
     * A message left on a call linked to a customer (V1_34) was listed by the caller's number alone: the inbox (API and
     * page) names the customer, with the number.
     */
    @Test
    void aMessageFromACustomerIsListedWithTheirNameAndNumber() {
        var carla = owner.post("/api/v1/customers", Map.of("name", "Carla Diaz", "phone_numbers", List.of("+17735550177")));
        assertThat(carla.status()).as(carla.body()).isEqualTo(201);
        var customerId = UUID.fromString(carla.json().get("id").asString());
        var fromCarla = asCompany(() -> voicemails.deposit(null, UUID.randomUUID(), customerId, "+17735550177", clock.instant(), 9,
                null, null, null));

        var listed = owner.get(MESSAGES + "?box=general").json();
        var carlas = new ArrayList<String>();
        var others = new ArrayList<String>();
        listed.forEach(m -> (m.get("id").asString().equals(fromCarla.toString()) ? carlas : others)
                .add(m.get("customer_name").asString(null) + " " + m.get("from_number").asString()));
        assertThat(carlas).containsExactly("Carla Diaz +17735550177");
        assertThat(others).as("no customer: the number alone").allMatch(l -> l.startsWith("null "));
        assertThat(owner.get(MESSAGES + "/" + fromCarla).json().get("customer_id").asString()).isEqualTo(customerId.toString());

        var page = webLogin(owner.email(), "correct-horse").get("/voicemail").body();
        assertThat(page).containsPattern("<a href=\"/customers/" + customerId + "\">Carla Diaz</a>\\s*<span>· \\(773\\) 555-0177</span>")
                .contains("(773) 555-0100");
    }
}
