package dev.switchboard.simulator;

import java.util.Map;

/** Where webhooks go: the app's endpoint in-process, or over HTTP when the simulator runs standalone. */
@FunctionalInterface
public interface WebhookSink {

    /** Delivers one signed webhook; returns the HTTP status the app answered (any non-2xx is a failure). */
    int deliver(String url, Map<String, String> headers, String body);
}
