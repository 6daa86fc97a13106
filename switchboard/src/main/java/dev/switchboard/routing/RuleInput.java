package dev.switchboard.routing;

import dev.switchboard.platform.JsonMergePatch;
import dev.switchboard.platform.JsonMergePatch.NotNullable;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** What the API and forms send for rules, menus and their targets; checked by {@link RoutingRules} and {@link IvrMenus}. */
public final class RuleInput {

    private RuleInput() {
    }

    /** A target as sent: {@code kind} is MEMBER, RULE, VOICEMAIL, EXTERNAL_NUMBER or HANGUP. */
    public record TargetInput(
            @Schema(description = "MEMBER, RULE, VOICEMAIL, EXTERNAL_NUMBER, HANGUP, QUEUE or MAILBOX (in any case). Required "
                    + "when the target is sent at all (send null, or leave the target out, for none)") String kind,
            @Schema(description = "Required when kind is MEMBER: the team member to ring. Optional when kind is VOICEMAIL: "
                    + "that member's box (left out: the general box). Not read for other kinds") UUID memberId,
            @Schema(description = "Required when kind is RULE: the routing rule to send calls to. Not read for other kinds") UUID ruleId,
            @Schema(description = "Required when kind is EXTERNAL_NUMBER: the outside number to send calls to, E.164 or "
                    + "national in the company's region (not premium-rate, not one of the company's own numbers). Not read "
                    + "for other kinds") String number,
            @Schema(description = "Optional when kind is HANGUP: what the caller hears before the hangup, at most 500 "
                    + "characters. Not read for other kinds") String message,
            @Schema(description = "Required when kind is QUEUE: the call queue to send calls to. Not read for other kinds") UUID queueId) {

        public TargetInput(String kind, UUID memberId, UUID ruleId, String number, String message) {
            this(kind, memberId, ruleId, number, message, null);
        }

        /** The target as sent to store it again (null for none). */
        public static TargetInput of(Target t) {
            return t == null ? null : new TargetInput(t.kind().name(), t.memberId(), t.ruleId(), t.number(), t.message(), t.queueId());
        }
    }

