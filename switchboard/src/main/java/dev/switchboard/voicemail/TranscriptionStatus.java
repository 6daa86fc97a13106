package dev.switchboard.voicemail;

import java.time.Duration;
import java.time.Instant;

/**
 * What is said where a message's transcription would be while it has none (the inbox, its call's page). Decided when
 * shown, from the box's setting, what the carrier said and how long ago the message was recorded: a transcription that
 * never comes (the carrier's event lost, or never sent) reads as not available once {@link #WAIT} has passed, with no
 * job to mark it so. Telnyx transcribes a message within minutes; half an hour is well past any real one.
 */
public enum TranscriptionStatus {

    /** The box does not transcribe its messages. */
    NOT_ASKED("No transcription."),
    /** Asked for, not come yet, and the message is recent. */
    PENDING("Transcription pending: it usually comes within a few minutes."),
    /** The carrier transcribed the message and heard no words. */
    NO_WORDS("No transcription: no words were heard."),
    /** The carrier said it could not transcribe the message, or nothing came within {@link #WAIT}. */
    NOT_AVAILABLE("Transcription not available.");

    /** How long after the recording a transcription that has not come is given up as not available. */
    public static final Duration WAIT = Duration.ofMinutes(30);

    private final String words;

    TranscriptionStatus(String words) {
        this.words = words;
    }

    /** The sentence the pages show. */
    public String words() {
        return words;
    }

    /**
     * The status of a message recorded at {@code recordedAt} without a transcription, at {@code now}.
     *
     * @param asked whether its box transcribes messages
     * @param carrierSaid what the carrier reported of the transcription ({@link #NO_WORDS} or {@link #NOT_AVAILABLE}),
     *        null when nothing came
     */
    public static TranscriptionStatus of(boolean asked, TranscriptionStatus carrierSaid, Instant recordedAt, Instant now) {
        if (carrierSaid != null) {
            return carrierSaid;
        }
        if (!asked) {
            return NOT_ASKED;
        }
        return now.isBefore(recordedAt.plus(WAIT)) ? PENDING : NOT_AVAILABLE;
    }
}
