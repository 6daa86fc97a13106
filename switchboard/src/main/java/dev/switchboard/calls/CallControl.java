package dev.switchboard.calls;

/**
 * The port through which the engine drives calls; the carrier module implements it over Telnyx REST
 * (or the simulator). Commands carry an idempotency key: sending the same {@code commandId} again for
 * the same leg has no further effect, so a command may safely be retried.
 */
public interface CallControl {

    /** What came of a command. */
    sealed interface Result {
        /** Done (or already done: a duplicate command id). */
        record Ok() implements Result {
        }

        /** The leg had already ended; nothing to do, and nothing to retry. */
        record CallEnded() implements Result {
        }

        /** The carrier refused the command; retrying the same command will not help. */
        record Refused(String code, String detail) implements Result {
        }

        /** The carrier could not be reached or kept failing, after retries; the command may not have run. */
        record Unavailable(String detail) implements Result {
        }
    }

    Result send(String legId, CallCommand command, String commandId, String clientState);

    /**
     * Places a new outgoing leg ({@code POST /calls}); {@code linkTo} puts it in the same session as an
     * existing leg. Returns the new leg's id, or a failed result.
     */
    default DialResult dial(String from, String to, int timeoutSeconds, String linkTo, String commandId, String clientState) {
        return dial(from, to, timeoutSeconds, linkTo, commandId, clientState, false);
    }

    /**
     * As {@link #dial(String, String, int, String, String, String)}; with {@code detectMachine} the carrier also says,
     * once the leg answers, whether a person or an answering machine picked up ({@link CallSignal.MachineDetected}).
     */
    default DialResult dial(String from, String to, int timeoutSeconds, String linkTo, String commandId, String clientState, boolean detectMachine) {
        return dial(from, null, to, timeoutSeconds, linkTo, commandId, clientState, detectMachine);
    }

    /**
     * As {@link #dial(String, String, int, String, String, String, boolean)}; the phone rung shows {@code fromDisplayName}
     * (null: none, the number alone) as the caller's name, a SIP phone's display above {@code from}. It must be as the
     * carrier takes it (see {@link CallerDisplay}).
     */
    DialResult dial(String from, String fromDisplayName, String to, int timeoutSeconds, String linkTo, String commandId, String clientState,
            boolean detectMachine);

    /**
     * The new leg's id when {@code result} is Ok. {@code maybePlaced}: the dial failed in a way that does not say the
     * carrier did not place it (a timeout, a 500, 502 or 504 on every try: its reply may be what was lost), so its phone
     * may ring all the same; false when it surely was not (refused, a 503, never sent).
     */
    record DialResult(Result result, String legId, boolean maybePlaced) {

        public DialResult(Result result, String legId) {
            this(result, legId, false);
        }
    }

    /** Whether a leg is still up at the carrier's ({@code GET /calls/{id}}). */
    LegStatus status(String legId);

    /** A leg as the carrier knows it, and when it ended if it has and the carrier says (else null). */
    record LegStatus(State state, java.time.Instant endedAt) {
        /** Up, over (or unknown to the carrier), or not known now (the carrier could not be asked). */
        public enum State { ALIVE, ENDED, UNKNOWN }

        public static final LegStatus ALIVE = new LegStatus(State.ALIVE, null);
        public static final LegStatus UNKNOWN = new LegStatus(State.UNKNOWN, null);

        public static LegStatus ended(java.time.Instant at) {
            return new LegStatus(State.ENDED, at);
        }
    }
}
