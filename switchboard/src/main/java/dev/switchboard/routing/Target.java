package dev.switchboard.routing;

import java.util.UUID;

/**
 * Where a call goes next.
 *
 * @param memberId for MEMBER, or the member whose mailbox for VOICEMAIL (null: the general mailbox)
 * @param ruleId for RULE
 * @param number E.164, for EXTERNAL_NUMBER
 * @param message spoken before hanging up, for HANGUP
 * @param queueId for QUEUE
 */
public record Target(Kind kind, UUID memberId, UUID ruleId, String number, String message, UUID queueId) {

    public enum Kind {
        MEMBER, RULE, VOICEMAIL, EXTERNAL_NUMBER, HANGUP, QUEUE,
        /** Voicemail access by phone: the caller enters their extension and PIN (for an IVR option). */
        MAILBOX
    }

    public Target(Kind kind, UUID memberId, UUID ruleId, String number, String message) {
        this(kind, memberId, ruleId, number, message, null);
    }

    public static Target queue(UUID queueId) {
        return new Target(Kind.QUEUE, null, null, null, null, queueId);
    }

    public static Target generalVoicemail() {
        return new Target(Kind.VOICEMAIL, null, null, null, null, null);
    }

    public String describe() {
        return switch (kind) {
            case MEMBER -> "member " + memberId;
            case RULE -> "rule " + ruleId;
            case VOICEMAIL -> memberId == null ? "the general voicemail" : "the voicemail of member " + memberId;
            case EXTERNAL_NUMBER -> "external number " + number;
            case HANGUP -> "hang up" + (message == null ? "" : " with a message");
            case QUEUE -> "queue " + queueId;
            case MAILBOX -> "voicemail access (extension and PIN)";
        };
    }
}
