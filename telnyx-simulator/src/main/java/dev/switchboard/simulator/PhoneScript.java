package dev.switchboard.simulator;

import java.time.Duration;

/** How a phone (a SIP address or a number) behaves when the simulator rings it. */
public sealed interface PhoneScript {

    /** Picks up after ringing for {@code after}. */
    record AnswerAfter(Duration after) implements PhoneScript {
    }

    /**
     * Picks up after ringing for {@code after}, then presses {@code digits} when asked, as a person does: once
     * the first gather's prompt has been heard (the way {@link Caller#pressWhenPrompted} answers). A phone
     * that picks up and never presses anything (a cell's own voicemail) is {@link AnswerAfter}.
     */
    record AnswerThenPress(Duration after, String digits) implements PhoneScript {
    }

    /** Declines the call at once (SIP 603, cause {@code call_rejected}). */
    record Reject() implements PhoneScript {
    }

    /** Already on the phone (SIP 486, cause {@code user_busy}). */
    record Busy() implements PhoneScript {
    }

    /** Rings until the dial times out. */
    record NeverAnswer() implements PhoneScript {
    }

    static PhoneScript answerAfter(Duration d) {
        return new AnswerAfter(d);
    }

    static PhoneScript answerThenPress(Duration d, String digits) {
        return new AnswerThenPress(d, digits);
    }
}
