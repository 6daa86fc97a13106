package dev.switchboard.calls;

import java.util.List;

/** How a call ended, for the call log. "Answered elsewhere" is ANSWERED, never MISSED. */
public enum Outcome {
    ANSWERED, MISSED, VOICEMAIL, ABANDONED, REJECTED, FAILED,
    /** A queue caller chose to be called back instead of waiting. */
    CALLBACK_REQUESTED,
    /**
     * A queue callback's offer the member did not take (no answer, declined, their voicemail, their phone failing): the
     * customer was never dialled, so this is no call with anyone, not abandoned nor missed. The call log leaves these out
     * unless asked for by this outcome; the queue entry's history has every offer (who, when), and the call out that
     * reaches the customer is logged as any call out.
     */
    OFFER_NOT_TAKEN;

    /**
     * The calls nobody answered, as a person counts what they missed: missed, abandoned (the caller hung up first) and
     * voicemail (the caller left a message). The home page's "missed calls today" counts these and links to the call log
     * filtered by them, and the log's filter offers them as one choice, "Not answered".
     */
    public static final List<Outcome> NOT_ANSWERED = List.of(MISSED, ABANDONED, VOICEMAIL);
}
