package dev.switchboard.calls;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import dev.switchboard.simulator.Leg;
import dev.switchboard.simulator.TelnyxSimulator;
import dev.switchboard.support.VirtualTimeCallTest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.regex.Pattern;
import org.slf4j.LoggerFactory;

/**
 * What the seeded, randomized scenario tests share: running seeds and reporting the failing ones with their
 * scenario, the errors the app logs meanwhile, when a delivered event happened, and the checks that nothing is left
 * behind after a scenario (legs, members, timers, inbox, errors).
 */
abstract class RandomScenarios extends VirtualTimeCallTest {

    /** ERRORs logged by the app while a scenario runs. */
    static final List<String> logged = Collections.synchronizedList(new ArrayList<>());

    static final class Capture extends AppenderBase<ILoggingEvent> {
        @Override
        protected void append(ILoggingEvent e) {
            if (e.getLevel().isGreaterOrEqual(Level.ERROR) && e.getLoggerName().startsWith("dev.switchboard")) {
                logged.add(e.getLevel() + " " + e.getLoggerName() + ": " + e.getFormattedMessage()
                        + (e.getThrowableProxy() == null ? "" : " / " + e.getThrowableProxy().getClassName() + ": " + e.getThrowableProxy().getMessage()));
            }
        }
    }

    /**
     * Runs {@code n} scenarios from seed {@code base} (or -Dfuzz.seed / -Dfuzz.n), each given its seed and a description
     * to fill, printing a line per failing seed ({@code label} first) and failing at the end if any did.
     */
    void runSeeds(String label, long base, int n, BiConsumer<Long, StringBuilder> scenario) {
        var root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        var capture = new Capture();
        capture.start();
        root.addAppender(capture);
        long from = Long.getLong("fuzz.seed", base);
        int count = Integer.getInteger("fuzz.n", n);
        var failures = new ArrayList<String>();
        long t0 = System.nanoTime();
        try {
            for (int i = 0; i < count; i++) {
                long seed = from + i;
                var desc = new StringBuilder();
                try {
                    logged.clear();
                    scenario.accept(seed, desc);
                } catch (Throwable t) {
                    failures.add("SEED " + seed + " FAILED: " + t.getMessage() + "\n   scenario: " + desc);
                }
            }
        } finally {
            root.detachAppender(capture);
        }
        System.out.println(label + " ran " + count + " scenarios, " + (count - failures.size()) + " clean, in "
                + (System.nanoTime() - t0) / 1_000_000 + " ms");
        failures.forEach(f -> System.out.println(label + " " + f));
        assertThat(failures.size()).as(failures.size() + " of " + count + " scenarios failed (see " + label + " lines)").isZero();
    }

    private static final Pattern OCCURRED = Pattern.compile("\"occurred_at\":\"([^\"]+)\"");

    /** When a delivered event happened (its data.occurred_at). */
    static Instant occurred(TelnyxSimulator.Delivery d) {
        var m = OCCURRED.matcher(d.body());
        return m.find() ? Instant.parse(m.group(1)) : d.at();
    }

    /**
     * After a scenario, nothing of it is left: every leg ended (ours and the carrier's), every member released,
     * no call timer, no event unprocessed or failed, no error logged. {@code before} are the carrier's legs from
     * earlier scenarios; {@code names} the members' names by id.
     */
    void nothingLeft(List<String> problems, Set<String> before, Map<String, String> names) {
        var openLegs = inCompany(() -> jdbc.sql("select leg_id, role, destination, state from call_legs where company_id = :c and state <> 'ENDED'")
                .param("c", company.value()).query().listOfRows());
        if (!openLegs.isEmpty()) {
            problems.add("call_legs not ended: " + openLegs);
        }
        var avail = inCompany(() -> jdbc.sql("select member_id, active_calls, state from team_availability where company_id = :c")
                .param("c", company.value()).query().listOfRows());
        for (var a : avail) {
            int active = ((Number) a.get("active_calls")).intValue();
            var state = (String) a.get("state");
            if (active != 0 || !(state.equals("IDLE") || state.equals("WRAP_UP"))) {
                problems.add(names.getOrDefault(a.get("member_id").toString(), "?") + " active_calls " + active + " state " + state);
            }
        }
        var upLegs = sim.legs().stream().filter(l -> !before.contains(l.callControlId()) && l.state() != Leg.State.ENDED)
                .map(l -> l.to() + " " + l.state()).toList();
        if (!upLegs.isEmpty()) {
            problems.add("simulator legs still up: " + upLegs);
        }
        var timers = inCompany(() -> jdbc.sql("select name || ' due ' || due_at from timers where company_id = :c and kind = 'call'")
                .param("c", company.value()).query(String.class).list());
        if (!timers.isEmpty()) {
            problems.add("call timers left " + timers);
        }
        var legIds = sim.legs().stream().map(Leg::callControlId).filter(id -> !before.contains(id)).toList();
        if (!legIds.isEmpty()) {
            var inbox = jdbc.sql("select event_type || ' ' || coalesce(last_error, 'unprocessed') from carrier_inbox where leg_id in (:ids) "
                    + "and (processed_at is null or last_error is not null)").param("ids", legIds).query(String.class).list();
            if (!inbox.isEmpty()) {
                problems.add("inbox: " + inbox);
            }
        }
        synchronized (logged) {
            if (!logged.isEmpty()) {
                problems.add("logged: " + logged);
            }
        }
    }

    /** The carrier's faults still pending from a scenario are called off. */
    void noMoreFaults() {
        sim.duplicateNextDeliveries(0);
        sim.reorderNextDeliveries(0);
        sim.delayNextDeliveries(0, java.time.Duration.ZERO);
        sim.failNextDeliveries(0);
        sim.failNextCommands(0, 500);
    }

    void status(String member, String status) {
        var r = owner.put("/api/v1/members/" + member + "/status", Map.of("status", status));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
    }
}
