package dev.switchboard.carrier;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.switchboard.simulator.SimClock;
import dev.switchboard.simulator.SimulatorServer;
import dev.switchboard.simulator.TelnyxSimulator;
import dev.switchboard.voicemail.SmsSender;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** Text messages over HTTP: to the Telnyx simulator's server (checked against Telnyx's OpenAPI) and a scripted one. */
class TelnyxSmsSenderTest {

    static TelnyxProperties properties(int port) {
        return new TelnyxProperties("http://127.0.0.1:" + port + "/v2", "KEY123", "conn-1", null, Duration.ofSeconds(2), 1,
                Duration.ofMillis(1));
    }

    @Test
    void postsFromToAndTextToTheMessagesEndpoint() {
        var simulator = new TelnyxSimulator(new TelnyxSimulator.Config("conn-1", "http://127.0.0.1:9/none", new byte[32], Duration.ofSeconds(1)),
                new SimClock(Instant.parse("2026-11-25T18:00:00Z")), (url, headers, body) -> 200);
        try (var server = SimulatorServer.start(simulator, 0, Clock.systemUTC())) {
            var sender = new TelnyxSmsSender(properties(server.port()));
            var result = sender.send("+13125550100", "+17735550123", "Voicemail from +1 312-555-0199", "key-1");
            assertThat(result).isInstanceOf(SmsSender.Result.Sent.class);
            var sent = simulator.messages();
            assertThat(sent).hasSize(1);
            assertThat(sent.getFirst().from()).isEqualTo("+13125550100");
            assertThat(sent.getFirst().to()).isEqualTo("+17735550123");
            assertThat(sent.getFirst().text()).isEqualTo("Voicemail from +1 312-555-0199");
            assertThat(((SmsSender.Result.Sent) result).carrierId()).isEqualTo(sent.getFirst().id());
        }
    }

    record Seen(String path, String auth, String body) {
    }

    @Test
    void serverErrorsAreRetryableAndRefusalsAreNot() throws Exception {
        var seen = new CopyOnWriteArrayList<Seen>();
        var answers = new java.util.ArrayDeque<>(List.of(
                new Object[] {503, "{\"errors\":[{\"code\":\"10007\",\"title\":\"Unexpected error\"}]}"},
                new Object[] {422, "{\"errors\":[{\"code\":\"40310\",\"title\":\"Invalid 'to' address\",\"detail\":\"The 'to' number is not valid\"}]}"},
                new Object[] {429, "{}"}));
        var server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/v2", exchange -> {
            seen.add(new Seen(exchange.getRequestURI().getRawPath(), exchange.getRequestHeaders().getFirst("Authorization"),
                    new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
            var answer = answers.poll();
            var bytes = ((String) answer[1]).getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders((Integer) answer[0], bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        server.start();
        try {
            var sender = new TelnyxSmsSender(properties(server.getAddress().getPort()));
            assertThat(sender.send("+13125550100", "+17735550123", "hi", "k")).isEqualTo(new SmsSender.Result.Failed("HTTP 503 10007: Unexpected error", true));
            assertThat(sender.send("+13125550100", "+1", "hi", "k"))
                    .isEqualTo(new SmsSender.Result.Failed("HTTP 422 40310: The 'to' number is not valid", false));
            assertThat(sender.send("+13125550100", "+17735550123", "hi", "k")).isEqualTo(new SmsSender.Result.Failed("HTTP 429", true));
            assertThat(seen).hasSize(3).allSatisfy(s -> {
                assertThat(s.path()).isEqualTo("/v2/messages");
                assertThat(s.auth()).isEqualTo("Bearer KEY123");
            });
            assertThat(seen.getFirst().body()).isEqualTo("{\"from\":\"+13125550100\",\"to\":\"+17735550123\",\"text\":\"hi\"}");
        } finally {
            server.stop(0);
        }
        var unreachable = new TelnyxSmsSender(properties(server.getAddress().getPort()));
        var result = unreachable.send("+13125550100", "+17735550123", "hi", "k");
        assertThat(result).isInstanceOf(SmsSender.Result.Failed.class);
        assertThat(((SmsSender.Result.Failed) result).retryable()).isTrue();
    }
    @Test
    void throttlingDoesNotOpenTheBreaker() throws Exception {
        var hits = new java.util.concurrent.atomic.AtomicInteger();
        var server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/v2", exchange -> {
            exchange.getRequestBody().readAllBytes();
            boolean throttled = hits.incrementAndGet() <= 12;
            var bytes = (throttled ? "{\"errors\":[{\"code\":\"10011\"}]}" : "{\"data\":{\"id\":\"msg-1\"}}").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(throttled ? 429 : 200, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        server.start();
        try {
            var sender = new TelnyxSmsSender(properties(server.getAddress().getPort()));
            for (int i = 0; i < 12; i++) {
                assertThat(sender.send("+13125550100", "+17735550123", "hi", "k" + i)).isInstanceOf(SmsSender.Result.Failed.class);
            }
            // Counted as failures, twelve throttled sends would have opened the circuit for thirty seconds.
            assertThat(sender.send("+13125550100", "+17735550123", "hi", "k-last")).isEqualTo(new SmsSender.Result.Sent("msg-1"));
            assertThat(hits).hasValue(13);
        } finally {
            server.stop(0);
        }
    }
}
