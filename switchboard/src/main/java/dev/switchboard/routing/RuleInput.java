package dev.switchboard.routing;

import java.util.List;
import java.util.Map;
import java.util.UUID;

/** What the API and forms send for rules, menus and their targets; checked by {@link RoutingRules} and {@link IvrMenus}. */
public final class RuleInput {

    private RuleInput() {
    }

    /** A target as sent: {@code kind} is MEMBER, RULE, VOICEMAIL, EXTERNAL_NUMBER or HANGUP. */
    public record TargetInput(String kind, UUID memberId, UUID ruleId, String number, String message, UUID queueId) {

        public TargetInput(String kind, UUID memberId, UUID ruleId, String number, String message) {
            this(kind, memberId, ruleId, number, message, null);
        }
    }

    /** Conditions as sent: weekdays by name, times as HH:MM. */
    public record ConditionsInput(String callerPattern, Boolean knownCustomer, String customerTag, String dialledNumber,
            List<String> weekdays, String timeFrom, String timeTo) {
    }

    /** A rule as sent; {@code assignedMemberFirst} (null: false) only on round-robin and simultaneous rules. */
    public record Rule(String name, String type, Boolean enabled, Integer ringTimeoutSeconds, Boolean voicemailEnabled,
            Boolean recordingEnabled, List<UUID> memberIds, UUID ivrMenuId, UUID scheduleId, ConditionsInput conditions,
            TargetInput matchTarget, TargetInput openTarget, TargetInput closedTarget, TargetInput noAnswerTarget,
            Boolean assignedMemberFirst) {

        /** A rule that does not ring the caller's technician first. */
        public Rule(String name, String type, Boolean enabled, Integer ringTimeoutSeconds, Boolean voicemailEnabled,
                Boolean recordingEnabled, List<UUID> memberIds, UUID ivrMenuId, UUID scheduleId, ConditionsInput conditions,
                TargetInput matchTarget, TargetInput openTarget, TargetInput closedTarget, TargetInput noAnswerTarget) {
            this(name, type, enabled, ringTimeoutSeconds, voicemailEnabled, recordingEnabled, memberIds, ivrMenuId, scheduleId, conditions,
                    matchTarget, openTarget, closedTarget, noAnswerTarget, null);
        }
    }

    public record Menu(String name, String greetingText, String greetingVoice, String greetingLanguage,
            UUID greetingMediaId, Map<String, TargetInput> options, Boolean dialByExtension, String extensionPrefix, Integer timeoutSeconds,
            Integer maxRetries, String invalidPrompt, String timeoutPrompt, TargetInput invalidTarget,
            TargetInput timeoutTarget) {
    }
}
