package dev.switchboard.simulator;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The simulator standalone, in real time: its REST API over HTTP on loopback ({@code /v2/...}) and its
 * webhooks POSTed to the app's URL. Its virtual clock is moved to the real time every 10 ms.
 */
public final class SimulatorServer implements AutoCloseable {

    private final HttpServer server;
    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor();

    private SimulatorServer(HttpServer server) {
        this.server = server;
    }

    /** Serves {@code simulator} on 127.0.0.1:{@code port} and keeps its clock level with {@code real}. */
    public static SimulatorServer start(TelnyxSimulator simulator, int port, Clock real) {
        try {
            var server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 512);
            server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
            server.createContext("/v2", exchange -> {
                var body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                var response = simulator.handle(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(), body);
                var bytes = response.body().getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(response.status(), bytes.length);
                exchange.getResponseBody().write(bytes);
                exchange.close();
            });
            server.start();
            var result = new SimulatorServer(server);
            result.ticker.scheduleWithFixedDelay(() -> {
                var behind = Duration.between(simulator.clock().instant(), real.instant());
                if (!behind.isNegative()) {
                    simulator.advance(behind);
                }
            }, 10, 10, TimeUnit.MILLISECONDS);
            return result;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public int port() {
        return server.getAddress().getPort();
    }

    @Override
    public void close() {
        ticker.shutdownNow();
        server.stop(0);
    }

    /** Threads delivering webhooks for the concurrent sink: deliveries for different calls go out in parallel, up to this many. */
    static final int LANES = 32;

    /**
     * Delivers webhooks over HTTP without waiting: deliveries for different calls go out in parallel, as
     * from Telnyx, while those for one call session keep their order (a session always goes to the same
     * one of {@link #LANES} threads, which delivers one webhook at a time). The simulator sees 202 at
     * once; failures are counted ({@link #failedDeliveries()}) rather than retried. For load runs, so on
     * Apache's blocking HTTP client over kept-alive connections: per delivery, far less CPU than
     * {@code java.net.http}'s asynchronous machinery.
     */
    public static WebhookSink concurrentHttpSink(Duration timeout) {
        var timeoutValue = org.apache.hc.core5.util.Timeout.ofMilliseconds(timeout.toMillis());
        var connections = org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder.create()
                .setMaxConnTotal(LANES).setMaxConnPerRoute(LANES)
                .setDefaultConnectionConfig(org.apache.hc.client5.http.config.ConnectionConfig.custom()
                        .setConnectTimeout(timeoutValue).setSocketTimeout(timeoutValue).build())
                .build();
        var client = org.apache.hc.client5.http.impl.classic.HttpClients.custom().setConnectionManager(connections)
                .disableAutomaticRetries().disableCookieManagement().disableRedirectHandling().build();
        var lanes = new java.util.concurrent.ExecutorService[LANES];
        for (int i = 0; i < LANES; i++) {
            lanes[i] = Executors.newSingleThreadExecutor(r -> {
                var t = new Thread(r, "webhook-lane");
                t.setDaemon(true);
                return t;
            });
        }
        return new WebhookSink() {
            @Override
            public int deliver(String url, Map<String, String> headers, String body) {
                return deliver(url, headers, body, "none");
            }

            @Override
            public int deliver(String url, Map<String, String> headers, String body, String session) {
                lanes[Math.floorMod(session == null ? 0 : session.hashCode(), LANES)].execute(() -> {
                    var post = new org.apache.hc.client5.http.classic.methods.HttpPost(url);
                    headers.forEach((name, value) -> {
                        if (!name.equalsIgnoreCase("content-type")) { // the entity carries its own
                            post.setHeader(name, value);
                        }
                    });
                    post.setEntity(new org.apache.hc.core5.http.io.entity.StringEntity(body,
                            org.apache.hc.core5.http.ContentType.APPLICATION_JSON));
                    try {
                        int status = client.execute(post, response -> {
                            org.apache.hc.core5.http.io.entity.EntityUtils.consume(response.getEntity());
                            return response.getCode();
                        });
                        if (status >= 300) {
                            FAILED.incrementAndGet();
                        }
                    } catch (IOException | RuntimeException e) {
                        FAILED.incrementAndGet();
                    }
                });
                return 202;
            }
        };
    }

    private static final java.util.concurrent.atomic.AtomicLong FAILED = new java.util.concurrent.atomic.AtomicLong();

    /** Deliveries the concurrent sink could not make (refused or unreachable). */
    public static long failedDeliveries() {
        return FAILED.get();
    }

    /** Delivers webhooks over HTTP; a connection failure or timeout counts as a failed delivery (599). */
    public static WebhookSink httpSink(Duration timeout) {
        var http = HttpClient.newBuilder().connectTimeout(timeout).executor(Executors.newVirtualThreadPerTaskExecutor()).build();
        return (url, headers, body) -> {
            var request = HttpRequest.newBuilder(URI.create(url)).timeout(timeout).POST(HttpRequest.BodyPublishers.ofString(body));
            for (Map.Entry<String, String> h : headers.entrySet()) {
                request.header(h.getKey(), h.getValue());
            }
            try {
                return http.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
            } catch (IOException e) {
                return 599;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return 599;
            }
        };
    }
}
