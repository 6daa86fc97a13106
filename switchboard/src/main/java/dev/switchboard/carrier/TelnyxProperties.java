package dev.switchboard.carrier;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How to reach Telnyx: {@code TELNYX_API_BASE_URL}, {@code TELNYX_API_KEY}, {@code TELNYX_CONNECTION_ID},
 * and how hard to try.
 *
 * @param attempts tries per command, the first included (5xx, 408, 429 and timeouts are retried)
 * @param backoff wait before the first retry; each further retry waits twice as long
 */
@ConfigurationProperties("telnyx")
public record TelnyxProperties(String apiBaseUrl, String apiKey, String connectionId, String publicKey,
        Duration requestTimeout, Integer attempts, Duration backoff) {

    public TelnyxProperties {
        apiBaseUrl = apiBaseUrl == null || apiBaseUrl.isBlank() ? "https://api.telnyx.com/v2" : apiBaseUrl.replaceAll("/+$", "");
        requestTimeout = requestTimeout == null ? Duration.ofSeconds(5) : requestTimeout;
        attempts = attempts == null ? 3 : attempts;
        backoff = backoff == null ? Duration.ofMillis(200) : backoff;
    }
}
