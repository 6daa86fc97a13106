package dev.switchboard.calls;

import java.time.Instant;

/**
 * Something the carrier reports about one call leg, in our words rather than Telnyx's. Every signal
 * names the leg ({@code legId}, the carrier's call control id), the session that groups linked legs,
 * the event's own id (for de-duplication) and when it happened; {@code clientState} is what we attached
 * to the leg, decoded, or null.
 */
public sealed interface CallSignal {

    String eventId();

    String legId();

    String sessionId();

    Instant occurredAt();

    String clientState();

    /** A new leg: an incoming call waiting to be answered, or an outgoing leg we dialled. */
    record Initiated(String eventId, String legId, String sessionId, Instant occurredAt, String clientState,
            boolean incoming, String from, String to, String callerName) implements CallSignal {
    }

    record Answered(String eventId, String legId, String sessionId, Instant occurredAt, String clientState)
            implements CallSignal {
    }

    /**
     * The leg ended: why ({@code reason}), which side ended it ({@code side}), and for the record the carrier's
     * own words for why ({@code carrierCause}, e.g. Telnyx's {@code normal_clearing}) and the SIP response code.
     */
    record Hangup(String eventId, String legId, String sessionId, Instant occurredAt, String clientState, Reason reason,
            Side side, String carrierCause, String sipCause) implements CallSignal {
    }

    /** Why a leg ended. */
    enum Reason {
        /** Hung up after it was answered. */
        NORMAL,
        /** The side that placed it gave up before it was answered. */
        CANCELLED,
        /** Nobody answered in time. */
        NO_ANSWER,
        BUSY,
        /** Declined. */
        REJECTED,
        /** The number or address does not exist. */
        NOT_FOUND,
        /** The carrier's limit on a call's length. */
        TIME_LIMIT,
        /** The carrier would not place it at all (our own: a refused dial). */
        DIAL_FAILED,
        OTHER;

        /** As a leg's record keeps it ({@code no_answer}), and back; anything else is OTHER. */
        public String stored() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        public static Reason fromStored(String stored) {
            for (var reason : values()) {
                if (reason.stored().equals(stored)) {
                    return reason;
                }
            }
            return OTHER;
        }
    }

    /** Which side of a leg ended it: the party called from (the caller, for an incoming leg), the party called, or not known. */
    enum Side { CALLER, CALLEE, UNKNOWN }

    /** Two legs were bridged. */
    record Bridged(String eventId, String legId, String sessionId, Instant occurredAt, String clientState, String from,
            String to) implements CallSignal {
    }

    /** Digits collected by a gather, and how it ended. */
    record DigitsGathered(String eventId, String legId, String sessionId, Instant occurredAt, String clientState,
            String digits, GatherEnd end) implements CallSignal {
    }

    /** How a gather ended. */
    enum GatherEnd {
        /** The caller keyed in an entry of the length asked for (or ended it with the terminating key). */
        VALID,
        /** What they keyed in is not an entry (too short, a key not accepted). */
        INVALID,
        /** Nothing keyed in before the timeout. */
        TIMEOUT,
        /** The caller hung up. */
        CALLER_GONE,
        /** Stopped, by a command or the carrier. */
        STOPPED,
        /** Could not run (a refused prompt). */
        FAILED
    }

    /** One key pressed outside a gather. */
    record DtmfReceived(String eventId, String legId, String sessionId, Instant occurredAt, String clientState,
            String digit) implements CallSignal {
    }

    /** Spoken text or played audio finished (or was stopped, or could not play). */
    record PromptEnded(String eventId, String legId, String sessionId, Instant occurredAt, String clientState,
            PromptEnd end) implements CallSignal {
    }

    /** How a prompt ended. */
    enum PromptEnd {
        /** Played to its end. */
        COMPLETED,
        /** Stopped, by a command or the carrier. */
        STOPPED,
        /** The caller hung up. */
        CALLER_GONE,
        /** Could not play (a file not found, a refused prompt). */
        FAILED
    }

    /**
     * A recording is ready at the carrier's (expiring) URLs. {@code startedAt} and {@code endedAt} say when it
     * ran (a leg may be recorded more than once: a recorded call, then its caller's voicemail message);
     * {@code recordingId} is the carrier's id of the recording when it gives one (not in Telnyx's schema for
     * this event, though its deliveries carry it), else null.
     */
    record RecordingSaved(String eventId, String legId, String sessionId, Instant occurredAt, String clientState,
            String mp3Url, String wavUrl, Instant startedAt, Instant endedAt, String recordingId) implements CallSignal {
    }

    /** A transcription of the call's audio. */
    record Transcribed(String eventId, String legId, String sessionId, Instant occurredAt, String clientState,
            String transcript, boolean isFinal) implements CallSignal {
    }

    /**
     * A recording made with transcription has been transcribed: usually after the call has ended, maybe
     * long after. {@code recordingId} is the carrier's id of the recording; {@code completed} whether the
     * transcription was (false: it failed, and its text is not one).
     */
    record RecordingTranscribed(String eventId, String legId, String sessionId, Instant occurredAt, String clientState,
            String recordingId, boolean completed, String text) implements CallSignal {
    }

    /**
     * The carrier could not make or keep a recording of the leg ({@code call.recording.error}): no saved event will
     * come for it. {@code reason} is the carrier's words, or null.
     */
    record RecordingFailed(String eventId, String legId, String sessionId, Instant occurredAt, String clientState,
            String reason) implements CallSignal {
    }

    /**
     * Answering machine detection on a leg that answered (asked for when it was dialled): who picked up. {@code to} is
     * the number the leg was dialled to (the event's common payload), or null: it names the phone in the call's trace
     * when the result comes before the leg's own webhooks recorded it.
     */
    record MachineDetected(String eventId, String legId, String sessionId, Instant occurredAt, String clientState, Answerer answerer,
            String to) implements CallSignal {
    }

    /** Who answered, as the carrier's detection judged: a person, an answering machine, or it could not tell. */
    enum Answerer {
        HUMAN, MACHINE, NOT_SURE;

        /** As a call's metadata keeps it ({@code machine}). */
        public String stored() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** An event we do not act on, kept for the journey log. */
    record Other(String eventId, String legId, String sessionId, Instant occurredAt, String clientState, String type)
            implements CallSignal {
    }
}
