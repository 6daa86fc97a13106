package dev.switchboard.routing;

/**
 * What the phone settings do with a call in opening hours that no routing rule takes: ring the whole team (all at
 * once or in turns), then the general voicemail; or the general voicemail straight away.
 */
public enum DefaultStrategy {
    /** Ring every member at once; the first to answer wins. */
    SIMULTANEOUS,
    /** Ring the members one at a time, starting after whoever was offered the last such call. */
    ROUND_ROBIN,
    /** Ring nobody: the general voicemail (the hang-up message when voicemail is off). */
    VOICEMAIL;

    /** The values in words, for a message refusing another. */
    static final String ALLOWED = "must be SIMULTANEOUS, ROUND_ROBIN or VOICEMAIL";

    /** The rule type the team is rung with, or null when nobody is rung. */
    RuleType ringType() {
        return switch (this) {
            case SIMULTANEOUS -> RuleType.SIMULTANEOUS;
            case ROUND_ROBIN -> RuleType.ROUND_ROBIN;
            case VOICEMAIL -> null;
        };
    }
}
