package dev.switchboard.routing;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A routing rule: the seed's call_routing_rules. Which fields matter depends on {@link #type()}:
 * members for DIRECT, ROUND_ROBIN and SIMULTANEOUS; {@code ivrMenuId} for IVR; {@code scheduleId}
 * (null: the business hours) with open and closed targets for BUSINESS_HOURS; conditions and a match
 * target for CONDITIONAL. {@code noAnswerTarget} is where the call goes when nobody answers.
 * {@code roundRobinNext} is the persisted round-robin pointer: the position to start from next time.
 * {@code assignedMemberFirst} (ROUND_ROBIN and SIMULTANEOUS only): when the caller is a customer whose open job is
 * assigned to a member, ring that member alone first (whether or not they are among the rule's members), then the
 * rule's members without them.
 */
public record RoutingRule(UUID id, String name, RuleType type, int priority, boolean enabled, int ringTimeoutSeconds,
        boolean voicemailEnabled, boolean recordingEnabled, List<UUID> memberIds, UUID ivrMenuId, UUID scheduleId,
        Conditions conditions, Target matchTarget, Target openTarget, Target closedTarget, Target noAnswerTarget,
        int roundRobinNext, Instant createdAt, Instant updatedAt, boolean assignedMemberFirst) {

    /** A rule that does not ring the caller's technician first. */
    public RoutingRule(UUID id, String name, RuleType type, int priority, boolean enabled, int ringTimeoutSeconds,
            boolean voicemailEnabled, boolean recordingEnabled, List<UUID> memberIds, UUID ivrMenuId, UUID scheduleId,
            Conditions conditions, Target matchTarget, Target openTarget, Target closedTarget, Target noAnswerTarget,
            int roundRobinNext, Instant createdAt, Instant updatedAt) {
        this(id, name, type, priority, enabled, ringTimeoutSeconds, voicemailEnabled, recordingEnabled, memberIds, ivrMenuId,
                scheduleId, conditions, matchTarget, openTarget, closedTarget, noAnswerTarget, roundRobinNext, createdAt, updatedAt,
                false);
    }

    /**
     * The id of {@link #team}: the rule calls follow when no rule of the company applies. It is no row of the rules table
     * (never listed, ordered or edited); its round-robin pointer is kept with the phone settings.
     */
    public static final UUID TEAM_ID = new UUID(0, 1);

    /**
     * What the phone settings' default strategy does with a call no rule takes: ring the whole team (every member, by
     * extension, then name) at once or in turns, each for {@code ringSeconds} (the phone settings' ring time), then the
     * general voicemail. Last in the order, after every rule.
     */
    static RoutingRule team(RuleType strategy, List<dev.switchboard.directory.TeamMember> members, boolean record, int ringSeconds) {
        var ordered = members.stream().sorted(java.util.Comparator
                .comparing((dev.switchboard.directory.TeamMember m) -> m.phoneExtension() == null ? "\uffff" : m.phoneExtension().digits())
                .thenComparing(m -> m.name().toLowerCase(java.util.Locale.ROOT)).thenComparing(dev.switchboard.directory.TeamMember::id))
                .map(dev.switchboard.directory.TeamMember::id).toList();
        return new RoutingRule(TEAM_ID, "the team (default strategy)", strategy, Integer.MAX_VALUE, true, ringSeconds, true,
                record, ordered, null, null, null, null, null, null, Target.generalVoicemail(), 0, Instant.EPOCH, Instant.EPOCH);
    }

    /** Whether this is {@link #team}, the default strategy's rule. */
    public boolean isTeam() {
        return TEAM_ID.equals(id);
    }

    /** Every target this rule can send a call to. */
    public List<Target> targets() {
        return java.util.stream.Stream.of(matchTarget, openTarget, closedTarget, noAnswerTarget)
                .filter(java.util.Objects::nonNull).toList();
    }

    /** The same rule with its round-robin pointer at {@code next}. */
    public RoutingRule withRoundRobinNext(int next) {
        return new RoutingRule(id, name, type, priority, enabled, ringTimeoutSeconds, voicemailEnabled, recordingEnabled, memberIds,
                ivrMenuId, scheduleId, conditions, matchTarget, openTarget, closedTarget, noAnswerTarget, next, createdAt, updatedAt,
                assignedMemberFirst);
    }
}
