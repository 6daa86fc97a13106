package dev.switchboard.carrier;

import dev.switchboard.calls.CallControl;
import dev.switchboard.calls.RecordingFetcher;
import dev.switchboard.simulator.PhoneScript;
import dev.switchboard.simulator.SimClock;
import dev.switchboard.simulator.TelnyxSimulator;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * With no Telnyx API key the carrier is the in-process simulator: it signs its webhooks with a key
 * made at start-up (which the webhook check then trusts), the demo phones answer after a few seconds,
 * and, unless the app's clock is itself virtual (tests), the simulator's clock follows real time.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnExpression("'${telnyx.api-key:}'.isBlank()")
class DemoCarrierConfiguration {

    /** The in-process simulator's Call Control app: the one id its dials accept, and the one the app dials with. */
    private static final String CONNECTION_ID = "demo-connection";

    private static final Logger log = LoggerFactory.getLogger(DemoCarrierConfiguration.class);

    /**
     * Keeps a simulator's virtual clock level with real time: every 200 ms, and at once before a test call or text
     * ({@link #catchUp}), so that one asked for right after a change (closing the office) happens after it.
     */
    static final class Ticker implements AutoCloseable {
        private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(r -> {
            var t = new Thread(r, "simulator-clock");
            t.setDaemon(true);
            return t;
        });
        private final TelnyxSimulator simulator;
        private final Clock real;

        Ticker(TelnyxSimulator simulator, Clock real) {
            this.simulator = simulator;
            this.real = real;
            executor.scheduleWithFixedDelay(() -> {
                try {
                    catchUp();
                } catch (RuntimeException e) {
                    log.error("Simulator tick failed", e);
                }
            }, 200, 200, TimeUnit.MILLISECONDS);
        }

        /**
         * Brings the simulator's clock to now, running what fell due on the way. One at a time: two advances at once
         * could each set the clock to their own target, the later one first.
         */
        synchronized void catchUp() {
            var behind = Duration.between(simulator.clock().instant(), real.instant());
            if (!behind.isNegative()) {
                simulator.advance(behind);
            }
        }

        @Override
        public void close() {
            executor.shutdownNow();
        }
    }

    @Bean
    TelnyxSimulator telnyxSimulator(Clock clock, ObjectProvider<WebhookReceiver> receiver, WebhookKeys keys) {
        var seed = new byte[32];
        new SecureRandom().nextBytes(seed);
        var simClock = clock instanceof SimClock virtual ? virtual : new SimClock(clock.instant());
        var simulator = new TelnyxSimulator(new TelnyxSimulator.Config(CONNECTION_ID, "in-process", seed, Duration.ofSeconds(1)),
                simClock, (url, headers, body) -> receiver.getObject().receive(headers.get("telnyx-timestamp"),
                        headers.get("telnyx-signature-ed25519"), body.getBytes(StandardCharsets.UTF_8)).status());
        keys.trust(simulator.publicKey());
        simulator.defaultPhone(PhoneScript.answerAfter(Duration.ofSeconds(4)));
        log.info("The carrier is simulated (no TELNYX_API_KEY): calls run on the in-process Telnyx simulator");
        return simulator;
    }

    @Bean
    Ticker simulatorTicker(TelnyxSimulator simulator, Clock clock) {
        return clock instanceof SimClock ? null : new Ticker(simulator, clock);
    }

    /**
     * In virtual time the app's own timers (queue waits, wrap-up) run on the simulator's timeline,
     * interleaved with its events, instead of on a background poll.
     */
    @Bean
    org.springframework.beans.factory.DisposableBean simulatorTimeline(TelnyxSimulator simulator, dev.switchboard.platform.Timers timers,
            Clock clock) {
        if (!(clock instanceof SimClock)) {
            return () -> { };
        }
        timers.drivenExternally(true);
        // A node stopped has nothing due any more (a simulator shared by several nodes, as tests run them, goes on without it).
        var stopped = new java.util.concurrent.atomic.AtomicBoolean();
        simulator.addParticipant(new TelnyxSimulator.Participant() {
            @Override
            public java.util.Optional<java.time.Instant> nextDue() {
                return stopped.get() ? java.util.Optional.empty() : timers.nextDue();
            }

            @Override
            public void runDue(java.time.Instant now) {
                if (!stopped.get()) {
                    timers.runDue(now);
                }
            }
        });
        return () -> stopped.set(true);
    }

    @Bean
    DemoCarrierRestart demoCarrierRestart(TelnyxSimulator simulator, dev.switchboard.calls.CallReconciler reconciler) {
        return new DemoCarrierRestart(simulator, reconciler);
    }

    @Bean
    CallControl simulatedCallControl(TelnyxSimulator simulator) {
        return new SimulatedCallControl(simulator, CONNECTION_ID);
    }

    @Bean
    dev.switchboard.voicemail.SmsSender simulatedSmsSender(TelnyxSimulator simulator) {
        return new SimulatedSmsSender(simulator);
    }

    @Bean
    RecordingFetcher simulatedRecordings(TelnyxSimulator simulator) {
        return simulator::recordingAudio;
    }
}
