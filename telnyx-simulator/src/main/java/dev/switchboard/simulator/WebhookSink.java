package dev.switchboard.simulator;

import java.util.Map;

/** Where webhooks go: the app's endpoint in-process, or over HTTP when the simulator runs standalone. */
@FunctionalInterface
public interface WebhookSink {

    /** Delivers one signed webhook; returns the HTTP status the app answered (any non-2xx is a failure). */
    int deliver(String url, Map<String, String> headers, String body);

    /** As {@link #deliver(String, Map, String)}, told the call session the webhook belongs to. */
    default int deliver(String url, Map<String, String> headers, String body, String session) {
        return deliver(url, headers, body);
    }
}
