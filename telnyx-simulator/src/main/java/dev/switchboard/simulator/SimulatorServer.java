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
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The simulator standalone, in real time: its REST API over HTTP on loopback ({@code /v2/...}) and its
 * webhooks POSTed to the app's URL. Its virtual clock is moved to the real time every 10 ms. People
 * calling in are placed through {@code /simulator/calls} (not Telnyx's API: what a phone network would
 * do). {@link #main} runs it from the command line.
 */
public final class SimulatorServer implements AutoCloseable {

    private final HttpServer server;
    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor();

    private SimulatorServer(HttpServer server) {
        this.server = server;
    }

    /** Serves {@code simulator} on 127.0.0.1:{@code port} and keeps its clock level with {@code real}; any API key is taken. */
    public static SimulatorServer start(TelnyxSimulator simulator, int port, Clock real) {
        return start(simulator, port, real, null);
    }

    /**
     * As {@link #start(TelnyxSimulator, int, Clock)}; with an {@code apiKey}, a REST request without
     * {@code Authorization: Bearer <apiKey>} is refused as Telnyx refuses it (401, 10009), and changes nothing.
     */
    public static SimulatorServer start(TelnyxSimulator simulator, int port, Clock real, String apiKey) {
        try {
            var server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 512);
            server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
            server.createContext("/v2", exchange -> {
                var body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                var authorized = apiKey == null || ("Bearer " + apiKey).equals(exchange.getRequestHeaders().getFirst("Authorization"));
                var response = authorized
                        ? simulator.handleUndelivered(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(), body)
                        : TelnyxSimulator.carrierFailure(401);
                var bytes = response.body().getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(response.status(), bytes.length);
                exchange.getResponseBody().write(bytes);
                exchange.close();
                // The answer first, then the webhooks it caused, as Telnyx sends them.
                simulator.flush();
            });
            server.createContext("/simulator/calls", exchange -> {
                var answer = control(simulator, exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(),
                        new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
                var bytes = answer.body().getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(answer.status(), bytes.length);
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

    private static final tools.jackson.databind.json.JsonMapper JSON = tools.jackson.databind.json.JsonMapper.builder().build();
    private static final java.util.regex.Pattern CALLER = java.util.regex.Pattern.compile("/simulator/calls/([^/]+)/(digits|hangup)");

    /**
     * The scripted callers, over HTTP: {@code POST /simulator/calls {"from","to"}} places a call to one
     * of the app's numbers (201 with its {@code call_control_id}); {@code POST .../{id}/digits {"digits"}}
     * presses keys; {@code POST .../{id}/hangup} hangs up.
     */
    static TelnyxSimulator.Response control(TelnyxSimulator simulator, String method, String path, String body) {
        if (!"POST".equals(method)) {
            return new TelnyxSimulator.Response(405, "{\"error\":\"POST only\"}");
        }
        tools.jackson.databind.JsonNode json;
        try {
            json = body == null || body.isBlank() ? JSON.createObjectNode() : JSON.readTree(body);
        } catch (RuntimeException e) {
            return new TelnyxSimulator.Response(400, "{\"error\":\"not JSON\"}");
        }
        if ("/simulator/calls".equals(path)) {
            var from = json.path("from").asString("");
            var to = json.path("to").asString("");
            if (from.isBlank() || to.isBlank()) {
                return new TelnyxSimulator.Response(400, "{\"error\":\"from and to are required\"}");
            }
            var caller = simulator.call(from, to);
            return new TelnyxSimulator.Response(201, JSON.writeValueAsString(Map.of("call_control_id", caller.callControlId())));
        }
        var m = CALLER.matcher(path);
        var leg = m.matches() ? simulator.leg(java.net.URLDecoder.decode(m.group(1), StandardCharsets.UTF_8)) : null;
        if (leg == null || !leg.incoming()) {
            return new TelnyxSimulator.Response(404, "{\"error\":\"no such caller\"}");
        }
        var caller = new Caller(simulator, leg);
        if ("digits".equals(m.group(2))) {
            var digits = json.path("digits").asString("");
            if (!digits.matches("[0-9*#]+")) {
                return new TelnyxSimulator.Response(400, "{\"error\":\"digits are 0-9, * and #\"}");
            }
            if (caller.state() != Leg.State.ANSWERED) {
                return new TelnyxSimulator.Response(409, JSON.writeValueAsString(Map.of("error",
                        "keys reach nobody on a call that is " + (caller.state() == Leg.State.ENDED ? "over" : "not answered yet"),
                        "state", caller.state().name())));
            }
            caller.press(digits);
        } else {
            caller.hangUp();
        }
        return new TelnyxSimulator.Response(200, JSON.writeValueAsString(Map.of("state", caller.state().name())));
    }

    /** How the simulator runs standalone: each from its argument, else its environment variable, else its default. */
    record Options(int port, String webhookUrl, byte[] signingSeed, boolean seedGenerated, String connectionId, Duration retryDelay,
            PhoneScript defaultPhone, String failoverUrl, String apiKey) {

        static final String USAGE = """
                Runs the Telnyx simulator on 127.0.0.1 in real time.
                  --port=N               (SIMULATOR_PORT, default 8081)             REST API at http://127.0.0.1:N/v2
                  --webhook-url=URL      (SIMULATOR_WEBHOOK_URL, default http://localhost:8080/api/telnyx/webhooks)
                  --failover-url=URL     (SIMULATOR_FAILOVER_URL, default none) where a webhook goes that the
                                         webhook URL failed twice
                  --signing-seed=BASE64  (SIMULATOR_SIGNING_SEED, default: made for this run) the 32-byte Ed25519 seed
                  --connection-id=ID     (SIMULATOR_CONNECTION_ID, default simulator-connection) the only Call Control
                                         app id dials may use: give the app the same TELNYX_CONNECTION_ID
                  --retry-delay=SECONDS  (SIMULATOR_RETRY_DELAY, default 0) before a failed webhook's one retry
                  --api-key=KEY          (SIMULATOR_API_KEY, default: any key taken) the key REST requests must
                                         carry (Authorization: Bearer KEY): give the app the same TELNYX_API_KEY
                  --answer-after=SECONDS (SIMULATOR_ANSWER_AFTER, default 4) when dialled phones answer, or never
                Callers: POST /simulator/calls {"from","to"}, then .../{call_control_id}/digits {"digits"} and .../hangup.""";

        private static final List<String> NAMES = List.of("port", "webhook-url", "failover-url", "signing-seed", "connection-id", "retry-delay",
                "answer-after", "api-key");

        /** Reads {@code --name=value} or {@code --name value} arguments over {@code SIMULATOR_NAME} variables; null for --help. */
        static Options parse(String[] args, Map<String, String> env, java.util.Random random) {
            var values = new java.util.HashMap<String, String>();
            for (var name : NAMES) {
                var fromEnv = env.get("SIMULATOR_" + name.toUpperCase(java.util.Locale.ROOT).replace('-', '_'));
                if (fromEnv != null && !fromEnv.isBlank()) {
                    values.put(name, fromEnv.strip());
                }
            }
            for (int i = 0; i < args.length; i++) {
                var arg = args[i];
                if (arg.equals("--help") || arg.equals("-h")) {
                    return null;
                }
                if (!arg.startsWith("--")) {
                    throw new IllegalArgumentException("not an option: " + arg);
                }
                var eq = arg.indexOf('=');
                var name = eq < 0 ? arg.substring(2) : arg.substring(2, eq);
                if (!NAMES.contains(name)) {
                    throw new IllegalArgumentException("unknown option: --" + name);
                }
                if (eq < 0 && i + 1 >= args.length) {
                    throw new IllegalArgumentException("--" + name + " needs a value");
                }
                values.put(name, eq < 0 ? args[++i] : arg.substring(eq + 1));
            }
            int port;
            try {
                port = Integer.parseInt(values.getOrDefault("port", "8081"));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--port is a number: " + values.get("port"));
            }
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("--port is 0 to 65535: " + port);
            }
            var webhookUrl = httpUrl("webhook-url", values.getOrDefault("webhook-url", "http://localhost:8080/api/telnyx/webhooks"));
            var failoverUrl = values.containsKey("failover-url") ? httpUrl("failover-url", values.get("failover-url")) : null;
            byte[] seed;
            boolean generated = !values.containsKey("signing-seed");
            if (generated) {
                seed = new byte[32];
                random.nextBytes(seed);
            } else {
                try {
                    seed = java.util.Base64.getDecoder().decode(values.get("signing-seed"));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("--signing-seed is base64", e);
                }
                if (seed.length != 32) {
                    throw new IllegalArgumentException("--signing-seed is 32 bytes (base64, 44 characters), not " + seed.length);
                }
            }
            var answerAfter = values.getOrDefault("answer-after", "4");
            PhoneScript phone = answerAfter.equals("never") ? new PhoneScript.NeverAnswer() : PhoneScript.answerAfter(seconds("answer-after", answerAfter));
            var connectionId = values.getOrDefault("connection-id", "simulator-connection");
            if (connectionId.isBlank()) {
                throw new IllegalArgumentException("--connection-id cannot be blank: the app dials with it (TELNYX_CONNECTION_ID)");
            }
            return new Options(port, webhookUrl, seed, generated, connectionId,
                    seconds("retry-delay", values.getOrDefault("retry-delay", "0")), phone, failoverUrl,
                    values.containsKey("api-key") && !values.get("api-key").isBlank() ? values.get("api-key") : null);
        }

        private static String httpUrl(String name, String value) {
            try {
                var uri = URI.create(value);
                if (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null) {
                    return value;
                }
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--" + name + " is an http(s) URL: " + value, e);
            }
            throw new IllegalArgumentException("--" + name + " is an http(s) URL: " + value);
        }

        private static Duration seconds(String name, String value) {
            try {
                var d = new java.math.BigDecimal(value);
                if (d.signum() < 0) {
                    throw new IllegalArgumentException("--" + name + " cannot be negative: " + value);
                }
                return Duration.ofMillis(d.movePointRight(3).longValueExact());
            } catch (NumberFormatException | ArithmeticException e) {
                throw new IllegalArgumentException("--" + name + " is a number of seconds (at most to the millisecond): " + value);
            }
        }
    }

    /** Runs the simulator standalone until stopped; see {@link Options#USAGE}. */
    public static void main(String[] args) {
        Options options;
        try {
            options = Options.parse(args, System.getenv(), new java.security.SecureRandom());
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.println(Options.USAGE);
            System.exit(2);
            return;
        }
        if (options == null) {
            System.out.println(Options.USAGE);
            return;
        }
        var real = Clock.systemUTC();
        var simulator = new TelnyxSimulator(new TelnyxSimulator.Config(options.connectionId(), options.webhookUrl(), options.signingSeed(),
                options.retryDelay(), options.failoverUrl()), new SimClock(real.instant()), httpSink(Duration.ofSeconds(2)));
        simulator.keepDeliveries(false);
        simulator.defaultPhone(options.defaultPhone());
        var server = start(simulator, options.port(), real, options.apiKey());
        Runtime.getRuntime().addShutdownHook(new Thread(server::close, "simulator-shutdown"));
        System.out.println("Telnyx simulator: REST API at http://127.0.0.1:" + server.port() + "/v2, webhooks to " + options.webhookUrl());
        System.out.println("Run the app with:");
        System.out.println("  TELNYX_API_KEY=simulated TELNYX_API_BASE_URL=http://127.0.0.1:" + server.port() + "/v2 \\");
        System.out.println("  TELNYX_CONNECTION_ID=" + options.connectionId() + " TELNYX_PUBLIC_KEY=" + simulator.publicKey());
        if (options.seedGenerated()) {
            System.out.println("(a signing key made for this run; --signing-seed="
                    + java.util.Base64.getEncoder().encodeToString(options.signingSeed()) + " keeps it)");
        }
        System.out.println("Place a call: curl -d '{\"from\":\"+17735550123\",\"to\":\"<a company number>\"}' http://127.0.0.1:"
                + server.port() + "/simulator/calls");
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
