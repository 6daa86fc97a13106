package dev.switchboard.calls;

import dev.switchboard.directory.Customers;
import dev.switchboard.directory.Jobs;
import dev.switchboard.directory.MemberStatus;
import dev.switchboard.directory.Members;
import dev.switchboard.media.Media;
import dev.switchboard.platform.Timers;
import dev.switchboard.queue.CallQueue;
import dev.switchboard.queue.QueueLine;
import dev.switchboard.queue.Queues;
import dev.switchboard.tenancy.Companies;
import dev.switchboard.platform.TenantContext;
import dev.switchboard.platform.TenantTransactionManager;
import dev.switchboard.routing.Decision;
import dev.switchboard.routing.IvrMenu;
import dev.switchboard.routing.IvrMenus;
import dev.switchboard.routing.PhoneSettings;
import dev.switchboard.routing.Router;
import dev.switchboard.routing.RoutingRules;
import dev.switchboard.routing.RoutingSnapshots;
import dev.switchboard.shared.CompanyId;
import dev.switchboard.shared.PhoneNumber;
import dev.switchboard.voicemail.GreetingType;
import dev.switchboard.voicemail.MailboxSettings;
import dev.switchboard.voicemail.Mailboxes;
import dev.switchboard.voicemail.Voicemails;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.node.ObjectNode;

/**
 * The call engine: turns carrier signals into the call's next steps. Each signal is handled in one
 * transaction that locks the call's row, so signals for one call are serialised across threads and
 * nodes; the commands it decides are sent to the carrier after that transaction commits, each with a
 * fresh command id (retried by the carrier adapter with the same id). Duplicated, late and reordered
 * signals are recognised by the legs' states and change nothing.
 */
@Service
public class CallEngine {

    private static final Logger log = LoggerFactory.getLogger(CallEngine.class);
    static final String CALLER = "CALLER";
    static final String MEMBER = "MEMBER";
    static final String FORWARD = "FORWARD";

    private final CallStore store;
    private final JdbcClient jdbc;
    private final CallControl control;
    private final RoutingSnapshots snapshots;
    private final RoutingRules rules;
    private final IvrMenus menus;
    private final PhoneSettings phoneSettings;
    private final Members members;
    private final Customers customers;
    private final Jobs jobs;
    private final Mailboxes mailboxes;
    private final Voicemails voicemails;
    private final Media media;
    private final RecordingFetcher fetcher;
    private final MediaDownloads downloads;
    private final TransactionTemplate tx;
    private final TransactionTemplate signalTx;
    /** As tx and signalTx, for a signal whose first statement (the event's record) sets the company itself. */
    private final TransactionTemplate txTenantFirst;
    private final TransactionTemplate signalTxTenantFirst;

    /**
     * Connections the engine leaves to everything else (storing incoming webhooks above all, so Telnyx
     * gets its answer): at most pool size minus these signals are in a transaction at once. Not a hard
     * reserve: work after commit and timers take no permit.
     */
    static final int RESERVED_CONNECTIONS = 4;

    /**
     * Signals in a transaction at once. Beyond this they wait here, in arrival order, rather than in the
     * connection pool's queue, where they would starve the inbox and time out after 30 s under overload.
     */
    private final java.util.concurrent.Semaphore handling;
    private final Clock clock;
    private final String publicBaseUrl;
    private final QueueLine queueLine;
    private final Queues queues;
    private final Timers timers;
    private final Companies companies;
    private final NumberOwners numberOwners;
    private final TextBacks textBacks;
    private final dev.switchboard.voicemail.MailboxAccess mailboxAccess;

    CallEngine(CallStore store, JdbcClient jdbc, CallControl control, RoutingSnapshots snapshots, RoutingRules rules,
            IvrMenus menus, PhoneSettings phoneSettings, Members members, Customers customers, Jobs jobs, Mailboxes mailboxes,
            Voicemails voicemails, Media media, RecordingFetcher fetcher, TransactionTemplate tx, Clock clock,
            @Value("${switchboard.public-base-url:http://localhost:8080}") String publicBaseUrl, QueueLine queueLine, Queues queues,
            Timers timers, Companies companies, dev.switchboard.voicemail.MailboxAccess mailboxAccess,
            @Value("${switchboard.database.pool-size:20}") int poolSize, NumberOwners numberOwners, MediaDownloads downloads,
            TextBacks textBacks) {
        this.textBacks = textBacks;
        this.numberOwners = numberOwners;
        this.downloads = downloads;
        this.handling = new java.util.concurrent.Semaphore(Math.max(1, poolSize - RESERVED_CONNECTIONS), true);
        this.mailboxAccess = mailboxAccess;
        this.queueLine = queueLine;
        this.queues = queues;
        this.timers = timers;
        this.companies = companies;
        this.store = store;
        this.jdbc = jdbc;
        this.control = control;
        this.snapshots = snapshots;
        this.rules = rules;
        this.menus = menus;
        this.phoneSettings = phoneSettings;
        this.members = members;
        this.customers = customers;
        this.jobs = jobs;
        this.mailboxes = mailboxes;
        this.voicemails = voicemails;
        this.media = media;
        this.fetcher = fetcher;
        var manager = tx.getTransactionManager();
        this.tx = requiresNew(manager, null);
        // A signal that may lock rows every call shares commits without waiting for the disk, so those rows
        // are free at once (see TenantTransactionManager.ASYNC_COMMIT and Handled.needsFlush()).
        this.signalTx = requiresNew(manager, TenantTransactionManager.ASYNC_COMMIT);
        this.txTenantFirst = requiresNew(manager, "switchboard:signal" + TenantTransactionManager.SET_BY_FIRST_STATEMENT);
        this.signalTxTenantFirst = requiresNew(manager, TenantTransactionManager.ASYNC_COMMIT + TenantTransactionManager.SET_BY_FIRST_STATEMENT);
        this.clock = clock;
        this.publicBaseUrl = publicBaseUrl.replaceAll("/+$", "");
    }

    private static TransactionTemplate requiresNew(org.springframework.transaction.PlatformTransactionManager manager, String name) {
        var template = new TransactionTemplate(manager);
        template.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        template.setName(name);
        return template;
    }

    /** A command to send after commit. */
    private sealed interface Pending {
    }

    private record Send(String legId, CallCommand command, String clientState) implements Pending {
        /**
         * A prompt is stopped under its leg's state marked {@link ClientState#stopping}: the webhook ending what it
         * stopped carries that state, and is known for a prompt we stopped by it (a stopped speak ends completed).
         */
        Send {
            if (command instanceof CallCommand.StopPrompt) {
                clientState = ClientState.stopping(clientState);
            }
        }
    }

    /**
     * Dials a leg linked to {@code linkTo}; with {@code bridgeState} (the linked leg's client state) that
     * leg is bridged to the new one at once, while it rings.
     */
    private record Dial(UUID callId, UUID memberId, String role, String from, String to, int timeoutSeconds, String linkTo,
            String clientState, String bridgeState, boolean detectMachine, String shownAs) implements Pending {
        Dial(UUID callId, UUID memberId, String role, String from, String to, int timeoutSeconds, String linkTo, String clientState) {
            this(callId, memberId, role, from, to, timeoutSeconds, linkTo, clientState, null);
        }

        Dial(UUID callId, UUID memberId, String role, String from, String to, int timeoutSeconds, String linkTo, String clientState,
                String bridgeState) {
            this(callId, memberId, role, from, to, timeoutSeconds, linkTo, clientState, bridgeState, false, null);
        }

        /** This dial showing its phone {@code name} as the caller's (see {@link CallerDisplay}). */
        Dial shown(String name) {
            return new Dial(callId, memberId, role, from, to, timeoutSeconds, linkTo, clientState, bridgeState, detectMachine, name);
        }
    }

    /**
     * The step's field with who a member's phone shows is calling ({@link CallerDisplay}): set when the call is created
     * (the caller, or the person a call out calls), for every ring of a member on it, a transfer's too.
     */
    static final String SHOWN_AS = "shown_as";

    /** A member's phone rung for {@code call}, showing who the call is with. */
    private static Dial toMember(CallStore.Journey call, Dial d) {
        return d.shown(call.step().path(SHOWN_AS).asString(null));
    }

    /**
     * {@code d} asking for answering machine detection where {@link #detectMachine} says so. Decided here, inside the
     * transaction that makes the dial: the dial itself is placed after commit, where the company's rows are out of
     * sight (row-level security; the committed transaction's company setting is gone), and a member who confirms
     * forwarded calls looked up there was not found and had their cell detected.
     */
    private Dial detecting(Dial d) {
        return new Dial(d.callId(), d.memberId(), d.role(), d.from(), d.to(), d.timeoutSeconds(), d.linkTo(), d.clientState(),
                d.bridgeState(), detectMachine(d.to(), d.memberId()), d.shownAs());
    }

    private record FetchVoicemail(UUID messageId, String url) implements Pending {
    }

    private record FetchRecording(UUID callId, String url) implements Pending {
    }

    /**
     * A greeting recorded by phone: copied from the carrier into media storage, then made the box's greeting; the
     * caller, if still on the line, is then told whether it was saved ({@code saved} or {@code notSaved}, or null).
     */
    private record FetchGreeting(UUID memberId, String url, Send saved, Send notSaved) implements Pending {
    }

    /** Offers a queue's waiting callers to its free members, after commit. */
    /** A queue refused the caller while this signal was handled (nothing to send: see enqueue). */
    private record QueueRefused(UUID queueId) implements Pending {
    }

    private record DispatchQueue(UUID queueId) implements Pending {
    }

    /** A member may have become free: offer them the callers waiting in their queues. */
    private record DispatchMemberQueues(UUID memberId) implements Pending {
    }

    /** Moves a round-robin pointer after commit, in its own short transaction: that row is shared by every call. */
    private record AdvanceRoundRobin(UUID ruleId, int size, int expected, int next) implements Pending {
    }

    /**
     * What handling a signal came to: whether it was new (false for a redelivery, which changes nothing),
     * and its commands to the carrier, to be sent once the carrier has had its answer ({@link #send()}).
     */
    public static final class Handled {
        private static final Runnable NONE = () -> { };
        private final boolean fresh;
        private final boolean flush;
        private final Runnable commands;

        private Handled(boolean fresh, Runnable commands) {
            this(fresh, false, commands);
        }

        private Handled(boolean fresh, boolean flush, Runnable commands) {
            this.fresh = fresh;
            this.flush = flush;
            this.commands = commands;
        }

        /** Whether its transaction committed without waiting for the disk: flush (WalFlush) before acknowledging it. */
        public boolean needsFlush() {
            return flush;
        }

        public boolean fresh() {
            return fresh;
        }

        public boolean hasCommands() {
            return commands != NONE;
        }

        /** Sends the commands the signal led to (after commit; retried by the carrier adapter). */
        public void send() {
            commands.run();
        }
    }

    /** Handles one signal from the carrier and sends its commands. Safe to call with duplicates and out of order. */
    public void handle(CallSignal signal) {
        handle(signal, () -> true).send();
    }

    /**
     * Handles one signal, running {@code record} first in the same transaction: the carrier stores the
     * event in its inbox there, already marked handled (one row, one commit per webhook), and a false
     * answer (the event was stored before: a redelivery) ends the handling at once. A signal that may
     * lock rows every call shares (a member's availability, a round-robin pointer: an answer, a member's
     * hangup, digits, a prompt's end) commits without waiting for the disk
     * (TenantTransactionManager.ASYNC_COMMIT), so those rows are free at once, and says so
     * ({@link Handled#needsFlush()}): a caller that stored the event in it makes it durable (WalFlush)
     * before it acknowledges the event or sends the commands. The others (a call or a dialled leg
     * beginning, the caller hanging up) lock only their own call's rows and commit durably. Events the
     * engine takes no step on are only recorded, without a transaction. The commands are returned, not sent.
     */
    public Handled handle(CallSignal signal, java.util.function.BooleanSupplier record) {
        return handle(signal, tenantSetting -> record.getAsBoolean(), false, p -> true);
    }

    /**
     * Records the event as the first statement of a signal's transaction, and that statement sets the
     * transaction's company too: given a {@code tenantSetting} ({@link TenantTransactionManager#tenantSetting()}),
     * it must lead with {@code with <tenantSetting>} and select from {@code tenant_setting}; given null
     * (no transaction: an event the engine takes no step on, or a call nobody owns) it records as usual.
     * One round trip fewer per signal than {@link #handle(CallSignal, java.util.function.BooleanSupplier)}.
     */
    @FunctionalInterface
    public interface Recorder {
        boolean record(String tenantSetting);

        /**
         * The same record as a write (given a {@code tenantSetting}, never null then) whose changed-rows count
         * says whether the event is fresh, so the engine can send it with the call's lock in one round trip;
         * null to have {@link #record} called instead.
         */
        default dev.switchboard.platform.Write asWrite(String tenantSetting) {
            return null;
        }
    }

    /** As {@link #handle(CallSignal, java.util.function.BooleanSupplier)}, the event's record setting the transaction's company. */
    public Handled handle(CallSignal signal, Recorder record) {
        return handle(signal, record, true, p -> true);
    }

    /**
     * Handles the hangup of a leg whose carrier is gone with everything it knew (the demo's in-process simulator, after
     * the app restarted), as {@link #handle(CallSignal)} does, except that nothing of it goes to the carrier: no command
     * (the call's other legs went with it), no dial, and no waiting caller is offered to a member it frees (those
     * callers' legs may be gone too, their calls not ended yet: offer them with {@link #availabilityChanged()} once
     * every such call has been). Copying a recording from the carrier is still tried, as the media downloads would.
     */
    public void handleWithCarrierGone(CallSignal.Hangup hangup) {
        handle(hangup, tenantSetting -> true, false, p -> !(p instanceof Send || p instanceof Dial || p instanceof DispatchQueue
                || p instanceof DispatchMemberQueues)).send();
    }

    /** {@code keep}: which of the signal's after-commit work is done (the rest is dropped). */
    private Handled handle(CallSignal signal, Recorder recorder, boolean recordSetsTenant, java.util.function.Predicate<Pending> keep) {
        java.util.function.BooleanSupplier record = () -> recorder.record(null); // outside a signal's transaction
        if (takesNoStep(signal)) {
            // Events the engine takes no step on (a prompt started, two legs bridged, a prompt we stopped
            // ourselves, a machine-detection result...): no need to lock the call or log them for it. They
            // stay in the carrier inbox.
            return new Handled(record.getAsBoolean(), Handled.NONE);
        }
        var state = ClientState.decode(signal.clientState());
        var company = company(signal, state);
        if (company == null) {
            boolean fresh = record.getAsBoolean();
            if (fresh && signal instanceof CallSignal.Initiated i && i.incoming()) {
                log.warn("Incoming call to {} which no company owns: rejected", i.to());
                // The one command without a client state: no company owns the number, so there is no call (and no
                // company) of ours to name, and the leg ends with this command.
                return new Handled(true, () -> send(List.of(new Send(i.legId(), new CallCommand.Reject(false), null))));
            }
            return new Handled(fresh, Handled.NONE);
        }
        var pending = new ArrayList<Pending>();
        var fresh = new boolean[1];
        boolean shared = locksSharedRows(signal, state);
        handling.acquireUninterruptibly();
        try {
            var template = recordSetsTenant ? (shared ? signalTxTenantFirst : txTenantFirst) : shared ? signalTx : tx;
            TenantContext.runAs(company, () -> template.executeWithoutResult(s -> {
                store.beginUnit();
                try {
                    var setting = recordSetsTenant ? TenantTransactionManager.tenantSetting() : null;
                    var write = setting != null && state != null && state.callId() != null ? recorder.asWrite(setting) : null;
                    // The event's record and the call's lock in one round trip when the call is known from the
                    // client state (every signal but a new incoming call's).
                    // (With whether the signal's leg is recorded for any call: see legOf.)
                    fresh[0] = write != null ? store.recordAndLock(write, state.callId(), signal.legId()) : recorder.record(setting);
                    if (!fresh[0]) {
                        return;
                    }
                    process(signal, state, pending);
                    // The round-robin pointer last, in the signal's statement of writes, so its row (shared by
                    // every call of the rule) is held only for the commit; should another call hold it right
                    // now, that call moves it on instead.
                    for (var p : pending) {
                        if (p instanceof AdvanceRoundRobin a) {
                            store.alsoWrite(rules.roundRobinWrite(a.ruleId(), a.size(), a.expected(), a.next(), false));
                        }
                    }
                    if (s.isRollbackOnly()) {
                        store.flush(); // the transaction manager rolls it back
                    } else {
                        // The writes and the commit in one round trip; nothing runs in this transaction after them.
                        store.flushAndCommit();
                    }
                } finally {
                    store.endUnit();
                }
                pending.removeIf(p -> p instanceof AdvanceRoundRobin || !keep.test(p));
            }));
        } finally {
            handling.release();
        }
        return new Handled(fresh[0], shared, pending.isEmpty() ? Handled.NONE : () -> TenantContext.runAs(company, () -> send(pending)));
    }

    /**
     * Whether handling {@code signal} may lock rows that other calls need too (a member's availability,
     * a round-robin pointer, a queue): everything but a leg beginning, the caller hanging up and a
     * recording's transcription, which touch only their own call (a guess that errs only in cost, never
     * in safety).
     */
    static boolean locksSharedRows(CallSignal signal, ClientState state) {
        return switch (signal) {
            case CallSignal.Initiated i -> false;
            case CallSignal.Hangup h -> state == null || !CALLER.equals(state.role());
            case CallSignal.RecordingTranscribed t -> false;
            case CallSignal.MachineDetected m -> false;
            default -> true;
        };
    }

    /** Signals that change nothing, whatever the call's state: the engine does not even lock the call for them. */
    static boolean takesNoStep(CallSignal signal) {
        return switch (signal) {
            case CallSignal.Other o -> true;
            case CallSignal.Bridged b -> true;
            // A prompt we stopped: cancelled (a playback), or completed under the state we stopped it with (a speak,
            // whose call.speak.ended has no cancelled status: Telnyx says completed). Except a dialled number's: we stop
            // none, and the carrier's cancelled_amd (a machine detected) ends a call out's recording announcement, after
            // which the number is put through all the same (see outboundNoticeEnded).
            case CallSignal.PromptEnded p -> p.end() == CallSignal.PromptEnd.STOPPED && !toANumber(p) || p.end() == CallSignal.PromptEnd.CALLER_GONE
                    || stoppedByUs(p);
            // A gather the caller's hangup (or another command) ended is no choice of theirs: a menu must not
            // count it as a try, let alone send the call to its timeout target with nobody on the line.
            case CallSignal.DigitsGathered g -> g.end() == CallSignal.GatherEnd.STOPPED || g.end() == CallSignal.GatherEnd.CALLER_GONE;
            default -> false;
        };
    }

    /** Whether the prompt played on a number we dialled (a call out's, a forward's: the FORWARD role). */
    private static boolean toANumber(CallSignal.PromptEnded p) {
        var state = ClientState.decode(p.clientState());
        return state != null && FORWARD.equals(state.role());
    }

    /** Whether the prompt ended under the client state of our own stop command (see {@link ClientState#stopping}). */
    private static boolean stoppedByUs(CallSignal.PromptEnded p) {
        var state = ClientState.decode(p.clientState());
        return state != null && state.stopping();
    }

    private CompanyId company(CallSignal signal, ClientState state) {
        if (state != null) {
            return new CompanyId(state.companyId());
        }
        if (signal instanceof CallSignal.Initiated i && i.incoming()) {
            return numberOwners.owner(i.to()).orElse(null);
        }
        return jdbc.sql("select leg_company(:l)").param("l", signal.legId()).query(UUID.class).optional()
                .map(CompanyId::new).orElse(null);
    }

    // ---- processing, inside the call's transaction ----

    private void process(CallSignal signal, ClientState state, List<Pending> out) {
        if (signal instanceof CallSignal.Initiated i && i.incoming() && state == null) {
            startInbound(i, out);
            return;
        }
        var callId = state != null ? state.callId() : store.callOfLeg(signal.legId()).orElse(null);
        if (callId == null) {
            return;
        }
        var at = signal.occurredAt() == null ? clock.instant() : signal.occurredAt();
        var call = store.lock(callId).orElse(null);
        if (call == null) {
            return;
        }
        if (state != null && !legOf(call, signal.legId())) {
            // The client state is the carrier's echo of what we set, not proof: a leg of another call (another company's
            // even) under a state naming this call is not ours to act on, whatever the state says.
            log.warn("Ignored {} of leg {}: its client state names call {}, which the leg is not of", journeyKind(signal), signal.legId(), callId);
            return;
        }
        var role = state != null ? state.role() : roleOf(call, signal.legId());
        if (handedOn(call) && signal.legId().equals(call.callerLegId()) && !(signal instanceof CallSignal.Initiated)) {
            // The number a call out dialled, its caller since it was handed on: its webhooks may still carry the state it
            // was dialled with until our commands to it give it the caller's. (Not its initiation, delivered late: that
            // records the leg's number, as a dialled leg's.)
            role = CALLER;
        }
        store.event(callId, at, journeyKind(signal), role + " " + signal.legId());
        switch (signal) {
            case CallSignal.Initiated i -> {
                var before = CALLER.equals(role) || call.endedAt() == null ? null : leg(call, i.legId()).orElse(null);
                boolean added = !CALLER.equals(role) && store.addLeg(callId, i.legId(), role, state == null ? null : state.memberId(), i.to(), at);
                if (before != null && before.destination() == null && before.billedFrom() != null
                        && i.to() != null && i.to().startsWith("+")) {
                    // A leg whose answer (or hangup) was heard before its initiation (reordered webhooks) was recorded
                    // without its number, and an ended call was costed without it: it was a phone number's leg after
                    // all, billed by the carrier from its answer (a member's cell a call out rang first, say).
                    costAgain(call);
                }
                if (added && "OUTBOUND".equals(call.direction()) && MEMBER.equals(role)
                        && store.legs(callId).stream().filter(l -> MEMBER.equals(l.role())).count() == 1) {
                    // An outbound call's first leg is our member's phone; the number dialled is linked to it (one session).
                    store.addMetadata(callId, java.util.Collections.singletonMap("carrier_call_session_id", i.sessionId()));
                }
                if (added && nobodyWaitsFor(call, role)) {
                    // Dialled just before the caller left or someone else answered, and known only now: nobody
                    // is waiting for this phone any more.
                    out.add(new Send(i.legId(), new CallCommand.Hangup(), cs(callId, role, state == null ? null : state.memberId())));
                }
            }
            case CallSignal.Answered a -> answered(call, role, state, a, at, out);
            case CallSignal.PromptEnded p -> {
                if (CALLER.equals(role)) {
                    promptEnded(call, p.end(), at, out);
                } else if (FORWARD.equals(role) && "OUTBOUND".equals(call.direction())) {
                    outboundNoticeEnded(call, p, out);
                }
            }
            case CallSignal.DigitsGathered g -> {
                if (CALLER.equals(role) && "MENU".equals(call.phase())) {
                    gathered(call, g, out);
                } else if (CALLER.equals(role) && call.phase().startsWith("MAILBOX")) {
                    mailboxDigits(call, g, out);
                } else if (MEMBER.equals(role) && confirming(call, g.legId())) {
                    confirmed(call, g, at, out);
                }
            }
            case CallSignal.Hangup h -> hungUp(call, role, state, h, at, out);
            case CallSignal.RecordingSaved r -> recordingSaved(call, r, at, out);
            case CallSignal.DtmfReceived d -> {
                if (CALLER.equals(role) && "QUEUED".equals(call.phase())) {
                    queueKey(call, d.digit(), at, out);
                } else if (CALLER.equals(role) && "MAILBOX_GREETING_RECORDING".equals(call.phase()) && "#".equals(d.digit())) {
                    out.add(new Send(call.callerLegId(), new CallCommand.RecordStop(), cs(call.id(), CALLER, null)));
                }
            }
            case CallSignal.RecordingTranscribed t -> recordingTranscribed(call, t);
            case CallSignal.MachineDetected m -> machineDetected(call, role, state, m, out);
            case CallSignal.RecordingFailed f -> recordingFailed(call, f, out);
            case CallSignal.Transcribed t -> {
                // An empty or blank transcript is no transcription: stored, it read as one with nothing in it.
                if (t.isFinal() && t.transcript() != null && !t.transcript().isBlank()) {
                    var text = t.transcript().strip();
                    if (call.voicemailId() != null) {
                        voicemails.transcribed(call.voicemailId(), text);
                    }
                    store.update(callId, Map.of("transcription", text));
                }
            }
            default -> { }
        }
    }

    /**
     * The journey row's kind for a signal: its type, except a transcription with no words in it (a silent message: the
     * demo carrier sends one with empty text), which is kept as none and must not read as "Transcription received"; nor
     * must one that failed (no text will come) or a live transcript's partial result (not the final text); nor an entry
     * of keys that ended without one (a menu's timeout read as "Keys pressed").
     */
    static String journeyKind(CallSignal signal) {
        return switch (signal) {
            case CallSignal.RecordingTranscribed t when !t.completed() -> "RecordingTranscribedFailed";
            case CallSignal.Transcribed t when !t.isFinal() -> "TranscribedPartial";
            case CallSignal.RecordingTranscribed t when t.completed() && (t.text() == null || t.text().isBlank()) ->
                    "RecordingTranscribedEmpty";
            case CallSignal.Transcribed t when t.isFinal() && (t.transcript() == null || t.transcript().isBlank()) ->
                    "TranscribedEmpty";
            // How asking for keys ended (a timeout is no key pressed), never the keys themselves (a PIN among them).
            case CallSignal.DigitsGathered g when g.end() != CallSignal.GatherEnd.VALID -> switch (g.end()) {
                case TIMEOUT -> "GatherTimedOut";
                case INVALID -> "GatherInvalid";
                case CALLER_GONE -> "GatherCallerGone";
                case STOPPED -> "GatherStopped";
                default -> "GatherFailed";
            };
            default -> signal.getClass().getSimpleName();
        };
    }

    /**
     * Whether {@code legId} may be a leg of {@code call}: one of its legs, or a leg recorded for no call yet (one we
     * dialled for it, whose webhooks came before its initiation's). A leg of another call is not, whichever company's.
     */
    private boolean legOf(CallStore.Journey call, String legId) {
        if (legId == null || legId.equals(call.callerLegId()) || store.legs(call.id()).stream().anyMatch(l -> legId.equals(l.legId()))) {
            return true;
        }
        return !store.legRecorded(legId); // read with the call's lock, in its round trip, on a signal's usual path
    }

