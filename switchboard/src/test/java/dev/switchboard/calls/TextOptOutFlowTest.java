package dev.switchboard.calls;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.simulator.PhoneScript;
import dev.switchboard.simulator.SimClock;
import dev.switchboard.simulator.TelnyxSimulator;
import dev.switchboard.support.VirtualTimeCallTest;
import dev.switchboard.support.WebClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.bouncycastle.math.ec.rfc8032.Ed25519;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import tools.jackson.databind.JsonNode;

/**
 * Inbound texts (Telnyx messaging's {@code message.received}) on the signed webhook endpoint: a caller who texts STOP
 * is not texted back after their missed calls until they text START. Texts come from the simulator (signed with its
 * key) or, for the deliveries a test shapes itself, over HTTP signed with the key the app is configured with.
 */
@Import(TextOptOutFlowTest.VirtualTime.class)
class TextOptOutFlowTest extends VirtualTimeCallTest {

    @TestConfiguration
    static class VirtualTime {
        @Bean
        @Primary
        SimClock virtualClock() {
            return new SimClock(Instant.parse("2026-11-25T18:00:00Z")); // Wednesday noon in Chicago
        }
    }

    /** The private seed matching IntegrationTest's configured public key (Telnyx SDK test pair). */
    static final byte[] SEED = Base64.getDecoder().decode("i1xxSkIuQOY9H8laaRslIoYGTJ1NwBAFdjsQwiwJH04=");

    @Autowired
    TextBacks textBacks;

    @Autowired
    dev.switchboard.carrier.WebhookReceiver receiver;

    final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void company() {
        newCompanyWithAnnAndBob("Opt-out Plumbing " + randomNumber("000").substring(8), 15);
        var r = owner.post("/api/v1/routing-rules", Map.of("name", "Ann", "type", "SIMULTANEOUS", "member_ids", List.of(ann),
                "ring_timeout_seconds", 15));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        sim.phone(annSip, new PhoneScript.NeverAnswer());
        // A one-hour quiet window: each step of a test waits it out, so only the opt-out decides.
        var s = owner.put("/api/v1/phone-settings", Map.of("text_back_enabled", true, "text_back_message", "Sorry we missed you.",
                "text_back_quiet_hours", 1));
        assertThat(s.status()).as(s.body()).isEqualTo(200);
    }

    JsonNode textBack(String callId) {
        var r = owner.get("/api/v1/call-logs/" + callId);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json().get("text_back");
    }

    static String messageReceived(String eventId, String from, String to, String text, Instant sentAt) {
        return "{\"data\":{\"event_type\":\"message.received\",\"id\":\"" + eventId + "\",\"occurred_at\":\"" + sentAt + "\","
                + "\"payload\":{\"record_type\":\"message\",\"direction\":\"inbound\",\"id\":\"" + UUID.randomUUID() + "\",\"type\":\"SMS\","
                + "\"from\":{\"phone_number\":\"" + from + "\",\"line_type\":\"Wireless\"},"
                + "\"to\":[{\"phone_number\":\"" + to + "\",\"status\":\"webhook_delivered\"}],"
                + "\"text\":\"" + text + "\",\"received_at\":\"" + sentAt + "\",\"media\":[]},\"record_type\":\"event\"},"
                + "\"meta\":{\"attempt\":1,\"delivered_to\":\"http://localhost/api/telnyx/webhooks\"}}";
    }

