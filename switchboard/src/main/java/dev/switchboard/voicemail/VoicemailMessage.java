package dev.switchboard.voicemail;

import java.time.Instant;
import java.util.UUID;

/**
 * A message a caller left, in a member's box or the general one ({@code memberId} null).
 *
 * @param audioError why copying the recording from the carrier failed last (kept when it was given up)
 * @param audioNextAttemptAt when the copy is tried next; null once stored or given up
 * @param customerId the customer the call that left it is linked to, if any
 * @param customerName that customer's name, as it is now (null: no customer, or deleted since)
 */
public record VoicemailMessage(UUID id, UUID memberId, UUID callId, String fromNumber, Instant receivedAt,
        int durationSeconds, UUID mediaId, String carrierAudioUrl, String transcription, boolean heard, String audioError,
        Instant audioNextAttemptAt, UUID customerId, String customerName) {

    /** Where the recording is. */
    public enum AudioStatus {
        /** Copied into media storage: it can be played. */
        STORED,
        /** Only at the carrier so far: being copied. */
        FETCHING,
        /** Copying it from the carrier failed every time and was given up ({@link #audioError()} says why). */
        FAILED,
        /** There is no recording. */
        NONE
    }

    public AudioStatus audioStatus() {
        if (mediaId != null) {
            return AudioStatus.STORED;
        }
        if (carrierAudioUrl == null) {
            return AudioStatus.NONE;
        }
        return audioNextAttemptAt == null && audioError != null ? AudioStatus.FAILED : AudioStatus.FETCHING;
    }
}