    private void startInbound(CallSignal.Initiated i, List<Pending> out) {
        // Derived from the caller's leg: if this commit were lost in a database crash (it does not wait for
        // the disk) after the answer went out with this id in its client state, handling the event again
        // recreates the same call, and the leg's later webhooks still find it.
        var callId = UUID.nameUUIDFromBytes(("call:" + i.legId()).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        var at = i.occurredAt() == null ? clock.instant() : i.occurredAt();
        if (!store.create(callId, "INBOUND", i.from(), i.to(), "ANSWERING", i.legId(), at)) {
            return; // this call.initiated was handled before (another event id for the same leg)
        }
        store.addLeg(callId, i.legId(), CALLER, null, i.from(), at);
        var incoming = snapshots.decideIncoming(i.from(), i.to(), at);
        var known = incoming.known();
        var decision = incoming.decision();
        var step = store.newStep();
        step.put(SHOWN_AS, CallerDisplay.of(known, incoming.openJob() == null ? null : incoming.openJob().customerId(), i.callerName(), i.from()));
        step.put("known", !known.isEmpty());
        step.set("tags", store.json().valueToTree(known.stream().flatMap(c -> c.tags().stream()).toList()));
        if (incoming.openJob() != null) {
            // For the decisions later in the call (a menu's choice, a queue's overflow) to ring the caller's technician first too.
            step.set("open_job", store.json().valueToTree(incoming.openJob()));
        }
        // No "action" in the step: the call is on its plan's action (see currentAction).
        var columns = new LinkedHashMap<String, Object>();
        // The plan is read back by every later signal of the call: without its trace, which has a column of its own.
        putPlan(columns, callId, new Decision(decision.greeting(), decision.action(), decision.ruleId(), decision.record(), List.of()));
        columns.put("trace", decision.trace());
        columns.put("rule_id", decision.ruleId());
        columns.put("step", step);
        if (incoming.directLineOf() != null) {
            columns.put("direct_line_of", incoming.directLineOf());
        }
        // The customer and job routing went by (a number several customers share: the one whose open job it is).
        linkCustomer(known, incoming.openJob() == null ? null : incoming.openJob().customerId(),
                incoming.openJob() == null ? null : incoming.openJob().jobId(), columns);
        store.update(callId, columns);
        var facts = new LinkedHashMap<String, Object>();
        facts.put("dialled_number", i.to());
        facts.put("carrier_call_session_id", i.sessionId());
        facts.put("caller_id_name", i.callerName());
        store.addMetadata(callId, facts);
        store.event(callId, at, "Decided", String.join("\n", decision.trace()));
        out.add(new Send(i.legId(), new CallCommand.Answer(false), cs(callId, CALLER, null)));
    }

    private List<dev.switchboard.directory.Customer> lookup(String from) {
        try {
            return customers.findByNumber(new PhoneNumber(from));
        } catch (IllegalArgumentException e) {
            return List.of();
        }
    }

    /**
     * Whether a dialled leg in {@code role}, known only now, has nobody waiting for it: the call has ended, or
     * (a member's phone on an incoming call) someone else answered it and it is not ringing a transfer.
     */
    private static boolean nobodyWaitsFor(CallStore.Journey call, String role) {
        return call.endedAt() != null || MEMBER.equals(role) && callerOutside(call)
                && call.answeredAt() != null && !"TRANSFERRING".equals(call.phase());
    }

    private void answered(CallStore.Journey call, String role, ClientState state, CallSignal.Answered a, Instant at, List<Pending> out) {
        boolean transferring = "TRANSFERRING".equals(call.phase());
        if (MEMBER.equals(role) && call.endedAt() == null
                && (transferring || "INBOUND".equals(call.direction()) && call.answeredAt() == null || placingOut(call))) {
            // A new call's ring, or a transfer's (a cell whose voicemail picks up would take the caller as well), or
            // the member's own phone rung first for a call out (its voicemail would have the number dialled into it).
            if (confirming(call, a.legId()) || detecting(call, a.legId())) {
                return; // the same answer again: the question is asked already, or the detection awaited
            }
            var leg = leg(call, a.legId()).orElse(null);
            if (leg == null) {
                // The answer arrived before the leg was recorded (reordered webhooks): record it, then go on.
                store.addLeg(call.id(), a.legId(), role, state == null ? null : state.memberId(), null, at);
                leg = leg(call, a.legId()).orElse(null);
            }
            if (leg != null && "RINGING".equals(leg.state()) && mustConfirm(call, leg)) {
                // Not answered for the call yet, but connected: the carrier bills that phone from now (see CallCharges).
                store.legConnected(leg.legId(), at);
                askToConfirm(call, leg, out);
                return;
            }
            if (leg != null && "RINGING".equals(leg.state()) && placingOut(call) && detectMachine(leg.destination(), leg.memberId())) {
                store.legConnected(leg.legId(), at);
                var known = detectedAlready(call, leg.legId());
                if (known != null) {
                    // Its detection came first (webhooks out of order): acted on now, not after waiting for it in vain.
                    note(call, memberName(leg.memberId()) + "'s phone answered, the carrier having told already who picked up");
                    detectedBeforeDialling(call, leg.legId(), known, at, out);
                } else {
                    awaitDetection(call, leg, at);
                }
                return;
            }
        }
        if (!store.legState(a.legId(), "ANSWERED", at, null)) {
            var known = leg(call, a.legId());
            if (!CALLER.equals(role) && known.isEmpty()) {
                // The answer arrived before the leg was recorded (reordered webhooks): record it, then go on.
                store.addLeg(call.id(), a.legId(), role, state == null ? null : state.memberId(), null, at);
                store.legState(a.legId(), "ANSWERED", at, null);
            } else {
                // The carrier's answer may be earlier than the leg was taken for connected: a person detected on it before its
                // answer came (answered then), or its hangup heard first. The carrier bills it from this answer.
                boolean aNumber = !CALLER.equals(role) && known.isPresent() && known.get().destination() != null
                        && known.get().destination().startsWith("+");
                boolean billedLonger = aNumber && store.connectedBy(a.legId(), at);
                if (CALLER.equals(role) && "INBOUND".equals(call.direction()) && call.endedAt() != null && call.connectedAt() == null
                        && at.isBefore(call.endedAt()) && a.legId().equals(call.callerLegId())) {
                    // We answered the caller, and the carrier bills the call from then, but its answer came after their
                    // hangup (webhooks out of order): the call ended as never connected, billed nothing. Billed from it now.
                    callerAnsweredAfterTheHangup(call, at);
                    return;
                }
                if (!CALLER.equals(role) && known.isPresent() && "ENDED".equals(known.get().state())) {
                    var leg = known.get();
                    if ((MEMBER.equals(role) || FORWARD.equals(role)) && "INBOUND".equals(call.direction()) && call.answeredAt() == null
                            && CallSignal.Reason.NORMAL.stored().equals(leg.hangupCause()) && !mustConfirm(call, leg)
                            && putThroughByItsAnswer(call, leg) && store.answeredBeforeItEnded(a.legId(), at)) {
                        // Picked up, talked, hung up, and the answer came last (webhooks out of order): the member (or the
                        // number the call was forwarded to) did answer this caller, and the call is theirs. Only on a phone
                        // whose answer alone put the caller through (bridged to it while it rang, or the carrier's forward):
                        // on any other (a queue's offer, a simultaneous ring) the caller is put through once the answer is
                        // heard, and was never put through to this one.
                        answeredAfterItsHangup(call, leg, at);
                        return;
                    }
                    if (FORWARD.equals(role) && "OUTBOUND".equals(call.direction()) && call.answeredAt() == null
                            && CallSignal.Reason.NORMAL.stored().equals(leg.hangupCause()) && memberOnAt(call, at)
                            && store.answeredBeforeItEnded(a.legId(), at)) {
                        // The number of a call out picked up while our member was on, and its answer came after its
                        // hangup: it did answer (the carrier bills the leg from then).
                        answeredAfterItsHangup(call, leg, at);
                        return;
                    }
                    // A phone we had ended (the call moved on without it) picked up before its hangup took: nobody
                    // is waiting on this line.
                    out.add(new Send(a.legId(), new CallCommand.Hangup(), cs(call.id(), leg)));
                    if ("INBOUND".equals(call.direction()) && aNumber && store.answeredBeforeItEnded(a.legId(), at)) {
                        billedLonger = true;
                    }
                }
                if (billedLonger && call.endedAt() != null) {
                    // A phone number's leg: the carrier billed it from its answer until it ended, and the call's cost says so
                    // (one still going counts it when it ends).
                    costAgain(call);
                }
                return;
            }
        }
        if ("TRANSFERRING".equals(call.phase()) && !CALLER.equals(role)) {
            transferAnswered(call, state, a, at, out);
            return;
        }
        if (handedOn(call) && !CALLER.equals(role)) {
            // A phone rung for a transfer of the call out that is over (answered elsewhere, given up): nobody waits for it.
            out.add(new Send(a.legId(), new CallCommand.Hangup(), cs(call.id(), role, state == null ? null : state.memberId())));
            return;
        }
        if ("OUTBOUND".equals(call.direction())) {
            outboundAnswered(call, role, state, a, at, out);
            return;
        }
        if (CALLER.equals(role)) {
            if (call.step().hasNonNull("setup_failed")) {
                // The answer was thought lost (it timed out) but the carrier did answer: the call is set up after all.
                var step = call.step().deepCopy();
                step.remove("setup_failed");
                store.update(call.id(), Map.of("step", step));
                note(call, "the carrier had answered the call after all (only its reply was lost): not rejected, the call goes on");
                call = store.lock(call.id()).orElseThrow();
            }
            store.update(call.id(), Map.of("connected_at", at));
            var plan = plan(call);
            var settings = snapshots.phoneSettings();
            if (plan.record() && settings.announceRecording()) {
                // Told before anyone is rung, greeting included: consent to recording is the caller's to give.
                out.add(new Send(call.callerLegId(), new CallCommand.Speak(settings.recordingAnnouncement(), null, null), cs(call.id(), CALLER, null)));
                setPhase(call, "RECORDING_NOTICE", null);
                note(call, "the call is recorded: the caller is told so first");
                return;
            }
            greetOrRun(call, plan, out);
            return;
        }
        memberAnswered(call, role, state == null ? null : state.memberId(), a.legId(), at, out);
    }

    /**
     * A member's phone (or the number a call is forwarded to) answered an incoming call, and the leg is recorded
     * answered: the call is theirs, unless it ended or someone else answered first.
     */
    private void memberAnswered(CallStore.Journey call, String role, UUID memberId, String legId, Instant at, List<Pending> out) {
        if (call.endedAt() != null || call.answeredAt() != null) {
            out.add(new Send(legId, new CallCommand.Hangup(), cs(call.id(), role, memberId)));
            var putThrough = call.endedAt() != null && call.answeredAt() == null && at.isBefore(call.endedAt())
                    ? leg(call, legId).filter(l -> putThroughByItsAnswer(call, l) && !mustConfirm(call, l)
                            && (FORWARD.equals(l.role()) || call.step().path("ring_bridge").asBoolean(false))).orElse(null) : null;
            if (putThrough != null) {
                // Picked up while the caller was still on, who was put through by that answer alone (bridged to the phone
                // while it rang, the ring still on when the call ended; or the carrier's forward), and heard only after the
                // caller's hangup ended the call: the caller did talk to them, and the call is answered, as when the answer
                // comes after the phone's own hangup.
                answeredAfterItsHangup(call, putThrough, at, "the caller's hangup");
            } else if (call.endedAt() != null) {
                costAgain(call);
            }
            return;
        }
        var columns = new LinkedHashMap<String, Object>();
        columns.put("answered_at", at);
        columns.put("answered_by", memberId);
        columns.put("phase", "BRIDGED");
        boolean bridgedWhileRinging = call.step().path("ring_bridge").asBoolean(false) && !"QUEUED".equals(call.phase());
        if (FORWARD.equals(role)) {
            // Bridged by the carrier's transfer, which hangs the caller up with this leg. A recorded rule records
            // it as it records a member's answer: on the caller's leg, so both sides are heard.
            boolean record = plan(call).record();
            var step = call.step().deepCopy();
            step.put(ANSWERED_LEG, legId);
            if (record) {
                step.put("call_recording", true);
            }
            columns.put("step", step);
            store.update(call.id(), columns);
            if (currentAction(call) instanceof Decision.Forward f) {
                note(call, "answered at " + f.number());
            }
            keepDetection(call.id(), step, true);
            if (record) {
                out.add(new Send(call.callerLegId(), new CallCommand.RecordStart(false, 0), cs(call.id(), CALLER, null)));
            }
            return;
        }
        // The caller's leg is bridged to this one to park after unbridge (below, or while it rang): it stays up
        // when this leg goes, so a member who hangs up during a blind transfer leaves the caller waiting for it.
        // Otherwise the member's hangup ends the conversation, and the caller's leg with it: see hungUp.
        var step = call.step().deepCopy();
        step.put("connected_leg", legId);
        step.put(ANSWERED_LEG, legId);
        // A forwarded phone still asked to press 1 is hung up below with the others: its question is over.
        call.step().path("confirming").forEach(l -> timers.cancel(TIMER_CALL, call.id(), CONFIRM_TIMER + l.asString()));
        step.remove("confirming");
        var plan = plan(call);
        if (plan.record()) {
            // The call's own recording, running until the call ends or its caller goes to voicemail (see run):
            // its saved event is told from the voicemail's by this mark (see recordingSaved).
            step.put("call_recording", true);
        }
        columns.put("step", step);
        store.update(call.id(), columns);
        keepDetection(call.id(), step, true);
        if (memberId != null) {
            // Sent with the signal's other writes: nothing below reads the member's row.
            store.alsoWrite(members.answeredWrite(memberId, today()));
        }
        if ("QUEUED".equals(call.phase())) {
            var entryId = stepId(call, "entry_id");
            queueLine.connected(entryId, memberId, at);
            timers.cancelAll(TIMER_CALL, call.id());
        }
        if ("QUEUED".equals(call.phase()) || call.step().path("ringback").asBoolean(false)) {
            out.add(new Send(call.callerLegId(), new CallCommand.StopPrompt(), cs(call.id(), CALLER, null)));
        }
        if (!bridgedWhileRinging) {
            // Unless the caller was bridged to this phone while it rang: then they are talking already.
            out.add(new Send(call.callerLegId(), new CallCommand.Bridge(legId, false, true), cs(call.id(), CALLER, null)));
        }
        var legs = store.legs(call.id());
        note(call, "answered by " + rungName(call, memberId) + answeredOn(legs, legId));
        for (var leg : legs) {
            if (!leg.legId().equals(legId) && MEMBER.equals(leg.role()) && !"ENDED".equals(leg.state())) {
                out.add(new Send(leg.legId(), new CallCommand.Hangup(), cs(call.id(), leg)));
            }
        }
        if (plan.record()) {
            out.add(new Send(call.callerLegId(), new CallCommand.RecordStart(false, 0), cs(call.id(), CALLER, null)));
        }
    }

    /**
     * Whether {@code call} is a call out (a queue callback, a click-to-call) still ringing the member who places it:
     * the number is dialled once one of their phones answers.
     */
    private static boolean placingOut(CallStore.Journey call) {
        return "OUTBOUND".equals(call.direction()) && "DIALING_MEMBER".equals(call.phase());
    }

    /** How long whoever answers a forwarded call has to press 1, once asked. */
    static final int CONFIRM_TIMEOUT_MILLIS = 10_000;

    /** Whether {@code legId} is a forwarded phone that answered and is being asked to press 1 (see {@link #askToConfirm}). */
    private static boolean confirming(CallStore.Journey call, String legId) {
        for (var leg : call.step().path("confirming")) {
            if (leg.asString().equals(legId)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether whoever answered member {@code leg} must press 1 before the caller is put through (before the number is
     * dialled, for a call out the member places: see {@link #placingOut}): it rang the
     * member's forwarding number (not their SIP phone), the member has confirm on, and the caller was not bridged
     * to it while it rang (they would be hearing it already). A leg recorded before its destination was known is
     * the forwarding number when that is the only phone the member is rung on.
     */
    private boolean mustConfirm(CallStore.Journey call, CallStore.Leg leg) {
        var destination = leg.destination();
        if (leg.memberId() == null || destination != null && destination.regionMatches(true, 0, "sip", 0, 3)
                || call.step().path("ring_bridge").asBoolean(false) && !"QUEUED".equals(call.phase()) && !"TRANSFERRING".equals(call.phase())) {
            return false; // (a transfer never bridges the caller to a phone while it rings: see ringing)
        }
        var member = members.find(leg.memberId()).orElse(null);
        if (member == null || !member.confirmForwardedCalls() || member.callForwardingNumber() == null) {
            return false;
        }
        var number = member.callForwardingNumber().e164();
        return destination != null ? destination.equals(number) : Router.destinations(member).equals(List.of(number));
    }

    /**
     * A member's forwarded phone answered, and they confirm forwarded calls: it is not put through yet. Whoever
     * answered hears who the call is for and from, and is asked to press 1; the leg still counts as ringing (the
     * member's other phones ring on, the caller hears ringing) until they do (see {@link #confirmed}). For a call
     * out rung to the member first (a queue callback, a click-to-call), they hear whom it will call, and the number
     * is dialled only once they press 1.
     */
    private void askToConfirm(CallStore.Journey call, CallStore.Leg leg, List<Pending> out) {
        var step = call.step().deepCopy();
        var confirming = step.path("confirming").isArray() ? (tools.jackson.databind.node.ArrayNode) step.get("confirming")
                : step.putArray("confirming");
        confirming.add(leg.legId());
        store.update(call.id(), Map.of("step", step));
        note(call, memberName(leg.memberId()) + "'s forwarded phone answered: asking them to press 1");
        var text = question(call);
        var speech = questionSpeech(leg.memberId());
        out.add(new Send(leg.legId(), new CallCommand.GatherWithSpeech(text, speech[0], speech[1], 1, 1, CONFIRM_TIMEOUT_MILLIS, null, "1"),
                cs(call.id(), leg)));
        // Should the question never reach the carrier (unreachable after retries), no call.gather.ended would come
        // and the caller would hear ringing for as long as that phone stays up: a durable timer ends the wait.
        timers.schedule(TIMER_CALL, call.id(), CONFIRM_TIMER + leg.legId(), clock.instant().plus(confirmWait(text)), Map.of());
    }

    /** What whoever answers a member's forwarded phone is asked (see {@link #askToConfirm}). */
    private String question(CallStore.Journey call) {
        var company = companies.current().name();
        if (!placingOut(call)) {
            return "Call for " + company + " from " + spokenNumber(theirNumber(call)) + ". Press 1 to accept.";
        }
        if (call.step().hasNonNull("callback_entry_id")) {
            return "Callback for " + company + " to " + spokenNumber(call.to()) + ". Press 1 to call them now.";
        }
        return "Call out for " + company + ". Press 1 to call " + spokenNumber(call.to()) + ".";
    }

    /** {@code legId} is no longer being asked to press 1 (it answered, ended or was given up on): its safety timer goes too. */
    private void stopAsking(CallStore.Journey call, String legId) {
        var step = call.step().deepCopy();
        var left = step.putArray("confirming");
        call.step().path("confirming").forEach(l -> {
            if (!l.asString().equals(legId)) {
                left.add(l.asString());
            }
        });
        if (left.isEmpty()) {
            step.remove("confirming");
        }
        store.update(call.id(), Map.of("step", step));
        timers.cancel(TIMER_CALL, call.id(), CONFIRM_TIMER + legId);
    }

    /** A call's timer, per phone asked to press 1: that phone's question is over whether or not its gather's end came. */
    static final String CONFIRM_TIMER = "confirm ";

    /**
     * How long after asking a phone it is given up on when no answer to the question came at all: the question
     * read out (about 12 characters a second, rounded up), its timeout, and {@value #CONFIRM_GRACE_SECONDS} s more
     * for the carrier's own delays (text to speech starting, the webhook's way back).
     */
    static Duration confirmWait(String question) {
        return Duration.ofSeconds((question.length() + 11) / 12 + CONFIRM_GRACE_SECONDS).plusMillis(CONFIRM_TIMEOUT_MILLIS);
    }

    static final int CONFIRM_GRACE_SECONDS = 15;

    /**
     * The voice and language the question is read in: the member's own spoken greeting's, else the company's
     * general box's, as their callers hear them; {null, null} (the carrier's default) when neither has one, or when
     * it is not English: the question is English text, which another language's voice would garble.
     */
    private String[] questionSpeech(UUID memberId) {
        for (var box : new UUID[] {memberId, null}) {
            MailboxSettings settings;
            try {
                settings = mailboxes.settings(box);
            } catch (RuntimeException e) {
                continue; // a member removed meanwhile
            }
            if (settings.greetingVoice() == null && settings.greetingLanguage() == null) {
                continue;
            }
            var language = settings.greetingLanguage();
            if (language != null && !language.toLowerCase(java.util.Locale.ROOT).startsWith("en")) {
                return new String[] {null, null};
            }
            return new String[] {settings.greetingVoice(), language};
        }
        return new String[] {null, null};
    }

    /**
     * A phone asked to press 1 is still being asked well after the question's timeout: no answer to it came (the
     * question never reached the carrier, or its end was lost). It is hung up and the call goes on as after that
     * phone's hangup (its no answer: the next member, the queue's next offer, the transfer not answered); its
     * real hangup, when it comes, finds the leg ended and changes nothing.
     */
    private void confirmTimedOut(CallStore.Journey call, String legId, List<Pending> out) {
        if (!confirming(call, legId)) {
            return; // answered the question, or ended
        }
        var leg = leg(call, legId).orElse(null);
        stopAsking(call, legId);
        if (leg == null || !"RINGING".equals(leg.state())) {
            return;
        }
        var locked = store.lock(call.id()).orElseThrow();
        note(locked, memberName(leg.memberId()) + "'s forwarded phone gave no answer to the question (it may never have been "
                + "asked); hanging it up");
        var legState = cs(call.id(), leg);
        out.add(new Send(legId, new CallCommand.Hangup(), legState));
        var at = clock.instant();
        hungUp(locked, MEMBER, ClientState.decode(legState), new CallSignal.Hangup("confirm-timeout:" + UUID.randomUUID(), legId, null, at,
                legState, CallSignal.Reason.NO_ANSWER, CallSignal.Side.UNKNOWN, null, null), at, out);
    }

    /**
     * The question put to a forwarded phone was answered: 1, and the call is theirs as if they had just picked
     * up (a call out they place: the number is dialled now); anything else (nothing before the timeout, another
     * key: a voicemail greeting playing on) and that phone is hung up, its hangup then taken as this phone's no
     * answer (the next member, the no-answer target; a callback's next member, a call out not picked up).
     */
    private void confirmed(CallStore.Journey call, CallSignal.DigitsGathered g, Instant at, List<Pending> out) {
        stopAsking(call, g.legId());
        var leg = leg(call, g.legId()).orElse(null);
        if (leg == null || !"RINGING".equals(leg.state())) {
            return; // hung up meanwhile (someone else answered, the caller left)
        }
        var locked = store.lock(call.id()).orElseThrow();
        boolean accepted = g.end() == CallSignal.GatherEnd.VALID && "1".equals(g.digits());
        if (accepted && locked.endedAt() == null && placingOut(locked)) {
            note(locked, memberName(leg.memberId()) + " pressed 1 on their forwarded phone: calling " + locked.to());
            store.legState(leg.legId(), "ANSWERED", at, null);
            var legState = cs(call.id(), leg);
            outboundAnswered(locked, MEMBER, ClientState.decode(legState), new CallSignal.Answered(g.eventId(), leg.legId(), null, at, legState),
                    at, out);
            return;
        }
        if (accepted && locked.endedAt() == null && "TRANSFERRING".equals(locked.phase())) {
            note(locked, memberName(leg.memberId()) + " pressed 1 on their forwarded phone: the transfer is put through");
            store.legState(leg.legId(), "ANSWERED", at, null);
            var legState = cs(call.id(), leg);
            transferAnswered(locked, ClientState.decode(legState), new CallSignal.Answered(g.eventId(), leg.legId(), null, at, legState),
                    at, out);
            return;
        }
        if (accepted && locked.endedAt() == null && locked.answeredAt() == null && "INBOUND".equals(locked.direction())) {
            note(locked, memberName(leg.memberId()) + " pressed 1 on their forwarded phone: connecting");
            store.legState(leg.legId(), "ANSWERED", at, null);
            memberAnswered(locked, MEMBER, leg.memberId(), leg.legId(), at, out);
            return;
        }
        if (!accepted && g.end() == CallSignal.GatherEnd.TIMEOUT && locked.endedAt() == null && placingOut(locked)
                && locked.step().hasNonNull("callback_entry_id")) {
            // Nothing pressed: their voicemail took the offer, as a machine detection says it (see hungUp), not a person.
            var step = locked.step().deepCopy();
            step.put(UNCONFIRMED_LEG, leg.legId());
            store.update(locked.id(), Map.of("step", step));
        }
        if (!accepted) {
            note(locked, memberName(leg.memberId()) + " did not confirm (an answering machine?): "
                    + (g.end() == CallSignal.GatherEnd.TIMEOUT ? "nothing pressed" : "pressed " + (g.digits() == null || g.digits().isEmpty()
                            ? "nothing" : g.digits())) + "; hanging up their forwarded phone");
        }
        out.add(new Send(leg.legId(), new CallCommand.Hangup(), cs(call.id(), leg)));
    }

    /** A number as it is read out: digit by digit, a North American one in its groups (7 7 3, 5 5 5, 0 1 2 3). */
    static String spokenNumber(String number) {
        var digits = number == null ? "" : number.replaceAll("[^0-9]", "");
        if (digits.isEmpty()) {
            return "an unknown number";
        }
        if (digits.length() == 11 && digits.startsWith("1") && number.startsWith("+")) {
            digits = digits.substring(1);
        }
        var groups = digits.length() == 10 ? List.of(digits.substring(0, 3), digits.substring(3, 6), digits.substring(6)) : List.of(digits);
        return String.join(", ", groups.stream().map(group -> String.join(" ", group.split(""))).toList());
    }

    /** A call just answered (and told it is recorded, if it is): its greeting first if it has one, else its action. */
    private void greetOrRun(CallStore.Journey call, Decision plan, List<Pending> out) {
        if (plan.greeting() != null) {
            greet(call, plan.greeting(), out);
            setPhase(call, "GREETING", null);
        } else {
            run(call, plan.action(), out);
        }
    }

    /** A prompt played to its end (one we stopped ourselves, or the caller left: see {@link #takesNoStep}). */
    private void promptEnded(CallStore.Journey call, CallSignal.PromptEnd end, Instant at, List<Pending> out) {
        switch (call.phase()) {
            case "RECORDING_NOTICE" -> {
                if (end == CallSignal.PromptEnd.FAILED) {
                    note(call, "the recording announcement could not be said (the carrier refused it); the call goes on");
                }
                greetOrRun(call, plan(call), out);
            }
            case "GREETING" -> {
                var plan = plan(call);
                var g = plan.greeting();
                if (end == CallSignal.PromptEnd.FAILED && g != null && g.mediaId() != null
                        && !call.step().path("greeting_spoken").asBoolean(false)) {
                    // The announcement's recording could not be played (refused, its file not found): with text of its
                    // own, that is said instead, before the call goes on.
                    if (g.text() != null) {
                        var step = call.step().deepCopy();
                        step.put("greeting_spoken", true);
                        store.update(call.id(), Map.of("step", step));
                        note(call, "the greeting's recording could not be played; its text is said instead");
                        out.add(new Send(call.callerLegId(), new CallCommand.Speak(g.text(), g.voice(), g.language()), cs(call.id(), CALLER, null)));
                        return;
                    }
                    note(call, "the greeting's recording could not be played, and it has no text to say instead");
                }
                run(call, plan.action(), out);
            }
            case "VOICEMAIL_GREETING" -> {
                var greeting = call.step().path("greeting_after_notice").asString(null);
                if (greeting != null) {
                    // The notice has been said: now the box's own (uploaded) greeting, then the beep.
                    var step = call.step().deepCopy();
                    step.remove("greeting_after_notice");
                    step.put("greeting_audio", true);
                    store.update(call.id(), Map.of("step", step));
                    out.add(new Send(call.callerLegId(), new CallCommand.Play(greeting, false), cs(call.id(), CALLER, null)));
                    return;
                }
                if (call.step().path("greeting_audio").asBoolean(false)) {
                    var step = call.step().deepCopy();
                    step.remove("greeting_audio");
                    store.update(call.id(), Map.of("step", step));
                    if (end == CallSignal.PromptEnd.FAILED) {
                        // The box's uploaded greeting could not be played (refused, its file not found): the caller is
                        // told whose voicemail this is by the spoken default greeting, not left in silence to the beep.
                        note(call, "voicemail: the box's greeting could not be played; the spoken greeting instead");
                        var member = call.step().hasNonNull("voicemail_member") ? stepId(call, "voicemail_member") : null;
                        out.add(new Send(call.callerLegId(), new CallCommand.Speak(defaultGreeting(member), null, null),
                                cs(call.id(), CALLER, null)));
                        return;
                    }
                }
                int max = call.step().path("max_seconds").asInt(120);
                out.add(new Send(call.callerLegId(), new CallCommand.RecordStart(true, max, call.step().path("transcribe").asBoolean(false),
                        call.step().path("transcription_language").asString(null)), cs(call.id(), CALLER, null)));
                var step = call.step().deepCopy();
                // The message's recording starts after this: a recording that started before it is not the message.
                step.put("voicemail_record_from", at.toString());
                setPhase(call, "VOICEMAIL_RECORDING", step);
            }
            case "MENU" -> {
                if (call.step().path("menu_replay").asBoolean(false)) {
                    var step = call.step().deepCopy();
                    step.remove("menu_replay");
                    store.update(call.id(), Map.of("step", step));
                    var menu = menus.find(stepId(call, "menu_id")).orElse(null);
                    if (menu == null) {
                        menuGone(call, out);
                    } else {
                        out.add(gather(call, menu, null));
                    }
                }
            }
            case "HANGUP_MESSAGE", "CALLBACK_CONFIRM" -> out.add(new Send(call.callerLegId(), new CallCommand.Hangup(), callerCs(call)));
            case "MAILBOX_HEADER" -> mailboxPlay(call, out);
            case "MAILBOX_PLAYING" -> mailboxHeard(call, true, out); // (a call played its message before MAILBOX_PLAYING_KEYS)
            case "MAILBOX_GREETING_PROMPT" -> {
                var step = call.step().deepCopy();
                step.put("greeting_recording", true);
                setPhase(call, "MAILBOX_GREETING_RECORDING", step);
                out.add(new Send(call.callerLegId(), new CallCommand.RecordStart(true, 60), cs(call.id(), CALLER, null)));
            }
            case "QUEUED" -> queuePromptEnded(call, end, out);
            default -> { }
        }
    }

    private void hungUp(CallStore.Journey call, String role, ClientState state, CallSignal.Hangup h, Instant at, List<Pending> out) {
        var legs = store.legs(call.id());
        var leg = legs.stream().filter(l -> l.legId().equals(h.legId())).findFirst().orElse(null);
        if (leg == null && !CALLER.equals(role)) {
            // The hangup of a dialled leg arrived before anything else about it (reordered webhooks): record it.
            store.addLeg(call.id(), h.legId(), role, state == null ? null : state.memberId(), null, at);
        }
        if (!store.legState(h.legId(), "ENDED", at, h.reason().stored())) {
            return;
        }
        if (call.endedAt() != null && leg != null && leg.billedFrom() != null && at.isBefore(call.endedAt())) {
            // (A phone connected but not answered for the call, a cell asked to press 1, is billed up to its end too.)
            costAgain(call);
        }
        if (confirming(call, h.legId())) {
            // A phone being asked to press 1 hung up (its owner, or we did): its question is over.
            stopAsking(call, h.legId());
            call = store.lock(call.id()).orElseThrow();
        }
        if (CALLER.equals(role)) {
            for (var other : legs) {
                if (!other.legId().equals(h.legId()) && !"ENDED".equals(other.state())) {
                    out.add(new Send(other.legId(), new CallCommand.Hangup(), cs(call.id(), other)));
                }
            }
            if ("QUEUED".equals(call.phase())) {
                queueLine.abandoned(stepId(call, "entry_id"), at);
                timers.cancelAll(TIMER_CALL, call.id());
                // The trace's last word was the member it was being offered to, as if they had taken it (found by a walk).
                note(call, "queue: the caller hung up while waiting in line");
            } else if ("RINGING".equals(call.phase())) {
                // The same for a call ringing members: it ended at "ringing Grace Kim" (found by a walk of the demo).
                note(call, "the caller hung up before anyone answered");
            }
            if ("TRANSFERRING".equals(call.phase()) && !call.step().path("transfer_fallback").asBoolean(false)) {
                // The transfer that was ringing ends here: say so, as an answered or unanswered one says how it went.
                // (Ringing where an unanswered blind transfer went instead, the transfer itself was not answered.)
                var left = call.step().path("transfer_left_leg").asString(null);
                if (left != null && legs.stream().noneMatch(l -> l.legId().equals(left) && l.endedAt() != null && l.endedAt().isBefore(at))) {
                    // The member's hangup was handled first but came with the caller's (the carrier ends the member's
                    // leg with the caller's bridge): they did not leave the transfer ringing; it was not blind.
                    var step = call.step().deepCopy();
                    step.remove(List.of("transfer_left_leg", "transfer_blind"));
                    store.update(call.id(), Map.of("step", step));
                    call = store.lock(call.id()).orElseThrow();
                    markTransfer(call, Map.of("result", "caller_hung_up"), "blind");
                } else {
                    markTransfer(call, Map.of("result", "caller_hung_up"));
                }
            }
            finish(call, at, h, role);
            return;
        }
        var memberId = leg != null ? leg.memberId() : state == null ? null : state.memberId();
        boolean wasAnswered = leg != null && leg.answeredAt() != null;
        // Another of the member's phones still rings (or talks) for this call: their offer is not over yet.
        boolean memberStillOn = memberId != null && legs.stream().anyMatch(l -> !l.legId().equals(h.legId())
                && memberId.equals(l.memberId()) && !"ENDED".equals(l.state()));
        if (memberId != null && !memberStillOn) {
            // Answered on any of their phones for this call: a desk phone cancelled after they answered on the cell
            // may end last.
            boolean memberAnswered = wasAnswered || legs.stream().anyMatch(l -> memberId.equals(l.memberId()) && l.answeredAt() != null);
            releaseMember(call, memberId, memberAnswered, out);
        }
        if (handedOn(call) && call.endedAt() != null && h.legId().equals(call.step().path(PLACER_LEG).asString(null))
                && placerLeftBeforeTheAnswer(call, store.legs(call.id()))) {
            // The member who placed a call out it was handed on from had hung up before its number answered, their hangup
            // delivered after it all: the number was put through to nobody, the transfer reached nobody either. As for a
            // call out not handed on (see finish): not answered after all.
            memberLeftBeforeTheAnswer(call, at);
            return;
        }
        // (A call out handed on goes on as an incoming call does: its number is its caller now.)
        if ("OUTBOUND".equals(call.direction()) && !handedOn(call) && MEMBER.equals(role)
                && (call.callerLegId() != null ? !h.legId().equals(call.callerLegId()) : memberStillOn)) {
            // Another phone of the member who places the call out: one that ended while their other phone still
            // rings (a busy cell), or one cancelled because they answered on the other. The call goes on.
            return;
        }
        if (call.step().hasNonNull("callback_entry_id") && "OUTBOUND".equals(call.direction()) && !handedOn(call)) {
            var entryId = stepId(call, "callback_entry_id");
            boolean unconfirmed = h.legId().equals(call.step().path(UNCONFIRMED_LEG).asString(null));
            if (MEMBER.equals(role) && !wasAnswered && memberId != null && !memberStillOn && (call.step().has(MACHINE_LEG) || unconfirmed)) {
                // Their own voicemail answered the offer (see detectedBeforeDialling), or took it without pressing 1 (see
                // confirmed): one miss, and the callback goes to the next free member or waits, not back to the same
                // voicemail at once.
                var queueId = stepId(call, "queue_id");
                note(call, "queue: " + (unconfirmed ? "nothing was pressed on " + memberName(memberId) + "'s forwarded phone (their "
                        + "voicemail, it seems)" : memberName(memberId) + "'s voicemail answered the callback offer") + "; it is not "
                        + "offered to them again for " + QueueLine.CALLBACK_RETRY.toMinutes() + " minutes");
                queueLine.voicemailAnswered(entryId, memberId, at).ifPresent(until -> {
                    restFromCallback(queueId, entryId, memberId, until);
                    out.add(new DispatchQueue(queueId));
                });
            } else if (MEMBER.equals(role) && !wasAnswered && memberId != null && !memberStillOn) {
                // Not taken (rang out, declined, busy): the next free member at once, the same one only after a back-off.
                var queueId = stepId(call, "queue_id");
                var journey = call;
                queueLine.callbackNotTaken(entryId, memberId, at).ifPresent(until -> {
                    note(journey, "queue: " + memberName(memberId) + " did not take the callback offer; it is not offered to them again "
                            + "before " + until);
                    restFromCallback(queueId, entryId, memberId, until);
                    out.add(new DispatchQueue(queueId));
                });
            } else if (FORWARD.equals(role) && !wasAnswered) {
                var queueId = stepId(call, "queue_id");
                // A timer of its own: under the queue's one 'dispatch' timer, another callback's later retry (or the wait for
                // the opening) moved it, and this customer waited for that one.
                queueLine.callbackFailed(entryId, at, "the customer did not answer (" + h.reason().stored().replace('_', ' ') + ")")
                        .ifPresent(retry -> timers.schedule(TIMER_QUEUE, queueId, CALLBACK_RETRY_TIMER + entryId, retry, Map.of()));
            }
        }
        if ("QUEUED".equals(call.phase()) && MEMBER.equals(role) && !wasAnswered && memberId != null && call.answeredAt() == null) {
            if (memberStillOn) {
                // One phone of two gave up (a busy cell) while the other still rings: one offer, missed at most once,
                // and the queue does not ring the next member for this caller meanwhile. So too a phone that ended
                // before its stand-in was settled: the queue is told by the stand-in's own end, the member's last.
                return;
            }
            var entryId = stepId(call, "entry_id");
            note(call, "queue: " + memberName(memberId) + " did not answer");
            if (queueLine.missed(entryId, memberId, at)) {
                out.add(new DispatchQueue(stepId(call, "queue_id")));
            }
            return;
        }
        if ("OUTBOUND".equals(call.direction()) && !handedOn(call)) {
            for (var other : legs) {
                if (!other.legId().equals(h.legId()) && !"ENDED".equals(other.state())) {
                    out.add(new Send(other.legId(), new CallCommand.Hangup(), cs(call.id(), other)));
                }
            }
            finish(call, at, h, role);
            return;
        }
        if ("TRANSFERRING".equals(call.phase()) && wasAnswered && h.legId().equals(call.step().path("transfer_from_leg").asString(null))) {
            // The member who had the caller hung up while the transfer rang: the caller waits for it (a blind transfer).
            memberLeftTransfer(call, memberId, h.legId(), out);
            return;
        }
        if (wasAnswered && call.endedAt() == null && h.legId().equals(call.step().path("connected_leg").asString(null))) {
            // The member the caller talks to hung up. The caller's leg was bridged to theirs to park after unbridge
            // (to stay up should their phone go unanswered, or should they leave during a blind transfer): now that
            // the conversation is over, it is ended too.
            out.add(new Send(call.callerLegId(), new CallCommand.Hangup(), callerCs(call)));
        }
        if ("TRANSFERRING".equals(call.phase()) && !wasAnswered) {
            transferNotAnswered(call, legs, h.legId(), out);
            return;
        }
        if (call.endedAt() != null || call.answeredAt() != null || wasAnswered) {
            return;
        }
        var live = legs.stream().filter(l -> !l.legId().equals(h.legId()) && !CALLER.equals(l.role()) && !"ENDED".equals(l.state())).count();
        if (live > 0) {
            return;
        }
        switch (currentAction(call)) {
            case Decision.RingMembers ring when !ring.simultaneous() -> {
                int next = call.step().path("ring_index").asInt(0) + 1;
                if (!ringSequential(call, ring, next, out)) {
                    run(call, ring.noAnswer(), out);
                }
            }
            case Decision.RingMembers ring -> run(call, ring.noAnswer(), out);
            case Decision.Forward f -> run(call, f.noAnswer(), out);
            default -> { }
        }
    }

    private void recordingSaved(CallStore.Journey call, CallSignal.RecordingSaved r, Instant at, List<Pending> out) {
        var url = r.mp3Url() != null ? r.mp3Url() : r.wavUrl();
        if (call.step().path("greeting_recording").asBoolean(false)) {
            var memberId = stepId(call, "mailbox_member");
            var step = call.step().deepCopy();
            step.put("greeting_recording", false);
            if (call.endedAt() == null) {
                // Said once the copy is known to be stored (see FetchGreeting), not before.
                setPhase(call, "HANGUP_MESSAGE", step);
                var caller = cs(call.id(), CALLER, null);
                out.add(new FetchGreeting(memberId, url,
                        new Send(call.callerLegId(), new CallCommand.Speak("Your new greeting is saved. Goodbye.", null, null), caller),
                        new Send(call.callerLegId(), new CallCommand.Speak("Sorry, your new greeting could not be saved. Your greeting "
                                + "has not changed. Please try again later. Goodbye.", null, null), caller)));
            } else {
                store.update(call.id(), Map.of("step", step));
                out.add(new FetchGreeting(memberId, url, null, null));
            }
            note(call, "mailbox: new greeting recorded");
            return;
        }
        boolean ofTheCall = isCallRecording(call, r);
        if (!ofTheCall && call.step().path("call_recording_saved").asBoolean(false) && url != null && url.equals(call.recordingUrl())) {
            // The call's own recording, saved already, told again (a second event for it): nothing new, and above all
            // not the caller's message, whose own saved event is still to come.
            return;
        }
        boolean voicemail = !ofTheCall && !startedBeforeTheMessage(call, r)
                && (call.phase().equals("VOICEMAIL_RECORDING") || call.step().path("voicemail_recording").asBoolean(false));
        if (!voicemail) {
            var columns = new LinkedHashMap<String, Object>();
            columns.put("recording_url", url);
            columns.put("recording_next_attempt_at", downloads.dueIfUnreported());
            if (ofTheCall) {
                var step = call.step().deepCopy();
                step.put("call_recording", false);
                step.put("call_recording_saved", true);
                columns.put("step", step);
                store.addMetadata(call.id(), java.util.Collections.singletonMap("call_recording_id", r.recordingId()));
            }
            store.update(call.id(), columns);
            out.add(new FetchRecording(call.id(), url));
            return;
        }
        if (call.voicemailId() != null) {
            return;
        }
        var member = call.step().hasNonNull("voicemail_member") ? stepId(call, "voicemail_member") : null;
        int seconds = r.startedAt() != null && r.endedAt() != null
                ? Math.clamp(Duration.between(r.startedAt(), r.endedAt()).toSeconds(), 0, Integer.MAX_VALUE) : 0;
        // Its transcription may have come first (reordered webhooks): then the call holds it. The customer linked is the
        // one routing went by (see linkCustomer), whom the message's notification names.
        record Held(String transcription, UUID customerId) {
        }
        var held = jdbc.sql("select transcription, customer_id from calls where company_id = :c and id = :id")
                .param("c", TenantContext.require().value()).param("id", call.id())
                .query((rs, n) -> new Held(rs.getString(1), rs.getObject(2, UUID.class))).optional().orElse(new Held(null, null));
        var id = voicemails.deposit(member, call.id(), held.customerId(), theirNumber(call), r.endedAt() == null ? at : r.endedAt(), seconds, url,
                held.transcription(), downloads.dueIfUnreported());
        var columns = new LinkedHashMap<String, Object>();
        columns.put("voicemail_id", id);
        if (!call.step().has("call_recording")) {
            // A voicemail call's recording is its message's; a recorded call keeps its own (the message is linked).
            columns.put("recording_url", url);
        }
        var from = new LinkedHashMap<String, Object>();
        from.put("message_recorded_from", r.recordingId());
        from.put("message_recording_started_at", r.startedAt() == null ? null : r.startedAt().toString());
        store.addMetadata(call.id(), from);
        boolean veryShort = dev.switchboard.voicemail.VoicemailMessage.isVeryShort(seconds);
        if (veryShort) {
            // Hung up on the beep: the message is kept, but the caller reached nobody; the call stays (or will end)
            // missed, and the missed-call follow-ups apply (see VoicemailMessage.VERY_SHORT_SECONDS).
            var step = call.step().deepCopy();
            step.put(VERY_SHORT_MESSAGE, true);
            columns.put("step", step);
            store.event(call.id(), at, "Outcome", "the message (" + seconds + " s) is shorter than "
                    + dev.switchboard.voicemail.VoicemailMessage.VERY_SHORT_SECONDS + " s: kept, and the call counts as missed");
        } else if (call.endedAt() != null) {
            columns.put("outcome", Outcome.VOICEMAIL.name());
            store.event(call.id(), at, "Outcome", Outcome.VOICEMAIL.name() + ": the message was saved after the hangup");
        }
        store.update(call.id(), columns);
        out.add(new FetchVoicemail(id, url));
        int max = call.step().path("max_seconds").asInt(0);
        if (call.endedAt() == null && max > 0 && seconds >= max - 1) {
            // The message reached the box's maximum length and the recording stopped with the caller still on
            // the line: say it is kept and goodbye, then hang up (see promptEnded), rather than leave them in
            // silence. (A caller who hung up is told nothing: their recording ends before its maximum.)
            note(call, "voicemail: the message reached the maximum length (" + max + " s); goodbye and hang up");
            goodbye(call, "Your message has reached the maximum length and has been saved. Thank you for calling. Goodbye.", out);
        }
    }

    /**
     * The carrier could not record (call.recording.error): no recording will be saved. The call's trace says so, so a
     * call that stays missed tells why there is no message. A caller still leaving a message is not left talking to
     * nobody: they are told, and the call ends; likewise a member recording a new greeting by phone (it is not
     * changed). While a recorded call's own recording, stopped before the message began, has not been saved either,
     * the error may be that one's: the caller goes on.
     */
    private void recordingFailed(CallStore.Journey call, CallSignal.RecordingFailed f, List<Pending> out) {
        var why = f.reason() == null || f.reason().isBlank() ? "no reason given" : f.reason().strip();
        var step = call.step();
        if (step.path("greeting_recording").asBoolean(false)) {
            note(call, "mailbox: the carrier could not record the new greeting (" + why + "); the greeting is unchanged");
            var changed = step.deepCopy();
            changed.put("greeting_recording", false);
            if (call.endedAt() == null) {
                setPhase(call, "HANGUP_MESSAGE", changed);
                out.add(new Send(call.callerLegId(), new CallCommand.Speak("Sorry, your new greeting could not be saved. Your greeting "
                        + "has not changed. Please try again later. Goodbye.", null, null), cs(call.id(), CALLER, null)));
            } else {
                store.update(call.id(), Map.of("step", changed));
            }
            return;
        }
        boolean message = call.voicemailId() == null
                && ("VOICEMAIL_RECORDING".equals(call.phase()) || step.path("voicemail_recording").asBoolean(false) && step.has("voicemail_record_from"));
        boolean callsOwnPending = step.has("call_recording") && !step.path("call_recording_saved").asBoolean(false);
        if (!message) {
            note(call, "the carrier could not record the call: " + why);
            return;
        }
        if (callsOwnPending) {
            note(call, "the carrier could not record the call or its caller's message: " + why);
            return;
        }
        if (call.endedAt() == null && "VOICEMAIL_RECORDING".equals(call.phase())) {
            note(call, "the carrier could not record the message: " + why + "; the caller was told");
            goodbye(call, "Sorry, we could not record your message. Please call again later. Goodbye.", out);
        } else {
            note(call, "the carrier could not record the message: " + why + "; no message was left");
        }
    }

    /**
     * Whether a recorded call's recording began before its caller's message could have (the message's not started
     * yet, or this one started earlier): then it is not the message, even once the call's own recording has been saved.
     */
    private static boolean startedBeforeTheMessage(CallStore.Journey call, CallSignal.RecordingSaved r) {
        var step = call.step();
        if (!step.has("call_recording")) {
            return false;
        }
        var messageFrom = step.path("voicemail_record_from").asString(null);
        return messageFrom == null || r.startedAt() != null && r.startedAt().isBefore(Instant.parse(messageFrom));
    }

    /**
     * Whether {@code r} is the call's own recording (a recorded call's, marked call_recording when it started)
     * rather than its caller's voicemail message, both on the caller's leg: the call's is stopped before the
     * message's starts (see run), so a recording that started before the message's recording was asked for
     * (voicemail_record_from) is the call's, whichever of their saved events comes first. Without a start time
     * to tell them apart, the first saved is the call's (stopped first). Never once the call's was saved.
     */
    private static boolean isCallRecording(CallStore.Journey call, CallSignal.RecordingSaved r) {
        var step = call.step();
        if (!step.has("call_recording") || step.path("call_recording_saved").asBoolean(false)) {
            return false;
        }
        var messageFrom = step.path("voicemail_record_from").asString(null);
        return messageFrom == null || r.startedAt() == null || r.startedAt().isBefore(Instant.parse(messageFrom));
    }

    /**
     * A recording made with transcription (a voicemail) was transcribed: the text goes on the call's log
     * and on its message. It usually comes after the hangup, maybe long after, when the call has ended;
     * should it come before the recording's own event, the message takes it from the call when it is
     * deposited. A silent message's empty transcription changes nothing.
     */
    private void recordingTranscribed(CallStore.Journey call, CallSignal.RecordingTranscribed t) {
        if (t.text() == null || t.text().isBlank() || !t.completed()) {
            return;
        }
        var text = t.text().strip();
        store.update(call.id(), Map.of("transcription", text));
        if (call.voicemailId() != null) {
            voicemails.transcribed(call.voicemailId(), text);
        }
    }

    // ---- click-to-call and transfer ----

    /**
     * Thrown when a call cannot be placed or transferred; the message says why, the rule names the kind of refusal for a
     * client ({@code state}: the call is not in a state to be moved; {@code available}: the target cannot take it now;
     * {@code conflict}: the target already has it).
     */
    public static final class Refused extends RuntimeException {
        private final String field;
        private final String rule;

        Refused(String field, String rule, String message) {
            super(message);
            this.field = field;
            this.rule = rule;
        }

        public String field() {
            return field;
        }

        public String rule() {
            return rule;
        }
    }

    /**
     * Click-to-call: rings the member's phones first (all at once, as for any call); when they pick up, dials {@code number} from the
     * company's first business number and bridges the two; {@code extension} (digits, or null) is dialled as tones on the
     * number once it answers and is put through to the member (a supplier's switchboard asking for one). Logged as an
     * outbound call. {@code ownCall}: the member places it themselves (their status, which is for calls to them, does not
     * stop it); else someone else does, and the member must be Available. {@code asker} is the login that asked for it
     * (null: none known): one placing a call from another member's phones (an admin for a technician, say) is named in its
     * trace and metadata, as a transfer names who asked for it, so a call billed to that member's phone says who placed it.
     * Call within the company's context.
     */
    public UUID clickToCall(UUID memberId, String number, String from, String extension, boolean ownCall,
            dev.switchboard.tenancy.Actor asker) {
        if (extension != null && !extension.matches("[0-9]{1,16}")) {
            throw new IllegalArgumentException("an extension is 1 to 16 digits: " + extension);
        }
        var pending = new ArrayList<Pending>();
        var callId = UUID.randomUUID();
        inTransaction(() -> {
            var member = members.get(memberId);
            var destinations = Router.destinations(member);
            if (destinations.isEmpty()) {
                throw new Refused("member_id", "available", member.name() + " has no phone (no SIP address or forwarding number)");
            }
            if (!members.claimToDialOut(memberId, ownCall)) {
                // Which of the two, as the API's description promises (it said "status, or at their concurrent-call limit").
                var a = member.availability();
                throw new Refused("member_id", "available", member.name() + (!ownCall && a.status() != MemberStatus.AVAILABLE
                        ? " is not available: " + (a.status() == MemberStatus.AWAY
                                ? "away" + (a.statusReason() == null ? "" : " (" + a.statusReason() + ")") : "offline")
                        : " is at their concurrent-call limit (" + member.maxConcurrentCalls() + " at once)"));
            }
            var at = clock.instant();
            store.create(callId, "OUTBOUND", from, number, "DIALING_MEMBER", null, at);
            var known = lookup(number);
            var step = store.newStep();
            step.put("target", number);
            step.put(SHOWN_AS, CallerDisplay.of(known, null, null, number));
            if (extension != null) {
                step.put(EXTENSION_DIGITS, extension);
            }
            boolean forSomeoneElse = asker != null && asker.userId() != null && !asker.isMember(memberId);
            var askedBy = !forSomeoneElse ? null : asker.memberId() != null ? memberName(asker.memberId()) : asker.email();
            var plan = callOutPlan(number, "click-to-call " + (askedBy == null ? "by " + member.name() : "from " + member.name()
                    + "'s phone, placed by " + askedBy) + " to " + number + (extension == null ? "" : ", extension " + extension));
            var columns = new LinkedHashMap<String, Object>();
            columns.put("step", step);
            putPlan(columns, callId, plan);
            columns.put("trace", plan.trace());
            columns.put("answered_by", null);
            store.update(callId, columns);
            var facts = new LinkedHashMap<String, Object>(Map.of("placed_by", "click_to_call", "member_id", memberId));
            if (forSomeoneElse) {
                facts.put("requested_by", asker.email());
                facts.put("requested_by_user_id", asker.userId());
            }
            if (extension != null) {
                facts.put("dialled_extension", extension);
            }
            describeOutbound(callId, number, known, facts);
            // Every phone the member is rung on for a call (desk phone and cell with simultaneous ring), as an incoming call
            // or a queue callback rings them: the first to answer places the call, the others are hung up (outboundAnswered).
            // Their phone shows whom they are calling.
            for (var destination : destinations) {
                pending.add(detecting(new Dial(callId, memberId, MEMBER, from, destination, member.ringTimeoutSeconds(), null,
                        cs(callId, MEMBER, memberId)).shown(step.path(SHOWN_AS).asString(null))));
            }
        });
        send(pending);
        return callId;
    }

    /**
     * The customer on the other end, the tags of every customer who has the number (the ones routing went by: VIP...;
     * people add to them or edit them later) and the open job: the most recently updated open one among all of theirs, as
     * routing picks it for an incoming call, linked with its own customer (else the first who has the number).
     */
    private void linkCustomer(List<dev.switchboard.directory.Customer> known, Map<String, Object> columns) {
        if (!known.isEmpty()) {
            var job = jobs.latestOpen(known.stream().map(dev.switchboard.directory.Customer::id).toList());
            linkCustomer(known, job.map(dev.switchboard.directory.Job::customerId).orElse(null),
                    job.map(dev.switchboard.directory.Job::id).orElse(null), columns);
        }
    }

    /** As {@link #linkCustomer(List, Map)}, with the open job and its customer already looked up (an incoming call's, by its routing). */
    private void linkCustomer(List<dev.switchboard.directory.Customer> known, UUID customerId, UUID openJobId, Map<String, Object> columns) {
        if (known.isEmpty()) {
            return;
        }
        columns.put("customer_id", customerId != null ? customerId : known.getFirst().id());
        columns.put("tags", known.stream().flatMap(c -> c.tags().stream()).distinct().toArray(String[]::new));
        if (openJobId != null) {
            columns.put("job_id", openJobId);
        }
    }

    /**
     * The plan of a call out placed for a member (a click-to-call, a queue callback): {@code number} dialled for 30 s
     * once they answer, recorded when the company records calls by default, as an inbound call is (no rule decides a
     * call out). The recording starts once the number answers (see {@link #outboundAnswered}).
     */
    private Decision callOutPlan(String number, String placed) {
        boolean record = snapshots.phoneSettings().recordingDefault();
        var trace = record ? List.of(placed, "recorded: the company records calls by default") : List.of(placed);
        return new Decision(null, new Decision.Forward(number, Duration.ofSeconds(30), new Decision.Hangup(null)), null, record, trace);
    }

    /** An outbound call's customer (the number dialled, looked up) with their tags and open job, and its metadata. */
    private void describeOutbound(UUID callId, String number, List<dev.switchboard.directory.Customer> known, Map<String, Object> facts) {
        var columns = new LinkedHashMap<String, Object>();
        linkCustomer(known, columns);
        if (!columns.isEmpty()) {
            store.update(callId, columns);
        }
        var all = new LinkedHashMap<String, Object>(facts);
        all.put("dialled_number", number);
        store.addMetadata(callId, all);
    }

    /** The number of a call out, dialled once our member's phone {@code memberLeg} has answered, linked to it. */
    private Dial dialTarget(CallStore.Journey call, String memberLeg) {
        return detecting(new Dial(call.id(), null, FORWARD, call.from(), call.to(), 30, memberLeg, cs(call.id(), FORWARD, null)));
    }

    /** The timer of a call out whose member's answer waits for the answering machine detection (see {@link #outboundAnswered}). */
    static final String DETECTION_TIMER = "detection";
    /**
     * How long a call out waits for the detection on its member's phone before the number is dialled anyway: Telnyx's
     * analysis takes 3.5 s at most by default, and a lost or late result must not leave the member in silence.
     */
    static final Duration DETECTION_WAIT = Duration.ofSeconds(6);

    /** Whether {@code legId} is a member's phone of a call out that answered and waits for the detection on it. */
    private static boolean detecting(CallStore.Journey call, String legId) {
        return legId.equals(call.step().path("detecting").asString(null));
    }

    /**
     * The step key keeping when the phone awaiting its detection answered (the carrier's time, see {@link #awaitDetection}):
     * the leg is answered from then, not from when the result (or the end of the wait) came, which may be after its hangup.
     */
    private static final String DETECTING_SINCE = "detecting_since";

    /**
     * A call out's member's phone that is a number asked about (their cell) answered: its voicemail must not have the
     * number dialled into it, so, as a phone asked to press 1 does, it still counts as ringing until the carrier tells a
     * person from a machine (see {@link #detectedBeforeDialling}), or for {@link #DETECTION_WAIT} at most.
     */
    private void awaitDetection(CallStore.Journey call, CallStore.Leg leg, Instant answeredAt) {
        var step = call.step().deepCopy();
        step.put("detecting", leg.legId());
        step.put(DETECTING_SINCE, answeredAt.toString());
        store.update(call.id(), Map.of("step", step));
        note(call, memberName(leg.memberId()) + "'s phone answered: " + call.to() + " is dialled once the carrier tells a person "
                + "from an answering machine");
        timers.schedule(TIMER_CALL, call.id(), DETECTION_TIMER, clock.instant().plus(DETECTION_WAIT), Map.of());
    }

    /**
     * The detection on a call out's member's phone that waits for it (see {@link #awaitDetection}): a person (or no
     * verdict, or none in time) and the phone is taken as answered now (the number is dialled); a machine (the member's
     * own voicemail) and it is hung up, its hangup then taken as this phone's no answer (a callback goes back to its
     * queue, a click-to-call ends not picked up). The phone is answered from {@code answeredAt}, when the carrier says it
     * was picked up: its hangup (delivered later) may have come before the result did, and it is billed from then.
     */
    private void detectedBeforeDialling(CallStore.Journey call, String legId, CallSignal.Answerer answerer, Instant answeredAt, List<Pending> out) {
        var step = call.step().deepCopy();
        step.remove(List.of("detecting", DETECTING_SINCE));
        store.update(call.id(), Map.of("step", step));
        timers.cancel(TIMER_CALL, call.id(), DETECTION_TIMER);
        var leg = leg(call, legId).orElse(null);
        if (leg == null || !"RINGING".equals(leg.state()) || !placingOut(call)) {
            return; // ended meanwhile
        }
        if (answerer == CallSignal.Answerer.MACHINE) {
            note(call, call.to() + " was not dialled: an answering machine, not " + memberName(leg.memberId()) + ", answered their phone");
            // What the call reached, for its log as for any call a machine took (it stops being so if another of the
            // member's phones is picked up after all: see outboundAnswered).
            step.put(MACHINE_LEG, legId);
            store.update(call.id(), Map.of("step", step));
            keepDetection(call.id(), step, false);
            out.add(new Send(legId, new CallCommand.Hangup(), cs(call.id(), leg)));
            return;
        }
        var at = clock.instant();
        store.legState(legId, "ANSWERED", answeredAt.isAfter(at) ? at : answeredAt, null);
        var legState = cs(call.id(), leg);
        outboundAnswered(store.lock(call.id()).orElseThrow(), MEMBER, ClientState.decode(legState),
                new CallSignal.Answered("detected:" + UUID.randomUUID(), legId, null, at, legState), at, out);
    }

    private void outboundAnswered(CallStore.Journey call, String role, ClientState state, CallSignal.Answered a, Instant at, List<Pending> out) {
        if (call.endedAt() != null) {
            // Picked up after the call ended (our member left while it rang, and this leg was known only now):
            // nobody is on the other end.
            out.add(new Send(a.legId(), new CallCommand.Hangup(), cs(call.id(), role, state == null ? null : state.memberId())));
            // Answered all the same: a phone number's leg is billed by the carrier from its answer to its end, as an
            // incoming call's is (see memberAnswered). A member's cell that picked up for their click-to-call at the
            // instant their desk phone did, heard after the call ended, stayed uncharged (found by the fuzz, seed 305168).
            costAgain(call);
            if (FORWARD.equals(role) && call.answeredAt() == null && call.step().hasNonNull("callback_entry_id")) {
                // A callback's customer who picked up only then (our cancel of their ring reached the carrier too late) was
                // not called back: tried again as one who did not answer, on a timer of its own (see hungUp), not left
                // dialling for good. (Their answer completed nothing: the call had ended.)
                var queueId = stepId(call, "queue_id");
                var entryId = stepId(call, "callback_entry_id");
                queueLine.callbackFailed(entryId, at, "the customer answered only after the call out had ended (our member had hung up)")
                        .ifPresent(retry -> timers.schedule(TIMER_QUEUE, queueId, CALLBACK_RETRY_TIMER + entryId, retry, Map.of()));
            }
            return;
        }
        if (MEMBER.equals(role) && "DIALING_MEMBER".equals(call.phase())) {
            var memberId = state == null ? null : state.memberId();
            if (memberId != null) {
                members.answered(memberId, today());
            }
            if (call.step().hasNonNull("callback_entry_id")) {
                queueLine.callbackDialled(stepId(call, "callback_entry_id"), call.id(), memberId, at);
            }
            for (var other : store.legs(call.id())) {
                if (MEMBER.equals(other.role()) && !other.legId().equals(a.legId()) && !"ENDED".equals(other.state())) {
                    // Their other phone (desk phone and cell rung together) stops ringing.
                    out.add(new Send(other.legId(), new CallCommand.Hangup(), cs(call.id(), other)));
                }
            }
            var columns = new LinkedHashMap<String, Object>();
            columns.put("caller_leg_id", a.legId());
            columns.put("phase", "DIALING_TARGET");
            columns.put("answered_by", memberId);
            ObjectNode step = null;
            if (call.step().has(MACHINE_LEG)) {
                // Their other phone's voicemail answered first, but a person took this one: the call reached them.
                step = call.step().deepCopy();
                step.remove(MACHINE_LEG);
                columns.put("step", step);
            }
            store.update(call.id(), columns);
            if (step != null) {
                keepDetection(call.id(), step, false);
            }
            out.add(dialTarget(call, a.legId()));
        } else if (FORWARD.equals(role) && "DIALING_TARGET".equals(call.phase())) {
            var record = plan(call).record();
            var settings = snapshots.phoneSettings();
            boolean notice = record && settings.announceRecording();
            var columns = new LinkedHashMap<String, Object>();
            columns.put("answered_at", at);
            columns.put("connected_at", at);
            columns.put("phase", notice ? "RECORDING_NOTICE" : "BRIDGED");
            // The call out reached the number dialled: what answered there is what the call reached.
            var step = call.step().deepCopy();
            step.put(ANSWERED_LEG, a.legId());
            if (record) {
                // The call's own recording, as an inbound recorded call's (see memberAnswered and recordingSaved).
                step.put("call_recording", true);
            }
            columns.put("step", step);
            store.update(call.id(), columns);
            keepDetection(call.id(), step, true);
            if (call.step().hasNonNull("callback_entry_id")) {
                queueLine.callbackCompleted(stepId(call, "callback_entry_id"), call.answeredBy(), at);
            }
            if (notice) {
                // Told before they are put through and recorded, as an inbound caller is before anyone is rung: consent
                // to recording is theirs to give (all-party consent states). Our member, waiting those few seconds, is
                // told why (was: silence, as if the call had dropped); their prompt's end takes no step.
                out.add(new Send(a.legId(), new CallCommand.Speak(settings.recordingAnnouncement(), null, null), cs(call.id(), FORWARD, null)));
                out.add(new Send(call.callerLegId(), new CallCommand.Speak(MEMBER_WAITS_FOR_NOTICE, null, null), callerCs(call)));
                note(call, "the call is recorded: " + call.to() + " is told so first");
                return;
            }
            putThrough(call, a.legId(), record, out);
        } else if (MEMBER.equals(role) && !a.legId().equals(call.callerLegId())) {
            // The member's other phone picked up too, just after the one that placed the call: not needed.
            out.add(new Send(a.legId(), new CallCommand.Hangup(), cs(call.id(), role, state == null ? null : state.memberId())));
        }
    }

    /** What a member placing a call out hears while the number that answered is told the call is recorded. */
    static final String MEMBER_WAITS_FOR_NOTICE = "They answered. Connecting you once they hear that the call is recorded.";

    /**
     * A call out's number that answered is bridged to our member's phone (the call's caller leg, whose state keeps naming
     * the member). The number's leg makes the bridge, to park after unbridge, as an incoming caller's does: should the call
     * be handed on (see {@link #transfer}), the person called stays on the line when our member hangs up while it rings.
     * With {@code record}, the call is recorded on the number's leg, both sides heard, from then on: whoever of ours they
     * talk to, as an incoming caller's recording goes on through transfers.
     */
    private void putThrough(CallStore.Journey call, String numberLeg, boolean record, List<Pending> out) {
        var number = cs(call.id(), FORWARD, null);
        out.add(new Send(numberLeg, new CallCommand.Bridge(call.callerLegId(), false, true), number));
        if (record) {
            out.add(new Send(numberLeg, new CallCommand.RecordStart(false, 0), number));
        }
        var extension = call.step().path(EXTENSION_DIGITS).asString(null);
        if (extension != null) {
            // After a second (the number's switchboard greeting its caller), as a phone dials "x12" typed after a number;
            // our member, put through, hears it go and takes over from there.
            out.add(new Send(numberLeg, new CallCommand.SendDtmf("ww" + extension), cs(call.id(), FORWARD, null)));
            note(call, "dialled extension " + extension + " as tones once " + call.to() + " answered");
        }
    }

    /** The step's field holding the extension a call out dials as tones once its number answers (see {@link #putThrough}). */
    static final String EXTENSION_DIGITS = "dial_extension";

    /**
     * The recording announcement said to a call out's number that answered (or refused by the carrier, or cut short by
     * its answering machine detection: then it is noted, and the call goes on as an inbound call's does): the number is
     * put through to our member, recorded (to a machine, our member may leave a message).
     */
    private void outboundNoticeEnded(CallStore.Journey call, CallSignal.PromptEnded p, List<Pending> out) {
        if (call.endedAt() != null || !"RECORDING_NOTICE".equals(call.phase()) || !p.legId().equals(call.step().path(ANSWERED_LEG).asString(null))) {
            return;
        }
        if (p.end() == CallSignal.PromptEnd.FAILED) {
            note(call, "the recording announcement could not be said (the carrier refused it); the call goes on");
        } else if (p.end() == CallSignal.PromptEnd.STOPPED) {
            note(call, "the recording announcement was cut short: the carrier detected an answering machine at " + call.to());
        }
        setPhase(call, "BRIDGED", null);
        // What our member was told meanwhile stops if it still goes on (a short announcement, or one refused or cut at
        // once): they talk now, not over it. Nothing playing, nothing stopped; its end takes no step.
        out.add(new Send(call.callerLegId(), new CallCommand.StopPrompt(), callerCs(call)));
        putThrough(call, p.legId(), true, out);
    }

    /**
     * Why a transfer's target cannot take the call, for whoever asked: the members skipped and why (vacation,
     * do not disturb, their limit...), as the routing's trace says; else a target that rings nobody (a menu,
     * voicemail). Nothing of the attempt is kept.
     */
    private static Refused transferRefused(dev.switchboard.routing.Target target, List<String> trace, dev.switchboard.routing.RoutingSnapshot snapshot) {
        return transferRefused(target, trace, snapshot, null);
    }

    /**
     * As above, for a target whose routing leads now to {@code action}, no one to ring (a menu, voicemail, a queue, a
     * hang-up: a rule of those kinds, or one whose hours or conditions send the call there), said by what it leads to
     * (null: "rings nobody"), with the routing's reasons; the bare hop to the rule itself ("on to rule 'Main IVR'") left
     * out, which told nothing.
     */
    private static Refused transferRefused(dev.switchboard.routing.Target target, List<String> trace, dev.switchboard.routing.RoutingSnapshot snapshot,
            Decision.Action action) {
        var field = transferField(target);
        // By name, as the person transferring picked it (the id alone told them nothing).
        var named = snapshot.describe(target);
        var skipped = trace.stream().filter(t -> t.startsWith("skipped ")).map(t -> t.substring("skipped ".length())).toList();
        if (!skipped.isEmpty()) {
            return new Refused(field, "available", (target.memberId() != null ? "" : "nobody in " + named + " can take the call now: ")
                    + String.join("; ", skipped.stream().map(s -> s.replaceFirst(": ", " cannot take the call now: ")).toList()));
        }
        var leadsTo = switch (action) {
            case Decision.PlayMenu m -> "plays a menu";
            case Decision.Voicemail v -> "goes to voicemail";
            case Decision.Enqueue q -> "puts the caller in a queue";
            case Decision.Hangup h -> "hangs up";
            case Decision.MailboxLogin l -> "opens the voicemail by phone";
            case null, default -> "rings nobody";
        };
        var why = trace.stream().filter(t -> !t.startsWith("on to rule ")).toList();
        return new Refused(field, "available", "a call can be transferred to a member, a rule that rings members or a number; "
                + named + " " + leadsTo + " now" + (why.isEmpty() ? "" : " (" + String.join("; ", why) + ")"));
    }

    /**
     * {@code action} without the phones of {@code holder}, the member who has the caller: a rule they are in does not ring
     * their own phone for the caller they have (said in {@code trace}).
     */
    private Decision.Action withoutHolder(Decision.Action action, UUID holder, List<String> trace) {
        if (holder != null && action instanceof Decision.RingMembers ring && ring.rings().stream().anyMatch(r -> holder.equals(r.memberId()))) {
            trace.add("skipped " + memberName(holder) + ": has this call");
            return new Decision.RingMembers(ring.rings().stream().filter(r -> !holder.equals(r.memberId())).toList(),
                    ring.simultaneous(), ring.noAnswer(), ring.ruleId());
        }
        return action;
    }

    /**
     * The leg the caller talks to now, as a transfer hands it on from: the leg they were bridged to (a member's, or an
     * outside number a transfer went to; for a call out not handed on, our member's phone, its caller leg until then), or
     * for a call bridged before connected_leg was kept, the member's answered leg.
     *
     * @param talking the connected leg's id as the step has it (null: none kept)
     */
    private static java.util.Optional<CallStore.Leg> talkingTo(List<CallStore.Leg> legs, String talking) {
        return legs.stream().filter(l -> "ANSWERED".equals(l.state()) && !CALLER.equals(l.role())
                && (talking != null ? l.legId().equals(talking) : MEMBER.equals(l.role()))).findFirst();
    }

    /** The connected leg's id of {@code call} as {@link #talkingTo} takes it. */
    private static String connectedLeg(CallStore.Journey call) {
        boolean callOut = "OUTBOUND".equals(call.direction()) && !handedOn(call);
        return call.step().path("connected_leg").asString(callOut ? call.callerLegId() : null);
    }

    /**
     * Why a transfer of call {@code callId} to each of {@code targets} would be refused for whom it rings (nobody there can
     * take it now, or it rings nobody: a disabled rule, one whose conditions or hours send this caller elsewhere), as
     * {@link #transfer} would say it; none for a target that would ring someone, nor when the call is gone. The call and its
     * legs read once, without locking the call, for a page offering the transfer (the refusal at the transfer itself stays
     * the one that counts).
     */
    public Map<dev.switchboard.routing.Target, String> transferRefusals(UUID callId, List<dev.switchboard.routing.Target> targets) {
        // A transaction of its own for its reads (the company's rows are seen only in one), no unit of work: nothing written.
        return tx.execute(status -> {
            var refusals = new java.util.HashMap<dev.switchboard.routing.Target, String>();
            var call = store.read(callId).orElse(null);
            if (call == null) {
                return refusals;
            }
            var snapshot = snapshots.current();
            var facts = facts(call).forTransfer();
            var holder = talkingTo(store.legs(callId), connectedLeg(call)).map(CallStore.Leg::memberId).orElse(null);
            for (var target : targets) {
                var trace = new ArrayList<String>();
                var action = withoutHolder(Router.resolve(target, facts, snapshot, trace), holder, trace);
                var refused = switch (action) {
                    case Decision.RingMembers ring when !ring.rings().isEmpty() -> null;
                    case Decision.Forward f -> null;
                    default -> transferRefused(target, trace, snapshot, action instanceof Decision.RingMembers ? null : action).getMessage();
                };
                if (refused != null) {
                    refusals.put(target, refused);
                }
            }
            return refusals;
        });
    }

    private static String transferField(dev.switchboard.routing.Target target) {
        return target.memberId() != null ? "member_id" : target.ruleId() != null ? "rule_id" : "target";
    }

    /**
     * Transfers an answered call to a member, a rule (its members rung the rule's way) or an outside
     * number, the caller staying with the member who has them meanwhile; when the new party answers, the
     * caller is bridged to them and the previous member is released. Unanswered, the call stays with that
     * member. Should the member hang up while the transfer rings (a blind transfer), the caller stays on the
     * line, hearing ringback, for the new party; and if nobody answers, the call goes where an unanswered
     * call for the target goes (see {@link #transferNotAnswered}). A call out (a click-to-call, a queue callback)
     * is handed on the same way: the number it dialled is its caller from then on (see {@link #handedOn}).
     */
    public void transfer(UUID callId, dev.switchboard.routing.Target target) {
        transfer(callId, target, null);
    }

    /**
     * As {@link #transfer(UUID, dev.switchboard.routing.Target)}, asked by {@code asker} (the signed-in user or the API
     * token's; null: the system), whom the trace and the call's {@code transfers} name: a supervisor moving a member's
     * call is not that member handing it on. An agent hands on only a call they are on (one they were only rung for, or
     * had before handing it on, is not theirs to move); a supervisor or an admin any answered call.
     *
     * @throws dev.switchboard.platform.ForbiddenException when {@code asker} is an agent who does not have the caller now
     */
    /** Where a call not yet put through (or no longer) is, in words, for whoever tried to transfer it: its phase's name said nothing. */
    static String whereItIs(String phase) {
        return switch (phase == null ? "" : phase) {
            case "ANSWERING", "GREETING" -> "is still being answered";
            case "RINGING", "FORWARDING" -> "is still ringing";
            case "DIALING_MEMBER" -> "is still ringing the member who places it";
            case "DIALING_TARGET" -> "is still ringing the number it calls";
            case "RECORDING_NOTICE" -> "is being told it is recorded: it can be transferred in a moment, once it is put through";
            case "TRANSFERRING" -> "is being transferred already: its transfer rings";
            case "MENU" -> "is in a menu";
            case "QUEUED" -> "is waiting in a queue";
            case "VOICEMAIL_GREETING", "VOICEMAIL_RECORDING" -> "is in voicemail";
            case "HANGUP_MESSAGE", "HANGING_UP", "CALLBACK_CONFIRM" -> "is being ended";
            default -> phase.startsWith("MAILBOX_") ? "is a call to the voicemail login" : "is " + phase.toLowerCase(java.util.Locale.ROOT).replace('_', ' ');
        };
    }

    public void transfer(UUID callId, dev.switchboard.routing.Target target, dev.switchboard.tenancy.Actor asker) {
        var heldBy = asker != null && asker.role() == dev.switchboard.tenancy.Role.AGENT ? asker.memberId() : null;
        var pending = new ArrayList<Pending>();
        inTransaction(() -> {
            var call = store.lock(callId).orElseThrow(() -> new dev.switchboard.platform.NotFoundException("call", callId));
            if (!"BRIDGED".equals(call.phase()) || call.endedAt() != null) {
                throw new Refused("id", "state", "only an answered call in progress can be transferred (this one "
                        + (call.endedAt() != null ? "is over" : whereItIs(call.phase())) + ")");
            }
            // A call out not handed on yet: our member's phone (its caller leg until now) has the number it dialled.
            boolean callOut = "OUTBOUND".equals(call.direction()) && !handedOn(call);
            var trace = new ArrayList<String>();
            // Sent where the person transferring chose: not to the caller's technician first.
            var snapshot = snapshots.current();
            var action = Router.resolve(target, facts(call).forTransfer(), snapshot, trace);
            // Who has the caller (see talkingTo).
            var talking = connectedLeg(call);
            var legs = store.legs(callId);
            var current = talkingTo(legs, talking);
            if (current.isEmpty() && talking != null) {
                // Their hangup is on its way: the call is ending.
                throw new Refused("id", "state", "the person the caller was talking to has just hung up");
            }
            if (current.isEmpty()) {
                // A call forwarded to an outside number: the carrier connected the two itself (see answered), and
                // there is no leg of ours to hand the caller over from.
                throw new Refused("id", "state", "this call was forwarded to an outside number, which the carrier connected directly: "
                        + "it cannot be transferred from here");
            }
            var step = call.step().deepCopy();
            step.remove(List.of("transfer_from_leg", "transfer_blind", "transfer_fallback"));
            // The caller's leg was bridged to this member's to park after unbridge when they answered (see answered):
            // it outlives theirs, should they hang up before the transfer is answered. Nothing is bridged again.
            var from = current.get();
            if (callOut) {
                // The number's leg made the bridge to park after unbridge too (see putThrough): it becomes the caller's.
                var number = call.step().path(ANSWERED_LEG).asString(null);
                if (number == null || legs.stream().noneMatch(l -> l.legId().equals(number) && "ANSWERED".equals(l.state()))) {
                    throw new Refused("id", "state", "the number called has just hung up");
                }
                step.put(HANDED_ON, true);
                if (!step.hasNonNull(PLACER_LEG)) {
                    step.put(PLACER_LEG, from.legId()); // the phone of the member who placed it, for their hangup come late
                }
                step.put("connected_leg", from.legId());
                store.update(callId, Map.of("caller_leg_id", number));
            }
            var holder = from.memberId();
            if (heldBy != null && !heldBy.equals(holder)) {
                throw new dev.switchboard.platform.ForbiddenException("an agent transfers only a call they are on; "
                        + (holder != null ? memberName(holder) : "someone else") + " has this one");
            }
            boolean toVoicemail = target.kind() == dev.switchboard.routing.Target.Kind.VOICEMAIL;
            if (holder != null && holder.equals(target.memberId()) && !toVoicemail) {
                throw new Refused("member_id", "conflict", memberName(holder) + " already has this call");
            }
            if (toVoicemail && !(action instanceof Decision.Voicemail)) {
                // The general voicemail is off (the phone settings'): nothing to leave a message in.
                throw new Refused("target", "available", "the general voicemail is off: there is no box to send the caller to");
            }
            action = withoutHolder(action, holder, trace);
            // Who asked, who had the caller, and to whom, then how the target's routing went (refused, all of it is undone).
            var had = FORWARD.equals(from.role()) ? from.destination() : memberName(holder);
            var askedBy = asker == null || asker.userId() == null ? null
                    : asker.memberId() != null ? memberName(asker.memberId()) : asker.email();
            note(call, (askedBy == null ? "transferred from " + had
                    : holder != null && holder.equals(asker.memberId()) ? "transferred by " + had
                    : "transferred by " + askedBy + " from " + had) + " to " + snapshot.describe(target));
            // Not the routing's plan where it is not the transfer's (found by review): a transfer nobody answers stays with
            // whoever had the caller, not "if nobody answers: the voicemail of Bob"; and "to the voicemail of Bob" is said above.
            var said = "to " + snapshot.describe(target);
            trace.stream().filter(t -> !t.equals(said) && !(holder != null && t.startsWith("if nobody answers: the voicemail of ")))
                    .forEach(t -> note(call, t));
            step.put("transfer_from_leg", from.legId());
            step.put(TRANSFER_AT, clock.instant().toString());
            var transfers = transfers(callId);
            var entry = store.json().createObjectNode();
            entry.put("at", clock.instant().toString());
            if (FORWARD.equals(from.role())) {
                // An outside number a transfer went to, handing the caller on.
                entry.putNull("from_member");
                entry.put("from_number", from.destination());
            } else {
                entry.put("from_member", from.memberId() == null ? null : from.memberId().toString());
            }
            if (asker != null && asker.userId() != null) {
                // Who asked for it: the user signed in or whose API token it was (a supervisor moving a member's call).
                entry.put("requested_by_user_id", asker.userId().toString());
                entry.put("requested_by", asker.email());
                if (asker.memberId() != null) {
                    entry.put("requested_by_member_id", asker.memberId().toString());
                }
            }
            entry.put("to", target.describe());
            // The same, for whoever names it (the call's page): whichever of the three the transfer went to.
            if (target.memberId() != null) {
                entry.put("to_member_id", target.memberId().toString());
            }
            if (target.ruleId() != null) {
                entry.put("to_rule_id", target.ruleId().toString());
            }
            if (target.number() != null) {
                entry.put("to_number", target.number());
            }
            if (toVoicemail) {
                entry.put("to_voicemail", true);
                entry.put("result", "voicemail"); // at once: nothing rings (see voicemailTransfer)
            }
            transfers.add(entry);
            store.update(callId, Map.of("transfers", transfers));
            // Read again: a call out's caller leg is the number's now.
            var moving = store.lock(callId).orElseThrow();
            switch (action) {
                case Decision.RingMembers ring -> {
                    if (!ringTransfer(moving, ring, step, pending)) {
                        throw transferRefused(target, trace, snapshot);
                    }
                }
                case Decision.Forward f -> forwardTransfer(moving, f, step, pending);
                case Decision.Voicemail v when toVoicemail -> voicemailTransfer(moving, from, v, step, pending);
                default -> throw transferRefused(target, trace, snapshot, action);
            }
        });
        send(pending);
    }

    /**
     * Rings {@code ring} for a transfer, the rule's way, as a new call would be (all at once, or one after
     * another in the rule's order or turn), while the caller stays with the member who has them (see
     * transferNotAnswered); false when nobody in it could be claimed.
     */
    private boolean ringTransfer(CallStore.Journey call, Decision.RingMembers ring, ObjectNode step, List<Pending> out) {
        var inTurn = ring.simultaneous() ? ring : roundRobinTurn(ring, step);
        step.put("transfer_ring", true);
        setPhase(call, "TRANSFERRING", step);
        var transferring = store.lock(call.id()).orElseThrow();
        if (!ring.simultaneous()) {
            return ringSequential(transferring, inTurn, 0, out);
        }
        boolean rung = false;
        for (var r : ring.rings()) {
            rung |= claimAndDial(transferring, r, out);
        }
        var rungStep = store.lock(call.id()).orElseThrow().step().deepCopy();
        setAction(transferring, rungStep, ring);
        store.update(call.id(), Map.of("step", rungStep));
        return rung;
    }

    /**
     * Sends the caller to a voicemail box at once, asked for by name (RingCentral's "send to voicemail": the member busy
     * with them, or the person they want away): the phone of whoever had them is hung up (they are released, to wrap-up),
     * and the caller, parked by that unbridge, hears the box's greeting and leaves a message, as any call to voicemail does.
     * The call stays answered by whoever took it; its message is in the box. The transfer's result is {@code voicemail}
     * (written with the transfer, in {@link #transfer}).
     */
    private void voicemailTransfer(CallStore.Journey call, CallStore.Leg from, Decision.Voicemail v, ObjectNode step, List<Pending> out) {
        // Their hangup is not the end of the conversation (see hungUp: the caller's leg is hung up with its connected
        // leg's), nor a blind transfer's wait (no transfer rings).
        step.remove(List.of("connected_leg", "transfer_from_leg", TRANSFER_AT));
        // Not the leg the caller talks to any more: their hangup then is the caller's, not "the member hung up" (see
        // CallOutcomes.endedBy), as for a member who left a blind transfer.
        step.put("transfer_left_leg", from.legId());
        store.update(call.id(), Map.of("step", step));
        out.add(new Send(from.legId(), new CallCommand.Hangup(), cs(call.id(), from)));
        run(store.lock(call.id()).orElseThrow(), v, out);
    }

    /** Dials an outside number for a transfer; its no-answer target is kept for a blind transfer (see transferNotAnswered). */
    private void forwardTransfer(CallStore.Journey call, Decision.Forward f, ObjectNode step, List<Pending> out) {
        step.remove("transfer_ring");
        setAction(call, step, f);
        setPhase(call, "TRANSFERRING", step);
        out.add(detecting(new Dial(call.id(), null, FORWARD, ourNumber(call), f.number(), (int) f.timeout().toSeconds(), call.callerLegId(),
                cs(call.id(), FORWARD, null))));
    }

    /**
     * The step's mark of a call out handed on by a transfer (see {@link #transfer}): the number it dialled is its caller
     * from then on (the call's caller leg, whose webhooks are taken as the caller's), held to park after unbridge, and the
     * call goes on as an answered incoming call does (blind transfers, the target's voicemail, the end when either side
     * hangs up). Its direction, its cost at the outbound rate and who placed it stay as they were.
     */
    static final String HANDED_ON = "handed_on";
    /** The step's field of a call out handed on with the leg of the member who placed it (its caller leg until then). */
    static final String PLACER_LEG = "placer_leg";

    /**
     * A call out handed on whose member had hung up before its number answered (their hangup delivered late: the number
     * was put through to nobody), and which no transfer brought to anyone: nobody talked with the person called.
     */
    private boolean placerLeftBeforeTheAnswer(CallStore.Journey call, List<CallStore.Leg> legs) {
        var placer = call.step().path(PLACER_LEG).asString(null);
        return handedOn(call) && call.answeredAt() != null && placer != null
                && legs.stream().anyMatch(l -> l.legId().equals(placer) && l.endedAt() != null && l.endedAt().isBefore(call.answeredAt()))
                && !transferConnected(call);
    }

    /** Whether a transfer of the call (or where an unanswered blind one went) was answered: someone talked with the caller. */
    private boolean transferConnected(CallStore.Journey call) {
        for (var t : transfers(call.id())) {
            if ("answered".equals(t.path("result").asString(null)) || t.hasNonNull("fallback_answered_by")
                    || t.hasNonNull("fallback_answered_number")) {
                return true;
            }
        }
        return false;
    }

    /** Whether {@code call} is a call out handed on by a transfer (see {@link #HANDED_ON}). */
    static boolean handedOn(CallStore.Journey call) {
        return "OUTBOUND".equals(call.direction()) && call.step().path(HANDED_ON).asBoolean(false);
    }

    /**
     * Whether the call's caller leg is a person outside we talk for: an incoming call's caller, or the number a call out
     * dialled once it is handed on. (A call out's caller leg is otherwise our own member's phone.)
     */
    private static boolean callerOutside(CallStore.Journey call) {
        return "INBOUND".equals(call.direction()) || handedOn(call);
    }

    /** Our number on the call: the business number an incoming call dialled, the one a call out is placed from. */
    private static String ourNumber(CallStore.Journey call) {
        return "OUTBOUND".equals(call.direction()) ? call.from() : call.to();
    }

    /** The outside person's number: an incoming call's caller, the number a call out dialled. */
    static String theirNumber(CallStore.Journey call) {
        return "OUTBOUND".equals(call.direction()) ? call.to() : call.from();
    }

    private void transferAnswered(CallStore.Journey call, ClientState state, CallSignal.Answered a, Instant at, List<Pending> out) {
        var memberId = state == null ? null : state.memberId();
        if (memberId != null && store.legs(call.id()).stream().anyMatch(l -> memberId.equals(l.memberId()) && !l.legId().equals(a.legId())
                && l.answeredAt() != null)) {
            // The call came back to a member who had answered it before (transferred away, and back): one call of their day.
            members.answeredAgain(memberId);
        } else if (memberId != null) {
            members.answered(memberId, today());
        }
        boolean blind = call.step().path("transfer_blind").asBoolean(false);
        boolean fallback = call.step().path("transfer_fallback").asBoolean(false);
        var columns = new LinkedHashMap<String, Object>();
        if (memberId != null) {
            // An outside number is nobody of ours: the member who had the call stays the one who answered it
            // (the transfer says which number picked up).
            columns.put("answered_by", memberId);
        }
        columns.put("phase", "BRIDGED");
        // Bridged to the new party to park after unbridge, as on a first answer: their hangup ends the caller's leg
        // through connected_leg (see hungUp), and a further transfer needs no bridge again.
        var step = call.step().deepCopy();
        step.remove(List.of("transfer_ring", "transfer_blind", "transfer_from_leg", "transfer_fallback", "ringback"));
        step.put("connected_leg", a.legId());
        if (memberId != null && !handedOn(call)) {
            // As answered_by: the member the call went to now. (A call out's stays the number it reached.)
            step.put(ANSWERED_LEG, a.legId());
        }
        columns.put("step", step);
        store.update(call.id(), columns);
        keepDetection(call.id(), step, true);
        if (blind) {
            // The caller was waiting alone, hearing ringback.
            out.add(new Send(call.callerLegId(), new CallCommand.StopPrompt(), cs(call.id(), CALLER, null)));
        }
        out.add(new Send(call.callerLegId(), new CallCommand.Bridge(a.legId(), false, true), cs(call.id(), CALLER, null)));
        var previous = call.step().path("transfer_from_leg").asString(null);
        var legs = store.legs(call.id());
        if (!fallback) {
            note(call, "transfer answered by " + (memberId == null ? answeredNumber(legs, a.legId()).orElse("the number dialled")
                    : rungName(call, memberId) + answeredOn(legs, a.legId())));
        }
        if (previous != null && legs.stream().anyMatch(l -> l.legId().equals(previous) && !"ENDED".equals(l.state()))) {
            out.add(new Send(previous, new CallCommand.Hangup(), legCs(call, previous)));
        }
        for (var leg : legs) {
            // The others rung for the transfer, all at once: answered elsewhere.
            if (!leg.legId().equals(a.legId()) && !CALLER.equals(leg.role()) && "RINGING".equals(leg.state())) {
                out.add(new Send(leg.legId(), new CallCommand.Hangup(), cs(call.id(), leg)));
            }
        }
        var outcome = new LinkedHashMap<String, Object>();
        if (fallback) {
            // Where the unanswered blind transfer went (see transferNotAnswered) was answered: the transfer itself
            // stays not answered, and says who picked up instead (an outside number has no member: its number).
            outcome.put("fallback_answered_by", memberId == null ? null : memberId.toString());
            if (memberId == null) {
                answeredNumber(legs, a.legId()).ifPresent(n -> outcome.put("fallback_answered_number", n));
            }
            note(call, "where the unanswered transfer went was answered, by " + (memberId == null ? "the number dialled" : memberName(memberId)));
        } else {
            outcome.put("result", "answered");
            outcome.put("answered_by", memberId == null ? null : memberId.toString());
            if (memberId == null) {
                answeredNumber(legs, a.legId()).ifPresent(n -> outcome.put("answered_number", n));
            }
        }
        markTransfer(call, outcome);
    }

    /** The number an outside leg of the call was dialled at. */
    private static Optional<String> answeredNumber(List<CallStore.Leg> legs, String legId) {
        return legs.stream().filter(l -> l.legId().equals(legId)).findFirst().map(CallStore.Leg::destination);
    }

    /**
     * The member who had the caller hung up while the transfer rang (a blind transfer). The caller's leg was
     * bridged to theirs to be parked when it ends (see answered and transferAnswered): the caller stays on the line, hearing
     * ringback, and the transfer goes on without that member.
     */
    private void memberLeftTransfer(CallStore.Journey call, UUID memberId, String legId, List<Pending> out) {
        note(call, memberName(memberId) + " hung up before the transfer was answered; the caller waits for it");
        var step = call.step().deepCopy();
        step.remove(List.of("transfer_from_leg", "connected_leg"));
        step.put("transfer_blind", true);
        // Not the leg the caller talks to any more, for who ended the call (see endedBy).
        step.put("transfer_left_leg", legId);
        ringback(call, step, out);
        store.update(call.id(), Map.of("step", step));
        markTransfer(call, Map.of("blind", true));
    }

    /** When the transfer under way was asked for (a step's field): the phones it rings were rung from then on. */
    private static final String TRANSFER_AT = "transfer_at";

    /**
     * A phone rung for a transfer was not answered. Others still ringing (all at once) may yet answer; one
     * after another, the next member of the rule who can take the call is rung. When nobody is left, the caller
     * stays with the member who has them, as after an unanswered attended transfer on a PBX: the rule's
     * no-answer target (its voicemail) is for callers nobody is talking to, and this one is talking to someone.
     * After a blind transfer (that member has hung up) nobody is: the call goes where an unanswered call for the
     * transfer's target goes.
     */
    private void transferNotAnswered(CallStore.Journey call, List<CallStore.Leg> legs, String endedLeg, List<Pending> out) {
        // The transfer's own phones only: one rung before it (for the call's first ring, cancelled when someone answered)
        // whose hangup is late still rings as far as we know, but it is not the transfer's to wait for.
        var since = call.step().hasNonNull(TRANSFER_AT) ? Instant.parse(call.step().get(TRANSFER_AT).asString()) : null;
        boolean othersRinging = legs.stream().anyMatch(l -> !l.legId().equals(endedLeg) && !CALLER.equals(l.role())
                && "RINGING".equals(l.state()) && (since == null || l.startedAt() == null || !l.startedAt().isBefore(since)));
        if (othersRinging) {
            return;
        }
        if (call.step().path("transfer_ring").asBoolean(false) && currentAction(call) instanceof Decision.RingMembers ring
                && !ring.simultaneous() && ringSequential(call, ring, call.step().path("ring_index").asInt(0) + 1, out)) {
            return;
        }
        var step = call.step().deepCopy();
        step.remove("transfer_ring");
        markTransfer(call, Map.of("result", "not_answered"));
        if (call.step().path("transfer_blind").asBoolean(false)) {
            note(call, "the transfer was not answered and the member who had the caller has hung up: where an unanswered call "
                    + "for the transfer's target goes");
            var unanswered = currentAction(call);
            // Whoever answers there answers the fallback, not the transfer (see transferAnswered).
            step.put("transfer_fallback", true);
            store.update(call.id(), Map.of("step", step));
            transferFallback(store.lock(call.id()).orElseThrow(), switch (unanswered) {
                case Decision.RingMembers r -> r.noAnswer();
                case Decision.Forward f -> f.noAnswer();
                default -> null;
            }, out);
            return;
        }
        note(call, "the transfer was not answered; the call stays with whoever had it");
        setPhase(call, "BRIDGED", step);
    }

    /**
     * Where a blind transfer nobody answered goes: where an unanswered call for its target would (a member's
     * voicemail, a rule's no-answer target, the general voicemail after an outside number). Phones on the way
     * are rung as the transfer's own (the call was answered already: a new call's ring would refuse their
     * answer). A menu, a queue or voicemail access, which are not written for a call answered already, give
     * way to the general voicemail; and a hang-up says why first.
     */
    private void transferFallback(CallStore.Journey call, Decision.Action action, List<Pending> out) {
        switch (action) {
            case Decision.RingMembers ring -> {
                if (!ringTransfer(call, ring, call.step().deepCopy(), out)) {
                    note(call, "nobody there can take the call now");
                    transferFallback(store.lock(call.id()).orElseThrow(), ring.noAnswer(), out);
                }
            }
            case Decision.Forward f -> forwardTransfer(call, f, call.step().deepCopy(), out);
            case Decision.Voicemail v -> run(call, v, out);
            case Decision.Hangup h -> run(call, new Decision.Hangup(h.message() != null ? h.message()
                    : "Sorry, nobody is available to take your call. Please try again later.", false), out);
            case null, default -> {
                var trace = new ArrayList<String>();
                var fallback = Router.fallback(snapshots.current(), trace);
                note(call, "that is not for a call answered already: instead");
                trace.forEach(t -> note(call, t));
                transferFallback(call, fallback, out);
            }
        }
    }

    /** The call's transfers as stored (not among the columns read with the call). */
    private tools.jackson.databind.node.ArrayNode transfers(UUID callId) {
        var transfers = store.json().createArrayNode();
        jdbc.sql("select transfers::text from calls where company_id = :c and id = :id").param("c", TenantContext.require().value())
                .param("id", callId).query(String.class).optional()
                .ifPresent(t -> transfers.addAll((tools.jackson.databind.node.ArrayNode) store.json().readTree(t)));
        return transfers;
    }

    /**
     * Adds how it went ({@code result}: answered or not_answered, by whom, blind; after a blind transfer nobody
     * answered, who answered where it went instead: {@code fallback_answered_by}) to the call's latest transfer, and
     * takes {@code untrue} off it (facts that turned out not to hold). One read and one write: the call's writes are
     * held until the signal's end, so a second read here would not see the first's change.
     */
    private void markTransfer(CallStore.Journey call, Map<String, ?> facts, String... untrue) {
        var transfers = transfers(call.id());
        if (transfers.isEmpty()) {
            return;
        }
        var latest = (ObjectNode) transfers.get(transfers.size() - 1);
        facts.forEach((k, v) -> latest.set(k, store.json().valueToTree(v)));
        latest.remove(List.of(untrue));
        store.update(call.id(), Map.of("transfers", transfers));
    }

    // ---- actions ----

    private void run(CallStore.Journey call, Decision.Action action, List<Pending> out) {
        var step = call.step().deepCopy();
        setAction(call, step, action);
        if (step.path("ringback").asBoolean(false)) {
            // The caller heard ringing while members rang: stop it before whatever comes next.
            out.add(new Send(call.callerLegId(), new CallCommand.StopPrompt(), cs(call.id(), CALLER, null)));
            step.remove("ringback");
        }
        step.remove("ring_bridge");
        switch (action) {
            case Decision.RingMembers ring when ring.simultaneous() -> {
                int rung = 0;
                for (var r : ring.rings()) {
                    if (claimAndDial(call, r, out)) {
                        rung++;
                    }
                }
                if (rung == 0) {
                    note(call, "nobody could be claimed to ring");
                    run(call, ring.noAnswer(), out);
                    return;
                }
                ringback(call, step, out);
                setPhase(call, "RINGING", step);
            }
            case Decision.RingMembers ring -> {
                var inTurn = roundRobinTurn(ring, step);
                setPhase(call, "RINGING", step);
                if (!ringSequential(store.lock(call.id()).orElseThrow(), inTurn, 0, out)) {
                    var latest = store.lock(call.id()).orElseThrow();
                    var now = rotationNow(latest, ring);
                    if (now == null) {
                        run(latest, ring.noAnswer(), out);
                    } else {
                        var refreshed = latest.step().deepCopy();
                        refreshed.put("rr_refreshed", ring.ruleId().toString());
                        store.update(call.id(), Map.of("step", refreshed));
                        note(latest, "everyone in this call's turn was taken before it rang: the rotation as it is now");
                        run(store.lock(call.id()).orElseThrow(), now, out);
                    }
                }
            }
            case Decision.PlayMenu m -> {
                var menu = menus.find(m.menuId()).orElse(null);
                if (menu == null) {
                    menuGone(call, out);
                    return;
                }
                step.put("menu_id", m.menuId().toString());
                step.put("menu_tries", 0);
                step.remove("menu_audio_failed");
                setPhase(call, "MENU", step);
                out.add(gather(call, menu, null));
            }
            case Decision.Voicemail v -> {
                var settings = mailboxes.settings(v.memberId());
                if (v.memberId() != null) {
                    step.put("voicemail_member", v.memberId().toString());
                } else {
                    step.remove("voicemail_member");
                }
                if (step.path("call_recording").asBoolean(false)) {
                    // A recorded call (a blind transfer nobody answered) going to voicemail: the call's recording
                    // ends here, before the message's begins, each saved on its own (see recordingSaved).
                    out.add(new Send(call.callerLegId(), new CallCommand.RecordStop(), cs(call.id(), CALLER, null)));
                    step.put("call_recording", false);
                    note(call, "the call's recording stops before the voicemail");
                }
                step.put("max_seconds", settings.maxMessageSeconds());
                step.put("voicemail_recording", true);
                // The box's greeting language is the language its callers are expected to speak.
                step.put("transcribe", settings.transcriptionEnabled());
                if (settings.transcriptionEnabled() && settings.greetingLanguage() != null) {
                    step.put("transcription_language", settings.greetingLanguage());
                } else {
                    step.remove("transcription_language");
                }
                var caller = cs(call.id(), CALLER, null);
                step.remove("greeting_after_notice");
                step.remove("greeting_audio");
                // A notice (a vacation auto-reply) is said first: with a spoken greeting, as one prompt; before an
                // uploaded one, on its own, the greeting played when it ends (see promptEnded).
                var notice = v.notice() == null ? "" : v.notice() + " ";
                if (settings.greetingType() == GreetingType.AUDIO && settings.greetingMediaId() != null) {
                    var greeting = publicBaseUrl + media.signedPath(settings.greetingMediaId(), Duration.ofHours(1));
                    if (v.notice() != null) {
                        step.put("greeting_after_notice", greeting);
                        out.add(new Send(call.callerLegId(), new CallCommand.Speak(v.notice(), null, null), caller));
                    } else {
                        // Should the carrier not play it, the spoken greeting is said instead (see promptEnded).
                        step.put("greeting_audio", true);
                        out.add(new Send(call.callerLegId(), new CallCommand.Play(greeting, false), caller));
                    }
                } else if (settings.greetingType() == GreetingType.TEXT_TO_SPEECH && settings.greetingText() != null) {
                    out.add(new Send(call.callerLegId(), new CallCommand.Speak(notice + settings.greetingText(), settings.greetingVoice(),
                            settings.greetingLanguage()), caller));
                } else {
                    out.add(new Send(call.callerLegId(), new CallCommand.Speak(notice + defaultGreeting(v.memberId()), null, null), caller));
                }
                setPhase(call, "VOICEMAIL_GREETING", step);
            }
            case Decision.Forward f -> {
                step.put(CARRIER_FORWARDED, f.number());
                setPhase(call, "FORWARDING", step);
                out.add(new Send(call.callerLegId(), new CallCommand.Transfer(f.number(), call.to(), (int) f.timeout().toSeconds(),
                        cs(call.id(), FORWARD, null), detectMachine(f.number(), null)), cs(call.id(), CALLER, null)));
            }
            case Decision.Enqueue q -> enqueue(call, q, step, out);
            case Decision.MailboxLogin m -> {
                step.put("mailbox", true);
                if (m.memberId() == null) {
                    setPhase(call, "MAILBOX_EXTENSION", step);
                    out.add(mailboxGather(call, "Voicemail. Please enter your extension, then press pound.", 6));
                } else {
                    var member = members.find(m.memberId()).orElse(null);
                    mailboxAskPin(call, step, m.memberId(), member != null && member.voicemailPinSet(),
                            "Voicemail for " + memberName(m.memberId()) + ". ", out);
                }
            }
            case Decision.Hangup h -> {
                // Sent here by the company's own routing before anyone's phone rang (a blocked caller): the call
                // was refused, not missed. After phones rang, or when nobody could take it, it is missed.
                boolean refused = h.refused() && store.legs(call.id()).stream().allMatch(l -> CALLER.equals(l.role()));
                if (refused) {
                    step.put("refused", true);
                    note(call, "refused by the routing: hang up" + (h.message() == null ? "" : " with a message"));
                }
                if (h.message() != null) {
                    setPhase(call, "HANGUP_MESSAGE", step);
                    out.add(new Send(call.callerLegId(), new CallCommand.Speak(h.message(), null, null), cs(call.id(), CALLER, null)));
                } else {
                    setPhase(call, "HANGING_UP", step);
                    out.add(new Send(call.callerLegId(), new CallCommand.Hangup(), callerCs(call)));
                }
            }
        }
    }

    /** The caller hears ringing (not silence) while members' phones ring. */
    private void ringback(CallStore.Journey call, ObjectNode step, List<Pending> out) {
        if (call.callerLegId() != null && callerOutside(call)) {
            out.add(new Send(call.callerLegId(), new CallCommand.Play(publicBaseUrl + RINGBACK_AUDIO, true), cs(call.id(), CALLER, null)));
            step.put("ringback", true);
        }
    }

    /**
     * Rings the member at {@code index} or the next one who can be claimed; false when none is left. A
     * first pass skips members another call is claiming at this very moment (their row is locked), so
     * calls arriving together spread over the team instead of queueing for the same member; only when
     * that finds nobody does a second pass wait for them.
     */
    private boolean ringSequential(CallStore.Journey call, Decision.RingMembers ring, int index, List<Pending> out) {
        var passedOver = new ArrayList<Decision.Ring>();
        for (int i = index; i < ring.rings().size(); i++) {
            var r = ring.rings().get(i);
            if (heldFor(call, r.memberId()) || members.claimIfFree(r.memberId())) {
                passedOver.forEach(p -> notClaimed(call, p, "being offered another call at this moment"));
                ringing(call, ring, index, i, out);
                return true;
            }
            passedOver.add(r);
        }
        for (int i = index; i < ring.rings().size(); i++) {
            var r = ring.rings().get(i);
            if (heldFor(call, r.memberId()) || members.claim(r.memberId())) {
                ringing(call, ring, index, i, out);
                return true;
            }
            notClaimed(call, r, "taken by another call at this moment");
        }
        return false;
    }

    /**
     * The members in turn for round-robin rule of {@code ring} as the rotation and the team are now, when
     * none of the members the call was decided with could be claimed: calls decided together (a burst, or
     * a greeting played first) share one window of the rotation, and when that window fills up the call
     * should not go to the no-answer target while others in the rule are free. Once per call and rule; null
     * when it was done already, nobody in the rule can take the call now, or the turn would be the same.
     */
    private Decision.RingMembers rotationNow(CallStore.Journey call, Decision.RingMembers ring) {
        if (ring.ruleId() == null || ring.ruleId().toString().equals(call.step().path("rr_refreshed").asString(null))) {
            return null;
        }
        var target = new dev.switchboard.routing.Target(dev.switchboard.routing.Target.Kind.RULE, null, ring.ruleId(), null, null);
        var action = Router.resolve(target, facts(call), snapshots.current(), new ArrayList<>());
        if (action instanceof Decision.RingMembers first && first.ruleId() == null && first.noAnswer() instanceof Decision.RingMembers rest
                && ring.ruleId().equals(rest.ruleId())) {
            // The caller's technician first, then the rule's turn: the technician was rung already, the turn is what is wanted.
            action = rest;
        }
        if (action instanceof Decision.RingMembers fresh && !fresh.simultaneous() && ring.ruleId().equals(fresh.ruleId())
                && !memberIds(fresh).equals(memberIds(ring))) {
            return fresh;
        }
        return null;
    }

    private static Set<UUID> memberIds(Decision.RingMembers ring) {
        return ring.rings().stream().map(Decision.Ring::memberId).collect(java.util.stream.Collectors.toSet());
    }

    /**
     * Round robin at the moment of ringing: the members in turn from where the rule's pointer is now (calls
     * decided together start at different members), remembered in the step with their positions in the
     * rule, so each ring can move the pointer on from exactly where this call found it.
     */
    private Decision.RingMembers roundRobinTurn(Decision.RingMembers ring, ObjectNode step) {
        // A ring of another rule before this one (a no-answer target) leaves nothing behind.
        step.remove(List.of("rr_rule", "rr_pointer", "rr_size", "rr_positions"));
        var turn = ring.ruleId() == null ? null
                : snapshots.turn(ring.ruleId(), ring.rings().stream().map(Decision.Ring::memberId).collect(java.util.stream.Collectors.toSet()))
                        .orElse(null);
        if (turn == null) {
            return ring;
        }
        var ordered = turn.order(ring.rings(), Decision.Ring::memberId);
        step.put("rr_rule", ring.ruleId().toString());
        step.put("rr_pointer", turn.pointer());
        step.put("rr_size", turn.size());
        var positions = step.putArray("rr_positions");
        ordered.forEach(r -> positions.add(turn.positions().getOrDefault(r.memberId(), -1)));
        return new Decision.RingMembers(ordered, ring.simultaneous(), ring.noAnswer(), ring.ruleId());
    }

    /**
     * Member {@code i} of a sequential ring that started at {@code from}, claimed, is rung: remembers where
     * the ring is, and moves the round-robin pointer past them (from where this ring found it). When the
     * member has one phone, the caller is bridged to it while it rings: they hear its ringtone, and the
     * member's first words reach them the moment they pick up (nothing waits for a webhook and a command
     * then); the caller's leg stays up, parked, if the phone is not answered. A member with two phones
     * (both ring) has the caller hear our ringback instead, until one answers.
     */
    private void ringing(CallStore.Journey call, Decision.RingMembers ring, int from, int i, List<Pending> out) {
        var r = ring.rings().get(i);
        var step = call.step().deepCopy();
        boolean transferring = "TRANSFERRING".equals(call.phase());
        // Not a forwarded phone whose answerer must press 1 first: the caller would hear its voicemail, or the question.
        boolean bridge = r.destinations().size() == 1 && !r.confirmForwarded() && "INBOUND".equals(call.direction())
                && call.callerLegId() != null && call.connectedAt() != null && !transferring;
        if (bridge && step.path("ringback").asBoolean(false)) {
            out.add(new Send(call.callerLegId(), new CallCommand.StopPrompt(), cs(call.id(), CALLER, null)));
            step.remove("ringback");
        }
        dialClaimed(call, r, bridge, out);
        if (!bridge && !transferring && !step.path("ringback").asBoolean(false)) {
            ringback(call, step, out);
        }
        step.put("ring_bridge", bridge);
        if (bridge && r.memberId() != null) {
            var bridged = step.has(RING_BRIDGED) ? (tools.jackson.databind.node.ArrayNode) step.get(RING_BRIDGED) : step.putArray(RING_BRIDGED);
            if (!contains(bridged, r.memberId().toString())) {
                bridged.add(r.memberId().toString());
            }
        }
        setAction(call, step, ring);
        step.put("ring_index", i);
        store.update(call.id(), Map.of("step", step));
        var positions = step.path("rr_positions");
        int size = step.path("rr_size").asInt(0);
        if (step.hasNonNull("rr_rule") && size > 0 && positions.path(i).asInt(-1) >= 0) {
            int expected = from == 0 ? step.path("rr_pointer").asInt() : Math.floorMod(positions.path(from - 1).asInt() + 1, size);
            out.add(new AdvanceRoundRobin(UUID.fromString(step.get("rr_rule").asString()), size, expected, (positions.path(i).asInt() + 1) % size));
        }
    }

    /**
     * The member is claimed for this call already: a phone of theirs is still up on it as far as we know (its
     * hangup not come yet: a cancelled phone's hangup delivered late). A member is claimed once for a call, however
     * many times it rings them (a transfer back to them, a ring that comes round again), and given back once, with the
     * last of their phones on it (see hungUp): a second claim would never be given back.
     */
    private boolean heldFor(CallStore.Journey call, UUID memberId) {
        return store.legs(call.id()).stream().anyMatch(l -> memberId.equals(l.memberId()) && !"ENDED".equals(l.state()));
    }

    private boolean claimAndDial(CallStore.Journey call, Decision.Ring r, List<Pending> out) {
        if (!heldFor(call, r.memberId()) && !members.claim(r.memberId())) {
            notClaimed(call, r, "taken by another call at this moment");
            return false;
        }
        dialClaimed(call, r, out);
        return true;
    }

    /**
     * A member the call was to ring could not be claimed: the trace says why as routing does ("skipped Bob:
     * do-not-disturb until ...", changed since the call was decided), or, when they could take it, that another
     * call got them first.
     */
    private void notClaimed(CallStore.Journey call, Decision.Ring r, String otherwise) {
        note(call, members.whyNot(r.memberId()).map(why -> "skipped " + r.memberName() + ": " + why)
                .orElse("could not claim " + r.memberName() + " (" + otherwise + ")"));
    }

    private void dialClaimed(CallStore.Journey call, Decision.Ring r, List<Pending> out) {
        dialClaimed(call, r, false, out);
    }

    private void dialClaimed(CallStore.Journey call, Decision.Ring r, boolean bridgeCaller, List<Pending> out) {
        for (var destination : r.destinations()) {
            out.add(detecting(toMember(call, new Dial(call.id(), r.memberId(), MEMBER, ourNumber(call), destination, (int) r.timeout().toSeconds(),
                    call.callerLegId(), cs(call.id(), MEMBER, r.memberId()), bridgeCaller ? cs(call.id(), CALLER, null) : null))));
        }
        note(call, "ringing " + r.memberName());
    }

    /**
     * The spoken greeting of a box that has none of its own (or whose own cannot be played): whose it is, and the tone. The
     * general box's, while the business is closed, says so and when it opens again: a new company's after-hours caller heard
     * "Nobody is available to take your call", as if the team were ignoring them (found by the setup walk).
     */
    private String defaultGreeting(UUID memberId) {
        var name = memberId == null ? null : members.find(memberId).map(dev.switchboard.directory.TeamMember::name).orElse(null);
        if (memberId == null) {
            var hours = snapshots.current().businessHours();
            var now = clock.instant();
            if (hours.hoursConfigured() && !hours.isOpen(now)) {
                var opens = hours.transitions(now, 4, 14).stream().filter(dev.switchboard.schedule.Schedule.Transition::open).findFirst()
                        .map(t -> ", and open again " + spokenWhen(now, t.at(), hours.zone())).orElse("");
                return "Thank you for calling " + companies.current().name() + ". We are closed now" + opens
                        + ". Please leave a message after the tone.";
            }
        }
        return dev.switchboard.voicemail.Mailboxes.defaultGreeting(name);
    }

    /** A time to come as said to a caller: "today at 1 PM", "tomorrow at 8:30 AM", "on Monday at 9 AM", "on 4 January at 9 AM". */
    static String spokenWhen(Instant now, Instant at, java.time.ZoneId zone) {
        var today = now.atZone(zone).toLocalDate();
        var local = at.atZone(zone);
        var day = local.toLocalDate();
        String when;
        if (day.equals(today)) {
            when = "today";
        } else if (day.equals(today.plusDays(1))) {
            when = "tomorrow";
        } else if (day.isBefore(today.plusDays(7))) {
            when = "on " + day.getDayOfWeek().getDisplayName(java.time.format.TextStyle.FULL, java.util.Locale.ENGLISH);
        } else {
            when = "on " + day.getDayOfMonth() + " " + day.getMonth().getDisplayName(java.time.format.TextStyle.FULL, java.util.Locale.ENGLISH);
        }
        var pattern = local.getMinute() == 0 ? "h a" : "h:mm a";
        return when + " at " + java.time.format.DateTimeFormatter.ofPattern(pattern, java.util.Locale.ENGLISH).format(local);
    }

    private void greet(CallStore.Journey call, Decision.Greeting g, List<Pending> out) {
        var caller = cs(call.id(), CALLER, null);
        if (g.mediaId() != null) {
            out.add(new Send(call.callerLegId(), new CallCommand.Play(publicBaseUrl + media.signedPath(g.mediaId(), Duration.ofHours(1)), false), caller));
        } else {
            out.add(new Send(call.callerLegId(), new CallCommand.Speak(g.text(), g.voice(), g.language()), caller));
        }
    }

    private Send gather(CallStore.Journey call, IvrMenu menu, String prefix) {
        int maxDigits = 1;
        if (menu.dialByExtension()) {
            int longest = members.list().stream().filter(m -> m.phoneExtension() != null)
                    .mapToInt(m -> m.phoneExtension().digits().length()).max().orElse(1);
            maxDigits = Math.max(1, longest + (menu.extensionPrefix() == null ? 0 : 1));
        }
        var text = (prefix == null ? "" : prefix + " ") + (menu.greetingText() == null ? "" : menu.greetingText());
        var caller = cs(call.id(), CALLER, null);
        int timeout = menu.timeoutSeconds() * 1000;
        int interDigit = maxDigits > 1 ? MENU_INTER_DIGIT_MILLIS : 0;
        if (recorded(call, menu) && prefix == null) {
            return new Send(call.callerLegId(), new CallCommand.GatherWithAudio(publicBaseUrl + media.signedPath(menu.greetingMediaId(),
                    Duration.ofHours(1)), 1, maxDigits, timeout, menu.terminatingKey(), interDigit), caller);
        }
        return new Send(call.callerLegId(), new CallCommand.GatherWithSpeech(text.strip(), menu.greetingVoice(), menu.greetingLanguage(),
                1, maxDigits, timeout, menu.terminatingKey(), null, interDigit), caller);
    }

    /**
     * How long after a key a menu that also takes extensions waits for another before acting on what was pressed: a menu
     * key alone (1 for sales) is acted on after this pause, not the carrier's default of 5 s of silence; an extension's
     * digits typed at an ordinary pace (under 3 s apart, as Asterisk's digit timeout) are still read whole.
     */
    static final int MENU_INTER_DIGIT_MILLIS = 3_000;

    /** Whether the menu is played from its uploaded recording: it has one, and it has not failed to play on this call. */
    private static boolean recorded(CallStore.Journey call, IvrMenu menu) {
        return menu.greetingMediaId() != null && !call.step().path("menu_audio_failed").asBoolean(false);
    }

    /**
     * The menu the caller is in was deleted (an admin replaced it) while they listened: they are not left in silence
     * but go where a call with no matching rule goes.
     */
    private void menuGone(CallStore.Journey call, List<Pending> out) {
        note(call, "menu: the menu was deleted during the call");
        run(call, onward(call, null), out);
    }

    /**
     * A line of the trace about what the caller did in {@code menu}, naming it ("menu 'Billing': pressed 9"): with a submenu
     * the trace read "menu: pressed 2", "menu: invalid choice 7", and the owner could not tell in which menu.
     */
    private static String menuLine(IvrMenu menu, String what) {
        return "menu '" + menu.name() + "': " + what;
    }

    private void gathered(CallStore.Journey call, CallSignal.DigitsGathered g, List<Pending> out) {
        var menu = menus.find(stepId(call, "menu_id")).orElse(null);
        if (menu == null) {
            menuGone(call, out);
            return;
        }
        if (g.end() == CallSignal.GatherEnd.FAILED && recorded(call, menu)) {
            // The menu's recording could not be played (refused, its file not found): the caller heard nothing. With
            // text of its own, the menu is said instead, the try not counted; without, it goes on as a try with no choice.
            if (menu.greetingText() != null) {
                var step = call.step().deepCopy();
                step.put("menu_audio_failed", true);
                store.update(call.id(), Map.of("step", step));
                note(call, menuLine(menu, "the menu's recording could not be played; its text is said instead"));
                out.add(gather(store.lock(call.id()).orElseThrow(), menu, null));
                return;
            }
            note(call, menuLine(menu, "the menu's recording could not be played, and it has no text to say instead"));
        }
        var digits = g.digits() == null ? "" : g.digits();
        var snapshot = snapshots.current();
        var trace = new ArrayList<String>();
        var facts = facts(call);
        if (!digits.isEmpty() && (g.end() == CallSignal.GatherEnd.VALID || g.end() == CallSignal.GatherEnd.INVALID)) {
            if (menu.dialByExtension()) {
                var ext = menu.extensionPrefix() == null ? digits
                        : digits.startsWith(menu.extensionPrefix()) ? digits.substring(1) : null;
                var member = ext == null ? null : snapshot.memberWithExtension(ext).orElse(null);
                if (member != null && (menu.extensionPrefix() != null || !menu.options().containsKey(digits))) {
                    note(call, menuLine(menu, "extension " + ext + " (" + member.name() + ")"));
                    var action = Router.ringMember(member, facts, snapshot, trace);
                    trace.forEach(t -> note(call, t));
                    run(call, action, out);
                    return;
                }
            }
            var target = menu.options().get(digits);
            if (target != null) {
                note(call, menuLine(menu, "pressed " + digits));
                var action = Router.resolve(target, facts, snapshot, trace);
                trace.forEach(t -> note(call, t));
                run(call, action, out);
                return;
            }
            // Keys that are no option in a menu that dials extensions were most likely an extension: the trace says nobody
            // has it ("invalid choice 109" left the owner guessing whether 109 was a typo or a member's extension that failed).
            var typedExtension = menu.dialByExtension() ? (menu.extensionPrefix() == null ? digits
                    : digits.startsWith(menu.extensionPrefix()) ? digits.substring(1) : null) : null;
            boolean anExtension = typedExtension != null && (menu.extensionPrefix() != null ? !typedExtension.isEmpty() : typedExtension.length() > 1);
            // Told which extension is not there, as 3CX and FreePBX say it: "not a valid choice" after 109 left a caller who
            // had the extension from an old business card wondering what they had done wrong. A menu's own wording is kept.
            var prompt = anExtension && dev.switchboard.routing.IvrMenus.DEFAULT_INVALID_PROMPT.equals(menu.invalidPrompt())
                    ? "Sorry, there is no extension " + String.join(" ", typedExtension.split("")) + "." : menu.invalidPrompt();
            retry(call, menu, prompt, menu.invalidTarget(), typedExtension != null && !typedExtension.isEmpty()
                    ? "invalid choice " + digits + ": no extension " + typedExtension : "invalid choice " + digits, facts, out);
            return;
        }
        retry(call, menu, menu.timeoutPrompt(), menu.timeoutTarget(), "no choice", facts, out);
    }

    private void retry(CallStore.Journey call, IvrMenu menu, String prompt, dev.switchboard.routing.Target giveUp, String why,
            Router.Call facts, List<Pending> out) {
        int tries = call.step().path("menu_tries").asInt(0) + 1;
        note(call, menuLine(menu, why + " (try " + tries + " of " + (menu.maxRetries() + 1) + ")"));
        if (tries > menu.maxRetries()) {
            var snapshot = snapshots.current();
            var trace = new ArrayList<String>();
            // Said first, whatever it leads to ("menu 'Main': after the last try: hang up with a message"): a hang-up adds no line
            // of its own, and the trace ended at the last try as if the call had stopped there.
            trace.add(menuLine(menu, "after the last try: " + (giveUp == null ? "the general voicemail (no target set)" : snapshot.describe(giveUp))));
            var action = afterWaiting(giveUp == null ? Router.fallback(snapshot, trace) : Router.resolve(giveUp, facts, snapshot, trace));
            // Where the last try led, and why (who was skipped), as for a choice the caller made.
            trace.forEach(t -> note(call, t));
            run(call, action, out);
            return;
        }
        var step = call.step().deepCopy();
        step.put("menu_tries", tries);
        if (recorded(call, menu) && prompt != null) {
            // A recorded menu: the retry's words are said first, then the recording is played again (see promptEnded),
            // not the menu's text (which a recorded menu may not have: the caller heard the apology, then silence).
            step.put("menu_replay", true);
            store.update(call.id(), Map.of("step", step));
            out.add(new Send(call.callerLegId(), new CallCommand.Speak(prompt, menu.greetingVoice(), menu.greetingLanguage()),
                    cs(call.id(), CALLER, null)));
            return;
        }
        store.update(call.id(), Map.of("step", step));
        out.add(gather(call, menu, prompt));
    }

    private Router.Call facts(CallStore.Journey call) {
        var tags = new HashSet<String>();
        call.step().path("tags").forEach(t -> tags.add(t.asString()));
        var job = call.step().path("open_job");
        var openJob = job.isObject() ? store.json().treeToValue(job, Router.OpenJob.class) : null;
        var holding = new HashSet<UUID>();
        store.legs(call.id()).forEach(l -> {
            if (l.memberId() != null && !"ENDED".equals(l.state())) {
                holding.add(l.memberId());
            }
        });
        return new Router.Call(call.from(), call.to(), call.step().path("known").asBoolean(false), Set.copyOf(tags), clock.instant(),
                openJob, holding);
    }

    /**
     * Ends an open call none of whose legs is up, as the check against the carrier finds it ({@link CallReconciler}):
     * one whose phones were never dialled (the node stopped between deciding and dialling) as failed, could not
     * be set up, at its start; one whose legs all ended without ending it when the last of them did, its outcome
     * as it stands. Ended by the system; its trace says why. A call that has ended or has a leg up is left alone.
     */
    public void endWithNoLegUp(UUID callId) {
        inTransaction(() -> store.lock(callId).filter(c -> c.endedAt() == null).ifPresent(found -> {
            var legs = store.legs(callId);
            if (legs.stream().anyMatch(l -> !"ENDED".equals(l.state()))) {
                return;
            }
            var call = found;
            var at = legs.stream().map(CallStore.Leg::endedAt).filter(java.util.Objects::nonNull).max(java.util.Comparator.naturalOrder())
                    .orElse(call.startedAt());
            if (legs.isEmpty()) {
                var step = call.step().deepCopy();
                step.put("setup_failed", "none of the call's phones was dialled");
                store.update(callId, Map.of("step", step));
                call = store.lock(callId).orElseThrow();
                note(call, "none of this call's phones was ever dialled: it could not be set up, and is ended here");
            } else {
                note(call, "every leg of this call had ended, yet the call was still open: ended here, when its last leg did");
            }
            var end = new CallSignal.Hangup("reconciled:" + UUID.randomUUID(), null, null, at, null, CallSignal.Reason.OTHER,
                    CallSignal.Side.UNKNOWN, null, null);
            finish(call, at, end, null, "system");
        }));
    }

    /** Closes the journey: {@code h} is the hangup that ended it, of the leg in {@code role}. */
    private void finish(CallStore.Journey call, Instant at, CallSignal.Hangup h, String role) {
        finish(call, at, h, role, null);
    }

    /**
     * A member's answer heard after their phone's hangup (see answered). A call still going is left to finish, which
     * finds the answer on the leg; one already ended as not answered is answered by that member after all.
     */
    private void answeredAfterItsHangup(CallStore.Journey call, CallStore.Leg leg, Instant at) {
        answeredAfterItsHangup(call, leg, at, "the phone's hangup");
    }

    /** As above, the answer heard after {@code what} (the phone's hangup, or the caller's). */
    private void answeredAfterItsHangup(CallStore.Journey call, CallStore.Leg leg, Instant at, String what) {
        boolean outbound = "OUTBOUND".equals(call.direction());
        note(call, (outbound ? "the number" : leg.memberId() == null ? String.valueOf(leg.destination()) : memberName(leg.memberId()))
                + " had answered (the answer arrived after " + what + ")");
        if (call.endedAt() == null) {
            return;
        }
        var legs = store.legs(call.id());
        var columns = new LinkedHashMap<String, Object>();
        columns.put("answered_at", at);
        var connected = call.connectedAt();
        if (outbound) {
            // A call out is connected, and billed, from the dialled party's answer; our member placed it.
            connected = at;
            columns.put("connected_at", at);
        } else if (leg.memberId() != null) {
            columns.put("answered_by", leg.memberId());
            members.answeredLate(leg.memberId(), at.atZone(snapshots.timezone()).toLocalDate());
        }
        if (!CallOutcomes.leftAMessage(call)) {
            columns.put("outcome", Outcome.ANSWERED.name());
            store.event(call.id(), at, "Outcome", Outcome.ANSWERED.name() + ": the answer arrived after " + what);
        }
        var step = call.step().deepCopy();
        step.put(ANSWERED_LEG, leg.legId());
        columns.put("step", step);
        keepDetection(call.id(), step, true);
        long billable = connected == null ? 0 : CallCharges.billable(Duration.between(connected, call.endedAt()), snapshots.phoneSettings().billingIncrementSeconds());
        columns.put("billable_seconds", (int) billable);
        columns.put("cost_cents", cost(call, legs, call.endedAt(), billable));
        store.update(call.id(), columns);
        if (outbound && call.step().hasNonNull("callback_entry_id")) {
            // Taken for unanswered when its hangup came: the callback was made after all.
            queueLine.callbackAnsweredLate(stepId(call, "callback_entry_id"), call.id(), call.answeredBy(), at);
        }
    }

    /** An ended inbound call's answer of its caller, heard only now (see answered): connected, and billed, from {@code at}. */
    private void callerAnsweredAfterTheHangup(CallStore.Journey call, Instant at) {
        note(call, "Switchboard had answered the caller (the answer arrived after their hangup): billed from then");
        store.update(call.id(), Map.of("connected_at", at));
        var connected = store.lock(call.id()).orElseThrow();
        long billable = CallCharges.billable(connected, connected.endedAt(), snapshots.phoneSettings().billingIncrementSeconds());
        store.update(call.id(), Map.of("billable_seconds", (int) billable,
                "cost_cents", cost(connected, store.legs(call.id()), connected.endedAt(), billable)));
    }

    /**
     * The cost of an ended call worked out again, its legs as known now: a phone number's leg whose answer was heard only
     * after the call ended (a late webhook) was billed by the carrier from that answer, though the call had been costed
     * without it; an answered leg whose hangup was delivered after the call was closed ended before the call did, and
     * counts up to its own end, not the call's. The call's own billed time is as finish made it.
     */
    private void costAgain(CallStore.Journey call) {
        long billable = CallCharges.billable(call, call.endedAt(), snapshots.phoneSettings().billingIncrementSeconds());
        store.update(call.id(), Map.of("cost_cents", cost(call, store.legs(call.id()), call.endedAt(), billable)));
    }

    /** What a call ending at {@code at} costs at the company's rates (see {@link CallCharges#cost}). */
    private long cost(CallStore.Journey call, List<CallStore.Leg> legs, Instant at, long billable) {
        return CallCharges.cost(call, legs, at, billable, snapshots.phoneSettings());
    }

    /**
     * A call out ended as answered (the number's hangup came first) though the member who placed it had hung up before the
     * number answered: their hangup, at {@code memberLeft}, arrived only now (a late webhook). Nobody talked to the number:
     * the call is not answered after all, as {@link #finish} makes one whose member's hangup is heard before the call ends.
     */
    private void memberLeftBeforeTheAnswer(CallStore.Journey call, Instant memberLeft) {
        note(call, "answered only after the caller had hung up (their hangup arrived after the call ended): not answered");
        var columns = new LinkedHashMap<String, Object>();
        columns.put("answered_at", null);
        columns.put("answered_by", null);
        columns.put("connected_at", null);
        var step = call.step().deepCopy();
        step.remove(ANSWERED_LEG);
        columns.put("step", step);
        var outcome = CallOutcomes.leftAMessage(call) ? Outcome.VOICEMAIL : Outcome.MISSED;
        columns.put("outcome", outcome.name());
        columns.put("billable_seconds", 0);
        columns.put("cost_cents", cost(call, store.legs(call.id()), call.endedAt(), 0));
        store.update(call.id(), columns);
        keepDetection(call.id(), step, false);
        store.event(call.id(), memberLeft, "Outcome", outcome.name() + ": the member had hung up before the answer");
        callbackNotMadeAfterAll(call, memberLeft);
    }

    /**
     * A queue callback's call out whose number answered only after our member had hung up: the customer's answer had
     * completed the callback, but they were not called back. Tried again, as one who did not answer, on a timer of its
     * own (see hungUp). Nothing for any other call.
     */
    private void callbackNotMadeAfterAll(CallStore.Journey call, Instant at) {
        if (!"OUTBOUND".equals(call.direction()) || !call.step().hasNonNull("callback_entry_id")) {
            return;
        }
        var entryId = stepId(call, "callback_entry_id");
        var queueId = stepId(call, "queue_id");
        queueLine.callbackNotMadeAfterAll(entryId, call.id(), at, "the customer answered only after " + memberName(call.answeredBy())
                + " had hung up").ifPresent(retry -> timers.schedule(TIMER_QUEUE, queueId, CALLBACK_RETRY_TIMER + entryId, retry, Map.of()));
    }

    /**
     * A queue caller taken for connected to the member who answered (see memberAnswered) who never talked to them: the
     * queue counts them abandoning the line at {@code at}, not a connection. Nothing for a call that was not queued.
     */
    private void notConnectedAfterAll(CallStore.Journey call, Instant at) {
        if ("INBOUND".equals(call.direction()) && call.step().hasNonNull("entry_id")) {
            queueLine.notConnectedAfterAll(stepId(call, "entry_id"), at, "the caller hung up before they could be put through to "
                    + memberName(call.answeredBy()));
        }
    }

    /**
     * The carrier would not bridge the caller of an incoming call to {@code answeredLeg}, the phone that answered them: the
     * caller's leg had ended. Their hangup and that answer crossed (the answer was heard first, though the caller had gone by
     * the time it was acted on): nobody talked to the caller, and the call is not answered, as one whose hangup is heard
     * first is not (memberAnswered). Before the call ends, a mark for {@link #finish}; after (its hangup handled meanwhile,
     * on another thread or node), the ended call is taken back from answered here.
     */
    private void notPutThrough(UUID callId, String answeredLeg) {
        inTransaction(() -> store.lock(callId).ifPresent(call -> {
            if (!"INBOUND".equals(call.direction()) || call.answeredAt() == null || "TRANSFERRING".equals(call.phase())
                    || !answeredLeg.equals(call.step().path(ANSWERED_LEG).asString(null))) {
                return;
            }
            if (call.endedAt() == null) {
                var step = call.step().deepCopy();
                step.put(NOT_PUT_THROUGH, answeredLeg);
                store.update(callId, Map.of("step", step));
                note(call, "the caller had hung up before they could be put through to " + memberName(call.answeredBy()));
                return;
            }
            note(call, "the caller had hung up before they could be put through to " + memberName(call.answeredBy()) + ": not answered");
            uncount(call);
            var columns = new LinkedHashMap<String, Object>();
            columns.put("answered_at", null);
            columns.put("answered_by", null);
            var step = call.step().deepCopy();
            step.remove(ANSWERED_LEG);
            columns.put("step", step);
            var outcome = CallOutcomes.notAnsweredAfterAll(call);
            columns.put("outcome", outcome.name());
            store.update(callId, columns);
            keepDetection(callId, step, false);
            store.event(callId, call.endedAt(), "Outcome", outcome.name() + ": the caller had hung up before they could be put through");
            notConnectedAfterAll(call, call.endedAt());
        }));
    }

    /**
     * An incoming call counted for the member who answered it (see memberAnswered) that nobody talked to after all: taken
     * back from their calls of the day, which the fewest-calls rotation and their load go by.
     */
    private void uncount(CallStore.Journey call) {
        if ("INBOUND".equals(call.direction()) && call.answeredBy() != null && call.answeredAt() != null) {
            members.notAnsweredAfterAll(call.answeredBy(), call.answeredAt().atZone(snapshots.timezone()).toLocalDate());
        }
    }

    /** Whether the member who placed a call out was on their phone at {@code at} (answered by then, not yet ended). */
    private boolean memberOnAt(CallStore.Journey call, Instant at) {
        return call.callerLegId() != null && store.legs(call.id()).stream().anyMatch(l -> l.legId().equals(call.callerLegId())
                && l.answeredAt() != null && !l.answeredAt().isAfter(at) && (l.endedAt() == null || l.endedAt().isAfter(at)));
    }

    /** As {@link #finish(CallStore.Journey, Instant, CallSignal.Hangup, String)}, saying who ended it when {@code endedBy} is given. */
    private void finish(CallStore.Journey call, Instant at, CallSignal.Hangup h, String role, String endedBy) {
        if (call.endedAt() != null) {
            if ("OUTBOUND".equals(call.direction()) && call.answeredAt() != null && h.legId().equals(call.callerLegId())
                    && at.isBefore(call.answeredAt())) {
                memberLeftBeforeTheAnswer(call, at);
            }
            return;
        }
        var legs = store.legs(call.id());
        var outcome = CallOutcomes.outcome(call, legs);
        var settings = snapshots.phoneSettings();
        var connected = call.connectedAt();
        long billable = connected == null ? 0 : CallCharges.billable(Duration.between(connected, at), settings.billingIncrementSeconds());
        var columns = new LinkedHashMap<String, Object>();
        if (call.answeredAt() == null && "INBOUND".equals(call.direction())) {
            // A member (or the number it was forwarded to) whose answer was heard only after their phone's hangup (see
            // answered): they answered the caller.
            var late = legs.stream().filter(l -> l.answeredAt() != null && putThroughByItsAnswer(call, l))
                    .min(java.util.Comparator.comparing(CallStore.Leg::answeredAt));
            if (late.isPresent()) {
                columns.put("answered_at", late.get().answeredAt());
                if (late.get().memberId() != null) {
                    columns.put("answered_by", late.get().memberId());
                    members.answeredLate(late.get().memberId(), late.get().answeredAt().atZone(snapshots.timezone()).toLocalDate());
                }
                var step = call.step().deepCopy();
                step.put(ANSWERED_LEG, late.get().legId());
                columns.put("step", step);
                if (outcome != Outcome.VOICEMAIL) {
                    outcome = Outcome.ANSWERED;
                }
            }
        }
        boolean notPutThrough = call.answeredAt() != null && call.step().hasNonNull(NOT_PUT_THROUGH);
        boolean placerGone = placerLeftBeforeTheAnswer(call, legs);
        if (call.answeredAt() != null && call.answeredAt().isAfter(at) || notPutThrough || placerGone) {
            // Picked up after the caller had hung up (their hangup was delivered after the answer), or before it but the
            // caller was gone by the time we could put them through (see notPutThrough), or a call out handed on whose
            // member had left before its number answered (see placerLeftBeforeTheAnswer): nobody talked to the caller.
            // The call is the one they left, not an answered one.
            columns.put("answered_at", null);
            columns.put("answered_by", null);
            var step = call.step().deepCopy();
            step.remove(ANSWERED_LEG);
            columns.put("step", step);
            outcome = CallOutcomes.notAnsweredAfterAll(call);
            note(call, placerGone ? "the member who placed the call had hung up before " + call.to() + " answered (their hangup "
                    + "delivered late), and no transfer of it reached anyone: not answered"
                    : notPutThrough ? "the caller hung up before they could be put through to whoever answered: not answered"
                    : "answered only after the caller had hung up: not answered");
            uncount(call);
            callbackNotMadeAfterAll(call, at);
            notConnectedAfterAll(call, at);
        }
        long cost = cost(call, legs, at, billable);
        columns.put("ended_at", at);
        columns.put("phase", "ENDED");
        columns.put("outcome", outcome.name());
        // Never below 0 (a hangup's time before the call's start, one of them sent wrong) nor past what an int holds.
        columns.put("duration_seconds", Math.clamp(Duration.between(call.startedAt(), at).toSeconds(), 0, Integer.MAX_VALUE));
        columns.put("billable_seconds", (int) billable);
        columns.put("cost_cents", cost);
        store.update(call.id(), columns);
        if (columns.get("step") instanceof ObjectNode step) {
            keepDetection(call.id(), step, columns.get("answered_at") != null);
        }
        store.ended(call.id());
        var facts = new LinkedHashMap<String, Object>();
        facts.put("ended_by", endedBy != null ? endedBy : CallOutcomes.endedBy(call, legs, h, role));
        facts.put("hangup_cause", h.carrierCause() != null ? h.carrierCause() : h.reason().stored());
        facts.put("hangup_source", h.side().name().toLowerCase(java.util.Locale.ROOT));
        facts.put("sip_hangup_cause", h.sipCause());
        store.addMetadata(call.id(), facts);
        store.event(call.id(), at, "Ended", outcome.name());
        // Written with the end, sent after commit by its worker: ending the call never waits for the carrier.
        textBacks.schedule(call, outcome, at);
    }

    // ---- after commit ----

    /** Tries at copying a greeting recorded by phone before the member is told it could not be saved. */
    static final int GREETING_TRIES = 3;

    /**
     * Sends a signal's commands and dials, then does its slower work (copying media from the carrier), so a
     * caller never waits on a download for their next prompt. Each item is on its own: one that fails is
     * logged and the rest still go. A dial the carrier refused is handled as that leg's hangup only after
     * every dial of the signal was placed, so a ring to several phones is not judged over before it began;
     * an answer refused because the caller had gone, as the caller's hangup, likewise.
     */
    private void send(List<Pending> pending) {
        var ordered = new ArrayList<Pending>(pending);
        ordered.sort(java.util.Comparator.comparingInt(p -> p instanceof FetchGreeting || p instanceof FetchRecording
                || p instanceof FetchVoicemail ? 1 : 0));
        var afterwards = new ArrayList<Runnable>();
        var placed = new ArrayList<Placed>();
        Map<Dial, String> standIns;
        try {
            standIns = standIns(ordered);
        } catch (RuntimeException e) {
            log.error("Could not record stand-ins for the phones about to be dialled; dialling without", e);
            standIns = Map.of();
        }
        for (var p : ordered) {
            try {
                sendOne(p, placed, afterwards, standIns);
            } catch (RuntimeException e) {
                log.error("Could not carry out {} of a call", p.getClass().getSimpleName(), e);
            }
        }
        if (!standIns.isEmpty()) {
            try {
                settleStandIns(standIns, placed);
            } catch (RuntimeException e) {
                log.error("Could not put the dialled legs in place of their stand-ins", e);
            }
        }
        for (var refused : afterwards) {
            try {
                refused.run();
            } catch (RuntimeException e) {
                log.error("Could not handle a refused dial or answer", e);
            }
        }
    }

    /**
     * The carrier would not start recording a caller's message. Rather than let them talk to nobody: asked
     * with a transcription, the message is recorded without one; else the caller is told no message can be
     * taken now, and the call ends (missed, with the reason in its trace). A recorded call's own recording (a rule's,
     * the company's default, a call out's): the call goes on unrecorded, its trace saying why, its log no recording.
     */
    private void recordingRefused(Send start, CallCommand.RecordStart r, CallControl.Result.Refused refused) {
        var state = ClientState.decode(start.clientState());
        if (state == null) {
            return;
        }
        var next = new ArrayList<Pending>();
        var why = refused.detail() + " (" + refused.code() + ")";
        inTransaction(() -> store.lock(state.callId()).ifPresent(call -> {
            if (!r.beep()) {
                // The call's own recording (a message's or a greeting's starts with a beep), wherever the call is now.
                if (call.step().path("call_recording").asBoolean(false)) {
                    note(call, "the carrier would not record the call: " + why + "; it goes on unrecorded");
                    // None of its own: a message its caller may still leave is the call's recording (see recordingSaved).
                    var step = call.step().deepCopy();
                    step.remove("call_recording");
                    store.update(call.id(), Map.of("step", step));
                }
            } else if (call.endedAt() == null && "VOICEMAIL_RECORDING".equals(call.phase())) {
                if (r.transcribe()) {
                    note(call, "the carrier would not record the message with a transcription: " + why + "; recording it without");
                    next.add(new Send(start.legId(), new CallCommand.RecordStart(r.beep(), r.maxSeconds()), start.clientState()));
                } else {
                    note(call, "the carrier would not record the message: " + why + "; the caller was told");
                    goodbye(call, "Sorry, we cannot take a message right now. Please call again later. Goodbye.", next);
                }
            } else if (call.endedAt() == null && "MAILBOX_GREETING_RECORDING".equals(call.phase())) {
                // A member recording their greeting by phone was left in silence, no beep, nothing recorded.
                note(call, "mailbox: the carrier would not record the new greeting: " + why + "; the greeting has not changed, the member was told");
                var step = call.step().deepCopy();
                step.put("greeting_recording", false);
                store.update(call.id(), Map.of("step", step));
                goodbye(call, "Sorry, your new greeting cannot be recorded right now. Your greeting has not changed. "
                        + "Please try again later. Goodbye.", next);
            }
        }));
        send(next);
    }

    /** Phases whose prompt is the last thing said: its end hangs the caller up (see promptEnded). */
    private static final Set<String> GOODBYE_PHASES = Set.of("HANGUP_MESSAGE", "CALLBACK_CONFIRM");

    /** How many times a prompt the carrier could not be reached for is sent again before it is taken as failed (about a minute). */
    static final int PROMPT_TRIES = 5;

    /**
     * A prompt the carrier could not be reached for (after its retries, or with its circuit open). A goodbye (the call
     * was to hang up once it had been said) is not waited for: the call ends as if it had been said. Any other prompt
     * (a greeting, a menu, the voicemail greeting, a mailbox's prompts, a queue's music) is sent again later, with the same
     * {@code command_id} (the carrier does not play it twice), while the call is still where it was when the prompt was
     * due (same phase, same step, the leg up): the caller is not left in silence for ever, waiting on the end of a prompt
     * that never reached the carrier. Once its tries are spent it is taken as ended, failed, and the call goes on as after
     * any failed prompt (a greeting to what follows it, a menu to its next try). So too the start of a message's recording
     * (its beep): the caller would speak into nothing, their message lost; once its tries are spent they are told no
     * message can be taken now, as when the carrier refuses it (see recordingRefused). And a recorded call's own recording
     * (no beep), while the call is still to be recorded (not ended, its recording not stopped for a voicemail), wherever
     * the call has gone meanwhile; once its tries are spent the call goes on unrecorded, its trace saying why, as when the
     * carrier refuses it: left marked as recording, a message its caller left later could be taken for the call's recording.
     */
    private void promptNotSent(Send prompt, String commandId) {
        var state = ClientState.decode(prompt.clientState());
        if (state == null) {
            return;
        }
        var goodbye = new boolean[1];
        tx.executeWithoutResult(t -> store.lock(state.callId()).filter(c -> c.endedAt() == null && legUp(c, prompt.legId())).ifPresent(c -> {
            if (GOODBYE_PHASES.contains(c.phase()) && prompt.legId().equals(c.callerLegId())) {
                store.note(c.id(), "the goodbye could not be said (the carrier could not be reached): the call ends without it");
                goodbye[0] = true;
            } else {
                store.note(c.id(), what(prompt, state) + " could not reach the carrier: it is sent again while the call waits for it");
                promptLater(prompt, commandId, 1, c.phase(), c.step());
            }
        }));
        if (goodbye[0]) {
            handle(promptFailed(prompt));
        }
    }

    private boolean legUp(CallStore.Journey call, String legId) {
        return leg(call, legId).filter(l -> l.endedAt() == null).isPresent();
    }

    /** Schedules a prompt to be sent again ({@link #promptNotSent}): 2, 4, 8, 16 then 32 s after its last try. */
    private void promptLater(Send prompt, String commandId, int tries, String phase, tools.jackson.databind.JsonNode step) {
        var state = ClientState.decode(prompt.clientState());
        var payload = new LinkedHashMap<String, Object>();
        payload.put("leg", prompt.legId());
        payload.put("command", "prompt");
        payload.put("prompt_type", prompt.command().getClass().getSimpleName());
        payload.put("prompt", PROMPT_JSON.valueToTree(prompt.command())); // a tree: the timers' own naming does not touch it
        payload.put("command_id", commandId);
        payload.put("client_state", prompt.clientState());
        payload.put("tries", tries);
        payload.put("phase", phase);
        payload.put("step", step);
        var due = clock.instant().plusSeconds(1L << Math.min(tries, 5));
        timers.schedule(TIMER_COMMAND, state.callId(), "prompt " + prompt.legId(), due, payload);
    }

    /** How a prompt to send again is kept in its timer: its record's fields as they are named. */
    private static final tools.jackson.databind.json.JsonMapper PROMPT_JSON = tools.jackson.databind.json.JsonMapper.shared();
    private static final Map<String, Class<? extends CallCommand>> PROMPTS = Map.of("Speak", CallCommand.Speak.class, "Play",
            CallCommand.Play.class, "GatherWithSpeech", CallCommand.GatherWithSpeech.class, "GatherWithAudio", CallCommand.GatherWithAudio.class,
            "RecordStart", CallCommand.RecordStart.class);

    /** What {@code prompt} is, for the call's trace: a prompt to someone, or the recording of the caller's message. */
    private static String what(Send prompt, ClientState state) {
        return prompt.command() instanceof CallCommand.RecordStart r ? r.beep() ? "the recording of a message (its beep)" : "the call's recording"
                : "a prompt to the " + state.role().toLowerCase(java.util.Locale.ROOT);
    }

    /** A prompt is due to be sent again ({@link #promptNotSent}). */
    private void onPromptTimer(tools.jackson.databind.JsonNode payload) {
        var type = PROMPTS.get(payload.path("prompt_type").asString(""));
        var state = ClientState.decode(payload.path("client_state").asString(null));
        if (type == null || state == null) {
            log.error("A prompt to send again that cannot be read: {}", payload);
            return;
        }
        var prompt = new Send(payload.path("leg").asString(), PROMPT_JSON.treeToValue(payload.path("prompt"), type),
                payload.path("client_state").asString());
        var phase = payload.path("phase").asString(null);
        var step = payload.path("step");
        // A call's own recording is due while the call is to be recorded, wherever it is (a transfer changes its step); a
        // prompt or a message's beep only while the call is where it was when it was due.
        boolean callsOwn = prompt.command() instanceof CallCommand.RecordStart r && !r.beep();
        boolean due = Boolean.TRUE.equals(tx.execute(t -> store.lock(state.callId()).map(c -> c.endedAt() == null && legUp(c, prompt.legId())
                && (callsOwn ? c.step().path("call_recording").asBoolean(false)
                        : java.util.Objects.equals(c.phase(), phase) && step.equals(c.step() == null ? tools.jackson.databind.node.MissingNode.getInstance() : c.step())))
                .orElse(false)));
        if (!due) {
            log.info("A prompt to {} not sent again: the call has moved on", prompt.legId());
            return;
        }
        var commandId = payload.path("command_id").asString();
        int tries = payload.path("tries").asInt(1);
        CallControl.Result result;
        try {
            result = control.send(prompt.legId(), prompt.command(), commandId, prompt.clientState());
        } catch (RuntimeException e) {
            result = new CallControl.Result.Unavailable(String.valueOf(e.getMessage()));
        }
        switch (result) {
            case CallControl.Result.Unavailable u when tries < PROMPT_TRIES ->
                    tx.executeWithoutResult(t -> promptLater(prompt, commandId, tries + 1, phase, step));
            case CallControl.Result.Unavailable u when prompt.command() instanceof CallCommand.RecordStart r ->
                    // As a recording the carrier will not start: the caller is told no message can be taken now.
                    recordingRefused(prompt, new CallCommand.RecordStart(r.beep(), r.maxSeconds()), new CallControl.Result.Refused(
                            "unavailable", "it could not be reached (asked again " + tries + " times)"));
            case CallControl.Result.Unavailable u -> {
                tx.executeWithoutResult(t -> store.note(state.callId(), what(prompt, state) + " never reached the carrier (sent again "
                        + tries + " times): the call goes on without it"));
                handle(promptFailed(prompt));
            }
            case CallControl.Result.Refused refused when prompt.command() instanceof CallCommand.RecordStart r ->
                    recordingRefused(prompt, r, refused);
            case CallControl.Result.Refused refused -> promptRefused(prompt, refused);
            default -> log.info("Sent a prompt to {} again: {}", prompt.legId(), result);
        }
    }

    private static boolean isPrompt(CallCommand command) {
        return command instanceof CallCommand.Speak || command instanceof CallCommand.Play
                || command instanceof CallCommand.GatherWithSpeech || command instanceof CallCommand.GatherWithAudio;
    }

    /** A prompt the carrier will not play: noted in the call's trace, and ended, failed, so the call goes on. */
    private void promptRefused(Send prompt, CallControl.Result.Refused refused) {
        var state = ClientState.decode(prompt.clientState());
        if (state != null) {
            tx.executeWithoutResult(t -> store.note(state.callId(), "the carrier would not play a prompt to the "
                    + state.role().toLowerCase(java.util.Locale.ROOT) + ": " + refused.detail() + " (" + refused.code() + ")"));
        }
        handle(promptFailed(prompt));
    }

    /** The end of a prompt the carrier refused or was never reached for, as its own webhook would say it: a gather with no digits, or a failed prompt. */
    private CallSignal promptFailed(Send prompt) {
        var id = "refused:" + UUID.randomUUID();
        return prompt.command() instanceof CallCommand.GatherWithSpeech || prompt.command() instanceof CallCommand.GatherWithAudio
                ? new CallSignal.DigitsGathered(id, prompt.legId(), null, clock.instant(), prompt.clientState(), "", CallSignal.GatherEnd.FAILED)
                : new CallSignal.PromptEnded(id, prompt.legId(), null, clock.instant(), prompt.clientState(), CallSignal.PromptEnd.FAILED);
    }

    /** A leg the carrier placed for a dial (its own webhooks may not have come yet), or the stand-in of one it refused. */
    private record Placed(Dial dial, String legId) {
    }

    /** How a stand-in's leg id begins: a leg being dialled, not known to the carrier by that id. */
    static final String STAND_IN = "dialling:";

    /**
     * Records a stand-in leg for each dial of a call that dials several phones at once (a member's desk phone
     * and cell, a simultaneous ring), before any is dialled: the first phone's webhooks can be handled before the
     * others are even dialled (a desk phone that is not registered fails at once), and its end must not be
     * judged the end of the ring, nor give the member's claim back, while the others are still to ring. A call
     * dialling one phone needs none: its own hangup is its ring's end. After the dials, each stand-in gives way
     * to its leg ({@link #settleStandIns}); a refused dial's stand-in ends as that phone's hangup.
     */
    private Map<Dial, String> standIns(List<Pending> ordered) {
        var dials = ordered.stream().filter(Dial.class::isInstance).map(Dial.class::cast).toList();
        var perCall = dials.stream().collect(java.util.stream.Collectors.groupingBy(Dial::callId, java.util.stream.Collectors.counting()));
        if (perCall.values().stream().noneMatch(n -> n > 1)) {
            return Map.of();
        }
        var standIns = new java.util.IdentityHashMap<Dial, String>();
        tx.executeWithoutResult(s -> {
            var open = new java.util.HashMap<UUID, Boolean>();
            for (var d : dials) {
                if (perCall.get(d.callId()) > 1 && open.computeIfAbsent(d.callId(), id -> store.lock(id).filter(c -> c.endedAt() == null).isPresent())) {
                    var standIn = STAND_IN + UUID.randomUUID();
                    store.addLeg(d.callId(), standIn, d.role(), d.memberId(), d.to(), clock.instant());
                    standIns.put(d, standIn);
                }
            }
        });
        return standIns;
    }

    /**
     * Puts each placed leg in its stand-in's place: the stand-in becomes the leg when nothing of the leg has been
     * handled yet (and the leg is hung up at once if nobody waits for it any more: the caller left or someone else
     * answered meanwhile, as for a leg first known by its call.initiated); it goes when the leg is known already;
     * and when that leg has even ended, the stand-in ends as it did, so the ring is judged with it gone.
     */
    private void settleStandIns(Map<Dial, String> standIns, List<Placed> placed) {
        var hangUps = new ArrayList<Send>();
        var ended = new ArrayList<CallSignal.Hangup>();
        tx.executeWithoutResult(s -> {
            for (var p : placed) {
                var standIn = standIns.get(p.dial());
                if (standIn == null || standIn.equals(p.legId())) {
                    continue; // not a stand-in's, or the stand-in of a refused dial (handled as that phone's hangup)
                }
                var d = p.dial();
                var call = store.lock(d.callId()).orElse(null);
                if (call == null) {
                    continue;
                }
                switch (store.settleStandIn(standIn, p.legId())) {
                    case BECAME_THE_LEG -> {
                        if (nobodyWaitsFor(call, d.role())) {
                            hangUps.add(new Send(p.legId(), new CallCommand.Hangup(), d.clientState()));
                        }
                    }
                    case NOT_WANTED -> hangUps.add(new Send(p.legId(), new CallCommand.Hangup(), d.clientState()));
                    case LEG_KNOWN -> { }
                    case LEG_ENDED -> store.legs(d.callId()).stream().filter(l -> l.legId().equals(p.legId())).findFirst()
                            .ifPresent(leg -> ended.add(new CallSignal.Hangup(STAND_IN + UUID.randomUUID(), standIn, null,
                                    leg.endedAt() != null ? leg.endedAt() : clock.instant(), d.clientState(),
                                    CallSignal.Reason.fromStored(leg.hangupCause()), CallSignal.Side.UNKNOWN, null, null)));
                }
            }
        });
        hangUps.forEach(this::sendEnding);
        ended.forEach(this::handle);
    }

    /**
     * Places a dial. One that throws is taken as a dial the carrier would not place, so the ring is judged with this
     * phone gone (its stand-in, if it has one, ended), not waited on for ever.
     */
    private CallControl.DialResult dial(Dial d) {
        try {
            return control.dial(d.from(), d.shownAs(), d.to(), d.timeoutSeconds(), d.linkTo(), UUID.randomUUID().toString(), d.clientState(),
                    d.detectMachine());
        } catch (RuntimeException e) {
            log.error("Dialling {} failed", d.to(), e);
            return new CallControl.DialResult(new CallControl.Result.Unavailable(String.valueOf(e.getMessage())), null);
        }
    }

    private void sendOne(Pending p, List<Placed> placed, List<Runnable> afterwards, Map<Dial, String> standIns) {
        switch (p) {
            case QueueRefused r -> {
                // Only a mark for the handling that made it.
            }
            case Send s when s.legId() != null && s.legId().startsWith(STAND_IN) -> {
                // A phone being dialled, not known to the carrier by this id: it is dealt with once it is placed.
            }
            case Send s -> {
                var commandId = UUID.randomUUID().toString();
                var result = control.send(s.legId(), s.command(), commandId, s.clientState());
                if (result instanceof CallControl.Result.Unavailable u) {
                    log.error("Command {} to {} failed after retries: {}", s.command(), s.legId(), u.detail());
                    if (endsLeg(s.command())) {
                        endLater(s, commandId, 1);
                    } else if (isPrompt(s.command()) || s.command() instanceof CallCommand.RecordStart) {
                        afterwards.add(() -> promptNotSent(s, commandId));
                    }
                }
                if (s.command() instanceof CallCommand.Answer && (result instanceof CallControl.Result.Refused
                        || result instanceof CallControl.Result.Unavailable)) {
                    answerFailed(s, result);
                } else if (result instanceof CallControl.Result.Refused refused && s.command() instanceof CallCommand.RecordStart r) {
                    afterwards.add(() -> recordingRefused(s, r, refused));
                } else if (result instanceof CallControl.Result.Refused refused && isPrompt(s.command())) {
                    // A prompt the carrier will not play (a bad audio link, a voice it lacks) must not leave the
                    // caller in silence for ever, waiting on a prompt's end that will not come: it ended, failed,
                    // and the call goes on as after any prompt (a greeting to the beep, a menu to its next try).
                    log.warn("The carrier refused {} on {}: {}", s.command().getClass().getSimpleName(), s.legId(), refused);
                    afterwards.add(() -> promptRefused(s, refused));
                } else if (s.command() instanceof CallCommand.Bridge b && result instanceof CallControl.Result.CallEnded
                        && ClientState.decode(s.clientState()) instanceof ClientState state && CALLER.equals(state.role())) {
                    // The caller had gone before we could put them through to the phone that answered them.
                    afterwards.add(() -> notPutThrough(state.callId(), b.otherLegId()));
                } else if (s.command() instanceof CallCommand.Answer && result instanceof CallControl.Result.CallEnded) {
                    // The caller hung up before we could answer. Their hangup may have come before this call's
                    // first webhook (out of order, or the first one's handling failed and was retried) and then
                    // named no call of ours; the call ends here as that hangup, so it is not left open, when the carrier
                    // says it ended (not now: the call's length and its log's end are the caller's). Should the hangup
                    // still come, it finds the leg ended and changes nothing.
                    afterwards.add(() -> handle(new CallSignal.Hangup(UUID.randomUUID().toString(), s.legId(), null, endedAt(s.legId()),
                            s.clientState(), CallSignal.Reason.NORMAL, CallSignal.Side.CALLER, null, null)));
                }
            }
            case Dial d -> {
                var dialledAt = clock.instant();
                var dialled = dial(d);
                // A dialled leg is recorded by its own webhooks (call.initiated, or whichever comes first),
                // which carry its role and member in their client state.
                if (dialled.legId() != null && d.bridgeState() != null) {
                    var bridged = control.send(d.linkTo(), new CallCommand.Bridge(dialled.legId(), true, true),
                            UUID.randomUUID().toString(), d.bridgeState());
                    if (!(bridged instanceof CallControl.Result.Ok)) {
                        // The caller cannot hear this phone: it must not ring on as if they could. Its hangup
                        // moves the ring on like any unanswered phone's (or ends nothing: the caller is gone).
                        log.warn("Bridging caller {} to the ringing {} failed ({}); hanging that phone up", d.linkTo(), d.to(), bridged);
                        sendEnding(new Send(dialled.legId(), new CallCommand.Hangup(), d.clientState()));
                    }
                }
                if (dialled.legId() != null) {
                    placed.add(new Placed(d, dialled.legId()));
                } else if (dialled.maybePlaced() && (MEMBER.equals(d.role()) || FORWARD.equals(d.role()))) {
                    log.warn("Dialling {} failed, but the carrier may have placed it: {}", d.to(), dialled.result());
                    var lost = standIns.getOrDefault(d, STAND_IN + UUID.randomUUID());
                    placed.add(new Placed(d, lost));
                    afterwards.add(() -> dialLost(d, lost, dialledAt, dialled.result(), placed));
                } else {
                    log.warn("Dialling {} failed: {}", d.to(), dialled.result());
                    // Kept with the placed ones: a member's other phone the carrier refused too is still "up" when
                    // this one's end is judged, so their claim is given back once, with the last of their phones.
                    var failedLeg = standIns.getOrDefault(d, "failed:" + UUID.randomUUID());
                    placed.add(new Placed(d, failedLeg));
                    afterwards.add(() -> {
                        var failed = new CallSignal.Hangup(UUID.randomUUID().toString(), failedLeg, null,
                                clock.instant(), d.clientState(), CallSignal.Reason.DIAL_FAILED, CallSignal.Side.UNKNOWN, null, null);
                        tx.executeWithoutResult(s -> {
                            store.lock(d.callId());
                            // The phones this signal did ring (or tried to) are known before the refused one's end is
                            // judged, though their own webhooks may still be on their way.
                            recordTried(d.callId(), placed, clock.instant());
                            store.addLeg(d.callId(), failed.legId(), d.role(), d.memberId(), d.to(), clock.instant());
                            store.note(d.callId(), "the carrier would not dial " + d.to() + ": " + dialled.result());
                        });
                        handle(failed);
                    });
                }
            }
            case AdvanceRoundRobin a -> signalTx.executeWithoutResult(s -> rules.offeredRoundRobin(a.ruleId(), a.size(), a.expected(), a.next()));
            case DispatchQueue d -> dispatchQueue(d.queueId());
            case FetchGreeting f -> {
                boolean saved = false;
                // A few tries at once (the member is waiting on the line to hear how it went), then the truth.
                for (int attempt = 1; attempt <= GREETING_TRIES && !saved; attempt++) {
                    try {
                        var audio = fetcher.fetch(f.url());
                        tx.executeWithoutResult(s -> {
                            var file = media.storeFetched("greeting", dev.switchboard.directory.GreetingFileName.of(f.memberId()), audio);
                            mailboxes.recordedGreeting(f.memberId(), file.id());
                        });
                        saved = true;
                    } catch (RuntimeException e) {
                        log.warn("Could not store the greeting recorded by phone from {} (try {} of {}): {}", f.url(), attempt,
                                GREETING_TRIES, e.getMessage());
                    }
                }
                var tell = saved ? f.saved() : f.notSaved();
                if (tell != null) {
                    send(List.of(tell));
                }
            }
            case DispatchMemberQueues d -> tx.execute(s -> queues.queuesOf(d.memberId())).forEach(this::dispatchQueue);
            // A failed copy is counted and tried again later (MediaDownloads.retryDue), until it is given up.
            case FetchRecording f -> downloads.recording(f.callId(), f.url());
            case FetchVoicemail f -> downloads.voicemail(f.messageId(), f.url());
        }
    }

    /**
     * The carrier would not answer an incoming call (refused, or could not be reached): the call could not be
     * set up, and ends as FAILED when its leg does. The caller is not left ringing: their leg is rejected.
     */
    private void answerFailed(Send answer, CallControl.Result result) {
        var state = ClientState.decode(answer.clientState());
        if (state == null) {
            return;
        }
        var rejected = new boolean[1];
        inTransaction(() -> store.lock(state.callId()).filter(c -> c.endedAt() == null && c.connectedAt() == null).ifPresent(call -> {
            var step = call.step().deepCopy();
            step.put("setup_failed", "the carrier did not answer the call: " + result);
            store.update(call.id(), Map.of("step", step));
            note(call, "the carrier did not answer the call (" + result + "): rejected");
            rejected[0] = true;
        }));
        if (rejected[0]) {
            var reject = new Send(answer.legId(), new CallCommand.Reject(false), answer.clientState());
            if (sendEnding(reject) instanceof CallControl.Result.CallEnded) {
                endedAlready(reject);
            }
        }
    }

    // ---- voicemail by phone ----

    private static final String MAILBOX_OPTIONS =
            "Press 1 to hear it again, 2 to save it, 3 to delete it, 4 for the next message, or 9 to record a new greeting.";
    private static final java.time.format.DateTimeFormatter SPOKEN_TIME =
            java.time.format.DateTimeFormatter.ofPattern("EEEE d MMMM 'at' h:mm a", java.util.Locale.US);

    private Send mailboxGather(CallStore.Journey call, String text, int maxDigits) {
        return new Send(call.callerLegId(), new CallCommand.GatherWithSpeech(text, null, null, 1, maxDigits, 10_000, "#"),
                cs(call.id(), CALLER, null));
    }

    /**
     * Asks for the PIN of member {@code memberId}'s box, or, when it has none, says so and how to set one: the caller was
     * asked for a PIN first, and whatever they typed was answered "no PIN yet" (found by a walk of the demo).
     */
    private void mailboxAskPin(CallStore.Journey call, ObjectNode step, UUID memberId, boolean pinSet, String lead, List<Pending> out) {
        step.put("mailbox_member", memberId.toString());
        if (!pinSet) {
            note(call, "mailbox: no PIN set");
            goodbye(call, step, lead + "This mailbox has no PIN yet. You can set one in the Switchboard app. Goodbye.", out);
            return;
        }
        setPhase(call, "MAILBOX_PIN", step);
        out.add(mailboxGather(call, lead + "Please enter your PIN, then press pound.", 12));
    }

    private void goodbye(CallStore.Journey call, String text, List<Pending> out) {
        goodbye(call, null, text, out);
    }

    /** Says {@code text} and hangs up, keeping {@code step} (null: the call's step as it is). */
    private void goodbye(CallStore.Journey call, ObjectNode step, String text, List<Pending> out) {
        setPhase(call, "HANGUP_MESSAGE", step);
        out.add(new Send(call.callerLegId(), new CallCommand.Speak(text, null, null), cs(call.id(), CALLER, null)));
    }

    /** Digits in the voicemail menus: extension, PIN, then what to do with each message. Nothing here dials out. */
    private void mailboxDigits(CallStore.Journey call, CallSignal.DigitsGathered g, List<Pending> out) {
        var digits = g.digits() == null ? "" : g.digits();
        var step = call.step().deepCopy();
        int tries = step.path("mailbox_tries").asInt(0);
        var phase = call.phase();
        if (phase.endsWith("_KEYS")) {
            if (g.end() == CallSignal.GatherEnd.CALLER_GONE || g.end() == CallSignal.GatherEnd.STOPPED) {
                return;
            }
            if (digits.isEmpty() || digits.equals("#") || g.end() == CallSignal.GatherEnd.FAILED) {
                // Said or played to its end with no key: on to the recording, or (heard to its end) to the options.
                if (phase.equals("MAILBOX_HEADER_KEYS")) {
                    mailboxPlay(call, out);
                } else {
                    mailboxHeard(call, g.end() != CallSignal.GatherEnd.FAILED, out);
                }
                return;
            }
            // A key pressed while the header was said or the message played: the option it is, at once.
            phase = "MAILBOX_OPTIONS";
        }
        switch (phase) {
            case "MAILBOX_EXTENSION" -> {
                var member = digits.isEmpty() ? null : snapshots.current().memberWithExtension(digits).orElse(null);
                if (member == null) {
                    mailboxAskAgain(call, step, "MAILBOX_EXTENSION", "Sorry, that is not an extension here. Goodbye.",
                            "Sorry, that is not an extension here. Please enter your extension, then press pound.", 6, out);
                    return;
                }
                step.put("mailbox_tries", 0);
                note(call, "mailbox: extension " + digits + " (" + member.name() + ")");
                mailboxAskPin(call, step, member.id(), member.voicemailPinSet(), "", out);
            }
            case "MAILBOX_PIN" -> {
                var memberId = UUID.fromString(step.get("mailbox_member").asString());
                if (digits.isEmpty() || digits.equals("#")) {
                    // Nothing entered (# alone, or no key at all) is no PIN tried: asked again, not counted towards the
                    // box's lock as a wrong PIN (found by a walk of the demo: three # locked it).
                    mailboxAskAgain(call, step, "MAILBOX_PIN", "No PIN was entered. Goodbye.", "Please enter your PIN, then press pound.", 12, out);
                    return;
                }
                switch (mailboxAccess.verifyPin(memberId, digits)) {
                    case dev.switchboard.voicemail.MailboxAccess.Result.Granted ok -> {
                        note(call, "mailbox: PIN accepted");
                        mailboxOpen(call, step, memberId, out);
                    }
                    case dev.switchboard.voicemail.MailboxAccess.Result.WrongPin wrong -> {
                        note(call, "mailbox: wrong PIN (" + wrong.failures() + " in a row)");
                        if (wrong.lockedUntil() != null) {
                            goodbye(call, "That PIN is not right, and the mailbox is now locked for a while. Please try again later. Goodbye.", out);
                        } else {
                            mailboxAskAgain(call, step, "MAILBOX_PIN", "That PIN is not right. Goodbye.",
                                    "That PIN is not right. Please enter your PIN, then press pound.", 12, out);
                        }
                    }
                    case dev.switchboard.voicemail.MailboxAccess.Result.LockedOut locked -> {
                        note(call, "mailbox: locked until " + locked.until());
                        goodbye(call, "This mailbox is locked after too many wrong PINs. Please try again later. Goodbye.", out);
                    }
                    case dev.switchboard.voicemail.MailboxAccess.Result.NoPin none ->
                            goodbye(call, "This mailbox has no PIN yet. You can set one in the Switchboard app. Goodbye.", out);
                }
            }
            case "MAILBOX_OPTIONS", "MAILBOX_END_MENU" -> {
                var actor = mailboxActor(step);
                var ids = new ArrayList<UUID>();
                step.path("mailbox_messages").forEach(n -> ids.add(UUID.fromString(n.asString())));
                int index = step.path("mailbox_index").asInt(0);
                var current = mailboxCurrent(step);
                step.put("mailbox_tries", 0);
                switch ("MAILBOX_END_MENU".equals(call.phase()) && !"9".equals(digits) ? "" : digits) {
                    case "1" -> {
                        setPhase(call, "MAILBOX_PLAYING", step);
                        mailboxPlay(call, out);
                    }
                    case "2", "4" -> {
                        // A message deleted in the app meanwhile (or purged) is simply gone: the caller goes on.
                        if (current != null && voicemails.find(current).isPresent()) {
                            voicemails.setHeard(actor, current, true);
                        }
                        mailboxNext(call, step, ids, index + 1, "2".equals(digits) ? "Saved. " : "", out);
                    }
                    case "3" -> {
                        if (current != null && voicemails.find(current).isPresent()) {
                            voicemails.delete(actor, current);
                            note(call, "mailbox: deleted a message");
                        }
                        mailboxNext(call, step, ids, index + 1, "Deleted. ", out);
                    }
                    case "9" -> {
                        setPhase(call, "MAILBOX_GREETING_PROMPT", step);
                        out.add(new Send(call.callerLegId(), new CallCommand.Speak(
                                "Record your new greeting after the tone, then press pound.", null, null), cs(call.id(), CALLER, null)));
                    }
                    default -> {
                        if ("MAILBOX_END_MENU".equals(call.phase()) || tries + 1 >= 3) {
                            goodbye(call, "Goodbye.", out);
                        } else {
                            step.put("mailbox_tries", tries + 1);
                            setPhase(call, "MAILBOX_OPTIONS", step);
                            out.add(mailboxGather(call, "Sorry. " + MAILBOX_OPTIONS, 1));
                        }
                    }
                }
            }
            default -> { }
        }
    }

    /**
     * The message was played to its end ({@code heard}; false: its recording could not be played): no longer new, as in the
     * app's inbox (it stayed new until 2 or 4 was pressed, so a member who listened and hung up was still told of it as
     * new: found by a walk of the demo); then the options.
     */
    private void mailboxHeard(CallStore.Journey call, boolean heard, List<Pending> out) {
        var current = mailboxCurrent(call.step());
        if (heard && current != null && voicemails.find(current).filter(m -> !m.heard()).isPresent()) {
            voicemails.setHeard(mailboxActor(call.step()), current, true);
        }
        setPhase(call, "MAILBOX_OPTIONS", null);
        out.add(mailboxGather(call, MAILBOX_OPTIONS, 1));
    }

    /** The member whose mailbox the caller opened by phone, acting on it as themselves (the Activity: "by phone"). */
    private static dev.switchboard.tenancy.Actor mailboxActor(tools.jackson.databind.JsonNode step) {
        return new dev.switchboard.tenancy.Actor(TenantContext.require(), null, Voicemails.PHONE, dev.switchboard.tenancy.Role.AGENT,
                UUID.fromString(step.get("mailbox_member").asString()));
    }

    /** The message the caller is at in their mailbox by phone, if any is left. */
    private static UUID mailboxCurrent(tools.jackson.databind.JsonNode step) {
        var ids = step.path("mailbox_messages");
        int index = step.path("mailbox_index").asInt(0);
        return index < ids.size() ? UUID.fromString(ids.get(index).asString()) : null;
    }

    /** Asks again for what {@code phase} asks (the tries counted in the step), or says {@code goodbye} after the third. */
    private void mailboxAskAgain(CallStore.Journey call, ObjectNode step, String phase, String goodbye, String prompt, int maxDigits,
            List<Pending> out) {
        int tries = step.path("mailbox_tries").asInt(0);
        if (tries + 1 >= 3) {
            goodbye(call, goodbye, out);
            return;
        }
        step.put("mailbox_tries", tries + 1);
        setPhase(call, phase, step);
        out.add(mailboxGather(call, prompt, maxDigits));
    }

    /** The PIN was right: new messages (oldest first), then saved ones. */
    private void mailboxOpen(CallStore.Journey call, ObjectNode step, UUID memberId, List<Pending> out) {
        var messages = new ArrayList<>(voicemails.list(memberId));
        messages.sort(java.util.Comparator.comparing(dev.switchboard.voicemail.VoicemailMessage::heard)
                .thenComparing(dev.switchboard.voicemail.VoicemailMessage::receivedAt));
        long fresh = messages.stream().filter(m -> !m.heard()).count();
        var ids = store.json().createArrayNode();
        messages.forEach(m -> ids.add(m.id().toString()));
        step.set("mailbox_messages", ids);
        step.put("mailbox_tries", 0);
        var summary = "You have " + count(fresh, "new message") + " and " + count(messages.size() - fresh, "saved message") + ". ";
        mailboxNext(call, step, messages.stream().map(dev.switchboard.voicemail.VoicemailMessage::id).toList(), 0, summary, out);
    }

    private static String count(long n, String what) {
        return (n == 0 ? "no" : String.valueOf(n)) + " " + what + (n == 1 ? "" : "s");
    }

    /** Announces message {@code index} (its audio follows), or the end of the messages. */
    private void mailboxNext(CallStore.Journey call, ObjectNode step, List<UUID> ids, int index, String prefix, List<Pending> out) {
        step.put("mailbox_index", index);
        var caller = cs(call.id(), CALLER, null);
        if (index >= ids.size()) {
            setPhase(call, "MAILBOX_END_MENU", step);
            out.add(mailboxGather(call, prefix + "There are no more messages. Press 9 to record a new greeting, or hang up.", 1));
            return;
        }
        var found = voicemails.find(ids.get(index));
        if (found.isEmpty()) {
            // Deleted in the app (or purged) since the caller logged in: skipped, not read out.
            mailboxNext(call, step, ids, index + 1, prefix, out);
            return;
        }
        var message = found.get();
        var zone = companies.current().timezone();
        var header = prefix + "Message " + (index + 1) + " of " + ids.size() + (message.heard() ? ", saved" : ", new") + ", from "
                + (message.fromNumber() == null ? "an unknown number" : message.fromNumber()) + ", received "
                + SPOKEN_TIME.format(message.receivedAt().atZone(zone)) + ".";
        // Said listening for a key, as the message after it is played: a key pressed meanwhile acts at once (mailboxDigits).
        setPhase(call, "MAILBOX_HEADER_KEYS", step);
        out.add(new Send(call.callerLegId(), new CallCommand.GatherWithSpeech(header, null, null, 1, 1, MAILBOX_KEY_WAIT_MILLIS, "#"), caller));
    }

    /**
     * How long a message's header or recording, each played listening for a key, waits for one after it ends before the
     * mailbox goes on (the options are asked for after the recording).
     */
    static final int MAILBOX_KEY_WAIT_MILLIS = 1_000;

    /** Plays the current message's recording (or says why it cannot). */
    private void mailboxPlay(CallStore.Journey call, List<Pending> out) {
        var ids = new ArrayList<UUID>();
        call.step().path("mailbox_messages").forEach(n -> ids.add(UUID.fromString(n.asString())));
        int index = call.step().path("mailbox_index").asInt(0);
        var caller = cs(call.id(), CALLER, null);
        var found = index < ids.size() ? voicemails.find(ids.get(index)) : java.util.Optional.<dev.switchboard.voicemail.VoicemailMessage>empty();
        if (found.isEmpty()) {
            mailboxNext(call, call.step().deepCopy(), ids, index + 1, "That message has been deleted. ", out);
            return;
        }
        // Played listening for a key: 3 pressed ten seconds into a two-minute message deletes it then, as on any voicemail
        // (a Play could not be cut short: the key was lost, and the whole message had to be heard to reach the options).
        setPhase(call, "MAILBOX_PLAYING_KEYS", null);
        var message = found.get();
        if (message.mediaId() != null) {
            out.add(new Send(call.callerLegId(), new CallCommand.GatherWithAudio(publicBaseUrl + media.signedPath(message.mediaId(),
                    Duration.ofHours(1)), 1, 1, MAILBOX_KEY_WAIT_MILLIS, "#"), caller));
        } else {
            // Still being copied from the carrier, it will come; given up (every try failed), it will not, and the
            // member is not told to expect it.
            var why = message.audioStatus() == dev.switchboard.voicemail.VoicemailMessage.AudioStatus.FAILED
                    ? "The recording of this message could not be retrieved."
                    : message.transcription() == null ? "The recording of this message is not available yet." : "The recording is not available yet.";
            out.add(new Send(call.callerLegId(), new CallCommand.GatherWithSpeech(message.transcription() == null ? why
                    : why + " It says: " + readOut(message.transcription()), null, null, 1, 1, MAILBOX_KEY_WAIT_MILLIS, "#"), caller));
        }
    }

    /** Speech is at most 3,000 characters a prompt (Telnyx refuses more): a long message is read up to there. */
    static final int MAX_READ = 2_800;

    /** A message's text as it is read out: whole, or its first {@value #MAX_READ} characters to a word's end, and where the rest is. */
    static String readOut(String text) {
        if (text.length() <= MAX_READ) {
            return text;
        }
        int cut = text.lastIndexOf(' ', MAX_READ);
        return text.substring(0, cut > 0 ? cut : MAX_READ) + " ... The rest of the message is in the app.";
    }

    // ---- queues ----

    static final String TIMER_CALL = "call";
    /** Commands sent again while the carrier cannot be reached: a leg's end ({@link #endLater}), a prompt ({@link #promptNotSent}). */
    static final String TIMER_COMMAND = "command";
    /** How many times a leg's end is sent again before it is given up (about two minutes in all). */
    static final int ENDING_TRIES = 6;

    private static boolean endsLeg(CallCommand command) {
        return command instanceof CallCommand.Hangup || command instanceof CallCommand.Reject;
    }

    /**
     * A hangup or reject the carrier could not be reached for (after its retries, or with its circuit open) is
     * sent again later, with the same {@code command_id}, from a timer (any node; it survives a restart): 2, 4, 8,
     * 16, 32 then 32 s on. A leg we meant to end must not stay up for ever (a phone ringing on for nobody, a caller
     * parked in silence) because the carrier had a bad minute. A prompt is sent again too, while the call still waits
     * for it ({@link #promptNotSent}); other commands are not: sent late they would be out of place, and the call's own
     * timeouts and its check against the carrier deal with those.
     */
    private void endLater(Send s, String commandId, int tries) {
        var state = ClientState.decode(s.clientState());
        if (state == null || tries > ENDING_TRIES) {
            log.error("Gave up ending leg {} with {} after {} tries", s.legId(), s.command(), tries - 1);
            return;
        }
        var payload = new LinkedHashMap<String, Object>();
        payload.put("leg", s.legId());
        payload.put("command", s.command() instanceof CallCommand.Reject r ? (r.busy() ? "reject_busy" : "reject") : "hangup");
        payload.put("command_id", commandId);
        payload.put("client_state", s.clientState());
        payload.put("tries", tries);
        var due = clock.instant().plusSeconds(1L << Math.min(tries, 5));
        tx.executeWithoutResult(t -> timers.schedule(TIMER_COMMAND, state.callId(), "end " + s.legId(), due, payload));
    }

    /** Sends a hangup or reject now, and again later while the carrier cannot be reached; what the carrier said to the first. */
    private CallControl.Result sendEnding(Send s) {
        var commandId = UUID.randomUUID().toString();
        var result = control.send(s.legId(), s.command(), commandId, s.clientState());
        if (result instanceof CallControl.Result.Unavailable) {
            endLater(s, commandId, 1);
        }
        return result;
    }

    /** Records the legs of {@code callId} dialled (or tried) in one sending, from {@code at}: known before their webhooks are. */
    private void recordTried(UUID callId, List<Placed> placed, Instant at) {
        for (var other : placed) {
            if (other.dial().callId().equals(callId)) {
                store.addLeg(callId, other.legId(), other.dial().role(), other.dial().memberId(), other.dial().to(), at);
            }
        }
    }

    /** How long after a lost dial's timeout its phone is still waited for (its webhooks may come late). */
    static final Duration LOST_DIAL_GRACE = Duration.ofSeconds(10);

    /**
     * A phone dialled whose every try failed without saying the carrier did not place it (see
     * {@link CallControl.DialResult#maybePlaced}): the reply may be what was lost, and the phone ring all the same. Taken
     * as failed at once, its phone rang on unknown, and its webhooks were taken for a leg known late: a member's answer put
     * through with their claim given back already (over their limit, and given back twice when it ended), or put through
     * to a caller gone on to voicemail; a call out ended as failed, or a transfer given up, while the number rang on (and
     * was hung up when it answered). So it is kept as a stand-in instead (a member still claimed, the ring, the call out
     * or the transfer not judged without it), until the dial's timeout and {@link #LOST_DIAL_GRACE} have passed (see
     * onLostDial). A caller bridged to a member's phone while it rang hears ringback instead: that bridge was never made.
     */
    private void dialLost(Dial d, String standIn, Instant dialledAt, CallControl.Result result, List<Placed> placed) {
        var ringback = new ArrayList<Pending>();
        tx.executeWithoutResult(s -> store.lock(d.callId()).ifPresent(call -> {
            // Its stand-in begins when it was dialled: a leg of its phone known meanwhile (its webhooks) began after.
            recordTried(d.callId(), placed, dialledAt);
            store.note(d.callId(), "the carrier's reply to dialling " + d.to() + " was lost (" + result + "): its phone may ring all "
                    + "the same, and is waited for until its timeout");
            if (d.bridgeState() != null && call.endedAt() == null && call.step().path("ring_bridge").asBoolean(false)) {
                var step = call.step().deepCopy();
                step.put("ring_bridge", false);
                if (step.get(RING_BRIDGED) instanceof tools.jackson.databind.node.ArrayNode bridged && d.memberId() != null) {
                    for (int i = bridged.size() - 1; i >= 0; i--) {
                        if (bridged.get(i).asString().equals(d.memberId().toString())) {
                            bridged.remove(i);
                        }
                    }
                }
                ringback(call, step, ringback);
                store.update(call.id(), Map.of("step", step));
            }
            var payload = new LinkedHashMap<String, Object>();
            payload.put("command", "lost_dial");
            payload.put("leg", standIn);
            payload.put("role", d.role());
            payload.put("member", d.memberId() == null ? null : d.memberId().toString());
            payload.put("to", d.to());
            payload.put("client_state", d.clientState());
            timers.schedule(TIMER_COMMAND, d.callId(), "lost " + standIn,
                    clock.instant().plusSeconds(d.timeoutSeconds()).plus(LOST_DIAL_GRACE), payload);
        }));
        send(ringback);
    }

    /**
     * A lost dial's wait is over ({@link #dialLost}): its phone rang after all when a leg of the same role (and member) at
     * the same destination came to be known meanwhile (its webhooks), which then takes the stand-in's place, as a placed leg does
     * ({@link #settleStandIns}); else the dial failed, and the ring is judged without it, as any refused dial's.
     */
    private void onLostDial(tools.jackson.databind.JsonNode payload) {
        var standIn = payload.path("leg").asString();
        var state = ClientState.decode(payload.path("client_state").asString(null));
        if (state == null) {
            return;
        }
        var role = payload.path("role").asString(MEMBER);
        var member = payload.path("member").asString(null);
        var to = payload.path("to").asString(null);
        var ended = new ArrayList<CallSignal.Hangup>();
        var hangUp = new ArrayList<Send>();
        tx.executeWithoutResult(s -> store.lock(state.callId()).ifPresent(call -> {
            var legs = store.legs(call.id());
            var stand = legs.stream().filter(l -> l.legId().equals(standIn)).findFirst().orElse(null);
            if (stand == null) {
                return;
            }
            var rang = legs.stream().filter(l -> !l.legId().startsWith(STAND_IN) && role.equals(l.role())
                            && (member == null ? l.memberId() == null : l.memberId() != null && member.equals(l.memberId().toString()))
                            && (l.destination() == null || l.destination().equals(to))
                            && (l.startedAt() == null || stand.startedAt() == null || !l.startedAt().isBefore(stand.startedAt())))
                    .findFirst();
            if ("ENDED".equals(stand.state())) {
                // The call moved on without it (ended it, and gave the member back): a phone that rang after all is not
                // wanted, and nothing of it is counted or given back again.
                if (rang.isPresent() && !"ENDED".equals(rang.get().state())
                        && store.settleStandIn(standIn, rang.get().legId()) == CallStore.StandInSettled.NOT_WANTED) {
                    store.note(call.id(), "the phone dialled when the carrier's reply was lost rang after the call had moved on: hung up");
                    hangUp.add(new Send(rang.get().legId(), new CallCommand.Hangup(), state.encode()));
                }
                return;
            }
            if (rang.isPresent()) {
                store.note(call.id(), "the phone dialled when the carrier's reply was lost did ring: " + to);
                if (store.settleStandIn(standIn, rang.get().legId()) == CallStore.StandInSettled.LEG_ENDED) {
                    var leg = rang.get();
                    ended.add(new CallSignal.Hangup(STAND_IN + UUID.randomUUID(), standIn, null, leg.endedAt() != null ? leg.endedAt()
                            : clock.instant(), state.encode(), CallSignal.Reason.fromStored(leg.hangupCause()), CallSignal.Side.UNKNOWN, null, null));
                }
            } else {
                store.note(call.id(), "the carrier would not dial " + to + ": nothing of it came once its reply was lost");
                ended.add(new CallSignal.Hangup(UUID.randomUUID().toString(), standIn, null, clock.instant(), state.encode(),
                        CallSignal.Reason.DIAL_FAILED, CallSignal.Side.UNKNOWN, null, null));
            }
        }));
        hangUp.forEach(this::sendEnding);
        ended.forEach(this::handle);
    }

    /** A leg's end ({@link #endLater}), a prompt ({@link #promptNotSent}) or a lost dial ({@link #dialLost}) is due. */
    void onCommandTimer(tools.jackson.databind.JsonNode payload) {
        if ("prompt".equals(payload.path("command").asString(""))) {
            onPromptTimer(payload);
            return;
        }
        if ("lost_dial".equals(payload.path("command").asString(""))) {
            onLostDial(payload);
            return;
        }
        var command = switch (payload.path("command").asString("hangup")) {
            case "reject" -> new CallCommand.Reject(false);
            case "reject_busy" -> new CallCommand.Reject(true);
            default -> new CallCommand.Hangup();
        };
        var send = new Send(payload.path("leg").asString(), command, payload.path("client_state").asString(null));
        var commandId = payload.path("command_id").asString();
        CallControl.Result result;
        try {
            result = control.send(send.legId(), command, commandId, send.clientState());
        } catch (RuntimeException e) {
            result = new CallControl.Result.Unavailable(String.valueOf(e.getMessage())); // a try like any other, not a timer failing for ever
        }
        if (result instanceof CallControl.Result.Unavailable) {
            endLater(send, commandId, payload.path("tries").asInt(1) + 1);
        } else if (result instanceof CallControl.Result.CallEnded) {
            log.info("Sent {} to {} again: it had ended", command, send.legId());
            endedAlready(send);
        } else {
            log.info("Sent {} to {} again: {}", command, send.legId(), result);
        }
    }

    /**
     * A hangup or reject the carrier refused because its leg had ended: the leg's hangup may never have been handled (a
     * caller who hung up before their call was known: its call.initiated delivered after its call.hangup, which named no
     * call yet, and whose answer failed). Handled as that hangup, when the carrier says the leg ended, so the call does not
     * stay open until the check against the carrier ten minutes in. A hangup handled already changes nothing.
     */
    private void endedAlready(Send ending) {
        handle(new CallSignal.Hangup(UUID.randomUUID().toString(), ending.legId(), null, endedAt(ending.legId()), ending.clientState(),
                CallSignal.Reason.NORMAL, CallSignal.Side.UNKNOWN, null, null));
    }

    /** When the carrier says {@code legId} ended, else now (it could not be asked, or does not say). */
    private Instant endedAt(String legId) {
        try {
            var status = control.status(legId);
            return status.endedAt() != null && !status.endedAt().isAfter(clock.instant()) ? status.endedAt() : clock.instant();
        } catch (RuntimeException e) {
            return clock.instant();
        }
    }
    static final String TIMER_MEMBER = "member";
    static final String TIMER_QUEUE = "queue";
    /**
     * A queue's timer (of {@link #TIMER_QUEUE}) per callback entry, for when the customer who did not answer is called
     * again: one per entry, so one callback's retry never moves another's. The queue's timer named {@code dispatch} is
     * only the wait for the opening, the same for every callback.
     */
    static final String CALLBACK_RETRY_TIMER = "callback_retry ";
    /**
     * A queue's timer per callback entry and member, for when a member kept off that callback (see
     * {@link QueueLine#voicemailAnswered}) may be offered it again: one per member, so another member's later rest
     * never moves it.
     */
    static final String CALLBACK_REST_TIMER = "callback_rest ";
    private static final String DEFAULT_HOLD_AUDIO = "/audio/hold-music.wav";
    private static final String RINGBACK_AUDIO = "/audio/ringback.wav";

    private void enqueue(CallStore.Journey call, Decision.Enqueue q, ObjectNode step, List<Pending> out) {
        var now = clock.instant();
        if (out.contains(new QueueRefused(q.queueId()))) {
            // Queues that overflow into each other ("Sales empty: Support", "Support empty: Sales") with both empty
            // would send the caller round for ever within this one signal: the general voicemail instead. (A later
            // signal, the caller choosing the queue again in a menu, tries it afresh.)
            note(call, "queue: the overflow leads back to a queue that already turned this caller away");
            run(call, onward(call, null), out);
            return;
        }
        var facts = facts(call);
        switch (queueLine.join(q.queueId(), call.id(), call.from(), facts.customerTags(), now)) {
            case QueueLine.Refused r -> {
                note(call, "queue: " + r.reason());
                out.add(new QueueRefused(q.queueId()));
                run(call, onward(call, r.target()), out);
            }
            case QueueLine.Joined j -> {
                var queue = j.queue();
                step.put("queue_id", queue.id().toString());
                step.put("entry_id", j.entryId().toString());
                var caller = cs(call.id(), CALLER, null);
                if (announces(queue)) {
                    step.put(HOLD, ANNOUNCEMENT);
                    out.add(new Send(call.callerLegId(), new CallCommand.Speak(announcement(queue, j.position(), j.etaSeconds(), j.staffing(),
                            true), null, null), caller));
                } else {
                    out.add(holdMusic(call, queue, step));
                }
                setPhase(call, "QUEUED", step);
                note(call, "queue '" + queue.name() + "': waiting, number " + j.position() + " in line"
                        + (j.rejoined() ? " (called again: their old place)" : ""));
                timers.schedule(TIMER_CALL, call.id(), "queue_max_wait", now.plusSeconds(queue.maxWaitSeconds()), Map.of());
                if (queue.announceIntervalSeconds() > 0) {
                    timers.schedule(TIMER_CALL, call.id(), "queue_announce", now.plusSeconds(queue.announceIntervalSeconds()), Map.of());
                }
                out.add(new DispatchQueue(queue.id()));
            }
        }
    }

    /**
     * What a caller hears, on joining or again while waiting, with how the team stands now ({@code staffing}), so that it is
     * true. With nobody logged in no wait is foretold: the estimate comes from the answers of the past hour, and while
     * nobody can answer it is no wait at all (a caller was told "about 1 minute" every 30 s for the two minutes they waited
     * with the whole team away, found by a walk). They were told on joining that nobody is available.
     */
    private String announcement(CallQueue queue, int position, Integer etaSeconds, QueueLine.Staffing staffing, boolean joining) {
        var text = new java.util.StringJoiner(" ");
        if (joining) {
            text.add("Thank you for calling.").add(switch (staffing) {
                // Someone free is rung for them (or for a caller ahead): "all busy" would not be true.
                case FREE -> "Please hold, we will connect you shortly.";
                case ALL_BUSY -> "All of our team are busy.";
                case NOBODY -> "Nobody from our team is available right now. Please hold.";
            });
        }
        // A queue that does not tell callers their place (its box unticked) tells it in no repeat either.
        if (queue.announcePosition()) {
            text.add(position == 1 ? "You are next in line." : "You are number " + position + " in line.");
            if (etaSeconds != null && staffing != QueueLine.Staffing.NOBODY) {
                long minutes = Math.max(1, Math.round(etaSeconds / 60.0));
                text.add("The expected wait is about " + minutes + (minutes == 1 ? " minute." : " minutes."));
            }
        }
        if (queue.callbackEnabled()) {
            text.add("To be called back instead, without losing your place, press " + spoken(queue.callbackKey()) + ".");
        }
        return text.toString();
    }

    /**
     * Whether a caller waiting in {@code queue} hears anything but music: their place in line, or how to be called back
     * (which a queue not telling places still tells, or its callers would never learn the key).
     */
    private static boolean announces(CallQueue queue) {
        return queue.announcePosition() || queue.callbackEnabled();
    }

    private static String spoken(String key) {
        return switch (key) {
            case "*" -> "star";
            case "#" -> "pound";
            default -> key;
        };
    }

    /** The step key of what a caller waiting in a queue hears now: {@link #ANNOUNCEMENT}, {@link #MUSIC} or {@link #DEFAULT_MUSIC}. */
    private static final String HOLD = "hold";
    private static final String ANNOUNCEMENT = "announcement";
    private static final String MUSIC = "music";
    private static final String DEFAULT_MUSIC = "default_music";
    /** The step's mark of a queue's own hold music that could not be played for this caller: the default music instead. */
    private static final String HOLD_MUSIC_FAILED = "hold_music_failed";

    /**
     * The hold music for a caller waiting in {@code queue}: the queue's own (an uploaded file), or the default music when it
     * has none or the carrier could not play it for this caller. Marks in {@code step} (written by the caller) which plays.
     */
    private Send holdMusic(CallStore.Journey call, CallQueue queue, ObjectNode step) {
        boolean own = queue.holdMediaId() != null && !step.path(HOLD_MUSIC_FAILED).asBoolean(false);
        step.put(HOLD, own ? MUSIC : DEFAULT_MUSIC);
        var url = publicBaseUrl + (own ? media.signedPath(queue.holdMediaId(), Duration.ofHours(4)) : DEFAULT_HOLD_AUDIO);
        return new Send(call.callerLegId(), new CallCommand.Play(url, true), cs(call.id(), CALLER, null));
    }

    /**
     * A prompt to a caller waiting in a queue ended (not one we stopped: see takesNoStep). An announcement, played or failed
     * (refused, or the carrier never reached), gives way to the hold music again; the queue's own music that could not be
     * played gives way to the default music, once. The caller was left in silence until the next announcement (or for
     * the whole wait, in a queue that announces nothing).
     */
    private void queuePromptEnded(CallStore.Journey call, CallSignal.PromptEnd end, List<Pending> out) {
        var queue = queues.find(stepId(call, "queue_id")).orElse(null);
        if (queue == null) {
            return;
        }
        // (A call queued before what plays was kept: its prompt ends as an announcement's did.)
        var playing = call.step().path(HOLD).asString(ANNOUNCEMENT);
        var step = call.step().deepCopy();
        if (end == CallSignal.PromptEnd.FAILED && MUSIC.equals(playing)) {
            note(call, "queue: the queue's hold music could not be played; the default music instead");
            step.put(HOLD_MUSIC_FAILED, true);
        } else if (end == CallSignal.PromptEnd.FAILED && DEFAULT_MUSIC.equals(playing)) {
            note(call, "queue: the hold music could not be played");
            return;
        } else if (end == CallSignal.PromptEnd.FAILED) {
            note(call, "queue: an announcement could not be played; back to the hold music");
        }
        out.add(holdMusic(call, queue, step));
        store.update(call.id(), Map.of("step", step));
    }

    /** A key pressed by a caller waiting in a queue: the callback key asks to be called back. */
    private void queueKey(CallStore.Journey call, String digit, Instant at, List<Pending> out) {
        var queue = queues.find(stepId(call, "queue_id")).orElse(null);
        if (queue == null || !queue.callbackEnabled() || !queue.callbackKey().equals(digit)) {
            return;
        }
        var entryId = stepId(call, "entry_id");
        var entry = queueLine.entry(entryId).orElse(null);
        if (entry == null || !"WAITING".equals(entry.state())) {
            return; // someone is already ringing for them
        }
        var caller = cs(call.id(), CALLER, null);
        String number = null;
        var company = companies.current();
        try {
            var parsed = PhoneNumber.parse(call.from(), company.defaultRegion());
            // A caller ID is the caller's to set: one abroad (while calls abroad are off) or premium-rate would have the
            // company dial it at its cost, as a click-to-call to it is refused (found by review).
            // The company's own number or a member's direct line (a caller ID set to it) would come back in as a new call.
            var refusal = company.dialRefusal(parsed);
            var why = refusal != null ? (refusal.rule().equals("premium") ? "is a premium-rate number" : refusal.message())
                    : members.directLine(parsed).map(m -> "is " + m.name() + "'s direct line, one of the company's own numbers").orElse(null);
            if (why != null) {
                note(call, "queue: no callback to " + parsed.e164() + ", which " + why);
            } else {
                number = parsed.e164();
            }
        } catch (IllegalArgumentException e) {
            // Withheld, or no number: nothing to call back.
        }
        if (number == null) {
            out.add(new Send(call.callerLegId(), new CallCommand.StopPrompt(), caller));
            out.add(new Send(call.callerLegId(), new CallCommand.Speak("Sorry, we cannot call back the number you are calling from. "
                    + "Please stay on the line.", null, null), caller));
            return;
        }
        boolean fresh = queueLine.requestCallback(entryId, number, at);
        timers.cancelAll(TIMER_CALL, call.id());
        note(call, fresh ? "queue: callback requested to " + number + ", keeping place " + queueLine.position(entryId)
                : "queue: callback already requested from " + number + " (merged)");
        setPhase(call, "CALLBACK_CONFIRM", null);
        out.add(new Send(call.callerLegId(), new CallCommand.StopPrompt(), caller));
        out.add(new Send(call.callerLegId(), new CallCommand.Speak(fresh
                ? "Thank you. We will call you back at the number you are calling from when it is your turn. Goodbye."
                : "You already asked us to call you back, and you keep your place. Goodbye.", null, null), caller));
        // The queue looks at its callbacks now: when this one is given up, if not made by then, is kept on its timer.
        out.add(new DispatchQueue(queue.id()));
    }

    /** Releases a member's claim; after a queue call they get the queue's wrap-up time first. */
    private void releaseMember(CallStore.Journey call, UUID memberId, boolean wasAnswered, List<Pending> out) {
        var wrapUp = Duration.ZERO;
        if (wasAnswered && call.step().hasNonNull("queue_id")) {
            wrapUp = queues.find(stepId(call, "queue_id"))
                    .map(q -> Duration.ofSeconds(q.wrapUpSeconds())).orElse(Duration.ZERO);
        }
        var wrapEnds = members.release(memberId, wasAnswered, wrapUp);
        if (wrapEnds.isPresent()) {
            timers.schedule(TIMER_MEMBER, memberId, "wrap_up", wrapEnds.get(), Map.of());
        } else {
            // Their queues, looked up now (this transaction is open anyway), are offered their callers after commit.
            queues.queuesOf(memberId).forEach(q -> out.add(new DispatchQueue(q)));
        }
    }

    /**
     * Whether a phone rung at {@code destination} (for member {@code memberId}, or an outside number when null) asks the
     * carrier to detect an answering machine: when the company has detection on, for phone numbers only (a SIP phone
     * is a desk phone or an app: no voicemail of its own answers it), and not for a member who confirms forwarded calls
     * (their "press 1" already tells a person from a machine, and no detection is billed for it). Only inside a
     * transaction (see {@link #detecting}): the member is looked up under the company's row-level security.
     */
    private boolean detectMachine(String destination, UUID memberId) {
        if (destination == null || destination.regionMatches(true, 0, "sip", 0, 3) || !snapshots.phoneSettings().detectAnsweringMachines()) {
            return false;
        }
        return memberId == null || members.find(memberId).map(m -> !m.confirmForwardedCalls()).orElse(true);
    }

    /**
     * The carrier's answering machine detection on a leg that answered: the trace says who picked up, and the result is
     * kept for that leg (the call's step, {@code detected}, by leg), whether or not the leg's answer has been handled yet
     * (the carrier detects only on a leg that answered, and its answer may come after the result: webhooks come out of
     * order). The call's metadata {@code machine_detection} ({@code human}, {@code machine}, {@code not_sure}) describes the
     * leg the call was put through on only (see {@link #keepDetection}), so the log tells a call a voicemail took from one
     * a person did: a phone that lost the race, was cancelled or hung up stays in the trace. A member's forwarded phone
     * answered by a machine took an inbound caller into the member's own voicemail: the trace says how to prevent that
     * (confirm forwarded calls); an inbound caller has been put through by then. A call out's member phone waiting for
     * it (see {@link #awaitDetection}) is settled here; one whose answer is still to come is settled by it, unless a machine
     * answered it: then at once (its answer may come after the ring timed out).
     */
    private void machineDetected(CallStore.Journey call, String role, ClientState state, CallSignal.MachineDetected m, List<Pending> out) {
        if (role == null || CALLER.equals(role) && !handedOn(call)) {
            // (A call out handed on: its caller is the number it dialled, asked about, whose result may come after the transfer.)
            return;
        }
        var leg = leg(call, m.legId()).orElse(null);
        // A result delivered before the leg's own webhooks recorded it (or its number) still names the phone: the
        // member from the dial's client state, the number from the event (webhooks come in any order).
        var memberId = leg != null && leg.memberId() != null ? leg.memberId() : state == null ? null : state.memberId();
        var destination = leg != null && leg.destination() != null ? leg.destination() : m.to();
        var phone = destination == null ? "" : " (" + destination + ")";
        var who = memberId != null ? memberName(memberId) + "'s phone" + phone : destination == null ? "the number dialled" : destination;
        note(call, switch (m.answerer()) {
            case MACHINE -> who + " was answered by an answering machine" + (memberId != null && "INBOUND".equals(call.direction())
                    ? ": the caller may have left a message there, not in the company's voicemail (turn on confirm forwarded calls for "
                            + memberName(memberId) + " to keep a voicemail from taking calls)" : "");
            case HUMAN -> "a person answered " + who;
            case NOT_SURE -> "could not tell whether a person or an answering machine answered " + who;
        });
        var step = call.step().deepCopy();
        step.withObjectProperty("detected").put(m.legId(), m.answerer().stored());
        if (m.answerer() == CallSignal.Answerer.MACHINE && MEMBER.equals(role) && "OUTBOUND".equals(call.direction())
                && call.answeredAt() == null && call.callerLegId() == null && !step.has(MACHINE_LEG)
                && (call.endedAt() != null || leg != null && "ENDED".equals(leg.state()))) {
            // A call out's member's phone a machine answered, heard only after that phone hung up (its answer and result
            // delivered late, the offer taken for not taken meanwhile). Nobody was put through, and what the call reached
            // was their voicemail, as when the result comes while it rings (see detectedBeforeDialling).
            step.put(MACHINE_LEG, m.legId());
            if (memberId != null && call.step().hasNonNull("callback_entry_id")) {
                // A callback offer: its miss was counted when it ended, with the short back-off of a ring nobody took;
                // offered again after it, their voicemail would answer again. They rest as if it had been heard in time.
                var hungUpAt = leg != null && leg.endedAt() != null ? leg.endedAt() : call.endedAt() != null ? call.endedAt() : clock.instant();
                var queueId = stepId(call, "queue_id");
                var entryId = stepId(call, "callback_entry_id");
                var member = memberId;
                queueLine.voicemailHeardLate(entryId, memberId, hungUpAt).ifPresent(until -> {
                    note(call, "queue: " + memberName(member) + "'s voicemail answered the callback offer; it is not offered to them "
                            + "again before " + until);
                    restFromCallback(queueId, entryId, member, until);
                });
            }
        }
        store.update(call.id(), Map.of("step", step));
        keepDetection(call.id(), step, call.answeredAt() != null);
        if (call.endedAt() == null && m.legId().equals(call.step().path("detecting").asString(null))) {
            detectedBeforeDialling(store.lock(call.id()).orElseThrow(), m.legId(), m.answerer(), detectingSince(call), out);
        } else if (MEMBER.equals(role) && leg != null && "RINGING".equals(leg.state())
                && placingOut(call) && !confirming(call, m.legId()) && detectMachine(leg.destination(), leg.memberId())) {
            // A call out's member's phone whose answer is still to come (the carrier detects only on a leg that answered):
            // their voicemail, hung up now as when its answer came first, not left recording until the ring times out
            // (the offer was then taken for unanswered, and what it reached lost, if the answer came after that); the
            // member (or no verdict), answered now and the number dialled, not left in silence until their answer comes,
            // should it come at all before the call is given up. Answered from when the result came: the nearest known.
            detectedBeforeDialling(store.lock(call.id()).orElseThrow(), m.legId(), m.answerer(), clock.instant(), out);
        }
    }

    /** The queue looks at callback {@code entryId} again when {@code memberId}'s rest from it is over (see QueueLine's rests). */
    private void restFromCallback(UUID queueId, UUID entryId, UUID memberId, Instant until) {
        timers.schedule(TIMER_QUEUE, queueId, CALLBACK_REST_TIMER + entryId + " " + memberId, until, Map.of());
    }

    /** When the phone awaiting its detection answered ({@link #DETECTING_SINCE}; now for a wait begun before it was kept). */
    private Instant detectingSince(CallStore.Journey call) {
        var since = call.step().path(DETECTING_SINCE).asString(null);
        return since == null ? clock.instant() : Instant.parse(since);
    }

    /** The step key naming the leg a call was put through on: the answer that won (see {@link #keepDetection}). */
    private static final String ANSWERED_LEG = "answered_leg";
    /**
     * The step key listing the members whose phone the caller was bridged to while it rang (see ringing): picked up, the
     * caller hears them at once, whenever the app hears the answer. Anyone else's answer connects nobody until it is heard.
     */
    private static final String RING_BRIDGED = "ring_bridged_members";

    /**
     * The step key naming the number an incoming call was forwarded to by the carrier's transfer (see run), kept when the
     * call goes on: the carrier puts the caller through to it on its answer, whenever the app hears that answer.
     */
    private static final String CARRIER_FORWARDED = "carrier_forwarded";

    /**
     * Whether {@code leg}'s answer alone put the caller through, whenever the app heard it: a member's phone the caller was
     * bridged to while it rang ({@link #ringBridged}), or the number the carrier's transfer rang ({@link #CARRIER_FORWARDED}).
     * Any other phone's answer connects nobody until the app hears it and bridges it.
     */
    private static boolean putThroughByItsAnswer(CallStore.Journey call, CallStore.Leg leg) {
        if (FORWARD.equals(leg.role())) {
            var number = call.step().path(CARRIER_FORWARDED).asString(null);
            return number != null && (leg.destination() == null || leg.destination().equals(number));
        }
        return ringBridged(call, leg);
    }

    /** Whether the caller was bridged to {@code leg} (its member's phone) while it rang: its answer alone put them through. */
    private static boolean ringBridged(CallStore.Journey call, CallStore.Leg leg) {
        return leg.memberId() != null && contains(call.step().path(RING_BRIDGED), leg.memberId().toString());
    }

    private static boolean contains(tools.jackson.databind.JsonNode array, String value) {
        for (var v : array) {
            if (v.asString().equals(value)) {
                return true;
            }
        }
        return false;
    }

    /** The step's mark of the answered phone the caller could not be put through to: they had hung up (see notPutThrough). */
    private static final String NOT_PUT_THROUGH = "not_put_through";
    /** In a call's step: its message is very short (VoicemailMessage.VERY_SHORT_SECONDS), so the call is no VOICEMAIL. */
    static final String VERY_SHORT_MESSAGE = "very_short_message";
    /**
     * The step key naming a call out's member's phone that an answering machine answered (their own voicemail), hung
     * up before anyone was dialled: what the call reached, while no answer put it through (see {@link #keepDetection}).
     */
    private static final String MACHINE_LEG = "machine_leg";
    /**
     * The step key naming a queue callback's member's forwarded phone on which nothing was pressed when asked to press 1
     * (see {@link #confirmed}): their voicemail took the offer, as for {@link #MACHINE_LEG}, but nothing was detected.
     */
    private static final String UNCONFIRMED_LEG = "unconfirmed_leg";

    /**
     * The call's metadata {@code machine_detection} made what the detection said of the leg the call was put through on
     * ({@code step.answered_leg}, given {@code answered}: the one whose answer won; for a call out, the number dialled),
     * or, a call out nobody was put through on, of its member's phone a machine answered ({@code step.machine_leg}: the
     * member's voicemail, so the number was never dialled), and taken out when that leg was not detected or nobody answered. Decided from the state, not from which webhook
     * came last: called whenever a result is kept or the leg put through changes. Nothing for a call nothing was detected on.
     */
    private void keepDetection(UUID callId, tools.jackson.databind.JsonNode step, boolean answered) {
        if (!step.has("detected")) {
            return;
        }
        var won = answered ? step.path(ANSWERED_LEG).asString(null) : step.path(MACHINE_LEG).asString(null);
        var result = won == null ? null : step.path("detected").path(won).asString(null);
        if (result != null) {
            store.addMetadata(callId, java.util.Collections.singletonMap("machine_detection", result));
        } else {
            store.removeMetadata(callId, "machine_detection");
        }
    }

    /** What the carrier's detection said of {@code legId} already (a result delivered before its answer), or null. */
    private static CallSignal.Answerer detectedAlready(CallStore.Journey call, String legId) {
        var stored = call.step().path("detected").path(legId).asString(null);
        if (stored == null) {
            return null;
        }
        for (var a : CallSignal.Answerer.values()) {
            if (a.stored().equals(stored)) {
                return a;
            }
        }
        return null;
    }

    /**
     * The name of member {@code memberId} as the call's ring list has it (no read of the member's row on the answer path),
     * else as the directory has it now.
     */
    private String rungName(CallStore.Journey call, UUID memberId) {
        if (memberId != null && currentAction(call) instanceof Decision.RingMembers ring) {
            for (var r : ring.rings()) {
                if (memberId.equals(r.memberId())) {
                    return r.memberName();
                }
            }
        }
        return memberName(memberId);
    }

    /** " on <the phone leg {@code legId} rang>" (a SIP address or a number), or nothing when it is not known. */
    private static String answeredOn(List<CallStore.Leg> legs, String legId) {
        return legs.stream().filter(l -> l.legId().equals(legId) && l.destination() != null).findFirst()
                .map(l -> " on " + l.destination()).orElse("");
    }

    private String memberName(UUID memberId) {
        return memberId == null ? "someone" : members.find(memberId).map(dev.switchboard.directory.TeamMember::name).orElse(memberId.toString());
    }

    /** How long callbacks wait before the schedule is looked at again when it shows no opening ahead. */
    static final Duration CLOSED_LOOK_AGAIN = Duration.ofDays(7);

    /** Offers the queue's waiting callers to its free members (after commit; any node). */
    void dispatchQueue(UUID queueId) {
        var now = clock.instant();
        var result = tx.execute(s -> {
            if (queues.find(queueId).isEmpty()) {
                // Deleted since one of its timers was set (when a callback dealt with would have been given up, its next
                // opening): nothing to look at. It failed, and was tried again, an error logged each time.
                return null;
            }
            var hours = snapshots.current().businessHours();
            boolean open = hours.isOpen(now);
            expireCallbacks(queueId, hours, now);
            var d = queueLine.dispatch(queueId, now, open);
            if (!open) {
                // Callbacks wait for business hours: look again when the company opens (a closure longer than the
                // schedule looks ahead, e.g. a long holiday, is looked at again then). Changes to the hours dispatch at once.
                var opens = hours.nextChange(now).filter(dev.switchboard.schedule.Schedule.Transition::open)
                        .map(dev.switchboard.schedule.Schedule.Transition::at).orElse(now.plus(CLOSED_LOOK_AGAIN));
                timers.schedule(TIMER_QUEUE, queueId, "dispatch", opens, Map.of());
            }
            return d;
        });
        if (result == null) {
            return;
        }
        for (var eviction : result.evictions()) {
            var pending = new ArrayList<Pending>();
            inTransaction(() -> store.lock(eviction.callId()).filter(c -> "QUEUED".equals(c.phase())).ifPresent(call -> {
                timers.cancelAll(TIMER_CALL, call.id());
                note(call, "queue: nobody is logged in any more");
                pending.add(new Send(call.callerLegId(), new CallCommand.StopPrompt(), cs(call.id(), CALLER, null)));
                run(call, onward(call, eviction.target()), pending);
            }));
            send(pending);
        }
        for (var offer : result.offers()) {
            if (offer.callbackNumber() != null) {
                startCallback(offer);
            } else {
                offerToCaller(offer);
            }
        }
    }

    /**
     * A queue's timer (of {@link #TIMER_QUEUE}) for when its next pending callback is given up (see {@link #expireCallbacks}).
     */
    static final String CALLBACK_EXPIRY_TIMER = "callback_expiry";

    /**
     * Gives up the queue's pending callbacks not made by the end of the next business day after they were asked for
     * ({@link dev.switchboard.schedule.Schedule#endOfNextBusinessDay}, with the hours as they are now: a closure added
     * since moves it on), and has the queue looked at again when the next of the others is due. They waited for ever: one
     * asked for on a Friday evening before a week of nobody taking callbacks was still dialled the Wednesday after.
     */
    private void expireCallbacks(UUID queueId, dev.switchboard.schedule.Schedule hours, Instant now) {
        var pending = queueLine.pendingCallbacks(queueId);
        if (pending.isEmpty()) {
            return;
        }
        var zone = hours.zone();
        var endByDay = new HashMap<java.time.LocalDate, Optional<Instant>>();
        Instant next = null;
        for (var p : pending) {
            var end = endByDay.computeIfAbsent(p.requestedAt().atZone(zone).toLocalDate(), d -> hours.endOfNextBusinessDay(p.requestedAt()))
                    .orElse(null);
            if (end == null) {
                continue;
            }
            if (!end.isAfter(now)) {
                queueLine.callbackExpired(p.entryId(), now);
            } else if (next == null || end.isBefore(next)) {
                next = end;
            }
        }
        if (next != null) {
            timers.schedule(TIMER_QUEUE, queueId, CALLBACK_EXPIRY_TIMER, next, Map.of());
        }
    }

    private void offerToCaller(QueueLine.Offer offer) {
        var pending = new ArrayList<Pending>();
        inTransaction(() -> {
            var call = store.lock(offer.callId()).orElse(null);
            var entry = queueLine.entry(offer.entryId()).orElse(null);
            if (call == null || call.endedAt() != null || !"QUEUED".equals(call.phase()) || entry == null || !"OFFERING".equals(entry.state())) {
                offer.rings().forEach(r -> members.release(r.memberId(), false));
                queueLine.withdrawn(offer.entryId());
                if (call == null || call.endedAt() != null || entry == null || !"OFFERING".equals(entry.state())) {
                    // The caller left between the dispatch and this offer: the members it had claimed are free for
                    // the callers behind them now, not at the queue's next event.
                    pending.add(new DispatchQueue(offer.queueId()));
                }
                return;
            }
            for (var r : offer.rings()) {
                note(call, "queue: offering to " + r.memberName());
                for (var destination : r.destinations()) {
                    pending.add(detecting(toMember(call, new Dial(call.id(), r.memberId(), MEMBER, call.to(), destination,
                            (int) r.timeout().toSeconds(), call.callerLegId(), cs(call.id(), MEMBER, r.memberId())))));
                }
            }
        });
        send(pending);
    }

    /** A callback's turn: ring the member first; when they answer, the customer is dialled and bridged. */
    private void startCallback(QueueLine.Offer offer) {
        var pending = new ArrayList<Pending>();
        inTransaction(() -> {
            var ring = offer.rings().getFirst();
            var company = companies.current();
            if (company.businessNumbers().isEmpty()) {
                members.release(ring.memberId(), false);
                queueLine.callbackGivenUp(offer.entryId(), clock.instant(), "the company has no business number to call from");
                return;
            }
            var from = company.businessNumbers().getFirst().e164();
            var callId = UUID.randomUUID();
            var at = clock.instant();
            store.create(callId, "OUTBOUND", from, offer.callbackNumber(), "DIALING_MEMBER", null, at);
            var known = lookup(offer.callbackNumber());
            var step = store.newStep();
            step.put("target", offer.callbackNumber());
            step.put(SHOWN_AS, CallerDisplay.of(known, null, null, offer.callbackNumber()));
            step.put("callback_entry_id", offer.entryId().toString());
            step.put("queue_id", offer.queueId().toString());
            var plan = callOutPlan(offer.callbackNumber(), "queue callback to " + offer.callbackNumber() + " by " + ring.memberName());
            var columns = new LinkedHashMap<String, Object>();
            columns.put("step", step);
            putPlan(columns, callId, plan);
            columns.put("trace", plan.trace());
            store.update(callId, columns);
            describeOutbound(callId, offer.callbackNumber(), known, Map.of("placed_by", "queue_callback", "member_id", ring.memberId(),
                    "queue_id", offer.queueId(), "queue_entry_id", offer.entryId()));
            for (var destination : ring.destinations()) {
                pending.add(detecting(new Dial(callId, ring.memberId(), MEMBER, from, destination, (int) ring.timeout().toSeconds(), null,
                        cs(callId, MEMBER, ring.memberId())).shown(step.path(SHOWN_AS).asString(null))));
            }
        });
        send(pending);
    }

    /** A call's timer fired (queue announcements and maximum wait). */
    void onCallTimer(UUID callId, String name) {
        var pending = new ArrayList<Pending>();
        inTransaction(() -> {
            var call = store.lock(callId).orElse(null);
            if (call != null && call.endedAt() == null && name.startsWith(CONFIRM_TIMER)) {
                confirmTimedOut(call, name.substring(CONFIRM_TIMER.length()), pending);
                return;
            }
            if (call != null && call.endedAt() == null && DETECTION_TIMER.equals(name) && call.step().hasNonNull("detecting")) {
                note(call, "no answering machine detection came within " + DETECTION_WAIT.toSeconds() + " s: dialling " + call.to());
                detectedBeforeDialling(call, call.step().get("detecting").asString(), CallSignal.Answerer.NOT_SURE, detectingSince(call), pending);
                return;
            }
            if (call == null || call.endedAt() != null || !"QUEUED".equals(call.phase())) {
                return;
            }
            var queueId = stepId(call, "queue_id");
            var entryId = stepId(call, "entry_id");
            var queue = queues.find(queueId).orElse(null);
            var entry = queueLine.entry(entryId).orElse(null);
            if (queue == null || entry == null) {
                return;
            }
            var now = clock.instant();
            var caller = cs(call.id(), CALLER, null);
            switch (name) {
                case "queue_announce" -> {
                    if ("WAITING".equals(entry.state()) && announces(queue)) {
                        int position = queueLine.position(entryId);
                        pending.add(new Send(call.callerLegId(), new CallCommand.StopPrompt(), caller));
                        pending.add(new Send(call.callerLegId(), new CallCommand.Speak(announcement(queue, position,
                                queueLine.eta(queue, position, now), queueLine.staffing(queue, now), false), null, null), caller));
                        store.event(call.id(), now, "Announced", queue.announcePosition() ? "number " + position + " in line"
                                : "how to be called back");
                        if (!ANNOUNCEMENT.equals(call.step().path(HOLD).asString(null))) {
                            var step = call.step().deepCopy();
                            step.put(HOLD, ANNOUNCEMENT);
                            store.update(call.id(), Map.of("step", step));
                        }
                    }
                    // The queue's interval as it is now: one changed to 0 ("only on joining") while the caller waited ends
                    // the repeats. (Rescheduled at now + 0, the announcement was spoken again at once, over and over, for as
                    // long as they waited: found by a walk.)
                    if (queue.announceIntervalSeconds() > 0) {
                        timers.schedule(TIMER_CALL, call.id(), "queue_announce", now.plusSeconds(queue.announceIntervalSeconds()), Map.of());
                    }
                    // Also a safety net: look for a free member again, whatever woke us.
                    pending.add(new DispatchQueue(queueId));
                }
                case "queue_max_wait" -> {
                    var target = queueLine.timedOut(entryId, now);
                    timers.cancelAll(TIMER_CALL, call.id());
                    // Where the caller goes is said (a voicemail box said nothing more in the trace, which ended here).
                    note(call, "queue: waited " + queue.maxWaitSeconds() + " s, the most this queue allows: on to "
                            + target.map(t -> snapshots.current().describe(t)).orElse("the company's fallback"));
                    var offered = new java.util.LinkedHashSet<UUID>();
                    for (var leg : store.legs(call.id())) {
                        if (MEMBER.equals(leg.role()) && !"ENDED".equals(leg.state())) {
                            pending.add(new Send(leg.legId(), new CallCommand.Hangup(), cs(call.id(), leg)));
                            // Ended here, not when its hangup comes: the call moves on now, and that hangup, coming
                            // after the next phones were dialled, must not be taken for theirs (their ring judged
                            // over before they were known, the caller sent on again).
                            store.legState(leg.legId(), "ENDED", now, CallSignal.Reason.CANCELLED.stored());
                            if (leg.memberId() != null) {
                                offered.add(leg.memberId());
                            }
                        }
                    }
                    var legsNow = store.legs(call.id());
                    for (var memberId : offered) {
                        if (legsNow.stream().noneMatch(l -> memberId.equals(l.memberId()) && !"ENDED".equals(l.state()))) {
                            releaseMember(call, memberId, false, pending);
                        }
                    }
                    pending.add(new Send(call.callerLegId(), new CallCommand.StopPrompt(), caller));
                    run(call, onward(call, target.orElse(null)), pending);
                }
                default -> log.warn("Unknown call timer {} for call {}", name, callId);
            }
        });
        send(pending);
    }

    /** A member's wrap-up time is over: they are idle, and their queues may offer them the next caller. */
    void onWrapUpEnded(UUID memberId) {
        boolean idle = Boolean.TRUE.equals(tx.execute(s -> members.finishWrapUp(memberId)));
        if (idle) {
            send(List.of(new DispatchMemberQueues(memberId)));
        }
    }

    /**
     * Someone changed a member's availability or the business hours in a request: each queue with callers looks again
     * at once, on the timers' thread (see {@link dev.switchboard.platform.Timers#nudge}), not on the request's. Was: the
     * offers were dialled in the request after its commit, so whoever clicked "Available" waited for the carrier (its
     * retries and back-off too, when it was slow or down).
     */
    void availabilityChangedInRequest() {
        var now = clock.instant();
        tx.executeWithoutResult(s -> queueLine.queuesWithCallers().forEach(q -> timers.schedule(TIMER_QUEUE, q, "dispatch", now, Map.of())));
        timers.nudge();
    }

    /** A member's availability changed by the clock (do-not-disturb or vacation over): offer waiting callers. */
    void availabilityChanged() {
        var waiting = tx.execute(s -> queueLine.queuesWithCallers());
        if (waiting != null) {
            waiting.forEach(this::dispatchQueue);
        }
    }

    // ---- helpers ----

    /** Where {@code target} leads now (the general voicemail when null), with its reasons noted in the call's trace. */
    private Decision.Action onward(CallStore.Journey call, dev.switchboard.routing.Target target) {
        var trace = new ArrayList<String>();
        var snapshot = snapshots.current();
        var action = target == null ? Router.fallback(snapshot, trace) : Router.resolve(target, facts(call), snapshot, trace);
        trace.forEach(t -> note(call, t));
        return afterWaiting(action);
    }

    /**
     * A hang-up reached after the caller waited (a queue's overflow, a menu's last try) is the call nobody took, not
     * a caller the routing refused: it ends missed, whether or not a phone happened to ring meanwhile.
     */
    private static Decision.Action afterWaiting(Decision.Action action) {
        return action instanceof Decision.Hangup h && Boolean.TRUE.equals(h.refused()) ? new Decision.Hangup(h.message(), false) : action;
    }

    /** An id the call's current step holds (its queue, queue entry, mailbox member...). */
    private static UUID stepId(CallStore.Journey call, String key) {
        return UUID.fromString(call.step().get(key).asString());
    }

    private void setPhase(CallStore.Journey call, String phase, ObjectNode step) {
        var columns = new HashMap<String, Object>();
        columns.put("phase", phase);
        if (step != null) {
            columns.put("step", step);
        }
        store.update(call.id(), columns);
    }

    private void note(CallStore.Journey call, String line) {
        store.note(call.id(), line);
    }

    /**
     * What the call is doing now: the step's action, or, when the step has none, its plan's. The plan's
     * action (a ring list can be a kilobyte) is not copied into the step, which is written on most
     * signals: the row stays small enough for PostgreSQL to update in place without compressing it.
     */
    private Decision.Action currentAction(CallStore.Journey call) {
        var action = call.step().get("action");
        return action == null ? plan(call).action() : store.json().convertValue(action, Decision.Action.class);
    }

    /** Makes {@code action} the call's current action (see {@link #currentAction}). */
    private void setAction(CallStore.Journey call, ObjectNode step, Decision.Action action) {
        if (call.plan() != null && action.equals(plan(call).action())) {
            step.remove("action");
        } else {
            step.set("action", store.json().valueToTree(action));
        }
    }

    /** The decision taken when the call came in (read with the call's locked row). */
    private Decision plan(CallStore.Journey call) {
        return store.parsed(call.id(), call.plan(), Decision.class);
    }

    /** Puts {@code plan} in {@code columns} as the call's plan; the store holds it as parsed for the call's next signals. */
    private void putPlan(Map<String, Object> columns, UUID callId, Decision plan) {
        columns.put("plan", store.planText(callId, plan));
    }

    /**
     * Runs {@code work} in a transaction of its own as a unit of work: its writes to the calls' rows are
     * held back and written together at the end (CallStore).
     */
    private void inTransaction(Runnable work) {
        tx.executeWithoutResult(s -> {
            store.beginUnit();
            try {
                work.run();
                store.flush();
            } finally {
                store.endUnit();
            }
        });
    }

    /** Today in the company's time zone. */
    private java.time.LocalDate today() {
        return clock.instant().atZone(snapshots.timezone()).toLocalDate();
    }

    /** The call's leg {@code legId}, if it is recorded. */
    private java.util.Optional<CallStore.Leg> leg(CallStore.Journey call, String legId) {
        return store.legs(call.id()).stream().filter(l -> l.legId().equals(legId)).findFirst();
    }

    private String roleOf(CallStore.Journey call, String legId) {
        if (legId.equals(call.callerLegId())) {
            return CALLER;
        }
        return leg(call, legId).map(CallStore.Leg::role).orElse(MEMBER);
    }

    private static String cs(UUID callId, String role, UUID memberId) {
        return new ClientState(TenantContext.require().value(), callId, role, memberId).encode();
    }

    /**
     * The client state of one of the call's legs, as it was given to that leg (its role and member). Every
     * command carries its leg's own state: the carrier keeps the last one given and echoes it on the leg's
     * webhooks, so a command with another leg's state would make the leg's hangup look like someone else's.
     */
    private static String cs(UUID callId, CallStore.Leg leg) {
        return cs(callId, leg.role(), leg.memberId());
    }

    /** The state of the leg {@code legId} of the call (a member's phone when it is not recorded yet). */
    private String legCs(CallStore.Journey call, String legId) {
        return leg(call, legId).map(l -> cs(call.id(), l)).orElseGet(() -> cs(call.id(), MEMBER, null));
    }

    /** The state of the call's caller leg: the caller of an inbound call; for a call out, our member's phone. */
    private static String callerCs(CallStore.Journey call) {
        return callerOutside(call) ? cs(call.id(), CALLER, null) : cs(call.id(), MEMBER, call.answeredBy());
    }
}
