package dev.switchboard.calls;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import dev.switchboard.support.AppErrors;
import dev.switchboard.simulator.Leg;
import dev.switchboard.simulator.PhoneScript;
import dev.switchboard.simulator.TelnyxSimulator;
import dev.switchboard.support.VirtualTimeCallTest;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.regex.Pattern;
import org.slf4j.LoggerFactory;

/**
 * What the seeded, randomized scenario tests share: running seeds and reporting the failing ones with their
 * scenario, the errors the app logs meanwhile, when a delivered event happened, the checks that nothing is left
 * behind after a scenario (legs, members, timers, inbox, errors), and answering machine detection: three companies in
 * four have it on, where a phone that picks up is two times in three an answering machine, and {@link #machineDetection} checks it
 * was asked for and kept exactly where it should be.
 */
abstract class RandomScenarios extends VirtualTimeCallTest {

    /** ERRORs logged by the app while a scenario runs. */
    static final List<String> logged = Collections.synchronizedList(new ArrayList<>());

    /**
     * Runs {@code n} scenarios from seed {@code base} (or -Dfuzz.seed / -Dfuzz.n), each given its seed and a description
     * to fill, printing a line per failing seed ({@code label} first) and failing at the end if any did (with
     * -Dfuzz.print=true, a line per clean seed too, saying what it ran; with -Dfuzz.repeat=true, the one seed n times, for
     * a failure that depends on the order of things the seed does not fix).
     */
    void runSeeds(String label, long base, int n, BiConsumer<Long, StringBuilder> scenario) {
        run(label, Long.getLong("fuzz.seed", base), Integer.getInteger("fuzz.n", n), scenario);
    }

    /** The seeds given, whatever -Dfuzz.seed and -Dfuzz.n say: those that once found a bug, run every time. */
    void runKnownSeeds(String label, long seed, BiConsumer<Long, StringBuilder> scenario) {
        run(label, seed, 1, scenario);
    }

