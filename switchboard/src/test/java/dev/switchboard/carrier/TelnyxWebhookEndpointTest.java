package dev.switchboard.carrier;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.support.IntegrationTest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;
import org.bouncycastle.math.ec.rfc8032.Ed25519;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The endpoint over real HTTP: signed deliveries are stored once; refused ones leave nothing behind. */
class TelnyxWebhookEndpointTest extends IntegrationTest {

    /** The private seed matching {@link IntegrationTest}'s configured public key (Telnyx SDK test pair). */
    static final byte[] SEED = Base64.getDecoder().decode("i1xxSkIuQOY9H8laaRslIoYGTJ1NwBAFdjsQwiwJH04=");

    @Autowired
    JdbcClient jdbc;

    final HttpClient http = HttpClient.newHttpClient();

    static String sign(String timestamp, String body) {
        var message = (timestamp + "|" + body).getBytes(StandardCharsets.UTF_8);
        var signature = new byte[64];
        Ed25519.sign(SEED, 0, message, 0, message.length, signature, 0);
        return Base64.getEncoder().encodeToString(signature);
    }

    HttpResponse<String> post(String body, String timestamp, String signature) throws Exception {
        var request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/telnyx/webhooks"))
                .header("Content-Type", "application/json");
        if (timestamp != null) {
            request.header("telnyx-timestamp", timestamp);
        }
        if (signature != null) {
            request.header("telnyx-signature-ed25519", signature);
        }
        return http.send(request.POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    static String event(String id) {
        return "{\"data\":{\"event_type\":\"call.initiated\",\"id\":\"" + id + "\",\"occurred_at\":\"2026-11-25T12:00:00.000001Z\","
                + "\"payload\":{\"call_control_id\":\"v3:leg-" + id + "\",\"client_state\":null,\"direction\":\"incoming\","
                + "\"from\":\"+13125550150\",\"to\":\"+13125550100\",\"state\":\"parked\"},\"record_type\":\"event\"},"
                + "\"meta\":{\"attempt\":1,\"delivered_to\":\"http://localhost/api/telnyx/webhooks\"}}";
    }

    @Autowired
    org.springframework.transaction.support.TransactionTemplate tx;

    /** Calls the demo company (owner of the number the test events dial) has for the caller's leg of event {@code id}. */
    long callsFor(String id) {
        var demo = jdbc.sql("select phone_number_owner('+13125550100')").query(UUID.class).single();
        return dev.switchboard.platform.TenantContext.callAs(dev.switchboard.shared.CompanyId.of(demo.toString()), () -> tx.execute(s -> jdbc
                .sql("select count(*) from calls where company_id = :c and caller_leg_id = :leg").param("c", demo).param("leg", "v3:leg-" + id)
                .query(Long.class).single()));
    }

    long stored(String id) {
        return jdbc.sql("select count(*) from carrier_inbox where event_id = :id").param("id", id).query(Long.class).single();
    }

    @Test
    void aSignedEventIsStoredOnceAndARedeliveryIsAcknowledgedAndIgnored() throws Exception {
        var id = UUID.randomUUID().toString();
        var body = event(id);
        var ts = String.valueOf(Instant.now().getEpochSecond());
        var first = post(body, ts, sign(ts, body));
        assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
        assertThat(first.body()).contains("accepted");
        var again = post(body, ts, sign(ts, body));
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(again.body()).contains("duplicate");
        assertThat(stored(id)).isEqualTo(1);
        var leg = jdbc.sql("select leg_id from carrier_inbox where event_id = :id").param("id", id).query(String.class).single();
        assertThat(leg).isEqualTo("v3:leg-" + id);
        assertThat(callsFor(id)).as("the call was started, once").isEqualTo(1);
    }

    @Test
    void eventsThatNeedNoStepAndCallsToNumbersNobodyOwnsAreStoredAsHandled() throws Exception {
        var started = UUID.randomUUID().toString();
        var playback = "{\"data\":{\"event_type\":\"call.playback.started\",\"id\":\"" + started + "\",\"occurred_at\":\"2026-11-25T12:00:00Z\","
                + "\"payload\":{\"call_control_id\":\"v3:leg-" + started + "\",\"client_state\":null},\"record_type\":\"event\"}}";
        var unknown = UUID.randomUUID().toString();
        var ts = String.valueOf(Instant.now().getEpochSecond());
        for (var body : java.util.List.of(playback, event(unknown).replace("+13125550100", "+13125550999"))) {
            var response = post(body, ts, sign(ts, body));
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            assertThat(response.body()).contains("accepted");
        }
        for (var id : java.util.List.of(started, unknown)) {
            assertThat(jdbc.sql("select processed_at is not null and last_error is null from carrier_inbox where event_id = :id").param("id", id)
                    .query(Boolean.class).single()).isTrue();
        }
    }

    @Test
    void aNulCharacterInACallersNumberOrNameDoesNotLoseTheCallAndInAnIdIsRefused() throws Exception {
        // PostgreSQL stores no NUL in text: a SIP header carrying one must not make the call impossible to record.
        var inNumber = UUID.randomUUID().toString();
        var inName = UUID.randomUUID().toString();
        var ts = String.valueOf(Instant.now().getEpochSecond());
        var bodies = java.util.Map.of(
                inNumber, event(inNumber).replace("\"+13125550150\"", "\"+1312555\\u00000150\""),
                inName, event(inName).replace("\"direction\"", "\"caller_id_name\":\"Bob\\u0000 Smith\",\"direction\""));
        for (var entry : bodies.entrySet()) {
            assertThat(entry.getValue()).contains("\\u0000");
            var response = post(entry.getValue(), ts, sign(ts, entry.getValue()));
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            assertThat(jdbc.sql("select coalesce(last_error, 'none') from carrier_inbox where event_id = :id").param("id", entry.getKey())
                    .query(String.class).single()).isEqualTo("none");
            assertThat(callsFor(entry.getKey())).as("the call was started and logged").isEqualTo(1);
        }
        // An id with a control character is no Telnyx event's: 400, nothing stored (it was a 500, retried for ever).
        var badId = UUID.randomUUID().toString();
        var body = event(badId).replace("\"id\":\"" + badId + "\"", "\"id\":\"" + badId + "\\u0000\"");
        var refused = post(body, ts, sign(ts, body));
        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(400);
        assertThat(refused.body()).contains("data.id contains a control character");
        assertThat(jdbc.sql("select count(*) from carrier_inbox where event_id like :id").param("id", badId + "%").query(Long.class).single()).isZero();
        var badLeg = UUID.randomUUID().toString();
        var legBody = event(badLeg).replace("v3:leg-" + badLeg, "v3:leg-\\u0007" + badLeg);
        assertThat(post(legBody, ts, sign(ts, legBody)).statusCode()).isEqualTo(400);
        assertThat(stored(badLeg)).isZero();
    }

    @Test
    void anEventTimedOutsideWhatTheDatabaseHoldsIsStoredAndItsCallStartedAtItsArrival() throws Exception {
        // It was a 500 (its storing failed, and so did storing its failure): the carrier's call never started, a hangup lost.
        var ts = String.valueOf(Instant.now().getEpochSecond());
        for (var at : java.util.List.of("+300000-01-01T00:00:00Z", "+10000-01-01T00:00:00Z", "-5000-01-01T00:00:00Z")) {
            var id = UUID.randomUUID().toString();
            var body = event(id).replace("2026-11-25T12:00:00.000001Z", at);
            var response = post(body, ts, sign(ts, body));
            assertThat(response.statusCode()).as(at + ": " + response.body()).isEqualTo(200);
            assertThat(jdbc.sql("select coalesce(last_error, 'none') from carrier_inbox where event_id = :id").param("id", id)
                    .query(String.class).single()).isEqualTo("none");
            assertThat(callsFor(id)).as("the call was started and logged").isEqualTo(1);
        }
        // A leg id longer than any of Telnyx's could not be stored in the index (every handling failed): refused, nothing stored.
        var longLeg = UUID.randomUUID().toString();
        var body = event(longLeg).replace("v3:leg-" + longLeg, "v3:leg-" + "9f8e7d6c5b4a".repeat(250));
        var refused = post(body, ts, sign(ts, body));
        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(400);
        assertThat(refused.body()).contains("call_control_id is longer than 256 characters");
        assertThat(stored(longLeg)).isZero();
    }

    @Test
    void badSignaturesAndStaleTimestampsAreRefusedAndNothingIsStored() throws Exception {
        var id = UUID.randomUUID().toString();
        var body = event(id);
        var now = Instant.now().getEpochSecond();
        var ts = String.valueOf(now);
        assertThat(post(body, ts, sign(ts, body.replace("+13125550150", "+13125550151"))).statusCode()).isEqualTo(401);
        assertThat(post(body, null, sign(ts, body)).statusCode()).isEqualTo(401);
        assertThat(post(body, ts, null).statusCode()).isEqualTo(401);
        var stale = String.valueOf(now - 301);
        var refused = post(body, stale, sign(stale, body));
        assertThat(refused.statusCode()).isEqualTo(401);
        assertThat(refused.body()).contains("300 s");
        var future = String.valueOf(now + 400);
        assertThat(post(body, future, sign(future, body)).statusCode()).isEqualTo(401);
        assertThat(stored(id)).isZero();
        assertThat(callsFor(id)).as("no call was started").isZero();
    }

    @Test
    void malformedAndOversizedBodiesAreRefused() throws Exception {
        var ts = String.valueOf(Instant.now().getEpochSecond());
        var notJson = "{\"data\": ";
        assertThat(post(notJson, ts, sign(ts, notJson)).statusCode()).isEqualTo(400);
        var noId = "{\"data\":{\"event_type\":\"call.answered\",\"payload\":{}}}";
        var response = post(noId, ts, sign(ts, noId));
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("data.id");
        // A call event without its payload, or without the leg it is about: refused with the field, not stored.
        for (var type : new String[] {"call.recording.saved", "call.transcription", "call.hangup"}) {
            var eventId = UUID.randomUUID().toString();
            var noPayload = "{\"data\":{\"id\":\"" + eventId + "\",\"event_type\":\"" + type + "\"}}";
            var refused = post(noPayload, ts, sign(ts, noPayload));
            assertThat(refused.statusCode()).as(type).isEqualTo(400);
            assertThat(refused.body()).contains("missing data.payload");
            assertThat(stored(eventId)).isZero();
        }
        var noLegId = UUID.randomUUID().toString();
        var noLeg = "{\"data\":{\"id\":\"" + noLegId + "\",\"event_type\":\"call.answered\",\"payload\":{\"client_state\":null}}}";
        var refused = post(noLeg, ts, sign(ts, noLeg));
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.body()).contains("data.payload.call_control_id");
        assertThat(stored(noLegId)).isZero();
        // An event of a kind the engine does not act on may come without a payload: accepted, stored.
        var otherId = UUID.randomUUID().toString();
        var other = "{\"data\":{\"id\":\"" + otherId + "\",\"event_type\":\"call.fork.started\"}}";
        assertThat(post(other, ts, sign(ts, other)).statusCode()).isEqualTo(200);
        assertThat(stored(otherId)).isOne();
        var id = UUID.randomUUID().toString();
        var huge = event(id).replace("\"record_type\"", "\"padding\":\"" + "x".repeat(270_000) + "\",\"record_type\"");
        assertThat(post(huge, ts, sign(ts, huge)).statusCode()).isEqualTo(413);
        assertThat(stored(id)).isZero();
    }

    @Test
    void aByteOrderMarkIsIgnoredAndABodyNotInUtf8IsRefusedNotAFailure() throws Exception {
        // Jackson reads a BOM and UTF-16/32 JSON; PostgreSQL's json takes neither as the stored text: the
        // inbox insert failed and the delivery was answered 500 (Telnyx redelivering it for ever).
        var ts = String.valueOf(Instant.now().getEpochSecond());
        var bommed = UUID.randomUUID().toString();
        var withBom = "\uFEFF" + event(bommed);
        var accepted = post(withBom, ts, sign(ts, withBom));
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(200);
        assertThat(jdbc.sql("select processed_at is not null and last_error is null from carrier_inbox where event_id = :id")
                .param("id", bommed).query(Boolean.class).single()).isTrue();
        assertThat(callsFor(bommed)).isEqualTo(1);
        for (var charset : new String[] {"UTF-16BE", "UTF-16LE", "UTF-16", "UTF-32LE"}) {
            var id = UUID.randomUUID().toString();
            var bytes = event(id).getBytes(java.nio.charset.Charset.forName(charset));
            var prefix = (ts + "|").getBytes(StandardCharsets.UTF_8);
            var message = new byte[prefix.length + bytes.length];
            System.arraycopy(prefix, 0, message, 0, prefix.length);
            System.arraycopy(bytes, 0, message, prefix.length, bytes.length);
            var signature = new byte[64];
            Ed25519.sign(SEED, 0, message, 0, message.length, signature, 0);
            var refused = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/telnyx/webhooks"))
                    .header("Content-Type", "application/json").header("telnyx-timestamp", ts)
                    .header("telnyx-signature-ed25519", Base64.getEncoder().encodeToString(signature))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(bytes)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(refused.statusCode()).as(charset + ": " + refused.body()).isEqualTo(400);
            assertThat(refused.body()).contains("UTF-8");
            assertThat(stored(id)).isZero();
        }
    }

    @Test
    void healthSaysUpWithTheServerTime() throws Exception {
        var response = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/telnyx/webhooks")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("\"status\":\"UP\"").contains("server_time");
        // A health checker asking with HEAD gets the same answer, without a body.
        var head = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/telnyx/webhooks"))
                .method("HEAD", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(head.body()).isEmpty();
    }

    @Test
    void otherMethodsAreRefusedAndTheBenchmarkBaselineIsOffUnlessConfigured() throws Exception {
        var put = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/telnyx/webhooks"))
                .PUT(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(put.statusCode()).isEqualTo(405);
        assertThat(put.headers().firstValue("Allow")).hasValue("GET, HEAD, POST");
        assertThat(put.body()).contains("PUT is not supported");
        var id = UUID.randomUUID().toString();
        var body = event(id);
        var ts = String.valueOf(Instant.now().getEpochSecond());
        var baseline = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/telnyx/webhooks-baseline"))
                .header("telnyx-timestamp", ts).header("telnyx-signature-ed25519", sign(ts, body))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(baseline.statusCode()).isIn(401, 403, 404);
        assertThat(stored(id)).isZero();
    }

    @Test
    void aTextFieldSentAsAListOrAnObjectIsRefusedNamingItNotAsInvalidJson() throws Exception {
        var id = UUID.randomUUID().toString();
        var body = event(id).replace("\"direction\":\"incoming\"", "\"direction\":[\"incoming\"]");
        var ts = String.valueOf(Instant.now().getEpochSecond());
        var refused = post(body, ts, sign(ts, body));
        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(400);
        assertThat(refused.body()).contains("direction is a list where Telnyx sends a text").doesNotContain("not valid JSON");
        var other = event(UUID.randomUUID().toString()).replace("\"event_type\":\"call.initiated\"", "\"event_type\":{\"a\":1}");
        var refusedToo = post(other, ts, sign(ts, other));
        assertThat(refusedToo.statusCode()).isEqualTo(400);
        assertThat(refusedToo.body()).contains("event_type is an object where Telnyx sends a text");
        assertThat(stored(id)).isZero();
        assertThat(callsFor(id)).isZero();
    }
}
