package dev.switchboard.calls;

/** How a call ended, for the call log. "Answered elsewhere" is ANSWERED, never MISSED. */
public enum Outcome {
    ANSWERED, MISSED, VOICEMAIL, ABANDONED, REJECTED, FAILED,
    /** A queue caller chose to be called back instead of waiting. */
    CALLBACK_REQUESTED
}