    private void run(String label, long from, int count, BiConsumer<Long, StringBuilder> scenario) {
        var root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        var capture = new AppErrors(logged);
        capture.start();
        root.addAppender(capture);
        var failures = new ArrayList<String>();
        long t0 = System.nanoTime();
        try {
            for (int i = 0; i < count; i++) {
                long seed = Boolean.getBoolean("fuzz.repeat") ? from : from + i; // -Dfuzz.repeat: one seed again and again
                var desc = new StringBuilder();
                try {
                    logged.clear();
                    scenario.accept(seed, desc);
                    if (Boolean.getBoolean("fuzz.print")) {
                        System.out.println(label + " SEED " + seed + " clean: " + desc);
                    }
                } catch (Throwable t) {
                    failures.add("SEED " + seed + " FAILED: " + t.getMessage() + "\n   scenario: " + desc);
                }
            }
        } finally {
            root.detachAppender(capture);
        }
        System.out.println(label + " ran " + count + " scenarios, " + (count - failures.size()) + " clean, in "
                + (System.nanoTime() - t0) / 1_000_000 + " ms; " + askedToDetect + " dials asked for machine detection, " + reportedMachine + " legs reported a machine, calls kept machine_detection machine " + keptMachine
                + ", human " + keptHuman);
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
        // Every member's phone rung (a SIP address dialled) said who was calling (CallerDisplay), whatever way the call went.
        var unnamed = sim.legs().stream().filter(l -> !before.contains(l.callControlId()) && !l.incoming() && l.to().startsWith("sip:")
                && l.fromDisplayName() == null).map(Leg::to).toList();
        if (!unnamed.isEmpty()) {
            problems.add("member phones rung without saying who is calling: " + unnamed);
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

    /** Whether the scenario running has the carrier refuse commands (a 5xx). */
    boolean commandFaults;

    /**
     * One time in five, from a moment in the first 40 s, the carrier refusing the next command or two with a 500 or 503,
     * or (one of those times in four) down for 5 to 90 s: every command, dial and question refused, however often sent
     * again, while the calls already up go on; or (one in four) carrying out the next command or two but answering a 500
     * or 504 (its answer lost on the way back: the engine is told it failed, though it was done).
     */
    void commandFaultsMixedIn(Random mix, Map<Integer, List<Runnable>> timeline, StringBuilder d) {
        commandFaults = mix.nextInt(5) == 0;
        if (commandFaults) {
            int at = mix.nextInt(40);
            int kind = mix.nextInt(4);
            if (kind == 1) {
                int x = 1 + mix.nextInt(2);
                int status = mix.nextBoolean() ? 500 : 504;
                d.append("FAULT at ").append(at).append(" commands applied but answered ").append(status).append(" x").append(x).append("; ");
                timeline.computeIfAbsent(at, y -> new ArrayList<>()).add(() -> sim.failNextAnswersAfterApplying(x, status));
                return;
            }
            if (kind == 0) {
                int down = 5 + mix.nextInt(86);
                int status = mix.nextBoolean() ? 500 : 503;
                d.append("FAULT at ").append(at).append(" carrier down ").append(down).append(" s ").append(status).append("; ");
                timeline.computeIfAbsent(at, y -> new ArrayList<>()).add(() -> sim.downFor(Duration.ofSeconds(down), status));
                return;
            }
            int x = 1 + mix.nextInt(2);
            int status = mix.nextBoolean() ? 500 : 503;
            d.append("FAULT at ").append(at).append(" commands ").append(status).append(" x").append(x).append("; ");
            timeline.computeIfAbsent(at, y -> new ArrayList<>()).add(() -> sim.failNextCommands(x, status));
        }
    }

    /**
     * One time in three, the next one to four webhooks of one of {@code types} (null: any) delivered 20 to 110 s late from
     * a moment in the first minute; one time in three, the next one to twenty delivered twice from another (drawn from
     * {@code r} in that order: a seed's scenario is its draws).
     */
    void lateAndDuplicatedMixedIn(Random r, String[] types, Map<Integer, List<Runnable>> timeline, StringBuilder d) {
        if (r.nextInt(3) == 0) {
            int at = r.nextInt(61);
            int x = 1 + r.nextInt(4);
            int by = 20 + r.nextInt(91);
            var type = types[r.nextInt(types.length)];
            d.append("FAULT at ").append(at).append(" late ").append(x).append(' ').append(type == null ? "webhooks" : type).append(" by ").append(by)
                    .append("; ");
            timeline.computeIfAbsent(at, y -> new ArrayList<>()).add(() -> sim.delayNextDeliveries(x, Duration.ofSeconds(by), type));
        }
        if (r.nextInt(3) == 0) {
            int at = r.nextInt(61);
            int x = 1 + r.nextInt(20);
            d.append("FAULT at ").append(at).append(" dup ").append(x).append("; ");
            timeline.computeIfAbsent(at, y -> new ArrayList<>()).add(() -> sim.duplicateNextDeliveries(x));
        }
    }

    // ---- billing ----

    /** Whether the scenario running records every call by default (its phone settings' {@code recording_default}). */
    boolean recordingDefault;

    private static final Pattern RECORDING_URL = Pattern.compile("\"mp3\":\"([^\"]+)\"");

    /**
     * Every recording the carrier saved (its {@code call.recording.saved} acknowledged) on one of {@code legs} is one of
     * {@code kept} (a call's recording or a voicemail message's audio, by the carrier's URL): nothing recorded is lost.
     */
    void everySavedRecordingKept(List<TelnyxSimulator.Delivery> deliveries, Set<String> legs, Set<String> kept, String whose,
            List<String> problems) {
        deliveries.stream().filter(x -> x.eventType().equals("call.recording.saved") && x.status() / 100 == 2 && legs.contains(x.legId()))
                .forEach(x -> {
                    var m = RECORDING_URL.matcher(x.body());
                    if (m.find() && !kept.contains(m.group(1))) {
                        problems.add("recording " + m.group(1) + " of " + whose + " leg " + x.legId() + " was saved by the carrier but kept nowhere");
                    }
                });
    }

    /** The billing of the scenario running: its increment and rates (the checks recompute every call's cost from them). */
    int increment = 60, inboundRate = 1, outboundRate = 2;

    /**
     * Draws from {@code mix} the phone settings every scenario varies and puts them: the billing increment (1, 6, 30 or 60
     * s), the rates (an inbound rate of 0 too) and recording every call by default one time in three (its announcement on
     * or off), then what {@code more} draws (in that order: a seed's scenario is its draws), described in {@code d}.
     */
    void phoneSettingsMixedIn(Random mix, java.util.function.Consumer<Map<String, Object>> more, StringBuilder d) {
        increment = new int[] {1, 6, 30, 60}[mix.nextInt(4)];
        inboundRate = mix.nextInt(5);
        outboundRate = 1 + mix.nextInt(9);
        recordingDefault = mix.nextInt(3) == 0;
        boolean announce = mix.nextBoolean();
        var body = new HashMap<String, Object>(Map.of("billing_increment_seconds", increment, "inbound_rate_cents_per_minute", inboundRate,
                "outbound_rate_cents_per_minute", outboundRate, "recording_default", recordingDefault, "announce_recording", announce));
        more.accept(body);
        var r = owner.put("/api/v1/phone-settings", body);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        d.append("SETTINGS ").append(body).append("; ");
    }

    /**
     * Every ended call is billed its connected time rounded up to the increment, and costs that at its direction's rate
     * plus, at the outbound rate, the time each leg we placed to a number (a member's cell, a forward, a transfer's
     * number, also a call out's; not a call out's own number, which is the call) was connected (the carrier's answer: a
     * cell asked to press 1 from its pickup, pressed or not) until it or the call ended. When a leg to a number was connected
     * is read from the carrier's side too, not the engine's own: its first {@code call.answered} among {@code deliveries}
     * (the scenario's), however late or out of order that was delivered, and one never answered is billed nothing.
     */
    void costChecks(List<Map<String, Object>> calls, List<TelnyxSimulator.Delivery> deliveries, List<String> problems) {
        var carrierAnswered = new HashMap<String, Instant>();
        deliveries.stream().filter(x -> "call.answered".equals(x.eventType()))
                .forEach(x -> carrierAnswered.merge(x.legId(), occurred(x), (a, b) -> a.isBefore(b) ? a : b));
        var legsOf = inCompany(() -> jdbc.sql("select call_id, leg_id, role, destination, answered_at, coalesce(connected_at, answered_at) as connected_at, "
                + "ended_at from call_legs where company_id = :c")
                .param("c", company.value()).query().listOfRows());
        for (var c : calls) {
            if (c.get("ended_at") == null) {
                continue;
            }
            boolean outbound = "OUTBOUND".equals(c.get("direction"));
            var ended = ((Timestamp) c.get("ended_at")).toInstant();
            var connected = c.get("connected_at") == null ? null : ((Timestamp) c.get("connected_at")).toInstant();
            long billable = connected == null ? 0 : billed(Duration.between(connected, ended));
            if (((Number) c.get("billable_seconds")).longValue() != billable) {
                problems.add("call " + c.get("id") + ": billable " + c.get("billable_seconds") + " but connected " + connected + " to " + ended
                        + " at a " + increment + " s increment is " + billable);
            }
            long cost = cents(billable, outbound ? outboundRate : inboundRate);
            for (var l : legsOf) {
                if (l.get("call_id").equals(c.get("id")) && !"CALLER".equals(l.get("role")) && l.get("destination") != null
                        && l.get("destination").toString().startsWith("+")) {
                    var from = l.get("connected_at") == null ? null : ((Timestamp) l.get("connected_at")).toInstant();
                    var carrier = carrierAnswered.get((String) l.get("leg_id"));
                    var legEnded = l.get("ended_at") == null ? null : ((Timestamp) l.get("ended_at")).toInstant();
                    // Answered as it ended (the same instant): connected for no time, billed nothing either way.
                    boolean noTime = carrier != null && legEnded != null && !carrier.truncatedTo(ChronoUnit.MICROS).isBefore(legEnded);
                    if (!java.util.Objects.equals(from, carrier == null ? null : carrier.truncatedTo(ChronoUnit.MICROS))
                            && !(noTime && from == null)) {
                        problems.add("call " + c.get("id") + ": its " + l.get("role") + " leg to " + l.get("destination") + " is billed from "
                                + from + " but the carrier answered it at " + carrier);
                    }
                }
                if (!l.get("call_id").equals(c.get("id")) || l.get("connected_at") == null || "CALLER".equals(l.get("role"))
                        || l.get("destination") == null || !l.get("destination").toString().startsWith("+")
                        || outbound && "FORWARD".equals(l.get("role")) && l.get("destination").equals(c.get("to_number"))) {
                    // (A call out's number, its FORWARD leg to the number dialled, is the call itself, billed above; a number
                    // it was transferred to is a call out of its own.)
                    continue;
                }
                var from = ((Timestamp) l.get("connected_at")).toInstant();
                var to = l.get("ended_at") == null ? ended : ((Timestamp) l.get("ended_at")).toInstant();
                cost += cents(billed(Duration.between(from, to.isBefore(ended) ? to : ended)), outboundRate);
            }
            if (((Number) c.get("cost_cents")).longValue() != cost) {
                problems.add("call " + c.get("id") + ": cost " + c.get("cost_cents") + " cents, but its billed time and numbers' legs come to " + cost
                        + " (ended " + ended + ", legs " + legsOf.stream().filter(l -> l.get("call_id").equals(c.get("id")))
                                .map(l -> l.get("role") + " " + l.get("destination") + " answered " + l.get("answered_at") + " connected "
                                        + l.get("connected_at") + " ended " + l.get("ended_at")).toList() + ")");
            }
        }
    }

    /** A connected time as billed: every started second, rounded up to the scenario's increment. */
    long billed(Duration connected) {
        long millis = connected.toMillis();
        if (millis <= 0) {
            return 0;
        }
        long seconds = (millis + 999) / 1000;
        return (seconds + increment - 1) / increment * increment;
    }

    static long cents(long seconds, int centsPerMinute) {
        return (seconds * centsPerMinute + 59) / 60;
    }

    // ---- answering machine detection ----

    /** Every phone's script in the scenario running, by address (a SIP address or a number). */
    final Map<String, PhoneScript> scripts = new HashMap<>();

    /** Whether the company of the scenario running has answering machine detection on. */
    boolean detecting;

    /** The scenario's commands to the carrier start here. */
    int commandsBefore;

    /** How many calls of the seeds run kept a detection, by what it said, and how many dials or transfers asked for one. */
    int keptMachine, keptHuman, askedToDetect;

    /** How many legs of the seeds run the carrier reported a machine on (put through or not: a loser, a member's voicemail). */
    int reportedMachine;

    /** The scenario's draws for detection (which phones are machines), apart from its others. */
    Random amd = new Random();

    /**
     * A scenario's start for detection: from a random of its own (so the seeds' other draws stay what they were), the
     * company turns detection on three times in four (more than its share of real companies: the machine cases are where
     * the bugs were, and at one in two they came up a few times in 250 seeds).
     */
    void detection(long seed, StringBuilder d) {
        amd = new Random(~seed * 31);
        scripts.clear();
        commandsBefore = sim.commands().size();
        detecting = amd.nextInt(4) != 0;
        if (detecting) {
            var r = owner.put("/api/v1/phone-settings", Map.of("detect_answering_machines", true));
            assertThat(r.status()).as(r.body()).isEqualTo(200);
            d.append("DETECT machines; ");
        }
    }

    /** The phone at {@code address} answers by {@code script}, kept for the checks. */
    void phone(String address, PhoneScript script) {
        scripts.put(address, script);
        sim.phone(address, script);
    }

    /**
     * A phone that picks up (a person) is, two times in three where the company detects machines (one in three elsewhere),
     * an answering machine picking up as soon: to the app the same answer, to the carrier's detection a {@code machine}.
     */
    PhoneScript maybeMachine(PhoneScript s) {
        return s instanceof PhoneScript.AnswerAfter a && (detecting ? amd.nextInt(3) != 0 : amd.nextInt(3) == 0) ? PhoneScript.machine(a.after()) : s;
    }

    private static final Pattern TO = Pattern.compile("\"to\":\"([^\"]+)\"");
    private static final Pattern CLIENT_STATE = Pattern.compile("\"client_state\":\"([^\"]+)\"");

    /**
     * Whether a command was sent for a call of this scenario's company (its client state names the company). The
     * simulator is shared by the test classes of one Spring context, and a call another class left going on (a queue
     * callback offered again to a member whose voicemail answers) dials in the middle of a scenario. A command with no
     * client state we can read counts as this company's, so nothing of ours is left unchecked.
     */
    private boolean ofThisCompany(TelnyxSimulator.Command c) {
        var m = CLIENT_STATE.matcher(c.body());
        if (!m.find()) {
            return true;
        }
        ClientState state;
        try {
            state = ClientState.decode(new String(java.util.Base64.getDecoder().decode(m.group(1)), java.nio.charset.StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            return true;
        }
        return state == null || state.companyId().equals(company.value());
    }
    private static final Pattern RESULT = Pattern.compile("\"result\":\"([^\"]+)\"");

    /**
     * Answering machine detection is informational only, and asked and kept exactly where it should be (the other checks,
     * unchanged, say outcomes, answered_by, billing and members' states are what they are without it):
     * <ul>
     * <li>a dial or transfer asks for it exactly when the company has it on and it rings a phone number (not a SIP
     * address) that is not a forwarding number whose member confirms forwarded calls;</li>
     * <li>a call's {@code metadata.machine_detection} is there only when the company has it on, the call was answered and a
     * leg of the call that answered (the carrier's call.answered) rang such a number (a member's phone or an outside number),
     * and says {@code machine} only when one such phone was an answering machine, {@code human} only when one was a person;</li>
     * <li>it describes the leg the call was put through on (the call's {@code step.answered_leg}) and no other: it is what
     * the carrier reported for that leg, whatever was reported for the others and in whatever order, and it is missing
     * exactly when nothing was reported for that leg.</li>
     * </ul>
     * {@code confirming} are the forwarding numbers whose members confirm forwarded calls.
     */
    void machineDetection(List<String> problems, Set<String> confirming, List<TelnyxSimulator.Delivery> deliveries) {
        java.util.function.Predicate<String> detectable = to -> detecting && to != null && !to.regionMatches(true, 0, "sip", 0, 3)
                && !confirming.contains(to);
        var commands = sim.commands().subList(commandsBefore, sim.commands().size());
        for (var c : commands) {
            if (!ofThisCompany(c)) {
                continue; // a call of another test class's company, still going on in the shared simulator
            }
            boolean dial = c.method().equals("POST") && c.path().equals("/v2/calls");
            boolean transfer = c.path().endsWith("/actions/transfer");
            if (!dial && !transfer) {
                continue;
            }
            var m = TO.matcher(c.body());
            var to = m.find() ? m.group(1) : null;
            boolean asked = c.body().contains("\"answering_machine_detection\":\"detect\"");
            askedToDetect += asked ? 1 : 0;
            if (asked != detectable.test(to)) {
                problems.add((dial ? "dial" : "transfer") + " to " + to + (asked ? " asked" : " did not ask") + " for machine detection");
            }
        }
        var reported = new HashMap<String, String>();
        deliveries.stream().filter(x -> x.eventType().equals("call.machine.detection.ended") && x.status() / 100 == 2)
                .forEach(x -> reported.put(x.legId(), RESULT.matcher(x.body()).results().map(r -> r.group(1)).findFirst().orElse("?")));
        reportedMachine += (int) reported.values().stream().filter("machine"::equals).count();
        // Which phones answered is the carrier's truth (its call.answered), not what the app made of it: an answer delivered
        // after its leg's hangup is no answer to the app (a member taking a call out too late dials no number), but a person
        // or a machine did pick up there.
        var answered = new HashSet<String>();
        deliveries.stream().filter(x -> x.eventType().equals("call.answered")).forEach(x -> answered.add(x.legId()));
        var calls = inCompany(() -> jdbc.sql("""
                select id, metadata->>'machine_detection' as amd, answered_at is not null as answered, step->>'answered_leg' as won,
                  direction = 'OUTBOUND' and caller_leg_id is null and ended_at is not null as untaken,
                  (select string_agg(leg_id, ' ') from call_legs l where l.company_id = c.company_id and l.call_id = c.id and l.role = 'MEMBER') as members
                from calls c where company_id = :c
                """).param("c", company.value()).query().listOfRows());
        for (var call : calls) {
            var amd = (String) call.get("amd");
            var won = Boolean.TRUE.equals(call.get("answered")) ? (String) call.get("won") : null;
            var expected = won == null ? null : reported.get(won);
            if (won == null && Boolean.TRUE.equals(call.get("untaken")) && memberLegs(call).stream().anyMatch(l -> "machine".equals(reported.get(l)))) {
                // A call out its member never took because their own voicemail answered: what the call reached.
                expected = "machine";
            }
            if (!java.util.Objects.equals(amd, expected)) {
                problems.add("call " + call.get("id") + ": machine_detection " + amd + " though the carrier reported " + expected
                        + " on the leg it was put through on (" + won + "; reported on its legs: " + reported + ")");
            }
            var legs = inCompany(() -> jdbc.sql("""
                    select leg_id, destination from call_legs
                    where company_id = :c and call_id = :id and role in ('MEMBER', 'FORWARD')
                    """).param("c", company.value()).param("id", call.get("id")).query().listOfRows()).stream()
                    .filter(l -> answered.contains((String) l.get("leg_id"))).toList();
            var phones = legs.stream().map(l -> (String) l.get("destination")).filter(detectable).toList();
            if (amd == null) {
                continue;
            }
            if (amd.equals("machine")) {
                keptMachine++;
            } else if (amd.equals("human")) {
                keptHuman++;
            }
            boolean machine = phones.stream().anyMatch(p -> scripts.get(p) instanceof PhoneScript.Machine);
            boolean person = phones.stream().anyMatch(p -> !(scripts.get(p) instanceof PhoneScript.Machine));
            if (phones.isEmpty() || !(amd.equals("machine") ? machine : amd.equals("human") && person)) {
                problems.add("call " + call.get("id") + ": machine_detection " + amd + " though the phones answered that detection was asked for were "
                        + phones.stream().map(p -> p + " " + scripts.get(p)).toList());
            }
        }
    }

    /** A call's member legs, from its row's {@code members} (their ids, space-separated; null for none). */
    private static List<String> memberLegs(Map<String, Object> call) {
        var members = (String) call.get("members");
        return members == null ? List.of() : List.of(members.split(" "));
    }

    /** The carrier's faults still pending from a scenario are called off. */
    void noMoreFaults() {
        sim.duplicateNextDeliveries(0);
        sim.reorderNextDeliveries(0);
        sim.delayNextDeliveries(0, java.time.Duration.ZERO);
        sim.failNextDeliveries(0);
        sim.failNextCommands(0, 500);
        sim.downFor(java.time.Duration.ZERO, 503);
        sim.failNextAnswersAfterApplying(0, 500);
        sim.transcribeNothing(false);
        sim.transcriptionDelay(java.time.Duration.ofSeconds(5));
    }

    void status(String member, String status) {
        var r = owner.put("/api/v1/members/" + member + "/status", Map.of("status", status));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
    }
}
