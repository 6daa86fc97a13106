package dev.switchboard.calls;

import dev.switchboard.SwitchboardApplication;
import dev.switchboard.carrier.WebhookKeys;
import dev.switchboard.carrier.WebhookReceiver;
import dev.switchboard.simulator.SimClock;
import dev.switchboard.simulator.TelnyxSimulator;
import dev.switchboard.simulator.WebhookSink;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.function.ToIntFunction;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.TypeExcludeFilter;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.core.type.classreading.MetadataReader;
import org.springframework.core.type.classreading.MetadataReaderFactory;

/**
 * Two app nodes on one PostgreSQL, as DESIGN.md's "Scale" runs them behind a load balancer: the test's own
 * context is node A; {@link #startSecondNode} builds node B, a second whole Spring Boot application in the same JVM
 * (its own web server on a random port, its own pools, caches, WAL group commit, inbox sweep and timers) on the
 * same embedded database (started once per data folder; its migrations already run by node A, so node B's Flyway
 * finds nothing to do). Both share one virtual clock and ONE simulator: both send it their commands, both are
 * participants on its timeline (ties drawn at random, so either fires a due timer), and its webhooks go through
 * {@link #ROUTER} to either node, as a load balancer would, or to both at once (a redelivery racing the original).
 */
public final class TwoNodes {

    private TwoNodes() {
    }

    /** Where the shared simulator's webhooks go. */
    static final Router ROUTER = new Router();

    /** The share of webhooks the randomized two-node runs deliver to both nodes at once ({@code -Dfuzz.both}, 0.1). */
    static double shareToBoth() {
        return Double.parseDouble(System.getProperty("fuzz.both", "0.1"));
    }

    /**
     * Sets up a randomized two-node scenario from its seed: where each webhook goes ({@code both} of them to both
     * nodes), which node fires a timer due on both; returns whether the owner's requests go to node B.
     */
    static boolean splitBySeed(long seed, double both, TelnyxSimulator sim) {
        ROUTER.randomly(new Random(seed * 31 + 7), both);
        sim.participantsInRandomOrder(new Random(seed * 17 + 3));
        return new Random(seed * 13 + 5).nextBoolean();
    }

    /** Deliveries to both nodes at once, by the {@link Router}'s choice. */
    static final int BOTH = -1;