    /**
     * Conditions as sent: weekdays by name, times as HH:MM, or as minutes after midnight ({@code time_from_minute},
     * {@code time_to_minute}, as GET answers them, so a rule read can be sent back); a time given both ways must agree.
     */
    public record ConditionsInput(String callerPattern, Boolean knownCustomer, String customerTag, String dialledNumber,
            List<String> weekdays, String timeFrom, String timeTo,
            @Schema(description = "time_from as minutes after midnight (0 to 1439), as GET answers it; when time_from is "
                    + "sent too, both must say the same time") Integer timeFromMinute,
            @Schema(description = "time_to as minutes after midnight (0 to 1440: 1440 is midnight at the end of the day), as "
                    + "GET answers it; when time_to is sent too, both must say the same time") Integer timeToMinute) {

        /** Conditions with the window's times as HH:MM only. */
        public ConditionsInput(String callerPattern, Boolean knownCustomer, String customerTag, String dialledNumber,
                List<String> weekdays, String timeFrom, String timeTo) {
            this(callerPattern, knownCustomer, customerTag, dialledNumber, weekdays, timeFrom, timeTo, null, null);
        }

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
    // The fields GET answers besides these, so its body can be sent back: accepted and ignored (ApiRoundTripTest).
    @com.fasterxml.jackson.annotation.JsonIgnoreProperties({"id", "priority", "round_robin_next", "created_at", "updated_at", "team", "warnings"})
    public record Rule(@Schema(requiredMode = Schema.RequiredMode.REQUIRED) @NotNullable String name,
            @Schema(requiredMode = Schema.RequiredMode.REQUIRED,
                    description = "DIRECT, ROUND_ROBIN, SIMULTANEOUS, IVR, BUSINESS_HOURS or CONDITIONAL; which other fields "
                            + "are required depends on it (each says when)") @NotNullable String type,
            @NotNullable Boolean enabled, @NotNullable Integer ringTimeoutSeconds,
            @NotNullable Boolean voicemailEnabled,
            @NotNullable Boolean recordingEnabled,
            @io.swagger.v3.oas.annotations.media.ArraySchema(arraySchema = @Schema(description = "The members to ring, in order. "
                    + "Exactly one when type is DIRECT; any number for ROUND_ROBIN and SIMULTANEOUS (none rings nobody, with a "
                    + "warning); must be empty or left out for other types")) @NotNullable List<UUID> memberIds,
            @Schema(description = "Required when type is IVR: the IVR menu the rule plays. Not read for other types") UUID ivrMenuId,
            @Schema(description = "Optional when type is BUSINESS_HOURS: the named schedule the rule follows (left out: the "
                    + "company's business hours). Not read for other types") UUID scheduleId,
            @Schema(description = "Required when type is CONDITIONAL: at least one condition, all of which a call must meet "
                    + "to match. Sent with another type, it is checked for errors but not kept",
                    schemaResolution = Schema.SchemaResolution.ALL_OF_REF) ConditionsInput conditions,
            @Schema(description = "Required when type is CONDITIONAL: where a matching call goes. Not read for other types",
                    schemaResolution = Schema.SchemaResolution.ALL_OF_REF) TargetInput matchTarget,
            @Schema(description = "Required when type is BUSINESS_HOURS: where calls go while open. Not read for other types",
                    schemaResolution = Schema.SchemaResolution.ALL_OF_REF) TargetInput openTarget,
            @Schema(description = "Required when type is BUSINESS_HOURS: where calls go while closed. Not read for other types",
                    schemaResolution = Schema.SchemaResolution.ALL_OF_REF) TargetInput closedTarget,
            @Schema(description = "Optional, for any type: where a call nobody answered goes",
                    schemaResolution = Schema.SchemaResolution.ALL_OF_REF) TargetInput noAnswerTarget,
            @Schema(description = "Ring the caller's technician (the member a matching customer or job is assigned to) first. "
                    + "Only when type is ROUND_ROBIN or SIMULTANEOUS: true is refused for other types") @NotNullable Boolean assignedMemberFirst) {

        /**
         * The API's fields that have no empty value: a null for one here would silently take its default (or be refused
         * as missing), so a patch that empties one is refused instead. {@code member_ids} is emptied with {@code []}.
         */
        public static final java.util.Set<String> NOT_NULLABLE = JsonMergePatch.notNullable(Rule.class);

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

    // The fields GET answers besides these, so its body can be sent back: accepted and ignored (ApiRoundTripTest).
    @com.fasterxml.jackson.annotation.JsonIgnoreProperties({"id", "created_at", "updated_at", "warnings"})
    public record Menu(@Schema(requiredMode = Schema.RequiredMode.REQUIRED) @NotNullable String name,
            @Schema(description = "Required when greeting_media_id is left out: the greeting read to callers, listing the "
                    + "options, at most 2000 characters") @dev.switchboard.platform.Text.MultiLine String greetingText,
            String greetingVoice, String greetingLanguage,
            @Schema(description = "Required when greeting_text is left out: an uploaded prompt (POST /api/v1/media) played "
                    + "instead of the text") UUID greetingMediaId, Map<String, TargetInput> options, @NotNullable Boolean dialByExtension, String extensionPrefix, @NotNullable Integer timeoutSeconds,
            @NotNullable Integer maxRetries, @NotNullable String invalidPrompt, @NotNullable String timeoutPrompt, TargetInput invalidTarget,
            TargetInput timeoutTarget) {

        /**
         * The API's fields that have no empty value: a null for one here would silently take its default, so a patch
         * that empties one is refused instead. {@code options} may be emptied (no keys), and one key removed with null.
         */
        public static final java.util.Set<String> NOT_NULLABLE = JsonMergePatch.notNullable(Menu.class);

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
