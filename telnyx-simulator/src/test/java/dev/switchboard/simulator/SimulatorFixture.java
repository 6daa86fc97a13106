package dev.switchboard.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A simulator in virtual time whose webhooks are recorded as they arrive, for the tests of its commands. */
abstract class SimulatorFixture {

    static final JsonMapper JSON = JsonMapper.builder().build();
    static final byte[] SEED = Base64.getDecoder().decode("i1xxSkIuQOY9H8laaRslIoYGTJ1NwBAFdjsQwiwJH04=");
    static final String APP = "+13125550100";

    record Received(Map<String, String> headers, JsonNode body) {
        String type() {
            return body.path("data").path("event_type").asString();
        }

        JsonNode payload() {
            return body.path("data").path("payload");
        }

        String leg() {
            return payload().path("call_control_id").asString();
        }

        String clientState() {
            var state = payload().get("client_state");
            return state == null || state.isNull() ? null : state.asString();
        }
    }

    final List<Received> received = new ArrayList<>();
    SimClock clock;
    TelnyxSimulator sim;

    @BeforeEach
    void start() {
        clock = new SimClock(Instant.parse("2026-11-25T18:00:00Z"));
        sim = new TelnyxSimulator(new TelnyxSimulator.Config("conn-1", "http://app.local/api/telnyx/webhooks", SEED, Duration.ofSeconds(1)),
                clock, (url, headers, body) -> {
                    received.add(new Received(headers, JSON.readTree(body)));
                    return 200;
                });
    }

    TelnyxSimulator.Response post(String leg, String action, String body) {
        return sim.handle("POST", "/v2/calls/" + leg + "/actions/" + action, body);
    }

    /** Posts a command that must be accepted. */
    void ok(String leg, String action, String body) {
        var response = post(leg, action, body);
        assertThat(response.status()).as(action + ": " + response.body()).isEqualTo(200);
    }

    /** A caller whose call has been answered, with its two webhooks (initiated, answered) forgotten. */
    Caller answeredCaller() {
        var caller = sim.call("+17735550123", APP);
        ok(caller.callControlId(), "answer", "{}");
        received.clear();
        return caller;
    }

    /** Dials {@code to} from the app's number, {@code extra} the body's further fields (",\"link_to\":..."); the new leg's id. */
    String dialled(String to, String extra) {
        var dialled = sim.handle("POST", "/v2/calls", "{\"connection_id\":\"conn-1\",\"from\":\"" + APP + "\",\"to\":\"" + to + "\"" + extra + "}");
        assertThat(dialled.status()).as(dialled.body()).isEqualTo(200);
        return JSON.readTree(dialled.body()).path("data").path("call_control_id").asString();
    }

    List<String> types() {
        return received.stream().map(Received::type).toList();
    }

    List<Received> of(String leg) {
        return received.stream().filter(r -> r.leg().equals(leg)).toList();
    }

    List<String> typesOf(String leg) {
        return of(leg).stream().map(Received::type).toList();
    }

    List<Received> ofType(String type) {
        return received.stream().filter(r -> r.type().equals(type)).toList();
    }

    static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
}
