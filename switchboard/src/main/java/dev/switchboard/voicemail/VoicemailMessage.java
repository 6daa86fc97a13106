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
 * @param wasFor the name of the member it was left for, when that member was deleted and the message moved to the
 *        general mailbox (their name at the delete); null otherwise
 * @param deletedAt when it was moved to the Deleted folder (null: it is not there); it is purged for good, audio
 *        included, {@link #TRASH_DAYS} days after
 * @param deletedBy who moved it there (the user's login, "phone" for a member by phone); null when not deleted
 * @param deletedById the login that moved it there, when a signed-in user did (null by phone, or not deleted): pages
 *        name them by the login's name as it is now ({@link Voicemails#deletedByNames})
 */
public record VoicemailMessage(UUID id, UUID memberId, UUID callId, String fromNumber, Instant receivedAt,
        int durationSeconds, UUID mediaId, String carrierAudioUrl, String transcription, boolean heard, String audioError,
        Instant audioNextAttemptAt, UUID customerId, String customerName, String wasFor, Instant deletedAt, String deletedBy,
        UUID deletedById) {

    /**
     * How long a deleted message stays in the Deleted folder, where it can be restored, before the hourly retention job
     * purges it with its audio. 30 days as RingCentral's and Dialpad's deleted voicemail and most phones' visual
     * voicemail keep them: long enough to notice a mis-click after a holiday. A constant, not a box setting: "purged
     * on" must mean the same date whichever box a message was in.
     */
    public static final int TRASH_DAYS = 30;

    /** Whether it is in the Deleted folder. */
    public boolean deleted() {
        return deletedAt != null;
    }

    /** When it is purged for good (null: it is not in the Deleted folder). */
    public Instant purgeAt() {
        return deletedAt == null ? null : deletedAt.plus(java.time.Duration.ofDays(TRASH_DAYS));
    }

    /**
     * A message shorter than this (whole seconds, as {@link #durationSeconds} counts them) is very short: the caller hung
     * up on or just after the beep, and most such recordings hold a breath or a click. Other systems drop them:
     * FreeSWITCH below 3 s by default, Asterisk and FreePBX below {@code minsecs}, Avaya, Yeastar and AltiGen below
     * an administrator's 0 to 9 s, sipX below 1 s (and advises no more than 2 s, past which real messages are lost).
     * Here it is kept (nothing a caller left is ever lost) and marked so in the inbox, but its call counts as MISSED,
     * not VOICEMAIL, so the missed-call follow-ups (text-back) reach the caller. A constant, not a mailbox setting: the
     * call's outcome turns on it, and the company's outcomes should not depend on which box took the message.
     */
    public static final int VERY_SHORT_SECONDS = 2;

    /** Whether this message is shorter than {@link #VERY_SHORT_SECONDS}: its call counted as missed. */
    public boolean veryShort() {
        return isVeryShort(durationSeconds);
    }

    /** Whether a message of {@code seconds} is very short (see {@link #VERY_SHORT_SECONDS}). */
    public static boolean isVeryShort(int seconds) {
        return seconds < VERY_SHORT_SECONDS;
    }

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
