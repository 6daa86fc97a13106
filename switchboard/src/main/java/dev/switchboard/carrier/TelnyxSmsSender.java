package dev.switchboard.carrier;

import dev.switchboard.voicemail.SmsSender;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@link SmsSender} over Telnyx's messaging API: {@code POST {TELNYX_API_BASE_URL}/messages} with
 * {@code from}, {@code to} and {@code text}, and the API key as bearer token. One request per send: the
 * caller (voicemail's outbox) retries later, and Telnyx's messaging API has no idempotency key, so
 * retrying at once after a timeout could text someone twice. 5xx, 408, 429 and network failures are
 * retryable; any other refusal (an invalid number) is not. A circuit breaker stops calling a carrier
 * that keeps failing.
 */
class TelnyxSmsSender implements SmsSender {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final TelnyxProperties properties;
    private final HttpClient http;
    private final CircuitBreaker breaker;

    TelnyxSmsSender(TelnyxProperties properties) {
        this.properties = properties;
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        this.breaker = CircuitBreaker.of("telnyx-messaging", CircuitBreakerConfig.custom()
                .slidingWindowSize(20)
                .minimumNumberOfCalls(10)
                .failureRateThreshold(50)
                .waitDurationInOpenState(Duration.ofSeconds(30))
                // 5xx and unreachable, not 408 or 429: a carrier that asks us to slow down is up (see TelnyxCallControl).
                .recordResult(result -> result instanceof Answer a && a.status() >= 500)
                .recordExceptions(UncheckedIOException.class)
                .build());
    }

    /** The request body Telnyx expects. */
    static Map<String, Object> body(String from, String to, String text) {
        var body = new LinkedHashMap<String, Object>();
        body.put("from", from);
        body.put("to", to);
        body.put("text", text);
        return body;
    }

    @Override
    public Result send(String from, String to, String text, String idempotencyKey) {
        var request = HttpRequest.newBuilder(URI.create(properties.apiBaseUrl() + "/messages"))
                .timeout(properties.requestTimeout())
                .header("Authorization", "Bearer " + (properties.apiKey() == null ? "" : properties.apiKey()))
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body(from, to, text))))
                .build();
        try {
            return breaker.executeSupplier(() -> {
                try {
                    var response = http.send(request, HttpResponse.BodyHandlers.ofString());
                    return new Answer(response.statusCode(), result(response.statusCode(), response.body()));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new UncheckedIOException(new IOException("interrupted", e));
                }
            }).result();
        } catch (CallNotPermittedException e) {
            return new Result.Failed("circuit open: Telnyx messaging has been failing, not calling it for a while", true);
        } catch (UncheckedIOException e) {
            return new Result.Failed("Telnyx unreachable: " + e.getCause().getMessage(), true);
        }
    }

    /** One exchange: its HTTP status (what the circuit breaker reads) and what it meant. */
    private record Answer(int status, Result result) {
    }

    /** Reads Telnyx's answer: the message id on success, the first error otherwise. */
    static Result result(int status, String body) {
        JsonNode json;
        try {
            json = JSON.readTree(body == null || body.isBlank() ? "{}" : body);
        } catch (RuntimeException e) {
            json = JSON.createObjectNode();
        }
        if (status >= 200 && status < 300) {
            return new Result.Sent(json.path("data").path("id").asString(null));
        }
        var error = json.path("errors").isArray() && !json.path("errors").isEmpty() ? json.path("errors").get(0) : JSON.createObjectNode();
        var detail = error.path("detail").asString(error.path("title").asString(""));
        var message = "HTTP " + status + (error.hasNonNull("code") ? " " + error.path("code").asString() : "")
                + (detail.isEmpty() ? "" : ": " + detail);
        return new Result.Failed(message, status >= 500 || status == 408 || status == 429);
    }
}
