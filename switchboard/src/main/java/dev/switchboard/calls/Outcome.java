package dev.switchboard.calls;

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
    OFFER_NOT_TAKEN
}
