package dev.switchboard.voicemail;

import java.time.Instant;
import java.util.UUID;

/** A message a caller left, in a member's box or the general one ({@code memberId} null). */
public record VoicemailMessage(UUID id, UUID memberId, UUID callId, String fromNumber, Instant receivedAt,
        int durationSeconds, UUID mediaId, String carrierAudioUrl, String transcription, boolean heard) {

    /** Where the recording is. */
    public enum AudioStatus {
        /** Copied into media storage: it can be played. */
        STORED,
        /** Only at the carrier so far: being copied. */
        FETCHING,
        /** There is no recording. */
        NONE
    }

    public AudioStatus audioStatus() {
        return mediaId != null ? AudioStatus.STORED : carrierAudioUrl != null ? AudioStatus.FETCHING : AudioStatus.NONE;
    }
}