    /** Posts {@code body} to the webhook endpoint, signed now (virtual time) with the configured key. */
    HttpResponse<String> post(String body) throws Exception {
        var timestamp = String.valueOf(sim.clock().instant().getEpochSecond());
        var message = (timestamp + "|" + body).getBytes(StandardCharsets.UTF_8);
        var signature = new byte[64];
        Ed25519.sign(SEED, 0, message, 0, message.length, signature, 0);
        var request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/telnyx/webhooks"))
                .header("Content-Type", "application/json").header("telnyx-timestamp", timestamp)
                .header("telnyx-signature-ed25519", Base64.getEncoder().encodeToString(signature))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    long stored(String eventId) {
        return jdbc.sql("select count(*) from carrier_inbox where event_id = :id and processed_at is not null").param("id", eventId)
                .query(Long.class).single();
    }

    /** The company's list entry for {@code number}: "STOP" (the keyword) while opted out, "in" after a START, "none" without one. */
    String entry(String number) {
        return inCompany(() -> jdbc.sql("select case when opted_out then keyword else 'in' end from call_text_opt_outs where company_id = :c and number = :n")
                .param("c", company.value()).param("n", number).query(String.class).optional().orElse("none"));
    }

    @Test
    void aCallerWhoTextedStopIsNotTextedBackUntilTheyTextStart() {
        var dana = randomNumber("773");
        sim.receiveText(dana, number, "Can you stop by tomorrow?");
        assertThat(entry(dana)).as("not a keyword: the whole text must be one").isEqualTo("none");

        sim.receiveText(dana, number, "  Stop \n");
        assertThat(entry(dana)).isEqualTo("STOP");
        var skipped = missedCallFrom(dana);
        textBacks.sendDue();
        assertThat(textsTo(dana)).isEmpty();
        var tb = textBack(skipped);
        assertThat(tb.get("status").asString()).isEqualTo("SKIPPED");
        assertThat(tb.get("summary").asString()).startsWith("skipped: the caller texted STOP at ");
        assertThat(tb.get("summary").asString()).as("when, in the company's time (Chicago), not raw UTC")
                .matches("skipped: the caller texted STOP at \\w{3} \\d{1,2} \\w{3} \\d{4}, \\d{1,2}:\\d{2} [AP]M C[SD]T \\(no texts .*");
        assertThat(owner.get("/api/v1/call-logs/" + skipped).json().get("trace").toString()).contains("text-back skipped: the caller texted STOP");
        assertThat(web().get("/calls/" + skipped).body()).contains(">Skipped: the caller texted STOP at ");
        assertThat(sim.messages()).as("no reply to the STOP either: Telnyx's messaging profile sends the confirmation")
                .noneMatch(m -> m.to().equals(dana));

        sim.advance(Duration.ofHours(2));
        sim.receiveText(dana, number, "unstop");
        assertThat(entry(dana)).isEqualTo("in");
        var texted = missedCallFrom(dana);
        textBacks.sendDue();
        assertThat(textsTo(dana)).hasSize(1);
        assertThat(textBack(texted).get("status").asString()).isEqualTo("SENT");

        // Each keyword of the CTIA's, in any case.
        for (var word : List.of("STOPALL", "unsubscribe", "Cancel", "END", "quit")) {
            sim.receiveText(dana, number, word);
            assertThat(entry(dana)).as(word).isEqualTo(word.toUpperCase(java.util.Locale.ROOT));
            sim.receiveText(dana, number, word.equals("END") ? "yes" : "START");
            assertThat(entry(dana)).isEqualTo("in");
        }
    }

    /** A STOP that arrives while the text for a missed call is waiting to go stops that text too, when it is about to go. */
    @Test
    void aStopWhileTheTextIsOnItsWaySkipsItAtSendTime() {
        var eve = randomNumber("773");
        var call = missedCallFrom(eve);
        assertThat(textBack(call).get("status").asString()).isEqualTo("PENDING");
        sim.receiveText(eve, number, "STOP");
        textBacks.sendDue();
        assertThat(textsTo(eve)).isEmpty();
        assertThat(textBack(call).get("summary").asString()).startsWith("skipped: the caller texted STOP at ");
        assertThat(owner.get("/api/v1/call-logs/" + call).json().get("trace").toString()).contains("text-back skipped: the caller texted STOP");
    }

    @Test
    void aRedeliveredTextIsStoredOnceAndAStopAndStartDeliveredOutOfOrderEndAsSent() throws Exception {
        var fay = randomNumber("773");
        var stopId = UUID.randomUUID().toString();
        var stop = messageReceived(stopId, fay, number, "STOP", sim.clock().instant().minusSeconds(30));
        var first = post(stop);
        assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
        assertThat(first.body()).contains("accepted");
        var again = post(stop);
        assertThat(again.statusCode()).as(again.body()).isEqualTo(200);
        assertThat(again.body()).contains("duplicate");
        assertThat(stored(stopId)).isEqualTo(1);
        assertThat(entry(fay)).isEqualTo("STOP");

        // She texted START after that STOP, but Telnyx delivers an earlier STOP (another event) only now.
        var start = messageReceived(UUID.randomUUID().toString(), fay, number, "START", sim.clock().instant().minusSeconds(10));
        assertThat(post(start).body()).contains("accepted");
        var late = messageReceived(UUID.randomUUID().toString(), fay, number, "STOP", sim.clock().instant().minusSeconds(20));
        assertThat(post(late).body()).contains("accepted");
        assertThat(entry(fay)).as("the START was sent last").isEqualTo("in");
        missedCallFrom(fay);
        textBacks.sendDue();
        assertThat(textsTo(fay)).hasSize(1);
    }

    @Test
    void aMessageWebhookWithoutItsSenderOrRecipientIsRefusedNamingTheFieldAndChangesNothing() throws Exception {
        var gus = randomNumber("773");
        var noFrom = UUID.randomUUID().toString();
        var withoutFrom = messageReceived(noFrom, gus, number, "STOP", sim.clock().instant())
                .replace("\"from\":{\"phone_number\":\"" + gus + "\",\"line_type\":\"Wireless\"},", "");
        var refused = post(withoutFrom);
        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(400);
        assertThat(refused.body()).contains("missing data.payload.from.phone_number");

        var noTo = UUID.randomUUID().toString();
        var withoutTo = messageReceived(noTo, gus, number, "STOP", sim.clock().instant()).replace("\"to\":[{\"phone_number\":\"" + number
                + "\",\"status\":\"webhook_delivered\"}]", "\"to\":[]");
        var refusedToo = post(withoutTo);
        assertThat(refusedToo.statusCode()).as(refusedToo.body()).isEqualTo(400);
        assertThat(refusedToo.body()).contains("missing data.payload.to[].phone_number");

        assertThat(jdbc.sql("select count(*) from carrier_inbox where event_id in (:a, :b)").param("a", noFrom).param("b", noTo)
                .query(Long.class).single()).as("nothing stored").isZero();
        assertThat(entry(gus)).isEqualTo("none");
    }

    @Test
    void aTextToANumberNoCompanyOwnsIsStoredAndIgnored() throws Exception {
        var hal = randomNumber("773");
        var id = UUID.randomUUID().toString();
        var nobodys = randomNumber("312");
        var response = post(messageReceived(id, hal, nobodys, "STOP", sim.clock().instant()));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.body()).contains("accepted");
        assertThat(stored(id)).as("stored, as handled").isEqualTo(1);
        assertThat(entry(hal)).isEqualTo("none");
        missedCallFrom(hal);
        textBacks.sendDue();
        assertThat(textsTo(hal)).as("a STOP to another number opts out of nothing here").hasSize(1);
    }

