package dev.switchboard.queue;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.support.ApiClient;
import dev.switchboard.support.IntegrationTest;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** PATCH of a queue as a JSON Merge Patch (RFC 7396): the fields sent change, the rest stay, the result is checked as a PUT. */
class QueuePatchTest extends IntegrationTest {

    ApiClient owner;
    String ann;
    String queue;

    @BeforeEach
    void company() {
        owner = api().signUpNewCompany("Patch Queue Co");
        ann = owner.post("/api/v1/members", Map.of("name", "Ann", "phone_extension", "101")).json().get("id").asString();
        var created = owner.post("/api/v1/queues", body());
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        queue = created.json().get("id").asString();
    }

    /** A queue with no VIP tag (sent as "") and its optional fields set, so a patch that changes one more shows. */
    Map<String, Object> body() {
        var body = new HashMap<String, Object>(Map.of("name", "Sales", "strategy", "FIXED_ORDER", "member_ids", List.of(ann),
                "wrap_up_seconds", 30, "max_wait_seconds", 600, "vip_tag", "", "callback_enabled", true, "callback_key", "5",
                "max_wait_target", Map.of("kind", "VOICEMAIL", "member_id", ann)));
        body.put("announce_position", false);
        return body;
    }

    JsonNode stored() {
        var q = (ObjectNode) owner.get("/api/v1/queues/" + queue).json();
        q.remove("updated_at");
        return q;
    }

    @Test
    void aPatchChangesTheFieldsSentAndKeepsTheRest() {
        var before = (ObjectNode) stored();
        assertThat(before.get("vip_tag").isNull()).isTrue();
        var patched = owner.mergePatch("/api/v1/queues/" + queue, Map.of("wrap_up_seconds", 45));
        assertThat(patched.status()).as(patched.body()).isEqualTo(200);
        before.put("wrap_up_seconds", 45);
        assertThat(stored()).isEqualTo(before);
        assertThat(owner.mergePatch("/api/v1/queues/" + queue, "{\"max_wait_target\": null}").status()).isEqualTo(200);
        assertThat(stored().get("max_wait_target").isNull()).isTrue();
        assertThat(stored().get("callback_key").asString()).isEqualTo("5");
    }

    @Test
    void refusedPatchesChangeNothing() {
        var before = stored();
        var nulled = new HashMap<String, Object>();
        nulled.put("vip_tag", null);
        var notNullable = owner.mergePatch("/api/v1/queues/" + queue, nulled);
        assertThat(notNullable.status()).isEqualTo(400);
        assertThat(notNullable.errorField()).isEqualTo("vip_tag");
        assertThat(owner.mergePatch("/api/v1/queues/" + queue, Map.of("colour", "red")).errorField()).isEqualTo("colour");
        // Overflowing into itself; the patch empties the target's member_id, which a QUEUE target does not have.
        var patch = owner.mergePatch("/api/v1/queues/" + queue, "{\"max_wait_target\": {\"kind\": \"QUEUE\", \"queue_id\": \"" + queue
                + "\", \"member_id\": null}}");
        var put = body();
        put.put("max_wait_target", Map.of("kind", "QUEUE", "queue_id", queue));
        var putResponse = owner.put("/api/v1/queues/" + queue, put);
        assertThat(patch.status()).as(patch.body()).isEqualTo(422);
        assertThat(patch.errorField()).isEqualTo("max_wait_target.queue_id");
        assertThat(patch.json().get("errors")).isEqualTo(putResponse.json().get("errors"));
        var other = body();
        other.put("name", "Service");
        assertThat(owner.post("/api/v1/queues", other).status()).isEqualTo(201);
        var taken = owner.mergePatch("/api/v1/queues/" + queue, Map.of("name", "Service"));
        assertThat(taken.status()).isEqualTo(409);
        assertThat(taken.errorField()).isEqualTo("name");
        var supervisor = owner.newUser("SUPERVISOR", null);
        assertThat(supervisor.mergePatch("/api/v1/queues/" + queue, Map.of("wrap_up_seconds", 60)).status()).isEqualTo(403);
        assertThat(stored()).isEqualTo(before);
    }
}