    /**
     * Picks the node each webhook goes to: seeded at random, a share of them to both nodes at the same moment (on two
     * threads, released together), unless {@link #pin} says where (the deterministic cases).
     */
    static final class Router implements WebhookSink {
        final List<WebhookReceiver> nodes = new CopyOnWriteArrayList<>();
        private Random random = new Random(0);
        private double both;
        private volatile ToIntFunction<String> pin;
        /** Deliveries so far to node A, node B and both at once. */
        final AtomicIntegerArray counts = new AtomicIntegerArray(3);
        private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
            var t = new Thread(r, "two-nodes-delivery");
            t.setDaemon(true);
            return t;
        });

        /** From now on, node by {@code random}, to both nodes at once with probability {@code both}; no pins. */
        synchronized void randomly(Random random, double both) {
            this.random = random;
            this.both = both;
            this.pin = null;
            this.hold = null;
            this.held.clear();
        }

        /**
         * Webhooks go where {@code pin} says for their body (0: node A, 1: node B, {@link #BOTH}), or, where it answers
         * anything else, at random as before.
         */
        void pin(ToIntFunction<String> pin) {
            this.pin = pin;
        }

        /** A webhook kept back instead of delivered (answered 200 to the carrier). */
        record Held(Map<String, String> headers, String body) {
        }

        private volatile java.util.function.Predicate<String> hold;
        final List<Held> held = new CopyOnWriteArrayList<>();

        /** Webhooks whose body {@code hold} accepts are kept back (null: none), for {@link #releaseTogether}. */
        void hold(java.util.function.Predicate<String> hold) {
            this.hold = hold;
        }

        /**
         * Delivers the held webhooks all at the same moment, each on a thread of its own, the i-th to node
         * {@code toNode[i]}; returns the nodes' answers in the same order.
         */
        List<Integer> releaseTogether(int... toNode) {
            var batch = List.copyOf(held);
            held.clear();
            if (batch.size() != toNode.length) {
                throw new IllegalStateException(batch.size() + " webhooks held, " + toNode.length + " nodes given");
            }
            var start = new CyclicBarrier(batch.size());
            var answers = new ArrayList<Future<Integer>>();
            for (int i = 0; i < batch.size(); i++) {
                var h = batch.get(i);
                var node = nodes.get(toNode[i]);
                counts.incrementAndGet(toNode[i]);
                answers.add(threads.submit(() -> {
                    start.await(10, TimeUnit.SECONDS);
                    return receive(node, h.headers(), h.body());
                }));
            }
            var statuses = new ArrayList<Integer>();
            for (var answer : answers) {
                try {
                    statuses.add(answer.get(60, TimeUnit.SECONDS));
                } catch (Exception e) {
                    throw new IllegalStateException("a held delivery did not finish", e);
                }
            }
            return statuses;
        }

        @Override
        public int deliver(String url, Map<String, String> headers, String body) {
            var h = hold;
            if (h != null && h.test(body)) {
                held.add(new Held(headers, body));
                return 200;
            }
            var p = pin;
            int to = p == null ? Integer.MIN_VALUE : p.applyAsInt(body);
            if (to != 0 && to != 1 && to != BOTH) {
                synchronized (this) {
                    to = random.nextDouble() < both ? BOTH : random.nextInt(nodes.size());
                }
            }
            if (to == BOTH) {
                counts.incrementAndGet(2);
                return toBoth(headers, body);
            }
            counts.incrementAndGet(to);
            return receive(nodes.get(to), headers, body);
        }

        private static int receive(WebhookReceiver node, Map<String, String> headers, String body) {
            return node.receive(headers.get("telnyx-timestamp"), headers.get("telnyx-signature-ed25519"), body.getBytes(StandardCharsets.UTF_8))
                    .status();
        }

        /** The same delivery to every node at once; taken (2xx) when any node took it, as the carrier sees one answer. */
        private int toBoth(Map<String, String> headers, String body) {
            var start = new CyclicBarrier(nodes.size());
            var answers = new ArrayList<Future<Integer>>();
            for (var node : nodes) {
                answers.add(threads.submit(() -> {
                    start.await(10, TimeUnit.SECONDS);
                    return receive(node, headers, body);
                }));
            }
            int status = 0;
            for (var answer : answers) {
                try {
                    int s = answer.get(60, TimeUnit.SECONDS);
                    status = s / 100 == 2 || status == 0 ? s : status;
                } catch (Exception e) {
                    throw new IllegalStateException("a delivery to both nodes did not finish", e);
                }
            }
            return status;
        }
    }

    /** Node A's side: the shared simulator (its webhooks through {@link #ROUTER}), trusted by node A. */
    @TestConfiguration
    static class SharedSimulator {
        @Bean
        @Primary
        TelnyxSimulator sharedSimulator(SimClock clock, WebhookKeys keys) {
            var seed = new byte[32];
            new SecureRandom().nextBytes(seed);
            var simulator = new TelnyxSimulator(new TelnyxSimulator.Config("demo-connection", "in-process", seed, Duration.ofSeconds(1)),
                    clock, ROUTER);
            keys.trust(simulator.publicKey());
            return simulator;
        }

    }

    private static ConfigurableApplicationContext first;
    private static ConfigurableApplicationContext second;

    /** Node B of {@code nodeA}: started at the first call of a test class, kept for its other tests. */
    static synchronized ConfigurableApplicationContext secondNodeOf(ConfigurableApplicationContext nodeA) {
        if (first != nodeA) {
            stopSecondNode();
            second = startSecondNode(nodeA);
            first = nodeA;
        }
        return second;
    }

    /** Closes node B (its pools, web server, scheduled jobs); node A and the database go on for the other test classes. */
    static synchronized void stopSecondNode() {
        if (second != null) {
            second.close();
        }
        second = null;
        first = null;
    }

    /** The port node B's web server listens on. */
    public static int port(ConfigurableApplicationContext node) {
        return Integer.parseInt(node.getEnvironment().getProperty("local.server.port"));
    }

    /**
     * Starts node B on node A's database, clock and simulator, with node A's test settings (see {@link #startNode}), and
     * puts both nodes' receivers in the router.
     */
    private static ConfigurableApplicationContext startSecondNode(ConfigurableApplicationContext nodeA) {
        var nodeB = startNode(nodeA, nodeA.getBean(TelnyxSimulator.class));
        ROUTER.nodes.clear();
        for (int i = 0; i < ROUTER.counts.length(); i++) {
            ROUTER.counts.set(i, 0);
        }
        ROUTER.nodes.add(nodeA.getBean(WebhookReceiver.class));
        ROUTER.nodes.add(nodeB.getBean(WebhookReceiver.class));
        return nodeB;
    }

    /**
     * Starts another node on node A's database and virtual clock, with node A's test settings (inline processing, the
     * background jobs that tests run by hand left off, as on node A) and {@code arguments} besides (settings those do not
     * name: {@code --telnyx.api-key=...}); its carrier is {@code simulator}, or, given null, whatever the app makes
     * itself for its settings (a fresh simulator of its own in demo mode, as an app restarted has). Close it when done.
     */
    public static ConfigurableApplicationContext startNode(ConfigurableApplicationContext nodeA, TelnyxSimulator simulator, String... arguments) {
        var env = nodeA.getEnvironment();
        var clock = nodeA.getBeanProvider(SimClock.class).getIfAvailable(); // none: node A's real clock, node B its own
        var properties = new ArrayList<String>();
        properties.add("--server.port=0");
        for (var key : List.of("switchboard.data-dir", "switchboard.database.durable", "switchboard.database.url", "switchboard.demo.enabled",
                "switchboard.demo.password", "telnyx.public-key", "switchboard.voicemail.jobs.enabled", "switchboard.timers.enabled",
                "switchboard.calls.media-downloads.enabled", "switchboard.calls.reconcile.enabled", "switchboard.calls.text-back.enabled",
                "switchboard.calls.inline-processing", "switchboard.signup.max-per-address")) {
            // Given: theirs. Not set on node A (a test of the web app leaves the call engine's settings alone): the default.
            if (java.util.Arrays.stream(arguments).noneMatch(a -> a.startsWith("--" + key + "=")) && env.containsProperty(key)) {
                properties.add("--" + key + "=" + env.getProperty(key, ""));
            }
        }
        properties.addAll(List.of(arguments));
        var node = new SpringApplicationBuilder(SwitchboardApplication.class)
                .initializers(context -> {
                    var generic = (GenericApplicationContext) context;
                    if (clock != null) {
                        generic.registerBean("sharedClock", SimClock.class, () -> clock, bd -> bd.setPrimary(true));
                    }
                    if (simulator != null) {
                        generic.registerBean("sharedSimulator", TelnyxSimulator.class, () -> simulator, bd -> bd.setPrimary(true));
                    }
                    // Outside a @SpringBootTest nothing keeps the tests' own @TestConfiguration classes out of the scan.
                    generic.getBeanFactory().registerSingleton("testClassesExcluded", new TestClassesExcluded());
                })
                // As arguments, not default properties: those would lose to the app's application.properties.
                .run(properties.toArray(String[]::new));
        if (simulator != null) {
            node.getBean(WebhookKeys.class).trust(simulator.publicKey());
        }
        return node;
    }

    /** Keeps classes compiled from the test sources (test configurations of other classes) out of node B's component scan. */
    static final class TestClassesExcluded extends TypeExcludeFilter {
        @Override
        public boolean match(MetadataReader reader, MetadataReaderFactory factory) throws IOException {
            return reader.getResource().getURL().toString().contains("/test-classes/");
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof TestClassesExcluded;
        }

        @Override
        public int hashCode() {
            return TestClassesExcluded.class.hashCode();
        }
    }
}
