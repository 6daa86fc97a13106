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
     * that picks up and never presses anything is {@link AnswerAfter} (a person) or {@link Machine} (a cell's own voicemail).
     */
    record AnswerThenPress(Duration after, String digits) implements PhoneScript {
    }

    /**
     * An answering machine (a cell's own voicemail) picks up after ringing for {@code after} and plays its greeting:
     * to the carrier's answering machine detection it is a {@code machine}, where a person ({@link AnswerAfter},
     * {@link AnswerThenPress}) is a {@code human}. It never presses anything.
     */
    record Machine(Duration after) implements PhoneScript {
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

    static PhoneScript machine(Duration d) {
        return new Machine(d);
    }

    static PhoneScript answerThenPress(Duration d, String digits) {
        return new AnswerThenPress(d, digits);
    }
}
