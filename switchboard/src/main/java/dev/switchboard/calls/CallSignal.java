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
     * The leg ended. {@code cause} is the carrier's hangup cause ({@code normal_clearing},
     * {@code user_busy}, {@code timeout}, {@code call_rejected}...), {@code source} who hung up.
     */
    record Hangup(String eventId, String legId, String sessionId, Instant occurredAt, String clientState, String cause,
            String source, String sipCause) implements CallSignal {
    }

    /** Two legs were bridged. */
    record Bridged(String eventId, String legId, String sessionId, Instant occurredAt, String clientState, String from,
            String to) implements CallSignal {
    }

    /** Digits collected by a gather; {@code status} is valid, invalid, timeout, call_hangup or cancelled. */
    record DigitsGathered(String eventId, String legId, String sessionId, Instant occurredAt, String clientState,
            String digits, String status) implements CallSignal {
    }

    /** One key pressed outside a gather. */
    record DtmfReceived(String eventId, String legId, String sessionId, Instant occurredAt, String clientState,
            String digit) implements CallSignal {
    }

    /** Spoken text or played audio finished (or was stopped). */
    record PromptEnded(String eventId, String legId, String sessionId, Instant occurredAt, String clientState,
            String status) implements CallSignal {
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
     * long after. {@code recordingId} is the carrier's id of the recording, {@code status} the
     * transcription's ({@code completed}).
     */
    record RecordingTranscribed(String eventId, String legId, String sessionId, Instant occurredAt, String clientState,
            String recordingId, String status, String text) implements CallSignal {
    }

    /** An event we do not act on, kept for the journey log. */
    record Other(String eventId, String legId, String sessionId, Instant occurredAt, String clientState, String type)
            implements CallSignal {
    }
}
