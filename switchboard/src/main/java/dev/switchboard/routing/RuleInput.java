package dev.switchboard.routing;

import io.swagger.v3.oas.annotations.media.Schema;
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

        /** The target as sent to store it again (null for none). */
        public static TargetInput of(Target t) {
            return t == null ? null : new TargetInput(t.kind().name(), t.memberId(), t.ruleId(), t.number(), t.message(), t.queueId());
        }
    }

    /** Conditions as sent: weekdays by name, times as HH:MM. */
    public record ConditionsInput(String callerPattern, Boolean knownCustomer, String customerTag, String dialledNumber,
            List<String> weekdays, String timeFrom, String timeTo) {

        /** The conditions as sent to store them again (null for none); weekdays in week order, times as HH:MM. */
        public static ConditionsInput of(Conditions c) {
            return c == null ? null : new ConditionsInput(c.callerPattern(), c.knownCustomer(), c.customerTag(), c.dialledNumber(),
                    c.weekdays().stream().sorted().map(java.time.DayOfWeek::name).toList(), hhmm(c.timeFromMinute()),
                    hhmm(c.timeToMinute()));
        }

        private static String hhmm(Integer minute) {
            return minute == null ? null : String.format(java.util.Locale.ROOT, "%02d:%02d", minute / 60, minute % 60);
        }
    }

    /** A rule as sent; {@code assignedMemberFirst} (null: false) only on round-robin and simultaneous rules. */
    public record Rule(@Schema(requiredMode = Schema.RequiredMode.REQUIRED) String name,
            @Schema(requiredMode = Schema.RequiredMode.REQUIRED) String type, Boolean enabled, Integer ringTimeoutSeconds,
            Boolean voicemailEnabled,
            Boolean recordingEnabled, List<UUID> memberIds, UUID ivrMenuId, UUID scheduleId, ConditionsInput conditions,
            TargetInput matchTarget, TargetInput openTarget, TargetInput closedTarget, TargetInput noAnswerTarget,
            Boolean assignedMemberFirst) {

        /**
         * The API's fields that have no empty value: a null for one here would silently take its default (or be refused
         * as missing), so a patch that empties one is refused instead. {@code member_ids} is emptied with {@code []}.
         */
        public static final java.util.Set<String> NOT_NULLABLE = java.util.Set.of("name", "type", "enabled", "ring_timeout_seconds",
                "voicemail_enabled", "recording_enabled", "member_ids", "assigned_member_first");

        /** The rule as it is, as the input that would store it again. */
        public static Rule of(RoutingRule r) {
            return new Rule(r.name(), r.type().name(), r.enabled(), r.ringTimeoutSeconds(), r.voicemailEnabled(), r.recordingEnabled(),
                    r.memberIds(), r.ivrMenuId(), r.scheduleId(), ConditionsInput.of(r.conditions()), TargetInput.of(r.matchTarget()),
                    TargetInput.of(r.openTarget()), TargetInput.of(r.closedTarget()), TargetInput.of(r.noAnswerTarget()),
                    r.assignedMemberFirst());
        }

        /** A rule that does not ring the caller's technician first. */
        public Rule(String name, String type, Boolean enabled, Integer ringTimeoutSeconds, Boolean voicemailEnabled,
                Boolean recordingEnabled, List<UUID> memberIds, UUID ivrMenuId, UUID scheduleId, ConditionsInput conditions,
                TargetInput matchTarget, TargetInput openTarget, TargetInput closedTarget, TargetInput noAnswerTarget) {
            this(name, type, enabled, ringTimeoutSeconds, voicemailEnabled, recordingEnabled, memberIds, ivrMenuId, scheduleId, conditions,
                    matchTarget, openTarget, closedTarget, noAnswerTarget, null);
        }
    }

    public record Menu(@Schema(requiredMode = Schema.RequiredMode.REQUIRED) String name,
            @dev.switchboard.platform.Text.MultiLine String greetingText, String greetingVoice, String greetingLanguage,
            UUID greetingMediaId, Map<String, TargetInput> options, Boolean dialByExtension, String extensionPrefix, Integer timeoutSeconds,
            Integer maxRetries, String invalidPrompt, String timeoutPrompt, TargetInput invalidTarget,
            TargetInput timeoutTarget) {

        /**
         * The API's fields that have no empty value: a null for one here would silently take its default, so a patch
         * that empties one is refused instead. {@code options} may be emptied (no keys), and one key removed with null.
         */
        public static final java.util.Set<String> NOT_NULLABLE = java.util.Set.of("name", "dial_by_extension", "timeout_seconds",
                "max_retries", "invalid_prompt", "timeout_prompt");

        /** The menu as it is, as the input that would store it again (options in their stored order). */
        public static Menu of(IvrMenu m) {
            var options = new java.util.LinkedHashMap<String, TargetInput>();
            m.options().forEach((key, target) -> options.put(key, TargetInput.of(target)));
            return new Menu(m.name(), m.greetingText(), m.greetingVoice(), m.greetingLanguage(), m.greetingMediaId(), options,
                    m.dialByExtension(), m.extensionPrefix(), m.timeoutSeconds(), m.maxRetries(), m.invalidPrompt(), m.timeoutPrompt(),
                    TargetInput.of(m.invalidTarget()), TargetInput.of(m.timeoutTarget()));
        }
    }
}