    /** A text whose handling failed when it was delivered (stored unprocessed) is read for its keyword by the sweep. */
    @Test
    void aTextLeftUnprocessedIsHandledByTheSweep() {
        var jo = randomNumber("773");
        var id = UUID.randomUUID().toString();
        jdbc.sql("""
                insert into carrier_inbox (event_id, event_type, received_at, body, process_attempts, last_error)
                values (:id, 'message.received', :at, cast(:body as json), 1, 'the database went away')
                """).param("id", id).param("at", java.sql.Timestamp.from(sim.clock().instant().minusSeconds(30)))
                .param("body", messageReceived(id, jo, number, "STOP", sim.clock().instant().minusSeconds(30))).update();
        receiver.sweep(sim.clock().instant());
        assertThat(stored(id)).as("processed").isEqualTo(1);
        assertThat(entry(jo)).isEqualTo("STOP");
    }

    /** The demo's simulator API texts one of the company's numbers as a caller would; bad input is refused and sends nothing. */
    @Test
    void theDemoSimulatorApiTextsTheCompanysNumberAndRefusesBadInput() {
        var ida = randomNumber("773");
        var texted = owner.post("/api/v1/simulator/texts", Map.of("from", ida, "to", number, "text", "STOP"));
        assertThat(texted.status()).as(texted.body()).isEqualTo(201);
        assertThat(texted.json().get("to").asString()).isEqualTo(number);
        assertThat(entry(ida)).isEqualTo("STOP");

        var before = sim.deliveries().size();
        var notOurs = owner.post("/api/v1/simulator/texts", Map.of("from", ida, "to", randomNumber("312"), "text", "START"));
        assertThat(notOurs.status()).as(notOurs.body()).isEqualTo(422);
        assertThat(notOurs.errorField()).isEqualTo("to");
        var badFrom = owner.post("/api/v1/simulator/texts", Map.of("from", "12", "to", number, "text", "START"));
        assertThat(badFrom.errorField()).isEqualTo("from");
        var blank = owner.post("/api/v1/simulator/texts", Map.of("from", ida, "to", number, "text", " "));
        assertThat(blank.status()).as(blank.body()).isEqualTo(422);
        assertThat(blank.errorField()).isEqualTo("text");
        assertThat(sim.deliveries()).as("nothing sent").hasSize(before);
        assertThat(entry(ida)).isEqualTo("STOP");
    }

    /** A demo text with the NUL character is refused naming the text, not sent without it (and so taken as START). */
    @Test
    void aDemoTextWithTheNulCharacterIsRefusedAndSendsNothing() {
        var ida = randomNumber("773");
        assertThat(owner.post("/api/v1/simulator/texts", Map.of("from", ida, "to", number, "text", "STOP")).status()).isEqualTo(201);
        var before = sim.deliveries().size();
        var nul = owner.post("/api/v1/simulator/texts", Map.of("from", ida, "to", number, "text", "START\u0000"));
        // Refused as it is read (a request body's texts hold no control characters), before TestCalls' own check.
        assertThat(nul.status()).as(nul.body()).isEqualTo(400);
        assertThat(nul.errorField()).isEqualTo("text");
        assertThat(nul.json().get("detail").asString()).contains("NUL character");
        assertThat(sim.deliveries()).as("nothing sent").hasSize(before);
        assertThat(entry(ida)).as("still opted out").isEqualTo("STOP");
    }

    private WebClient web;

    WebClient web() {
        if (web == null) {
            web = webLogin(owner.email(), "correct-horse");
        }
        return web;
    }
}
