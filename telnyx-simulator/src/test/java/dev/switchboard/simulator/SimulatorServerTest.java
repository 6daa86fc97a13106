package dev.switchboard.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** The standalone simulator: its command line, and its callers over HTTP on loopback. */
class SimulatorServerTest {

    static final String SEED = "i1xxSkIuQOY9H8laaRslIoYGTJ1NwBAFdjsQwiwJH04=";

    static SimulatorServer.Options parse(Map<String, String> env, String... args) {
        return SimulatorServer.Options.parse(args, env, new Random(7));
    }

    @Test
    void argumentsWinOverTheEnvironmentWhichWinsOverDefaults() {
        var defaults = parse(Map.of());
        assertThat(defaults.port()).isEqualTo(8081);
        assertThat(defaults.webhookUrl()).isEqualTo("http://localhost:8080/api/telnyx/webhooks");
        assertThat(defaults.connectionId()).isEqualTo("simulator-connection");
        assertThat(defaults.retryDelay()).isEqualTo(Duration.ZERO);
        assertThat(defaults.defaultPhone()).isEqualTo(PhoneScript.answerAfter(Duration.ofSeconds(4)));
        assertThat(defaults.seedGenerated()).isTrue();
        assertThat(defaults.signingSeed()).hasSize(32);
        assertThat(defaults.failoverUrl()).isNull();
        assertThat(defaults.apiKey()).as("any key taken").isNull();
        assertThat(parse(Map.of("SIMULATOR_API_KEY", "KEY123")).apiKey()).isEqualTo("KEY123");

        var env = Map.of("SIMULATOR_PORT", "9001", "SIMULATOR_WEBHOOK_URL", "http://app.test:8080/api/telnyx/webhooks",
                "SIMULATOR_SIGNING_SEED", SEED, "SIMULATOR_CONNECTION_ID", "from-env", "SIMULATOR_RETRY_DELAY", "1.5");
        var fromEnv = parse(env);
        assertThat(fromEnv.port()).isEqualTo(9001);
        assertThat(fromEnv.webhookUrl()).isEqualTo("http://app.test:8080/api/telnyx/webhooks");
        assertThat(fromEnv.signingSeed()).isEqualTo(Base64.getDecoder().decode(SEED));
        assertThat(fromEnv.seedGenerated()).isFalse();
        assertThat(fromEnv.connectionId()).isEqualTo("from-env");
        assertThat(fromEnv.retryDelay()).isEqualTo(Duration.ofMillis(1500));

        var fromArgs = parse(env, "--port", "9002", "--connection-id=from-args", "--answer-after=never", "--retry-delay=0");
        assertThat(fromArgs.port()).isEqualTo(9002);
        assertThat(fromArgs.connectionId()).isEqualTo("from-args");
        assertThat(fromArgs.defaultPhone()).isEqualTo(new PhoneScript.NeverAnswer());
        assertThat(fromArgs.retryDelay()).isEqualTo(Duration.ZERO);
        assertThat(fromArgs.webhookUrl()).isEqualTo("http://app.test:8080/api/telnyx/webhooks");
        assertThat(parse(Map.of("SIMULATOR_FAILOVER_URL", "http://node-2.test:8080/api/telnyx/webhooks")).failoverUrl())
                .isEqualTo("http://node-2.test:8080/api/telnyx/webhooks");
        assertThat(parse(Map.of(), "--help")).isNull();
    }

    @Test
    void badArgumentsAreRefusedWithWhatIsWrong() {
        assertThatThrownBy(() -> parse(Map.of(), "--signing-seed=" + Base64.getEncoder().encodeToString(new byte[16])))
                .hasMessageContaining("32 bytes");
        assertThatThrownBy(() -> parse(Map.of(), "--signing-seed=not*base64")).hasMessageContaining("base64");
        assertThatThrownBy(() -> parse(Map.of(), "--port=eighty")).hasMessageContaining("--port");
        assertThatThrownBy(() -> parse(Map.of(), "--port=70000")).hasMessageContaining("--port");
        assertThatThrownBy(() -> parse(Map.of(), "--webhook-url=ftp://x/y")).hasMessageContaining("--webhook-url");
        assertThatThrownBy(() -> parse(Map.of(), "--failover-url=not a url")).hasMessageContaining("--failover-url is an http(s) URL");
        assertThatThrownBy(() -> parse(Map.of(), "--retry-delay=-1")).hasMessageContaining("negative");
        assertThatThrownBy(() -> parse(Map.of(), "--colour=blue")).hasMessageContaining("unknown option: --colour");
        assertThatThrownBy(() -> parse(Map.of(), "--port")).hasMessageContaining("needs a value");
        assertThatThrownBy(() -> parse(Map.of(), "8081")).hasMessageContaining("not an option");
        assertThatThrownBy(() -> parse(Map.of(), "--connection-id= ")).hasMessageContaining("--connection-id cannot be blank");
    }

