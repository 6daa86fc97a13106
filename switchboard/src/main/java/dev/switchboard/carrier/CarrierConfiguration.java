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
    CallControl telnyxCallControl(TelnyxProperties properties,
            @org.springframework.beans.factory.annotation.Value("${switchboard.public-base-url:http://localhost:8080}") String publicBaseUrl) {
        requireReachableByCarrier(properties.apiBaseUrl(), publicBaseUrl);
        requireCompleteSettings(properties);
        return new TelnyxCallControl(properties);
    }

    /**
     * With an API key, the other two settings every call needs: without TELNYX_PUBLIC_KEY every webhook is refused
     * (401) and no call is ever answered; without TELNYX_CONNECTION_ID every dial names no Call Control app and
     * Telnyx refuses it. Refused at start, saying what to set, rather than found out by the first caller.
     */
    static void requireCompleteSettings(TelnyxProperties properties) {
        var missing = new java.util.ArrayList<String>();
        if (properties.publicKey() == null || properties.publicKey().isBlank()) {
            missing.add("TELNYX_PUBLIC_KEY (the base64 Ed25519 public key webhooks are checked with: Mission Control, Keys & Credentials;"
                    + " without it every webhook is refused)");
        }
        if (properties.connectionId() == null || properties.connectionId().isBlank()) {
            missing.add("TELNYX_CONNECTION_ID (the Call Control application's id: without it every dial is refused)");
        }
        if (!missing.isEmpty()) {
            throw new IllegalStateException("TELNYX_API_KEY is set, so calls go through Telnyx, but these are not: " + String.join("; ", missing));
        }
    }

    /**
     * The carrier fetches every greeting, menu prompt, ringback and hold music from {@code publicBaseUrl}: a
     * real carrier (not one on this machine, as the standalone simulator is) cannot reach a loopback address,
     * and every caller would hear silence. Refused at start, saying what to set.
     */
    static void requireReachableByCarrier(String apiBaseUrl, String publicBaseUrl) {
        if (isLoopback(apiBaseUrl)) {
            return;
        }
        if (publicBaseUrl == null || publicBaseUrl.isBlank() || isLoopback(publicBaseUrl)) {
            throw new IllegalStateException("SWITCHBOARD_PUBLIC_BASE_URL is " + publicBaseUrl + ", which Telnyx cannot reach: it fetches "
                    + "greetings, menus and hold music from there. Set it to this app's public https address.");
        }
    }

    private static boolean isLoopback(String url) {
        String host;
        try {
            host = java.net.URI.create(url.strip()).getHost();
        } catch (IllegalArgumentException e) {
            return false;
        }
        if (host == null) {
            return false;
        }
        host = host.toLowerCase(java.util.Locale.ROOT);
        return host.equals("localhost") || host.endsWith(".localhost") || host.startsWith("127.") || host.equals("[::1]")
                || host.equals("::1") || host.equals("0.0.0.0");
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
    dev.switchboard.calls.RecordingFetcher httpRecordingFetcher(TelnyxProperties properties) {
        return new HttpRecordingFetcher(properties.apiBaseUrl());
    }
}
