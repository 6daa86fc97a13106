package dev.switchboard.simulator;

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
    String clientState;
    String bridgedWith;
    /** Bridged with {@code park_after_unbridge: self}: stays up, parked, when its partner goes away. */
    boolean parkAfterUnbridge;
    Instant recordingSince;
    /** The running recording was started with {@code transcription: true}. */
    boolean transcribeRecording;
    /** What the caller says into the running recording (their message), for its transcription. */
    String saying;
    Gather gather;
    long promptEndsSeq;
    boolean looping;
    final Map<String, Instant> commandIds = new HashMap<>();
    final List<String> heard = new ArrayList<>();
    final List<String> pressed = new ArrayList<>();
    String hangupCause;

    record Gather(String digitsSoFar, int min, int max, String terminating, long timeoutSeq) {
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

    public boolean incoming() {
        return incoming;
    }

    public String bridgedWith() {
        return bridgedWith;
    }

    public String hangupCause() {
        return hangupCause;
    }

    /** What this leg's party heard: spoken text and played audio URLs, in order. */
    public List<String> heard() {
        return List.copyOf(heard);
    }
}
