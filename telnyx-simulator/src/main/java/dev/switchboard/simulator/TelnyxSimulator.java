package dev.switchboard.simulator;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.TreeMap;
import java.util.UUID;
import java.util.regex.Pattern;
import org.bouncycastle.math.ec.rfc8032.Ed25519;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A faithful stand-in for Telnyx Call Control (reference: shared/reference/telnyx.md): the REST subset
 * the app uses, every body checked against Telnyx's OpenAPI; call legs with their state; webhooks
 * shaped like real deliveries (v3 ids, shared sessions for linked legs, sticky client_state, null when
 * unset, no state on answered and hangup, meta.attempt) and signed with Ed25519 over
 * {@code timestamp|body}; scripted phones and callers; duplicate, reordered, late and failed deliveries
 * on demand (a failed one is retried after the configured delay). Time is virtual ({@link SimClock}):
 * {@link #advance(Duration)} runs what falls due.
 *
 * <p>Thread-safe: every entry point holds the simulator's lock. Webhooks are delivered after the
 * command that caused them has been answered, in the order they happened, unless a fault says otherwise.
 */
public final class TelnyxSimulator {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Pattern ACTION = Pattern.compile("/v2/calls/([^/]+)/actions/([a-z_]+)");
    private static final Pattern CALL = Pattern.compile("/v2/calls/([^/]+)");
    /**
     * Timestamps as Telnyx writes them (reference §1.2: "ISO-8601 with microseconds and Z"): always six fraction
     * digits, on a whole second too ({@code ISO_INSTANT} would drop them there, or write three or nine).
     */
    static final DateTimeFormatter MICROS = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'")
            .withZone(java.time.ZoneOffset.UTC);

    /**
     * The account: the Call Control app id (its only one: a dial on any other is refused, as Telnyx refuses
     * an unknown one), where webhooks go, the Ed25519 seed they are signed with, and the app's "custom
     * webhook retry delay" (reference §3): a failed delivery is tried once more after it, on the
     * simulator's timeline; zero retries at once; and its failover URL, or null for none: a webhook
     * the primary URL failed twice goes there, after the retry delay (reference §3).
     */
    public record Config(String connectionId, String webhookUrl, byte[] signingSeed, Duration retryDelay, String failoverUrl) {
        public Config(String connectionId, String webhookUrl, byte[] signingSeed, Duration retryDelay) {
            this(connectionId, webhookUrl, signingSeed, retryDelay, null);
        }

        public Config {
            if (connectionId == null || connectionId.isBlank()) {
                throw new IllegalArgumentException("the connection id (the Call Control app id) cannot be blank");
            }
            retryDelay = retryDelay == null ? Duration.ZERO : retryDelay;
            failoverUrl = failoverUrl == null || failoverUrl.isBlank() ? null : failoverUrl;
            if (retryDelay.isNegative()) {
                throw new IllegalArgumentException("the retry delay cannot be negative: " + retryDelay);
            }
        }
    }

    /** Delivery attempts per webhook to the primary URL, the first included: it is retried once (reference §3). */
    static final int DELIVERY_ATTEMPTS = 2;

    /** How long a command_id is remembered: a repeat within it is ignored (reference §4.4). */
    static final Duration COMMAND_ID_WINDOW = Duration.ofSeconds(60);

    /** An HTTP-style answer to a command. */
    public record Response(int status, String body) {
    }

    /** A text message sent through {@code POST /v2/messages}. */
    public record Message(String id, String from, String to, String text, Instant at) {
    }

    /** A REST request as received (its body empty when it had none: a GET), what it was answered and when, for tests to look at. */
    public record Command(String method, String path, String body, int status, Instant at) {
    }

    /** One delivery attempt of a webhook, when it was made and what the app answered, for tests to look at. */
    public record Delivery(String eventType, String legId, String body, int attempt, int status, Instant at, String url) {
    }

    private record Scheduled(Instant due, long seq, Runnable action) {
    }

    /** A dial's answer, kept under its command_id for a repeat of it. */
    private record Dialled(Instant at, Response response) {
    }

    /**
     * A webhook waiting to go out: its envelope's {@code data} (the same, id included, on every attempt),
     * which attempt this is, and whether the late-delivery fault may still hold it back (not once it has,
     * nor a retry).
     */
    private record Outgoing(String type, String legId, String data, String session, int attempt, boolean mayBeDelayed) {
        Outgoing retry() {
            return new Outgoing(type, legId, data, session, attempt + 1, false);
        }

        Outgoing released() {
            return new Outgoing(type, legId, data, session, attempt, false);
        }
    }

    private final Config config;
    private final SimClock clock;
    private final WebhookSink sink;
    private final CommandValidator validator = new CommandValidator();
    private final Map<String, Leg> legs = new LinkedHashMap<>();
    /** Dials by command_id, oldest first: per account, since no call exists yet (reference §4.4). */
    private final Map<String, Dialled> dials = new LinkedHashMap<>();
    private final Map<String, PhoneScript> phones = new HashMap<>();
    private PhoneScript defaultPhone = new PhoneScript.NeverAnswer();
    private final PriorityQueue<Scheduled> timeline = new PriorityQueue<>((a, b) -> a.due().equals(b.due())
            ? Long.compare(a.seq(), b.seq()) : a.due().compareTo(b.due()));
    private final List<Outgoing> outbox = new ArrayList<>();
    private final List<Delivery> deliveries = new ArrayList<>();
    private final Map<String, Duration> recordings = new HashMap<>();
    /** Call queues by name (enqueue creates one): their size limit, fixed when created, and who waits, in order. */
    private final Map<String, CallQueue> queues = new HashMap<>();

    private static final class CallQueue {
        final int maxSize;
        final List<Leg> waiting = new ArrayList<>();
        /** The calls that have left it and how long they waited in all, for {@code queue_avg_wait_time_secs}. */
        long left;
        long waitedSeconds;

        CallQueue(int maxSize) {
            this.maxSize = maxSize;
        }

        long averageWaitSeconds() {
            return left == 0 ? 0 : Math.round((double) waitedSeconds / left);
        }
    }
    private Duration transcriptionDelay = Duration.ofSeconds(5);
    private boolean transcribeNothing;
    private final List<Message> messages = new ArrayList<>();
    private final Map<String, Long> lastDelivered = new java.util.concurrent.ConcurrentHashMap<>();
    private final List<Long> reactionNanos = java.util.Collections.synchronizedList(new ArrayList<>());
    private long seq;
    private int duplicateNext;
    private int reorderNext;
    private int failNext;
    private int delayNext;
    private Duration delayBy = Duration.ZERO;
    /** The only event type delayNext delays, or null for any. */
    private String delayType;
    /** The only leg whose webhooks delayNext delays, or null for any. */
    private String delayLeg;
    private int failCommands;
    private int failPlaybacks;
    private String failPlaybacksStatus;
    private int failCommandsStatus;
    /** Every REST request before this instant is answered downStatus (the carrier down), or null. */
    private Instant downUntil;
    private int downStatus;
    private int failAnswers;
    private int failAnswersStatus;
    private final List<Command> commands = new ArrayList<>();
    private boolean keepDeliveries = true;
    private boolean recordingSavedWithoutCallControlId;
    private long delivered;
    private boolean delivering;

    public TelnyxSimulator(Config config, SimClock clock, WebhookSink sink) {
        this.config = config;
        this.clock = clock;
        this.sink = sink;
        this.signingPublicKey = new byte[Ed25519.PUBLIC_KEY_SIZE];
        Ed25519.generatePublicKey(config.signingSeed(), 0, signingPublicKey, 0);
    }

    /** Derived from the seed once: signing with it given does not derive it again for every webhook. */
    private final byte[] signingPublicKey;

    public SimClock clock() {
        return clock;
    }

    // ---- participants ----

    /** How the phone at {@code address} (a SIP address or an E.164 number) answers when rung. */
    public synchronized void phone(String address, PhoneScript script) {
        phones.put(address, script);
    }

    /** How the phone at {@code address} answers when rung: its own script, else the default. */
    public synchronized PhoneScript phoneScript(String address) {
        return phones.getOrDefault(address, defaultPhone);
    }

    /** How phones without a script of their own answer (never, unless set). */
    public synchronized void defaultPhone(PhoneScript script) {
        defaultPhone = script;
    }

    /** A person calls {@code to} (one of the app's numbers) from {@code from}: a parked incoming leg. */
    public Caller call(String from, String to) {
        Leg leg;
        synchronized (this) {
            leg = newLeg(UUID.randomUUID().toString(), true, from, to, Leg.State.PARKED);
            emit(leg, "call.initiated", Map.of("direction", "incoming", "state", "parked", "caller_id_name", from,
                    "calling_party_type", "pstn"));
        }
        flush();
        return new Caller(this, leg);
    }

    // ---- time ----

    /**
     * Something else on the same virtual timeline (the app's own timers): asked when it next has work,
     * and told to do it when virtual time gets there, interleaved with the simulator's own events.
     */
    public interface Participant {
        java.util.Optional<Instant> nextDue();

        void runDue(Instant now);
    }

    private final List<Participant> participants = new java.util.concurrent.CopyOnWriteArrayList<>();

    public void addParticipant(Participant participant) {
        participants.add(participant);
    }

    /** Breaks ties between participants due at the same instant; null: the first added wins. */
    private volatile java.util.Random participantTies;

    /**
     * Participants due at the same instant are asked in an order drawn from {@code random} (null: the order they were
     * added), so that with several app nodes on one timeline any of them may be the one that runs what is due.
     */
    public void participantsInRandomOrder(java.util.Random random) {
        participantTies = random;
    }

    /** Moves virtual time forward, running everything that falls due on the way, in order. */
    public void advance(Duration duration) {
        flush();
        var target = clock.instant().plus(duration);
        while (true) {
            Participant dueParticipant = null;
            Instant participantDue = null;
            List<Participant> asked = participants;
            var ties = participantTies;
            if (ties != null) {
                asked = new ArrayList<>(participants);
                java.util.Collections.shuffle(asked, ties);
            }
            for (var p : asked) {
                var due = p.nextDue().orElse(null);
                if (due != null && !due.isAfter(target) && (participantDue == null || due.isBefore(participantDue))) {
                    participantDue = due;
                    dueParticipant = p;
                }
            }
            Scheduled next;
            synchronized (this) {
                next = timeline.peek();
                boolean simFirst = next != null && !next.due().isAfter(target)
                        && (participantDue == null || !next.due().isAfter(participantDue));
                if (!simFirst) {
                    next = null;
                } else {
                    timeline.poll();
                    clock.set(next.due());
                    next.action().run();
                }
            }
            if (next == null) {
                if (dueParticipant == null) {
                    break;
                }
                synchronized (this) {
                    if (participantDue.isAfter(clock.instant())) {
                        clock.set(participantDue);
                    }
                }
                dueParticipant.runDue(clock.instant());
            }
            flush();
        }
        synchronized (this) {
            // A test's hook run while a participant's work was going on (a dial from the app's timer) may itself have
            // moved the clock past this target: time stays there.
            if (target.isAfter(clock.instant())) {
                clock.set(target);
            }
        }
    }

    // ---- faults ----

    /** The next {@code n} webhooks are each delivered twice. */
    public synchronized void duplicateNextDeliveries(int n) {
        duplicateNext = n;
    }

    /**
     * Sends a webhook delivered before again as a new event: the same payload under a fresh event id (as Telnyx may
     * send the same news twice, e.g. a second {@code call.recording.saved} for one recording), delivered now.
     */
    public void redeliverAsNewEvent(Delivery delivery) {
        synchronized (this) {
            var data = (tools.jackson.databind.node.ObjectNode) JSON.readTree(delivery.body()).get("data");
            data.put("id", UUID.randomUUID().toString());
            var leg = legs.get(delivery.legId());
            outbox.add(new Outgoing(delivery.eventType(), delivery.legId(), JSON.writeValueAsString(data), leg == null ? null : leg.sessionId,
                    1, false));
        }
        flush();
    }

    /** The next {@code n} pairs of webhooks are delivered in swapped order. */
    public synchronized void reorderNextDeliveries(int n) {
        reorderNext = n;
    }

    /** The next {@code n} delivery attempts fail as if the endpoint were down (retried after the retry delay). */
    public synchronized void failNextDeliveries(int n) {
        failNext = n;
    }

    /**
     * The next {@code n} webhooks are delivered late: {@code by} later on the simulator's timeline than
     * they would have been (virtual time in-process, real time standalone), while later webhooks go out
     * on time, as Telnyx, which does not enforce an order, may do. A late webhook keeps its
     * {@code occurred_at} and is signed when it is sent.
     */
    public synchronized void delayNextDeliveries(int n, Duration by) {
        delayNextDeliveries(n, by, null);
    }

    /**
     * With {@code true}, {@code call.recording.saved} is shaped as Telnyx's own schema has it: without
     * {@code call_control_id} (the call is named by its {@code client_state}, {@code call_leg_id} and
     * {@code call_session_id}). Deliveries captured from Telnyx carry it; by default so does the simulator.
     */
    public synchronized void recordingSavedWithoutCallControlId(boolean without) {
        this.recordingSavedWithoutCallControlId = without;
    }

    /**
     * As {@link #delayNextDeliveries(int, Duration)}, for the next {@code n} webhooks of one type only
     * ({@code call.recording.saved}, say; any type when null): the others go out on time.
     */
    public synchronized void delayNextDeliveries(int n, Duration by, String eventType) {
        delayNextDeliveries(n, by, eventType, null);
    }

    /**
     * As {@link #delayNextDeliveries(int, Duration, String)}, for the webhooks of one leg only ({@code callControlId}; any
     * leg when null): the others go out on time, those of a leg ended with it (a caller's hangup) included.
     */
    public synchronized void delayNextDeliveries(int n, Duration by, String eventType, String callControlId) {
        if (by.isNegative()) {
            throw new IllegalArgumentException("a delivery cannot be early: " + by);
        }
        delayNext = n;
        delayBy = by;
        delayType = eventType;
        delayLeg = callControlId;
    }

    /**
     * The next {@code n} REST requests are answered {@code status} (400 to 599) with a Telnyx error body
     * and not applied, as when Telnyx fails (500, 503) or throttles (429): a client retrying one with
     * the same {@code command_id} gets it applied once.
     */
    public synchronized void failNextCommands(int n, int status) {
        if (status < 400 || status > 599) {
            throw new IllegalArgumentException("a failure is a 4xx or 5xx status, not " + status);
        }
        failCommands = n;
        failCommandsStatus = status;
    }

    /**
     * The carrier is down for {@code duration} of the simulator's time from now: every REST request (commands, dials,
     * a leg's status) is answered {@code status} (500 to 599) with a Telnyx error body and not applied, however often it is
     * retried, as in an outage; calls already up go on (their participants, their webhooks).
     */
    public synchronized void downFor(Duration duration, int status) {
        if (status < 500 || status > 599) {
            throw new IllegalArgumentException("an outage answers a 5xx status, not " + status);
        }
        downUntil = clock.instant().plus(duration);
        downStatus = status;
    }

    /**
     * The next {@code n} audio files played ({@code playback_start}, not looped) are accepted but cannot be played: at
     * once, nothing heard, {@code call.playback.ended} comes with {@code status} (Telnyx's {@code file_not_found} for
     * a link it cannot fetch, {@code failed}), as when the audio at the URL is missing or not audio.
     */
    public synchronized void failNextPlaybacks(int n, String status) {
        failPlaybacks = n;
        failPlaybacksStatus = status;
    }

    /**
     * The next {@code n} REST requests are carried out, webhooks and all, but answered {@code status} (500 to
     * 599): Telnyx did the work and its answer was lost (a gateway error, a timeout on the way back). A client
     * retrying one with the same {@code command_id} must not have it done twice: Telnyx ignores the repeat
     * (a dial's repeat gets the first dial's answer, reference §4.4).
     */
    public synchronized void failNextAnswersAfterApplying(int n, int status) {
        if (status < 500 || status > 599) {
            throw new IllegalArgumentException("a lost answer is a 5xx status, not " + status);
        }
        failAnswers = n;
        failAnswersStatus = status;
    }

    // ---- inspection ----

    /** For long runs (benchmarks): stop keeping every delivery and command in memory. */
    public synchronized void keepDeliveries(boolean keep) {
        keepDeliveries = keep;
    }

    /** Webhooks delivered so far (every attempt counted). */
    public synchronized long deliveredCount() {
        return delivered;
    }

    /**
     * Real time from delivering a webhook about a leg to receiving the next command for that leg, in
     * nanoseconds, one entry per such pair since the last call; clears the list.
     */
    public List<Long> drainReactionTimes() {
        synchronized (reactionNanos) {
            var copy = List.copyOf(reactionNanos);
            reactionNanos.clear();
            return copy;
        }
    }

    /** Runs {@code action} on the simulator's timeline after {@code delay} of its time. */
    public synchronized void after(Duration delay, Runnable action) {
        schedule(delay, action);
    }

    public synchronized List<Leg> legs() {
        return List.copyOf(legs.values());
    }

    public synchronized Leg leg(String callControlId) {
        return legs.get(callControlId);
    }

    /**
     * The person who answered a phone the app called hangs up (a member, or the number of a call out, ending the
     * conversation): {@code normal_clearing} from the callee, as Telnyx reports it.
     *
     * @throws IllegalStateException for a leg that is not one the app placed, or not answered
     */
    public void hangUpAnsweredPhone(String callControlId) {
        synchronized (this) {
            var leg = legs.get(callControlId);
            if (leg == null || leg.incoming || leg.state != Leg.State.ANSWERED) {
                throw new IllegalStateException("no answered phone the app called has the leg " + callControlId);
            }
            end(leg, "normal_clearing", "callee", "200");
        }
        flush();
    }

    /**
     * The carrier's recording of {@code callControlId} fails ({@code call.recording.error}, with one of the spec's
     * reasons): it stops, and no {@code call.recording.saved} comes for it.
     *
     * @throws IllegalStateException for a leg that is not being recorded
     */
    public void failRecording(String callControlId, String reason) {
        synchronized (this) {
            var leg = legs.get(callControlId);
            if (leg == null || leg.recordingSince == null) {
                throw new IllegalStateException("no recording runs on the leg " + callControlId);
            }
            leg.recordingSince = null;
            leg.recordingId = null;
            leg.transcribeRecording = false;
            leg.saying = null;
            emit(leg, "call.recording.error", Map.of("reason", reason));
        }
        flush();
    }

    public synchronized List<Delivery> deliveries() {
        return List.copyOf(deliveries);
    }

    /** The REST requests received so far, in order, refused ones included. */
    public synchronized List<Command> commands() {
        return List.copyOf(commands);
    }

    // ---- REST ----

    /** One REST call, as {@code method} and {@code path} under {@code /v2}, with its JSON body. */
    public Response handle(String method, String path, String body) {
        var response = handleUndelivered(method, path, body);
        flush();
        return response;
    }

    /**
     * As {@link #handle}, leaving the webhooks the request caused in the outbox: the HTTP server answers the
     * request first and then delivers them ({@link #flush()}), as Telnyx does (reference §8.7: "deliver
     * asynchronously, after the command's 200 response").
     */
    Response handleUndelivered(String method, String path, String body) {
        synchronized (this) {
            if (failCommands > 0) {
                failCommands--;
                return kept(method, path, body, carrierFailure(failCommandsStatus));
            }
            if (downUntil != null && clock.instant().isBefore(downUntil)) {
                return kept(method, path, body, carrierFailure(downStatus));
            }
        }
        // The schema check needs no state: done outside the lock, so commands for many calls are checked in parallel.
        var problems = validator.check(method, path, body);
        Response response;
        synchronized (this) {
            response = problems.isEmpty() ? dispatch(method, path, body)
                    : refusal(problems.stream().min(java.util.Comparator.comparing(CommandValidator.Problem::kind)).orElseThrow());
            if (failAnswers > 0 && response.status() == 200) {
                failAnswers--;
                response = carrierFailure(failAnswersStatus); // done, but the answer says otherwise
            }
            response = kept(method, path, body, response);
        }
        return response;
    }

    private Response kept(String method, String path, String body, Response response) {
        if (keepDeliveries) {
            commands.add(new Command(method, path, body == null ? "" : body, response.status(), clock.instant()));
        }
        return response;
    }

    /** Telnyx's error body for a failure of its own (reference §4.1 and the spec's shared responses). */
    static Response carrierFailure(int status) {
        return switch (status) {
            case 500 -> error(500, "10007", "Internal server error", "Internal server error", null);
            case 503 -> error(503, "10007", "Service unavailable", "Service unavailable", null);
            case 429 -> error(429, "10011", "Too many requests", "Too many requests; retry later.", null);
            case 401 -> error(401, "10009", "Authentication failed",
                    "The required authentication headers were either invalid or not included in the request.", null);
            default -> error(status, "10007", "Unexpected error", "Unexpected error", null);
        };
    }

    /**
     * What Telnyx answers for a request its schema refuses, by the reference's error table (§4.1): a
     * missing field 10004, a value not in its enumeration 10032, one outside its range 10033, anything
     * else 10015 "Bad Request"; a path or method it does not serve is 404 10005, a body that is not JSON
     * 400 10015.
     */
    static Response refusal(CommandValidator.Problem problem) {
        var pointer = problem.pointer().startsWith("/") ? problem.pointer() : null;
        return switch (problem.kind()) {
            case NO_ENDPOINT, METHOD_NOT_ALLOWED -> error(404, "10005", "Resource not found", problem.message(), null);
            case NOT_JSON -> error(400, "10015", "Bad Request", "The request body is not valid JSON.", null);
            case MISSING -> error(422, "10004", "Missing required parameter", pointer == null || pointer.equals("/")
                    ? "A request body is required." : "The '" + pointer.substring(pointer.lastIndexOf('/') + 1)
                    + "' parameter is required and cannot be blank.", pointer);
            case NOT_IN_ENUM -> error(422, "10032", "Invalid enumerated value", problem.message(), pointer);
            case OUT_OF_RANGE -> error(422, "10033", "Value outside of range", problem.message(), pointer);
            case INVALID -> error(422, "10015", "Bad Request", problem.message(), pointer);
        };
    }

    /**
     * 422 10033 for a value outside the limits the spec states in its descriptions only, not in its schema
     * (so the validator cannot see them), else null: a dial's or transfer's {@code timeout_secs} 5 to 600, a
     * recording's {@code max_length} at most 14400 and {@code record_max_length} at most 43200, a gather's
     * {@code minimum_digits} at least 1 and {@code maximum_digits} at most 128, a playback's {@code loop} 1 to 100
     * (or {@code infinity}), speech of at most 3,000 characters.
     */
    static Response outsideDescribedLimits(String action, JsonNode json) {
        record Limit(String field, long min, long max) {
        }
        var limits = switch (action) {
            case "dial", "transfer" -> List.of(new Limit("timeout_secs", 5, 600), new Limit("record_max_length", 0, 43_200));
            case "answer", "bridge" -> List.of(new Limit("record_max_length", 0, 43_200));
            case "record_start" -> List.of(new Limit("max_length", 0, 14_400));
            case "gather", "gather_using_audio", "gather_using_speak" ->
                    List.of(new Limit("minimum_digits", 1, Long.MAX_VALUE), new Limit("maximum_digits", 0, 128));
            case "playback_start" -> List.of(new Limit("loop", 1, 100));
            default -> List.<Limit>of();
        };
        for (var limit : limits) {
            var value = json.get(limit.field());
            if (value != null && value.isIntegralNumber() && (value.asLong() < limit.min() || value.asLong() > limit.max())) {
                return error(422, "10033", "Value outside of range", limit.field() + " must be "
                        + (limit.max() == Long.MAX_VALUE ? "at least " + limit.min() : "between " + limit.min() + " and " + limit.max()),
                        "/" + limit.field());
            }
        }
        if ((action.equals("speak") || action.equals("gather_using_speak")) && text(json, "payload") != null
                && text(json, "payload").length() > 3_000) {
            return error(422, "10033", "Value outside of range", "payload is at most 3000 characters", "/payload");
        }
        return null;
    }

    /**
     * 422 10015 for speech the spec's words rule out beyond its schema, else null: at the {@code basic} service
     * level only {@code en-US} and text; a speaker given as a gender ({@code female}, {@code male}) only at
     * that level (the default is {@code premium}, whose voices are named by provider: {@code AWS.Polly.Joanna}).
     */
    static Response speechRefused(JsonNode json) {
        var level = json.has("service_level") ? text(json, "service_level") : "premium";
        var voice = text(json, "voice");
        if ("basic".equals(level)) {
            if (json.has("language") && !"en-US".equals(text(json, "language"))) {
                return error(422, "10015", "Bad Request", "With service_level basic only the en-US language is allowed.", "/language");
            }
            if (json.has("payload_type") && !"text".equals(text(json, "payload_type"))) {
                return error(422, "10015", "Bad Request", "With service_level basic only payload_type text is allowed.", "/payload_type");
            }
        } else if ("female".equalsIgnoreCase(voice) || "male".equalsIgnoreCase(voice)) {
            return error(422, "10015", "Bad Request", "A speaker's gender (" + voice + ") is a voice of service_level basic only; "
                    + "at service_level premium name the voice, as in AWS.Polly.Joanna.", "/voice");
        }
        return null;
    }

    /** An E.164 number (optionally followed by DTMF digits to send on answer, as in {@code +18005550100,200}). */
    private static final Pattern E164 = Pattern.compile("\\+[1-9][0-9]{1,14}(,[0-9A-D*#wW]+)?");

    /**
     * 422 10016 when a number to call or call from is not +E.164 (a SIP URI may be called), else null: a
     * check Telnyx makes beyond its schema.
     */
    private static Response notE164(JsonNode node, String field, boolean sipAllowed) {
        var values = new ArrayList<String>();
        if (node != null && node.isArray()) {
            node.forEach(v -> values.add(v.asString()));
        } else if (node != null && !node.isNull()) {
            values.add(node.asString());
        }
        for (var value : values) {
            if (!(sipAllowed && value.startsWith("sip:")) && !E164.matcher(value).matches()) {
                return error(422, "10016", "Phone number must be in +E164 format",
                        "The '" + field + "' parameter must be in E164 format.", "/" + field);
            }
        }
        return null;
    }

    private Response dispatch(String method, String path, String body) {
        var legMatch = ACTION.matcher(path);
        if (legMatch.matches()) {
            var delivered = lastDelivered.remove(java.net.URLDecoder.decode(legMatch.group(1), StandardCharsets.UTF_8));
            if (delivered != null) {
                reactionNanos.add(System.nanoTime() - delivered);
            }
        }
        var json = body == null || body.isBlank() ? JSON.createObjectNode() : JSON.readTree(body);
        var clientState = text(json, "client_state");
        // Both must be "a valid Base-64 encoded string" (the spec), the new leg's state on a transfer too.
        for (var field : List.of("client_state", "target_leg_client_state")) {
            var state = text(json, field);
            if (state != null && !isBase64(state)) {
                return error(422, "90053", "Invalid " + field, field + " must be a valid Base-64 encoded string", "/" + field);
            }
        }
        if ("/v2/calls".equals(path) && "POST".equals(method)) {
            return dial(json);
        }
        if ("/v2/messages".equals(path) && "POST".equals(method)) {
            return message(json);
        }
        var call = CALL.matcher(path);
        if (call.matches() && "GET".equals(method)) {
            return callStatus(legs.get(java.net.URLDecoder.decode(call.group(1), StandardCharsets.UTF_8)));
        }
        var m = ACTION.matcher(path);
        if (!m.matches()) {
            return error(404, "10005", "Resource not found", "no such resource: " + path, null);
        }
        var leg = legs.get(java.net.URLDecoder.decode(m.group(1), StandardCharsets.UTF_8));
        if (leg == null) {
            return invalidCallControlId();
        }
        // A repeat of a command carried out is answered as it was, with no effect (reference §4.4), even when that
        // command ended the call: a hangup whose answer was lost and is sent again gets its 200, not 90018.
        var commandId = text(json, "command_id");
        if (commandId != null) {
            var seen = leg.commandIds.get(commandId);
            if (seen != null && seen.plus(COMMAND_ID_WINDOW).isAfter(clock.instant())) {
                return ok(Map.of("result", "ok"));
            }
        }
        if (leg.state == Leg.State.ENDED) {
            return error(422, "90018", "Call has already ended", "This call is no longer active and can't receive commands.", null);
        }
        // The new client_state is the leg's for the webhooks the command causes; a refused command changes
        // nothing: its client_state is not kept, nor its command_id (a corrected retry under it is carried out).
        var before = leg.clientState;
        if (clientState != null) {
            leg.clientState = clientState;
        }
        var response = action(leg, m.group(2), json);
        if (response.status() != 200) {
            leg.clientState = before;
        } else if (commandId != null) {
            leg.commandIds.put(commandId, clock.instant());
        }
        return response;
    }

    private Response action(Leg leg, String action, JsonNode json) {
        boolean answered = leg.state == Leg.State.ANSWERED;
        var refused = outsideDescribedLimits(action, json);
        if (refused == null && (action.equals("speak") || action.equals("gather_using_speak"))) {
            refused = speechRefused(json);
        }
        if (refused != null) {
            return refused;
        }
        switch (action) {
            case "answer" -> {
                if (!leg.incoming || leg.state != Leg.State.PARKED) {
                    return answered ? ok(Map.of("result", "ok")) : error(422, "90034", "Call not answered yet", "only a parked incoming call can be answered", null);
                }
                leg.state = Leg.State.ANSWERED;
                emit(leg, "call.answered", Map.of());
                if ("record-from-answer".equals(text(json, "record"))) {
                    leg.recordingSince = clock.instant();
                    // "When the record parameter is set to record-from-answer, the response will include a recording_id
                    // field": the id its call.recording.saved carries.
                    leg.recordingId = UUID.randomUUID().toString();
                    return ok(Map.of("result", "ok", "recording_id", leg.recordingId));
                }
            }
            // A leg we placed that is still ringing is cancelled by its originator (us): originator_cancel, SIP 487.
            case "hangup" -> {
                if (!leg.incoming && leg.state == Leg.State.RINGING) {
                    end(leg, "originator_cancel", "caller", "487");
                } else {
                    end(leg, "normal_clearing", leg.incoming ? "callee" : "caller", "200");
                }
            }
            case "reject" -> {
                if (leg.state != Leg.State.PARKED) {
                    return error(422, "90016", "Call already answered", "only a parked call can be rejected", null);
                }
                boolean busy = "USER_BUSY".equals(text(json, "cause"));
                end(leg, busy ? "user_busy" : "call_rejected", "callee", busy ? "486" : "603");
            }
            case "speak", "playback_start", "gather_using_speak", "gather_using_audio", "gather", "record_start", "bridge",
                 "transfer", "enqueue", "send_dtmf" -> {
                if (!answered) {
                    return error(422, "90034", "Call not answered yet", "This call has not been answered yet.", null);
                }
                return media(leg, action, json);
            }
            case "playback_stop" -> {
                // Stops a gather's prompt as well as the speak or playback that is playing (the spec: "call.playback.ended
                // or call.speak.ended"); stop: all (the default) also empties the queue, current plays the next one.
                if (!json.path("overlay").asBoolean(false) && leg.gatherPrompt != null) {
                    cutPrompt(leg);
                    // The gather goes on, its question asked: a caller with an answer ready gives it now.
                    leg.gather = leg.gather.promptEndedAt(clock.instant());
                    answerIfAsked(leg, leg.gather.timeoutSeq());
                }
                var track = json.path("overlay").asBoolean(false) ? leg.overlay : leg.audio;
                stopAudio(leg, track, json.has("stop") ? text(json, "stop") : "all");
            }
            case "gather_stop" -> {
                if (leg.gather != null) {
                    finishGather(leg, "cancelled");
                }
            }
            case "record_stop" -> saveRecording(leg);
            case "leave_queue" -> dequeue(leg, "leave");
            case "client_state_update" -> { }
            default -> { }
        }
        return ok(Map.of("result", "ok"));
    }

    private Response media(Leg leg, String action, JsonNode json) {
        switch (action) {
            case "speak" -> {
                var payload = text(json, "payload");
                play(leg, leg.audio, new Leg.Audio("call.speak", payload, speechLength(payload), Map.of(), ++seq), text(json, "stop"));
            }
            case "playback_start" -> {
                boolean overlay = json.path("overlay").asBoolean(false);
                // "A customer cannot Play Audio with overlay=true unless there is a Play Audio with overlay=false
                // actively playing" (the spec: overlay "will only work if there is another audio file already being
                // played on the call").
                if (overlay && !playingAudioFile(leg)) {
                    return error(422, "10015", "Bad Request", "overlay: true only works while another audio file is being played on the call.",
                            "/overlay");
                }
                var fields = new LinkedHashMap<String, Object>();
                if (json.has("audio_url")) {
                    fields.put("media_url", text(json, "audio_url"));
                }
                if (json.has("media_name")) {
                    fields.put("media_name", text(json, "media_name"));
                }
                fields.put("overlay", overlay);
                var what = json.has("audio_url") ? text(json, "audio_url") : json.has("media_name") ? text(json, "media_name") : "(audio)";
                // Looped audio (music on hold) plays until stopped.
                var length = "infinity".equals(text(json, "loop")) ? null : speechLength(null);
                if (length != null && failPlaybacks > 0) {
                    failPlaybacks--;
                    emit(leg, "call.playback.ended", audioFields(new Leg.Audio("call.playback", what, length, fields, ++seq), failPlaybacksStatus));
                    return ok(Map.of("result", "ok"));
                }
                play(leg, overlay ? leg.overlay : leg.audio, new Leg.Audio("call.playback", what, length, fields, ++seq), text(json, "stop"));
            }
            case "gather_using_speak", "gather_using_audio", "gather" -> {
                int min = json.path("minimum_digits").asInt(1);
                int max = json.path("maximum_digits").asInt(128);
                int timeout = json.path("timeout_millis").asInt(60_000);
                var terminating = json.has("terminating_digit") ? text(json, "terminating_digit") : "#";
                // inter_digit_timeout_millis (5000 unless given): how long after a key the entry is taken as complete.
                var interDigit = Duration.ofMillis(json.path("inter_digit_timeout_millis").asInt(5_000));
                var prompt = switch (action) {
                    case "gather_using_speak" -> new Leg.Prompt("call.speak", text(json, "payload"), Map.of());
                    // gather_using_audio plays audio_url or media_name ("media_name and audio_url cannot be used together"); its
                    // call.playback.* name it as playback_start's do: media_url for an audio_url, media_name for a media_name.
                    case "gather_using_audio" -> audioPrompt(json, "audio_url", "media_name");
                    default -> null;
                };
                // What is played for an entry that is not valid (a key outside valid_digits, too few or too many keys).
                var invalid = "gather_using_speak".equals(action)
                        ? json.has("invalid_payload") ? new Leg.Prompt("call.speak", text(json, "invalid_payload"), Map.of()) : null
                        : "gather_using_audio".equals(action) ? audioPrompt(json, "invalid_audio_url", "invalid_media_name") : null;
                // maximum_tries (3 unless given): "The maximum number of times the file should be played if there is no input".
                int tries = prompt == null ? 1 : Math.max(1, json.path("maximum_tries").asInt(3));
                var valid = json.has("valid_digits") ? text(json, "valid_digits") : "0123456789#*";
                leg.gather = new Leg.Gather("", min, max, terminating, 0, clock.instant(), interDigit, valid, tries, prompt, invalid,
                        Duration.ofMillis(timeout));
                gatherTry(leg, null);
                if (prompt == null) {
                    // A plain gather waits initial_timeout_millis (5000 unless given) for the first key: "The number
                    // of milliseconds to wait for the first DTMF." None by then: over, timed out.
                    long timeoutSeq = leg.gather.timeoutSeq();
                    schedule(Duration.ofMillis(json.path("initial_timeout_millis").asInt(5_000)), () -> {
                        if (leg.gather != null && leg.gather.timeoutSeq() == timeoutSeq && leg.gather.digitsSoFar().isEmpty()
                                && leg.state != Leg.State.ENDED) {
                            finishGather(leg, "timeout");
                        }
                    });
                }
                drainPressed(leg);
            }
            case "record_start" -> {
                leg.recordingSince = clock.instant();
                leg.transcribeRecording = json.path("transcription").asBoolean(false);
                if (json.path("play_beep").asBoolean(false)) {
                    leg.heard.add("(beep)");
                }
                int max = json.path("max_length").asInt(0);
                if (max > 0) {
                    var since = leg.recordingSince;
                    schedule(Duration.ofSeconds(max), () -> {
                        if (leg.recordingSince == since && leg.state != Leg.State.ENDED) {
                            saveRecording(leg);
                        }
                    });
                }
            }
            case "bridge" -> {
                var other = legs.get(text(json, "call_control_id"));
                // The other leg may still be ringing: play_ringtone ("Specifies whether to play a ringtone if the call you
                // want to bridge with has not yet been answered") only says whether this one hears a ringtone until it answers.
                boolean ringing = other != null && other.state == Leg.State.RINGING;
                if (other == null || other.state != Leg.State.ANSWERED && !ringing) {
                    return error(422, "90034", "Call not answered yet", "the other leg is not an answered call", "/call_control_id");
                }
                // park_after_unbridge: self parks it, hold_after_unbridge: true holds it ("instead of being hung up"):
                // either way it stays up when the bridge ends.
                leg.parkAfterUnbridge = "self".equals(text(json, "park_after_unbridge"))
                        || json.path("hold_after_unbridge").asBoolean(false);
                if (ringing && json.path("play_ringtone").asBoolean(false)) {
                    leg.heard.add("(ringtone)");
                }
                bridge(leg, other);
            }
            case "transfer" -> {
                var badNumber = notE164(json.get("to"), "to", true);
                if (badNumber != null) {
                    return badNumber;
                }
                var targets = new ArrayList<String>();
                var to = json.get("to");
                if (to.isArray()) {
                    to.forEach(t -> targets.add(t.asString()));
                } else {
                    targets.add(to.asString());
                }
                var from = json.has("from") ? text(json, "from") : leg.to;
                int timeout = json.path("timeout_secs").asInt(30);
                // The bridge the transfer makes on answer parks this leg when it ends only if the transfer asks so.
                boolean park = "self".equals(text(json, "park_after_unbridge"));
                // The legs this transfer rings: the first to answer is bridged, the others still ringing are cancelled.
                var rung = new ArrayList<Leg>();
                for (var target : targets) {
                    var b = newLeg(leg.sessionId, false, from, target, Leg.State.RINGING);
                    b.clientState = text(json, "target_leg_client_state");
                    machineDetection(b, json);
                    leg.transfers.add(b);
                    rung.add(b);
                    emit(b, "call.initiated", Map.of("direction", "outgoing", "state", "bridging"));
                    ring(b, timeout, leg, park, rung, null);
                }
            }
            // The digits are played to the party on this leg; no webhook (reference §4.3).
            case "send_dtmf" -> leg.heard.add("(dtmf " + text(json, "digits") + ")");
            case "enqueue" -> {
                if (leg.queue != null) {
                    return error(422, "90038", "Call already in queue", "This call is already in queue '" + leg.queue + "'.", null);
                }
                for (var field : new String[] {"max_size", "max_wait_time_secs"}) {
                    if (json.has(field) && json.path(field).asInt() < 1) {
                        return error(422, "10033", "Value outside of range", field + " must be at least 1", "/" + field);
                    }
                }
                var name = text(json, "queue_name");
                // Created on first use; its max_size (100 unless given) cannot be changed afterwards (reference §4.3).
                var queue = queues.computeIfAbsent(name, n -> new CallQueue(json.path("max_size").asInt(100)));
                if (queue.waiting.size() >= queue.maxSize) {
                    return error(422, "90036", "Queue full", "Queue '" + name + "' is full.", null);
                }
                queue.waiting.add(leg);
                leg.queue = name;
                leg.enqueuedAt = clock.instant();
                long stay = ++seq;
                leg.queueStay = stay;
                // max_wait_time_secs: "the number of seconds after which the call will be removed from the queue".
                if (json.has("max_wait_time_secs")) {
                    schedule(Duration.ofSeconds(json.path("max_wait_time_secs").asInt()), () -> {
                        if (leg.queueStay == stay) {
                            dequeue(leg, "timeout");
                        }
                    });
                }
                var extra = new LinkedHashMap<String, Object>();
                extra.put("queue", name);
                extra.put("current_position", queue.waiting.size());
                extra.put("queue_avg_wait_time_secs", queue.averageWaitSeconds());
                emit(leg, "call.enqueued", extra);
            }
            default -> { }
        }
        return ok(Map.of("result", "ok"));
    }

    private Response dial(JsonNode json) {
        var refused = outsideDescribedLimits("dial", json);
        if (refused != null) {
            return refused;
        }
        var now = clock.instant();
        for (var oldest = dials.values().iterator(); oldest.hasNext(); ) {
            if (oldest.next().at().plus(COMMAND_ID_WINDOW).isAfter(now)) {
                break;
            }
            oldest.remove();
        }
        var commandId = text(json, "command_id");
        var first = commandId == null ? null : dials.get(commandId);
        if (first != null) {
            // A retried dial (its answer was lost, or it timed out): the first dial's leg, and no second one.
            return first.response();
        }
        var response = dialOnce(json);
        if (commandId != null && response.status() == 200) {
            dials.put(commandId, new Dialled(now, response));
        }
        return response;
    }

    private Response dialOnce(JsonNode json) {
        if (!config.connectionId().equals(text(json, "connection_id"))) {
            // Telnyx's own answer for an unknown app (the spec's invalid_connection_id example, reference §4.1).
            return error(422, "10015", "Invalid value for connection_id (Call Control App ID)",
                    "The requested connection_id (Call Control App ID) is either invalid or does not exist. "
                            + "Only Call Control Apps with valid webhook URL are accepted.", "/connection_id");
        }
        var badNumber = notE164(json.get("from"), "from", false);
        badNumber = badNumber != null ? badNumber : notE164(json.get("to"), "to", true);
        if (badNumber != null) {
            return badNumber;
        }
        var linkTo = text(json, "link_to");
        var linked = linkTo == null ? null : legs.get(linkTo);
        if (linkTo == null && json.path("bridge_on_answer").asBoolean(false)) {
            // "When bridge_on_answer is true, link_to becomes required."
            return error(422, "10004", "Missing required parameter", "The 'link_to' parameter is required and cannot be blank.", "/link_to");
        }
        if (linkTo != null && linked == null) {
            return error(422, "90015", "Invalid Call Control ID", "link_to is not a known call", "/link_to");
        }
        var to = json.get("to").isArray() ? json.get("to").get(0).asString() : json.get("to").asString();
        var leg = newLeg(linked == null ? UUID.randomUUID().toString() : linked.sessionId, false, text(json, "from"), to, Leg.State.RINGING);
        leg.clientState = text(json, "client_state");
        leg.fromDisplayName = text(json, "from_display_name");
        machineDetection(leg, json);
        // The new leg stays up, parked, when a bridge it is later part of ends (the spec: link_to is then required).
        leg.parkAfterUnbridge = linked != null && "self".equals(text(json, "park_after_unbridge"));
        if (json.has("command_id")) {
            leg.commandIds.put(text(json, "command_id"), clock.instant());
        }
        emit(leg, "call.initiated", Map.of("direction", "outgoing", "state", "bridging"));
        // bridge_on_answer: "Whether to automatically bridge answered call to the call specified in link_to".
        ring(leg, json.path("timeout_secs").asInt(30), null, false, List.of(), json.path("bridge_on_answer").asBoolean(false) ? linked : null);
        var data = new LinkedHashMap<String, Object>();
        data.put("call_control_id", leg.callControlId);
        data.put("call_leg_id", leg.callLegId);
        data.put("call_session_id", leg.sessionId);
        data.put("client_state", leg.clientState);
        data.put("is_alive", false);
        data.put("record_type", "call");
        return ok(data);
    }

    /**
     * {@code GET /calls/{call_control_id}} (reference §4.2): whether the leg is still up ({@code is_alive}), how
     * long it has lasted, when it started and, once over, ended. An id it never gave out: 422 90015.
     */
    private Response callStatus(Leg leg) {
        if (leg == null) {
            return invalidCallControlId();
        }
        var data = new LinkedHashMap<String, Object>();
        data.put("call_control_id", leg.callControlId);
        data.put("call_leg_id", leg.callLegId);
        data.put("call_session_id", leg.sessionId);
        data.put("client_state", leg.clientState);
        data.put("is_alive", leg.state != Leg.State.ENDED);
        var end = leg.endedAt != null ? leg.endedAt : clock.instant();
        data.put("call_duration", Duration.between(leg.startedAt, end).toSeconds());
        data.put("start_time", MICROS.format(leg.startedAt.truncatedTo(ChronoUnit.MICROS)));
        data.put("end_time", leg.endedAt == null ? null : MICROS.format(leg.endedAt.truncatedTo(ChronoUnit.MICROS)));
        data.put("record_type", "call");
        return ok(data);
    }

    private Response message(JsonNode json) {
        var to = text(json, "to");
        var from = text(json, "from");
        if (to == null || from == null) {
            return error(422, "10004", "Missing required parameter", "from and to are required", to == null ? "/to" : "/from");
        }
        var id = UUID.randomUUID().toString();
        messages.add(new Message(id, from, to, text(json, "text"), clock.instant()));
        var data = new LinkedHashMap<String, Object>();
        data.put("id", id);
        data.put("record_type", "message");
        data.put("direction", "outbound");
        data.put("type", "SMS");
        data.put("from", Map.of("phone_number", from));
        data.put("to", List.of(Map.of("phone_number", to, "status", "queued")));
        data.put("text", text(json, "text"));
        data.put("sent_at", null);
        return ok(data);
    }

    /**
     * A person texts {@code text} from {@code from} to {@code to} (one of the app's numbers): a signed
     * {@code message.received} webhook (Telnyx messaging, inbound), delivered now with the usual faults and retries.
     * Its payload is Telnyx's own shape (the inbound message callback): {@code from.phone_number},
     * {@code to[].phone_number}, {@code text}, {@code direction} inbound. Returns the message's id.
     */
    public String receiveText(String from, String to, String text) {
        var messageId = UUID.randomUUID().toString();
        synchronized (this) {
            var now = MICROS.format(clock.instant().truncatedTo(ChronoUnit.MICROS));
            var payload = new LinkedHashMap<String, Object>();
            payload.put("record_type", "message");
            payload.put("direction", "inbound");
            payload.put("id", messageId);
            payload.put("type", "SMS");
            payload.put("from", Map.of("phone_number", from, "line_type", "Wireless"));
            payload.put("to", List.of(Map.of("phone_number", to, "status", "webhook_delivered", "line_type", "VoIP")));
            payload.put("cc", List.of());
            payload.put("text", text);
            payload.put("media", List.of());
            payload.put("encoding", "GSM-7");
            payload.put("parts", 1);
            payload.put("received_at", now);
            var data = new LinkedHashMap<String, Object>();
            data.put("event_type", "message.received");
            data.put("id", UUID.randomUUID().toString());
            data.put("occurred_at", now);
            data.put("payload", payload);
            data.put("record_type", "event");
            outbox.add(new Outgoing("message.received", null, JSON.writeValueAsString(data), null, 1, true));
        }
        flush();
        return messageId;
    }

    /** The text messages sent so far. */
    public synchronized List<Message> messages() {
        return List.copyOf(messages);
    }

    // ---- legs ----

    private Leg newLeg(String session, boolean incoming, String from, String to, Leg.State state) {
        var id = newCallControlId();
        var leg = new Leg(id, UUID.randomUUID().toString(), session, incoming, from, to, clock.instant(), state);
        legs.put(id, leg);
        return leg;
    }

    /**
     * {@code v3:} and 54 URL-safe base64 characters (40 random bytes, unpadded), the shape of the spec's
     * example and of a real delivery's (reference §8.1); opaque, as the app must treat it.
     */
    private String newCallControlId() {
        while (true) {
            var bytes = new byte[40];
            java.util.concurrent.ThreadLocalRandom.current().nextBytes(bytes);
            var id = "v3:" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
            if (!legs.containsKey(id)) {
                return id;
            }
        }
    }

    /**
     * Rings the phone at the leg's address by its script; {@code bridgeTo} is bridged on answer (a transfer),
     * to park when that bridge ends if {@code parkBridgeTo} (the transfer's {@code park_after_unbridge: self});
     * {@code rungTogether} are the legs that transfer rings (this one among them), cancelled if still ringing when
     * this one answers. Other legs of the session (dialled with link_to, another transfer's) are not its to cancel.
     * A dialled leg is bridged on answer to {@code bridgeOnAnswer} (a dial's bridge_on_answer with link_to), if that is
     * still up and answered.
     */
    private void ring(Leg leg, int timeoutSeconds, Leg bridgeTo, boolean parkBridgeTo, List<Leg> rungTogether, Leg bridgeOnAnswer) {
        var script = phones.getOrDefault(leg.to, defaultPhone);
        switch (script) {
            case PhoneScript.Reject r -> schedule(Duration.ofMillis(500), () -> endIfRinging(leg, "call_rejected", "603"));
            case PhoneScript.Busy b -> schedule(Duration.ofMillis(300), () -> endIfRinging(leg, "user_busy", "486"));
            case PhoneScript.AnswerAfter a when a.after().toSeconds() < timeoutSeconds -> schedule(a.after(),
                    () -> answerRinging(leg, bridgeTo, parkBridgeTo, rungTogether, bridgeOnAnswer));
            case PhoneScript.Machine m when m.after().toSeconds() < timeoutSeconds -> {
                leg.machine = true;
                schedule(m.after(), () -> answerRinging(leg, bridgeTo, parkBridgeTo, rungTogether, bridgeOnAnswer));
            }
            case PhoneScript.AnswerThenPress a when a.after().toSeconds() < timeoutSeconds -> schedule(a.after(), () -> {
                if (answerRinging(leg, bridgeTo, parkBridgeTo, rungTogether, bridgeOnAnswer)) {
                    // The person who picked up keys in their answer when a question is put to them.
                    pressWhenPrompted(leg, a.digits());
                }
            });
            default -> { }
        }
        schedule(Duration.ofSeconds(timeoutSeconds), () -> endIfRinging(leg, "timeout", "408"));
    }

    /** A ringing phone picks up (see {@link #ring}); false when it no longer rings (cancelled, timed out). */
    private boolean answerRinging(Leg leg, Leg bridgeTo, boolean parkBridgeTo, List<Leg> rungTogether, Leg bridgeOnAnswer) {
        if (leg.state == Leg.State.RINGING) {
            leg.state = Leg.State.ANSWERED;
            if (bridgeTo != null && bridgeTo.state == Leg.State.ANSWERED && bridgeTo.bridgedWith == null) {
                // A transfer's new leg: call.initiated, call.bridged, then call.answered (the spec's TransferCall).
                bridgeTo.parkAfterUnbridge = parkBridgeTo;
                bridge(bridgeTo, leg);
                emit(leg, "call.answered", Map.of());
                detectMachine(leg);
                for (var other : List.copyOf(rungTogether)) {
                    if (other != leg && other.state == Leg.State.RINGING) {
                        end(other, "originator_cancel", "caller", "487");
                    }
                }
            } else {
                emit(leg, "call.answered", Map.of());
                detectMachine(leg);
                if (bridgeOnAnswer != null && bridgeOnAnswer.state == Leg.State.ANSWERED) {
                    bridge(leg, bridgeOnAnswer);
                }
            }
            return true;
        }
        return false;
    }

    /**
     * Answering machine detection on a leg that has just answered, when its dial or transfer asked for it (reference
     * §2, AMD): {@code call.machine.detection.ended} with {@code human} once a short greeting is followed by silence
     * (about a second of "Hello?" and the config's {@code after_greeting_silence_millis}, 800 by default), or
     * {@code machine} once the greeting has gone on for {@code greeting_duration_millis} (3,500 by default); with
     * {@code detect_beep} or {@code greeting_end}, a machine's {@code call.machine.greeting.ended} follows when its
     * greeting ends in the beep. {@code premium} reports through the {@code call.machine.premium.*} events
     * ({@code human_residence}, {@code machine}). Nothing once the leg has ended.
     */
    private void detectMachine(Leg leg) {
        var mode = leg.machineDetection;
        if (mode == null) {
            return;
        }
        boolean premium = "premium".equals(mode);
        var prefix = premium ? "call.machine.premium." : "call.machine.";
        var after = leg.machine ? Duration.ofMillis(leg.greetingMillis) : Duration.ofMillis(1_000 + leg.afterGreetingSilenceMillis);
        var result = leg.machine ? "machine" : premium ? "human_residence" : "human";
        schedule(after, () -> {
            if (leg.state == Leg.State.ANSWERED) {
                emit(leg, prefix + "detection.ended", Map.of("result", result));
            }
        });
        if (leg.machine && (premium || "detect_beep".equals(mode) || "greeting_end".equals(mode))) {
            schedule(MACHINE_GREETING, () -> {
                if (leg.state == Leg.State.ANSWERED) {
                    emit(leg, prefix + "greeting.ended", Map.of("result", "beep_detected"));
                }
            });
        }
    }

    /** How long an answering machine's greeting lasts until its beep. */
    static final Duration MACHINE_GREETING = Duration.ofSeconds(6);

    /** The answering machine detection a dial or transfer asks for (and its timings), on its new leg. */
    private static void machineDetection(Leg leg, JsonNode json) {
        var mode = json.path("answering_machine_detection").asString("disabled");
        leg.machineDetection = "disabled".equals(mode) ? null : mode;
        var config = json.path("answering_machine_detection_config");
        leg.greetingMillis = config.path("greeting_duration_millis").asInt(3_500);
        leg.afterGreetingSilenceMillis = config.path("after_greeting_silence_millis").asInt(800);
    }

    /**
     * A queued call leaves its queue ({@code call.dequeued}: the queue, the place it had, how long it
     * waited, why); those behind it move up. Nothing for a call in no queue.
     */
    private void dequeue(Leg leg, String reason) {
        if (leg.queue == null) {
            return;
        }
        var queue = queues.get(leg.queue);
        int position = queue.waiting.indexOf(leg) + 1;
        queue.waiting.remove(leg);
        long waited = Duration.between(leg.enqueuedAt, clock.instant()).toSeconds();
        queue.left++;
        queue.waitedSeconds += waited;
        var extra = new LinkedHashMap<String, Object>();
        extra.put("queue", leg.queue);
        extra.put("queue_position", position);
        extra.put("reason", reason);
        extra.put("wait_time_secs", waited);
        leg.queue = null;
        leg.enqueuedAt = null;
        leg.queueStay = 0;
        emit(leg, "call.dequeued", extra);
    }

    private void endIfRinging(Leg leg, String cause, String sip) {
        if (leg.state == Leg.State.RINGING) {
            end(leg, cause, "callee", sip);
        }
    }

    private void bridge(Leg a, Leg b) {
        // Re-bridging a leg ends its bridge with its previous partner, which is then hung up unless it was bridged to
        // stay up (park_after_unbridge: self, hold_after_unbridge): the spec's park_after_unbridge, "behavior after
        // the bridge ends (i.e. the opposite leg either hangs up or is transferred) ... If not set, the default
        // behavior is to hang up the leg."
        for (var leg : new Leg[] {a, b}) {
            if (leg.bridgedWith != null && legs.containsKey(leg.bridgedWith)) {
                var old = legs.get(leg.bridgedWith);
                if (old != a && old != b) {
                    unbridged(old);
                }
            }
        }
        a.bridgedWith = b.callControlId;
        b.bridgedWith = a.callControlId;
        // A queued call that is bridged leaves its queue (reason bridged), then is told it is bridged.
        dequeue(a, "bridged");
        dequeue(b, "bridged");
        emit(a, "call.bridged", Map.of());
        emit(b, "call.bridged", Map.of());
    }

    void end(Leg leg, String cause, String source, String sip) {
        if (leg.state == Leg.State.ENDED) {
            return;
        }
        // What plays when the call ends ends with it: call_hangup, a value of both call.speak.ended's and
        // call.playback.ended's status enums (a gather's prompt, the main audio, the overlay); nothing queued plays.
        var prompt = leg.gatherPrompt;
        if (prompt != null) {
            leg.gatherPrompt = null;
            emit(leg, prompt.kind() + ".ended", audioFields(prompt, "call_hangup"));
        }
        if (leg.gather != null) {
            finishGather(leg, "call_hangup");
        }
        for (var track : List.of(leg.audio, leg.overlay)) {
            var playing = track.playing;
            track.playing = null;
            track.waiting.clear();
            if (playing != null) {
                emit(leg, playing.kind() + ".ended", audioFields(playing, "call_hangup"));
            }
        }
        leg.state = Leg.State.ENDED;
        leg.hangupCause = cause;
        leg.endedAt = clock.instant();
        var extra = new LinkedHashMap<String, Object>();
        extra.put("hangup_cause", cause);
        extra.put("hangup_source", source);
        extra.put("sip_hangup_cause", sip);
        extra.put("end_time", MICROS.format(clock.instant().truncatedTo(ChronoUnit.MICROS)));
        extra.put("start_time", MICROS.format(leg.startedAt.truncatedTo(ChronoUnit.MICROS)));
        emit(leg, "call.hangup", extra);
        // A call that hangs up while waiting leaves its queue (reason hangup).
        dequeue(leg, "hangup");
        // A transfer of this leg still ringing has nobody to connect: cancelled.
        for (var transfer : List.copyOf(leg.transfers)) {
            if (transfer.state == Leg.State.RINGING) {
                end(transfer, "originator_cancel", "caller", "487");
            }
        }
        leg.transfers.clear();
        // Recording stops with the call; the file is saved after the hangup (reference §8.4).
        saveRecording(leg);
        var peer = leg.bridgedWith == null ? null : legs.get(leg.bridgedWith);
        if (peer != null && peer.bridgedWith != null && peer.bridgedWith.equals(leg.callControlId)) {
            unbridged(peer);
        }
    }

    /**
     * The bridge of {@code leg} has ended (its partner hung up or was bridged elsewhere): bridged with
     * park_after_unbridge: self or hold_after_unbridge it stays up for the next command, else it is hung up.
     */
    private void unbridged(Leg leg) {
        leg.bridgedWith = null;
        if (leg.state == Leg.State.ENDED) {
            return;
        }
        if (leg.parkAfterUnbridge) {
            leg.parkAfterUnbridge = false;
        } else if (leg.state == Leg.State.RINGING) {
            // Bridged while it rang (early media), never answered: cancelled, as any leg ended before answer.
            end(leg, "originator_cancel", "caller", "487");
        } else {
            end(leg, "normal_clearing", "unknown", "200");
        }
    }

    private void saveRecording(Leg leg) {
        if (leg.recordingSince == null) {
            return;
        }
        var id = leg.recordingId != null ? UUID.fromString(leg.recordingId) : UUID.randomUUID();
        leg.recordingId = null;
        var urls = Map.of("mp3", "http://simulator.local/recordings/" + id + ".mp3", "wav", "http://simulator.local/recordings/" + id + ".wav");
        recordings.put(id.toString(), Duration.between(leg.recordingSince, clock.instant()));
        var extra = new LinkedHashMap<String, Object>();
        extra.put("channels", "single");
        extra.put("recording_started_at", MICROS.format(leg.recordingSince.truncatedTo(ChronoUnit.MICROS)));
        extra.put("recording_ended_at", MICROS.format(clock.instant().truncatedTo(ChronoUnit.MICROS)));
        extra.put("recording_urls", urls);
        extra.put("public_recording_urls", urls);
        extra.put("recording_id", id.toString());
        leg.recordingSince = null;
        emit(leg, "call.recording.saved", extra);
        if (leg.transcribeRecording && !transcribeNothing) {
            // Transcribed after the recording is saved (so usually after the hangup): what the caller said, or
            // nothing for a silent message.
            var text = leg.saying == null ? "" : leg.saying;
            schedule(transcriptionDelay, () -> emit(leg, "call.recording.transcription.saved", Map.of("recording_id", id.toString(),
                    "recording_transcription_id", UUID.randomUUID().toString(), "status", "completed", "transcription_text", text)));
        }
        leg.transcribeRecording = false;
        leg.saying = null;
    }

    /**
     * With {@code true}, recordings started with transcription are never transcribed (the carrier's transcription
     * failing or lost: no {@code call.recording.transcription.saved} at all), until set back to {@code false}.
     */
    public synchronized void transcribeNothing(boolean nothing) {
        transcribeNothing = nothing;
    }

    /** How long after a recording is saved its transcription is (5 s unless set). */
    public synchronized void transcriptionDelay(Duration delay) {
        transcriptionDelay = delay;
    }

    /**
     * A speak or a playback: queued behind what plays on the track, as the spec says of consecutive ones
     * ("placed in a queue awaiting playback"), after {@code stop} (current: the one playing, so the next
     * plays; all: that and the whole queue) when the command says so.
     */
    private void play(Leg leg, Leg.AudioTrack track, Leg.Audio audio, String stop) {
        if (stop != null) {
            stopAudio(leg, track, stop);
        }
        track.waiting.add(audio);
        if (track.playing == null) {
            playNext(leg, track);
        }
    }

    /** Stops what plays on the track ({@code call.*.ended}: a playback cancelled, a speak completed); with {@code all} its queue is emptied, else the next plays. */
    private void stopAudio(Leg leg, Leg.AudioTrack track, String stop) {
        if ("all".equals(stop)) {
            track.waiting.clear();
        }
        var stopped = track.playing;
        if (stopped != null) {
            track.playing = null;
            emit(leg, stopped.kind() + ".ended", audioFields(stopped, stoppedStatus(stopped)));
        }
        playNext(leg, track);
    }

    private void playNext(Leg leg, Leg.AudioTrack track) {
        var next = track.waiting.poll();
        track.playing = next;
        if (next == null) {
            return;
        }
        leg.heard.add(next.what());
        emit(leg, next.kind() + ".started", next.fields());
        if (next.length() != null) {
            schedule(next.length(), () -> {
                if (track.playing == next && leg.state != Leg.State.ENDED) {
                    track.playing = null;
                    emit(leg, next.kind() + ".ended", audioFields(next, "completed"));
                    playNext(leg, track);
                }
            });
        }
    }

    /** Whether an audio file (a playback, not speech, not an overlay) plays on the leg: a playback or a gather's audio prompt. */
    private static boolean playingAudioFile(Leg leg) {
        return leg.audio.playing != null && "call.playback".equals(leg.audio.playing.kind())
                || leg.gatherPrompt != null && "call.playback".equals(leg.gatherPrompt.kind());
    }

    /**
     * The status of a speak or playback cut short by a command or a key: a playback's is {@code cancelled}, but
     * {@code call.speak.ended} has no such value (the spec's enum: completed, call_hangup, cancelled_amd), so a
     * stopped speak ends {@code completed}, as Telnyx reports it.
     */
    private static String stoppedStatus(Leg.Audio audio) {
        return "call.speak".equals(audio.kind()) ? "completed" : "cancelled";
    }

    private static Map<String, Object> audioFields(Leg.Audio audio, String status) {
        var fields = new LinkedHashMap<>(audio.fields());
        fields.put("status", status);
        return fields;
    }

    /** A gather's prompt: played at once (a previous gather's prompt is cut), ended when it has played or is cut short. */
    private void prompt(Leg leg, String kind, String what, Map<String, Object> fields) {
        cutPrompt(leg);
        leg.heard.add(what);
        var audio = new Leg.Audio(kind, what, speechLength(what), fields, ++seq);
        leg.gatherPrompt = audio;
        emit(leg, kind + ".started", fields);
        schedule(audio.length(), () -> {
            if (leg.gatherPrompt == audio && leg.state != Leg.State.ENDED) {
                leg.gatherPrompt = null;
                emit(leg, kind + ".ended", audioFields(audio, "completed"));
            }
        });
    }

    /**
     * Cuts a gather's prompt short ({@code cancelled}, {@code completed} for speech): stopped (playback_stop, gather_stop), its gather
     * over, or interrupted by a key ("A DTMF digit interrupts the speech", reference §4.3).
     */
    private void cutPrompt(Leg leg) {
        var cut = leg.gatherPrompt;
        if (cut != null) {
            leg.gatherPrompt = null;
            emit(leg, cut.kind() + ".ended", audioFields(cut, stoppedStatus(cut)));
        }
    }

    /** About how long speaking {@code text} takes: 0.4 s a word, at least one second. */
    static Duration speechLength(String text) {
        if (text == null) {
            return Duration.ofSeconds(3);
        }
        int words = text.isBlank() ? 0 : text.strip().split("\\s+").length;
        return Duration.ofMillis(Math.max(1000, words * 400L));
    }

    /** The caller hangs up: a call not answered yet is cancelled by them (originator_cancel, SIP 487), one answered cleared. */
    void hangUpAsCaller(Leg leg) {
        if (leg.state == Leg.State.ANSWERED) {
            end(leg, "normal_clearing", "caller", "200");
        } else {
            end(leg, "originator_cancel", "caller", "487");
        }
    }

    /**
     * A key the caller pressed: part of a running gather, or a lone DTMF event. Keys on a call not answered
     * yet, or over, reach nobody: no event (Telnyx reports DTMF only on an answered call).
     */
    void press(Leg leg, String digits) {
        if (leg.state != Leg.State.ANSWERED) {
            return;
        }
        for (char c : digits.toCharArray()) {
            leg.pressed.add(String.valueOf(c));
        }
        if (leg.gather == null) {
            for (var d : leg.pressed) {
                emit(leg, "call.dtmf.received", Map.of("digit", d));
            }
            leg.pressed.clear();
            return;
        }
        drainPressed(leg);
    }

    /** The caller will press {@code digits} when next asked: see {@link Caller#pressWhenPrompted(String)}. */
    void pressWhenPrompted(Leg leg, String digits) {
        leg.answers.add(digits);
        if (leg.gather != null && !leg.gather.promptEndsAt().isAfter(clock.instant())) {
            answerIfAsked(leg, leg.gather.timeoutSeq());
        }
    }

    /** When a gather starts: the caller answers it once its prompt has been heard, if they have an answer ready. */
    private void answerWhenPrompted(Leg leg) {
        var g = leg.gather;
        if (g.promptEndsAt().isAfter(clock.instant())) {
            schedule(Duration.between(clock.instant(), g.promptEndsAt()), () -> answerIfAsked(leg, g.timeoutSeq()));
        } else {
            answerIfAsked(leg, g.timeoutSeq());
        }
    }

    /**
     * The caller presses their next answer into the gather {@code gatherSeq} if it still waits for keys
     * and they have not answered it yet; a gather that ended first (stopped, timed out, the call over)
     * leaves the answer for the next one.
     */
    private void answerIfAsked(Leg leg, long gatherSeq) {
        if (leg.state == Leg.State.ENDED || leg.gather == null || leg.gather.timeoutSeq() != gatherSeq || leg.answering == gatherSeq
                || leg.answers.isEmpty()) {
            return;
        }
        leg.answering = gatherSeq;
        press(leg, leg.answers.poll());
    }

    private void drainPressed(Leg leg) {
        while (leg.gather != null && !leg.pressed.isEmpty()) {
            var d = leg.pressed.removeFirst();
            emit(leg, "call.dtmf.received", Map.of("digit", d));
            cutPrompt(leg);
            var g = leg.gather;
            if (d.equals(g.terminating())) {
                if (g.digitsSoFar().length() >= g.min()) {
                    finishGather(leg, "valid");
                } else {
                    invalidEntry(leg);
                }
                continue;
            }
            var digits = g.digitsSoFar() + d;
            leg.gather = g.with(digits);
            if (!g.validDigits().contains(d)) {
                // valid_digits: "A list of all digits accepted as valid." A key outside it makes the entry invalid.
                invalidEntry(leg);
                continue;
            }
            if (digits.length() >= g.max()) {
                finishGather(leg, "valid");
            } else {
                // No further key within the inter-digit timeout: the entry is what was keyed in so far.
                int keyed = digits.length();
                schedule(g.interDigit(), () -> {
                    var now = leg.gather;
                    if (now != null && now.timeoutSeq() == g.timeoutSeq() && now.digitsSoFar().length() == keyed && leg.state != Leg.State.ENDED) {
                        if (keyed >= now.min()) {
                            finishGather(leg, "valid");
                        } else {
                            invalidEntry(leg);
                        }
                    }
                });
            }
        }
    }

    /** A gather_using_audio's prompt from its audio URL field or, failing that, its media name field; null for neither. */
    private static Leg.Prompt audioPrompt(JsonNode json, String urlField, String nameField) {
        if (json.has(urlField)) {
            return new Leg.Prompt("call.playback", text(json, urlField), Map.of("media_url", text(json, urlField), "overlay", false));
        }
        return json.has(nameField) ? new Leg.Prompt("call.playback", text(json, nameField),
                Map.of("media_name", text(json, nameField), "overlay", false)) : null;
    }

    /**
     * A try of the running gather: {@code lead} (its invalid prompt, after an invalid entry) then its prompt are
     * played, and it waits timeout_millis for a key after them; no key by then, its prompt is played again while
     * tries remain, else it ends (timeout, or valid when enough keys were pressed).
     */
    private void gatherTry(Leg leg, Leg.Prompt lead) {
        var g = leg.gather;
        long trySeq = ++seq;
        var until = Duration.ZERO;
        if (lead != null) {
            prompt(leg, lead.kind(), lead.what(), lead.fields());
            until = lead.length();
        }
        if (g.prompt() != null) {
            if (lead == null) {
                prompt(leg, g.prompt().kind(), g.prompt().what(), g.prompt().fields());
            } else {
                schedule(until, () -> {
                    // Unless a key or a playback_stop has cut the try's prompts short.
                    if (leg.gather != null && leg.gather.timeoutSeq() == trySeq && leg.gather.digitsSoFar().isEmpty()
                            && leg.gather.promptEndsAt().isAfter(clock.instant()) && leg.state != Leg.State.ENDED) {
                        prompt(leg, g.prompt().kind(), g.prompt().what(), g.prompt().fields());
                    }
                });
            }
            until = until.plus(g.prompt().length());
        }
        leg.gather = g.nextTry(trySeq, clock.instant().plus(until));
        schedule(until.plus(g.timeout()), () -> {
            var now = leg.gather;
            if (now == null || now.timeoutSeq() != trySeq || leg.state == Leg.State.ENDED) {
                return;
            }
            if (now.digitsSoFar().isEmpty() && now.triesLeft() > 0) {
                gatherTry(leg, null);
            } else {
                finishGather(leg, now.digitsSoFar().length() >= now.min() ? "valid" : "timeout");
            }
        });
        answerWhenPrompted(leg);
    }

    /** An entry that is not valid: its invalid prompt and its prompt again while tries remain, else the gather ends invalid. */
    private void invalidEntry(Leg leg) {
        var g = leg.gather;
        if (g.prompt() != null && g.triesLeft() > 0) {
            gatherTry(leg, g.invalidPrompt());
        } else {
            finishGather(leg, "invalid");
        }
    }

    private void finishGather(Leg leg, String status) {
        var g = leg.gather;
        leg.gather = null;
        cutPrompt(leg);
        emit(leg, "call.gather.ended", Map.of("digits", g.digitsSoFar(), "status", status));
    }

    private void schedule(Duration after, Runnable action) {
        timeline.add(new Scheduled(clock.instant().plus(after), ++seq, action));
    }

    // ---- webhooks ----

    private void emit(Leg leg, String type, Map<String, ?> extra) {
        var payload = new TreeMap<String, Object>();
        payload.put("call_control_id", leg.callControlId);
        payload.put("call_leg_id", leg.callLegId);
        payload.put("call_session_id", leg.sessionId);
        payload.put("calling_party_type", "pstn");
        payload.put("client_state", leg.clientState);
        payload.put("connection_id", config.connectionId());
        payload.put("from", leg.from);
        payload.put("to", leg.to);
        if ("call.initiated".equals(type)) {
            payload.put("start_time", MICROS.format(leg.startedAt.truncatedTo(ChronoUnit.MICROS)));
        }
        payload.putAll(extra);
        if (recordingSavedWithoutCallControlId && "call.recording.saved".equals(type)) {
            payload.remove("call_control_id");
        }
        var data = new LinkedHashMap<String, Object>();
        data.put("event_type", type);
        data.put("id", UUID.randomUUID().toString());
        data.put("occurred_at", MICROS.format(clock.instant().truncatedTo(ChronoUnit.MICROS)));
        data.put("payload", payload);
        data.put("record_type", "event");
        outbox.add(new Outgoing(type, leg.callControlId, JSON.writeValueAsString(data), leg.sessionId, 1, true));
    }

    /** Delivers what the last step emitted, outside the lock, honouring the injected faults. */
    void flush() {
        List<Outgoing> batch;
        synchronized (this) {
            if (delivering || outbox.isEmpty()) {
                return;
            }
            delivering = true;
            batch = new ArrayList<>(outbox);
            outbox.clear();
        }
        try {
            for (int i = 0; i < batch.size(); i++) {
                boolean swap;
                synchronized (this) {
                    swap = reorderNext > 0 && i + 1 < batch.size();
                    if (swap) {
                        reorderNext--;
                    }
                }
                if (swap) {
                    deliver(batch.get(i + 1));
                    deliver(batch.get(i));
                    i++;
                } else {
                    deliver(batch.get(i));
                }
            }
        } finally {
            synchronized (this) {
                delivering = false;
            }
        }
        flush();
    }

    /**
     * One webhook's delivery: held back when the late-delivery fault says so, sent (twice when the
     * duplicate fault says so), and, when an attempt fails, tried again after the configured retry delay
     * on the timeline (at once when there is none), with {@code meta.attempt} counting the attempts.
     */
    private void deliver(Outgoing event) {
        int copies;
        synchronized (this) {
            if (event.mayBeDelayed() && delayNext > 0 && (delayType == null || delayType.equals(event.type()))
                    && (delayLeg == null || delayLeg.equals(event.legId()))) {
                delayNext--;
                schedule(delayBy, () -> outbox.add(event.released()));
                return;
            }
            copies = duplicateNext > 0 ? 2 : 1;
            if (duplicateNext > 0) {
                duplicateNext--;
            }
        }
        for (int copy = 0; copy < copies; copy++) {
            var attempt = event;
            int attempts = config.failoverUrl() == null ? DELIVERY_ATTEMPTS : DELIVERY_ATTEMPTS + 1;
            while (!send(attempt) && attempt.attempt() < attempts) {
                if (!config.retryDelay().isZero()) {
                    var retry = attempt.retry();
                    synchronized (this) {
                        schedule(config.retryDelay(), () -> outbox.add(retry));
                    }
                    break;
                }
                attempt = attempt.retry();
            }
        }
    }

    /** One attempt, signed now, to the primary URL or, after it failed twice, the failover URL; whether it was taken (any 2xx). */
    private boolean send(Outgoing event) {
        var url = event.attempt() > DELIVERY_ATTEMPTS ? config.failoverUrl() : config.webhookUrl();
        var body = "{\"data\":" + event.data() + ",\"meta\":{\"attempt\":" + event.attempt() + ",\"delivered_to\":"
                + JSON.writeValueAsString(url) + "}}";
        var timestamp = String.valueOf(clock.instant().getEpochSecond());
        var headers = Map.of("telnyx-timestamp", timestamp, "telnyx-signature-ed25519", sign(timestamp, body),
                "content-type", "application/json");
        boolean fail;
        synchronized (this) {
            fail = failNext > 0;
            if (fail) {
                failNext--;
            }
        }
        int status = fail ? 503 : sink.deliver(url, headers, body, event.session());
        synchronized (this) {
            if (keepDeliveries) {
                deliveries.add(new Delivery(event.type(), event.legId(), body, event.attempt(), status, clock.instant(), url));
            }
            delivered++;
        }
        if (event.legId() != null) { // a text's webhook is about no leg
            lastDelivered.put(event.legId(), System.nanoTime());
        }
        return status >= 200 && status < 300;
    }

    private String sign(String timestamp, String body) {
        var message = (timestamp + "|" + body).getBytes(StandardCharsets.UTF_8);
        var signature = new byte[Ed25519.SIGNATURE_SIZE];
        Ed25519.sign(config.signingSeed(), 0, signingPublicKey, 0, message, 0, message.length, signature, 0);
        return Base64.getEncoder().encodeToString(signature);
    }

    /**
     * The audio behind a recording URL this simulator handed out: silence of the recorded length, as a
     * real WAV file (8 kHz, 16-bit mono), so storage and playback code sees real audio.
     */
    public synchronized byte[] recordingAudio(String url) {
        var m = Pattern.compile(".*/recordings/([0-9a-f-]{36})\\.(mp3|wav)$").matcher(url == null ? "" : url);
        if (!m.matches() || !recordings.containsKey(m.group(1))) {
            throw new IllegalArgumentException("no such recording: " + url);
        }
        long seconds = Math.max(1, recordings.get(m.group(1)).toSeconds());
        try {
            var format = new javax.sound.sampled.AudioFormat(8000, 16, 1, true, false);
            var pcm = new byte[(int) (8000 * 2 * seconds)];
            var out = new java.io.ByteArrayOutputStream();
            javax.sound.sampled.AudioSystem.write(new javax.sound.sampled.AudioInputStream(new java.io.ByteArrayInputStream(pcm), format,
                    8000 * seconds), javax.sound.sampled.AudioFileFormat.Type.WAVE, out);
            return out.toByteArray();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The public key matching the signing seed, base64: what the app is configured with. */
    public String publicKey() {
        return Base64.getEncoder().encodeToString(signingPublicKey);
    }

    // ---- helpers ----

    private static Response ok(Map<String, ?> data) {
        return new Response(200, JSON.writeValueAsString(Map.of("data", data)));
    }

    /** 422 90015 for a call_control_id Telnyx does not know: the spec's invalid_call_control_id example, with its pointer. */
    private static Response invalidCallControlId() {
        return error(422, "90015", "Invalid Call Control ID", "The call_control_id provided was not valid.", "/call_control_id");
    }

    private static Response error(int status, String code, String title, String detail, String pointer) {
        var error = new LinkedHashMap<String, Object>();
        error.put("code", code);
        error.put("title", title);
        error.put("detail", detail);
        if (pointer != null) {
            error.put("source", Map.of("pointer", pointer));
        }
        error.put("meta", Map.of("url", "https://developers.telnyx.com/docs/overview/errors/" + code));
        return new Response(status, JSON.writeValueAsString(Map.of("errors", List.of(error))));
    }

    private static String text(JsonNode node, String field) {
        var v = node.get(field);
        return v == null || v.isNull() ? null : v.asString();
    }

    private static boolean isBase64(String s) {
        try {
            Base64.getDecoder().decode(s);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
