package dev.switchboard.carrier;

import dev.switchboard.calls.CallControl;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Real Telnyx when an API key is configured (without one, the simulator will be the carrier). */
@Configuration(proxyBeanMethods = false)
class CarrierConfiguration {

    @Bean
    @ConditionalOnExpression("!'${telnyx.api-key:}'.isBlank()")
    CallControl telnyxCallControl(TelnyxProperties properties) {
        return new TelnyxCallControl(properties);
    }

    /** Voicemail notifications by text message through Telnyx's messaging API. */
    @Bean
    @ConditionalOnExpression("!'${telnyx.api-key:}'.isBlank()")
    dev.switchboard.voicemail.SmsSender telnyxSmsSender(TelnyxProperties properties) {
        return new TelnyxSmsSender(properties);
    }

    /** Recordings from Telnyx's (pre-signed, expiring) URLs. */
    @Bean
    @ConditionalOnExpression("!'${telnyx.api-key:}'.isBlank()")
    dev.switchboard.calls.RecordingFetcher httpRecordingFetcher() {
        var http = java.net.http.HttpClient.newBuilder().connectTimeout(java.time.Duration.ofSeconds(5))
                .followRedirects(java.net.http.HttpClient.Redirect.NORMAL).build();
        return url -> {
            try {
                var response = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(url))
                        .timeout(java.time.Duration.ofSeconds(30)).GET().build(), java.net.http.HttpResponse.BodyHandlers.ofByteArray());
                if (response.statusCode() != 200) {
                    throw new IllegalStateException("HTTP " + response.statusCode() + " for " + url);
                }
                return response.body();
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        };
    }
}
