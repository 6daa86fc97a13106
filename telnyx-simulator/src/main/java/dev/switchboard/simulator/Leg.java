package dev.switchboard.simulator;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** One call leg as the simulator keeps it. Mutable; guarded by the simulator's lock. */
public final class Leg {

    /** Where a leg is in its life. */
    public enum State { PARKED, RINGING, ANSWERED, ENDED }

    final String callControlId;
    final String callLegId;
    final String sessionId;
    final boolean incoming;
    final String from;
    final String to;
    final Instant startedAt;
    State state;
    /** The caller id name its dial asked the phone to show ({@code from_display_name}), or null. */
    String fromDisplayName;
    String clientState;
    String bridgedWith;
    /** Bridged with {@code park_after_unbridge: self} (parked) or {@code hold_after_unbridge: true} (held): stays up when its bridge ends. */
    boolean parkAfterUnbridge;
    Instant recordingSince;
    /** The answering machine detection its dial or transfer asked for ({@code detect}, {@code premium}...), or null. */
    String machineDetection;
    /** Its phone is an answering machine ({@link PhoneScript.Machine}): what that detection finds once it answers. */
    boolean machine;
    /** The detection's {@code greeting_duration_millis} and {@code after_greeting_silence_millis}. */
    int greetingMillis = 3_500;
    int afterGreetingSilenceMillis = 800;
    /** The running recording's id when it was given out before it is saved (answer's record-from-answer), else null. */
    String recordingId;
    /** The running recording was started with {@code transcription: true}. */
    boolean transcribeRecording;
    /** What the caller says into the running recording (their message), for its transcription. */
    String saying;
    Gather gather;
    /** The running gather's prompt while it plays (gather_using_speak, gather_using_audio), or null. */
    Audio gatherPrompt;
    /** Speak and playback_start audio: one plays, the rest wait their turn (the spec: "placed in a queue"). */
    final AudioTrack audio = new AudioTrack();
    /** playback_start with {@code overlay: true}: mixed on top of {@link #audio}, with a queue of its own. */
    final AudioTrack overlay = new AudioTrack();
    final Map<String, Instant> commandIds = new HashMap<>();
    final List<String> heard = new ArrayList<>();
    final List<String> pressed = new ArrayList<>();
    /** What the caller will press when next asked, one entry per gather, in order ({@link Caller#pressWhenPrompted}). */
    final java.util.ArrayDeque<String> answers = new java.util.ArrayDeque<>();
    /** The last gather the caller answered from {@link #answers} (its timeoutSeq), or 0. */
    long answering;
    String hangupCause;
    /** When it ended; null while it is up. */
    Instant endedAt;
    /** The legs transfers of this leg ring (its hangup cancels those still ringing). */
    final List<Leg> transfers = new ArrayList<>();
    /** The queue the call waits in (enqueue), and since when; null when in none. */
    String queue;
    Instant enqueuedAt;
    /** Which stay in a queue this is (a number of the simulator's), so a max_wait_time_secs timer outlives no later stay. */
    long queueStay;

    /**
     * A running gather: the digits so far, its rules, the number of its current try, when that try's prompt ends
     * (when it starts, for none), the keys it takes ({@code valid_digits}), how many more times its prompt may be
     * played ({@code maximum_tries} less those played), its prompt and the one for an invalid entry (null for none),
     * and how long it waits for a key after its prompt ({@code timeout_millis}).
     */
    record Gather(String digitsSoFar, int min, int max, String terminating, long timeoutSeq, Instant promptEndsAt, Duration interDigit,
            String validDigits, int triesLeft, Prompt prompt, Prompt invalidPrompt, Duration timeout) {
        Gather with(String digits) {
            return new Gather(digits, min, max, terminating, timeoutSeq, promptEndsAt, interDigit, validDigits, triesLeft, prompt,
                    invalidPrompt, timeout);
        }

        Gather promptEndedAt(Instant at) {
            return new Gather(digitsSoFar, min, max, terminating, timeoutSeq, at, interDigit, validDigits, triesLeft, prompt,
                    invalidPrompt, timeout);
        }

        /** Its next try, numbered {@code seq}, with no keys yet, its prompt ending at {@code promptEnds}. */
        Gather nextTry(long seq, Instant promptEnds) {
            return new Gather("", min, max, terminating, seq, promptEnds, interDigit, validDigits, triesLeft - 1, prompt,
                    invalidPrompt, timeout);
        }
    }

    /** A gather's prompt: its webhooks' prefix ({@code call.speak} or {@code call.playback}), what it says or plays, the extra fields. */
    record Prompt(String kind, String what, Map<String, Object> fields) {
        Duration length() {
            return TelnyxSimulator.speechLength(what);
        }
    }

    /**
     * One speak or playback: its webhooks' prefix ({@code call.speak} or {@code call.playback}), what it
     * says or plays, how long once through (null: loops until stopped), the extra webhook fields, and a
     * number of its own, so that a stopped one is told apart from the next.
     */
    record Audio(String kind, String what, java.time.Duration length, Map<String, Object> fields, long seq) {
    }

    /** What plays on a leg and what waits to. */
    static final class AudioTrack {
        Audio playing;
        final java.util.ArrayDeque<Audio> waiting = new java.util.ArrayDeque<>();
    }

    Leg(String callControlId, String callLegId, String sessionId, boolean incoming, String from, String to, Instant startedAt,
            State state) {
        this.callControlId = callControlId;
        this.callLegId = callLegId;
        this.sessionId = sessionId;
        this.incoming = incoming;
        this.from = from;
        this.to = to;
        this.startedAt = startedAt;
        this.state = state;
    }

    public String callControlId() {
        return callControlId;
    }

    public String sessionId() {
        return sessionId;
    }

    public State state() {
        return state;
    }

    public String to() {
        return to;
    }

    public String from() {
        return from;
    }

    /** The caller id name its dial asked its phone to show ({@code from_display_name}), or null: the number alone. */
    public String fromDisplayName() {
        return fromDisplayName;
    }

    public boolean incoming() {
        return incoming;
    }

    public String bridgedWith() {
        return bridgedWith;
    }

    public String hangupCause() {
        return hangupCause;
    }

    /** What this leg's party heard: spoken text, played audio URLs and {@code (dtmf 12#)} for sent digits, in order. */
    public List<String> heard() {
        return List.copyOf(heard);
    }
}