    @Test
    void withAnApiKeyARequestWithoutItIsRefusedAsTelnyxRefusesItAndChangesNothing() throws Exception {
        var simulator = new TelnyxSimulator(new TelnyxSimulator.Config("conn-1", "http://app.test/hooks", Base64.getDecoder().decode(SEED),
                Duration.ZERO), new SimClock(Instant.parse("2026-11-25T18:00:00Z")), (url, headers, body) -> 200);
        var http = HttpClient.newHttpClient();
        var dial = "{\"connection_id\":\"conn-1\",\"from\":\"+13125550100\",\"to\":\"+17735550123\"}";
        try (var server = SimulatorServer.start(simulator, 0, Clock.fixed(Instant.parse("2026-11-25T18:00:00Z"), ZoneOffset.UTC), "KEY123")) {
            var url = URI.create("http://127.0.0.1:" + server.port() + "/v2/calls");
            for (var authorization : new String[] {null, "Bearer WRONG", "KEY123"}) {
                var request = HttpRequest.newBuilder(url).POST(HttpRequest.BodyPublishers.ofString(dial));
                if (authorization != null) {
                    request.header("Authorization", authorization);
                }
                var refused = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
                assertThat(refused.statusCode()).as(String.valueOf(authorization)).isEqualTo(401);
                assertThat(refused.body()).contains("10009");
            }
            assertThat(simulator.legs()).as("nothing was dialled").isEmpty();
            var taken = http.send(HttpRequest.newBuilder(url).header("Authorization", "Bearer KEY123")
                    .POST(HttpRequest.BodyPublishers.ofString(dial)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(taken.statusCode()).as(taken.body()).isEqualTo(200);
            assertThat(simulator.legs()).hasSize(1);
        }
    }

    @Test
    void aCallerIsPlacedPressesKeysAndHangsUpOverHttp() throws Exception {
        var received = new ArrayList<String>();
        var answerAnswered = new java.util.concurrent.CountDownLatch(1);
        var answeredAfterTheResponse = new java.util.concurrent.atomic.AtomicBoolean();
        var simulator = new TelnyxSimulator(new TelnyxSimulator.Config("conn-1", "http://app.test/hooks", Base64.getDecoder().decode(SEED),
                Duration.ZERO), new SimClock(Instant.parse("2026-11-25T18:00:00Z")), (url, headers, body) -> {
                    var type = JsonMapper.builder().build().readTree(body).path("data").path("event_type").asString();
                    if (type.equals("call.answered")) {
                        // Sent only once the answer command has had its response (a webhook sent first waits here in vain).
                        try {
                            answeredAfterTheResponse.set(answerAnswered.await(3, java.util.concurrent.TimeUnit.SECONDS));
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    }
                    synchronized (received) {
                        received.add(type);
                    }
                    return 200;
                });
        var http = HttpClient.newHttpClient();
        try (var server = SimulatorServer.start(simulator, 0, Clock.fixed(Instant.parse("2026-11-25T18:00:00Z"), ZoneOffset.UTC))) {
            var base = "http://127.0.0.1:" + server.port() + "/simulator/calls";
            var placed = http.send(HttpRequest.newBuilder(URI.create(base))
                    .POST(HttpRequest.BodyPublishers.ofString("{\"from\":\"+17735550123\",\"to\":\"+13125550100\"}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(placed.statusCode()).as(placed.body()).isEqualTo(201);
            var id = JsonMapper.builder().build().readTree(placed.body()).path("call_control_id").asString();
            assertThat(simulator.leg(id).state()).isEqualTo(Leg.State.PARKED);
            var early = http.send(HttpRequest.newBuilder(URI.create(base + "/" + id + "/digits"))
                    .POST(HttpRequest.BodyPublishers.ofString("{\"digits\":\"1\"}")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(early.statusCode()).as("keys before the answer reach nobody").isEqualTo(409);
            var answer = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/v2/calls/" + id + "/actions/answer"))
                    .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
            answerAnswered.countDown();
            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> {
                synchronized (received) {
                    return received.contains("call.answered");
                }
            });
            assertThat(answeredAfterTheResponse).as("the command's response came before its webhook").isTrue();
            var pressed = http.send(HttpRequest.newBuilder(URI.create(base + "/" + id + "/digits"))
                    .POST(HttpRequest.BodyPublishers.ofString("{\"digits\":\"42\"}")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(pressed.statusCode()).isEqualTo(200);
            var hungUp = http.send(HttpRequest.newBuilder(URI.create(base + "/" + id + "/hangup"))
                    .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(hungUp.body()).contains("ENDED");
            assertThat(http.send(HttpRequest.newBuilder(URI.create(base + "/" + id + "/digits"))
                    .POST(HttpRequest.BodyPublishers.ofString("{\"digits\":\"1\"}")).build(), HttpResponse.BodyHandlers.ofString()).statusCode())
                    .as("keys after the hangup reach nobody").isEqualTo(409);
            assertThat(http.send(HttpRequest.newBuilder(URI.create(base + "/v3:nobody/hangup")).POST(HttpRequest.BodyPublishers.noBody()).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(404);
            assertThat(http.send(HttpRequest.newBuilder(URI.create(base)).POST(HttpRequest.BodyPublishers.ofString("{\"from\":\"+17735550123\"}"))
                    .build(), HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(400);
        }
        synchronized (received) {
            assertThat(received).isEqualTo(List.of("call.initiated", "call.answered", "call.dtmf.received", "call.dtmf.received", "call.hangup"));
        }
    }
}
